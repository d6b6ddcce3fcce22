// vision/describe.cpp — library facts for `tuckcam --version`.
#include "vision/vision.h"

#include <cstdio>
#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>

extern "C" void tc_vision_describe(char *out, size_t cap)
{
    if (!out || !cap)
        return;
    try {
        std::snprintf(out, cap, "OpenCV %s (DNN CPU, %d threads)",
                      CV_VERSION, cv::getNumThreads());
    } catch (...) {
        std::snprintf(out, cap, "OpenCV %s", CV_VERSION);
    }
}

extern "C" int tc_vision_get_threads(void)
{
    try {
        return cv::getNumThreads();
    } catch (...) {
        return 1;
    }
}
