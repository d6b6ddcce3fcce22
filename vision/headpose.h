/* vision/headpose.h — head pitch, yaw and roll from the 468-point face mesh
 * against the canonical face geometry (perspective-n-point). Pure function;
 * reentrant. Angles in degrees, camera frame (x right, y down, z away):
 *   pitch > 0  chin down (nodding),  yaw > 0  face turned to image left,
 *   roll > 0   head tilted clockwise in the image. */
#ifndef TC_VISION_HEADPOSE_H
#define TC_VISION_HEADPOSE_H

#include "vision/facegeom.h"
#include "vision/vision.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Default vertical field of view assumed for the camera (MediaPipe's face
 * geometry default): a typical laptop webcam. */
#define TC_HEADPOSE_VFOV_DEG 63.0f

/** Solve the head pose of `face` (image-normalised points of an image of
 * `width` x `height`) into out[0..2] = pitch, yaw, roll. TC_ERANGE when the
 * fit fails or is implausible (points collapsed, behind the camera). */
TC_NODISCARD int tc_head_pose_solve(const tc_face_geometry *g,
                                    const tc_point3 face[TC_FACE_POINTS],
                                    int width, int height, float vfov_deg,
                                    float out[3]);

#ifdef __cplusplus
}
#endif
#endif /* TC_VISION_HEADPOSE_H */
