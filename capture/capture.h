/* capture/capture.h — frame sources: a V4L2 webcam (libv4l2), a video file
 * or an image sequence (FFmpeg), one interface. One tc_capture per thread.
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
    int       buffers;            /* webcam mmap buffers; 0 = 4 */
    tc_log_fn log;                /* optional; NULL = silent */
    void     *log_user;
} tc_capture_config;

#define TC_CAPTURE_CONFIG_INIT { 0, 0, 0, TC_PIXFMT_BGR24, 0, 0, NULL, NULL }

/** One frame. */
typedef struct tc_frame {
    const uint8_t *data;          /* borrowed */
    size_t         stride;        /* bytes per row */
    int            width, height;
    tc_pixfmt      format;
    int64_t        pts_us;        /* µs, monotonic, first frame at 0 */
    uint64_t       seq;           /* 0,1,2...; gaps mean dropped frames */
    int            predicted;     /* 1: decoded from frames before it (a video's P
                                     or B frame), whose pixels the encoder may have
                                     left lagging the scene (docs/timing.md); 0:
                                     whole in itself (a key frame, a webcam's) */
} tc_frame;

/** Counters a source keeps while reading. */
typedef struct tc_capture_stats {
    uint64_t frames;              /* frames delivered */
    uint64_t dropped;             /* frames the source lost (seq gaps) */
    uint64_t corrupt;             /* packets/frames skipped as corrupt */
    int64_t  duration_us;         /* container duration, -1 if unknown */
    char     codec[32];           /* codec or pixel format name */
    int      rotation;            /* degrees applied from file metadata */
    uint64_t retimed;             /* frames whose time did not increase, placed a
                                     frame interval after the one before (said
                                     once in the log) */
} tc_capture_stats;

/** Open V4L2 device `path` ("/dev/video0") through libv4l2 and start
 * streaming; the format that delivers cfg's size and rate is chosen
 * (MJPEG where raw YUYV cannot reach the rate). TC_ENOENT (no such
 * device), TC_EBUSY (in use), TC_EUNSUPPORTED (not a capture device or no
 * usable format); *out is NULL on error and the reason is logged. */
TC_NODISCARD int tc_capture_create_webcam(tc_capture **out, const char *path,
                                          const tc_capture_config *cfg);
/** Open a video file via libavformat; frames arrive as fast as decoded.
 * An image sequence works too: a printf pattern ("img%04d.png"). */
TC_NODISCARD int tc_capture_create_file(tc_capture **out, const char *path,
                                        const tc_capture_config *cfg);
/** Next frame. TC_EAGAIN: a webcam delivered no frame within timeout_ms
 * (a stall, not a failure): the handle stays usable, the caller may read
 * again, and tc_capture_last_error() says what happened ("no frame from
 * /dev/video0 for 2000 ms (camera stalled?)"). TC_EOF at end of a file
 * (last_error: how many frames, how many corrupt ones skipped); a file
 * never gives TC_EAGAIN. TC_ENODEV when a webcam was unplugged (frames
 * already read stay valid to the caller: finish the recording and
 * destroy). Other codes are failures, explained by last_error. */
TC_NODISCARD int tc_capture_read(tc_capture *cap, tc_frame *frame,
                                 int timeout_ms);
/** Size/rate/format actually negotiated with the source. */
void tc_capture_get_config(const tc_capture *cap, tc_capture_config *out);
/** Counters so far (frames, corrupt packets, duration, codec). */
void tc_capture_get_stats(const tc_capture *cap, tc_capture_stats *out);
/** Text of the last failure, stall or end of stream on this handle;
 * never NULL ("no error" only before any of them). */
const char *tc_capture_last_error(const tc_capture *cap);
/** Stop and free everything; NULL is a no-op. */
void tc_capture_destroy(tc_capture *cap);

/** One capture mode of a camera, as `tc_capture_list_devices` reports it. */
typedef struct tc_camera_mode {
    char   fourcc[5];             /* "YUYV", "MJPG", ... */
    char   description[32];
    int    width, height;         /* for a stepwise range: the largest */
    int    stepwise;              /* 1 when any size up to width x height */
    double fps[8];                /* frame rates offered at this size */
    int    n_fps;
} tc_camera_mode;

/** Called once per camera (mode NULL: `card` and `bus` describe it) and
 * once per mode of it. */
typedef void (*tc_camera_cb)(void *user, const char *path, const char *card,
                             const char *bus, const tc_camera_mode *mode);

/** List the video capture devices among dir/video* (NULL: "/dev"): returns
 * how many were found (0 when there are none, or when "/dev" itself is
 * missing, as in some containers) or a negative TC_E* code (TC_ENOENT for
 * a `dir` named that does not exist). */
TC_NODISCARD int tc_capture_list_devices(const char *dir, tc_camera_cb cb,
                                         void *user);

/** For a program that routes FFmpeg's log (av_log_set_callback is
 * process-wide: the program's choice, never this library's): pass it each
 * line (no newline) with the context `avcl` it was logged for. A line about
 * the demuxer of a file handle (logged while that handle is opened or read)
 * is kept in the handle, and its next failure or end-of-stream text ends
 * with " (ffmpeg: LINE)"; returns 1. A line of any other context: 0, and
 * the line is the program's to show or drop. */
int tc_capture_take_ffmpeg_line(void *avcl, const char *line);

/** Write the FFmpeg library versions in use into `out` (`cap` bytes). */
void tc_capture_describe(char *out, size_t cap);

#ifdef __cplusplus
}
#endif
#endif /* TC_CAPTURE_CAPTURE_H */
