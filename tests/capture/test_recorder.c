/* tests/capture/test_recorder.c — recorder arguments and errors: bad
 * configs, an unwritable path, /dev/full, wrong frames, use after close;
 * and a recording read back, its predicted frames told from its key frames. */
#include <libavutil/log.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "capture/capture.h"
#include "capture/recorder.h"

static tc_frame grey(int w, int h, int64_t t)
{
    static uint8_t buf[64 * 48 * 3];
    tc_frame f;
    memset(buf, 128, sizeof buf);
    f.data = buf;
    f.stride = (size_t)w * 3;
    f.width = w;
    f.height = h;
    f.format = TC_PIXFMT_BGR24;
    f.pts_us = t;
    f.seq = 0;
    f.predicted = 0;
    return f;
}

/* A recorder of 64x48 frames into a new temporary file, its name in path
 * (a "/tmp/tc_rec_XXXXXX" buffer). */
static tc_recorder *temp_recorder(char *path)
{
    tc_recorder_config cfg = TC_RECORDER_CONFIG_INIT;
    tc_recorder *r = NULL;
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    cfg.width = 64;
    cfg.height = 48;
    assert_int_equal(tc_recorder_create(&r, path, &cfg), TC_OK);
    return r;
}

static void bad_configs_are_einval(void **state)
{
    tc_recorder_config cfg = TC_RECORDER_CONFIG_INIT;
    tc_recorder *r = (tc_recorder *)1;
    (void)state;
    assert_int_equal(tc_recorder_create(&r, "/tmp/x.mkv", &cfg), TC_EINVAL);
    assert_null(r);
    cfg.width = 65;
    cfg.height = 48;
    assert_int_equal(tc_recorder_create(&r, "/tmp/x.mkv", &cfg), TC_EINVAL);
    cfg.width = 8;
    assert_int_equal(tc_recorder_create(&r, "/tmp/x.mkv", &cfg), TC_EINVAL);
    assert_int_equal(tc_recorder_create(&r, "/tmp/x.mkv", NULL), TC_EINVAL);
}

static void unwritable_path_fails_cleanly(void **state)
{
    tc_recorder_config cfg = TC_RECORDER_CONFIG_INIT;
    tc_recorder *r = (tc_recorder *)1;
    (void)state;
    cfg.width = 64;
    cfg.height = 48;
    assert_int_equal(tc_recorder_create(&r, "/nonexistent/dir/x.mkv", &cfg), TC_EIO);
    assert_null(r);
}

static void full_device_is_enospc(void **state)
{
    tc_recorder_config cfg = TC_RECORDER_CONFIG_INIT;
    tc_recorder *r = NULL;
    (void)state;
    if (access("/dev/full", W_OK) != 0)
        skip();
    cfg.width = 64;
    cfg.height = 48;
    int rc = tc_recorder_create(&r, "/dev/full", &cfg);
    if (rc == TC_OK) { /* the header fit in a buffer: the first frame fails */
        tc_frame f = grey(64, 48, 0);
        rc = tc_recorder_write(r, &f);
        assert_int_equal(tc_recorder_write(r, &f), rc); /* sticky */
        assert_non_null(strstr(tc_recorder_last_error(r), "recording stopped"));
        tc_recorder_destroy(r);
    }
    assert_int_equal(rc, TC_ENOSPC);
}

static void wrong_frames_and_use_after_close(void **state)
{
    tc_recorder_stats st;
    char path[] = "/tmp/tc_rec_XXXXXX";
    (void)state;
    tc_recorder *r = temp_recorder(path);
    tc_frame f = grey(64, 48, 0), small = grey(32, 24, 1);
    assert_int_equal(tc_recorder_write(r, &f), TC_OK);
    assert_int_equal(tc_recorder_write(r, &small), TC_EINVAL);
    f.pts_us = 0; /* same time again: kept increasing, not refused */
    assert_int_equal(tc_recorder_write(r, &f), TC_OK);
    assert_int_equal(tc_recorder_close(r), TC_OK);
    tc_recorder_get_stats(r, &st);
    assert_int_equal(st.frames, 2);
    assert_true(st.bytes > 0);
    assert_int_equal(tc_recorder_write(r, &f), TC_EINVAL);
    tc_recorder_destroy(r);
    tc_recorder_destroy(NULL);
    unlink(path);
}

/* A recording read back: its first frame (a key frame) is whole, the
 * frames after it predicted, until the next key frame (every 2 s). */
static void read_back_says_which_frames_are_predicted(void **state)
{
    tc_capture_config ccfg = TC_CAPTURE_CONFIG_INIT;
    tc_capture *cap = NULL;
    char path[] = "/tmp/tc_rec_XXXXXX";
    int n = 0, predicted[70];
    tc_frame f;
    (void)state;
    tc_recorder *r = temp_recorder(path);
    for (int i = 0; i < 70; i++) {
        f = grey(64, 48, (int64_t)i * 33333);
        assert_int_equal(tc_recorder_write(r, &f), TC_OK);
    }
    assert_int_equal(tc_recorder_close(r), TC_OK);
    tc_recorder_destroy(r);
    assert_int_equal(tc_capture_create_file(&cap, path, &ccfg), TC_OK);
    while (n < 70 && tc_capture_read(cap, &f, 0) == TC_OK)
        predicted[n++] = f.predicted;
    tc_capture_destroy(cap);
    unlink(path);
    assert_int_equal(n, 70);
    assert_int_equal(predicted[0], 0);
    assert_int_equal(predicted[1], 1);
    assert_int_equal(predicted[59], 1);
    assert_int_equal(predicted[60], 0);   /* the key frame at 2 s */
    assert_int_equal(predicted[61], 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_configs_are_einval),
        cmocka_unit_test(unwritable_path_fails_cleanly),
        cmocka_unit_test(full_device_is_enospc),
        cmocka_unit_test(wrong_frames_and_use_after_close),
        cmocka_unit_test(read_back_says_which_frames_are_predicted),
    };
    av_log_set_level(AV_LOG_QUIET);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
