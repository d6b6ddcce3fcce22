/* tests/pipeline/test_face_change.c — telling a repeated picture: the
 * change of the face's pixels since the frame before (face_change.c). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "pipeline/pipeline_impl.h"

#define W 64
#define H 48

static uint8_t pixels[W * H * 3];

static tc_frame frame_of(void)
{
    tc_frame f = { pixels, (size_t)W * 3, W, H, TC_PIXFMT_BGR24, 0, 0, 1 };
    return f;
}

/* Landmarks of a face whose mesh spans the frame's centre (0.35-0.65). */
static void face_at_centre(tc_landmarks *lm)
{
    memset(lm, 0, sizeof *lm);
    lm->has_face = 1;
    for (int i = 0; i < TC_FACE_POINTS; i++)
        lm->face[i] = (tc_point3){ 0.35f + 0.3f * (float)(i % 2), 0.35f + 0.3f * (float)(i / 2 % 2), 0 };
}

static void repeat_is_zero_and_a_change_in_the_face_counts(void **state)
{
    tc_pipeline__change c = { 0 };
    tc_landmarks lm;
    tc_frame f = frame_of();
    (void)state;
    face_at_centre(&lm);
    memset(pixels, 90, sizeof pixels);
    assert_true(isnan(tc_pipeline__face_change(&c, &f, &lm)));   /* nothing kept yet */
    assert_true(tc_pipeline__face_change(&c, &f, &lm) == 0.0);
    pixels[(H / 2 * W + W / 2) * 3 + 1] = 200;   /* the centre's green */
    double in_face = tc_pipeline__face_change(&c, &f, &lm);
    assert_true(in_face > 0.0);
    pixels[(1 * W + 1) * 3 + 1] = 10;   /* a corner, outside the face */
    pixels[(H / 2 * W + W / 2) * 3 + 1] = 200;   /* the centre as before */
    assert_true(tc_pipeline__face_change(&c, &f, &lm) == 0.0);
    pixels[(H / 2 * W + W / 2) * 3 + 0] = 0;     /* blue only: not looked at */
    assert_true(tc_pipeline__face_change(&c, &f, &lm) == 0.0);
    tc_pipeline__change_free(&c);
}

static void no_face_or_new_size_is_not_measured(void **state)
{
    tc_pipeline__change c = { 0 };
    tc_landmarks lm;
    tc_frame f = frame_of(), small = frame_of();
    (void)state;
    face_at_centre(&lm);
    memset(pixels, 90, sizeof pixels);
    (void)tc_pipeline__face_change(&c, &f, &lm);
    assert_true(isnan(tc_pipeline__face_change(&c, &f, NULL)));
    lm.has_face = 0;
    assert_true(isnan(tc_pipeline__face_change(&c, &f, &lm)));
    face_at_centre(&lm);
    small.width = W / 2;
    small.height = H / 2;
    assert_true(isnan(tc_pipeline__face_change(&c, &small, &lm)));   /* another size */
    assert_true(tc_pipeline__face_change(&c, &small, &lm) == 0.0);
    tc_pipeline__change_free(&c);
    tc_pipeline__change_free(&c);   /* twice is harmless */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(repeat_is_zero_and_a_change_in_the_face_counts),
        cmocka_unit_test(no_face_or_new_size_is_not_measured),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
