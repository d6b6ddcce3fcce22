// vision/detector.cpp — SSD detectors as MediaPipe's graphs configure them
// (face_detection_short_range, pose_detection): anchors, box and keypoint
// decoding, weighted non-maximum suppression, letterbox removal.
#include <algorithm>
#include <cmath>

#include "vision/detector.hpp"

namespace tc {

// MediaPipe SsdAnchorsCalculator with fixed anchor size, aspect ratio 1
// and an interpolated scale: two anchors a cell per layer; layers of the
// same stride share one grid. Centres only (the sizes are fixed at 1).
static void ssd_anchors(int size, const std::vector<int> &strides,
                        std::vector<cv::Point2f> &out)
{
    out.clear();
    for (size_t l = 0; l < strides.size();) {
        size_t last = l;
        while (last + 1 < strides.size() && strides[last + 1] == strides[l])
            last++;
        const int per_cell = 2 * (int)(last - l + 1);
        const int grid = (size + strides[l] - 1) / strides[l];
        for (int y = 0; y < grid; y++)
            for (int x = 0; x < grid; x++)
                for (int a = 0; a < per_cell; a++)
                    out.push_back(cv::Point2f((x + 0.5f) / grid, (y + 0.5f) / grid));
        l = last + 1;
    }
}

int Detector::load(const char *dir, DetKind kind, std::string &err)
{
    const bool face = kind == DetKind::Face;
    int rc = face ? model_.load(dir, TC_MODEL_FACE_DETECTOR,
                                { "regressors", "classificators" }, err)
                  : model_.load(dir, TC_MODEL_POSE_DETECTOR,
                                { "Identity", "Identity_1" }, err);
    if (rc < 0)
        return rc;
    size_ = face ? 128 : 224;
    n_kp_ = face ? 6 : 4;
    ssd_anchors(size_, face ? std::vector<int>{ 8, 16, 16, 16 }
                            : std::vector<int>{ 8, 16, 32, 32, 32 }, anchors_);
    return TC_OK;
}

static float iou(const FaceDet &a, const FaceDet &b)
{
    const float x0 = std::max(a.x, b.x), y0 = std::max(a.y, b.y);
    const float x1 = std::min(a.x + a.w, b.x + b.w);
    const float y1 = std::min(a.y + a.h, b.y + b.h);
    if (x1 <= x0 || y1 <= y0)
        return 0.0f;
    const float inter = (x1 - x0) * (y1 - y0);
    return inter / (a.w * a.h + b.w * b.h - inter);
}

// MediaPipe's WEIGHTED algorithm: each kept detection is the score-weighted
// mean of all candidates overlapping it; its score is the best one's.
static void weighted_nms(std::vector<FaceDet> &cand, float thresh,
                         std::vector<FaceDet> &out)
{
    std::sort(cand.begin(), cand.end(),
              [](const FaceDet &a, const FaceDet &b) { return a.score > b.score; });
    std::vector<char> used(cand.size(), 0);
    out.clear();
    for (size_t i = 0; i < cand.size(); i++) {
        if (used[i])
            continue;
        FaceDet acc = cand[i];
        float wsum = 0;
        float sx = 0, sy = 0, sw = 0, sh = 0, kx[6] = {}, ky[6] = {};
        for (size_t j = i; j < cand.size(); j++) {
            if (used[j] || iou(cand[i], cand[j]) <= thresh)
                continue;
            used[j] = 1;
            const float w = cand[j].score;
            wsum += w;
            sx += w * cand[j].x; sy += w * cand[j].y;
            sw += w * cand[j].w; sh += w * cand[j].h;
            for (int k = 0; k < 6; k++) {
                kx[k] += w * cand[j].kp[k].x;
                ky[k] += w * cand[j].kp[k].y;
            }
        }
        acc.x = sx / wsum; acc.y = sy / wsum; acc.w = sw / wsum; acc.h = sh / wsum;
        for (int k = 0; k < 6; k++)
            acc.kp[k] = cv::Point2f(kx[k] / wsum, ky[k] / wsum);
        out.push_back(acc);
    }
}

void Detector::detect(const cv::Mat &bgr, std::vector<FaceDet> &out)
{
    Roi roi{ 0.5f, 0.5f, 1.0f, 1.0f, 0.0f };
    const cv::Vec2f pad = letterbox_square(roi, bgr.cols, bgr.rows);
    crop_blob(bgr, roi, size_, Border::Zero, -1.0f, 1.0f, work_, blob_);
    model_.run(blob_, outs_);
    const float *reg = outs_[0].ptr<float>(), *cls = outs_[1].ptr<float>();
    const float S = (float)size_;
    const size_t vals = 4 + 2 * (size_t)n_kp_; // box, then keypoints x, y
    std::vector<FaceDet> cand;
    CV_Assert(outs_[0].total() == anchors_.size() * vals &&
              outs_[1].total() == anchors_.size());
    const float sx = 1.0f - 2.0f * pad[0], sy = 1.0f - 2.0f * pad[1];
    for (size_t i = 0; i < anchors_.size(); i++) {
        const float score = sigmoid(std::clamp(cls[i], -100.0f, 100.0f));
        if (score < min_score)
            continue;
        const float *r = reg + vals * i;
        const cv::Point2f a = anchors_[i];
        FaceDet d;
        const float cx = r[0] / S + a.x, cy = r[1] / S + a.y;
        d.w = r[2] / S / sx;
        d.h = r[3] / S / sy;
        d.x = (cx - pad[0]) / sx - d.w / 2;
        d.y = (cy - pad[1]) / sy - d.h / 2;
        for (int k = 0; k < n_kp_; k++)
            d.kp[k] = cv::Point2f((r[4 + 2 * k] / S + a.x - pad[0]) / sx,
                                  (r[5 + 2 * k] / S + a.y - pad[1]) / sy);
        d.score = score;
        cand.push_back(d);
    }
    weighted_nms(cand, 0.3f, out);
}

} // namespace tc
