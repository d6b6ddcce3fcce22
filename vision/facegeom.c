/* vision/facegeom.c — protobuf wire format, just enough for
 * GeometryPipelineMetadata { Mesh3d canonical_mesh = 1;
 *   repeated WeightedLandmarkRef procrustes_landmark_basis = 2; }
 * Mesh3d { repeated float vertex_buffer = 3; repeated uint32 index_buffer = 4; }
 * WeightedLandmarkRef { uint32 landmark_id = 1; float weight = 2; } */
#include "vision/facegeom.h"

#include <string.h>

#include "core/util.h"

typedef struct pb {
    const uint8_t *p, *end;
} pb;

static int varint(pb *b, uint64_t *v)
{
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (b->p >= b->end)
            return TC_EFORMAT;
        uint8_t c = *b->p++;
        *v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80))
            return TC_OK;
    }
    return TC_EFORMAT;
}

static int fixed32(pb *b, float *f)
{
    uint32_t u;
    if (b->end - b->p < 4)
        return TC_EFORMAT;
    u = (uint32_t)b->p[0] | (uint32_t)b->p[1] << 8 | (uint32_t)b->p[2] << 16 |
        (uint32_t)b->p[3] << 24;
    memcpy(f, &u, 4);
    b->p += 4;
    return TC_OK;
}

/* Read a tag and its payload: *val for varints, *sub for fixed32 and
 * length-delimited fields. */
static int next_field(pb *b, uint32_t *field, uint32_t *wire, pb *sub,
                      uint64_t *val)
{
    uint64_t tag, len;
    if (varint(b, &tag) < 0 || (tag >> 3) == 0 || (tag >> 3) > 0xffffffu)
        return TC_EFORMAT;
    *field = (uint32_t)(tag >> 3);
    *wire = (uint32_t)(tag & 7);
    switch (*wire) {
    case 0: return varint(b, val);
    case 1: if (b->end - b->p < 8) return TC_EFORMAT; b->p += 8; return TC_OK;
    case 5: if (b->end - b->p < 4) return TC_EFORMAT; sub->p = b->p; sub->end = b->p + 4; b->p += 4; return TC_OK;
    case 2:
        if (varint(b, &len) < 0 || len > (uint64_t)(b->end - b->p))
            return TC_EFORMAT;
        sub->p = b->p;
        sub->end = b->p + len;
        b->p += len;
        return TC_OK;
    default:
        return TC_EFORMAT;
    }
}

static int add_float(tc_face_geometry *g, int *n, float f)
{
    if (*n >= TC_FACEGEOM_VERTICES * 5)
        return TC_EFORMAT;
    if (*n % 5 < 3)
        g->vertex[*n / 5][*n % 5] = f;
    (*n)++;
    return TC_OK;
}

static int parse_mesh(tc_face_geometry *g, pb b, int *nfloat)
{
    uint32_t field, wire;
    pb sub = { NULL, NULL };
    uint64_t v;
    float f;
    while (b.p < b.end) {
        if (next_field(&b, &field, &wire, &sub, &v) < 0)
            return TC_EFORMAT;
        if (field != 3)
            continue;
        if (wire == 5) {
            if (fixed32(&sub, &f) < 0 || add_float(g, nfloat, f) < 0)
                return TC_EFORMAT;
        } else if (wire == 2) { /* packed */
            while (sub.p < sub.end)
                if (fixed32(&sub, &f) < 0 || add_float(g, nfloat, f) < 0)
                    return TC_EFORMAT;
        } else {
            return TC_EFORMAT;
        }
    }
    return TC_OK;
}

static int parse_basis(tc_face_geometry *g, pb b)
{
    uint32_t field, wire;
    pb sub = { NULL, NULL };
    uint64_t v, id = UINT64_MAX;
    float w = 0;
    if (g->n_basis >= TC_FACEGEOM_VERTICES)
        return TC_EFORMAT;
    while (b.p < b.end) {
        if (next_field(&b, &field, &wire, &sub, &v) < 0)
            return TC_EFORMAT;
        if (field == 1 && wire == 0)
            id = v;
        else if (field == 2 && wire == 5 && fixed32(&sub, &w) < 0)
            return TC_EFORMAT;
    }
    if (id >= TC_FACEGEOM_VERTICES)
        return TC_EFORMAT;
    g->basis_id[g->n_basis] = (uint16_t)id;
    g->basis_weight[g->n_basis] = w;
    g->n_basis++;
    return TC_OK;
}

int tc_face_geometry_parse(tc_face_geometry *out, const uint8_t *buf,
                           size_t size, char *err, size_t errcap)
{
    pb b = { buf, buf + size }, sub = { NULL, NULL };
    uint32_t field, wire;
    uint64_t v;
    int nfloat = 0;
    memset(out, 0, sizeof *out);
    if (!buf)
        return TC_EINVAL;
    while (b.p < b.end) {
        if (next_field(&b, &field, &wire, &sub, &v) < 0) {
            tc__fmt(err, errcap, "face geometry: malformed protobuf");
            return TC_EFORMAT;
        }
        if (wire != 2)
            continue;
        if ((field == 1 && parse_mesh(out, sub, &nfloat) < 0) ||
            (field == 2 && parse_basis(out, sub) < 0)) {
            tc__fmt(err, errcap, "face geometry: malformed %s",
                    field == 1 ? "canonical mesh" : "landmark basis");
            return TC_EFORMAT;
        }
    }
    if (nfloat != TC_FACEGEOM_VERTICES * 5 || out->n_basis < 6) {
        tc__fmt(err, errcap, "face geometry: %d vertex floats and %d basis "
                "landmarks (want %d and at least 6)", nfloat, out->n_basis,
                TC_FACEGEOM_VERTICES * 5);
        return TC_EFORMAT;
    }
    return TC_OK;
}
