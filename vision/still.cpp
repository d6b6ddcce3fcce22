// vision/still.cpp — still images through the tracker (tc_vision_process_still).
#include <cmath>
#include <new>

#include "vision/vision.h"

namespace {

float roi_change(const tc_roi &a, const tc_roi &b)
{
    return std::fabs(a.cx - b.cx) + std::fabs(a.cy - b.cy) +
           std::fabs(a.w - b.w) + std::fabs(a.h - b.h) +
           std::fabs(a.rotation - b.rotation);
}

template <typename P> void mix(P &acc, const P &x, float a)
{
    acc.x += a * (x.x - acc.x);
    acc.y += a * (x.y - acc.y);
    acc.z += a * (x.z - acc.z);
}

// Fold frame `f` into the running mean `acc` of `n` frames.
void accumulate(tc_landmarks &acc, const tc_landmarks &f, int n)
{
    const float a = 1.0f / (float)(n + 1);
    if (n == 0 || !acc.has_pose || !f.has_pose) {
        acc = f;
        return;
    }
    for (int i = 0; i < TC_POSE_POINTS; i++) {
        mix(acc.pose[i], f.pose[i], a);
        acc.pose[i].visibility += a * (f.pose[i].visibility - acc.pose[i].visibility);
    }
    acc.pose_score += a * (f.pose_score - acc.pose_score);
    if (acc.has_face && f.has_face)
        for (int i = 0; i < TC_FACE_POINTS; i++)
            mix(acc.face[i], f.face[i], a);
    if (acc.has_head_pose && f.has_head_pose) {
        acc.pitch += a * (f.pitch - acc.pitch);
        acc.yaw += a * (f.yaw - acc.yaw);
        acc.roll += a * (f.roll - acc.roll);
    }
}

} // namespace

extern "C" int tc_vision_process_still(tc_vision *v, const uint8_t *bgr,
                                       int width, int height, size_t stride,
                                       int frames, tc_landmarks *out,
                                       int *frames_used)
{
    if (!v || !out || frames < 1)
        return TC_EINVAL;
    tc_landmarks *buf = new (std::nothrow) tc_landmarks[3];
    if (!buf)
        return TC_ENOMEM;
    tc_landmarks &cur = buf[0], &prev = buf[1], &mean = buf[2];
    int rc = TC_OK, n = 0, averaged = 0;
    bool settled = false;
    tc_vision_reset(v);
    while (n < frames && !settled) {
        prev = cur;
        rc = tc_vision_process(v, bgr, width, height, stride, &cur);
        n++;
        if (rc < 0)
            break;
        if (n > frames / 2)
            accumulate(mean, cur, averaged++);
        settled = n > 1 && roi_change(cur.pose_roi, prev.pose_roi) < 1e-5f &&
                  roi_change(cur.face_roi, prev.face_roi) < 1e-5f;
    }
    *out = cur;
    if (rc == TC_OK && !settled && averaged > 1 && mean.has_pose) {
        mean.pose_roi = cur.pose_roi;
        mean.face_roi = cur.face_roi;
        *out = mean;
    }
    if (frames_used)
        *frames_used = n;
    delete[] buf;
    return rc;
}
