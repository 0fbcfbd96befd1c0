/* The demo portal (Min side) and the bell, as embedded files from web/:
 * GET / (front page: login, bell, case overview), GET /sak (case page),
 * GET /meldinger (a citizen's messages) and GET /meldinger/dialog (one
 * message), GET /tjeneste (a stand-in for the producers' own services),
 * GET /bell.js (the <budstikke-bell> module) and the files below /bell/
 * and /portal/. The pages talk to the user API and the dialog API's
 * citizen side only. */
#ifndef WEB_WEB_H
#define WEB_WEB_H
#include "http/server.h"

void web_routes(struct http_server *srv);

#endif
