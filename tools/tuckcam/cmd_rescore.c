/* tools/tuckcam/cmd_rescore.c — `tuckcam rescore TRACE`: the report again
 * from a trace, without models or video (e.g. with another profile). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/scorer.h"
#include "formats/formats.h"
#include "session.h"
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
    tc_profile profile;
    tc_trace_info info;
    tc_pipeline *p = NULL;
    const tc_scorer *sc;
    char err[512];
    int c, status;

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
    if (profile_path && (status = tc_cli_profile(&profile, profile_path, NULL)) != TC_EXIT_OK)
        return status;
    status = tc_session_rescore(path, profile_path ? &profile : NULL, view, 0, NULL, NULL,
                                &info, &p);
    if (status != TC_EXIT_OK)
        return status;
    sc = tc_pipeline_scorer(p);
    if (!cli->quiet) {
        char shown[TC_CLI_SHOWN_CAP];
        printf("%s\n", tc_terminal_text(shown, sizeof shown, path));
        tc_report_print(stdout, sc);
    }
    {
        tc_report_meta meta = { info.source[0] ? info.source : NULL, path,
                                "tuckcam " TC_VERSION " (rescore)" };
        if (json && tc_report_write_json(json, sc, &meta, err, sizeof err) < 0) {
            tc_cli_error("%s", err);
            status = TC_EXIT_FAIL;
        }
        if (csv && tc_report_write_csv(csv, sc, err, sizeof err) < 0) {
            tc_cli_error("%s", err);
            status = TC_EXIT_FAIL;
        }
    }
    tc_pipeline_destroy(p);
    return status;
}
