/* core/metrics.c — one frame after calibration: its head travel, trunk
 * travel and shoulder rise against neutral in the session's view, through
 * the One Euro filters into a sample in the ring (the rep analysis reads
 * them back); and the frame's metrics for the caller. */
#include "core/scorer_impl.h"

#include <math.h>
#include <string.h>

/* Side view: head-forward distance and CVA of frame f (proxies) into m. */
static void side_posture(const tc_scorer *s, const feat *f, tc_metrics *m)
{
    const baseline *b = &s->b;
    double ex = f->ear_x[b->ear], ey = f->ear_y[b->ear];
    double dx = (ex - f->sh_x) * b->facing, dy = f->sh_y - ey;
    m->head_forward_cm = dx * b->mm_per_px / 10.0;
    m->head_forward_norm = dx * b->mm_per_px /
                           (TC_CANONICAL_FACE_HEIGHT_MM * s->p.ipd_mm / TC_CANONICAL_IPD_MM);
    m->cva_deg = atan2(dy, dx) * 180.0 / M_PI;
}

/* A rep's activity from the head's travel: over the trunk when the
 * tracker follows it (a sway of the whole body is not a rep), but not
 * over more of it than about the lean tolerance L: a lean done in place of
 * a tuck is an attempt, found, and named trunk_lean. The trunk's part is
 * L tanh(trunk / L) - the trunk itself while small, L at most - smooth, so
 * a lean with a tuck does not read as a stop-and-go glide. */
static double over_trunk(const tc_scorer *s, double head, double trunk)
{
    const double L = s->p.lean_mm;
    if (!s->b.tr_ok || s->sess.view == TC_VIEW_SIDE || !isfinite(trunk) || !(L > 0))
        return head;   /* (the side view's head is over the trunk already: side_head) */
    return head - LEAN_HEAD_RATIO * L * tanh(trunk / L);
}

/* The pose shoulder's travel (raw) as the side view's trunk, for the head
 * to be taken relative to: slowed (0.3 Hz: it flips by +-6 px between
 * still frames of a profile) and let in from twice its noise at rest
 * (fully from four times: its wander at rest is not a lean), and no
 * farther than the ear went its way, beyond that noise band. Farther is
 * the pose model's drift, not the trunk (shrug_side: the near shoulder
 * slid 115 mm along a dark coat towards the face while the ear and the
 * picture were still, and the held tuck read as a 213 mm whole-body
 * move); *drift says so. */
static double pose_trunk(tc_scorer *s, int64_t t_us, double head, double raw, int *drift)
{
    *drift = 0;
    if (!isfinite(raw))
        return NAN;
    const double slow = tc_one_euro_apply(&s->f_side_trunk, t_us, 1.0, raw);
    double noise = isfinite(s->sess.trunk_noise_mm) ? s->sess.trunk_noise_mm : 0;
    double band = fmax(3.0, 2.0 * noise);
    double tr = fmin(fmax(0.0, head) + band, fmax(fmin(0.0, head) - band, slow));
    *drift = tr != slow;
    double w = fmin(1.0, fmax(0.0, (fabs(tr) - band) / band));
    return w * tr;
}

/* Side view: the head's travel relative to the trunk, travel()'s (the ear
 * alone read a 60 mm lean as three tucks). A lean turns the upper body
 * about the hips, taken SIDE_HIP_MM below the shoulder, so it carries the
 * ear farther than the shoulder by the ear's height above it. With the
 * tracker the trunk is its own (at the shoulder: features.c side_trunk;
 * side_frame scores no frame without it), which follows the chest to a
 * fraction of a pixel; else it is the pose shoulder, through pose_trunk. */
static double side_head(tc_scorer *s, int64_t t_us, double head, double trunk, int *drift)
{
    const baseline *b = &s->b;
    const double above = fmax(0.0, (b->sh_y - b->ear_y) * b->mm_per_px);
    double tr = trunk;
    *drift = 0;
    if (!b->tr_ok)
        tr = pose_trunk(s, t_us, head, trunk, drift);
    return isfinite(tr) ? head - tr * (1.0 + above / SIDE_HIP_MM) : head;
}

/* The head's chin-down pitch since neutral, relative to the trunk: in the
 * side view with the tracker, less the turn of a lean about the hips
 * (SIDE_HIP_MM below the shoulder), which tips the head with it - chin up
 * as the trunk goes back (lean_tuck_side: the mesh read -4.7 deg over a
 * 28 mm lean, the turn 3.2 of it). A nod is the neck's, not the body's. */
static double pitch_over_trunk(const tc_scorer *s, const feat *f, double trunk_raw)
{
    const double d = f->pitch - s->b.pitch;
    if (s->sess.view != TC_VIEW_SIDE || !s->b.tr_ok || !isfinite(trunk_raw))
        return d;
    return d + atan2(trunk_raw, SIDE_HIP_MM) * 180.0 / M_PI;
}

/* The valid frame's raw values through the filters into sm. */
static void filter_frame(tc_scorer *s, int64_t t_us, const feat *f, double head,
                         double trunk_raw, double shy_raw, sample *sm)
{
    const baseline *b = &s->b;
    sm->head = head;
    s->head_f = tc_one_euro_apply(&s->f_head, t_us, 1.0, head);
    if (isfinite(trunk_raw))
        sm->trunk = tc_one_euro_apply(&s->f_trunk, t_us, 1.0, trunk_raw);
    sm->act = over_trunk(s, head, trunk_raw);
    s->act_f = over_trunk(s, s->head_f, sm->trunk);
    if (isfinite(shy_raw))
        sm->shy = tc_one_euro_apply(&s->f_shy, t_us, 1.0, shy_raw);
    if (f->hp_ok && b->hp_ok) {
        const double pitch = pitch_over_trunk(s, f, trunk_raw);
        sm->pitch = tc_one_euro_apply(&s->f_pitch, t_us, 1.0, pitch);
        sm->yaw = tc_one_euro_apply(&s->f_yaw, t_us, 1.0, f->yaw - b->yaw);
        sm->roll = tc_one_euro_apply(&s->f_roll, t_us, 1.0, f->roll - b->roll);
        /* A nod (chin down) counts as movement too, so a rep done as a
         * nod is found and named rather than missed: twice the nodding
         * tolerance reads as the full range. */
        sm->act = fmax(sm->act, s->range * pitch / (2.0 * s->p.nodding_deg));
        s->act_f = fmax(s->act_f, s->range * sm->pitch / (2.0 * s->p.nodding_deg));
    }
}

/* Side view, the tracker's trunk value v: the median of it and the two
 * before, so one frame of a bad fit does not move the head over the trunk
 * (a single 15 px glitch between two reps lost the second). */
static double side_trunk_median(tc_scorer *s, double v)
{
    double *h = s->side_tr;
    h[s->side_tr_n++ % 3] = v;
    if (s->side_tr_n < 3)
        return v;
    return fmax(fmin(h[0], h[1]), fmin(fmax(h[0], h[1]), h[2]));
}

/* Side view: the trunk's travel on frame f measured on a key frame the
 * tracker took after the neutral's (it takes one after 1.5 s without a
 * fit: a hand over the chest), from the travel of the last frame on the
 * key before, held across the gap; NAN when there is none. Without it
 * every frame after a new key went unscored, and 3 s later the neutral
 * was set again - in the tuck, if it came in a hold. */
static double rekeyed_trunk(tc_scorer *s, const feat *f)
{
    const baseline *b = &s->b;
    if (!f->tr_ok || f->tr_key == b->tr_key || !isfinite(f->tr_x) || s->side_tr_n == 0)
        return NAN;
    if (f->tr_key != s->rekey) {
        s->rekey = f->tr_key;
        s->rekey_x = f->tr_x;
        s->rekey_at = s->side_tr[(s->side_tr_n - 1) % 3];
    }
    return s->rekey_at + tc_scorer__side_centre_travel(b, f->tr_x, s->rekey_x);
}

/* Side view, valid frame f's head and trunk travel (*head, *trunk_raw:
 * travel()'s, the trunk kept for the lean rule however steady) as the
 * scorer takes them, and its posture proxies into m; 0 when the frame
 * cannot be scored. Once the neutral has the tracker a frame needs it:
 * the pose shoulder in its place let a lean through as three reps. */
static int side_frame(tc_scorer *s, int64_t t_us, const feat *f, double *head,
                      double *trunk_raw, tc_metrics *m)
{
    int drift = 0;   /* the pose shoulder is off the trunk (side_head) */
    if (s->b.tr_ok) {
        if (!isfinite(*trunk_raw))
            *trunk_raw = rekeyed_trunk(s, f);
        if (!isfinite(*trunk_raw))
            return 0;
        *trunk_raw = side_trunk_median(s, *trunk_raw);
    }
    if (isfinite(*head))
        *head = side_head(s, t_us, *head, *trunk_raw, &drift);
    /* the proxies' base is that shoulder: where it drifted off the
     * trunk they are not measured (shrug_side: it slid 64 px towards the
     * face over the still hold, the CVA with it from 7 to 21 deg) */
    if (!drift)
        side_posture(s, f, m);
    return 1;
}

/* Frame f at t_us (dt after the previous frame) as a sample: into *sm and
 * the ring; the side view's posture values go to *m. */
void tc_scorer__sample(tc_scorer *s, int64_t t_us, const feat *f, double dt,
                       sample *sm, tc_metrics *m)
{
    const tc_view view = s->sess.view;
    int valid = tc_scorer__feat_valid(s, f, view);
    double head = NAN, trunk_raw = NAN, shy_raw = NAN;
    if (valid) {
        s->last_seen_t = t_us;
        tc_scorer__travel(&s->b, view, f, &head, &trunk_raw, &shy_raw);
        if (view == TC_VIEW_SIDE)
            valid = side_frame(s, t_us, f, &head, &trunk_raw, m);
        else if (!s->sess.trunk_tracked)
            trunk_raw = NAN;
        if (!s->sess.shoulders_tracked)
            shy_raw = NAN;
    }

    memset(sm, 0, sizeof *sm);
    sm->t_us = t_us;
    sm->valid = valid && isfinite(head);
    sm->trunk = sm->shy = sm->pitch = sm->yaw = sm->roll = NAN;
    sm->cva = valid && view == TC_VIEW_SIDE ? m->cva_deg : NAN;
    sm->hfwd = valid && view == TC_VIEW_SIDE ? m->head_forward_cm : NAN;
    sm->repeat = f->repeat;
    s->predicting |= f->predicted;
    sm->refresh = s->predicting && !f->predicted;
    if (sm->valid) {
        s->have_valid = 1;
        s->last_valid_t = t_us;
        s->sess.frames_valid++;
        filter_frame(s, t_us, f, head, trunk_raw, shy_raw, sm);
    } else if (dt > 0) {
        s->sess.lost_s += dt;
    }
    *tc_scorer__at(s, s->nsamples) = *sm;
    s->nsamples++;
}

/* The filtered metrics of valid sample sm into m (after the state
 * machine: the gauge uses the range a closed rep may have updated). */
void tc_scorer__frame_metrics(const tc_scorer *s, const sample *sm, tc_metrics *m)
{
    m->retraction_mm = s->head_f;
    m->retraction_raw_mm = sm->head;
    m->trunk_mm = sm->trunk;
    m->shoulder_elevation = sm->shy;
    m->pitch_deg = sm->pitch;
    m->yaw_deg = sm->yaw;
    m->roll_deg = sm->roll;
    m->gauge = s->range > 0 ? fmax(0.0, s->head_f / s->range) : NAN;
}
