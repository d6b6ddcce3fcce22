/* tools/tuckgen/tuckgen.h — the fixture generator's parts (private to
 * tools/tuckgen): a person cut from a photo into layers (actor.c), the
 * backdrop behind them (plate.c) and the rendering of one frame from a
 * motion state (render.c). Single-threaded; every buffer is made at
 * create and reused for each frame. */
#ifndef TC_TOOLS_TUCKGEN_H
#define TC_TOOLS_TUCKGEN_H

#include <stddef.h>
#include <stdint.h>
#include "core/profile.h"
#include "formats/fixture.h"

/** A float BGR image (3 floats a pixel, 0..255). */
typedef struct tg_image {
    int    w, h;
    float *px;
} tg_image;

/** Landmarks of the photo, normalised as MediaPipe gives them. */
typedef struct tg_landmarks {
    double pose[33][3];
    double face[468][3];
} tg_landmarks;

/** Camera of the rendered scene. */
typedef struct tg_camera {
    double f, cx, cy;  /* focal length and principal point, pixels */
} tg_camera;

/** One person: the photo placed on the canvas and cut into a head and a
 * body layer, with what the motion needs to move them. */
typedef struct tg_actor {
    int       w, h;          /* canvas */
    float    *base;          /* photo on the canvas (BGR) */
    float    *inside;        /* 1 where the photo covers the canvas */
    float    *head_a;        /* head layer alpha */
    float    *body_a;        /* body layer alpha (neck down) */
    float    *dz;            /* head surface depth behind the eyes, mm */
    int       hx0, hy0, hx1, hy1;   /* head layer box (exclusive ends) */
    int       bx0, by0, bx1, by1;   /* body layer box */
    double    z0;            /* camera to the eyes, mm */
    double    pivot[3];      /* upper-neck pivot, camera mm */
    double    shoulder_y;    /* shoulder line, px */
    double    hip_y;         /* hips (below the frame), px */
    double    face_w_px;     /* face-mesh width 234-454 at neutral */
    double    oval[36][2];   /* face outline at neutral, px (in-view test) */
    int       facing;        /* side view: +1 nose to the right, -1 left */
    int       side;          /* cut for a side view */
    double    photo_sc, photo_ox, photo_oy;  /* photo px (u, v) -> canvas
                                                (ox + sc u, oy + sc v) */
} tg_actor;

/** Where to put the person: their face centre at x = `cx_frac` of the
 * width, sized so crown-to-shoulders is `height_frac` of the height. */
typedef struct tg_place {
    double cx_frac, height_frac, crown_frac;
    double bottom_frac;   /* the frame's bottom, share of the canvas height
                             (a canvas with margins); 0 for 1 */
} tg_place;

/** Cut the person of `photo` (landmarks `lm`) onto a w x h canvas.
 * TC_EINVAL when the landmarks do not describe a head and shoulders. */
int tg_actor_create(tg_actor *out, const tg_image *photo, const tg_landmarks *lm,
                    int w, int h, const tg_place *place, const tg_camera *cam,
                    double ipd_mm, tc_view view, char *err, size_t errcap);

/** Free the actor's buffers. */
void tg_actor_destroy(tg_actor *a);

/** Fill `plate` (w x h) with the backdrop behind the actor: the photo
 * where it shows no person, smoothly filled where the person and the
 * margins are (push-pull; side view: from a margin outside the layers,
 * continuing the rows' backdrop far from it). */
int tg_plate_make(tg_image *plate, const tg_actor *a);

/** Box maximum (take_max 1) or mean of radius r over m (w x h) in place,
 * tmp a w x h scratch buffer. */
void tg_box2(float *m, float *tmp, int w, int h, int r, int take_max);

/** Render state `v` (tc_channel values) of `a` over `dst` (starts as the
 * backdrop), with the hand (TC_CH_HAND) going to `hand_at`. Returns 1 when the whole face is inside the frame. */
int tg_render_actor(tg_image *dst, const tg_actor *a, const tg_camera *cam,
                    tc_view view, tc_hand_at hand_at, const double v[TC_CH_COUNT]);

/** Where state `v` carries canvas point (x, y) of the actor's head layer
 * (`head` 1) or body layer (0), into (*ox, *oy): the map the renderer uses. */
void tg_actor_point(const tg_actor *a, const tg_camera *cam, tc_view view,
                    const double v[TC_CH_COUNT], int head, double x, double y,
                    double *ox, double *oy);

/** A camera turned about its optical centre by `tilt_deg` (down > 0, about
 * its x axis) and then `roll_deg` (clockwise > 0 seen from behind it, about
 * its optical axis) sees exactly the level camera's image warped by a
 * homography. Point (x, y) of camera `from` to camera `to`: level to
 * turned (`inverse` 0) or turned to level (1); (-1e9, -1e9) behind it. */
void tg_camera_map(const tg_camera *from, const tg_camera *to, double tilt_deg,
                   double roll_deg, int inverse, double x, double y, double *ox, double *oy);

/** The turned camera's frame `dst` (intrinsics dst_cam) from the level
 * camera's `src` (src_cam: the same focal length, a canvas with margins
 * wide enough that every ray lands in it; bilinear, clamped). */
void tg_camera_warp(tg_image *dst, const tg_camera *dst_cam, const tg_image *src,
                    const tg_camera *src_cam, double tilt_deg, double roll_deg);

/** v limited to [lo, hi]. */
static inline double tg_clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

/** Bilinear sample of a one-channel float image at (x, y), clamped to it. */
float tg_bilinear1(const float *img, int w, int h, double x, double y);

/** Bilinear sample of a BGR float image at (x, y) inside it into out[3]. */
void tg_bilinear3(const float *img, int w, int h, double x, double y, float *out);

/** Copy the video `in` into MP4 `out` with a display matrix that has
 * players turn the frames `rotate` degrees back (a phone's portrait clip). */
int tg_remux_rotated(const char *in, const char *out, int rotate, char *err, size_t errcap);

/** Sensor: exposure `gain`, noise of SD `noise` (8-bit levels at mid grey,
 * shot-noise shaped), seeded by (seed, frame); write 8-bit BGR into `out`
 * turned by `rotate` degrees clockwise (out is h x w for 90/270). */
void tg_sensor(uint8_t *out, const tg_image *img, double gain, double noise,
               uint64_t seed, uint64_t frame, int rotate);

#endif /* TC_TOOLS_TUCKGEN_H */
