/* A sak as a GraphQL value for the person (sak.c). */
#ifndef API_USER_SAK_H
#define API_USER_SAK_H
#include "api/user/user_internal.h"
#include "store/store.h"

/* The Sak object of aggregate nr with the person's timeline; NULL when
 * there is no such sak. Visibility is the caller's to check. sh: values
 * shared with the response's other saker, or NULL. */
json_t *user_sak_json(struct api_user *api, struct store_tx *tx, const struct user_session *s,
                      int64_t nr, struct user_note_shared *sh);
/* The person may see sak nr now. */
bool user_sak_visible(struct store_tx *tx, const struct user_session *s, int64_t nr);

#endif
