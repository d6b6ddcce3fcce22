/* capture/convert.h — pictures in any FFmpeg pixel format to the BGR24 or
 * GRAY8 frame a tc_capture delivers, with scaling and a 90/180/270 degree
 * rotation (private to capture/). Buffers are kept and reused; one
 * converter per source. */
#ifndef TC_CAPTURE_CONVERT_H
#define TC_CAPTURE_CONVERT_H

#include <stddef.h>
#include <stdint.h>

#include "capture/capture_impl.h"

struct SwsContext;

typedef struct tc_converter {
    struct SwsContext *sws;
    uint8_t           *buf, *rot;     /* converted, rotated */
    size_t             buf_size, rot_size;
} tc_converter;

/** Convert the picture (`src`/`linesize`, FFmpeg pixel format `avfmt`,
 * `w` x `h`, full-range when `full_range`) into cap's output format at
 * cap->cfg size (0 = the picture's), rotated by `rotation` degrees
 * clockwise; fills out's data/stride/width/height/format only. */
TC_NODISCARD int tc_capture__convert(tc_capture *cap, tc_converter *c,
                                     const uint8_t *const src[4],
                                     const int linesize[4], int avfmt, int w,
                                     int h, int full_range, int rotation,
                                     tc_frame *out);

/** Free the converter's buffers (the struct itself is the caller's). */
void tc_capture__converter_free(tc_converter *c);

#endif /* TC_CAPTURE_CONVERT_H */
