/* tests/fuzz/tflite_seeds.c — the seed models of the TFLite fuzz targets:
 * each a few operators of the builder's set (vision/tflite_net.cpp) with
 * consistent NHWC shapes and deterministic weights. */
#include "tests/fuzz/tflite_writer.h"

#include <stdarg.h>
#include <string.h>

#include "vision/tflite.h"

/* Add a tensor of `rank` dimensions (given after it); returns its index. */
static int32_t tensor(tfw_model *m, const char *name, int type, int rank, ...)
{
    tfw_tensor *t = &m->t[m->n_tensors];
    va_list ap;
    va_start(ap, rank);
    t->name = name;
    t->type = type;
    t->rank = rank;
    for (int d = 0; d < rank; d++)
        t->shape[d] = va_arg(ap, int32_t);
    va_end(ap);
    return (int32_t)m->n_tensors++;
}

/* Constant float32 data for tensor `i`: as many elements as its shape,
 * small values that repeat with period 7; `zeros` > 0 zeroes every
 * zeros-th (for sparse storage). */
static void weights(tfw_model *m, int32_t i, int zeros)
{
    tfw_tensor *t = &m->t[i];
    int n = 1;
    for (int d = 0; d < t->rank; d++)
        n *= t->shape[d];
    t->n_words = n;
    for (int k = 0; k < n; k++) {
        float v = zeros && k % zeros == 0 ? 0.0f : (float)(k % 7 - 3) * 0.25f;
        memcpy(&t->words[k], &v, 4);
    }
}

static void int_data(tfw_model *m, int32_t i, int n, const int32_t *v)
{
    m->t[i].n_words = n;
    memcpy(m->t[i].words, v, 4 * (size_t)n);
}

/* Add operator `code`: `n_in` inputs, one output, then `n_opts` options. */
static void op(tfw_model *m, int code, int n_in, const int32_t *in, int32_t out,
               int n_opts, const int32_t *opts)
{
    tfw_op *o = &m->op[m->n_ops++];
    o->code = code;
    o->n_in = n_in;
    memcpy(o->in, in, sizeof *in * (size_t)n_in);
    o->n_out = 1;
    o->out[0] = out;
    o->n_opts = n_opts;
    if (n_opts)
        memcpy(o->opts, opts, sizeof *opts * (size_t)n_opts);
}

static void io(tfw_model *m, int32_t in, int32_t out)
{
    m->n_in = m->n_out = 1;
    m->in[0] = in;
    m->out[0] = out;
}

/* 3x3 stride-2 convolution (bias, RELU6), a 1x1 one (pointwise layer, no
 * bias, RELU), a LOGISTIC. */
static void seed_conv(tfw_model *m)
{
    int32_t x = tensor(m, "input", TC_TFL_FLOAT32, 4, 1, 8, 8, 3);
    int32_t w = tensor(m, "conv/w", TC_TFL_FLOAT32, 4, 4, 3, 3, 3);
    int32_t b = tensor(m, "conv/b", TC_TFL_FLOAT32, 1, 4);
    int32_t y = tensor(m, "conv", TC_TFL_FLOAT32, 4, 1, 4, 4, 4);
    int32_t w1 = tensor(m, "pw/w", TC_TFL_FLOAT32, 4, 2, 1, 1, 4);
    int32_t z = tensor(m, "pw", TC_TFL_FLOAT32, 4, 1, 4, 4, 2);
    int32_t s = tensor(m, "sigmoid", TC_TFL_FLOAT32, 4, 1, 4, 4, 2);
    weights(m, w, 0);
    weights(m, b, 0);
    weights(m, w1, 0);
    op(m, TC_TFL_CONV_2D, 3, (int32_t[]){ x, w, b }, y, 6,
       (int32_t[]){ 0, 2, 2, TC_TFL_ACT_RELU6, 1, 1 });
    op(m, TC_TFL_CONV_2D, 3, (int32_t[]){ y, w1, -1 }, z, 6,
       (int32_t[]){ 0, 1, 1, TC_TFL_ACT_RELU, 1, 1 });
    op(m, TC_TFL_LOGISTIC, 1, (int32_t[]){ z }, s, 0, NULL);
    io(m, x, s);
}

/* PAD folded into a VALID depthwise convolution, a residual ADD (RELU), a
 * dilated depthwise convolution with multiplier 2 (OpenCV's grouped
 * convolution), RELU6. */
static void seed_depthwise(tfw_model *m)
{
    static const int32_t pads[8] = { 0, 0, 1, 1, 1, 1, 0, 0 };
    int32_t x = tensor(m, "input", TC_TFL_FLOAT32, 4, 1, 6, 6, 4);
    int32_t p = tensor(m, "pads", TC_TFL_INT32, 2, 4, 2);
    int32_t xp = tensor(m, "padded", TC_TFL_FLOAT32, 4, 1, 8, 8, 4);
    int32_t w = tensor(m, "dw/w", TC_TFL_FLOAT32, 4, 1, 3, 3, 4);
    int32_t b = tensor(m, "dw/b", TC_TFL_FLOAT32, 1, 4);
    int32_t y = tensor(m, "dw", TC_TFL_FLOAT32, 4, 1, 6, 6, 4);
    int32_t r = tensor(m, "add", TC_TFL_FLOAT32, 4, 1, 6, 6, 4);
    int32_t w2 = tensor(m, "dw2/w", TC_TFL_FLOAT32, 4, 1, 3, 3, 8);
    int32_t z = tensor(m, "dw2", TC_TFL_FLOAT32, 4, 1, 6, 6, 8);
    int32_t o = tensor(m, "relu6", TC_TFL_FLOAT32, 4, 1, 6, 6, 8);
    int_data(m, p, 8, pads);
    weights(m, w, 0);
    weights(m, b, 0);
    weights(m, w2, 0);
    op(m, TC_TFL_PAD, 2, (int32_t[]){ x, p }, xp, 0, NULL);
    op(m, TC_TFL_DEPTHWISE_CONV_2D, 3, (int32_t[]){ xp, w, b }, y, 7,
       (int32_t[]){ 1, 1, 1, 1, TC_TFL_ACT_NONE, 1, 1 });
    op(m, TC_TFL_ADD, 2, (int32_t[]){ x, y }, r, 1, (int32_t[]){ TC_TFL_ACT_RELU });
    op(m, TC_TFL_DEPTHWISE_CONV_2D, 2, (int32_t[]){ r, w2 }, z, 7,
       (int32_t[]){ 0, 1, 1, 2, TC_TFL_ACT_NONE, 2, 2 });
    op(m, TC_TFL_RELU6, 1, (int32_t[]){ z }, o, 0, NULL);
    io(m, x, o);
}

/* MAX_POOL_2D beside a strided convolution, CONCATENATION of the two on
 * the channels, RESHAPE to a vector. */
static void seed_pool_concat(tfw_model *m)
{
    int32_t x = tensor(m, "input", TC_TFL_FLOAT32, 4, 1, 8, 8, 2);
    int32_t mp = tensor(m, "pool", TC_TFL_FLOAT32, 4, 1, 4, 4, 2);
    int32_t w = tensor(m, "conv/w", TC_TFL_FLOAT32, 4, 3, 3, 3, 2);
    int32_t b = tensor(m, "conv/b", TC_TFL_FLOAT32, 1, 3);
    int32_t y = tensor(m, "conv", TC_TFL_FLOAT32, 4, 1, 4, 4, 3);
    int32_t c = tensor(m, "concat", TC_TFL_FLOAT32, 4, 1, 4, 4, 5);
    int32_t r = tensor(m, "flat", TC_TFL_FLOAT32, 2, 1, 80);
    weights(m, w, 0);
    weights(m, b, 0);
    op(m, TC_TFL_MAX_POOL_2D, 1, (int32_t[]){ x }, mp, 6,
       (int32_t[]){ 1, 2, 2, 2, 2, TC_TFL_ACT_NONE });
    op(m, TC_TFL_CONV_2D, 3, (int32_t[]){ x, w, b }, y, 6,
       (int32_t[]){ 0, 2, 2, TC_TFL_ACT_NONE, 1, 1 });
    op(m, TC_TFL_CONCATENATION, 2, (int32_t[]){ mp, y }, c, 2,
       (int32_t[]){ 3, TC_TFL_ACT_RELU });
    op(m, TC_TFL_RESHAPE, 1, (int32_t[]){ c }, r, 0, NULL);
    io(m, x, r);
}

/* DEPTH_TO_SPACE, RESIZE_BILINEAR (half-pixel centres), PRELU, RELU. */
static void seed_upsample(tfw_model *m)
{
    static const int32_t size[2] = { 16, 16 };
    int32_t x = tensor(m, "input", TC_TFL_FLOAT32, 4, 1, 4, 4, 8);
    int32_t d = tensor(m, "d2s", TC_TFL_FLOAT32, 4, 1, 8, 8, 2);
    int32_t sz = tensor(m, "size", TC_TFL_INT32, 1, 2);
    int32_t u = tensor(m, "resize", TC_TFL_FLOAT32, 4, 1, 16, 16, 2);
    int32_t a = tensor(m, "prelu/alpha", TC_TFL_FLOAT32, 3, 1, 1, 2);
    int32_t p = tensor(m, "prelu", TC_TFL_FLOAT32, 4, 1, 16, 16, 2);
    int32_t o = tensor(m, "relu", TC_TFL_FLOAT32, 4, 1, 16, 16, 2);
    int_data(m, sz, 2, size);
    weights(m, a, 0);
    op(m, TC_TFL_DEPTH_TO_SPACE, 1, (int32_t[]){ x }, d, 1, (int32_t[]){ 2 });
    op(m, TC_TFL_RESIZE_BILINEAR, 2, (int32_t[]){ d, sz }, u, 4,
       (int32_t[]){ 0, 0, 0, 1 });
    op(m, TC_TFL_PRELU, 2, (int32_t[]){ u, a }, p, 0, NULL);
    op(m, TC_TFL_RELU, 1, (int32_t[]){ p }, o, 0, NULL);
    io(m, x, o);
}

/* Sparse (CSR) 1x1 weights through DENSIFY, a float16 bias through
 * DEQUANTIZE, into a pointwise convolution. */
static void seed_sparse(tfw_model *m)
{
    static const uint16_t half[4] = { 0x3c00, 0xb800, 0x0000, 0x4000 };
    int32_t x = tensor(m, "input", TC_TFL_FLOAT32, 4, 1, 4, 4, 4);
    int32_t ws = tensor(m, "w/sparse", TC_TFL_FLOAT32, 4, 4, 1, 1, 4);
    int32_t w = tensor(m, "w", TC_TFL_FLOAT32, 4, 4, 1, 1, 4);
    int32_t bh = tensor(m, "b/f16", TC_TFL_FLOAT16, 1, 4);
    int32_t b = tensor(m, "b", TC_TFL_FLOAT32, 1, 4);
    int32_t y = tensor(m, "conv", TC_TFL_FLOAT32, 4, 1, 4, 4, 4);
    weights(m, ws, 3);
    m->t[ws].sparse = 1;
    m->t[bh].n_words = 2;
    m->t[bh].n_bytes = sizeof half;
    memcpy(m->t[bh].words, half, sizeof half);
    op(m, TC_TFL_DENSIFY, 1, (int32_t[]){ ws }, w, 0, NULL);
    op(m, TC_TFL_DEQUANTIZE, 1, (int32_t[]){ bh }, b, 0, NULL);
    op(m, TC_TFL_CONV_2D, 3, (int32_t[]){ x, w, b }, y, 6,
       (int32_t[]){ 0, 1, 1, TC_TFL_ACT_NONE, 1, 1 });
    io(m, x, y);
}

/* Block-sparse float16 1x1 weights (blocks of 4 channels, the pose
 * detector's layout) through DENSIFY and DEQUANTIZE, into a pointwise
 * convolution. */
static void seed_sparse_block(tfw_model *m)
{
    int32_t x = tensor(m, "input", TC_TFL_FLOAT32, 4, 1, 4, 4, 8);
    int32_t ws = tensor(m, "w/f16/sparse", TC_TFL_FLOAT16, 4, 4, 1, 1, 8);
    int32_t wh = tensor(m, "w/f16", TC_TFL_FLOAT16, 4, 4, 1, 1, 8);
    int32_t w = tensor(m, "w", TC_TFL_FLOAT32, 4, 4, 1, 1, 8);
    int32_t y = tensor(m, "conv", TC_TFL_FLOAT32, 4, 1, 4, 4, 4);
    uint16_t half[32];
    for (int k = 0; k < 32; k++)     /* blocks 1, 2 and 6 of 8 zero */
        half[k] = k / 4 == 1 || k / 4 == 2 || k / 4 == 6 ? 0 : (uint16_t)(0x3000 + 0x100 * k);
    m->t[ws].sparse = 1;
    m->t[ws].block = 4;
    m->t[ws].n_words = 16;
    memcpy(m->t[ws].words, half, sizeof half);
    op(m, TC_TFL_DENSIFY, 1, (int32_t[]){ ws }, wh, 0, NULL);
    op(m, TC_TFL_DEQUANTIZE, 1, (int32_t[]){ wh }, w, 0, NULL);
    op(m, TC_TFL_CONV_2D, 2, (int32_t[]){ x, w }, y, 6,
       (int32_t[]){ 0, 1, 1, TC_TFL_ACT_RELU, 1, 1 });
    io(m, x, y);
}

static const struct {
    const char *name;
    void (*make)(tfw_model *m);
} seeds[] = {
    { "conv.tflite", seed_conv },
    { "depthwise.tflite", seed_depthwise },
    { "pool_concat.tflite", seed_pool_concat },
    { "upsample.tflite", seed_upsample },
    { "sparse.tflite", seed_sparse },
    { "sparse_block.tflite", seed_sparse_block },
};

int tfw_seed_count(void)
{
    return (int)(sizeof seeds / sizeof seeds[0]);
}

const char *tfw_seed(int i, tfw_model *m)
{
    if (i < 0 || i >= tfw_seed_count())
        return NULL;
    memset(m, 0, sizeof *m);
    seeds[i].make(m);
    return seeds[i].name;
}
