// vision/display.cpp — the live window (highgui) and overlay drawing.
#include <cstdlib>
#include <new>
#include <string>

#include <opencv2/highgui.hpp>
#include <opencv2/imgproc.hpp>

#include "vision/display.h"

struct tc_display {
    std::string name;
};

namespace {

cv::Scalar bgr_of(tc_rgb c)
{
    return cv::Scalar(c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff);
}

bool have_display()
{
    const char *x = std::getenv("DISPLAY"), *w = std::getenv("WAYLAND_DISPLAY");
    return (x && *x) || (w && *w);
}

} // namespace

extern "C" int tc_display_create(tc_display **out, const char *title)
{
    *out = nullptr;
    if (!have_display())
        return TC_EUNSUPPORTED;
    tc_display *d = new (std::nothrow) tc_display;
    if (!d)
        return TC_ENOMEM;
    try {
        d->name = title ? title : "tuckcam";
        /* GUI_NORMAL: no toolbar or status bar (Qt's are wider than a
         * 640-pixel image and pushed the gauge off a small screen) */
        cv::namedWindow(d->name, cv::WINDOW_AUTOSIZE | cv::WINDOW_GUI_NORMAL);
    } catch (...) {
        delete d;
        return TC_EUNSUPPORTED;
    }
    *out = d;
    return TC_OK;
}

extern "C" void tc_display_show(tc_display *d, const uint8_t *bgr, int width, int height,
                                size_t stride)
{
    if (!d || !bgr)
        return;
    try {
        cv::Mat img(height, width, CV_8UC3, const_cast<uint8_t *>(bgr), stride);
        cv::imshow(d->name, img);
    } catch (...) {
    }
}

extern "C" int tc_display_key(tc_display *d, int wait_ms)
{
    if (!d)
        return -1;
    try {
        int k = cv::waitKey(wait_ms < 1 ? 1 : wait_ms);
        if (cv::getWindowProperty(d->name, cv::WND_PROP_VISIBLE) < 1)
            return -2;
        return k < 0 ? -1 : (k & 0xff);
    } catch (...) {
        return -2;
    }
}

extern "C" void tc_display_destroy(tc_display *d)
{
    if (!d)
        return;
    try {
        cv::destroyWindow(d->name);
        cv::waitKey(1);
    } catch (...) {
    }
    delete d;
}

extern "C" void tc_draw_text(uint8_t *bgr, int width, int height, size_t stride, int x, int y,
                             const char *text, double scale, tc_rgb color)
{
    if (!bgr || !text)
        return;
    try {
        cv::Mat img(height, width, CV_8UC3, bgr, stride);
        int th = scale > 0.9 ? 2 : 1;
        cv::putText(img, text, cv::Point(x, y), cv::FONT_HERSHEY_SIMPLEX, 0.7 * scale,
                    cv::Scalar(20, 20, 20), th + 2, cv::LINE_AA);
        cv::putText(img, text, cv::Point(x, y), cv::FONT_HERSHEY_SIMPLEX, 0.7 * scale,
                    bgr_of(color), th, cv::LINE_AA);
    } catch (...) {
    }
}

extern "C" void tc_draw_rect(uint8_t *bgr, int width, int height, size_t stride, int x, int y,
                             int w, int h, tc_rgb color, int filled, double alpha)
{
    if (!bgr || w <= 0 || h <= 0)
        return;
    try {
        cv::Mat img(height, width, CV_8UC3, bgr, stride);
        cv::Rect r = cv::Rect(x, y, w, h) & cv::Rect(0, 0, width, height);
        if (r.empty())
            return;
        if (!filled) {
            cv::rectangle(img, r, bgr_of(color), 2);
        } else if (alpha >= 1) {
            cv::rectangle(img, r, bgr_of(color), cv::FILLED);
        } else {
            cv::Mat roi = img(r);
            cv::Mat fill(roi.size(), roi.type(), bgr_of(color));
            cv::addWeighted(fill, alpha, roi, 1 - alpha, 0, roi);
        }
    } catch (...) {
    }
}

extern "C" void tc_draw_line(uint8_t *bgr, int width, int height, size_t stride, int x0, int y0,
                             int x1, int y1, tc_rgb color, int thickness)
{
    if (!bgr)
        return;
    try {
        cv::Mat img(height, width, CV_8UC3, bgr, stride);
        cv::line(img, cv::Point(x0, y0), cv::Point(x1, y1), bgr_of(color),
                 thickness < 1 ? 1 : thickness, cv::LINE_AA);
    } catch (...) {
    }
}
