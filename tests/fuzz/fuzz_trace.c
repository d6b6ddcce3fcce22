/* tests/fuzz/fuzz_trace.c — libFuzzer target: any bytes as a trace, and
 * every frame it yields through the scorer (with the trace's own profile
 * and frame size), so hostile numbers reach the metrics and rep analysis
 * too. Seed: tests/fuzz/seeds/trace.jsonl. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/scorer.h"
#include "formats/formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int feed(void *user, const tc_obs *obs)
{
    (void)tc_scorer_push(user, obs, NULL);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tc_trace_info *info = malloc(sizeof *info);
    char err[256];
    if (!info)
        return 0;
    /* pass 1: the header; pass 2: the frames into a scorer */
    if (tc_trace_parse((const char *)data, size, info, NULL, NULL, err, sizeof err) == TC_OK ||
        info->version) {
        tc_scorer *s = NULL;
        tc_scorer_config cfg = TC_SCORER_CONFIG_INIT;
        cfg.profile = info->has_profile ? &info->profile : NULL;
        cfg.width = info->width;
        cfg.height = info->height;
        if (info->version && tc_scorer_create(&s, &cfg) == TC_OK) {
            (void)tc_trace_parse((const char *)data, size, info, feed, s, err, sizeof err);
            tc_scorer_finish(s);
            const tc_rep *r;
            (void)tc_scorer_reps(s, &r);
            tc_scorer_destroy(s);
        }
    }
    free(info);
    return 0;
}
