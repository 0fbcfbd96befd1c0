#include "notify/control.h"

#include "notify/sender.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

bool notify_paused(struct store_tx *tx)
{
    struct store_stmt *st =
        store_prepare(tx, "SELECT value FROM notify_control WHERE name = 'paused'");
    return store_step(st) == STORE_ROW && strcmp(store_column_text(st, 0), "true") == 0;
}

static int write_paused(struct store_tx *tx, void *arg)
{
    struct store_stmt *st = store_prepare(
        tx, "INSERT INTO notify_control (name, value) VALUES ('paused', ?) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
    store_bind_text(st, 1, *(bool *)arg ? "true" : "false");
    return store_step(st) == STORE_DONE ? 0 : -1;
}

int notify_set_paused(struct store *store, bool paused)
{
    int rc = store_write(store, write_paused, &paused);
    notify_sender_kick();
    return rc;
}

static int read_paused(struct store_tx *tx, void *arg)
{
    *(bool *)arg = notify_paused(tx);
    return 0;
}

static void answer(struct http_request *req, struct store *store)
{
    bool paused = false;
    if (store_read(store, read_paused, &paused) != 0) {
        http_respond_error(req, 503, "the database does not answer");
        return;
    }
    const char *body = paused ? "{\"paused\":true}" : "{\"paused\":false}";
    http_respond(req, 200, "application/json", body, strlen(body));
}

static enum http_handled get_brake(struct http_request *req, void *userdata)
{
    answer(req, userdata);
    return HTTP_ANSWERED;
}

static enum http_handled update_brake(struct http_request *req, void *userdata)
{
    size_t len;
    const char *body = http_body(req, &len);
    json_t *in = json_loadb(body ? body : "", len, JSON_REJECT_DUPLICATES, NULL);
    json_t *state = json_object_get(in, "newState");
    if (!json_is_boolean(state)) {
        json_decref(in);
        http_respond_error(req, 400, "body must be {\"newState\": true|false}");
        return HTTP_ANSWERED;
    }
    bool paused = json_is_true(state);
    json_decref(in);
    if (notify_set_paused(userdata, paused) != 0) {
        http_respond_error(req, 503, "the switch could not be stored");
        return HTTP_ANSWERED;
    }
    answer(req, userdata);
    return HTTP_ANSWERED;
}

void notify_control_route(struct http_server *srv, struct store *store)
{
    http_route_add(srv, "GET", "/internal/emergency_brake", get_brake, store);
    http_route_add(srv, "POST", "/internal/update_emergency_brake", update_brake, store);
}
