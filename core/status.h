/* core/status.h — status codes shared by every tuckcam library.
 * A function that can fail returns int: TC_OK (0) or a negative TC_E* code.
 * TC_EAGAIN and TC_EOF are flow signals, not failures. tc_strerror() is
 * thread-safe (a static table) and never returns NULL. */
#ifndef TC_CORE_STATUS_H
#define TC_CORE_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define TC_NODISCARD __attribute__((warn_unused_result))
#define TC_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define TC_NODISCARD
#define TC_PRINTF(fmt, args)
#endif

/** Status codes. Keep the table in status.c in the same order. */
enum tc_status {
    TC_OK           = 0,
    TC_EINVAL       = -1,  /* invalid argument */
    TC_ENOMEM       = -2,  /* out of memory */
    TC_EIO          = -3,  /* input/output error */
    TC_ENOENT       = -4,  /* no such file or directory */
    TC_EFORMAT      = -5,  /* malformed or corrupt data */
    TC_EUNSUPPORTED = -6,  /* valid but not supported */
    TC_ECHECKSUM    = -7,  /* checksum mismatch */
    TC_EAGAIN       = -8,  /* try again (timeout, no data yet) */
    TC_EOF          = -9,  /* end of stream */
    TC_EBUSY        = -10, /* device or resource busy */
    TC_ENODEV       = -11, /* device gone (unplugged) */
    TC_ERANGE       = -12, /* value out of range */
    TC_ENOSPC       = -13, /* no space left on device */
    TC_EINTERNAL    = -14, /* internal error (a bug) */
    TC_ENOTFOUND    = -15, /* nothing found (e.g. no person in view) */
    TC_EACCES       = -16, /* permission denied */
    TC_EISDIR       = -17, /* is a directory (a file was wanted) */
    TC_ENOTFILE     = -18, /* not a regular file (a FIFO, a device) */
    TC_ENOTDIR      = -19  /* not a directory (a folder was wanted) */
};

/** Number of defined codes, TC_OK included. */
#define TC_STATUS_COUNT 20

/** Text for a status code; unknown codes give "unknown error". Never NULL. */
const char *tc_strerror(int code);

/** Map a positive errno value to the closest TC_E* code. */
int tc_status_from_errno(int err);

/** Severity of a log message passed to a tc_log_fn. */
typedef enum tc_log_level {
    TC_LOG_ERROR = 0,
    TC_LOG_WARN,
    TC_LOG_INFO,
    TC_LOG_DEBUG
} tc_log_level;

/** Logging callback supplied in configs; `msg` is borrowed for the call. */
typedef void (*tc_log_fn)(void *user, tc_log_level level, const char *msg);

#ifdef __cplusplus
}
#endif
#endif /* TC_CORE_STATUS_H */
