#include "auth/registry.h"
#include "check.h"

#include <stdlib.h>

static const char *good =
    "{\"producers\":[{\"id\":\"dev:tiltak\",\"merkelapper\":[\"Tiltak\",\"Pensjon\"],"
    "\"mottakere\":[{\"altinn\":{\"serviceCode\":\"4321\",\"serviceEdition\":\"1\"}},"
    "{\"altinnRessurs\":{\"ressursId\":\"nav_tiltak\"}},{\"altinnRolle\":{\"roleDefinitionCode\":"
    "\"DAGL\"}},{\"altinnReportee\":{}},{\"naermesteLeder\":{}}]},"
    "{\"id\":\"dev:other\",\"merkelapper\":[],\"mottakere\":[]}]}";

static void finds_producers_and_their_rights(void)
{
    char *err = NULL;
    struct auth_registry *r = auth_registry_parse(good, &err);
    CHECK(r != NULL);
    const struct auth_producer *p = auth_registry_find(r, "dev:tiltak");
    CHECK(p != NULL);
    CHECK(auth_registry_find(r, "dev:nobody") == NULL);
    CHECK(auth_producer_has_merkelapp(p, "Pensjon"));
    CHECK(!auth_producer_has_merkelapp(p, "pensjon")); /* exact, case-sensitive */
    CHECK(auth_producer_allows(p, AUTH_RECIPIENT_ALTINN, "4321", "1"));
    CHECK(!auth_producer_allows(p, AUTH_RECIPIENT_ALTINN, "4321", "2"));
    CHECK(auth_producer_allows(p, AUTH_RECIPIENT_ALTINN_RESSURS, "nav_tiltak", NULL));
    CHECK(!auth_producer_allows(p, AUTH_RECIPIENT_ALTINN_RESSURS, "nav_other", NULL));
    CHECK(auth_producer_allows(p, AUTH_RECIPIENT_ALTINN_ROLLE, "DAGL", NULL));
    CHECK(auth_producer_allows(p, AUTH_RECIPIENT_NAERMESTE_LEDER, NULL, NULL));
    const struct auth_producer *o = auth_registry_find(r, "dev:other");
    CHECK(!auth_producer_allows(o, AUTH_RECIPIENT_NAERMESTE_LEDER, NULL, NULL));
    char *msg = auth_producer_merkelapp_error(p, "Feil");
    CHECK_EQ_STR(msg, " Ugyldig merkelapp 'Feil'.\n Gyldige merkelapper er: [Tiltak, Pensjon]");
    free(msg);
    auth_registry_free(r);
}

static void invalid_files_are_refused_with_a_reason(void)
{
    const char *bad[][2] = {
        {"{", "not valid JSON"},
        {"{\"x\":[]}", "\"producers\" array"},
        {"{\"producers\":[{\"id\":\"a\"}]}", "needs \"id\", \"merkelapper\" and \"mottakere\""},
        {"{\"producers\":[{\"id\":\"a\",\"merkelapper\":[],\"mottakere\":[{\"altinnX\":{}}]}]}",
         "unknown mottaker kind 'altinnX'"},
        {"{\"producers\":[{\"id\":\"a\",\"merkelapper\":[],\"mottakere\":[{\"altinnRessurs\":{}}]}]}",
         "lacks its fields"},
        {"{\"producers\":[{\"id\":\"a\",\"merkelapper\":[],\"mottakere\":[]},"
         "{\"id\":\"a\",\"merkelapper\":[],\"mottakere\":[]}]}",
         "listed twice"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *err = NULL;
        CHECK(auth_registry_parse(bad[i][0], &err) == NULL);
        CHECK_CONTAINS(err, bad[i][1]);
        free(err);
    }
}

static const struct check_case cases[] = {
    {"finds_producers_and_their_rights", finds_producers_and_their_rights},
    {"invalid_files_are_refused_with_a_reason", invalid_files_are_refused_with_a_reason},
};

CHECK_MAIN("auth/registry", cases)
