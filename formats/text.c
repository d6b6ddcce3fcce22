/* formats/text.c — names in JSON, HTML and on a terminal. A file name is
 * bytes, and JSON and HTML text must be UTF-8: a name that is not valid
 * UTF-8 is written as text with each bad byte replaced by U+FFFD, and its
 * exact bytes beside it in KEY_bytes ("\xNN" for a byte that is not valid
 * UTF-8, a control character or a bidi control, "\\" for a backslash: what
 * printf '%b' undoes). A terminal is shown that same escaped form, so no
 * name can move the cursor, recolour the screen, forge a line or reorder
 * the text around it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "formats.h"
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

unsigned tc_formats__hidden_control(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned cp;
    if (n == 2)
        cp = (u[0] & 0x1fu) << 6 | (u[1] & 0x3fu);
    else if (n == 3)
        cp = (u[0] & 0x0fu) << 12 | (u[1] & 0x3fu) << 6 | (u[2] & 0x3fu);
    else
        return 0;
    if ((cp >= 0x80 && cp <= 0x9f) || cp == 0x61c || cp == 0x200e || cp == 0x200f ||
        (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
        return cp;
    return 0;
}

/* How the character at `s` is shown: into p (at most 12 bytes and a
 * NUL), its length; *used is set to the bytes of `s` it stands for. Not
 * `lossless`: a bad byte as U+FFFD, the rest as it is. `lossless`: "\\"
 * for a backslash, "\xNN" for each byte of a bad sequence, a C0 control,
 * DEL or a hidden control (tc_formats__hidden_control). */
static size_t piece(const char *s, int lossless, char *p, size_t *used)
{
    size_t n = tc_formats__utf8_len(s), k = 0;
    unsigned char c = (unsigned char)*s;
    *used = n ? n : 1;
    if (lossless && c == '\\') {
        memcpy(p, "\\\\", 2);
        return 2;
    }
    if (lossless && (!n || c < 0x20 || c == 0x7f || tc_formats__hidden_control(s, n))) {
        for (size_t i = 0; i < *used; i++, k += 4)
            snprintf(p + k, 5, "\\x%02x", (unsigned char)s[i]);
        return k;
    }
    if (!n) {
        memcpy(p, REPLACEMENT, 3);
        return 3;
    }
    memcpy(p, s, n);
    return n;
}

/* `s` shown piece by piece into out[cap] (cap >= 1), whole when it fits,
 * else cut after a whole piece and ended with "..." (when cap > 3). */
static char *escape_into(char *out, size_t cap, const char *s, int lossless)
{
    char p[17];
    size_t len = 0, used, total = 0, room = cap - 1;
    for (const char *t = s; *t; t += used)
        total += piece(t, lossless, p, &used);
    if (total > room)
        room = cap > 3 ? cap - 4 : room;
    for (size_t k; *s && len + (k = piece(s, lossless, p, &used)) <= room; s += used) {
        memcpy(out + len, p, k);
        len += k;
    }
    if (total > cap - 1 && cap > 3) {
        memcpy(out + len, "...", 3);
        len += 3;
    }
    out[len] = '\0';
    return out;
}

/* `s` as valid UTF-8, malloc'd (piece()). */
static char *to_utf8(const char *s, int lossless)
{
    size_t cap = strlen(s) * 4 + 1;
    char *out = malloc(cap);
    return out ? escape_into(out, cap, s, lossless) : NULL;
}

char *tc_formats__utf8_text(const char *s)
{
    return to_utf8(s, 0);
}

char *tc_formats__bytes_escaped(const char *s)
{
    return to_utf8(s, 1);
}

const char *tc_terminal_text(char *out, size_t cap, const char *s)
{
    if (!cap)
        return "";
    return escape_into(out, cap, s ? s : "", 1);
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
