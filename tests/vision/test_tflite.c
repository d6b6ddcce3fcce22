/* tests/vision/test_tflite.c — the TFLite reader on hand-made flatbuffers
 * (valid, unsupported operator, bad indices, a sparse tensor, constant
 * data of the wrong size, every truncation), on random
 * corruption of a real model, and on the pinned models themselves. Under
 * ASan/UBSan a single out-of-bounds read fails the run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/models.h"
#include "vision/tflite.h"

/* A forward-only flatbuffer writer: every table's fields are 4 bytes wide
 * and every offset points forward, which the format allows. */
typedef struct fbw {
    uint8_t b[2048];
    size_t  n;
} fbw;

static size_t put32(fbw *w, uint32_t v)
{
    size_t at = w->n;
    assert_true(w->n + 4 <= sizeof w->b);
    for (int i = 0; i < 4; i++)
        w->b[w->n++] = (uint8_t)(v >> (8 * i));
    return at;
}

static void set32(fbw *w, size_t at, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        w->b[at + (size_t)i] = (uint8_t)(v >> (8 * i));
}

static void link(fbw *w, size_t field, size_t target)
{
    set32(w, field, (uint32_t)(target - field));
}

/* vtable + table with `n` 4-byte fields (all present); returns the table
 * position; field i lives at table + 4 + 4 i. */
static size_t table(fbw *w, int n)
{
    size_t vt = w->n, t;
    uint16_t vsize = (uint16_t)(4 + 2 * n), tsize = (uint16_t)(4 + 4 * n);
    w->b[w->n++] = (uint8_t)vsize; w->b[w->n++] = 0;
    w->b[w->n++] = (uint8_t)tsize; w->b[w->n++] = 0;
    for (int i = 0; i < n; i++) {
        w->b[w->n++] = (uint8_t)(4 + 4 * i);
        w->b[w->n++] = 0;
    }
    while (w->n % 4)
        w->b[w->n++] = 0;
    t = put32(w, 0);
    set32(w, t, (uint32_t)(t - vt));
    for (int i = 0; i < n; i++)
        put32(w, 0);
    return t;
}

#define F(t, i) ((t) + 4 + 4 * (size_t)(i))

static size_t ints(fbw *w, int n, const int32_t *v)
{
    size_t at = put32(w, (uint32_t)n);
    for (int i = 0; i < n; i++)
        put32(w, (uint32_t)v[i]);
    return at;
}

/* Sparse layout of variant 3: tensor 0 [1,4,4,2] float32, the last
 * dimension SPARSE_CSR. Of the 16 (n,h,w) cells, those with p % 3 != 0
 * hold one value, at channel p % 2: values 1..10 in that order.
 * `corrupt` 1 puts a channel index out of range, 2 one segment too few,
 * 3 a traversal order that is no permutation. */
static size_t sparse_table(fbw *w, int corrupt)
{
    int32_t order[4] = { 0, 1, 2, 3 }, seg[17], idx[10];
    size_t sp, dv, dm[4];
    int n = 0;
    for (int p = 0; p < 16; p++) {
        seg[p] = n;
        if (p % 3)
            idx[n++] = p % 2;
    }
    seg[16] = n;
    if (corrupt == 1)
        idx[4] = 2;
    if (corrupt == 3)
        order[2] = 1;
    sp = table(w, 3);                       /* traversal_order, block_map, dim_metadata */
    link(w, F(sp, 0), ints(w, 4, order));
    dv = put32(w, 4);
    for (int i = 0; i < 4; i++)
        put32(w, 0);
    link(w, F(sp, 2), dv);
    for (int l = 0; l < 4; l++) {
        static const int sizes[4] = { 1, 4, 4, 0 };
        dm[l] = table(w, 6);       /* format, dense_size, seg type, seg, idx type, idx */
        link(w, dv + 4 + 4 * (size_t)l, dm[l]);
        set32(w, F(dm[l], 1), (uint32_t)sizes[l]);
    }
    set32(w, F(dm[3], 0), 1);                  /* SPARSE_CSR */
    set32(w, F(dm[3], 2), 1);                  /* Int32Vector */
    set32(w, F(dm[3], 4), 1);
    {
        size_t sv = table(w, 1), iv = table(w, 1);
        link(w, F(dm[3], 3), sv);
        link(w, F(dm[3], 5), iv);
        link(w, F(sv, 0), ints(w, corrupt == 2 ? 16 : 17, seg));
        link(w, F(iv, 0), ints(w, n, idx));
    }
    return sp;
}

/* Model: one operator `code` from tensor 0 [1,4,4,2] to tensor 1, whose
 * input index is `in_index`. `variant` 1 gives tensor 0 a name and a
 * sparsity table; 2 gives it 5 bytes of constant data (its shape wants 128);
 * 3 (+ corrupt 0-3, as variant 3..6) sparse data (sparse_table). */
static size_t make_model_v(fbw *w, int code, int in_index, int variant)
{
    static const int32_t shape[4] = { 1, 4, 4, 2 };
    size_t model, v, oc, sg, tv, t[2], op, bufs, buf;
    memset(w, 0, sizeof *w);
    put32(w, 0);
    memcpy(w->b + 4, "TFL3", 4);
    w->n = 8;
    model = table(w, 5);           /* version, opcodes, subgraphs, desc, buffers */
    link(w, 0, model);
    set32(w, F(model, 0), 3);
    v = put32(w, 1); put32(w, 0); link(w, F(model, 1), v);
    oc = table(w, 4); link(w, v + 4, oc);
    set32(w, F(oc, 0), (uint32_t)(code < 127 ? code : 127));
    set32(w, F(oc, 3), (uint32_t)code);
    v = put32(w, 1); put32(w, 0); link(w, F(model, 2), v);
    sg = table(w, 4); link(w, v + 4, sg);    /* tensors, inputs, outputs, ops */
    tv = put32(w, 2); put32(w, 0); put32(w, 0); link(w, F(sg, 0), tv);
    for (int i = 0; i < 2; i++) {
        /* shape, type, buffer (+ name, quantization, is_variable, sparsity) */
        t[i] = table(w, i == 0 && variant != 0 && variant != 2 ? 7 : 3);
        link(w, tv + 4 + 4 * (size_t)i, t[i]);
        link(w, F(t[i], 0), ints(w, 4, shape));
    }
    if (variant == 1 || variant >= 3) {        /* name "w", sparsity */
        size_t s = put32(w, 1);
        put32(w, 'w');
        link(w, F(t[0], 3), s);
        link(w, F(t[0], 6), variant == 1 ? table(w, 0) : sparse_table(w, variant - 3));
    }
    if (variant >= 2)
        set32(w, F(t[0], 2), 1);

    { int32_t one = 0; link(w, F(sg, 1), ints(w, 1, &one)); }
    { int32_t one = 1; link(w, F(sg, 2), ints(w, 1, &one)); }
    v = put32(w, 1); put32(w, 0); link(w, F(sg, 3), v);
    op = table(w, 3); link(w, v + 4, op);    /* opcode_index, inputs, outputs */
    { int32_t i0 = in_index; link(w, F(op, 1), ints(w, 1, &i0)); }
    { int32_t o0 = 1; link(w, F(op, 2), ints(w, 1, &o0)); }
    bufs = put32(w, variant >= 2 ? 2 : 1); put32(w, 0);
    if (variant >= 2)
        put32(w, 0);
    link(w, F(model, 4), bufs);
    buf = table(w, 0); link(w, bufs + 4, buf);
    if (variant == 2) {                        /* buffer 1: 5 bytes */
        size_t d;
        buf = table(w, 1); link(w, bufs + 8, buf);
        d = put32(w, 5); put32(w, 0x01020304); put32(w, 5);
        link(w, F(buf, 0), d);
    } else if (variant >= 3) {                 /* buffer 1: ten floats 1..10 */
        size_t d;
        buf = table(w, 1); link(w, bufs + 8, buf);
        d = put32(w, 40);
        for (int i = 1; i <= 10; i++) {
            float x = (float)i;
            uint32_t u;
            memcpy(&u, &x, 4);
            put32(w, u);
        }
        link(w, F(buf, 0), d);
    }
    return w->n;
}

static size_t make_model(fbw *w, int code, int in_index)
{
    return make_model_v(w, code, in_index, 0);
}

static void minimal_model_parses(void **state)
{
    fbw w;
    tc_tfl_model *m;
    char err[256];
    size_t n = make_model(&w, TC_TFL_RELU, 0);
    (void)state;
    assert_int_equal(tc_tfl_parse(&m, w.b, n, err, sizeof err), TC_OK);
    assert_int_equal(m->n_ops, 1);
    assert_int_equal(m->ops[0].code, TC_TFL_RELU);
    assert_int_equal(m->n_tensors, 2);
    assert_int_equal(m->tensors[0].rank, 4);
    assert_int_equal(m->tensors[0].shape[3], 2);
    tc_tfl_free(m);
}

static void unsupported_operator_is_named(void **state)
{
    fbw w;
    tc_tfl_model *m = (tc_tfl_model *)1;
    char err[256];
    (void)state;
    size_t n = make_model(&w, 9, 0);
    assert_int_equal(tc_tfl_parse(&m, w.b, n, err, sizeof err), TC_EUNSUPPORTED);
    assert_null(m);
    assert_non_null(strstr(err, "FULLY_CONNECTED"));
    n = make_model(&w, 32, 0);
    assert_int_equal(tc_tfl_parse(&m, w.b, n, err, sizeof err), TC_EUNSUPPORTED);
    assert_non_null(strstr(err, "CUSTOM"));
    n = make_model(&w, 150, 0);
    assert_int_equal(tc_tfl_parse(&m, w.b, n, err, sizeof err), TC_EUNSUPPORTED);
    assert_non_null(strstr(err, "BUILTIN_150"));
}

static void bad_tensor_index_is_corrupt(void **state)
{
    fbw w;
    tc_tfl_model *m;
    char err[256];
    (void)state;
    size_t n = make_model(&w, TC_TFL_RELU, 7);
    assert_int_equal(tc_tfl_parse(&m, w.b, n, err, sizeof err), TC_EFORMAT);
    assert_non_null(strstr(err, "corrupt"));
    n = make_model(&w, TC_TFL_RELU, -5);
    assert_int_equal(tc_tfl_parse(&m, w.b, n, err, sizeof err), TC_EFORMAT);
}


static void tensor_problems_are_named(void **state)
{
    fbw w;
    tc_tfl_model *m = (tc_tfl_model *)1;
    char err[256];
    (void)state;
    size_t n = make_model_v(&w, TC_TFL_RELU, 0, 1);
    assert_int_equal(tc_tfl_parse(&m, w.b, n, err, sizeof err), TC_EFORMAT);
    assert_null(m);
    assert_non_null(strstr(err, "tensor 0 'w'"));
    assert_non_null(strstr(err, "sparse"));
    n = make_model_v(&w, TC_TFL_RELU, 0, 2);
    assert_int_equal(tc_tfl_parse(&m, w.b, n, err, sizeof err), TC_EFORMAT);
    assert_non_null(strstr(err, "tensor 0"));
    assert_non_null(strstr(err, "5 bytes of constant data for 32 elements"));
}
static void sparse_tensor_is_densified(void **state)
{
    fbw w;
    tc_tfl_model *m;
    char err[256];
    float got[32], want[32] = { 0 };
    size_t n = make_model_v(&w, TC_TFL_RELU, 0, 3);
    (void)state;
    assert_int_equal(tc_tfl_parse(&m, w.b, n, err, sizeof err), TC_OK);
    assert_non_null(m->tensors[0].dense);
    assert_int_equal(m->tensors[0].size, sizeof got);
    memcpy(got, m->tensors[0].data, sizeof got);
    for (int p = 0, v = 1; p < 16; p++)
        if (p % 3)
            want[2 * p + p % 2] = (float)v++;
    assert_memory_equal(got, want, sizeof want);
    tc_tfl_free(m);
    for (int bad = 4; bad <= 6; bad++) {
        m = (tc_tfl_model *)1;
        n = make_model_v(&w, TC_TFL_RELU, 0, bad);
        assert_int_equal(tc_tfl_parse(&m, w.b, n, err, sizeof err), TC_EFORMAT);
        assert_null(m);
        assert_non_null(strstr(err, "tensor 0 'w'"));
        assert_non_null(strstr(err, "sparsity"));
    }
}

static void every_truncation_is_refused(void **state)
{
    fbw w;
    tc_tfl_model *m;
    char err[256];
    size_t n = make_model(&w, TC_TFL_RELU, 0);
    (void)state;
    for (size_t k = 0; k < n; k++) {
        int rc = tc_tfl_parse(&m, w.b, k, err, sizeof err);
        assert_int_equal(rc, TC_EFORMAT);
        assert_null(m);
    }
    assert_int_equal(tc_tfl_parse(&m, NULL, 0, err, sizeof err), TC_EFORMAT);
}

static uint8_t *real_model(size_t *n, tc_model_id id)
{
    char dir[1024], err[512];
    uint8_t *buf = NULL;
    if (tc_models_dir(dir, sizeof dir, NULL) < 0 ||
        tc_model_read(&buf, n, dir, id, err, sizeof err) < 0)
        return NULL;
    return buf;
}

static void pinned_models_parse_with_supported_ops(void **state)
{
    static const tc_model_id ids[] = { TC_MODEL_FACE_DETECTOR, TC_MODEL_FACE_LANDMARK,
                                       TC_MODEL_POSE_LITE, TC_MODEL_POSE_FULL,
                                       TC_MODEL_POSE_HEAVY, TC_MODEL_POSE_DETECTOR };
    (void)state;
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        size_t n;
        uint8_t *buf = real_model(&n, ids[i]);
        tc_tfl_model *m;
        char err[256];
        if (!buf)
            skip();
        assert_int_equal(tc_tfl_parse(&m, buf, n, err, sizeof err), TC_OK);
        assert_true(m->n_ops > 100);
        tc_tfl_free(m);
        free(buf);
    }
}

static void corruption_never_crashes(void **state)
{
    size_t n;
    uint8_t *orig = real_model(&n, TC_MODEL_FACE_DETECTOR), *buf;
    uint32_t seed = 12345;
    (void)state;
    if (!orig)
        skip();
    buf = malloc(n);
    assert_non_null(buf);
    for (int round = 0; round < 300; round++) {
        tc_tfl_model *m;
        char err[256];
        memcpy(buf, orig, n);
        for (int k = 0; k < 8; k++) { /* flip bytes in the first 16 kB: the graph */
            seed = seed * 1664525u + 1013904223u;
            buf[(seed >> 8) % (n < 16384 ? n : 16384)] ^= (uint8_t)(seed >> 24 | 1);
        }
        int rc = tc_tfl_parse(&m, buf, round % 3 ? n : n / 2, err, sizeof err);
        assert_true(rc == TC_OK || rc == TC_EFORMAT || rc == TC_EUNSUPPORTED ||
                    rc == TC_ERANGE);
        tc_tfl_free(rc == TC_OK ? m : NULL);
    }
    free(buf);
    free(orig);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(minimal_model_parses),
        cmocka_unit_test(unsupported_operator_is_named),
        cmocka_unit_test(bad_tensor_index_is_corrupt),
        cmocka_unit_test(tensor_problems_are_named),
        cmocka_unit_test(sparse_tensor_is_densified),
        cmocka_unit_test(every_truncation_is_refused),
        cmocka_unit_test(pinned_models_parse_with_supported_ops),
        cmocka_unit_test(corruption_never_crashes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
