/* core/filter.c — One Euro filter, after MediaPipe's one_euro_filter.cc. */
#include "core/filter.h"

#include <math.h>

void tc_one_euro_init(tc_one_euro *f, double min_cutoff, double beta,
                      double d_cutoff, double freq)
{
    f->min_cutoff = min_cutoff;
    f->beta = beta;
    f->d_cutoff = d_cutoff;
    f->freq = freq > 0 ? freq : 30.0;
    f->x = f->dx = f->last_raw = 0;
    f->last_us = 0;
    f->started = 0;
}

static double alpha(double freq, double cutoff)
{
    const double te = 1.0 / freq, tau = 1.0 / (2.0 * M_PI * cutoff);
    return 1.0 / (1.0 + tau / te);
}

double tc_one_euro_apply(tc_one_euro *f, int64_t t_us, double value_scale,
                         double value)
{
    double dvalue, cutoff, a;
    if (f->started && t_us <= f->last_us)
        return value;
    if (f->started && t_us > f->last_us)
        f->freq = 1e6 / (double)(t_us - f->last_us);
    f->last_us = t_us;
    if (!f->started) {
        /* as MediaPipe: the speed filter starts from this sample's 0 */
        f->started = 1;
        f->x = f->last_raw = value;
        f->dx = 0;
        return value;
    }
    dvalue = (value - f->last_raw) * value_scale * f->freq;
    a = alpha(f->freq, f->d_cutoff);
    f->dx = a * dvalue + (1 - a) * f->dx;
    cutoff = f->min_cutoff + f->beta * fabs(f->dx);
    a = alpha(f->freq, cutoff);
    f->x = a * value + (1 - a) * f->x;
    f->last_raw = value;
    return f->x;
}
