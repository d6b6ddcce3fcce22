/* tests/slurp.h — a whole file read into memory, for tests that compare
 * what a writer produced: the bytes, NUL-terminated, their count in *len;
 * the test fails (cmocka) when the file cannot be read. Header-only, test
 * code: include after <cmocka.h>. */
#ifndef TC_TESTS_SLURP_H
#define TC_TESTS_SLURP_H

#include <stdio.h>
#include <stdlib.h>

static inline char *tc_test_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    n = ftell(f);
    assert_true(n >= 0);
    rewind(f);
    buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    buf[n] = 0;
    *len = (size_t)n;
    return buf;
}

#endif
