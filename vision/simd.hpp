// vision/simd.hpp — the hot loops of tuckcam's own network layers
// (private). Each is compiled twice, for AVX2+FMA and for the x86-64
// baseline (simd_kernels.inc included by simd.cpp); the CPU picks once.
#ifndef TC_VISION_SIMD_HPP
#define TC_VISION_SIMD_HPP

#include <cstddef>

namespace tc {

struct Kernels {
    // Columns [px0, px1) of `row` into even and odd phase rows.
    void (*deinterleave2)(const float *row, int px0, int px1, float *even,
                          float *odd);
    // acc[i] += w * src[i]
    void (*axpy)(float *acc, const float *src, float w, size_t n);
    // acc[i] += sum_k w[k] * src[k][i] for 3 or 5 taps
    void (*row3)(float *acc, const float *const src[], const float *w, size_t n);
    void (*row5)(float *acc, const float *const src[], const float *w, size_t n);
};

const Kernels &simd_kernels();

} // namespace tc

#endif
