// vision/pose.cpp — BlazePose GHUM landmarks (lite/full/heavy) on a ROI.
// Decoding follows MediaPipe's pose_landmark_by_roi graph: 39 points of
// (x, y, z, visibility logit, presence logit) in 256-pixel input units,
// projected back through the rotated ROI.
#include <algorithm>
#include <cmath>

#include "vision/landmarkers.hpp"

namespace tc {

int PoseLandmarker::load(const char *dir, tc_model_id id, std::string &err)
{
    return model_.load(dir, id,
                       { "Identity", "Identity_1", "Identity_4", "Identity_3" },
                       err);
}

// MediaPipe's RefineLandmarksFromHeatmapCalculator (kernel 7, refine when
// the window's best confidence reaches 0.5): the sigmoid-weighted mean
// position in the 64x64 heatmap. `hm` is NCHW [1, 39, 64, 64]; x, y are
// tensor-normalised and refined in place.
static void refine_from_heatmap(const cv::Mat &hm, float *x, float *y, int i)
{
    const int H = hm.size[2], W = hm.size[3], off = 3;
    const int cc = (int)(*x * (float)W), cr = (int)(*y * (float)H);
    if (cc < 0 || cc >= W || cr < 0 || cr >= H)
        return;
    const float *ch = hm.ptr<float>() + (size_t)i * (size_t)(H * W);
    float sum = 0, wc = 0, wr = 0, best = 0;
    for (int r = std::max(0, cr - off); r < std::min(H, cr + off + 1); r++)
        for (int c = std::max(0, cc - off); c < std::min(W, cc + off + 1); c++) {
            const float conf = sigmoid(ch[r * W + c]);
            sum += conf;
            best = std::max(best, conf);
            wc += (float)c * conf;
            wr += (float)r * conf;
        }
    if (best >= 0.5f && sum > 0) {
        *x = wc / (float)W / sum;
        *y = wr / (float)H / sum;
    }
}

void PoseLandmarker::run(const cv::Mat &bgr, const Roi &roi, PosePoints &out)
{
    const int S = 256;
    crop_blob(bgr, roi, S, Border::Replicate, 0.0f, 1.0f, work_, blob_);
    model_.run(blob_, outs_);
    const float *lm = outs_[0].ptr<float>(), *world = outs_[2].ptr<float>();
    out.score = outs_[1].ptr<float>()[0];
    // all 39 points are refined, the auxiliary ones too (the heatmap has
    // a channel for each): the next frame's ROI is made from those, and
    // refining them is what makes the tracked ROI match MediaPipe's
    const int refined = std::min(39, outs_[3].size[1]);
    for (int i = 0; i < 39; i++) {
        const float *r = lm + 5 * i;
        float x = r[0] / S, y = r[1] / S;
        if (i < refined)
            refine_from_heatmap(outs_[3], &x, &y, i);
        cv::Point2f p = project(roi, x, y);
        out.pt[i].x = p.x;
        out.pt[i].y = p.y;
        out.pt[i].z = r[2] / S * roi.w;
        out.pt[i].visibility = sigmoid(r[3]);
        out.pt[i].presence = sigmoid(r[4]);
    }
    const float c = std::cos(roi.rot), s = std::sin(roi.rot);
    for (int i = 0; i < 33; i++) {
        const float *r = world + 3 * i;
        out.world[i].x = c * r[0] - s * r[1];
        out.world[i].y = s * r[0] + c * r[1];
        out.world[i].z = r[2];
    }
}

Roi PoseLandmarker::next_roi(const PosePoints &p, int img_w, int img_h)
{
    return roi_from_alignment(cv::Point2f(p.pt[33].x, p.pt[33].y),
                              cv::Point2f(p.pt[34].x, p.pt[34].y), 90.0f,
                              1.25f, img_w, img_h);
}

} // namespace tc
