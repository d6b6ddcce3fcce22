/* tests/formats/test_fixture.c — the motion script (values at known times,
 * stop-and-go glides, tracks plus reps, every kind of bad line named with
 * its number) and the truth file (round trip, refusals). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/scorer.h"
#include "formats/fixture.h"

static tc_motion *parse_ok(const char *text)
{
    tc_motion *m = NULL;
    char err[256] = "";
    int rc = tc_motion_parse(&m, text, strlen(text), "t.motion", err, sizeof err);
    if (rc != TC_OK)
        fail_msg("%s", err);
    return m;
}

static void rep_profile_follows_the_script(void **state)
{
    const char *text =
        "tuckgen-motion 1\n# comment\nphoto skimage_astronaut  # trailing comment\n"
        "fps 15\nduration 12\n"
        "rep 2.0 retract=1.5 hold=5 return=1.5 depth=20 pitch=4 faults=too_fast,nodding\n";
    tc_motion *m = parse_ok(text);
    const tc_motion_rep *r;
    double v[TC_CH_COUNT];
    (void)state;
    assert_int_equal(tc_motion_reps(m, &r), 1);
    assert_true(r[0].start_s == 2.0 && r[0].hold_start_s == 3.5);
    assert_true(r[0].return_start_s == 8.5 && r[0].end_s == 10.0);
    assert_int_equal(r[0].faults, (1u << TC_FAULT_TOO_FAST) | (1u << TC_FAULT_NODDING));
    assert_true(tc_motion_get_scene(m)->fps == 15);
    tc_motion_at(m, 1.0, v);
    assert_true(v[TC_CH_RETRACTION] == 0 && v[TC_CH_PITCH] == 0);
    tc_motion_at(m, 2.75, v);            /* half way: minimum jerk is symmetric */
    assert_true(fabs(v[TC_CH_RETRACTION] - 10) < 1e-9);
    assert_true(fabs(v[TC_CH_PITCH] - 2) < 1e-9);
    tc_motion_at(m, 6.0, v);
    assert_true(v[TC_CH_RETRACTION] == 20);
    tc_motion_at(m, 9.25, v);
    assert_true(fabs(v[TC_CH_RETRACTION] - 10) < 1e-9);
    tc_motion_at(m, 11.0, v);
    assert_true(v[TC_CH_RETRACTION] == 0);
    tc_motion_destroy(m);
}

static void stop_and_go_glide_pauses(void **state)
{
    const char *text = "tuckgen-motion 1\nphoto p\n"
                       "rep 1.0 retract=2.5 hold=1 return=1 depth=30 pauses=2\n";
    tc_motion *m = parse_ok(text);
    double a[TC_CH_COUNT], b[TC_CH_COUNT];
    (void)state;
    /* glides of (2.5 - 2 * 0.35) / 3 = 0.6 s: the first ends at 1.6 s */
    tc_motion_at(m, 1.65, a);
    tc_motion_at(m, 1.9, b);
    assert_true(fabs(a[TC_CH_RETRACTION] - 10) < 1e-9);
    assert_true(a[TC_CH_RETRACTION] == b[TC_CH_RETRACTION]); /* standing still */
    tc_motion_at(m, 2.7, a);   /* second glide 1.95-2.55 s, then a pause */
    assert_true(fabs(a[TC_CH_RETRACTION] - 20) < 1e-9);
    tc_motion_at(m, 3.6, a);
    assert_true(a[TC_CH_RETRACTION] == 30);
    tc_motion_destroy(m);
}

static void tracks_add_to_reps(void **state)
{
    const char *text = "tuckgen-motion 1\nphoto p\nduration 20\n"
                       "key 1 shift=0 lean=5\nkey 3 shift=0.8\nkey 5 lean=5\n"
                       "rep 6 retract=1 hold=1 return=1 depth=10\n";
    tc_motion *m = parse_ok(text);
    double v[TC_CH_COUNT];
    (void)state;
    tc_motion_at(m, 0, v);
    assert_true(v[TC_CH_SHIFT] == 0 && v[TC_CH_LEAN] == 5);
    tc_motion_at(m, 2, v);
    assert_true(fabs(v[TC_CH_SHIFT] - 0.4) < 1e-9);
    tc_motion_at(m, 7.5, v);
    assert_true(v[TC_CH_SHIFT] == 0.8 && v[TC_CH_LEAN] == 5 && v[TC_CH_RETRACTION] == 10);
    tc_motion_destroy(m);
}

static void hand_and_rise_channels(void **state)
{
    const char *text = "tuckgen-motion 1\nphoto p\nhand_at mouth\n"
                       "key 1 hand=0 rise=0\nkey 3 hand=1 rise=0.9\nkey 5 hand=0\n";
    tc_motion *m = parse_ok(text);
    double v[TC_CH_COUNT];
    (void)state;
    assert_string_equal(tc_channel_name(TC_CH_HAND), "hand");
    assert_string_equal(tc_channel_name(TC_CH_RISE), "rise");
    assert_int_equal(tc_motion_get_scene(m)->hand_at, TC_HAND_MOUTH);
    tc_motion_at(m, 2, v);
    assert_true(fabs(v[TC_CH_HAND] - 0.5) < 1e-9 && fabs(v[TC_CH_RISE] - 0.45) < 1e-9);
    tc_motion_at(m, 4, v);
    assert_true(fabs(v[TC_CH_HAND] - 0.5) < 1e-9 && v[TC_CH_RISE] == 0.9);
    tc_motion_destroy(m);
    m = parse_ok("tuckgen-motion 1\nphoto p\nhand_at cheek\n");
    assert_int_equal(tc_motion_get_scene(m)->hand_at, TC_HAND_CHEEK);
    tc_motion_destroy(m);
    m = parse_ok("tuckgen-motion 1\nphoto p\n");
    assert_int_equal(tc_motion_get_scene(m)->hand_at, TC_HAND_CHIN);
    tc_motion_destroy(m);
}

/* camera tilt= roll=: either or both, in any order; level without it; a
 * script's reps have no CVA change (the generator's to say). */
static void camera_placement(void **state)
{
    const tc_motion_rep *r;
    (void)state;
    tc_motion *m = parse_ok("tuckgen-motion 1\nphoto p\ncamera roll=-5 tilt=10\n"
                            "rep 1 retract=1 hold=1 return=1 depth=20\n");
    assert_true(tc_motion_get_scene(m)->cam_tilt_deg == 10);
    assert_true(tc_motion_get_scene(m)->cam_roll_deg == -5);
    assert_int_equal(tc_motion_reps(m, &r), 1);
    assert_true(isnan(r[0].cva_change_deg[0]) && isnan(r[0].cva_change_deg[1]));
    tc_motion_destroy(m);
    m = parse_ok("tuckgen-motion 1\nphoto p\ncamera roll=5\n");
    assert_true(tc_motion_get_scene(m)->cam_tilt_deg == 0);
    assert_true(tc_motion_get_scene(m)->cam_roll_deg == 5);
    tc_motion_destroy(m);
    m = parse_ok("tuckgen-motion 1\nphoto p\n");
    assert_true(tc_motion_get_scene(m)->cam_tilt_deg == 0 && tc_motion_get_scene(m)->cam_roll_deg == 0);
    tc_motion_destroy(m);
}

static void bad_scripts_name_the_line(void **state)
{
    static const struct { const char *text; int rc; const char *msg; } cases[] = {
        { "", TC_EFORMAT, "t.motion:1: empty" },
        { "photo p\n", TC_EFORMAT, "t.motion:1: not a motion script" },
        { "tuckgen-motion 2\nphoto p\n", TC_EUNSUPPORTED, "t.motion:1: version 2" },
        { "tuckgen-motion 1\n", TC_EINVAL, "no photo" },
        { "tuckgen-motion 1\nphoto ../etc\n", TC_EINVAL, "t.motion:2: bad name" },
        { "tuckgen-motion 1\nphoto p\nfps abc\n", TC_EFORMAT, "t.motion:3: fps: 'abc'" },
        { "tuckgen-motion 1\nphoto p\nfps 1e400\n", TC_EFORMAT, "t.motion:3: fps" },
        { "tuckgen-motion 1\nphoto p\nfps 0\n", TC_ERANGE, "t.motion:3: fps: 0 is outside" },
        { "tuckgen-motion 1\nphoto p\nsize 641 480\n", TC_EINVAL, "t.motion:3: size must be even" },
        { "tuckgen-motion 1\nphoto p\nrotate 45\n", TC_EINVAL, "t.motion:3: rotate" },
        { "tuckgen-motion 1\nphoto p\nview top\n", TC_EINVAL, "t.motion:3: view" },
        { "tuckgen-motion 1\nphoto p\nwobble 3\n", TC_EINVAL, "t.motion:3: unknown statement" },
        { "tuckgen-motion 1\nphoto p\nrep 1 retract=1 hold=1\n", TC_EINVAL, "needs return" },
        { "tuckgen-motion 1\nphoto p\nrep 1 retract=1 hold=1 return=1 faults=bad\n",
          TC_EINVAL, "unknown fault 'bad'" },
        { "tuckgen-motion 1\nphoto p\nrep 1 retract=1 hold=1 return=1 spin=3\n",
          TC_EINVAL, "unknown rep setting 'spin'" },
        { "tuckgen-motion 1\nphoto p\nrep 1 retract=1 hold=1 return=1 pitch=400\n",
          TC_ERANGE, "pitch: 400 is outside" },
        { "tuckgen-motion 1\nphoto p\nrep 1 retract=0.5 hold=1 return=1 pauses=3\n",
          TC_ERANGE, "do not fit" },
        { "tuckgen-motion 1\nphoto p\nrep 5 retract=1 hold=1 return=1\n"
          "rep 6 retract=1 hold=1 return=1\n", TC_EINVAL, "t.motion:4: rep at 6 s starts before" },
        { "tuckgen-motion 1\nphoto p\nduration 5\nrep 4 retract=1 hold=1 return=1\n",
          TC_ERANGE, "after the duration" },
        { "tuckgen-motion 1\nphoto p\nkey 5 lean=1\nkey 4 lean=2\n", TC_EINVAL,
          "t.motion:4: lean key at 4 s comes before" },
        { "tuckgen-motion 1\nphoto p\nkey 5 nose=1\n", TC_EINVAL, "want CHANNEL=VALUE" },
        { "tuckgen-motion 1\nphoto p\nkey 5\n", TC_EFORMAT, "key wants" },
        { "tuckgen-motion 1\nphoto p\nkey 5 hand=-0.1\n", TC_ERANGE,
          "t.motion:3: hand: -0.1 is outside 0..1" },
        { "tuckgen-motion 1\nphoto p\nkey 5 hand=1.5\n", TC_ERANGE, "hand: 1.5 is outside" },
        { "tuckgen-motion 1\nphoto p\nkey 5 rise=3\n", TC_ERANGE, "rise: 3 is outside -2..2" },
        { "tuckgen-motion 1\nphoto p\nhand_at knee\n", TC_EINVAL,
          "t.motion:3: hand_at is chin" },
        { "tuckgen-motion 1\nphoto p\nhand_at\n", TC_EFORMAT,
          "t.motion:3: hand_at wants 1 value" },
        { "tuckgen-motion 1\nphoto p\ncamera\n", TC_EFORMAT, "t.motion:3: camera wants" },
        { "tuckgen-motion 1\nphoto p\ncamera tilt=40\n", TC_ERANGE,
          "camera tilt: 40 is outside -30..30" },
        { "tuckgen-motion 1\nphoto p\ncamera roll=x\n", TC_EFORMAT, "camera roll: 'x'" },
        { "tuckgen-motion 1\nphoto p\ncamera pan=3\n", TC_EINVAL, "unknown setting 'pan=3'" },
        { "tuckgen-motion 1\nphoto p\ncamera tilt=1 tilt=2\n", TC_EINVAL, "tilt given twice" },
        { "tuckgen-motion 1\nphoto p\ncamera tilt=1 roll=2 roll=3\n", TC_EFORMAT,
          "camera wants" },
        { "tuckgen-motion 1\nphoto p\ncamera tilt=1\ncamera roll=2\n", TC_EINVAL,
          "t.motion:4: camera given again (first on line 3)" },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tc_motion *m = (tc_motion *)1;
        char err[256] = "";
        int rc = tc_motion_parse(&m, cases[i].text, strlen(cases[i].text), "t.motion",
                                 err, sizeof err);
        if (rc != cases[i].rc || !strstr(err, cases[i].msg))
            fail_msg("case %zu: rc %d err '%s', want %d '%s'", i, rc, err, cases[i].rc,
                     cases[i].msg);
        assert_null(m);
    }
}

static void long_line_and_nul_are_refused(void **state)
{
    char text[4096];
    tc_motion *m;
    char err[256];
    (void)state;
    memset(text, 'x', sizeof text);
    memcpy(text, "tuckgen-motion 1\n", 17);
    assert_int_equal(tc_motion_parse(&m, text, sizeof text, "t", err, sizeof err), TC_EFORMAT);
    assert_non_null(strstr(err, "longer"));
    static const char nul[] = "tuckgen-motion 1\nphoto p\0q\n";
    assert_int_equal(tc_motion_parse(&m, nul, sizeof nul - 1, "t", err, sizeof err), TC_EFORMAT);
    assert_non_null(strstr(err, "NUL"));
}

static void truth_round_trips(void **state)
{
    char path[] = "/tmp/tc_truth_XXXXXX", err[256];
    tc_truth t, back;
    tc_motion_rep rep;
    tc_truth_frame frames[3];
    int fd = mkstemp(path);
    (void)state;
    assert_true(fd >= 0);
    close(fd);
    memset(&t, 0, sizeof t);
    memset(&rep, 0, sizeof rep);
    memset(frames, 0, sizeof frames);
    snprintf(t.video, sizeof t.video, "a.mkv");
    snprintf(t.photo, sizeof t.photo, "p");
    t.view = TC_VIEW_FRONT;
    t.width = 640;
    t.height = 480;
    t.fps = 30;
    t.distance_mm = 700;
    t.hfov_deg = 60;
    rep = (tc_motion_rep){ 1, 2.5, 7.5, 9, { 20, 3 }, 2, 1u << TC_FAULT_JERKY, { NAN, NAN } };
    t.cva_rest_deg[0] = t.cva_rest_deg[1] = NAN;
    for (int i = 0; i < 3; i++) {
        frames[i].t_s = i / 30.0;
        frames[i].v[TC_CH_RETRACTION] = 1.5 * i;
        frames[i].in_view = i != 1;
    }
    t.frames = frames;
    t.n_frames = 3;
    t.reps = &rep;
    t.n_reps = 1;
    assert_int_equal(tc_truth_write(path, &t, err, sizeof err), TC_OK);
    assert_int_equal(tc_truth_load(&back, path, err, sizeof err), TC_OK);
    assert_string_equal(back.video, "a.mkv");
    assert_int_equal(back.n_frames, 3);
    assert_int_equal(back.n_reps, 1);
    assert_true(back.reps[0].hold_start_s == 2.5 && back.reps[0].amp[TC_CH_PITCH] == 3);
    assert_int_equal(back.reps[0].faults, 1u << TC_FAULT_JERKY);
    assert_int_equal(back.reps[0].pauses, 2);
    assert_true(back.frames[2].v[TC_CH_RETRACTION] == 3.0);
    assert_int_equal(back.frames[1].in_view, 0);
    assert_true(fabs(back.frames[1].t_s - 1 / 30.0) < 1e-4);
    /* a level camera and no CVA: neither written, read as level / NAN */
    assert_true(back.camera_tilt_deg == 0 && back.camera_roll_deg == 0);
    assert_true(isnan(back.reps[0].cva_change_deg[0]) && isnan(back.cva_rest_deg[1]));
    tc_truth_free(&back);

    /* the side view's: the camera's placement and the CVA from the marks */
    t.view = TC_VIEW_SIDE;
    t.camera_tilt_deg = 10;
    t.camera_roll_deg = -5;
    t.cva_rest_deg[0] = -13.25;
    t.cva_rest_deg[1] = 4;
    rep.cva_change_deg[0] = -1.75;
    rep.cva_change_deg[1] = 0.5;
    assert_int_equal(tc_truth_write(path, &t, err, sizeof err), TC_OK);
    assert_int_equal(tc_truth_load(&back, path, err, sizeof err), TC_OK);
    assert_true(back.camera_tilt_deg == 10 && back.camera_roll_deg == -5);
    assert_true(back.cva_rest_deg[0] == -13.25 && back.cva_rest_deg[1] == 4);
    assert_true(back.reps[0].cva_change_deg[0] == -1.75 && back.reps[0].cva_change_deg[1] == 0.5);
    tc_truth_free(&back);
    unlink(path);
}

/* hand and rise are written only when they move (older truth files keep
 * their bytes) and read as 0 when absent. */
static void truth_hand_rise_columns(void **state)
{
    char path[] = "/tmp/tc_truth_XXXXXX", err[256], buf[4096];
    tc_truth t, back;
    tc_truth_frame frames[2];
    int fd = mkstemp(path);
    (void)state;
    assert_true(fd >= 0);
    close(fd);
    memset(&t, 0, sizeof t);
    memset(frames, 0, sizeof frames);
    snprintf(t.video, sizeof t.video, "a.mkv");
    t.view = TC_VIEW_FRONT;
    t.width = 640;
    t.height = 480;
    t.fps = 30;
    frames[1].t_s = 1 / 30.0;
    t.frames = frames;
    t.n_frames = 2;
    for (int pass = 0; pass < 2; pass++) {
        FILE *f;
        size_t n;
        frames[1].v[TC_CH_HAND] = pass ? 0.5 : 0;
        frames[1].v[TC_CH_RISE] = pass ? -0.25 : 0;
        assert_int_equal(tc_truth_write(path, &t, err, sizeof err), TC_OK);
        assert_non_null(f = fopen(path, "r"));
        n = fread(buf, 1, sizeof buf - 1, f);
        fclose(f);
        buf[n] = '\0';
        assert_true(!strstr(buf, "\"hand\"") == !pass && !strstr(buf, "\"rise\"") == !pass);
        assert_int_equal(tc_truth_load(&back, path, err, sizeof err), TC_OK);
        assert_true(back.frames[1].v[TC_CH_HAND] == (pass ? 0.5 : 0));
        assert_true(back.frames[1].v[TC_CH_RISE] == (pass ? -0.25 : 0));
        assert_true(back.frames[0].v[TC_CH_HAND] == 0);
        tc_truth_free(&back);
    }
    unlink(path);
}

static void bad_truth_is_refused(void **state)
{
    static const struct { const char *text; int rc; const char *msg; } cases[] = {
        { "[1,2", TC_EFORMAT, "not JSON (it ends inside the JSON value)" },
        { " \n", TC_EFORMAT, "not JSON (empty)" },
        { "{} {}", TC_EFORMAT, "not JSON (text after the JSON value)" },
        { "{}", TC_EFORMAT, "not a tuckcam truth file" },
        { "{\"tuckcam_truth\":9}", TC_EUNSUPPORTED, "newer" },
        { "{\"tuckcam_truth\":1,\"video\":\"../x\"}", TC_EFORMAT, "video" },
        { "{\"tuckcam_truth\":1,\"video\":\"x\",\"view\":\"front\",\"width\":1,\"height\":1,"
          "\"fps\":30,\"reps\":[{\"start\":2,\"hold_start\":1,\"return_start\":3,\"end\":4}]}",
          TC_EFORMAT, "increasing" },
        { "{\"tuckcam_truth\":1,\"video\":\"x\",\"view\":\"front\",\"width\":1,\"height\":1,"
          "\"fps\":30,\"reps\":[],\"frames\":{\"t\":[0,1],\"in_view\":[1]}}",
          TC_EFORMAT, "in_view" },
        { "{\"tuckcam_truth\":1,\"video\":\"x\",\"view\":\"front\",\"width\":1,\"height\":1,"
          "\"fps\":30,\"reps\":[],\"frames\":{\"t\":[0,0],\"in_view\":[1,1]}}",
          TC_EFORMAT, "increasing" },
        { "{\"tuckcam_truth\":1,\"video\":\"x\",\"view\":\"side\",\"width\":1,\"height\":1,"
          "\"fps\":30,\"camera\":{\"tilt_deg\":\"10\",\"roll_deg\":0}}", TC_EFORMAT, "\"camera\"" },
        { "{\"tuckcam_truth\":1,\"video\":\"x\",\"view\":\"side\",\"width\":1,\"height\":1,"
          "\"fps\":30,\"camera\":{\"tilt_deg\":100,\"roll_deg\":0}}", TC_EFORMAT, "\"camera\"" },
        { "{\"tuckcam_truth\":1,\"video\":\"x\",\"view\":\"side\",\"width\":1,\"height\":1,"
          "\"fps\":30,\"cva_rest_deg\":[1,2]}", TC_EFORMAT, "cva_rest_deg" },
        { "{\"tuckcam_truth\":1,\"video\":\"x\",\"view\":\"side\",\"width\":1,\"height\":1,"
          "\"fps\":30,\"reps\":[{\"start\":1,\"hold_start\":2,\"return_start\":3,\"end\":4,"
          "\"cva_change_deg\":{\"c7\":1e300,\"acromion\":0}}]}", TC_EFORMAT, "cva_change_deg" },
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tc_truth t;
        char err[256] = "";
        int rc = tc_truth_parse(&t, cases[i].text, strlen(cases[i].text), err, sizeof err);
        if (rc != cases[i].rc || !strstr(err, cases[i].msg))
            fail_msg("case %zu: rc %d err '%s'", i, rc, err);
        assert_null(t.frames);
        assert_null(t.reps);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rep_profile_follows_the_script),
        cmocka_unit_test(stop_and_go_glide_pauses),
        cmocka_unit_test(tracks_add_to_reps),
        cmocka_unit_test(hand_and_rise_channels),
        cmocka_unit_test(camera_placement),
        cmocka_unit_test(bad_scripts_name_the_line),
        cmocka_unit_test(long_line_and_nul_are_refused),
        cmocka_unit_test(truth_round_trips),
        cmocka_unit_test(truth_hand_rise_columns),
        cmocka_unit_test(bad_truth_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
