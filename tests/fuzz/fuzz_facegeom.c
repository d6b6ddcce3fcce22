/* tests/fuzz/fuzz_facegeom.c — libFuzzer target: any bytes through the
 * canonical face geometry protobuf reader. Seed: the pinned .binarypb. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "vision/facegeom.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tc_face_geometry *g = malloc(sizeof *g);
    char err[256];
    if (g)
        (void)tc_face_geometry_parse(g, data, size, err, sizeof err);
    free(g);
    return 0;
}
