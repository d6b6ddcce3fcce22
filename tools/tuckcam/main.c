/* tools/tuckcam/main.c — the tuckcam program: global options and the
 * subcommand dispatcher. Each subcommand lives in cmd_<name>.c. */
#include <getopt.h>
#include <stdarg.h>
#include <libavutil/log.h>
#include <stdio.h>
#include <string.h>

#include "capture/capture.h"
#include "cli.h"
#include "formats/formats.h"
#include "tc_version.h"
#include "vision/vision.h"

typedef struct command {
    const char *name;
    tc_cmd_fn   fn;
    const char *summary;
} command;

static const command commands[] = {
    { "live",   tc_cmd_live,   "feedback at the webcam (or a video played as one)" },
    { "record", tc_cmd_record, "live, and keep video, trace and reports of the session" },
    { "devices", tc_cmd_devices, "list cameras with their formats, sizes and rates" },
    { "bench",  tc_cmd_bench,  "speed of decoding and of each vision stage" },
    { "landmarks", tc_cmd_landmarks, "head and shoulder landmarks of the person in images" },
    { "probe",  tc_cmd_probe,  "decode a video and print what the pipeline sees" },
    { "score",  tc_cmd_score,  "count and score the chin tucks in videos" },
    { "eval",   tc_cmd_eval,   "score ground-truth fixtures and compare with their truth" },
    { "rescore", tc_cmd_rescore, "score a session again from its trace (no models)" },
    { "report", tc_cmd_report, "HTML report of sessions for the therapist (with trend)" },
    { "profile", tc_cmd_profile, "print or check an exercise profile" },
    { "track",  tc_cmd_track,  "landmarks over a video, frame by frame" },
    { "models", tc_cmd_models, "show where the models are, verify or fetch them" },
};

static void usage(FILE *to)
{
    fprintf(to,
        "usage: tuckcam [--models DIR] [-v|-q] COMMAND [ARGS...]\n"
        "       tuckcam --help | --version\n"
        "\n"
        "tuckcam watches chin tucks on a webcam or in a video and scores each\n"
        "repetition (depth, nodding, shoulders, tempo).\n"
        "\n"
        "Commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(to, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(to,
        "\n"
        "Options:\n"
        "  --models DIR   model directory (default $TUCKCAM_MODELS, else\n"
        "                 ~/.cache/tuckcam/models; fill it with\n"
        "                 'tuckcam models fetch')\n"
        "  -v, --verbose  more messages (twice for debug), FFmpeg's own lines too\n"
        "  -q, --quiet    errors only\n"
        "  -h, --help     this help; 'tuckcam COMMAND --help' for a command\n"
        "  -V, --version  version and library versions\n"
        "\n"
        "Exit status: 0 success, 1 the work failed, 2 usage error,\n"
        "             3 model files missing or refused; score also %d + the\n"
        "             number of videos that failed (at most %d) and %d when\n"
        "             interrupted.\n"
        "\n"
        "Examples:\n"
        "  tuckcam track fixtures/sample/sample.mp4\n"
        "  tuckcam landmarks --draw out.png photo.jpg\n"
        "  tuckcam models verify\n",
        TC_EXIT_FAILED_BASE, TC_EXIT_FAILED_MAX, TC_EXIT_INTERRUPTED);
}

/* FFmpeg's log, routed here once at start (av_log_set_callback is
 * process-wide, so the program sets it, never a library): a line about a
 * file being opened or read goes into that file's own message ("...: Invalid
 * data found when processing input (ffmpeg: moov atom not found)"); any
 * line is shown as it comes only with -v (which raises FFmpeg's level to
 * warnings: the level says it, no flag of our own). */
static void ffmpeg_log(void *avcl, int level, const char *fmt, va_list vl)
{
    char line[512];
    size_t n;
    if (level > av_log_get_level())
        return;
    (void)vsnprintf(line, sizeof line, fmt, vl);
    for (n = strlen(line); n > 0 && (line[n - 1] == '\n' || line[n - 1] == ' '); n--)
        line[n - 1] = '\0';
    if (n == 0)
        return;
    (void)tc_capture_take_ffmpeg_line(avcl, line);
    if (av_log_get_level() >= AV_LOG_WARNING) {
        char shown[2 * sizeof line];   /* FFmpeg quotes names: escaped */
        fprintf(stderr, "tuckcam: ffmpeg: %s\n", tc_terminal_text(shown, sizeof shown, line));
    }
}

static void version(void)
{
    char vis[128], cap[128];
    tc_vision_describe(vis, sizeof vis);
    tc_capture_describe(cap, sizeof cap);
    printf("tuckcam %s\n  %s\n  %s\n", TC_VERSION, vis, cap);
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        { "models",  required_argument, NULL, 'm' },
        { "verbose", no_argument,       NULL, 'v' },
        { "quiet",   no_argument,       NULL, 'q' },
        { "help",    no_argument,       NULL, 'h' },
        { "version", no_argument,       NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    tc_cli cli = { NULL, 0, 0, argv[0] };
    int c;

    /* '+': stop at the first non-option, the subcommand. */
    while ((c = getopt_long(argc, argv, "+vqhV", opts, NULL)) != -1) {
        switch (c) {
        case 'm': cli.models_dir = optarg; break;
        case 'v': cli.verbose++; break;
        case 'q': cli.quiet = 1; break;
        case 'h': usage(stdout); return TC_EXIT_OK;
        case 'V': version(); return TC_EXIT_OK;
        default:  usage(stderr); return TC_EXIT_USAGE;
        }
    }
    av_log_set_level(cli.verbose ? AV_LOG_WARNING : AV_LOG_ERROR);
    av_log_set_callback(ffmpeg_log);
    if (optind >= argc) {
        usage(stderr);
        return TC_EXIT_USAGE;
    }
    if (strcmp(argv[optind], "help") == 0) {
        usage(stdout);
        return TC_EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
        if (strcmp(argv[optind], commands[i].name) == 0) {
            int sub_argc = argc - optind;
            char **sub_argv = argv + optind;
            optind = 0; /* glibc: reinitialise getopt for the subcommand */
            return commands[i].fn(&cli, sub_argc, sub_argv);
        }
    }
    tc_cli_error("unknown command '%s'; see 'tuckcam --help'", argv[optind]);
    return TC_EXIT_USAGE;
}
