/* tests/core/synth.h — synthetic observations of a person doing chin tucks,
 * for the scorer tests: a side or front camera (640x480, 60 deg and 650 mm
 * unless set), a head that moves by a scripted amount (minimum-jerk
 * movements), landmark jitter, dropped frames and tracking gaps.
 * Header-only, test code. */
#ifndef TC_TESTS_SYNTH_H
#define TC_TESTS_SYNTH_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "core/obs.h"
#include "core/profile.h"
#include "core/scorer.h"

typedef struct synth_rep {
    double retract_s, hold_s, return_s, rest_s;  /* rest before the rep */
    double depth_mm;       /* head travel back (with the trunk) */
    double pitch_deg;      /* chin-down change at the tucked position */
    double shrug_mm;       /* shoulders up at the tucked position */
    double lean_mm;        /* whole trunk back at the tucked position */
    double yaw_deg;        /* head turn at the tucked position */
    int    steps;          /* >1: the retraction in this many stop-go steps */
    double gap_at, gap_s;  /* tracking lost from gap_at (s into the rep) */
} synth_rep;

#define SYNTH_GOOD { 1.5, 5.0, 1.5, 2.0, 20, 2, 0, 0, 0, 1, 0, 0 }

typedef struct synth {
    tc_view  view;
    double   fps;
    double   noise;        /* landmark jitter SD, px (face width: /3) */
    double   drop;         /* share of frames dropped at random */
    double   calib_s;      /* still time at the start */
    double   tail_s;       /* still time after the last rep */
    uint64_t rng;
    double   hfov_deg;     /* front camera's field of view (0: 60) */
    double   z0_mm;        /* front: camera to the face's width plane (0: 650) */
    double   face_scale;   /* the face's width over the canonical one (0: 1) */
} synth;

static inline double synth_uniform(synth *s)
{
    s->rng = s->rng * 6364136223846793005ull + 1442695040888963407ull;
    return (double)(s->rng >> 11) / 9007199254740992.0;
}

static inline double synth_gauss(synth *s)
{
    double u = synth_uniform(s), v = synth_uniform(s);
    if (u < 1e-12)
        u = 1e-12;
    return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

/* Minimum-jerk position from 0 to 1 over tau in [0, 1]. */
static inline double synth_mj(double tau)
{
    if (tau <= 0)
        return 0;
    if (tau >= 1)
        return 1;
    return tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
}

/* Share (0..1) of the tucked position reached at time t into the rep. */
static inline double synth_progress(const synth_rep *r, double t)
{
    double t1 = r->retract_s, t2 = t1 + r->hold_s, t3 = t2 + r->return_s;
    if (t < 0 || t >= t3)
        return 0;
    if (t < t1) {
        int k = r->steps > 1 ? r->steps : 1;
        double seg = t1 / k, done = floor(t / seg), glide = k > 1 ? 0.5 : 1.0;
        /* stepped: each step a quick glide over half its time, then a stop */
        return (done + synth_mj((t - done * seg) / (glide * seg))) / k;
    }
    if (t < t2)
        return 1;
    return 1 - synth_mj((t - t2) / r->return_s);
}

/* Observation of the person at a pose. */
static inline void synth_obs(synth *s, tc_obs *o, int64_t t_us, int64_t frame,
                             double travel, double pitch, double shrug,
                             double lean, double yaw)
{
    double n = s->noise;
    memset(o, 0, sizeof *o);
    o->t_us = t_us;
    o->frame = frame;
    o->has_pose = o->has_face = o->has_head_pose = 1;
    if (s->view == TC_VIEW_SIDE) {
        const double mmpp = TC_CANONICAL_FACE_HEIGHT_MM / 100.0;  /* face 100 px high */
        double ex = 300 - (travel) / mmpp, sx = 280 - lean / mmpp;
        o->pt[TC_OBS_LEFT_EAR] = (tc_obs_point){ (float)(ex + n * synth_gauss(s)),
                                                 (float)(200 + n * synth_gauss(s)), 0.95f };
        o->pt[TC_OBS_RIGHT_EAR] = (tc_obs_point){ (float)(ex + 5), 202, 0.2f };
        o->pt[TC_OBS_NOSE] = (tc_obs_point){ (float)(ex + 60 + n * synth_gauss(s)),
                                             (float)(215 + 0.8 * pitch), 0.99f };
        o->pt[TC_OBS_LEFT_SHOULDER] = (tc_obs_point){ (float)(sx + n * synth_gauss(s)),
            (float)(300 - shrug / mmpp + n * synth_gauss(s)), 0.9f };
        o->pt[TC_OBS_RIGHT_SHOULDER] = (tc_obs_point){ (float)(sx - 8 + n * synth_gauss(s)),
            (float)(298 - shrug / mmpp + n * synth_gauss(s)), 0.6f };
        o->face_height = (float)(100 + n / 3 * synth_gauss(s));
        o->face_width = (float)(50 + n / 3 * synth_gauss(s));
        o->yaw = (float)(80 + yaw + 0.7 * n * synth_gauss(s));
    } else {
        const double hfov = s->hfov_deg > 0 ? s->hfov_deg : 60;
        const double f = 320.0 / tan(hfov * M_PI / 360), z0 = s->z0_mm > 0 ? s->z0_mm : 650;
        const double fs = s->face_scale > 0 ? s->face_scale : 1;
        double zf = z0 + travel, zs = z0 + 80 + lean;
        /* the face mesh's width shrinks as the cosine of its yaw, as the
         * face model's does (docs/timing.md) */
        double fw = f * TC_CANONICAL_FACE_WIDTH_MM * fs * cos(yaw * M_PI / 180) / zf;
        double sw = f * 380 / zs;
        double sy = 330 - shrug * f / zs;
        o->pt[TC_OBS_NOSE] = (tc_obs_point){ (float)(320 + n * synth_gauss(s)), 220, 0.99f };
        o->pt[TC_OBS_LEFT_EAR] = (tc_obs_point){ (float)(320 + 0.45 * fw), 210, 0.9f };
        o->pt[TC_OBS_RIGHT_EAR] = (tc_obs_point){ (float)(320 - 0.45 * fw), 210, 0.9f };
        o->pt[TC_OBS_LEFT_SHOULDER] = (tc_obs_point){ (float)(320 + sw / 2 + n * synth_gauss(s)),
                                                      (float)(sy + n * synth_gauss(s)), 0.95f };
        o->pt[TC_OBS_RIGHT_SHOULDER] = (tc_obs_point){ (float)(320 - sw / 2 + n * synth_gauss(s)),
                                                       (float)(sy + n * synth_gauss(s)), 0.95f };
        o->face_width = (float)(fw + n / 3 * synth_gauss(s));
        o->face_height = (float)(fw * 1.15 + n / 3 * synth_gauss(s));
        o->yaw = (float)(yaw + 0.7 * n * synth_gauss(s));
    }
    o->pitch = (float)(12 + pitch + 0.7 * n * synth_gauss(s));
    o->roll = (float)(0.5 * n * synth_gauss(s));
}

/* Play a session into a scorer: still calibration, the reps, a still tail.
 * Returns the number of frames pushed. `truth_start` (may be NULL) gets
 * each rep's start time (s from the first frame). */
static inline int synth_run(synth *s, tc_scorer *sc, const synth_rep *reps,
                            int nreps, double *truth_start)
{
    double t = 0, dt = 1.0 / s->fps;
    int64_t frame = 0;
    int pushed = 0;
    double rep_t0 = s->calib_s;
    for (int k = 0; k <= nreps; k++) {
        const synth_rep *r = k < nreps ? &reps[k] : NULL;
        double start = rep_t0 + (r ? r->rest_s : 0);
        double end = r ? start + r->retract_s + r->hold_s + r->return_s
                       : rep_t0 + s->tail_s;
        if (r && truth_start)
            truth_start[k] = start;
        for (; t < end - 1e-9; t += dt, frame++) {
            double pr = r ? synth_progress(r, t - start) : 0;
            tc_obs o;
            if (r && r->gap_s > 0 && t - start >= r->gap_at && t - start < r->gap_at + r->gap_s)
                continue;                          /* person not tracked */
            if (s->drop > 0 && synth_uniform(s) < s->drop)
                continue;                          /* frame dropped */
            synth_obs(s, &o, (int64_t)llround(t * 1e6), frame,
                      r ? pr * r->depth_mm : 0, r ? pr * r->pitch_deg : 0,
                      r ? pr * r->shrug_mm : 0, r ? pr * r->lean_mm : 0,
                      r ? pr * r->yaw_deg : 0);
            tc_scorer_push(sc, &o, NULL);
            pushed++;
        }
        rep_t0 = end;
    }
    tc_scorer_finish(sc);
    return pushed;
}

#endif /* TC_TESTS_SYNTH_H */
