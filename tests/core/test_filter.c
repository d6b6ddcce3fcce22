/* tests/core/test_filter.c — One Euro filter: the first sample passes,
 * jitter on a still signal is damped, a fast move is followed with little
 * lag, the rate comes from timestamps, stale timestamps change nothing. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/filter.h"

static void first_sample_passes_through(void **state)
{
    tc_one_euro f;
    (void)state;
    tc_one_euro_init(&f, 1.0, 0.0, 1.0, 30);
    assert_true(tc_one_euro_apply(&f, 0, 1.0, 5.0) == 5.0);
}

static void jitter_on_a_still_signal_is_damped(void **state)
{
    tc_one_euro f;
    double worst = 0;
    (void)state;
    tc_one_euro_init(&f, 0.5, 0.01, 1.0, 30);
    for (int i = 0; i < 300; i++) {
        double noisy = 100.0 + ((i * 7919) % 13 - 6) * 0.5;   /* +-3 jitter */
        double y = tc_one_euro_apply(&f, (int64_t)i * 33333, 1.0, noisy);
        if (i > 60 && fabs(y - 100.0) > worst)
            worst = fabs(y - 100.0);
    }
    assert_true(worst < 1.0); /* jitter of +-3 comes out under +-1 */
}

static void a_fast_move_is_followed(void **state)
{
    tc_one_euro slow, fast;
    double ys = 0, yf = 0;
    (void)state;
    tc_one_euro_init(&slow, 0.5, 0.0, 1.0, 30);  /* no speed term */
    tc_one_euro_init(&fast, 0.5, 0.5, 1.0, 30);
    for (int i = 0; i < 40; i++) {
        double x = i < 20 ? 0.0 : 50.0;             /* a step at frame 20 */
        ys = tc_one_euro_apply(&slow, (int64_t)i * 33333, 1.0, x);
        yf = tc_one_euro_apply(&fast, (int64_t)i * 33333, 1.0, x);
        if (i == 23) {
            assert_true(yf > 45.0);   /* within 3 frames, 90 % of the step */
            assert_true(ys < 30.0);   /* a plain low-pass lags far behind */
        }
    }
    assert_true(fabs(yf - 50.0) < 0.5);
}

static void rate_comes_from_timestamps(void **state)
{
    tc_one_euro a, b;
    double ya = 0, yb = 0;
    (void)state;
    tc_one_euro_init(&a, 1.0, 0.0, 1.0, 30);
    tc_one_euro_init(&b, 1.0, 0.0, 1.0, 30);
    /* the same 1 s of signal at 15 and at 60 samples a second */
    for (int i = 0; i <= 15; i++)
        ya = tc_one_euro_apply(&a, (int64_t)i * 66667, 1.0, i ? 10.0 : 0.0);
    for (int i = 0; i <= 60; i++)
        yb = tc_one_euro_apply(&b, (int64_t)i * 16667, 1.0, i ? 10.0 : 0.0);
    assert_true(fabs(ya - yb) < 0.5); /* same time constant, either rate */
    assert_true(tc_one_euro_apply(&a, 0, 1.0, 99.0) == 99.0); /* stale */
    assert_true(fabs(tc_one_euro_apply(&a, 2000000, 1.0, 10.0) - 10.0) < 0.5);
}

/* MediaPipe's speed filter starts from the speed 0 of the first sample,
 * so a step is followed by a*speed, not the raw speed: worked by hand
 * from one_euro_filter.cc (freq 30, min cutoff 1, beta 1, d cutoff 1):
 * speed 300, smoothed 0.17318 * 300 = 51.95, cutoff 52.95, alpha 0.91729. */
static void a_step_matches_mediapipe(void **state)
{
    tc_one_euro f;
    (void)state;
    tc_one_euro_init(&f, 1.0, 1.0, 1.0, 30);
    assert_true(tc_one_euro_apply(&f, 1000000, 1.0, 0.0) == 0.0);
    assert_true(fabs(tc_one_euro_apply(&f, 1033333, 1.0, 10.0) - 9.1729) < 1e-3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(first_sample_passes_through),
        cmocka_unit_test(jitter_on_a_still_signal_is_damped),
        cmocka_unit_test(a_fast_move_is_followed),
        cmocka_unit_test(rate_comes_from_timestamps),
        cmocka_unit_test(a_step_matches_mediapipe),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
