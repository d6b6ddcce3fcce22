/* tests/fuzz/fuzz_motion.c — libFuzzer target: any bytes as a tuckgen
 * motion script (and, when it parses, every channel sampled over its
 * duration) or as a truth file. Seeds: the fixtures/gt motion scripts and
 * tests/fuzz/seeds/truth.json. */
#include <stddef.h>
#include <stdint.h>

#include "formats/fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tc_motion *m = NULL;
    tc_truth t;
    char err[256];
    if (tc_motion_parse(&m, (const char *)data, size, "fuzz", err, sizeof err) == TC_OK) {
        double v[TC_CH_COUNT], d = tc_motion_get_scene(m)->duration_s;
        for (int i = 0; i <= 64; i++)
            tc_motion_at(m, d * i / 64.0, v);
        tc_motion_destroy(m);
    }
    if (tc_truth_parse(&t, (const char *)data, size, err, sizeof err) == TC_OK)
        tc_truth_free(&t);
    return 0;
}
