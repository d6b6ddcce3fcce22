/* tools/tuckcam/cmd_live.c — `tuckcam live` (feedback at a webcam, or a
 * video played at real speed as if it were one) and `tuckcam record`
 * (the same, plus the raw video, the trace and the reports in a folder,
 * crash-safe). One loop: frame -> vision -> scorer -> overlay window or
 * terminal view; keys c (calibrate), p (pause), q (quit). */
#include <errno.h>
#include <fcntl.h>
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
#include "cli.h"
#include "pipeline/pipeline.h"
#include "tc_version.h"
#include "vision/display.h"

#define SAFETY "Safety: stop if you feel pain, dizziness, or tingling or numbness in your arms."
#define LAT_N 256

static const char LIVE_INTRO[] =
    "usage: tuckcam live [--device /dev/videoN | --input FILE] [options]\n"
    "\n"
    "Chin-tuck feedback as you exercise: the camera image with the head and\n"
    "shoulder landmarks, the head-forward line, a retraction gauge, the hold\n"
    "countdown, the rep counter, the last rep's score and one cue. Without a\n"
    "display it runs in the terminal instead. The first still second sets your\n"
    "neutral posture.\n"
    "\n"
    "Keys (window or terminal): c calibrate again, p pause (the picture stops\n"
    "and a video waits; p again goes on), q or Esc quit. Closing the window\n"
    "ends the set as q does.\n"
    "\n"
    "Options:\n";

static const char RECORD_INTRO[] =
    "usage: tuckcam record --out DIR [options]\n"
    "\n"
    "Everything `tuckcam live` does, and keeps the session in DIR:\n"
    "session-DATE-TIME.mkv (the camera's frames, H.264; plays even if the\n"
    "program or the machine stops mid-session), .trace.jsonl (every frame,\n"
    "synced each second), and at the end .report.json, .reps.csv and .html\n"
    "(`tuckcam report`). A session never replaces another: when the name is\n"
    "taken (two sessions in one second) it is session-DATE-TIME-2, -3, ...\n"
    "Ctrl-C, q or closing the window ends the set cleanly.\n"
    "\n"
    "Options: those of `tuckcam live`, and\n"
    "  --out DIR          where the session goes (created if needed)\n";

static const char LIVE_OPTIONS[] =
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
    "\n";

static const char LIVE_EXAMPLES[] =
    "Examples:\n"
    "  tuckcam live\n"
    "  tuckcam live --input fixtures/sample/tucks.mp4\n"
    "  tuckcam live --device /dev/video2 --view side --no-window\n"
    "\n";

static const char RECORD_EXAMPLES[] =
    "Examples:\n"
    "  tuckcam record --out ~/tucks\n"
    "  tuckcam record --out ~/tucks --view side --profile mine.ini\n"
    "  tuckcam record --out /tmp/demo --input fixtures/sample/tucks.mp4 --no-window\n"
    "\n";

static const char LIVE_EXIT[] =
    "Exit status: 0 the set ended (q, Ctrl-C, end of the video); 1 the camera\n"
    "or video could not be opened or gave no frame (record then keeps no\n"
    "session), or the session could not be written (what was recorded stays\n"
    "playable); 2 usage; 3 models missing or refused.\n";

/* `tuckcam live --help` or, with `record`, `tuckcam record --help`. */
static void live_usage(FILE *to, int record)
{
    fputs(record ? RECORD_INTRO : LIVE_INTRO, to);
    fputs(LIVE_OPTIONS, to);
    fputs(record ? RECORD_EXAMPLES : LIVE_EXAMPLES, to);
    fputs(LIVE_EXIT, to);
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

typedef struct live_opts {
    const char   *device, *input, *view, *profile_path, *snapshot, *out_dir;
    double        speed;
    int           width, height, fps, no_window, every_frame;
    tc_pose_model model;
} live_opts;

typedef struct live {
    tc_cli        *cli;
    int            record, tty_out;
    live_opts      o;
    tc_display    *win;
    struct termios saved_tio;
    int            raw_tty;
    /* session */
    tc_profile     prof;
    tc_capture    *cap;
    tc_vision     *v;
    tc_pipeline   *p;
    char           base[1100];    /* record: DIR/session-DATE-TIME[-N] */
    int            claimed;       /* record: base.mkv made by this run */
    time_t         started;
    int            paused, closed; /* closed: the window was closed */
    double         paused_at, t_frame; /* t_frame: the last frame's time, s */
    int64_t        pulled, frames, dropped; /* read, scored, skipped */
    /* pacing and speed */
    double         t_start, frame_dt, fps_t0, ready;
    int            fps_frames;
    double         lat[LAT_N];
    int            lat_n, lat_i;
    double         fps, last_hud, t_last;
    /* what is shown */
    char           last_rep[160], cue[160];
    uint8_t       *img, *raw;     /* the view, and the frame under it */
    int            img_w, img_h;
    tc_landmarks  *none;          /* shown while paused: nothing */
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

/* A key typed at the terminal within wait_ms, or -1. */
static int term_key(live *L, int wait_ms)
{
    struct pollfd p = { STDIN_FILENO, POLLIN, 0 };
    unsigned char c;
    if (!L->raw_tty) {
        sleep_s(wait_ms / 1000.0);   /* no keys to wait for: just the pause */
        return -1;
    }
    if (poll(&p, 1, wait_ms) <= 0 || read(STDIN_FILENO, &c, 1) != 1)
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
    else if (m->phase == TC_PHASE_CALIBRATING)
        printf("hold still: setting neutral ");
    else if (m->phase == TC_PHASE_HOLD)
        printf("rep %d/%d  HOLD %.1f s  [%s] %4.0f mm ", m->reps + 1, L->prof.reps,
               fmax(0, L->prof.hold_s - m->hold_elapsed_s), bar,
               isfinite(m->retraction_mm) ? m->retraction_mm : 0.0);
    else
        printf("rep %d/%d  %-7s [%s] %4.0f mm ", m->reps + (m->phase != TC_PHASE_NEUTRAL),
               L->prof.reps, tc_phase_name(m->phase), bar,
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
                 (int)(gh * g / 1.25), g >= L->prof.shallow_fraction ? 0x35c46a : 0xf0b43c, 1,
                 1.0);
    tc_draw_rect(img, w, h, stride, gx, gy, 32, gh, 0xffffff, 0, 1);
    tc_draw_line(img, w, h, stride, gx - 4, gy + (int)(gh * 0.2), gx + 36, gy + (int)(gh * 0.2),
                 0xffffff, 2);
    tc_draw_text(img, w, h, stride, gx - 2, gy - 8, "back", 0.6, 0xffffff);
    /* top-left: rep counter, phase, hold countdown */
    tc_draw_rect(img, w, h, stride, 0, 0, w - 56, 38, 0x000000, 1, 0.4);
    if (L->paused)
        snprintf(s, sizeof s, "PAUSED - press p to go on");
    else if (m->phase == TC_PHASE_CALIBRATING)
        snprintf(s, sizeof s, "Hold still: setting your neutral posture");
    else if (m->phase == TC_PHASE_HOLD)
        snprintf(s, sizeof s, "Rep %d of %d   HOLD %.1f s", m->reps + 1, L->prof.reps,
                 fmax(0, L->prof.hold_s - m->hold_elapsed_s));
    else if (m->phase == TC_PHASE_NEUTRAL)
        snprintf(s, sizeof s, "Reps %d of %d   glide your head straight back", m->reps,
                 L->prof.reps);
    else
        snprintf(s, sizeof s, "Rep %d of %d   %s", m->reps + 1, L->prof.reps,
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

/* A rep's line for the view and the event log. */
static void rep_event(live *L, const tc_rep *x, double t)
{
    const tc_scorer *sc = tc_pipeline_scorer(L->p);
    char faults[96] = "", cue[160];
    for (int f = 0; f < TC_FAULT_COUNT; f++)
        if (x->faults & (1u << f)) {
            size_t l = strlen(faults);
            snprintf(faults + l, sizeof faults - l, "%s%s", l ? " " : "",
                     tc_fault_name((tc_fault)f));
        }
    if (x->partial) {
        snprintf(L->last_rep, sizeof L->last_rep, "Rep %d: partial (not finished)", x->index);
        L->cue[0] = '\0';
        event(L, t, "%s", L->last_rep);
        return;
    }
    snprintf(L->last_rep, sizeof L->last_rep, "Rep %d: score %.0f  %.0f mm  hold %.1f s%s%s",
             x->index, x->score, x->depth_mm, x->hold_good_s, faults[0] ? "  " : "", faults);
    snprintf(L->cue, sizeof L->cue, "%s",
             x->worst >= 0 ? tc_fault_cue_for(sc ? tc_scorer_profile(sc) : NULL, (tc_fault)x->worst,
                                              cue, sizeof cue) : "Good rep.");
    event(L, t, "%s - %s", L->last_rep, L->cue);
}

/* What the pipeline says happened: neutral set, reps, camera stalls. */
static void drain_events(live *L)
{
    tc_pipeline_event ev;
    while (tc_pipeline_receive_event(L->p, &ev) == TC_OK) {
        if (ev.frame >= 0)
            L->t_last = ev.t_s;
        switch (ev.type) {
        case TC_PIPELINE_CALIBRATED:
            event(L, L->t_last, "neutral set (%s view); glide your head straight back when ready",
                  tc_view_name(ev.view));
            break;
        case TC_PIPELINE_REP:
            rep_event(L, &ev.rep, L->t_last);
            break;
        case TC_PIPELINE_STALLED:
            event(L, L->t_last, "camera: %s; waiting", ev.text);
            break;
        default:
            break;
        }
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

/* One option with an argument; 0 ok, -1 bad (said). */
static int parse_value(live_opts *o, int c, const char *arg)
{
    switch (c) {
    case 'x':
        o->speed = strtod(arg, NULL);
        if (!(o->speed >= 0.1 && o->speed <= 100)) {
            tc_cli_error("--speed wants a factor from 0.1 to 100");
            return -1;
        }
        return 0;
    case 'S':
        if (parse_size(arg, &o->width, &o->height) < 0) {
            tc_cli_error("--size wants WIDTHxHEIGHT, e.g. 640x480");
            return -1;
        }
        return 0;
    case 'f':
        if (tc_cli_parse_int(&o->fps, arg, 1, 240) < 0) {
            tc_cli_error("--fps wants 1 to 240");
            return -1;
        }
        return 0;
    default:
        if (tc_cli_parse_model(&o->model, arg) < 0) {
            tc_cli_error("--model wants lite, full or heavy");
            return -1;
        }
        return 0;
    }
}

/* The command line into L->o: -1 usage error (said), 1 --help, 0 go. */
static int parse_args(live *L, int argc, char **argv)
{
    static const struct option opts[] = {
        { "device", required_argument, NULL, 'd' }, { "input", required_argument, NULL, 'i' },
        { "speed", required_argument, NULL, 'x' },  { "size", required_argument, NULL, 'S' },
        { "fps", required_argument, NULL, 'f' },    { "view", required_argument, NULL, 'w' },
        { "profile", required_argument, NULL, 'p' }, { "model", required_argument, NULL, 'M' },
        { "no-window", no_argument, NULL, 'n' },    { "every-frame", no_argument, NULL, 'e' },
        { "snapshot", required_argument, NULL, 's' }, { "out", required_argument, NULL, 'o' },
        { "models", required_argument, NULL, 'm' }, { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    live_opts *o = &L->o;
    int c;
    while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        switch (c) {
        case 'd': o->device = optarg; break;
        case 'i': o->input = optarg; break;
        case 'w': o->view = optarg; break;
        case 'p': o->profile_path = optarg; break;
        case 'n': o->no_window = 1; break;
        case 'e': o->every_frame = 1; break;
        case 's': o->snapshot = optarg; break;
        case 'o': o->out_dir = optarg; break;
        case 'm': L->cli->models_dir = optarg; break;
        case 'q': L->cli->quiet = 1; break;
        case 'x': case 'S': case 'f': case 'M':
            if (parse_value(o, c, optarg) < 0)
                return -1;
            break;
        case 'h': return 1;
        default:  return -1;
        }
    }
    if (optind == argc && !(o->device && o->input) && !L->record == !o->out_dir)
        return 0;
    if (o->device && o->input)
        tc_cli_error("--device and --input: one source at a time");
    else if (L->record && !o->out_dir)
        tc_cli_error("record needs --out DIR");
    else if (o->out_dir)
        tc_cli_error("--out is for `tuckcam record`");
    return -1;
}

/* The camera or the video; TC_EXIT_OK or TC_EXIT_FAIL (said: the capture
 * layer logs why it could not open one, so it is not said again here). */
static int open_source(live *L)
{
    tc_capture_config cc = TC_CAPTURE_CONFIG_INIT;
    cc.log = tc_cli_log;
    cc.log_user = L->cli;
    if (L->o.input) {
        if (tc_capture_create_file(&L->cap, L->o.input, &cc) < 0)
            return TC_EXIT_FAIL;
    } else {
        cc.width = L->o.width;
        cc.height = L->o.height;
        cc.fps = L->o.fps;
        if (!L->o.device)
            L->o.device = "/dev/video0";
        if (tc_capture_create_webcam(&L->cap, L->o.device, &cc) < 0) {
            tc_cli_error("`tuckcam devices` lists the cameras; --input FILE plays a video "
                         "instead");
            return TC_EXIT_FAIL;
        }
    }
    tc_capture_get_config(L->cap, &cc);
    L->frame_dt = 1.0 / (cc.fps > 0 ? cc.fps : 30);
    return TC_EXIT_OK;
}

static const char *source_name(const live *L)
{
    return L->o.input ? L->o.input : L->o.device;
}

/* Does a file base + suffix exist? */
static int exists(const char *base, const char *suffix)
{
    char path[1300];
    struct stat st;
    snprintf(path, sizeof path, "%s%s", base, suffix);
    return lstat(path, &st) == 0;
}

/* A session name no file has: DIR/session-DATE-TIME, else -2, -3, ...
 * Claimed by creating its .mkv with O_EXCL (two runs in one second get
 * two names; the recorder opens the empty file again, truncating); a name
 * whose other files exist is given back and passed over. */
static int claim_session(live *L)
{
    static const char *const other[] = { ".trace.jsonl", ".report.json", ".reps.csv", ".html" };
    char stamp[40], video[1300];
    struct tm tm;
    localtime_r(&L->started, &tm);
    strftime(stamp, sizeof stamp, "session-%Y%m%d-%H%M%S", &tm);
    for (int n = 1; n <= 10000; n++) {
        int fd, taken = 0;
        if (n == 1)
            snprintf(L->base, sizeof L->base, "%.1000s/%s", L->o.out_dir, stamp);
        else
            snprintf(L->base, sizeof L->base, "%.1000s/%s-%d", L->o.out_dir, stamp, n);
        snprintf(video, sizeof video, "%s.mkv", L->base);
        if ((fd = open(video, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)) < 0) {
            if (errno == EEXIST)
                continue;
            tc_cli_error("%s: %s", video, strerror(errno));
            return TC_EXIT_FAIL;
        }
        close(fd);
        for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
            taken |= exists(L->base, other[i]);
        if (!taken) {
            L->claimed = 1;
            return TC_EXIT_OK;
        }
        unlink(video);
    }
    tc_cli_error("%s: no free session name for %s", L->o.out_dir, stamp);
    return TC_EXIT_FAIL;
}

/* An empty claim (no frame was ever recorded) is not a session: removed. */
static void drop_empty_claim(live *L)
{
    char video[1300];
    struct stat st;
    if (!L->claimed || (L->p && tc_pipeline_scorer(L->p)))
        return;
    snprintf(video, sizeof video, "%s.mkv", L->base);
    if (stat(video, &st) == 0 && st.st_size == 0)
        unlink(video);
}

/* The session's pipeline: scoring, and for record the video and trace. */
static int open_pipeline(live *L)
{
    tc_pipeline_config pc = TC_PIPELINE_CONFIG_INIT;
    char trace[1300], video[1300], err[512];
    pc.vision = L->v;
    pc.profile = &L->prof;
    pc.source = source_name(L);
    pc.created_by = "tuckcam " TC_VERSION;
    pc.started_unix = (int64_t)L->started;
    pc.log = tc_cli_log;
    pc.log_user = L->cli;
    if (L->record) {
        int rc = claim_session(L);
        if (rc != TC_EXIT_OK)
            return rc;
        snprintf(trace, sizeof trace, "%s.trace.jsonl", L->base);
        snprintf(video, sizeof video, "%s.mkv", L->base);
        pc.trace_path = trace;
        pc.video_path = video;
        pc.video_fps = (int)lround(1.0 / L->frame_dt);
        pc.keep_series = 1;
    }
    if (tc_pipeline_create(&L->p, &pc, err, sizeof err) < 0) {
        tc_cli_error("%s", err);
        return TC_EXIT_FAIL;
    }
    return TC_EXIT_OK;
}

/* Pacing a video played as a camera: wait for the frame's time, or skip
 * it when behind (a camera would have dropped it). 1: skip it. */
static int pace(live *L, const tc_frame *f)
{
    double now = mono_s(), speed = L->o.speed;
    if (L->t_start == 0)
        L->t_start = now - (double)f->pts_us / 1e6 / speed;
    L->ready = now;
    if (!L->o.input)
        return 0;                  /* a camera delivers at its own pace */
    L->ready = L->t_start + (double)f->pts_us / 1e6 / speed;
    if (now < L->ready)
        sleep_s(L->ready - now);
    else if (!L->o.every_frame && now - L->ready > 1.5 * L->frame_dt / speed) {
        L->dropped++;
        return 1;
    }
    return 0;
}

/* What the view shows of the last frame: nothing while paused or before
 * the first frame (a zero observation and metrics). */
static const tc_obs no_obs;
static const tc_metrics no_metrics;

static const tc_metrics *shown_metrics(const live *L)
{
    const tc_pipeline_result *r = tc_pipeline_last(L->p);
    return !L->paused && r->metrics ? r->metrics : &no_metrics;
}

/* The overlay on a copy of the last frame (L->raw), shown and kept for
 * the snapshot. */
static void render(live *L)
{
    const tc_pipeline_result *r = tc_pipeline_last(L->p);
    int shown = !L->paused && r->obs;
    size_t row = (size_t)L->img_w * 3;
    memcpy(L->img, L->raw, row * (size_t)L->img_h);
    overlay(L, L->img, L->img_w, L->img_h, row,
            shown && r->landmarks ? r->landmarks : L->none, shown ? r->obs : &no_obs,
            shown_metrics(L));
    if (L->win)
        tc_display_show(L->win, L->img, L->img_w, L->img_h, row);
}

/* A frame into the view: kept (L->raw) and drawn over. */
static int show(live *L, const tc_frame *f)
{
    size_t row = (size_t)f->width * 3, size = row * (size_t)f->height;
    if (!L->win && !L->o.snapshot)
        return TC_OK;
    if ((!L->raw && !(L->raw = malloc(size))) || (!L->img && !(L->img = malloc(size))))
        return TC_ENOMEM;
    for (int y = 0; y < f->height; y++)
        memcpy(L->raw + (size_t)y * row, f->data + (size_t)y * f->stride, row);
    L->img_w = f->width;
    L->img_h = f->height;
    render(L);
    return TC_OK;
}

/* p: the view freezes on the last frame shown (a video waits where it
 * is; a camera's frames are read and dropped); p again goes on from
 * there, the video's clock moved by the pause. */
static void toggle_pause(live *L, double t)
{
    double now = mono_s();
    L->paused = !L->paused;
    if (L->paused)
        L->paused_at = now;
    else if (L->t_start != 0)
        L->t_start += now - L->paused_at;
    L->fps_t0 = 0;
    L->fps_frames = 0;
    event(L, t, L->paused ? "paused" : "going on");
    if (L->img_w > 0)
        render(L);
}

/* A key from the window or the terminal, waiting up to wait_ms; 1: quit
 * (q, Esc, or the window was closed: L->closed). */
static int handle_key(live *L, double t, int wait_ms)
{
    int key = L->win ? tc_display_key(L->win, wait_ms > 1 ? wait_ms : 1) : term_key(L, wait_ms);
    if (key == -2)
        L->closed = 1;
    if (key == 'q' || key == 'Q' || key == 27 || key == -2)
        return 1;
    if (key == 'p' || key == 'P' || key == ' ')
        toggle_pause(L, t);
    if ((key == 'c' || key == 'C') && tc_pipeline_scorer(L->p)) {
        tc_pipeline_recalibrate(L->p);
        event(L, t, "calibrating again: hold still");
    }
    return 0;
}

/* Speed and latency after a frame was shown; the terminal's status line. */
static void account(live *L)
{
    double now = mono_s();
    L->lat[L->lat_i] = (now - L->ready) * 1000;
    L->lat_i = (L->lat_i + 1) % LAT_N;
    if (L->lat_n < LAT_N)
        L->lat_n++;
    if (L->fps_t0 == 0)
        L->fps_t0 = now;
    if (++L->fps_frames >= 15) {
        L->fps = L->fps_frames / fmax(1e-3, now - L->fps_t0);
        L->fps_frames = 0;
        L->fps_t0 = now;
    }
    hud_line(L, shown_metrics(L), now);
}

/* One frame: paced, keys, scored and shown (a camera's frame while
 * paused: dropped). 1: quit, < 0 failed (said), 0 go on. */
static int step(live *L, const tc_frame *f)
{
    L->pulled++;
    if (pace(L, f))
        return 0;
    L->t_frame = (double)f->pts_us / 1e6;
    if (handle_key(L, L->t_frame, 0))
        return 1;
    if (L->paused) {
        hud_line(L, &no_metrics, mono_s());
        return 0;
    }
    if (tc_pipeline_send_frame(L->p, f) < 0) {
        tc_cli_error("%s; the session so far is kept", tc_pipeline_last_error(L->p));
        return -1;
    }
    L->frames++;
    drain_events(L);
    if (show(L, f) < 0) {
        tc_cli_error("out of memory");
        return -1;
    }
    account(L);
    return 0;
}

/* The end of the source: a set ended, or, when not one frame came, a
 * failure (said; record's empty claim is removed by close_all, so no
 * session is left that has nothing in it). */
static int at_end(const live *L)
{
    if (L->pulled)
        return TC_EXIT_OK;
    tc_cli_error("%s: no video frames%s%s", source_name(L),
                 L->o.input ? " (an empty file, or cut off before the first whole frame)" : "",
                 L->record ? "; nothing recorded" : "");
    return TC_EXIT_FAIL;
}

/* Frames until the end, q or a signal; TC_EXIT_OK or TC_EXIT_FAIL. A
 * paused video reads no frame: only the keys. */
static int loop(live *L)
{
    tc_frame f;
    int rc;
    while (!g_quit) {
        if (L->paused && L->o.input) {
            if (handle_key(L, L->t_frame, 30))
                break;
            hud_line(L, &no_metrics, mono_s());
            continue;
        }
        rc = tc_pipeline_pull(L->p, L->cap, 2000, &f);
        if (rc == TC_EOF)
            return at_end(L);
        if (rc == TC_EAGAIN) {      /* a stall: say so, keep the keys alive */
            drain_events(L);
            if (handle_key(L, L->t_last, 0))
                break;
            continue;
        }
        if (rc < 0) {
            tc_cli_error("%s: %s; the session so far is kept", source_name(L),
                         tc_pipeline_last_error(L->p));
            return TC_EXIT_FAIL;
        }
        if ((rc = step(L, &f)) != 0)
            return rc < 0 ? TC_EXIT_FAIL : TC_EXIT_OK;
    }
    return TC_EXIT_OK;
}

/* The record folder's reports: JSON, CSV, HTML. */
static int write_reports(live *L)
{
    const tc_scorer *sc = tc_pipeline_scorer(L->p);
    tc_pipeline_series s = tc_pipeline_get_series(L->p);
    char trace[1300], path[1300], err[512], shown[TC_CLI_SHOWN_CAP];
    tc_report_meta meta = { source_name(L), trace, "tuckcam " TC_VERSION };
    tc_html_session hs = { NULL, (int64_t)L->started, sc, s.t, s.retraction_mm,
                           s.pitch_deg, s.n };
    hs.title = L->o.input ? tc_cli_basename(L->o.input) : L->o.device;
    snprintf(trace, sizeof trace, "%s.trace.jsonl", L->base);
    snprintf(path, sizeof path, "%s.report.json", L->base);
    if (tc_report_write_json(path, sc, &meta, err, sizeof err) < 0)
        goto failed;
    snprintf(path, sizeof path, "%s.reps.csv", L->base);
    if (tc_report_write_csv(path, sc, err, sizeof err) < 0)
        goto failed;
    snprintf(path, sizeof path, "%s.html", L->base);
    if (tc_report_write_html(path, &hs, 1, "tuckcam " TC_VERSION, err, sizeof err) < 0)
        goto failed;
    if (!L->cli->quiet)
        printf("  saved %s.{mkv,trace.jsonl,report.json,reps.csv,html}\n",
               tc_terminal_text(shown, sizeof shown, L->base));
    return TC_EXIT_OK;
failed:
    tc_cli_error("%s", err);
    return TC_EXIT_FAIL;
}

/* The end of the set: the last rep, the table, the files. */
static int finish(live *L, int status)
{
    const tc_scorer *sc = tc_pipeline_scorer(L->p);
    double med, p95;
    if (tc_pipeline_finish(L->p) < 0) {
        tc_cli_error("%s", tc_pipeline_last_error(L->p));
        status = TC_EXIT_FAIL;
    }
    drain_events(L);
    if (sc && !L->cli->quiet) {
        char shown[TC_CLI_SHOWN_CAP];
        printf("%s\n", tc_terminal_text(shown, sizeof shown, source_name(L)));
        tc_report_print(stdout, sc);
        lat_stats(L->lat, L->lat_n, &med, &p95);
        printf("  %lld frames scored, %lld skipped to keep up; capture-to-feedback "
               "latency median %.0f ms, p95 %.0f ms (last %d frames)\n",
               (long long)L->frames, (long long)L->dropped, med, p95, L->lat_n);
    }
    if (L->o.snapshot && L->img &&
        tc_vision_write_image(L->o.snapshot, L->img, L->img_w, L->img_h,
                              (size_t)L->img_w * 3) < 0) {
        tc_cli_error("%s: cannot write the image", L->o.snapshot);
        status = TC_EXIT_FAIL;
    }
    if (L->record && sc && write_reports(L) != TC_EXIT_OK)
        status = TC_EXIT_FAIL;
    return status;
}

/* Everything before the first frame: profile, folder, models, source,
 * the view, the pipeline. TC_EXIT_OK or the status to exit with. */
static int open_all(live *L)
{
    int rc;
    if ((rc = tc_cli_profile(&L->prof, L->o.profile_path, L->o.view)) != TC_EXIT_OK)
        return rc;
    if (L->o.out_dir && mkdir(L->o.out_dir, 0755) != 0 && errno != EEXIST) {
        tc_cli_error("%s: %s", L->o.out_dir, strerror(errno));
        return TC_EXIT_FAIL;
    }
    if (!(L->none = calloc(1, sizeof *L->none))) {
        tc_cli_error("out of memory");
        return TC_EXIT_FAIL;
    }
    if (tc_cli_vision(L->cli, &L->v, L->o.model, 1, 0) < 0)
        return TC_EXIT_MODELS;
    if ((rc = open_source(L)) != TC_EXIT_OK || (rc = open_pipeline(L)) != TC_EXIT_OK)
        return rc;
    if (!L->cli->quiet)
        fprintf(stderr, "%s\n", SAFETY);
    if (!L->o.no_window &&
        tc_display_create(&L->win, L->record ? "tuckcam record" : "tuckcam live") < 0 &&
        !L->cli->quiet)
        fprintf(stderr, "tuckcam: no display; showing the session in the terminal\n");
    L->tty_out = !L->win && isatty(STDOUT_FILENO);
    if (!L->win)
        term_raw(L);
    return TC_EXIT_OK;
}

static void close_all(live *L)
{
    drop_empty_claim(L);
    tc_pipeline_destroy(L->p);
    tc_display_destroy(L->win);
    free(L->img);
    free(L->raw);
    free(L->none);
    tc_vision_destroy(L->v);
    tc_capture_destroy(L->cap);
}

static int run(tc_cli *cli, int argc, char **argv, int record)
{
    struct sigaction sa, ign, old_int, old_term, old_hup, old_pipe;
    live L;
    int status;

    memset(&L, 0, sizeof L);
    L.cli = cli;
    L.record = record;
    L.o = (live_opts){ NULL, NULL, NULL, NULL, NULL, NULL, 1, 640, 480, 30, 0, 0, TC_POSE_LITE };
    L.started = time(NULL);
    if ((status = parse_args(&L, argc, argv)) != 0) {
        live_usage(status > 0 ? stdout : stderr, record);
        return status > 0 ? TC_EXIT_OK : TC_EXIT_USAGE;
    }
    if ((status = open_all(&L)) == TC_EXIT_OK) {
        g_quit = 0;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        /* a closed terminal (SIGHUP) ends the set like Ctrl-C: the reports are
         * still written; a reader gone from a pipe (SIGPIPE) must not kill
         * the session before they are */
        memset(&ign, 0, sizeof ign);
        ign.sa_handler = SIG_IGN;
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);
        sigaction(SIGHUP, &sa, &old_hup);
        sigaction(SIGPIPE, &ign, &old_pipe);
        status = loop(&L);
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        term_restore(&L);
        if (L.tty_out && !cli->quiet)
            fputs("\r\033[K", stdout);
        if (g_quit && !cli->quiet)
            fprintf(stderr, "tuckcam: stopped; finishing the set\n");
        if (L.closed && !cli->quiet)
            fprintf(stderr, "tuckcam: window closed; finishing the set\n");
        status = finish(&L, status);
        sigaction(SIGHUP, &old_hup, NULL);
        sigaction(SIGPIPE, &old_pipe, NULL);
    }
    close_all(&L);
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
