/* formats/truth.c — the truth file of a ground-truth fixture (JSON):
 * scene facts, the reps with their phase times and injected faults, and
 * every frame's channel values in columns. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/scorer.h"
#include "core/util.h"
#include "formats/fixture.h"
#include "formats/formats.h"
#include "formats_impl.h"

#define MAX_DEPTH   16
#define MAX_FRAMES  (1 << 22)
#define MAX_REPS    10000
#define TIME_LIM    1e6

static const char *const rep_times[4] = { "start", "hold_start", "return_start", "end" };

static json_object *str(const char *s)
{
    return json_object_new_string(s);
}

/* The CVA pair (tragus to C7, to the acromion) as {"c7": .., "acromion": ..}
 * into o under `key`, when both are known. */
static void add_cva(json_object *o, const char *key, const double cva[2])
{
    json_object *c;
    if (!isfinite(cva[0]) || !isfinite(cva[1]) || !(c = json_object_new_object()))
        return;
    json_object_object_add(c, "c7", tc_formats__num(cva[0], 2));
    json_object_object_add(c, "acromion", tc_formats__num(cva[1], 2));
    json_object_object_add(o, key, c);
}

/* The camera's placement, only when it is not level (older fixtures keep
 * their bytes). */
static void add_camera(json_object *root, const tc_truth *t)
{
    json_object *c;
    if ((t->camera_tilt_deg == 0 && t->camera_roll_deg == 0) || !(c = json_object_new_object()))
        return;
    json_object_object_add(c, "tilt_deg", tc_formats__num(t->camera_tilt_deg, 2));
    json_object_object_add(c, "roll_deg", tc_formats__num(t->camera_roll_deg, 2));
    json_object_object_add(root, "camera", c);
}

/* Channels after shift (hand, rise) came later: a truth file has their
 * column only when they move, so older fixtures keep their bytes, and a
 * reader takes a missing one as 0. */
static int optional_channel(int c)
{
    return c >= TC_CH_HAND;
}

static int channel_used(const tc_truth *t, int c)
{
    if (!optional_channel(c))
        return 1;
    for (size_t i = 0; i < t->n_frames; i++)
        if (t->frames[i].v[c] != 0)
            return 1;
    for (size_t i = 0; i < t->n_reps; i++)
        if (t->reps[i].amp[c] != 0)
            return 1;
    return 0;
}

json_object *tc_formats__truth_json(const tc_truth *t)
{
    json_object *root = json_object_new_object(), *reps = json_object_new_array();
    json_object *frames = json_object_new_object(), *chans = json_object_new_array();
    json_object *col;

    if (!root || !reps || !frames || !chans) {
        json_object_put(root);
        json_object_put(reps);
        json_object_put(frames);
        json_object_put(chans);
        return NULL;
    }
    json_object_object_add(root, "tuckcam_truth", json_object_new_int(TC_TRUTH_VERSION));
    tc_formats__add_name(root, "video", t->video);
    tc_formats__add_name(root, "photo", t->photo);
    json_object_object_add(root, "view", str(tc_view_name(t->view)));
    json_object_object_add(root, "width", json_object_new_int(t->width));
    json_object_object_add(root, "height", json_object_new_int(t->height));
    json_object_object_add(root, "fps", tc_formats__num(t->fps, 4));
    json_object_object_add(root, "distance_mm", tc_formats__num(t->distance_mm, 1));
    json_object_object_add(root, "hfov_deg", tc_formats__num(t->hfov_deg, 2));
    add_camera(root, t);
    add_cva(root, "cva_rest_deg", t->cva_rest_deg);
    json_object_object_add(root, "units", str(channel_used(t, TC_CH_HAND) || channel_used(t, TC_CH_RISE)
        ? "retraction, shrug, lean, lift: mm; pitch (chin down +), yaw: degrees; "
          "shift: frame widths; rise: frame heights; hand: 0..1 of the way; times: s"
        : "retraction, shrug, lean, lift: mm; pitch (chin down +), yaw: degrees; "
          "shift: frame widths; times: s"));
    for (int c = 0; c < TC_CH_COUNT; c++)
        if (channel_used(t, c))
            json_object_array_add(chans, str(tc_channel_name((tc_channel)c)));
    json_object_object_add(root, "channels", chans);
    for (size_t i = 0; i < t->n_reps; i++) {
        const tc_motion_rep *r = &t->reps[i];
        const double times[4] = { r->start_s, r->hold_start_s, r->return_start_s, r->end_s };
        json_object *o = json_object_new_object(), *peak = json_object_new_object();
        json_object *faults = json_object_new_array();
        for (int k = 0; k < 4; k++)
            json_object_object_add(o, rep_times[k], tc_formats__num(times[k], 4));
        for (int c = 0; c < TC_CH_COUNT; c++)
            if (r->amp[c] != 0)
                json_object_object_add(peak, tc_channel_name((tc_channel)c),
                                       tc_formats__num(r->amp[c], 3));
        json_object_object_add(o, "peak", peak);
        json_object_object_add(o, "pauses", json_object_new_int(r->pauses));
        for (int f = 0; f < TC_FAULT_COUNT; f++)
            if (r->faults & (1u << f))
                json_object_array_add(faults, str(tc_fault_name((tc_fault)f)));
        json_object_object_add(o, "faults", faults);
        add_cva(o, "cva_change_deg", r->cva_change_deg);
        json_object_array_add(reps, o);
    }
    json_object_object_add(root, "reps", reps);
    col = json_object_new_array();
    for (size_t i = 0; i < t->n_frames; i++)
        json_object_array_add(col, tc_formats__num(t->frames[i].t_s, 4));
    json_object_object_add(frames, "t", col);
    col = json_object_new_array();
    for (size_t i = 0; i < t->n_frames; i++)
        json_object_array_add(col, json_object_new_int(t->frames[i].in_view));
    json_object_object_add(frames, "in_view", col);
    for (int c = 0; c < TC_CH_COUNT; c++) {
        if (!channel_used(t, c))
            continue;
        col = json_object_new_array();
        for (size_t i = 0; i < t->n_frames; i++)
            json_object_array_add(col, tc_formats__num(t->frames[i].v[c], 3));
        json_object_object_add(frames, tc_channel_name((tc_channel)c), col);
    }
    json_object_object_add(root, "frames", frames);
    return root;
}

int tc_truth_write(const char *path, const tc_truth *t, char *err, size_t errcap)
{
    json_object *root = tc_formats__truth_json(t);
    int rc;
    if (!root)
        return TC_ENOMEM;
    rc = tc_formats__write_json(path, root, JSON_C_TO_STRING_PLAIN, err, errcap);
    json_object_put(root);
    return rc;
}

/* ---- reading ------------------------------------------------------------- */

static int bad(char *err, size_t errcap, const char *what)
{
    tc__fmt(err, errcap, "truth file: %s", what);
    return TC_EFORMAT;
}

/* A string member (a name: its exact bytes from KEY_bytes when written). */
static int get_string(json_object *o, const char *key, char *out, size_t cap)
{
    return tc_formats__get_name(o, key, out, cap);
}

/* Member `key` of `o` as an array of exactly n elements, or NULL. */
static json_object *get_array(json_object *o, const char *key, size_t n)
{
    json_object *v;
    if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_array) ||
        json_object_array_length(v) != n)
        return NULL;
    return v;
}

/* Optional member `key` of `o`, a CVA pair {"c7": deg, "acromion": deg}
 * (each within +-180), into cva[2]; NAN both when absent. 0 when it is
 * there but of another shape. */
static int parse_cva(json_object *o, const char *key, double cva[2])
{
    json_object *c;
    cva[0] = cva[1] = NAN;
    if (!json_object_object_get_ex(o, key, &c))
        return 1;
    if (!json_object_is_type(c, json_type_object) ||
        !tc_formats__get_key_num(c, "c7", 180, &cva[0]) ||
        !tc_formats__get_key_num(c, "acromion", 180, &cva[1])) {
        cva[0] = cva[1] = NAN;
        return 0;
    }
    return 1;
}

/* Optional "camera": {"tilt_deg", "roll_deg"} (each within +-90); level
 * when absent. 0 when it is there but of another shape. */
static int parse_camera(json_object *root, tc_truth *t)
{
    json_object *c;
    if (!json_object_object_get_ex(root, "camera", &c))
        return 1;
    return json_object_is_type(c, json_type_object) &&
           tc_formats__get_key_num(c, "tilt_deg", 90, &t->camera_tilt_deg) &&
           tc_formats__get_key_num(c, "roll_deg", 90, &t->camera_roll_deg);
}

static int parse_rep(json_object *o, tc_motion_rep *r, char *err, size_t errcap)
{
    double times[4], v;
    json_object *peak, *faults;

    memset(r, 0, sizeof *r);
    if (!json_object_is_type(o, json_type_object))
        return bad(err, errcap, "a rep is not an object");
    for (int k = 0; k < 4; k++)
        if (!tc_formats__get_key_num(o, rep_times[k], TIME_LIM, &times[k]) ||
            (k && times[k] < times[k - 1]))
            return bad(err, errcap, "a rep's start/hold_start/return_start/end are not "
                       "increasing times");
    r->start_s = times[0];
    r->hold_start_s = times[1];
    r->return_start_s = times[2];
    r->end_s = times[3];
    if (json_object_object_get_ex(o, "peak", &peak) &&
        json_object_is_type(peak, json_type_object))
        for (int c = 0; c < TC_CH_COUNT; c++)
            if (tc_formats__get_key_num(peak, tc_channel_name((tc_channel)c), 1e4, &v))
                r->amp[c] = v;
    if (tc_formats__get_key_num(o, "pauses", 100, &v) && v >= 0)
        r->pauses = (int)v;
    if (!parse_cva(o, "cva_change_deg", r->cva_change_deg))
        return bad(err, errcap, "a rep's \"cva_change_deg\" is not {\"c7\": deg, "
                   "\"acromion\": deg}");
    if (json_object_object_get_ex(o, "faults", &faults)) {
        if (!json_object_is_type(faults, json_type_array))
            return bad(err, errcap, "a rep's faults are not a list");
        for (size_t i = 0; i < json_object_array_length(faults); i++) {
            json_object *f = json_object_array_get_idx(faults, i);
            int id = json_object_is_type(f, json_type_string)
                         ? tc_fault_from_name(json_object_get_string(f)) : -1;
            if (id < 0)
                return bad(err, errcap, "a rep names an unknown fault");
            r->faults |= 1u << id;
        }
    }
    return TC_OK;
}

/* The scene facts of a truth file: video, photo, view, size, fps, camera. */
static int parse_scene(tc_truth *t, json_object *root, char *err, size_t errcap)
{
    char view[16];
    double w, h;

    if (!get_string(root, "video", t->video, sizeof t->video) || !t->video[0] ||
        strchr(t->video, '/'))
        return bad(err, errcap, "\"video\" is not a file name");
    get_string(root, "photo", t->photo, sizeof t->photo);
    if (!get_string(root, "view", view, sizeof view) ||
        (strcmp(view, "front") && strcmp(view, "side")))
        return bad(err, errcap, "\"view\" is not front or side");
    t->view = strcmp(view, "side") ? TC_VIEW_FRONT : TC_VIEW_SIDE;
    if (!tc_formats__get_key_num(root, "width", 65536, &w) || w < 1 ||
        !tc_formats__get_key_num(root, "height", 65536, &h) || h < 1 ||
        !tc_formats__get_key_num(root, "fps", 1000, &t->fps) || t->fps <= 0)
        return bad(err, errcap, "width, height or fps missing or out of range");
    t->width = (int)w;
    t->height = (int)h;
    if (!tc_formats__get_key_num(root, "distance_mm", 1e5, &t->distance_mm))
        t->distance_mm = NAN;
    if (!tc_formats__get_key_num(root, "hfov_deg", 180, &t->hfov_deg))
        t->hfov_deg = NAN;
    if (!parse_camera(root, t))
        return bad(err, errcap, "\"camera\" is not {\"tilt_deg\": deg, \"roll_deg\": deg}");
    if (!parse_cva(root, "cva_rest_deg", t->cva_rest_deg))
        return bad(err, errcap, "\"cva_rest_deg\" is not {\"c7\": deg, \"acromion\": deg}");
    return TC_OK;
}

static int parse_root(tc_truth *t, json_object *root, char *err, size_t errcap)
{
    json_object *reps, *frames, *col;
    double v;
    size_t n;
    int rc;

    if (!json_object_is_type(root, json_type_object) ||
        !tc_formats__get_key_num(root, "tuckcam_truth", 1e6, &v))
        return bad(err, errcap, "not a tuckcam truth file (no \"tuckcam_truth\" version)");
    t->version = (int)v;
    if (t->version > TC_TRUTH_VERSION) {
        tc__fmt(err, errcap, "truth file version %d is newer than this build reads (%d)",
                t->version, TC_TRUTH_VERSION);
        return TC_EUNSUPPORTED;
    }
    if ((rc = parse_scene(t, root, err, errcap)) < 0)
        return rc;
    if (!json_object_object_get_ex(root, "reps", &reps) ||
        !json_object_is_type(reps, json_type_array) ||
        json_object_array_length(reps) > MAX_REPS)
        return bad(err, errcap, "\"reps\" is not a list");
    n = json_object_array_length(reps);
    if (n && !(t->reps = calloc(n, sizeof *t->reps)))
        return TC_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        if ((rc = parse_rep(json_object_array_get_idx(reps, i), &t->reps[i], err, errcap)) < 0)
            return rc;
        t->n_reps++;
    }
    if (!json_object_object_get_ex(root, "frames", &frames) ||
        !json_object_object_get_ex(frames, "t", &col) ||
        !json_object_is_type(col, json_type_array) ||
        json_object_array_length(col) > MAX_FRAMES)
        return bad(err, errcap, "\"frames\" has no \"t\" list");
    n = json_object_array_length(col);
    if (n && !(t->frames = calloc(n, sizeof *t->frames)))
        return TC_ENOMEM;
    t->n_frames = n;
    for (size_t i = 0; i < n; i++)
        if (!tc_formats__get_num(json_object_array_get_idx(col, i), TIME_LIM, &t->frames[i].t_s) ||
            (i && t->frames[i].t_s <= t->frames[i - 1].t_s))
            return bad(err, errcap, "frame times are not increasing numbers");
    if (!(col = get_array(frames, "in_view", n)))
        return bad(err, errcap, "\"in_view\" is missing or of another length than \"t\"");
    for (size_t i = 0; i < n; i++) {
        if (!tc_formats__get_num(json_object_array_get_idx(col, i), 1, &v))
            return bad(err, errcap, "\"in_view\" holds something other than 0/1");
        t->frames[i].in_view = v != 0;
    }
    for (int c = 0; c < TC_CH_COUNT; c++) {
        json_object *any;
        if (optional_channel(c) &&
            !json_object_object_get_ex(frames, tc_channel_name((tc_channel)c), &any))
            continue; /* calloc: 0 */
        if (!(col = get_array(frames, tc_channel_name((tc_channel)c), n)))
            return bad(err, errcap, "a channel column is missing or of another length "
                       "than \"t\"");
        for (size_t i = 0; i < n; i++)
            if (!tc_formats__get_num(json_object_array_get_idx(col, i), 1e4, &t->frames[i].v[c]))
                return bad(err, errcap, "a channel column holds something other than numbers");
    }
    return TC_OK;
}

int tc_truth_parse(tc_truth *out, const char *buf, size_t len, char *err, size_t errcap)
{
    struct json_tokener *tok;
    json_object *root;
    int rc;

    memset(out, 0, sizeof *out);
    if (len > (size_t)1 << 30)
        return bad(err, errcap, "too large");
    if (!(tok = json_tokener_new_ex(MAX_DEPTH)))
        return TC_ENOMEM;
    const char *why;
    root = json_tokener_parse_ex(tok, buf, (int)len);
    if ((why = tc_formats__json_problem(tok, root, buf, len))) {
        tc__fmt(err, errcap, "truth file: not JSON (%s)", why);
        json_object_put(root);
        json_tokener_free(tok);
        return TC_EFORMAT;
    }
    json_tokener_free(tok);
    rc = parse_root(out, root, err, errcap);
    json_object_put(root);
    if (rc < 0)
        tc_truth_free(out);
    return rc;
}

int tc_truth_load(tc_truth *out, const char *path, char *err, size_t errcap)
{
    uint8_t *data;
    size_t size;
    char msg[256] = "";
    int rc = tc__read_file(&data, &size, path, (size_t)1 << 30);
    if (rc < 0) {
        memset(out, 0, sizeof *out);
        tc__fmt(err, errcap, "%s: %s", path, tc_strerror(rc));
        return rc;
    }
    rc = tc_truth_parse(out, (const char *)data, size, msg, sizeof msg);
    free(data);
    if (rc < 0)
        tc__fmt(err, errcap, "%s: %s", path, msg);
    return rc;
}

void tc_truth_free(tc_truth *t)
{
    free(t->frames);
    free(t->reps);
    memset(t, 0, sizeof *t);
}
