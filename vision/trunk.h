/* vision/trunk.h — the trunk tracker: the upper body below the face,
 * measured every frame against a key frame, far steadier than the pose
 * model's shoulders (which jitter by about ±10 px on a webcam frame).
 *
 * How: at the key frame (the first frame with a pose), corners on the
 * upper chest and shoulders (goodFeaturesToTrack, the face and neck masked
 * out) and short vertical patches across the shoulder tops' outline are
 * taken. Every later frame, the corners are tracked from the key frame
 * itself (pyramidal Lucas-Kanade, seeded with the last frame's answer: no
 * drift from frame-to-frame chaining, and a point hidden by a hand comes
 * back when the hand goes) and fitted with an affine map by RANSAC. The
 * trunk's scale is that map's horizontal scale (a lean back shrinks the
 * chest in both directions; a shrug stretches it only vertically), its
 * position the map of the key frame's chest centre. The shrug is the
 * shoulder tops' rise, found per patch by a vertical search, beyond what
 * the chest's scale and position carry them.
 *
 * The pose landmarks seed it (where the shoulders are) and check it (a
 * scale the shoulders' span contradicts by far is not taken). Seen from
 * the side the two shoulders fall together: the body's size then comes
 * from the face box, the same corners follow the shoulder and upper back,
 * and the chest centre's x is where the trunk is. Each answer
 * carries its own noise, from the fit's residuals. With too few corners (a
 * plain shirt) it says so (TC_TRUNK_FEW_POINTS) and measures nothing.
 * C API; no OpenCV type appears here, no exception escapes. */
#ifndef TC_VISION_TRUNK_H
#define TC_VISION_TRUNK_H

#include <stddef.h>
#include <stdint.h>

#include "core/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_trunk tc_trunk;

/** Why a frame has no trunk measure (or TC_TRUNK_OK: it has one). */
typedef enum tc_trunk_status {
    TC_TRUNK_OK = 0,
    TC_TRUNK_NO_SEED,       /* no pose: nothing says where the trunk is */
    TC_TRUNK_FEW_POINTS,    /* too few corners on the chest (plain shirt) */
    TC_TRUNK_LOST,          /* corners lost or the fit failed this frame */
    TC_TRUNK_STATUS_COUNT
} tc_trunk_status;

/** Stable name of a status ("ok", "no_seed", "few_points", "lost"). */
const char *tc_trunk_status_name(int status);

/** Where the body is, from the pose (and face) landmarks, in pixels. */
typedef struct tc_trunk_seed {
    int   has_pose;
    float lsh_x, lsh_y, rsh_x, rsh_y;   /* left and right shoulder */
    int   has_face;
    float face_x0, face_y0, face_x1, face_y1;  /* the face's box (masked out) */
    int   profile;                      /* a profile (tc_landmarks_profile_side): its far
                                           shoulder is drawn on the face */
    int   near_right;                   /* with profile: the right side is the near one */
} tc_trunk_seed;

/** One frame's trunk measure, against the key frame. */
typedef struct tc_trunk_obs {
    int      status;        /* tc_trunk_status */
    uint32_t key;           /* which key frame (a new one after a reset) */
    float    scale;         /* chest width now / at the key frame */
    float    x, y;          /* the key frame's chest centre now, px */
    float    shrug;         /* shoulder tops' rise beyond the chest, key-frame px */
    float    sd_scale;      /* this frame's SD of scale (from the residuals) */
    float    sd_shrug;      /* this frame's SD of shrug, px */
    int      points;        /* corners in the fit (inliers) */
    int      edges;         /* shoulder-top patches measured */
} tc_trunk_obs;

/** A new tracker (no key frame yet). TC_ENOMEM. */
TC_NODISCARD int tc_trunk_create(tc_trunk **out);

/** Free it; NULL is a no-op. */
void tc_trunk_destroy(tc_trunk *t);

/** Forget the key frame and start a new session: the next frame with a
 * seed takes a new one, numbered 1 again (the answers of a session do
 * not depend on the one tracked before it). */
void tc_trunk_reset(tc_trunk *t);

/** Measure one BGR frame (`stride` bytes a row) into *out. The first frame
 * with seed->has_pose becomes the key frame (its measure: scale 1, shrug
 * 0). Returns TC_OK (out->status says whether there is a measure),
 * TC_EINVAL for a bad image, TC_EINTERNAL if OpenCV failed (the key frame
 * is dropped). */
TC_NODISCARD int tc_trunk_track(tc_trunk *t, const uint8_t *bgr, int width, int height,
                                size_t stride, const tc_trunk_seed *seed, tc_trunk_obs *out);

#ifdef __cplusplus
}
#endif
#endif /* TC_VISION_TRUNK_H */
