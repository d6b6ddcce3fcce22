/* core/scorer.c — the scorer's lifecycle (create, destroy), its getters,
 * recalibrate and finish, and tc_scorer_push: each frame's features, then
 * calibration until neutral is set, then the frame's sample and the rep
 * state machine. The stages are in their own files (core/scorer_impl.h
 * lists them).
 *
 * Two passes over the same samples:
 *  - online (every frame): filtered signals and the state machine with
 *    hysteresis, for counting and live feedback;
 *  - per rep, when it ends: the rep's samples (kept in a ring) are smoothed
 *    with a centred, zero-lag window, and each glide's start and duration
 *    come from a least-squares minimum-jerk fit to the raw samples (pause
 *    boundaries for a stop-and-go), so timings carry no filter lag and do
 *    not depend on the frame rate. */
#include "core/scorer_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define N_WINDOW_BUFFERS 12   /* the first ones: the rep window's */
#define N_DOUBLE_BUFFERS 18

/* Every double buffer of the scorer and its length: the rep window's
 * (ring_cap each) and the calibration's scratch (cal_cap each). */
static void double_buffers(tc_scorer *s, double **buf[N_DOUBLE_BUFFERS],
                           size_t len[N_DOUBLE_BUFFERS])
{
    rep_window *w = &s->win;
    cal_scratch *c = &s->cs;
    double **all[N_DOUBLE_BUFFERS] = {
        &w->t, &w->act, &w->act_smooth, &w->head, &w->head_smooth, &w->vel, &w->trunk,
        &w->shy, &w->pitch, &w->yaw, &w->roll, &w->scratch,
        &c->median, &c->t, &c->head, &c->head_smooth, &c->trunk, &c->shy,
    };
    for (size_t i = 0; i < N_DOUBLE_BUFFERS; i++) {
        buf[i] = all[i];
        len[i] = i < N_WINDOW_BUFFERS ? s->ring_cap : s->cal_cap;
    }
}

/* Size and allocate the calibration window, the ring and the scratch
 * buffers from the profile; 0 when out of memory. */
static int alloc_buffers(tc_scorer *s)
{
    double **buf[N_DOUBLE_BUFFERS];
    size_t len[N_DOUBLE_BUFFERS];

    s->cal_cap = (size_t)(s->p.still_s * MAX_FPS) + 8;
    s->ring_cap = (size_t)((2.0 * s->p.hold_s + 4.0 * (s->p.min_retract_s + s->p.min_return_s)
                            + PREROLL_S + 30.0) * MAX_FPS);
    if (s->ring_cap < s->cal_cap)
        s->ring_cap = s->cal_cap;
    s->cal = calloc(s->cal_cap, sizeof *s->cal);
    s->cal_t = calloc(s->cal_cap, sizeof *s->cal_t);
    s->ring = calloc(s->ring_cap, sizeof *s->ring);
    s->win.abs_index = calloc(s->ring_cap, sizeof *s->win.abs_index);
    s->win.repeat = calloc(s->ring_cap, sizeof *s->win.repeat);
    s->win.refresh = calloc(s->ring_cap, sizeof *s->win.refresh);
    int ok = s->cal && s->cal_t && s->ring && s->win.abs_index && s->win.repeat &&
             s->win.refresh;
    double_buffers(s, buf, len);
    for (size_t i = 0; i < N_DOUBLE_BUFFERS; i++) {
        *buf[i] = calloc(len[i], sizeof(double));
        ok = ok && *buf[i];
    }
    return ok;
}

/* The session before calibration. */
static void init_session(tc_scorer *s)
{
    s->range = s->p.range_mm > 0 ? s->p.range_mm : s->p.expected_depth_mm;
    s->sess.view = s->p.view;
    s->sess.range_mm = s->range;
    s->sess.noise_mm = NAN;
    s->sess.trunk_noise_mm = s->sess.shoulder_noise = NAN;
    s->sess.resting_head_forward_cm = NAN;
    s->sess.resting_cva_deg = NAN;
    s->sess.scale_source = "none (not calibrated)";
    s->sess.scale_uncertainty_pct = NAN;
    s->sess.rep_threshold_mm = s->sess.wander_mm = NAN;
    tc_scorer__depth_init(s);
}

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
    s->f_px = 0.5 * cfg->width / tan(0.5 * tc_profile_hfov(&s->p) * M_PI / 180.0);
    if (!alloc_buffers(s)) {
        tc_scorer_destroy(s);
        return TC_ENOMEM;
    }
    init_session(s);
    s->phase = TC_PHASE_CALIBRATING;
    tc_scorer__set_thresholds(s);
    tc_scorer__reset_filters(s);
    *out = s;
    return TC_OK;
}

void tc_scorer_destroy(tc_scorer *s)
{
    double **buf[N_DOUBLE_BUFFERS];
    size_t len[N_DOUBLE_BUFFERS];

    if (!s)
        return;
    double_buffers(s, buf, len);
    for (size_t i = 0; i < N_DOUBLE_BUFFERS; i++)
        free(*buf[i]);
    free(s->cal);
    free(s->cal_t);
    free(s->ring);
    free(s->win.abs_index);
    free(s->win.repeat);
    free(s->win.refresh);
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
    tc_scorer__close_rep(s, 1);
    s->phase = TC_PHASE_CALIBRATING;
    s->cal_n = 0;
}

void tc_scorer_finish(tc_scorer *s)
{
    if (s->pending)
        tc_scorer__close_rep(s, 0);
    else if (s->in_rep)
        tc_scorer__close_rep(s, 1);
}

/* Metrics of a frame before anything is known: NAN values. */
static void metrics_nan(tc_metrics *m)
{
    memset(m, 0, sizeof *m);
    m->retraction_mm = m->retraction_raw_mm = m->trunk_mm = NAN;
    m->head_forward_cm = m->head_forward_norm = m->cva_deg = NAN;
    m->pitch_deg = m->yaw_deg = m->roll_deg = NAN;
    m->shoulder_elevation = m->gauge = NAN;
}

/* The session's phase, view and rep count into m. */
static void metrics_state(const tc_scorer *s, tc_metrics *m)
{
    m->phase = s->phase;
    m->view = s->sess.view;
    m->reps = s->full_reps;
}

/* A new frame at t_us: the clock and the session's totals; returns the
 * time since the previous frame (0 for the first). */
static double clock_frame(tc_scorer *s, int64_t t_us)
{
    double dt;
    if (!s->have_t)
        s->first_t = t_us;
    dt = s->have_t ? (double)(t_us - s->last_t) / 1e6 : 0;
    s->have_t = 1;
    s->last_t = t_us;
    s->sess.frames++;
    s->sess.duration_s = tc_scorer__tsec(s, t_us);
    return dt;
}

/* A long gap before t_us: end a rep under way; set neutral again (the
 * person may have sat down elsewhere) - but while the person stays in
 * view, unscored only for want of the side view's trunk tracker, not
 * before GAP_RECAL_SEEN_S (it comes back on its key, or on a new one
 * taken from the last travel: metrics.c; a neutral set at once could be
 * the tuck of a hold, and every rep after it was lost). */
static void after_gap(tc_scorer *s, int64_t t_us)
{
    if (!s->have_valid)
        return;
    double gap = (double)(t_us - s->last_valid_t) / 1e6;
    double unseen = (double)(t_us - s->last_seen_t) / 1e6;
    if ((s->in_rep || s->pending) && gap > GAP_ABORT_S) {
        tc_scorer__close_rep(s, 1);
        /* no later rep reaches back over the gap: the head still back
         * after it re-read the same rep as a whole one (a 2 s loss of the
         * face in a hold counted it twice, partial and full) */
        s->last_end = s->nsamples;
        s->phase = TC_PHASE_NEUTRAL;
    }
    if (s->phase != TC_PHASE_CALIBRATING && gap > GAP_RECAL_S &&
        (unseen > GAP_RECAL_S || gap > GAP_RECAL_SEEN_S)) {
        s->phase = TC_PHASE_CALIBRATING;
        s->cal_n = 0;
    }
}

/* A frame closer than MIN_STEP_US to the last one analysed: counted (and
 * as tracked if that one was), not analysed. The scorer works at up to
 * MAX_FPS, for which its buffers are sized by time: a 240 fps slow-motion
 * clip scores as its 120 fps copy would. */
static void skip_frame(tc_scorer *s, int64_t t_us)
{
    s->sess.frames++;
    s->sess.frames_valid += s->last_m.valid != 0;
    s->sess.duration_s = tc_scorer__tsec(s, t_us);
}

int tc_scorer_push(tc_scorer *s, const tc_obs *o, tc_metrics *out)
{
    tc_metrics m;
    feat f;
    sample sm;
    double dt;

    metrics_nan(&m);
    if (s->have_t && o->t_us <= s->last_t) {
        metrics_state(s, &m);
        if (out)
            *out = m;
        return TC_EINVAL;
    }
    if (s->have_t && o->t_us - s->last_t < MIN_STEP_US) {
        skip_frame(s, o->t_us);
        if (out)
            *out = s->last_m;
        return TC_OK;
    }
    dt = clock_frame(s, o->t_us);
    tc_scorer__features(o, s->width, s->height, &f);
    after_gap(s, o->t_us);

    if (s->phase == TC_PHASE_CALIBRATING) {
        tc_scorer__calib_frame(s, o->t_us, &f, dt);
        metrics_state(s, &m);
        if (s->phase != TC_PHASE_CALIBRATING)
            m.phase = TC_PHASE_NEUTRAL;
        s->last_m = m;
        if (out)
            *out = m;
        return TC_OK;
    }

    /* Metrics for the session's view; the state machine on valid frames. */
    tc_scorer__sample(s, o->t_us, &f, dt, &sm, &m);
    if (sm.valid) {
        tc_scorer__step(s, &sm, dt);
        tc_scorer__frame_metrics(s, &sm, &m);
    }
    s->sess.range_mm = s->range;
    m.valid = sm.valid;
    metrics_state(s, &m);
    m.hold_elapsed_s = s->hold_elapsed;
    s->last_m = m;
    if (out)
        *out = m;
    return TC_OK;
}
