#include "base/arena.h"
#include "base/buf.h"
#include "base/map.h"
#include "check.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void buf_json_str_escapes_controls_and_quotes(void)
{
    struct nt_buf b;
    nt_buf_init(&b, 0);
    nt_buf_json_str(&b, "a\"b\\c\n\x01", 7);
    CHECK_EQ_STR(nt_buf_str(&b), "\"a\\\"b\\\\c\\n\\u0001\"");
    nt_buf_free(&b);
}

static void buf_json_str_replaces_invalid_utf8(void)
{
    struct nt_buf b;
    nt_buf_init(&b, 0);
    nt_buf_json_str(&b, "\xC3\xA6x\xFFy", 5);
    CHECK_EQ_STR(nt_buf_str(&b), "\"\xC3\xA6x\xEF\xBF\xBDy\"");
    nt_buf_free(&b);
}

static void buf_stops_at_max(void)
{
    struct nt_buf b;
    nt_buf_init(&b, 8);
    nt_buf_puts(&b, "12345678");
    CHECK(!b.too_big);
    nt_buf_puts(&b, "9");
    CHECK(b.too_big);
    CHECK_EQ_INT(b.len, 8);
    nt_buf_free(&b);
}

static void buf_printf_long_output(void)
{
    struct nt_buf b;
    nt_buf_init(&b, 0);
    nt_buf_printf(&b, "%0300d", 7);
    CHECK_EQ_INT(b.len, 300);
    CHECK(b.data[299] == '7');
    nt_buf_free(&b);
}

static void arena_allocations_are_zeroed_and_aligned(void)
{
    struct nt_arena a;
    nt_arena_init(&a, 256);
    for (int i = 0; i < 1000; i++) {
        unsigned char *p = nt_arena_alloc(&a, (size_t)(i % 100) + 1);
        CHECK(((uintptr_t)p & 15) == 0);
        CHECK(p[0] == 0);
        p[0] = 0xff;
    }
    char *big = nt_arena_alloc(&a, 100000);
    CHECK(big != NULL);
    CHECK_EQ_STR(nt_arena_strndup(&a, "hello world", 5), "hello");
    nt_arena_free(&a);
}

static void map_put_get_many(void)
{
    struct nt_map m;
    nt_map_init(&m);
    static char keys[500][16];
    for (int i = 0; i < 500; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i);
        nt_map_put(&m, keys[i], (void *)(intptr_t)(i + 1));
    }
    CHECK_EQ_INT(m.count, 500);
    for (int i = 0; i < 500; i++)
        CHECK_EQ_INT((intptr_t)nt_map_get(&m, keys[i]), i + 1);
    CHECK(nt_map_get(&m, "missing") == NULL);
    nt_map_put(&m, keys[3], (void *)(intptr_t)99);
    CHECK_EQ_INT((intptr_t)nt_map_get(&m, "k3"), 99);
    CHECK_EQ_INT(m.count, 500);
    nt_map_free(&m);
}

static const struct check_case cases[] = {
    {"buf_json_str_escapes_controls_and_quotes", buf_json_str_escapes_controls_and_quotes},
    {"buf_json_str_replaces_invalid_utf8", buf_json_str_replaces_invalid_utf8},
    {"buf_stops_at_max", buf_stops_at_max},
    {"buf_printf_long_output", buf_printf_long_output},
    {"arena_allocations_are_zeroed_and_aligned", arena_allocations_are_zeroed_and_aligned},
    {"map_put_get_many", map_put_get_many},
};

CHECK_MAIN("base", cases)
