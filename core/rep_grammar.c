/* core/rep_grammar.c — is a candidate a rep? A rep is a deliberate act:
 * from a settled neutral the head glides back (relative to the trunk) by
 * more than the session's noise, is held there, and returns. Ordinary
 * movement crosses the rep threshold too — talking, a glance, turning to
 * someone, looking down at a phone, leaning in to read, drinking, moving
 * the chair — and each is named here instead of being scored: the rules
 * below run in order on the measured candidate and the first that fits
 * says what it was. An attempt done badly is still a rep (a nod held in
 * place of the glide, a rushed glide, a short hold): the faults say so. */
#include "core/scorer_impl.h"

#include <math.h>

/* The least hold that makes a movement back a held one: a second, or half
 * the prescribed hold if that is shorter. Shorter than the prescription
 * but held is a short hold (a fault), not "not held". */
static double min_hold_s(const tc_profile *p)
{
    return fmin(1.0, 0.5 * p->hold_s);
}

/* The phase times in order: start < hold start <= return start < end
 * (<= for a rep cut off before its return ended). */
static int times_in_order(const rep_bounds *b, int partial)
{
    return b->t_on < b->t_hs && b->t_hs <= b->t_rs &&
           (partial ? b->t_rs <= b->t_en : b->t_rs < b->t_en);
}

/* How far below zero a depth (head travel less the trunk's, over the
 * hold) may read from noise alone: 3 mm, a tenth of the head's travel (the
 * trunk filter's lag and the two scales' error grow with it), or 0.3 of
 * the trunk's travel (how much of a lean reaches the head depends on the
 * person's build: LEAN_HEAD_RATIO is good to about 0.2). */
static double depth_noise_mm(const tc_rep *r)
{
    double lean = isfinite(r->trunk_mm) ? fabs(r->trunk_mm) : 0;
    return fmax(fmax(3.0, 0.1 * fabs(r->head_travel_mm)), 0.3 * lean);
}

/* Side view: the trunk went back too, by over 10 mm and a quarter of the
 * head's travel: a lean carrying the head. With the pose shoulder as the
 * trunk that is all it can tell (it follows a lean by a third; over a
 * tuck it stays in 4 mm). The tracker follows the trunk itself, so the
 * head over it is measured: a lean left it there, within the depth's
 * noise (0.3 of the lean: depth_noise_mm), and beyond that the head
 * glided back over a leaning trunk - a tuck, whose fault is trunk_lean. */
static int lean_carrying_head(const tc_scorer *s, const tc_rep *r, const rep_extra *x)
{
    if (!isfinite(x->trunk_back_mm) ||
        !(x->trunk_back_mm > fmax(10.0, 0.25 * fabs(r->head_travel_mm))))
        return 0;
    return !s->b.tr_ok || !(r->depth_mm > fmax(depth_noise_mm(r), 0.75 * s->on));
}

/* Head pose far off: a turn, a tilt, a look down or up - over the rep
 * against its start, or over the hold against the session's neutral (a
 * movement that began already turned or tipped back). TUCK if none. */
static tc_movement head_pose(const tc_profile *p, const tc_rep *r, const rep_extra *x)
{
    const double pitch = isfinite(x->pitch_hold_deg) ? x->pitch_hold_deg : 0;
    const double yaw = isfinite(x->yaw_hold_deg) ? fabs(x->yaw_hold_deg) : 0;
    if (r->yaw_drift_deg > 1.5 * p->rotation_deg || r->roll_drift_deg > 1.5 * p->rotation_deg ||
        yaw > 1.5 * p->rotation_deg)
        return TC_MOVE_TURN;
    if (r->pitch_change_deg > 3 * p->nodding_deg || pitch > 3 * p->nodding_deg)
        return TC_MOVE_LOOK_DOWN;
    if (r->pitch_change_deg < -1.5 * p->nodding_deg || pitch < -1.5 * p->nodding_deg)
        return TC_MOVE_LOOK_UP;
    return TC_MOVE_TUCK;
}

tc_movement tc_scorer__rep_grammar(const tc_scorer *s, const rep_shape *sh,
                                   const rep_bounds *b, const tc_rep *r, const rep_extra *x)
{
    const tc_profile *p = &s->p;
    const int nod = r->pitch_change_deg > p->nodding_deg;
    tc_movement m;

    if (sh->amp > TC_MAX_TUCK_MM || r->head_travel_mm > TC_MAX_TUCK_MM ||
        r->depth_mm > TC_MAX_TUCK_MM)
        return TC_MOVE_BODY;
    /* over the session's threshold: three quarters of the calibrated one
     * (the plateau medians read a little under the filtered peak that
     * crossed it), and all of the wander's part (talking, swaying) */
    if (sh->amp < fmax(0.75 * s->on, s->rep_wander_thr))
        return TC_MOVE_SMALL;
    if ((m = head_pose(p, r, x)) != TC_MOVE_TUCK)
        return m;
    /* front view: under the threshold once the share of the movement that
     * the turn alone reads as is taken out (a glance aside, held) */
    if (isfinite(x->turn_mm) && sh->amp - x->turn_mm < fmax(0.75 * s->on, s->rep_wander_thr))
        return TC_MOVE_TURN;
    if (lean_carrying_head(s, r, x))
        return TC_MOVE_BODY;
    /* the head came forward (more than jitter), or stayed ahead of the trunk
     * (a lean with the head poked forward): not a tuck. A lean or a nod may
     * leave the head where it was over the trunk: depth 0 within the noise */
    if (x->forward_mm > fmax(10.0, 0.5 * sh->amp) ||
        (r->depth_mm < -depth_noise_mm(r) && !nod))
        return TC_MOVE_FORWARD;
    if (!times_in_order(b, r->partial))
        return TC_MOVE_IRREGULAR;
    if ((!r->partial || sh->returned) && r->hold_s < min_hold_s(p))
        return TC_MOVE_BRIEF;
    /* back and stayed: never came half way back, or, cut off by the end,
     * held far longer than any prescription (a new posture) */
    if ((!r->partial && sh->ramp < 0.5 * sh->amp) ||
        (r->partial && !sh->returned && r->hold_s > 2 * p->hold_s + 2))
        return TC_MOVE_SHIFT;
    return TC_MOVE_TUCK;
}
