/* tools/tuckcam/score_jobs.c — `tuckcam score`'s job list: the videos to do
 * (--resume skips those already done), each one's outputs claimed under
 * its lock (or found done by another run meanwhile) before it is handed
 * out and released after, and a failure recorded (NAME.error.txt). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "score.h"

int tc_score__plan(pool *p, score_ctx *c, const score_args *a)
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

void tc_score__record_failure(pool *p, int idx, const char *why)
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
    /* the reason was said as it happened; without --out there is no summary */
    tc_score__job_message(p, idx, c->out_dir ? "FAILED (see summary)" : "FAILED");
}

void tc_score__release(pool *p, int idx)
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

void tc_score__drop_part(const pool *p, int idx)
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
        tc_score__record_failure(p, idx, lock ? "cannot make its folder" : "out of memory");
        free(lock);
        return -1;
    }
    j->lock = tc_batch_lock(lock, err, sizeof err);
    free(lock);
    if (j->lock < 0) {
        int busy = j->lock == TC_EBUSY;
        j->lock = -1;
        if (!busy)
            tc_score__record_failure(p, idx, err);
        return busy ? 0 : -1;
    }
    if (tc_batch_done(c->out_dir, j->name, j->input, p->resume ? 0 : p->since_ns)) {
        tc_score__release(p, idx);
        j->status = TC_SUMMARY_OK;
        p->finished++;
        tc_score__job_message(p, idx, "scored by another run into the same folder meanwhile");
        return -1;
    }
    return 1;
}

int tc_score__next_job(pool *p)
{
    while (p->next < p->ntodo && !tc_score__stopped()) {
        int idx = p->todo[p->next++], rc = take(p, idx);
        if (rc > 0)
            return idx;
        if (rc == 0)
            p->deferred[p->ndeferred++] = idx;
    }
    for (int k = 0; k < p->ndeferred && !tc_score__stopped(); k++) {
        int idx = p->deferred[k], rc = take(p, idx);
        if (rc == 0)
            continue;
        p->deferred[k--] = p->deferred[--p->ndeferred];
        if (rc > 0)
            return idx;
    }
    return tc_score__stopped() || p->ndeferred == 0 ? -2 : -1;
}
