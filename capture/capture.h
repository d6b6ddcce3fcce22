/* capture/capture.h — frame sources (video file now; webcam and image
 * sequences implement the same interface). One tc_capture per thread.
 * Frames from tc_capture_read() are borrowed: valid until the next read or
 * destroy. The read path allocates nothing after the first frame. */
#ifndef TC_CAPTURE_CAPTURE_H
#define TC_CAPTURE_CAPTURE_H

#include <stddef.h>
#include <stdint.h>
#include "core/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_capture tc_capture;

/** Pixel formats a source can deliver. */
typedef enum tc_pixfmt { TC_PIXFMT_BGR24 = 1, TC_PIXFMT_GRAY8 } tc_pixfmt;

/** Requested (create) or negotiated (get_config) source parameters. */
typedef struct tc_capture_config {
    int       width, height, fps; /* 0 = source's native value */
    tc_pixfmt format;             /* converted if the source differs */
    int       threads;            /* decoder threads; 0 = automatic */
    tc_log_fn log;                /* optional; NULL = silent */
    void     *log_user;
} tc_capture_config;

#define TC_CAPTURE_CONFIG_INIT { 0, 0, 0, TC_PIXFMT_BGR24, 0, NULL, NULL }

/** One frame. */
typedef struct tc_frame {
    const uint8_t *data;          /* borrowed */
    size_t         stride;        /* bytes per row */
    int            width, height;
    tc_pixfmt      format;
    int64_t        pts_us;        /* µs, monotonic, first frame at 0 */
    uint64_t       seq;           /* 0,1,2...; gaps mean dropped frames */
} tc_frame;

/** Counters a source keeps while reading. */
typedef struct tc_capture_stats {
    uint64_t frames;              /* frames delivered */
    uint64_t corrupt;             /* packets/frames skipped as corrupt */
    int64_t  duration_us;         /* container duration, -1 if unknown */
    char     codec[32];           /* codec or pixel format name */
} tc_capture_stats;

/** Open a video file via libavformat; frames arrive as fast as decoded. */
TC_NODISCARD int tc_capture_create_file(tc_capture **out, const char *path,
                                        const tc_capture_config *cfg);
/** Next frame; TC_EAGAIN on timeout, TC_EOF at end of stream. */
TC_NODISCARD int tc_capture_read(tc_capture *cap, tc_frame *frame,
                                 int timeout_ms);
/** Size/rate/format actually negotiated with the source. */
void tc_capture_get_config(const tc_capture *cap, tc_capture_config *out);
/** Counters so far (frames, corrupt packets, duration, codec). */
void tc_capture_get_stats(const tc_capture *cap, tc_capture_stats *out);
/** Text of the last failure on this handle; never NULL. */
const char *tc_capture_last_error(const tc_capture *cap);
/** Stop and free everything; NULL is a no-op. */
void tc_capture_destroy(tc_capture *cap);

/** Write the FFmpeg library versions in use into `out` (`cap` bytes). */
void tc_capture_describe(char *out, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* TC_CAPTURE_CAPTURE_H */
