/* tools/tuckcam/score_progress.c — what a `tuckcam score` run shows while
 * it runs: the progress bar on a terminal, else a line a finished video. */
#include <stdio.h>
#include <time.h>

#include "score.h"

double tc_score__now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void tc_score__clear_bar(pool *p)
{
    if (p->tty && p->last_draw > 0)
        fputs("\r\033[K", stderr);
}

void tc_score__draw_bar(pool *p, int force)
{
    double t = tc_score__now(), frac = p->finished, el;
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

void tc_score__job_message(pool *p, int idx, const char *what)
{
    char name[TC_CLI_SHOWN_CAP], why[TC_CLI_SHOWN_CAP];
    if (p->quiet || p->tty)
        return;
    fprintf(stderr, "score: [%d/%d] %s: %s\n", p->finished, p->total,
            tc_terminal_text(name, sizeof name, p->c->batch.jobs[idx].input),
            tc_terminal_text(why, sizeof why, what));
}
