// vision/smooth.cpp — MediaPipe's landmark smoothing (landmarks_smoothing_
// calculator.cc, OneEuroFilterImpl): value scale 1 / object scale, then
// one One Euro filter a coordinate.
#include "vision/smooth.hpp"

namespace tc {

template <typename P>
void LandmarkSmoother::run(int64_t t_us, P *p, float sx, float sy, float sz,
                           double scale)
{
    if (f_.empty()) {
        f_.resize((size_t)n_ * 3);
        for (tc_one_euro &f : f_)
            tc_one_euro_init(&f, p_.min_cutoff, p_.beta, p_.d_cutoff, 30.0);
    }
    for (int i = 0; i < n_; i++) {
        tc_one_euro *f = &f_[(size_t)i * 3];
        p[i].x = (float)(tc_one_euro_apply(&f[0], t_us, scale, p[i].x * sx) / sx);
        p[i].y = (float)(tc_one_euro_apply(&f[1], t_us, scale, p[i].y * sy) / sy);
        p[i].z = (float)(tc_one_euro_apply(&f[2], t_us, scale, p[i].z * sz) / sz);
    }
}

void LandmarkSmoother::apply(int64_t t_us, tc_landmark *p, int W, int H,
                             double object_scale)
{
    double scale = 1.0;
    if (p_.value_scaling) {
        if (object_scale < 1e-6)
            return;
        scale = 1.0 / object_scale;
    }
    run(t_us, p, (float)W, (float)H, (float)W, scale);
}

void LandmarkSmoother::apply(int64_t t_us, tc_point3 *p)
{
    run(t_us, p, 1.0f, 1.0f, 1.0f, 1.0);
}

} // namespace tc
