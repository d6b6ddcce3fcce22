/* formats/trace.c — the trace: JSON Lines, one frame a line, versioned.
 *
 *   {"tuckcam_trace":1,"created_by":"tuckcam 0.1.0","source":"a.mp4",
 *    "width":640,"height":480,"profile":{"exercise":{"reps":"10",...},...}}
 *   {"frame":0,"t":0.000000,"pose":{"nose":[x,y,vis],...}|null,
 *    "face":{"width":w,"height":h}|null,"head":{"pitch":p,"yaw":y,"roll":r}|null,
 *    "trunk":{"key":k,"scale":s,"x":x,"y":y,"shrug":sh|null,"sd_scale":..,
 *             "sd_shrug":..} (optional: the trunk tracker's measure),
 *    "video":{"predicted":true,"face_change":c|null} (optional: a video's
 *             P or B frame and its face's pixel change, pipeline/face_change.c),
 *    "metrics":{"phase":"hold","reps":2,"retraction_mm":..,...}}
 *
 * Pixels for positions; seconds for t; degrees for angles. The metrics
 * are what the live scorer said (for plotting); rescoring recomputes them
 * from the observations. */
#include "formats/formats.h"

#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/linelog.h"
#include "core/util.h"
#include "formats/formats_impl.h"

#define MAX_DEPTH  8
#define MAX_COORD  1e6
/* decimals the trace keeps: positions and sizes in px, angles in degrees,
 * visibility, the trunk's scale (tc_trace_round rounds to the same) */
#define POS_DIGITS   2
#define VIS_DIGITS   3
#define ANGLE_DIGITS 2
#define SCALE_DIGITS 5
#define CHANGE_DIGITS 3

struct tc_trace_writer {
    tc_linelog *log;
    int         rc;
};

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void add_profile_key(void *user, const char *section, const char *key,
                            const char *value, const char *help)
{
    json_object *prof = user, *sec;
    (void)help;
    if (!json_object_object_get_ex(prof, section, &sec)) {
        sec = json_object_new_object();
        json_object_object_add(prof, section, sec);
    }
    json_object_object_add(sec, key, json_object_new_string(value));
}

json_object *tc_formats__num(double v, int digits)
{
    char buf[48];
    if (!isfinite(v))
        return NULL;
    tc__fmt(buf, sizeof buf, "%.*f", digits, v);
    return json_object_new_double_s(v, buf);
}

json_object *tc_formats__profile_json(const tc_profile *p)
{
    json_object *prof = json_object_new_object();
    tc_profile_visit(p, add_profile_key, prof);
    return prof;
}

static int write_obj(tc_trace_writer *w, json_object *o)
{
    const char *line = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                         JSON_C_TO_STRING_NOSLASHESCAPE);
    int rc = line ? tc_linelog_write(w->log, line, mono_us()) : TC_ENOMEM;
    json_object_put(o);
    if (rc < 0 && w->rc == TC_OK)
        w->rc = rc;
    return rc;
}

int tc_trace_writer_create(tc_trace_writer **out, const char *path,
                           const tc_trace_info *info, const tc_profile *profile)
{
    tc_trace_writer *w;
    json_object *h;
    int rc;

    *out = NULL;
    if (!path || !info || info->width <= 0 || info->height <= 0)
        return TC_EINVAL;
    w = calloc(1, sizeof *w);
    if (!w)
        return TC_ENOMEM;
    rc = tc_linelog_create(&w->log, path, 1000);
    if (rc < 0) {
        free(w);
        return rc;
    }
    h = json_object_new_object();
    json_object_object_add(h, "tuckcam_trace", json_object_new_int(TC_TRACE_VERSION));
    json_object_object_add(h, "created_by", tc_formats__str(info->created_by));
    tc_formats__add_name(h, "source", info->source);
    json_object_object_add(h, "width", json_object_new_int(info->width));
    json_object_object_add(h, "height", json_object_new_int(info->height));
    if (info->started_unix > 0)
        json_object_object_add(h, "started_unix", json_object_new_int64(info->started_unix));
    if (profile)
        json_object_object_add(h, "profile", tc_formats__profile_json(profile));
    rc = write_obj(w, h);
    if (rc < 0) {
        tc_linelog_close(w->log);
        free(w);
        return rc;
    }
    *out = w;
    return TC_OK;
}

static float round_to(float v, int digits)
{
    double k = pow(10.0, digits);
    return isfinite(v) ? (float)(round((double)v * k) / k) : v;
}

void tc_trace_round(tc_obs *o)
{
    for (int i = 0; i < TC_OBS_POINTS; i++) {
        o->pt[i].x = round_to(o->pt[i].x, POS_DIGITS);
        o->pt[i].y = round_to(o->pt[i].y, POS_DIGITS);
        o->pt[i].vis = round_to(o->pt[i].vis, VIS_DIGITS);
    }
    o->face_width = round_to(o->face_width, POS_DIGITS);
    o->face_height = round_to(o->face_height, POS_DIGITS);
    o->pitch = round_to(o->pitch, ANGLE_DIGITS);
    o->yaw = round_to(o->yaw, ANGLE_DIGITS);
    o->roll = round_to(o->roll, ANGLE_DIGITS);
    o->trunk_scale = round_to(o->trunk_scale, SCALE_DIGITS);
    o->trunk_x = round_to(o->trunk_x, POS_DIGITS);
    o->trunk_y = round_to(o->trunk_y, POS_DIGITS);
    o->trunk_shrug = round_to(o->trunk_shrug, POS_DIGITS);
    o->trunk_sd_scale = round_to(o->trunk_sd_scale, SCALE_DIGITS);
    o->trunk_sd_shrug = round_to(o->trunk_sd_shrug, POS_DIGITS);
    o->face_change = round_to(o->face_change, CHANGE_DIGITS);
}

/* The trunk tracker's measure of a frame. */
static json_object *trunk_json(const tc_obs *o)
{
    json_object *t = json_object_new_object();
    json_object_object_add(t, "key", json_object_new_int64(o->trunk_key));
    json_object_object_add(t, "scale", tc_formats__num(o->trunk_scale, SCALE_DIGITS));
    json_object_object_add(t, "x", tc_formats__num(o->trunk_x, POS_DIGITS));
    json_object_object_add(t, "y", tc_formats__num(o->trunk_y, POS_DIGITS));
    json_object_object_add(t, "shrug", tc_formats__num(o->trunk_shrug, POS_DIGITS));
    json_object_object_add(t, "sd_scale", tc_formats__num(o->trunk_sd_scale, SCALE_DIGITS));
    json_object_object_add(t, "sd_shrug", tc_formats__num(o->trunk_sd_shrug, POS_DIGITS));
    return t;
}

int tc_trace_write(tc_trace_writer *w, const tc_obs *o, const tc_metrics *m)
{
    json_object *f;
    if (!w || !o)
        return TC_EINVAL;
    if (w->rc < 0)
        return w->rc;
    f = json_object_new_object();
    json_object_object_add(f, "frame", json_object_new_int64(o->frame));
    json_object_object_add(f, "t", tc_formats__num((double)o->t_us / 1e6, 6));
    if (o->has_pose) {
        json_object *pose = json_object_new_object();
        for (int i = 0; i < TC_OBS_POINTS; i++) {
            json_object *a = json_object_new_array_ext(3);
            json_object_array_add(a, tc_formats__num(o->pt[i].x, POS_DIGITS));
            json_object_array_add(a, tc_formats__num(o->pt[i].y, POS_DIGITS));
            json_object_array_add(a, tc_formats__num(o->pt[i].vis, VIS_DIGITS));
            json_object_object_add(pose, tc_obs_point_name(i), a);
        }
        json_object_object_add(f, "pose", pose);
    } else {
        json_object_object_add(f, "pose", NULL);
    }
    if (o->has_face) {
        json_object *face = json_object_new_object();
        json_object_object_add(face, "width", tc_formats__num(o->face_width, POS_DIGITS));
        json_object_object_add(face, "height", tc_formats__num(o->face_height, POS_DIGITS));
        json_object_object_add(f, "face", face);
    } else {
        json_object_object_add(f, "face", NULL);
    }
    if (o->has_head_pose) {
        json_object *hp = json_object_new_object();
        json_object_object_add(hp, "pitch", tc_formats__num(o->pitch, ANGLE_DIGITS));
        json_object_object_add(hp, "yaw", tc_formats__num(o->yaw, ANGLE_DIGITS));
        json_object_object_add(hp, "roll", tc_formats__num(o->roll, ANGLE_DIGITS));
        json_object_object_add(f, "head", hp);
    } else {
        json_object_object_add(f, "head", NULL);
    }
    if (o->has_trunk)
        json_object_object_add(f, "trunk", trunk_json(o));
    if (o->predicted) {
        json_object *vid = json_object_new_object();
        json_object_object_add(vid, "predicted", json_object_new_boolean(1));
        json_object_object_add(vid, "face_change", tc_formats__num(o->face_change, CHANGE_DIGITS));
        json_object_object_add(f, "video", vid);
    }
    if (m) {
        json_object *mo = json_object_new_object();
        json_object_object_add(mo, "phase", json_object_new_string(tc_phase_name(m->phase)));
        json_object_object_add(mo, "reps", json_object_new_int(m->reps));
        json_object_object_add(mo, "valid", json_object_new_boolean(m->valid));
        json_object_object_add(mo, "retraction_mm", tc_formats__num(m->retraction_mm, 2));
        json_object_object_add(mo, "trunk_mm", tc_formats__num(m->trunk_mm, 2));
        json_object_object_add(mo, "head_forward_cm", tc_formats__num(m->head_forward_cm, 2));
        json_object_object_add(mo, "cva_deg", tc_formats__num(m->cva_deg, 2));
        json_object_object_add(mo, "pitch_deg", tc_formats__num(m->pitch_deg, 2));
        json_object_object_add(mo, "yaw_deg", tc_formats__num(m->yaw_deg, 2));
        json_object_object_add(mo, "roll_deg", tc_formats__num(m->roll_deg, 2));
        json_object_object_add(mo, "shoulder_elevation", tc_formats__num(m->shoulder_elevation, 4));
        json_object_object_add(mo, "hold_s", tc_formats__num(m->hold_elapsed_s, 2));
        json_object_object_add(f, "metrics", mo);
    }
    return write_obj(w, f);
}

int tc_trace_writer_close(tc_trace_writer *w)
{
    int rc;
    if (!w)
        return TC_OK;
    rc = tc_linelog_close(w->log);
    if (w->rc < 0)
        rc = w->rc;
    free(w);
    return rc;
}

/* ---- reading ------------------------------------------------------------- */

int tc_formats__get_num(json_object *o, double lim, double *out)
{
    double v;
    if (!o || !(json_object_is_type(o, json_type_double) ||
                json_object_is_type(o, json_type_int)))
        return 0;
    v = json_object_get_double(o);
    if (!isfinite(v) || fabs(v) > lim)
        return 0;
    *out = v;
    return 1;
}

int tc_formats__get_key_num(json_object *obj, const char *key, double lim, double *out)
{
    json_object *v;
    return json_object_object_get_ex(obj, key, &v) && tc_formats__get_num(v, lim, out);
}

const char *tc_formats__json_problem(json_tokener *tok, const json_object *o,
                                     const char *text, size_t len)
{
    enum json_tokener_error e = json_tokener_get_error(tok);
    size_t end = e == json_tokener_continue ? 0 : json_tokener_get_parse_end(tok);
    while (end < len && text[end] && strchr(" \t\r\n", text[end]))
        end++;
    if (e == json_tokener_continue)
        return end < len ? "it ends inside the JSON value" : "empty";
    if (e != json_tokener_success)
        return json_tokener_error_desc(e);
    if (end < len)
        return "text after the JSON value";
    return o ? NULL : "null";
}

static int parse_header(json_object *h, tc_trace_info *info, char *err, size_t errcap)
{
    json_object *v;
    double ver, w, hgt;
    if (!json_object_is_type(h, json_type_object) ||
        !tc_formats__get_key_num(h, "tuckcam_trace", 1e6, &ver)) {
        tc__fmt(err, errcap, "1: not a tuckcam trace (no \"tuckcam_trace\" version)");
        return TC_EFORMAT;
    }
    if (ver != floor(ver) || ver < 1 || ver > TC_TRACE_VERSION) {
        tc__fmt(err, errcap, "1: trace version %g; this build reads 1 to %d",
                ver, TC_TRACE_VERSION);
        return TC_EUNSUPPORTED;
    }
    if (!tc_formats__get_key_num(h, "width", 65536, &w) ||
        !tc_formats__get_key_num(h, "height", 65536, &hgt) || w < 1 || hgt < 1) {
        tc__fmt(err, errcap, "1: header needs a frame width and height");
        return TC_EFORMAT;
    }
    info->version = (int)ver;
    info->width = (int)w;
    info->height = (int)hgt;
    (void)tc_formats__get_name(h, "source", info->source, sizeof info->source);
    if (tc_formats__get_key_num(h, "started_unix", 1e11, &w) && w > 0)
        info->started_unix = (int64_t)w;
    if (json_object_object_get_ex(h, "created_by", &v) &&
        json_object_is_type(v, json_type_string))
        tc__fmt(info->created_by, sizeof info->created_by, "%s", json_object_get_string(v));
    if (json_object_object_get_ex(h, "profile", &v) && json_object_is_type(v, json_type_object)) {
        char msg[192];
        tc_profile_defaults(&info->profile);
        json_object_object_foreach(v, section, keys) {
            if (!json_object_is_type(keys, json_type_object)) {
                tc__fmt(err, errcap, "1: profile section '%s' is not an object", section);
                return TC_EFORMAT;
            }
            json_object_object_foreach(keys, key, val) {
                const char *txt = json_object_get_string(val);
                int rc = tc_formats__profile_set(&info->profile, section, key,
                                                 txt ? txt : "", msg, sizeof msg);
                if (rc < 0) {
                    tc__fmt(err, errcap, "1: profile: %s", msg);
                    return TC_EFORMAT;
                }
            }
        }
        /* a header without [camera] distance_cm was written before the
         * camera keys (docs/depth.md): its hfov_deg was the default then,
         * an assumption, not a camera anyone stated */
        json_object *cam, *dist;
        if (!(json_object_object_get_ex(v, "camera", &cam) &&
              json_object_object_get_ex(cam, "distance_cm", &dist)) &&
            info->profile.hfov_deg == TC_ASSUMED_HFOV_DEG)
            info->profile.hfov_deg = 0;
        if (tc_profile_validate(&info->profile, msg, sizeof msg) < 0) {
            tc__fmt(err, errcap, "1: profile: %s", msg);
            return TC_EFORMAT;
        }
        info->has_profile = 1;
    }
    return TC_OK;
}

/* "trunk" (optional; older traces have none): key, scale, x, y, sd_scale,
 * and shrug with sd_shrug (null when not measured). */
static int read_trunk(json_object *f, int64_t line, tc_obs *o, char *err, size_t errcap)
{
    json_object *v;
    double k, s, x, y, sds, sh = NAN, sdh = NAN;
    if (!json_object_object_get_ex(f, "trunk", &v) || !v)
        return TC_OK;
    if (!json_object_is_type(v, json_type_object) ||
        !tc_formats__get_key_num(v, "key", 4294967295.0, &k) || k < 0 || k != floor(k) ||
        !tc_formats__get_key_num(v, "scale", 100, &s) || s <= 0 ||
        !tc_formats__get_key_num(v, "x", MAX_COORD, &x) ||
        !tc_formats__get_key_num(v, "y", MAX_COORD, &y) ||
        !tc_formats__get_key_num(v, "sd_scale", 100, &sds) || sds < 0) {
        tc__fmt(err, errcap, "%lld: \"trunk\" needs key, scale > 0, x, y and sd_scale >= 0",
                (long long)line);
        return TC_EFORMAT;
    }
    if (tc_formats__get_key_num(v, "shrug", MAX_COORD, &sh) &&
        (!tc_formats__get_key_num(v, "sd_shrug", MAX_COORD, &sdh) || sdh < 0))
        sh = sdh = NAN;
    o->has_trunk = 1;
    o->trunk_key = (uint32_t)k;
    o->trunk_scale = (float)s;
    o->trunk_x = (float)x;
    o->trunk_y = (float)y;
    o->trunk_sd_scale = (float)sds;
    o->trunk_shrug = (float)sh;
    o->trunk_sd_shrug = (float)sdh;
    return TC_OK;
}

/* "video" (optional; whole frames and older traces have none): a predicted
 * frame, with its face's change (null: not measured). */
static int read_video(json_object *f, int64_t line, tc_obs *o, char *err, size_t errcap)
{
    json_object *v, *p;
    double c;
    o->face_change = NAN;
    if (!json_object_object_get_ex(f, "video", &v) || !v)
        return TC_OK;
    if (!json_object_is_type(v, json_type_object) ||
        !json_object_object_get_ex(v, "predicted", &p) || !json_object_is_type(p, json_type_boolean)) {
        tc__fmt(err, errcap, "%lld: \"video\" needs \"predicted\" (true or false)",
                (long long)line);
        return TC_EFORMAT;
    }
    o->predicted = json_object_get_boolean(p);
    if (tc_formats__get_key_num(v, "face_change", 255, &c) && c >= 0)
        o->face_change = (float)c;
    return TC_OK;
}

/* A time for a message: to the microsecond, or %g when that is too long. */
static const char *secs_text(char *buf, size_t cap, double t)
{
    tc__fmt(buf, cap, fabs(t) < 1e9 ? "%.6f" : "%g", t);
    return buf;
}

/* Why a frame line's "t" is no time of the session (into err, with the
 * line and the field: TC_EFORMAT), or TC_OK with it in *t. */
static int read_t(json_object *f, int64_t line, double *t, char *err, size_t errcap)
{
    json_object *v;
    char num[48];
    if (!json_object_object_get_ex(f, "t", &v) ||
        !(json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int))) {
        tc__fmt(err, errcap, "%lld: a frame line needs \"t\" (seconds, a number)",
                (long long)line);
        return TC_EFORMAT;
    }
    *t = json_object_get_double(v);
    secs_text(num, sizeof num, *t);
    if (!isfinite(*t))
        tc__fmt(err, errcap, "%lld: \"t\" %s is not a number of seconds", (long long)line, num);
    else if (*t < 0)
        tc__fmt(err, errcap, "%lld: \"t\" %s s is before the session's start (a trace's "
                "clock starts at 0 at its first frame)", (long long)line, num);
    else if (*t > TC_TRACE_MAX_T_S)
        tc__fmt(err, errcap, "%lld: \"t\" %s s is over %.0f h after the session's start (a "
                "trace's clock starts at its first frame; no session lasts that long)",
                (long long)line, num, TC_TRACE_MAX_T_S / 3600);
    else
        return TC_OK;
    return TC_EFORMAT;
}

/* A frame line's "frame" and "t" into o: t at 0 to TC_TRACE_MAX_T_S and
 * after the previous frame's (*last_t, updated). */
static int read_frame_time(json_object *f, int64_t line, tc_obs *o, int64_t *last_t,
                           char *err, size_t errcap)
{
    double fr, t;
    if (!json_object_is_type(f, json_type_object) ||
        !tc_formats__get_key_num(f, "frame", 9e15, &fr) || fr < 0 || fr != floor(fr)) {
        tc__fmt(err, errcap, "%lld: a frame line needs \"frame\" (whole, >= 0)",
                (long long)line);
        return TC_EFORMAT;
    }
    if (read_t(f, line, &t, err, errcap) < 0)
        return TC_EFORMAT;
    o->frame = (int64_t)fr;
    o->t_us = llround(t * 1e6);
    if (*last_t != INT64_MIN && o->t_us <= *last_t) {
        tc__fmt(err, errcap, "%lld: \"t\" %.6f s does not come after the previous frame's "
                "(%.6f s)", (long long)line, t, (double)*last_t / 1e6);
        return TC_EFORMAT;
    }
    *last_t = o->t_us;
    return TC_OK;
}

static int parse_frame(json_object *f, int64_t line, tc_obs *o, int64_t *last_t,
                       char *err, size_t errcap)
{
    json_object *v;
    memset(o, 0, sizeof *o);
    if (read_frame_time(f, line, o, last_t, err, errcap) < 0)
        return TC_EFORMAT;
    if (json_object_object_get_ex(f, "pose", &v) && v) {
        if (!json_object_is_type(v, json_type_object))
            goto bad_pose;
        for (int i = 0; i < TC_OBS_POINTS; i++) {
            json_object *a;
            double x, y, vis;
            if (!json_object_object_get_ex(v, tc_obs_point_name(i), &a) ||
                !json_object_is_type(a, json_type_array) || json_object_array_length(a) != 3 ||
                !tc_formats__get_num(json_object_array_get_idx(a, 0), MAX_COORD, &x) ||
                !tc_formats__get_num(json_object_array_get_idx(a, 1), MAX_COORD, &y) ||
                !tc_formats__get_num(json_object_array_get_idx(a, 2), 1.0, &vis) || vis < 0)
                goto bad_pose;
            o->pt[i].x = (float)x;
            o->pt[i].y = (float)y;
            o->pt[i].vis = (float)vis;
        }
        o->has_pose = 1;
    }
    if (json_object_object_get_ex(f, "face", &v) && v) {
        double w, h;
        if (!json_object_is_type(v, json_type_object) ||
            !tc_formats__get_key_num(v, "width", MAX_COORD, &w) ||
            !tc_formats__get_key_num(v, "height", MAX_COORD, &h) || w <= 0 || h <= 0) {
            tc__fmt(err, errcap, "%lld: \"face\" needs a positive width and height",
                    (long long)line);
            return TC_EFORMAT;
        }
        o->face_width = (float)w;
        o->face_height = (float)h;
        o->has_face = 1;
    }
    if (json_object_object_get_ex(f, "head", &v) && v) {
        double p, y, r;
        if (!json_object_is_type(v, json_type_object) ||
            !tc_formats__get_key_num(v, "pitch", 360, &p) ||
            !tc_formats__get_key_num(v, "yaw", 360, &y) ||
            !tc_formats__get_key_num(v, "roll", 360, &r)) {
            tc__fmt(err, errcap, "%lld: \"head\" needs pitch, yaw and roll in degrees",
                    (long long)line);
            return TC_EFORMAT;
        }
        o->pitch = (float)p;
        o->yaw = (float)y;
        o->roll = (float)r;
        o->has_head_pose = 1;
    }
    if (read_video(f, line, o, err, errcap) < 0)
        return TC_EFORMAT;
    return read_trunk(f, line, o, err, errcap);
bad_pose:
    tc__fmt(err, errcap, "%lld: \"pose\" needs %d points, each [x, y, visibility 0..1]",
            (long long)line, TC_OBS_POINTS);
    return TC_EFORMAT;
}

int tc_trace_parse(const char *buf, size_t len, tc_trace_info *info,
                   tc_trace_frame_fn fn, void *user, char *err, size_t errcap)
{
    struct json_tokener *tok = json_tokener_new_ex(MAX_DEPTH);
    int64_t line = 0, last_t = INT64_MIN;
    size_t pos = 0;
    int rc = TC_OK;

    memset(info, 0, sizeof *info);
    if (!tok)
        return TC_ENOMEM;
    while (pos < len) {
        const char *start = buf + pos, *nl = memchr(start, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - start) : len - pos;
        int last_torn = !nl;
        json_object *o;
        const char *why;
        pos += n + (nl ? 1 : 0);
        line++;
        if (n && start[n - 1] == '\r')
            n--;
        if (n == 0) {
            if (line == 1)
                break;
            continue;                       /* blank lines are allowed */
        }
        if (n > INT32_MAX) {
            tc__fmt(err, errcap, "%lld: line too long", (long long)line);
            rc = TC_EFORMAT;
            break;
        }
        json_tokener_reset(tok);
        o = json_tokener_parse_ex(tok, start, (int)n);
        if ((why = tc_formats__json_problem(tok, o, start, n))) {
            json_object_put(o);
            if (last_torn && line > 1) {    /* cut off by a crash: stop here */
                info->truncated = 1;
                break;
            }
            tc__fmt(err, errcap, "%lld: not a JSON object on one line (%s)", (long long)line,
                    why);
            rc = TC_EFORMAT;
            break;
        }
        if (line == 1) {
            rc = parse_header(o, info, err, errcap);
        } else {
            tc_obs obs;
            rc = parse_frame(o, line, &obs, &last_t, err, errcap);
            if (rc == TC_OK) {
                info->frames++;
                if (fn)
                    rc = fn(user, &obs);
            }
        }
        json_object_put(o);
        if (rc < 0)
            break;
    }
    if (rc == TC_OK && info->version == 0) {
        tc__fmt(err, errcap, "1: empty, or no trace header on the first line");
        rc = TC_EFORMAT;
    }
    json_tokener_free(tok);
    return rc;
}

int tc_trace_read(const char *path, tc_trace_info *info, tc_trace_frame_fn fn,
                  void *user, char *err, size_t errcap)
{
    uint8_t *data = NULL;
    size_t size = 0;
    char msg[256] = "";
    int rc = tc__read_file(&data, &size, path, (size_t)4 << 30);
    if (rc < 0) {
        memset(info, 0, sizeof *info);
        tc__fmt(err, errcap, "%s: %s", path, tc_strerror(rc));
        return rc;
    }
    rc = tc_trace_parse((const char *)data, size, info, fn, user, msg, sizeof msg);
    if (rc < 0)
        tc__fmt(err, errcap, "%s:%s", path, msg);
    free(data);
    return rc;
}
