/* capture/recorder.h — crash-safe session recording: BGR frames encoded as
 * H.264 (libx264 through libavcodec, zero-latency: no frame waits inside
 * the encoder) in Matroska, each frame written to the file
 * the moment it is encoded (each frame ends a Matroska cluster and is
 * flushed). A file cut off by a crash, a kill or a full disk plays and
 * holds every frame written before it. One tc_recorder per thread. */
#ifndef TC_CAPTURE_RECORDER_H
#define TC_CAPTURE_RECORDER_H

#include <stdint.h>
#include "capture/capture.h"
#include "core/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_recorder tc_recorder;

typedef struct tc_recorder_config {
    int         width, height;   /* frame size (required) */
    int         fps;             /* nominal rate; timestamps are the frames' */
    int         crf;             /* x264 quality, 0 = 18 (near lossless) */
    const char *preset;          /* x264 preset, NULL = "veryfast" */
    int         threads;         /* encoder threads, 0 = automatic */
    tc_log_fn   log;             /* optional */
    void       *log_user;
} tc_recorder_config;

#define TC_RECORDER_CONFIG_INIT { 0, 0, 30, 0, NULL, 0, NULL, NULL }

typedef struct tc_recorder_stats {
    uint64_t frames;             /* frames handed to the muxer */
    int64_t  bytes;              /* bytes written so far */
    int64_t  flushed_us;         /* timestamp of the last frame in the file */
} tc_recorder_stats;

/** Create `path` (Matroska; an existing file is replaced) and the encoder.
 * TC_EIO / TC_ENOSPC with the reason logged; *out is NULL on error. */
TC_NODISCARD int tc_recorder_create(tc_recorder **out, const char *path,
                                    const tc_recorder_config *cfg);

/** Encode and write one BGR24 frame of the configured size; its pts_us is
 * its time (kept strictly increasing). After a write error (disk full:
 * TC_ENOSPC, else TC_EIO) the recorder stops: later calls return the same
 * code, and what was written stays a valid file. */
TC_NODISCARD int tc_recorder_write(tc_recorder *r, const tc_frame *frame);

/** Drain the encoder and finish the file (index, duration). Returns the
 * first error the recording met, if any. The handle stays to be destroyed. */
int tc_recorder_close(tc_recorder *r);

/** Counters so far. */
void tc_recorder_get_stats(const tc_recorder *r, tc_recorder_stats *out);

/** Text of the last failure; never NULL. */
const char *tc_recorder_last_error(const tc_recorder *r);

/** Close if still open, and free; NULL is a no-op. */
void tc_recorder_destroy(tc_recorder *r);

#ifdef __cplusplus
}
#endif
#endif /* TC_CAPTURE_RECORDER_H */
