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

/* One marked rep's clause into out (cap bytes): its short durations to two
 * decimals (the table rounds to one) and why they were not judged short;
 * after a "; " unless it is the first. Returns snprintf's length. */
static size_t rep_clause(const tc_rep *r, unsigned q, int first, char *out, size_t cap)
{
    char d[96] = "";
    size_t k = 0;
    if (q & TC_UNJUDGED_RETRACT)
        k += (size_t)snprintf(d + k, sizeof d - k, "retract %.2f s", r->retract_s);
    if ((q & TC_UNJUDGED_HOLD) && k < sizeof d)
        k += (size_t)snprintf(d + k, sizeof d - k, "%shold %.2f s", k ? ", " : "", r->hold_s);
    if ((q & TC_UNJUDGED_RETURN) && k < sizeof d)
        snprintf(d + k, sizeof d - k, "%sreturn %.2f s", k ? ", " : "", r->return_s);
    if (r->timing_hidden_s >= 0.1)
        return (size_t)snprintf(out, cap, "%srep %d (%s) may have lasted up to %.1f s "
                                "longer, unseen: the video's picture stood still, then caught "
                                "up (heavy compression)", first ? "" : "; ", r->index, d,
                                r->timing_hidden_s);
    return (size_t)snprintf(out, cap, "%srep %d (%s) is within the timing's uncertainty "
                            "(SD %.2f s)", first ? "" : "; ", r->index, d, r->timing_sd_s);
}

size_t tc_formats__unjudged_text(const tc_profile *p, const tc_rep *r, size_t n,
                                 char *out, size_t cap)
{
    size_t len, marked = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        marked += tc_formats__unjudged(p, &r[i]) != 0;
    if (!marked)
        return 0;
    len = (size_t)snprintf(out, cap, "? shorter than the profile asks (retract %.1f s, hold "
                           "%.1f s less its %.1f s tolerance, return %.1f s) but not judged "
                           "so: ", p->min_retract_s, p->hold_s, p->hold_tolerance_s,
                           p->min_return_s);
    for (size_t i = 0, shown = 0; i < n && len + 1 < cap; i++) {
        unsigned q = tc_formats__unjudged(p, &r[i]);
        if (!q)
            continue;
        if (shown++ == 4) {
            len += (size_t)snprintf(out + len, cap - len, "; and %zu more rep%s", marked - 4,
                                    marked - 4 == 1 ? "" : "s");
            break;
        }
        len += rep_clause(&r[i], q, shown == 1, out + len, cap - len);
    }
    return len < cap ? len : cap - 1;
}
