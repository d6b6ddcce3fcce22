/* core/rep_measure.c — what a rep measured between the boundaries its
 * timing found: time without tracking, depth and head travel against the
 * rep's own start, the compensations (trunk travel, shoulder rise, pitch,
 * yaw and roll change), good-form hold time, and smoothness (SPARC, and
 * the sub-movement count the timing made). */
#include "core/scorer_impl.h"

#include <math.h>

/* Levels at the rep's start. */
typedef struct rep_ref {
    double d0;               /* head travel (smoothed) */
    double tr0;              /* trunk travel (0 if none) */
    double sh0, p0, y0, r0;  /* shoulder rise, pitch, yaw, roll (NAN: none) */
} rep_ref;

/* Largest values over the rep (depth and travel: over the hold). */
typedef struct rep_extent {
    double depth, travel, trunk, shy, pmax, ymax, rmax;
} rep_extent;

/* Median of the finite values of x over window entries [a, z). */
static double median_of(rep_window *w, const double *x, size_t a, size_t z)
{
    size_t m = 0;
    for (size_t i = a; i < z; i++)
        if (isfinite(x[i]))
            w->scratch[m++] = x[i];
    return m ? tc_scorer__quantile(w->scratch, m, 0.5) : NAN;
}

/* Time without tracking over entries [on, en]: steps over 2.5 frames; the
 * longest step goes to *max_gap. */
static double lost_time(const rep_window *w, size_t on, size_t en, double *max_gap)
{
    double lost = 0;
    *max_gap = 0;
    for (size_t i = on + 1; i <= en && i < w->n; i++) {
        double dt = w->t[i] - w->t[i - 1];
        if (dt > 2.5 * w->frame_dt) {
            lost += dt - w->frame_dt;
            *max_gap = fmax(*max_gap, dt);
        }
    }
    return lost;
}

/* The levels at the rep's start (entry on): medians of the half second
 * before it. */
static void reference(rep_window *w, size_t on, rep_ref *ref)
{
    size_t pre = on;
    while (pre > 0 && w->t[pre - 1] >= w->t[on] - 0.5)
        pre--;
    ref->d0 = median_of(w, w->head_smooth, pre, on + 1);
    const double tr0f = median_of(w, w->trunk, pre, on + 1);
    ref->tr0 = isfinite(tr0f) ? tr0f : 0;
    ref->sh0 = median_of(w, w->shy, pre, on + 1);
    ref->p0 = median_of(w, w->pitch, pre, on + 1);
    ref->y0 = median_of(w, w->yaw, pre, on + 1);
    ref->r0 = median_of(w, w->roll, pre, on + 1);
}

/* Largest travel, depth and compensations over entries [on, en]; pitch up
 * to the return's start, with its sign (depth: head travel less k times the trunk's). */
static void extent(const rep_window *w, const rep_bounds *b, const rep_ref *ref, double k,
                   rep_extent *x)
{
    x->depth = x->travel = x->trunk = x->shy = x->pmax = x->ymax = x->rmax = 0;
    for (size_t i = b->on; i <= b->en; i++) {
        double tr = isfinite(w->trunk[i]) ? w->trunk[i] - ref->tr0 : 0;
        x->travel = fmax(x->travel, w->head_smooth[i] - ref->d0);
        x->depth = fmax(x->depth, w->head_smooth[i] - ref->d0 - k * tr);
        x->trunk = fmax(x->trunk, tr);
        if (isfinite(ref->sh0) && isfinite(w->shy[i]))
            x->shy = fmax(x->shy, w->shy[i] - ref->sh0);
        if (isfinite(ref->y0) && isfinite(w->yaw[i]))
            x->ymax = fmax(x->ymax, fabs(w->yaw[i] - ref->y0));
        if (isfinite(ref->r0) && isfinite(w->roll[i]))
            x->rmax = fmax(x->rmax, fabs(w->roll[i] - ref->r0));
        if (i <= b->rs && isfinite(ref->p0) && isfinite(w->pitch[i]) &&
            fabs(w->pitch[i] - ref->p0) > fabs(x->pmax))
            x->pmax = w->pitch[i] - ref->p0;
    }
}

/* Depth, travel, trunk travel and shoulder rise as the median over a hold
 * of 4 entries or more (noise averages out; a peak would read noise as
 * depth, and a lean or shrug on the way as held). */
static void hold_medians(rep_window *w, const rep_bounds *b, const rep_ref *ref, double k,
                         rep_extent *x)
{
    size_t m = 0;
    if (b->rs < b->hs + 3)
        return;
    for (size_t i = b->hs; i <= b->rs; i++)
        w->scratch[m++] = w->head_smooth[i] - ref->d0;
    x->travel = tc_scorer__quantile(w->scratch, m, 0.5);
    m = 0;
    for (size_t i = b->hs; i <= b->rs; i++)
        w->scratch[m++] = w->head_smooth[i] - ref->d0 -
                          k * (isfinite(w->trunk[i]) ? w->trunk[i] - ref->tr0 : 0);
    x->depth = tc_scorer__quantile(w->scratch, m, 0.5);
    /* the trunk and the shoulders over the hold, against the rep's start */
    double tr = median_of(w, w->trunk, b->hs, b->rs + 1) - ref->tr0;
    double sy = median_of(w, w->shy, b->hs, b->rs + 1) - ref->sh0;
    if (isfinite(tr))
        x->trunk = tr;
    if (isfinite(sy))
        x->shy = sy;
}

/* How much of the trunk's travel to take from the head's: none in the side
 * view (its head travel is already relative to the trunk: metrics.c's
 * side_head); in the front view the head's share of a lean - the tracker
 * follows the chest, below the head; the pose shoulders are level with
 * the neck. */
static double head_share(const tc_scorer *s)
{
    if (s->sess.view == TC_VIEW_SIDE)
        return 0;
    return s->b.tr_ok ? LEAN_HEAD_RATIO : 1.0;
}

/* Depth and compensations, each relative to the rep's own start (the
 * median of the half second before it). Depth and travel are the
 * median over the hold, or the largest value when there was no hold. */
static void depth_and_compensation(tc_scorer *s, const rep_bounds *b, const rep_ref *ref,
                                   tc_rep *r)
{
    rep_extent x;
    const double k = head_share(s);
    extent(&s->win, b, ref, k, &x);
    hold_medians(&s->win, b, ref, k, &x);
    r->depth_mm = x.depth;
    r->head_travel_mm = x.travel;
    r->trunk_mm = s->sess.trunk_tracked ? x.trunk : NAN;
    r->shoulder_elevation = s->sess.shoulders_tracked ? x.shy : NAN;
    r->yaw_drift_deg = x.ymax;
    r->roll_drift_deg = x.rmax;
    r->pitch_change_deg = x.pmax;
    tc_scorer__depth_share(s, r);
}

/* Good-form hold time: only while pitch, rotation, shoulders are right,
 * counted within the hold [t_hs, t_rs] (each step clipped to it, so it
 * never exceeds the hold). */
static double good_hold(const tc_scorer *s, const rep_bounds *b, const rep_ref *ref)
{
    const rep_window *w = &s->win;
    double good = 0;
    for (size_t i = b->hs > 0 ? b->hs - 1 : 0; i < b->rs && i + 1 < w->n; i++) {
        double a = fmax(w->t[i], b->t_hs), z = fmin(w->t[i + 1], b->t_rs);
        if (z > a && w->t[i + 1] - w->t[i] < GAP_ABORT_S &&
            tc_scorer__form_ok(&s->p, w->pitch[i] - ref->p0, w->yaw[i] - ref->y0,
                               w->roll[i] - ref->r0, w->shy[i] - ref->sh0))
            good += z - a;
    }
    return good;
}

/* How far the head came forward of its start within the rep, mm (>= 0),
 * over the trunk (k: the head's share of the trunk's travel): a body
 * swaying forward after the rep does not bring the head forward of it. */
static double forward_of(const rep_window *w, const rep_bounds *b, const rep_ref *ref, double k)
{
    double fwd = 0;
    for (size_t i = b->on; i <= b->en && i < w->n; i++) {
        double tr = isfinite(w->trunk[i]) ? w->trunk[i] - ref->tr0 : 0;
        fwd = fmax(fwd, ref->d0 - (w->head_smooth[i] - k * tr));
    }
    return isfinite(fwd) ? fwd : 0;
}

/* Smoothness of the two movements: SPARC of the speed profile, for the
 * report (the less smooth one); the fault comes from the count of
 * sub-movements (noise makes SPARC drift; the count it cannot fake). */
static double smoothness(rep_window *w, const rep_shape *sh, const rep_bounds *b)
{
    double sp = NAN;
    for (int m = 0; m < 2; m++) {
        size_t a = m ? b->rs : b->on, z = m ? b->en : b->hs;
        if (z <= a + 2 || (m && !sh->returned))
            continue;
        for (size_t i = a; i <= z; i++)
            w->scratch[i - a] = fabs(w->vel[i]);
        double rate = (double)(z - a) / (w->t[z] - w->t[a]);
        double v = tc_sparc(w->scratch, z - a + 1, rate);
        if (isfinite(v) && (!isfinite(sp) || v < sp))
            sp = v;
    }
    return sp;
}

/* Side view: the trunk's farthest travel back over entries [on, en] of the
 * rep against its start, whether or not the session judges lean (the
 * pose's shoulder of a profile is too noisy for the fault but follows a
 * lean by a third of it; over a good rep it stays within 4 mm); NAN in
 * the front view. */
static double trunk_back_of(const tc_scorer *s, const rep_bounds *b, const rep_ref *ref)
{
    const rep_window *w = &s->win;
    double back = NAN;
    if (s->sess.view != TC_VIEW_SIDE)
        return NAN;
    for (size_t i = b->on; i <= b->en; i++)
        if (isfinite(w->trunk[i]))
            back = isfinite(back) ? fmax(back, w->trunk[i] - ref->tr0) : w->trunk[i] - ref->tr0;
    return back;
}

/* The head's pose over the hold (the whole rep when it had none) against
 * the session's neutral, not the rep's start: a movement that begins
 * already turned or tipped back (drinking: the cup came first) is no
 * glide from a settled neutral. And, in the front view, the head travel
 * the turn alone reads as: the face mesh's width shrinks as the cosine
 * of its own yaw reading (1.7 % for a reading of 10.8 deg on the
 * fixtures), and the pinhole depth reads that as the face going back. */
static void hold_pose(tc_scorer *s, const rep_bounds *b, const rep_ref *ref, rep_extra *x)
{
    rep_window *w = &s->win;
    const size_t a = b->rs > b->hs ? b->hs : b->on, z = b->rs > b->hs ? b->rs : b->en;
    x->pitch_hold_deg = median_of(w, w->pitch, a, z + 1);
    x->yaw_hold_deg = median_of(w, w->yaw, a, z + 1);
    x->turn_mm = NAN;
    if (s->sess.view == TC_VIEW_SIDE || !isfinite(ref->y0) || !isfinite(x->yaw_hold_deg) ||
        !isfinite(s->b.yaw) || !(s->b.z0 > 0))
        return;
    const double rad = M_PI / 180;
    x->turn_mm = s->b.z0 * (cos((ref->y0 + s->b.yaw) * rad) /
                            cos((x->yaw_hold_deg + s->b.yaw) * rad) - 1.0);
}

/* Median of the samples' CVA (cva) or head-forward distance over entries
 * [a, z] of the window; NAN when none has one. */
static double posture_median(tc_scorer *s, size_t a, size_t z, int cva)
{
    rep_window *w = &s->win;
    size_t m = 0;
    for (size_t i = a; i <= z; i++) {
        const sample *sm = tc_scorer__at(s, w->abs_index[i]);
        double v = cva ? sm->cva : sm->hfwd;
        if (isfinite(v))
            w->scratch[m++] = v;
    }
    return m ? tc_scorer__quantile(w->scratch, m, 0.5) : NAN;
}

/* Side view: head-forward distance and CVA over the hold (the whole rep
 * when it had none) and the CVA's change from the half second before. */
static void side_posture_of(tc_scorer *s, const rep_bounds *b, tc_rep *r)
{
    const rep_window *w = &s->win;
    size_t a = b->rs > b->hs ? b->hs : b->on, z = b->rs > b->hs ? b->rs : b->en, pre = b->on;
    r->head_forward_cm = r->cva_deg = r->cva_change_deg = NAN;
    if (s->sess.view != TC_VIEW_SIDE)
        return;
    while (pre > 0 && w->t[pre - 1] >= w->t[b->on] - 0.5)
        pre--;
    r->head_forward_cm = posture_median(s, a, z, 0);
    r->cva_deg = posture_median(s, a, z, 1);
    r->cva_change_deg = r->cva_deg - posture_median(s, pre, b->on, 1);
}

/* What the rep of shape sh within bounds b measured, into r; the longest
 * step without tracking inside it, how far the head came forward and (side
 * view) the trunk went back go to *x. */
void tc_scorer__rep_measure(tc_scorer *s, const rep_shape *sh, const rep_bounds *b,
                            tc_rep *r, rep_extra *x)
{
    rep_ref ref;
    r->lost_s = lost_time(&s->win, b->on, b->en, &x->max_gap);
    reference(&s->win, b->on, &ref);
    x->forward_mm = forward_of(&s->win, b, &ref, head_share(s));
    x->trunk_back_mm = trunk_back_of(s, b, &ref);
    hold_pose(s, b, &ref, x);
    side_posture_of(s, b, r);
    depth_and_compensation(s, b, &ref, r);
    r->hold_good_s = good_hold(s, b, &ref);
    r->submovements = b->subs_ret > b->subs ? b->subs_ret : b->subs;
    r->sparc = smoothness(&s->win, sh, b);
}
