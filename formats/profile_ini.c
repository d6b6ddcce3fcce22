/* formats/profile_ini.c — the exercise profile file, read with inih
 * (Debian's libinih: small, well-kept, and it reports the first bad line). */
#include "formats/formats.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "formats/formats_impl.h"

/* Keys a profile can set: every one is in tc_profile_visit's list, and an
 * unknown key ends the parse, so the keys seen never outnumber these. */
#define SEEN_MAX 64

typedef struct parse_state {
    tc_profile *p;
    int         rc;                 /* first failure */
    int         dup;                /* it was a key given twice in its section */
    char        section[64], key[64];
    char        msg[192];
    char        seen[SEEN_MAX][2][64];   /* [section] and key of each key set */
    int         n_seen;
} parse_state;

/* A number as profile files write it: decimal digits, an optional point
 * and exponent (strtod alone would also take 0x10 as 16, or 0x1p4). */
static int is_decimal(const char *s)
{
    int digits = 0;
    if (*s == '+' || *s == '-')
        s++;
    for (; isdigit((unsigned char)*s); s++)
        digits++;
    if (*s == '.')
        for (s++; isdigit((unsigned char)*s); s++)
            digits++;
    if (!digits)
        return 0;
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!isdigit((unsigned char)*s))
            return 0;
        while (isdigit((unsigned char)*s))
            s++;
    }
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == '\0';
}

int tc_formats__profile_set(tc_profile *p, const char *section, const char *key,
                            const char *value, char *err, size_t errcap)
{
    if (value[0] && strchr("+-.0123456789", value[0]) && !is_decimal(value)) {
        tc__fmt(err, errcap, "%s = '%s': not a decimal number (profile numbers are "
                "written like 16, 0.5 or 1e-3)", key, value);
        return TC_EFORMAT;
    }
    return tc_profile_set(p, section, key, value, err, errcap);
}

/* Whether [section] key was set before (in this section or in an earlier
 * opening of it); if not, it is remembered. */
static int seen_before(parse_state *st, const char *section, const char *key)
{
    for (int i = 0; i < st->n_seen; i++)
        if (!strcmp(st->seen[i][0], section) && !strcmp(st->seen[i][1], key))
            return 1;
    if (st->n_seen < SEEN_MAX) {
        tc__fmt(st->seen[st->n_seen][0], sizeof st->seen[0][0], "%s", section);
        tc__fmt(st->seen[st->n_seen][1], sizeof st->seen[0][1], "%s", key);
        st->n_seen++;
    }
    return 0;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    parse_state *st = user;
    char msg[192] = "";
    int dup = seen_before(st, section, name);
    int rc = dup ? TC_EFORMAT
                 : tc_formats__profile_set(st->p, section, name, value, msg, sizeof msg);
    if (rc < 0 && st->rc == TC_OK) {
        st->rc = rc;
        st->dup = dup;
        tc__fmt(st->section, sizeof st->section, "%s", section);
        tc__fmt(st->key, sizeof st->key, "%s", name);
        tc__fmt(st->msg, sizeof st->msg, "%s", msg);
    }
    return rc == TC_OK;
}

/* The longest line inih reads whole: it reads a line into INI_MAX_LINE
 * bytes with its "\r\n" and NUL, and the rest of a longer one as the
 * next line (wrong key, wrong line numbers after it). */
#define LINE_MAX_CHARS (INI_MAX_LINE - 3)

/* The section a "[section]" line opens into `cur` (cut to fit). */
static void section_name(char *cur, size_t cap, const char *q, const char *eol)
{
    const char *close = memchr(q, ']', (size_t)(eol - q));
    size_t m = close ? (size_t)(close - q - 1) : 0;
    const char *s0 = q + 1;
    while (m && isspace((unsigned char)*s0)) { s0++; m--; }
    while (m && isspace((unsigned char)s0[m - 1])) m--;
    if (m >= cap)
        m = cap - 1;
    memcpy(cur, s0, m);
    cur[m] = '\0';
}

/* Why line `line` (q..eol, `n` bytes) cannot be read: it holds a NUL or is
 * too long (`cut`: it runs on past what was read of the file); 0 if fine. */
static int bad_line(const char *q, const char *eol, size_t n, int cut, int line,
                    const char *name, const char *section, char *err, size_t errcap)
{
    const char *eq;
    size_t k;
    if (memchr(q, '\0', n)) {
        tc__fmt(err, errcap, "%s:%d: a NUL byte (a profile is text)", name, line);
        return TC_EFORMAT;
    }
    if (n <= LINE_MAX_CHARS)
        return 0;
    while (q < eol && isspace((unsigned char)*q))
        q++;
    eq = q;
    while (eq < eol && eq - q < 64 && *eq != '=' && *eq != ':')
        eq++;
    for (k = (size_t)(eq - q); k && isspace((unsigned char)q[k - 1]);)
        k--;
    if (eq < eol && (*eq == '=' || *eq == ':') && k && *q != '#' && *q != ';')
        tc__fmt(err, errcap, "%s:%d: [%s] %.*s: line too long (%s%zu bytes; at most %d)",
                name, line, section, (int)k, q, cut ? "over " : "", n, LINE_MAX_CHARS);
    else
        tc__fmt(err, errcap, "%s:%d: line too long (%s%zu bytes; at most %d)", name, line,
                cut ? "over " : "", n, LINE_MAX_CHARS);
    return TC_EFORMAT;
}

/* Every line of text[0..len) whole for inih: no NUL, none too long; `cut`:
 * the text is the start of a longer file. TC_EFORMAT naming the line. */
static int check_lines(const char *text, size_t len, int cut, const char *name,
                       char *err, size_t errcap)
{
    char cur[64] = "";
    const char *p = text, *end = text + len;
    for (int line = 1; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end, *q = p;
        size_t n = (size_t)(eol - p);
        int rc;
        if (n && p[n - 1] == '\r')
            n--;
        rc = bad_line(p, p + n, n, cut && !nl, line, name, cur, err, errcap);
        if (rc < 0)
            return rc;
        while (q < eol && isspace((unsigned char)*q))
            q++;
        if (q < eol && *q == '[')
            section_name(cur, sizeof cur, q, eol);
        if (!nl)
            break;
        p = nl + 1;
    }
    return TC_OK;
}

/* The first line after line `after` where `key` is set inside [section]
 * (inih reports only the first failing line number, not which kind of
 * failure it was); 0 if none. */
static int key_line(const char *text, const char *section, const char *key, int after)
{
    char cur[64] = "";
    int line = 0;
    const char *p = text;
    while (*p) {
        const char *end = strchr(p, '\n'), *q = p;
        size_t n = end ? (size_t)(end - p) : strlen(p);
        line++;
        while (q < p + n && isspace((unsigned char)*q))
            q++;
        if (*q == '[') {
            section_name(cur, sizeof cur, q, p + n);
        } else if (!strcmp(cur, section)) {
            size_t k = strlen(key);
            if ((size_t)(p + n - q) >= k && !strncmp(q, key, k)) {
                const char *r = q + k;
                while (r < p + n && (*r == ' ' || *r == '\t'))
                    r++;
                if (r < p + n && (*r == '=' || *r == ':') && line > after)
                    return line;
            }
        }
        if (!end)
            break;
        p = end + 1;
    }
    return 0;
}

/* inih stopped at `line` of `text`: the message for it, and its code. */
static int parse_error(const parse_state *st, const char *text, int line, const char *name,
                       char *err, size_t errcap)
{
    int kl = st->rc < 0 ? key_line(text, st->section, st->key, 0) : 0;
    if (st->dup && kl && key_line(text, st->section, st->key, kl) == line) {
        tc__fmt(err, errcap, "%s:%d: [%s] %s given twice, first on line %d", name, line,
                st->section, st->key, kl);
        return st->rc;
    }
    if (st->rc < 0 && !st->dup && (kl == line || kl == 0)) {
        tc__fmt(err, errcap, "%s:%d: [%s] %s", name, line, st->section, st->msg);
        return st->rc;
    }
    tc__fmt(err, errcap, "%s:%d: not 'key = value', '[section]' or a '#'/';' comment",
            name, line);
    return TC_EFORMAT;
}

int tc_profile_parse(tc_profile *out, const char *text, size_t len,
                     const char *name, char *err, size_t errcap)
{
    parse_state st;
    char *buf;
    int line, rc;

    tc_profile_defaults(out);
    memset(&st, 0, sizeof st);
    st.p = out;
    rc = check_lines(text, len, 0, name, err, errcap);
    if (rc < 0)
        return rc;
    buf = malloc(len + 1);               /* inih wants a C string */
    if (!buf)
        return TC_ENOMEM;
    memcpy(buf, text, len);
    buf[len] = '\0';
    line = ini_parse_string(buf, on_key, &st);
    rc = line != 0 ? parse_error(&st, buf, line, name, err, errcap) : TC_OK;
    free(buf);
    if (rc < 0)
        return rc;
    rc = tc_profile_validate(out, st.msg, sizeof st.msg);
    if (rc < 0)
        tc__fmt(err, errcap, "%s: %s", name, st.msg);
    return rc;
}

/* A file over `cap` bytes: the line that made it so, read from its first
 * `cap` bytes, or that it is too large. */
static int too_large(const char *path, size_t cap, char *err, size_t errcap)
{
    FILE *f = fopen(path, "rb");
    char *head = malloc(cap);
    size_t got = f && head ? fread(head, 1, cap, f) : 0;
    int rc = got ? check_lines(head, got, 1, path, err, errcap) : TC_OK;
    if (rc == TC_OK) {
        tc__fmt(err, errcap, "%s: over %zu bytes (a profile is a few kB of text)", path, cap);
        rc = TC_ERANGE;
    }
    if (f)
        fclose(f);
    free(head);
    return rc;
}

int tc_profile_load(tc_profile *out, const char *path, char *err, size_t errcap)
{
    uint8_t *data = NULL;
    size_t size = 0, cap = (size_t)1 << 20;
    int rc = tc__read_file(&data, &size, path, cap);
    if (rc < 0) {
        if (rc == TC_ERANGE)
            rc = too_large(path, cap, err, errcap);
        else
            tc__fmt(err, errcap, "%s: %s", path, tc_strerror(rc));
        tc_profile_defaults(out);
        return rc;
    }
    rc = tc_profile_parse(out, (const char *)data, size, path, err, errcap);
    free(data);
    return rc;
}

typedef struct write_state {
    FILE       *to;
    const char *section;
} write_state;

static void write_key(void *user, const char *section, const char *key,
                      const char *value, const char *help)
{
    write_state *ws = user;
    if (!ws->section || strcmp(ws->section, section)) {
        fprintf(ws->to, "%s[%s]\n", ws->section ? "\n" : "", section);
        ws->section = section;
    }
    fprintf(ws->to, "# %s\n%s = %s\n", help, key, value);
}

void tc_profile_write(FILE *to, const tc_profile *p)
{
    write_state ws = { to, NULL };
    fprintf(to, "# tuckcam exercise profile (see README, \"Exercise profile\")\n");
    tc_profile_visit(p, write_key, &ws);
}
