/* tests/files.h — files for the tests that write and read back: a scratch
 * folder made and removed, and a whole file read into memory. Header-only,
 * test code: include after <cmocka.h>. */
#ifndef TC_TESTS_FILES_H
#define TC_TESTS_FILES_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The bytes of `path`, NUL-terminated, their count in *len; the test fails
 * (cmocka) when the file cannot be read. */
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

/* A new scratch folder /tmp/NAME_XXXXXX into dir (cap bytes); 0, or -1. */
static inline int tc_test_mkdir(char *dir, size_t cap, const char *name)
{
    snprintf(dir, cap, "/tmp/%s_XXXXXX", name);
    return mkdtemp(dir) ? 0 : -1;
}

/* The scratch folder removed; rc, or 1 if rc was 0 and it could not be. */
static inline int tc_test_rmdir(const char *dir, int rc)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    return rc;
}

#endif
