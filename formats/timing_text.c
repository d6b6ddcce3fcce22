/* formats/timing_text.c — what a rep's phase times mean, for people (the
 * text table and the HTML report say the same words): a duration shorter
 * than the profile asks that the scorer did not judge so, and why — the
 * video showed the movement late (its picture stood still, then caught
 * up: heavy compression), or the time is within its measurement's
 * uncertainty (core/faults.c, tempo_faults). Without the mark a 0.1 s
 * retract scored 100 read as a contradiction. */
#include <stdio.h>
#include <string.h>

#include "core/scorer.h"
#include "core/util.h"
#include "formats_impl.h"

unsigned tc_formats__unjudged(const tc_profile *p, const tc_rep *r)
{
    const int fast = (r->faults >> TC_FAULT_TOO_FAST) & 1;
    const int held = (r->faults >> TC_FAULT_SHORT_HOLD) & 1;
    unsigned m = 0;
    if (r->partial)
        return 0;
    if (!fast && r->retract_s < p->min_retract_s)
        m |= TC_UNJUDGED_RETRACT;
    if (!held && r->hold_s < p->hold_s - p->hold_tolerance_s)
        m |= TC_UNJUDGED_HOLD;
    if (!fast && r->return_s < p->min_return_s)
        m |= TC_UNJUDGED_RETURN;
    return m;
}

size_t tc_formats__unjudged_text(const tc_profile *p, const tc_rep *r, size_t n,
                                 char *out, size_t cap)
{
    double hidden = 0, sd = 0;
    int marked = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        if (tc_formats__unjudged(p, &r[i])) {
            marked++;
            hidden = r[i].timing_hidden_s > hidden ? r[i].timing_hidden_s : hidden;
            sd = r[i].timing_sd_s > sd ? r[i].timing_sd_s : sd;
        }
    if (!marked)
        return 0;
    if (hidden >= 0.1)
        tc__fmt(out, cap, "? shorter than the profile asks (retract %.1f s, hold %.1f s, return "
                "%.1f s) but not judged so: the video's picture stood still, then caught up "
                "(heavy compression), so the movement may have lasted up to %.1f s longer "
                "than it shows", p->min_retract_s, p->hold_s - p->hold_tolerance_s,
                p->min_return_s, hidden);
    else
        tc__fmt(out, cap, "? shorter than the profile asks (retract %.1f s, hold %.1f s, return "
                "%.1f s) but not judged so: within the timing's uncertainty (SD %.2f s)",
                p->min_retract_s, p->hold_s - p->hold_tolerance_s, p->min_return_s, sd);
    return strlen(out);
}
