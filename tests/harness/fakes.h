/* Stand-ins for the services external notices go to, for black-box tests:
 * a real SMTP server (aiosmtpd from Debian, storing into a Maildir) and an
 * in-process HTTP receiver (libmicrohttpd) that records every request and
 * can be told to fail the next ones. Every wait is bounded. */
#ifndef FAKES_H
#define FAKES_H
#include <limits.h>
#include <sys/types.h>

struct fake_smtp {
    pid_t pid;
    unsigned port;
    char maildir[PATH_MAX];
    char url[64]; /* smtp://127.0.0.1:PORT */
};

/* Starts aiosmtpd on a free loopback port; 0 once it accepts connections. */
int fake_smtp_start(struct fake_smtp *s, const char *workdir);
/* Messages received so far. */
int fake_smtp_count(const struct fake_smtp *s);
/* The concatenated text of every message received (malloc'ed). */
char *fake_smtp_all(const struct fake_smtp *s);
void fake_smtp_stop(struct fake_smtp *s);

struct fake_http;

/* Listens on a free loopback port; answers a POST with 201 and an Altinn
 * order receipt ({"notificationOrderId", "notification": {"shipmentId"}}). */
struct fake_http *fake_http_start(void);
/* http://127.0.0.1:PORT */
const char *fake_http_url(const struct fake_http *f);
/* The next count requests are answered with status instead. */
void fake_http_fail_next(struct fake_http *f, int count, int status);
/* Every GET is answered 200 with this JSON (an Altinn shipment; default
 * {"status":"Completed","recipients":[]}). The text is copied. */
void fake_http_answer_get(struct fake_http *f, const char *json);
/* Requests received (failed ones included) and those answered 2xx. */
int fake_http_requests(struct fake_http *f);
int fake_http_accepted(struct fake_http *f);
/* Occurrences of needle in the log below. */
int fake_http_seen(struct fake_http *f, const char *needle);
/* Path + " " + body of every request, one per line (malloc'ed). */
char *fake_http_log(struct fake_http *f);
void fake_http_stop(struct fake_http *f);

/* ---- Driving the service through time (serve --dev) ---- */
struct bb_server;
struct bb_reply;
/* POST /internal/dev/clock {"set": instant, "settle": true}; 0 when the
 * scheduler and the senders settled. */
int bb_clock_set(const struct bb_server *s, const char *instant);
/* The same with {"advance": ISO 8601 duration}. */
int bb_clock_advance(const struct bb_server *s, const char *duration);
/* POSTs a GraphQL document (no variables) to the producer API. */
void bb_gql_doc(const struct bb_server *s, const char *auth, const char *doc, struct bb_reply *r);
/* The status of the first external notice of notification id, as the
 * producer API shows it (NY, SENDT, FEILET, KANSELLERT; "" when none).
 * Returns a static buffer. */
const char *bb_notice_status(const struct bb_server *s, const char *auth, const char *id);
/* The first "id":"..." of the answer into out (36 chars), or "". */
void bb_first_id(const struct bb_reply *r, char out[64]);
/* Occurrences of needle in hay. */
int bb_count(const char *hay, const char *needle);

#endif
