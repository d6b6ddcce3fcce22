/* tests/fuzz/fuzz_tflite.c — libFuzzer target: any bytes through the TFLite
 * reader and the network builder. Seeds: the pinned models. */
#include <stddef.h>
#include <stdint.h>

#include "vision/vision.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    (void)tc_vision_model_check(data, size, err, sizeof err);
    return 0;
}
