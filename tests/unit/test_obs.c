#include "check.h"
#include "obs/log.h"
#include "obs/metrics.h"

#include <string.h>

static const char *mask(const char *s)
{
    static char out[256];
    obs_mask_fnr(s, out, sizeof out);
    return out;
}

static void masks_exactly_eleven_digits(void)
{
    CHECK_EQ_STR(mask("16120101181"), "161201*****");
    CHECK_EQ_STR(mask("/sak/16120101181/x"), "/sak/161201*****/x");
    CHECK_EQ_STR(mask("a 26090099884 and 16120101181."), "a 260900***** and 161201*****.");
    CHECK_EQ_STR(mask("fnr=16120101181"), "fnr=161201*****");
}

static void leaves_other_digit_runs(void)
{
    CHECK_EQ_STR(mask("910825496"), "910825496");          /* organisation number */
    CHECK_EQ_STR(mask("1612010118"), "1612010118");         /* ten digits */
    CHECK_EQ_STR(mask("161201011811"), "161201011811");     /* twelve: not a personal number */
    CHECK_EQ_STR(mask("1612010118 1"), "1612010118 1");
    CHECK_EQ_STR(mask(""), "");
}

static void truncates_safely(void)
{
    char small[8];
    size_t n = obs_mask_fnr("16120101181", small, sizeof small);
    CHECK_EQ_INT(n, 7);
    CHECK_EQ_STR(small, "161201*");
}

static void metrics_are_prometheus_text(void)
{
    obs_metric_help("test_total", "counter", "A test counter.");
    obs_counter_add("test_total", "a=\"1\"", 2);
    obs_counter_add("test_total", "a=\"1\"", 3);
    obs_histogram_observe("test_seconds", "", 0.003);
    obs_histogram_observe("test_seconds", "", 7);
    struct nt_buf b;
    nt_buf_init(&b, 0);
    obs_metrics_write(&b);
    const char *t = nt_buf_str(&b);
    CHECK_CONTAINS(t, "# HELP test_total A test counter.\n# TYPE test_total counter\n");
    CHECK_CONTAINS(t, "test_total{a=\"1\"} 5\n");
    CHECK_CONTAINS(t, "test_seconds_bucket{le=\"0.0025\"} 0\n");
    CHECK_CONTAINS(t, "test_seconds_bucket{le=\"0.005\"} 1\n");
    CHECK_CONTAINS(t, "test_seconds_bucket{le=\"+Inf\"} 2\n");
    CHECK_CONTAINS(t, "test_seconds_count 2\n");
    nt_buf_free(&b);
}

static const struct check_case cases[] = {
    {"masks_exactly_eleven_digits", masks_exactly_eleven_digits},
    {"leaves_other_digit_runs", leaves_other_digit_runs},
    {"truncates_safely", truncates_safely},
    {"metrics_are_prometheus_text", metrics_are_prometheus_text},
};

CHECK_MAIN("obs", cases)
