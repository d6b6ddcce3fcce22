// vision/geometry.cpp — crops, ROI rules and projections, following
// MediaPipe's calculators so that landmarks match its own runtime.
#include <cmath>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include "vision/vision_impl.hpp"

namespace tc {

float sigmoid(float x)
{
    return 1.0f / (1.0f + std::exp(-x));
}

static float normalize_radians(float a)
{
    return a - 2.0f * (float)CV_PI *
                   std::floor((a + (float)CV_PI) / (2.0f * (float)CV_PI));
}

void crop_blob(const cv::Mat &bgr, const Roi &roi, int S, Border border,
               float lo, float hi, cv::Mat &work, cv::Mat &blob)
{
    const float W = (float)bgr.cols, H = (float)bgr.rows;
    cv::RotatedRect rr(cv::Point2f(roi.cx * W, roi.cy * H),
                       cv::Size2f(roi.w * W, roi.h * H),
                       roi.rot * 180.0f / (float)CV_PI);
    cv::Mat src(4, 2, CV_32F);
    rr.points(src.ptr<cv::Point2f>()); // bottomLeft, topLeft, topRight, bottomRight
    const float s = (float)S;
    float dst_c[8] = { 0, s, 0, 0, s, 0, s, s };
    cv::Mat dst(4, 2, CV_32F, dst_c);
    cv::Mat M = cv::getPerspectiveTransform(src, dst);
    cv::warpPerspective(bgr, work, M, cv::Size(S, S), cv::INTER_LINEAR,
                        border == Border::Zero ? cv::BORDER_CONSTANT
                                               : cv::BORDER_REPLICATE,
                        cv::Scalar(0, 0, 0));
    const double scale = (hi - lo) / 255.0;
    cv::dnn::blobFromImage(work, blob, scale, cv::Size(), 
                           cv::Scalar::all(-lo / scale), true, false, CV_32F);
}

cv::Vec2f letterbox_square(Roi &roi, int img_w, int img_h)
{
    const float w = roi.w * (float)img_w, h = roi.h * (float)img_h;
    const float roi_aspect = h / w; // tensor aspect is 1
    float pad_x = 0, pad_y = 0;
    if (1.0f > roi_aspect) {
        pad_y = (1.0f - roi_aspect) / 2.0f;
        roi.h = w / (float)img_h;
    } else {
        pad_x = (1.0f - 1.0f / roi_aspect) / 2.0f;
        roi.w = h / (float)img_w;
    }
    return cv::Vec2f(pad_x, pad_y);
}

cv::Point2f project(const Roi &roi, float x, float y)
{
    const float dx = x - 0.5f, dy = y - 0.5f;
    const float c = std::cos(roi.rot), s = std::sin(roi.rot);
    return cv::Point2f((c * dx - s * dy) * roi.w + roi.cx,
                       (s * dx + c * dy) * roi.h + roi.cy);
}

Roi roi_from_alignment(cv::Point2f p0, cv::Point2f p1, float target_deg,
                       float scale, int img_w, int img_h)
{
    const float W = (float)img_w, H = (float)img_h;
    const float x0 = p0.x * W, y0 = p0.y * H, x1 = p1.x * W, y1 = p1.y * H;
    const float size = 2.0f * std::hypot(x1 - x0, y1 - y0) * scale;
    Roi r;
    r.cx = p0.x;
    r.cy = p0.y;
    r.w = size / W;
    r.h = size / H;
    r.rot = normalize_radians(target_deg * (float)CV_PI / 180.0f -
                              std::atan2(-(y1 - y0), x1 - x0));
    return r;
}

} // namespace tc
