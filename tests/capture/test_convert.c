/* tests/capture/test_convert.c — the converter behind every capture:
 * every pixel of every row is written, whatever the width, and the same
 * picture always gives the same bytes. (FFmpeg 5.1's fast x86 YUV->RGB
 * path leaves the last width % 8 columns of each row untouched, so they
 * kept the previous frame's pixels - or uninitialised memory.) */
#include <libavutil/pixfmt.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "capture/convert.h"

static int no_read(tc_capture *cap, tc_frame *f, int t)
{
    (void)cap, (void)f, (void)t;
    return TC_EOF;
}
static void no_destroy(tc_capture *cap) { (void)cap; }
static const tc_capture__ops ops = { "test", no_read, no_destroy };

/* A w x h picture of one colour in `fmt` (planar 4:2:0/4:2:2 or packed
 * YUYV), luma `y`, chroma neutral; planes padded as a decoder pads them. */
typedef struct pic {
    uint8_t *plane[4];
    int      linesize[4];
} pic;

static void make(pic *p, int fmt, int w, int h, uint8_t y)
{
    memset(p, 0, sizeof *p);
    if (fmt == AV_PIX_FMT_YUYV422) {
        p->linesize[0] = (w * 2 + 63) & ~63;
        p->plane[0] = malloc((size_t)p->linesize[0] * (size_t)h);
        assert_non_null(p->plane[0]);
        for (int r = 0; r < h; r++)
            for (int x = 0; x < p->linesize[0]; x += 2) {
                p->plane[0][(size_t)r * (size_t)p->linesize[0] + (size_t)x] = y;
                p->plane[0][(size_t)r * (size_t)p->linesize[0] + (size_t)x + 1] = 128;
            }
        return;
    }
    const int ch = fmt == AV_PIX_FMT_YUV420P ? (h + 1) / 2 : h;
    for (int i = 0; i < 3; i++) {
        int rows = i ? ch : h, cols = i ? (w + 1) / 2 : w;
        p->linesize[i] = (cols + 63) & ~63;
        p->plane[i] = malloc((size_t)p->linesize[i] * (size_t)rows);
        assert_non_null(p->plane[i]);
        memset(p->plane[i], i ? 128 : y, (size_t)p->linesize[i] * (size_t)rows);
    }
}

static void drop(pic *p)
{
    for (int i = 0; i < 4; i++)
        free(p->plane[i]);
}

/* Convert white, then black: the black frame must be black to the last
 * column and row, and a second conversion byte-identical. */
static void check(int fmt, int full_range, int w, int h)
{
    tc_capture *cap = NULL;
    tc_converter c;
    tc_frame f;
    pic white, black;
    uint8_t *first;
    size_t n;

    memset(&c, 0, sizeof c);
    assert_int_equal(tc_capture__alloc(&cap, &ops, NULL), TC_OK);
    make(&white, fmt, w, h, 255);
    make(&black, fmt, w, h, full_range ? 0 : 16);
    assert_int_equal(tc_capture__convert(cap, &c, (const uint8_t *const *)white.plane,
                                         white.linesize, fmt, w, h, full_range, 0, &f),
                     TC_OK);
    assert_int_equal(tc_capture__convert(cap, &c, (const uint8_t *const *)black.plane,
                                         black.linesize, fmt, w, h, full_range, 0, &f),
                     TC_OK);
    assert_int_equal(f.width, w);
    assert_int_equal(f.height, h);
    n = f.stride * (size_t)f.height;
    for (size_t i = 0; i < n; i++)
        if (f.data[i] > 2)
            fail_msg("%s %dx%d: byte %zu (row %zu, column %zu) is %d, not black",
                     fmt == AV_PIX_FMT_YUYV422 ? "yuyv422" : "yuv", w, h, i,
                     i / f.stride, i % f.stride / 3, f.data[i]);
    first = malloc(n);
    assert_non_null(first);
    memcpy(first, f.data, n);
    assert_int_equal(tc_capture__convert(cap, &c, (const uint8_t *const *)black.plane,
                                         black.linesize, fmt, w, h, full_range, 0, &f),
                     TC_OK);
    assert_memory_equal(first, f.data, n);
    free(first);
    drop(&white);
    drop(&black);
    tc_capture__converter_free(&c);
    tc_capture_destroy(cap);
}

static void every_column_is_written(void **state)
{
    static const int widths[] = { 548, 161, 640, 36 };
    (void)state;
    for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
        check(AV_PIX_FMT_YUV420P, 0, widths[i], 6);
        check(AV_PIX_FMT_YUVJ420P, 1, widths[i], 6);  /* JPEG photos */
        check(AV_PIX_FMT_YUVJ422P, 1, widths[i], 5);  /* MJPEG webcams */
        check(AV_PIX_FMT_YUYV422, 0, widths[i] & ~1, 5);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_column_is_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
