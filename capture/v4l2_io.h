/* capture/v4l2_io.h — the V4L2 system calls that the webcam backend
 * (v4l2.c) and the device list (devices.c) share (private to capture/):
 * the default libv4l2 tc_v4l2_io table and helpers over any io table.
 * Stateless; safe from any thread. */
#ifndef TC_CAPTURE_V4L2_IO_H
#define TC_CAPTURE_V4L2_IO_H

#include <stdint.h>

#include "capture/capture_impl.h"

struct v4l2_capability;

#ifdef __cplusplus
extern "C" {
#endif

/** The default system calls: libv4l2 with its format emulation off. */
const tc_v4l2_io *tc_capture__libv4l2_io(void);

/** ioctl `req` on `fd` through `io`, retried while it fails with EINTR;
 * returns like ioctl (-1 + errno). */
int tc_capture__ioctl(const tc_v4l2_io *io, int fd, unsigned long req,
                      void *arg);

/** VIDIOC_QUERYCAP into `qc`; `*caps` gets the device's own capabilities
 * (device_caps when the driver reports them). -1 + errno on failure. */
int tc_capture__querycap(const tc_v4l2_io *io, int fd,
                         struct v4l2_capability *qc, uint32_t *caps);

/** The frame rates (frames/s) offered for `fmt` at `w` x `h`, in the
 * driver's order, at most `max` of them (a stepwise range: its fastest
 * rate only); returns how many were stored. */
int tc_capture__frame_rates(const tc_v4l2_io *io, int fd, uint32_t fmt,
                            int w, int h, double *fps, int max);

/** A V4L2 fourcc as text ("YUYV"); unprintable bytes become '?'. */
void tc_capture__fourcc(char out[5], uint32_t fourcc);

#ifdef __cplusplus
}
#endif
#endif /* TC_CAPTURE_V4L2_IO_H */
