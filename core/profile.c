/* core/profile.c — profile defaults, key table, value checks. */
#include "core/profile.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"

const char *tc_camera_model_name(tc_camera_model m)
{
    switch (m) {
    case TC_CAMERA_HFOV:     return "hfov";
    case TC_CAMERA_DISTANCE: return "distance";
    case TC_CAMERA_UNUSED:   return "unused";
    default:                 return "assumed";
    }
}

tc_camera_model tc_profile_camera(const tc_profile *p)
{
    if (p->distance_cm > 0)
        return TC_CAMERA_DISTANCE;
    return p->hfov_deg > 0 ? TC_CAMERA_HFOV : TC_CAMERA_ASSUMED;
}

double tc_profile_hfov(const tc_profile *p)
{
    return p->hfov_deg > 0 ? p->hfov_deg : TC_ASSUMED_HFOV_DEG;
}

const char *tc_view_name(tc_view v)
{
    switch (v) {
    case TC_VIEW_SIDE:  return "side";
    case TC_VIEW_FRONT: return "front";
    default:            return "auto";
    }
}

void tc_profile_defaults(tc_profile *out)
{
    memset(out, 0, sizeof *out);
    out->reps = 10;
    out->hold_s = 5.0;
    out->hold_tolerance_s = 0.5;
    out->min_retract_s = 1.0;
    out->min_return_s = 1.0;
    out->view = TC_VIEW_AUTO;
    out->still_s = 1.0;
    out->still_mm = 4.0;
    out->range_mm = 0.0;
    out->expected_depth_mm = 20.0;
    out->min_depth_mm = 8.0;
    out->shallow_fraction = 0.6;
    out->nodding_deg = 10.0;
    out->rotation_deg = 10.0;
    out->shrug_fraction = 0.05;
    out->lean_mm = 15.0;
    out->jerky_submovements = 2;
    out->max_gap_s = 0.5;
    out->hfov_deg = 0.0;
    out->distance_cm = 0.0;
    out->ipd_mm = 63.0;
}

/* K_REAL0: 0 (not stated) or a number from lo to hi */
enum key_kind { K_INT, K_REAL, K_REAL0, K_VIEW };

typedef struct key_def {
    const char *section, *key;
    enum key_kind kind;
    size_t off;
    double lo, hi;
    const char *help;
} key_def;

#define KD(sec, name, kind, lo, hi, help) \
    { sec, #name, kind, offsetof(tc_profile, name), lo, hi, help }

static const key_def keys[] = {
    KD("exercise", reps, K_INT, 1, 100, "repetitions in a set"),
    KD("exercise", hold_s, K_REAL, 0, 120, "hold at the tucked position, s"),
    KD("exercise", hold_tolerance_s, K_REAL, 0, 60, "a hold this much short still counts, s"),
    KD("exercise", min_retract_s, K_REAL, 0, 20, "retract at least this long, s"),
    KD("exercise", min_return_s, K_REAL, 0, 20, "return at least this long, s"),
    KD("exercise", view, K_VIEW, 0, 0, "camera view: auto, side or front"),
    KD("calibration", still_s, K_REAL, 0.2, 30, "stillness that sets the neutral posture, s"),
    KD("calibration", still_mm, K_REAL, 0.5, 30, "head within this many mm counts as still"),
    KD("calibration", range_mm, K_REAL, 0, 100, "comfortable depth, mm (0 = learn from the reps)"),
    KD("calibration", expected_depth_mm, K_REAL, 3, 100, "starting guess of the range, mm"),
    KD("tolerances", min_depth_mm, K_REAL, 0, 100, "below this depth a rep is shallow, mm"),
    KD("tolerances", shallow_fraction, K_REAL, 0, 1, "depth under this share of the range is shallow"),
    KD("tolerances", nodding_deg, K_REAL, 1, 90, "chin-down pitch change allowed, degrees"),
    KD("tolerances", rotation_deg, K_REAL, 1, 90, "yaw or roll drift allowed, degrees"),
    KD("tolerances", shrug_fraction, K_REAL, 0.005, 1, "shoulder rise allowed, share of shoulder width"),
    KD("tolerances", lean_mm, K_REAL, 1, 500, "trunk travel allowed, mm"),
    KD("tolerances", jerky_submovements, K_INT, 2, 20, "this many speed peaks in one movement is jerky"),
    KD("tolerances", max_gap_s, K_REAL, 0, 10, "tracking gap tolerated inside a rep, s"),
    KD("camera", hfov_deg, K_REAL0, 20, 170,
       "camera horizontal field of view, degrees (0 = not stated: 60 assumed)"),
    KD("camera", distance_cm, K_REAL0, 20, 500,
       "eyes to camera lens at calibration, cm (0 = not stated)"),
    KD("camera", ipd_mm, K_REAL, 40, 90, "interpupillary distance, mm"),
};

static const key_def *find_key(const char *section, const char *key, int *section_known)
{
    *section_known = 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (strcmp(keys[i].section, section))
            continue;
        *section_known = 1;
        if (!strcmp(keys[i].key, key))
            return &keys[i];
    }
    return NULL;
}

static int parse_real(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    while (*end == ' ' || *end == '\t')
        end++;
    if (end == s || *end || errno || !isfinite(v))
        return TC_EFORMAT;
    *out = v;
    return TC_OK;
}

int tc_profile_set(tc_profile *p, const char *section, const char *key,
                   const char *value, char *err, size_t errcap)
{
    int known;
    const key_def *k = find_key(section, key, &known);
    double v;

    if (!k) {
        if (known)
            tc__fmt(err, errcap, "unknown key '%s' in [%s]", key, section);
        else
            tc__fmt(err, errcap, "unknown section [%s] (known: exercise, "
                    "calibration, tolerances, camera)", section);
        return TC_EINVAL;
    }
    if (k->kind == K_VIEW) {
        tc_view view;
        if (!strcasecmp(value, "auto"))
            view = TC_VIEW_AUTO;
        else if (!strcasecmp(value, "side"))
            view = TC_VIEW_SIDE;
        else if (!strcasecmp(value, "front"))
            view = TC_VIEW_FRONT;
        else {
            tc__fmt(err, errcap, "%s = '%s': expected auto, side or front", key, value);
            return TC_EFORMAT;
        }
        memcpy((char *)p + k->off, &view, sizeof view);
        return TC_OK;
    }
    if (parse_real(value, &v) < 0) {
        tc__fmt(err, errcap, "%s = '%s': not a number", key, value);
        return TC_EFORMAT;
    }
    if ((v < k->lo || v > k->hi || (k->kind == K_INT && v != floor(v))) &&
        !(k->kind == K_REAL0 && v == 0)) {
        tc__fmt(err, errcap, "%s = %s: expected %s from %g to %g", key, value,
                k->kind == K_INT ? "a whole number"
                : k->kind == K_REAL0 ? "0 (not stated) or a number" : "a number",
                k->lo, k->hi);
        return TC_ERANGE;
    }
    if (k->kind == K_INT) {
        int iv = (int)v;
        memcpy((char *)p + k->off, &iv, sizeof iv);
    } else {
        memcpy((char *)p + k->off, &v, sizeof v);
    }
    return TC_OK;
}

int tc_profile_validate(const tc_profile *p, char *err, size_t errcap)
{
    if (p->hold_tolerance_s > p->hold_s) {
        tc__fmt(err, errcap, "hold_tolerance_s (%g) is longer than hold_s (%g)",
                p->hold_tolerance_s, p->hold_s);
        return TC_ERANGE;
    }
    if (p->range_mm > 0 && p->range_mm < p->min_depth_mm) {
        tc__fmt(err, errcap, "range_mm (%g) is below min_depth_mm (%g)",
                p->range_mm, p->min_depth_mm);
        return TC_ERANGE;
    }
    return TC_OK;
}

void tc_profile_visit(const tc_profile *p, tc_profile_visit_fn fn, void *user)
{
    char buf[64];
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const key_def *k = &keys[i];
        const char *at = (const char *)p + k->off;
        if (k->kind == K_VIEW) {
            tc_view v;
            memcpy(&v, at, sizeof v);
            fn(user, k->section, k->key, tc_view_name(v), k->help);
            continue;
        }
        if (k->kind == K_INT) {
            int v;
            memcpy(&v, at, sizeof v);
            tc__fmt(buf, sizeof buf, "%d", v);
        } else {
            double v;
            memcpy(&v, at, sizeof v);
            tc__fmt(buf, sizeof buf, "%g", v);
        }
        fn(user, k->section, k->key, buf, k->help);
    }
}
