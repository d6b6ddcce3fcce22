/* core/util.c — formatting and whole-file reads. */
#include "core/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

void tc__fmt(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    if (!buf || !cap)
        return;
    va_start(ap, fmt);
    (void)vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
}

int tc__read_file(uint8_t **out, size_t *out_size, const char *path,
                  size_t max_size)
{
    FILE *f = NULL;
    uint8_t *buf = NULL;
    struct stat st;
    size_t size, got;
    int rc;

    *out = NULL;
    *out_size = 0;
    f = fopen(path, "rb");
    if (!f)
        return tc_status_from_errno(errno);
    if (fstat(fileno(f), &st) != 0) {
        rc = tc_status_from_errno(errno);
        goto fail;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = S_ISDIR(st.st_mode) ? TC_EISDIR : TC_ENOTFILE;
        goto fail;
    }
    if (st.st_size < 0 || (uint64_t)st.st_size > max_size) {
        rc = TC_ERANGE;
        goto fail;
    }
    size = (size_t)st.st_size;
    buf = malloc(size + 1);
    if (!buf) {
        rc = TC_ENOMEM;
        goto fail;
    }
    got = fread(buf, 1, size, f);
    if (got != size || ferror(f)) {
        rc = TC_EIO;
        goto fail;
    }
    buf[size] = 0;
    fclose(f);
    *out = buf;
    *out_size = size;
    return TC_OK;
fail:
    free(buf);
    fclose(f);
    return rc;
}
