/* vision/vision.h — the C face of the vision library: MediaPipe face
 * detection, 33-point pose and 468-point face mesh on OpenCV DNN, tracked
 * over video. No OpenCV type appears here; no C++ exception escapes.
 * One tc_vision per thread; it keeps the tracking state between frames.
 * OpenCV's thread count is process-wide: the last create() sets it. */
#ifndef TC_VISION_VISION_H
#define TC_VISION_VISION_H

#include <stddef.h>
#include <stdint.h>
#include "core/status.h"
#include "vision/trunk.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_vision tc_vision;

/** Which pose landmark model to run. */
typedef enum tc_pose_model {
    TC_POSE_LITE = 0,
    TC_POSE_FULL,
    TC_POSE_HEAVY
} tc_pose_model;

typedef struct tc_vision_config {
    const char   *models_dir;  /* NULL: resolved as tc_models_dir() does */
    tc_pose_model pose_model;
    int           face_mesh;   /* 1 = run the 468-point face mesh */
    int           threads;     /* OpenCV threads; 0 = leave as is */
    tc_log_fn     log;         /* optional; create() errors are logged */
    void         *log_user;
    /* 1 = smooth the pose as MediaPipe's VIDEO mode does: One Euro filters
     * on the landmarks (0.05 Hz, beta 80, speed in ROI sizes) and the
     * world landmarks (0.1 Hz, beta 40), timed by the frames' timestamps;
     * 0 = every frame's raw answer. The face mesh is not smoothed. */
    int           smooth;
} tc_vision_config;

#define TC_VISION_CONFIG_INIT { NULL, TC_POSE_LITE, 1, 0, NULL, NULL, 1 }

#define TC_POSE_POINTS 33
#define TC_FACE_POINTS 468

/** Body indices tuckcam uses (MediaPipe numbering). */
enum tc_pose_index {
    TC_POSE_NOSE = 0, TC_POSE_LEFT_EYE = 2, TC_POSE_RIGHT_EYE = 5,
    TC_POSE_LEFT_EAR = 7, TC_POSE_RIGHT_EAR = 8, TC_POSE_MOUTH_LEFT = 9,
    TC_POSE_MOUTH_RIGHT = 10, TC_POSE_LEFT_SHOULDER = 11,
    TC_POSE_RIGHT_SHOULDER = 12
};

/** Face-mesh indices tuckcam uses (MediaPipe numbering): the face oval at
 * its widest (right and left edge, by the tragus) and its height (top of
 * the forehead, chin) — the face size that front-view depth comes from. */
enum tc_face_index {
    TC_FACE_TOP = 10, TC_FACE_CHIN = 152, TC_FACE_RIGHT_EDGE = 234, TC_FACE_LEFT_EDGE = 454
};

/** A landmark: x, y normalised to image width/height (may fall outside
 * [0,1] for points out of frame); z in the same scale as x; visibility and
 * presence are probabilities. */
typedef struct tc_landmark {
    float x, y, z, visibility, presence;
} tc_landmark;

typedef struct tc_point3 {
    float x, y, z;
} tc_point3;

/** A rotated region of interest, normalised units, rotation in radians. */
typedef struct tc_roi {
    float cx, cy, w, h, rotation;
} tc_roi;

/** Everything found in one frame. Plain values, no pointers. */
typedef struct tc_landmarks {
    int         has_face_box;              /* face detector ran and found one */
    float       face_box[4];               /* x, y, w, h (normalised) */
    float       face_box_score;
    int         has_pose;
    float       pose_score;                /* pose presence, 0..1 */
    tc_landmark pose[TC_POSE_POINTS];
    tc_point3   pose_world[TC_POSE_POINTS]; /* metres, hip-centred */
    tc_roi      pose_roi;                  /* the crop the model saw */
    int         has_face;
    float       face_score;
    tc_point3   face[TC_FACE_POINTS];
    tc_roi      face_roi;
    int         has_head_pose;
    float       pitch, yaw, roll;          /* degrees; pitch > 0 chin down */
    int         redetected;                /* 1 if this frame ran detection */
    tc_trunk_obs trunk;                    /* the trunk tracker (vision/trunk.h) */
    /* the profile of the frames before (tc_vision_process's memory): 1 +
     * its near side (0 left, 1 right), 0 none; with the head pose's yaw
     * then. tc_landmarks_profile_side holds it through a frame whose own
     * depth test fails while the head stays turned that way. */
    int         held_side;
    float       held_yaw;
    /* wall-clock milliseconds: each stage (crop + network + decoding),
     * the networks alone, and the whole frame */
    double      ms_detect, ms_pose, ms_face, ms_trunk, ms_infer, ms_total;
} tc_landmarks;

/** Load and verify the models; on failure *out is NULL and the reason is
 * logged through cfg->log (TC_ENOENT / TC_ECHECKSUM for model files). */
TC_NODISCARD int tc_vision_create(tc_vision **out, const tc_vision_config *cfg);

/** Process one BGR frame (`stride` bytes a row), taken at `t_us`
 * microseconds (any origin, increasing from frame to frame: it times the
 * smoothing; a repeated time leaves this frame unsmoothed, an older one
 * restarts the smoothing), into *out. Returns TC_OK with out->has_pose
 * set, or TC_ENOTFOUND when no person is in view (tracking and smoothing
 * restart with detection on the next frame). */
TC_NODISCARD int tc_vision_process(tc_vision *v, const uint8_t *bgr, int width,
                                   int height, size_t stride, int64_t t_us,
                                   tc_landmarks *out);

/** The frame interval tc_vision_process_still feeds: 33 ms, as Google's
 * reference harness feeds MediaPipe's VIDEO mode. */
#define TC_STILL_FRAME_US 33000

/** Run the tracker on a still image as a webcam would on a still person:
 * reset, detect, then track the same image, `frames` frames in all at
 * TC_STILL_FRAME_US apart (the ROI follows the landmarks; with cfg.smooth
 * the smoothing converges on the image), as MediaPipe's VIDEO mode does on
 * a repeated image. *out is the last frame's answer; *frames_used (may be
 * NULL) gets the number of frames run (fewer on an error). Returns as
 * tc_vision_process. */
TC_NODISCARD int tc_vision_process_still(tc_vision *v, const uint8_t *bgr,
                                         int width, int height, size_t stride,
                                         int frames, tc_landmarks *out,
                                         int *frames_used);

/** Forget the tracked person: the next frame starts from detection. */
void tc_vision_reset(tc_vision *v);

/** Is the frame a profile, and which side faces the camera? The ears lie
 * more than twice as far apart in depth as across the image (MediaPipe's
 * z, in units of the width as x is), or 1.2 times with the head pose
 * turned over 35 degrees (on the side fixtures one tracked frame in five
 * fell under 2 while the mesh's yaw held at 43). Visibility cannot tell:
 * the pose model gives the far ear and shoulder of a profile 0.9 and
 * more, drawn on the face. A frame that fails the depth test is still the
 * profile held from the frames before (lm->held_side) while the head pose
 * is turned over 35 degrees the way it was (lm->held_yaw): the pose's
 * depth can collapse on a still profile (shrug_side, 7.2-8.4 s: the ears'
 * depth gap fell to 0.3-1.0 times their image gap, the mesh's yaw held at
 * -44.4 +- 0.5), the mesh's yaw does not; a turn to the camera takes the
 * yaw under 35. Returns the near side, 0 the left (pose 7, 11), 1 the
 * right (8, 12) - the pair whose z together is smaller, or the held one -
 * or -1 when the frame is not a profile (or has no pose). Used by the
 * trunk tracker's seed and by the pipeline's observation
 * (pipeline/observe.c). */
int tc_landmarks_profile_side(const tc_landmarks *lm);

/** Text of the last failure on this handle; never NULL. */
const char *tc_vision_last_error(const tc_vision *v);

/** Free everything; NULL is a no-op. */
void tc_vision_destroy(tc_vision *v);

/** Draw landmarks, ROIs and the face box of `lm` onto the BGR image in
 * place (pose skeleton of head and shoulders, face mesh points). */
void tc_vision_draw(uint8_t *bgr, int width, int height, size_t stride,
                    const tc_landmarks *lm);

/** Write a BGR image to `path` (format from the extension, e.g. .png).
 * TC_EIO with nothing written if the encoder or the file fails. */
TC_NODISCARD int tc_vision_write_image(const char *path, const uint8_t *bgr,
                                       int width, int height, size_t stride);

/** Check that `size` bytes at `buf` are a TFLite model tuckcam can run:
 * parse it and build its network. TC_EFORMAT (corrupt) or TC_EUNSUPPORTED
 * (an operator outside the supported set) with the reason in `err`. */
TC_NODISCARD int tc_vision_model_check(const uint8_t *buf, size_t size,
                                       char *err, size_t errcap);

/** Write the OpenCV version and build facts that matter to tuckcam (DNN
 * backend, threads) into `out` (`cap` bytes, always terminated). */
void tc_vision_describe(char *out, size_t cap);

/** Number of threads OpenCV uses for DNN inference. */
int tc_vision_get_threads(void);

#ifdef __cplusplus
}
#endif
#endif /* TC_VISION_VISION_H */
