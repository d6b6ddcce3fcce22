/* formats/depth_text.c — what a session's depth figures mean, for people
 * (the text table and the HTML report say the same words): which camera
 * model gave the millimetres and how far they can be trusted, and what
 * the share of the range is a share of (docs/depth.md). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/scorer.h"
#include "core/util.h"
#include "formats_impl.h"

size_t tc_formats__camera_text(const tc_session *ses, char *out, size_t cap)
{
    char why[96];
    switch (ses->camera) {
    case TC_CAMERA_DISTANCE:
        tc__fmt(why, sizeof why, "the stated %.0f cm camera distance", ses->camera_distance_cm);
        break;
    case TC_CAMERA_HFOV:
        tc__fmt(why, sizeof why, "the stated %.0f-degree field of view and an average "
                "face width", ses->camera_hfov_deg);
        break;
    case TC_CAMERA_UNUSED:
        tc__fmt(why, sizeof why, "the face's size (side view)");
        break;
    default:
        tc__fmt(why, sizeof why, "an assumed %.0f-degree field of view (none stated) and an "
                "average face width", ses->camera_hfov_deg);
    }
    if (!isfinite(ses->depth_scale_lo) || !isfinite(ses->depth_scale_hi)) {
        out[0] = '\0';
        return 0;
    }
    tc__fmt(out, cap, "mm from %s: the true depth is %.2f-%.2f times the figure%s", why,
            ses->depth_scale_lo, ses->depth_scale_hi,
            ses->camera == TC_CAMERA_ASSUMED
                ? " (state [camera] hfov_deg or distance_cm in the profile to narrow it)" : "");
    return strlen(out);
}

size_t tc_formats__range_text(const tc_session *ses, char *out, size_t cap)
{
    switch (ses->range_source) {
    case TC_RANGE_REPS:
        tc__fmt(out, cap, "share of the person's range, %.0f mm, learned from %d rep%s",
                ses->range_mm, ses->range_reps, ses->range_reps == 1 ? "" : "s");
        break;
    case TC_RANGE_PROFILE:
        tc__fmt(out, cap, "share of the profile's range_mm, %.0f mm (as uncertain as the mm)",
                ses->range_mm);
        break;
    default:
        tc__fmt(out, cap, "share of the starting guess of %.0f mm (no rep has taught the "
                "person's range yet; as uncertain as the mm)", ses->range_mm);
    }
    return strlen(out);
}

/* The range a rep's share was taken against, in words. */
static const char *range_words(tc_range_source src)
{
    switch (src) {
    case TC_RANGE_REPS:    return "the range learned so far";
    case TC_RANGE_PROFILE: return "the profile's range_mm";
    default:               return "the starting guess";
    }
}

size_t tc_formats__range_history(const tc_session *ses, const tc_rep *r, size_t n,
                                 char *out, size_t cap)
{
    size_t len = 0, shown = 0, earlier = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (fabs(r[i].range_mm - ses->range_mm) < 0.5 && r[i].range_source == ses->range_source)
            continue;
        if (earlier++ >= 6 || len + 1 >= cap)
            continue;
        len += (size_t)snprintf(out + len, cap - len, "%srep %d of %.0f mm (%s)",
                                shown++ ? ", " : "", r[i].index, r[i].range_mm,
                                range_words(r[i].range_source));
    }
    if (earlier > shown && len + 1 < cap)
        len += (size_t)snprintf(out + len, cap - len, " and %zu more", earlier - shown);
    return len < cap ? len : cap - 1;
}
