/* core/linelog.c — write(2) per line, fdatasync(2) per interval. */
#include "core/linelog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct tc_linelog {
    int      fd;
    int      error;
    int64_t  sync_us, last_sync;
    uint64_t lines;
    char    *buf;      /* line + newline, grown as needed */
    size_t   cap;
};

int tc_linelog_create(tc_linelog **out, const char *path, int sync_ms)
{
    tc_linelog *l;
    *out = NULL;
    if (!path || sync_ms < 0)
        return TC_EINVAL;
    l = calloc(1, sizeof *l);
    if (!l)
        return TC_ENOMEM;
    l->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (l->fd < 0) {
        int rc = tc_status_from_errno(errno);
        free(l);
        return rc;
    }
    l->sync_us = (int64_t)(sync_ms ? sync_ms : 1000) * 1000;
    l->last_sync = INT64_MIN;
    *out = l;
    return TC_OK;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return tc_status_from_errno(errno);
        }
        p += w;
        n -= (size_t)w;
    }
    return TC_OK;
}

int tc_linelog_write(tc_linelog *l, const char *line, int64_t now_us)
{
    size_t n;
    int rc;
    if (!l || !line)
        return TC_EINVAL;
    if (l->error)
        return l->error;
    n = strlen(line);
    if (memchr(line, '\n', n))
        return TC_EINVAL;
    if (n + 1 > l->cap) {
        char *nb = realloc(l->buf, n + 64);
        if (!nb)
            return TC_ENOMEM;
        l->buf = nb;
        l->cap = n + 64;
    }
    memcpy(l->buf, line, n);
    l->buf[n] = '\n';
    rc = write_all(l->fd, l->buf, n + 1); /* one write(2) for the line */
    if (rc < 0)
        return l->error = rc;
    l->lines++;
    if (l->last_sync == INT64_MIN || now_us - l->last_sync >= l->sync_us) {
        if (fdatasync(l->fd) < 0 && errno != EINVAL && errno != EROFS)
            return l->error = tc_status_from_errno(errno);
        l->last_sync = now_us;
    }
    return TC_OK;
}

uint64_t tc_linelog_lines(const tc_linelog *l)
{
    return l ? l->lines : 0;
}

int tc_linelog_close(tc_linelog *l)
{
    int rc;
    if (!l)
        return TC_OK;
    rc = l->error;
    if (fdatasync(l->fd) < 0 && !rc && errno != EINVAL && errno != EROFS)
        rc = tc_status_from_errno(errno);
    if (close(l->fd) < 0 && !rc)
        rc = TC_EIO;
    free(l->buf);
    free(l);
    return rc;
}
