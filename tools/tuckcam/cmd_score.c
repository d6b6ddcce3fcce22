/* tools/tuckcam/cmd_score.c — `tuckcam score INPUT... [--out DIR] [-j N]
 * [--shard I/N] [--resume]`: videos (files and folders) through the
 * pipeline and the scorer, in worker processes.
 *
 * Each worker is a forked process with its own models; the parent hands
 * out one video at a time over a pipe, reads progress, the per-rep table
 * and the outcome back over another, and the worker's stderr over a
 * third. A worker that dies (a crash in a decoder or the models) costs
 * that one video, reported as failed; a new worker takes the rest.
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
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "core/util.h"
#include "session.h"
#include "tc_version.h"

/* Exit status when videos failed: 10 + their number, at most 110. */
#define SCORE_EXIT_FAILED_BASE 10
#define SCORE_EXIT_INTERRUPTED 130

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
        "\n"
        "Exit status: 0 every video scored; 10 + the number of videos that\n"
        "failed (11: one, ... 110: a hundred or more; the others are still\n"
        "scored); 1 no videos, or --out unusable (said: not a directory,\n"
        "read-only, ...); 2 usage; 3 models missing or refused;\n"
        "130 interrupted (run again with --resume to go on).\n");
}

/* ---- the worker (child process) ---------------------------------------- */

typedef struct score_ctx {
    tc_cli       *cli;
    tc_batch      batch;
    const char   *out_dir;
    tc_profile    profile;
    tc_pose_model model;
    int           threads;    /* per worker */
    int           res_fd;     /* worker: where it reports */
    int           job;        /* worker: the job in progress */
} score_ctx;

static int write_all(int fd, const void *p, size_t n)
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
        (void)write_all(fd, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
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
    char *table = NULL;
    size_t table_len = 0;
    FILE *m = open_memstream(&table, &table_len);
    if (m) {
        fprintf(m, "%s\n", c->batch.jobs[idx].input);
        tc_report_print(m, sc);
        fclose(m);
    }
    if (table) {
        send_line(c->res_fd, "T %d %zu\n", idx, table_len);
        (void)write_all(c->res_fd, table, table_len);
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

/* The worker's life: read a job index a line, score it, say "D idx rc". */
static int worker_main(score_ctx *c, int cmd_fd)
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

/* ---- the parent: hand out jobs, show progress, collect results ---------- */

typedef struct worker {
    pid_t  pid;
    int    cmd_fd, res_fd, err_fd;
    int    job;               /* in progress, -1 idle */
    double done;              /* share of that job */
    char  *res, *errbuf;      /* unparsed bytes */
    size_t res_len, err_len;
    char   last_err[512];
} worker;

typedef struct pool {
    score_ctx *c;
    worker    *w;
    int        nw;
    int       *todo;          /* job indices to hand out */
    int        ntodo, next;
    int       *deferred;      /* jobs whose lock another run holds, to try again */
    int        ndeferred;
    int        resume;
    int64_t    since_ns;      /* when this run started (wall clock) */
    int        finished, failed, total;
    int        tty, quiet, models_failed;
    double     t0, last_draw;
} pool;

static volatile sig_atomic_t g_stop;

static void on_signal(int sig)
{
    g_stop = sig;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void clear_bar(pool *p)
{
    if (p->tty && p->last_draw > 0)
        fputs("\r\033[K", stderr);
}

static void draw_bar(pool *p, int force)
{
    double t = now_s(), frac = p->finished, el;
    char eta[32] = "";
    int width = 24, fill;
    if (!p->tty || (!force && t - p->last_draw < 0.2))
        return;
    for (int i = 0; i < p->nw; i++)
        if (p->w[i].job >= 0 && p->w[i].done > 0)
            frac += p->w[i].done;
    frac = p->total ? frac / p->total : 1;
    el = t - p->t0;
    if (frac > 0.02 && el > 2) {
        double left = el * (1 - frac) / frac;
        snprintf(eta, sizeof eta, "  about %dm%02ds left", (int)(left / 60), (int)left % 60);
    }
    fill = (int)(frac * width + 0.5);
    fprintf(stderr, "\r[%.*s%.*s] %d/%d videos", fill, "########################",
            width - fill, "........................", p->finished, p->total);
    if (p->failed)
        fprintf(stderr, ", %d failed", p->failed);
    fprintf(stderr, "%s\033[K", eta);
    p->last_draw = t;
}

static void job_message(pool *p, int idx, const char *what)
{
    if (p->quiet || p->tty)
        return;
    fprintf(stderr, "score: [%d/%d] %s: %s\n", p->finished, p->total,
            p->c->batch.jobs[idx].input, what);
}

static void record_failure(pool *p, int idx, const char *why)
{
    score_ctx *c = p->c;
    tc_batch_job *j = &c->batch.jobs[idx];
    char *errf, err[256];
    j->status = TC_SUMMARY_FAILED;
    snprintf(j->error, sizeof j->error, "%s", why[0] ? why : "failed (no message)");
    p->failed++;
    p->finished++;
    if (c->out_dir && (errf = tc_batch_path(c->out_dir, j->name, ".error.txt"))) {
        char text[1700];
        int n = snprintf(text, sizeof text, "%s\ninput: %.1024s\n", j->error, j->input);
        if (tc_batch_mkdirs(errf) == 0 &&
            tc_write_atomic(errf, text, (size_t)n < sizeof text ? (size_t)n : sizeof text - 1,
                            err, sizeof err) < 0)
            tc_cli_error("%s", err);
        free(errf);
    }
    job_message(p, idx, "FAILED (see summary)");
}

/* Forward whole stderr lines of a worker; keep the last as its reason. */
static void pump_err(pool *p, worker *w, int eof)
{
    char *s = w->errbuf, *nl;
    size_t left = w->err_len;
    if (!s)
        return;
    while ((nl = memchr(s, '\n', left)) || (eof && left)) {
        size_t n = nl ? (size_t)(nl - s) : left;
        const char *msg = s;
        clear_bar(p);
        fprintf(stderr, "%.*s\n", (int)n, s);
        if (n > 9 && strncmp(msg, "tuckcam: ", 9) == 0) {
            msg += 9;
            n -= 9;
        }
        if (n > 7 && strncmp(msg, "error: ", 7) == 0) {
            msg += 7;
            n -= 7;
        }
        snprintf(w->last_err, sizeof w->last_err, "%.*s", (int)n, msg);
        n = nl ? n + (size_t)(msg - s) + 1 : left;
        s += n;
        left -= n;
    }
    if (left && s != w->errbuf)
        memmove(w->errbuf, s, left);
    w->err_len = left;
}

static int read_into(int fd, char **buf, size_t *len)
{
    char tmp[4096];
    ssize_t n = read(fd, tmp, sizeof tmp);
    if (n < 0)
        return errno == EINTR || errno == EAGAIN ? 1 : 0;
    if (n == 0)
        return 0;
    char *nb = realloc(*buf, *len + (size_t)n + 1);
    if (!nb)
        return 0;
    memcpy(nb + *len, tmp, (size_t)n);
    *buf = nb;
    *len += (size_t)n;
    return 1;
}

/* Give up job idx's output lock (held while it is scored). */
static void release(pool *p, int idx)
{
    tc_batch_job *j = &p->c->batch.jobs[idx];
    char *lock = j->lock >= 0 ? tc_batch_path(p->c->out_dir, j->name, ".lock") : NULL;
    if (j->lock >= 0 && lock)
        tc_batch_unlock(j->lock, lock);
    else if (j->lock >= 0)
        close(j->lock);
    j->lock = -1;
    free(lock);
}

/* A worker that died mid-video leaves its .part: removed (under the lock). */
static void drop_part(const pool *p, int idx)
{
    char *part = tc_batch_path(p->c->out_dir, p->c->batch.jobs[idx].name, ".trace.jsonl.part");
    if (part)
        unlink(part);
    free(part);
}

/* Claim job idx's outputs: 1 claimed, to be scored; 0 another run holds
 * them (try later); -1 nothing to do: another run scored it meanwhile, or
 * the claim failed (recorded). */
static int take(pool *p, int idx)
{
    score_ctx *c = p->c;
    tc_batch_job *j = &c->batch.jobs[idx];
    char *lock, err[1100];
    if (!c->out_dir)
        return 1;
    if (!(lock = tc_batch_path(c->out_dir, j->name, ".lock")) || tc_batch_mkdirs(lock) < 0) {
        record_failure(p, idx, lock ? "cannot make its folder" : "out of memory");
        free(lock);
        return -1;
    }
    j->lock = tc_batch_lock(lock, err, sizeof err);
    free(lock);
    if (j->lock < 0) {
        int busy = j->lock == TC_EBUSY;
        j->lock = -1;
        if (!busy)
            record_failure(p, idx, err);
        return busy ? 0 : -1;
    }
    if (tc_batch_done(c->out_dir, j->name, j->input, p->resume ? 0 : p->since_ns)) {
        release(p, idx);
        j->status = TC_SUMMARY_OK;
        p->finished++;
        job_message(p, idx, "scored by another run into the same folder meanwhile");
        return -1;
    }
    return 1;
}

/* The next job to hand out: its index, -1 none now (the rest are held by
 * another run: ask again), -2 none left. */
static int next_job(pool *p)
{
    while (p->next < p->ntodo && !g_stop) {
        int idx = p->todo[p->next++], rc = take(p, idx);
        if (rc > 0)
            return idx;
        if (rc == 0)
            p->deferred[p->ndeferred++] = idx;
    }
    for (int k = 0; k < p->ndeferred && !g_stop; k++) {
        int idx = p->deferred[k], rc = take(p, idx);
        if (rc == 0)
            continue;
        p->deferred[k--] = p->deferred[--p->ndeferred];
        if (rc > 0)
            return idx;
    }
    return g_stop || p->ndeferred == 0 ? -2 : -1;
}

/* Hand worker w its next job, or tell it to stop; with only held jobs
 * left it waits (job -1, command pipe open) and is asked again. */
static void give_job(pool *p, worker *w)
{
    char line[32];
    int idx = next_job(p), n;
    w->job = idx < 0 ? -1 : idx;
    w->done = 0;
    w->last_err[0] = '\0';
    if (idx == -1)
        return;
    n = snprintf(line, sizeof line, "%d\n", w->job);
    if (write_all(w->cmd_fd, line, (size_t)n) < 0 || idx < 0) {
        close(w->cmd_fd);
        w->cmd_fd = -1;
    }
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

static int spawn(pool *p, worker *w)
{
    int cmd[2], res[2], err[2];
    if (pipe(cmd) != 0 || pipe(res) != 0 || pipe(err) != 0) {
        tc_cli_error("cannot start a worker: %s", strerror(errno));
        return -1;
    }
    fflush(NULL);
    w->pid = fork();
    if (w->pid < 0) {
        tc_cli_error("cannot start a worker: %s", strerror(errno));
        return -1;
    }
    if (w->pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        signal(SIGPIPE, SIG_DFL);
        for (int i = 0; i < p->nw; i++)
            if (&p->w[i] != w) {
                close_fd(&p->w[i].cmd_fd);
                close_fd(&p->w[i].res_fd);
                close_fd(&p->w[i].err_fd);
            }
        close(cmd[1]);
        close(res[0]);
        close(err[0]);
        dup2(err[1], STDERR_FILENO);
        close(err[1]);
        p->c->res_fd = res[1];
        exit(worker_main(p->c, cmd[0]));
    }
    close(cmd[0]);
    close(res[1]);
    close(err[1]);
    w->cmd_fd = cmd[1];
    w->res_fd = res[0];
    w->err_fd = err[0];
    w->job = -1;
    w->res_len = w->err_len = 0;
    fcntl(w->res_fd, F_SETFD, FD_CLOEXEC);
    fcntl(w->err_fd, F_SETFD, FD_CLOEXEC);
    fcntl(w->cmd_fd, F_SETFD, FD_CLOEXEC);
    give_job(p, w);
    return 0;
}

/* Handle the complete messages in w->res. */
static void parse_res(pool *p, worker *w)
{
    score_ctx *c = p->c;
    size_t off = 0;
    for (;;) {
        char *s = w->res + off, *nl = memchr(s, '\n', w->res_len - off);
        int idx, rc, reps;
        double done;
        size_t len;
        if (!nl)
            break;
        *nl = '\0';
        if (sscanf(s, "T %d %zu", &idx, &len) == 2) {
            size_t have = w->res_len - off - (size_t)(nl + 1 - s);
            if (have < len) {
                *nl = '\n';
                break;
            }
            clear_bar(p);
            fwrite(nl + 1, 1, len, stdout);
            fflush(stdout);
            off += (size_t)(nl + 1 - s) + len;
            continue;
        }
        off += (size_t)(nl + 1 - s);
        if (sscanf(s, "P %d %lf %d", &idx, &done, &reps) == 3) {
            w->done = done;
        } else if (sscanf(s, "D %d %d", &idx, &rc) == 2 && idx >= 0 && (size_t)idx < c->batch.n) {
            pump_err(p, w, 0);
            if (rc == 0) {
                c->batch.jobs[idx].status = TC_SUMMARY_OK;
                p->finished++;
                job_message(p, idx, "scored");
            } else {
                record_failure(p, idx, w->last_err);
            }
            release(p, idx);
            if (w->cmd_fd >= 0)
                give_job(p, w);
        } else if (s[0] == 'M') {
            p->models_failed = 1;
            if (w->job >= 0)
                release(p, w->job);
            w->job = -1;
            close_fd(&w->cmd_fd);
        }
    }
    if (off && w->res_len > off)
        memmove(w->res, w->res + off, w->res_len - off);
    w->res_len -= off;
}

/* A worker's pipe closed: reap it; the job it held failed (it crashed). */
static void reap(pool *p, worker *w)
{
    int st = 0;
    pump_err(p, w, 1);
    close_fd(&w->cmd_fd);
    close_fd(&w->res_fd);
    close_fd(&w->err_fd);
    while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
        ;
    w->pid = 0;
    if (w->job >= 0 && !g_stop) {
        char why[600];
        if (WIFSIGNALED(st))
            snprintf(why, sizeof why, "the worker scoring it stopped with signal %d (%s)%s%s",
                     WTERMSIG(st), strsignal(WTERMSIG(st)), w->last_err[0] ? "; last message: " : "",
                     w->last_err);
        else
            snprintf(why, sizeof why, "the worker scoring it exited with status %d%s%s",
                     WIFEXITED(st) ? WEXITSTATUS(st) : -1,
                     w->last_err[0] ? "; last message: " : "", w->last_err);
        record_failure(p, w->job, why);
    }
    if (w->job >= 0 && p->c->out_dir) {
        drop_part(p, w->job);
        release(p, w->job);
    }
    w->job = -1;
    if (WIFEXITED(st) && WEXITSTATUS(st) == TC_EXIT_MODELS)
        p->models_failed = 1;
}

static int run_pool(pool *p)
{
    struct pollfd *fds = calloc((size_t)p->nw * 2, sizeof *fds);
    int alive = 0, killed = 0;
    if (!fds)
        return -1;
    for (int i = 0; i < p->nw; i++) {
        p->w[i].cmd_fd = p->w[i].res_fd = p->w[i].err_fd = -1;
        p->w[i].pid = 0;
    }
    for (int i = 0; i < p->nw; i++) {
        if (spawn(p, &p->w[i]) < 0)
            break;
        alive++;
    }
    while (alive > 0) {
        for (int i = 0; i < p->nw; i++) {
            fds[2 * i].fd = p->w[i].res_fd;
            fds[2 * i + 1].fd = p->w[i].err_fd;
            fds[2 * i].events = fds[2 * i + 1].events = POLLIN;
        }
        if (g_stop > 0 && !killed) {
            for (int i = 0; i < p->nw; i++)
                if (p->w[i].pid > 0)
                    kill(p->w[i].pid, SIGTERM);
            killed = 1;
        }
        if (poll(fds, (nfds_t)p->nw * 2, 200) < 0 && errno != EINTR)
            break;
        for (int i = 0; i < p->nw; i++) {
            worker *w = &p->w[i];
            if (w->pid > 0 && w->job < 0 && w->cmd_fd >= 0)
                give_job(p, w);     /* waiting for a video another run holds */
            if (fds[2 * i + 1].revents && w->err_fd >= 0) {
                if (read_into(w->err_fd, &w->errbuf, &w->err_len))
                    pump_err(p, w, 0);
                else
                    close_fd(&w->err_fd);
            }
            if (fds[2 * i].revents && w->res_fd >= 0) {
                if (read_into(w->res_fd, &w->res, &w->res_len)) {
                    parse_res(p, w);
                } else {
                    while (w->err_fd >= 0 && read_into(w->err_fd, &w->errbuf, &w->err_len))
                        ;
                    reap(p, w);
                    alive--;
                    if (!g_stop && !p->models_failed &&
                        (p->next < p->ntodo || p->ndeferred) && spawn(p, w) == 0)
                        alive++;
                }
            }
        }
        if (p->models_failed && !g_stop)
            g_stop = -1;
        draw_bar(p, 0);
    }
    free(fds);
    for (int i = 0; i < p->nw; i++) {
        free(p->w[i].res);
        free(p->w[i].errbuf);
    }
    return 0;
}

/* ---- summary ------------------------------------------------------------ */

/* Row r of job j from the files in DIR: failed (NAME.error.txt), ok (a
 * video of this command line: done, its mark naming it as it is now;
 * another run's: its report whole), pending otherwise. */
static void summary_row(const score_ctx *c, const tc_batch_job *j, int ours, tc_summary_row *r)
{
    char *errf = tc_batch_path(c->out_dir, j->name, ".error.txt");
    char *report = tc_batch_path(c->out_dir, j->name, ".report.json");
    char err[600];
    uint8_t *text = NULL;
    size_t len;
    snprintf(r->name, sizeof r->name, "%s", j->name);
    snprintf(r->input, sizeof r->input, "%s", j->input);
    r->mean_score = r->duration_s = r->lost_tracking_s = NAN;
    if (errf && tc__read_file(&text, &len, errf, 1 << 16) == TC_OK) {
        r->status = TC_SUMMARY_FAILED;
        snprintf(r->error, sizeof r->error, "%.*s", (int)strcspn((char *)text, "\n"),
                 (char *)text);
    } else if (report && (!ours || tc_batch_done(c->out_dir, j->name, j->input, 0)) &&
               tc_summary_read_report(r, report, err, sizeof err) == TC_OK) {
        r->status = TC_SUMMARY_OK;
    }
    free(text);
    free(report);
    free(errf);
}

/* summary.csv and summary.json of DIR: this command line's videos, then
 * the others with outputs there; 0 written, else said. */
static int write_summary(score_ctx *c)
{
    tc_summary_row *rows = NULL;
    char *lock = tc_batch_path(c->out_dir, ".summary", ".lock");
    char *csv = tc_batch_path(c->out_dir, "summary", ".csv");
    char *json = tc_batch_path(c->out_dir, "summary", ".json");
    char err[600];
    size_t ours = c->batch.n;
    int fd = -1, rc = TC_ENOMEM;

    if (!lock || !csv || !json)
        goto done;
    /* Runs sharing DIR: whoever takes the lock last sees every report
     * written before it, so the last summary written is the complete one. */
    fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0)
        while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
            ;
    if (tc_batch_add_outputs(&c->batch, c->out_dir) == TC_ENOMEM ||
        !(rows = calloc(c->batch.n, sizeof *rows)))
        goto done;
    for (size_t i = 0; i < c->batch.n; i++)
        summary_row(c, &c->batch.jobs[i], i < ours, &rows[i]);
    rc = tc_summary_write_csv(csv, rows, c->batch.n, err, sizeof err);
    if (rc == TC_OK)
        rc = tc_summary_write_json(json, rows, c->batch.n, "tuckcam " TC_VERSION,
                                   err, sizeof err);
    if (rc < 0)
        tc_cli_error("%s", err);
done:
    if (fd >= 0)
        close(fd);
    if (rc == TC_ENOMEM)
        tc_cli_error("out of memory");
    free(rows);
    free(lock);
    free(csv);
    free(json);
    return rc;
}

/* ---- the command -------------------------------------------------------- */

typedef struct score_args {
    const char *profile_path, *view;
    int         jobs, shard_i, shard_n, resume;
} score_args;

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
    struct stat st;
    char *probe;
    int fd;
    if (tc_batch_mkdirs(dir) < 0)
        return -1;   /* said */
    if ((mkdir(dir, 0755) != 0 && errno != EEXIST) || stat(dir, &st) != 0) {
        tc_cli_error("--out %s: %s", dir, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        tc_cli_error("--out %s: %s", dir, strerror(ENOTDIR));
        return -1;
    }
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
    if (c->batch.hidden && !c->cli->quiet)
        fprintf(stderr, "score: skipped %zu hidden entr%s (name starting with '.'): %s%s; "
                "name one as an INPUT to score it\n", c->batch.hidden,
                c->batch.hidden == 1 ? "y" : "ies", c->batch.hidden_names,
                c->batch.hidden > 4 ? ", ..." : "");
    if (c->out_dir && prepare_out(c->out_dir) < 0)
        return TC_EXIT_FAIL;
    tc_batch_shard(&c->batch, a->shard_i, a->shard_n);
    return TC_EXIT_OK;
}

/* This shard's videos still to do into p->todo, and the workers' share
 * of the cores; the number skipped as done, or -1 out of memory. */
static int plan(pool *p, score_ctx *c, const score_args *a)
{
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int skipped = 0;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    p->since_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
    p->resume = a->resume;
    if (!(p->todo = calloc(c->batch.n, sizeof *p->todo)) ||
        !(p->deferred = calloc(c->batch.n, sizeof *p->deferred)))
        return -1;
    for (size_t i = 0; i < c->batch.n; i++) {
        tc_batch_job *j = &c->batch.jobs[i];
        if (!j->mine)
            continue;
        if (a->resume && tc_batch_done(c->out_dir, j->name, j->input, 0)) {
            j->status = TC_SUMMARY_OK;
            skipped++;
            continue;
        }
        p->todo[p->ntodo++] = (int)i;
    }
    p->total = p->ntodo;
    if (ncpu < 1)
        ncpu = 1;
    p->nw = a->jobs ? a->jobs : (int)ncpu;
    if (p->nw > p->ntodo)
        p->nw = p->ntodo;
    c->threads = p->nw > 0 && ncpu / p->nw > 1 ? (int)(ncpu / p->nw) : 1;
    return skipped;
}

/* The worker pool under Ctrl-C / SIGTERM handling. */
static void run_all(pool *p)
{
    struct sigaction sa, old_int, old_term, old_pipe;
    g_stop = 0;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sa.sa_handler = SIG_IGN;        /* a worker gone: EPIPE on its pipe, said as its failure */
    sigaction(SIGPIPE, &sa, &old_pipe);
    p->t0 = now_s();
    if (p->nw > 0) {
        p->w = calloc((size_t)p->nw, sizeof *p->w);
        if (!p->w || run_pool(p) < 0)
            tc_cli_error("out of memory");
    }
    clear_bar(p);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGPIPE, &old_pipe, NULL);
}

/* How the run ended, said; the exit status. */
static int outcome(const pool *p, const score_ctx *c, int skipped, int summary_ok)
{
    if (p->models_failed)
        return TC_EXIT_MODELS;
    if (g_stop > 0) {
        tc_cli_error("stopped: %d of %d video%s finished; the same command with --resume goes on",
                     p->finished, p->total, p->total == 1 ? "" : "s");
        return SCORE_EXIT_INTERRUPTED;
    }
    if (p->finished < p->total) {
        tc_cli_error("%d of %d videos were not scored", p->total - p->finished, p->total);
        return TC_EXIT_FAIL;
    }
    if (p->failed) {
        tc_cli_error("%d of %d video%s failed%s", p->failed, p->total, p->total == 1 ? "" : "s",
                     summary_ok ? " (see summary.csv)" : "");
        return SCORE_EXIT_FAILED_BASE + (p->failed < 100 ? p->failed : 100);
    }
    if (!c->cli->quiet && summary_ok && p->total + skipped > 1)
        fprintf(stderr, "score: %d video%s scored now; summary in %s/summary.csv\n",
                p->total, p->total == 1 ? "" : "s", c->out_dir);
    return TC_EXIT_OK;
}

int tc_cmd_score(tc_cli *cli, int argc, char **argv)
{
    score_args a = { NULL, NULL, 0, 0, 1, 0 };
    score_ctx c;
    pool p;
    int status, skipped, summary_ok;

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
    if ((skipped = plan(&p, &c, &a)) < 0) {
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
                skipped, skipped == 1 ? "" : "s", c.out_dir, p.ntodo);
    run_all(&p);
    summary_ok = c.out_dir && write_summary(&c) == TC_OK;
    status = outcome(&p, &c, skipped, summary_ok);
    free(p.w);
    free(p.todo);
    free(p.deferred);
    tc_batch_free(&c.batch);
    return status;
}
