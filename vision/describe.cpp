// vision/describe.cpp — library facts for `tuckcam --version`.
#include "vision/vision.h"
#include "vision/simd.hpp"

#include <cstdio>
#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>

extern "C" void tc_vision_describe(char *out, size_t cap)
{
    if (!out || !cap)
        return;
    try {
        static const char *const isa[3] = { "x86-64 baseline", "AVX2+FMA",
                                            "AVX-512" };
        std::snprintf(out, cap, "OpenCV %s (DNN CPU, %d threads; tuckcam layers %s)",
                      CV_VERSION, cv::getNumThreads(), isa[tc::simd_cap()]);
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
