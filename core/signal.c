/* core/signal.c — signal helpers of the scorer, on plain arrays of values
 * and their times (s): quantile, sample SD, the centred (zero-lag) moving
 * average and velocity, and the time a signal crosses a level and stays
 * across. No state; reentrant. */
#include "core/scorer_impl.h"

#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantile q of the n finite values at v (sorted in place, NANs last). */
double tc_scorer__quantile(double *v, size_t n, double q)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]))
            v[m++] = v[i];
    if (!m)
        return NAN;
    qsort(v, m, sizeof *v, cmp_double);
    double pos = q * (double)(m - 1);
    size_t i = (size_t)pos;
    double fr = pos - (double)i;
    return i + 1 < m ? v[i] * (1 - fr) + v[i + 1] * fr : v[i];
}

/* Sample standard deviation of x[0..m), m >= 2. */
double tc_scorer__sd(const double *x, size_t m)
{
    double mean = 0, var = 0;
    for (size_t i = 0; i < m; i++)
        mean += x[i];
    mean /= (double)m;
    for (size_t i = 0; i < m; i++)
        var += tc_scorer__sq(x[i] - mean);
    return sqrt(var / (double)(m - 1));
}

/* Centred moving average (zero lag) of x over +-hw seconds of the times t
 * into out, n samples. */
void tc_scorer__smooth_centred(const double *t, const double *x, double *out, size_t n,
                               double hw)
{
    size_t lo = 0, hi = 0;
    double acc = 0;
    for (size_t i = 0; i < n; i++) {
        while (hi < n && t[hi] <= t[i] + hw)
            acc += x[hi++];
        while (t[lo] < t[i] - hw)
            acc -= x[lo++];
        out[i] = acc / (double)(hi - lo);
    }
}

/* Central-difference velocity of x (times t, n samples) over +-hw seconds
 * into v; 0 where the window spans no time. */
void tc_scorer__velocity(const double *t, const double *x, double *v, size_t n, double hw)
{
    size_t lo = 0, hi = 0;
    for (size_t i = 0; i < n; i++) {
        while (lo < i && t[lo] < t[i] - hw)
            lo++;
        while (hi + 1 < n && t[hi + 1] <= t[i] + hw)
            hi++;
        if (hi < i)
            hi = i;
        double dt = t[hi] - t[lo];
        v[i] = dt > 0 ? (x[hi] - x[lo]) / dt : 0;
    }
}

/* Time at which the signal x (times t, n samples), walking from sample i0
 * in direction dir, crosses `level` and stays across for `sustain` s (a
 * dip of jitter is not a crossing); linear interpolation between the two
 * samples around it. The end sample's time if it never does. */
double tc_scorer__cross_time(const double *t, const double *x, size_t n, size_t i0, int dir,
                             double level, double sustain)
{
    const int above = x[i0] >= level;
    size_t i = i0;
    for (;;) {
        size_t j;
        if (dir < 0 ? i == 0 : i + 1 >= n)
            return t[i];
        j = dir < 0 ? i - 1 : i + 1;
        if ((x[j] >= level) != above) {
            size_t k = j;
            int held = 1;
            while (held && fabs(t[k] - t[j]) < sustain) {
                if ((x[k] >= level) == above)
                    held = 0;
                if (dir < 0 ? k == 0 : k + 1 >= n)
                    break;
                k = dir < 0 ? k - 1 : k + 1;
            }
            if (held) {
                double den = x[j] - x[i];
                double fr = den != 0 ? (level - x[i]) / den : 0;
                return t[i] + fmin(fmax(fr, 0.0), 1.0) * (t[j] - t[i]);
            }
        }
        i = j;
    }
}

/* The crossing of `level` nearest to sample i0 of a rising (or falling)
 * movement: forward from i0 if the signal has not reached it yet there,
 * backward if it has. */
double tc_scorer__cross_near(const double *t, const double *x, size_t n, size_t i0,
                             int rising, double level, double sustain)
{
    int reached = rising ? x[i0] >= level : x[i0] <= level;
    return tc_scorer__cross_time(t, x, n, i0, reached ? -1 : +1, level, sustain);
}

/* The first sample at or after time tt (the last if none). */
size_t tc_scorer__index_at(const double *t, size_t n, double tt)
{
    for (size_t i = 0; i < n; i++)
        if (t[i] >= tt - 1e-9)
            return i;
    return n - 1;
}
