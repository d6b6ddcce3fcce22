/* tests/fuzz/make_tflite_seeds.c — writes the seed models of the TFLite
 * fuzz targets (tests/fuzz/tflite_seeds.c) into a folder:
 *   make_tflite_seeds tests/fuzz/seeds/tflite
 * test_tflite_seeds checks that the committed files are what this writes. */
#include <stdio.h>
#include <stdlib.h>

#include "tests/fuzz/tflite_writer.h"

int main(int argc, char **argv)
{
    static tfw_model m;
    static uint8_t buf[65536];
    char path[4096];
    if (argc != 2) {
        fprintf(stderr, "usage: make_tflite_seeds DIR\n");
        return 2;
    }
    for (int i = 0; i < tfw_seed_count(); i++) {
        const char *name = tfw_seed(i, &m);
        size_t n = tfw_write(buf, sizeof buf, &m);
        FILE *f;
        snprintf(path, sizeof path, "%s/%s", argv[1], name);
        f = fopen(path, "wb");
        if (!n || !f || fwrite(buf, 1, n, f) != n || fclose(f) != 0) {
            fprintf(stderr, "make_tflite_seeds: %s: cannot write\n", path);
            return 1;
        }
        printf("%s: %zu bytes\n", path, n);
    }
    return 0;
}
