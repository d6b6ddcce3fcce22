/* formats/write_file.c — a whole output file written so that a reader
 * never sees half of it and nothing but the named file is touched: a
 * regular file is replaced atomically (a temporary beside it, fsync,
 * rename); a symlink's target is, the link kept; a device, a pipe or a
 * terminal (/dev/stdout, a FIFO) is written through, never replaced (as
 * root, a rename over /dev/full made it a plain file); a folder is
 * refused. */
#define _GNU_SOURCE  /* realpath, O_NOFOLLOW */
#include "formats/formats.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

/* Write all `len` bytes to fd (`name` for the error); TC_OK or the error. */
static int write_all(int fd, const char *name, const char *p, size_t len, char *err,
                     size_t errcap)
{
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            int e = n < 0 ? errno : EIO;
            tc__fmt(err, errcap, "%s: %s", name, strerror(e));
            return tc_status_from_errno(e);
        }
        p += n;
        len -= (size_t)n;
    }
    return TC_OK;
}

/* The error for errno on `name`. */
static int sys_fail(const char *name, char *err, size_t errcap)
{
    int e = errno;
    tc__fmt(err, errcap, "%s: %s", name, strerror(e));
    return tc_status_from_errno(e);
}

/* Into something that is not a regular file: written through. */
static int write_through(const char *path, const void *data, size_t len, char *err,
                         size_t errcap)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return sys_fail(path, err, errcap);
    int rc = write_all(fd, path, data, len, err, errcap);
    if (close(fd) != 0 && rc == TC_OK)
        rc = sys_fail(path, err, errcap);
    return rc;
}

/* A regular file (or none yet) replaced: tmp beside it, fsync, rename.
 * The temporary is made new (O_EXCL, O_NOFOLLOW: a link planted at its
 * name is removed, never followed). Errors name `path`, the file asked
 * for, not the temporary the caller never heard of. */
static int replace(const char *path, const void *data, size_t len, char *err, size_t errcap)
{
    size_t plen = strlen(path);
    char *tmp = malloc(plen + 32);
    int fd, rc;
    if (!tmp)
        return TC_ENOMEM;
    tc__fmt(tmp, plen + 32, "%s.tmp.%ld", path, (long)getpid());
    (void)unlink(tmp);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) {
        rc = sys_fail(path, err, errcap);
        free(tmp);
        return rc;
    }
    rc = write_all(fd, path, data, len, err, errcap);
    if (rc == TC_OK && fsync(fd) != 0)
        rc = sys_fail(path, err, errcap);
    if (close(fd) != 0 && rc == TC_OK)
        rc = sys_fail(path, err, errcap);
    if (rc == TC_OK && rename(tmp, path) != 0)
        rc = sys_fail(path, err, errcap);
    if (rc < 0)
        unlink(tmp);
    free(tmp);
    return rc;
}

int tc_write_atomic(const char *path, const void *data, size_t len,
                    char *err, size_t errcap)
{
    struct stat st, lst;
    if (stat(path, &st) != 0) {
        if (errno != ENOENT)
            return sys_fail(path, err, errcap);
        if (lstat(path, &lst) == 0) {   /* a link to nothing: not made up */
            tc__fmt(err, errcap, "%s: a symbolic link to a file that does not exist", path);
            return TC_ENOENT;
        }
        return replace(path, data, len, err, errcap);
    }
    if (S_ISDIR(st.st_mode)) {
        tc__fmt(err, errcap, "%s: is a folder", path);
        return TC_EISDIR;
    }
    if (!S_ISREG(st.st_mode))
        return write_through(path, data, len, err, errcap);
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        char *real = realpath(path, NULL);
        if (!real)
            return sys_fail(path, err, errcap);
        int rc = replace(real, data, len, err, errcap);
        free(real);
        return rc;
    }
    return replace(path, data, len, err, errcap);
}
