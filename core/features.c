/* core/features.c — what one observation gives the scorer: its features
 * (ears, nose, shoulders, face size, head pose), the view the frame looks
 * like, whether it has what a view needs, its travel against the neutral
 * posture, and whether the form at a moment is good. */
#include "core/scorer_impl.h"

#include <math.h>
#include <string.h>

/* Is pose point p beyond the frame (the model guesses where it would be)? */
static int out_of_frame(const tc_obs_point *p, int width, int height)
{
    return width > 0 && height > 0 &&
           (p->x < 0 || p->y < 0 || p->x > (float)width - 1 || p->y > (float)height - 1);
}

void tc_scorer__features(const tc_obs *o, int width, int height, feat *f)
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
        f->sh_out = out_of_frame(l, width, height) || out_of_frame(r, width, height);
        if (wl + wr >= 0.6 && wl >= 0 && wr >= 0) {
            f->sh_ok = 1;
            f->sh_x = (l->x * wl + r->x * wr) / (wl + wr);
            f->sh_y = (l->y * wl + r->y * wr) / (wl + wr);
            f->sh_w = sqrt(tc_scorer__sq(l->x - r->x) + tc_scorer__sq(l->y - r->y));
        }
    }
    f->face_ok = o->has_face && o->face_width > 1 && o->face_height > 1 &&
                 isfinite(o->face_width) && isfinite(o->face_height);
    f->face_w = o->face_width;
    f->face_h = o->face_height;
    f->hp_ok = o->has_head_pose && isfinite(o->pitch) && isfinite(o->yaw) &&
               isfinite(o->roll);
    f->repeat = o->predicted && o->face_change >= 0 && o->face_change < TC_REPEAT_CHANGE;
    f->predicted = o->predicted != 0;
    f->pitch = o->pitch;
    f->yaw = o->yaw;
    f->roll = o->roll;
    f->tr_ok = o->has_trunk && isfinite(o->trunk_scale) && o->trunk_scale > 0;
    f->tr_key = o->trunk_key;
    f->tr_scale = o->trunk_scale;
    f->tr_shrug = isfinite(o->trunk_shrug) ? o->trunk_shrug : NAN;
    f->tr_x = o->trunk_x;
    f->tr_y = o->trunk_y;
}

/* Which view this frame looks like: +1 side, -1 front, 0 cannot tell. */
int tc_scorer__view_vote(const feat *f)
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

/* Does frame f have what `view` needs? A side session calibrated on a
 * profile takes only profile frames: where observe.c's profile test failed
 * (the far ear seen too) the ear is the pose's own, 10 px ahead of the
 * tragus, and the far shoulder joins the trunk
 * (shrug_side: the test flickered from 7 s, 58 frames). */
int tc_scorer__feat_valid(const tc_scorer *s, const feat *f, tc_view view)
{
    if (view == TC_VIEW_SIDE) {
        const int e = side_ear(s, f);
        const int far_seen = s->sess.calibrated && s->b.profile && f->ear_ok[!e];
        return f->pose_ok && f->ear_ok[e] && f->sh_ok && !far_seen;
    }
    return f->face_ok;
}

/* The tracker's shoulder tops' rise since the neutral, key px; NAN when
 * this frame has none on the neutral's key frame. */
static double tracker_rise(const baseline *b, const feat *f)
{
    return f->tr_ok && f->tr_key == b->tr_key && isfinite(f->tr_shrug) &&
                   isfinite(b->tr_shrug)
               ? f->tr_shrug - b->tr_shrug
               : NAN;
}

/* The trunk tracker's (the front view's only: try_calibrate): the chest's
 * travel back (pinhole, the chest BODY_DEPTH_MM behind the face) and the
 * shoulder tops' rise as a share of the shoulders' width; NAN when this
 * frame has no measure on the neutral's key frame. */
static void tracker_trunk(const baseline *b, const feat *f, double *trunk, double *shy)
{
    if (!f->tr_ok || f->tr_key != b->tr_key)
        return;
    *trunk = (b->z0 + BODY_DEPTH_MM) * (b->tr_scale / f->tr_scale - 1.0);
    if (b->sh_ok && b->sh_w > 1)
        *shy = tracker_rise(b, f) / b->sh_w;
}

/* Side view: the shoulders' rise as a share of the nominal width. The
 * trunk tracker's, when the neutral has it: the outline of the shoulder
 * and upper back against what is behind them, its rise beyond the chest
 * (vision/trunk.cpp, back_edges), NAN on a frame without it on the
 * neutral's key frame; else the pose shoulder's height, which on a
 * profile flips by +-6 px between still frames (a dark coat): too noisy
 * to judge a shrug (calibration.c). */
static double side_shrug(const baseline *b, const feat *f)
{
    const double k = b->mm_per_px / SHOULDER_WIDTH_MM;
    if (isfinite(b->tr_shrug))
        return tracker_rise(b, f) * k;
    return f->sh_ok && b->sh_ok ? (b->sh_y - f->sh_y) * k : NAN;
}

/* Side view: the pose shoulder's travel back since neutral b, mm (NAN:
 * the frame or the neutral has no shoulder). */
static double side_shoulder(const baseline *b, const feat *f)
{
    return f->sh_ok && b->sh_ok ? -(f->sh_x - b->sh_x) * b->facing * b->mm_per_px : NAN;
}

double tc_scorer__side_centre_share(const baseline *b)
{
    const double below = (b->tr_y - b->sh_y) * b->mm_per_px;
    if (!isfinite(below) || below < -0.3 * SIDE_HIP_MM || below > 0.6 * SIDE_HIP_MM)
        return NAN;
    return (SIDE_HIP_MM - below) / SIDE_HIP_MM;
}

double tc_scorer__side_centre_travel(const baseline *b, double x, double x0)
{
    return -(x - x0) * b->facing * b->mm_per_px / tc_scorer__side_centre_share(b);
}

/* Side view: the trunk's travel back at the shoulder, mm. The trunk
 * tracker's when the neutral has it: its chest centre's travel along the
 * facing direction over the share of the shoulder's a lean about the hips
 * gives it (tc_scorer__side_centre_share), NAN on a frame not measured on
 * the neutral's key frame; else the pose shoulder's. */
static double side_trunk(const baseline *b, const feat *f)
{
    if (!b->tr_ok)
        return side_shoulder(b, f);
    if (!f->tr_ok || f->tr_key != b->tr_key || !isfinite(f->tr_x))
        return NAN;
    return tc_scorer__side_centre_travel(b, f->tr_x, b->tr_x);
}

/* Against neutral b in `view`: head travel back (mm), trunk travel back
 * (mm) and shoulder rise (share of shoulder width) of frame f; NAN where
 * the frame lacks what a value needs. */
void tc_scorer__travel(const baseline *b, tc_view view, const feat *f,
                       double *head, double *trunk, double *shy)
{
    *head = *trunk = *shy = NAN;
    if (view == TC_VIEW_SIDE) {
        if (f->pose_ok && f->ear_ok[b->ear])
            *head = -(f->ear_x[b->ear] - b->ear_x) * b->facing * b->mm_per_px;
        *trunk = side_trunk(b, f);
        *shy = side_shrug(b, f);
    } else {
        if (f->face_ok)
            *head = b->z0 * (b->face_w / f->face_w - 1.0);
        if (b->tr_ok) {
            tracker_trunk(b, f, trunk, shy);
        } else if (f->sh_ok && b->sh_ok && f->sh_w > 1) {
            *trunk = b->z0 * (b->sh_w / f->sh_w - 1.0);
            *shy = (b->sh_y - f->sh_y) / b->sh_w;
        }
    }
}

/* Good form at a moment: chin-down pitch, yaw, roll (and, where given,
 * shoulder rise) within the profile's tolerances; NAN values pass. */
int tc_scorer__form_ok(const tc_profile *p, double pitch, double yaw, double roll, double shy)
{
    return !(isfinite(pitch) && pitch > p->nodding_deg) &&
           !(isfinite(yaw) && fabs(yaw) > p->rotation_deg) &&
           !(isfinite(roll) && fabs(roll) > p->rotation_deg) &&
           !(isfinite(shy) && shy > p->shrug_fraction);
}
