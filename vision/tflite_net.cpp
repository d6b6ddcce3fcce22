// vision/tflite_net.cpp — TFLite operators to OpenCV DNN layers.
#include "vision/tflite_net.hpp"

#include "vision/layers.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

namespace tc {
namespace {

float half_to_float(uint16_t h)
{
    const uint32_t sign = (uint32_t)(h >> 15) << 31;
    const int exp = (h >> 10) & 31;
    const uint32_t man = h & 1023u;
    float v;
    if (exp == 0)
        v = std::ldexp((float)man, -24);                 // zero / subnormal
    else if (exp == 31)
        v = man ? NAN : INFINITY;
    else
        v = std::ldexp((float)(man | 1024u), exp - 25);
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    bits |= sign;
    std::memcpy(&v, &bits, 4);
    return v;
}

struct Port { int layer, out; };

class Builder {
public:
    Builder(TfliteNet &o, const tc_tfl_model *m) : o_(o), m_(m) {}
    int run(const std::vector<std::string> &wanted, std::string &err);

private:
    TfliteNet &o_;
    const tc_tfl_model *m_;
    std::map<int, Port> prod_;        // tensor -> producing layer output
    std::map<int, cv::Mat> consts_;   // tensor -> float32 constant
    std::map<int, int> dense_;        // DENSIFY output -> its (densified) input
    std::map<int, std::string> names_; // layer id -> name
    std::vector<int> uses_;             // tensor -> number of consuming ops
    struct Fold { int in, t, b, l, r; };
    std::map<int, Fold> folds_;         // PAD output -> its input and pads
    int cur_op_ = 0;                    // operator being translated
    std::string err_;

    const tc_tfl_tensor &T(int i) const { return m_->tensors[i]; }
    // The tensor holding `i`'s constant data: itself, or a DENSIFY's input
    // (the reader densified it at parse time).
    const tc_tfl_tensor &D(int i) const
    {
        auto it = dense_.find(i);
        return it == dense_.end() ? T(i) : T(it->second);
    }
    bool fail(const std::string &why) { if (err_.empty()) err_ = why; return false; }
    bool constant(int t, cv::Mat &out);
    bool input_port(int t, Port &p);
    int add(const std::string &type, cv::dnn::LayerParams &lp, int t_in,
            int t_out);
    int add_multi(const std::string &type, cv::dnn::LayerParams &lp,
                  const std::vector<int> &t_in, int t_out);
    bool activation(int act, int layer, int t_out);
    bool op(const tc_tfl_op &op, int index);
    // one TFLite operator each (op() dispatches)
    bool densify(const tc_tfl_op &op);
    bool dequantize(const tc_tfl_op &op);
    bool sum(const tc_tfl_op &op);
    bool concat(const tc_tfl_op &op);
    bool max_pool(const tc_tfl_op &op);
    bool resize_bilinear(const tc_tfl_op &op);
    bool prelu(const tc_tfl_op &op);
    bool conv(const tc_tfl_op &op, bool depthwise);
    bool depthwise_layer(const tc_tfl_op &op, const cv::Mat &k, int c);
    bool pointwise_layer(const tc_tfl_op &op, const cv::Mat &k, int c);
    bool bias(const tc_tfl_op &op, int c, cv::Mat &b);
    bool clamp(int act, cv::dnn::LayerParams &lp);
    bool reshape(const tc_tfl_op &op);
    bool pad(const tc_tfl_op &op);
    bool try_fold_pad(const tc_tfl_op &op, const std::vector<int> &pads);
};

bool Builder::constant(int t, cv::Mat &out)
{
    if (t < 0)
        return false;
    auto it = consts_.find(t);
    if (it != consts_.end()) {
        out = it->second;
        return true;
    }
    const tc_tfl_tensor &x = D(t);
    if (!x.data || x.type != TC_TFL_FLOAT32)
        return false;
    const int n = (int)(x.size / 4);
    out = cv::Mat(1, n, CV_32F);
    std::memcpy(out.ptr<float>(), x.data, x.size);
    consts_[t] = out;
    return true;
}

bool Builder::input_port(int t, Port &p)
{
    auto it = prod_.find(t);
    if (it == prod_.end())
        return fail("tensor '" + std::string(T(t).name) + "' has no producer");
    p = it->second;
    return true;
}

int Builder::add_multi(const std::string &type, cv::dnn::LayerParams &lp,
                       const std::vector<int> &t_in, int t_out)
{
    std::string name = "op" + std::to_string(cur_op_) + "_" + type;
    while (o_.net.getLayerId(name) >= 0)
        name += "_";
    lp.name = name;
    lp.type = type;
    int id = o_.net.addLayer(name, type, lp);
    names_[id] = name;
    for (size_t i = 0; i < t_in.size(); i++) {
        Port p;
        if (!input_port(t_in[i], p))
            return -1;
        o_.net.connect(p.layer, p.out, id, (int)i);
    }
    prod_[t_out] = Port{ id, 0 };
    return id;
}

int Builder::add(const std::string &type, cv::dnn::LayerParams &lp, int t_in,
                 int t_out)
{
    return add_multi(type, lp, std::vector<int>{ t_in }, t_out);
}

bool Builder::activation(int act, int layer, int t_out)
{
    if (layer < 0)
        return false;
    cv::dnn::LayerParams lp;
    switch (act) {
    case TC_TFL_ACT_NONE:
        return true;
    case TC_TFL_ACT_RELU:
        return add("ReLU", lp, t_out, t_out) >= 0;
    case TC_TFL_ACT_RELU6:
        lp.set("min_value", 0.0f);
        lp.set("max_value", 6.0f);
        return add("ReLU6", lp, t_out, t_out) >= 0;
    case TC_TFL_ACT_RELU_N1_TO_1:
        lp.set("min_value", -1.0f);
        lp.set("max_value", 1.0f);
        return add("ReLU6", lp, t_out, t_out) >= 0;
    default:
        return fail("unsupported fused activation " + std::to_string(act));
    }
}

bool Builder::conv(const tc_tfl_op &op, bool depthwise)
{
    cv::Mat w, b;
    if (op.n_in < 2 || !constant(op.in[1], w))
        return fail("convolution without constant weights");
    const tc_tfl_tensor &wt = T(op.in[1]);
    const tc_tfl_tensor &xt = T(op.in[0]);
    if (wt.rank != 4 || xt.rank != 4)
        return fail("convolution needs rank-4 input and weights");
    const int kh = wt.shape[1], kw = wt.shape[2];
    const int oc = depthwise ? wt.shape[3] : wt.shape[0];
    const int ic = depthwise ? 1 : wt.shape[3];
    const int cin = xt.shape[3];
    if ((size_t)w.total() != (size_t)oc * kh * kw * ic)
        return fail("convolution weight size mismatch");
    if (depthwise && oc % cin != 0)
        return fail("depthwise multiplier does not divide channels");
    if (!depthwise && ic != cin)
        return fail("convolution input channels mismatch");
    // NHWC kernels to OIHW.
    int sz[4] = { oc, ic, kh, kw };
    cv::Mat k(4, sz, CV_32F);
    const float *src = w.ptr<float>();
    float *dst = k.ptr<float>();
    for (int o = 0; o < oc; o++)
        for (int y = 0; y < kh; y++)
            for (int x = 0; x < kw; x++)
                for (int i = 0; i < ic; i++) {
                    size_t s = depthwise ? ((size_t)y * kw + x) * oc + o
                                         : (((size_t)o * kh + y) * kw + x) * ic + i;
                    dst[(((size_t)o * ic + i) * kh + y) * kw + x] = src[s];
                }
    if (depthwise && oc == cin && op.dilation_h == 1 && op.dilation_w == 1)
        return depthwise_layer(op, k, oc);
    if (!depthwise && kh == 1 && kw == 1 && op.stride_h == 1 && op.stride_w == 1)
        return pointwise_layer(op, k.reshape(1, oc), oc);
    cv::dnn::LayerParams lp;
    lp.set("kernel_h", kh);
    lp.set("kernel_w", kw);
    lp.set("stride_h", op.stride_h);
    lp.set("stride_w", op.stride_w);
    lp.set("dilation_h", op.dilation_h);
    lp.set("dilation_w", op.dilation_w);
    lp.set("num_output", oc);
    lp.set("group", depthwise ? cin : 1);
    lp.set("pad_mode", op.padding_valid ? "VALID" : "SAME");
    lp.blobs.push_back(k);
    bool has_bias = op.n_in > 2 && op.in[2] >= 0;
    if (has_bias) {
        if (!constant(op.in[2], b) || (int)b.total() != oc)
            return fail("convolution bias is not a constant of size O");
        lp.blobs.push_back(b.reshape(1, oc));
    }
    lp.set("bias_term", has_bias);
    int id = add("Convolution", lp, op.in[0], op.out[0]);
    return activation(op.act, id, op.out[0]);
}

// The bias of a convolution with `c` outputs (zeros when it has none).
bool Builder::bias(const tc_tfl_op &op, int c, cv::Mat &b)
{
    cv::Mat given;
    b = cv::Mat::zeros(c, 1, CV_32F);
    if (op.n_in > 2 && op.in[2] >= 0) {
        if (!constant(op.in[2], given) || (int)given.total() != c)
            return fail("convolution bias is not a constant of size O");
        b = given.reshape(1, c);
    }
    return true;
}

// The fused activation as a clamp [act_min, act_max] of our own layers.
bool Builder::clamp(int act, cv::dnn::LayerParams &lp)
{
    switch (act) {
    case TC_TFL_ACT_NONE: return true;
    case TC_TFL_ACT_RELU: lp.set("act_min", 0.0f); return true;
    case TC_TFL_ACT_RELU6: lp.set("act_min", 0.0f); lp.set("act_max", 6.0f); return true;
    case TC_TFL_ACT_RELU_N1_TO_1: lp.set("act_min", -1.0f); lp.set("act_max", 1.0f); return true;
    default: return fail("unsupported fused activation " + std::to_string(act));
    }
}

// Depthwise with multiplier 1 goes to tuckcam's own layer (layers.hpp),
// with the bias and the fused activation inside it.
bool Builder::depthwise_layer(const tc_tfl_op &op, const cv::Mat &k, int c)
{
    cv::Mat b;
    if (!bias(op, c, b))
        return false;
    cv::dnn::LayerParams lp;
    lp.set("kernel_h", k.size[2]);
    lp.set("kernel_w", k.size[3]);
    lp.set("stride_h", op.stride_h);
    lp.set("stride_w", op.stride_w);
    int in = op.in[0];
    auto f = folds_.find(in);
    if (f != folds_.end()) {
        in = f->second.in;
        lp.set("pad_mode", "EXPLICIT");
        lp.set("pad_t", f->second.t);
        lp.set("pad_b", f->second.b);
        lp.set("pad_l", f->second.l);
        lp.set("pad_r", f->second.r);
    } else {
        lp.set("pad_mode", op.padding_valid ? "VALID" : "SAME");
    }
    if (!clamp(op.act, lp))
        return false;
    lp.blobs.push_back(k);
    lp.blobs.push_back(b);
    return add(kDepthwiseLayer, lp, in, op.out[0]) >= 0;
}

// A 1x1, stride-1 convolution goes to tuckcam's own pointwise layer
// (layers.hpp), bias and fused activation inside. `k` is [O, K].
bool Builder::pointwise_layer(const tc_tfl_op &op, const cv::Mat &k, int c)
{
    cv::Mat b;
    if (!bias(op, c, b))
        return false;
    cv::dnn::LayerParams lp;
    if (!clamp(op.act, lp))
        return false;
    lp.blobs.push_back(k);
    lp.blobs.push_back(b);
    return add(kPointwiseLayer, lp, op.in[0], op.out[0]) >= 0;
}

bool Builder::reshape(const tc_tfl_op &op)
{
    const tc_tfl_tensor &in = T(op.in[0]), &out = T(op.out[0]);
    int t = op.in[0];
    cv::dnn::LayerParams lp;
    if (in.rank == 4) { // NCHW back to NHWC before flattening
        int order[4] = { 0, 2, 3, 1 };
        lp.set("order", cv::dnn::DictValue::arrayInt(order, 4));
        if (add("Permute", lp, t, op.out[0]) < 0)
            return false;
        t = op.out[0];
    }
    std::vector<int> dims(out.shape, out.shape + out.rank);
    cv::dnn::LayerParams rp;
    rp.set("dim", cv::dnn::DictValue::arrayInt(dims.data(), (int)dims.size()));
    if (add("Reshape", rp, t, op.out[0]) < 0)
        return false;
    if (out.rank == 4) {
        int order[4] = { 0, 3, 1, 2 };
        cv::dnn::LayerParams pp;
        pp.set("order", cv::dnn::DictValue::arrayInt(order, 4));
        return add("Permute", pp, op.out[0], op.out[0]) >= 0;
    }
    return true;
}

int nchw_axis(int axis, int rank)
{
    if (axis < 0)
        axis += rank;
    if (rank != 4)
        return axis;
    static const int map[4] = { 0, 2, 3, 1 };
    return axis >= 0 && axis < 4 ? map[axis] : -1;
}

// A spatial-only PAD whose one consumer is a depthwise convolution with
// VALID padding is folded into that layer as explicit padding.
bool Builder::try_fold_pad(const tc_tfl_op &op, const std::vector<int> &pads)
{
    const int out = op.out[0];
    if (T(op.in[0]).rank != 4 || pads[0] || pads[1] || pads[2] || pads[3] ||
        uses_[(size_t)out] != 1)
        return false;
    for (size_t i = 0; i < m_->n_ops; i++) {
        const tc_tfl_op &c = m_->ops[i];
        if (c.n_in < 1 || c.in[0] != out)
            continue;
        if (c.code != TC_TFL_DEPTHWISE_CONV_2D) // the reader checked its in[1]
            return false;
        const tc_tfl_tensor &w = T(c.in[1]);
        return c.padding_valid &&
               c.dilation_h == 1 && c.dilation_w == 1 && w.rank == 4 &&
               w.shape[3] == T(op.in[0]).shape[3] &&
               (folds_[out] = Fold{ op.in[0], pads[4], pads[5], pads[6], pads[7] }, true);
    }
    return false;
}

bool Builder::pad(const tc_tfl_op &op)
{
    const tc_tfl_tensor &in = T(op.in[0]);
    if (op.n_in < 2 || op.in[1] < 0)
        return fail("PAD without paddings");
    const tc_tfl_tensor &p = T(op.in[1]);
    if (!p.data || p.type != TC_TFL_INT32 || p.size != (size_t)in.rank * 8)
        return fail("PAD paddings must be constant int32 [rank, 2]");
    std::vector<int> pads(2 * (size_t)in.rank);
    for (int d = 0; d < in.rank; d++) {
        int32_t before, after;
        std::memcpy(&before, p.data + 8 * d, 4);
        std::memcpy(&after, p.data + 8 * d + 4, 4);
        if (before < 0 || after < 0)
            return fail("PAD with negative padding");
        int nd = nchw_axis(d, in.rank);
        pads[2 * nd] = before;
        pads[2 * nd + 1] = after;
    }
    if (try_fold_pad(op, pads))
        return true;
    cv::dnn::LayerParams lp;
    lp.set("paddings", cv::dnn::DictValue::arrayInt(pads.data(), (int)pads.size()));
    lp.set("value", 0.0f);
    return add("Padding", lp, op.in[0], op.out[0]) >= 0;
}

bool Builder::densify(const tc_tfl_op &op)
{
    const tc_tfl_tensor &in = T(op.in[0]), &o = T(op.out[0]);
    if (!in.data || in.type != o.type ||
        in.rank != o.rank || !std::equal(in.shape, in.shape + in.rank, o.shape))
        return fail("DENSIFY supports constant sparse tensors of the same shape only");
    dense_[op.out[0]] = op.in[0];
    return true;
}

bool Builder::dequantize(const tc_tfl_op &op)
{
    const tc_tfl_tensor &in = D(op.in[0]);
    if (!in.data || in.type != TC_TFL_FLOAT16)
        return fail("DEQUANTIZE supports constant float16 only");
    const size_t n = in.size / 2;
    cv::Mat m(1, (int)n, CV_32F);
    for (size_t i = 0; i < n; i++) {
        uint16_t h;
        std::memcpy(&h, in.data + 2 * i, 2);
        m.ptr<float>()[i] = half_to_float(h);
    }
    consts_[op.out[0]] = m;
    return true;
}

bool Builder::sum(const tc_tfl_op &op)
{
    cv::dnn::LayerParams lp;
    cv::Mat c;
    if (op.n_in != 2 || constant(op.in[0], c) || constant(op.in[1], c))
        return fail("ADD of a constant is not supported");
    if (T(op.in[0]).rank != T(op.in[1]).rank)
        return fail("ADD with broadcasting is not supported");
    lp.set("operation", "sum");
    int id = add_multi("Eltwise", lp, { op.in[0], op.in[1] }, op.out[0]);
    return activation(op.act, id, op.out[0]);
}

bool Builder::concat(const tc_tfl_op &op)
{
    cv::dnn::LayerParams lp;
    const int axis = nchw_axis(op.axis, T(op.out[0]).rank);
    if (axis < 0)
        return fail("CONCATENATION axis out of range");
    lp.set("axis", axis);
    std::vector<int> ins(op.in, op.in + op.n_in);
    int id = add_multi("Concat", lp, ins, op.out[0]);
    return activation(op.act, id, op.out[0]);
}

bool Builder::max_pool(const tc_tfl_op &op)
{
    cv::dnn::LayerParams lp;
    lp.set("pool", "max");
    lp.set("kernel_h", op.filter_h);
    lp.set("kernel_w", op.filter_w);
    lp.set("stride_h", op.stride_h);
    lp.set("stride_w", op.stride_w);
    lp.set("pad_mode", op.padding_valid ? "VALID" : "SAME");
    int id = add("Pooling", lp, op.in[0], op.out[0]);
    return activation(op.act, id, op.out[0]);
}

bool Builder::resize_bilinear(const tc_tfl_op &op)
{
    cv::dnn::LayerParams lp;
    const tc_tfl_tensor &o = T(op.out[0]);
    if (o.rank != 4)
        return fail("RESIZE_BILINEAR output must be rank 4");
    lp.set("interpolation", "bilinear");
    lp.set("height", o.shape[1]);
    lp.set("width", o.shape[2]);
    lp.set("align_corners", op.align_corners != 0);
    lp.set("half_pixel_centers", op.half_pixel_centers != 0);
    return add("Resize", lp, op.in[0], op.out[0]) >= 0;
}

bool Builder::prelu(const tc_tfl_op &op)
{
    cv::dnn::LayerParams lp;
    cv::Mat a;
    const int out = op.out[0];
    const int c = T(out).rank == 4 ? T(out).shape[3] : -1;
    if (op.n_in < 2 || !constant(op.in[1], a) || (int)a.total() != c)
        return fail("PRELU needs a per-channel constant slope");
    lp.blobs.push_back(a.reshape(1, c));
    return add("PReLU", lp, op.in[0], out) >= 0;
}

bool Builder::op(const tc_tfl_op &op, int index)
{
    cv::dnn::LayerParams lp;
    const int out = op.out[0];
    char nb[32];
    switch (op.code) {
    case TC_TFL_DENSIFY:
        return densify(op);
    case TC_TFL_DEPTH_TO_SPACE:
        if (T(op.in[0]).rank != 4 || op.block_size < 1 || op.block_size > 64)
            return fail("DEPTH_TO_SPACE needs a rank-4 input and a block size of 1-64");
        lp.set("block_size", op.block_size);
        return add(kDepthToSpaceLayer, lp, op.in[0], out) >= 0;
    case TC_TFL_DEQUANTIZE:
        return dequantize(op);
    case TC_TFL_CONV_2D:
        return conv(op, false);
    case TC_TFL_DEPTHWISE_CONV_2D:
        return conv(op, true);
    case TC_TFL_ADD:
        return sum(op);
    case TC_TFL_CONCATENATION:
        return concat(op);
    case TC_TFL_MAX_POOL_2D:
        return max_pool(op);
    case TC_TFL_PAD:
        return pad(op);
    case TC_TFL_RESHAPE:
        return reshape(op);
    case TC_TFL_RESIZE_BILINEAR:
        return resize_bilinear(op);
    case TC_TFL_LOGISTIC:
        return add("Sigmoid", lp, op.in[0], out) >= 0;
    case TC_TFL_RELU:
        return add("ReLU", lp, op.in[0], out) >= 0;
    case TC_TFL_RELU6:
        lp.set("min_value", 0.0f);
        lp.set("max_value", 6.0f);
        return add("ReLU6", lp, op.in[0], out) >= 0;
    case TC_TFL_PRELU:
        return prelu(op);
    default:
        return fail("operator " + std::to_string(index) + ": unsupported " +
                    tc_tfl_opname(op.code, nb, sizeof nb));
    }
}

int Builder::run(const std::vector<std::string> &wanted, std::string &err)
{
    std::vector<int> outs;
    if (wanted.empty()) {
        outs.assign(m_->outputs, m_->outputs + m_->n_outputs);
    } else {
        for (const auto &w : wanted) {
            int found = -1;
            for (int i = 0; i < m_->n_outputs; i++)
                if (w == T(m_->outputs[i]).name)
                    found = m_->outputs[i];
            if (found < 0) {
                err = "model has no output named '" + w + "'";
                return TC_EINVAL;
            }
            outs.push_back(found);
        }
    }
    // Walk back from the wanted outputs: only the ops they need are built.
    std::vector<char> need_t(m_->n_tensors, 0), need_op(m_->n_ops, 0);
    for (int t : outs)
        need_t[(size_t)t] = 1;
    for (size_t i = m_->n_ops; i-- > 0;) {
        const tc_tfl_op &op = m_->ops[i];
        bool used = false;
        for (int j = 0; j < op.n_out; j++)
            used = used || (op.out[j] >= 0 && need_t[(size_t)op.out[j]]);
        if (!used)
            continue;
        need_op[i] = 1;
        for (int j = 0; j < op.n_in; j++)
            if (op.in[j] >= 0)
                need_t[(size_t)op.in[j]] = 1;
    }
    uses_.assign(m_->n_tensors, 0);
    for (size_t i = 0; i < m_->n_ops; i++)
        for (int j = 0; need_op[i] && j < m_->ops[i].n_in; j++)
            if (m_->ops[i].in[j] >= 0)
                uses_[(size_t)m_->ops[i].in[j]]++;
    for (int t : outs)
        uses_[(size_t)t]++;
    if (m_->n_inputs != 1 || T(m_->inputs[0]).rank != 4) {
        err = "expected one rank-4 image input";
        return TC_EUNSUPPORTED;
    }
    const tc_tfl_tensor &in = T(m_->inputs[0]);
    o_.in_shape.assign(in.shape, in.shape + 4);
    o_.net.setInputsNames({ "input" });
    prod_[m_->inputs[0]] = Port{ 0, 0 };
    for (size_t i = 0; i < m_->n_ops; i++) {
        if (!need_op[i])
            continue;
        cur_op_ = (int)i;
        if (!op(m_->ops[i], (int)i)) {
            err = err_;
            return err_.find("unsupported") != std::string::npos
                       ? TC_EUNSUPPORTED : TC_EFORMAT;
        }
    }
    for (int t : outs) {
        auto it = prod_.find(t);
        if (it == prod_.end()) {
            err = "output '" + std::string(T(t).name) + "' is not computed";
            return TC_EFORMAT;
        }
        o_.out_layers.push_back(names_[it->second.layer]);
    }
    return TC_OK;
}

} // namespace

int tflite_build(TfliteNet &out, const tc_tfl_model *m,
                 const std::vector<std::string> &wanted, std::string &err)
{
    try {
        register_layers();
        out = TfliteNet();
        Builder b(out, m);
        return b.run(wanted, err);
    } catch (const std::exception &e) {
        err = std::string("building the network: ") + e.what();
        return TC_EFORMAT;
    } catch (...) {
        err = "building the network: unknown exception";
        return TC_EINTERNAL;
    }
}

} // namespace tc
