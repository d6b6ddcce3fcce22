/* tests/fuzz/fuzz_tflite_build.c — libFuzzer target: any bytes through the
 * whole model check: the TFLite reader, then the OpenCV network builder
 * (tc_vision_model_check, what loading a model does after its hash). The
 * seeds are tiny models of a few operators each (tests/fuzz/seeds/tflite/,
 * made by make_tflite_seeds), so every run builds a small network; the
 * reader's limits (tensor elements, operators) keep a fuzzed shape from
 * asking for more. Seeds of megabytes (the pinned models) made this target
 * run ~190 inputs a second; see docs/fuzzing.md. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vision/vision.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    int rc = tc_vision_model_check(data, size, err, sizeof err);
    if (rc < 0 && (!memchr(err, '\0', sizeof err) || !err[0]))
        abort();
    return 0;
}
