// vision/facedet.cpp — BlazeFace short range: SSD anchors, box and six
// keypoint decoding, weighted non-maximum suppression, letterbox removal.
// Options as in MediaPipe's face_detection_short_range graph.
#include <algorithm>
#include <cmath>

#include "vision/facedet.hpp"

namespace tc {

int FaceDetector::load(const char *dir, std::string &err)
{
    int rc = model_.load(dir, TC_MODEL_FACE_DETECTOR,
                         { "regressors", "classificators" }, err);
    if (rc < 0)
        return rc;
    anchors_.clear();
    // strides 8 (2 anchors a cell) and 16 (3 layers merged: 6 anchors)
    const int grids[2] = { 16, 8 }, per_cell[2] = { 2, 6 };
    for (int l = 0; l < 2; l++)
        for (int y = 0; y < grids[l]; y++)
            for (int x = 0; x < grids[l]; x++)
                for (int a = 0; a < per_cell[l]; a++)
                    anchors_.push_back(cv::Point2f((x + 0.5f) / grids[l],
                                                   (y + 0.5f) / grids[l]));
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

void FaceDetector::detect(const cv::Mat &bgr, std::vector<FaceDet> &out)
{
    Roi roi{ 0.5f, 0.5f, 1.0f, 1.0f, 0.0f };
    const cv::Vec2f pad = letterbox_square(roi, bgr.cols, bgr.rows);
    crop_blob(bgr, roi, 128, Border::Zero, -1.0f, 1.0f, work_, blob_);
    model_.run(blob_, outs_);
    const float *reg = outs_[0].ptr<float>(), *cls = outs_[1].ptr<float>();
    std::vector<FaceDet> cand;
    const float sx = 1.0f - 2.0f * pad[0], sy = 1.0f - 2.0f * pad[1];
    for (size_t i = 0; i < anchors_.size(); i++) {
        const float score = sigmoid(std::clamp(cls[i], -100.0f, 100.0f));
        if (score < min_score)
            continue;
        const float *r = reg + 16 * i;
        const cv::Point2f a = anchors_[i];
        FaceDet d;
        const float cx = r[0] / 128.0f + a.x, cy = r[1] / 128.0f + a.y;
        d.w = r[2] / 128.0f / sx;
        d.h = r[3] / 128.0f / sy;
        d.x = (cx - pad[0]) / sx - d.w / 2;
        d.y = (cy - pad[1]) / sy - d.h / 2;
        for (int k = 0; k < 6; k++)
            d.kp[k] = cv::Point2f((r[4 + 2 * k] / 128.0f + a.x - pad[0]) / sx,
                                  (r[5 + 2 * k] / 128.0f + a.y - pad[1]) / sy);
        d.score = score;
        cand.push_back(d);
    }
    weighted_nms(cand, 0.3f, out);
}

} // namespace tc
