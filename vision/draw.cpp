// vision/draw.cpp — overlays for people to look at (landmarks, ROIs).
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "vision/vision.h"

namespace {

void draw_roi(cv::Mat &img, const tc_roi &r, const cv::Scalar &color)
{
    if (r.w <= 0 || r.h <= 0)
        return;
    cv::RotatedRect rr(cv::Point2f(r.cx * img.cols, r.cy * img.rows),
                       cv::Size2f(r.w * img.cols, r.h * img.rows),
                       r.rotation * 180.0f / (float)CV_PI);
    cv::Point2f p[4];
    rr.points(p);
    for (int i = 0; i < 4; i++)
        cv::line(img, p[i], p[(i + 1) % 4], color, 1, cv::LINE_AA);
}

cv::Point px(const cv::Mat &img, float x, float y)
{
    return cv::Point(cvRound(x * img.cols), cvRound(y * img.rows));
}

} // namespace

extern "C" void tc_vision_draw(uint8_t *bgr, int width, int height,
                               size_t stride, const tc_landmarks *lm)
{
    static const int bones[][2] = { { 0, 2 }, { 0, 5 }, { 2, 7 }, { 5, 8 },
                                    { 9, 10 }, { 11, 12 }, { 11, 13 },
                                    { 12, 14 }, { 11, 23 }, { 12, 24 } };
    if (!bgr || !lm)
        return;
    try {
        cv::Mat img(height, width, CV_8UC3, bgr, stride);
        const int r = std::max(2, width / 240);
        if (lm->has_face)
            for (const tc_point3 &p : lm->face)
                cv::circle(img, px(img, p.x, p.y), 1, cv::Scalar(80, 200, 255), -1);
        draw_roi(img, lm->face_roi, cv::Scalar(0, 160, 255));
        draw_roi(img, lm->pose_roi, cv::Scalar(255, 160, 0));
        if (lm->has_face_box)
            cv::rectangle(img, cv::Rect2f(lm->face_box[0] * width, lm->face_box[1] * height,
                                          lm->face_box[2] * width, lm->face_box[3] * height),
                          cv::Scalar(0, 255, 255), 1);
        if (!lm->has_pose)
            return;
        for (const auto &b : bones)
            cv::line(img, px(img, lm->pose[b[0]].x, lm->pose[b[0]].y),
                     px(img, lm->pose[b[1]].x, lm->pose[b[1]].y),
                     cv::Scalar(255, 255, 255), r / 2 + 1, cv::LINE_AA);
        for (int i = 0; i <= TC_POSE_RIGHT_SHOULDER; i++)
            cv::circle(img, px(img, lm->pose[i].x, lm->pose[i].y), r,
                       i >= TC_POSE_LEFT_SHOULDER ? cv::Scalar(0, 0, 255)
                                                  : cv::Scalar(0, 255, 0),
                       -1, cv::LINE_AA);
    } catch (...) {
        /* drawing is best effort: a failure leaves the image as it was */
    }
}

extern "C" int tc_vision_write_image(const char *path, const uint8_t *bgr,
                                     int width, int height, size_t stride)
{
    if (!path || !bgr)
        return TC_EINVAL;
    try {
        cv::Mat img(height, width, CV_8UC3, const_cast<uint8_t *>(bgr), stride);
        return cv::imwrite(path, img) ? TC_OK : TC_EIO;
    } catch (...) {
        return TC_EIO;
    }
}
