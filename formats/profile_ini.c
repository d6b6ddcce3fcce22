/* formats/profile_ini.c — the exercise profile file, read with inih
 * (Debian's libinih: small, well-kept, and it reports the first bad line). */
#include "formats/formats.h"

#include <ctype.h>
#include <errno.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

typedef struct parse_state {
    tc_profile *p;
    int         rc;                 /* first failure */
    char        section[64], key[64];
    char        msg[192];
} parse_state;

static int on_key(void *user, const char *section, const char *name, const char *value)
{
    parse_state *st = user;
    char msg[192];
    int rc = tc_profile_set(st->p, section, name, value, msg, sizeof msg);
    if (rc < 0 && st->rc == TC_OK) {
        st->rc = rc;
        tc__fmt(st->section, sizeof st->section, "%s", section);
        tc__fmt(st->key, sizeof st->key, "%s", name);
        tc__fmt(st->msg, sizeof st->msg, "%s", msg);
    }
    return rc == TC_OK;
}

/* The line where `key` is set inside [section] (inih reports only the
 * first failing line number, not which kind of failure it was). */
static int key_line(const char *text, const char *section, const char *key)
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
            const char *close = memchr(q, ']', (size_t)(p + n - q));
            size_t m = close ? (size_t)(close - q - 1) : 0;
            const char *s0 = q + 1;
            while (m && isspace((unsigned char)*s0)) { s0++; m--; }
            while (m && isspace((unsigned char)s0[m - 1])) m--;
            if (m >= sizeof cur)
                m = sizeof cur - 1;
            memcpy(cur, s0, m);
            cur[m] = '\0';
        } else if (!strcmp(cur, section)) {
            size_t k = strlen(key);
            if ((size_t)(p + n - q) >= k && !strncmp(q, key, k)) {
                const char *r = q + k;
                while (r < p + n && (*r == ' ' || *r == '\t'))
                    r++;
                if (r < p + n && (*r == '=' || *r == ':'))
                    return line;
            }
        }
        if (!end)
            break;
        p = end + 1;
    }
    return 0;
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
    buf = malloc(len + 1);               /* inih wants a C string */
    if (!buf)
        return TC_ENOMEM;
    memcpy(buf, text, len);
    buf[len] = '\0';
    line = ini_parse_string(buf, on_key, &st);
    if (line != 0) {
        int kl = st.rc < 0 ? key_line(buf, st.section, st.key) : 0;
        if (st.rc < 0 && (kl == line || kl == 0)) {
            tc__fmt(err, errcap, "%s:%d: [%s] %s", name, line, st.section, st.msg);
            rc = st.rc;
        } else {
            tc__fmt(err, errcap, "%s:%d: not 'key = value', '[section]' or a "
                    "'#'/';' comment", name, line);
            rc = TC_EFORMAT;
        }
        free(buf);
        return rc;
    }
    free(buf);
    rc = tc_profile_validate(out, st.msg, sizeof st.msg);
    if (rc < 0)
        tc__fmt(err, errcap, "%s: %s", name, st.msg);
    return rc;
}

int tc_profile_load(tc_profile *out, const char *path, char *err, size_t errcap)
{
    uint8_t *data = NULL;
    size_t size = 0;
    int rc = tc__read_file(&data, &size, path, (size_t)1 << 20);
    if (rc < 0) {
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
