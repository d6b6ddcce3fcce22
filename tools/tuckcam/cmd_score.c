/* tools/tuckcam/cmd_score.c — `tuckcam score VIDEO... --out DIR`: each
 * video through the pipeline and the scorer; per video a trace, a report
 * (JSON) and a per-rep CSV in DIR, and the per-rep table on stdout. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "session.h"
#include "tc_version.h"

static void score_usage(FILE *to)
{
    fprintf(to,
        "usage: tuckcam score [options] VIDEO... [--out DIR]\n"
        "\n"
        "Score the chin tucks in each video: find the person, set the neutral\n"
        "posture from the first still second, count reps and judge each one\n"
        "(depth, tempo, hold, nodding, shoulders, trunk, rotation, smoothness),\n"
        "and print a per-rep table. With --out, DIR gets for each video\n"
        "NAME.trace.jsonl (every frame; `tuckcam rescore` reads it),\n"
        "NAME.report.json and NAME.reps.csv.\n"
        "\n"
        "Options:\n"
        "  --out DIR          write trace, report and CSV there (created if needed)\n"
        "  --profile FILE     exercise profile (see `tuckcam profile`)\n"
        "  --view V           side, front or auto (overrides the profile)\n"
        "  --model M          pose model: lite (default), full, heavy\n"
        "  --models DIR       model directory\n"
        "  -q                 no per-rep table\n"
        "\n"
        "Examples:\n"
        "  tuckcam score fixtures/sample/sample.mp4\n"
        "  tuckcam score --profile mine.ini --out results/ session1.mkv session2.mkv\n"
        "Exit status: 0 all scored, 1 a video could not be read or written\n"
        "(the others are still scored), 2 usage, 3 models missing or refused.\n");
}

static int make_dir(const char *dir)
{
    if (mkdir(dir, 0755) == 0 || errno == EEXIST)
        return TC_OK;
    tc_cli_error("%s: %s", dir, strerror(errno));
    return TC_EIO;
}

/* DIR/NAME<suffix> where NAME is the video's file name without extension. */
static char *out_path(const char *dir, const char *video, const char *suffix)
{
    const char *base = tc_cli_basename(video), *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    size_t cap = strlen(dir) + n + strlen(suffix) + 2;
    char *p = malloc(cap);
    if (p)
        snprintf(p, cap, "%s/%.*s%s", dir, (int)n, base, suffix);
    return p;
}

int tc_cmd_score(tc_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "out", required_argument, NULL, 'o' },
        { "profile", required_argument, NULL, 'p' },
        { "view", required_argument, NULL, 'w' },
        { "model", required_argument, NULL, 'M' },
        { "models", required_argument, NULL, 'm' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *out_dir = NULL, *profile_path = NULL, *view = NULL;
    tc_pose_model model = TC_POSE_LITE;
    tc_profile profile;
    tc_vision *v = NULL;
    int c, failed = 0, status;

    while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out_dir = optarg; break;
        case 'p': profile_path = optarg; break;
        case 'w': view = optarg; break;
        case 'm': cli->models_dir = optarg; break;
        case 'q': cli->quiet = 1; break;
        case 'M':
            if (tc_cli_parse_model(&model, optarg) < 0) {
                tc_cli_error("--model wants lite, full or heavy");
                return TC_EXIT_USAGE;
            }
            break;
        case 'h': score_usage(stdout); return TC_EXIT_OK;
        default:  score_usage(stderr); return TC_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        score_usage(stderr);
        return TC_EXIT_USAGE;
    }
    if ((status = tc_cli_profile(&profile, profile_path, view)) != TC_EXIT_OK)
        return status;
    if (out_dir && make_dir(out_dir) < 0)
        return TC_EXIT_FAIL;
    if (tc_cli_vision(cli, &v, model, 1, 0) < 0)
        return TC_EXIT_MODELS;
    for (int i = optind; i < argc; i++) {
        const char *video = argv[i];
        char *trace = out_dir ? out_path(out_dir, video, ".trace.jsonl") : NULL;
        char *report = out_dir ? out_path(out_dir, video, ".report.json") : NULL;
        char *csv = out_dir ? out_path(out_dir, video, ".reps.csv") : NULL;
        tc_session_opts so = { &profile, trace, !cli->quiet, NULL, NULL };
        tc_scorer *sc = NULL;
        char err[256];
        if (out_dir && (!trace || !report || !csv)) {
            tc_cli_error("out of memory");
            failed++;
        } else if (tc_session_run_file(cli, v, video, &so, &sc) != TC_EXIT_OK) {
            failed++;
        } else {
            tc_report_meta meta = { video, trace, "tuckcam " TC_VERSION };
            if (!cli->quiet) {
                printf("%s\n", video);
                tc_report_print(stdout, sc);
            }
            if (out_dir && (tc_report_write_json(report, sc, &meta, err, sizeof err) < 0 ||
                            tc_report_write_csv(csv, sc, err, sizeof err) < 0)) {
                tc_cli_error("%s", err);
                failed++;
            }
        }
        tc_scorer_destroy(sc);
        free(trace);
        free(report);
        free(csv);
    }
    tc_vision_destroy(v);
    if (failed)
        tc_cli_error("%d of %d video%s failed", failed, argc - optind,
                     argc - optind == 1 ? "" : "s");
    return failed ? TC_EXIT_FAIL : TC_EXIT_OK;
}
