/* core/scorer.c — metrics, calibration, the rep state machine, scoring.
 *
 * Two passes over the same samples:
 *  - online (every frame): filtered signals and the state machine with
 *    hysteresis, for counting and live feedback;
 *  - per rep, when it ends: the rep's samples (kept in a ring) are smoothed
 *    with a centred, zero-lag window, and each glide's start and duration
 *    come from a least-squares minimum-jerk fit to the raw samples (pause
 *    boundaries for a stop-and-go), so timings carry no filter lag and do
 *    not depend on the frame rate. */
#include "core/scorer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/filter.h"

#define PREROLL_S        3.0    /* samples kept before a rep starts */
#define GAP_ABORT_S      2.0    /* a longer gap ends a rep (partial) */
#define GAP_RECAL_S      3.0    /* a longer gap sets neutral again */
#define SETTLE_S         1.0    /* rest kept after a return before it is scored */
#define SMOOTH_HALF_S    0.10   /* half-width of the centred window */
#define SUSTAIN_S        0.05   /* a level crossing must hold this long */
#define MAX_FPS          120.0  /* ring sizing */
#define SHOULDER_WIDTH_MM 380.0 /* nominal biacromial breadth (side view) */
#define EAR_NOSE_MM      115.0  /* nominal tragus-to-nose-tip (side, no mesh) */

typedef struct feat {
    int    pose_ok, face_ok, hp_ok, sh_ok, ear_ok[2];
    double ear_x[2], ear_y[2], nose_x, nose_y;
    double sh_x, sh_y, sh_w;
    double face_w, face_h;
    double pitch, yaw, roll;
} feat;

typedef struct sample {
    int64_t t_us;
    int     valid;
    double  head;            /* raw head travel back, mm */
    double  act;             /* raw rep activity, mm (head travel or nod) */
    double  trunk;           /* filtered trunk travel back, mm (NAN: none) */
    double  shy;             /* filtered shoulder rise, share of width */
    double  pitch, yaw, roll;/* filtered change from neutral (NAN: none) */
} sample;

typedef struct baseline {
    int    ear;              /* 0 left, 1 right: the ear facing the camera */
    int    facing;           /* +1 nose towards +x, -1 towards -x */
    double ear_x, ear_y, sh_x, sh_y, sh_w, face_w, face_h;
    double pitch, yaw, roll;
    int    hp_ok, sh_ok;
    double mm_per_px;        /* side */
    double z0;               /* front: camera-to-face distance, mm */
} baseline;

struct tc_scorer {
    tc_profile  p;
    int         width, height;
    double      f_px;
    tc_session  sess;
    baseline    b;

    /* calibration window */
    feat       *cal;
    int64_t    *cal_t;
    size_t      cal_cap, cal_n;

    /* online state */
    tc_one_euro f_head, f_trunk, f_shy, f_pitch, f_yaw, f_roll;
    tc_phase    phase;
    double      range, on, off;
    double      head_f, act_f, prev_act, vel;
    int         had_act;
    int64_t     last_t, last_valid_t, first_t;
    int         have_t, have_valid;
    double      peak, still_time, hold_elapsed, settle_time;
    double      rest;           /* level the last return came to rest at */
    int         in_rep, pending;
    uint64_t    rep_first;   /* absolute sample index of the rep window */
    uint64_t    last_end;    /* first sample after the previous rep */

    /* sample ring (absolute index i lives at i % ring_cap) */
    sample     *ring;
    size_t      ring_cap;
    uint64_t    nsamples;

    /* scratch for the per-rep analysis (ring_cap each) */
    double     *w_t, *w_d, *w_h, *w_hs, *w_ds, *w_v, *w_tr, *w_shy, *w_p, *w_y, *w_r, *w_sp;
    uint64_t   *w_abs;       /* absolute sample index of each entry */
    double      sustain;     /* crossing hold time in use (s) */

    tc_rep     *reps;
    size_t      nreps, reps_cap;
    int         full_reps;
};

/* ---- names ------------------------------------------------------------ */

const char *tc_phase_name(tc_phase p)
{
    switch (p) {
    case TC_PHASE_NEUTRAL: return "neutral";
    case TC_PHASE_RETRACT: return "retract";
    case TC_PHASE_HOLD:    return "hold";
    case TC_PHASE_RETURN:  return "return";
    default:               return "calibrating";
    }
}

static const char *const fault_names[TC_FAULT_COUNT] = {
    "nodding", "too_fast", "short_hold", "shallow", "shoulder_shrug",
    "trunk_lean", "rotation", "jerky", "lost_tracking",
};

static const char *const fault_cues[TC_FAULT_COUNT] = {
    "Glide your head straight back and keep your gaze level, no need to nod.",
    "Take it slower: about a second to glide back, and a second to return.",
    "If it stays comfortable, rest in the tucked position a little longer.",
    "Glide back as far as feels comfortable; a small, easy movement is fine.",
    "Let your shoulders stay low and relaxed.",
    "Keep your body still and let only your head glide back.",
    "Keep your face pointing straight ahead.",
    "Move smoothly and steadily, in one easy glide.",
    "Stay in view of the camera so each rep can be measured.",
};

/* Score penalty of each fault, and why: nodding and trunk lean mean the
 * exercise was not done (a different movement); tempo, hold, depth and
 * shoulders are the "precision" criteria; rotation and jerkiness are form
 * details; lost tracking makes the rep uncertain, not bad. */
static const double fault_penalty[TC_FAULT_COUNT] = {
    30, 15, 15, 15, 15, 30, 10, 10, 10,
};

const char *tc_fault_name(tc_fault f)
{
    return (unsigned)f < TC_FAULT_COUNT ? fault_names[f] : "unknown";
}

int tc_fault_from_name(const char *name)
{
    for (int i = 0; i < TC_FAULT_COUNT; i++)
        if (name && !strcmp(name, fault_names[i]))
            return i;
    return -1;
}

const char *tc_fault_cue(tc_fault f)
{
    return (unsigned)f < TC_FAULT_COUNT ? fault_cues[f] : "";
}

const char *tc_obs_point_name(int id)
{
    static const char *const n[TC_OBS_POINTS] = {
        "nose", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
    };
    return id >= 0 && id < TC_OBS_POINTS ? n[id] : "unknown";
}

/* ---- small helpers ---------------------------------------------------- */

static double sq(double x) { return x * x; }

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantile q of the n finite values at v (sorted in place, NANs last). */
static double quantile(double *v, size_t n, double q)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            v[m++] = v[i];
    if (!m)
        return NAN;
    qsort(v, m, sizeof *v, cmp_double);
    double pos = q * (double)(m - 1);
    size_t i = (size_t)pos;
    double fr = pos - (double)i;
    return i + 1 < m ? v[i] * (1 - fr) + v[i + 1] * fr : v[i];
}

static double tsec(const tc_scorer *s, int64_t t_us)
{
    return (double)(t_us - s->first_t) / 1e6;
}

/* Sample standard deviation of x[0..m), m >= 2. */
static double sd_of(const double *x, size_t m)
{
    double mean = 0, var = 0;
    for (size_t i = 0; i < m; i++)
        mean += x[i];
    mean /= (double)m;
    for (size_t i = 0; i < m; i++)
        var += sq(x[i] - mean);
    return sqrt(var / (double)(m - 1));
}

/* Centred moving average (zero lag) of x over +-hw seconds of the times t
 * into out, n samples. */
static void smooth_centred(const double *t, const double *x, double *out, size_t n, double hw)
{
    size_t lo = 0, hi = 0;
    double acc = 0;
    for (size_t i = 0; i < n; i++) {
        while (hi < n && t[hi] <= t[i] + hw)
            acc += x[hi++];
        while (t[lo] < t[i] - hw)
            acc -= x[lo++];
        out[i] = acc / (double)(hi - lo);
    }
}

/* ---- features from one observation ------------------------------------ */

static void features(const tc_obs *o, feat *f)
{
    const tc_obs_point *pt = o->pt;
    memset(f, 0, sizeof *f);
    f->pose_ok = o->has_pose;
    if (o->has_pose) {
        for (int e = 0; e < 2; e++) {
            const tc_obs_point *ear = &pt[TC_OBS_LEFT_EAR + e];
            f->ear_ok[e] = ear->vis >= 0.5f;
            f->ear_x[e] = ear->x;
            f->ear_y[e] = ear->y;
        }
        f->nose_x = pt[TC_OBS_NOSE].x;
        f->nose_y = pt[TC_OBS_NOSE].y;
        const tc_obs_point *l = &pt[TC_OBS_LEFT_SHOULDER], *r = &pt[TC_OBS_RIGHT_SHOULDER];
        double wl = l->vis, wr = r->vis;
        if (wl + wr >= 0.6 && wl >= 0 && wr >= 0) {
            f->sh_ok = 1;
            f->sh_x = (l->x * wl + r->x * wr) / (wl + wr);
            f->sh_y = (l->y * wl + r->y * wr) / (wl + wr);
            f->sh_w = sqrt(sq(l->x - r->x) + sq(l->y - r->y));
        }
    }
    f->face_ok = o->has_face && o->face_width > 1 && o->face_height > 1 &&
                 isfinite(o->face_width) && isfinite(o->face_height);
    f->face_w = o->face_width;
    f->face_h = o->face_height;
    f->hp_ok = o->has_head_pose && isfinite(o->pitch) && isfinite(o->yaw) &&
               isfinite(o->roll);
    f->pitch = o->pitch;
    f->yaw = o->yaw;
    f->roll = o->roll;
}

/* Which view this frame looks like: +1 side, -1 front, 0 cannot tell. */
static int view_vote(const feat *f)
{
    if (f->hp_ok && fabs(f->yaw) > 50)
        return 1;
    /* a face turned less than 30 degrees from the camera is seen from the
     * front, whatever the shoulders do (they may be cut by a portrait frame
     * or blurred by compression: the fixtures showed both) */
    if (f->hp_ok && fabs(f->yaw) < 30 && f->face_ok)
        return -1;
    if (f->pose_ok) {
        double span = fabs(f->ear_x[0] - f->ear_x[1]);
        double off = fabs(f->nose_x - 0.5 * (f->ear_x[0] + f->ear_x[1]));
        return off > 0.6 * span ? 1 : -1;
    }
    return 0;
}

static int side_ear(const tc_scorer *s, const feat *f)
{
    if (s->sess.calibrated)
        return s->b.ear;
    return f->ear_ok[1] && !f->ear_ok[0] ? 1 : 0;
}

static int feat_valid(const tc_scorer *s, const feat *f, tc_view view)
{
    if (view == TC_VIEW_SIDE)
        return f->pose_ok && f->ear_ok[side_ear(s, f)] && f->sh_ok;
    return f->face_ok;
}

/* Against neutral b in `view`: head travel back (mm), trunk travel back
 * (mm) and shoulder rise (share of shoulder width) of frame f; NAN where
 * the frame lacks what a value needs. */
static void travel(const baseline *b, tc_view view, const feat *f,
                   double *head, double *trunk, double *shy)
{
    *head = *trunk = *shy = NAN;
    if (view == TC_VIEW_SIDE) {
        if (f->pose_ok && f->ear_ok[b->ear])
            *head = -(f->ear_x[b->ear] - b->ear_x) * b->facing * b->mm_per_px;
        if (f->sh_ok && b->sh_ok) {
            *trunk = -(f->sh_x - b->sh_x) * b->facing * b->mm_per_px;
            *shy = (b->sh_y - f->sh_y) * b->mm_per_px / SHOULDER_WIDTH_MM;
        }
    } else {
        if (f->face_ok)
            *head = b->z0 * (b->face_w / f->face_w - 1.0);
        if (f->sh_ok && b->sh_ok && f->sh_w > 1) {
            *trunk = b->z0 * (b->sh_w / f->sh_w - 1.0);
            *shy = (b->sh_y - f->sh_y) / b->sh_w;
        }
    }
}

/* Good form at a moment: chin-down pitch, yaw, roll (and, where given,
 * shoulder rise) within the profile's tolerances; NAN values pass. */
static int form_ok(const tc_profile *p, double pitch, double yaw, double roll, double shy)
{
    return !(isfinite(pitch) && pitch > p->nodding_deg) &&
           !(isfinite(yaw) && fabs(yaw) > p->rotation_deg) &&
           !(isfinite(roll) && fabs(roll) > p->rotation_deg) &&
           !(isfinite(shy) && shy > p->shrug_fraction);
}

/* ---- calibration -------------------------------------------------------- */

static void reset_filters(tc_scorer *s)
{
    /* Head travel: 0.8 Hz at rest (jitter SD x0.27 at 30 fps), opening by
     * 0.05 Hz per mm/s: a 15 mm/s glide is followed with ~0.1 s of lag. */
    tc_one_euro_init(&s->f_head, 0.8, 0.05, 1.0, 30);
    /* Shoulders: slow (0.3 Hz, no speed term) — the pose model moves them
     * with the head for a frame or two; a shrug or lean lasts seconds. */
    tc_one_euro_init(&s->f_trunk, 0.3, 0.0, 1.0, 30);
    tc_one_euro_init(&s->f_shy, 0.3, 0.0, 1.0, 30);
    tc_one_euro_init(&s->f_pitch, 1.0, 0.02, 1.0, 30);
    tc_one_euro_init(&s->f_yaw, 1.0, 0.02, 1.0, 30);
    tc_one_euro_init(&s->f_roll, 1.0, 0.02, 1.0, 30);
    s->had_act = 0;
    s->vel = 0;
}

static void set_thresholds(tc_scorer *s)
{
    double noise = isfinite(s->sess.noise_mm) ? s->sess.noise_mm : 0;
    /* 1.2 SD of the raw noise is over 4 SD after the head filter */
    s->on = fmax(fmax(0.3 * s->range, 1.2 * noise), 3.0);
    s->off = 0.5 * s->on;
    s->rest = 0;
}

/* Is the signal in w_h[0..m) (times w_t) still? Landmark jitter is not
 * movement: the spread is taken after the same centred 0.2 s average the
 * rep analysis uses; the raw SD (the noise) goes to *sd. */
static int still_enough(tc_scorer *s, size_t m, double *sd)
{
    if (m < 3)
        return 0;
    *sd = sd_of(s->w_h, m);
    smooth_centred(s->w_t, s->w_h, s->w_hs, m, SMOOTH_HALF_S);
    return quantile(s->w_hs, m, 0.9) - quantile(s->w_hs, m, 0.1) <= s->p.still_mm;
}

/* Try to set neutral from the calibration window; 1 when done. */
static int try_calibrate(tc_scorer *s)
{
    size_t n = s->cal_n, nv = 0, nface = 0;
    int votes = 0;
    tc_view view;
    double *tmp;
    baseline b;

    if (n < 3 || (double)(s->cal_t[n - 1] - s->cal_t[0]) / 1e6 < s->p.still_s * 0.95)
        return 0;
    view = s->p.view;
    if (view == TC_VIEW_AUTO) {
        for (size_t i = 0; i < n; i++)
            votes += view_vote(&s->cal[i]);
        view = votes > 0 ? TC_VIEW_SIDE : TC_VIEW_FRONT;
    }
    memset(&b, 0, sizeof b);
    tmp = s->w_sp;   /* scratch: ring_cap >= cal_cap */

    if (view == TC_VIEW_SIDE) {
        int vis[2] = { 0, 0 };
        for (size_t i = 0; i < n; i++)
            for (int e = 0; e < 2; e++)
                vis[e] += s->cal[i].ear_ok[e];
        b.ear = vis[1] > vis[0];
    }
    /* Medians of each feature over the frames valid for the view. */
#define MEDIAN_OF(expr, cond, dst) do {                                  \
        size_t m_ = 0;                                                   \
        for (size_t i = 0; i < n; i++) {                                 \
            const feat *f = &s->cal[i];                                  \
            if ((cond)) tmp[m_++] = (expr);                              \
        }                                                                \
        dst = m_ ? quantile(tmp, m_, 0.5) : NAN;                         \
    } while (0)
    for (size_t i = 0; i < n; i++) {
        const feat *f = &s->cal[i];
        int ok = view == TC_VIEW_SIDE ? f->pose_ok && f->ear_ok[b.ear] && f->sh_ok
                                      : f->face_ok;
        nv += (size_t)ok;
        nface += (size_t)f->face_ok;
    }
    if (nv < n * 8 / 10)
        return 0;
    MEDIAN_OF(f->ear_x[b.ear], f->pose_ok && f->ear_ok[b.ear], b.ear_x);
    MEDIAN_OF(f->ear_y[b.ear], f->pose_ok && f->ear_ok[b.ear], b.ear_y);
    MEDIAN_OF(f->sh_x, f->sh_ok, b.sh_x);
    MEDIAN_OF(f->sh_y, f->sh_ok, b.sh_y);
    MEDIAN_OF(f->sh_w, f->sh_ok, b.sh_w);
    MEDIAN_OF(f->face_w, f->face_ok, b.face_w);
    MEDIAN_OF(f->face_h, f->face_ok, b.face_h);
    MEDIAN_OF(f->pitch, f->hp_ok, b.pitch);
    MEDIAN_OF(f->yaw, f->hp_ok, b.yaw);
    MEDIAN_OF(f->roll, f->hp_ok, b.roll);
    b.hp_ok = isfinite(b.pitch);
    b.sh_ok = isfinite(b.sh_y);

    const double ipd_scale = s->p.ipd_mm / TC_CANONICAL_IPD_MM;
    double sig_sd;
    if (view == TC_VIEW_SIDE) {
        double nose_x;
        MEDIAN_OF(f->nose_x, f->pose_ok, nose_x);
        b.facing = nose_x >= b.ear_x ? 1 : -1;
        if (nface * 3 >= n && isfinite(b.face_h)) {
            b.mm_per_px = TC_CANONICAL_FACE_HEIGHT_MM * ipd_scale / b.face_h;
            s->sess.scale_source = "face-mesh height, anthropometric default (IPD)";
            s->sess.scale_uncertainty_pct = 8;
        } else {
            double en;
            MEDIAN_OF(hypot(f->nose_x - f->ear_x[b.ear], f->nose_y - f->ear_y[b.ear]),
                      f->pose_ok && f->ear_ok[b.ear], en);
            if (!(en > 1))
                return 0;
            b.mm_per_px = EAR_NOSE_MM / en;
            s->sess.scale_source = "ear-to-nose distance, anthropometric default";
            s->sess.scale_uncertainty_pct = 20;
        }
    } else {
        if (!isfinite(b.face_w))
            return 0;
        b.z0 = s->f_px * TC_CANONICAL_FACE_WIDTH_MM * ipd_scale / b.face_w;
        s->sess.scale_source = "face-mesh width, pinhole model (IPD, field of view)";
        s->sess.scale_uncertainty_pct = 12;
    }
#undef MEDIAN_OF
    /* Stillness of the head (side: the ear along the facing direction). */
    {
        size_t m = 0;
        double head, trunk, shy;
        for (size_t i = 0; i < n; i++) {
            travel(&b, view, &s->cal[i], &head, &trunk, &shy);
            if (isfinite(head)) {
                s->w_h[m] = head;
                s->w_t[m++] = (double)s->cal_t[i] / 1e6;
            }
        }
        if (!still_enough(s, m, &sig_sd))
            return 0;
    }

    s->b = b;
    s->sess.view = view;
    if (!s->sess.calibrated)
        s->sess.calibrated_at_s = tsec(s, s->cal_t[n - 1]);
    s->sess.calibrated = 1;
    s->sess.calibrations++;
    s->sess.noise_mm = sig_sd;
    /* Are the shoulders steady enough to judge the trunk and a shrug? The
     * pose model's shoulders can jitter by several percent of their width
     * (seen on real frames: +-10 px of 250); then trunk lean and shrug are
     * not judged rather than judged on noise, and depth is head travel. */
    {
        size_t m = 0;
        double *tr = s->w_h, *sy = s->w_hs, head;
        for (size_t i = 0; i < n; i++) {
            travel(&b, view, &s->cal[i], &head, &tr[m], &sy[m]);
            if (isfinite(tr[m]))
                m++;
        }
        if (m >= 3) {
            s->sess.trunk_noise_mm = sd_of(tr, m);
            s->sess.shoulder_noise = sd_of(sy, m);
        } else {
            s->sess.trunk_noise_mm = s->sess.shoulder_noise = NAN;
        }
        s->sess.trunk_tracked = s->sess.trunk_noise_mm <= s->p.lean_mm / 3;
        s->sess.shoulders_tracked = s->sess.shoulder_noise <= s->p.shrug_fraction / 3;
    }
    if (view == TC_VIEW_SIDE && b.sh_ok) {
        double dx = (b.ear_x - b.sh_x) * b.facing, dy = b.sh_y - b.ear_y;
        s->sess.resting_head_forward_cm = dx * b.mm_per_px / 10.0;
        s->sess.resting_cva_deg = atan2(dy, dx) * 180.0 / M_PI;
    } else {
        s->sess.resting_head_forward_cm = NAN;
        s->sess.resting_cva_deg = NAN;
    }
    set_thresholds(s);
    reset_filters(s);
    /* start the filters at neutral, not at a jittery first frame */
    {
        int64_t t0 = s->cal_t[n - 1];
        tc_one_euro *fl[] = { &s->f_head, &s->f_trunk, &s->f_shy, &s->f_pitch,
                              &s->f_yaw, &s->f_roll };
        for (size_t i = 0; i < sizeof fl / sizeof fl[0]; i++)
            (void)tc_one_euro_apply(fl[i], t0, 1.0, 0.0);
        s->head_f = s->act_f = s->prev_act = 0;
        s->had_act = 1;
    }
    s->cal_n = 0;
    s->phase = TC_PHASE_NEUTRAL;
    return 1;
}

static void calib_push(tc_scorer *s, int64_t t_us, const feat *f, int any_valid)
{
    if (!any_valid) {
        /* Stillness must be continuous: a gap restarts the window. */
        s->cal_n = 0;
        return;
    }
    /* Drop samples older than the window. */
    size_t drop = 0;
    while (drop < s->cal_n &&
           (double)(t_us - s->cal_t[drop]) / 1e6 > s->p.still_s)
        drop++;
    if (s->cal_n == s->cal_cap && drop == 0)
        drop = 1;
    if (drop) {
        memmove(s->cal, s->cal + drop, (s->cal_n - drop) * sizeof *s->cal);
        memmove(s->cal_t, s->cal_t + drop, (s->cal_n - drop) * sizeof *s->cal_t);
        s->cal_n -= drop;
    }
    s->cal[s->cal_n] = *f;
    s->cal_t[s->cal_n] = t_us;
    s->cal_n++;
    try_calibrate(s);
}

/* ---- per-rep analysis --------------------------------------------------- */

static sample *at(const tc_scorer *s, uint64_t i)
{
    return &s->ring[i % s->ring_cap];
}

static void add_fault(tc_rep *r, tc_fault f, double *penalty, double weight)
{
    r->faults |= 1u << f;
    penalty[f] = fault_penalty[f] * weight;
}

/* Median of the finite values of x over compacted samples [a, z). */
static double median_of(tc_scorer *s, const double *x, size_t a, size_t z)
{
    size_t m = 0;
    for (size_t i = a; i < z; i++)
        if (isfinite(x[i]))
            s->w_sp[m++] = x[i];
    return m ? quantile(s->w_sp, m, 0.5) : NAN;
}

/* Median of w_ds over [a, z) among samples above (side > 0) or below
 * (side < 0) `mid`; `mid` itself if there are none. */
static double plateau(tc_scorer *s, size_t a, size_t z, double mid, int side)
{
    size_t m = 0;
    for (size_t i = a; i < z; i++)
        if (side > 0 ? s->w_ds[i] > mid : s->w_ds[i] < mid)
            s->w_sp[m++] = s->w_ds[i];
    return m ? quantile(s->w_sp, m, 0.5) : mid;
}

/* Time at which the smoothed signal w_ds, walking from sample i0 in
 * direction dir, crosses `level` and stays across for SUSTAIN_S (a dip
 * of jitter is not a crossing); linear interpolation between the two
 * samples around it. The end sample's time if it never does. */
static double cross_time(const tc_scorer *s, size_t n, size_t i0, int dir, double level)
{
    const double *d = s->w_ds, *t = s->w_t;
    const int above = d[i0] >= level;
    size_t i = i0;
    for (;;) {
        size_t j;
        if (dir < 0 ? i == 0 : i + 1 >= n)
            return t[i];
        j = dir < 0 ? i - 1 : i + 1;
        if ((d[j] >= level) != above) {
            size_t k = j;
            int held = 1;
            while (held && fabs(t[k] - t[j]) < s->sustain) {
                if ((d[k] >= level) == above)
                    held = 0;
                if (dir < 0 ? k == 0 : k + 1 >= n)
                    break;
                k = dir < 0 ? k - 1 : k + 1;
            }
            if (held) {
                double den = d[j] - d[i];
                double fr = den != 0 ? (level - d[i]) / den : 0;
                return t[i] + fmin(fmax(fr, 0.0), 1.0) * (t[j] - t[i]);
            }
        }
        i = j;
    }
}

/* The crossing of `level` nearest to sample i0 of a rising (or falling)
 * movement: forward from i0 if the signal has not reached it yet there,
 * backward if it has. */
static double cross_near(const tc_scorer *s, size_t n, size_t i0, int rising, double level)
{
    int reached = rising ? s->w_ds[i0] >= level : s->w_ds[i0] <= level;
    return cross_time(s, n, i0, reached ? -1 : +1, level);
}

/* The first compacted sample at or after time tt (the last if none). */
static size_t index_at(const tc_scorer *s, size_t n, double tt)
{
    for (size_t i = 0; i < n; i++)
        if (s->w_t[i] >= tt - 1e-9)
            return i;
    return n - 1;
}

/* Sub-movements of the movement that runs through sample i0 between the
 * activity levels lo and hi (its 20 % and 80 % points): 1 + the pauses in
 * between — runs of at least 0.25 s (and 4 frames) where the speed stays
 * under 30 % of the movement's top speed (a run ends above 50 %). A
 * smooth glide never slows that much between its 20 % and 80 % points (a
 * minimum-jerk one stays above 77 %); a stop-and-go does, while it stops. */
static int count_submovements(tc_scorer *s, size_t n, size_t i0, int rising,
                              double lo, double hi, double min_top)
{
    double ta = cross_time(s, n, i0, -1, rising ? lo : hi);
    double tb = cross_time(s, n, i0, +1, rising ? hi : lo);
    size_t a = index_at(s, n, ta), z = index_at(s, n, tb);
    double top = 0, run = 0;
    int pauses = 0, in_pause = 0, frames = 0;
    for (size_t i = a; i <= z && i < n; i++)
        top = fmax(top, fabs(s->w_v[i]));
    if (top < min_top)
        return 1;
    for (size_t i = a + 1; i <= z && i < n; i++) {
        double dt = s->w_t[i] - s->w_t[i - 1], v = fabs(s->w_v[i]);
        if (v < 0.3 * top || (run > 0 && v < 0.5 * top)) {   /* hysteresis */
            run += dt;
            frames++;
            if (run >= 0.25 && frames >= 4 && !in_pause) {
                pauses++;
                in_pause = 1;
            }
        } else {
            run = 0;
            frames = 0;
            in_pause = 0;
        }
    }
    return 1 + pauses;
}

/* Minimum-jerk glide from level a to level b that best fits the raw
 * samples w_d with times in [lo, hi]: its midpoint is searched within
 * +-0.15 s of t50 (the smoothed signal's 50 % crossing) and its duration
 * from 0.15 s to 10 s (2 % steps). Start and end times go to *t0, *t1. */
static void fit_glide(const tc_scorer *s, size_t n, double t50, double lo, double hi,
                      double a, double b, double *t0, double *t1)
{
    double best = HUGE_VAL, best_mid = t50, best_dur = 1.0;
    size_t i0 = index_at(s, n, lo), i1 = index_at(s, n, hi);
    for (double mid = t50 - 0.15; mid <= t50 + 0.1501; mid += 0.01) {
        for (double dur = 0.15; dur <= 10.0; dur *= 1.02) {
            double sse = 0, st = mid - 0.5 * dur;
            for (size_t i = i0; i <= i1 && i < n; i++) {
                double tau = (s->w_t[i] - st) / dur;
                double m = tau <= 0 ? 0 : tau >= 1 ? 1
                         : tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
                double e = s->w_d[i] - (a + (b - a) * m);
                sse += e * e;
                if (sse >= best)
                    break;
            }
            if (sse < best) {
                best = sse;
                best_mid = mid;
                best_dur = dur;
            }
        }
    }
    *t0 = best_mid - 0.5 * best_dur;
    *t1 = best_mid + 0.5 * best_dur;
}

/* Uncertainty (SD, s) of a movement duration, taken as that of one
 * measured from its 20 % and 80 % crossings (the fit uses every sample, so
 * this errs large), given the smoothed jitter sd_s and its amplitude. */
static double timing_sd(double sd_s, double amp, double dur)
{
    if (!(amp > 0) || !(dur > 0))
        return 0;
    double slope = 1.45 * amp / dur;
    return sqrt(2.0) * (sd_s / slope) / 0.347;
}

/* Analyse samples [first, last] (absolute indices) as one rep; returns the
 * absolute index of the rep's last sample (its end), or `last`. */
static uint64_t finalize_rep(tc_scorer *s, uint64_t first, uint64_t last, int partial)
{
    const tc_profile *p = &s->p;
    size_t n = 0;
    tc_rep r;
    double penalty[TC_FAULT_COUNT] = { 0 };

    if (last < first || s->nreps == (size_t)-1)
        return last;
    if (last - first + 1 > s->ring_cap)
        first = last + 1 - s->ring_cap;
    /* Compact the valid samples; the shortest step is the frame interval. */
    double lost = 0, max_gap = 0, frame_dt = HUGE_VAL;
    int64_t prev_valid_t = -1;
    for (uint64_t i = first; i <= last; i++) {
        const sample *sm = at(s, i);
        if (!sm->valid)
            continue;
        if (prev_valid_t >= 0 && sm->t_us > prev_valid_t)
            frame_dt = fmin(frame_dt, (double)(sm->t_us - prev_valid_t) / 1e6);
        prev_valid_t = sm->t_us;
        s->w_t[n] = (double)sm->t_us / 1e6;
        s->w_d[n] = sm->act;
        s->w_h[n] = sm->head;
        s->w_tr[n] = sm->trunk;
        s->w_shy[n] = sm->shy;
        s->w_p[n] = sm->pitch;
        s->w_y[n] = sm->yaw;
        s->w_r[n] = sm->roll;
        s->w_abs[n] = i;
        n++;
    }
    if (n < 3)
        return last;

    /* Centred moving average (zero lag) and central-difference velocity,
     * both over +-SMOOTH_HALF_S of time (at least 1.5 frames, so a slow
     * camera still averages a few), so any frame rate gives the same. */
    if (!isfinite(frame_dt))
        frame_dt = 1.0 / 30.0;
    const double hw = fmax(SMOOTH_HALF_S, 1.5 * frame_dt);
    s->sustain = fmax(SUSTAIN_S, 1.5 * frame_dt);
    size_t lo = 0, hi = 0;
    smooth_centred(s->w_t, s->w_d, s->w_ds, n, hw);
    smooth_centred(s->w_t, s->w_h, s->w_hs, n, hw);
    for (size_t i = 0; i < n; i++) {
        while (lo < i && s->w_t[lo] < s->w_t[i] - hw)
            lo++;
        while (hi + 1 < n && s->w_t[hi + 1] <= s->w_t[i] + hw)
            hi++;
        if (hi < i)
            hi = i;
        double dt = s->w_t[hi] - s->w_t[lo];
        s->w_v[i] = dt > 0 ? (s->w_ds[hi] - s->w_ds[lo]) / dt : 0;
    }

    /* Peak, and the retract and return movements around it. */
    size_t ipk = 0;
    for (size_t i = 1; i < n; i++)
        if (s->w_ds[i] > s->w_ds[ipk])
            ipk = i;
    /* Plateaus (neutral before, held, neutral after) are medians of the
     * samples on their side of each movement's midpoint. */
    double lvl0, lvl1, lvl2, amp, ramp, lo_min = s->w_ds[ipk];
    for (size_t i = 0; i <= ipk; i++)
        lo_min = fmin(lo_min, s->w_ds[i]);
    const double mid0 = 0.5 * (lo_min + s->w_ds[ipk]);
    size_t ir = ipk;                 /* first sample of the retract's upper half */
    while (ir > 0 && s->w_ds[ir - 1] >= mid0)
        ir--;
    lvl0 = plateau(s, 0, ir, mid0, -1);
    const double mid1 = 0.5 * (lvl0 + s->w_ds[ipk]);
    size_t id = ipk;                 /* first sample of the return's lower half */
    while (id < n && s->w_ds[id] >= mid1)
        id++;
    int returned = id < n;
    if (!returned)
        id = n - 1;
    lvl1 = plateau(s, ir, id, mid1, +1);
    if (returned) {
        double end_min = s->w_ds[id];
        for (size_t i = id; i < n; i++)
            end_min = fmin(end_min, s->w_ds[i]);
        lvl2 = plateau(s, id, n, 0.5 * (end_min + lvl1), -1);
    } else {
        lvl2 = lvl0;
    }
    /* Jitter that crossed the threshold is no rep: its own amplitude, with
     * the noise averaged out, stays under half the threshold. */
    if (lvl1 - lvl0 < 0.5 * s->on)
        return last;
    amp = fmax(lvl1 - lvl0, 1e-6);
    ramp = fmax(lvl1 - lvl2, 1e-6);
    /* Each movement's start and duration: the minimum-jerk glide between
     * the two plateaus that fits the raw samples best (least squares over
     * every sample from the plateau before to the middle of the next, so
     * jitter averages out over the whole glide; no filter, no lag, the
     * same at any frame rate). */
    const double nwin = 2 * hw / frame_dt + 1;
    const double sd_s = isfinite(s->sess.noise_mm) ? s->sess.noise_mm / sqrt(nwin) : 0;
    const double sd_v = sqrt(2.0) * sd_s / (2 * hw);
    const double t_mid_hold = 0.5 * (s->w_t[ir] + s->w_t[id]);
    double t_on, t_hs, t_rs = s->w_t[n - 1], t_en = s->w_t[n - 1];
    fit_glide(s, n, cross_near(s, n, ir, 1, lvl0 + 0.5 * amp), s->w_t[0], t_mid_hold,
              lvl0, lvl1, &t_on, &t_hs);
    if (returned) {
        /* up to where a next rep may begin (the signal back over mid-way) */
        size_t iz = id;
        while (iz + 1 < n && s->w_ds[iz + 1] < mid1)
            iz++;
        fit_glide(s, n, cross_near(s, n, id, 0, lvl2 + 0.5 * ramp), t_mid_hold,
                  s->w_t[iz], lvl1, lvl2, &t_rs, &t_en);
    }
    /* A stop-and-go movement is no glide: there the boundaries are where
     * the position leaves and reaches its plateaus (5 % of the amplitude,
     * or 2 SD of the smoothed jitter). Pauses are judged only where the
     * glide is fast against the velocity noise (6 SD): a slow, shallow
     * glide in jitter cannot be called jerky. */
    int subs = count_submovements(s, n, ir, 1, lvl0 + 0.2 * amp, lvl0 + 0.8 * amp, 6 * sd_v);
    int subs_ret = 0;
    if (subs >= p->jerky_submovements) {
        t_on = cross_time(s, n, ir, -1, lvl0 + fmax(0.05 * amp, 2 * sd_s));
        t_hs = cross_time(s, n, ir, +1, lvl1 - fmax(0.05 * amp, 2 * sd_s));
    }
    if (returned) {
        subs_ret = count_submovements(s, n, id, 0, lvl2 + 0.2 * ramp, lvl2 + 0.8 * ramp,
                                      6 * sd_v);
        if (subs_ret >= p->jerky_submovements) {
            t_rs = cross_time(s, n, id, -1, lvl1 - fmax(0.05 * ramp, 2 * sd_s));
            t_en = cross_time(s, n, id, +1, lvl2 + fmax(0.05 * ramp, 2 * sd_s));
        }
    }
    t_on = fmax(t_on, s->w_t[0]);
    t_en = fmin(t_en, s->w_t[n - 1]);
    if (t_rs < t_hs)               /* no hold: the movements meet */
        t_hs = t_rs = 0.5 * (t_hs + t_rs);
    size_t on = index_at(s, n, t_on), hs = index_at(s, n, t_hs);
    size_t rs = index_at(s, n, t_rs), en = index_at(s, n, t_en);

    memset(&r, 0, sizeof r);
    r.index = (int)s->nreps + 1;
    r.partial = partial;
    r.start_s = tsec(s, (int64_t)llround(t_on * 1e6));
    r.hold_start_s = tsec(s, (int64_t)llround(t_hs * 1e6));
    r.return_start_s = tsec(s, (int64_t)llround(t_rs * 1e6));
    r.end_s = tsec(s, (int64_t)llround(t_en * 1e6));
    r.peak_s = tsec(s, (int64_t)llround(s->w_t[ipk] * 1e6));
    r.retract_s = t_hs - t_on;
    r.hold_s = t_rs - t_hs;
    r.return_s = t_en - t_rs;
    /* Time without tracking inside the rep: steps over 2.5 frames. */
    for (size_t i = on + 1; i <= en && i < n; i++) {
        double dt = s->w_t[i] - s->w_t[i - 1];
        if (dt > 2.5 * frame_dt) {
            lost += dt - frame_dt;
            max_gap = fmax(max_gap, dt);
        }
    }
    r.lost_s = lost;

    /* Depth and compensations, each relative to the rep's own start (the
     * median of the half second before it). Depth and travel are the
     * median over the hold (noise averages out; a peak would read noise
     * as depth), or the largest value when there was no hold. */
    size_t pre = on;
    while (pre > 0 && s->w_t[pre - 1] >= s->w_t[on] - 0.5)
        pre--;
    const double d0 = median_of(s, s->w_hs, pre, on + 1);
    const double tr0f = median_of(s, s->w_tr, pre, on + 1), tr0 = isfinite(tr0f) ? tr0f : 0;
    const double sh0 = median_of(s, s->w_shy, pre, on + 1);
    const double p0 = median_of(s, s->w_p, pre, on + 1);
    const double y0 = median_of(s, s->w_y, pre, on + 1);
    const double r0 = median_of(s, s->w_r, pre, on + 1);
    double depth = 0, travel = 0, trunk = 0, shy = 0, pmax = 0, ymax = 0, rmax = 0;
    for (size_t i = on; i <= en; i++) {
        double tr = isfinite(s->w_tr[i]) ? s->w_tr[i] - tr0 : 0;
        travel = fmax(travel, s->w_hs[i] - d0);
        depth = fmax(depth, s->w_hs[i] - d0 - tr);
        trunk = fmax(trunk, tr);
        if (isfinite(sh0) && isfinite(s->w_shy[i]))
            shy = fmax(shy, s->w_shy[i] - sh0);
        if (isfinite(y0) && isfinite(s->w_y[i]))
            ymax = fmax(ymax, fabs(s->w_y[i] - y0));
        if (isfinite(r0) && isfinite(s->w_r[i]))
            rmax = fmax(rmax, fabs(s->w_r[i] - r0));
        if (i <= rs && isfinite(p0) && isfinite(s->w_p[i]) &&
            fabs(s->w_p[i] - p0) > fabs(pmax))
            pmax = s->w_p[i] - p0;
    }
    if (rs >= hs + 3) {
        size_t m = 0;
        for (size_t i = hs; i <= rs; i++)
            s->w_sp[m++] = s->w_hs[i] - d0;
        travel = quantile(s->w_sp, m, 0.5);
        m = 0;
        for (size_t i = hs; i <= rs; i++)
            s->w_sp[m++] = s->w_hs[i] - d0 -
                           (isfinite(s->w_tr[i]) ? s->w_tr[i] - tr0 : 0);
        depth = quantile(s->w_sp, m, 0.5);
    }
    r.depth_mm = depth;
    r.head_travel_mm = travel;
    r.trunk_mm = s->sess.trunk_tracked ? trunk : NAN;
    r.shoulder_elevation = s->sess.shoulders_tracked ? shy : NAN;
    r.yaw_drift_deg = ymax;
    r.roll_drift_deg = rmax;
    r.pitch_change_deg = pmax;
    r.depth_fraction = s->range > 0 ? depth / s->range : NAN;

    /* Good-form hold time: only while pitch, rotation, shoulders are right. */
    for (size_t i = hs; i < rs && i + 1 < n; i++) {
        double dt = s->w_t[i + 1] - s->w_t[i];
        if (dt < GAP_ABORT_S &&
            form_ok(p, s->w_p[i] - p0, s->w_y[i] - y0, s->w_r[i] - r0, s->w_shy[i] - sh0))
            r.hold_good_s += dt;
    }

    /* Smoothness of the two movements: SPARC of the speed profile, for the
     * report; the fault comes from the count of sub-movements above (noise
     * makes SPARC drift; the count it cannot fake). */
    double sp = NAN;
    for (int m = 0; m < 2; m++) {
        size_t a = m ? rs : on, z = m ? en : hs;
        if (z <= a + 2 || (m && !returned))
            continue;
        for (size_t i = a; i <= z; i++)
            s->w_sp[i - a] = fabs(s->w_v[i]);
        double rate = (double)(z - a) / (s->w_t[z] - s->w_t[a]);
        double v = tc_sparc(s->w_sp, z - a + 1, rate);
        if (isfinite(v) && (!isfinite(sp) || v < sp))
            sp = v;
    }
    if (subs_ret > subs)
        subs = subs_ret;
    r.submovements = subs;
    r.sparc = sp;

    /* Faults. */
    if (r.pitch_change_deg > p->nodding_deg)
        add_fault(&r, TC_FAULT_NODDING, penalty,
                  fmin(1.0, 0.5 + 0.5 * (r.pitch_change_deg - p->nodding_deg) / p->nodding_deg));
    /* Tempo and hold are flagged only when short by more than 3 times their
     * measurement uncertainty: a crossing time is uncertain by the smoothed
     * jitter over the slope there (1.45 x amplitude / duration for a
     * minimum-jerk glide), and a duration by sqrt(2)/0.347 of that. */
    double sd_ret = timing_sd(sd_s, amp, r.retract_s);
    double sd_rtn = timing_sd(sd_s, ramp, r.return_s);
    r.timing_sd_s = fmax(sd_ret, sd_rtn);
    if (!partial && (r.retract_s < p->min_retract_s - 3 * sd_ret ||
                     r.return_s < p->min_return_s - 3 * sd_rtn))
        add_fault(&r, TC_FAULT_TOO_FAST, penalty, 1.0);
    /* Short hold is about time held; time lost to form (hold_good_s) is
     * reported, and the form faults themselves name why. */
    if (!partial && r.hold_s < p->hold_s - p->hold_tolerance_s - 3 * r.timing_sd_s)
        add_fault(&r, TC_FAULT_SHORT_HOLD, penalty,
                  p->hold_s > 0 ? fmax(0.3, 1.0 - r.hold_s / p->hold_s) : 1.0);
    /* Depth is judged on tucks only: a nod or a lean explains its own
     * missing depth, and one cue about it is what helps. */
    double shallow_at = fmax(p->min_depth_mm, p->shallow_fraction * s->range);
    if (isfinite(r.trunk_mm) && r.trunk_mm > p->lean_mm)
        add_fault(&r, TC_FAULT_TRUNK_LEAN, penalty, 1.0);
    if (!partial && r.depth_mm < shallow_at &&
        !(r.faults & (1u << TC_FAULT_NODDING | 1u << TC_FAULT_TRUNK_LEAN)))
        add_fault(&r, TC_FAULT_SHALLOW, penalty,
                  fmax(0.3, 1.0 - r.depth_mm / shallow_at));
    if (isfinite(r.shoulder_elevation) && r.shoulder_elevation > p->shrug_fraction)
        add_fault(&r, TC_FAULT_SHOULDER_SHRUG, penalty, 1.0);
    if (r.yaw_drift_deg > p->rotation_deg || r.roll_drift_deg > p->rotation_deg)
        add_fault(&r, TC_FAULT_ROTATION, penalty, 1.0);
    if (r.submovements >= p->jerky_submovements)
        add_fault(&r, TC_FAULT_JERKY, penalty, 1.0);
    if (max_gap > p->max_gap_s || (partial && s->have_valid &&
                                   (double)(s->last_t - s->last_valid_t) / 1e6 > p->max_gap_s))
        add_fault(&r, TC_FAULT_LOST_TRACKING, penalty, 1.0);

    double total = 0;
    r.worst = -1;
    for (int f = 0; f < TC_FAULT_COUNT; f++) {
        total += penalty[f];
        if (penalty[f] > 0 && (r.worst < 0 || penalty[f] > penalty[r.worst]))
            r.worst = f;
    }
    r.score = partial ? NAN : fmax(0.0, 100.0 - total);

    /* Keep the rep. */
    if (s->nreps == s->reps_cap) {
        size_t cap = s->reps_cap ? 2 * s->reps_cap : 32;
        tc_rep *nr = realloc(s->reps, cap * sizeof *nr);
        if (!nr)
            return s->w_abs[en];   /* the rep is lost; counts stay honest */
        s->reps = nr;
        s->reps_cap = cap;
    }
    s->reps[s->nreps++] = r;
    s->full_reps += !partial;

    /* Learn the person's comfortable range from complete reps. */
    if (!partial && p->range_mm <= 0 && travel >= s->on) {
        s->range = 0.5 * s->range + 0.5 * travel;
        s->range = fmin(fmax(s->range, fmax(p->min_depth_mm, 5.0)), 80.0);
        set_thresholds(s);
    }
    return s->w_abs[en];
}

/* Close the rep under way (if any) at the current sample. */
static void close_rep(tc_scorer *s, int partial)
{
    uint64_t last = s->nsamples ? s->nsamples - 1 : 0;
    if (s->in_rep || s->pending)
        s->last_end = finalize_rep(s, s->rep_first, last, partial && !s->pending) + 1;
    s->in_rep = s->pending = 0;
    s->hold_elapsed = 0;
}

/* ---- public --------------------------------------------------------------- */

int tc_scorer_create(tc_scorer **out, const tc_scorer_config *cfg)
{
    tc_scorer *s = NULL;
    char err[128];

    *out = NULL;
    if (!cfg || cfg->width <= 0 || cfg->height <= 0 || cfg->width > 65536 ||
        cfg->height > 65536)
        return TC_EINVAL;
    s = calloc(1, sizeof *s);
    if (!s)
        return TC_ENOMEM;
    if (cfg->profile)
        s->p = *cfg->profile;
    else
        tc_profile_defaults(&s->p);
    if (tc_profile_validate(&s->p, err, sizeof err) < 0) {
        free(s);
        return TC_EINVAL;
    }
    s->width = cfg->width;
    s->height = cfg->height;
    s->f_px = 0.5 * cfg->width / tan(0.5 * s->p.hfov_deg * M_PI / 180.0);
    s->cal_cap = (size_t)(s->p.still_s * MAX_FPS) + 8;
    s->ring_cap = (size_t)((2.0 * s->p.hold_s + 4.0 * (s->p.min_retract_s + s->p.min_return_s)
                            + PREROLL_S + 30.0) * MAX_FPS);
    if (s->ring_cap < s->cal_cap)
        s->ring_cap = s->cal_cap;
    s->cal = calloc(s->cal_cap, sizeof *s->cal);
    s->cal_t = calloc(s->cal_cap, sizeof *s->cal_t);
    s->ring = calloc(s->ring_cap, sizeof *s->ring);
    double **w[] = { &s->w_t, &s->w_d, &s->w_h, &s->w_hs, &s->w_ds, &s->w_v, &s->w_tr, &s->w_shy,
                     &s->w_p, &s->w_y, &s->w_r, &s->w_sp };
    s->w_abs = calloc(s->ring_cap, sizeof *s->w_abs);
    int ok = s->cal && s->cal_t && s->ring && s->w_abs;
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) {
        *w[i] = calloc(s->ring_cap, sizeof(double));
        ok = ok && *w[i];
    }
    if (!ok) {
        tc_scorer_destroy(s);
        return TC_ENOMEM;
    }
    s->range = s->p.range_mm > 0 ? s->p.range_mm : s->p.expected_depth_mm;
    s->sess.view = s->p.view;
    s->sess.range_mm = s->range;
    s->sess.noise_mm = NAN;
    s->sess.trunk_noise_mm = s->sess.shoulder_noise = NAN;
    s->sess.resting_head_forward_cm = NAN;
    s->sess.resting_cva_deg = NAN;
    s->sess.scale_source = "none (not calibrated)";
    s->sess.scale_uncertainty_pct = NAN;
    s->phase = TC_PHASE_CALIBRATING;
    set_thresholds(s);
    reset_filters(s);
    *out = s;
    return TC_OK;
}

void tc_scorer_destroy(tc_scorer *s)
{
    if (!s)
        return;
    free(s->cal);
    free(s->cal_t);
    free(s->ring);
    free(s->w_t);
    free(s->w_d);
    free(s->w_h);
    free(s->w_hs);
    free(s->w_ds);
    free(s->w_v);
    free(s->w_tr);
    free(s->w_shy);
    free(s->w_p);
    free(s->w_y);
    free(s->w_r);
    free(s->w_sp);
    free(s->w_abs);
    free(s->reps);
    free(s);
}

const tc_profile *tc_scorer_profile(const tc_scorer *s) { return &s->p; }

const tc_session *tc_scorer_session(const tc_scorer *s) { return &s->sess; }

size_t tc_scorer_reps(const tc_scorer *s, const tc_rep **out)
{
    if (out)
        *out = s->reps;
    return s->nreps;
}

void tc_scorer_recalibrate(tc_scorer *s)
{
    close_rep(s, 1);
    s->phase = TC_PHASE_CALIBRATING;
    s->cal_n = 0;
}

void tc_scorer_finish(tc_scorer *s)
{
    if (s->pending)
        close_rep(s, 0);
    else if (s->in_rep)
        close_rep(s, 1);
}

static void metrics_nan(tc_metrics *m)
{
    m->retraction_mm = m->retraction_raw_mm = m->trunk_mm = NAN;
    m->head_forward_cm = m->head_forward_norm = m->cva_deg = NAN;
    m->pitch_deg = m->yaw_deg = m->roll_deg = NAN;
    m->shoulder_elevation = m->gauge = NAN;
}

int tc_scorer_push(tc_scorer *s, const tc_obs *o, tc_metrics *out)
{
    tc_metrics m;
    feat f;
    sample sm;
    double dt;

    memset(&m, 0, sizeof m);
    metrics_nan(&m);
    if (s->have_t && o->t_us <= s->last_t) {
        if (out) {
            m.phase = s->phase;
            m.view = s->sess.view;
            m.reps = s->full_reps;
            *out = m;
        }
        return TC_EINVAL;
    }
    if (!s->have_t)
        s->first_t = o->t_us;
    dt = s->have_t ? (double)(o->t_us - s->last_t) / 1e6 : 0;
    s->have_t = 1;
    s->last_t = o->t_us;
    s->sess.frames++;
    s->sess.duration_s = tsec(s, o->t_us);
    features(o, &f);

    /* A long gap: end a rep under way; set neutral again (the person may
     * have sat down elsewhere). */
    if (s->have_valid) {
        double gap = (double)(o->t_us - s->last_valid_t) / 1e6;
        if ((s->in_rep || s->pending) && gap > GAP_ABORT_S)
            close_rep(s, 1);
        if (s->phase != TC_PHASE_CALIBRATING && gap > GAP_RECAL_S) {
            s->phase = TC_PHASE_CALIBRATING;
            s->cal_n = 0;
        }
    }

    if (s->phase == TC_PHASE_CALIBRATING) {
        int any = s->p.view == TC_VIEW_AUTO
                      ? feat_valid(s, &f, TC_VIEW_SIDE) || feat_valid(s, &f, TC_VIEW_FRONT)
                      : feat_valid(s, &f, s->p.view);
        if (any) {
            s->have_valid = 1;
            s->last_valid_t = o->t_us;
            s->sess.frames_valid++;
        } else if (dt > 0) {
            s->sess.lost_s += dt;
        }
        calib_push(s, o->t_us, &f, any);
        m.valid = 0;
        m.phase = s->phase;
        m.view = s->sess.view;
        m.reps = s->full_reps;
        if (s->phase != TC_PHASE_CALIBRATING)
            m.phase = TC_PHASE_NEUTRAL;
        if (out)
            *out = m;
        return TC_OK;
    }

    /* Metrics for the session's view. */
    const baseline *b = &s->b;
    const tc_view view = s->sess.view;
    int valid = feat_valid(s, &f, view);
    double head = NAN, trunk_raw = NAN, shy_raw = NAN;
    if (valid) {
        travel(b, view, &f, &head, &trunk_raw, &shy_raw);
        if (!s->sess.trunk_tracked)
            trunk_raw = NAN;
        if (!s->sess.shoulders_tracked)
            shy_raw = NAN;
        if (view == TC_VIEW_SIDE) {
            double ex = f.ear_x[b->ear], ey = f.ear_y[b->ear];
            double dx = (ex - f.sh_x) * b->facing, dy = f.sh_y - ey;
            m.head_forward_cm = dx * b->mm_per_px / 10.0;
            m.head_forward_norm = dx * b->mm_per_px /
                                  (TC_CANONICAL_FACE_HEIGHT_MM * s->p.ipd_mm / TC_CANONICAL_IPD_MM);
            m.cva_deg = atan2(dy, dx) * 180.0 / M_PI;
        }
    }

    memset(&sm, 0, sizeof sm);
    sm.t_us = o->t_us;
    sm.valid = valid && isfinite(head);
    sm.trunk = sm.shy = sm.pitch = sm.yaw = sm.roll = NAN;
    if (sm.valid) {
        s->have_valid = 1;
        s->last_valid_t = o->t_us;
        s->sess.frames_valid++;
        sm.head = head;
        sm.act = head;
        s->head_f = tc_one_euro_apply(&s->f_head, o->t_us, 1.0, head);
        s->act_f = s->head_f;
        if (isfinite(trunk_raw))
            sm.trunk = tc_one_euro_apply(&s->f_trunk, o->t_us, 1.0, trunk_raw);
        if (isfinite(shy_raw))
            sm.shy = tc_one_euro_apply(&s->f_shy, o->t_us, 1.0, shy_raw);
        if (f.hp_ok && b->hp_ok) {
            sm.pitch = tc_one_euro_apply(&s->f_pitch, o->t_us, 1.0, f.pitch - b->pitch);
            sm.yaw = tc_one_euro_apply(&s->f_yaw, o->t_us, 1.0, f.yaw - b->yaw);
            sm.roll = tc_one_euro_apply(&s->f_roll, o->t_us, 1.0, f.roll - b->roll);
            /* A nod (chin down) counts as movement too, so a rep done as a
             * nod is found and named rather than missed: twice the nodding
             * tolerance reads as the full range. */
            sm.act = fmax(head, s->range * (f.pitch - b->pitch) / (2.0 * s->p.nodding_deg));
            s->act_f = fmax(s->head_f, s->range * sm.pitch / (2.0 * s->p.nodding_deg));
        }
    } else if (dt > 0) {
        s->sess.lost_s += dt;
    }
    *at(s, s->nsamples) = sm;
    s->nsamples++;

    /* The state machine (on valid frames only), on the activity signal. */
    if (sm.valid) {
        const double d = s->act_f;
        if (s->had_act && dt > 0) {
            /* velocity of the filtered signal, lightly smoothed (0.1 s) */
            double a = dt / (0.1 + dt);
            s->vel = a * (d - s->prev_act) / dt + (1 - a) * s->vel;
        }
        s->prev_act = d;
        s->had_act = 1;
        const double v = s->vel;
        const double vstill = fmax(0.2 * s->range, 2.0);       /* mm/s */
        const double drop = fmax(0.25 * fmax(s->peak, s->on), 0.5 * s->on);
        /* the live countdown leaves shoulders out (the report's hold_good_s
         * includes them) */
        const int good = form_ok(&s->p, sm.pitch, sm.yaw, sm.roll, NAN);
        switch (s->phase) {
        case TC_PHASE_NEUTRAL:
            if (s->pending) {
                s->settle_time += dt;
                /* keep a stretch of rest after the return for the fit */
                if (d - s->rest >= s->on || s->settle_time > SETTLE_S)
                    close_rep(s, 0);
            }
            if (d - s->rest >= s->on) {
                uint64_t pre = (uint64_t)(PREROLL_S * MAX_FPS);
                uint64_t now = s->nsamples - 1;
                s->rep_first = now > pre ? now - pre : 0;
                /* never reach into the previous rep, nor past the ring */
                if (s->rep_first < s->last_end)
                    s->rep_first = s->last_end;
                s->in_rep = 1;
                s->peak = d;
                s->still_time = 0;
                s->hold_elapsed = 0;
                s->phase = TC_PHASE_RETRACT;
            }
            break;
        case TC_PHASE_RETRACT:
            s->peak = fmax(s->peak, d);
            s->still_time = fabs(v) < vstill ? s->still_time + dt : 0;
            if (d < s->peak - drop) {
                s->phase = TC_PHASE_RETURN;
                s->still_time = 0;
            } else if (s->still_time >= 0.2) {
                s->phase = TC_PHASE_HOLD;
            }
            break;
        case TC_PHASE_HOLD:
            s->peak = fmax(s->peak, d);
            if (good)
                s->hold_elapsed += dt;
            if (d < s->peak - drop) {
                s->phase = TC_PHASE_RETURN;
                s->still_time = 0;
            }
            break;
        case TC_PHASE_RETURN:
            /* Back below the off threshold; or come to rest most of the way
             * back (the face-scale reading of neutral can shift by a few mm
             * under compression, so "back" is also "stopped near it"). */
            s->still_time = fabs(v) < vstill ? s->still_time + dt : 0;
            if (d < s->off || (d < 0.4 * s->peak && s->still_time >= 0.5)) {
                s->rest = d < s->off ? 0 : d;
                s->phase = TC_PHASE_NEUTRAL;
                s->in_rep = 0;
                s->pending = 1;
                s->settle_time = 0;
            }
            break;
        default:
            break;
        }
        /* A rep longer than the ring holds is closed as partial. */
        if (s->in_rep && s->nsamples - s->rep_first >= s->ring_cap) {
            close_rep(s, 1);
            s->phase = d >= s->on ? TC_PHASE_HOLD : TC_PHASE_NEUTRAL;
        }
        m.retraction_mm = s->head_f;
        m.retraction_raw_mm = head;
        m.trunk_mm = sm.trunk;
        m.shoulder_elevation = sm.shy;
        m.pitch_deg = sm.pitch;
        m.yaw_deg = sm.yaw;
        m.roll_deg = sm.roll;
        m.gauge = s->range > 0 ? fmax(0.0, s->head_f / s->range) : NAN;
    }
    s->sess.range_mm = s->range;
    m.valid = sm.valid;
    m.phase = s->phase;
    m.view = view;
    m.reps = s->full_reps;
    m.hold_elapsed_s = s->hold_elapsed;
    if (out)
        *out = m;
    return TC_OK;
}
