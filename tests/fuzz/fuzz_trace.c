/* tests/fuzz/fuzz_trace.c — libFuzzer target: any bytes as a trace, read
 * the way `tuckcam rescore` reads one (header, then every frame line to a
 * callback that reads every field). The scorer behind it is its own target
 * (fuzz_trace_score: an input costs it twenty times more). Seed:
 * tests/fuzz/seeds/trace.jsonl (a header and 20 frames of a real trace). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "formats/formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Touch what the reader filled in, so a bad value is read (ASan/UBSan). */
static int sum(void *user, const tc_obs *o)
{
    double *acc = user;
    *acc += (double)o->t_us + (double)o->frame + o->face_width + o->pitch;
    for (int i = 0; i < TC_OBS_POINTS; i++)
        *acc += o->pt[i].x + o->pt[i].y + o->pt[i].vis;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tc_trace_info *info = malloc(sizeof *info);
    double acc = 0;
    char err[256];
    if (!info)
        return 0;
    (void)tc_trace_parse((const char *)data, size, info, sum, &acc, err, sizeof err);
    free(info);
    return acc != acc;   /* a NAN sum is fine; keeps acc alive */
}
