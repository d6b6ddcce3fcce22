/* core/state_machine.c — the online rep state machine, on the filtered
 * activity of valid frames, with hysteresis: NEUTRAL -> RETRACT (over the
 * on threshold) -> HOLD (still) -> RETURN (dropped from the peak) ->
 * NEUTRAL (back under the off threshold, or at rest most of the way back);
 * a returned rep is analysed once a stretch of rest follows it. Also
 * closing a rep under way, for every caller. */
#include "core/scorer_impl.h"

#include <math.h>

/* One valid frame as the state machine sees it. */
typedef struct frame_step {
    double d;                /* filtered activity, mm */
    double dt;               /* since the previous frame, s */
    double v;                /* its velocity, mm/s */
    double vstill;           /* slower is still, mm/s */
    double drop;             /* this far under the peak is a return, mm */
    int    good;             /* good form at this moment */
} frame_step;

/* Close the rep under way (if any) at the current sample. */
void tc_scorer__close_rep(tc_scorer *s, int partial)
{
    uint64_t last = s->nsamples ? s->nsamples - 1 : 0;
    if (s->in_rep || s->pending)
        s->last_end = tc_scorer__finalize_rep(s, s->rep_first, last, partial && !s->pending) + 1;
    s->in_rep = s->pending = 0;
    s->hold_elapsed = 0;
}

/* A rep starts at the current sample: its window reaches back PREROLL_S
 * of time (the samples are walked back by timestamp), never into the
 * previous rep, nor past the ring. */
static void start_rep(tc_scorer *s, double d)
{
    const int64_t span_us = (int64_t)(PREROLL_S * 1e6);
    const uint64_t now = s->nsamples - 1;
    const int64_t t_now = tc_scorer__at(s, now)->t_us;
    uint64_t first = now;
    while (first > s->last_end && now - first + 1 < s->ring_cap &&
           t_now - tc_scorer__at(s, first - 1)->t_us <= span_us)
        first--;
    s->rep_first = first;
    s->in_rep = 1;
    s->peak = d;
    s->still_time = 0;
    s->hold_elapsed = 0;
    s->phase = TC_PHASE_RETRACT;
}

/* The neutral's wander beyond its jitter, SD in mm: slow movement of a
 * person who is not still (talking, swaying), not the landmark jitter that
 * the calibrated threshold already allows for. */
static double wander_sd(const tc_scorer *s)
{
    return sqrt(fmax(0.0, s->wander_var - s->jitter_var));
}

/* The threshold a movement must reach to start a rep: the calibrated one,
 * or 5 SD of the neutral's wander when that is larger (a session that is
 * never still raises it, so its wander is no rep). */
double tc_scorer__threshold(const tc_scorer *s)
{
    return fmax(s->on, WANDER_SDS * wander_sd(s));
}

/* The neutral's wander: the variance (10 s memory) of the filtered
 * activity over neutral frames about its level (5 s memory; it restarts at
 * the rest level after each rep, so a new rest level is not wander, and a
 * slow drift is followed; talking and swaying are wander). Each deviation
 * counts at most 2.5 SD (a rep's own rise towards the threshold, before it
 * crosses, must not raise the threshold it is to cross). */
static void track_wander(tc_scorer *s, const frame_step *fs)
{
    const double am = fs->dt / (WANDER_MEAN_S + fs->dt);
    const double av = fs->dt / (WANDER_VAR_S + fs->dt);
    const double c = fmax(0.5, 2.5 * sqrt(s->wander_var));
    const double e = fmin(fmax(fs->d - s->wander_mean, -c), c);
    if (!(fs->dt > 0))
        return;
    s->wander_mean += am * e;
    s->wander_var += av * (e * e - s->wander_var);
    s->sess.wander_mm = wander_sd(s);
    s->sess.rep_threshold_mm = tc_scorer__threshold(s);
}

/* A rep starts when the activity rises the threshold above the neutral's
 * level: the rest level while a return settles, the wander's level after. */
static void on_neutral(tc_scorer *s, const frame_step *fs)
{
    const double thr = tc_scorer__threshold(s);
    if (s->pending) {
        s->settle_time += fs->dt;
        /* keep a stretch of rest after the return for the fit */
        if (fs->d - s->rest >= thr || s->settle_time > SETTLE_S) {
            tc_scorer__close_rep(s, 0);
            s->wander_mean = fs->d;   /* the new rest level is no wander */
        }
    }
    if (fs->d - (s->pending ? s->rest : s->wander_mean) >= thr) {
        s->rep_wander_thr = WANDER_SDS * wander_sd(s);
        start_rep(s, fs->d);
    } else if (!s->pending) {
        track_wander(s, fs);
    }
}

static void on_retract(tc_scorer *s, const frame_step *fs)
{
    s->peak = fmax(s->peak, fs->d);
    s->still_time = fabs(fs->v) < fs->vstill ? s->still_time + fs->dt : 0;
    if (fs->d < s->peak - fs->drop) {
        s->phase = TC_PHASE_RETURN;
        s->still_time = 0;
    } else if (s->still_time >= 0.2) {
        s->phase = TC_PHASE_HOLD;
    }
}

static void on_hold(tc_scorer *s, const frame_step *fs)
{
    s->peak = fmax(s->peak, fs->d);
    if (fs->good)
        s->hold_elapsed += fs->dt;
    if (fs->d < s->peak - fs->drop) {
        s->phase = TC_PHASE_RETURN;
        s->still_time = 0;
    }
}

static void on_return(tc_scorer *s, const frame_step *fs)
{
    /* Back below the off threshold; or come to rest most of the way
     * back (the face-scale reading of neutral can shift by a few mm
     * under compression, so "back" is also "stopped near it"). */
    s->still_time = fabs(fs->v) < fs->vstill ? s->still_time + fs->dt : 0;
    if (fs->d < s->off || (fs->d < 0.4 * s->peak && s->still_time >= 0.5)) {
        s->rest = fs->d < s->off ? 0 : fs->d;
        s->phase = TC_PHASE_NEUTRAL;
        s->in_rep = 0;
        s->pending = 1;
        s->settle_time = 0;
    }
}

/* The frame's activity d and its velocity (dt after the previous one). */
static frame_step frame_of(tc_scorer *s, const sample *sm, double dt)
{
    frame_step fs;
    fs.d = s->act_f;
    fs.dt = dt;
    if (s->had_act && dt > 0) {
        /* velocity of the filtered signal, lightly smoothed (0.1 s) */
        double a = dt / (0.1 + dt);
        s->vel = a * (fs.d - s->prev_act) / dt + (1 - a) * s->vel;
    }
    s->prev_act = fs.d;
    s->had_act = 1;
    fs.v = s->vel;
    fs.vstill = fmax(0.2 * s->range, 2.0);       /* mm/s */
    fs.drop = fmax(0.25 * fmax(s->peak, s->on), 0.5 * s->on);
    /* the live countdown leaves shoulders out (the report's hold_good_s
     * includes them) */
    fs.good = tc_scorer__form_ok(&s->p, sm->pitch, sm->yaw, sm->roll, NAN);
    return fs;
}

/* Valid sample sm (dt after the previous frame) through the state machine. */
void tc_scorer__step(tc_scorer *s, const sample *sm, double dt)
{
    const frame_step fs = frame_of(s, sm, dt);
    switch (s->phase) {
    case TC_PHASE_NEUTRAL: on_neutral(s, &fs); break;
    case TC_PHASE_RETRACT: on_retract(s, &fs); break;
    case TC_PHASE_HOLD:    on_hold(s, &fs); break;
    case TC_PHASE_RETURN:  on_return(s, &fs); break;
    default:               break;
    }
    /* A rep longer than the ring holds is closed as partial. */
    if (s->in_rep && s->nsamples - s->rep_first >= s->ring_cap) {
        tc_scorer__close_rep(s, 1);
        s->phase = fs.d >= s->on ? TC_PHASE_HOLD : TC_PHASE_NEUTRAL;
    }
}
