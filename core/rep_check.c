/* core/rep_check.c — the invariants every rep must hold (tc_rep_check):
 * times in order, durations their differences, depth within a chin tuck's
 * reach, score 0..100. Used by the unit tests, fuzz_trace and eval, so a
 * rep that breaks one is found as the bug it is, never clamped away. */
#include "core/scorer.h"

#include <math.h>

#include "core/util.h"

/* The broken invariant in words (tc__fmt: `why` may be NULL), and -1. */
#define BROKEN(...) (tc__fmt(why, cap, __VA_ARGS__), -1)

/* Every value the rep reports is a number (the score may be NAN: partial). */
static int all_finite(const tc_rep *r)
{
    const double v[] = {
        r->start_s, r->hold_start_s, r->return_start_s, r->end_s, r->peak_s, r->retract_s,
        r->hold_s, r->hold_good_s, r->return_s, r->depth_mm, r->head_travel_mm, r->lost_s,
        r->timing_sd_s, r->hidden_retract_s, r->hidden_return_s,
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

/* Times in order and the durations their differences (to a microsecond:
 * the times are rounded to one). */
static int check_times(const tc_rep *r, char *why, size_t cap)
{
    const double eps = 2e-6;
    if (!(r->start_s < r->hold_start_s))
        return BROKEN("start %.6f is not before the hold's %.6f", r->start_s,
                      r->hold_start_s);
    if (!(r->hold_start_s <= r->return_start_s))
        return BROKEN("hold start %.6f after the return's %.6f", r->hold_start_s,
                      r->return_start_s);
    if (r->partial ? !(r->return_start_s <= r->end_s) : !(r->return_start_s < r->end_s))
        return BROKEN("return start %.6f not before the end %.6f",
                      r->return_start_s, r->end_s);
    if (!(r->retract_s > 0) || r->hold_s < 0 || (r->partial ? r->return_s < 0 : !(r->return_s > 0)))
        return BROKEN("durations retract %.3f hold %.3f return %.3f", r->retract_s,
                      r->hold_s, r->return_s);
    if (fabs(r->retract_s - (r->hold_start_s - r->start_s)) > eps ||
        fabs(r->hold_s - (r->return_start_s - r->hold_start_s)) > eps ||
        fabs(r->return_s - (r->end_s - r->return_start_s)) > eps)
        return BROKEN("durations are not the differences of the times");
    if (r->hold_good_s < 0 || r->hold_good_s > r->hold_s + eps)
        return BROKEN("good-form hold %.3f outside 0..hold %.3f", r->hold_good_s,
                      r->hold_s);
    return 0;
}

int tc_rep_check(const tc_rep *r, char *why, size_t cap)
{
    if (!all_finite(r))
        return BROKEN("rep %d: a value is not a number", r->index);
    if (check_times(r, why, cap) < 0)
        return -1;
    if (r->depth_mm < 0 || r->depth_mm > TC_MAX_TUCK_MM)
        return BROKEN("depth %.1f mm outside 0..%.0f", r->depth_mm, TC_MAX_TUCK_MM);
    if (r->head_travel_mm > TC_MAX_TUCK_MM)
        return BROKEN("head travel %.1f mm over %.0f", r->head_travel_mm,
                      TC_MAX_TUCK_MM);
    if (r->timing_sd_s < 0 || r->hidden_retract_s < 0 || r->hidden_return_s < 0)
        return BROKEN("timing uncertainty %.3f s, hidden retract %.3f s, return %.3f s",
                      r->timing_sd_s, r->hidden_retract_s, r->hidden_return_s);
    if (r->lost_s < 0 || r->submovements < 1 || r->index < 1)
        return BROKEN("lost %.3f s, %d sub-movements, index %d", r->lost_s,
                      r->submovements, r->index);
    if (r->partial ? !isnan(r->score) : !(r->score >= 0 && r->score <= 100))
        return BROKEN("score %.3f (partial %d)", r->score, r->partial);
    if ((r->faults >> TC_FAULT_COUNT) || r->worst < -1 || r->worst >= TC_FAULT_COUNT ||
        (r->worst >= 0 && !(r->faults & (1u << r->worst))))
        return BROKEN("faults 0x%x, worst %d", r->faults, r->worst);
    return 0;
}
