/* core/obs.h — one frame as the scorer sees it: the handful of landmarks
 * and face-mesh measures the metrics need, in pixels, with a timestamp.
 * Filled from vision's landmarks by the program (or read back from a
 * trace); a plain value, no pointers. */
#ifndef TC_CORE_OBS_H
#define TC_CORE_OBS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The pose landmarks kept in an observation. */
typedef enum tc_obs_point_id {
    TC_OBS_NOSE = 0,
    TC_OBS_LEFT_EAR = 1,
    TC_OBS_RIGHT_EAR = 2,
    TC_OBS_LEFT_SHOULDER = 3,
    TC_OBS_RIGHT_SHOULDER = 4,
    TC_OBS_POINTS = 5
} tc_obs_point_id;

/** Stable name of a point ("nose", "left_ear", ...), as in the trace. */
const char *tc_obs_point_name(int id);

typedef struct tc_obs_point {
    float x, y;   /* pixels, origin top left */
    float vis;    /* visibility 0..1 */
} tc_obs_point;

typedef struct tc_obs {
    int64_t      t_us;          /* monotonic presentation time */
    int64_t      frame;         /* frame number (gaps = dropped frames) */
    int          has_pose;
    tc_obs_point pt[TC_OBS_POINTS];
    int          has_face;      /* face mesh measures below are valid */
    float        face_width;    /* mesh 234-454 distance, px (3-D, so yaw-robust) */
    float        face_height;   /* mesh 10-152 distance, px (3-D) */
    int          has_head_pose;
    float        pitch, yaw, roll; /* degrees; pitch > 0 chin down */
    /* the trunk tracker (vision/trunk.h): the chest against its key frame */
    int          has_trunk;
    uint32_t     trunk_key;     /* key frame; measures of two keys do not compare */
    float        trunk_scale;   /* chest width / at the key frame */
    float        trunk_x, trunk_y;  /* the key frame's chest centre now, px */
    float        trunk_shrug;   /* shoulder tops' rise beyond the chest, key px (NAN: none) */
    float        trunk_sd_scale, trunk_sd_shrug;  /* this frame's noise of the two */
    /* the video (pipeline/face_change.c): a predicted frame (P or B) may
     * repeat the face's pixels of the frame before (docs/timing.md) */
    int          predicted;     /* decoded from frames before it; 0: whole, or unknown */
    float        face_change;   /* the face's mean pixel change since the frame
                                   before, grey levels of 255 (NAN: not measured) */
} tc_obs;

/* The canonical face geometry's sizes (MediaPipe's metric face model,
 * vertices 234-454 and 10-152), which put its interocular distance (eye
 * corner midpoints) at 63 mm; scaled by the person's IPD for mm. */
#define TC_CANONICAL_FACE_WIDTH_MM  153.3
#define TC_CANONICAL_FACE_HEIGHT_MM 176.7
#define TC_CANONICAL_IPD_MM         63.0

#ifdef __cplusplus
}
#endif
#endif /* TC_CORE_OBS_H */
