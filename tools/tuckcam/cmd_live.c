/* tools/tuckcam/cmd_live.c — `tuckcam live` (feedback at a webcam, or a
 * video played at real speed as if it were one) and `tuckcam record`
 * (the same, plus the raw video, the trace and the reports in a folder,
 * crash-safe). One loop: frame -> vision -> scorer -> overlay window or
 * terminal view; keys c (calibrate), p (pause), q (quit). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "capture/capture.h"
#include "capture/recorder.h"
#include "cli.h"
#include "session.h"
#include "tc_version.h"
#include "vision/display.h"

#define SAFETY "Safety: stop if you feel pain, dizziness, or tingling or numbness in your arms."
#define LAT_N 256

static void live_usage(FILE *to, int record)
{
    if (record)
        fprintf(to,
            "usage: tuckcam record --out DIR [options]\n"
            "\n"
            "Everything `tuckcam live` does, and keeps the session in DIR:\n"
            "session-DATE-TIME.mkv (the camera's frames, H.264; plays even if the\n"
            "program or the machine stops mid-session), .trace.jsonl (every frame,\n"
            "synced each second), and at the end .report.json, .reps.csv and .html\n"
            "(`tuckcam report`). Ctrl-C, q or closing the window ends the set cleanly.\n"
            "\n"
            "Options: those of `tuckcam live`, and\n"
            "  --out DIR          where the session goes (created if needed)\n");
    else
        fprintf(to,
            "usage: tuckcam live [--device /dev/videoN | --input FILE] [options]\n"
            "\n"
            "Chin-tuck feedback as you exercise: the camera image with the head and\n"
            "shoulder landmarks, the head-forward line, a retraction gauge, the hold\n"
            "countdown, the rep counter, the last rep's score and one cue. Without a\n"
            "display it runs in the terminal instead. The first still second sets your\n"
            "neutral posture.\n"
            "\n"
            "Keys (window or terminal): c calibrate again, p pause, q or Esc quit.\n"
            "\n"
            "Options:\n");
    fprintf(to,
        "  --device DEV       webcam (default /dev/video0; see `tuckcam devices`)\n"
        "  --input FILE       play a video at real speed as if it were a camera\n"
        "  --speed X          with --input: X times real speed (default 1)\n"
        "  --every-frame      with --input: never skip a frame to keep up (tests,\n"
        "                     slow machines; then slower than real time)\n"
        "  --size WxH         camera frame size (default 640x480)\n"
        "  --fps N            camera frame rate (default 30)\n"
        "  --view V           side, front or auto (overrides the profile)\n"
        "  --profile FILE     exercise profile (see `tuckcam profile`)\n"
        "  --model M          pose model: lite (default), full, heavy\n"
        "  --no-window        terminal view even where a display exists\n"
        "  --snapshot FILE    write the last overlay image there (PNG)\n"
        "  --models DIR       model directory\n"
        "\n"
        "The terminal view redraws one status line on a terminal and prints a\n"
        "line per event (neutral set, each rep with its score and cue) when the\n"
        "output is a file or a pipe. The last line gives the capture-to-feedback\n"
        "latency (median and 95th percentile) and the frame rate.\n"
        "\n"
        "Examples:\n"
        "  tuckcam live\n"
        "  tuckcam live --input fixtures/sample/tucks.mp4\n"
        "  tuckcam record --out ~/tucks --view side\n"
        "\n"
        "Exit status: 0 the set ended (q, Ctrl-C, end of the video); 1 the camera\n"
        "or video could not be opened or the session could not be written (what\n"
        "was recorded stays playable); 2 usage; 3 models missing or refused.\n");
}

static volatile sig_atomic_t g_quit;

static void on_signal(int sig)
{
    (void)sig;
    g_quit = 1;
}

static double mono_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
    struct timespec ts;
    if (s <= 0)
        return;
    ts.tv_sec = (time_t)s;
    ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
    nanosleep(&ts, NULL);
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median and 95th percentile of the last latencies, ms. */
static void lat_stats(const double *lat, int n, double *med, double *p95)
{
    double s[LAT_N];
    if (n <= 0) {
        *med = *p95 = NAN;
        return;
    }
    memcpy(s, lat, (size_t)n * sizeof *s);
    qsort(s, (size_t)n, sizeof *s, cmp_d);
    *med = s[n / 2];
    *p95 = s[(int)(0.95 * (n - 1))];
}

typedef struct live {
    tc_cli        *cli;
    int            record, tty_out, plain;
    tc_display    *win;
    struct termios saved_tio;
    int            raw_tty;
    /* session */
    tc_scorer     *sc;
    const tc_profile *prof;
    int            calibrated, reps_seen, paused;
    double         lat[LAT_N];
    int            lat_n, lat_i;
    double         fps, last_hud, t_last;
    char           last_rep[160], cue[160];
    tc_series      series;      /* record: for the HTML report */
} live;

static void term_raw(live *L)
{
    struct termios t;
    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &L->saved_tio) != 0)
        return;
    t = L->saved_tio;
    t.c_lflag &= (tcflag_t)~(ICANON | ECHO);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0)
        L->raw_tty = 1;
}

static void term_restore(live *L)
{
    if (L->raw_tty)
        tcsetattr(STDIN_FILENO, TCSANOW, &L->saved_tio);
    L->raw_tty = 0;
}

static int term_key(live *L)
{
    struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
    unsigned char c;
    if (!L->raw_tty || poll(&p, 1, 0) <= 0 || read(STDIN_FILENO, &c, 1) != 1)
        return -1;
    return c;
}

/* An event line: above the status line on a terminal, plain otherwise. */
static void event(live *L, double t, const char *fmt, ...) TC_PRINTF(3, 4);
static void event(live *L, double t, const char *fmt, ...)
{
    va_list ap;
    if (L->cli->quiet)
        return;
    if (L->tty_out)
        fputs("\r\033[K", stdout);
    printf("%02d:%04.1f  ", (int)(t / 60), fmod(t, 60));
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

static void hud_line(live *L, const tc_metrics *m, double now)
{
    char bar[24];
    int fill = isfinite(m->gauge) ? (int)(fmin(fmax(m->gauge, 0), 1) * 10 + 0.5) : 0;
    double med, p95;
    if (!L->tty_out || L->cli->quiet || now - L->last_hud < 0.2)
        return;
    L->last_hud = now;
    for (int i = 0; i < 10; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[10] = '\0';
    lat_stats(L->lat, L->lat_n, &med, &p95);
    printf("\r\033[K");
    if (L->paused)
        printf("paused (p to go on) ");
    else if (!L->calibrated)
        printf("hold still: setting neutral ");
    else if (m->phase == TC_PHASE_HOLD)
        printf("rep %d/%d  HOLD %.1f s  [%s] %4.0f mm ", m->reps + 1, L->prof->reps,
               fmax(0, L->prof->hold_s - m->hold_elapsed_s), bar,
               isfinite(m->retraction_mm) ? m->retraction_mm : 0.0);
    else
        printf("rep %d/%d  %-7s [%s] %4.0f mm ", m->reps + (m->phase != TC_PHASE_NEUTRAL),
               L->prof->reps, tc_phase_name(m->phase), bar,
               isfinite(m->retraction_mm) ? m->retraction_mm : 0.0);
    if (L->last_rep[0])
        printf("| %s ", L->last_rep);
    printf("| %.0f fps, %.0f ms", L->fps, isfinite(med) ? med : 0.0);
    fflush(stdout);
}

/* The live view drawn over a copy of the frame. */
static void overlay(live *L, uint8_t *img, int w, int h, size_t stride,
                    const tc_landmarks *lm, const tc_obs *o, const tc_metrics *m)
{
    char s[160];
    double med, p95, g = isfinite(m->gauge) ? fmin(fmax(m->gauge, 0), 1.25) : 0;
    int gx = w - 46, gy = 60, gh = h - 150, k = w / 640 > 1 ? w / 640 : 1;

    tc_vision_draw(img, w, h, stride, lm);
    if (o->has_pose) {
        const tc_obs_point *le = &o->pt[TC_OBS_LEFT_EAR], *re = &o->pt[TC_OBS_RIGHT_EAR];
        const tc_obs_point *ls = &o->pt[TC_OBS_LEFT_SHOULDER], *rs = &o->pt[TC_OBS_RIGHT_SHOULDER];
        if (m->view == TC_VIEW_SIDE) {   /* head-forward line: shoulder to ear */
            const tc_obs_point *e = le->vis >= re->vis ? le : re, *sh = ls->vis >= rs->vis ? ls : rs;
            tc_draw_line(img, w, h, stride, (int)sh->x, (int)sh->y, (int)e->x, (int)e->y,
                         0xffd21f, 3 * k);
            tc_draw_line(img, w, h, stride, (int)sh->x, (int)sh->y, (int)sh->x, (int)e->y,
                         0xffffff, k);
        } else {                         /* front: ear line and the shoulder line */
            tc_draw_line(img, w, h, stride, (int)le->x, (int)le->y, (int)re->x, (int)re->y,
                         0xffd21f, 2 * k);
            tc_draw_line(img, w, h, stride, (int)ls->x, (int)ls->y, (int)rs->x, (int)rs->y,
                         0x7fd1ff, 2 * k);
        }
    }
    /* gauge: head travel back against the person's range (tick = range) */
    tc_draw_rect(img, w, h, stride, gx - 6, gy - 26, 44, gh + 52, 0x000000, 1, 0.45);
    tc_draw_rect(img, w, h, stride, gx, gy + (int)(gh * (1 - g / 1.25)), 32,
                 (int)(gh * g / 1.25), g >= L->prof->shallow_fraction ? 0x35c46a : 0xf0b43c, 1,
                 1.0);
    tc_draw_rect(img, w, h, stride, gx, gy, 32, gh, 0xffffff, 0, 1);
    tc_draw_line(img, w, h, stride, gx - 4, gy + (int)(gh * 0.2), gx + 36, gy + (int)(gh * 0.2),
                 0xffffff, 2);
    tc_draw_text(img, w, h, stride, gx - 2, gy - 8, "back", 0.6, 0xffffff);
    /* top-left: rep counter, phase, hold countdown */
    tc_draw_rect(img, w, h, stride, 0, 0, w - 56, 38, 0x000000, 1, 0.4);
    if (L->paused)
        snprintf(s, sizeof s, "PAUSED - press p to go on");
    else if (!L->calibrated)
        snprintf(s, sizeof s, "Hold still: setting your neutral posture");
    else if (m->phase == TC_PHASE_HOLD)
        snprintf(s, sizeof s, "Rep %d of %d   HOLD %.1f s", m->reps + 1, L->prof->reps,
                 fmax(0, L->prof->hold_s - m->hold_elapsed_s));
    else if (m->phase == TC_PHASE_NEUTRAL)
        snprintf(s, sizeof s, "Reps %d of %d   glide your head straight back", m->reps,
                 L->prof->reps);
    else
        snprintf(s, sizeof s, "Rep %d of %d   %s", m->reps + 1, L->prof->reps,
                 tc_phase_name(m->phase));
    tc_draw_text(img, w, h, stride, 10, 28, s, 1.0, 0xffffff);
    if (L->last_rep[0]) {   /* last rep and its cue, at the bottom, off the face */
        tc_draw_rect(img, w, h, stride, 0, h - 80, w - 56, 56, 0x000000, 1, 0.45);
        tc_draw_text(img, w, h, stride, 10, h - 58, L->last_rep, 0.75, 0xffe08a);
        tc_draw_text(img, w, h, stride, 10, h - 32, L->cue, 0.7, 0xffffff);
    }
    /* debug line: speed and capture-to-feedback latency */
    lat_stats(L->lat, L->lat_n, &med, &p95);
    snprintf(s, sizeof s, "%.0f fps  latency %.0f ms (p95 %.0f)  c calibrate  p pause  q quit",
             L->fps, isfinite(med) ? med : 0.0, isfinite(p95) ? p95 : 0.0);
    tc_draw_rect(img, w, h, stride, 0, h - 24, w, 24, 0x000000, 1, 0.6);
    tc_draw_text(img, w, h, stride, 8, h - 7, s, 0.55, 0xbfbfbf);
}

/* After each frame: calibration and rep events. */
static void events(live *L, double t)
{
    const tc_session *ses = tc_scorer_session(L->sc);
    const tc_rep *r;
    size_t n = tc_scorer_reps(L->sc, &r);
    if (isfinite(t))
        L->t_last = t;
    t = L->t_last;
    if (ses->calibrated && !L->calibrated)
        event(L, t, "neutral set (%s view); glide your head straight back when ready",
              tc_view_name(ses->view));
    L->calibrated = ses->calibrated;
    while ((size_t)L->reps_seen < n) {
        const tc_rep *x = &r[L->reps_seen++];
        char faults[96] = "";
        for (int f = 0; f < TC_FAULT_COUNT; f++)
            if (x->faults & (1u << f)) {
                size_t l = strlen(faults);
                snprintf(faults + l, sizeof faults - l, "%s%s", l ? " " : "",
                         tc_fault_name((tc_fault)f));
            }
        if (x->partial) {
            snprintf(L->last_rep, sizeof L->last_rep, "Rep %d: partial (not finished)",
                     x->index);
            L->cue[0] = '\0';
            event(L, t, "%s", L->last_rep);
            continue;
        }
        snprintf(L->last_rep, sizeof L->last_rep, "Rep %d: score %.0f  %.0f mm  hold %.1f s%s%s",
                 x->index, x->score, x->depth_mm, x->hold_good_s, faults[0] ? "  " : "", faults);
        snprintf(L->cue, sizeof L->cue, "%s",
                 x->worst >= 0 ? tc_fault_cue((tc_fault)x->worst) : "Good rep.");
        event(L, t, "%s - %s", L->last_rep, L->cue);
    }
}

static int parse_size(const char *s, int *w, int *h)
{
    char *e;
    long a = strtol(s, &e, 10), b;
    if (e == s || (*e != 'x' && *e != 'X'))
        return TC_EINVAL;
    b = strtol(e + 1, &e, 10);
    if (*e || a < 64 || b < 64 || a > 7680 || b > 4320)
        return TC_EINVAL;
    *w = (int)a;
    *h = (int)b;
    return TC_OK;
}

static int run(tc_cli *cli, int argc, char **argv, int record)
{
    static const struct option opts[] = {
        { "device", required_argument, NULL, 'd' },
        { "input", required_argument, NULL, 'i' },
        { "speed", required_argument, NULL, 'x' },
        { "size", required_argument, NULL, 'S' },
        { "fps", required_argument, NULL, 'f' },
        { "view", required_argument, NULL, 'w' },
        { "profile", required_argument, NULL, 'p' },
        { "model", required_argument, NULL, 'M' },
        { "no-window", no_argument, NULL, 'n' },
        { "every-frame", no_argument, NULL, 'e' },
        { "snapshot", required_argument, NULL, 's' },
        { "out", required_argument, NULL, 'o' },
        { "models", required_argument, NULL, 'm' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *device = NULL, *input = NULL, *view = NULL, *profile_path = NULL;
    const char *snapshot = NULL, *out_dir = NULL;
    double speed = 1;
    int c, width = 640, height = 480, fps = 30, no_window = 0, every_frame = 0, status = TC_EXIT_FAIL, rc;
    tc_pose_model model = TC_POSE_LITE;
    tc_profile profile;
    tc_capture_config cc = TC_CAPTURE_CONFIG_INIT;
    tc_capture *cap = NULL;
    tc_vision *v = NULL;
    tc_recorder *rec = NULL;
    tc_trace_writer *tw = NULL;
    tc_landmarks *lm = malloc(sizeof *lm);
    uint8_t *img = NULL;
    char base[1100] = "", path[1300], err[512];
    live L;
    struct sigaction sa, old_int, old_term;
    double t_start = 0, frame_dt, fps_t0 = 0;
    int fps_frames = 0, img_w = 0, img_h = 0;
    int64_t frames = 0, dropped = 0;
    time_t started = time(NULL);

    memset(&L, 0, sizeof L);
    L.cli = cli;
    L.record = record;
    while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        switch (c) {
        case 'd': device = optarg; break;
        case 'i': input = optarg; break;
        case 'w': view = optarg; break;
        case 'p': profile_path = optarg; break;
        case 'n': no_window = 1; break;
        case 'e': every_frame = 1; break;
        case 's': snapshot = optarg; break;
        case 'o': out_dir = optarg; break;
        case 'm': cli->models_dir = optarg; break;
        case 'q': cli->quiet = 1; break;
        case 'x':
            speed = strtod(optarg, NULL);
            if (!(speed >= 0.1 && speed <= 100)) {
                tc_cli_error("--speed wants a factor from 0.1 to 100");
                goto usage;
            }
            break;
        case 'S':
            if (parse_size(optarg, &width, &height) < 0) {
                tc_cli_error("--size wants WIDTHxHEIGHT, e.g. 640x480");
                goto usage;
            }
            break;
        case 'f':
            if (tc_cli_parse_int(&fps, optarg, 1, 240) < 0) {
                tc_cli_error("--fps wants 1 to 240");
                goto usage;
            }
            break;
        case 'M':
            if (tc_cli_parse_model(&model, optarg) < 0) {
                tc_cli_error("--model wants lite, full or heavy");
                goto usage;
            }
            break;
        case 'h': live_usage(stdout, record); free(lm); return TC_EXIT_OK;
        default:  goto usage;
        }
    }
    if (optind != argc || (device && input) || (record && !out_dir) || (!record && out_dir)) {
        if (device && input)
            tc_cli_error("--device and --input: one source at a time");
        else if (record && !out_dir)
            tc_cli_error("record needs --out DIR");
        else if (out_dir)
            tc_cli_error("--out is for `tuckcam record`");
        goto usage;
    }
    if (!lm) {
        tc_cli_error("out of memory");
        return TC_EXIT_FAIL;
    }
    if ((rc = tc_cli_profile(&profile, profile_path, view)) != TC_EXIT_OK) {
        free(lm);
        return rc;
    }
    L.prof = &profile;
    if (out_dir && mkdir(out_dir, 0755) != 0 && errno != EEXIST) {
        tc_cli_error("%s: %s", out_dir, strerror(errno));
        goto done;
    }
    if (tc_cli_vision(cli, &v, model, 1, 0) < 0) {
        status = TC_EXIT_MODELS;
        goto done;
    }
    cc.log = tc_cli_log;
    cc.log_user = cli;
    if (input) {
        rc = tc_capture_create_file(&cap, input, &cc);
    } else {
        cc.width = width;
        cc.height = height;
        cc.fps = fps;
        if (!device)
            device = "/dev/video0";
        rc = tc_capture_create_webcam(&cap, device, &cc);
    }
    if (rc < 0) {
        if (input)
            tc_cli_error("%s: cannot open the video: %s", input, tc_strerror(rc));
        else
            tc_cli_error("%s: %s; `tuckcam devices` lists the cameras, --input FILE plays a "
                         "video instead", device, rc == TC_EBUSY ? "camera in use by another "
                         "program" : rc == TC_ENOENT ? "no such camera" : tc_strerror(rc));
        goto done;
    }
    tc_capture_get_config(cap, &cc);
    frame_dt = 1.0 / (cc.fps > 0 ? cc.fps : 30);
    if (!cli->quiet)
        fprintf(stderr, "%s\n", SAFETY);
    if (!no_window && tc_display_create(&L.win, record ? "tuckcam record" : "tuckcam live") < 0 &&
        !cli->quiet)
        fprintf(stderr, "tuckcam: no display; showing the session in the terminal\n");
    L.tty_out = !L.win && isatty(STDOUT_FILENO);
    if (!L.win)
        term_raw(&L);
    if (record) {
        struct tm tm;
        localtime_r(&started, &tm);
        char stamp[40];
        strftime(stamp, sizeof stamp, "session-%Y%m%d-%H%M%S", &tm);
        snprintf(base, sizeof base, "%.1000s/%s", out_dir, stamp);
    }

    g_quit = 0;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    status = TC_EXIT_OK;
    while (!g_quit) {
        tc_frame f;
        tc_obs obs;
        tc_metrics m;
        double ready, now;
        int key;

        rc = tc_capture_read(cap, &f, 2000);
        if (rc == TC_EOF)
            break;
        if (rc < 0) {
            tc_cli_error("%s: %s; the session so far is kept", input ? input : device,
                         tc_capture_last_error(cap));
            status = TC_EXIT_FAIL;
            break;
        }
        now = mono_s();
        if (t_start == 0)
            t_start = now - (double)f.pts_us / 1e6 / speed;
        ready = now;
        if (input) {             /* a camera delivers at its own pace */
            ready = t_start + (double)f.pts_us / 1e6 / speed;
            if (now < ready)
                sleep_s(ready - now);
            else if (!every_frame && now - ready > 1.5 * frame_dt / speed) {
                dropped++;       /* behind: a camera would have dropped it */
                continue;
            }
        }
        key = L.win ? tc_display_key(L.win, 1) : term_key(&L);
        if (key == 'q' || key == 'Q' || key == 27 || key == -2)
            break;
        if (key == 'p' || key == 'P' || key == ' ') {
            L.paused = !L.paused;
            event(&L, (double)f.pts_us / 1e6, L.paused ? "paused" : "going on");
        }
        if (!L.sc) {
            tc_scorer_config scfg = TC_SCORER_CONFIG_INIT;
            tc_recorder_config rcfg = TC_RECORDER_CONFIG_INIT;
            scfg.profile = &profile;
            scfg.width = f.width;
            scfg.height = f.height;
            img = malloc((size_t)f.width * 3 * (size_t)f.height);
            if (!img || tc_scorer_create(&L.sc, &scfg) < 0) {
                tc_cli_error("cannot score frames of %dx%d", f.width, f.height);
                status = TC_EXIT_FAIL;
                break;
            }
            if (record) {
                tc_trace_info info;
                rcfg.width = f.width;
                rcfg.height = f.height;
                rcfg.fps = cc.fps > 0 ? cc.fps : 30;
                rcfg.crf = 23;
                rcfg.threads = 1;
                rcfg.log = tc_cli_log;
                rcfg.log_user = cli;
                snprintf(path, sizeof path, "%s.mkv", base);
                if (tc_recorder_create(&rec, path, &rcfg) < 0) {
                    status = TC_EXIT_FAIL;
                    break;
                }
                memset(&info, 0, sizeof info);
                info.width = f.width;
                info.height = f.height;
                info.started_unix = (int64_t)started;
                snprintf(info.source, sizeof info.source, "%s", input ? input : device);
                snprintf(info.created_by, sizeof info.created_by, "tuckcam %s", TC_VERSION);
                snprintf(path, sizeof path, "%s.trace.jsonl", base);
                if ((rc = tc_trace_writer_create(&tw, path, &info, &profile)) < 0) {
                    tc_cli_error("%s: %s", path, tc_strerror(rc));
                    status = TC_EXIT_FAIL;
                    break;
                }
            }
        }
        if (key == 'c' || key == 'C') {
            tc_scorer_recalibrate(L.sc);
            L.calibrated = 0;
            event(&L, (double)f.pts_us / 1e6, "calibrating again: hold still");
        }
        if (L.paused) {
            memset(&m, 0, sizeof m);
            memset(&obs, 0, sizeof obs);
            memset(lm, 0, sizeof *lm);
        } else {
            if (rec && (rc = tc_recorder_write(rec, &f)) < 0) {
                tc_cli_error("%s.mkv: %s; the video holds every frame before this one",
                             base, tc_recorder_last_error(rec));
                status = TC_EXIT_FAIL;
                break;
            }
            rc = tc_vision_process(v, f.data, f.width, f.height, f.stride, f.pts_us, lm);
            if (rc < 0 && rc != TC_ENOTFOUND) {
                tc_cli_error("frame %llu: %s", (unsigned long long)f.seq,
                             tc_vision_last_error(v));
                status = TC_EXIT_FAIL;
                break;
            }
            tc_session_obs(&obs, lm, rc == TC_OK, f.width, f.height, f.pts_us, (int64_t)f.seq);
            tc_scorer_push(L.sc, &obs, &m);
            frames++;
            if (tw && (rc = tc_trace_write(tw, &obs, &m)) < 0) {
                tc_cli_error("%s.trace.jsonl: %s; it holds every frame before this one",
                             base, tc_strerror(rc));
                status = TC_EXIT_FAIL;
                break;
            }
            if (record && tc_series_push(&L.series, &obs, &m) < 0) {
                tc_cli_error("out of memory");
                status = TC_EXIT_FAIL;
                break;
            }
            events(&L, (double)f.pts_us / 1e6);
        }
        if (L.win || snapshot) {   /* the overlay is drawn on a copy */
            for (int y = 0; y < f.height; y++)
                memcpy(img + (size_t)y * (size_t)f.width * 3, f.data + (size_t)y * f.stride,
                       (size_t)f.width * 3);
            img_w = f.width;
            img_h = f.height;
            overlay(&L, img, f.width, f.height, (size_t)f.width * 3, lm, &obs, &m);
        }
        if (L.win)
            tc_display_show(L.win, img, f.width, f.height, (size_t)f.width * 3);
        now = mono_s();
        L.lat[L.lat_i] = (now - ready) * 1000;
        L.lat_i = (L.lat_i + 1) % LAT_N;
        if (L.lat_n < LAT_N)
            L.lat_n++;
        if (fps_t0 == 0)
            fps_t0 = now;
        if (++fps_frames >= 15) {
            L.fps = fps_frames / fmax(1e-3, now - fps_t0);
            fps_frames = 0;
            fps_t0 = now;
        }
        hud_line(&L, &m, now);
    }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    term_restore(&L);
    if (L.tty_out && !cli->quiet)
        fputs("\r\033[K", stdout);
    if (g_quit && !cli->quiet)
        fprintf(stderr, "tuckcam: stopped; finishing the set\n");

    if (L.sc) {
        tc_scorer_finish(L.sc);
        events(&L, NAN);
        if (!cli->quiet) {
            double med, p95;
            printf("%s\n", input ? input : device);
            tc_report_print(stdout, L.sc);
            lat_stats(L.lat, L.lat_n, &med, &p95);
            printf("  %lld frames scored, %lld skipped to keep up; capture-to-feedback "
                   "latency median %.0f ms, p95 %.0f ms (last %d frames)\n",
                   (long long)frames, (long long)dropped, med, p95, L.lat_n);
        }
    }
    if (snapshot && img && img_w && tc_vision_write_image(snapshot, img, img_w, img_h,
                                                          (size_t)img_w * 3) < 0) {
        tc_cli_error("%s: cannot write the image", snapshot);
        status = TC_EXIT_FAIL;
    }
    if (rec && (rc = tc_recorder_close(rec)) < 0) {
        tc_cli_error("%s.mkv: %s; what was written plays", base, tc_recorder_last_error(rec));
        status = TC_EXIT_FAIL;
    }
    if (tw && (rc = tc_trace_writer_close(tw)) < 0) {
        tc_cli_error("%s.trace.jsonl: %s", base, tc_strerror(rc));
        status = TC_EXIT_FAIL;
    }
    tw = NULL;
    if (record && L.sc) {
        char trace[1300];
        tc_report_meta meta = { input ? input : device, trace, "tuckcam " TC_VERSION };
        tc_html_session hs = { NULL, (int64_t)started, L.sc, L.series.t,
                               L.series.retraction_mm, L.series.pitch_deg, L.series.n };
        hs.title = input ? tc_cli_basename(input) : device;
        snprintf(trace, sizeof trace, "%s.trace.jsonl", base);
        snprintf(path, sizeof path, "%s.report.json", base);
        if (tc_report_write_json(path, L.sc, &meta, err, sizeof err) < 0)
            goto write_failed;
        snprintf(path, sizeof path, "%s.reps.csv", base);
        if (tc_report_write_csv(path, L.sc, err, sizeof err) < 0)
            goto write_failed;
        snprintf(path, sizeof path, "%s.html", base);
        if (tc_report_write_html(path, &hs, 1, "tuckcam " TC_VERSION, err, sizeof err) < 0)
            goto write_failed;
        if (!cli->quiet)
            printf("  saved %s.{mkv,trace.jsonl,report.json,reps.csv,html}\n", base);
    }
    goto done;
write_failed:
    tc_cli_error("%s", err);
    status = TC_EXIT_FAIL;
    goto done;
usage:
    live_usage(stderr, record);
    free(lm);
    return TC_EXIT_USAGE;
done:
    tc_trace_writer_close(tw);
    tc_recorder_destroy(rec);
    tc_scorer_destroy(L.sc);
    tc_display_destroy(L.win);
    tc_series_free(&L.series);
    free(img);
    free(lm);
    tc_vision_destroy(v);
    tc_capture_destroy(cap);
    return status;
}

int tc_cmd_live(tc_cli *cli, int argc, char **argv)
{
    return run(cli, argc, argv, 0);
}

int tc_cmd_record(tc_cli *cli, int argc, char **argv)
{
    return run(cli, argc, argv, 1);
}
