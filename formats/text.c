/* formats/text.c — names in JSON and HTML. A file name is bytes, and JSON
 * and HTML text must be UTF-8: a name that is not valid UTF-8 is written
 * as text with each bad byte replaced by U+FFFD, and its exact bytes
 * beside it in KEY_bytes ("\xNN" for a byte that is not valid UTF-8 or is
 * a control character, "\\" for a backslash: what printf '%b' undoes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "formats_impl.h"

#define REPLACEMENT "\xEF\xBF\xBD"   /* U+FFFD */

size_t tc_formats__utf8_len(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned char lo = 0x80, hi = 0xBF;
    size_t n;
    if (u[0] < 0x80)
        return 1;
    if (u[0] >= 0xC2 && u[0] <= 0xDF)
        n = 2;
    else if (u[0] >= 0xE0 && u[0] <= 0xEF)
        n = 3;
    else if (u[0] >= 0xF0 && u[0] <= 0xF4)
        n = 4;
    else
        return 0;
    /* no overlong forms, no surrogates, nothing over U+10FFFF */
    if (u[0] == 0xE0)
        lo = 0xA0;
    else if (u[0] == 0xED)
        hi = 0x9F;
    else if (u[0] == 0xF0)
        lo = 0x90;
    else if (u[0] == 0xF4)
        hi = 0x8F;
    if (u[1] < lo || u[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (u[i] < 0x80 || u[i] > 0xBF)
            return 0;
    return n;
}

int tc_formats__utf8_valid(const char *s)
{
    for (size_t n; *s; s += n)
        if (!(n = tc_formats__utf8_len(s)))
            return 0;
    return 1;
}

/* `s` as valid UTF-8: a bad byte as U+FFFD, or (`lossless`) as "\xNN",
 * with "\\" for a backslash and "\xNN" for a control character. */
static char *to_utf8(const char *s, int lossless)
{
    char *out = malloc(strlen(s) * 4 + 1), *o = out;
    if (!out)
        return NULL;
    while (*s) {
        size_t n = tc_formats__utf8_len(s);
        unsigned char c = (unsigned char)*s;
        if (lossless && c == '\\') {
            memcpy(o, "\\\\", 2);
            o += 2;
            n = 1;
        } else if (lossless && (!n || c < 0x20 || c == 0x7f)) {
            snprintf(o, 5, "\\x%02x", c);
            o += 4;
            n = 1;
        } else if (!n) {
            memcpy(o, REPLACEMENT, 3);
            o += 3;
            n = 1;
        } else {
            memcpy(o, s, n);
            o += n;
        }
        s += n;
    }
    *o = '\0';
    return out;
}

char *tc_formats__utf8_text(const char *s)
{
    return to_utf8(s, 0);
}

char *tc_formats__bytes_escaped(const char *s)
{
    return to_utf8(s, 1);
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int tc_formats__bytes_unescape(const char *esc, char *out, size_t cap)
{
    size_t k = 0;
    while (*esc) {
        int c = (unsigned char)*esc++;
        if (c == '\\') {
            int h, l;
            if (*esc == '\\') {
                esc++;
            } else if (*esc == 'x' && (h = hex_digit(esc[1])) >= 0 &&
                       (l = hex_digit(esc[2])) >= 0 && (h || l)) {
                c = h * 16 + l;
                esc += 3;
            } else {
                return 0;
            }
        }
        if (k + 1 >= cap)
            return 0;
        out[k++] = (char)c;
    }
    if (!cap)
        return 0;
    out[k] = '\0';
    return 1;
}

json_object *tc_formats__str(const char *s)
{
    char *t;
    json_object *o;
    if (tc_formats__utf8_valid(s))
        return json_object_new_string(s);
    if (!(t = tc_formats__utf8_text(s)))
        return NULL;
    o = json_object_new_string(t);
    free(t);
    return o;
}

void tc_formats__add_name(json_object *obj, const char *key, const char *s)
{
    char bkey[80], *b;
    json_object_object_add(obj, key, tc_formats__str(s));
    if (tc_formats__utf8_valid(s) || !(b = tc_formats__bytes_escaped(s)))
        return;
    tc__fmt(bkey, sizeof bkey, "%s_bytes", key);
    json_object_object_add(obj, bkey, json_object_new_string(b));
    free(b);
}

int tc_formats__get_name(json_object *obj, const char *key, char *out, size_t cap)
{
    char bkey[80];
    json_object *v;
    tc__fmt(bkey, sizeof bkey, "%s_bytes", key);
    if (json_object_object_get_ex(obj, bkey, &v) && json_object_is_type(v, json_type_string) &&
        tc_formats__bytes_unescape(json_object_get_string(v), out, cap))
        return 1;
    if (!json_object_object_get_ex(obj, key, &v) || !json_object_is_type(v, json_type_string))
        return 0;
    tc__fmt(out, cap, "%s", json_object_get_string(v));
    return 1;
}
