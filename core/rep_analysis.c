/* core/rep_analysis.c — the analysis of a rep once it closes: its valid
 * samples are compacted from the ring into the rep window and smoothed
 * with a centred, zero-lag window (so timings carry no filter lag and do
 * not depend on the frame rate); then its timing (rep_timing.c), measures
 * (rep_measure.c) and faults (faults.c); the rep is kept, and a complete
 * one teaches the person's comfortable range. */
#include "core/scorer_impl.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Compact the valid samples [first, last] (absolute indices) into the
 * window; the shortest step is the frame interval. Returns the count. */
static size_t gather(tc_scorer *s, uint64_t first, uint64_t last)
{
    rep_window *w = &s->win;
    size_t n = 0;
    double frame_dt = HUGE_VAL;
    int64_t prev_valid_t = -1;
    for (uint64_t i = first; i <= last; i++) {
        const sample *sm = tc_scorer__at(s, i);
        if (!sm->valid)
            continue;
        if (prev_valid_t >= 0 && sm->t_us > prev_valid_t)
            frame_dt = fmin(frame_dt, (double)(sm->t_us - prev_valid_t) / 1e6);
        prev_valid_t = sm->t_us;
        w->t[n] = (double)sm->t_us / 1e6;
        w->act[n] = sm->act;
        w->head[n] = sm->head;
        w->trunk[n] = sm->trunk;
        w->shy[n] = sm->shy;
        w->pitch[n] = sm->pitch;
        w->yaw[n] = sm->yaw;
        w->roll[n] = sm->roll;
        w->repeat[n] = (unsigned char)sm->repeat;
        w->refresh[n] = (unsigned char)sm->refresh;
        w->abs_index[n] = i;
        n++;
    }
    w->n = n;
    w->frame_dt = frame_dt;
    return n;
}

/* Centred moving average (zero lag) and central-difference velocity,
 * both over +-SMOOTH_HALF_S of time (at least 1.5 frames, so a slow
 * camera still averages a few), so any frame rate gives the same; and the
 * median step from frame to frame (the jitter a catch-up step of the
 * video must stand out of, rep_timing.c). */
static void smooth_window(rep_window *w)
{
    if (!isfinite(w->frame_dt))
        w->frame_dt = 1.0 / 30.0;
    w->hw = fmax(SMOOTH_HALF_S, 1.5 * w->frame_dt);
    w->sustain = fmax(SUSTAIN_S, 1.5 * w->frame_dt);
    tc_scorer__smooth_centred(w->t, w->act, w->act_smooth, w->n, w->hw);
    tc_scorer__smooth_centred(w->t, w->head, w->head_smooth, w->n, w->hw);
    tc_scorer__velocity(w->t, w->act_smooth, w->vel, w->n, w->hw);
    for (size_t i = 1; i < w->n; i++)
        w->scratch[i - 1] = fabs(w->act[i] - w->act[i - 1]);
    w->step_jitter = w->n > 1 ? tc_scorer__quantile(w->scratch, w->n - 1, 0.5) : 0;
}

/* Keep rep r; a complete one teaches the person's comfortable range (when
 * the profile gives none). 0 when there was no memory for it. */
static int keep_rep(tc_scorer *s, const tc_rep *r)
{
    const tc_profile *p = &s->p;
    assert(tc_rep_check(r, NULL, 0) == 0 && "a rep breaks an invariant (core/rep_check.c)");
    if (s->nreps == s->reps_cap) {
        size_t cap = s->reps_cap ? 2 * s->reps_cap : 32;
        tc_rep *nr = realloc(s->reps, cap * sizeof *nr);
        if (!nr)
            return 0;
        s->reps = nr;
        s->reps_cap = cap;
    }
    s->reps[s->nreps++] = *r;
    s->full_reps += !r->partial;

    /* only a well-formed rep teaches (no fault but depth, which is what the
     * range is for): a rushed or compensated one says nothing of it */
    if (!r->partial && p->range_mm <= 0 && r->head_travel_mm >= s->on &&
        !(r->faults & ~(1u << TC_FAULT_SHALLOW))) {
        /* the first sets it: the starting guess is a population's, in mm
         * the camera may have wrong (docs/depth.md) */
        s->range = s->sess.range_reps ? 0.5 * s->range + 0.5 * r->head_travel_mm
                                      : r->head_travel_mm;
        s->range = fmin(fmax(s->range, fmax(p->min_depth_mm, 5.0)), 80.0);
        s->sess.range_reps++;
        s->sess.range_source = TC_RANGE_REPS;
        tc_scorer__set_thresholds(s);
    }
    return 1;
}

/* Analyse samples [first, last] (absolute indices) as one rep; returns the
 * absolute index of the rep's last sample (its end), or `last`. */
uint64_t tc_scorer__finalize_rep(tc_scorer *s, uint64_t first, uint64_t last, int partial)
{
    rep_window *w = &s->win;
    rep_shape sh;
    rep_bounds b;
    rep_extra x;
    tc_rep r;
    tc_movement what;

    if (last < first || s->nreps == (size_t)-1)
        return last;
    if (last - first + 1 > s->ring_cap)
        first = last + 1 - s->ring_cap;
    if (gather(s, first, last) < 3)
        return last;
    tc_scorer__hold_repeats(w);
    smooth_window(w);
    if (!tc_scorer__rep_shape(w, s->on, &sh))
        return last;
    tc_scorer__rep_bounds(w, &sh, s->sess.noise_mm, s->p.jerky_submovements, &b);

    memset(&r, 0, sizeof r);
    r.index = (int)s->nreps + 1;
    r.partial = partial;
    tc_scorer__rep_times(s, &sh, &b, &r);
    tc_scorer__rep_measure(s, &sh, &b, &r, &x);
    what = tc_scorer__rep_grammar(s, &sh, &b, &r, &x);
    s->sess.movements[what]++;
    if (what != TC_MOVE_TUCK)   /* an ordinary movement: counted, not scored */
        return w->abs_index[b.en];
    if (r.depth_mm < 0)   /* a nod or a lean, at zero within its noise (the grammar
                             refused more): no retraction over the trunk */
        r.depth_mm = 0;
    tc_scorer__judge(s, &b, x.max_gap, partial, &r);
    (void)keep_rep(s, &r);   /* if it is lost, the counts stay honest */
    return w->abs_index[b.en];
}
