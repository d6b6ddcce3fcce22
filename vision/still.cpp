// vision/still.cpp — still images through the tracker (tc_vision_process_still).
#include "vision/vision.h"

extern "C" int tc_vision_process_still(tc_vision *v, const uint8_t *bgr,
                                       int width, int height, size_t stride,
                                       int frames, tc_landmarks *out,
                                       int *frames_used)
{
    if (!v || !out || frames < 1)
        return TC_EINVAL;
    int rc = TC_OK, n = 0;
    tc_vision_reset(v);
    // a webcam at 30 fps: the ROI follows the landmarks, the smoothing
    // converges on the still image
    while (n < frames) {
        rc = tc_vision_process(v, bgr, width, height, stride,
                               1000000 + (int64_t)n * TC_STILL_FRAME_US, out);
        n++;
        if (rc < 0)
            break;
    }
    if (frames_used)
        *frames_used = n;
    return rc;
}
