/* tests/capture/test_v4l2.c — the webcam backend against a fake camera:
 * negotiation (YUYV when it reaches the rate, MJPEG for 720p30), streaming
 * BGR frames with driver timestamps, dropped frames as sequence gaps,
 * unplug mid-stream, a busy camera, a missing one, a stall (TC_EAGAIN with
 * its reason, then frames again), and listing. Also the file backend's
 * end-of-stream texts (capture's one test of read's flow signals). */
#include <libavcodec/avcodec.h>
#include <libavutil/log.h>
#include <linux/videodev2.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "fake_v4l2.h"

static const fake_mode typical_uvc[] = {
    { V4L2_PIX_FMT_YUYV, 640, 480, 30 },
    { V4L2_PIX_FMT_YUYV, 1280, 720, 10 },
    { V4L2_PIX_FMT_MJPEG, 640, 480, 30 },
    { V4L2_PIX_FMT_MJPEG, 1280, 720, 30 },
};

static uint8_t *jpeg;
static int jpeg_size;

/* A 1280x720 mid-grey JPEG from libavcodec's MJPEG encoder. */
static int make_jpeg(void **state)
{
    const AVCodec *codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
    AVCodecContext *ctx = codec ? avcodec_alloc_context3(codec) : NULL;
    AVFrame *f = av_frame_alloc();
    AVPacket *p = av_packet_alloc();
    int rc = -1;
    (void)state;
    if (!ctx || !f || !p)
        goto out;
    ctx->width = 1280;
    ctx->height = 720;
    ctx->pix_fmt = AV_PIX_FMT_YUVJ420P;
    ctx->time_base = (AVRational){ 1, 30 };
    if (avcodec_open2(ctx, codec, NULL) < 0)
        goto out;
    f->format = ctx->pix_fmt;
    f->width = 1280;
    f->height = 720;
    if (av_frame_get_buffer(f, 0) < 0)
        goto out;
    for (int pl = 0; pl < 3; pl++)
        for (int y = 0; y < (pl ? 360 : 720); y++)
            memset(f->data[pl] + (size_t)y * (size_t)f->linesize[pl], 128,
                   pl ? 640 : 1280);
    if (avcodec_send_frame(ctx, f) < 0 || avcodec_receive_packet(ctx, p) < 0)
        goto out;
    jpeg = malloc((size_t)p->size);
    if (jpeg) {
        memcpy(jpeg, p->data, (size_t)p->size);
        jpeg_size = p->size;
        rc = 0;
    }
out:
    av_packet_free(&p);
    av_frame_free(&f);
    avcodec_free_context(&ctx);
    return rc;
}

static int free_jpeg(void **state)
{
    (void)state;
    free(jpeg);
    return 0;
}

static void setup_cam(fake_cam *c)
{
    memset(c, 0, sizeof *c);
    memcpy(c->modes, typical_uvc, sizeof typical_uvc);
    c->nmodes = 4;
    c->jpeg = jpeg;
    c->jpeg_size = (size_t)jpeg_size;
}

static tc_capture *open_cam(fake_cam *c, int w, int h, int fps, int *rc)
{
    tc_capture_config cfg = TC_CAPTURE_CONFIG_INIT;
    tc_v4l2_io io = fake_v4l2_io(c);
    tc_capture *cap = (tc_capture *)1;
    cfg.width = w;
    cfg.height = h;
    cfg.fps = fps;
    *rc = tc_capture__create_webcam_io(&cap, "/dev/video0", &cfg, &io);
    return cap;
}

static void picks_yuyv_when_it_reaches_the_rate(void **state)
{
    fake_cam c;
    tc_capture_stats st;
    tc_capture_config got;
    int rc;
    (void)state;
    setup_cam(&c);
    tc_capture *cap = open_cam(&c, 640, 480, 30, &rc);
    assert_int_equal(rc, TC_OK);
    tc_capture_get_stats(cap, &st);
    tc_capture_get_config(cap, &got);
    assert_string_equal(st.codec, "v4l2 YUYV");
    assert_int_equal(got.width, 640);
    assert_int_equal(got.height, 480);
    assert_int_equal(got.fps, 30);
    tc_capture_destroy(cap);
    assert_int_equal(c.fd_open, 0);
    fake_v4l2_free(&c);
}

static void picks_mjpeg_for_720p30_and_decodes_it(void **state)
{
    fake_cam c;
    tc_capture_stats st;
    tc_frame f;
    int rc;
    (void)state;
    setup_cam(&c);
    tc_capture *cap = open_cam(&c, 1280, 720, 30, &rc);
    assert_int_equal(rc, TC_OK);
    tc_capture_get_stats(cap, &st);
    assert_string_equal(st.codec, "v4l2 MJPG");
    assert_int_equal(tc_capture_read(cap, &f, 100), TC_OK);
    assert_int_equal(f.width, 1280);
    assert_int_equal(f.height, 720);
    assert_int_equal(f.format, TC_PIXFMT_BGR24);
    /* full-range mid grey stays mid grey */
    assert_in_range(f.data[(size_t)360 * f.stride + 640 * 3], 120, 136);
    tc_capture_destroy(cap);
    fake_v4l2_free(&c);
}

static void streams_bgr_with_driver_timestamps(void **state)
{
    fake_cam c;
    tc_frame f;
    int rc, last_y = -1;
    int64_t last_t = -1;
    (void)state;
    setup_cam(&c);
    tc_capture *cap = open_cam(&c, 640, 480, 30, &rc);
    assert_int_equal(rc, TC_OK);
    for (uint64_t i = 0; i < 12; i++) {
        assert_int_equal(tc_capture_read(cap, &f, 100), TC_OK);
        assert_int_equal(f.seq, i);
        assert_int_equal(f.width, 640);
        assert_int_equal(f.stride, 640 * 3);
        if (last_t >= 0)
            assert_in_range(f.pts_us - last_t, 33000, 34000); /* 30 fps */
        else
            assert_int_equal(f.pts_us, 0);
        last_t = f.pts_us;
        /* grey: B == G == R, brighter each frame (the fake's pattern) */
        const uint8_t *p = f.data + (size_t)100 * f.stride + 300;
        assert_in_range(abs(p[0] - p[1]) + abs(p[1] - p[2]), 0, 4);
        assert_true(p[0] > last_y);
        last_y = p[0];
    }
    tc_capture_destroy(cap);
    fake_v4l2_free(&c);
}

static void dropped_frames_are_sequence_gaps(void **state)
{
    fake_cam c;
    tc_frame f;
    tc_capture_stats st;
    int rc;
    uint64_t last = 0;
    (void)state;
    setup_cam(&c);
    c.drop_every = 3;
    tc_capture *cap = open_cam(&c, 640, 480, 30, &rc);
    assert_int_equal(rc, TC_OK);
    for (int i = 0; i < 10; i++) {
        assert_int_equal(tc_capture_read(cap, &f, 100), TC_OK);
        if (i)
            assert_true(f.seq == last + 1 || f.seq == last + 2);
        last = f.seq;
    }
    tc_capture_get_stats(cap, &st);
    assert_int_equal(st.frames, 10);
    assert_int_equal(st.dropped, 3);         /* after frames 3, 6, 9 */
    assert_int_equal(last, 9 + 3);
    tc_capture_destroy(cap);
    fake_v4l2_free(&c);
}

static void unplug_mid_stream_is_enodev(void **state)
{
    fake_cam c;
    tc_frame f;
    int rc;
    (void)state;
    setup_cam(&c);
    c.unplug_after = 5;
    tc_capture *cap = open_cam(&c, 640, 480, 30, &rc);
    assert_int_equal(rc, TC_OK);
    for (int i = 0; i < 5; i++)
        assert_int_equal(tc_capture_read(cap, &f, 100), TC_OK);
    assert_int_equal(tc_capture_read(cap, &f, 100), TC_ENODEV);
    assert_non_null(strstr(tc_capture_last_error(cap), "disconnected"));
    assert_int_equal(tc_capture_read(cap, &f, 100), TC_ENODEV); /* stays gone */
    tc_capture_destroy(cap); /* cleans up without the device */
    assert_int_equal(c.fd_open, 0);
    fake_v4l2_free(&c);
}

static void busy_camera_is_ebusy(void **state)
{
    fake_cam c;
    int rc;
    (void)state;
    setup_cam(&c);
    c.busy = 1;
    tc_capture *cap = open_cam(&c, 640, 480, 30, &rc);
    assert_int_equal(rc, TC_EBUSY);
    assert_null(cap);
    assert_int_equal(c.fd_open, 0);
    fake_v4l2_free(&c);
}

static void missing_camera_is_enoent(void **state)
{
    fake_cam c;
    tc_capture_config cfg = TC_CAPTURE_CONFIG_INIT;
    tc_v4l2_io io;
    tc_capture *cap = (tc_capture *)1;
    (void)state;
    setup_cam(&c);
    io = fake_v4l2_io(&c);
    assert_int_equal(tc_capture__create_webcam_io(&cap, "/dev/video7", &cfg, &io),
                     TC_ENOENT);
    assert_null(cap);
}

static void stall_is_eagain(void **state)
{
    fake_cam c;
    tc_frame f;
    int rc;
    (void)state;
    setup_cam(&c);
    tc_capture *cap = open_cam(&c, 640, 480, 30, &rc);
    assert_int_equal(rc, TC_OK);
    c.stall = 1;
    assert_int_equal(tc_capture_read(cap, &f, 10), TC_EAGAIN);
    c.stall = 0;
    assert_int_equal(tc_capture_read(cap, &f, 10), TC_OK);
    tc_capture_destroy(cap);
    fake_v4l2_free(&c);
}

/* A stall is a flow signal: TC_EAGAIN with the reason in words, and the
 * handle goes on with the next frame. */
static void stall_once_says_why_and_frames_flow_again(void **state)
{
    fake_cam c;
    tc_frame f;
    tc_capture_stats st;
    const char *why;
    int rc;
    (void)state;
    setup_cam(&c);
    tc_capture *cap = open_cam(&c, 640, 480, 30, &rc);
    assert_int_equal(rc, TC_OK);
    for (uint64_t i = 0; i < 3; i++) {
        assert_int_equal(tc_capture_read(cap, &f, 100), TC_OK);
        assert_int_equal(f.seq, i);
    }
    c.stall_polls = 1;
    assert_int_equal(tc_capture_read(cap, &f, 2000), TC_EAGAIN);
    why = tc_capture_last_error(cap);
    assert_null(strstr(why, "no error"));
    assert_non_null(strstr(why, "/dev/video0"));
    assert_non_null(strstr(why, "2000 ms"));
    assert_non_null(strstr(why, "stalled"));
    assert_int_equal(tc_capture_read(cap, &f, 2000), TC_OK);
    assert_int_equal(f.seq, 3);
    assert_in_range(f.pts_us, 99000, 101000); /* 3 frames at 30 fps */
    tc_capture_get_stats(cap, &st);
    assert_int_equal(st.frames, 4);
    assert_int_equal(st.dropped, 0);
    tc_capture_destroy(cap);
    fake_v4l2_free(&c);
}

/* A PNG whose header is garbage: one corrupt packet, no frame. With frame
 * threads the decoder reports it only at the end-of-stream packet, which
 * read turned into TC_EIO with "no error"; it is a corrupt packet like any
 * other: TC_EOF after 0 frames, counted, and last_error says so. */
static void file_corrupt_only_frame_is_eof_with_reason(void **state)
{
    static const char bad[] = "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDRgarbagegarbagegarbage";
    char dir[] = "/tmp/tc_file_XXXXXX", path[64];
    FILE *fp;
    (void)state;
    av_log_set_level(AV_LOG_QUIET);
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/bad.png", dir);
    assert_non_null(fp = fopen(path, "wb"));
    assert_int_equal(fwrite(bad, 1, sizeof bad - 1, fp), sizeof bad - 1);
    fclose(fp);
    for (int threads = 2; threads >= 1; threads--) { /* frame threads, then none */
        tc_capture_config cfg = TC_CAPTURE_CONFIG_INIT;
        tc_capture *cap;
        tc_capture_stats st;
        tc_frame f;
        cfg.threads = threads;
        assert_int_equal(tc_capture_create_file(&cap, path, &cfg), TC_OK);
        assert_int_equal(tc_capture_read(cap, &f, 0), TC_EOF);
        assert_null(strstr(tc_capture_last_error(cap), "no error"));
        assert_non_null(strstr(tc_capture_last_error(cap), "after 0 frames"));
        assert_non_null(strstr(tc_capture_last_error(cap), "1 corrupt"));
        tc_capture_get_stats(cap, &st);
        assert_int_equal(st.corrupt, 1);
        assert_int_equal(st.frames, 0);
        tc_capture_destroy(cap);
    }
    unlink(path);
    rmdir(dir);
}

static int modes_seen, devices_seen;

static void count(void *user, const char *path, const char *card,
                  const char *bus, const tc_camera_mode *m)
{
    (void)user; (void)bus;
    assert_non_null(strstr(path, "video0"));
    if (!m) {
        assert_string_equal(card, "Fake Camera");
        devices_seen++;
        return;
    }
    modes_seen++;
    assert_int_equal(m->n_fps, 1);
    if (!strcmp(m->fourcc, "MJPG") && m->width == 1280)
        assert_true(m->fps[0] == 30.0);
}

static void lists_devices_and_modes(void **state)
{
    fake_cam c;
    char dir[] = "/tmp/tc_devs_XXXXXX", path[64];
    tc_v4l2_io io;
    (void)state;
    setup_cam(&c);
    io = fake_v4l2_io(&c);
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/video0", dir);
    fclose(fopen(path, "w"));
    snprintf(path, sizeof path, "%s/video1", dir); /* not a camera: open fails */
    fclose(fopen(path, "w"));
    assert_int_equal(tc_capture__list_devices_io(dir, count, NULL, &io), 1);
    assert_int_equal(devices_seen, 1);
    assert_int_equal(modes_seen, 4);
    unlink(path);
    snprintf(path, sizeof path, "%s/video0", dir);
    unlink(path);
    rmdir(dir);
    assert_int_equal(tc_capture__list_devices_io("/nonexistent", count, NULL, &io), TC_ENOENT);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(picks_yuyv_when_it_reaches_the_rate),
        cmocka_unit_test(picks_mjpeg_for_720p30_and_decodes_it),
        cmocka_unit_test(streams_bgr_with_driver_timestamps),
        cmocka_unit_test(dropped_frames_are_sequence_gaps),
        cmocka_unit_test(unplug_mid_stream_is_enodev),
        cmocka_unit_test(busy_camera_is_ebusy),
        cmocka_unit_test(missing_camera_is_enoent),
        cmocka_unit_test(stall_is_eagain),
        cmocka_unit_test(stall_once_says_why_and_frames_flow_again),
        cmocka_unit_test(lists_devices_and_modes),
        cmocka_unit_test(file_corrupt_only_frame_is_eof_with_reason),
    };
    return cmocka_run_group_tests(tests, make_jpeg, free_jpeg);
}
