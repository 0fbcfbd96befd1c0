/* Input coercion and leaf serialisation with graphql-js 16's rules
 * (utilities/valueFromAST, utilities/coerceInputValue, type/scalars). */
#include "graphql/coerce.h"

#include "base/alloc.h"
#include "graphql/suggest.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INT32_MAX_D 2147483647.0
#define INT32_MIN_D -2147483648.0

void gql_format_number(double d, struct nt_buf *out)
{
    if (isnan(d) || isinf(d)) {
        nt_buf_puts(out, "null");
        return;
    }
    if (d == floor(d) && fabs(d) < 1e21) {
        nt_buf_printf(out, "%.0f", d);
        return;
    }
    char tmp[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, d);
        if (strtod(tmp, NULL) == d)
            break;
    }
    /* C writes 1e+21 / 1e-07; JavaScript writes 1e+21 / 1e-7. */
    char *e = strchr(tmp, 'e');
    if (e && (e[2] == '0') && e[3]) {
        memmove(e + 2, e + 3, strlen(e + 3) + 1);
    }
    nt_buf_puts(out, tmp);
}

void gql_json_write(json_t *v, struct nt_buf *out)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *k;
        json_t *fv;
        bool first = true;
        nt_buf_putc(out, '{');
        json_object_foreach(v, k, fv) {
            if (!first)
                nt_buf_putc(out, ',');
            nt_buf_json_str(out, k, strlen(k));
            nt_buf_putc(out, ':');
            gql_json_write(fv, out);
            first = false;
        }
        nt_buf_putc(out, '}');
        break;
    }
    case JSON_ARRAY:
        nt_buf_putc(out, '[');
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                nt_buf_putc(out, ',');
            gql_json_write(json_array_get(v, i), out);
        }
        nt_buf_putc(out, ']');
        break;
    case JSON_STRING: nt_buf_json_str(out, json_string_value(v), json_string_length(v)); break;
    case JSON_INTEGER: nt_buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); break;
    case JSON_REAL: gql_format_number(json_real_value(v), out); break;
    case JSON_TRUE: nt_buf_puts(out, "true"); break;
    case JSON_FALSE: nt_buf_puts(out, "false"); break;
    case JSON_NULL: nt_buf_puts(out, "null"); break;
    }
}

void gql_inspect(json_t *v, struct nt_buf *out)
{
    switch (json_typeof(v)) {
    case JSON_STRING: nt_buf_json_str(out, json_string_value(v), json_string_length(v)); break;
    case JSON_INTEGER: nt_buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v)); break;
    case JSON_REAL: gql_format_number(json_real_value(v), out); break;
    case JSON_TRUE: nt_buf_puts(out, "true"); break;
    case JSON_FALSE: nt_buf_puts(out, "false"); break;
    case JSON_NULL: nt_buf_puts(out, "null"); break;
    case JSON_ARRAY:
        nt_buf_putc(out, '[');
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                nt_buf_puts(out, ", ");
            gql_inspect(json_array_get(v, i), out);
        }
        nt_buf_putc(out, ']');
        break;
    case JSON_OBJECT: {
        const char *k;
        json_t *fv;
        bool first = true;
        nt_buf_puts(out, "{ ");
        json_object_foreach(v, k, fv) {
            nt_buf_printf(out, "%s%s: ", first ? "" : ", ", k);
            gql_inspect(fv, out);
            first = false;
        }
        nt_buf_puts(out, first ? "}" : " }");
        break;
    }
    }
}

__attribute__((format(printf, 1, 2))) static char *msgf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = NULL;
    if (vasprintf(&s, fmt, ap) < 0)
        s = NULL;
    va_end(ap);
    if (!s)
        s = nt_strdup("out of memory");
    return s;
}

static char *inspect_str(json_t *v)
{
    struct nt_buf b;
    nt_buf_init(&b, 4096);
    gql_inspect(v, &b);
    return nt_buf_steal(&b, NULL);
}

static char *type_str(const struct gql_type *t)
{
    struct nt_buf b;
    nt_buf_init(&b, 0);
    gql_type_print(t, &b);
    return nt_buf_steal(&b, NULL);
}

/* ---- Built-in scalars ---- */

static bool number_of(json_t *v, double *out)
{
    if (json_is_integer(v))
        *out = (double)json_integer_value(v);
    else if (json_is_real(v))
        *out = json_real_value(v);
    else
        return false;
    return true;
}

/* The Int rules shared by input and output coercion: have_number says
 * whether v yielded the number d. */
static json_t *int32_of(json_t *v, bool have_number, double d, char **err)
{
    char *shown = NULL;
    json_t *r = NULL;
    if (!have_number || d != floor(d))
        *err = msgf("Int cannot represent non-integer value: %s", shown = inspect_str(v));
    else if (d > INT32_MAX_D || d < INT32_MIN_D)
        *err = msgf("Int cannot represent non 32-bit signed integer value: %s",
                    shown = inspect_str(v));
    else
        r = json_integer((json_int_t)d);
    free(shown);
    return r;
}

/* Input coercion of a JSON value for a built-in scalar (parseValue). */
static json_t *parse_builtin(enum gql_builtin_scalar k, json_t *v, char **err)
{
    double d = 0;
    char *shown = NULL;
    json_t *r = NULL;
    switch (k) {
    case GQL_SCALAR_INT: {
        bool have = number_of(v, &d);
        r = int32_of(v, have, d, err);
        break;
    }
    case GQL_SCALAR_FLOAT:
        if (!number_of(v, &d) || !isfinite(d))
            *err = msgf("Float cannot represent non numeric value: %s", shown = inspect_str(v));
        else
            r = json_is_integer(v) ? json_incref(v) : json_real(d);
        break;
    case GQL_SCALAR_STRING:
        if (!json_is_string(v))
            *err = msgf("String cannot represent a non string value: %s", shown = inspect_str(v));
        else
            r = json_incref(v);
        break;
    case GQL_SCALAR_BOOLEAN:
        if (!json_is_boolean(v))
            *err = msgf("Boolean cannot represent a non boolean value: %s", shown = inspect_str(v));
        else
            r = json_incref(v);
        break;
    case GQL_SCALAR_ID:
        if (json_is_string(v))
            r = json_incref(v);
        else if (json_is_integer(v))
            r = json_sprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
        else
            *err = msgf("ID cannot represent value: %s", shown = inspect_str(v));
        break;
    case GQL_SCALAR_CUSTOM: break;
    }
    free(shown);
    return r;
}

static json_t *parse_scalar(const struct gql_type *t, json_t *v, char **err)
{
    if (t->builtin != GQL_SCALAR_CUSTOM)
        return parse_builtin(t->builtin, v, err);
    if (t->parse_value)
        return t->parse_value(v, err);
    return json_incref(v);
}

static json_t *parse_enum(const struct gql_type *t, json_t *v, char **err)
{
    if (json_is_string(v) && gql_enum_value(t, json_string_value(v)))
        return json_incref(v);
    char *shown = inspect_str(v);
    if (json_is_string(v)) {
        const char **names = nt_calloc(t->nenum_values + 1, sizeof(*names));
        for (size_t i = 0; i < t->nenum_values; i++)
            names[i] = t->enum_values[i].name;
        struct nt_buf hint;
        nt_buf_init(&hint, 0);
        gql_did_you_mean(shown, names, t->nenum_values, "the enum value", &hint);
        *err = msgf("Value %s does not exist in \"%s\" enum.%s", shown, t->name, nt_buf_str(&hint));
        nt_buf_free(&hint);
        free(names);
    } else {
        *err = msgf("Enum \"%s\" cannot represent non-string value: %s.", t->name, shown);
    }
    free(shown);
    return NULL;
}

/* ---- Variables (coerceInputValue) ---- */

struct path_buf {
    char buf[512];
    size_t len;
};

static void set_error(struct gql_coerce_error *err, json_t *value, const struct path_buf *path,
                      char *message)
{
    err->value = json_incref(value);
    err->path = nt_strndup(path->buf, path->len);
    err->message = message;
}

static json_t *coerce_var(const struct gql_type *t, json_t *v, struct path_buf *path,
                          struct gql_coerce_error *err);

/* path[..saved] + "[i]", as snprintf would write it (truncated to the
 * buffer), without snprintf's cost: a list variable of 1,000 items (the
 * organisations of saker) writes it 1,000 times. */
static void path_index(struct path_buf *path, size_t saved, size_t i)
{
    char digits[24];
    size_t nd = 0;
    do {
        digits[nd++] = (char)('0' + i % 10);
        i /= 10;
    } while (i);
    char text[32];
    size_t n = 0;
    text[n++] = '[';
    while (nd)
        text[n++] = digits[--nd];
    text[n++] = ']';
    size_t room = sizeof path->buf - 1 - saved;
    if (saved >= sizeof path->buf - 1)
        room = 0;
    if (n > room)
        n = room;
    memcpy(path->buf + saved, text, n);
    path->len = saved + n;
    path->buf[path->len] = '\0';
}

static json_t *coerce_var_list(const struct gql_type *t, json_t *v, struct path_buf *path,
                               struct gql_coerce_error *err)
{
    if (!json_is_array(v)) {
        json_t *item = coerce_var(t->of_type, v, path, err);
        return item ? json_pack("[o]", item) : NULL;
    }
    json_t *out = json_array();
    size_t saved = path->len;
    for (size_t i = 0; i < json_array_size(v); i++) {
        path_index(path, saved, i);
        json_t *item = coerce_var(t->of_type, json_array_get(v, i), path, err);
        path->len = saved;
        if (!item) {
            json_decref(out);
            return NULL;
        }
        json_array_append_new(out, item);
    }
    return out;
}

static json_t *coerce_var_object(const struct gql_type *t, json_t *v, struct path_buf *path,
                                 struct gql_coerce_error *err)
{
    if (!json_is_object(v)) {
        set_error(err, v, path, msgf("Expected type \"%s\" to be an object.", t->name));
        return NULL;
    }
    json_t *out = json_object();
    size_t saved = path->len;
    for (size_t i = 0; i < t->ninput_fields; i++) {
        const struct gql_input_value *f = &t->input_fields[i];
        json_t *fv = json_object_get(v, f->name);
        json_t *c = NULL;
        if (!fv) {
            if (f->default_value) {
                char *e = NULL;
                c = gql_coerce_literal(f->type, f->default_value, NULL, &e);
                free(e);
            } else if (f->type->kind == GQL_KIND_NON_NULL) {
                char *ts = type_str(f->type);
                set_error(err, v, path,
                          msgf("Field \"%s\" of required type \"%s\" was not provided.", f->name,
                               ts));
                free(ts);
                json_decref(out);
                return NULL;
            }
            if (c)
                json_object_set_new(out, f->name, c);
            continue;
        }
        int n = snprintf(path->buf + saved, sizeof path->buf - saved, ".%s", f->name);
        path->len = saved + (n > 0 ? (size_t)n : 0);
        if (path->len >= sizeof path->buf)
            path->len = sizeof path->buf - 1;
        c = coerce_var(f->type, fv, path, err);
        path->len = saved;
        if (!c) {
            json_decref(out);
            return NULL;
        }
        json_object_set_new(out, f->name, c);
    }
    const char *k;
    json_t *fv;
    json_object_foreach(v, k, fv) {
        if (!gql_input_field(t, k)) {
            const char **names = nt_calloc(t->ninput_fields + 1, sizeof(*names));
            for (size_t i = 0; i < t->ninput_fields; i++)
                names[i] = t->input_fields[i].name;
            struct nt_buf hint;
            nt_buf_init(&hint, 0);
            gql_did_you_mean(k, names, t->ninput_fields, NULL, &hint);
            set_error(err, v, path,
                      msgf("Field \"%s\" is not defined by type \"%s\".%s", k, t->name,
                           nt_buf_str(&hint)));
            nt_buf_free(&hint);
            free(names);
            json_decref(out);
            return NULL;
        }
    }
    if (t->is_one_of && json_object_size(out) != 1) {
        set_error(err, v, path,
                  msgf("Exactly one key must be specified for OneOf type \"%s\".", t->name));
        json_decref(out);
        return NULL;
    }
    return out;
}

static json_t *coerce_var(const struct gql_type *t, json_t *v, struct path_buf *path,
                          struct gql_coerce_error *err)
{
    if (t->kind == GQL_KIND_NON_NULL) {
        if (json_is_null(v)) {
            char *ts = type_str(t);
            set_error(err, v, path, msgf("Expected non-nullable type \"%s\" not to be null.", ts));
            free(ts);
            return NULL;
        }
        return coerce_var(t->of_type, v, path, err);
    }
    if (json_is_null(v))
        return json_null();
    if (t->kind == GQL_KIND_LIST)
        return coerce_var_list(t, v, path, err);
    if (t->kind == GQL_KIND_INPUT_OBJECT)
        return coerce_var_object(t, v, path, err);
    char *msg = NULL;
    json_t *r = t->kind == GQL_KIND_ENUM ? parse_enum(t, v, &msg) : parse_scalar(t, v, &msg);
    if (!r)
        set_error(err, v, path, msg ? msg : msgf("Expected type \"%s\".", t->name));
    else
        free(msg);
    return r;
}

json_t *gql_coerce_variable(const struct gql_type *t, json_t *value, struct gql_coerce_error *err)
{
    struct path_buf path = {.len = 0};
    memset(err, 0, sizeof(*err));
    return coerce_var(t, value, &path, err);
}

void gql_coerce_error_clear(struct gql_coerce_error *err)
{
    json_decref(err->value);
    free(err->path);
    free(err->message);
    memset(err, 0, sizeof(*err));
}

json_t *gql_coerce_input(const struct gql_type *t, json_t *value, char **out_err)
{
    struct gql_coerce_error e;
    json_t *r = gql_coerce_variable(t, value, &e);
    if (!r) {
        *out_err = e.path[0] ? msgf("at \"value%s\": %s", e.path, e.message) : nt_strdup(e.message);
        gql_coerce_error_clear(&e);
    }
    return r;
}

/* ---- Literals (valueFromAST) ---- */

json_t *gql_value_untyped(const struct gql_value *v, json_t *vars)
{
    switch (v->kind) {
    case GQL_VALUE_VARIABLE: {
        json_t *x = vars ? json_object_get(vars, v->str) : NULL;
        return x ? json_incref(x) : json_null();
    }
    case GQL_VALUE_INT: {
        errno = 0;
        long long n = strtoll(v->str, NULL, 10);
        return errno ? json_real(strtod(v->str, NULL)) : json_integer(n);
    }
    case GQL_VALUE_FLOAT: return json_real(strtod(v->str, NULL));
    case GQL_VALUE_STRING: return json_stringn(v->str, v->len);
    case GQL_VALUE_BOOLEAN: return json_boolean(v->boolean);
    case GQL_VALUE_NULL: return json_null();
    case GQL_VALUE_ENUM: return json_string(v->str);
    case GQL_VALUE_LIST: {
        json_t *a = json_array();
        for (size_t i = 0; i < v->count; i++)
            json_array_append_new(a, gql_value_untyped(v->items[i], vars));
        return a;
    }
    case GQL_VALUE_OBJECT: {
        json_t *o = json_object();
        for (size_t i = 0; i < v->count; i++)
            json_object_set_new(o, v->fields[i].name, gql_value_untyped(v->fields[i].value, vars));
        return o;
    }
    }
    return json_null();
}

static bool is_missing_variable(const struct gql_value *v, json_t *vars)
{
    return v->kind == GQL_VALUE_VARIABLE && (!vars || !json_object_get(vars, v->str));
}

static char *literal_error(const char *what, const struct gql_value *v)
{
    struct nt_buf b;
    nt_buf_init(&b, 4096);
    nt_buf_printf(&b, "%s: ", what);
    gql_print_value(v, &b);
    return nt_buf_steal(&b, NULL);
}

static json_t *literal_builtin(enum gql_builtin_scalar k, const struct gql_value *v, char **err)
{
    switch (k) {
    case GQL_SCALAR_INT:
        if (v->kind == GQL_VALUE_INT) {
            errno = 0;
            long long n = strtoll(v->str, NULL, 10);
            if (!errno && n >= INT32_MIN_D && n <= INT32_MAX_D)
                return json_integer(n);
            *err = msgf("Int cannot represent non 32-bit signed integer value: %s", v->str);
            return NULL;
        }
        *err = literal_error("Int cannot represent non-integer value", v);
        return NULL;
    case GQL_SCALAR_FLOAT:
        if (v->kind == GQL_VALUE_INT || v->kind == GQL_VALUE_FLOAT) {
            double d = strtod(v->str, NULL);
            if (isfinite(d))
                return v->kind == GQL_VALUE_INT && fabs(d) < 9e15 ? json_integer((json_int_t)d)
                                                                  : json_real(d);
        }
        *err = literal_error("Float cannot represent non numeric value", v);
        return NULL;
    case GQL_SCALAR_STRING:
        if (v->kind == GQL_VALUE_STRING)
            return json_stringn(v->str, v->len);
        *err = literal_error("String cannot represent a non string value", v);
        return NULL;
    case GQL_SCALAR_BOOLEAN:
        if (v->kind == GQL_VALUE_BOOLEAN)
            return json_boolean(v->boolean);
        *err = literal_error("Boolean cannot represent a non boolean value", v);
        return NULL;
    case GQL_SCALAR_ID:
        if (v->kind == GQL_VALUE_STRING)
            return json_stringn(v->str, v->len);
        if (v->kind == GQL_VALUE_INT)
            return json_string(v->str);
        *err = literal_error("ID cannot represent a non-string and non-integer value", v);
        return NULL;
    case GQL_SCALAR_CUSTOM: break;
    }
    return NULL;
}

static json_t *literal_object(const struct gql_type *t, const struct gql_value *v, json_t *vars,
                              char **err)
{
    if (v->kind != GQL_VALUE_OBJECT) {
        *err = msgf("Expected value of type \"%s\"", t->name);
        return NULL;
    }
    json_t *out = json_object();
    for (size_t i = 0; i < t->ninput_fields; i++) {
        const struct gql_input_value *f = &t->input_fields[i];
        const struct gql_value *fv = NULL;
        for (size_t j = 0; j < v->count; j++)
            if (strcmp(v->fields[j].name, f->name) == 0)
                fv = v->fields[j].value;
        json_t *c = NULL;
        if (!fv || is_missing_variable(fv, vars)) {
            if (f->default_value)
                c = gql_coerce_literal(f->type, f->default_value, NULL, err);
            else if (f->type->kind == GQL_KIND_NON_NULL)
                *err = msgf("Field \"%s.%s\" of required type was not provided.", t->name, f->name);
            else
                continue;
        } else {
            c = gql_coerce_literal(f->type, fv, vars, err);
        }
        if (!c) {
            json_decref(out);
            return NULL;
        }
        json_object_set_new(out, f->name, c);
    }
    for (size_t j = 0; j < v->count; j++) {
        if (!gql_input_field(t, v->fields[j].name)) {
            *err = msgf("Field \"%s\" is not defined by type \"%s\".", v->fields[j].name, t->name);
            json_decref(out);
            return NULL;
        }
    }
    if (t->is_one_of && json_object_size(out) != 1) {
        *err = msgf("OneOf Input Object \"%s\" must specify exactly one key.", t->name);
        json_decref(out);
        return NULL;
    }
    return out;
}

static json_t *literal_list(const struct gql_type *t, const struct gql_value *v, json_t *vars,
                            char **err)
{
    if (v->kind != GQL_VALUE_LIST) {
        json_t *item = gql_coerce_literal(t->of_type, v, vars, err);
        return item ? json_pack("[o]", item) : NULL;
    }
    json_t *out = json_array();
    for (size_t i = 0; i < v->count; i++) {
        json_t *item;
        if (is_missing_variable(v->items[i], vars)) {
            if (t->of_type->kind == GQL_KIND_NON_NULL) {
                *err = msgf("Expected a value for a non-null list item.");
                json_decref(out);
                return NULL;
            }
            item = json_null();
        } else {
            item = gql_coerce_literal(t->of_type, v->items[i], vars, err);
        }
        if (!item) {
            json_decref(out);
            return NULL;
        }
        json_array_append_new(out, item);
    }
    return out;
}

json_t *gql_coerce_literal(const struct gql_type *t, const struct gql_value *v, json_t *vars,
                           char **err)
{
    if (v->kind == GQL_VALUE_VARIABLE) {
        json_t *x = vars ? json_object_get(vars, v->str) : NULL;
        if (!x) {
            *err = msgf("Variable \"$%s\" has no value.", v->str);
            return NULL;
        }
        if (json_is_null(x) && t->kind == GQL_KIND_NON_NULL) {
            *err = msgf("Variable \"$%s\" must not be null.", v->str);
            return NULL;
        }
        /* Variables are coerced already (CoerceVariableValues). */
        return json_incref(x);
    }
    if (t->kind == GQL_KIND_NON_NULL) {
        if (v->kind == GQL_VALUE_NULL) {
            char *ts = type_str(t);
            *err = msgf("Expected value of type \"%s\", found null.", ts);
            free(ts);
            return NULL;
        }
        return gql_coerce_literal(t->of_type, v, vars, err);
    }
    if (v->kind == GQL_VALUE_NULL)
        return json_null();
    switch (t->kind) {
    case GQL_KIND_LIST: return literal_list(t, v, vars, err);
    case GQL_KIND_INPUT_OBJECT: return literal_object(t, v, vars, err);
    case GQL_KIND_ENUM:
        if (v->kind == GQL_VALUE_ENUM && gql_enum_value(t, v->str))
            return json_string(v->str);
        *err = msgf("Value does not exist in \"%s\" enum.", t->name);
        return NULL;
    case GQL_KIND_SCALAR:
        if (t->builtin != GQL_SCALAR_CUSTOM)
            return literal_builtin(t->builtin, v, err);
        {
            json_t *raw = gql_value_untyped(v, vars);
            json_t *r = t->parse_value ? t->parse_value(raw, err) : json_incref(raw);
            json_decref(raw);
            return r;
        }
    default:
        *err = msgf("Type \"%s\" is not an input type.", t->name ? t->name : "?");
        return NULL;
    }
}

/* ---- Output (serialize) ---- */

static bool numeric_string(json_t *v, double *out)
{
    const char *s = json_string_value(v);
    if (!s || !*s)
        return false;
    char *end;
    double d = strtod(s, &end);
    if (*end)
        return false;
    *out = d;
    return true;
}

static json_t *serialize_builtin(enum gql_builtin_scalar k, json_t *v, char **err)
{
    double d = 0;
    char *shown = NULL;
    json_t *r = NULL;
    switch (k) {
    case GQL_SCALAR_INT:
        if (json_is_boolean(v))
            return json_integer(json_is_true(v));
        {
            bool have = number_of(v, &d) || numeric_string(v, &d);
            r = int32_of(v, have, d, err);
        }
        break;
    case GQL_SCALAR_FLOAT:
        if (json_is_boolean(v))
            return json_integer(json_is_true(v));
        if ((!number_of(v, &d) && !numeric_string(v, &d)) || !isfinite(d))
            *err = msgf("Float cannot represent non numeric value: %s", shown = inspect_str(v));
        else
            r = json_is_integer(v) ? json_incref(v) : json_real(d);
        break;
    case GQL_SCALAR_STRING:
        if (json_is_string(v))
            return json_incref(v);
        if (json_is_boolean(v))
            return json_string(json_is_true(v) ? "true" : "false");
        if (number_of(v, &d)) {
            struct nt_buf b;
            nt_buf_init(&b, 0);
            gql_format_number(d, &b);
            r = json_string(nt_buf_str(&b));
            nt_buf_free(&b);
            return r;
        }
        *err = msgf("String cannot represent value: %s", shown = inspect_str(v));
        break;
    case GQL_SCALAR_BOOLEAN:
        if (json_is_boolean(v))
            return json_incref(v);
        if (number_of(v, &d) && isfinite(d))
            return json_boolean(d != 0);
        *err = msgf("Boolean cannot represent a non boolean value: %s", shown = inspect_str(v));
        break;
    case GQL_SCALAR_ID:
        if (json_is_string(v))
            return json_incref(v);
        if (json_is_integer(v))
            return json_sprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
        if (json_is_real(v) && json_real_value(v) == floor(json_real_value(v)))
            return json_sprintf("%.0f", json_real_value(v));
        *err = msgf("ID cannot represent value: %s", shown = inspect_str(v));
        break;
    case GQL_SCALAR_CUSTOM: break;
    }
    free(shown);
    return r;
}

json_t *gql_serialize_leaf(const struct gql_type *t, json_t *v, char **err)
{
    if (t->kind == GQL_KIND_ENUM) {
        if (json_is_string(v) && gql_enum_value(t, json_string_value(v)))
            return json_incref(v);
        char *shown = inspect_str(v);
        *err = msgf("Enum \"%s\" cannot represent value: %s", t->name, shown);
        free(shown);
        return NULL;
    }
    if (t->builtin != GQL_SCALAR_CUSTOM)
        return serialize_builtin(t->builtin, v, err);
    if (t->serialize)
        return t->serialize(v, err);
    return json_incref(v);
}
