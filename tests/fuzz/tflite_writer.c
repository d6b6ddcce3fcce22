/* tests/fuzz/tflite_writer.c — a forward-only TFLite flatbuffer writer.
 * Field numbers follow tensorflow/lite/schema/schema.fbs (as vision/tflite.c
 * reads them). */
#include "tests/fuzz/tflite_writer.h"

#include <string.h>

typedef struct fbw {
    uint8_t *b;
    size_t   n, cap;
    int      over;                 /* set when something did not fit */
} fbw;

static void set32(fbw *w, size_t at, uint32_t v)
{
    if (at > w->cap || w->cap - at < 4) {
        w->over = 1;
        return;
    }
    for (int i = 0; i < 4; i++)
        w->b[at + (size_t)i] = (uint8_t)(v >> (8 * i));
}

static size_t put32(fbw *w, uint32_t v)
{
    size_t at = w->n;
    set32(w, at, v);
    w->n += 4;
    return at;
}

static void put_bytes(fbw *w, const void *p, size_t n)
{
    if (w->n > w->cap || w->cap - w->n < n) {
        w->over = 1;
        return;
    }
    memcpy(w->b + w->n, p, n);
    w->n += n;
    while (w->n % 4 && w->n < w->cap)
        w->b[w->n++] = 0;
}

/* The uoffset at `field` points to `target` (always forward). */
static void link(fbw *w, size_t field, size_t target)
{
    set32(w, field, (uint32_t)(target - field));
}

/* vtable + table with `n` 4-byte fields, field i present when bit i of
 * `mask` is set; returns the table's position (field i at F(t, i)). */
static size_t table(fbw *w, int n, unsigned mask)
{
    size_t vt = w->n, t;
    uint16_t v[2 + 16];
    v[0] = (uint16_t)(4 + 2 * n);
    v[1] = (uint16_t)(4 + 4 * n);
    for (int i = 0; i < n; i++)
        v[2 + i] = (uint16_t)(mask >> i & 1u ? 4 + 4 * i : 0);
    put_bytes(w, v, (size_t)v[0]);
    t = put32(w, 0);
    set32(w, t, (uint32_t)(t - vt));
    for (int i = 0; i < n; i++)
        put32(w, 0);
    return t;
}

#define F(t, i) ((t) + 4 + 4 * (size_t)(i))
#define ALL 0xffffu

static size_t ints(fbw *w, int n, const int32_t *v)
{
    size_t at = put32(w, (uint32_t)n);
    for (int i = 0; i < n; i++)
        put32(w, (uint32_t)v[i]);
    return at;
}

/* A vector of `n` offsets (filled in later); returns its position, the
 * slot of element i is at +4+4i. */
static size_t slots(fbw *w, int n)
{
    size_t at = put32(w, (uint32_t)n);
    for (int i = 0; i < n; i++)
        put32(w, 0);
    return at;
}

/* A SparseIndexVector table (Uint16Vector or Uint8Vector) of `n` values. */
static size_t index_vector(fbw *w, const uint32_t *v, int n, int esz)
{
    uint8_t bytes[2 * TFW_MAX_DATA + 2];
    size_t t = table(w, 1, ALL);
    for (int i = 0; i < n; i++) {
        bytes[esz * i] = (uint8_t)v[i];
        if (esz == 2)
            bytes[2 * i + 1] = (uint8_t)(v[i] >> 8);
    }
    link(w, F(t, 0), put32(w, (uint32_t)n));
    put_bytes(w, bytes, (size_t)(n * esz));
    return t;
}

/* Element size of a tensor's constant data. */
static size_t elem_size(const tfw_tensor *x)
{
    return x->type == 1 /* FLOAT16 */ ? 2 : 4;
}

/* Block `k` (x->block elements, or 1) of the last dimension is non-zero. */
static int block_nonzero(const tfw_tensor *x, int k)
{
    size_t esz = elem_size(x), b = (size_t)(x->block > 1 ? x->block : 1);
    const uint8_t *p = (const uint8_t *)x->words + (size_t)k * b * esz;
    for (size_t i = 0; i < b * esz; i++)
        if (p[i])
            return 1;
    return 0;
}

static int elements_of(const tfw_tensor *x)
{
    int n = 1;
    for (int d = 0; d < x->rank; d++)
        n *= x->shape[d];
    return n;
}

/* SparsityParameters of `x`: every level dense but the last dimension's,
 * SPARSE_CSR over its non-zero blocks (Uint16 segments, Uint8 indices),
 * then the block level when x->block > 1. */
static size_t sparsity(fbw *w, const tfw_tensor *x)
{
    int32_t order[9], map = x->rank - 1;
    uint32_t seg[TFW_MAX_DATA + 1], idx[TFW_MAX_DATA];
    int b = x->block > 1 ? x->block : 1, levels = x->rank + (b > 1);
    int per_row = x->shape[x->rank - 1] / b, rows = elements_of(x) / (per_row * b), n = 0;
    size_t sp = table(w, 3, b > 1 ? 0x7u : 0x5u), dv, dm;
    for (int l = 0; l < levels; l++)
        order[l] = l;
    for (int r = 0; r < rows; r++) {
        seg[r] = (uint32_t)n;
        for (int c = 0; c < per_row; c++)
            if (block_nonzero(x, r * per_row + c))
                idx[n++] = (uint32_t)c;
    }
    seg[rows] = (uint32_t)n;
    link(w, F(sp, 0), ints(w, levels, order));
    if (b > 1)
        link(w, F(sp, 1), ints(w, 1, &map));
    dv = slots(w, levels);
    link(w, F(sp, 2), dv);
    for (int l = 0; l < levels; l++) {
        int csr = l == x->rank - 1;
        dm = table(w, 6, csr ? 0x3fu : 0x3u);
        link(w, dv + 4 + 4 * (size_t)l, dm);
        set32(w, F(dm, 0), (uint32_t)csr);
        set32(w, F(dm, 1), (uint32_t)(l < x->rank ? x->shape[l] : b));
        if (csr) {
            set32(w, F(dm, 2), 2);     /* Uint16Vector */
            set32(w, F(dm, 4), 3);     /* Uint8Vector */
            link(w, F(dm, 3), index_vector(w, seg, rows + 1, 2));
            link(w, F(dm, 5), index_vector(w, idx, n, 1));
        }
    }
    return sp;
}

static void tensor(fbw *w, size_t slot, const tfw_tensor *x, uint32_t buffer)
{
    size_t t = table(w, 7, x->sparse ? 0x4fu : 0xfu), s;
    link(w, slot, t);
    link(w, F(t, 0), ints(w, x->rank, x->shape));
    set32(w, F(t, 1), (uint32_t)x->type);
    set32(w, F(t, 2), buffer);
    s = put32(w, (uint32_t)strlen(x->name));
    put_bytes(w, x->name, strlen(x->name) + 1);
    link(w, F(t, 3), s);
    if (x->sparse)
        link(w, F(t, 6), sparsity(w, x));
}

/* Buffer data of `x`: its words (or n_bytes of them); when it is sparse,
 * the non-zero blocks only. */
static void buffer(fbw *w, size_t slot, const tfw_tensor *x)
{
    uint8_t nz[4 * TFW_MAX_DATA];
    size_t t = table(w, 1, ALL), bytes = x->n_bytes ? x->n_bytes : 4 * (size_t)x->n_words;
    size_t blk = (size_t)(x->block > 1 ? x->block : 1) * elem_size(x);
    const void *p = x->words;
    link(w, slot, t);
    if (x->sparse) {
        size_t n = 0;
        for (int k = 0; (size_t)k * blk < (size_t)elements_of(x) * elem_size(x); k++)
            if (block_nonzero(x, k)) {
                memcpy(nz + n, (const uint8_t *)x->words + (size_t)k * blk, blk);
                n += blk;
            }
        p = nz;
        bytes = n;
    }
    link(w, F(t, 0), put32(w, (uint32_t)bytes));
    put_bytes(w, p, bytes);
}

static int opcode_index(const int *codes, int n, int code)
{
    for (int i = 0; i < n; i++)
        if (codes[i] == code)
            return i;
    return -1;
}

static void operators(fbw *w, size_t model, size_t sg, const tfw_model *m)
{
    int codes[TFW_MAX_OPS], nc = 0;
    size_t v, ov;
    for (int i = 0; i < m->n_ops; i++)
        if (opcode_index(codes, nc, m->op[i].code) < 0)
            codes[nc++] = m->op[i].code;
    v = slots(w, nc);
    link(w, F(model, 1), v);
    for (int i = 0; i < nc; i++) {
        size_t oc = table(w, 4, 0x9u);   /* deprecated code, builtin_code */
        link(w, v + 4 + 4 * (size_t)i, oc);
        set32(w, F(oc, 0), (uint32_t)(codes[i] < 127 ? codes[i] : 127));
        set32(w, F(oc, 3), (uint32_t)codes[i]);
    }
    ov = slots(w, m->n_ops);
    link(w, F(sg, 3), ov);
    for (int i = 0; i < m->n_ops; i++) {
        const tfw_op *o = &m->op[i];
        size_t t = table(w, 5, o->n_opts ? 0x17u : 0x7u), opt;
        link(w, ov + 4 + 4 * (size_t)i, t);
        set32(w, F(t, 0), (uint32_t)opcode_index(codes, nc, o->code));
        link(w, F(t, 1), ints(w, o->n_in, o->in));
        link(w, F(t, 2), ints(w, o->n_out, o->out));
        if (!o->n_opts)
            continue;
        opt = table(w, o->n_opts, ALL);
        link(w, F(t, 4), opt);
        for (int k = 0; k < o->n_opts; k++)
            set32(w, F(opt, k), (uint32_t)o->opts[k]);
    }
}

static int fits_limits(const tfw_model *m)
{
    if (m->n_tensors < 1 || m->n_tensors > TFW_MAX_TENSORS || m->n_ops < 1 ||
        m->n_ops > TFW_MAX_OPS || m->n_in > TFW_MAX_IO || m->n_out > TFW_MAX_IO)
        return 0;
    for (int i = 0; i < m->n_tensors; i++) {
        const tfw_tensor *x = &m->t[i];
        int b = x->block > 1 ? x->block : 1;
        if (!x->name || x->rank < 1 || x->rank > 8 || x->n_words < 0 ||
            x->n_words > TFW_MAX_DATA || x->n_bytes > 4 * (size_t)x->n_words)
            return 0;
        if (x->sparse && (x->shape[x->rank - 1] % b ||
                          (x->n_bytes ? x->n_bytes : 4 * (size_t)x->n_words) !=
                              (size_t)elements_of(x) * elem_size(x)))
            return 0;
    }
    for (int i = 0; i < m->n_ops; i++)
        if (m->op[i].n_in > TFW_MAX_IO || m->op[i].n_out > TFW_MAX_IO ||
            m->op[i].n_opts > TFW_MAX_OPTS)
            return 0;
    return 1;
}

size_t tfw_write(uint8_t *buf, size_t cap, const tfw_model *m)
{
    fbw w = { buf, 0, cap, 0 };
    size_t model, sgv, sg, tv, bufs;
    uint32_t nbuf = 1;
    if (!fits_limits(m) || cap < 8)
        return 0;
    put32(&w, 0);
    put_bytes(&w, "TFL3", 4);
    model = table(&w, 5, 0x17u);    /* version, opcodes, subgraphs, buffers */
    link(&w, 0, model);
    set32(&w, F(model, 0), 3);
    sgv = slots(&w, 1);
    link(&w, F(model, 2), sgv);
    sg = table(&w, 4, ALL);          /* tensors, inputs, outputs, operators */
    link(&w, sgv + 4, sg);
    tv = slots(&w, m->n_tensors);
    link(&w, F(sg, 0), tv);
    for (int i = 0; i < m->n_tensors; i++)
        tensor(&w, tv + 4 + 4 * (size_t)i, &m->t[i], m->t[i].n_words ? nbuf++ : 0);
    link(&w, F(sg, 1), ints(&w, m->n_in, m->in));
    link(&w, F(sg, 2), ints(&w, m->n_out, m->out));
    operators(&w, model, sg, m);
    bufs = slots(&w, (int)nbuf);
    link(&w, F(model, 4), bufs);
    link(&w, bufs + 4, table(&w, 0, 0));
    for (int i = 0, k = 1; i < m->n_tensors; i++)
        if (m->t[i].n_words)
            buffer(&w, bufs + 4 + 4 * (size_t)k++, &m->t[i]);
    return w.over ? 0 : w.n;
}
