/* A dialog on SMS or EPOST is delivered by the notice senders (dialog.md
 * 2.4.3): the SMS to the citizen's mobile through the gateway, the e-mail
 * (subject tittel, plain-text body tekst) through a real SMTP server, and
 * the dialog's levering becomes SENDT, or FEILET with the gateway's code. */
#include "check.h"
#include "dialog_bb.h"
#include "fakes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct fake_http *sms;
static struct fake_smtp smtp;

static void setup(void)
{
    sms = fake_http_start();
    static char sms_url[96], workdir[PATH_MAX];
    snprintf(sms_url, sizeof sms_url, "%s/sms", fake_http_url(sms));
    /* the SMTP server's Maildir lives beside the test, the server's work dir
     * is made by dlg_bb_start */
    snprintf(workdir, sizeof workdir, "/tmp/budstikke-dialog-smtpXXXXXX");
    CHECK(mkdtemp(workdir) != NULL);
    CHECK_EQ_INT(fake_smtp_start(&smtp, workdir), 0);
    const char *extra[] = {"--sms-url", sms_url, "--smtp-url", smtp.url, "--smtp-from",
                           "ikke-svar@budstikke.test", "--notice-max-attempts", "1", NULL};
    CHECK_EQ_INT(dlg_bb_start(extra), 0);
}

/* The dialog's levering.status once the senders are done: the dev clock
 * endpoint answers when nothing is due any more. */
static const char *delivery_of(const char *id)
{
    static char out[32];
    CHECK_EQ_INT(bb_clock_advance(&dlg_srv, "PT0S"), 0);
    struct dlg_reply r;
    dlg_get_dialog(T_STAR, id, &r);
    const char *s = dlg_get_str(&r, "levering.status");
    snprintf(out, sizeof out, "%s", s ? s : "");
    dlg_reply_free(&r);
    return out;
}

static void sms_dialog_reaches_the_gateway_once(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_STAR, dlg_body(B1, "SMS", "Husk møtet i morgen"), id), 201);
    CHECK_EQ_STR(delivery_of(id), "SENDT");
    CHECK_EQ_INT(fake_http_seen(sms, "\"to\":\"+4511111111\""), 1); /* a Danish number kept as it is */
    CHECK_EQ_INT(fake_http_seen(sms, "\"text\":\"Husk møtet i morgen\""), 1);
}

static void epost_dialog_is_a_plain_text_mail(void)
{
    char id[37];
    CHECK_EQ_INT(dlg_create(T_STAR, dlg_body(B2, "EPOST", "Se din indbakke"), id), 201);
    CHECK_EQ_STR(delivery_of(id), "SENDT");
    CHECK_EQ_INT(fake_smtp_count(&smtp), 1);
    char *mail = fake_smtp_all(&smtp);
    CHECK_CONTAINS(mail, "To: <b2@example.test>");
    CHECK_CONTAINS(mail, "Subject: =?UTF-8?B?RW4gYmVza2Vk?="); /* "En besked" */
    CHECK_CONTAINS(mail, "Content-Type: text/plain; charset=utf-8");
    CHECK_CONTAINS(mail, "U2UgZGluIGluZGJha2tl"); /* "Se din indbakke" */
    free(mail);
}

static void a_rejected_sms_leaves_the_dialog_feilet(void)
{
    char id[37];
    fake_http_fail_next(sms, 1, 422);
    CHECK_EQ_INT(dlg_create(T_STAR, dlg_body(B3, "SMS", "Afvist"), id), 201);
    CHECK_EQ_STR(delivery_of(id), "FEILET");
    struct dlg_reply r;
    dlg_get_dialog(T_STAR, id, &r);
    CHECK_EQ_STR(dlg_get_str(&r, "levering.arsak"), "422");
    dlg_reply_free(&r);
    /* no contact details: the dialog API fails it itself, nothing is sent */
    int before = fake_http_requests(sms);
    CHECK_EQ_INT(dlg_create(T_STAR, dlg_body(B4, "SMS", "Ingen mobil"), id), 201);
    CHECK_EQ_STR(delivery_of(id), "FEILET");
    CHECK_EQ_INT(fake_http_requests(sms), before);
}

static void teardown(void)
{
    dlg_bb_stop();
    fake_smtp_stop(&smtp);
    fake_http_stop(sms);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"sms_dialog_reaches_the_gateway_once", sms_dialog_reaches_the_gateway_once},
    {"epost_dialog_is_a_plain_text_mail", epost_dialog_is_a_plain_text_mail},
    {"a_rejected_sms_leaves_the_dialog_feilet", a_rejected_sms_leaves_the_dialog_feilet},
    {"teardown", teardown},
};

CHECK_MAIN("dialog_notices", cases)
