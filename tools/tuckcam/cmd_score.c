/* tools/tuckcam/cmd_score.c — `tuckcam score INPUT... [--out DIR] [-j N]
 * [--shard I/N] [--resume]`: videos (files and folders) through the
 * pipeline and the scorer, in worker processes.
 *
 * Each worker is a forked process with its own models; the parent hands
 * out one video at a time over a pipe, reads progress, the per-rep table
 * and the outcome back over another, and the worker's stderr over a
 * third. A worker that dies (a crash in a decoder or the models) costs
 * that one video, reported as failed; a new worker takes the rest.
 * This file: the options, the videos found, the exit status; the job
 * list (--resume, locks) is score_jobs.c, the workers score_pool.c and
 * score_worker.c, the progress score_progress.c, the summary
 * score_summary.c (their shared types: score.h).
 *
 * Outputs per video (DIR/NAME.*, NAME the path below the folder given,
 * extension kept): the parent holds NAME.lock (an fcntl lock: two runs
 * into one DIR never write one video at once; a video another run holds
 * waits, and counts as scored when that run finished it) while a worker
 * removes NAME.done, writes the trace as NAME.trace.jsonl.part and renames
 * it when whole, then NAME.reps.csv, NAME.report.json and last NAME.done
 * (the video's canonical path, size and modification time: --resume skips
 * only a video whose mark names it as it is now and whose report parses).
 * A failure leaves NAME.error.txt and no .part. summary.csv / summary.json
 * cover every video of the command line (all shards) and every other video
 * with outputs in DIR, rebuilt from those files under a lock at the end of
 * every run, so the last run to finish writes the complete one. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "score.h"

static void score_usage(FILE *to)
{
    fprintf(to,
        "usage: tuckcam score [options] INPUT... [--out DIR]\n"
        "\n"
        "Score the chin tucks in each video: find the person, set the neutral\n"
        "posture from the first still second, count reps and judge each one\n"
        "(depth, tempo, hold, nodding, shoulders, trunk, rotation, smoothness),\n"
        "and print a per-rep table. An INPUT is a video file or a folder, which\n"
        "is searched (sub-folders too) for videos (.mp4 .mkv .mov .webm .avi ...).\n"
        "\n"
        "Hidden files and folders (names starting with '.') inside a folder are\n"
        "skipped, and said; name one as an INPUT to score it.\n"
        "\n"
        "With --out, DIR gets for each video NAME.trace.jsonl (every frame;\n"
        "`tuckcam rescore` and `tuckcam report` read it), NAME.report.json,\n"
        "NAME.reps.csv and last NAME.done (NAME: the video's path below its\n"
        "folder with its extension, e.g. day2/a.mp4.report.json; a failed video\n"
        "leaves NAME.error.txt), and summary.csv and summary.json (one row a\n"
        "video of the command line or with outputs in DIR: ok, failed or\n"
        "pending, reps, mean score, fault counts). Every file is written whole\n"
        "or not at all: a killed run loses only the videos in progress. Runs at\n"
        "once into one DIR are safe: a video is scored by one of them at a time.\n"
        "\n"
        "Options:\n"
        "  --out DIR          write the outputs there (created if needed)\n"
        "  -j, --jobs N       videos scored at once (default: one a CPU core)\n"
        "  --resume           skip videos already scored into DIR: NAME.done names\n"
        "                     the very file (path, size, modification time) and\n"
        "                     the report is whole; anything else is scored again\n"
        "  --shard I/N        score only videos I, I+N, I+2N, ... of the list\n"
        "                     (0 <= I < N; for cluster array jobs)\n"
        "  --profile FILE     exercise profile (see `tuckcam profile`)\n"
        "  --view V           side, front or auto (overrides the profile)\n"
        "  --model M          pose model: lite (default), full, heavy\n"
        "  --models DIR       model directory\n"
        "  -q                 no per-rep tables and no progress\n"
        "\n"
        "Examples:\n"
        "  tuckcam score fixtures/sample/tucks.mp4\n"
        "  tuckcam score --profile mine.ini --out results/ session1.mkv session2.mkv\n"
        "  tuckcam score -q --out results/ --resume clinic/videos/\n"
        "  # Slurm array job of 8 tasks, then one run to write the full summary:\n"
        "  #   sbatch --array=0-7 --wrap 'tuckcam score -j 2 --out res --resume \\\n"
        "  #          --shard $SLURM_ARRAY_TASK_ID/8 videos/'\n"
        "  #   tuckcam score --out res --resume videos/\n"
        "\n");
    fprintf(to,
        "Exit status: 0 every video scored; %d + the number of videos that\n"
        "failed (%d: one, ... %d: a hundred or more; the others are still\n"
        "scored); 1 no videos, or --out unusable (said: not a directory,\n"
        "read-only, ...); 2 usage; 3 models missing or refused;\n"
        "%d interrupted (run again with --resume to go on).\n",
        TC_EXIT_FAILED_BASE, TC_EXIT_FAILED_BASE + 1, TC_EXIT_FAILED_MAX, TC_EXIT_INTERRUPTED);
}

/* Options into c and a; TC_EXIT_OK to go on, -1 for --help (printed),
 * else the status to exit with (said). */
static int parse_args(score_ctx *c, score_args *a, int argc, char **argv)
{
    static const struct option opts[] = {
        { "out", required_argument, NULL, 'o' },     { "jobs", required_argument, NULL, 'j' },
        { "shard", required_argument, NULL, 's' },   { "resume", no_argument, NULL, 'r' },
        { "profile", required_argument, NULL, 'p' }, { "view", required_argument, NULL, 'w' },
        { "model", required_argument, NULL, 'M' },   { "models", required_argument, NULL, 'm' },
        { "help", no_argument, NULL, 'h' },          { NULL, 0, NULL, 0 },
    };
    int ch;
    while ((ch = getopt_long(argc, argv, "hqj:", opts, NULL)) != -1) {
        switch (ch) {
        case 'o': c->out_dir = optarg; break;
        case 'p': a->profile_path = optarg; break;
        case 'w': a->view = optarg; break;
        case 'm': c->cli->models_dir = optarg; break;
        case 'q': c->cli->quiet = 1; break;
        case 'r': a->resume = 1; break;
        case 'j':
            if (tc_cli_parse_int(&a->jobs, optarg, 1, 256) == 0)
                break;
            tc_cli_error("-j wants a number of videos at once, 1 to 256");
            return TC_EXIT_USAGE;
        case 's':
            if (tc_batch_parse_shard(optarg, &a->shard_i, &a->shard_n) == 0)
                break;
            tc_cli_error("--shard wants I/N with 0 <= I < N, e.g. --shard 0/4");
            return TC_EXIT_USAGE;
        case 'M':
            if (tc_cli_parse_model(&c->model, optarg) == 0)
                break;
            tc_cli_error("--model wants lite, full or heavy");
            return TC_EXIT_USAGE;
        case 'h': score_usage(stdout); return -1;
        default:  score_usage(stderr); return TC_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        score_usage(stderr);
        return TC_EXIT_USAGE;
    }
    if (a->resume && !c->out_dir) {
        tc_cli_error("--resume needs --out DIR (it looks for the reports there)");
        return TC_EXIT_USAGE;
    }
    return tc_cli_profile(&c->profile, a->profile_path, a->view);
}

/* DIR made if needed and a folder that can be written in; else said as
 * what it is (not a directory, read-only, ...) and -1. */
static int prepare_out(const char *dir)
{
    char *probe;
    int fd;
    if (tc_cli_make_dir("--out", dir) < 0)
        return -1;   /* said */
    if (!(probe = tc_batch_path(dir, ".summary", ".lock"))) {
        tc_cli_error("out of memory");
        return -1;
    }
    if ((fd = open(probe, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
        tc_cli_error("--out %s: cannot write there: %s", dir, strerror(errno));
    else
        close(fd);
    free(probe);
    return fd < 0 ? -1 : 0;
}

/* The videos of the arguments, the output folder made; TC_EXIT_*. */
static int collect(score_ctx *c, const score_args *a, char **inputs, int n)
{
    char shown[TC_CLI_SHOWN_CAP];
    int rc;
    for (int i = 0; i < n; i++)
        if ((rc = tc_batch_add(&c->batch, inputs[i])) < 0) {
            if (rc == TC_ENOMEM)
                tc_cli_error("out of memory");
            return TC_EXIT_FAIL;
        }
    if (c->batch.n == 0) {
        tc_cli_error("no videos found in %s", inputs[0]);
        return TC_EXIT_FAIL;
    }
    if (c->batch.repeated && !c->cli->quiet)
        fprintf(stderr, "score: %zu input%s named a video already in the list (the same "
                "file another way): scored once\n", c->batch.repeated,
                c->batch.repeated == 1 ? "" : "s");
    if (c->batch.hidden && !c->cli->quiet)
        fprintf(stderr, "score: skipped %zu hidden entr%s (name starting with '.'): %s%s; "
                "name one as an INPUT to score it\n", c->batch.hidden,
                c->batch.hidden == 1 ? "y" : "ies",
                tc_terminal_text(shown, sizeof shown, c->batch.hidden_names),
                c->batch.hidden > 4 ? ", ..." : "");
    if (c->out_dir && prepare_out(c->out_dir) < 0)
        return TC_EXIT_FAIL;
    tc_batch_shard(&c->batch, a->shard_i, a->shard_n);
    return TC_EXIT_OK;
}

/* How the run ended, said; the exit status. */
static int outcome(const pool *p, const score_ctx *c, int skipped, int summary_ok)
{
    char shown[TC_CLI_SHOWN_CAP];
    if (p->models_failed)
        return TC_EXIT_MODELS;
    if (p->interrupted) {
        tc_cli_error("stopped: %d of %d video%s finished; the same command with --resume goes on",
                     p->finished, p->total, p->total == 1 ? "" : "s");
        return TC_EXIT_INTERRUPTED;
    }
    if (p->finished < p->total) {
        tc_cli_error("%d of %d videos were not scored", p->total - p->finished, p->total);
        return TC_EXIT_FAIL;
    }
    if (p->failed) {
        tc_cli_error("%d of %d video%s failed%s", p->failed, p->total, p->total == 1 ? "" : "s",
                     summary_ok ? " (see summary.csv)" : "");
        return p->failed < TC_EXIT_FAILED_MAX - TC_EXIT_FAILED_BASE
                   ? TC_EXIT_FAILED_BASE + p->failed : TC_EXIT_FAILED_MAX;
    }
    if (!c->cli->quiet && summary_ok && p->total + skipped > 1)
        fprintf(stderr, "score: %d video%s scored now; summary in %s/summary.csv\n",
                p->total, p->total == 1 ? "" : "s",
                tc_terminal_text(shown, sizeof shown, c->out_dir));
    return TC_EXIT_OK;
}

int tc_cmd_score(tc_cli *cli, int argc, char **argv)
{
    score_args a = { NULL, NULL, 0, 0, 1, 0 };
    score_ctx c;
    pool p;
    int status, skipped, summary_ok;
    char shown[TC_CLI_SHOWN_CAP];

    memset(&c, 0, sizeof c);
    memset(&p, 0, sizeof p);
    c.cli = cli;
    c.model = TC_POSE_LITE;
    if ((status = parse_args(&c, &a, argc, argv)) != TC_EXIT_OK)
        return status < 0 ? TC_EXIT_OK : status;
    if ((status = collect(&c, &a, argv + optind, argc - optind)) != TC_EXIT_OK) {
        tc_batch_free(&c.batch);
        return status;
    }
    p.c = &c;
    if ((skipped = tc_score__plan(&p, &c, &a)) < 0) {
        tc_cli_error("out of memory");
        free(p.todo);
        free(p.deferred);
        tc_batch_free(&c.batch);
        return TC_EXIT_FAIL;
    }
    p.quiet = cli->quiet;
    p.tty = !cli->quiet && isatty(STDERR_FILENO);
    if (skipped && !cli->quiet)
        fprintf(stderr, "score: %d video%s already scored in %s (--resume), %d to go\n",
                skipped, skipped == 1 ? "" : "s", tc_terminal_text(shown, sizeof shown, c.out_dir),
                p.ntodo);
    tc_score__run(&p);
    summary_ok = c.out_dir && tc_score__write_summary(&c) == TC_OK;
    status = outcome(&p, &c, skipped, summary_ok);
    free(p.w);
    free(p.todo);
    free(p.deferred);
    tc_batch_free(&c.batch);
    return status;
}
