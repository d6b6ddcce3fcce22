/* tests/capture/fake_v4l2.c — the fake camera (see fake_v4l2.h). */
#include "fake_v4l2.h"

#include <errno.h>
#include <linux/videodev2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define FAKE_FD 42
#define OFFSET_STEP 0x100000u

static int fail(int e) { errno = e; return -1; }

static int f_open(void *u, const char *path)
{
    fake_cam *c = u;
    size_t n = strlen(path);
    if (n < 6 || strcmp(path + n - 6, "video0") != 0)
        return fail(ENOENT);
    c->fd_open = 1;
    return FAKE_FD;
}

static int f_close(void *u, int fd)
{
    fake_cam *c = u;
    (void)fd;
    c->fd_open = 0;
    return 0;
}

/* The i-th distinct fourcc among the modes, or 0. */
static uint32_t nth_format(const fake_cam *c, unsigned i)
{
    uint32_t seen[8];
    unsigned n = 0;
    for (int m = 0; m < c->nmodes; m++) {
        unsigned k = 0;
        while (k < n && seen[k] != c->modes[m].fourcc)
            k++;
        if (k == n)
            seen[n++] = c->modes[m].fourcc;
    }
    return i < n ? seen[i] : 0;
}

static const fake_mode *nth_size(const fake_cam *c, uint32_t fourcc, unsigned i)
{
    for (int m = 0; m < c->nmodes; m++)
        if (c->modes[m].fourcc == fourcc && i-- == 0)
            return &c->modes[m];
    return NULL;
}

static int s_fmt(fake_cam *c, struct v4l2_format *f)
{
    const fake_mode *pick = NULL;
    if (c->busy)
        return fail(EBUSY);
    for (int m = 0; m < c->nmodes; m++)
        if (c->modes[m].fourcc == f->fmt.pix.pixelformat &&
            (!pick || (c->modes[m].w == (int)f->fmt.pix.width &&
                       c->modes[m].h == (int)f->fmt.pix.height)))
            pick = &c->modes[m];
    if (!pick)
        pick = &c->modes[0];
    c->cur = *pick;
    f->fmt.pix.pixelformat = pick->fourcc;
    f->fmt.pix.width = (uint32_t)pick->w;
    f->fmt.pix.height = (uint32_t)pick->h;
    f->fmt.pix.bytesperline = pick->fourcc == V4L2_PIX_FMT_YUYV ? (uint32_t)pick->w * 2 : 0;
    c->sizeimage = pick->fourcc == V4L2_PIX_FMT_YUYV ? (size_t)pick->w * (size_t)pick->h * 2
                                                     : c->jpeg_size + 64;
    f->fmt.pix.sizeimage = (uint32_t)c->sizeimage;
    return 0;
}

static int reqbufs(fake_cam *c, struct v4l2_requestbuffers *rb)
{
    for (unsigned i = 0; i < c->nbuf; i++) {
        free(c->bufs[i]);
        c->bufs[i] = NULL;
        c->queued[i] = 0;
    }
    c->nbuf = rb->count > 8 ? 8 : rb->count;
    for (unsigned i = 0; i < c->nbuf; i++)
        if (!(c->bufs[i] = calloc(1, c->sizeimage)))
            return fail(ENOMEM);
    rb->count = c->nbuf;
    return 0;
}

static void fill(fake_cam *c, unsigned i, struct v4l2_buffer *b)
{
    if (c->cur.fourcc == V4L2_PIX_FMT_YUYV) {
        uint8_t y = (uint8_t)(40 + (c->delivered * 7) % 180);
        for (size_t k = 0; k < c->sizeimage; k += 2) {
            c->bufs[i][k] = y;        /* Y */
            c->bufs[i][k + 1] = 128;  /* U or V: grey */
        }
        b->bytesused = (uint32_t)c->sizeimage;
    } else {
        memcpy(c->bufs[i], c->jpeg, c->jpeg_size);
        b->bytesused = (uint32_t)c->jpeg_size;
    }
}

static int dqbuf(fake_cam *c, struct v4l2_buffer *b)
{
    if (c->unplugged || (c->unplug_after && c->delivered >= c->unplug_after)) {
        c->unplugged = 1;
        return fail(ENODEV);
    }
    for (unsigned i = 0; i < c->nbuf; i++) {
        if (!c->queued[i])
            continue;
        c->queued[i] = 0;
        fill(c, i, b);
        b->index = i;
        b->length = (uint32_t)c->sizeimage;
        b->flags = V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC;
        if (c->drop_every && c->delivered && c->delivered % c->drop_every == 0) {
            c->seq++;                           /* the driver lost one */
            c->t_us += 1000000 / c->cur.fps;
        }
        b->sequence = c->seq++;
        c->t_us += 1000000 / c->cur.fps;
        b->timestamp.tv_sec = c->t_us / 1000000;
        b->timestamp.tv_usec = c->t_us % 1000000;
        c->delivered++;
        return 0;
    }
    return fail(EAGAIN);
}

static int querycap(struct v4l2_capability *q)
{
    memset(q, 0, sizeof *q);
    strcpy((char *)q->card, "Fake Camera");
    strcpy((char *)q->bus_info, "fake:0");
    q->capabilities = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING |
                      V4L2_CAP_DEVICE_CAPS;
    q->device_caps = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING;
    return 0;
}

static int enum_fmt(const fake_cam *c, struct v4l2_fmtdesc *d)
{
    d->pixelformat = nth_format(c, d->index);
    if (!d->pixelformat)
        return fail(EINVAL);
    strcpy((char *)d->description, d->pixelformat == V4L2_PIX_FMT_YUYV
                                       ? "YUYV 4:2:2" : "Motion-JPEG");
    d->flags = d->pixelformat == V4L2_PIX_FMT_MJPEG ? V4L2_FMT_FLAG_COMPRESSED : 0;
    return 0;
}

static int enum_framesizes(const fake_cam *c, struct v4l2_frmsizeenum *s)
{
    const fake_mode *m = nth_size(c, s->pixel_format, s->index);
    if (!m)
        return fail(EINVAL);
    s->type = V4L2_FRMSIZE_TYPE_DISCRETE;
    s->discrete.width = (uint32_t)m->w;
    s->discrete.height = (uint32_t)m->h;
    return 0;
}

static int enum_frameintervals(const fake_cam *c, struct v4l2_frmivalenum *iv)
{
    for (int k = 0; k < c->nmodes && iv->index == 0; k++)
        if (c->modes[k].fourcc == iv->pixel_format &&
            c->modes[k].w == (int)iv->width && c->modes[k].h == (int)iv->height) {
            iv->type = V4L2_FRMIVAL_TYPE_DISCRETE;
            iv->discrete.numerator = 1;
            iv->discrete.denominator = (uint32_t)c->modes[k].fps;
            return 0;
        }
    return fail(EINVAL);
}

static int f_ioctl(void *u, int fd, unsigned long req, void *arg)
{
    fake_cam *c = u;
    if (fd != FAKE_FD || !c->fd_open)
        return fail(EBADF);
    switch (req) {
    case VIDIOC_QUERYCAP:
        return querycap(arg);
    case VIDIOC_ENUM_FMT:
        return enum_fmt(c, arg);
    case VIDIOC_ENUM_FRAMESIZES:
        return enum_framesizes(c, arg);
    case VIDIOC_ENUM_FRAMEINTERVALS:
        return enum_frameintervals(c, arg);
    case VIDIOC_S_FMT:
        return s_fmt(c, arg);
    case VIDIOC_S_PARM: {
        struct v4l2_streamparm *p = arg;
        p->parm.capture.timeperframe.numerator = 1;
        p->parm.capture.timeperframe.denominator = (uint32_t)c->cur.fps;
        return 0;
    }
    case VIDIOC_REQBUFS:
        return reqbufs(c, arg);
    case VIDIOC_QUERYBUF: {
        struct v4l2_buffer *b = arg;
        if (b->index >= c->nbuf)
            return fail(EINVAL);
        b->length = (uint32_t)c->sizeimage;
        b->m.offset = b->index * OFFSET_STEP;
        return 0;
    }
    case VIDIOC_QBUF: {
        struct v4l2_buffer *b = arg;
        if (b->index >= c->nbuf)
            return fail(EINVAL);
        if (c->unplugged)
            return fail(ENODEV);
        c->queued[b->index] = 1;
        return 0;
    }
    case VIDIOC_DQBUF:
        return dqbuf(c, arg);
    case VIDIOC_STREAMON: c->streaming = 1; return 0;
    case VIDIOC_STREAMOFF: c->streaming = 0; return 0;
    default:
        return fail(ENOTTY);
    }
}

static void *f_mmap(void *u, size_t len, int fd, int64_t off)
{
    fake_cam *c = u;
    unsigned i = (unsigned)((uint64_t)off / OFFSET_STEP);
    (void)fd;
    if (i >= c->nbuf || len > c->sizeimage) {
        errno = EINVAL;
        return MAP_FAILED;
    }
    return c->bufs[i];
}

static int f_munmap(void *u, void *addr, size_t len)
{
    (void)u; (void)addr; (void)len;
    return 0;
}

static int f_poll(void *u, int fd, int timeout_ms)
{
    fake_cam *c = u;
    (void)fd; (void)timeout_ms;
    if (c->unplugged)
        return fail(ENODEV);
    if (c->stall)
        return 0;
    if (c->stall_polls > 0) {
        c->stall_polls--;
        return 0;
    }
    for (unsigned i = 0; i < c->nbuf; i++)
        if (c->queued[i])
            return 1;
    return 0;
}

tc_v4l2_io fake_v4l2_io(fake_cam *cam)
{
    tc_v4l2_io io = { f_open, f_close, f_ioctl, f_mmap, f_munmap, f_poll, cam };
    return io;
}

void fake_v4l2_free(fake_cam *cam)
{
    for (unsigned i = 0; i < cam->nbuf; i++)
        free(cam->bufs[i]);
    cam->nbuf = 0;
}
