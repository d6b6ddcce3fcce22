/* vision/tflite.c — bounds-checked flatbuffer walk over the TFLite schema.
 * Field numbers follow tensorflow/lite/schema/schema.fbs. */
#include "vision/tflite.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

typedef struct fb {
    const uint8_t *b;
    size_t         n;
    int            bad;          /* set on the first out-of-bounds access */
    char          *err;
    size_t         errcap;
} fb;

/* Inputs or outputs of one operator: far above what any needs (the
 * tensor, operator and element limits are TC_TFL_MAX_* in tflite.h). */
enum { MAX_IO = 1 << 10 };

static int fb_ok(fb *f, size_t off, size_t len)
{
    if (f->bad || off > f->n || len > f->n - off) {
        f->bad = 1;
        return 0;
    }
    return 1;
}

static uint32_t rd32(fb *f, size_t off)
{
    uint32_t v = 0;
    if (fb_ok(f, off, 4))
        v = (uint32_t)f->b[off] | (uint32_t)f->b[off + 1] << 8 |
            (uint32_t)f->b[off + 2] << 16 | (uint32_t)f->b[off + 3] << 24;
    return v;
}

static uint16_t rd16(fb *f, size_t off)
{
    if (!fb_ok(f, off, 2))
        return 0;
    return (uint16_t)(f->b[off] | f->b[off + 1] << 8);
}

static uint8_t rd8(fb *f, size_t off)
{
    return fb_ok(f, off, 1) ? f->b[off] : 0;
}

/* Absolute position of the uoffset target stored at `p` (0 when p is 0,
 * i.e. an absent field, or on error). */
static size_t deref(fb *f, size_t p)
{
    uint32_t o;
    if (!p)
        return 0;
    o = rd32(f, p);
    if (f->bad || o == 0 || !fb_ok(f, p + o, 4))
        return 0;
    return p + o;
}

/* Absolute position of field `id` of table `t`, 0 if absent or bad. */
static size_t field(fb *f, size_t t, int id)
{
    int32_t soff;
    size_t vt, slot;
    uint16_t vtlen, objlen, o;
    if (!t || !fb_ok(f, t, 4))
        return 0;
    soff = (int32_t)rd32(f, t);
    if (soff > 0 ? (size_t)soff > t : (size_t)(-(int64_t)soff) > f->n - t) {
        f->bad = 1;
        return 0;
    }
    vt = (size_t)((int64_t)t - soff);
    vtlen = rd16(f, vt);
    objlen = rd16(f, vt + 2);
    if (f->bad || vtlen < 4 || (vtlen & 1) || !fb_ok(f, vt, vtlen) ||
        !fb_ok(f, t, objlen)) {
        f->bad = 1;
        return 0;
    }
    slot = 4 + 2 * (size_t)id;
    if (slot + 2 > vtlen)
        return 0;
    o = rd16(f, vt + slot);
    if (!o)
        return 0;
    if (o >= objlen) {
        f->bad = 1;
        return 0;
    }
    return t + o;
}

static int32_t field_i32(fb *f, size_t t, int id, int32_t def)
{
    size_t p = field(f, t, id);
    return p ? (int32_t)rd32(f, p) : def;
}

static int field_u8(fb *f, size_t t, int id, int def)
{
    size_t p = field(f, t, id);
    return p ? rd8(f, p) : def;
}

/* Vector field: element count in *len, first element's position returned
 * (0 if absent). Checks that len * elem bytes fit in the file. */
static size_t field_vec(fb *f, size_t t, int id, size_t elem, uint32_t *len)
{
    size_t p = field(f, t, id), v;
    *len = 0;
    if (!p)
        return 0;
    v = deref(f, p);
    if (!v)
        return 0;
    *len = rd32(f, v);
    if (!fb_ok(f, v + 4, (size_t)*len * elem)) {
        *len = 0;
        return 0;
    }
    return v + 4;
}

static size_t vec_table(fb *f, size_t start, uint32_t i)
{
    return deref(f, start + 4 * (size_t)i);
}

static int fb_fail(fb *f, int code, const char *what)
{
    if (f->bad || code == TC_EFORMAT)
        tc__fmt(f->err, f->errcap, "corrupt TFLite model: %s", what);
    return f->bad ? TC_EFORMAT : code;
}

static char *dup_string(fb *f, size_t t, int id)
{
    uint32_t len;
    size_t s = field_vec(f, t, id, 1, &len);
    char *out = malloc((size_t)len + 1);
    if (!out)
        return NULL;
    if (s && len)
        memcpy(out, f->b + s, len);
    out[len] = '\0';
    for (uint32_t i = 0; i < len; i++)
        if (out[i] == '\0' || (unsigned char)out[i] < 0x20)
            out[i] = '?';
    return out;
}

static int read_ints(fb *f, size_t t, int id, int32_t **out, int *n, int max)
{
    uint32_t len;
    size_t s = field_vec(f, t, id, 4, &len);
    *out = NULL;
    *n = 0;
    if (f->bad)
        return TC_EFORMAT;
    if (len > (uint32_t)max)
        return TC_ERANGE;
    *out = calloc(len ? len : 1, sizeof **out);
    if (!*out)
        return TC_ENOMEM;
    for (uint32_t i = 0; i < len; i++)
        (*out)[i] = (int32_t)rd32(f, s + 4 * (size_t)i);
    *n = (int)len;
    return TC_OK;
}

/* Constant data of buffer `idx` (Model.buffers), bounds-checked. */
static int buffer_data(fb *f, size_t model, uint32_t idx, const uint8_t **data,
                       size_t *size)
{
    uint32_t nbuf, len;
    size_t bufs = field_vec(f, model, 4, 4, &nbuf), bt, d;
    *data = NULL;
    *size = 0;
    if (idx == 0)
        return TC_OK; /* buffer 0 is the empty sentinel */
    if (idx >= nbuf)
        return TC_EFORMAT;
    bt = vec_table(f, bufs, idx);
    if (!bt)
        return TC_EFORMAT;
    d = field_vec(f, bt, 0, 1, &len);
    if (f->bad)
        return TC_EFORMAT;
    if (!d && field(f, bt, 1))
        return TC_EUNSUPPORTED; /* external buffers (offset/size) */
    if (d && len) {
        *data = f->b + d;
        *size = len;
    }
    return TC_OK;
}

static size_t type_size(int type)
{
    switch (type) {
    case TC_TFL_FLOAT32: case TC_TFL_INT32: return 4;
    case TC_TFL_FLOAT16: return 2;
    default: return 0;
    }
}

/* ---- sparse tensors (schema: SparsityParameters, DimensionMetadata) ----
 * The stored values are visited in traversal order: a DENSE level counts
 * 0..size-1, a SPARSE_CSR level walks array_indices between two
 * array_segments entries picked by the parent's position. Levels past the
 * tensor's rank are block dimensions of the dimension block_map names. */
enum { MAX_LEVELS = 2 * TC_TFL_MAX_RANK, MAX_DENSE_BYTES = 1 << 28 };

typedef struct ivec {           /* a SparseIndexVector union value */
    size_t   at;
    uint32_t len;
    int      esz;               /* 4 Int32Vector, 2 Uint16Vector, 1 Uint8Vector */
} ivec;

typedef struct sparse {
    fb            *f;
    int            rank, levels;
    int            order[MAX_LEVELS];   /* traversal_order */
    int            size[MAX_LEVELS];    /* extent of each level */
    int            csr[MAX_LEVELS];     /* level is SPARSE_CSR */
    ivec           seg[MAX_LEVELS], idx[MAX_LEVELS];
    int            block_dim[TC_TFL_MAX_RANK]; /* block level -> original dim */
    int            block_size[TC_TFL_MAX_RANK];
    const int32_t *shape;
    const uint8_t *src;
    size_t         n_src, used, esz;
    uint8_t       *dst;
    int            pos[MAX_LEVELS];
} sparse;

static int read_ivec(fb *f, size_t dm, int type_field, ivec *v)
{
    static const int esz[4] = { 0, 4, 2, 1 };
    int type = field_u8(f, dm, type_field, 0);
    size_t u = deref(f, field(f, dm, type_field + 1));
    if (type < 1 || type > 3 || !u)
        return 0;
    v->esz = esz[type];
    v->at = field_vec(f, u, 0, (size_t)v->esz, &v->len);
    return !f->bad && (v->at || !v->len);
}

static uint32_t ivec_at(fb *f, const ivec *v, uint32_t i)
{
    size_t p = v->at + (size_t)i * (size_t)v->esz;
    return v->esz == 4 ? rd32(f, p) : v->esz == 2 ? rd16(f, p) : rd8(f, p);
}

/* Place the next stored value at the current position; 0 when the stored
 * values run out. */
static int sparse_leaf(sparse *s)
{
    int64_t orig[TC_TFL_MAX_RANK];
    size_t flat = 0;
    if (s->used >= s->n_src)
        return 0;
    for (int l = 0; l < s->rank; l++)
        orig[s->order[l]] = s->pos[l];
    for (int l = s->rank; l < s->levels; l++) {
        int b = s->order[l] - s->rank;
        orig[s->block_dim[b]] = orig[s->block_dim[b]] * s->block_size[b] + s->pos[l];
    }
    for (int d = 0; d < s->rank; d++)
        flat = flat * (size_t)s->shape[d] + (size_t)orig[d];
    memcpy(s->dst + flat * s->esz, s->src + s->used * s->esz, s->esz);
    s->used++;
    return 1;
}

static int sparse_walk(sparse *s, int level, uint64_t parent)
{
    if (level == s->levels)
        return sparse_leaf(s);
    if (!s->csr[level]) {
        for (int i = 0; i < s->size[level]; i++) {
            s->pos[level] = i;
            if (!sparse_walk(s, level + 1, parent * (uint64_t)s->size[level] + (uint64_t)i))
                return 0;
        }
        return 1;
    }
    if (parent + 1 >= s->seg[level].len)
        return 0;
    uint32_t a = ivec_at(s->f, &s->seg[level], (uint32_t)parent);
    uint32_t b = ivec_at(s->f, &s->seg[level], (uint32_t)parent + 1);
    if (a > b || b > s->idx[level].len)
        return 0;
    for (uint32_t k = a; k < b; k++) {
        uint32_t i = ivec_at(s->f, &s->idx[level], k);
        if (i >= (uint32_t)s->size[level])
            return 0;
        s->pos[level] = (int)i;
        if (!sparse_walk(s, level + 1, k))
            return 0;
    }
    return 1;
}

/* The traversal order (s->levels entries at ord) and the block map (n_map
 * entries at map) into s. Returns a reason on failure, NULL on success. */
static const char *sparse_order(sparse *s, size_t ord, size_t map, uint32_t n_map)
{
    fb *f = s->f;
    int seen[MAX_LEVELS] = { 0 }, blocked[TC_TFL_MAX_RANK] = { 0 };
    for (int l = 0; l < s->levels; l++) {
        int o = (int)rd32(f, ord + 4 * (size_t)l);
        if (o < 0 || o >= s->levels || seen[o] || (l < s->rank) != (o < s->rank))
            return "sparsity: traversal order is not a permutation";
        seen[o] = 1;
        s->order[l] = o;
    }
    for (uint32_t b = 0; b < n_map; b++) {
        int d = (int)rd32(f, map + 4 * (size_t)b);
        if (d < 0 || d >= s->rank || blocked[d])
            return "sparsity: block map out of range";
        blocked[d] = 1;
        s->block_dim[b] = d;
    }
    return NULL;
}

/* Each level's format, size and index vectors from the dimension metadata
 * at dims: the block levels' sizes first, then the original dimensions'
 * (out's shape over its blocks). Returns a reason on failure, NULL on
 * success. */
static const char *sparse_sizes(sparse *s, size_t dims, uint32_t n_map, const tc_tfl_tensor *out)
{
    fb *f = s->f;
    for (int l = 0; l < s->levels; l++) {     /* block levels first: sizes */
        size_t dm = vec_table(f, dims, (uint32_t)l);
        if (!dm)
            return "sparsity: dimension metadata";
        s->csr[l] = field_u8(f, dm, 0, 0);
        if (s->csr[l] > 1)
            return "sparsity: unknown dimension format";
        s->size[l] = field_i32(f, dm, 1, 0);
        if (s->csr[l] && (!read_ivec(f, dm, 2, &s->seg[l]) ||
                          !read_ivec(f, dm, 4, &s->idx[l])))
            return "sparsity: segment or index vector";
        if (s->order[l] >= s->rank) {
            int b = s->order[l] - s->rank;
            if (s->csr[l] || s->size[l] < 1 || s->size[l] > out->shape[s->block_dim[b]] ||
                out->shape[s->block_dim[b]] % s->size[l])
                return "sparsity: block size does not divide its dimension";
            s->block_size[b] = s->size[l];
        }
    }
    for (int l = 0; l < s->rank; l++) {      /* then the original dimensions */
        int d = s->order[l], want = out->shape[d];
        for (uint32_t b = 0; b < n_map; b++)
            if (s->block_dim[b] == d)
                want /= s->block_size[b];
        if (!s->csr[l] && s->size[l] != want)
            return "sparsity: dense dimension size does not match the shape";
        s->size[l] = want;
    }
    return NULL;
}

/* Densify tensor `t`'s sparse data (out->data, out->size) into out->dense.
 * Returns a reason on failure, NULL on success (*nomem set when out of
 * memory). */
static const char *densify(fb *f, size_t sp, tc_tfl_tensor *out, size_t count,
                           size_t esz, int *nomem)
{
    sparse s;
    uint32_t n_order, n_map, n_dim;
    size_t ord = field_vec(f, sp, 0, 4, &n_order);
    size_t map = field_vec(f, sp, 1, 4, &n_map);
    size_t dims = field_vec(f, sp, 2, 4, &n_dim);
    const char *why;

    memset(&s, 0, sizeof s);
    s.f = f;
    s.rank = out->rank;
    s.levels = (int)n_order;
    if (!sp)
        return "sparsity table out of range";
    if (f->bad || !esz || !out->data || out->size % esz)
        return "sparse tensor without constant data of a known type";
    if (n_order < (uint32_t)s.rank || n_order > MAX_LEVELS ||
        n_map != n_order - (uint32_t)s.rank || n_dim != n_order)
        return "sparsity: traversal order, block map and dimension metadata "
               "do not match the rank";
    if ((why = sparse_order(&s, ord, map, n_map)) || (why = sparse_sizes(&s, dims, n_map, out)))
        return why;
    if (f->bad)
        return "sparsity: metadata out of range";
    if (count * esz > MAX_DENSE_BYTES)
        return "sparse tensor too large to densify";
    s.shape = out->shape;
    s.src = out->data;
    s.n_src = out->size / esz;
    s.esz = esz;
    s.dst = calloc(count ? count * esz : 1, 1);
    if (!s.dst) {
        *nomem = 1;
        return "out of memory";
    }
    if (!sparse_walk(&s, 0, 0) || s.used != s.n_src || f->bad) {
        free(s.dst);
        return "sparsity: indices, segments or value count inconsistent";
    }
    out->dense = s.dst;
    out->data = s.dst;
    out->size = count * esz;
    return NULL;
}

/* Say what is wrong with tensor `i` (named when its name was read) and
 * return `code`. */
static int tensor_fail(fb *f, uint32_t i, const tc_tfl_tensor *t, int code,
                       const char *why)
{
    const int named = t->name && t->name[0];
    tc__fmt(f->err, f->errcap, "%stensor %u%s%.64s%s: %s",
            code == TC_EFORMAT ? "corrupt TFLite model: " : "", i,
            named ? " '" : "", named ? t->name : "", named ? "'" : "", why);
    return code;
}

static int read_tensor(fb *f, size_t model, size_t t, uint32_t i,
                       tc_tfl_tensor *out)
{
    uint32_t rank;
    size_t shp, count = 1, esz, sparsity;
    char why[160];
    int rc;

    out->name = dup_string(f, t, 3);
    if (!out->name)
        return TC_ENOMEM;
    shp = field_vec(f, t, 0, 4, &rank);
    if (rank > TC_TFL_MAX_RANK)
        return tensor_fail(f, i, out, TC_EUNSUPPORTED, "rank over 8");
    out->rank = (int)rank;
    for (uint32_t d = 0; d < rank; d++) {
        out->shape[d] = (int32_t)rd32(f, shp + 4 * (size_t)d);
        if (out->shape[d] < 1 || out->shape[d] > (1 << 24) ||
            count > SIZE_MAX / 4 / ((size_t)out->shape[d] + 1))
            return tensor_fail(f, i, out, TC_EFORMAT, "dimension out of range");
        count *= (size_t)out->shape[d];
        if (count > (size_t)TC_TFL_MAX_ELEMENTS) {
            tc__fmt(why, sizeof why, "more than %ld elements (tuckcam's limit)",
                    TC_TFL_MAX_ELEMENTS);
            return tensor_fail(f, i, out, TC_EUNSUPPORTED, why);
        }
    }
    out->type = field_u8(f, t, 1, TC_TFL_FLOAT32);
    rc = buffer_data(f, model, (uint32_t)field_i32(f, t, 2, 0), &out->data,
                     &out->size);
    if (rc == TC_EUNSUPPORTED)
        return tensor_fail(f, i, out, rc, "data in an external buffer");
    if (rc < 0 || f->bad)
        return tensor_fail(f, i, out, TC_EFORMAT,
                           "buffer index or table out of range");
    esz = type_size(out->type);
    sparsity = field(f, t, 6);
    if (sparsity) {
        int nomem = 0;
        const char *bad = densify(f, deref(f, sparsity), out, count, esz, &nomem);
        if (nomem)
            return TC_ENOMEM;
        return bad ? tensor_fail(f, i, out, TC_EFORMAT, bad) : TC_OK;
    }
    if (out->data && (!esz || out->size != count * esz)) {
        tc__fmt(why, sizeof why, "%zu bytes of constant data for %zu elements "
                "of type %d", out->size, count, out->type);
        return tensor_fail(f, i, out, TC_EFORMAT, why);
    }
    return TC_OK;
}

static int op_code(fb *f, size_t model, uint32_t idx, int *code)
{
    uint32_t n;
    size_t codes = field_vec(f, model, 1, 4, &n), oc;
    int dep, full;
    if (idx >= n)
        return TC_EFORMAT;
    oc = vec_table(f, codes, idx);
    if (!oc)
        return TC_EFORMAT;
    dep = field_u8(f, oc, 0, 0);
    full = field_i32(f, oc, 3, 0);
    *code = full > dep ? full : dep;
    if (*code == 32 /* CUSTOM */)
        return TC_EUNSUPPORTED;
    return f->bad ? TC_EFORMAT : TC_OK;
}

/* Read the builtin options table of an operator by its code. */
static void read_options(fb *f, size_t opt, tc_tfl_op *op)
{
    op->dilation_w = op->dilation_h = 1;
    switch (op->code) {
    case TC_TFL_CONV_2D:
        op->padding_valid = field_u8(f, opt, 0, 0);
        op->stride_w = field_i32(f, opt, 1, 1);
        op->stride_h = field_i32(f, opt, 2, 1);
        op->act = field_u8(f, opt, 3, 0);
        op->dilation_w = field_i32(f, opt, 4, 1);
        op->dilation_h = field_i32(f, opt, 5, 1);
        break;
    case TC_TFL_DEPTHWISE_CONV_2D:
        op->padding_valid = field_u8(f, opt, 0, 0);
        op->stride_w = field_i32(f, opt, 1, 1);
        op->stride_h = field_i32(f, opt, 2, 1);
        op->depth_multiplier = field_i32(f, opt, 3, 1);
        op->act = field_u8(f, opt, 4, 0);
        op->dilation_w = field_i32(f, opt, 5, 1);
        op->dilation_h = field_i32(f, opt, 6, 1);
        break;
    case TC_TFL_MAX_POOL_2D:
        op->padding_valid = field_u8(f, opt, 0, 0);
        op->stride_w = field_i32(f, opt, 1, 1);
        op->stride_h = field_i32(f, opt, 2, 1);
        op->filter_w = field_i32(f, opt, 3, 1);
        op->filter_h = field_i32(f, opt, 4, 1);
        op->act = field_u8(f, opt, 5, 0);
        break;
    case TC_TFL_CONCATENATION:
        op->axis = field_i32(f, opt, 0, 0);
        op->act = field_u8(f, opt, 1, 0);
        break;
    case TC_TFL_ADD:
        op->act = field_u8(f, opt, 0, 0);
        break;
    case TC_TFL_DEPTH_TO_SPACE:
        op->block_size = field_i32(f, opt, 0, 0);
        break;
    case TC_TFL_RESIZE_BILINEAR:
        op->align_corners = field_u8(f, opt, 2, 0);
        op->half_pixel_centers = field_u8(f, opt, 3, 0);
        break;
    default:
        break;
    }
}

static int is_supported(int code)
{
    switch (code) {
    case TC_TFL_ADD: case TC_TFL_CONCATENATION: case TC_TFL_CONV_2D:
    case TC_TFL_DEPTHWISE_CONV_2D: case TC_TFL_DEQUANTIZE:
    case TC_TFL_LOGISTIC: case TC_TFL_MAX_POOL_2D: case TC_TFL_RELU:
    case TC_TFL_RELU6: case TC_TFL_RESHAPE: case TC_TFL_RESIZE_BILINEAR:
    case TC_TFL_PAD: case TC_TFL_PRELU: case TC_TFL_DENSIFY:
    case TC_TFL_DEPTH_TO_SPACE:
        return 1;
    default:
        return 0;
    }
}

/* The leading inputs operator `op` cannot do without: the data, and the
 * weights, paddings, slope or second addend (every input of a
 * concatenation). A bias or a RESHAPE's shape may be absent. */
static int required_inputs(const tc_tfl_op *op)
{
    switch (op->code) {
    case TC_TFL_CONV_2D: case TC_TFL_DEPTHWISE_CONV_2D: case TC_TFL_ADD:
    case TC_TFL_PAD: case TC_TFL_PRELU:
        return 2;
    case TC_TFL_CONCATENATION:
        return op->n_in;
    default:
        return 1;
    }
}

/* The required inputs and the first output are present (not -1). */
static int has_inputs(const tc_tfl_op *op)
{
    int need = required_inputs(op);
    if (need < 1 || op->n_in < need || op->n_out < 1 || op->out[0] < 0)
        return 0;
    for (int i = 0; i < need; i++)
        if (op->in[i] < 0)
            return 0;
    return 1;
}

/* Every index names a tensor, or is absent (-1) when `lo` is -1. */
static int check_indices(const int32_t *idx, int n, size_t n_tensors, int lo)
{
    for (int i = 0; i < n; i++)
        if (idx[i] < lo || (idx[i] >= 0 && (size_t)idx[i] >= n_tensors))
            return 0;
    return 1;
}

static int read_op(fb *f, size_t model, size_t o, size_t n_tensors,
                   tc_tfl_op *op)
{
    char nb[32];
    int rc = op_code(f, model, (uint32_t)field_i32(f, o, 0, 0), &op->code);
    if (rc == TC_EUNSUPPORTED || (rc == TC_OK && !is_supported(op->code))) {
        tc__fmt(f->err, f->errcap, "unsupported TFLite operator %s",
                rc == TC_OK ? tc_tfl_opname(op->code, nb, sizeof nb)
                            : "CUSTOM");
        return TC_EUNSUPPORTED;
    }
    if (rc < 0)
        return rc;
    rc = read_ints(f, o, 1, &op->in, &op->n_in, MAX_IO);
    if (rc == TC_OK)
        rc = read_ints(f, o, 2, &op->out, &op->n_out, MAX_IO);
    if (rc < 0)
        return rc;
    if (!check_indices(op->in, op->n_in, n_tensors, -1) ||
        !check_indices(op->out, op->n_out, n_tensors, -1) || op->n_out < 1 ||
        !has_inputs(op))
        return TC_EFORMAT;
    read_options(f, deref(f, field(f, o, 4)), op);
    return f->bad ? TC_EFORMAT : TC_OK;
}

const char *tc_tfl_opname(int code, char *buf, size_t cap)
{
    switch (code) {
    case TC_TFL_ADD: return "ADD";
    case TC_TFL_CONCATENATION: return "CONCATENATION";
    case TC_TFL_CONV_2D: return "CONV_2D";
    case TC_TFL_DEPTHWISE_CONV_2D: return "DEPTHWISE_CONV_2D";
    case TC_TFL_DEQUANTIZE: return "DEQUANTIZE";
    case TC_TFL_LOGISTIC: return "LOGISTIC";
    case TC_TFL_MAX_POOL_2D: return "MAX_POOL_2D";
    case TC_TFL_RELU: return "RELU";
    case TC_TFL_RELU6: return "RELU6";
    case TC_TFL_RESHAPE: return "RESHAPE";
    case TC_TFL_RESIZE_BILINEAR: return "RESIZE_BILINEAR";
    case TC_TFL_PAD: return "PAD";
    case TC_TFL_PRELU: return "PRELU";
    case 1: return "AVERAGE_POOL_2D";
    case 9: return "FULLY_CONNECTED";
    case 18: return "MUL";
    case 25: return "SOFTMAX";
    case TC_TFL_DENSIFY: return "DENSIFY";
    case TC_TFL_DEPTH_TO_SPACE: return "DEPTH_TO_SPACE";
    default:
        tc__fmt(buf, cap, "BUILTIN_%d", code);
        return buf ? buf : "BUILTIN";
    }
}

void tc_tfl_free(tc_tfl_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_tensors; i++) {
        free(m->tensors[i].name);
        free(m->tensors[i].dense);
    }
    for (size_t i = 0; i < m->n_ops; i++) {
        free(m->ops[i].in);
        free(m->ops[i].out);
    }
    free(m->tensors);
    free(m->ops);
    free(m->inputs);
    free(m->outputs);
    free(m);
}

/* Say that the model is over one of the work limits (tflite.h). */
static int over_limit(fb *f, const char *what, size_t n, long limit)
{
    tc__fmt(f->err, f->errcap, "TFLite model too large: %zu %s, over "
            "tuckcam's limit of %ld", n, what, limit);
    return TC_EUNSUPPORTED;
}

static size_t elements(const tc_tfl_tensor *t)
{
    size_t n = 1;
    for (int d = 0; d < t->rank; d++)
        n *= (size_t)t->shape[d];
    return n;
}

/* The `nt` tensors of the vector at `tv`, and their total element count
 * against TC_TFL_MAX_TOTAL_ELEMENTS. */
static int parse_tensors(fb *f, size_t model, size_t tv, uint32_t nt,
                         tc_tfl_model *m)
{
    size_t total = 0;
    int rc;
    if (f->bad || nt == 0)
        return fb_fail(f, TC_EFORMAT, "tensor list");
    if (nt > TC_TFL_MAX_TENSORS)
        return over_limit(f, "tensors", nt, TC_TFL_MAX_TENSORS);
    m->tensors = calloc(nt, sizeof *m->tensors);
    if (!m->tensors)
        return TC_ENOMEM;
    m->n_tensors = nt;
    for (uint32_t i = 0; i < nt; i++) {
        rc = read_tensor(f, model, vec_table(f, tv, i), i, &m->tensors[i]);
        if (rc < 0)
            return rc;
        total += elements(&m->tensors[i]); /* each <= TC_TFL_MAX_ELEMENTS */
        if (total > (size_t)TC_TFL_MAX_TOTAL_ELEMENTS)
            return over_limit(f, "elements in its tensors", total,
                              TC_TFL_MAX_TOTAL_ELEMENTS);
    }
    return TC_OK;
}

static int parse_subgraph(fb *f, size_t model, size_t sg, tc_tfl_model *m)
{
    uint32_t nt, no;
    size_t tv = field_vec(f, sg, 0, 4, &nt), ov;
    int rc = parse_tensors(f, model, tv, nt, m);

    if (rc < 0)
        return rc;
    rc = read_ints(f, sg, 1, &m->inputs, &m->n_inputs, MAX_IO);
    if (rc == TC_OK)
        rc = read_ints(f, sg, 2, &m->outputs, &m->n_outputs, MAX_IO);
    if (rc < 0 || m->n_inputs < 1 || m->n_outputs < 1 ||
        !check_indices(m->inputs, m->n_inputs, nt, 0) ||
        !check_indices(m->outputs, m->n_outputs, nt, 0))
        return fb_fail(f, rc == TC_ENOMEM ? rc : TC_EFORMAT,
                       "graph inputs/outputs");
    ov = field_vec(f, sg, 3, 4, &no);
    if (f->bad || no == 0)
        return fb_fail(f, TC_EFORMAT, "operator list");
    if (no > TC_TFL_MAX_OPS)
        return over_limit(f, "operators", no, TC_TFL_MAX_OPS);
    m->ops = calloc(no, sizeof *m->ops);
    if (!m->ops)
        return TC_ENOMEM;
    m->n_ops = no;
    for (uint32_t i = 0; i < no; i++) {
        rc = read_op(f, model, vec_table(f, ov, i), nt, &m->ops[i]);
        if (rc == TC_EUNSUPPORTED)
            return rc;
        if (rc < 0)
            return fb_fail(f, rc == TC_ENOMEM ? rc : TC_EFORMAT, "operator");
    }
    return TC_OK;
}

/* Every buffer entry must be a readable table whose data fits the file,
 * whether or not a tensor refers to it. */
static int check_buffers(fb *f, size_t model)
{
    uint32_t nbuf, len;
    size_t bufs = field_vec(f, model, 4, 4, &nbuf);
    if (f->bad || !bufs || nbuf == 0 || nbuf > TC_TFL_MAX_TENSORS + 1)
        return TC_EFORMAT;
    for (uint32_t i = 0; i < nbuf; i++) {
        size_t bt = vec_table(f, bufs, i);
        if (!bt)
            return TC_EFORMAT;
        (void)field_vec(f, bt, 0, 1, &len);
        if (f->bad)
            return TC_EFORMAT;
    }
    return TC_OK;
}

int tc_tfl_parse(tc_tfl_model **out, const uint8_t *buf, size_t size,
                 char *err, size_t errcap)
{
    fb f = { buf, size, 0, err, errcap };
    tc_tfl_model *m = NULL;
    size_t model, sgs;
    uint32_t nsg;
    int rc;

    *out = NULL;
    tc__fmt(err, errcap, "no error");
    if (!buf || size < 8 || memcmp(buf + 4, "TFL3", 4) != 0) {
        tc__fmt(err, errcap, "not a TFLite model (no TFL3 identifier)");
        return TC_EFORMAT;
    }
    model = rd32(&f, 0);
    if (!fb_ok(&f, model, 4))
        model = 0;
    sgs = field_vec(&f, model, 2, 4, &nsg);
    if (!model || f.bad || nsg < 1)
        return fb_fail(&f, TC_EFORMAT, "no subgraph");
    if (check_buffers(&f, model) < 0)
        return fb_fail(&f, TC_EFORMAT, "buffer table");
    m = calloc(1, sizeof *m);
    if (!m)
        return TC_ENOMEM;
    rc = parse_subgraph(&f, model, vec_table(&f, sgs, 0), m);
    if (rc < 0)
        goto fail;
    *out = m;
    return TC_OK;
fail:
    tc_tfl_free(m);
    return rc;
}
