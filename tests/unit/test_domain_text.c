#include "check.h"
#include "domain/text_rules.h"

#include <stdlib.h>
#include <string.h>

#define EXPECT_OK(expr)                                                                          \
    do {                                                                                         \
        char *e_ = (expr);                                                                       \
        if (e_)                                                                                  \
            check__fail(__FILE__, __LINE__, "%s refused: %s", #expr, e_);                        \
        free(e_);                                                                                \
    } while (0)
#define EXPECT_ERR(expr, text)                                                                   \
    do {                                                                                         \
        char *e_ = (expr);                                                                       \
        CHECK_EQ_STR(e_, text);                                                                  \
        free(e_);                                                                                \
    } while (0)

static char *repeat(const char *unit, size_t n)
{
    size_t len = strlen(unit);
    char *s = malloc(len * n + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * len, unit, len);
    s[len * n] = '\0';
    return s;
}

static void length_counts_utf16_units_inclusive(void)
{
    char *a300 = repeat("a", 300), *a301 = repeat("æ", 301), *emoji = repeat("\xF0\x9F\x98\x80", 151);
    EXPECT_OK(dom_check_max_length("notifikasjon.tekst", a300, 300));
    EXPECT_ERR(dom_check_max_length("notifikasjon.tekst", a301, 300),
               "notifikasjon.tekst: verdien overstiger maks antall tegn, antall=301, maks=300.");
    EXPECT_ERR(dom_check_max_length("sak.tittel", emoji, 300),
               "sak.tittel: verdien overstiger maks antall tegn, antall=302, maks=300.");
    CHECK_EQ_INT(dom_utf16_length("a\xF0\x9F\x98\x80" "b"), 4);
    free(a300);
    free(a301);
    free(emoji);
}

static void eleven_digits_in_a_row_are_refused(void)
{
    const char *msg = "notifikasjon.tekst: verdien inneholder uønsket data: personnummer (11 siffer)";
    EXPECT_ERR(dom_check_no_fnr("notifikasjon.tekst", "11111111111"), msg);
    EXPECT_ERR(dom_check_no_fnr("notifikasjon.tekst", "Stor Lampe identifiserende data: 99999999999"), msg);
    EXPECT_ERR(dom_check_no_fnr("notifikasjon.tekst", "x123456789012y"), msg);
    EXPECT_OK(dom_check_no_fnr("notifikasjon.tekst", "1234567890"));
    EXPECT_OK(dom_check_no_fnr("notifikasjon.tekst", "161201 01181"));
    char *long_text = repeat("a", 301);
    long_text[0] = '1';
    char *e = dom_check_text("notifikasjon.tekst", long_text, 300);
    CHECK_CONTAINS(e, "maks antall tegn"); /* length is checked first */
    free(e);
    free(long_text);
}

static void norwegian_mobile_numbers(void)
{
    const char *ok[] = {"40000000", "004740000000", "+4740000000", "48999999", "90000000",
                        "99999999", "+4799999999", "41234567"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        EXPECT_OK(dom_check_mobile(ok[i]));
    const char *invalid = "Kontaktinfo.tlf: verdien er ikke et gyldig norsk mobilnummer.";
    const char *bad[] = {"39999999", "50000000", "89999999", "4000000", "400000000", "+474000000",
                         "4000 0000", "+4640000000", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        EXPECT_ERR(dom_check_mobile(bad[i]), invalid);
    EXPECT_ERR(dom_check_mobile("42000000"),
               "Kontaktinfo.tlf: verdien er ikke et gyldig norsk mobilnummer. Nummerserien 4200xxxx "
               "er blokkert. (se: NKOM E164).");
    EXPECT_ERR(dom_check_mobile("+4745360000"),
               "Kontaktinfo.tlf: verdien er ikke et gyldig norsk mobilnummer. Nummerserien 4536xxxx "
               "er blokkert. (se: NKOM E164).");
    EXPECT_OK(dom_check_mobile("45370000"));
    EXPECT_ERR(dom_check_mobile("49999999"),
               "Kontaktinfo.tlf: verdien er ikke et gyldig norsk mobilnummer. Nummerserien 4999xxxx "
               "er blokkert. (se: NKOM E164).");
    /* The reference strips every "0047" and lets this blocked number through. */
    char *e = dom_check_mobile("44004712");
    CHECK_CONTAINS(e, "Nummerserien 4400xxxx er blokkert");
    free(e);
}

static void email_addresses(void)
{
    const char *ok[] = {"donald@duck.co", "dønald.dåkk@duck.co", "Dønn.dånn@Dæck.co",
                        "a+b%c_d-e@sub.domain.no"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        EXPECT_OK(dom_check_email(ok[i]));
    const char *bad[] = {"foo", "foo@foo", "@duck.co", "donald@.c", "donald@duck.c", "a@b@c.no",
                         "don ald@duck.co", "donald@duck.c0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        EXPECT_ERR(dom_check_email(bad[i]),
                   "Kontaktinfo.epostadresse: verdien er ikke en gyldig e-postadresse.");
}

static void exactly_one_field(void)
{
    const char *names[] = {"sms", "epost", "altinnressurs"};
    bool none[] = {false, false, false}, one[] = {false, true, false}, two[] = {true, true, false};
    EXPECT_OK(dom_check_exactly_one("EksterntVarselInput", names, one, 3));
    EXPECT_ERR(dom_check_exactly_one("EksterntVarselInput", names, none, 3),
               "EksterntVarselInput: nøyaktig ett felt skal være satt. (Ingen felt er satt)");
    EXPECT_ERR(dom_check_exactly_one("EksterntVarselInput", names, two, 3),
               "EksterntVarselInput: nøyaktig ett felt skal være satt. (sms, epost er gitt)");
}

static const struct check_case cases[] = {
    {"length_counts_utf16_units_inclusive", length_counts_utf16_units_inclusive},
    {"eleven_digits_in_a_row_are_refused", eleven_digits_in_a_row_are_refused},
    {"norwegian_mobile_numbers", norwegian_mobile_numbers},
    {"email_addresses", email_addresses},
    {"exactly_one_field", exactly_one_field},
};

CHECK_MAIN("domain/text", cases)
