// vision/gemm.cpp — the register-blocked tile of the pointwise (1x1)
// convolution, out[o][p] = clamp(bias[o] + sum_k w[o][k] * in[k][p]), for
// AVX-512, AVX2+FMA and the x86-64 baseline; the CPU picks once (simd.hpp).
//
// A tile keeps rows x cols outputs in registers while it walks the K input
// channels: one load of `cols` input pixels feeds `rows` multiply-adds, and
// the weights come packed ([K][rows] a block) so each is one broadcast.
// Tails (fewer channels or pixels than a tile) use masked loads and stores:
// nothing outside the tensors is touched.
#include "vision/simd.hpp"

#include <algorithm>
#include <immintrin.h>

namespace tc {
namespace {

// ---- AVX-512: 8 output channels x 32 pixels (16 accumulators) ----------

#define TC_AVX512 __attribute__((target("avx512f")))

TC_AVX512 static inline __mmask16 mask16(int n)
{
    return n >= 16 ? (__mmask16)0xFFFF : n <= 0 ? (__mmask16)0
                                                : (__mmask16)((1u << n) - 1u);
}

// min(hi, max(lo, v)); the masked forms because GCC 12 warns that the
// plain ones read an uninitialised register (-Wmaybe-uninitialized).
TC_AVX512 static inline __m512 clamp16(__m512 v, __m512 lo, __m512 hi)
{
    const __m512 m = _mm512_mask_max_ps(lo, (__mmask16)0xFFFF, lo, v);
    return _mm512_mask_min_ps(hi, (__mmask16)0xFFFF, hi, m);
}

// As tile_avx2_t below: one function a case, named accumulators.
template <bool Full>
TC_AVX512 static void tile_avx512_t(const float *wp, const float *bias, int K,
                                    const float *in, size_t in_stride,
                                    float *out, size_t out_stride, int nr,
                                    int np, float lo, float hi)
{
    enum { R = 8 };
#define TC_ROW(r) __m512 a##r##0 = _mm512_set1_ps(bias[r]), a##r##1 = a##r##0
    TC_ROW(0); TC_ROW(1); TC_ROW(2); TC_ROW(3);
    TC_ROW(4); TC_ROW(5); TC_ROW(6); TC_ROW(7);
#undef TC_ROW
    for (int k = 0; k < K; k++, in += in_stride, wp += R) {
        __m512 x0, x1, w;
        if (Full) {
            x0 = _mm512_loadu_ps(in);
            x1 = _mm512_loadu_ps(in + 16);
        } else {
            x0 = _mm512_maskz_loadu_ps(mask16(np), in);
            x1 = _mm512_maskz_loadu_ps(mask16(np - 16), in + 16);
        }
#define TC_FMA(r)                                  \
    w = _mm512_set1_ps(wp[r]);                     \
    a##r##0 = _mm512_fmadd_ps(w, x0, a##r##0);     \
    a##r##1 = _mm512_fmadd_ps(w, x1, a##r##1)
        TC_FMA(0); TC_FMA(1); TC_FMA(2); TC_FMA(3);
        TC_FMA(4); TC_FMA(5); TC_FMA(6); TC_FMA(7);
#undef TC_FMA
    }
    const __m512 vlo = _mm512_set1_ps(lo), vhi = _mm512_set1_ps(hi);
    const __m512 acc[R][2] = { { a00, a01 }, { a10, a11 }, { a20, a21 },
                               { a30, a31 }, { a40, a41 }, { a50, a51 },
                               { a60, a61 }, { a70, a71 } };
    const __mmask16 m0 = mask16(np), m1 = mask16(np - 16);
    for (int r = 0; r < nr; r++) {
        float *d = out + (size_t)r * out_stride;
        _mm512_mask_storeu_ps(d, m0, clamp16(acc[r][0], vlo, vhi));
        _mm512_mask_storeu_ps(d + 16, m1, clamp16(acc[r][1], vlo, vhi));
    }
}

static void tile_avx512(const float *wp, const float *bias, int K,
                        const float *in, size_t in_stride, float *out,
                        size_t out_stride, int nr, int np, float lo, float hi)
{
    (np == 32 ? tile_avx512_t<true> : tile_avx512_t<false>)(
        wp, bias, K, in, in_stride, out, out_stride, nr, np, lo, hi);
}

// ---- AVX2+FMA: 6 output channels x 16 pixels (12 accumulators) ---------

#define TC_AVX2 __attribute__((target("avx2,fma")))

TC_AVX2 static inline __m256i mask8(int n)
{
    const __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(n), idx);
}

// One function a case, so that each gets its own register allocation, and
// the 12 accumulators as named variables: GCC 12 keeps an array of them in
// memory (a store a multiply-add), whatever the loop shape.
template <bool Full>
TC_AVX2 static void tile_avx2_t(const float *wp, const float *bias, int K,
                                const float *in, size_t in_stride, float *out,
                                size_t out_stride, int nr, int np, float lo,
                                float hi)
{
    enum { R = 6 };
#define TC_ROW(r) __m256 a##r##0 = _mm256_broadcast_ss(bias + r), a##r##1 = a##r##0
    TC_ROW(0); TC_ROW(1); TC_ROW(2); TC_ROW(3); TC_ROW(4); TC_ROW(5);
#undef TC_ROW
    for (int k = 0; k < K; k++, in += in_stride, wp += R) {
        __m256 x0, x1, w;
        if (Full) {
            x0 = _mm256_loadu_ps(in);
            x1 = _mm256_loadu_ps(in + 8);
        } else {
            x0 = _mm256_maskload_ps(in, mask8(np));
            x1 = _mm256_maskload_ps(in + 8, mask8(np - 8));
        }
#define TC_FMA(r)                                  \
    w = _mm256_broadcast_ss(wp + r);               \
    a##r##0 = _mm256_fmadd_ps(w, x0, a##r##0);     \
    a##r##1 = _mm256_fmadd_ps(w, x1, a##r##1)
        TC_FMA(0); TC_FMA(1); TC_FMA(2); TC_FMA(3); TC_FMA(4); TC_FMA(5);
#undef TC_FMA
    }
    const __m256 vlo = _mm256_set1_ps(lo), vhi = _mm256_set1_ps(hi);
    const __m256 acc[R][2] = { { a00, a01 }, { a10, a11 }, { a20, a21 },
                               { a30, a31 }, { a40, a41 }, { a50, a51 } };
    for (int r = 0; r < nr; r++) {
        float *d = out + (size_t)r * out_stride;
        const __m256 y0 = _mm256_min_ps(vhi, _mm256_max_ps(vlo, acc[r][0]));
        const __m256 y1 = _mm256_min_ps(vhi, _mm256_max_ps(vlo, acc[r][1]));
        if (Full) {
            _mm256_storeu_ps(d, y0);
            _mm256_storeu_ps(d + 8, y1);
        } else {
            _mm256_maskstore_ps(d, mask8(np), y0);
            _mm256_maskstore_ps(d + 8, mask8(np - 8), y1);
        }
    }
}

static void tile_avx2(const float *wp, const float *bias, int K,
                      const float *in, size_t in_stride, float *out,
                      size_t out_stride, int nr, int np, float lo, float hi)
{
    (np == 16 ? tile_avx2_t<true> : tile_avx2_t<false>)(
        wp, bias, K, in, in_stride, out, out_stride, nr, np, lo, hi);
}

// ---- baseline: 4 output channels x 8 pixels, plain C++ -----------------

static void tile_base(const float *wp, const float *bias, int K,
                      const float *in, size_t in_stride, float *out,
                      size_t out_stride, int nr, int np, float lo, float hi)
{
    enum { R = 4, C = 8 };
    float a[R][C];
    for (int r = 0; r < R; r++)
        for (int c = 0; c < C; c++)
            a[r][c] = r < nr ? bias[r] : 0.0f;
    for (int k = 0; k < K; k++, in += in_stride, wp += R)
        for (int c = 0; c < np; c++)
            for (int r = 0; r < R; r++)
                a[r][c] += wp[r] * in[c];
    for (int r = 0; r < nr; r++)
        for (int c = 0; c < np; c++)
            out[(size_t)r * out_stride + c] = std::min(hi, std::max(lo, a[r][c]));
}

const Gemm avx512{ 8, 32, tile_avx512 }, avx2{ 6, 16, tile_avx2 },
    base{ 4, 8, tile_base };
const Gemm *const by_level[3] = { &base, &avx2, &avx512 }; // as simd_cpu()

} // namespace

const Gemm *simd_gemm_variant(int i)
{
    const int level = simd_cpu() - i;
    return i >= 0 && level >= 0 ? by_level[level] : nullptr;
}

const Gemm &simd_gemm()
{
    return *by_level[simd_cap()];
}

} // namespace tc
