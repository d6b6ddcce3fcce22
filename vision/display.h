/* vision/display.h — what `tuckcam live` shows: a window (OpenCV highgui)
 * and simple overlay drawing on BGR images. C API; OpenCV stays inside. */
#ifndef TC_VISION_DISPLAY_H
#define TC_VISION_DISPLAY_H

#include <stddef.h>
#include <stdint.h>
#include "core/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_display tc_display;

/** Open a window titled `title`. TC_EUNSUPPORTED when there is no display
 * to open one on (no $DISPLAY or $WAYLAND_DISPLAY, or the GUI backend
 * refuses): the caller falls back to a terminal view. */
TC_NODISCARD int tc_display_create(tc_display **out, const char *title);

/** Show a BGR image (the window takes its size). */
void tc_display_show(tc_display *d, const uint8_t *bgr, int width, int height, size_t stride);

/** Wait up to `wait_ms` (>= 1) for a key: its code (ASCII for letters,
 * 27 for Esc), -1 for none, -2 when the window was closed. */
int tc_display_key(tc_display *d, int wait_ms);

/** Close the window; NULL is a no-op. */
void tc_display_destroy(tc_display *d);

/** Colours for the overlay helpers: 0xRRGGBB. */
typedef uint32_t tc_rgb;

/** Text at (x, y) (baseline left), height about 22 px x `scale`, with a
 * dark outline so it reads on any background. */
void tc_draw_text(uint8_t *bgr, int width, int height, size_t stride, int x, int y,
                  const char *text, double scale, tc_rgb color);

/** A rectangle, filled or outlined (thickness 2); alpha 0..1 blends a
 * filled one over the image. */
void tc_draw_rect(uint8_t *bgr, int width, int height, size_t stride, int x, int y,
                  int w, int h, tc_rgb color, int filled, double alpha);

/** An anti-aliased line of `thickness` pixels. */
void tc_draw_line(uint8_t *bgr, int width, int height, size_t stride, int x0, int y0,
                  int x1, int y1, tc_rgb color, int thickness);

#ifdef __cplusplus
}
#endif
#endif /* TC_VISION_DISPLAY_H */
