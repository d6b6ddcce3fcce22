/* core/depth.c — how far the front view's millimetres can be trusted, and
 * depth as a share of the person's own range (docs/depth.md): the camera
 * model the profile states ([camera] distance_cm, hfov_deg, or neither:
 * a typical webcam assumed) and the interval of the true scale it leaves;
 * each rep's share, the range it was taken against and its mm interval;
 * and whether a rep is shallow, judged on the share and on the mm, each
 * at the top of its uncertainty. */
#include "core/scorer_impl.h"

#include <math.h>

/* Adult face breadth about the canonical mesh's (scaled by the IPD): two
 * SD of bizygomatic breadth are some 9-10 % of it (ANSUR II). */
#define FACE_WIDTH_SPREAD  0.10
/* A stated field of view: within 3 degrees (a spec sheet's, rounded). */
#define HFOV_STATED_DEG    3.0
/* A stated distance: within 3 cm (a tape from the lens to the eyes). */
#define DISTANCE_STATED_MM 30.0
/* The canonical face mesh's vertices 234 and 454 (the width) lie 59.0 mm
 * behind its eye corners (33, 133, 362, 263) at a 63 mm IPD: the plane
 * whose distance the width gives, behind the eyes a tape measures to. */
#define EYE_TO_WIDTH_MM    59.0

const char *tc_range_source_name(tc_range_source r)
{
    switch (r) {
    case TC_RANGE_PROFILE: return "profile";
    case TC_RANGE_REPS:    return "reps";
    default:               return "default";
    }
}

void tc_scorer__depth_init(tc_scorer *s)
{
    tc_session *ses = &s->sess;
    ses->camera = tc_profile_camera(&s->p);
    ses->camera_hfov_deg = ses->camera_distance_cm = NAN;
    ses->depth_scale_lo = ses->depth_scale_hi = NAN;
    ses->range_source = s->p.range_mm > 0 ? TC_RANGE_PROFILE : TC_RANGE_DEFAULT;
    ses->range_reps = 0;
}

static double tan_half(double deg)
{
    return tan(0.5 * deg * M_PI / 180.0);
}

/* The session's scale interval from [lo, hi], and the old single figure. */
static void set_interval(tc_session *ses, double lo, double hi)
{
    ses->depth_scale_lo = lo;
    ses->depth_scale_hi = hi;
    ses->scale_uncertainty_pct = 100.0 * fmax(hi - 1.0, 1.0 - lo);
}

double tc_scorer__front_camera(tc_scorer *s, double face_w)
{
    const tc_profile *p = &s->p;
    const double ipd_scale = p->ipd_mm / TC_CANONICAL_IPD_MM;
    tc_session *ses = &s->sess;
    ses->camera = tc_profile_camera(p);
    ses->camera_hfov_deg = ses->camera_distance_cm = NAN;
    if (ses->camera == TC_CAMERA_DISTANCE) {
        /* the plane of the width is behind the eyes; the pinhole gives the
         * travel from that plane's distance alone: no f, no face width */
        double z0 = 10.0 * p->distance_cm + EYE_TO_WIDTH_MM * ipd_scale;
        ses->camera_distance_cm = p->distance_cm;
        ses->scale_source = "face-mesh width, pinhole model, stated distance";
        set_interval(ses, 1.0 - DISTANCE_STATED_MM / z0, 1.0 + DISTANCE_STATED_MM / z0);
        return z0;
    }
    /* true mm / reported mm = f_true / f_used = tan(h_used/2) / tan(h_true/2),
     * times the face's true width over the assumed one */
    const double h = tc_profile_hfov(p);
    const int stated = ses->camera == TC_CAMERA_HFOV;
    const double hlo = stated ? h - HFOV_STATED_DEG : TC_HFOV_TYPICAL_LO;
    const double hhi = stated ? h + HFOV_STATED_DEG : TC_HFOV_TYPICAL_HI;
    ses->camera_hfov_deg = h;
    ses->scale_source = stated ? "face-mesh width, pinhole model, stated field of view"
                               : "face-mesh width, pinhole model, assumed field of view";
    set_interval(ses, tan_half(h) / tan_half(hhi) * (1.0 - FACE_WIDTH_SPREAD),
                 tan_half(h) / tan_half(hlo) * (1.0 + FACE_WIDTH_SPREAD));
    return s->f_px * TC_CANONICAL_FACE_WIDTH_MM * ipd_scale / face_w;
}

void tc_scorer__side_camera(tc_scorer *s)
{
    tc_session *ses = &s->sess;
    double u = ses->scale_uncertainty_pct / 100.0;
    ses->camera = TC_CAMERA_UNUSED;
    ses->camera_hfov_deg = ses->camera_distance_cm = NAN;
    set_interval(ses, 1.0 - u, 1.0 + u);
}

void tc_scorer__depth_share(const tc_scorer *s, tc_rep *r)
{
    const double d = fmax(r->depth_mm, 0.0);  /* a depth under 0 is reported as 0 */
    r->range_mm = s->range;
    r->range_source = s->sess.range_source;
    r->depth_fraction = s->range > 0 ? d / s->range : NAN;
    r->depth_lo_mm = d * s->sess.depth_scale_lo;
    r->depth_hi_mm = d * s->sess.depth_scale_hi;
}

int tc_scorer__shallow(const tc_scorer *s, const tc_rep *r, double *weight)
{
    const tc_profile *p = &s->p;
    /* a share of a range learned from the person's own reps is free of the
     * camera's scale (both are in the same mm); of the default or the
     * profile's range, in mm, it is as uncertain as the mm */
    double share = r->depth_fraction *
                   (r->range_source == TC_RANGE_REPS ? 1.0 : s->sess.depth_scale_hi);
    double under = 0;
    /* a range from a single rep is as uncertain as that rep (the same 20 mm
     * glide read 27 and 15 mm on good_side_near): its share is judged from
     * the second rep that taught the range on, the mm alone before */
    const int one_rep = r->range_source == TC_RANGE_REPS && s->sess.range_reps < 2;
    if (p->shallow_fraction > 0 && share < p->shallow_fraction && !one_rep)
        under = 1.0 - share / p->shallow_fraction;
    if (p->min_depth_mm > 0 && r->depth_hi_mm < p->min_depth_mm)
        under = fmax(under, 1.0 - r->depth_hi_mm / p->min_depth_mm);
    *weight = fmax(0.3, under);
    return under > 0;
}
