/* capture/convert.c — swscale to BGR/GRAY, then an optional rotation. */
#include "capture/convert.h"

#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
#include <stdlib.h>
#include <string.h>

/* The deprecated full-range "J" formats (JPEG, MJPEG webcams) as their
 * plain twins; set_range() then tells swscale the range. */
static enum AVPixelFormat plain_format(int fmt)
{
    switch (fmt) {
    case AV_PIX_FMT_YUVJ420P: return AV_PIX_FMT_YUV420P;
    case AV_PIX_FMT_YUVJ422P: return AV_PIX_FMT_YUV422P;
    case AV_PIX_FMT_YUVJ444P: return AV_PIX_FMT_YUV444P;
    case AV_PIX_FMT_YUVJ440P: return AV_PIX_FMT_YUV440P;
    default: return (enum AVPixelFormat)fmt;
    }
}

static void set_range(struct SwsContext *sws, int full)
{
    int *inv, *tab, src_range, dst_range, bri, con, sat;
    if (sws_getColorspaceDetails(sws, &inv, &src_range, &tab, &dst_range,
                                 &bri, &con, &sat) < 0)
        return;
    if (src_range != full)
        sws_setColorspaceDetails(sws, inv, full, tab, dst_range, bri, con, sat);
}

static int grow(uint8_t **buf, size_t *size, size_t need)
{
    uint8_t *nb;
    if (need <= *size)
        return TC_OK;
    nb = realloc(*buf, need);
    if (!nb)
        return TC_ENOMEM;
    *buf = nb;
    *size = need;
    return TC_OK;
}

/* Rotate a w x h image of `bpp` bytes a pixel clockwise by `deg`. */
static void rotate(const uint8_t *src, int w, int h, int bpp, int deg,
                   uint8_t *dst)
{
    const size_t sstride = (size_t)w * (size_t)bpp;
    for (int y = 0; y < h; y++) {
        const uint8_t *row = src + (size_t)y * sstride;
        for (int x = 0; x < w; x++) {
            size_t d;
            if (deg == 90)       /* (x, y) -> (h-1-y, x), width h */
                d = ((size_t)x * (size_t)h + (size_t)(h - 1 - y)) * (size_t)bpp;
            else if (deg == 180) /* -> (w-1-x, h-1-y) */
                d = ((size_t)(h - 1 - y) * (size_t)w + (size_t)(w - 1 - x)) * (size_t)bpp;
            else                 /* 270: -> (y, w-1-x), width h */
                d = ((size_t)(w - 1 - x) * (size_t)h + (size_t)y) * (size_t)bpp;
            memcpy(dst + d, row + (size_t)x * (size_t)bpp, (size_t)bpp);
        }
    }
}

int tc_capture__convert(tc_capture *cap, tc_converter *c,
                        const uint8_t *const src[4], const int linesize[4],
                        int avfmt, int w, int h, int full_range, int rotation,
                        tc_frame *out)
{
    const int quarter = rotation == 90 || rotation == 270;
    /* cfg size is the size after rotation; scale to its pre-rotation twin */
    int ow = cap->cfg.width ? (quarter ? cap->cfg.height : cap->cfg.width) : w;
    int oh = cap->cfg.height ? (quarter ? cap->cfg.width : cap->cfg.height) : h;
    const int bpp = cap->cfg.format == TC_PIXFMT_GRAY8 ? 1 : 3;
    const enum AVPixelFormat dst = bpp == 1 ? AV_PIX_FMT_GRAY8 : AV_PIX_FMT_BGR24;
    const size_t stride = (size_t)ow * (size_t)bpp, need = stride * (size_t)oh;
    uint8_t *planes[4] = { NULL, NULL, NULL, NULL };
    int strides[4] = { 0, 0, 0, 0 };

    if (w <= 0 || h <= 0 || ow <= 0 || oh <= 0 || w > 16384 || h > 16384)
        return tc_capture__fail(cap, TC_EFORMAT, "picture of size %dx%d", w, h);
    /* SWS_ACCURATE_RND: without it FFmpeg 5.1 takes its fast x86 YUV->RGB
     * path for 4:2:0/4:2:2, which leaves the last width % 8 columns of a
     * row unwritten (stale or uninitialised pixels: the same JPEG read
     * twice gave different frames) and rounds less closely to libjpeg's
     * colours. It costs ~0.5 ms a 640x480 frame here (0.15 -> 0.69). */
    c->sws = sws_getCachedContext(c->sws, w, h, plain_format(avfmt), ow, oh,
                                  dst, SWS_BILINEAR | SWS_ACCURATE_RND,
                                  NULL, NULL, NULL);
    if (!c->sws)
        return tc_capture__fail(cap, TC_EUNSUPPORTED,
                                "cannot convert pixel format %s",
                                av_get_pix_fmt_name((enum AVPixelFormat)avfmt));
    set_range(c->sws, full_range || plain_format(avfmt) != (enum AVPixelFormat)avfmt);
    if (grow(&c->buf, &c->buf_size, need) < 0)
        return tc_capture__fail(cap, TC_ENOMEM, "frame buffer");
    planes[0] = c->buf;
    strides[0] = (int)stride;
    sws_scale(c->sws, src, linesize, 0, h, planes, strides);
    out->data = c->buf;
    out->stride = stride;
    out->width = ow;
    out->height = oh;
    out->format = cap->cfg.format;
    out->predicted = 0;   /* the file source says when a frame was predicted */
    if (rotation == 90 || rotation == 180 || rotation == 270) {
        if (grow(&c->rot, &c->rot_size, need) < 0)
            return tc_capture__fail(cap, TC_ENOMEM, "rotation buffer");
        rotate(c->buf, ow, oh, bpp, rotation, c->rot);
        out->data = c->rot;
        if (quarter) {
            out->width = oh;
            out->height = ow;
            out->stride = (size_t)oh * (size_t)bpp;
        }
    }
    return TC_OK;
}

void tc_capture__converter_free(tc_converter *c)
{
    sws_freeContext(c->sws);
    free(c->buf);
    free(c->rot);
    memset(c, 0, sizeof *c);
}
