/* formats/timing_text.c — what a rep's phase times mean, for people (the
 * text table and the HTML report say the same words): a duration shorter
 * than the profile asks that the scorer did not judge so, and why — the
 * video showed the movement late (its picture stood still, then caught
 * up: heavy compression), or the time is within its measurement's
 * uncertainty (core/faults.c, tempo_faults). Without the mark a 0.1 s
 * retract scored 100 read as a contradiction. */
#include <math.h>
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

/* One marked rep's clauses into out (cap bytes), after a "; " unless it
 * is the first: its short durations to two decimals (the table rounds to
 * one) and why each was not judged short. A retract or hold the video
 * showed late may have lasted longer by the retract's unseen time (a
 * retract that ran unseen reached the hold that much sooner: what
 * too_fast and short_hold allowed), a return by the return's; "up to X s"
 * is said once when it is the same for all, else for each. The rest are
 * within the timing's SD. Returns the length written (< cap). */
static size_t rep_clause(const tc_rep *r, unsigned q, int first, char *out, size_t cap)
{
    static const unsigned bit[3] = { TC_UNJUDGED_RETRACT, TC_UNJUDGED_HOLD, TC_UNJUDGED_RETURN };
    static const char *const name[3] = { "retract", "hold", "return" };
    const double dur[3] = { r->retract_s, r->hold_s, r->return_s };
    const double hid[3] = { r->hidden_retract_s, r->hidden_retract_s, r->hidden_return_s };
    char seen[96] = "", unseen[160] = "", up[48] = "";
    double up_s = -1;
    int mixed = 0;
    if (!cap)
        return 0;
    out[0] = '\0';
    for (int k = 0; k < 3; k++)
        if ((q & bit[k]) && hid[k] >= 0.1) {
            mixed |= up_s >= 0 && fabs(up_s - hid[k]) >= 0.05;
            up_s = up_s < 0 ? hid[k] : up_s;
        }
    for (int k = 0; k < 3; k++) {
        if (!(q & bit[k]))
            continue;
        char *d = hid[k] >= 0.1 ? unseen : seen;
        size_t cd = hid[k] >= 0.1 ? sizeof unseen : sizeof seen, l = strlen(d);
        if (mixed && d == unseen)
            tc__fmt(d + l, cd - l, "%s%s %.2f s, up to %.1f s longer", l ? "; " : "", name[k],
                    dur[k], hid[k]);
        else
            tc__fmt(d + l, cd - l, "%s%s %.2f s", l ? ", " : "", name[k], dur[k]);
    }
    if (!mixed && up_s >= 0)
        tc__fmt(up, sizeof up, " up to %.1f s", up_s);
    if (unseen[0])
        tc__fmt(out, cap, "%srep %d (%s) may have lasted%s longer, unseen: the video's picture "
                "stood still, then caught up (heavy compression)", first ? "" : "; ", r->index,
                unseen, up);
    size_t len = strlen(out);
    if (seen[0] && len + 1 < cap)
        tc__fmt(out + len, cap - len, "%srep %d (%s) is within the timing's uncertainty "
                "(SD %.2f s)", first && !unseen[0] ? "" : "; ", r->index, seen, r->timing_sd_s);
    return strlen(out);
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
