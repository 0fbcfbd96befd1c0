#include "fakes.h"

#include "blackbox.h"

#include "base/alloc.h"
#include "base/buf.h"
#include "http/server.h"
#include "obs/log.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <dirent.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

static unsigned free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    bind(fd, (struct sockaddr *)&a, sizeof a);
    getsockname(fd, (struct sockaddr *)&a, &len);
    close(fd);
    return ntohs(a.sin_port);
}

static bool accepts(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bool ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    close(fd);
    return ok;
}

int fake_smtp_start(struct fake_smtp *s, const char *workdir)
{
    snprintf(s->maildir, sizeof s->maildir, "%s/maildir", workdir);
    const char *sub[] = {"", "/tmp", "/new", "/cur"};
    for (int i = 0; i < 4; i++) {
        char path[PATH_MAX + 8];
        snprintf(path, sizeof path, "%s%s", s->maildir, sub[i]);
        mkdir(path, 0755);
    }
    s->port = free_port();
    snprintf(s->url, sizeof s->url, "smtp://127.0.0.1:%u", s->port);
    char listen[32];
    snprintf(listen, sizeof listen, "127.0.0.1:%u", s->port);
    s->pid = fork();
    if (s->pid == 0) {
        char log[PATH_MAX + 16];
        snprintf(log, sizeof log, "%s/smtp.log", workdir);
        FILE *f = freopen(log, "w", stderr);
        (void)f;
        execl("/usr/bin/python3", "python3", "-m", "aiosmtpd", "-n", "-l", listen, "-c",
              "aiosmtpd.handlers.Mailbox", s->maildir, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 200; i++) { /* 10 s */
        if (accepts(s->port))
            return 0;
        if (waitpid(s->pid, NULL, WNOHANG) == s->pid)
            return -1;
        sleep_ms(50);
    }
    return -1;
}

int fake_smtp_count(const struct fake_smtp *s)
{
    char path[PATH_MAX + 8];
    snprintf(path, sizeof path, "%s/new", s->maildir);
    DIR *d = opendir(path);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

char *fake_smtp_all(const struct fake_smtp *s)
{
    char path[PATH_MAX + 8];
    snprintf(path, sizeof path, "%s/new", s->maildir);
    struct nt_buf out;
    nt_buf_init(&out, 0);
    DIR *d = opendir(path);
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        char file[PATH_MAX * 2];
        snprintf(file, sizeof file, "%s/%s", path, e->d_name);
        FILE *f = fopen(file, "r");
        char chunk[4096];
        size_t n;
        while (f && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
            nt_buf_append(&out, chunk, n);
        if (f)
            fclose(f);
        nt_buf_puts(&out, "\n----\n");
    }
    if (d)
        closedir(d);
    return nt_buf_steal(&out, NULL);
}

void fake_smtp_stop(struct fake_smtp *s)
{
    if (s->pid <= 0)
        return;
    kill(s->pid, SIGTERM);
    for (int i = 0; i < 100 && waitpid(s->pid, NULL, WNOHANG) != s->pid; i++)
        sleep_ms(50);
    kill(s->pid, SIGKILL);
    waitpid(s->pid, NULL, WNOHANG);
    s->pid = 0;
}

struct fake_http {
    struct http_server *srv;
    char url[64];
    pthread_mutex_t mu;
    int fail_count, fail_status;
    int requests, accepted;
    struct nt_buf log;
    char get_answer[1024];
};

static enum http_handled record(struct http_request *req, void *userdata)
{
    struct fake_http *f = userdata;
    size_t len = 0;
    const char *body = http_body(req, &len);
    pthread_mutex_lock(&f->mu);
    int n = ++f->requests;
    if (strcmp(http_method(req), "GET") == 0) {
        nt_buf_printf(&f->log, "GET %s\n", http_path(req));
        char answer[sizeof f->get_answer];
        snprintf(answer, sizeof answer, "%s", f->get_answer);
        pthread_mutex_unlock(&f->mu);
        http_respond(req, 200, "application/json", answer, strlen(answer));
        return HTTP_ANSWERED;
    }
    int status = 201;
    if (f->fail_count > 0) {
        f->fail_count--;
        status = f->fail_status;
    } else {
        f->accepted++;
    }
    nt_buf_printf(&f->log, "%s %s %.*s\n", http_method(req), http_path(req), (int)len,
                  body ? body : "");
    pthread_mutex_unlock(&f->mu);
    char answer[160];
    snprintf(answer, sizeof answer,
             status < 300 ? "{\"notificationOrderId\":\"order-%d\",\"notification\":{\"shipmentId\":"
                            "\"shipment-%d\"}}"
                          : "{\"error\":\"unavailable %d/%d\"}",
             n, n);
    http_respond(req, status, "application/json", answer, strlen(answer));
    return HTTP_ANSWERED;
}

struct fake_http *fake_http_start(void)
{
    obs_log_set_level(OBS_WARN); /* the fake's access log would drown the test's output */
    struct fake_http *f = nt_calloc(1, sizeof(*f));
    pthread_mutex_init(&f->mu, NULL);
    nt_buf_init(&f->log, 0);
    snprintf(f->get_answer, sizeof f->get_answer, "{\"status\":\"Completed\",\"recipients\":[]}");
    struct http_limits limits = HTTP_DEFAULT_LIMITS;
    limits.threads = 2;
    char *err = NULL;
    f->srv = http_server_new("127.0.0.1", 0, &limits, &err);
    if (!f->srv) {
        fprintf(stderr, "# fake http: %s\n", err);
        free(err);
        free(f);
        return NULL;
    }
    http_route_add(f->srv, NULL, "/*", record, f);
    if (http_server_start(f->srv, &err) != 0) {
        fprintf(stderr, "# fake http: %s\n", err);
        free(err);
    }
    snprintf(f->url, sizeof f->url, "http://127.0.0.1:%u", http_server_port(f->srv));
    return f;
}

const char *fake_http_url(const struct fake_http *f)
{
    return f->url;
}

void fake_http_fail_next(struct fake_http *f, int count, int status)
{
    pthread_mutex_lock(&f->mu);
    f->fail_count = count;
    f->fail_status = status;
    pthread_mutex_unlock(&f->mu);
}

void fake_http_answer_get(struct fake_http *f, const char *json)
{
    pthread_mutex_lock(&f->mu);
    snprintf(f->get_answer, sizeof f->get_answer, "%s", json);
    pthread_mutex_unlock(&f->mu);
}

int fake_http_requests(struct fake_http *f)
{
    pthread_mutex_lock(&f->mu);
    int n = f->requests;
    pthread_mutex_unlock(&f->mu);
    return n;
}

int fake_http_accepted(struct fake_http *f)
{
    pthread_mutex_lock(&f->mu);
    int n = f->accepted;
    pthread_mutex_unlock(&f->mu);
    return n;
}

int fake_http_seen(struct fake_http *f, const char *needle)
{
    char *log = fake_http_log(f);
    int n = bb_count(log, needle);
    free(log);
    return n;
}

char *fake_http_log(struct fake_http *f)
{
    pthread_mutex_lock(&f->mu);
    char *copy = nt_strdup(nt_buf_str(&f->log));
    pthread_mutex_unlock(&f->mu);
    return copy;
}

void fake_http_stop(struct fake_http *f)
{
    if (!f)
        return;
    http_server_stop(f->srv, 1);
    nt_buf_free(&f->log);
    pthread_mutex_destroy(&f->mu);
    free(f);
}

/* ---- Driving the service through time ---- */

static int clock_post(const struct bb_server *s, const char *field, const char *value)
{
    json_t *in = json_pack("{s:s,s:b}", field, value, "settle", 1);
    char *body = json_dumps(in, JSON_COMPACT);
    json_decref(in);
    struct bb_reply *r = nt_calloc(1, sizeof(*r));
    bb_request(s, "POST", "/internal/dev/clock", body, strlen(body), NULL, r);
    int rc = r->status == 200 && strstr(r->body, "\"settled\":true") ? 0 : -1;
    if (rc != 0)
        fprintf(stderr, "# clock %s %s: %ld %s\n", field, value, r->status, r->body);
    free(body);
    free(r);
    return rc;
}

int bb_clock_set(const struct bb_server *s, const char *instant)
{
    return clock_post(s, "set", instant);
}

int bb_clock_advance(const struct bb_server *s, const char *duration)
{
    return clock_post(s, "advance", duration);
}

void bb_gql_doc(const struct bb_server *s, const char *auth, const char *doc, struct bb_reply *r)
{
    json_t *in = json_pack("{s:s}", "query", doc);
    char *body = json_dumps(in, JSON_COMPACT);
    json_decref(in);
    bb_request(s, "POST", "/api/producer/graphql", body, strlen(body), auth, r);
    free(body);
}

const char *bb_notice_status(const struct bb_server *s, const char *auth, const char *id)
{
    static char out[32];
    char doc[512];
    snprintf(doc, sizeof doc,
             "{ hentNotifikasjon(id: \"%s\") { ... on HentetNotifikasjon { notifikasjon { ... on "
             "Beskjed { eksterneVarsler { status } } ... on Oppgave { eksterneVarsler { status } } "
             "... on Kalenderavtale { eksterneVarsler { status } } } } } }",
             id);
    struct bb_reply *r = nt_calloc(1, sizeof(*r));
    bb_gql_doc(s, auth, doc, r);
    bb_json_at(r->body, "data.hentNotifikasjon.notifikasjon.eksterneVarsler.0.status", out,
               sizeof out);
    free(r);
    return out;
}

void bb_first_id(const struct bb_reply *r, char out[64])
{
    const char *id = strstr(r->body, "\"id\":\"");
    snprintf(out, 64, "%.36s", id ? id + 6 : "");
}

int bb_count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; p && (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}
