/* tests/capture/fake_v4l2.h — a fake V4L2 camera behind tc_v4l2_io:
 * configurable modes, busy, stalls, dropped frames (sequence gaps) and an
 * unplug after N frames. YUYV frames carry a brightness that grows with
 * the frame count; MJPEG frames are a JPEG the test supplies. */
#ifndef TC_TESTS_FAKE_V4L2_H
#define TC_TESTS_FAKE_V4L2_H

#include <stddef.h>
#include <stdint.h>

#include "capture/capture_impl.h"

typedef struct fake_mode {
    uint32_t fourcc;
    int      w, h;
    int      fps;
} fake_mode;

typedef struct fake_cam {
    /* set by the test */
    fake_mode       modes[8];
    int             nmodes;
    int             busy;          /* S_FMT fails with EBUSY */
    int             stall;         /* poll times out, every time */
    int             stall_polls;   /* the next n polls time out, then frames flow */
    int             unplug_after;  /* frames before ENODEV; 0 = never */
    int             drop_every;    /* skip a sequence number every k frames */
    const uint8_t  *jpeg;          /* MJPEG payload */
    size_t          jpeg_size;
    /* state */
    fake_mode       cur;
    size_t          sizeimage;
    unsigned        nbuf;
    uint8_t        *bufs[8];
    int             queued[8];
    int             streaming, unplugged, fd_open;
    uint32_t        seq;
    int             delivered;
    int64_t         t_us;
} fake_cam;

/** The io table that drives `cam` (user pointer set to it). */
tc_v4l2_io fake_v4l2_io(fake_cam *cam);

/** Free what the fake allocated. */
void fake_v4l2_free(fake_cam *cam);

#endif
