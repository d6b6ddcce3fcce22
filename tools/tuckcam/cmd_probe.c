/* tools/tuckcam/cmd_probe.c — `tuckcam probe VIDEO...`: decode through the
 * capture layer and print, per second, the frames seen, mean brightness and
 * motion energy (mean absolute change between consecutive frames). */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capture.h"
#include "cli.h"

typedef struct probe_bin {
    int    frames;
    double luma, motion;
} probe_bin;

static void probe_usage(FILE *to)
{
    fprintf(to,
        "usage: tuckcam probe [--scale N] [--timestamps] VIDEO...\n"
        "\n"
        "Decode each video through tuckcam's capture layer and print its\n"
        "codec, size, frame rate, timestamps and corrupt packets, with a\n"
        "per-second table of frames, mean brightness and motion energy.\n"
        "  --scale N       analyse at 1/N size (default 4; speed only)\n"
        "  --timestamps    also print every frame: sequence number and time (s)\n"
        "An image sequence is a printf pattern: tuckcam probe 'img%%04d.png'\n"
        "\n"
        "Example: tuckcam probe fixtures/sample/sample.mp4\n"
        "Exit status: 0 all decoded, 1 a video could not be read or has no\n"
        "video frames.\n");
}

static double frame_stats(const tc_frame *f, uint8_t *prev, int *have_prev,
                          double *motion)
{
    uint64_t sum = 0, diff = 0;
    size_t n = 0;
    for (int y = 0; y < f->height; y++) {
        const uint8_t *row = f->data + (size_t)y * f->stride;
        for (int x = 0; x < f->width; x++, n++) {
            uint8_t v = row[x];
            sum += v;
            diff += (uint64_t)abs((int)v - (int)prev[n]);
            prev[n] = v;
        }
    }
    *motion = *have_prev ? (double)diff / (double)n : 0.0;
    *have_prev = 1;
    return (double)sum / (double)n;
}

/* The per-second table (the first minute). */
static void print_bins(const probe_bin *bins, int last_bin)
{
    printf("  second  frames  brightness  motion\n");
    for (int b = 0; b <= last_bin; b++)
        if (bins[b].frames)
            printf("  %6d  %6d  %10.1f  %6.2f\n", b, bins[b].frames,
                   bins[b].luma / bins[b].frames,
                   bins[b].motion / bins[b].frames);
}

static int probe_one(tc_cli *cli, const char *path, int scale, int stamps)
{
    tc_capture_config cfg = TC_CAPTURE_CONFIG_INIT;
    tc_capture_config got;
    tc_capture_stats st;
    tc_capture *cap = NULL;
    probe_bin bins[64] = { { 0, 0, 0 } };
    uint8_t *prev = NULL;
    int have_prev = 0, rc, last_bin = -1;
    tc_frame f;
    char shown[TC_CLI_SHOWN_CAP];
    int64_t last_us = 0;

    cfg.log = tc_cli_log;
    cfg.log_user = cli;
    cfg.format = TC_PIXFMT_GRAY8;
    rc = tc_capture_create_file(&cap, path, &cfg);
    if (rc < 0)
        return TC_EXIT_FAIL; /* the capture layer logged why */
    tc_capture_get_config(cap, &got);
    cfg.width = got.width / scale > 0 ? got.width / scale : 1;
    cfg.height = got.height / scale > 0 ? got.height / scale : 1;
    tc_capture_destroy(cap);
    if (tc_capture_create_file(&cap, path, &cfg) < 0)
        return TC_EXIT_FAIL;
    prev = calloc((size_t)cfg.width * (size_t)cfg.height, 1);
    if (!prev) {
        tc_capture_destroy(cap);
        return TC_EXIT_FAIL;
    }
    while ((rc = tc_capture_read(cap, &f, 1000)) == TC_OK) {
        double motion, luma = frame_stats(&f, prev, &have_prev, &motion);
        int b = (int)(f.pts_us / 1000000);
        last_us = f.pts_us;
        if (stamps)
            printf("  frame %llu t %.6f\n", (unsigned long long)f.seq,
                   (double)f.pts_us / 1e6);
        if (b >= (int)(sizeof bins / sizeof bins[0]))
            continue; /* table shows the first minute; totals count all */
        bins[b].frames++;
        bins[b].luma += luma;
        bins[b].motion += motion;
        last_bin = b > last_bin ? b : last_bin;
    }
    tc_capture_get_stats(cap, &st);
    printf("%s: %s %dx%d @ %d fps, %llu frames, %.2f s, %llu corrupt",
           tc_terminal_text(shown, sizeof shown, path), st.codec, got.width, got.height, got.fps,
           (unsigned long long)st.frames, (double)last_us / 1e6,
           (unsigned long long)st.corrupt);
    if (st.retimed)
        printf(", %llu retimed (time went back)", (unsigned long long)st.retimed);
    if (st.rotation)
        printf(", rotated %d degrees", st.rotation);
    printf("\n");
    print_bins(bins, last_bin);
    if (rc != TC_EOF)
        tc_cli_error("%s: stopped early: %s", path,
                     tc_capture_last_error(cap));
    else if (last_bin < 0 && st.frames == 0)
        tc_cli_error("%s: no video frames (an empty file, or cut off before "
                     "the first whole frame)", path);
    free(prev);
    tc_capture_destroy(cap);
    return rc == TC_EOF && (last_bin >= 0 || st.frames > 0) ? TC_EXIT_OK : TC_EXIT_FAIL;
}

int tc_cmd_probe(tc_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "scale",  required_argument, NULL, 's' },
        { "timestamps", no_argument,   NULL, 't' },
        { "models", required_argument, NULL, 'm' },
        { "help",   no_argument,       NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    int c, scale = 4, stamps = 0, status = TC_EXIT_OK;

    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 's':
            if (tc_cli_parse_int(&scale, optarg, 1, 64) < 0) {
                tc_cli_error("--scale wants an integer from 1 to 64");
                return TC_EXIT_USAGE;
            }
            break;
        case 'm': cli->models_dir = optarg; break;
        case 't': stamps = 1; break;
        case 'h': probe_usage(stdout); return TC_EXIT_OK;
        default:  probe_usage(stderr); return TC_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        probe_usage(stderr);
        return TC_EXIT_USAGE;
    }
    for (; optind < argc; optind++)
        if (probe_one(cli, argv[optind], scale, stamps) != TC_EXIT_OK)
            status = TC_EXIT_FAIL;
    return status;
}
