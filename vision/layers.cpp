// vision/layers.cpp — tuckcam's own network layers (see layers.hpp).
#include "vision/layers.hpp"
#include "vision/simd.hpp"

#include <algorithm>
#include <cfloat>
#include <mutex>
#include <vector>
#include <opencv2/core/utility.hpp>

namespace tc {

const char *const kDepthwiseLayer = "TcDepthwiseConv";
const char *const kPointwiseLayer = "TcPointwiseConv";
const char *const kDepthToSpaceLayer = "TcDepthToSpace";

namespace {

struct Geom {
    int H, W, OH, OW, K_h, K_w, s_h, s_w, pad_t, pad_l;
    float lo, hi;
};

// One channel. The input plane is copied into `pad` with a zero border so
// every tap reads in bounds; for stride 2 it is split into four phase
// planes (even/odd rows x columns) so every tap is again stride 1. Each tap
// is then one multiply-add over the flattened plane: outputs of the padding
// columns are computed and dropped, which costs far less than short rows.
void channel(const float *in, const float *w, float bias, float *out,
             const Geom &g, std::vector<float> &scratch)
{
    const Kernels &k = simd_kernels();
    const int PH = (g.OH - 1) * g.s_h + g.K_h, PW = (g.OW - 1) * g.s_w + g.K_w;
    const int sh = g.s_h, sw = g.s_w;
    const int QH = (PH + sh - 1) / sh, QW = (PW + sw - 1) / sw; // phase plane
    const size_t plane = (size_t)QH * QW + (size_t)g.K_w + 1;
    const size_t nacc = (size_t)g.OH * QW;
    // The zero border is the same for every channel of a call: zero the
    // scratch once per worker, then only the interior is ever written.
    if (scratch.size() != plane * (size_t)(sh * sw) + nacc)
        scratch.assign(plane * (size_t)(sh * sw) + nacc, 0.0f);
    float *ph = scratch.data(), *acc = ph + plane * (size_t)(sh * sw);
    const int px0 = std::max(0, g.pad_l), px1 = std::min(PW, g.W + g.pad_l);
    for (int py = 0; py < PH; py++) {
        const int iy = py - g.pad_t;
        if (iy < 0 || iy >= g.H || px0 >= px1)
            continue;
        const float *row = in + (size_t)iy * g.W - g.pad_l; // row[px]
        float *dst = ph + plane * (size_t)((py % sh) * sw) + (size_t)(py / sh) * QW;
        if (sw == 1) {
            std::copy(row + px0, row + px1, dst + px0);
            continue;
        }
        if (sw == 2) {
            k.deinterleave2(row, px0, px1, dst, dst + plane);
            continue;
        }
        for (int r = 0; r < sw; r++) {           // phase r: columns px % sw == r
            float *d = dst + plane * (size_t)r;
            int px = px0 + ((r - px0 % sw) + sw) % sw;
            for (int q = px / sw; px < px1; px += sw, q++)
                d[q] = row[px];
        }
    }
    std::fill(acc, acc + nacc, bias);
    for (int ky = 0; ky < g.K_h; ky++) {
        const float *src[8];
        const float *wr = w + ky * g.K_w;
        for (int kx = 0; kx < g.K_w && kx < 8; kx++)
            src[kx] = ph + plane * (size_t)((ky % sh) * sw + kx % sw) +
                      (size_t)(ky / sh) * QW + (size_t)(kx / sw);
        if (g.K_w == 3)
            k.row3(acc, src, wr, nacc);
        else if (g.K_w == 5)
            k.row5(acc, src, wr, nacc);
        else
            for (int kx = 0; kx < g.K_w; kx++)
                k.axpy(acc, ph + plane * (size_t)((ky % sh) * sw + kx % sw) +
                              (size_t)(ky / sh) * QW + (size_t)(kx / sw),
                     wr[kx], nacc);
    }
    for (int oy = 0; oy < g.OH; oy++)
        for (int ox = 0; ox < g.OW; ox++)
            out[(size_t)oy * g.OW + ox] =
                std::min(g.hi, std::max(g.lo, acc[(size_t)oy * QW + ox]));
}

int same_out(int in, int s) { return (in + s - 1) / s; }

// What tuckcam's layers share: one NCHW input, one output. Each gives its
// output shape (asserting what it needs of the input) and its compute.
class UnaryLayer : public cv::dnn::Layer {
public:
    explicit UnaryLayer(const cv::dnn::LayerParams &p) : Layer(p) {}

    bool getMemoryShapes(const std::vector<cv::dnn::MatShape> &in, int,
                         std::vector<cv::dnn::MatShape> &out,
                         std::vector<cv::dnn::MatShape> &) const final
    {
        CV_Assert(in.size() == 1 && in[0].size() == 4);
        out.assign(1, out_shape(in[0]));
        return false;
    }

    void forward(cv::InputArrayOfArrays in_arr, cv::OutputArrayOfArrays out_arr,
                 cv::OutputArrayOfArrays) final
    {
        std::vector<cv::Mat> in, out;
        in_arr.getMatVector(in);
        out_arr.getMatVector(out);
        compute(in[0], out[0]);
    }

protected:
    virtual cv::dnn::MatShape out_shape(cv::dnn::MatShape s) const = 0;
    virtual void compute(const cv::Mat &x, cv::Mat &y) = 0;
};

template <class L> cv::Ptr<cv::dnn::Layer> create(cv::dnn::LayerParams &p)
{
    return cv::Ptr<cv::dnn::Layer>(new L(p));
}

class DepthwiseLayer : public UnaryLayer {
public:
    explicit DepthwiseLayer(const cv::dnn::LayerParams &p) : UnaryLayer(p)
    {
        kh_ = p.get<int>("kernel_h");
        kw_ = p.get<int>("kernel_w");
        sh_ = p.get<int>("stride_h", 1);
        sw_ = p.get<int>("stride_w", 1);
        const cv::String mode = p.get<cv::String>("pad_mode", "SAME");
        same_ = mode == "SAME";
        if (mode == "EXPLICIT") {
            pt_ = p.get<int>("pad_t"); pb_ = p.get<int>("pad_b");
            pl_ = p.get<int>("pad_l"); pr_ = p.get<int>("pad_r");
            CV_Assert(pt_ >= 0 && pb_ >= 0 && pl_ >= 0 && pr_ >= 0);
        }
        lo_ = p.get<float>("act_min", -FLT_MAX);
        hi_ = p.get<float>("act_max", FLT_MAX);
        CV_Assert(blobs.size() == 2 && kh_ > 0 && kw_ > 0 && sh_ > 0 && sw_ > 0);
    }

protected:
    cv::dnn::MatShape out_shape(cv::dnn::MatShape s) const override
    {
        CV_Assert(s[1] == (int)blobs[1].total());
        s[2] = same_ ? same_out(s[2], sh_) : (s[2] + pt_ + pb_ - kh_) / sh_ + 1;
        s[3] = same_ ? same_out(s[3], sw_) : (s[3] + pl_ + pr_ - kw_) / sw_ + 1;
        CV_Assert(s[2] > 0 && s[3] > 0);
        return s;
    }

    void compute(const cv::Mat &x, cv::Mat &y) override
    {
        Geom g;
        g.H = x.size[2]; g.W = x.size[3]; g.OH = y.size[2]; g.OW = y.size[3];
        g.K_h = kh_; g.K_w = kw_; g.s_h = sh_; g.s_w = sw_;
        g.pad_t = same_ ? std::max((g.OH - 1) * sh_ + kh_ - g.H, 0) / 2 : pt_;
        g.pad_l = same_ ? std::max((g.OW - 1) * sw_ + kw_ - g.W, 0) / 2 : pl_;
        g.lo = lo_; g.hi = hi_;
        const int C = x.size[1], N = x.size[0];
        const float *w = blobs[0].ptr<float>(), *b = blobs[1].ptr<float>();
        cv::parallel_for_(cv::Range(0, N * C), [&](const cv::Range &r) {
            std::vector<float> scratch;
            for (int i = r.start; i < r.end; i++) {
                const int c = i % C;
                channel(x.ptr<float>() + (size_t)i * g.H * g.W,
                        w + (size_t)c * kh_ * kw_, b[c],
                        y.ptr<float>() + (size_t)i * g.OH * g.OW, g, scratch);
            }
        });
    }

private:
    int kh_, kw_, sh_, sw_, pt_ = 0, pb_ = 0, pl_ = 0, pr_ = 0;
    bool same_;
    float lo_, hi_;
};

// Pointwise (1x1, stride 1) convolution as a matrix product over the
// flattened planes: Y[O][P] = W[O][K] X[K][P] + b, in register tiles
// (simd_gemm). The weights are packed once into blocks of `rows` output
// channels, [K][rows] each, so a tile reads them in order.
class PointwiseLayer : public UnaryLayer {
public:
    explicit PointwiseLayer(const cv::dnn::LayerParams &p) : UnaryLayer(p)
    {
        lo_ = p.get<float>("act_min", -FLT_MAX);
        hi_ = p.get<float>("act_max", FLT_MAX);
        CV_Assert(blobs.size() == 2 && blobs[0].dims == 2 &&
                  blobs[0].type() == CV_32F && blobs[1].type() == CV_32F);
        o_ = blobs[0].rows;
        k_ = blobs[0].cols;
        CV_Assert(o_ > 0 && k_ > 0 && (int)blobs[1].total() == o_);
        const int R = simd_gemm().rows, nb = (o_ + R - 1) / R;
        packed_.assign((size_t)nb * (size_t)k_ * (size_t)R, 0.0f);
        bias_.assign((size_t)nb * (size_t)R, 0.0f);
        for (int o = 0; o < o_; o++) {
            const float *w = blobs[0].ptr<float>(o);
            float *dst = packed_.data() + (size_t)(o / R) * (size_t)k_ * R + o % R;
            for (int k = 0; k < k_; k++)
                dst[(size_t)k * R] = w[k];
            bias_[(size_t)o] = blobs[1].ptr<float>()[o];
        }
    }

protected:
    cv::dnn::MatShape out_shape(cv::dnn::MatShape s) const override
    {
        CV_Assert(s[1] == k_);
        s[1] = o_;
        return s;
    }

    void compute(const cv::Mat &x, cv::Mat &y) override
    {
        const Gemm &g = simd_gemm();
        const int N = x.size[0];
        const size_t P = (size_t)x.size[2] * (size_t)x.size[3];
        const int nob = (o_ + g.rows - 1) / g.rows;
        const int npb = (int)((P + (size_t)g.cols - 1) / (size_t)g.cols);
        const int tiles = N * npb * nob;
        // Tiles of one pixel block run together: its input panel stays in
        // cache while every channel block passes over it.
        const double stripes = std::min(tiles, 8 * std::max(1, cv::getNumThreads()));
        cv::parallel_for_(cv::Range(0, tiles), [&](const cv::Range &r) {
            for (int t = r.start; t < r.end; t++) {
                const int ob = t % nob, pb = (t / nob) % npb, n = t / (nob * npb);
                const size_t p0 = (size_t)pb * (size_t)g.cols;
                const int o0 = ob * g.rows;
                g.tile(packed_.data() + (size_t)ob * (size_t)k_ * (size_t)g.rows,
                       bias_.data() + o0, k_,
                       x.ptr<float>() + (size_t)n * (size_t)k_ * P + p0, P,
                       y.ptr<float>() + ((size_t)n * (size_t)o_ + (size_t)o0) * P + p0, P,
                       std::min(g.rows, o_ - o0),
                       (int)std::min((size_t)g.cols, P - p0), lo_, hi_);
            }
        }, stripes);
    }

private:
    int o_, k_;
    float lo_, hi_;
    std::vector<float> packed_, bias_;
};

// TFLite DEPTH_TO_SPACE on NCHW: output[n][c][h*b+i][w*b+j] =
// input[n][(i*b+j)*C+c][h][w], C the output channels (TFLite's NHWC
// channel order, "DCR"). OpenCV 4.6 has no such layer.
class DepthToSpaceLayer : public UnaryLayer {
public:
    explicit DepthToSpaceLayer(const cv::dnn::LayerParams &p) : UnaryLayer(p)
    {
        b_ = p.get<int>("block_size", 0);
        CV_Assert(b_ > 0 && b_ <= 64);
    }

protected:
    cv::dnn::MatShape out_shape(cv::dnn::MatShape s) const override
    {
        CV_Assert(s[1] % (b_ * b_) == 0);
        s[1] /= b_ * b_;
        s[2] *= b_;
        s[3] *= b_;
        return s;
    }

    void compute(const cv::Mat &x, cv::Mat &y) override
    {
        const int N = x.size[0], H = x.size[2], W = x.size[3];
        const int C = y.size[1], b = b_;
        for (int n = 0; n < N; n++)
            for (int c = 0; c < C; c++)
                for (int h = 0; h < H; h++)
                    for (int i = 0; i < b; i++) {
                        float *dst = y.ptr<float>(n, c, h * b + i);
                        for (int j = 0; j < b; j++) {
                            const float *src = x.ptr<float>(n, (i * b + j) * C + c, h);
                            for (int w = 0; w < W; w++)
                                dst[w * b + j] = src[w];
                        }
                    }
    }

private:
    int b_;
};

} // namespace

void register_layers()
{
    static std::once_flag once;
    std::call_once(once, [] {
        cv::dnn::LayerFactory::registerLayer(kDepthwiseLayer,
                                             create<DepthwiseLayer>);
        cv::dnn::LayerFactory::registerLayer(kPointwiseLayer,
                                             create<PointwiseLayer>);
        cv::dnn::LayerFactory::registerLayer(kDepthToSpaceLayer,
                                             create<DepthToSpaceLayer>);
    });
}

} // namespace tc
