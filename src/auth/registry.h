/* The producer registry (--registry FILE, operations.md): which producer
 * (a token's client id) may use which merkelapper and recipient kinds. The
 * file is checked whole at start; an unknown recipient kind is an error. */
#ifndef AUTH_REGISTRY_H
#define AUTH_REGISTRY_H
#include <stdbool.h>
#include <stddef.h>

struct auth_registry;
struct auth_producer;

enum auth_recipient_kind {
    AUTH_RECIPIENT_ALTINN,          /* serviceCode + serviceEdition */
    AUTH_RECIPIENT_ALTINN_RESSURS,  /* ressursId */
    AUTH_RECIPIENT_ALTINN_ROLLE,    /* roleDefinitionCode */
    AUTH_RECIPIENT_ALTINN_REPORTEE, /* any */
    AUTH_RECIPIENT_NAERMESTE_LEDER, /* any */
};

/* Returns NULL with a malloc'ed one-line *out_err on a missing or invalid file. */
struct auth_registry *auth_registry_load(const char *path, char **out_err);
struct auth_registry *auth_registry_parse(const char *json, char **out_err);
void auth_registry_free(struct auth_registry *r);

const struct auth_producer *auth_registry_find(const struct auth_registry *r, const char *id);
const char *auth_producer_id(const struct auth_producer *p);
bool auth_producer_has_merkelapp(const struct auth_producer *p, const char *merkelapp);
/* The producer's merkelapper (borrowed); returns how many. */
size_t auth_producer_merkelapper(const struct auth_producer *p, const char *const **out);
/* a and b are the kind's identifiers (serviceCode/serviceEdition, ressursId,
 * roleDefinitionCode); NULL for kinds without one. */
bool auth_producer_allows(const struct auth_producer *p, enum auth_recipient_kind kind,
                          const char *a, const char *b);
/* The allowed recipients for error messages: "[altinn 4321:1, naermesteLeder]";
 * malloc'ed. */
char *auth_producer_mottakere_text(const struct auth_producer *p);
/* " Ugyldig merkelapp 'm'.\n Gyldige merkelapper er: [a, b]" as the API
 * answers it (producer-api.md 3.1); malloc'ed. */
char *auth_producer_merkelapp_error(const struct auth_producer *p, const char *merkelapp);

#endif
