/* Counters and histograms with labels, written as Prometheus text.
 * Thread-safe. Series are created on first use and live until exit. */
#ifndef OBS_METRICS_H
#define OBS_METRICS_H
#include "base/buf.h"

/* name: metric name; labels: Prometheus label text without braces
 * ("route=\"/x\",status=\"200\"") or "" for none. */
void obs_counter_add(const char *name, const char *labels, double value);
void obs_histogram_observe(const char *name, const char *labels, double value);
void obs_gauge_set(const char *name, const char *labels, double value);
/* One HELP line per metric name; optional. */
void obs_metric_help(const char *name, const char *type, const char *help);
/* Appends the exposition text of every series. */
void obs_metrics_write(struct nt_buf *out);

#endif
