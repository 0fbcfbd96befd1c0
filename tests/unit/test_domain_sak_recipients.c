#include "check.h"
#include "domain/sak_recipients.h"

static const struct dom_recipient sak[] = {
    {"naermesteLeder", "16120101181", "26090099884", "910825496"},
    {"altinnRessurs", "nav_tiltak", NULL, "910825496"},
    {"altinn", "4936", "1", "910825496"},
};

static bool on_sak(const char *kind, const char *a, const char *b, const char *org)
{
    struct dom_recipient r = {kind, a, b, org};
    return dom_recipient_on_sak(&r, sak, 3);
}

static void equal_recipients_are_on_the_sak(void)
{
    CHECK(on_sak("naermesteLeder", "16120101181", "26090099884", "910825496"));
    CHECK(on_sak("altinnRessurs", "nav_tiltak", NULL, "910825496"));
    CHECK(on_sak("altinn", "4936", "1", "910825496"));
}

static void any_difference_is_not(void)
{
    CHECK(!on_sak("naermesteLeder", "16120101181", "11111111111", "910825496"));
    CHECK(!on_sak("altinnRessurs", "nav_tiltak", NULL, "999999999")); /* another organisation */
    CHECK(!on_sak("altinnRessurs", "nav_annet", NULL, "910825496"));
    CHECK(!on_sak("altinn", "4936", "2", "910825496"));
    CHECK(!on_sak("altinnRolle", "nav_tiltak", NULL, "910825496")); /* same id, other kind */
    struct dom_recipient r = {"altinnRessurs", "nav_tiltak", NULL, "910825496"};
    CHECK(!dom_recipient_on_sak(&r, sak, 0));
}

static void legacy_service_admits_its_resources(void)
{
    CHECK(on_sak("altinnRessurs", "nav_sykepenger_inntektsmelding", NULL, "910825496"));
    CHECK(on_sak("altinnRessurs", "nav_sykdom-i-familien_inntektsmelding", NULL, "910825496"));
    CHECK(!on_sak("altinnRessurs", "nav_sykepenger_inntektsmelding", NULL, "999999999"));
    CHECK(!on_sak("altinnRessurs", "nav_arbeidsforhold_aa-registeret-innsyn-arbeidsgiver", NULL,
                  "910825496")); /* that one is 5441:1's */
    CHECK(dom_altinn2_maps_to("5441", "1", "nav_arbeidsforhold_aa-registeret-innsyn-arbeidsgiver"));
    CHECK(!dom_altinn2_maps_to("5441", "2", "nav_arbeidsforhold_aa-registeret-innsyn-arbeidsgiver"));
}

static const struct check_case cases[] = {
    {"equal_recipients_are_on_the_sak", equal_recipients_are_on_the_sak},
    {"any_difference_is_not", any_difference_is_not},
    {"legacy_service_admits_its_resources", legacy_service_admits_its_resources},
};

CHECK_MAIN("domain/sak_recipients", cases)
