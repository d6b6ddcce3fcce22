/* core/filter.h — the One Euro filter (Casiez, Roussel, Vogel, CHI 2012):
 * an adaptive low-pass whose cutoff rises with speed, so still landmarks
 * are smoothed hard and moving ones follow with little lag. This version
 * follows MediaPipe's (timestamps set the rate; an optional value scale
 * makes the speed term independent of the object's size in pixels).
 * A plain value; one per signal. */
#ifndef TC_CORE_FILTER_H
#define TC_CORE_FILTER_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_one_euro {
    double min_cutoff;   /* Hz: smoothing at rest (smaller = smoother) */
    double beta;         /* cutoff increase per unit of speed */
    double d_cutoff;     /* Hz: smoothing of the speed estimate */
    double freq;         /* Hz, updated from timestamps */
    double x, dx;        /* filtered value and speed */
    double last_raw;
    int64_t last_us;
    int    started;
} tc_one_euro;

/** Set up a filter; freq is the rate assumed until two timestamps arrive. */
void tc_one_euro_init(tc_one_euro *f, double min_cutoff, double beta,
                      double d_cutoff, double freq);

/** Filter `value` taken at `t_us` (increasing); `value_scale` multiplies the
 * speed (1 / object size, or 1). A repeated or older timestamp returns the
 * value unfiltered and leaves the state alone. */
double tc_one_euro_apply(tc_one_euro *f, int64_t t_us, double value_scale,
                         double value);

#ifdef __cplusplus
}
#endif
#endif /* TC_CORE_FILTER_H */
