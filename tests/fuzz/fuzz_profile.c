/* tests/fuzz/fuzz_profile.c — libFuzzer target: any bytes as an exercise
 * profile file (inih + our key checks). Seed: tests/fuzz/seeds/profile.ini. */
#include <stddef.h>
#include <stdint.h>

#include "formats/formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tc_profile p;
    char err[256];
    (void)tc_profile_parse(&p, (const char *)data, size, "fuzz.ini", err, sizeof err);
    return 0;
}
