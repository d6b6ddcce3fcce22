/* core/calibration.c — setting neutral: the calibration window (the last
 * still seconds of valid frames), the view, the neutral posture (medians of
 * each feature), how pixels become mm, the noise at rest, and from them the
 * rep thresholds and fresh filters. */
#include "core/scorer_impl.h"

#include <math.h>
#include <string.h>

/* The head filter: 0.8 Hz at rest, opening by 0.05 Hz per mm/s, so a
 * 15 mm/s glide is followed with ~0.1 s of lag. */
static void init_head_filter(tc_one_euro *f)
{
    tc_one_euro_init(f, 0.8, 0.05, 1.0, 30);
}

void tc_scorer__reset_filters(tc_scorer *s)
{
    init_head_filter(&s->f_head);
    /* Shoulders: slow (0.3 Hz, no speed term) — the pose model moves them
     * with the head for a frame or two; a shrug or lean lasts seconds. */
    const double trunk_hz = s->b.tr_ok ? 2.0 : 0.3;   /* the tracker's are steady */
    tc_one_euro_init(&s->f_trunk, trunk_hz, 0.0, 1.0, 30);
    tc_one_euro_init(&s->f_shy, trunk_hz, 0.0, 1.0, 30);
    tc_one_euro_init(&s->f_side_trunk, 0.3, 0.0, 1.0, 30);
    s->side_tr_n = 0;
    s->rekey = 0;
    tc_one_euro_init(&s->f_pitch, 1.0, 0.02, 1.0, 30);
    tc_one_euro_init(&s->f_yaw, 1.0, 0.02, 1.0, 30);
    tc_one_euro_init(&s->f_roll, 1.0, 0.02, 1.0, 30);
    s->had_act = 0;
    s->vel = 0;
}

void tc_scorer__set_thresholds(tc_scorer *s)
{
    double noise = isfinite(s->sess.noise_mm) ? s->sess.noise_mm : 0;
    /* 1.2 SD of the raw noise is over 4 SD after the head filter */
    s->on = fmax(fmax(0.3 * s->range, 1.2 * noise), 3.0);
    s->off = 0.5 * s->on;
    s->rest = 0;
}

/* Median of `expr` (of the window's frame f) over the first n frames of
 * the window where `cond` holds, into dst; NAN if there are none. */
#define MEDIAN_OF(s, n, expr, cond, dst) do {                            \
        double *tmp_ = (s)->cs.median;                                   \
        size_t m_ = 0;                                                   \
        for (size_t i_ = 0; i_ < (n); i_++) {                            \
            const feat *f = &(s)->cal[i_];                               \
            if ((cond)) tmp_[m_++] = (expr);                             \
        }                                                                \
        dst = m_ ? tc_scorer__quantile(tmp_, m_, 0.5) : NAN;             \
    } while (0)

/* The view of the window: the profile's, or the frames' vote. */
static tc_view window_view(const tc_scorer *s, size_t n)
{
    int votes = 0;
    if (s->p.view != TC_VIEW_AUTO)
        return s->p.view;
    for (size_t i = 0; i < n; i++)
        votes += tc_scorer__view_vote(&s->cal[i]);
    return votes > 0 ? TC_VIEW_SIDE : TC_VIEW_FRONT;
}

/* Side view: the ear seen in more frames (0 left, 1 right). */
static int visible_ear(const tc_scorer *s, size_t n)
{
    int vis[2] = { 0, 0 };
    for (size_t i = 0; i < n; i++)
        for (int e = 0; e < 2; e++)
            vis[e] += s->cal[i].ear_ok[e];
    return vis[1] > vis[0];
}

/* Side view: was the window a profile - the far ear hidden (observe.c's
 * profile test passed) in 80 % of its frames? */
static int window_profile(const tc_scorer *s, size_t n, int ear)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += (size_t)(s->cal[i].pose_ok && !s->cal[i].ear_ok[!ear]);
    return k >= n * 8 / 10;
}

/* Are 80 % of the window's frames valid for the view? *nface gets the
 * count of frames with a face. */
static int enough_valid(const tc_scorer *s, size_t n, tc_view view, int ear, size_t *nface)
{
    size_t nv = 0;
    *nface = 0;
    for (size_t i = 0; i < n; i++) {
        const feat *f = &s->cal[i];
        int ok = view == TC_VIEW_SIDE ? f->pose_ok && f->ear_ok[ear] && f->sh_ok
                                      : f->face_ok;
        nv += (size_t)ok;
        *nface += (size_t)f->face_ok;
    }
    return nv >= n * 8 / 10;
}

/* The trunk tracker's neutral, if it measured on one key frame (the last
 * frame's) a third of the window's frames and 80 % of those from the key's
 * first one on (a tracker that started late in the window, after a retry on a
 * first frame it found too few corners in, has as good a neutral:
 * good_side_tilt's began at 0.53 s of the 1 s window): then the trunk comes
 * from it for the session, otherwise from the pose's shoulders. */
static void tracker_neutral(tc_scorer *s, size_t n, baseline *b)
{
    size_t k = 0, first = n;
    b->tr_ok = 0;
    b->tr_scale = b->tr_shrug = b->tr_x = b->tr_y = NAN;
    if (!s->cal[n - 1].tr_ok)
        return;
    b->tr_key = s->cal[n - 1].tr_key;
    for (size_t i = 0; i < n; i++) {
        const int on = s->cal[i].tr_ok && s->cal[i].tr_key == b->tr_key;
        if (on && first == n)
            first = i;
        k += (size_t)on;
    }
    if (k < n / 3 || k < (n - first) * 8 / 10)
        return;
    MEDIAN_OF(s, n, f->tr_scale, f->tr_ok && f->tr_key == b->tr_key, b->tr_scale);
    MEDIAN_OF(s, n, f->tr_shrug, f->tr_ok && f->tr_key == b->tr_key && isfinite(f->tr_shrug),
              b->tr_shrug);
    MEDIAN_OF(s, n, f->tr_x, f->tr_ok && f->tr_key == b->tr_key, b->tr_x);
    MEDIAN_OF(s, n, f->tr_y, f->tr_ok && f->tr_key == b->tr_key, b->tr_y);
    b->tr_ok = isfinite(b->tr_scale) && b->tr_scale > 0;
}

/* Medians of each feature over the frames valid for it. */
static void neutral_medians(tc_scorer *s, size_t n, baseline *b)
{
    MEDIAN_OF(s, n, f->ear_x[b->ear], f->pose_ok && f->ear_ok[b->ear], b->ear_x);
    MEDIAN_OF(s, n, f->ear_y[b->ear], f->pose_ok && f->ear_ok[b->ear], b->ear_y);
    MEDIAN_OF(s, n, f->sh_x, f->sh_ok, b->sh_x);
    MEDIAN_OF(s, n, f->sh_y, f->sh_ok, b->sh_y);
    MEDIAN_OF(s, n, f->sh_w, f->sh_ok, b->sh_w);
    MEDIAN_OF(s, n, f->face_w, f->face_ok, b->face_w);
    MEDIAN_OF(s, n, f->face_h, f->face_ok, b->face_h);
    MEDIAN_OF(s, n, f->pitch, f->hp_ok, b->pitch);
    MEDIAN_OF(s, n, f->yaw, f->hp_ok, b->yaw);
    MEDIAN_OF(s, n, f->roll, f->hp_ok, b->roll);
    b->hp_ok = isfinite(b->pitch);
    b->sh_ok = isfinite(b->sh_y);
    tracker_neutral(s, n, b);
}

/* How pixels become mm (into b and the session): side view from the
 * face-mesh height, or without a mesh the ear-to-nose distance, and the
 * facing direction; front view the camera-to-face distance (pinhole, from
 * the camera the profile states: core/depth.c). 0 when the window cannot
 * tell. */
static int set_scale(tc_scorer *s, size_t n, tc_view view, size_t nface, baseline *b)
{
    const double ipd_scale = s->p.ipd_mm / TC_CANONICAL_IPD_MM;
    double nose_x, en;
    if (view != TC_VIEW_SIDE) {
        if (!isfinite(b->face_w))
            return 0;
        b->z0 = tc_scorer__front_camera(s, b->face_w);
        return 1;
    }
    MEDIAN_OF(s, n, f->nose_x, f->pose_ok, nose_x);
    b->facing = nose_x >= b->ear_x ? 1 : -1;
    if (nface * 3 >= n && isfinite(b->face_h)) {
        b->mm_per_px = TC_CANONICAL_FACE_HEIGHT_MM * ipd_scale / b->face_h;
        s->sess.scale_source = "face-mesh height, anthropometric default (IPD)";
        s->sess.scale_uncertainty_pct = 8;
        tc_scorer__side_camera(s);
        return 1;
    }
    MEDIAN_OF(s, n, hypot(f->nose_x - f->ear_x[b->ear], f->nose_y - f->ear_y[b->ear]),
              f->pose_ok && f->ear_ok[b->ear], en);
    if (!(en > 1))
        return 0;
    b->mm_per_px = EAR_NOSE_MM / en;
    s->sess.scale_source = "ear-to-nose distance, anthropometric default";
    s->sess.scale_uncertainty_pct = 20;
    tc_scorer__side_camera(s);
    return 1;
}

#undef MEDIAN_OF

/* Is the head still over the window (side: the ear along the facing
 * direction)? Landmark jitter is not movement: the spread is taken after
 * the same centred 0.2 s average the rep analysis uses; the raw SD (the
 * noise) goes to *sd. */
static int head_still(tc_scorer *s, size_t n, const baseline *b, tc_view view, double *sd)
{
    cal_scratch *c = &s->cs;
    size_t m = 0;
    double head, trunk, shy;
    for (size_t i = 0; i < n; i++) {
        tc_scorer__travel(b, view, &s->cal[i], &head, &trunk, &shy);
        if (isfinite(head)) {
            c->head[m] = head;
            c->t[m++] = (double)s->cal_t[i] / 1e6;
        }
    }
    c->n_head = m;
    if (m < 3)
        return 0;
    *sd = tc_scorer__sd(c->head, m);
    tc_scorer__smooth_centred(c->t, c->head, c->head_smooth, m, SMOOTH_HALF_S);
    return tc_scorer__quantile(c->head_smooth, m, 0.9) -
           tc_scorer__quantile(c->head_smooth, m, 0.1) <= s->p.still_mm;
}

/* The noise of m values x of a window of n frames (NAN under a third of
 * them, or under 3), reordering x: their SD,
 * or from the tracker their interquartile range's (it is steady to a
 * fraction of a pixel from frame to frame, so one glitch frame in the
 * window would decide an SD: a single 20 px one turned trunk_lean off
 * for a side session). */
static double window_noise(double *x, size_t m, size_t n, int tracker)
{
    if (m < n / 3 || m < 3)
        return NAN;
    if (!tracker)
        return tc_scorer__sd(x, m);
    return (tc_scorer__quantile(x, m, 0.75) - tc_scorer__quantile(x, m, 0.25)) / 1.349;
}

/* Is the trunk steady enough to judge a lean and a shrug? The pose
 * model's shoulders can jitter by several percent of their width (seen on
 * real frames: +-10 px of 250); the trunk tracker's chest scale moves by
 * hundredths of a percent on a clean frame. Too noisy: trunk lean and
 * shrug are not judged rather than judged on noise, and depth is head
 * travel. Each is measured over the window's frames that have it (a
 * third of them at least: tracker_neutral's share). Nor
 * are they judged when the shoulders were beyond the frame's edge in most
 * of the window (a face-only framing: the pose model guesses them). */
static void shoulder_noise(tc_scorer *s, size_t n, const baseline *b, tc_view view)
{
    size_t mt = 0, ms = 0, out = 0;
    double *tr = s->cs.trunk, *sy = s->cs.shy, head, t, y;
    for (size_t i = 0; i < n; i++) {
        out += (size_t)s->cal[i].sh_out;
        tc_scorer__travel(b, view, &s->cal[i], &head, &t, &y);
        if (isfinite(t))
            tr[mt++] = t;
        if (isfinite(y))
            sy[ms++] = y;
    }
    s->sess.shoulders_in_frame = b->tr_ok || out <= n / 2;
    s->sess.trunk_noise_mm = window_noise(tr, mt, n, b->tr_ok);
    s->sess.shoulder_noise = window_noise(sy, ms, n, b->tr_ok);
    s->sess.trunk_tracked = s->sess.trunk_noise_mm <= s->p.lean_mm / 3;
    s->sess.shoulders_tracked = s->sess.shoulder_noise <= s->p.shrug_fraction / 3;
    if (!s->sess.shoulders_in_frame)
        s->sess.trunk_tracked = s->sess.shoulders_tracked = 0;
    s->sess.trunk_source = b->tr_ok ? TC_TRUNK_SOURCE_TRACKER : "pose shoulders";
}

/* Side view: resting head-forward distance and CVA of neutral b. */
static void resting_posture(tc_scorer *s, const baseline *b, tc_view view)
{
    if (view == TC_VIEW_SIDE && b->sh_ok) {
        double dx = (b->ear_x - b->sh_x) * b->facing, dy = b->sh_y - b->ear_y;
        s->sess.resting_head_forward_cm = dx * b->mm_per_px / 10.0;
        s->sess.resting_cva_deg = atan2(dy, dx) * 180.0 / M_PI;
    } else {
        s->sess.resting_head_forward_cm = NAN;
        s->sess.resting_cva_deg = NAN;
    }
}

/* Start the filters at neutral at time t0, not at a jittery first frame. */
static void start_filters(tc_scorer *s, int64_t t0)
{
    tc_one_euro *fl[] = { &s->f_head, &s->f_trunk, &s->f_shy, &s->f_pitch,
                          &s->f_yaw, &s->f_roll, &s->f_side_trunk };
    for (size_t i = 0; i < sizeof fl / sizeof fl[0]; i++)
        (void)tc_one_euro_apply(fl[i], t0, 1.0, 0.0);
    s->head_f = s->act_f = s->prev_act = 0;
    s->had_act = 1;
}

/* The jitter that passes the head filter at rest: the variance of the
 * filtered head travel over the still window (from 0.3 s on, once the
 * filter has settled), measured rather than assumed. */
static double filtered_jitter_var(const tc_scorer *s)
{
    const cal_scratch *c = &s->cs;
    tc_one_euro f;
    double sum = 0, sum2 = 0;
    size_t k = 0;
    init_head_filter(&f);
    for (size_t i = 0; i < c->n_head; i++) {
        double y = tc_one_euro_apply(&f, (int64_t)llround(c->t[i] * 1e6), 1.0, c->head[i]);
        if (c->t[i] - c->t[0] < 0.3)
            continue;
        sum += y;
        sum2 += y * y;
        k++;
    }
    if (k < 3)
        return 0;
    return fmax(0.0, (sum2 - sum * sum / (double)k) / (double)(k - 1));
}

/* Neutral is b in `view`, from the first n frames of the window, with the
 * head's noise sig_sd at rest: the session, thresholds and filters. */
static void set_neutral(tc_scorer *s, size_t n, const baseline *b, tc_view view, double sig_sd)
{
    s->b = *b;
    s->sess.view = view;
    if (!s->sess.calibrated)
        s->sess.calibrated_at_s = tc_scorer__tsec(s, s->cal_t[n - 1]);
    s->sess.calibrated = 1;
    s->sess.calibrations++;
    s->sess.noise_mm = sig_sd;
    shoulder_noise(s, n, b, view);
    resting_posture(s, b, view);
    tc_scorer__set_thresholds(s);
    /* the wander is measured beyond the jitter that passes the filter */
    s->wander_mean = 0;
    s->jitter_var = s->wander_var = filtered_jitter_var(s);
    s->sess.wander_mm = 0;
    s->sess.rep_threshold_mm = tc_scorer__threshold(s);
    tc_scorer__reset_filters(s);
    start_filters(s, s->cal_t[n - 1]);
    s->cal_n = 0;
    s->phase = TC_PHASE_NEUTRAL;
}

/* Try to set neutral from the calibration window; 1 when done. */
static int try_calibrate(tc_scorer *s)
{
    const size_t n = s->cal_n;
    size_t nface;
    tc_view view;
    baseline b;
    double sig_sd;

    if (n < 3 || (double)(s->cal_t[n - 1] - s->cal_t[0]) / 1e6 < s->p.still_s * 0.95)
        return 0;
    view = window_view(s, n);
    memset(&b, 0, sizeof b);
    if (view == TC_VIEW_SIDE)
        b.ear = visible_ear(s, n);
    if (!enough_valid(s, n, view, b.ear, &nface))
        return 0;
    neutral_medians(s, n, &b);
    if (view == TC_VIEW_SIDE)
        b.profile = window_profile(s, n, b.ear);
    if (!set_scale(s, n, view, nface, &b))
        return 0;
    /* side: the trunk is the tracker's chest centre when it sits where a
     * trunk's would (features.c side_trunk), else the pose shoulder */
    if (view == TC_VIEW_SIDE)
        b.tr_ok = b.tr_ok && isfinite(b.tr_x) && isfinite(tc_scorer__side_centre_share(&b));
    else if (view != TC_VIEW_FRONT)
        b.tr_ok = 0;
    if (!head_still(s, n, &b, view, &sig_sd))
        return 0;
    set_neutral(s, n, &b, view, sig_sd);
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

/* One frame while calibrating (dt: time since the previous frame): valid
 * for either view (or the profile's), counted, and into the window. */
void tc_scorer__calib_frame(tc_scorer *s, int64_t t_us, const feat *f, double dt)
{
    int any = s->p.view == TC_VIEW_AUTO
                  ? tc_scorer__feat_valid(s, f, TC_VIEW_SIDE) ||
                        tc_scorer__feat_valid(s, f, TC_VIEW_FRONT)
                  : tc_scorer__feat_valid(s, f, s->p.view);
    if (any) {
        s->have_valid = 1;
        s->last_valid_t = s->last_seen_t = t_us;
        s->sess.frames_valid++;
    } else if (dt > 0) {
        s->sess.lost_s += dt;
    }
    calib_push(s, t_us, f, any);
}
