/* capture/capture_impl.h — the backend table behind tc_capture (private).
 * A backend fills tc_capture__ops and its own state; capture.c dispatches.
 * Tests plug in fake backends the same way. */
#ifndef TC_CAPTURE_CAPTURE_IMPL_H
#define TC_CAPTURE_CAPTURE_IMPL_H

#include "capture/capture.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_capture__ops {
    const char *name;
    int  (*read)(tc_capture *cap, tc_frame *frame, int timeout_ms);
    void (*destroy)(tc_capture *cap);   /* frees cap->priv only */
} tc_capture__ops;

struct tc_capture {
    const tc_capture__ops *ops;
    void                  *priv;         /* backend state */
    tc_capture_config      cfg;          /* negotiated */
    tc_capture_stats       stats;
    char                   err[256];
    char                   ffmpeg[160];  /* FFmpeg's lines since the last err */
};

/** The system calls of the webcam backend: libv4l2 by default, a fake
 * device in tests. Each returns like its libc namesake (-1 + errno). */
typedef struct tc_v4l2_io {
    int   (*open)(void *user, const char *path);
    int   (*close)(void *user, int fd);
    int   (*ioctl)(void *user, int fd, unsigned long request, void *arg);
    void *(*mmap)(void *user, size_t length, int fd, int64_t offset);
    int   (*munmap)(void *user, void *addr, size_t length);
    int   (*poll)(void *user, int fd, int timeout_ms); /* >0 ready, 0 timeout */
    void *user;
} tc_v4l2_io;

/** tc_capture_create_webcam with the system calls of `io`. */
TC_NODISCARD int tc_capture__create_webcam_io(tc_capture **out,
                                              const char *path,
                                              const tc_capture_config *cfg,
                                              const tc_v4l2_io *io);

/** tc_capture_list_devices with the system calls of `io`. */
TC_NODISCARD int tc_capture__list_devices_io(const char *dir, tc_camera_cb cb,
                                             void *user, const tc_v4l2_io *io);

/** Allocate a handle for backend `ops`; cfg may be NULL for defaults. */
TC_NODISCARD int tc_capture__alloc(tc_capture **out,
                                   const tc_capture__ops *ops,
                                   const tc_capture_config *cfg);
/** Record an error message on the handle and return `code`. */
int tc_capture__fail(tc_capture *cap, int code, const char *fmt, ...)
    TC_PRINTF(3, 4);
/** Record why a read returned a flow signal (TC_EAGAIN, TC_EOF) as the
 * handle's last_error text; nothing is logged. */
void tc_capture__note(tc_capture *cap, const char *fmt, ...) TC_PRINTF(2, 3);
/** Send a message to the configured log callback, if any. */
void tc_capture__log(const tc_capture *cap, tc_log_level lvl,
                     const char *fmt, ...) TC_PRINTF(3, 4);

#ifdef __cplusplus
}
#endif
#endif /* TC_CAPTURE_CAPTURE_IMPL_H */
