/* core/faults.c — the fault rules of a rep, each against the profile's
 * tolerances (tempo and hold also against their measurement uncertainty),
 * the worst fault, and the score: 100 less each fault's penalty (the
 * table is in core/scorer_names.c), weighted by how far off it was. */
#include "core/scorer_impl.h"

#include <math.h>

static void add_fault(tc_rep *r, tc_fault f, double *penalty, double weight)
{
    r->faults |= 1u << f;
    penalty[f] = tc_scorer__fault_penalty(f) * weight;
}

/* Tempo and hold are flagged only when short by more than 3 times their
 * measurement uncertainty: a crossing time is uncertain by the smoothed
 * jitter over the slope there (1.45 x amplitude / duration for a
 * minimum-jerk glide), and a duration by sqrt(2)/0.347 of that. And only
 * when the longest they may have been is short: a movement the video
 * showed as a catch-up step after frozen frames may have lasted longer by
 * the time it was hidden (rep_timing.c), and a retract that did so may
 * have reached the hold that much sooner. */
static void tempo_faults(const tc_profile *p, const rep_bounds *b, tc_rep *r, double *penalty)
{
    if (r->retract_s + b->hidden_retract < p->min_retract_s - 3 * b->sd_retract ||
        r->return_s + b->hidden_return < p->min_return_s - 3 * b->sd_return)
        add_fault(r, TC_FAULT_TOO_FAST, penalty, 1.0);
    /* Short hold is about time held; time lost to form (hold_good_s) is
     * reported, and the form faults themselves name why. */
    if (r->hold_s + b->hidden_retract < p->hold_s - p->hold_tolerance_s - 3 * r->timing_sd_s)
        add_fault(r, TC_FAULT_SHORT_HOLD, penalty,
                  p->hold_s > 0 ? fmax(0.3, 1.0 - r->hold_s / p->hold_s) : 1.0);
}

/* A noise SD at rest, 0 if not measured. */
static double noise_of(double sd)
{
    return isfinite(sd) ? sd : 0;
}

/* Depth. It is judged on tucks only: a nod or a lean
 * explains its own missing depth, and one cue about it is what helps. */
static void depth_faults(const tc_scorer *s, int partial, tc_rep *r,
                         double *penalty)
{
    double w;
    /* shallow: on the share of the range, the mm secondary (core/depth.c) */
    if (!partial && tc_scorer__shallow(s, r, &w) &&
        !(r->faults & (1u << TC_FAULT_NODDING | 1u << TC_FAULT_TRUNK_LEAN)))
        add_fault(r, TC_FAULT_SHALLOW, penalty, w);
}

/* Tracking lost inside the rep for longer than the profile allows, or (a
 * partial rep) at its end. */
static int tracking_lost(const tc_scorer *s, double max_gap, int partial)
{
    const double max_gap_s = s->p.max_gap_s;
    return max_gap > max_gap_s ||
           (partial && s->have_valid &&
            (double)(s->last_t - s->last_valid_t) / 1e6 > max_gap_s);
}

/* The worst fault (largest penalty, -1 none) and the score of r. */
static void score(const double *penalty, int partial, tc_rep *r)
{
    double total = 0;
    r->worst = -1;
    for (int f = 0; f < TC_FAULT_COUNT; f++) {
        total += penalty[f];
        if (penalty[f] > 0 && (r->worst < 0 || penalty[f] > penalty[r->worst]))
            r->worst = f;
    }
    r->score = partial ? NAN : fmax(0.0, 100.0 - total);
}

/* Faults, worst fault and score of measured rep r (bounds b, the longest
 * step without tracking max_gap). */
void tc_scorer__judge(const tc_scorer *s, const rep_bounds *b, double max_gap, int partial,
                      tc_rep *r)
{
    const tc_profile *p = &s->p;
    double penalty[TC_FAULT_COUNT] = { 0 };

    if (r->pitch_change_deg > p->nodding_deg)
        add_fault(r, TC_FAULT_NODDING, penalty,
                  fmin(1.0, 0.5 + 0.5 * (r->pitch_change_deg - p->nodding_deg) / p->nodding_deg));
    if (!partial)
        tempo_faults(p, b, r, penalty);
    /* lean (back or forward) and shrug: over the tolerance by more than
     * twice the noise */
    if (isfinite(r->trunk_mm) &&
        fabs(r->trunk_mm) > p->lean_mm + 2 * noise_of(s->sess.trunk_noise_mm))
        add_fault(r, TC_FAULT_TRUNK_LEAN, penalty, 1.0);
    depth_faults(s, partial, r, penalty);
    if (isfinite(r->shoulder_elevation) &&
        r->shoulder_elevation > p->shrug_fraction + 2 * noise_of(s->sess.shoulder_noise))
        add_fault(r, TC_FAULT_SHOULDER_SHRUG, penalty, 1.0);
    if (r->yaw_drift_deg > p->rotation_deg || r->roll_drift_deg > p->rotation_deg)
        add_fault(r, TC_FAULT_ROTATION, penalty, 1.0);
    if (r->submovements >= p->jerky_submovements)
        add_fault(r, TC_FAULT_JERKY, penalty, 1.0);
    if (tracking_lost(s, max_gap, partial))
        add_fault(r, TC_FAULT_LOST_TRACKING, penalty, 1.0);
    score(penalty, partial, r);
}
