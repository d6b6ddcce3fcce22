/* tools/tuckcam/cmd_rescore.c — `tuckcam rescore TRACE`: the report again
 * from a trace, without models or video (e.g. with another profile). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/scorer.h"
#include "formats/formats.h"
#include "tc_version.h"

static void rescore_usage(FILE *to)
{
    fprintf(to,
        "usage: tuckcam rescore [options] TRACE\n"
        "\n"
        "Score a session again from its trace (NAME.trace.jsonl, written by\n"
        "`tuckcam score --out`): no models, no video. The profile recorded in\n"
        "the trace is used unless --profile names another. A trace cut short by\n"
        "a crash is read up to its last whole line.\n"
        "\n"
        "Options:\n"
        "  --profile FILE   exercise profile to judge with instead\n"
        "  --view V         side, front or auto (overrides the profile)\n"
        "  --json FILE      write the report (JSON) there\n"
        "  --csv FILE       write the per-rep CSV there\n"
        "  -q               no per-rep table\n"
        "\n"
        "Examples:\n"
        "  tuckcam rescore results/session.trace.jsonl\n"
        "  tuckcam rescore --profile strict.ini --json strict.json results/session.trace.jsonl\n"
        "Exit status: 0 done, 1 trace unreadable or malformed (the line is\n"
        "named) or output not written, 2 usage.\n");
}

typedef struct rescore_ctx {
    tc_scorer  *sc;
    tc_profile  profile;
    int         profile_given;
    int         width, height;
} rescore_ctx;

static int on_frame(void *user, const tc_obs *obs)
{
    rescore_ctx *c = user;
    return tc_scorer_push(c->sc, obs, NULL) < 0 ? TC_EFORMAT : TC_OK;
}

int tc_cmd_rescore(tc_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "profile", required_argument, NULL, 'p' },
        { "view", required_argument, NULL, 'w' },
        { "json", required_argument, NULL, 'j' },
        { "csv", required_argument, NULL, 'c' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *profile_path = NULL, *view = NULL, *json = NULL, *csv = NULL, *path;
    rescore_ctx ctx;
    tc_trace_info info;
    char err[512];
    uint8_t *data = NULL;
    int c, rc, status = TC_EXIT_FAIL;
    tc_scorer_config cfg = TC_SCORER_CONFIG_INIT;

    memset(&ctx, 0, sizeof ctx);
    while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        switch (c) {
        case 'p': profile_path = optarg; break;
        case 'w': view = optarg; break;
        case 'j': json = optarg; break;
        case 'c': csv = optarg; break;
        case 'q': cli->quiet = 1; break;
        case 'h': rescore_usage(stdout); return TC_EXIT_OK;
        default:  rescore_usage(stderr); return TC_EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        rescore_usage(stderr);
        return TC_EXIT_USAGE;
    }
    path = argv[optind];
    if (profile_path && (status = tc_cli_profile(&ctx.profile, profile_path, NULL)) != TC_EXIT_OK)
        return status;
    /* First pass: the header (frame size, recorded profile). */
    rc = tc_trace_read(path, &info, NULL, NULL, err, sizeof err);
    if (rc < 0) {
        tc_cli_error("%s", err);
        return TC_EXIT_FAIL;
    }
    if (!profile_path) {
        if (info.has_profile)
            ctx.profile = info.profile;
        else
            tc_profile_defaults(&ctx.profile);
    }
    if (view && tc_profile_set(&ctx.profile, "exercise", "view", view, err, sizeof err) < 0) {
        tc_cli_error("--view: %s", err);
        return TC_EXIT_USAGE;
    }
    cfg.profile = &ctx.profile;
    cfg.width = info.width;
    cfg.height = info.height;
    if (tc_scorer_create(&ctx.sc, &cfg) < 0) {
        tc_cli_error("%s: cannot score frames of %dx%d", path, info.width, info.height);
        return TC_EXIT_FAIL;
    }
    rc = tc_trace_read(path, &info, on_frame, &ctx, err, sizeof err);
    if (rc < 0) {
        tc_cli_error("%s", err);
        goto done;
    }
    if (info.truncated)
        tc_cli_error("%s: the last line was cut off (a crash while recording?); "
                     "scored the %lld whole frames before it", path, (long long)info.frames);
    tc_scorer_finish(ctx.sc);
    if (!cli->quiet) {
        printf("%s\n", path);
        tc_report_print(stdout, ctx.sc);
    }
    status = TC_EXIT_OK;
    {
        tc_report_meta meta = { info.source[0] ? info.source : NULL, path,
                                "tuckcam " TC_VERSION " (rescore)" };
        if (json && tc_report_write_json(json, ctx.sc, &meta, err, sizeof err) < 0) {
            tc_cli_error("%s", err);
            status = TC_EXIT_FAIL;
        }
        if (csv && tc_report_write_csv(csv, ctx.sc, err, sizeof err) < 0) {
            tc_cli_error("%s", err);
            status = TC_EXIT_FAIL;
        }
    }
done:
    free(data);
    tc_scorer_destroy(ctx.sc);
    return status;
}
