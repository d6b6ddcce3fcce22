// vision/tests/test_layers.cpp — tuckcam's own layers against OpenCV's
// Convolution on random data. Depthwise: kernel 3 and 5, stride 1 and 2,
// SAME / VALID / explicit padding, odd sizes, clamping. Pointwise: channel
// and pixel counts off the register tile, batches, clamping, and each
// register tile this CPU has on partial tiles. DepthToSpace: TFLite's
// NHWC definition.
// (C++ because it drives the C++ internals of vision/.)
#include <cmath>
#include <cstdio>
#include <vector>
#include <algorithm>
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

#include "vision/layers.hpp"
#include "vision/simd.hpp"

static int failures = 0;

static cv::Mat run(const std::string &type, cv::dnn::LayerParams lp,
                   const cv::Mat &x)
{
    cv::dnn::Net net;
    net.setInputsNames({ "x" });
    int id = net.addLayer("l", type, lp);
    net.connect(0, 0, id, 0);
    net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net.setInput(x);
    return net.forward("l").clone();
}

static void check(int C, int H, int W, int K, int s, const char *mode, int pt,
                  int pb, int pl, int pr, float lo, float hi)
{
    cv::RNG rng(C * 131 + H * 7 + W + K * 3 + s);
    int xs[4] = { 1, C, H, W }, ws[4] = { C, 1, K, K };
    cv::Mat x(4, xs, CV_32F), w(4, ws, CV_32F), b(C, 1, CV_32F);
    rng.fill(x, cv::RNG::UNIFORM, -1, 1);
    rng.fill(w, cv::RNG::UNIFORM, -1, 1);
    rng.fill(b, cv::RNG::UNIFORM, -1, 1);

    cv::dnn::LayerParams ref;
    ref.set("kernel_h", K); ref.set("kernel_w", K);
    ref.set("stride_h", s); ref.set("stride_w", s);
    ref.set("num_output", C); ref.set("group", C); ref.set("bias_term", true);
    cv::Mat xin = x;
    if (std::string(mode) == "EXPLICIT") {
        // OpenCV's convolution has no asymmetric padding: pad by hand.
        int ps[4] = { 1, C, H + pt + pb, W + pl + pr };
        xin = cv::Mat(4, ps, CV_32F);
        for (int c = 0; c < C; c++) {
            cv::Mat src(H, W, CV_32F, x.ptr<float>(0, c));
            cv::Mat dst(ps[2], ps[3], CV_32F, xin.ptr<float>(0, c));
            cv::copyMakeBorder(src, dst, pt, pb, pl, pr, cv::BORDER_CONSTANT, 0);
        }
        ref.set("pad_mode", "VALID");
    } else {
        ref.set("pad_mode", mode);
    }
    ref.blobs = { w, b };
    cv::Mat want = run("Convolution", ref, xin);
    want = cv::max(cv::min(want, hi), lo);

    cv::dnn::LayerParams lp;
    lp.set("kernel_h", K); lp.set("kernel_w", K);
    lp.set("stride_h", s); lp.set("stride_w", s);
    lp.set("pad_mode", mode);
    lp.set("pad_t", pt); lp.set("pad_b", pb); lp.set("pad_l", pl); lp.set("pad_r", pr);
    lp.set("act_min", lo); lp.set("act_max", hi);
    lp.blobs = { w, b };
    cv::Mat got = run(tc::kDepthwiseLayer, lp, x);

    double err = want.total() == got.total() ? cv::norm(want, got, cv::NORM_INF) : 1e9;
    bool ok = err < 1e-4;
    std::printf("%s C=%d %dx%d K=%d s=%d %s pads=%d,%d,%d,%d clamp=[%g,%g]: max err %.2e\n",
                ok ? "ok  " : "FAIL", C, H, W, K, s, mode, pt, pb, pl, pr, lo, hi, err);
    failures += !ok;
}


// Pointwise: tuckcam's layer against OpenCV's 1x1 Convolution.
static void check_pointwise(int N, int O, int K, int H, int W, float lo, float hi)
{
    cv::RNG rng(N * 977 + O * 131 + K * 17 + H * 7 + W);
    int xs[4] = { N, K, H, W }, ws[4] = { O, K, 1, 1 };
    cv::Mat x(4, xs, CV_32F), w(4, ws, CV_32F), b(O, 1, CV_32F);
    rng.fill(x, cv::RNG::UNIFORM, -1, 1);
    rng.fill(w, cv::RNG::UNIFORM, -1, 1);
    rng.fill(b, cv::RNG::UNIFORM, -1, 1);
    cv::dnn::LayerParams ref;
    ref.set("kernel_h", 1); ref.set("kernel_w", 1);
    ref.set("num_output", O); ref.set("bias_term", true);
    ref.blobs = { w, b };
    cv::Mat want = run("Convolution", ref, x);
    want = cv::max(cv::min(want, hi), lo);

    cv::dnn::LayerParams lp;
    lp.set("act_min", lo); lp.set("act_max", hi);
    lp.blobs = { w.reshape(1, O), b };
    cv::Mat got = run(tc::kPointwiseLayer, lp, x);

    double err = want.total() == got.total() ? cv::norm(want, got, cv::NORM_INF) : 1e9;
    bool ok = err < 1e-5 * (K + 10);
    std::printf("%s pointwise N=%d O=%d K=%d %dx%d clamp=[%g,%g]: max err %.2e\n",
                ok ? "ok  " : "FAIL", N, O, K, H, W, lo, hi, err);
    failures += !ok;
}

// Every register tile this CPU has, on a partial tile at the very end of
// its buffers (an overread is an ASan error) with guards around the
// output (an overwrite changes them).
static void check_tiles()
{
    for (int v = 0; tc::simd_gemm_variant(v); v++) {
        const tc::Gemm &g = *tc::simd_gemm_variant(v);
        for (int nr = 1; nr <= g.rows; nr++)
            for (int np = 1; np <= g.cols; np += np < 3 ? 1 : 5) {
                const int K = 7;
                const size_t stride = (size_t)np + 3;
                std::vector<float> wp((size_t)K * g.rows, 0.0f), bias((size_t)g.rows, 9.0f);
                std::vector<float> in((size_t)(K - 1) * stride + (size_t)np);
                std::vector<float> out((size_t)g.rows * stride, -7.0f);
                cv::RNG rng(v * 1000 + nr * 40 + np);
                for (int k = 0; k < K; k++)
                    for (int r = 0; r < nr; r++)
                        wp[(size_t)k * g.rows + r] = (float)rng.uniform(-1.0, 1.0);
                for (int r = 0; r < nr; r++)
                    bias[(size_t)r] = (float)rng.uniform(-1.0, 1.0);
                for (float &f : in)
                    f = (float)rng.uniform(-1.0, 1.0);
                g.tile(wp.data(), bias.data(), K, in.data(), stride, out.data(),
                       stride, nr, np, -0.5f, 0.5f);
                double err = 0;
                for (int r = 0; r < g.rows; r++)
                    for (size_t c = 0; c < stride; c++) {
                        double want = -7.0;
                        if (r < nr && c < (size_t)np) {
                            want = bias[(size_t)r];
                            for (int k = 0; k < K; k++)
                                want += (double)wp[(size_t)k * g.rows + r] *
                                        in[(size_t)k * stride + c];
                            want = std::min(0.5, std::max(-0.5, want));
                        }
                        err = std::max(err, std::fabs(want - out[(size_t)r * stride + c]));
                    }
                if (err > 1e-5) {
                    std::printf("FAIL tile %d (%dx%d) nr=%d np=%d: max err %.2e\n",
                                v, g.rows, g.cols, nr, np, err);
                    failures++;
                }
            }
        std::printf("ok   tile %d (%dx%d): partial tiles checked\n", v, g.rows, g.cols);
    }
}
// DepthToSpace against TFLite's definition written in NHWC: out[h][w][c] =
// in[h / b][w / b][((h % b) * b + w % b) * C + c], on an NCHW tensor
// made by transposing a random NHWC one.
static void check_depth_to_space(int N, int C, int H, int W, int b)
{
    cv::RNG rng(N * 17 + C * 5 + H * 3 + W + b);
    const int Ci = C * b * b;
    std::vector<float> nhwc((size_t)N * H * W * Ci);
    for (float &v : nhwc)
        v = rng.uniform(-1.0f, 1.0f);
    int xs[4] = { N, Ci, H, W };
    cv::Mat x(4, xs, CV_32F);
    for (int n = 0; n < N; n++)
        for (int c = 0; c < Ci; c++)
            for (int h = 0; h < H; h++)
                for (int w = 0; w < W; w++)
                    x.ptr<float>(n, c, h)[w] = nhwc[(((size_t)n * H + h) * W + w) * Ci + c];
    cv::dnn::LayerParams lp;
    lp.set("block_size", b);
    cv::Mat got = run(tc::kDepthToSpaceLayer, lp, x);
    bool ok = got.dims == 4 && got.size[0] == N && got.size[1] == C &&
              got.size[2] == H * b && got.size[3] == W * b;
    for (int n = 0; ok && n < N; n++)
        for (int c = 0; c < C; c++)
            for (int h = 0; h < H * b; h++)
                for (int w = 0; w < W * b; w++) {
                    const size_t src = (((size_t)n * H + h / b) * W + w / b) * Ci +
                                       (size_t)((h % b) * b + w % b) * C + c;
                    ok = ok && got.ptr<float>(n, c, h)[w] == nhwc[src];
                }
    std::printf("%s depth_to_space N=%d C=%d %dx%d b=%d\n", ok ? "ok  " : "FAIL",
                N, C, H, W, b);
    failures += !ok;
}

int main()
{
    tc::register_layers();
    tc::register_layers(); // twice is fine
    const float inf = 1e30f;
    for (int K : { 3, 5 })
        for (int s : { 1, 2 })
            for (int H : { 7, 16, 33 }) {
                check(5, H, H + 3, K, s, "SAME", 0, 0, 0, 0, -inf, inf);
                check(4, H, H, K, s, "VALID", 0, 0, 0, 0, 0.0f, 6.0f);
                check(3, H, H + 1, K, s, "EXPLICIT", 1, 2, 2, 1, 0.0f, inf);
            }
    check(24, 128, 128, 3, 1, "SAME", 0, 0, 0, 0, 0.0f, 6.0f);
    check(96, 64, 64, 5, 2, "EXPLICIT", 1, 2, 1, 2, 0.0f, 6.0f);
    for (int O : { 1, 5, 8, 13, 24 })
        for (int K : { 1, 3, 16 })
            check_pointwise(1, O, K, 7, 13, -inf, inf);
    check_pointwise(2, 17, 9, 6, 6, 0.0f, 6.0f);
    check_pointwise(1, 64, 16, 128, 128, 0.0f, 6.0f);
    check_pointwise(1, 88, 528, 16, 16, -1.0f, 1.0f);
    check_pointwise(1, 288, 864, 8, 8, 0.0f, inf);
    check_pointwise(1, 40, 64, 3, 3, -inf, inf);
    check_tiles();
    check_depth_to_space(1, 3, 5, 7, 2);
    check_depth_to_space(2, 8, 4, 4, 3);
    check_depth_to_space(1, 1, 1, 1, 1);
    std::printf("%d failed\n", failures);
    return failures ? 1 : 0;
}
