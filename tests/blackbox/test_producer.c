/* The producer API over HTTP against the real binary and a real SQLite file:
 * nyBeskjed with the guide's example (seed 001), every error member it can
 * give, idempotency, and durability across a restart. */
#include "blackbox.h"
#include "check.h"

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct bb_server srv;
static char auth[4200], auth_unknown[4200];

static void setup(void)
{
    bb_setup();
    bb_producer_setup(
        "{\"producers\":[{\"id\":\"dev:tiltak\",\"merkelapper\":[\"EtSakssystem\",\"tiltak\",\"Pensjon\"],"
        "\"mottakere\":[{\"altinn\":{\"serviceCode\":\"1234\",\"serviceEdition\":\"1\"}},"
        "{\"altinn\":{\"serviceCode\":\"4321\",\"serviceEdition\":\"1\"}},"
        "{\"altinn\":{\"serviceCode\":\"4936\",\"serviceEdition\":\"1\"}},{\"naermesteLeder\":{}}]}]}");
    CHECK_EQ_INT(bb_mint_token("producer", "dev:tiltak", auth, sizeof auth), 0);
    CHECK_EQ_INT(bb_mint_token("producer", "dev:ukjent", auth_unknown, sizeof auth_unknown), 0);
    CHECK_EQ_INT(bb_start_producer_server(&srv), 0);
}

/* The guide's example, verbatim, with its variables; %s replaces the text. */
static void beskjed(const char *tekst, const char *merkelapp, const char *service_code,
                    const char *token_header, struct bb_reply *r)
{
    char body[4096];
    snprintf(body, sizeof body,
             "{\"query\":\"mutation OpprettNyBeskjed($eksternId: String! $virksomhetsnummer: "
             "String! $lenke: String!) { nyBeskjed(nyBeskjed: { metadata: { eksternId: $eksternId "
             "virksomhetsnummer: $virksomhetsnummer } mottakere: [{ altinn: { serviceCode: "
             "\\\"%s\\\" serviceEdition: \\\"1\\\" } }] notifikasjon: { merkelapp: \\\"%s\\\" "
             "tekst: \\\"%s\\\" lenke: $lenke } }) { __typename ... on NyBeskjedVellykket { id } "
             "... on DuplikatEksternIdOgMerkelapp { idTilEksisterende } ... on Error { "
             "feilmelding } } }\",\"variables\":{\"eksternId\":\"1234-oppdatering\","
             "\"virksomhetsnummer\":\"012345678\",\"lenke\":\"https://dev.nav.no/sakssystem/"
             "?sak=1234\"}}",
             service_code, merkelapp, tekst);
    bb_request(&srv, "POST", "/api/producer/graphql", body, strlen(body), token_header, r);
}

static char first_id[64];

static void guide_example_creates_a_beskjed(void)
{
    struct bb_reply r;
    beskjed("Du har fått svar på din søknad", "EtSakssystem", "1234", auth, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK_CONTAINS(r.body, "{\"data\":{\"nyBeskjed\":{\"__typename\":\"NyBeskjedVellykket\",\"id\":\"");
    const char *id = strstr(r.body, "\"id\":\"");
    if (id)
        snprintf(first_id, sizeof first_id, "%.36s", id + 6);
    CHECK_EQ_INT(strlen(first_id), 36);
}

static void identical_retry_returns_the_same_id(void)
{
    struct bb_reply r;
    beskjed("Du har fått svar på din søknad", "EtSakssystem", "1234", auth, &r);
    CHECK_CONTAINS(r.body, first_id);
    CHECK_CONTAINS(r.body, "NyBeskjedVellykket");
}

static void different_content_is_a_duplicate(void)
{
    struct bb_reply r;
    beskjed("En annen tekst", "EtSakssystem", "1234", auth, &r);
    char want[400];
    snprintf(want, sizeof want,
             "{\"__typename\":\"DuplikatEksternIdOgMerkelapp\",\"idTilEksisterende\":\"%s\","
             "\"feilmelding\":\"notifikasjon med angitt eksternId og merkelapp finnes fra før\"}",
             first_id);
    CHECK_CONTAINS(r.body, want);
}

static void error_members_in_the_reference_order(void)
{
    struct bb_reply r;
    beskjed("Hei", "EtSakssystem", "1234", auth_unknown, &r);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UkjentProdusent\",\"feilmelding\":\"Finner ikke "
                           "produsent med id dev:ukjent\"}");
    /* the recipient is checked before the merkelapp */
    beskjed("Hei", "Annet", "9999", auth, &r);
    CHECK_CONTAINS(r.body, "\"__typename\":\"UgyldigMottaker\"");
    CHECK_CONTAINS(r.body, "Ugyldig mottaker 'AltinnMottaker(serviceCode=9999, serviceEdition=1, "
                           "virksomhetsnummer=012345678)'");
    beskjed("Hei", "Annet", "1234", auth, &r);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigMerkelapp\",\"feilmelding\":\" Ugyldig "
                           "merkelapp 'Annet'.\\n Gyldige merkelapper er: [EtSakssystem, tiltak, Pensjon]\"}");
}

static void invalid_input_is_a_graphql_error(void)
{
    struct bb_reply r;
    beskjed("Kontakt 16120101181", "EtSakssystem", "1234", auth, &r);
    CHECK_CONTAINS(r.body, "{\"errors\":[{\"message\":\"Exception while fetching data (/nyBeskjed) "
                           ": notifikasjon.tekst: verdien inneholder uønsket data: personnummer (11 "
                           "siffer)\"");
    CHECK_CONTAINS(r.body, "\"path\":[\"nyBeskjed\"]}],\"data\":null}");
    char *long_text = malloc(400);
    memset(long_text, 'x', 301);
    long_text[301] = '\0';
    beskjed(long_text, "EtSakssystem", "1234", auth, &r);
    CHECK_CONTAINS(r.body, "notifikasjon.tekst: verdien overstiger maks antall tegn, antall=301, "
                           "maks=300.");
    free(long_text);
}

static void load_script_shape_with_input_variables(void)
{
    const char *body =
        "{\"query\":\"mutation NyBeskjed($nyBeskjed: NyBeskjedInput!) { nyBeskjed(nyBeskjed: "
        "$nyBeskjed) { __typename ... on NyBeskjedVellykket { id eksterneVarsler { id } } } }\","
        "\"variables\":{\"nyBeskjed\":{\"metadata\":{\"eksternId\":\"load-1\",\"virksomhetsnummer\":"
        "\"910825526\",\"grupperingsid\":\"sak-1\"},\"mottakere\":[{\"altinn\":{\"serviceCode\":"
        "\"4936\",\"serviceEdition\":\"1\"}}],\"notifikasjon\":{\"merkelapp\":\"tiltak\",\"tekst\":"
        "\"Du har en ny beskjed\",\"lenke\":\"https://tiltak.example/beskjed/1\"},\"eksterneVarsler\":"
        "[{\"sms\":{\"mottaker\":{\"kontaktinfo\":{\"tlf\":\"+4799999999\"}},\"smsTekst\":\"Hei\","
        "\"sendetidspunkt\":{\"sendevindu\":\"NKS_AAPNINGSTID\"}}}]}}}";
    struct bb_reply r;
    bb_request(&srv, "POST", "/api/producer/graphql", body, strlen(body), auth, &r);
    CHECK_CONTAINS(r.body, "\"__typename\":\"NyBeskjedVellykket\"");
    CHECK_CONTAINS(r.body, "\"eksterneVarsler\":[{\"id\":\"");
    const char *bad_phone = strstr(body, "+4799999999");
    char *copy = strdup(body);
    memcpy(copy + (bad_phone - body), "+4742000000", 11);
    bb_request(&srv, "POST", "/api/producer/graphql", copy, strlen(copy), auth, &r);
    CHECK_CONTAINS(r.body, "Kontaktinfo.tlf: verdien er ikke et gyldig norsk mobilnummer. "
                           "Nummerserien 4200xxxx er blokkert. (se: NKOM E164).");
    free(copy);
}

/* The guide's nyOppgave with frist and påminnelse (seed 001), verbatim. */
static void oppgave(const char *ekstern_id, const char *frist, const char *tidspunkt_field,
                    const char *tidspunkt, struct bb_reply *r)
{
    char *doc = bb_read_file("tests/fixtures/producer-seed-operations/seed001-12.graphql");
    char *q = malloc(strlen(doc) * 3 + 16), *o = q;
    for (const char *p = doc; *p; p++) { /* as a JSON string */
        if (*p == '"' || *p == '\\')
            *o++ = '\\';
        if (*p == '\n') { /* keep line ends: the guide's document has # comments */
            *o++ = '\\';
            *o++ = 'n';
            continue;
        }
        *o++ = *p;
    }
    *o = '\0';
    /* swap the reminder kind when asked (the document uses foerFrist: "P5D") */
    char *ff = strstr(q, "foerFrist: \\\"P5D\\\"");
    char swapped[64] = "";
    if (ff && tidspunkt_field) {
        snprintf(swapped, sizeof swapped, "%s: \\\"%s\\\"", tidspunkt_field, tidspunkt);
        memmove(ff + strlen(swapped), ff + 20, strlen(ff + 20) + 1);
        memcpy(ff, swapped, strlen(swapped));
    }
    char *body = malloc(strlen(q) + 1024);
    sprintf(body,
            "{\"query\":\"%s\",\"variables\":{\"eksternId\":\"%s\",\"virksomhetsnummer\":"
            "\"012345678\",\"lenke\":\"https://dev.nav.no/sakssystem/?sak=1234\",\"tekst\":"
            "\"Du har en søknad du må fylle ut\",\"grupperingsId\":\"saksnummer-1234\",\"tlf\":"
            "\"+4799999999\",\"frist\":%s}}",
            q, ekstern_id, frist);
    bb_request(&srv, "POST", "/api/producer/graphql", body, strlen(body), auth, r);
    free(body);
    free(q);
    free(doc);
}

static void guide_oppgave_with_frist_and_reminder(void)
{
    struct bb_reply r;
    oppgave("saksnummer-1234", "\"2030-02-08\"", NULL, NULL, &r);
    CHECK_CONTAINS(r.body, "{\"data\":{\"nyOppgave\":{\"__typename\":\"NyOppgaveVellykket\",\"id\":\"");
    char first[64] = "";
    const char *id = strstr(r.body, "\"id\":\"");
    if (id)
        snprintf(first, sizeof first, "%.36s", id + 6);
    oppgave("saksnummer-1234", "\"2030-02-08\"", NULL, NULL, &r);
    CHECK_CONTAINS(r.body, first);
    oppgave("saksnummer-1234", "\"2030-02-09\"", NULL, NULL, &r); /* another frist: not the same */
    CHECK_CONTAINS(r.body, "DuplikatEksternIdOgMerkelapp");
}

static void reminder_out_of_bounds(void)
{
    struct bb_reply r;
    oppgave("p-2", "\"2030-02-08\"", "konkret", "2031-01-01T00:00", &r);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"UgyldigPaaminnelseTidspunkt\",\"feilmelding\":"
                           "\"påminnelsestidspunktet kan ikke være etter fristen på oppgaven\"}");
    oppgave("p-3", "\"2030-02-08\"", "konkret", "2001-01-01T00:00", &r);
    CHECK_CONTAINS(r.body, "påminnelsestidspunktet kan ikke være før oppgaven er opprettet");
    oppgave("p-4", "\"2030-02-31\"", NULL, NULL, &r);
    CHECK_CONTAINS(r.body, "expected an ISO 8601 date");
}

static void post(const char *body, struct bb_reply *r)
{
    bb_request(&srv, "POST", "/api/producer/graphql", body, strlen(body), auth, r);
}

static void hent_notifikasjon(void)
{
    char body[1024];
    struct bb_reply r;
    snprintf(body, sizeof body,
             "{\"query\":\"query H($id: ID!) { hentNotifikasjon(id: $id) { __typename ... on "
             "HentetNotifikasjon { notifikasjon { __typename ... on Beskjed { mottaker { "
             "__typename ... on AltinnMottaker { serviceCode virksomhetsnummer } } metadata { id "
             "eksternId } beskjed { merkelapp tekst } } } } ... on Error { feilmelding } } }\","
             "\"variables\":{\"id\":\"%s\"}}",
             first_id);
    post(body, &r);
    char want[512];
    snprintf(want, sizeof want,
             "{\"data\":{\"hentNotifikasjon\":{\"__typename\":\"HentetNotifikasjon\","
             "\"notifikasjon\":{\"__typename\":\"Beskjed\",\"mottaker\":{\"__typename\":"
             "\"AltinnMottaker\",\"serviceCode\":\"1234\",\"virksomhetsnummer\":\"012345678\"},"
             "\"metadata\":{\"id\":\"%s\",\"eksternId\":\"1234-oppdatering\"},\"beskjed\":{"
             "\"merkelapp\":\"EtSakssystem\",\"tekst\":\"Du har fått svar på din søknad\"}}}}}",
             first_id);
    CHECK_EQ_STR(r.body, want);
    post("{\"query\":\"{ hentNotifikasjon(id: \\\"01a206c2-9f89-73d6-bf25-000000000000\\\") { "
         "__typename ... on Error { feilmelding } } }\"}",
         &r);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"NotifikasjonFinnesIkke\",\"feilmelding\":"
                           "\"notifikasjon med id=01a206c2-9f89-73d6-bf25-000000000000 finnes ikke\"}");
    post("{\"query\":\"{ hentNotifikasjon(id: \\\"42\\\") { __typename } }\"}", &r);
    CHECK_CONTAINS(r.body, "ikke en gyldig UUID");
}

static void mine_notifikasjoner_pages_newest_first(void)
{
#define PAGE_QUERY                                                                               \
    "{\"query\":\"query M($after: String) { mineNotifikasjoner(first: 2, after: $after) { "       \
    "__typename ... on NotifikasjonConnection { edges { cursor node { __typename ... on Beskjed "  \
    "{ metadata { eksternId } } ... on Oppgave { metadata { eksternId } } } } pageInfo { "        \
    "hasNextPage endCursor } } } }\",\"variables\":{\"after\":%s}}"
    char body[1024];
    struct bb_reply r;
    snprintf(body, sizeof body, PAGE_QUERY, "null");
    post(body, &r);
    CHECK_CONTAINS(r.body, "\"cursor\":\"Y3VyMQ==\"");
    CHECK_CONTAINS(r.body, "\"cursor\":\"Y3VyMg==\"");
    CHECK_CONTAINS(r.body, "\"pageInfo\":{\"hasNextPage\":true,\"endCursor\":\"Y3VyMg==\"}");
    /* the newest is the last oppgave created */
    CHECK_CONTAINS(r.body, "\"edges\":[{\"cursor\":\"Y3VyMQ==\",\"node\":{\"__typename\":"
                           "\"Oppgave\"");
    CHECK_CONTAINS(r.body, "\"eksternId\":\"load-1\"");
    snprintf(body, sizeof body, PAGE_QUERY, "\"Y3VyMg==\"");
    post(body, &r);
    /* the next page goes on where the first stopped */
    CHECK_CONTAINS(r.body, "{\"cursor\":\"Y3VyMw==\",\"node\":{\"__typename\":\"Beskjed\","
                           "\"metadata\":{\"eksternId\":\"1234-oppdatering\"}}}");
    CHECK(strstr(r.body, "load-1") == NULL);
    post("{\"query\":\"{ mineNotifikasjoner(merkelapp: \\\"tiltak\\\", merkelapper: []) { "
         "__typename ... on Error { feilmelding } } }\"}",
         &r);
    CHECK_CONTAINS(r.body, "Kan ikke spesifiesere begge filtrene 'merkelapp' og 'merkelapper'");
    post("{\"query\":\"{ mineNotifikasjoner(merkelapp: \\\"Annen\\\") { __typename } }\"}", &r);
    CHECK_CONTAINS(r.body, "UgyldigMerkelapp");
    post("{\"query\":\"{ mineNotifikasjoner(merkelapper: []) { __typename ... on "
         "NotifikasjonConnection { edges { cursor } pageInfo { endCursor } } } }\"}",
         &r);
    CHECK_CONTAINS(r.body, "\"edges\":[],\"pageInfo\":{\"endCursor\":\"Y3VyMA==\"}");
    post("{\"query\":\"{ mineNotifikasjoner(first: 10001) { __typename } }\"}", &r);
    CHECK_CONTAINS(r.body, "first: verdien overstiger maks antall tegn: verdi=10001, "
                           "upToIncluding=10000.");
}

static void oppgave_moves_state(void)
{
    struct bb_reply r;
    post("{\"query\":\"mutation { oppgaveUtgaattByEksternId(merkelapp: \\\"Pensjon\\\", eksternId: "
         "\\\"saksnummer-1234\\\") { __typename } }\"}",
         &r);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"OppgaveUtgaattVellykket\"}");
    post("{\"query\":\"mutation { oppgaveUtfoertByEksternId_V2(merkelapp: \\\"Pensjon\\\", "
         "eksternId: \\\"saksnummer-1234\\\", utfoertTidspunkt: \\\"2030-01-01T10:00:00Z\\\") { "
         "__typename } }\"}",
         &r);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"OppgaveUtfoertVellykket\"}");
    post("{\"query\":\"mutation { oppgaveUtgaattByEksternId(merkelapp: \\\"Pensjon\\\", eksternId: "
         "\\\"saksnummer-1234\\\") { __typename ... on Error { feilmelding } } }\"}",
         &r);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"OppgavenErAlleredeUtfoert\",\"feilmelding\":"
                           "\"Oppgaven er allerede utført\"}");
    char body[512];
    snprintf(body, sizeof body,
             "{\"query\":\"mutation { oppgaveUtfoert(id: \\\"%s\\\") { __typename ... on Error { "
             "feilmelding } } }\"}",
             first_id);
    post(body, &r);
    char want[256];
    snprintf(want, sizeof want, "\"feilmelding\":\"Notifikasjonen (id %s) er ikke en oppgave\"",
             first_id);
    CHECK_CONTAINS(r.body, want);
    post("{\"query\":\"mutation { oppgaveUtfoertByEksternId_V2(merkelapp: \\\"Pensjon\\\", "
         "eksternId: \\\"saksnummer-1234\\\", hardDelete: {nyTid: {}, strategi: FORLENG}) { "
         "__typename } }\"}",
         &r);
    CHECK_CONTAINS(r.body, "FutureTemporalInput: nøyaktig ett felt skal være satt. (Ingen felt er satt)");
    /* the oppgave is no longer NY: the original create is now a duplicate */
    oppgave("saksnummer-1234", "\"2030-02-08\"", NULL, NULL, &r);
    CHECK_CONTAINS(r.body, "DuplikatEksternIdOgMerkelapp");
}

static void hard_delete_by_ekstern_id(void)
{
    struct bb_reply r;
    const char *del = "{\"query\":\"mutation { hardDeleteNotifikasjonByEksternId_V2(merkelapp: "
                      "\\\"tiltak\\\", eksternId: \\\"load-1\\\") { __typename ... on "
                      "HardDeleteNotifikasjonVellykket { id } ... on Error { feilmelding } } }\"}";
    post(del, &r);
    CHECK_CONTAINS(r.body, "\"__typename\":\"HardDeleteNotifikasjonVellykket\",\"id\":\"");
    post(del, &r);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"NotifikasjonFinnesIkke\",\"feilmelding\":"
                           "\"Notifikasjon med eksternId load-1 og merkelapp tiltak finnes ikke\"}");
    /* lookup comes before the producer check */
    bb_request(&srv, "POST", "/api/producer/graphql", del, strlen(del), auth_unknown, &r);
    CHECK_CONTAINS(r.body, "NotifikasjonFinnesIkke");
    post("{\"query\":\"mutation { softDeleteNotifikasjonByEksternId(merkelapp: \\\"Pensjon\\\", "
         "eksternId: 1234) { __typename } }\"}",
         &r); /* the deprecated ID-typed variant takes an integer literal */
    CHECK_CONTAINS(r.body, "NotifikasjonFinnesIkke");
    post("{\"query\":\"mutation { softDeleteNotifikasjonByEksternId_V2(merkelapp: \\\"Pensjon\\\", "
         "eksternId: \\\"saksnummer-1234\\\") { __typename } }\"}",
         &r);
    CHECK_CONTAINS(r.body, "{\"__typename\":\"SoftDeleteNotifikasjonVellykket\"}");
    post("{\"query\":\"{ mineNotifikasjoner { __typename ... on NotifikasjonConnection { edges { "
         "cursor } } } }\"}",
         &r);
    CHECK_CONTAINS(r.body, "\"edges\":[{\"cursor\":\"Y3VyMQ==\"}]"); /* only the guide's beskjed */
}

static void survives_a_restart(void)
{
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
    CHECK_EQ_INT(bb_start_producer_server(&srv), 0);
    struct bb_reply r;
    beskjed("Du har fått svar på din søknad", "EtSakssystem", "1234", auth, &r);
    CHECK_CONTAINS(r.body, first_id);
    CHECK_EQ_INT(bb_stop_server(&srv, SIGTERM), 0);
}

static const struct check_case cases[] = {
    {"setup", setup},
    {"guide_example_creates_a_beskjed", guide_example_creates_a_beskjed},
    {"identical_retry_returns_the_same_id", identical_retry_returns_the_same_id},
    {"different_content_is_a_duplicate", different_content_is_a_duplicate},
    {"error_members_in_the_reference_order", error_members_in_the_reference_order},
    {"invalid_input_is_a_graphql_error", invalid_input_is_a_graphql_error},
    {"load_script_shape_with_input_variables", load_script_shape_with_input_variables},
    {"guide_oppgave_with_frist_and_reminder", guide_oppgave_with_frist_and_reminder},
    {"reminder_out_of_bounds", reminder_out_of_bounds},
    {"hent_notifikasjon", hent_notifikasjon},
    {"mine_notifikasjoner_pages_newest_first", mine_notifikasjoner_pages_newest_first},
    {"oppgave_moves_state", oppgave_moves_state},
    {"hard_delete_by_ekstern_id", hard_delete_by_ekstern_id},
    {"survives_a_restart", survives_a_restart},
};

CHECK_MAIN("blackbox/producer", cases)
