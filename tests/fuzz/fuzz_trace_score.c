/* tests/fuzz/fuzz_trace_score.c — libFuzzer target: the frames of any
 * bytes read as a trace through the scorer (with the trace's own profile
 * and frame size), so hostile numbers reach the metrics and the rep
 * analysis; every rep of a trace it takes must hold the invariants
 * (tc_rep_check) or it aborts. The work an input is capped: at most MAX_FRAMES frames are
 * scored (a rep's analysis fits minimum-jerk curves over its samples, so
 * a long input is a slow one; the trace reader itself is fuzz_trace's).
 * Seed: tests/fuzz/seeds/trace_score.jsonl (58 frames at 5 fps of
 * fixtures/gt/good_front.mkv's trace, a profile of short phases: one rep). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/scorer.h"
#include "formats/formats.h"

#define MAX_FRAMES 120

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct feed_state {
    const tc_trace_info *info;   /* the header, read before the first frame */
    tc_scorer           *s;      /* made at the first frame */
    int                  n;
} feed_state;

static int feed(void *user, const tc_obs *obs)
{
    feed_state *f = user;
    if (f->n++ >= MAX_FRAMES)
        return TC_EOF;           /* stop reading: the cap */
    if (!f->s) {
        tc_scorer_config cfg = TC_SCORER_CONFIG_INIT;
        cfg.profile = f->info->has_profile ? &f->info->profile : NULL;
        cfg.width = f->info->width;
        cfg.height = f->info->height;
        if (tc_scorer_create(&f->s, &cfg) != TC_OK)
            return TC_EINVAL;
    }
    (void)tc_scorer_push(f->s, obs, NULL);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tc_trace_info *info = malloc(sizeof *info);
    feed_state f = { info, NULL, 0 };
    char err[256];
    if (!info)
        return 0;
    (void)tc_trace_parse((const char *)data, size, info, feed, &f, err, sizeof err);
    if (f.s) {
        const tc_rep *r;
        tc_scorer_finish(f.s);
        size_t n = tc_scorer_reps(f.s, &r);
        for (size_t i = 0; i < n; i++)   /* every rep of every trace it takes */
            if (tc_rep_check(&r[i], err, sizeof err) < 0) {
                fprintf(stderr, "rep %d breaks an invariant: %s\n", r[i].index, err);
                abort();
            }
        tc_scorer_destroy(f.s);
    }
    free(info);
    return 0;
}
