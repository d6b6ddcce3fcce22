// vision/simd.hpp — the hot loops of tuckcam's own network layers
// (private). The depthwise loops are compiled twice, for AVX2+FMA and for
// the x86-64 baseline (simd_kernels.inc included by simd.cpp); the
// pointwise tile three times, for AVX-512, AVX2+FMA and the baseline
// (gemm.cpp). The CPU picks once.
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

// The pointwise (1x1) convolution's register tile (gemm.cpp):
// out[r][c] = clamp(bias[r] + sum_k wp[k * rows + r] * in[k * in_stride + c],
// lo, hi) for r < nr <= rows, c < np <= cols. `wp` is one block of the
// packed weights, [K][rows], zero rows past the channel count; `bias` has
// `rows` entries (zero past the channel count) even when nr < rows.
struct Gemm {
    int rows, cols;
    void (*tile)(const float *wp, const float *bias, int K, const float *in,
                 size_t in_stride, float *out, size_t out_stride, int nr,
                 int np, float lo, float hi);
};

// The widest instruction set this CPU has: 2 AVX-512, 1 AVX2+FMA, 0 baseline.
int simd_cpu();

// The widest instruction set the kernels may use: simd_cpu(), lowered by
// the environment variable TUCKCAM_SIMD=avx2 or =base (read once), so a
// benchmark can show what a CPU without AVX-512 gets.
int simd_cap();

// The best tile for this CPU within simd_cap() (AVX-512, AVX2+FMA or
// plain), picked once.
const Gemm &simd_gemm();

// Every tile this CPU can run, best first (for tests): variant i, or
// nullptr past the last.
const Gemm *simd_gemm_variant(int i);

} // namespace tc

#endif
