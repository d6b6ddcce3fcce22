/* tests/vision/test_headpose.c — canonical face geometry parsing and head
 * pose: project the canonical face with known pitch/yaw/roll through a
 * pinhole camera, solve, and get the angles back; malformed geometry files
 * are refused. Skips (77) without the model files. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/models.h"
#include "vision/headpose.h"

static tc_face_geometry geom;
static uint8_t *blob;
static size_t blob_size;

static int setup(void **state)
{
    char dir[1024], err[512];
    (void)state;
    if (tc_models_dir(dir, sizeof dir, NULL) < 0 ||
        tc_model_read(&blob, &blob_size, dir, TC_MODEL_FACE_GEOMETRY, err,
                      sizeof err) < 0)
        return 0; /* tests skip */
    return tc_face_geometry_parse(&geom, blob, blob_size, err, sizeof err);
}

static int teardown(void **state)
{
    (void)state;
    free(blob);
    return 0;
}

/* Rotate the canonical face by R = Rz(roll) Ry(yaw) Rx(pitch) in the
 * camera frame, place it `dist` cm ahead, project to normalised points. */
static void project(tc_point3 out[TC_FACE_POINTS], float pitch, float yaw,
                    float roll, int w, int h)
{
    const double p = pitch * M_PI / 180, y = yaw * M_PI / 180, r = roll * M_PI / 180;
    const double cx = cos(p), sx = sin(p), cy = cos(y), sy = sin(y);
    const double cz = cos(r), sz = sin(r);
    const double R[3][3] = {
        { cz * cy, cz * sy * sx - sz * cx, cz * sy * cx + sz * sx },
        { sz * cy, sz * sy * sx + cz * cx, sz * sy * cx - cz * sx },
        { -sy, cy * sx, cy * cx },
    };
    const double f = h / 2.0 / tan(TC_HEADPOSE_VFOV_DEG * M_PI / 360.0);
    for (int i = 0; i < TC_FACE_POINTS; i++) {
        const double v[3] = { geom.vertex[i][0], -geom.vertex[i][1],
                              -geom.vertex[i][2] };
        double c[3];
        for (int k = 0; k < 3; k++)
            c[k] = R[k][0] * v[0] + R[k][1] * v[1] + R[k][2] * v[2];
        c[0] += 3.0;  /* a little right of and above the optical axis */
        c[1] -= 4.0;
        c[2] += 60.0; /* 60 cm from the camera */
        out[i].x = (float)((f * c[0] / c[2] + w / 2.0) / w);
        out[i].y = (float)((f * c[1] / c[2] + h / 2.0) / h);
        out[i].z = 0;
    }
}

static void recovers_known_angles(void **state)
{
    static const float cases[][3] = {
        { 0, 0, 0 }, { 15, 0, 0 }, { -12, 0, 0 }, { 0, 20, 0 },
        { 0, -25, 0 }, { 0, 0, 10 }, { 8, -10, 5 }, { -20, 15, -8 },
    };
    tc_point3 pts[TC_FACE_POINTS];
    (void)state;
    if (!blob)
        skip();
    assert_true(geom.n_basis >= 6);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        float got[3];
        project(pts, cases[i][0], cases[i][1], cases[i][2], 640, 480);
        assert_int_equal(tc_head_pose_solve(&geom, pts, 640, 480,
                                            TC_HEADPOSE_VFOV_DEG, got), TC_OK);
        for (int k = 0; k < 3; k++)
            assert_true(fabsf(got[k] - cases[i][k]) < 0.5f);
    }
}

static void nod_down_is_positive_pitch(void **state)
{
    tc_point3 pts[TC_FACE_POINTS];
    float got[3];
    (void)state;
    if (!blob)
        skip();
    project(pts, 10, 0, 0, 640, 480);
    /* chin down: the nose tip (landmark 1) drops relative to the forehead
     * (landmark 10) more than in the neutral face */
    assert_int_equal(tc_head_pose_solve(&geom, pts, 640, 480,
                                        TC_HEADPOSE_VFOV_DEG, got), TC_OK);
    assert_true(got[0] > 9.5f);
}

static void malformed_geometry_is_refused(void **state)
{
    tc_face_geometry g;
    char err[256];
    static const uint8_t junk[] = { 0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00 };
    static const uint8_t bad_wire[] = { 0x0f, 0x00 };
    (void)state;
    assert_int_equal(tc_face_geometry_parse(&g, junk, sizeof junk, err, sizeof err),
                     TC_EFORMAT);
    assert_int_equal(tc_face_geometry_parse(&g, bad_wire, sizeof bad_wire, err,
                                            sizeof err), TC_EFORMAT);
    assert_int_equal(tc_face_geometry_parse(&g, junk, 0, err, sizeof err),
                     TC_EFORMAT); /* empty: no vertices */
    /* truncations never crash; those that cut into the vertices (the first
     * ~12 kB) are refused; later ones may leave a valid, shorter basis */
    for (size_t n = 0; blob && n + 1 < blob_size; n += 37) {
        int rc = tc_face_geometry_parse(&g, blob, n, err, sizeof err);
        assert_true(rc == TC_EFORMAT || (rc == TC_OK && n > 11700));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(recovers_known_angles),
        cmocka_unit_test(nod_down_is_positive_pitch),
        cmocka_unit_test(malformed_geometry_is_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
