/* tests/pipeline/test_observe_side.c — a profile's landmarks become the
 * side view's observation: the near ear and shoulder chosen by depth (the
 * pose model gives the far ones high visibility, drawn on the face), the
 * near ear taken from the face mesh's edge point, the pitch from the
 * ear-to-eye line in the image; a frontal face is left as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>

#include "pipeline/pipeline.h"
#include "vision/vision.h"

enum { W = 640, H = 480 };

/* A man facing right, his right side to the camera, as the pose model
 * gives the CC0 profile photo (fixtures/photos/skimage_camera.png): the
 * far (left) ear and shoulder on his face, visibility 0.9+. */
static tc_landmarks *profile_right(double nod_deg)
{
    tc_landmarks *lm = calloc(1, sizeof *lm);
    if (!lm)
        return NULL;
    lm->has_pose = lm->has_face = lm->has_head_pose = 1;
    lm->pose[TC_POSE_NOSE] = (tc_landmark){ 0.60f, 0.54f, -0.68f, 0.99f, 1 };
    lm->pose[TC_POSE_LEFT_EAR] = (tc_landmark){ 0.57f, 0.45f, -0.13f, 0.99f, 1 };
    lm->pose[TC_POSE_RIGHT_EAR] = (tc_landmark){ 0.46f, 0.39f, -0.60f, 0.99f, 1 };
    lm->pose[TC_POSE_LEFT_SHOULDER] = (tc_landmark){ 0.51f, 0.68f, 0.25f, 0.99f, 1 };
    lm->pose[TC_POSE_RIGHT_SHOULDER] = (tc_landmark){ 0.13f, 0.56f, -0.71f, 0.99f, 1 };
    /* mesh: the right edge by the tragus; the right eye's corners 100 px
     * in front of it, turned down by nod_deg */
    lm->face[TC_FACE_RIGHT_EDGE] = (tc_point3){ 0.50f, 0.45f, 0 };
    lm->face[TC_FACE_LEFT_EDGE] = (tc_point3){ 0.62f, 0.45f, 0.12f };
    double c = cos(nod_deg * M_PI / 180), s = sin(nod_deg * M_PI / 180);
    float ex = (float)(0.50 + 100 * c / W), ey = (float)(0.45 + 100 * s / H);
    lm->face[33] = (tc_point3){ ex - 0.01f, ey, 0 };
    lm->face[133] = (tc_point3){ ex + 0.01f, ey, 0 };
    lm->pitch = 7;    /* the head pose about the camera's axes */
    lm->yaw = -44;
    lm->roll = 16;
    return lm;
}

static void profile_near_side_and_ear(void **state)
{
    tc_landmarks *lm = profile_right(0);
    tc_obs o;
    (void)state;
    assert_non_null(lm);
    tc_pipeline_observation(&o, lm, 1, W, H, 0, 0);
    /* the far ear and shoulder unseen, the near ones kept */
    assert_float_equal(o.pt[TC_OBS_LEFT_EAR].vis, 0, 0);
    assert_float_equal(o.pt[TC_OBS_LEFT_SHOULDER].vis, 0, 0);
    assert_true(o.pt[TC_OBS_RIGHT_EAR].vis > 0.5f);
    assert_true(o.pt[TC_OBS_RIGHT_SHOULDER].vis > 0.5f);
    /* the near ear is the mesh's edge point, not the pose's ear */
    assert_float_equal(o.pt[TC_OBS_RIGHT_EAR].x, 0.50 * W, 1e-3);
    assert_float_equal(o.pt[TC_OBS_RIGHT_EAR].y, 0.45 * H, 1e-3);
    /* the pitch from the ear-eye line (level: 0); the roll from the pose's pitch */
    assert_true(o.has_head_pose);
    assert_float_equal(o.pitch, 0, 0.01);
    assert_float_equal(o.roll, 7, 1e-6);
    assert_float_equal(o.yaw, -44, 1e-6);
    free(lm);
}

static void profile_nod_is_pitch(void **state)
{
    (void)state;
    for (int deg = -10; deg <= 20; deg += 10) {
        tc_landmarks *lm = profile_right(deg);
        tc_obs o;
        assert_non_null(lm);
        tc_pipeline_observation(&o, lm, 1, W, H, 0, 0);
        assert_float_equal(o.pitch, deg, 0.05);   /* chin down > 0 */
        /* facing left (mirrored): the same nod, the same sign; the left side near */
        for (int i = 0; i < TC_POSE_POINTS; i++)
            lm->pose[i].x = 1 - lm->pose[i].x;
        for (int i = 0; i < TC_FACE_POINTS; i++)
            lm->face[i].x = 1 - lm->face[i].x;
        tc_landmark t = lm->pose[TC_POSE_LEFT_EAR];
        lm->pose[TC_POSE_LEFT_EAR] = lm->pose[TC_POSE_RIGHT_EAR];
        lm->pose[TC_POSE_RIGHT_EAR] = t;
        t = lm->pose[TC_POSE_LEFT_SHOULDER];
        lm->pose[TC_POSE_LEFT_SHOULDER] = lm->pose[TC_POSE_RIGHT_SHOULDER];
        lm->pose[TC_POSE_RIGHT_SHOULDER] = t;
        lm->face[TC_FACE_LEFT_EDGE] = lm->face[TC_FACE_RIGHT_EDGE];
        lm->face[263] = lm->face[33];
        lm->face[362] = lm->face[133];
        tc_pipeline_observation(&o, lm, 1, W, H, 0, 0);
        assert_float_equal(o.pt[TC_OBS_RIGHT_EAR].vis, 0, 0);
        assert_float_equal(o.pt[TC_OBS_LEFT_EAR].x, 0.50 * W, 1e-3);
        assert_float_equal(o.pitch, deg, 0.05);
        free(lm);
    }
}

static void frontal_face_is_untouched(void **state)
{
    tc_landmarks *lm = profile_right(0);
    tc_obs o;
    (void)state;
    assert_non_null(lm);
    /* ears level in depth, apart across the image: a frontal face */
    lm->pose[TC_POSE_LEFT_EAR] = (tc_landmark){ 0.60f, 0.40f, -0.20f, 0.9f, 1 };
    lm->pose[TC_POSE_RIGHT_EAR] = (tc_landmark){ 0.40f, 0.40f, -0.22f, 0.9f, 1 };
    lm->yaw = 5;
    tc_pipeline_observation(&o, lm, 1, W, H, 0, 0);
    assert_float_equal(o.pt[TC_OBS_LEFT_EAR].vis, 0.9, 1e-6);
    assert_float_equal(o.pt[TC_OBS_LEFT_SHOULDER].vis, 0.99, 1e-6);
    assert_float_equal(o.pt[TC_OBS_RIGHT_EAR].x, 0.40 * W, 1e-3);
    assert_float_equal(o.pitch, 7, 1e-6);
    assert_float_equal(o.roll, 16, 1e-6);
    free(lm);
}

/* The pose's depth can collapse on a still profile (shrug_side, 7.2-8.4
 * s: the ears' depth gap 0.3-1.0 times their image gap, the mesh's yaw
 * at -44): the frame is still the profile held from the frames before
 * while the head stays turned that way, and not one otherwise. */
static void a_held_profile_survives_a_depth_collapse(void **state)
{
    tc_landmarks *lm = profile_right(0);
    tc_obs o;
    (void)state;
    assert_non_null(lm);
    lm->pose[TC_POSE_LEFT_EAR].z = -0.55f;   /* dz 0.05 against dx 0.11 */
    assert_int_equal(tc_landmarks_profile_side(lm), -1);   /* nothing held */
    lm->held_side = 2;                       /* the right side, held */
    lm->held_yaw = -44;
    assert_int_equal(tc_landmarks_profile_side(lm), 1);
    tc_pipeline_observation(&o, lm, 1, W, H, 0, 0);
    assert_float_equal(o.pt[TC_OBS_LEFT_EAR].vis, 0, 0);
    assert_float_equal(o.pt[TC_OBS_RIGHT_EAR].x, 0.50 * W, 1e-3);
    lm->held_yaw = 44;                       /* held while turned the other way */
    assert_int_equal(tc_landmarks_profile_side(lm), -1);
    lm->held_yaw = -44;
    lm->yaw = -20;                           /* turned towards the camera */
    assert_int_equal(tc_landmarks_profile_side(lm), -1);
    lm->has_head_pose = 0;
    lm->yaw = -44;
    assert_int_equal(tc_landmarks_profile_side(lm), -1);
    free(lm);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(profile_near_side_and_ear),
        cmocka_unit_test(profile_nod_is_pitch),
        cmocka_unit_test(frontal_face_is_untouched),
        cmocka_unit_test(a_held_profile_survives_a_depth_collapse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
