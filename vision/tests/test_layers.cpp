// vision/tests/test_layers.cpp — tuckcam's own layers against OpenCV's
// Convolution on random data. Depthwise: kernel 3 and 5, stride 1 and 2,
// SAME / VALID / explicit padding, odd sizes, clamping.
// (C++ because it drives the C++ internals of vision/.)
#include <cmath>
#include <cstdio>
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>

#include "vision/layers.hpp"

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
    std::printf("%d failed\n", failures);
    return failures ? 1 : 0;
}
