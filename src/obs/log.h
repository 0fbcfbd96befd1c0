/* Structured logs: one JSON object per line on stderr. Every string that is
 * logged passes through obs_mask_fnr, so an 11-digit personal number never
 * reaches the log, wherever it was (path, message, field). */
#ifndef OBS_LOG_H
#define OBS_LOG_H
#include <stddef.h>

enum obs_level { OBS_DEBUG, OBS_INFO, OBS_WARN, OBS_ERROR };

void obs_log_set_level(enum obs_level level);
enum obs_level obs_log_level(void);
/* Logs msg with key/value string pairs; the list ends with NULL. */
void obs_log(enum obs_level level, const char *msg, ...) __attribute__((sentinel));

#define OBS_LOG(level, ...)                                                                      \
    do {                                                                                         \
        if ((level) >= obs_log_level())                                                          \
            obs_log((level), __VA_ARGS__, (const char *)NULL);                                   \
    } while (0)

/* Copies s into out (size out_size, always terminated) with every run of
 * exactly 11 ASCII digits reduced to its first 6 digits and "*****"
 * (birth date kept, personal part hidden). Longer digit runs are not
 * personal numbers and stay. Returns the length written. */
size_t obs_mask_fnr(const char *s, char *out, size_t out_size);

#endif
