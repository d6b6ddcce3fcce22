/* tools/tuckcam/score_worker.c — `tuckcam score`'s worker process: score
 * the videos the parent hands it one at a time, write each one's outputs
 * (the trace renamed whole, the CSV, the report, the NAME.done mark last)
 * and report progress, the per-rep table and the outcome on its pipe. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "score.h"
#include "session.h"
#include "tc_version.h"

int tc_score__write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

static void send_line(int fd, const char *fmt, ...) TC_PRINTF(2, 3);
static void send_line(int fd, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        (void)tc_score__write_all(fd, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void on_progress(void *user, double done, double t_s, int reps)
{
    score_ctx *c = user;
    (void)t_s;
    send_line(c->res_fd, "P %d %.4f %d\n", c->job, isfinite(done) ? done : -1.0, reps);
}

/* The paths of one video's outputs (DIR/NAME + suffix). */
enum { OUT_PART, OUT_TRACE, OUT_REPORT, OUT_CSV, OUT_ERROR, OUT_DONE, OUT_N };

static const char *const out_suffix[OUT_N] = {
    ".trace.jsonl.part", ".trace.jsonl", ".report.json", ".reps.csv", ".error.txt", ".done",
};

static int out_paths(char *path[OUT_N], const char *dir, const char *name)
{
    int rc = TC_OK;
    for (int i = 0; i < OUT_N; i++)
        if (!(path[i] = tc_batch_path(dir, name, out_suffix[i])))
            rc = TC_ENOMEM;
    return rc;
}

static void free_paths(char *path[OUT_N])
{
    for (int i = 0; i < OUT_N; i++)
        free(path[i]);
}

/* The scored session's files: the trace renamed whole, the CSV, the
 * report, the mark last; 0 or -1 (said). */
static int write_outputs(const tc_batch_job *j, char *const path[OUT_N], const tc_scorer *sc)
{
    tc_report_meta meta = { j->input, path[OUT_TRACE], "tuckcam " TC_VERSION };
    char err[1100];
    if (rename(path[OUT_PART], path[OUT_TRACE]) != 0) {
        tc_cli_error("%s: %s", path[OUT_TRACE], strerror(errno));
        return -1;
    }
    if (tc_report_write_csv(path[OUT_CSV], sc, err, sizeof err) < 0 ||
        tc_report_write_json(path[OUT_REPORT], sc, &meta, err, sizeof err) < 0)
        goto failed;
    if (unlink(path[OUT_ERROR]) != 0 && errno != ENOENT) {
        tc_cli_error("%s: %s", path[OUT_ERROR], strerror(errno));
        return -1;
    }
    if (tc_batch_write_done(path[OUT_DONE], j->input, err, sizeof err) < 0)
        goto failed;
    return 0;
failed:
    tc_cli_error("%s", err);
    return -1;
}

/* The per-rep table to the parent (it prints them in order). */
static void send_table(const score_ctx *c, int idx, const tc_scorer *sc)
{
    char *table = NULL, shown[TC_CLI_SHOWN_CAP];
    size_t table_len = 0;
    FILE *m = open_memstream(&table, &table_len);
    if (m) {
        fprintf(m, "%s\n", tc_terminal_text(shown, sizeof shown, c->batch.jobs[idx].input));
        tc_report_print(m, sc);
        fclose(m);
    }
    if (table) {
        send_line(c->res_fd, "T %d %zu\n", idx, table_len);
        (void)tc_score__write_all(c->res_fd, table, table_len);
    }
    free(table);
}

/* Score job `idx` (the parent holds its lock); writes its outputs, or on
 * failure none half-written; 0 ok, -1 failed (said on stderr). */
static int worker_job(score_ctx *c, tc_vision *v, int idx)
{
    tc_batch_job *j = &c->batch.jobs[idx];
    char *path[OUT_N] = { NULL };
    tc_pipeline *p = NULL;
    int ok = -1;

    c->job = idx;
    if (c->out_dir) {
        if (out_paths(path, c->out_dir, j->name) < 0) {
            tc_cli_error("out of memory");
            goto done;
        }
        if (tc_batch_mkdirs(path[OUT_DONE]) < 0)
            goto done;
        if (unlink(path[OUT_DONE]) != 0 && errno != ENOENT) {   /* not done while rewritten */
            tc_cli_error("%s: %s", path[OUT_DONE], strerror(errno));
            goto done;
        }
    }
    {
        tc_session_opts so = { &c->profile, path[OUT_PART], 0, NULL, on_progress, c };
        if (tc_session_run_file(c->cli, v, j->input, &so, &p) != TC_EXIT_OK)
            goto done;
    }
    if (c->out_dir && write_outputs(j, path, tc_pipeline_scorer(p)) < 0)
        goto done;
    if (!c->cli->quiet)
        send_table(c, idx, tc_pipeline_scorer(p));
    ok = 0;
done:
    if (ok < 0 && path[OUT_PART])
        unlink(path[OUT_PART]);
    tc_pipeline_destroy(p);
    free_paths(path);
    return ok;
}

int tc_score__worker_main(score_ctx *c, int cmd_fd)
{
    FILE *in = fdopen(cmd_fd, "r");
    tc_vision *v = NULL;
    char line[64];
    int rc = 0;

    while (in && fgets(line, sizeof line, in)) {
        int idx = atoi(line);
        if (idx < 0 || (size_t)idx >= c->batch.n)
            break;
        if (!v && tc_cli_vision(c->cli, &v, c->model, 1, c->threads) < 0) {
            send_line(c->res_fd, "M %d\n", idx);
            rc = TC_EXIT_MODELS;
            break;
        }
        send_line(c->res_fd, "D %d %d\n", idx, worker_job(c, v, idx));
    }
    tc_vision_destroy(v);
    if (in)
        fclose(in);
    close(c->res_fd);
    return rc;
}
