/* pipeline/face_change.c — how much the face's pixels changed since the
 * frame before: the mean absolute difference of the green channel, at half
 * resolution, over the face mesh's bounding box.
 *
 * Why: an encoder codes a face that moves slowly (a chin tuck seen from
 * the front is a 3 % zoom) as skipped blocks, so a video's predicted
 * frames often repeat the face's pixels exactly; the landmark models,
 * whose crop follows their last answer, still drift on such a repeat (on
 * fixtures/gt/good_front_hopper.mkv the head's travel moved 6 mm over 4
 * identical frames, on dim_noisy.mkv +-1.3 mm frame to frame). The scorer
 * takes a repeated face's measures as the frame before's when it times a
 * rep (core/rep_repeats.c). */
#include "pipeline/pipeline_impl.h"

#include <math.h>
#include <stdlib.h>

/* The face mesh's bounding box in half-resolution pixels; 0 when none. */
static int face_box(const tc_landmarks *lm, int hw, int hh, int box[4])
{
    float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
    if (!lm || !lm->has_face)
        return 0;
    for (int i = 0; i < TC_FACE_POINTS; i++) {
        x0 = fminf(x0, lm->face[i].x);
        x1 = fmaxf(x1, lm->face[i].x);
        y0 = fminf(y0, lm->face[i].y);
        y1 = fmaxf(y1, lm->face[i].y);
    }
    box[0] = (int)fmaxf(0.0f, x0 * (float)hw);
    box[1] = (int)fmaxf(0.0f, y0 * (float)hh);
    box[2] = (int)fminf((float)hw, x1 * (float)hw + 1.0f);
    box[3] = (int)fminf((float)hh, y1 * (float)hh + 1.0f);
    return box[2] > box[0] && box[3] > box[1];
}

/* Keep frame f's green channel at half resolution; the mean absolute
 * change against the kept one over `box` (when `box` is not NULL). */
static double keep_and_compare(tc_pipeline__change *c, const tc_frame *f, const int *box)
{
    double sum = 0;
    for (int y = 0; y < c->h; y++) {
        const uint8_t *row = f->data + (size_t)(2 * y) * f->stride + 1;   /* green */
        uint8_t *prev = c->prev + (size_t)y * (size_t)c->w;
        const int in_y = box && y >= box[1] && y < box[3];
        for (int x = 0; x < c->w; x++) {
            const uint8_t g = row[6 * x];
            if (in_y && x >= box[0] && x < box[2])
                sum += abs((int)g - (int)prev[x]);
            prev[x] = g;
        }
    }
    return box ? sum / ((double)(box[2] - box[0]) * (double)(box[3] - box[1])) : NAN;
}

double tc_pipeline__face_change(tc_pipeline__change *c, const tc_frame *f,
                                const tc_landmarks *lm)
{
    const int hw = f->width / 2, hh = f->height / 2;
    const size_t need = (size_t)hw * (size_t)hh;
    int box[4], had = c->have && c->w == hw && c->h == hh;
    double change;
    if (need == 0 || f->format != TC_PIXFMT_BGR24)
        return NAN;
    if (c->size < need) {
        uint8_t *nb = realloc(c->prev, need);
        if (!nb) {
            c->have = 0;
            return NAN;
        }
        c->prev = nb;
        c->size = need;
        had = 0;
    }
    c->w = hw;
    c->h = hh;
    change = keep_and_compare(c, f, had && face_box(lm, hw, hh, box) ? box : NULL);
    c->have = 1;
    return change;
}

void tc_pipeline__change_free(tc_pipeline__change *c)
{
    free(c->prev);
    c->prev = NULL;
    c->size = 0;
    c->have = 0;
}
