/* core/rep_timing.c — when a rep's movements happened: its peak and
 * plateau levels, each glide's start and duration from a least-squares
 * minimum-jerk fit to the raw samples (pause boundaries for a stop-and-go,
 * found by counting sub-movements), the uncertainty of those durations,
 * and the rep's phase times. */
#include "core/scorer_impl.h"

#include <math.h>

/* Median of act_smooth over entries [a, z) among those above (side > 0)
 * or below (side < 0) `mid`; `mid` itself if there are none. */
static double plateau(rep_window *w, size_t a, size_t z, double mid, int side)
{
    const double *ds = w->act_smooth;
    size_t m = 0;
    for (size_t i = a; i < z; i++)
        if (side > 0 ? ds[i] > mid : ds[i] < mid)
            w->scratch[m++] = ds[i];
    return m ? tc_scorer__quantile(w->scratch, m, 0.5) : mid;
}

/* act_smooth's crossing of `level` from entry i0 in direction dir. */
static double cross(const rep_window *w, size_t i0, int dir, double level)
{
    return tc_scorer__cross_time(w->t, w->act_smooth, w->n, i0, dir, level, w->sustain);
}

/* act_smooth's crossing of `level` nearest to entry i0 of a movement. */
static double cross_near(const rep_window *w, size_t i0, int rising, double level)
{
    return tc_scorer__cross_near(w->t, w->act_smooth, w->n, i0, rising, level, w->sustain);
}

static size_t index_at(const rep_window *w, double tt)
{
    return tc_scorer__index_at(w->t, w->n, tt);
}

/* The size of the step into entry i (1 <= i < n) if it is a catch-up, 0
 * if not: a jump of the raw activity by STEP_SHARE of the movement's
 * amplitude `amp` or more (and STEP_JITTERS median frame steps) in one
 * frame or two (a key frame and the frame after it), over STEP_RATIO times
 * the steps beside it. A video
 * encoder that leaves a slow change uncoded (a tuck seen from the front is
 * a slight zoom of the face, which block motion cannot follow) shows the
 * frames it skipped as frozen, then the whole change at once at the next
 * key frame; a head cannot move that way, and a glide spreads over many
 * frames (a 0.4 s one at 15 fps moves at most 31 % of its amplitude in a
 * frame, 53 % in two, and its neighbours over 40 % of that). */
static double catch_up(const rep_window *w, size_t i, double amp)
{
    const double *x = w->act;
    const double min_jump = fmax(STEP_SHARE * amp, STEP_JITTERS * w->step_jitter);
    if (i < 1 || i >= w->n)
        return 0;
    const double before = i >= 2 ? fabs(x[i - 1] - x[i - 2]) : 0;
    for (size_t span = 1; span <= 2 && i + span - 1 < w->n; span++) {
        const size_t last = i + span - 1;
        const double j = fabs(x[last] - x[i - 1]);
        const double after = last + 1 < w->n ? fabs(x[last + 1] - x[last]) : 0;
        if (j >= min_jump && j > STEP_RATIO * fmax(before, after))
            return j;
    }
    return 0;
}

/* The frozen time before a catch-up step of size `jump` into entry i: back
 * from i - 1 while the activity stays within a third of the step of its
 * value there (the video showed next to nothing of what the step then
 * caught up), s. */
static double stall_before(const rep_window *w, size_t i, double jump)
{
    size_t k = i - 1;
    while (k > 0 && fabs(w->act[k - 1] - w->act[i - 1]) < jump / 3)
        k--;
    return w->t[i] - w->t[k];
}

/* A refresh (a whole frame of a video that predicts frames) among the
 * one or two entries a catch-up step into entry i spans. */
static int step_refreshes(const rep_window *w, size_t i)
{
    return w->refresh[i] || (i + 1 < w->n && w->refresh[i + 1]);
}

/* How long a movement of amplitude amp that the video showed from time
 * a + hw (searched from a to z) may have lasted unseen (0 if no catch-up
 * step there), s: the stall before each catch-up step, times the share
 * of the amplitude the step caught up (the head moved that much while
 * the video showed it still); the largest. A step that a whole frame
 * brings (the key frame after P-frames that coded too little of a slow
 * zoom: the face catches up at once, having crept before) says the
 * frames before it showed the movement late all along: it may have run
 * unseen for as long as it was seen before that frame. */
static double stall_within(const rep_window *w, double a, double z, double amp)
{
    double worst = 0;
    size_t i0 = index_at(w, a), i1 = index_at(w, z);
    for (size_t i = i0 > 0 ? i0 : 1; i <= i1 && i < w->n; i++) {
        double jump = catch_up(w, i, amp);
        if (!(jump > 0))
            continue;
        worst = fmax(worst, fmin(jump / amp, 1.0) * stall_before(w, i, jump));
        if (step_refreshes(w, i))
            worst = fmax(worst, w->t[i] - (a + w->hw));
    }
    return worst;
}

/* The retract: the peak, the first entry of its upper half (half-way from
 * the lowest point before the peak), the neutral plateau before it. */
static void retract_half(rep_window *w, rep_shape *sh)
{
    const double *ds = w->act_smooth;
    size_t ipk = 0;
    for (size_t i = 1; i < w->n; i++)
        if (ds[i] > ds[ipk])
            ipk = i;
    double lo_min = ds[ipk];
    for (size_t i = 0; i <= ipk; i++)
        lo_min = fmin(lo_min, ds[i]);
    const double mid0 = 0.5 * (lo_min + ds[ipk]);
    size_t ir = ipk;
    while (ir > 0 && ds[ir - 1] >= mid0)
        ir--;
    sh->ipk = ipk;
    sh->ir = ir;
    sh->lvl0 = plateau(w, 0, ir, mid0, -1);
}

/* The return: the first entry of its lower half, the held plateau before
 * it and the neutral one after it (the one before, if it never returned). */
static void return_half(rep_window *w, rep_shape *sh)
{
    const double *ds = w->act_smooth;
    const size_t n = w->n;
    sh->mid1 = 0.5 * (sh->lvl0 + ds[sh->ipk]);
    size_t id = sh->ipk;
    while (id < n && ds[id] >= sh->mid1)
        id++;
    sh->returned = id < n;
    if (!sh->returned)
        id = n - 1;
    sh->id = id;
    sh->lvl1 = plateau(w, sh->ir, id, sh->mid1, +1);
    if (sh->returned) {
        double end_min = ds[id];
        for (size_t i = id; i < n; i++)
            end_min = fmin(end_min, ds[i]);
        sh->lvl2 = plateau(w, id, n, 0.5 * (end_min + sh->lvl1), -1);
    } else {
        sh->lvl2 = sh->lvl0;
    }
}

/* Peak, and the retract and return movements around it. Plateaus (neutral
 * before, held, neutral after) are medians of the samples on their side of
 * each movement's midpoint. 0 when the window is jitter, not a rep. */
int tc_scorer__rep_shape(rep_window *w, double on, rep_shape *out)
{
    retract_half(w, out);
    return_half(w, out);
    /* Jitter that crossed the threshold is no rep: its own amplitude, with
     * the noise averaged out, stays under half the threshold. */
    if (out->lvl1 - out->lvl0 < 0.5 * on)
        return 0;
    out->amp = fmax(out->lvl1 - out->lvl0, 1e-6);
    out->ramp = fmax(out->lvl1 - out->lvl2, 1e-6);
    return 1;
}

/* The minimum-jerk position at time share u (0..1) of a glide. */
static double min_jerk(double u)
{
    u = fmin(fmax(u, 0.0), 1.0);
    return u * u * u * (10 + u * (-15 + 6 * u));
}

/* Whether the step into entry i (1 <= i < n) is more than a head could
 * make: over its one or two frames more of the amplitude `amp` than a
 * SUBMOVE_MIN_S glide covers at its fastest (the frames centred on its
 * middle). */
static int beyond_a_glide(const rep_window *w, size_t i, double amp)
{
    for (size_t span = 1; span <= 2 && i + span - 1 < w->n; span++) {
        const double j = fabs(w->act[i + span - 1] - w->act[i - 1]);
        const double du = (w->t[i + span - 1] - w->t[i - 1]) / SUBMOVE_MIN_S;
        if (j > amp * (min_jerk(0.5 + 0.5 * du) - min_jerk(0.5 - 0.5 * du)))
            return 1;
    }
    return 0;
}

/* Whether the slow run of entries [a, i) in a movement window ending at
 * entry z is a pause of the head between two sub-movements. It is not
 * when it runs to the window's end or to within two frames of it (the
 * movement arriving, late where the plateau still creeps up: no frames
 * are left for another), nor when a step no head could make begins or
 * ends it (within the smoothing's reach: the video stalled, then caught
 * up). Any catch-up step there also counts in *stalls: the boundaries are
 * then taken where the position leaves and reaches its plateaus. */
static int real_pause(const rep_window *w, size_t a, size_t i, size_t z, double amp,
                      int *stalls)
{
    const double reach = 2 * w->hw + w->frame_dt, tb = w->t[i] + reach;
    int caught_up = 0, impossible = 0;
    for (size_t k = index_at(w, w->t[a] - reach); k < w->n && w->t[k] <= tb; k++)
        if (k >= 1 && catch_up(w, k, amp) > 0) {
            caught_up = 1;
            if ((impossible = beyond_a_glide(w, k, amp)))
                break;
        }
    *stalls += caught_up;
    return i + 3 <= z && !impossible;
}

/* Sub-movements of the movement that runs through entry i0 between the
 * activity levels lo and hi (its 20 % and 80 % points): 1 + the pauses in
 * between — runs of at least PAUSE_MIN_S (and 4 frames) where the speed stays
 * under 30 % of the movement's top speed (a run ends above 50 %). A
 * smooth glide never slows that much between its 20 % and 80 % points (a
 * minimum-jerk one stays above 77 %); a stop-and-go does, while it stops.
 * real_pause says which slow runs are pauses. */
static int count_submovements(const rep_window *w, size_t i0, int rising,
                              double lo, double hi, double min_top, int *stalls)
{
    const double amp = (hi - lo) / 0.6;
    const size_t n = w->n;
    /* from the movement's 20 % point to its 80 % one; an end i0 is already
     * past (a return whose lower half begins below its 20 % point, as an
     * undershoot does) is i0 itself, not the window's far end */
    const double x0 = w->act_smooth[i0];
    double ta = (rising ? x0 > lo : x0 < hi) ? cross(w, i0, -1, rising ? lo : hi) : w->t[i0];
    double tb = (rising ? x0 < hi : x0 > lo) ? cross(w, i0, +1, rising ? hi : lo) : w->t[i0];
    size_t a = index_at(w, ta), z = index_at(w, tb), run_a = a;
    double top = 0, run = 0;
    int pauses = 0, in_pause = 0, frames = 0;
    *stalls = 0;
    for (size_t i = a; i <= z && i < n; i++)
        top = fmax(top, fabs(w->vel[i]));
    if (top < min_top)
        return 1;
    for (size_t i = a + 1; i <= z + 1 && i < n; i++) {
        double dt = w->t[i] - w->t[i - 1], v = fabs(w->vel[i]);
        if (i <= z && (v < 0.3 * top || (run > 0 && v < 0.5 * top))) {   /* hysteresis */
            if (run == 0)
                run_a = i;
            run += dt;
            frames++;
            if (run >= PAUSE_MIN_S && frames >= 4 && !in_pause) {
                pauses++;
                in_pause = 1;
            }
            continue;
        }
        if (in_pause)
            pauses -= !real_pause(w, run_a, i, z, amp, stalls);
        run = 0;
        frames = 0;
        in_pause = 0;
    }
    return 1 + pauses;
}

/* Minimum-jerk glide from level a to level b that best fits the raw
 * activity with times in [lo, hi]: its midpoint is searched within
 * +-0.15 s of t50 (the smoothed signal's 50 % crossing) and its duration
 * from 0.15 s to 10 s (2 % steps). Start and end times go to *t0, *t1. */
static void fit_glide(const rep_window *w, double t50, double lo, double hi,
                      double a, double b, double *t0, double *t1)
{
    const size_t n = w->n;
    double best = HUGE_VAL, best_mid = t50, best_dur = 1.0;
    size_t i0 = index_at(w, lo), i1 = index_at(w, hi);
    for (double mid = t50 - 0.15; mid <= t50 + 0.1501; mid += 0.01) {
        for (double dur = 0.15; dur <= 10.0; dur *= 1.02) {
            double sse = 0, st = mid - 0.5 * dur;
            for (size_t i = i0; i <= i1 && i < n; i++) {
                double tau = (w->t[i] - st) / dur;
                double m = tau <= 0 ? 0 : tau >= 1 ? 1
                         : tau * tau * tau * (10 - 15 * tau + 6 * tau * tau);
                double e = w->act[i] - (a + (b - a) * m);
                sse += e * e;
                if (sse >= best)
                    break;
            }
            if (sse < best) {
                best = sse;
                best_mid = mid;
                best_dur = dur;
            }
        }
    }
    *t0 = best_mid - 0.5 * best_dur;
    *t1 = best_mid + 0.5 * best_dur;
}

/* Uncertainty (SD, s) of a movement duration, taken as that of one
 * measured from its 20 % and 80 % crossings (the fit uses every sample, so
 * this errs large), given the smoothed jitter sd_s and its amplitude. */
static double timing_sd(double sd_s, double amp, double dur)
{
    if (!(amp > 0) || !(dur > 0))
        return 0;
    double slope = 1.45 * amp / dur;
    return sqrt(2.0) * (sd_s / slope) / 0.347;
}

/* The retract's start and end (t_on, t_hs) and its sub-movements. */
static void time_retract(const rep_window *w, const rep_shape *sh, int jerky,
                         double t_mid_hold, rep_bounds *b)
{
    fit_glide(w, cross_near(w, sh->ir, 1, sh->lvl0 + 0.5 * sh->amp), w->t[0], t_mid_hold,
              sh->lvl0, sh->lvl1, &b->t_on, &b->t_hs);
    int stalls;
    b->subs = count_submovements(w, sh->ir, 1, sh->lvl0 + 0.2 * sh->amp,
                                 sh->lvl0 + 0.8 * sh->amp, PAUSE_TOP_SDS * b->sd_v, &stalls);
    if (b->subs >= jerky || stalls) {
        b->t_on = cross(w, sh->ir, -1, sh->lvl0 + fmax(0.05 * sh->amp, 2 * b->sd_s));
        b->t_hs = cross(w, sh->ir, +1, sh->lvl1 - fmax(0.05 * sh->amp, 2 * b->sd_s));
    }
}

/* The return's start and end (t_rs, t_en: the last sample's time if it
 * never returned) and its sub-movements (0 then). */
static void time_return(const rep_window *w, const rep_shape *sh, int jerky,
                        double t_mid_hold, rep_bounds *b)
{
    const size_t n = w->n;
    b->t_rs = b->t_en = w->t[n - 1];
    b->subs_ret = 0;
    if (!sh->returned)
        return;
    /* up to where a next rep may begin (the signal back over mid-way) */
    size_t iz = sh->id;
    while (iz + 1 < n && w->act_smooth[iz + 1] < sh->mid1)
        iz++;
    fit_glide(w, cross_near(w, sh->id, 0, sh->lvl2 + 0.5 * sh->ramp), t_mid_hold,
              w->t[iz], sh->lvl1, sh->lvl2, &b->t_rs, &b->t_en);
    int stalls;
    b->subs_ret = count_submovements(w, sh->id, 0, sh->lvl2 + 0.2 * sh->ramp,
                                     sh->lvl2 + 0.8 * sh->ramp, PAUSE_TOP_SDS * b->sd_v, &stalls);
    if (b->subs_ret >= jerky || stalls) {
        b->t_rs = cross(w, sh->id, -1, sh->lvl1 - fmax(0.05 * sh->ramp, 2 * b->sd_s));
        b->t_en = cross(w, sh->id, +1, sh->lvl2 + fmax(0.05 * sh->ramp, 2 * b->sd_s));
    }
}

/* Each movement's start and duration: the minimum-jerk glide between the
 * two plateaus that fits the raw samples best (least squares over every
 * sample from the plateau before to the middle of the next, so jitter
 * averages out over the whole glide; no filter, no lag, the same at any
 * frame rate). A stop-and-go movement is no glide: there the boundaries
 * are where the position leaves and reaches its plateaus (5 % of the
 * amplitude, or 2 SD of the smoothed jitter). Pauses are judged only where
 * the glide is fast against the velocity noise (PAUSE_TOP_SDS): a slow, shallow
 * glide in jitter cannot be called jerky. noise_mm: the head's at rest. */
void tc_scorer__rep_bounds(const rep_window *w, const rep_shape *sh, double noise_mm,
                           int jerky_submovements, rep_bounds *out)
{
    const double nwin = 2 * w->hw / w->frame_dt + 1;
    const double t_mid_hold = 0.5 * (w->t[sh->ir] + w->t[sh->id]);
    out->sd_s = isfinite(noise_mm) ? noise_mm / sqrt(nwin) : 0;
    out->sd_v = sqrt(2.0) * out->sd_s / (2 * w->hw);
    time_retract(w, sh, jerky_submovements, t_mid_hold, out);
    time_return(w, sh, jerky_submovements, t_mid_hold, out);
    out->t_on = fmax(out->t_on, w->t[0]);
    out->t_en = fmin(out->t_en, w->t[w->n - 1]);
    if (out->t_rs < out->t_hs)               /* no hold: the movements meet */
        out->t_hs = out->t_rs = 0.5 * (out->t_hs + out->t_rs);
    out->on = index_at(w, out->t_on);
    out->hs = index_at(w, out->t_hs);
    out->rs = index_at(w, out->t_rs);
    out->en = index_at(w, out->t_en);
    out->sd_retract = timing_sd(out->sd_s, sh->amp, out->t_hs - out->t_on);
    out->sd_return = timing_sd(out->sd_s, sh->ramp, out->t_en - out->t_rs);
    out->hidden_retract = stall_within(w, out->t_on - w->hw, out->t_hs + w->hw, sh->amp);
    out->hidden_return = stall_within(w, out->t_rs - w->hw, out->t_en + w->hw, sh->ramp);
}

/* The rep's phase times (s from the session's first frame) and durations,
 * and their measurement uncertainty. */
void tc_scorer__rep_times(const tc_scorer *s, const rep_shape *sh, const rep_bounds *b,
                          tc_rep *r)
{
    r->start_s = tc_scorer__tsec(s, (int64_t)llround(b->t_on * 1e6));
    r->hold_start_s = tc_scorer__tsec(s, (int64_t)llround(b->t_hs * 1e6));
    r->return_start_s = tc_scorer__tsec(s, (int64_t)llround(b->t_rs * 1e6));
    r->end_s = tc_scorer__tsec(s, (int64_t)llround(b->t_en * 1e6));
    r->peak_s = tc_scorer__tsec(s, (int64_t)llround(s->win.t[sh->ipk] * 1e6));
    r->retract_s = b->t_hs - b->t_on;
    r->hold_s = b->t_rs - b->t_hs;
    r->return_s = b->t_en - b->t_rs;
    r->timing_sd_s = fmax(b->sd_retract, b->sd_return);
    r->hidden_retract_s = b->hidden_retract;
    r->hidden_return_s = b->hidden_return;
}
