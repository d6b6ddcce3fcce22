// vision/smooth.hpp — MediaPipe's landmark smoothing in VIDEO mode
// (LandmarksSmoothingCalculator with its One Euro filter), private.
#ifndef TC_VISION_SMOOTH_HPP
#define TC_VISION_SMOOTH_HPP

#include <cstdint>
#include <vector>

#include "core/filter.h"
#include "vision/vision.h"

namespace tc {

struct SmoothParams {
    double min_cutoff, beta, d_cutoff;
    bool   value_scaling;   // speed in object sizes a second (else raw units)
};

// One One Euro filter per coordinate of n points. Image-normalised points
// are filtered in pixels (x * W, y * H, z * W), as MediaPipe does, so the
// speed term sees the image's aspect; metric points as they are.
class LandmarkSmoother {
public:
    LandmarkSmoother(int n, SmoothParams p) : n_(n), p_(p) {}
    // Forget the past: the next point set passes through unchanged.
    void reset() { f_.clear(); }
    // Smooth n points in place, taken at t_us (increasing). object_scale is
    // the object's size in pixels, (ROI width + height) / 2 as MediaPipe's
    // OBJECT_SCALE_ROI (ignored without value scaling); below 1e-6 the
    // points pass unsmoothed, as in MediaPipe.
    void apply(int64_t t_us, tc_landmark *p, int W, int H, double object_scale);
    void apply(int64_t t_us, tc_point3 *p);

private:
    template <typename P>
    void run(int64_t t_us, P *p, float sx, float sy, float sz, double scale);
    int n_;
    SmoothParams p_;
    std::vector<tc_one_euro> f_;
};

} // namespace tc

#endif
