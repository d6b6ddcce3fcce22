/* formats/motion.c — the motion script of a ground-truth fixture: parse
 * (line by line, every number range-checked) and evaluate. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scorer.h"
#include "core/util.h"
#include "formats/fixture.h"

#define MAX_TOKENS 32
#define MAX_LINE   1024
#define MAX_KEYS   100000
#define MAX_REPS   10000
#define PAUSE_S    0.35   /* one stop inside a stop-and-go glide */

static const char *const channel_names[TC_CH_COUNT] = {
    "retraction", "pitch", "yaw", "shrug", "lean", "lift", "shift", "hand", "rise",
};

/* Plausible bounds of each channel (a script outside them is a typo). */
static const double channel_lim[TC_CH_COUNT] = { 200, 90, 90, 100, 300, 100, 2, 1, 2 };
/* ... and the low bound of those that are not symmetric (hand: 0..1). */
static double channel_lo(int ch)
{
    return ch == TC_CH_HAND ? 0 : -channel_lim[ch];
}

const char *tc_channel_name(tc_channel c)
{
    return (unsigned)c < TC_CH_COUNT ? channel_names[c] : NULL;
}

typedef struct key {
    double t, v;
} key;

typedef struct track {
    key   *k;
    size_t n, cap;
} track;

struct tc_motion {
    tc_motion_scene scene;
    track           tracks[TC_CH_COUNT];
    tc_motion_rep  *reps;
    size_t          n_reps, cap_reps;
};

typedef struct parser {
    tc_motion  *m;
    const char *name;
    int         line;
    char       *err;
    size_t      errcap;
    int         camera_line;   /* where `camera` was given (0: not yet) */
} parser;

static int fail(parser *p, int code, const char *fmt, ...) TC_PRINTF(3, 4);
static int fail(parser *p, int code, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    tc__fmt(p->err, p->errcap, "%s:%d: %s", p->name, p->line, msg);
    return code;
}

/* A whole token as a finite number in [lo, hi]. */
static int num(parser *p, const char *tok, const char *what, double lo, double hi,
               double *out)
{
    char *end;
    double v;
    errno = 0;
    v = strtod(tok, &end);
    if (end == tok || *end || errno == ERANGE || !isfinite(v))
        return fail(p, TC_EFORMAT, "%s: '%s' is not a number", what, tok);
    if (v < lo || v > hi)
        return fail(p, TC_ERANGE, "%s: %g is outside %g..%g", what, v, lo, hi);
    *out = v;
    return TC_OK;
}

static int integer(parser *p, const char *tok, const char *what, double lo,
                   double hi, int *out)
{
    double v = 0;
    int rc = num(p, tok, what, lo, hi, &v);
    if (rc < 0)
        return rc;
    if (v != floor(v))
        return fail(p, TC_EFORMAT, "%s: '%s' is not a whole number", what, tok);
    *out = (int)v;
    return TC_OK;
}

/* A photo name: letters, digits, '_', '-', '.', not starting with '.'. */
static int name_tok(parser *p, const char *tok, char *out, size_t cap)
{
    size_t n = strlen(tok);
    if (n == 0 || n >= cap || tok[0] == '.')
        return fail(p, TC_EINVAL, "bad name '%s' (1..%zu characters)", tok, cap - 1);
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)tok[i]) && !strchr("_-.", tok[i]))
            return fail(p, TC_EINVAL, "bad name '%s': letters, digits, _ - . only", tok);
    memcpy(out, tok, n + 1);
    return TC_OK;
}

static int channel_of(const char *name, size_t len)
{
    if (len == 5 && !strncmp(name, "depth", 5))
        return TC_CH_RETRACTION;
    for (int c = 0; c < TC_CH_COUNT; c++)
        if (strlen(channel_names[c]) == len && !strncmp(name, channel_names[c], len))
            return c;
    return -1;
}

static int add_key(parser *p, int ch, double t, double v)
{
    track *tr = &p->m->tracks[ch];
    size_t total = 0;
    for (int c = 0; c < TC_CH_COUNT; c++)
        total += p->m->tracks[c].n;
    if (total >= MAX_KEYS)
        return fail(p, TC_ERANGE, "more than %d keyframes", MAX_KEYS);
    if (tr->n && t < tr->k[tr->n - 1].t)
        return fail(p, TC_EINVAL, "%s key at %g s comes before the one at %g s",
                    channel_names[ch], t, tr->k[tr->n - 1].t);
    if (tr->n == tr->cap) {
        size_t cap = tr->cap ? 2 * tr->cap : 16;
        key *k = realloc(tr->k, cap * sizeof *k);
        if (!k)
            return fail(p, TC_ENOMEM, "out of memory");
        tr->k = k;
        tr->cap = cap;
    }
    tr->k[tr->n++] = (key){ t, v };
    return TC_OK;
}

static int stmt_key(parser *p, char **tok, int n)
{
    double t;
    int rc;
    if (n < 3)
        return fail(p, TC_EFORMAT, "key wants a time and CHANNEL=VALUE pairs");
    if ((rc = num(p, tok[1], "key time", 0, 1e5, &t)) < 0)
        return rc;
    for (int i = 2; i < n; i++) {
        const char *eq = strchr(tok[i], '=');
        int ch = eq ? channel_of(tok[i], (size_t)(eq - tok[i])) : -1;
        double v;
        if (ch < 0)
            return fail(p, TC_EINVAL, "'%s': want CHANNEL=VALUE, CHANNEL one of "
                        "retraction pitch yaw shrug lean lift shift hand rise", tok[i]);
        if ((rc = num(p, eq + 1, channel_names[ch], channel_lo(ch),
                      channel_lim[ch], &v)) < 0 ||
            (rc = add_key(p, ch, t, v)) < 0)
            return rc;
    }
    return TC_OK;
}

static int faults_of(parser *p, const char *list, unsigned *out)
{
    char buf[256];
    size_t n = strlen(list);
    if (n >= sizeof buf)
        return fail(p, TC_EINVAL, "faults list too long");
    memcpy(buf, list, n + 1);
    *out = 0;
    if (!strcmp(buf, "none"))
        return TC_OK;
    for (char *save = NULL, *f = strtok_r(buf, ",", &save); f;
         f = strtok_r(NULL, ",", &save)) {
        int id = tc_fault_from_name(f);
        if (id < 0)
            return fail(p, TC_EINVAL, "unknown fault '%s'", f);
        *out |= 1u << id;
    }
    return TC_OK;
}

static int stmt_rep(parser *p, char **tok, int n)
{
    tc_motion *m = p->m;
    tc_motion_rep r;
    double start, phase[3] = { -1, -1, -1 };
    static const char *const phase_names[3] = { "retract", "hold", "return" };
    int rc;

    memset(&r, 0, sizeof r);
    r.cva_change_deg[0] = r.cva_change_deg[1] = NAN;   /* the generator's to say */
    if (n < 2)
        return fail(p, TC_EFORMAT, "rep wants a start time and retract= hold= return=");
    if ((rc = num(p, tok[1], "rep start", 0, 1e5, &start)) < 0)
        return rc;
    for (int i = 2; i < n; i++) {
        const char *eq = strchr(tok[i], '=');
        size_t klen = eq ? (size_t)(eq - tok[i]) : 0;
        int ch = eq ? channel_of(tok[i], klen) : -1, done = 0;
        if (!eq)
            return fail(p, TC_EFORMAT, "'%s': want NAME=VALUE", tok[i]);
        for (int k = 0; k < 3 && !done; k++)
            if (strlen(phase_names[k]) == klen && !strncmp(tok[i], phase_names[k], klen)) {
                if ((rc = num(p, eq + 1, phase_names[k], k == 1 ? 0 : 0.05, 600,
                              &phase[k])) < 0)
                    return rc;
                done = 1;
            }
        if (done)
            continue;
        if (ch >= 0 && ch != TC_CH_SHIFT) {
            if ((rc = num(p, eq + 1, channel_names[ch], channel_lo(ch),
                          channel_lim[ch], &r.amp[ch])) < 0)
                return rc;
        } else if (klen == 6 && !strncmp(tok[i], "pauses", 6)) {
            if ((rc = integer(p, eq + 1, "pauses", 0, 5, &r.pauses)) < 0)
                return rc;
        } else if (klen == 6 && !strncmp(tok[i], "faults", 6)) {
            if ((rc = faults_of(p, eq + 1, &r.faults)) < 0)
                return rc;
        } else {
            return fail(p, TC_EINVAL, "unknown rep setting '%.*s'", (int)klen, tok[i]);
        }
    }
    for (int k = 0; k < 3; k++)
        if (phase[k] < 0)
            return fail(p, TC_EINVAL, "rep needs %s=SECONDS", phase_names[k]);
    if (r.pauses && PAUSE_S * r.pauses > 0.6 * phase[0])
        return fail(p, TC_ERANGE, "%d pauses do not fit in a %.2f s retract",
                    r.pauses, phase[0]);
    r.start_s = start;
    r.hold_start_s = start + phase[0];
    r.return_start_s = r.hold_start_s + phase[1];
    r.end_s = r.return_start_s + phase[2];
    if (m->n_reps && start < m->reps[m->n_reps - 1].end_s)
        return fail(p, TC_EINVAL, "rep at %g s starts before the previous one ends (%g s)",
                    start, m->reps[m->n_reps - 1].end_s);
    if (m->n_reps >= MAX_REPS)
        return fail(p, TC_ERANGE, "more than %d reps", MAX_REPS);
    if (m->n_reps == m->cap_reps) {
        size_t cap = m->cap_reps ? 2 * m->cap_reps : 8;
        tc_motion_rep *nr = realloc(m->reps, cap * sizeof *nr);
        if (!nr)
            return fail(p, TC_ENOMEM, "out of memory");
        m->reps = nr;
        m->cap_reps = cap;
    }
    m->reps[m->n_reps++] = r;
    return TC_OK;
}

/* hand_at chin | mouth | cheek: where the `hand` channel brings the hand. */
static int stmt_hand_at(parser *p, char **tok, int n)
{
    static const char *const at[3] = { "chin", "mouth", "cheek" };
    if (n != 2)
        return fail(p, TC_EFORMAT, "hand_at wants 1 value");
    for (int i = 0; i < 3; i++)
        if (!strcmp(tok[1], at[i])) {
            p->m->scene.hand_at = (tc_hand_at)i;
            return TC_OK;
        }
    return fail(p, TC_EINVAL, "hand_at is chin, mouth or cheek, not '%s'", tok[1]);
}

/* camera tilt=DEG roll=DEG (either, or both; each once): the camera
 * turned about its optical centre, each -30..30 degrees. */
static int stmt_camera(parser *p, char **tok, int n)
{
    tc_motion_scene *s = &p->m->scene;
    int seen[2] = { 0, 0 }, rc;
    if (p->camera_line)
        return fail(p, TC_EINVAL, "camera given again (first on line %d)", p->camera_line);
    p->camera_line = p->line;
    if (n < 2 || n > 3)
        return fail(p, TC_EFORMAT, "camera wants tilt=DEG and/or roll=DEG");
    for (int i = 1; i < n; i++) {
        int k = !strncmp(tok[i], "tilt=", 5) ? 0 : !strncmp(tok[i], "roll=", 5) ? 1 : -1;
        if (k < 0)
            return fail(p, TC_EINVAL, "camera: unknown setting '%s' (tilt=, roll=)", tok[i]);
        if (seen[k]++)
            return fail(p, TC_EINVAL, "camera: %s given twice", k ? "roll" : "tilt");
        if ((rc = num(p, tok[i] + 5, k ? "camera roll" : "camera tilt", -30, 30,
                      k ? &s->cam_roll_deg : &s->cam_tilt_deg)) < 0)
            return rc;
    }
    return TC_OK;
}

/* A statement of n tokens, its name's included; else a format error. */
static int want(parser *p, char **tok, int n, int cnt)
{
    if (n != cnt)
        return fail(p, TC_EFORMAT, "%s wants %d value%s", tok[0], cnt - 1, cnt == 2 ? "" : "s");
    return TC_OK;
}

/* photo NAME: the person's photo (PHOTO.png or .jpg, PHOTO.json). */
static int stmt_photo(parser *p, char **tok, int n)
{
    tc_motion_scene *s = &p->m->scene;
    int rc = want(p, tok, n, 2);
    return rc < 0 ? rc : name_tok(p, tok[1], s->photo, sizeof s->photo);
}

/* second NAME SCALE X: a second person, still, behind. */
static int stmt_second(parser *p, char **tok, int n)
{
    tc_motion_scene *s = &p->m->scene;
    int rc;
    if ((rc = want(p, tok, n, 4)) < 0 ||
        (rc = name_tok(p, tok[1], s->second, sizeof s->second)) < 0 ||
        (rc = num(p, tok[2], "second scale", 0.2, 2, &s->second_scale)) < 0)
        return rc;
    return num(p, tok[3], "second x", 0, 1, &s->second_x);
}

/* view front | side */
static int stmt_view(parser *p, char **tok, int n)
{
    tc_motion_scene *s = &p->m->scene;
    int rc = want(p, tok, n, 2);
    if (rc < 0)
        return rc;
    if (!strcmp(tok[1], "front"))
        s->view = TC_VIEW_FRONT;
    else if (!strcmp(tok[1], "side"))
        s->view = TC_VIEW_SIDE;
    else
        return fail(p, TC_EINVAL, "view is front or side, not '%s'", tok[1]);
    return TC_OK;
}

/* size W H: even, 64..1920 each. */
static int stmt_size(parser *p, char **tok, int n)
{
    tc_motion_scene *s = &p->m->scene;
    int rc;
    if ((rc = want(p, tok, n, 3)) < 0 ||
        (rc = integer(p, tok[1], "width", 64, 1920, &s->width)) < 0 ||
        (rc = integer(p, tok[2], "height", 64, 1920, &s->height)) < 0)
        return rc;
    if (s->width % 2 || s->height % 2)
        return fail(p, TC_EINVAL, "size must be even (4:2:0 video)");
    return TC_OK;
}

/* seed N: the sensor noise's, 0..2^32 - 1. */
static int stmt_seed(parser *p, char **tok, int n)
{
    double v = 0;
    int rc;
    if ((rc = want(p, tok, n, 2)) < 0 ||
        (rc = num(p, tok[1], "seed", 0, 4294967295.0, &v)) < 0)
        return rc;
    p->m->scene.seed = (uint64_t)v;
    return TC_OK;
}

/* crf N: x264's quality, 0..51. */
static int stmt_crf(parser *p, char **tok, int n)
{
    int rc = want(p, tok, n, 2);
    return rc < 0 ? rc : integer(p, tok[1], "crf", 0, 51, &p->m->scene.crf);
}

/* rotate 0 | 90 | 180 | 270: the clip turned like a phone's. */
static int stmt_rotate(parser *p, char **tok, int n)
{
    int rc, iv = 0;
    if ((rc = want(p, tok, n, 2)) < 0 || (rc = integer(p, tok[1], "rotate", 0, 270, &iv)) < 0)
        return rc;
    if (iv % 90)
        return fail(p, TC_EINVAL, "rotate is 0, 90, 180 or 270");
    p->m->scene.rotate = iv;
    return TC_OK;
}

/* absent: nobody in the picture. */
static int stmt_absent(parser *p, char **tok, int n)
{
    int rc = want(p, tok, n, 1);
    if (rc == TC_OK)
        p->m->scene.absent = 1;
    return rc;
}

/* The statements that set one number of the scene: NAME VALUE, lo..hi. */
static const struct scene_number {
    const char *name;
    double      lo, hi;
    size_t      offset;   /* of the double in tc_motion_scene */
} scene_numbers[] = {
    { "fps", 1, 240, offsetof(tc_motion_scene, fps) },
    { "duration", 0.1, 3600, offsetof(tc_motion_scene, duration_s) },
    { "noise", 0, 60, offsetof(tc_motion_scene, noise) },
    { "gain", 0.05, 4, offsetof(tc_motion_scene, gain) },
    { "hfov", 20, 150, offsetof(tc_motion_scene, hfov_deg) },
    { "ipd", 40, 90, offsetof(tc_motion_scene, ipd_mm) },
};

/* The other statements, by name. */
static const struct statement_kind {
    const char *name;
    int (*parse)(parser *p, char **tok, int n);
} statements[] = {
    { "key", stmt_key },       { "rep", stmt_rep },         { "photo", stmt_photo },
    { "second", stmt_second }, { "view", stmt_view },       { "size", stmt_size },
    { "seed", stmt_seed },     { "crf", stmt_crf },         { "rotate", stmt_rotate },
    { "absent", stmt_absent }, { "hand_at", stmt_hand_at }, { "camera", stmt_camera },
};

static int statement(parser *p, char **tok, int n)
{
    for (size_t i = 0; i < sizeof statements / sizeof *statements; i++)
        if (!strcmp(tok[0], statements[i].name))
            return statements[i].parse(p, tok, n);
    for (size_t i = 0; i < sizeof scene_numbers / sizeof *scene_numbers; i++)
        if (!strcmp(tok[0], scene_numbers[i].name)) {
            const struct scene_number *sn = &scene_numbers[i];
            double *v = (double *)(void *)((char *)&p->m->scene + sn->offset);
            int rc = want(p, tok, n, 2);
            return rc < 0 ? rc : num(p, tok[1], sn->name, sn->lo, sn->hi, v);
        }
    return fail(p, TC_EINVAL, "unknown statement '%s'", tok[0]);
}

/* The next line of text from *pos (moved past its newline) into line
 * (MAX_LINE + 1 bytes), '#' comments cut, split into *nt words tok[]. */
static int split_line(parser *p, const char *text, size_t len, size_t *pos, char *line,
                      char **tok, int *nt)
{
    char *save = NULL;
    size_t n = 0;
    while (*pos < len && text[*pos] != '\n') {
        if (n < MAX_LINE)
            line[n] = text[*pos];
        n++;
        (*pos)++;
    }
    (*pos)++; /* the newline */
    if (n > MAX_LINE)
        return fail(p, TC_EFORMAT, "line longer than %d bytes", MAX_LINE);
    line[n] = '\0';
    if (memchr(line, '\0', n))
        return fail(p, TC_EFORMAT, "NUL byte in the line");
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    for (char *t = strtok_r(line, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
        if (*nt == MAX_TOKENS)
            return fail(p, TC_EFORMAT, "more than %d words", MAX_TOKENS);
        tok[(*nt)++] = t;
    }
    return TC_OK;
}

/* The first line: tuckgen-motion VERSION, a version this build reads. */
static int magic_line(parser *p, char **tok, int nt)
{
    int ver = 0, rc;
    if (strcmp(tok[0], "tuckgen-motion") || nt != 2)
        return fail(p, TC_EFORMAT, "not a motion script: the first line must be "
                    "'tuckgen-motion %d'", TC_MOTION_VERSION);
    if ((rc = integer(p, tok[1], "version", 1, 1e6, &ver)) == TC_OK &&
        ver > TC_MOTION_VERSION)
        return fail(p, TC_EUNSUPPORTED, "version %d is newer than this build "
                    "reads (%d)", ver, TC_MOTION_VERSION);
    return rc;
}

/* What the whole script must have: the first line, a photo, the reps
 * inside the duration. */
static int check_script(parser *p, int seen_magic)
{
    const tc_motion *m = p->m;
    if (!seen_magic) {
        p->line = 1;
        return fail(p, TC_EFORMAT, "empty: no 'tuckgen-motion %d' line", TC_MOTION_VERSION);
    }
    if (!m->scene.photo[0])
        return fail(p, TC_EINVAL, "no photo");
    if (m->n_reps && m->reps[m->n_reps - 1].end_s > m->scene.duration_s)
        return fail(p, TC_ERANGE, "the last rep ends at %g s, after the duration (%g s)",
                    m->reps[m->n_reps - 1].end_s, m->scene.duration_s);
    return TC_OK;
}

int tc_motion_parse(tc_motion **out, const char *text, size_t len,
                    const char *name, char *err, size_t errcap)
{
    parser p = { NULL, name ? name : "motion", 0, err, errcap, 0 };
    size_t pos = 0;
    int rc = TC_OK, seen_magic = 0;

    *out = NULL;
    if (!text && len)
        return TC_EINVAL;
    if (!(p.m = calloc(1, sizeof *p.m)))
        return TC_ENOMEM;
    p.m->scene = (tc_motion_scene){
        .second_scale = 0.6, .second_x = 0.82, .view = TC_VIEW_FRONT,
        .width = 640, .height = 480, .fps = 30, .duration_s = 10, .seed = 1,
        .noise = 1.5, .gain = 1.0, .crf = 26, .hfov_deg = 60, .ipd_mm = 63,
    };
    while (pos < len && rc == TC_OK) {
        char line[MAX_LINE + 1], *tok[MAX_TOKENS];
        int nt = 0;
        p.line++;
        if ((rc = split_line(&p, text, len, &pos, line, tok, &nt)) < 0 || nt == 0)
            continue;
        if (!seen_magic) {
            rc = magic_line(&p, tok, nt);
            seen_magic = 1;
            continue;
        }
        rc = statement(&p, tok, nt);
    }
    if (rc == TC_OK)
        rc = check_script(&p, seen_magic);
    if (rc < 0) {
        tc_motion_destroy(p.m);
        return rc;
    }
    *out = p.m;
    return TC_OK;
}

int tc_motion_load(tc_motion **out, const char *path, char *err, size_t errcap)
{
    uint8_t *buf;
    size_t len;
    int rc = tc__read_file(&buf, &len, path, 1 << 24);
    *out = NULL;
    if (rc < 0) {
        tc__fmt(err, errcap, "%s: %s", path, tc_strerror(rc));
        return rc;
    }
    rc = tc_motion_parse(out, (const char *)buf, len, path, err, errcap);
    free(buf);
    return rc;
}

const tc_motion_scene *tc_motion_get_scene(const tc_motion *m)
{
    return &m->scene;
}

size_t tc_motion_reps(const tc_motion *m, const tc_motion_rep **out)
{
    *out = m->reps;
    return m->n_reps;
}

/* Minimum-jerk position at u in [0,1]. */
static double min_jerk(double u)
{
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    return u * u * u * (10 - 15 * u + 6 * u * u);
}

/* 0..1 profile of one rep at time t. */
static double pulse(const tc_motion_rep *r, double t)
{
    double retract = r->hold_start_s - r->start_s;
    if (t <= r->start_s || t >= r->end_s)
        return 0;
    if (t >= r->hold_start_s && t <= r->return_start_s)
        return 1;
    if (t > r->return_start_s)
        return 1 - min_jerk((t - r->return_start_s) / (r->end_s - r->return_start_s));
    if (!r->pauses)
        return min_jerk((t - r->start_s) / retract);
    /* stop-and-go: pauses+1 equal glides with a stop after each but the last */
    double glide = (retract - PAUSE_S * r->pauses) / (r->pauses + 1);
    double u = t - r->start_s, step = 1.0 / (r->pauses + 1);
    for (int k = 0; k <= r->pauses; k++) {
        if (u < glide)
            return step * (k + min_jerk(u / glide));
        u -= glide;
        if (u < PAUSE_S)
            return step * (k + 1);
        u -= PAUSE_S;
    }
    return 1;
}

static double track_at(const track *tr, double t)
{
    if (!tr->n)
        return 0;
    if (t <= tr->k[0].t)
        return tr->k[0].v;
    for (size_t i = 1; i < tr->n; i++)
        if (t < tr->k[i].t) {
            const key *a = &tr->k[i - 1], *b = &tr->k[i];
            return a->v + (b->v - a->v) * min_jerk((t - a->t) / (b->t - a->t));
        }
    return tr->k[tr->n - 1].v;
}

void tc_motion_at(const tc_motion *m, double t, double v[TC_CH_COUNT])
{
    for (int c = 0; c < TC_CH_COUNT; c++)
        v[c] = track_at(&m->tracks[c], t);
    for (size_t i = 0; i < m->n_reps; i++) {
        const tc_motion_rep *r = &m->reps[i];
        if (t <= r->start_s || t >= r->end_s)
            continue;
        double u = pulse(r, t);
        for (int c = 0; c < TC_CH_COUNT; c++)
            v[c] += u * r->amp[c];
    }
}

void tc_motion_destroy(tc_motion *m)
{
    if (!m)
        return;
    for (int c = 0; c < TC_CH_COUNT; c++)
        free(m->tracks[c].k);
    free(m->reps);
    free(m);
}
