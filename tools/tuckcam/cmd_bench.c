/* tools/tuckcam/cmd_bench.c — `tuckcam bench`: decode and vision-stage
 * speed on a clip, per stage, median and p95, on one thread and on all. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "capture/capture.h"
#include "cli.h"
#include "pipeline/pipeline.h"

typedef struct clip {
    uint8_t *data;          /* n frames of w*h*3 */
    int      n, w, h;
    double   fps;           /* the clip's own rate */
} clip;

typedef struct series {
    double *v;
    int     n;
} series;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double quantile(series *s, double q)
{
    if (!s->n)
        return 0;
    qsort(s->v, (size_t)s->n, sizeof *s->v, cmp_double);
    return s->v[(int)(q * (s->n - 1) + 0.5)];
}

static void bench_usage(FILE *to)
{
    fprintf(to,
        "usage: tuckcam bench [--input VIDEO] [--frames N] [--quick]\n"
        "\n"
        "Measure decoding and each vision stage (pose detection, pose and face\n"
        "detection together, pose lite, full and heavy, face mesh, pre/post-\n"
        "processing) on a clip at its own\n"
        "size, on 1 thread and on all cores: median and p95 milliseconds per\n"
        "frame over N frames (default 240; the clip loops if shorter), after\n"
        "10 warm-up frames; the scorer's throughput (core, one thread) on the\n"
        "pipeline's observations; and the whole pipeline (decode + vision +\n"
        "scoring) in frames a second and as a multiple of real time.\n"
        "  --input VIDEO  default: the bundled fixtures/sample/sample.mp4\n"
        "  --quick        lite model and 1 thread only\n"
        "\n"
        "The network layers use the widest vector instructions the CPU has\n"
        "(AVX-512, else AVX2+FMA); TUCKCAM_SIMD=avx2 or =base in the environment\n"
        "measures as a CPU without them would.\n"
        "\n"
        "Example: tuckcam bench --frames 300\n"
        "         TUCKCAM_SIMD=avx2 tuckcam bench --quick\n");
}

/* Decode up to `max` frames into memory; returns decode fps or < 0
 * (said: the capture layer logs why a file does not open). */
static double load_clip(tc_cli *cli, const char *path, int max, int threads,
                        clip *c)
{
    tc_capture_config cfg = TC_CAPTURE_CONFIG_INIT;
    tc_capture_config got;
    tc_capture *cap = NULL;
    tc_frame f;
    double t0;
    cfg.threads = threads;
    cfg.log = tc_cli_log;
    cfg.log_user = cli;
    if (tc_capture_create_file(&cap, path, &cfg) < 0)
        return -1;
    tc_capture_get_config(cap, &got);
    c->w = got.width;
    c->h = got.height;
    c->fps = got.fps;
    c->n = 0;
    free(c->data);
    c->data = malloc((size_t)max * (size_t)c->w * (size_t)c->h * 3);
    if (!c->data) {
        tc_cli_error("out of memory");
        tc_capture_destroy(cap);
        return -1;
    }
    t0 = now_ms();
    while (c->n < max && tc_capture_read(cap, &f, 1000) == TC_OK) {
        for (int y = 0; y < f.height; y++)
            memcpy(c->data + ((size_t)c->n * (size_t)c->h + (size_t)y) * (size_t)c->w * 3,
                   f.data + (size_t)y * f.stride, (size_t)c->w * 3);
        c->n++;
    }
    t0 = now_ms() - t0;
    if (!c->n)
        tc_cli_error("%s: no video frames", path);
    tc_capture_destroy(cap);
    return c->n ? c->n / (t0 / 1e3) : -1;
}

enum { S_DETECT, S_POSE, S_FACE, S_TRUNK, S_PREPOST, S_TOTAL, S_COUNT };

/* Run `frames` frames (after 10 warm-up) through one configuration of the
 * pipeline and collect per-stage times; the observations (obs, may be
 * NULL) for the scoring bench. reset_each: detection on every frame. */
static int run_config(tc_cli *cli, const clip *c, tc_pose_model model,
                      int mesh, int reset_each, int threads, int frames,
                      series st[S_COUNT], tc_obs *obs)
{
    tc_pipeline_config pc = TC_PIPELINE_CONFIG_INIT;
    tc_vision *v = NULL;
    tc_pipeline *p = NULL;
    if (tc_cli_vision(cli, &v, model, mesh, threads) < 0)
        return TC_EXIT_MODELS;
    pc.vision = v;
    if (tc_pipeline_create(&p, &pc, NULL, 0) < 0) {
        tc_vision_destroy(v);
        return TC_EXIT_FAIL;
    }
    for (int s = 0; s < S_COUNT; s++)
        st[s].n = 0;
    for (int i = -10; i < frames; i++) {
        tc_frame f = { c->data + (size_t)((i + 10) % c->n) * (size_t)c->w * (size_t)c->h * 3,
                       (size_t)c->w * 3, c->w, c->h, TC_PIXFMT_BGR24,
                       (int64_t)(i + 10) * 33333, (uint64_t)(i + 10), 0 };
        if (reset_each)
            tc_vision_reset(v);
        int rc = tc_pipeline_send_frame(p, &f);
        const tc_pipeline_result *r = tc_pipeline_last(p);
        if (rc < 0 || i < 0)
            continue;
        const tc_landmarks *lm = r->landmarks;
        if (obs)
            obs[i] = *r->obs;
        st[S_DETECT].v[st[S_DETECT].n] = lm->ms_detect;
        st[S_DETECT].n += lm->redetected;
        st[S_POSE].v[st[S_POSE].n++] = lm->ms_pose;
        st[S_FACE].v[st[S_FACE].n] = lm->ms_face;
        st[S_FACE].n += mesh && lm->face_score > 0;
        st[S_TRUNK].v[st[S_TRUNK].n] = lm->ms_trunk;
        st[S_TRUNK].n += lm->has_pose;
        st[S_PREPOST].v[st[S_PREPOST].n++] = lm->ms_total - lm->ms_infer;
        st[S_TOTAL].v[st[S_TOTAL].n++] = lm->ms_total;
    }
    tc_pipeline_destroy(p);
    tc_vision_destroy(v);
    return TC_EXIT_OK;
}

static void row(const char *stage, int threads, series *s)
{
    double sum = 0;
    for (int i = 0; i < s->n; i++)
        sum += s->v[i];
    if (!s->n) {
        printf("  %-26s %7d  %8s  %8s  %8s  %5s\n", stage, threads, "-", "-", "-", "0");
        return;
    }
    printf("  %-26s %7d  %8.2f  %8.2f  %8.1f  %5d\n", stage, threads,
           quantile(s, 0.5), quantile(s, 0.95), 1000.0 * s->n / sum, s->n);
}

/* The pipeline's scoring (no vision, no files) over the frames'
 * observations, repeated for >= 0.5 s: frames a second. */
static double bench_scoring(const clip *c, const tc_obs *obs, int n)
{
    tc_pipeline_config pc = TC_PIPELINE_CONFIG_INIT;
    double t0 = now_ms(), el;
    long done = 0;
    pc.width = c->w;
    pc.height = c->h;
    do {
        tc_pipeline *p = NULL;
        tc_pipeline_event ev;
        if (tc_pipeline_create(&p, &pc, NULL, 0) < 0)
            return -1;
        for (int i = 0; i < n; i++) {
            if (tc_pipeline_send_obs(p, &obs[i]) < 0)
                break;   /* a repeated time: the rest would be refused too */
            while (tc_pipeline_receive_event(p, &ev) == TC_OK)
                ;
        }
        (void)tc_pipeline_finish(p);
        tc_pipeline_destroy(p);
        done += n;
        el = now_ms() - t0;
    } while (el < 500);
    return (double)done / (el / 1e3);
}

static int bench_threads(tc_cli *cli, const clip *c, int threads, int frames,
                         int quick, series st[S_COUNT], double decode_fps)
{
    static const char *const names[3] = { "pose lite", "pose full", "pose heavy" };
    tc_obs *obs = malloc((size_t)frames * sizeof *obs);
    double vis_sum = 0, score_fps, total_fps;
    int rc = obs ? run_config(cli, c, TC_POSE_LITE, 0, 1, threads, frames, st, NULL)
                 : TC_EXIT_FAIL;
    if (rc) {
        free(obs);
        return rc;
    }
    row("pose detection", threads, &st[S_DETECT]);
    if ((rc = run_config(cli, c, TC_POSE_LITE, 1, 1, threads, frames, st, NULL))) {
        free(obs);
        return rc;
    }
    row("pose + face detection", threads, &st[S_DETECT]);
    for (int m = 0; m < (quick ? 1 : 3); m++) {
        if ((rc = run_config(cli, c, (tc_pose_model)m, 0, 0, threads, frames, st, NULL))) {
            free(obs);
            return rc;
        }
        row(names[m], threads, &st[S_POSE]);
    }
    if ((rc = run_config(cli, c, TC_POSE_LITE, 1, 0, threads, frames, st, obs))) {
        free(obs);
        return rc;
    }
    row("face mesh", threads, &st[S_FACE]);
    row("trunk tracker", threads, &st[S_TRUNK]);
    row("pre/post-processing", threads, &st[S_PREPOST]);
    row("pipeline lite + face mesh", threads, &st[S_TOTAL]);
    score_fps = bench_scoring(c, obs, frames);
    printf("  %-26s %7d  %8.4f  %8s  %8.0f  %5d\n", "scoring (pipeline)", 1,
           score_fps > 0 ? 1000 / score_fps : 0.0, "", score_fps, frames);
    for (int i = 0; i < st[S_TOTAL].n; i++)
        vis_sum += st[S_TOTAL].v[i];
    total_fps = st[S_TOTAL].n && score_fps > 0 && decode_fps > 0
                    ? 1.0 / (1.0 / decode_fps + vis_sum / st[S_TOTAL].n / 1000 + 1.0 / score_fps)
                    : 0;
    printf("  => whole pipeline (decode + lite + mesh + scoring), %d thread%s: %.1f fps, "
           "%.1fx real time for a %.0f fps video\n\n", threads, threads == 1 ? "" : "s",
           total_fps, total_fps / (c->fps > 0 ? c->fps : 30), c->fps > 0 ? c->fps : 30);
    free(obs);
    return TC_EXIT_OK;
}

int tc_cmd_bench(tc_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "input", required_argument, NULL, 'i' },
        { "frames", required_argument, NULL, 'n' },
        { "quick", no_argument, NULL, 'q' },
        { "models", required_argument, NULL, 'm' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *input = NULL;
    int c, frames = 240, quick = 0, rc = TC_EXIT_OK;
    int ncpu = (int)sysconf(_SC_NPROCESSORS_ONLN);
    clip cl = { NULL, 0, 0, 0, 0 };
    series st[S_COUNT];

    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'i': input = optarg; break;
        case 'q': quick = 1; break;
        case 'm': cli->models_dir = optarg; break;
        case 'n':
            if (tc_cli_parse_int(&frames, optarg, 1, 100000) < 0) {
                tc_cli_error("--frames wants a positive integer");
                return TC_EXIT_USAGE;
            }
            break;
        case 'h': bench_usage(stdout); return TC_EXIT_OK;
        default:  bench_usage(stderr); return TC_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        bench_usage(stderr);
        return TC_EXIT_USAGE;
    }
    if (!input)
        input = access("fixtures/sample/sample.mp4", R_OK) == 0
                    ? "fixtures/sample/sample.mp4" : TC_SOURCE_DIR "/fixtures/sample/sample.mp4";
    for (int s = 0; s < S_COUNT; s++) {
        st[s].v = malloc((size_t)frames * sizeof *st[s].v);
        if (!st[s].v)
            rc = TC_EXIT_FAIL;
    }
    if (ncpu < 1)
        ncpu = 1;
    char lib[160], shown[TC_CLI_SHOWN_CAP];
    tc_vision_describe(lib, sizeof lib);
    printf("tuckcam bench: %s, %d frames a stage, %d cores\n  %s\n",
           tc_terminal_text(shown, sizeof shown, input), frames,
           ncpu, lib);
    for (int t = 1; rc == TC_EXIT_OK && t <= (quick ? 1 : ncpu); t = t == ncpu ? t + 1 : ncpu) {
        double fps = load_clip(cli, input, frames < 600 ? frames : 600, t, &cl);
        if (fps < 0) {
            rc = TC_EXIT_FAIL;   /* said */
            break;
        }
        if (t == 1)
            printf("  clip %dx%d @ %.0f fps, %d frames kept\n\n"
                   "  %-26s %7s  %8s  %8s  %8s  %5s\n", cl.w, cl.h, cl.fps, cl.n,
                   "stage", "threads", "median", "p95", "fps", "n");
        printf("  %-26s %7d  %8s  %8s  %8.1f  %5d\n", "decode (to BGR)", t, "", "",
               fps, cl.n);
        rc = bench_threads(cli, &cl, t, frames, quick, st, fps);
    }
    printf("\n  milliseconds a frame; fps = frames / total time of that stage\n");
    for (int s = 0; s < S_COUNT; s++)
        free(st[s].v);
    free(cl.data);
    return rc;
}
