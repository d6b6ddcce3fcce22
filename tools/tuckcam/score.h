/* tools/tuckcam/score.h — the parts of `tuckcam score` (cmd_score.c: the
 * options, the videos found, the exit status): score_jobs.c the job list
 * (--resume, the output locks), score_pool.c the worker processes,
 * score_worker.c one worker scoring videos and writing their outputs,
 * score_progress.c the progress shown, score_summary.c summary.csv/json. */
#ifndef TC_TOOLS_SCORE_H
#define TC_TOOLS_SCORE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "batch.h"
#include "cli.h"

/** The run: its options and its videos. */
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

/** The command line's options that plan the run. */
typedef struct score_args {
    const char *profile_path, *view;
    int         jobs, shard_i, shard_n, resume;
} score_args;

/** A worker process, as the parent sees it. */
typedef struct worker {
    pid_t  pid;
    int    cmd_fd, res_fd, err_fd;
    int    job;               /* in progress, -1 idle */
    double done;              /* share of that job */
    char  *res, *errbuf;      /* unparsed bytes */
    size_t res_len, err_len;
    char   last_err[512];
} worker;

/** The parent's state: the workers and the jobs. */
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
    int        interrupted;   /* Ctrl-C or SIGTERM stopped the run */
    double     t0, last_draw;
} pool;

/* ---- the job list (score_jobs.c) ---------------------------------------- */

/** This shard's videos still to do into p->todo, and the workers' share
 * of the cores; the number skipped as done, or -1 out of memory. */
int tc_score__plan(pool *p, score_ctx *c, const score_args *a);

/** The next job to hand out: its index, -1 none now (the rest are held by
 * another run: ask again), -2 none left. */
int tc_score__next_job(pool *p);

/** Give up job idx's output lock (held while it is scored). */
void tc_score__release(pool *p, int idx);

/** A worker that died mid-video leaves its .part: removed (under the lock). */
void tc_score__drop_part(const pool *p, int idx);

/** Job idx failed for `why`: counted, said, NAME.error.txt written. */
void tc_score__record_failure(pool *p, int idx, const char *why);

/* ---- the worker processes (score_pool.c, score_worker.c) ----------------- */

/** The worker pool under Ctrl-C / SIGTERM handling (p->interrupted set
 * when a signal stopped it). */
void tc_score__run(pool *p);

/** Nonzero once the run is to stop (a signal, or the models failed). */
int tc_score__stopped(void);

/** The worker's life: read a job index a line, score it, say "D idx rc". */
int tc_score__worker_main(score_ctx *c, int cmd_fd);

/** All n bytes to fd (EINTR retried); 0, or -1. */
int tc_score__write_all(int fd, const void *p, size_t n);

/* ---- progress (score_progress.c) ---------------------------------------- */

/** Monotonic seconds. */
double tc_score__now(void);

/** Clear the progress bar's line (a terminal, when drawn). */
void tc_score__clear_bar(pool *p);

/** Redraw the progress bar (at most 5 times a second unless `force`). */
void tc_score__draw_bar(pool *p, int force);

/** "score: [k/n] VIDEO: what" when there is no bar (and not -q). */
void tc_score__job_message(pool *p, int idx, const char *what);

/* ---- summary (score_summary.c) ------------------------------------------ */

/** summary.csv and summary.json of DIR: this command line's videos, then
 * the others with outputs there; 0 written, else said. */
int tc_score__write_summary(score_ctx *c);

#endif
