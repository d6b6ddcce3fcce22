/* tests/capture/vivid/test_vivid.c CLIP [MODELS_DIR] — run inside the vivid
 * guest (tests/capture/vivid/run.sh): tuckcam's webcam code against the
 * real vivid driver.
 *   1. listing finds vivid's capture node;
 *   2. negotiation, mmap streaming, driver timestamps and sequence numbers
 *      on vivid's own test pattern;
 *   3. loopback: CLIP's frames are written to vivid's HDMI output with
 *      "Loop Video" on; the capture node must deliver those frames through
 *      tuckcam's capture layer, and the vision pipeline must find the
 *      person in them (when the models are there).
 * Prints what it checks; exit 0 when all pass. */
#include <errno.h>
#include <fcntl.h>
#include <libswscale/swscale.h>
#include <linux/v4l2-dv-timings.h>
#include <linux/videodev2.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "capture/capture.h"
#include "pipeline/pipeline.h"

#define W 640
#define H 480
#define CLIP_FRAMES 60

static int failures;

static void check(int ok, const char *what)
{
    printf("%s - %s\n", ok ? "ok  " : "FAIL", what);
    failures += !ok;
}

static int xioctl(int fd, unsigned long req, void *arg)
{
    int r;
    do
        r = ioctl(fd, req, arg);
    while (r < 0 && errno == EINTR);
    return r;
}

/* The first vivid node with capability `cap` (VIDEO_CAPTURE/OUTPUT). */
static int find_node(uint32_t cap, char *path, size_t n)
{
    for (int i = 0; i < 16; i++) {
        struct v4l2_capability q;
        int fd;
        snprintf(path, n, "/dev/video%d", i);
        if ((fd = open(path, O_RDWR)) < 0)
            continue;
        memset(&q, 0, sizeof q);
        int ok = xioctl(fd, VIDIOC_QUERYCAP, &q) == 0 &&
                 strstr((const char *)q.card, "vivid") &&
                 (q.device_caps & cap);
        close(fd);
        if (ok)
            return 0;
    }
    return -1;
}

static int listed_vivid;

static void on_device(void *user, const char *path, const char *card,
                      const char *bus, const tc_camera_mode *m)
{
    (void)user; (void)bus;
    if (!m) {
        printf("     listed %s: %s\n", path, card);
        listed_vivid += strstr(card, "vivid") != NULL;
    }
}

/* Part 2: vivid's own pattern through tuckcam's webcam code. */
static void stream_test_pattern(const char *cap_path)
{
    tc_capture_config cfg = TC_CAPTURE_CONFIG_INIT;
    tc_capture_config got;
    tc_capture_stats st;
    tc_capture *cap = NULL;
    tc_frame f;
    int ok = 1, n = 0;
    uint64_t last_seq = 0;
    int64_t last_t = -1, first_gap = 0;
    cfg.width = W;
    cfg.height = H;
    cfg.fps = 30;
    int rc = tc_capture_create_webcam(&cap, cap_path, &cfg);
    check(rc == TC_OK, "webcam opens on vivid's capture node");
    if (rc < 0)
        return;
    tc_capture_get_config(cap, &got);
    tc_capture_get_stats(cap, &st);
    printf("     negotiated %s %dx%d @ %d fps\n", st.codec, got.width, got.height, got.fps);
    check(got.width == W && got.height == H, "negotiated 640x480");
    for (n = 0; n < 20 && ok; n++) {
        rc = tc_capture_read(cap, &f, 3000);
        ok = rc == TC_OK && f.width == W && f.height == H;
        if (ok && n) {
            ok = f.seq > last_seq && f.pts_us > last_t;
            if (n == 1)
                first_gap = f.pts_us - last_t;
        }
        last_seq = f.seq;
        last_t = f.pts_us;
    }
    tc_capture_get_stats(cap, &st);
    printf("     %d frames, last seq %llu at %.3f s, first gap %.1f ms, %llu dropped\n",
           n, (unsigned long long)last_seq, (double)last_t / 1e6,
           (double)first_gap / 1e3, (unsigned long long)st.dropped);
    check(ok && n == 20, "20 frames streamed, sequence and time increasing");
    check(first_gap > 5000 && first_gap < 200000, "driver timestamps about a frame apart");
    tc_capture_destroy(cap);
}

typedef struct clip {
    uint8_t *bgr[CLIP_FRAMES], *yuyv[CLIP_FRAMES];
    int      n;
} clip;

static int load_clip(const char *path, clip *c)
{
    tc_capture_config cfg = TC_CAPTURE_CONFIG_INIT;
    tc_capture *cap = NULL;
    tc_frame f;
    struct SwsContext *sws;
    cfg.width = W;
    cfg.height = H;
    if (tc_capture_create_file(&cap, path, &cfg) < 0)
        return -1;
    sws = sws_getContext(W, H, AV_PIX_FMT_BGR24, W, H, AV_PIX_FMT_YUYV422,
                         SWS_BILINEAR, NULL, NULL, NULL);
    for (c->n = 0; c->n < CLIP_FRAMES && tc_capture_read(cap, &f, 0) == TC_OK; c->n++) {
        const uint8_t *src[1] = { f.data };
        int ss[1] = { (int)f.stride }, ds[1] = { W * 2 };
        c->bgr[c->n] = malloc((size_t)W * H * 3);
        c->yuyv[c->n] = malloc((size_t)W * H * 2);
        memcpy(c->bgr[c->n], f.data, (size_t)W * H * 3);
        sws_scale(sws, src, ss, 0, H, &c->yuyv[c->n], ds);
    }
    sws_freeContext(sws);
    tc_capture_destroy(cap);
    return c->n > 10 ? 0 : -1;
}

/* Choose the HDMI input/output and give it 640x480p60 timings. */
static int use_hdmi(int fd, int output)
{
    /* the kernel's macro leaves fields to zero-initialisation; clang warns */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
    struct v4l2_dv_timings t = V4L2_DV_BT_DMT_640X480P60;
#pragma GCC diagnostic pop
    for (uint32_t i = 0; i < 8; i++) {
        char name[32];
        if (output) {
            struct v4l2_output o = { .index = i };
            if (xioctl(fd, VIDIOC_ENUMOUTPUT, &o) < 0)
                break;
            memcpy(name, o.name, sizeof name);
        } else {
            struct v4l2_input in = { .index = i };
            if (xioctl(fd, VIDIOC_ENUMINPUT, &in) < 0)
                break;
            memcpy(name, in.name, sizeof name);
        }
        name[31] = '\0';
        if (!strstr(name, "HDMI"))
            continue;
        unsigned idx = i;
        if (xioctl(fd, output ? VIDIOC_S_OUTPUT : VIDIOC_S_INPUT, &idx) < 0)
            return -1;
        return xioctl(fd, VIDIOC_S_DV_TIMINGS, &t);
    }
    return -1;
}

static int set_control(int fd, const char *name, int value)
{
    struct v4l2_queryctrl q;
    memset(&q, 0, sizeof q);
    q.id = V4L2_CTRL_FLAG_NEXT_CTRL;
    while (xioctl(fd, VIDIOC_QUERYCTRL, &q) == 0) {
        if (!strcmp((const char *)q.name, name)) {
            struct v4l2_control c = { q.id, value };
            return xioctl(fd, VIDIOC_S_CTRL, &c);
        }
        q.id |= V4L2_CTRL_FLAG_NEXT_CTRL;
    }
    return -1;
}

typedef struct out_dev {
    int      fd;
    void    *mem[4];
    size_t   len[4];
    unsigned nbuf, next;       /* next clip frame to send */
} out_dev;

static void fill(out_dev *o, const clip *c, unsigned index)
{
    struct v4l2_buffer b;
    memset(&b, 0, sizeof b);
    b.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    b.memory = V4L2_MEMORY_MMAP;
    b.index = index;
    memcpy(o->mem[index], c->yuyv[o->next % (unsigned)c->n], (size_t)W * H * 2);
    b.bytesused = W * H * 2;
    o->next++;
    (void)xioctl(o->fd, VIDIOC_QBUF, &b);
}

static int start_output(out_dev *o, const char *path, const clip *c)
{
    struct v4l2_format f;
    struct v4l2_requestbuffers rb;
    enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    o->fd = open(path, O_RDWR | O_NONBLOCK);
    if (o->fd < 0 || use_hdmi(o->fd, 1) < 0)
        return -1;
    memset(&f, 0, sizeof f);
    f.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    f.fmt.pix.width = W;
    f.fmt.pix.height = H;
    f.fmt.pix.pixelformat = V4L2_PIX_FMT_YUYV;
    f.fmt.pix.field = V4L2_FIELD_NONE;
    if (xioctl(o->fd, VIDIOC_S_FMT, &f) < 0)
        return -1;
    memset(&rb, 0, sizeof rb);
    rb.count = 4;
    rb.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    rb.memory = V4L2_MEMORY_MMAP;
    if (xioctl(o->fd, VIDIOC_REQBUFS, &rb) < 0 || rb.count < 2)
        return -1;
    o->nbuf = rb.count > 4 ? 4 : rb.count;
    for (unsigned i = 0; i < o->nbuf; i++) {
        struct v4l2_buffer b;
        memset(&b, 0, sizeof b);
        b.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
        b.memory = V4L2_MEMORY_MMAP;
        b.index = i;
        if (xioctl(o->fd, VIDIOC_QUERYBUF, &b) < 0)
            return -1;
        o->len[i] = b.length;
        o->mem[i] = mmap(NULL, b.length, PROT_READ | PROT_WRITE, MAP_SHARED,
                         o->fd, b.m.offset);
        if (o->mem[i] == MAP_FAILED)
            return -1;
        fill(o, c, i);
    }
    return xioctl(o->fd, VIDIOC_STREAMON, &type);
}

/* Give every output buffer the driver has finished with the next frame. */
static void feed(out_dev *o, const clip *c)
{
    struct v4l2_buffer b;
    for (;;) {
        memset(&b, 0, sizeof b);
        b.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
        b.memory = V4L2_MEMORY_MMAP;
        if (xioctl(o->fd, VIDIOC_DQBUF, &b) < 0)
            return;
        fill(o, c, b.index);
    }
}

/* Mean absolute difference on a sparse grid. */
static double diff(const uint8_t *a, size_t astride, const uint8_t *b)
{
    double s = 0;
    int n = 0;
    for (int y = 4; y < H; y += 16)
        for (int x = 4; x < W; x += 16, n++)
            for (int k = 0; k < 3; k++)
                s += abs((int)a[(size_t)y * astride + (size_t)x * 3 + (size_t)k] -
                         (int)b[((size_t)y * W + (size_t)x) * 3 + (size_t)k]);
    return s / (3.0 * n);
}

/* Save a BGR frame as PPM into $TC_OUT_DIR, if set (for a person to look
 * at when a check fails). */
static void save(const char *name, const uint8_t *bgr, size_t stride)
{
    const char *dir = getenv("TC_OUT_DIR");
    char path[512];
    FILE *f;
    if (!dir)
        return;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (!(f = fopen(path, "wb")))
        return;
    fprintf(f, "P6\n%d %d\n255\n", W, H);
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            const uint8_t *p = bgr + (size_t)y * stride + (size_t)x * 3;
            uint8_t rgb[3] = { p[2], p[1], p[0] };
            fwrite(rgb, 1, 3, f);
        }
    fclose(f);
}

/* Without models nobody is found (the pipeline still reads the frames). */
static int nobody(void *user, const tc_frame *f, tc_obs *obs)
{
    (void)user;
    (void)f;
    (void)obs;
    return TC_ENOTFOUND;
}

/* The frames through tuckcam's pipeline, vision on models when given. */
static tc_pipeline *open_pipeline(tc_vision *v)
{
    tc_pipeline_config pc = TC_PIPELINE_CONFIG_INIT;
    tc_pipeline *p = NULL;
    pc.vision = v;
    pc.observe = v ? NULL : nobody;
    return tc_pipeline_create(&p, &pc, NULL, 0) == TC_OK ? p : NULL;
}

/* Vision on the models in `models` (NULL: where tuckcam looks by
 * default); NULL when they are not there. */
static tc_vision *open_vision(const char *models)
{
    tc_vision_config vc = TC_VISION_CONFIG_INIT;
    tc_vision *v = NULL;
    vc.models_dir = models;
    vc.face_mesh = 0;
    if (tc_vision_create(&v, &vc) < 0)
        v = NULL;
    return v;
}

/* The mean abs diff of frame f to the nearest of the clip's frames. */
static double nearest_clip_frame(const clip *c, const tc_frame *f)
{
    double best = 1e9;
    for (int k = 0; k < c->n; k++) {
        double d = diff(f->data, f->stride, c->bgr[k]);
        best = d < best ? d : best;
    }
    return best;
}

static void stop_output(out_dev *o)
{
    if (o->fd >= 0) {
        enum v4l2_buf_type type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
        (void)xioctl(o->fd, VIDIOC_STREAMOFF, &type);
        for (unsigned i = 0; i < o->nbuf; i++)
            munmap(o->mem[i], o->len[i]);
        close(o->fd);
    }
}

static void free_clip(clip *c)
{
    for (int k = 0; k < c->n; k++) {
        free(c->bgr[k]);
        free(c->yuyv[k]);
    }
}

/* Part 3: CLIP -> vivid HDMI output -> loop -> capture -> tuckcam. */
static void loopback(const char *cap_path, const char *out_path,
                     const char *clip_path, const char *models)
{
    clip c = { { NULL }, { NULL }, 0 };
    out_dev o = { -1, { NULL }, { 0 }, 0, 0 };
    tc_capture_config cfg = TC_CAPTURE_CONFIG_INIT;
    tc_capture *cap = NULL;
    tc_vision *v = NULL;
    tc_pipeline *p = NULL;
    int capfd, matched = 0, frames = 0, people = 0, tried = 0;
    double worst_nonmatch = 0;

    check(load_clip(clip_path, &c) == 0, "fixture clip decoded for the output node");
    capfd = open(cap_path, O_RDWR);
    check(capfd >= 0 && use_hdmi(capfd, 0) == 0, "capture input: HDMI, 640x480p60");
    check(start_output(&o, out_path, &c) == 0, "output node streams the clip (HDMI)");
    check(capfd >= 0 && set_control(capfd, "Loop Video", 1) == 0, "Loop Video on");
    /* vivid writes status text over the picture unless told not to */
    check(capfd >= 0 && set_control(capfd, "OSD Text Mode", 2) == 0, "OSD text off");
    cfg.width = W;
    cfg.height = H;
    cfg.fps = 30;
    int rc = tc_capture_create_webcam(&cap, cap_path, &cfg);
    check(rc == TC_OK, "webcam opens on the looped capture node");
    v = open_vision(models);   /* MODELS_DIR, else where tuckcam looks by default */
    p = open_pipeline(v);
    check(p != NULL, "the pipeline opens");
    for (int i = 0; rc == TC_OK && p && i < 40; i++) {
        tc_frame f;
        feed(&o, &c);
        if (tc_pipeline_pull(p, cap, 3000, &f) != TC_OK)
            break;
        frames++;
        double best = nearest_clip_frame(&c, &f);
        if (i == 20) {
            save("captured.ppm", f.data, f.stride);
            save("clip.ppm", c.bgr[0], (size_t)W * 3);
        }
        if (best < 10)
            matched++;
        else
            worst_nonmatch = best > worst_nonmatch ? best : worst_nonmatch;
        if (v && best < 10 && tried < 6) {
            tried++;
            people += tc_pipeline_send_frame(p, &f) == TC_OK && tc_pipeline_last(p)->found;
        }
    }
    printf("     %d frames captured, %d match a clip frame (mean abs diff < 10; "
           "worst other %.1f)\n", frames, matched, worst_nonmatch);
    check(frames >= 30, "capture delivers frames while the output plays");
    check(matched >= frames * 2 / 3, "the captured frames are the clip's frames");
    if (v) {
        printf("     vision: person found in %d of %d looped frames\n", people, tried);
        check(people >= 1 && people >= tried - 2, "the pipeline finds the person in the looped frames");
    } else {
        printf("     vision: models not available in the guest, not checked\n");
    }
    tc_pipeline_destroy(p);
    tc_vision_destroy(v);
    tc_capture_destroy(cap);
    stop_output(&o);
    if (capfd >= 0)
        close(capfd);
    free_clip(&c);
}

int main(int argc, char **argv)
{
    char cap_path[64], out_path[64];
    if (argc < 2) {
        fprintf(stderr, "usage: test_vivid CLIP [MODELS_DIR]\n");
        return 2;
    }
    int n = tc_capture_list_devices("/dev", on_device, NULL);
    check(n >= 1 && listed_vivid >= 1, "tc_capture_list_devices finds vivid's capture node");
    if (find_node(V4L2_CAP_VIDEO_CAPTURE, cap_path, sizeof cap_path) < 0 ||
        find_node(V4L2_CAP_VIDEO_OUTPUT, out_path, sizeof out_path) < 0) {
        check(0, "vivid capture and output nodes exist");
        return 1;
    }
    printf("     capture %s, output %s\n", cap_path, out_path);
    stream_test_pattern(cap_path);
    loopback(cap_path, out_path, argv[1], argc > 2 ? argv[2] : NULL);
    printf("%d failed\n", failures);
    return failures ? 1 : 0;
}
