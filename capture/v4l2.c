/* capture/v4l2.c — webcams through libv4l2: format negotiation, mmap
 * streaming, poll with timeout, driver timestamps and sequence numbers,
 * YUYV/MJPEG/NV12/RGB pictures to BGR. The system calls go through a
 * tc_v4l2_io table so tests can drive the code with a fake device. */
#include "capture/capture_impl.h"

#include <errno.h>
#include <libavcodec/avcodec.h>
#include <linux/videodev2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "capture/convert.h"
#include "capture/v4l2_io.h"

typedef struct cam_buf {
    void  *start;
    size_t length;
} cam_buf;

typedef struct cam {
    tc_v4l2_io      io;
    int             fd;
    cam_buf        *bufs;
    unsigned        nbufs;
    int             streaming;
    uint32_t        pixfmt;
    int             width, height;
    size_t          bytesperline;
    AVCodecContext *mjpeg;           /* for MJPEG cameras */
    AVPacket       *pkt;
    AVFrame        *pic;
    tc_converter    conv;
    int64_t         first_us, last_us;
    uint32_t        first_seq, last_seq;
    int             started;
    uint64_t        seq;
    char            path[256];
} cam;

static int xioctl(cam *c, unsigned long req, void *arg)
{
    return tc_capture__ioctl(&c->io, c->fd, req, arg);
}

/* ---- negotiation ---- */

typedef struct cand {
    uint32_t fmt;
    int      w, h;
    double   fps;        /* best rate at this size; < 0 unknown */
} cand;

/* Formats tuckcam converts, cheapest first; -1 = not usable. */
static int fmt_rank(uint32_t f)
{
    switch (f) {
    case V4L2_PIX_FMT_YUYV: case V4L2_PIX_FMT_BGR24: case V4L2_PIX_FMT_RGB24:
        return 0;
    case V4L2_PIX_FMT_NV12: case V4L2_PIX_FMT_UYVY:
        return 1;
    case V4L2_PIX_FMT_MJPEG: case V4L2_PIX_FMT_JPEG:
        return 2;
    default:
        return -1;
    }
}

static double best_fps(cam *c, uint32_t fmt, int w, int h)
{
    double fps[64], best = -1;
    int n = tc_capture__frame_rates(&c->io, c->fd, fmt, w, h, fps, 64);
    for (int i = 0; i < n; i++)
        if (fps[i] > best)
            best = fps[i];
    return best;
}

/* Is candidate a better than b for the wanted size and rate? */
static int better(const cand *a, const cand *b, int W, int H, double fps)
{
    int sa = a->w == W && a->h == H ? 2 : (a->w >= W && a->h >= H ? 1 : 0);
    int sb = b->w == W && b->h == H ? 2 : (b->w >= W && b->h >= H ? 1 : 0);
    int ra = a->fps < 0 || a->fps + 0.5 >= fps, rb = b->fps < 0 || b->fps + 0.5 >= fps;
    long long da = llabs((long long)a->w * a->h - (long long)W * H);
    long long db = llabs((long long)b->w * b->h - (long long)W * H);
    if (sa != sb) return sa > sb;
    if (ra != rb) return ra > rb;
    if (da != db) return da < db;
    if (fmt_rank(a->fmt) != fmt_rank(b->fmt)) return fmt_rank(a->fmt) < fmt_rank(b->fmt);
    return a->fps > b->fps;
}

static void consider(cam *c, cand *best, int *have, uint32_t fmt, int w,
                     int h, int W, int H, double fps)
{
    cand x = { fmt, w, h, best_fps(c, fmt, w, h) };
    if (!*have || better(&x, best, W, H, fps)) {
        *best = x;
        *have = 1;
    }
}

/* The sizes of one format: discrete ones, or the wanted size clamped to a
 * stepwise range. */
static void sizes_of(cam *c, uint32_t fmt, cand *best, int *have, int W,
                     int H, double fps)
{
    struct v4l2_frmsizeenum fs;
    memset(&fs, 0, sizeof fs);
    fs.pixel_format = fmt;
    for (fs.index = 0; fs.index < 256 && xioctl(c, VIDIOC_ENUM_FRAMESIZES, &fs) == 0;
         fs.index++) {
        if (fs.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
            consider(c, best, have, fmt, (int)fs.discrete.width,
                     (int)fs.discrete.height, W, H, fps);
            continue;
        }
        const struct v4l2_frmsize_stepwise *s = &fs.stepwise;
        int w = W, h = H;
        if (w < (int)s->min_width) w = (int)s->min_width;
        if (w > (int)s->max_width) w = (int)s->max_width;
        if (h < (int)s->min_height) h = (int)s->min_height;
        if (h > (int)s->max_height) h = (int)s->max_height;
        if (s->step_width > 1) w -= (w - (int)s->min_width) % (int)s->step_width;
        if (s->step_height > 1) h -= (h - (int)s->min_height) % (int)s->step_height;
        consider(c, best, have, fmt, w, h, W, H, fps);
        break;
    }
    if (fs.index == 0) /* the driver does not list sizes: ask for ours */
        consider(c, best, have, fmt, W, H, W, H, fps);
}

static int choose_format(tc_capture *cap, cam *c, cand *out)
{
    struct v4l2_fmtdesc fd;
    int have = 0;
    const int W = cap->cfg.width ? cap->cfg.width : 640;
    const int H = cap->cfg.height ? cap->cfg.height : 480;
    const double fps = cap->cfg.fps ? cap->cfg.fps : 30;
    memset(&fd, 0, sizeof fd);
    fd.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    for (fd.index = 0; fd.index < 64 && xioctl(c, VIDIOC_ENUM_FMT, &fd) == 0; fd.index++) {
        if ((fd.flags & V4L2_FMT_FLAG_EMULATED) || fmt_rank(fd.pixelformat) < 0)
            continue;
        sizes_of(c, fd.pixelformat, out, &have, W, H, fps);
    }
    if (!have)
        return tc_capture__fail(cap, TC_EUNSUPPORTED, "%s: no format tuckcam "
                                "can read (YUYV, MJPEG, NV12, UYVY, RGB)", c->path);
    return TC_OK;
}

static int errno_fail(tc_capture *cap, cam *c, const char *what)
{
    int e = errno;
    if (e == EBUSY)
        return tc_capture__fail(cap, TC_EBUSY, "%s is busy: another program "
                                "is using the camera", c->path);
    if (e == ENODEV || e == ENXIO)
        return tc_capture__fail(cap, TC_ENODEV, "%s: camera disconnected (%s)",
                                c->path, what);
    return tc_capture__fail(cap, tc_status_from_errno(e), "%s: %s: %s",
                            c->path, what, strerror(e));
}

static int set_format(tc_capture *cap, cam *c, const cand *want)
{
    struct v4l2_format f;
    struct v4l2_streamparm p;
    char a[5], b[5];
    memset(&f, 0, sizeof f);
    f.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    f.fmt.pix.width = (uint32_t)want->w;
    f.fmt.pix.height = (uint32_t)want->h;
    f.fmt.pix.pixelformat = want->fmt;
    f.fmt.pix.field = V4L2_FIELD_ANY;
    if (xioctl(c, VIDIOC_S_FMT, &f) < 0)
        return errno_fail(cap, c, "set format");
    if (fmt_rank(f.fmt.pix.pixelformat) < 0 || f.fmt.pix.width < 16 ||
        f.fmt.pix.height < 16 || f.fmt.pix.width > 8192 || f.fmt.pix.height > 8192) {
        tc_capture__fourcc(a, want->fmt);
        tc_capture__fourcc(b, f.fmt.pix.pixelformat);
        return tc_capture__fail(cap, TC_EUNSUPPORTED, "%s: asked for %s %dx%d, "
                                "driver gave %s %ux%u", c->path, a, want->w,
                                want->h, b, f.fmt.pix.width, f.fmt.pix.height);
    }
    c->pixfmt = f.fmt.pix.pixelformat;
    c->width = (int)f.fmt.pix.width;
    c->height = (int)f.fmt.pix.height;
    c->bytesperline = f.fmt.pix.bytesperline;
    memset(&p, 0, sizeof p);
    p.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    p.parm.capture.timeperframe.numerator = 1;
    p.parm.capture.timeperframe.denominator =
        (uint32_t)(cap->cfg.fps ? cap->cfg.fps : (want->fps > 0 ? want->fps + 0.5 : 30));
    if (xioctl(c, VIDIOC_S_PARM, &p) == 0 && p.parm.capture.timeperframe.numerator)
        cap->cfg.fps = (int)(p.parm.capture.timeperframe.denominator /
                             p.parm.capture.timeperframe.numerator);
    cap->cfg.width = c->width;
    cap->cfg.height = c->height;
    tc_capture__fourcc(a, c->pixfmt);
    snprintf(cap->stats.codec, sizeof cap->stats.codec, "v4l2 %s", a);
    tc_capture__log(cap, TC_LOG_INFO, "%s: %s %dx%d @ %d fps", c->path, a,
                    c->width, c->height, cap->cfg.fps);
    return TC_OK;
}

static int start_streaming(tc_capture *cap, cam *c)
{
    struct v4l2_requestbuffers rb;
    enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    memset(&rb, 0, sizeof rb);
    rb.count = (uint32_t)(cap->cfg.buffers > 0 ? cap->cfg.buffers : 4);
    rb.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    rb.memory = V4L2_MEMORY_MMAP;
    if (xioctl(c, VIDIOC_REQBUFS, &rb) < 0)
        return errno_fail(cap, c, "request buffers");
    if (rb.count < 2 || rb.count > 64)
        return tc_capture__fail(cap, TC_EUNSUPPORTED, "%s: driver gave %u "
                                "buffers", c->path, rb.count);
    c->bufs = calloc(rb.count, sizeof *c->bufs);
    if (!c->bufs)
        return tc_capture__fail(cap, TC_ENOMEM, "buffer table");
    for (unsigned i = 0; i < rb.count; i++) {
        struct v4l2_buffer b;
        memset(&b, 0, sizeof b);
        b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        b.memory = V4L2_MEMORY_MMAP;
        b.index = i;
        if (xioctl(c, VIDIOC_QUERYBUF, &b) < 0)
            return errno_fail(cap, c, "query buffer");
        c->bufs[i].start = c->io.mmap(c->io.user, b.length, c->fd, b.m.offset);
        if (c->bufs[i].start == MAP_FAILED) {
            c->bufs[i].start = NULL;
            return errno_fail(cap, c, "map buffer");
        }
        c->bufs[i].length = b.length;
        c->nbufs = i + 1;
        if (xioctl(c, VIDIOC_QBUF, &b) < 0)
            return errno_fail(cap, c, "queue buffer");
    }
    if (xioctl(c, VIDIOC_STREAMON, &type) < 0)
        return errno_fail(cap, c, "start streaming");
    c->streaming = 1;
    return TC_OK;
}

/* ---- streaming ---- */

static int convert_raw(tc_capture *cap, cam *c, const uint8_t *data,
                       size_t used, tc_frame *out)
{
    const uint8_t *src[4] = { data, NULL, NULL, NULL };
    int ls[4] = { (int)c->bytesperline, 0, 0, 0 };
    int avfmt;
    size_t need;
    switch (c->pixfmt) {
    case V4L2_PIX_FMT_YUYV:  avfmt = AV_PIX_FMT_YUYV422; break;
    case V4L2_PIX_FMT_UYVY:  avfmt = AV_PIX_FMT_UYVY422; break;
    case V4L2_PIX_FMT_BGR24: avfmt = AV_PIX_FMT_BGR24; break;
    case V4L2_PIX_FMT_RGB24: avfmt = AV_PIX_FMT_RGB24; break;
    default:                 avfmt = AV_PIX_FMT_NV12; break;
    }
    if (!ls[0])
        ls[0] = c->width * (avfmt == AV_PIX_FMT_NV12 ? 1 : avfmt == AV_PIX_FMT_BGR24 ||
                            avfmt == AV_PIX_FMT_RGB24 ? 3 : 2);
    need = (size_t)ls[0] * (size_t)c->height;
    if (avfmt == AV_PIX_FMT_NV12) {
        src[1] = data + need;
        ls[1] = ls[0];
        need += need / 2;
    }
    if (used < need) {
        cap->stats.corrupt++;
        return TC_EAGAIN; /* short frame: skip it */
    }
    return tc_capture__convert(cap, &c->conv, src, ls, avfmt, c->width,
                               c->height, 0, 0, out);
}

static int decode_mjpeg(tc_capture *cap, cam *c, const uint8_t *data,
                        size_t used, tc_frame *out)
{
    int rc;
    if (!c->mjpeg) {
        const AVCodec *codec = avcodec_find_decoder(AV_CODEC_ID_MJPEG);
        c->mjpeg = codec ? avcodec_alloc_context3(codec) : NULL;
        c->pkt = av_packet_alloc();
        c->pic = av_frame_alloc();
        if (!c->mjpeg || !c->pkt || !c->pic || avcodec_open2(c->mjpeg, codec, NULL) < 0)
            return tc_capture__fail(cap, TC_EUNSUPPORTED, "no MJPEG decoder");
    }
    c->pkt->data = (uint8_t *)(uintptr_t)data;
    c->pkt->size = (int)used;
    if (avcodec_send_packet(c->mjpeg, c->pkt) < 0 ||
        avcodec_receive_frame(c->mjpeg, c->pic) < 0) {
        cap->stats.corrupt++;
        return TC_EAGAIN; /* a broken JPEG from the camera: skip it */
    }
    rc = tc_capture__convert(cap, &c->conv, (const uint8_t *const *)c->pic->data,
                             c->pic->linesize, c->pic->format, c->pic->width,
                             c->pic->height, 1, 0, out);
    av_frame_unref(c->pic);
    return rc;
}

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Timestamps: the driver's when it says they are monotonic, else the time
 * of dequeue; shifted to start at 0 and kept strictly increasing. Sequence
 * numbers: the driver's, so a gap is a dropped frame. */
static void stamp(tc_capture *cap, cam *c, const struct v4l2_buffer *b,
                  tc_frame *out)
{
    int64_t t = (b->flags & V4L2_BUF_FLAG_TIMESTAMP_MASK) == V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC
                    ? (int64_t)b->timestamp.tv_sec * 1000000 + b->timestamp.tv_usec
                    : now_us();
    if (!c->started) {
        c->started = 1;
        c->first_us = t;
        c->first_seq = b->sequence;
        c->last_seq = b->sequence;
    } else if (b->sequence > c->last_seq + 1) {
        cap->stats.dropped += b->sequence - c->last_seq - 1;
    }
    out->pts_us = t - c->first_us;
    if (c->seq && out->pts_us <= c->last_us)
        out->pts_us = c->last_us + 1;
    out->seq = b->sequence >= c->first_seq ? (uint64_t)(b->sequence - c->first_seq)
                                           : c->seq;
    if (c->seq && out->seq < c->seq)
        out->seq = c->seq; /* a driver that restarts its count */
    c->last_seq = b->sequence;
    c->last_us = out->pts_us;
    c->seq = out->seq + 1;
}

static int requeue(tc_capture *cap, cam *c, struct v4l2_buffer *b, int rc)
{
    if (xioctl(c, VIDIOC_QBUF, b) < 0 && rc >= 0)
        return errno_fail(cap, c, "requeue buffer");
    return rc;
}

/* No frame within the timeout: a flow signal, not a failure. The reason
 * goes to the handle (and the log as a warning); the stream stays up. */
static int stalled(tc_capture *cap, const cam *c, int timeout_ms)
{
    tc_capture__note(cap, "no frame from %s for %d ms (camera stalled?)",
                     c->path, timeout_ms);
    tc_capture__log(cap, TC_LOG_WARN, "%s", cap->err);
    return TC_EAGAIN;
}

static int cam_read(tc_capture *cap, tc_frame *out, int timeout_ms)
{
    cam *c = cap->priv;
    struct v4l2_buffer b;
    int r, rc;
    for (;;) {
        r = c->io.poll(c->io.user, c->fd, timeout_ms);
        if (r == 0)
            return stalled(cap, c, timeout_ms);
        if (r < 0)
            return errno_fail(cap, c, "wait for a frame");
        memset(&b, 0, sizeof b);
        b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        b.memory = V4L2_MEMORY_MMAP;
        if (xioctl(c, VIDIOC_DQBUF, &b) < 0) {
            if (errno == EAGAIN)
                continue;
            return errno_fail(cap, c, "dequeue a frame");
        }
        if (b.index >= c->nbufs || b.bytesused > c->bufs[b.index].length) {
            cap->stats.corrupt++;
            return requeue(cap, c, &b, tc_capture__fail(cap, TC_EIO,
                           "%s: driver returned a bad buffer", c->path));
        }
        if (b.flags & V4L2_BUF_FLAG_ERROR) {
            cap->stats.corrupt++;
            if ((rc = requeue(cap, c, &b, TC_OK)) < 0)
                return rc;
            continue;
        }
        rc = fmt_rank(c->pixfmt) == 2
                 ? decode_mjpeg(cap, c, c->bufs[b.index].start, b.bytesused, out)
                 : convert_raw(cap, c, c->bufs[b.index].start, b.bytesused, out);
        if (rc == TC_OK)
            stamp(cap, c, &b, out);
        rc = requeue(cap, c, &b, rc);
        if (rc != TC_EAGAIN)
            return rc;
    }
}

static void cam_destroy(tc_capture *cap)
{
    cam *c = cap->priv;
    enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (!c)
        return;
    if (c->streaming)
        (void)xioctl(c, VIDIOC_STREAMOFF, &type);
    for (unsigned i = 0; i < c->nbufs; i++)
        if (c->bufs[i].start)
            c->io.munmap(c->io.user, c->bufs[i].start, c->bufs[i].length);
    if (c->nbufs) {
        struct v4l2_requestbuffers rb;
        memset(&rb, 0, sizeof rb);
        rb.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        rb.memory = V4L2_MEMORY_MMAP;
        (void)xioctl(c, VIDIOC_REQBUFS, &rb);
    }
    if (c->fd >= 0)
        c->io.close(c->io.user, c->fd);
    free(c->bufs);
    avcodec_free_context(&c->mjpeg);
    av_packet_free(&c->pkt);
    av_frame_free(&c->pic);
    tc_capture__converter_free(&c->conv);
    free(c);
    cap->priv = NULL;
}

static const tc_capture__ops cam_ops = { "v4l2", cam_read, cam_destroy };

static int open_device(tc_capture *cap, cam *c)
{
    struct v4l2_capability qc;
    uint32_t caps;
    c->fd = c->io.open(c->io.user, c->path);
    if (c->fd < 0) {
        if (errno == ENOENT || errno == ENODEV || errno == ENXIO)
            return tc_capture__fail(cap, TC_ENOENT, "%s: no such camera "
                                    "(see 'tuckcam devices')", c->path);
        if (errno == EACCES)
            return tc_capture__fail(cap, TC_EIO, "%s: permission denied (is "
                                    "the user in the 'video' group?)", c->path);
        return errno_fail(cap, c, "open");
    }
    if (tc_capture__querycap(&c->io, c->fd, &qc, &caps) < 0)
        return tc_capture__fail(cap, TC_EUNSUPPORTED, "%s: not a V4L2 device",
                                c->path);
    if (!(caps & V4L2_CAP_VIDEO_CAPTURE) || !(caps & V4L2_CAP_STREAMING))
        return tc_capture__fail(cap, TC_EUNSUPPORTED, "%s (%.32s): not a "
                                "streaming video capture device", c->path,
                                (const char *)qc.card);
    return TC_OK;
}

int tc_capture__create_webcam_io(tc_capture **out, const char *path,
                                 const tc_capture_config *cfg,
                                 const tc_v4l2_io *io)
{
    tc_capture *cap = NULL;
    cam *c;
    cand want;
    int rc;
    *out = NULL;
    if (!path || !io)
        return TC_EINVAL;
    if ((rc = tc_capture__alloc(&cap, &cam_ops, cfg)) < 0)
        return rc;
    c = calloc(1, sizeof *c);
    if (!c) {
        rc = TC_ENOMEM;
        goto fail;
    }
    cap->priv = c;
    c->io = *io;
    c->fd = -1;
    snprintf(c->path, sizeof c->path, "%s", path);
    if ((rc = open_device(cap, c)) < 0 || (rc = choose_format(cap, c, &want)) < 0 ||
        (rc = set_format(cap, c, &want)) < 0 || (rc = start_streaming(cap, c)) < 0)
        goto fail;
    *out = cap;
    return TC_OK;
fail:
    tc_capture_destroy(cap);
    return rc;
}

int tc_capture_create_webcam(tc_capture **out, const char *path,
                             const tc_capture_config *cfg)
{
    return tc_capture__create_webcam_io(out, path, cfg, tc_capture__libv4l2_io());
}
