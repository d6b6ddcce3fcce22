// vision/facemesh.cpp — 468-point face mesh on a ROI, and the ROI rules of
// MediaPipe's face_landmark_front graph.
#include <algorithm>
#include <cmath>

#include "vision/landmarkers.hpp"

namespace tc {

int FaceMesher::load(const char *dir, std::string &err)
{
    return model_.load(dir, TC_MODEL_FACE_LANDMARK, { "conv2d_21", "conv2d_31" },
                       err);
}

void FaceMesher::run(const cv::Mat &bgr, const Roi &roi, FacePoints &out)
{
    const int S = 192;
    crop_blob(bgr, roi, S, Border::Replicate, 0.0f, 1.0f, work_, blob_);
    model_.run(blob_, outs_);
    const float *lm = outs_[0].ptr<float>();
    out.score = sigmoid(outs_[1].ptr<float>()[0]);
    for (int i = 0; i < 468; i++) {
        cv::Point2f p = project(roi, lm[3 * i] / S, lm[3 * i + 1] / S);
        out.pt[i].x = p.x;
        out.pt[i].y = p.y;
        out.pt[i].z = lm[3 * i + 2] / S * roi.w;
    }
}

// DetectionsToRects (box centre and size, rotation from the eyes, target 0)
// then RectTransformation (scale 1.5, square on the long side).
static Roi box_roi(float cx, float cy, float w, float h, cv::Point2f a,
                   cv::Point2f b, int img_w, int img_h)
{
    const float W = (float)img_w, H = (float)img_h;
    Roi r;
    r.cx = cx;
    r.cy = cy;
    r.rot = -std::atan2(-(b.y - a.y) * H, (b.x - a.x) * W);
    r.rot = r.rot - 2.0f * (float)CV_PI *
                        std::floor((r.rot + (float)CV_PI) / (2.0f * (float)CV_PI));
    const float side = std::max(w * W, h * H);
    r.w = side / W * 1.5f;
    r.h = side / H * 1.5f;
    return r;
}

Roi FaceMesher::roi_from_detection(const float box[4], cv::Point2f right_eye,
                                   cv::Point2f left_eye, int img_w, int img_h)
{
    return box_roi(box[0] + box[2] / 2, box[1] + box[3] / 2, box[2], box[3],
                   right_eye, left_eye, img_w, img_h);
}

Roi FaceMesher::next_roi(const FacePoints &p, int img_w, int img_h)
{
    float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
    for (const tc_point3 &q : p.pt) {
        x0 = std::min(x0, q.x); x1 = std::max(x1, q.x);
        y0 = std::min(y0, q.y); y1 = std::max(y1, q.y);
    }
    return box_roi((x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0,
                   cv::Point2f(p.pt[33].x, p.pt[33].y),
                   cv::Point2f(p.pt[263].x, p.pt[263].y), img_w, img_h);
}

} // namespace tc
