/* core/status.c — status code texts. */
#include "core/status.h"

#include <errno.h>

static const char *const status_text[TC_STATUS_COUNT] = {
    "success",
    "invalid argument",
    "out of memory",
    "input/output error",
    "no such file or directory",
    "malformed or corrupt data",
    "not supported",
    "checksum mismatch",
    "try again",
    "end of stream",
    "device or resource busy",
    "device disconnected",
    "value out of range",
    "no space left on device",
    "internal error",
    "nothing found",
    "permission denied",
    "is a directory",
    "not a regular file",
    "not a directory",
};

const char *tc_strerror(int code)
{
    if (code > 0 || code <= -TC_STATUS_COUNT)
        return "unknown error";
    return status_text[-code];
}

int tc_status_from_errno(int err)
{
    switch (err) {
    case 0:       return TC_OK;
    case EINVAL:  return TC_EINVAL;
    case ENOMEM:  return TC_ENOMEM;
    case ENOENT:  return TC_ENOENT;
    case EACCES:
    case EPERM:   return TC_EACCES;
    case EISDIR:  return TC_EISDIR;
    case ENOTDIR: return TC_ENOTDIR;
    case EAGAIN:  return TC_EAGAIN;
    case EBUSY:   return TC_EBUSY;
    case ENODEV:
    case ENXIO:   return TC_ENODEV;
    case ERANGE:  return TC_ERANGE;
    case ENOSPC:
    case EFBIG:   /* the file may grow no more: a writer's "disk full" */
    case EDQUOT:  return TC_ENOSPC;
    default:      return TC_EIO;
    }
}
