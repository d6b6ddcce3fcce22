/* tests/capture/rec_child.c — record synthetic frames for the recording
 * tests: rec_child OUT.mkv SECONDS [--realtime] [--fsize-limit BYTES]
 * [--overlay OVERLAY.mkv]; with --overlay a second recorder writes the
 * same frames with a drawn marker, as a session records raw + overlay.
 * Prints "frames N" after each frame written (flushed), so a test that
 * kills it knows how many frames the file must hold. --fsize-limit sets
 * RLIMIT_FSIZE to stand in for a full disk. Exit 0 ok, 3 write error. */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <libavutil/log.h>

#include "capture/recorder.h"

int main(int argc, char **argv)
{
    tc_recorder_config cfg = TC_RECORDER_CONFIG_INIT;
    tc_recorder *r = NULL, *ov = NULL;
    const char *overlay = NULL;
    tc_frame f;
    static uint8_t img[240][320 * 3];
    int realtime = 0, frames, rc = 0;
    if (argc < 3)
        return 2;
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--realtime"))
            realtime = 1;
        if (!strcmp(argv[i], "--overlay") && i + 1 < argc)
            overlay = argv[i + 1];
        if (!strcmp(argv[i], "--fsize-limit") && i + 1 < argc) {
            struct rlimit rl = { (rlim_t)atol(argv[i + 1]), (rlim_t)atol(argv[i + 1]) };
            signal(SIGXFSZ, SIG_IGN); /* get EFBIG instead of dying */
            setrlimit(RLIMIT_FSIZE, &rl);
        }
    }
    av_log_set_level(AV_LOG_ERROR);
    frames = atoi(argv[2]) * 30;
    cfg.width = 320;
    cfg.height = 240;
    cfg.fps = 30;
    if (tc_recorder_create(&r, argv[1], &cfg) < 0) {
        printf("error: cannot create %s\n", argv[1]);
        return 3;
    }
    if (overlay && tc_recorder_create(&ov, overlay, &cfg) < 0) {
        printf("error: cannot create %s\n", overlay);
        return 3;
    }
    f.data = &img[0][0];
    f.stride = sizeof img[0];
    f.width = 320;
    f.height = 240;
    f.format = TC_PIXFMT_BGR24;
    for (int n = 0; n < frames; n++) {
        for (int y = 0; y < 240; y++)         /* a moving gradient and noise */
            for (int x = 0; x < 320 * 3; x++)
                img[y][x] = (uint8_t)(x + y * 2 + n * 5 + (rand() & 15));
        f.pts_us = (int64_t)n * 1000000 / 30;
        f.seq = (uint64_t)n;
        if ((rc = tc_recorder_write(r, &f)) < 0) {
            printf("error: %s\n", tc_recorder_last_error(r));
            break;
        }
        if (ov) { /* the overlay: a white box moving across the frame */
            for (int y = 100; y < 140; y++)
                memset(&img[y][((n * 4) % 280) * 3], 255, 40 * 3);
            if ((rc = tc_recorder_write(ov, &f)) < 0) {
                printf("error: overlay: %s\n", tc_recorder_last_error(ov));
                break;
            }
        }
        printf("frames %d\n", n + 1);
        fflush(stdout);
        if (realtime) {
            struct timespec ts = { 0, 33333333 };
            nanosleep(&ts, NULL);
        }
    }
    if (tc_recorder_close(r) < 0 && !rc)
        rc = -1;
    if (ov && tc_recorder_close(ov) < 0 && !rc)
        rc = -1;
    tc_recorder_destroy(r);
    tc_recorder_destroy(ov);
    return rc < 0 ? 3 : 0;
}
