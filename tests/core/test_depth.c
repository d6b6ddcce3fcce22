/* tests/core/test_depth.c — depth honesty in the front view (core/depth.c,
 * docs/depth.md) on synthetic sessions (synth.h) filmed by cameras of a
 * known field of view and distance: the [camera] keys; an unstated camera
 * reads wrong millimetres but says how wrong they may be (the truth inside
 * the stated interval); a stated field of view or distance reads the true
 * depth (a distance even on a face wider than the canonical); the first
 * rep sets the person's range; a tight frame is not called shallow; a
 * shallow rep is found by its share of the range on a wide camera. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/scorer.h"
#include "tests/core/synth.h"

/* A front-view session of the given reps filmed at hfov degrees, z0 mm
 * (to the face's width plane) of a face face_scale x the canonical width,
 * scored with profile p; the scorer is returned (caller destroys). */
static tc_scorer *film(double hfov, double z0, double face_scale, const tc_profile *p,
                       const synth_rep *reps, int n)
{
    synth sy = { TC_VIEW_FRONT, 30, 0.6, 0, 2.5, 2.0, 777, hfov, z0, face_scale };
    tc_scorer_config cfg = TC_SCORER_CONFIG_INIT;
    tc_scorer *s = NULL;
    cfg.profile = p;
    cfg.width = 640;
    cfg.height = 480;
    assert_int_equal(tc_scorer_create(&s, &cfg), TC_OK);
    synth_run(&sy, s, reps, n, NULL);
    const tc_rep *r;
    size_t k = tc_scorer_reps(s, &r);
    for (size_t i = 0; i < k; i++) {
        char why[256];
        printf("  rep %d depth %.1f mm (%.1f-%.1f) share %.2f of %.1f (%s) faults 0x%x\n",
               r[i].index, r[i].depth_mm, r[i].depth_lo_mm, r[i].depth_hi_mm,
               r[i].depth_fraction, r[i].range_mm, tc_range_source_name(r[i].range_source),
               r[i].faults);
        assert_int_equal(tc_rep_check(&r[i], why, sizeof why), 0);
    }
    return s;
}

static tc_profile front(double hfov, double distance_cm)
{
    tc_profile p;
    tc_profile_defaults(&p);
    p.view = TC_VIEW_FRONT;
    p.hfov_deg = hfov;
    p.distance_cm = distance_cm;
    return p;
}

static void camera_keys_are_checked(void **state)
{
    tc_profile p;
    char err[160];
    (void)state;
    tc_profile_defaults(&p);
    assert_true(p.hfov_deg == 0 && p.distance_cm == 0);
    assert_int_equal(tc_profile_camera(&p), TC_CAMERA_ASSUMED);
    assert_true(tc_profile_hfov(&p) == TC_ASSUMED_HFOV_DEG);
    assert_int_equal(tc_profile_set(&p, "camera", "hfov_deg", "78", err, sizeof err), TC_OK);
    assert_int_equal(tc_profile_camera(&p), TC_CAMERA_HFOV);
    assert_true(tc_profile_hfov(&p) == 78);
    assert_int_equal(tc_profile_set(&p, "camera", "distance_cm", "60", err, sizeof err), TC_OK);
    assert_int_equal(tc_profile_camera(&p), TC_CAMERA_DISTANCE);
    assert_int_equal(tc_profile_set(&p, "camera", "distance_cm", "0", err, sizeof err), TC_OK);
    assert_int_equal(tc_profile_set(&p, "camera", "hfov_deg", "0", err, sizeof err), TC_OK);
    assert_int_equal(tc_profile_camera(&p), TC_CAMERA_ASSUMED);
    assert_int_equal(tc_profile_set(&p, "camera", "hfov_deg", "10", err, sizeof err), TC_ERANGE);
    assert_non_null(strstr(err, "0 (not stated)"));
    assert_int_equal(tc_profile_set(&p, "camera", "distance_cm", "5", err, sizeof err), TC_ERANGE);
    assert_int_equal(tc_profile_set(&p, "camera", "distance_cm", "-60", err, sizeof err),
                     TC_ERANGE);
    assert_string_equal(tc_camera_model_name(TC_CAMERA_ASSUMED), "assumed");
    assert_string_equal(tc_camera_model_name(TC_CAMERA_HFOV), "hfov");
    assert_string_equal(tc_camera_model_name(TC_CAMERA_DISTANCE), "distance");
    assert_string_equal(tc_camera_model_name(TC_CAMERA_UNUSED), "unused");
    assert_string_equal(tc_range_source_name(TC_RANGE_DEFAULT), "default");
    assert_string_equal(tc_range_source_name(TC_RANGE_PROFILE), "profile");
    assert_string_equal(tc_range_source_name(TC_RANGE_REPS), "reps");
}

/* Mean depth of the reps, and whether truth lies in every rep's interval. */
static double mean_depth(const tc_scorer *s, double truth, int *all_inside)
{
    const tc_rep *r;
    size_t n = tc_scorer_reps(s, &r);
    double sum = 0;
    *all_inside = n > 0;
    for (size_t i = 0; i < n; i++) {
        sum += r[i].depth_mm;
        *all_inside &= r[i].depth_lo_mm <= truth && truth <= r[i].depth_hi_mm;
    }
    return n ? sum / (double)n : NAN;
}

/* A 90-degree camera 40 cm away: unstated it reads 20 mm as some 35 mm
 * (tan 45 / tan 30), inside its wide interval; stated (the field of view,
 * or the distance to the eyes, 59 mm before the width plane) it reads 20. */
static void stated_camera_reads_true_depth(void **state)
{
    synth_rep reps[2] = { SYNTH_GOOD, SYNTH_GOOD };
    tc_profile assumed = front(0, 0), hfov = front(90, 0), dist = front(0, (400 - 59) / 10.0);
    int inside;
    (void)state;
    tc_scorer *s = film(90, 400, 1, &assumed, reps, 2);
    const tc_session *ses = tc_scorer_session(s);
    assert_int_equal(tc_scorer_reps(s, NULL), 2);
    assert_int_equal(ses->camera, TC_CAMERA_ASSUMED);
    assert_true(ses->camera_hfov_deg == 60 && isnan(ses->camera_distance_cm));
    assert_true(fabs(mean_depth(s, 20, &inside) - 34.6) < 3);
    assert_true(inside);
    assert_true(ses->depth_scale_lo < 0.55 && ses->depth_scale_hi > 1.2);
    tc_scorer_destroy(s);

    s = film(90, 400, 1, &hfov, reps, 2);
    ses = tc_scorer_session(s);
    assert_int_equal(ses->camera, TC_CAMERA_HFOV);
    assert_true(ses->camera_hfov_deg == 90);
    assert_true(fabs(mean_depth(s, 20, &inside) - 20) < 1.5);
    assert_true(inside);
    assert_true(ses->depth_scale_hi - ses->depth_scale_lo < 0.35);
    tc_scorer_destroy(s);

    s = film(90, 400, 1, &dist, reps, 2);
    ses = tc_scorer_session(s);
    assert_int_equal(ses->camera, TC_CAMERA_DISTANCE);
    assert_true(fabs(ses->camera_distance_cm - 34.1) < 1e-9 && isnan(ses->camera_hfov_deg));
    assert_true(fabs(mean_depth(s, 20, &inside) - 20) < 1.5);
    assert_true(inside);
    assert_true(ses->depth_scale_hi - ses->depth_scale_lo < 0.2);
    tc_scorer_destroy(s);
}

/* A face 8 % wider than the canonical: with the field of view stated it
 * looks nearer, and the mm read 8 % low (inside the interval); with the
 * distance stated they need no face width and read true. */
static void distance_needs_no_face_width(void **state)
{
    synth_rep reps[2] = { SYNTH_GOOD, SYNTH_GOOD };
    tc_profile hfov = front(60, 0), dist = front(0, (650 - 59) / 10.0);
    int inside;
    (void)state;
    tc_scorer *s = film(60, 650, 1.08, &hfov, reps, 2);
    double d = mean_depth(s, 20, &inside);
    assert_true(fabs(d - 20 / 1.08) < 1 && inside);
    tc_scorer_destroy(s);
    s = film(60, 650, 1.08, &dist, reps, 2);
    d = mean_depth(s, 20, &inside);
    assert_true(fabs(d - 20) < 1 && inside);
    tc_scorer_destroy(s);
}

/* The person's range: the default until a well-formed rep, then the first
 * such rep's travel, then half way to each next one. */
static void first_rep_sets_the_range(void **state)
{
    synth_rep reps[3] = { SYNTH_GOOD, SYNTH_GOOD, SYNTH_GOOD };
    tc_profile p = front(60, 0);
    const tc_rep *r;
    (void)state;
    for (int i = 0; i < 3; i++)
        reps[i].depth_mm = 14;
    tc_scorer *s = film(60, 650, 1, &p, reps, 3);
    assert_int_equal(tc_scorer_reps(s, &r), 3);
    assert_int_equal(r[0].range_source, TC_RANGE_DEFAULT);
    assert_true(r[0].range_mm == p.expected_depth_mm);
    assert_int_equal(r[1].range_source, TC_RANGE_REPS);
    assert_true(fabs(r[1].range_mm - r[0].head_travel_mm) < 1e-9);
    assert_true(fabs(r[1].depth_fraction - 1) < 0.15);
    assert_int_equal(tc_scorer_session(s)->range_reps, 3);
    assert_int_equal(tc_scorer_session(s)->range_source, TC_RANGE_REPS);
    for (int i = 0; i < 3; i++)
        assert_int_equal(r[i].faults, 0);
    tc_scorer_destroy(s);

    p.range_mm = 25;   /* the profile's range: kept, and said */
    s = film(60, 650, 1, &p, reps, 3);
    assert_int_equal(tc_scorer_reps(s, &r), 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(r[i].range_source, TC_RANGE_PROFILE);
        assert_true(r[i].range_mm == 25 && fabs(r[i].depth_fraction - 14 / 25.0) < 0.08);
    }
    tc_scorer_destroy(s);
}

/* A tight frame (35 degrees) nothing stated: a 20 mm tuck reads some 11
 * mm, which the old rule (under 0.6 of the 20 mm starting range) called
 * shallow; within its interval and its own range it is not. */
static void tight_frame_is_not_shallow(void **state)
{
    synth_rep reps[3] = { SYNTH_GOOD, SYNTH_GOOD, SYNTH_GOOD };
    tc_profile p = front(0, 0);
    const tc_rep *r;
    int inside;
    (void)state;
    tc_scorer *s = film(35, 650, 1, &p, reps, 3);
    assert_int_equal(tc_scorer_reps(s, &r), 3);
    assert_true(mean_depth(s, 20, &inside) < 12.5);
    for (int i = 0; i < 3; i++)
        assert_int_equal(r[i].faults, 0);
    assert_true(fabs(r[2].depth_fraction - 1) < 0.15);
    tc_scorer_destroy(s);
}

/* A wide camera (90 degrees), nothing stated: 20, 20 and 8 mm read some
 * 35, 35 and 14 mm; the 8 mm one is 0.4 of the person's range: shallow,
 * though its mm are over the floor and the starting guess's 12. */
static void shallow_by_share_on_a_wide_camera(void **state)
{
    synth_rep reps[3] = { SYNTH_GOOD, SYNTH_GOOD, SYNTH_GOOD };
    tc_profile p = front(0, 0);
    const tc_rep *r;
    (void)state;
    reps[2].depth_mm = 8;
    tc_scorer *s = film(90, 400, 1, &p, reps, 3);
    assert_int_equal(tc_scorer_reps(s, &r), 3);
    assert_int_equal(r[0].faults, 0);
    assert_int_equal(r[1].faults, 0);
    assert_true(r[2].depth_mm > 12);
    assert_true(fabs(r[2].depth_fraction - 0.4) < 0.08);
    assert_int_equal(r[2].faults, 1u << TC_FAULT_SHALLOW);
    tc_scorer_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(camera_keys_are_checked),
        cmocka_unit_test(stated_camera_reads_true_depth),
        cmocka_unit_test(distance_needs_no_face_width),
        cmocka_unit_test(first_rep_sets_the_range),
        cmocka_unit_test(tight_frame_is_not_shallow),
        cmocka_unit_test(shallow_by_share_on_a_wide_camera),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
