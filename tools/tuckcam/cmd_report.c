/* tools/tuckcam/cmd_report.c — `tuckcam report SESSION... --out FILE.html`:
 * each session's trace scored again (no models, no video) and written as
 * one self-contained HTML page for the therapist. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"
#include "cli.h"
#include "core/scorer.h"
#include "formats/formats.h"
#include "session.h"
#include "tc_version.h"

static void report_usage(FILE *to)
{
    fprintf(to,
        "usage: tuckcam report [options] SESSION... [--out FILE.html]\n"
        "\n"
        "Write a report a therapist can open in any browser: one HTML file with\n"
        "everything inside (no network, no script). For each session: retraction\n"
        "and pitch over time with the reps and holds shaded, the per-rep table\n"
        "with faults and cues, and the totals; with several sessions first the\n"
        "trend (reps per day, mean score, resting head-forward distance and CVA)\n"
        "and a table of sessions by date.\n"
        "\n"
        "A SESSION is a trace (NAME.trace.jsonl from `tuckcam score --out` or\n"
        "`tuckcam record`), a report beside its trace (NAME.report.json), or a\n"
        "folder, searched for traces. Each is scored again from its trace with\n"
        "the profile recorded in it (no models, no video needed).\n"
        "\n"
        "Options:\n"
        "  --out FILE     the page to write (default: report.html)\n"
        "  --profile FILE judge with this exercise profile instead\n"
        "  -q             print nothing but errors\n"
        "\n"
        "Examples:\n"
        "  tuckcam report demo-out/tucks.mp4.trace.jsonl --out tucks.html\n"
        "  tuckcam report --out progress.html sessions/\n"
        "\n"
        "Exit status: 0 written; 1 a session could not be read (named; the page\n"
        "is written with the others) or the page could not be written; 2 usage.\n");
}

static int is_trace(const char *name)
{
    size_t n = strlen(name), k = strlen(".trace.jsonl");
    return n > k && strcmp(name + n - k, ".trace.jsonl") == 0;
}

typedef struct loaded {
    tc_pipeline *p;
    char         title[256];
    int64_t      started;
} loaded;

/* Score one trace into `l`; TC_EXIT_OK or TC_EXIT_FAIL (said). */
static int load(loaded *l, const char *path, const tc_profile *override)
{
    tc_trace_info info;
    struct stat st;
    int rc = tc_session_rescore(path, override, NULL, 1, NULL, NULL, &info, &l->p);
    if (rc != TC_EXIT_OK)
        return rc;
    snprintf(l->title, sizeof l->title, "%s",
             tc_cli_basename(info.source[0] ? info.source : path));
    l->started = info.started_unix;
    if (!l->started && stat(path, &st) == 0)
        l->started = (int64_t)st.st_mtime;
    return TC_EXIT_OK;
}

/* The traces the arguments name (a report stands for the trace beside
 * it; a folder is searched). TC_EXIT_OK or TC_EXIT_FAIL (said). */
static int find_traces(tc_batch *list, char **args, int n)
{
    for (int i = 0; i < n; i++) {
        const char *a = args[i];
        size_t len = strlen(a), k = strlen(".report.json");
        int rc;
        if (len > k && strcmp(a + len - k, ".report.json") == 0) {
            char *t = malloc(len + 8);
            if (!t)
                return TC_EXIT_FAIL;
            snprintf(t, len + 8, "%.*s.trace.jsonl", (int)(len - k), a);
            rc = tc_batch_add_matching(list, t, is_trace);
            free(t);
        } else {
            rc = tc_batch_add_matching(list, a, is_trace);
        }
        if (rc < 0)
            return TC_EXIT_FAIL;
    }
    if (!list->n) {
        tc_cli_error("no traces (*.trace.jsonl) found in %s", args[0]);
        return TC_EXIT_FAIL;
    }
    return TC_EXIT_OK;
}

/* Score every trace of `list` and write the page; TC_EXIT_* status. */
static int write_page(tc_cli *cli, const tc_batch *list, const tc_profile *override,
                      const char *out)
{
    loaded *ls = calloc(list->n, sizeof *ls);
    tc_html_session *hs = calloc(list->n, sizeof *hs);
    size_t nl = 0;
    char err[512], shown[TC_CLI_SHOWN_CAP];
    int status = TC_EXIT_OK;

    if (!ls || !hs) {
        tc_cli_error("out of memory");
        status = TC_EXIT_FAIL;
        goto done;
    }
    for (size_t i = 0; i < list->n; i++) {
        loaded *l = &ls[nl];
        if (load(l, list->jobs[i].input, override) != TC_EXIT_OK) {
            status = TC_EXIT_FAIL;
            continue;
        }
        tc_pipeline_series s = tc_pipeline_get_series(l->p);
        hs[nl] = (tc_html_session){ l->title, l->started, tc_pipeline_scorer(l->p), s.t,
                                    s.retraction_mm, s.pitch_deg, s.n };
        nl++;
    }
    if (!nl) {
        tc_cli_error("no session could be read; nothing written");
        status = TC_EXIT_FAIL;
    } else if (tc_report_write_html(out, hs, nl, "tuckcam " TC_VERSION, err, sizeof err) < 0) {
        tc_cli_error("%s", err);
        status = TC_EXIT_FAIL;
    } else if (!cli->quiet) {
        printf("%s: %zu session%s\n", tc_terminal_text(shown, sizeof shown, out), nl,
               nl == 1 ? "" : "s");
    }
done:
    for (size_t i = 0; ls && i < nl; i++)
        tc_pipeline_destroy(ls[i].p);
    free(ls);
    free(hs);
    return status;
}

int tc_cmd_report(tc_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "out", required_argument, NULL, 'o' },
        { "profile", required_argument, NULL, 'p' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *out = "report.html", *profile_path = NULL;
    tc_profile profile;
    tc_batch list;
    int c, status;

    memset(&list, 0, sizeof list);
    while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'p': profile_path = optarg; break;
        case 'q': cli->quiet = 1; break;
        case 'h': report_usage(stdout); return TC_EXIT_OK;
        default:  report_usage(stderr); return TC_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        report_usage(stderr);
        return TC_EXIT_USAGE;
    }
    if (profile_path && (c = tc_cli_profile(&profile, profile_path, NULL)) != TC_EXIT_OK)
        return c;
    status = find_traces(&list, argv + optind, argc - optind);
    if (status == TC_EXIT_OK)
        status = write_page(cli, &list, profile_path ? &profile : NULL, out);
    tc_batch_free(&list);
    return status;
}
