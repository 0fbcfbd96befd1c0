#include "base/arena.h"
#include "base/json_arena.h"
#include "base/buf.h"
#include "base/clock.h"
#include "base/json_read.h"
#include "base/map.h"
#include "base/uuid.h"
#include "check.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* A reserved map holds its keys without growing, and a later reserve
 * keeps what it has. */
static void map_reserve_then_put(void)
{
    struct nt_map m;
    nt_map_init(&m);
    nt_map_reserve(&m, 0);
    CHECK_EQ_INT(m.cap, 0);
    nt_map_reserve(&m, 1000);
    size_t cap = m.cap;
    CHECK(cap * 3 >= 1000 * 4);
    static char keys[1000][16];
    for (int i = 0; i < 1000; i++) {
        snprintf(keys[i], sizeof keys[i], "r%d", i);
        nt_map_put(&m, keys[i], (void *)(intptr_t)(i + 1));
    }
    CHECK_EQ_INT(m.cap, cap);
    nt_map_reserve(&m, 10);
    CHECK_EQ_INT(m.cap, cap);
    for (int i = 0; i < 1000; i++)
        CHECK_EQ_INT((intptr_t)nt_map_get(&m, keys[i]), i + 1);
    nt_map_free(&m);
}

static void json_read_accepts_valid_documents(void)
{
    const char *err = NULL;
    const char *text = " {\"a\": [1, -2.5e3, true, false, null], \"s\": \"\\u00e6\\uD83D\\uDE00\\n\\\"\", "
                       "\"o\": {}, \"l\": [], \"big\": 123456789012345678901234567890} ";
    json_t *v = nt_json_parse(text, strlen(text), &err);
    CHECK(v != NULL);
    char *dumped = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(6));
    CHECK_EQ_STR(dumped, "{\"a\":[1,-2500.0,true,false,null],\"s\":\"\xC3\xA6\xF0\x9F\x98\x80" "\\n\\\"\","
                         "\"o\":{},\"l\":[],\"big\":1.23457e29}");
    free(dumped);
    json_decref(v);
    v = nt_json_parse("\"\xC3\xA6" "\"", 4, &err);
    CHECK_EQ_STR(json_string_value(v), "\xC3\xA6");
    json_decref(v);
}

static void json_read_rejects_what_jansson_rejects(void)
{
    const char *bad[] = {
        "{\"a\":1,\"a\":2}", "\"\xFF" "\"", "\"\\uD800\"", "\"\\u0000\"", "{\"a\":1} x", "[1,]", "{\"a\"}",
        "01", "1.", "-", "tru", "\"a\nb\"", "", "[", "\"\xC0\xAF" "\"", "{1:2}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const char *err = NULL;
        json_t *v = nt_json_parse(bad[i], strlen(bad[i]), &err);
        if (v)
            check__fail(__FILE__, __LINE__, "accepted: %s", bad[i]);
        CHECK(err != NULL);
        json_decref(v);
    }
    char deep[400];
    memset(deep, '[', 300);
    const char *err = NULL;
    CHECK(nt_json_parse(deep, 300, &err) == NULL);
    CHECK_EQ_STR(err, "nesting too deep");
}

static void clock_listener(void *userdata)
{
    (*(int *)userdata)++;
}

static void clock_can_be_frozen_moved_and_reset(void)
{
    static int changes;
    nt_clock_on_change(clock_listener, &changes);
    int64_t real = nt_now_us();
    nt_clock_set(1700000000000000);
    CHECK_EQ_INT(nt_now_us(), 1700000000000000);
    nt_clock_advance(86400000000);
    CHECK_EQ_INT(nt_now_us(), 1700086400000000);
    nt_clock_reset();
    CHECK(nt_now_us() >= real && nt_now_us() < real + 60000000);
    nt_clock_advance(3600000000); /* not frozen: real time moves on, an hour ahead */
    CHECK(nt_now_us() >= real + 3600000000);
    nt_clock_reset();
    CHECK_EQ_INT(changes, 5);
}

/* Values built in a scope live until the arena's reset, and decref of
 * them (inside or outside the scope) frees nothing early; heap values
 * freed inside a scope go back to malloc (LeakSanitizer would say). */
static void json_arena_scopes_and_reset(void)
{
    nt_json_arena_install();
    json_t *before = json_string("from the heap");
    bool previous = nt_json_arena_enter();
    CHECK(!previous);
    json_t *o = json_pack("{s:s,s:[i,i],s:{s:b}}", "a", "text", "b", 1, 2, "c", "d", 1);
    json_decref(before);
    CHECK(nt_json_arena_enter()); /* nested */
    json_t *inner = json_string("inner");
    nt_json_arena_leave(true);
    nt_json_arena_leave(previous);
    CHECK_EQ_STR(json_string_value(json_object_get(o, "a")), "text");
    CHECK_EQ_INT(json_array_size(json_object_get(o, "b")), 2);
    char *dumped = json_dumps(o, JSON_COMPACT); /* outside the scope: heap, free() is right */
    CHECK_EQ_STR(dumped, "{\"a\":\"text\",\"b\":[1,2],\"c\":{\"d\":true}}");
    free(dumped);
    json_decref(o);
    json_decref(inner);
    nt_json_arena_reset();
    previous = nt_json_arena_enter();
    json_t *again = json_string("again");
    nt_json_arena_leave(previous);
    CHECK_EQ_STR(json_string_value(again), "again");
    json_decref(again);
    nt_json_arena_reset();
}

/* A kept value survives its consumer's decref and is reclaimed by the
 * reset with everything it holds, large allocations too (LeakSanitizer
 * would report a block the reset missed). */
static void json_arena_keep_until_reset(void)
{
    nt_json_arena_install();
    static char text[20000];
    memset(text, 'x', sizeof text - 1);
    bool previous = nt_json_arena_enter();
    json_t *o = json_pack("{s:s,s:[s]}", "big", text, "list", "small");
    nt_json_arena_keep(o);
    nt_json_arena_leave(previous);
    json_decref(o); /* the consumer's reference */
    CHECK_EQ_INT(json_string_length(json_object_get(o, "big")), sizeof text - 1);
    CHECK_EQ_STR(json_string_value(json_array_get(json_object_get(o, "list"), 0)), "small");
    nt_json_arena_reset();
}

static int by_string(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* More ids than one refill of the per-thread random pool: every id is a
 * valid version 7 with the RFC variant, none repeats, and ids of a later
 * millisecond sort after those of an earlier one. */
static void uuid_v7_ids_are_valid_distinct_and_time_ordered(void)
{
    enum { N = 5000 };
    static char ids[N][37];
    for (int i = 0; i < N; i++)
        nt_uuid_v7(ids[i], 1700000000000LL + i / 100);
    int bad = 0;
    for (int i = 0; i < N; i++)
        bad += !nt_uuid_valid(ids[i]) || ids[i][14] != '7' || !strchr("89ab", ids[i][19]);
    CHECK_EQ_INT(bad, 0);
    CHECK(strncmp(ids[0], "018bcfe5-6800-7", 15) == 0); /* the millisecond, big-endian */
    CHECK(strcmp(ids[99], ids[100]) < 0);
    CHECK(strncmp(ids[N - 1], ids[0], 13) > 0);
    qsort(ids, N, sizeof ids[0], by_string);
    int repeats = 0;
    for (int i = 1; i < N; i++)
        repeats += strcmp(ids[i - 1], ids[i]) == 0;
    CHECK_EQ_INT(repeats, 0);
}

static const struct check_case cases[] = {
    {"uuid_v7_ids_are_valid_distinct_and_time_ordered",
     uuid_v7_ids_are_valid_distinct_and_time_ordered},
    {"json_arena_keep_until_reset", json_arena_keep_until_reset},
    {"json_arena_scopes_and_reset", json_arena_scopes_and_reset},
    {"clock_can_be_frozen_moved_and_reset", clock_can_be_frozen_moved_and_reset},
    {"json_read_accepts_valid_documents", json_read_accepts_valid_documents},
    {"json_read_rejects_what_jansson_rejects", json_read_rejects_what_jansson_rejects},
    {"buf_json_str_escapes_controls_and_quotes", buf_json_str_escapes_controls_and_quotes},
    {"buf_json_str_replaces_invalid_utf8", buf_json_str_replaces_invalid_utf8},
    {"buf_stops_at_max", buf_stops_at_max},
    {"buf_printf_long_output", buf_printf_long_output},
    {"arena_allocations_are_zeroed_and_aligned", arena_allocations_are_zeroed_and_aligned},
    {"map_put_get_many", map_put_get_many},
    {"map_reserve_then_put", map_reserve_then_put},
};

CHECK_MAIN("base", cases)
