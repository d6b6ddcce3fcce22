/* tests/pipeline/test_pipeline.c — the pipeline with no models: frames
 * from a fake capture backend whose observations come from a trace (an
 * observe hook) score exactly as that trace sent in; the trace written on
 * the way is byte for byte the one a rescore writes; events (calibrated,
 * reps, found, lost, a stall) come out in order; errors carry the words
 * of whatever failed; the landmarks-to-observation mapping. */
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

#include "tests/files.h"

#include <linux/videodev2.h>

#include "capture/capture_impl.h"
#include "pipeline/pipeline.h"
#include "tests/capture/fake_v4l2.h"
#include "tests/core/synth.h"

#define W 640
#define H 480
#define MAX_OBS 4000

/* ---- a session of observations, through a trace --------------------- */

typedef struct session {
    tc_obs obs[MAX_OBS];
    size_t n;
    char   dir[64], trace[96];
} session;

static int collect(void *user, const tc_obs *obs)
{
    session *s = user;
    if (s->n == MAX_OBS)
        return TC_ERANGE;
    s->obs[s->n++] = *obs;
    return TC_OK;
}

/* Two good front-view reps (synth.h), written as a trace and read back, so
 * the observations are exactly what a trace holds. */
static session *make_session(void)
{
    static const synth_rep rep = SYNTH_GOOD;
    synth sy = { TC_VIEW_FRONT, 30, 0.6, 0, 2.5, 2.0, 777, 0, 0, 0 };
    session *s = calloc(1, sizeof *s);
    tc_trace_writer *tw = NULL;
    tc_trace_info info;
    char err[256];
    double t = 0;
    int64_t frame = 0;
    assert_non_null(s);
    snprintf(s->dir, sizeof s->dir, "/tmp/tc_pipeline_XXXXXX");
    assert_non_null(mkdtemp(s->dir));
    snprintf(s->trace, sizeof s->trace, "%s/in.trace.jsonl", s->dir);
    memset(&info, 0, sizeof info);
    info.width = W;
    info.height = H;
    assert_int_equal(tc_trace_writer_create(&tw, s->trace, &info, NULL), TC_OK);
    for (int k = 0; k < 2; k++) {
        double start = t + (k ? rep.rest_s : sy.calib_s);
        double end = start + rep.retract_s + rep.hold_s + rep.return_s + (k ? sy.tail_s : 0);
        for (; t < end - 1e-9; t += 1.0 / sy.fps, frame++) {
            double pr = synth_progress(&rep, t - start);
            tc_obs o;
            synth_obs(&sy, &o, (int64_t)llround(t * 1e6), frame, pr * rep.depth_mm,
                      pr * rep.pitch_deg, 0, 0, 0);
            assert_int_equal(tc_trace_write(tw, &o, NULL), TC_OK);
        }
    }
    assert_int_equal(tc_trace_writer_close(tw), TC_OK);
    assert_int_equal(tc_trace_read(s->trace, &info, collect, s, err, sizeof err), TC_OK);
    assert_true(s->n > 300);
    return s;
}

static void drop_session(session *s)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", s->dir);
    assert_int_equal(system(cmd), 0);
    free(s);
}

/* ---- a fake capture backend: the session's frame times ---------------- */

typedef struct fake_src {
    const session *s;
    size_t         next;
    size_t         stall_at;    /* before this frame: one TC_EAGAIN */
    size_t         fail_at;     /* at this frame: TC_EIO */
    int            stalled;
    uint8_t       *pixels;      /* one grey W x H BGR frame */
} fake_src;

static int fake_read(tc_capture *cap, tc_frame *f, int timeout_ms)
{
    fake_src *fs = cap->priv;
    (void)timeout_ms;
    if (fs->next == fs->stall_at && !fs->stalled) {
        fs->stalled = 1;
        tc_capture__note(cap, "fake camera: nothing for a while");
        return TC_EAGAIN;
    }
    if (fs->next == fs->fail_at)
        return tc_capture__fail(cap, TC_EIO, "fake camera: the cable came out");
    if (fs->next >= fs->s->n) {
        tc_capture__note(cap, "fake camera: end");
        return TC_EOF;
    }
    const tc_obs *o = &fs->s->obs[fs->next++];
    *f = (tc_frame){ fs->pixels, (size_t)W * 3, W, H, TC_PIXFMT_BGR24, o->t_us,
                     (uint64_t)o->frame, 0 };
    return TC_OK;
}

static void fake_destroy(tc_capture *cap)
{
    (void)cap;
}

static const tc_capture__ops fake_ops = { "fake", fake_read, fake_destroy };

static tc_capture *fake_open(fake_src *fs, const session *s)
{
    tc_capture *cap = NULL;
    memset(fs, 0, sizeof *fs);
    fs->s = s;
    fs->stall_at = fs->fail_at = (size_t)-1;
    fs->pixels = calloc((size_t)W * H, 3);
    assert_non_null(fs->pixels);
    memset(fs->pixels, 128, (size_t)W * H * 3);
    assert_int_equal(tc_capture__alloc(&cap, &fake_ops, NULL), TC_OK);
    cap->priv = fs;
    return cap;
}

static void fake_close(tc_capture *cap, fake_src *fs)
{
    tc_capture_destroy(cap);
    free(fs->pixels);
}

/* The observe hook: the session's observation of the frame's number. */
static int from_session(void *user, const tc_frame *f, tc_obs *obs)
{
    const session *s = user;
    for (size_t i = 0; i < s->n; i++)
        if (s->obs[i].frame == (int64_t)f->seq) {
            *obs = s->obs[i];
            return obs->has_pose ? TC_OK : TC_ENOTFOUND;
        }
    return TC_ENOTFOUND;
}

static tc_pipeline *open_pipeline(session *s, const char *trace_path)
{
    tc_pipeline_config pc = TC_PIPELINE_CONFIG_INIT;
    tc_pipeline *p = NULL;
    char err[256];
    pc.observe = s ? from_session : NULL;
    pc.observe_user = s;
    pc.trace_path = trace_path;
    pc.source = "test";
    pc.created_by = "test_pipeline";
    assert_int_equal(tc_pipeline_create(&p, &pc, err, sizeof err), TC_OK);
    return p;
}

/* ---- tests ------------------------------------------------------------ */

static void frames_score_as_their_trace(void **state)
{
    session *s = make_session();
    fake_src fs;
    tc_capture *cap = fake_open(&fs, s);
    char t1[128], t2[128];
    tc_pipeline_event ev;
    tc_trace_info info;
    tc_frame f;
    int rc, counts[8] = { 0 };
    (void)state;

    snprintf(t1, sizeof t1, "%s/frames.trace.jsonl", s->dir);
    snprintf(t2, sizeof t2, "%s/rescored.trace.jsonl", s->dir);
    fs.stall_at = 100;
    tc_pipeline *a = open_pipeline(s, t1);
    while ((rc = tc_pipeline_pull(a, cap, 1000, &f)) != TC_EOF) {
        if (rc == TC_OK)
            assert_int_equal(tc_pipeline_send_frame(a, &f), TC_OK);
        else
            assert_int_equal(rc, TC_EAGAIN);
        while (tc_pipeline_receive_event(a, &ev) == TC_OK) {
            counts[ev.type]++;
            if (ev.type == TC_PIPELINE_STALLED)
                assert_non_null(strstr(ev.text, "nothing for a while"));
            if (ev.type == TC_PIPELINE_REP)
                assert_false(ev.rep.partial);
        }
    }
    assert_int_equal(tc_pipeline_finish(a), TC_OK);
    assert_int_equal(tc_pipeline_receive_event(a, &ev), TC_EAGAIN);
    assert_int_equal(counts[TC_PIPELINE_CALIBRATED], 1);
    assert_int_equal(counts[TC_PIPELINE_REP], 2);
    assert_int_equal(counts[TC_PIPELINE_STALLED], 1);
    assert_int_equal(counts[TC_PIPELINE_FOUND], 1);
    assert_int_equal(counts[TC_PIPELINE_LOST], 0);
    assert_int_equal(tc_pipeline_frames(a), (int64_t)s->n);

    /* the same observations as a trace: the same reps, the same trace */
    tc_pipeline *b = open_pipeline(NULL, t2);
    assert_int_equal(tc_pipeline_send_trace(b, s->trace, &info), TC_OK);
    assert_int_equal(info.frames, (int64_t)s->n);
    assert_int_equal(tc_pipeline_finish(b), TC_OK);
    const tc_rep *ra, *rb;
    size_t na = tc_scorer_reps(tc_pipeline_scorer(a), &ra);
    size_t nb = tc_scorer_reps(tc_pipeline_scorer(b), &rb);
    assert_int_equal(na, 2);
    assert_int_equal(nb, na);
    assert_memory_equal(ra, rb, na * sizeof *ra);
    size_t l1, l2;
    char *b1 = tc_test_slurp(t1, &l1), *b2 = tc_test_slurp(t2, &l2);
    assert_int_equal(l1, l2);
    assert_memory_equal(b1, b2, l1);
    free(b1);
    free(b2);
    tc_pipeline_destroy(a);
    tc_pipeline_destroy(b);
    fake_close(cap, &fs);
    drop_session(s);
}

static void run_waits_out_a_stall(void **state)
{
    session *s = make_session();
    fake_src fs;
    tc_capture *cap = fake_open(&fs, s);
    tc_pipeline *p = open_pipeline(s, NULL);
    (void)state;
    fs.stall_at = 10;
    assert_int_equal(tc_pipeline_run(p, cap, NULL, NULL), TC_OK);
    assert_int_equal(tc_pipeline_frames(p), (int64_t)s->n);
    assert_int_equal(tc_scorer_reps(tc_pipeline_scorer(p), NULL), 2);
    tc_pipeline_destroy(p);
    fake_close(cap, &fs);
    drop_session(s);
}

static void a_failing_source_is_said_in_its_words(void **state)
{
    session *s = make_session();
    fake_src fs;
    tc_capture *cap = fake_open(&fs, s);
    tc_pipeline *p = open_pipeline(s, NULL);
    (void)state;
    fs.fail_at = 50;
    assert_int_equal(tc_pipeline_run(p, cap, NULL, NULL), TC_EIO);
    assert_non_null(strstr(tc_pipeline_last_error(p), "the cable came out"));
    assert_int_equal(tc_pipeline_frames(p), 50);
    tc_pipeline_destroy(p);
    fake_close(cap, &fs);
    drop_session(s);
}

static int broken_eye(void *user, const tc_frame *f, tc_obs *obs)
{
    (void)user;
    (void)obs;
    return f->seq == 7 ? TC_EINTERNAL : TC_ENOTFOUND;
}

static void an_observe_error_names_the_frame(void **state)
{
    session *s = make_session();
    fake_src fs;
    tc_capture *cap = fake_open(&fs, s);
    tc_pipeline_config pc = TC_PIPELINE_CONFIG_INIT;
    tc_pipeline *p = NULL;
    (void)state;
    pc.observe = broken_eye;
    assert_int_equal(tc_pipeline_create(&p, &pc, NULL, 0), TC_OK);
    assert_int_equal(tc_pipeline_run(p, cap, NULL, NULL), TC_EINTERNAL);
    assert_non_null(strstr(tc_pipeline_last_error(p), "frame 7"));
    tc_pipeline_destroy(p);
    fake_close(cap, &fs);
    drop_session(s);
}

static void lost_and_found_and_overflow(void **state)
{
    tc_pipeline_config pc = TC_PIPELINE_CONFIG_INIT;
    tc_pipeline *p = NULL;
    tc_pipeline_event ev;
    tc_obs o;
    (void)state;
    pc.width = W;
    pc.height = H;
    assert_int_equal(tc_pipeline_create(&p, &pc, NULL, 0), TC_OK);
    memset(&o, 0, sizeof o);
    for (int i = 0; i < 1000; i++) {      /* in view, out of view, ... */
        o.t_us = (int64_t)i * 33333;
        o.frame = i;
        o.has_pose = i % 2;
        assert_int_equal(tc_pipeline_send_obs(p, &o), TC_OK);
    }
    /* 999 changes (found at 1, lost at 2, ...): the last 256 are kept */
    assert_int_equal(tc_pipeline_events_dropped(p), 999 - 256);
    assert_int_equal(tc_pipeline_receive_event(p, &ev), TC_OK);
    assert_int_equal(ev.frame, 999 - 255);
    assert_int_equal(ev.type, TC_PIPELINE_LOST);
    /* time going back is refused and said */
    assert_int_equal(tc_pipeline_send_obs(p, &o), TC_EINVAL);
    assert_non_null(strstr(tc_pipeline_last_error(p), "does not follow"));
    assert_int_equal(tc_pipeline_finish(p), TC_OK);
    assert_int_equal(tc_pipeline_send_obs(p, &o), TC_EINVAL);
    tc_pipeline_destroy(p);
}

static void bad_config_is_refused(void **state)
{
    tc_pipeline_config pc = TC_PIPELINE_CONFIG_INIT;
    tc_pipeline *p = NULL;
    tc_frame f = { NULL, 0, W, H, TC_PIXFMT_BGR24, 0, 0, 0 };
    char err[256];
    (void)state;
    pc.view = "sideways";
    assert_int_equal(tc_pipeline_create(&p, &pc, err, sizeof err), TC_EINVAL);
    assert_null(p);
    assert_non_null(strstr(err, "view"));
    pc.view = NULL;
    assert_int_equal(tc_pipeline_create(&p, &pc, err, sizeof err), TC_OK);
    assert_int_equal(tc_pipeline_send_frame(p, &f), TC_EINVAL);   /* no vision, no hook */
    assert_int_equal(tc_pipeline_send_trace(p, "/nonexistent/x.trace.jsonl", NULL), TC_ENOENT);
    assert_non_null(strstr(tc_pipeline_last_error(p), "/nonexistent/x.trace.jsonl"));
    tc_pipeline_destroy(p);
    tc_pipeline_destroy(NULL);
}

static int nobody(void *user, const tc_frame *fr, tc_obs *obs)
{
    (void)user;
    (void)fr;
    (void)obs;
    return TC_ENOTFOUND;
}

static void landmarks_become_an_observation(void **state)
{
    tc_landmarks *lm = calloc(1, sizeof *lm);
    tc_obs o;
    (void)state;
    assert_non_null(lm);
    lm->has_pose = lm->has_face = lm->has_head_pose = 1;
    lm->pose[TC_POSE_LEFT_EAR] = (tc_landmark){ 0.25f, 0.5f, 0, 0.75f, 1 };
    lm->pose[TC_POSE_RIGHT_SHOULDER] = (tc_landmark){ 0.5f, 0.75f, 0, 0.5f, 1 };
    lm->face[TC_FACE_RIGHT_EDGE] = (tc_point3){ 0.25f, 0.5f, 0 };
    lm->face[TC_FACE_LEFT_EDGE] = (tc_point3){ 0.5f, 0.5f, 0.25f };   /* z in widths */
    lm->face[TC_FACE_TOP] = (tc_point3){ 0.5f, 0.25f, 0 };
    lm->face[TC_FACE_CHIN] = (tc_point3){ 0.5f, 0.75f, 0 };
    lm->pitch = 5;
    lm->yaw = -3;
    lm->roll = 1;
    tc_pipeline_observation(&o, lm, 1, W, H, 1234, 9);
    assert_int_equal(o.t_us, 1234);
    assert_int_equal(o.frame, 9);
    assert_true(o.has_pose && o.has_face && o.has_head_pose);
    assert_float_equal(o.pt[TC_OBS_LEFT_EAR].x, 160, 1e-3);
    assert_float_equal(o.pt[TC_OBS_LEFT_EAR].y, 240, 1e-3);
    assert_float_equal(o.pt[TC_OBS_LEFT_EAR].vis, 0.75, 1e-6);
    assert_float_equal(o.pt[TC_OBS_RIGHT_SHOULDER].y, 360, 1e-3);
    assert_float_equal(o.face_width, hypot(160, 160), 1e-3);
    assert_float_equal(o.face_height, 240, 1e-3);
    assert_float_equal(o.pitch, 5, 0);
    tc_pipeline_observation(&o, lm, 0, W, H, 1234, 9);   /* nobody: nothing but time */
    assert_false(o.has_pose || o.has_face || o.has_head_pose);
    assert_int_equal(o.t_us, 1234);
    free(lm);
}

/* A webcam (the V4L2 backend on tests/capture's fake camera) that stalls
 * once mid-session: pull says so (TC_EAGAIN, a STALLED event in the
 * camera's words) and the next pull delivers the next frame; an unplug
 * ends it with the backend's own text. `live` reads frames this way. */
static void a_webcam_stall_is_waited_out(void **state)
{
    fake_cam cam;
    tc_capture_config cfg = TC_CAPTURE_CONFIG_INIT;
    tc_v4l2_io io;
    tc_capture *cap = NULL;
    tc_pipeline_config pc = TC_PIPELINE_CONFIG_INIT;
    tc_pipeline *p = NULL;
    tc_pipeline_event ev;
    tc_frame f;
    int rc, stalls = 0, sent = 0;
    uint64_t last_seq = 0;
    (void)state;

    memset(&cam, 0, sizeof cam);
    cam.modes[0] = (fake_mode){ V4L2_PIX_FMT_YUYV, W, H, 30 };
    cam.nmodes = 1;
    cam.unplug_after = 12;
    io = fake_v4l2_io(&cam);
    cfg.width = W;
    cfg.height = H;
    cfg.fps = 30;
    assert_int_equal(tc_capture__create_webcam_io(&cap, "/dev/video0", &cfg, &io), TC_OK);
    pc.observe = nobody;
    assert_int_equal(tc_pipeline_create(&p, &pc, NULL, 0), TC_OK);
    while ((rc = tc_pipeline_pull(p, cap, 2000, &f)) != TC_ENODEV) {
        if (rc == TC_EAGAIN) {
            stalls++;
            assert_int_equal(tc_pipeline_receive_event(p, &ev), TC_OK);
            assert_int_equal(ev.type, TC_PIPELINE_STALLED);
            assert_non_null(strstr(ev.text, "stalled"));
            assert_null(strstr(ev.text, "no error"));
            continue;
        }
        assert_int_equal(rc, TC_OK);
        if (sent && stalls)
            assert_int_equal(f.seq, last_seq + 1);   /* nothing lost over the stall */
        last_seq = f.seq;
        assert_int_equal(tc_pipeline_send_frame(p, &f), TC_OK);
        if (++sent == 5)
            cam.stall_polls = 1;
    }
    assert_int_equal(stalls, 1);
    assert_int_equal(sent, 12);
    assert_null(strstr(tc_pipeline_last_error(p), "no error"));
    assert_int_equal(tc_pipeline_finish(p), TC_OK);
    tc_pipeline_destroy(p);
    tc_capture_destroy(cap);
    fake_v4l2_free(&cam);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(frames_score_as_their_trace),
        cmocka_unit_test(run_waits_out_a_stall),
        cmocka_unit_test(a_webcam_stall_is_waited_out),
        cmocka_unit_test(a_failing_source_is_said_in_its_words),
        cmocka_unit_test(an_observe_error_names_the_frame),
        cmocka_unit_test(lost_and_found_and_overflow),
        cmocka_unit_test(bad_config_is_refused),
        cmocka_unit_test(landmarks_become_an_observation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
