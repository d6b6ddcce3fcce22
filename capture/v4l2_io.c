/* capture/v4l2_io.c — the default V4L2 system calls (libv4l2) and the
 * helpers the webcam backend and the device list share (v4l2_io.h). */
#include "capture/v4l2_io.h"

#include <errno.h>
#include <fcntl.h>
#include <libv4l2.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* ---- the default system calls: libv4l2 ---- */

static int sys_open(void *u, const char *path)
{
    int fd;
    (void)u;
    fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return -1;
    /* libv4l2 for its device plugins; its format emulation stays off:
     * tuckcam converts the camera's own format itself */
    if (v4l2_fd_open(fd, V4L2_DISABLE_CONVERSION) < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

static int sys_close(void *u, int fd) { (void)u; return v4l2_close(fd); }

static int sys_ioctl(void *u, int fd, unsigned long req, void *arg)
{
    (void)u;
    return v4l2_ioctl(fd, req, arg);
}

static void *sys_mmap(void *u, size_t len, int fd, int64_t off)
{
    (void)u;
    return v4l2_mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
}

static int sys_munmap(void *u, void *addr, size_t len)
{
    (void)u;
    return v4l2_munmap(addr, len);
}

static int sys_poll(void *u, int fd, int timeout_ms)
{
    struct pollfd p = { fd, POLLIN, 0 };
    int r;
    (void)u;
    do
        r = poll(&p, 1, timeout_ms);
    while (r < 0 && errno == EINTR);
    if (r > 0 && (p.revents & (POLLERR | POLLHUP | POLLNVAL)) && !(p.revents & POLLIN)) {
        errno = ENODEV;
        return -1;
    }
    return r;
}

const tc_v4l2_io *tc_capture__libv4l2_io(void)
{
    static const tc_v4l2_io io = { sys_open, sys_close, sys_ioctl,
                                   sys_mmap, sys_munmap, sys_poll, NULL };
    return &io;
}

/* ---- helpers over any io table ---- */

int tc_capture__ioctl(const tc_v4l2_io *io, int fd, unsigned long req,
                      void *arg)
{
    int r;
    do
        r = io->ioctl(io->user, fd, req, arg);
    while (r < 0 && errno == EINTR);
    return r;
}

int tc_capture__querycap(const tc_v4l2_io *io, int fd,
                         struct v4l2_capability *qc, uint32_t *caps)
{
    memset(qc, 0, sizeof *qc);
    if (tc_capture__ioctl(io, fd, VIDIOC_QUERYCAP, qc) < 0)
        return -1;
    *caps = (qc->capabilities & V4L2_CAP_DEVICE_CAPS) ? qc->device_caps
                                                       : qc->capabilities;
    return 0;
}

int tc_capture__frame_rates(const tc_v4l2_io *io, int fd, uint32_t fmt,
                            int w, int h, double *fps, int max)
{
    struct v4l2_frmivalenum iv;
    int n = 0;
    memset(&iv, 0, sizeof iv);
    iv.pixel_format = fmt;
    iv.width = (uint32_t)w;
    iv.height = (uint32_t)h;
    for (iv.index = 0; n < max && iv.index < 64 &&
         tc_capture__ioctl(io, fd, VIDIOC_ENUM_FRAMEINTERVALS, &iv) == 0; iv.index++) {
        const struct v4l2_fract *f = iv.type == V4L2_FRMIVAL_TYPE_DISCRETE
                                         ? &iv.discrete : &iv.stepwise.min;
        if (f->numerator)
            fps[n++] = (double)f->denominator / f->numerator;
        if (iv.type != V4L2_FRMIVAL_TYPE_DISCRETE)
            break;
    }
    return n;
}

void tc_capture__fourcc(char out[5], uint32_t f)
{
    for (int i = 0; i < 4; i++) {
        char ch = (char)((f >> (8 * i)) & 0xff);
        out[i] = ch >= 32 && ch < 127 ? ch : '?';
    }
    out[4] = '\0';
}
