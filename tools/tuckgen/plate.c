/* tools/tuckgen/plate.c — the backdrop behind the person (the plate).
 *
 * The photo with the person's layers cut out, the hole filled by
 * push-pull: halve the known pixels down to one, then fill each level's
 * gaps from the coarser one. In a side view the fill knows only what lies
 * a margin outside the layers, and far from the hole's edge it continues
 * each row's backdrop. */
#include <stdlib.h>
#include <string.h>

#include "tuckgen.h"

/* One pass of a box filter of radius r along (dx, dy) from src into dst
 * (w x h): the maximum (take_max) or the mean over the box. */
static void box_pass(float *dst, const float *src, int w, int h, int r, int dx, int dy,
                     int take_max)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            float m = 0, sum = 0;
            int n = 0;
            for (int i = -r; i <= r; i++) {
                int xx = x + i * dx, yy = y + i * dy;
                if (xx < 0 || yy < 0 || xx >= w || yy >= h)
                    continue;
                float v = src[(size_t)yy * (size_t)w + (size_t)xx];
                m = v > m ? v : m;
                sum += v;
                n++;
            }
            dst[(size_t)y * (size_t)w + (size_t)x] = take_max ? m : sum / (float)n;
        }
}

/* Box maximum or mean, separable: along the rows, then the columns. */
void tg_box2(float *m, float *tmp, int w, int h, int r, int take_max)
{
    box_pass(tmp, m, w, h, r, 1, 0, take_max);
    box_pass(m, tmp, w, h, r, 0, 1, take_max);
}

#define SIDE_MARGIN 2    /* px the layers grow by for what the fill knows */
#define SEED_W      0.25f /* the rows' backdrop's weight in the fill */
#define SEED_ROWS   24   /* rows it is smoothed over, up and down */

typedef struct level {
    int    w, h;
    float *c; /* premultiplied colour, 3 a pixel */
    float *a; /* weight */
} level;

/* Level 0 of the fill: the actor's canvas, weighted by what is known there:
 * inside the photo and outside the layers' solid cores, so that the
 * feathered edges blend onto the very pixels they came from and a person
 * at rest is drawn exactly as in the photo. In a side view, outside the
 * layers grown by SIDE_MARGIN px instead: the feathered edges there hold
 * hair, face and coat, which the fill would smear into what the head
 * leaves when it glides back (the margin gets the photo back after the
 * fill, see tg_plate_make). TC_ENOMEM. */
static int level_known(level *l, const tg_actor *a)
{
    size_t np = (size_t)a->w * (size_t)a->h;
    l->w = a->w;
    l->h = a->h;
    l->c = malloc(np * 3 * sizeof(float));
    l->a = malloc(np * sizeof(float));
    if (!l->c || !l->a)
        return TC_ENOMEM;
    if (a->side) { /* side view: l->a the layers grown by a margin first */
        float *t = malloc(np * sizeof *t);
        if (!t)
            return TC_ENOMEM;
        for (size_t k = 0; k < np; k++)
            l->a[k] = a->head_a[k] > 0 || a->body_a[k] > 0;
        tg_box2(l->a, t, a->w, a->h, SIDE_MARGIN, 1);
        free(t);
    }
    for (size_t k = 0; k < np; k++) {
        float wgt = a->head_a[k] < 0.98f && a->body_a[k] < 0.98f ? a->inside[k] : 0;
        if (a->side)
            wgt = l->a[k] > 0 ? 0 : a->inside[k];
        l->a[k] = wgt;
        for (int c = 0; c < 3; c++)
            l->c[k * 3 + (size_t)c] = wgt * a->base[k * 3 + (size_t)c];
    }
    return TC_OK;
}

/* Push: level q, half of level p's size, the mean of p's 2 x 2 cells
 * (cells that saturate normalised). TC_ENOMEM. */
static int level_halve(level *q, const level *p)
{
    q->w = (p->w + 1) / 2;
    q->h = (p->h + 1) / 2;
    q->c = calloc((size_t)q->w * (size_t)q->h * 3, sizeof(float));
    q->a = calloc((size_t)q->w * (size_t)q->h, sizeof(float));
    if (!q->c || !q->a)
        return TC_ENOMEM;
    for (int y = 0; y < p->h; y++)
        for (int x = 0; x < p->w; x++) {
            size_t k = (size_t)y * (size_t)p->w + (size_t)x;
            size_t kq = (size_t)(y / 2) * (size_t)q->w + (size_t)(x / 2);
            q->a[kq] += 0.25f * p->a[k];
            for (int c = 0; c < 3; c++)
                q->c[kq * 3 + (size_t)c] += 0.25f * p->c[k * 3 + (size_t)c];
        }
    for (size_t k = 0; k < (size_t)q->w * (size_t)q->h; k++)
        if (q->a[k] > 1) { /* normalise saturated cells */
            for (int c = 0; c < 3; c++)
                q->c[k * 3 + (size_t)c] /= q->a[k];
            q->a[k] = 1;
        }
    return TC_OK;
}

/* Pull: pixel (x, y) of level p, its gap (what its weight lacks of 1)
 * filled bilinearly from the coarser level q (plain colours). */
static void pull_pixel(level *p, const level *q, int x, int y)
{
    size_t k = (size_t)y * (size_t)p->w + (size_t)x;
    double u = tg_clamp((x + 0.5) / 2 - 0.5, 0, q->w - 1);
    double v = tg_clamp((y + 0.5) / 2 - 0.5, 0, q->h - 1);
    int x0 = (int)u, y0 = (int)v;
    int x1 = x0 + 1 < q->w ? x0 + 1 : x0, y1 = y0 + 1 < q->h ? y0 + 1 : y0;
    double fx = u - x0, fy = v - y0, wa = p->a[k] > 1 ? 1 : p->a[k];
    for (int c = 0; c < 3; c++) {
#define Q(xx, yy) q->c[((size_t)(yy) * (size_t)q->w + (size_t)(xx)) * 3 + (size_t)c]
        double up = (Q(x0, y0) * (1 - fx) + Q(x1, y0) * fx) * (1 - fy) +
                    (Q(x0, y1) * (1 - fx) + Q(x1, y1) * fx) * fy;
#undef Q
        double mine = p->a[k] > 0 ? p->c[k * 3 + (size_t)c] / p->a[k] : 0;
        p->c[k * 3 + (size_t)c] = (float)(wa * mine + (1 - wa) * up);
    }
    p->a[k] = 1;
}

/* Median of the 256-bin histogram `hist` holding n values. */
static float hist_median(const int *hist, int n)
{
    for (int v = 0, s = 0; v < 256; v++)
        if ((s += hist[v]) * 2 >= n)
            return (float)v;
    return 255;
}

/* Side view: each row's backdrop (the median of its known pixels; a row
 * without any takes the nearest row's) into rowc (3 floats a row). */
static void row_backdrop(float *rowc, const level *l)
{
    int last = -1;
    for (int y = 0; y < l->h; y++) {
        int hist[3][256] = { { 0 } }, n = 0;
        for (int x = 0; x < l->w; x++) {
            size_t k = (size_t)y * (size_t)l->w + (size_t)x;
            if (l->a[k] < 1)
                continue;
            for (int c = 0; c < 3; c++)
                hist[c][(int)tg_clamp(l->c[k * 3 + (size_t)c], 0, 255)]++;
            n++;
        }
        for (int c = 0; c < 3 && n > 0; c++)
            rowc[y * 3 + c] = hist_median(hist[c], n);
        for (int yy = last + 1; n > 0 && yy < y; yy++)  /* rows above without: this one */
            memcpy(rowc + yy * 3, rowc + y * 3, 3 * sizeof *rowc);
        if (n > 0)
            last = y;
    }
    for (int yy = last + 1; last >= 0 && yy < l->h; yy++)
        memcpy(rowc + yy * 3, rowc + last * 3, 3 * sizeof *rowc);
}

/* Side view: the unknown pixels of level 0 seeded with their row's
 * backdrop (smoothed over SEED_ROWS rows up and down) at weight SEED_W:
 * the fill far from any known pixel continues
 * the rows' backdrop (sky beside the head, the ground beside the trunk)
 * where push-pull alone would grey it with whatever dark things lie
 * around the hole; near the hole's edge the known pixels outweigh it.
 * TC_ENOMEM. */
static int seed_rows(level *l)
{
    float *rowc = calloc((size_t)l->h * 3, sizeof *rowc), *sm = calloc((size_t)l->h * 3, sizeof *sm);
    if (!rowc || !sm) {
        free(rowc);
        free(sm);
        return TC_ENOMEM;
    }
    row_backdrop(rowc, l);
    for (int y = 0; y < l->h; y++)  /* smoothed over the rows near */
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            int n = 0;
            for (int yy = y - SEED_ROWS; yy <= y + SEED_ROWS; yy++)
                if (yy >= 0 && yy < l->h)
                    sum += rowc[yy * 3 + c], n++;
            sm[y * 3 + c] = (float)(sum / n);
        }
    for (size_t k = 0; k < (size_t)l->w * (size_t)l->h; k++)
        if (l->a[k] <= 0) {
            size_t y = k / (size_t)l->w;
            l->a[k] = SEED_W;
            for (int c = 0; c < 3; c++)
                l->c[k * 3 + (size_t)c] = SEED_W * sm[y * 3 + (size_t)c];
        }
    free(rowc);
    free(sm);
    return TC_OK;
}

int tg_plate_make(tg_image *plate, const tg_actor *a)
{
    level lv[16];
    int n = 0, rc = TC_OK;

    memset(lv, 0, sizeof lv);
    if ((rc = level_known(&lv[0], a)) < 0 || (a->side && (rc = seed_rows(&lv[0])) < 0))
        goto done;
    n = 1;
    while (n < 16 && (lv[n - 1].w > 1 || lv[n - 1].h > 1)) {
        n++;
        if ((rc = level_halve(&lv[n - 1], &lv[n - 2])) < 0)
            goto done;
    }
    for (size_t k = 0; k < (size_t)lv[n - 1].w * (size_t)lv[n - 1].h; k++)
        if (lv[n - 1].a[k] > 0)  /* the coarsest level as plain colours */
            for (int c = 0; c < 3; c++)
                lv[n - 1].c[k * 3 + (size_t)c] /= lv[n - 1].a[k];
    /* pull: each level fills its gaps from the coarser one */
    for (int i = n - 2; i >= 0; i--)
        for (int y = 0; y < lv[i].h; y++)
            for (int x = 0; x < lv[i].w; x++)
                pull_pixel(&lv[i], &lv[i + 1], x, y);
    if (a->side) /* the margin only kept the fill from sampling the edges */
        for (size_t k = 0; k < (size_t)a->w * (size_t)a->h; k++)
            if (a->head_a[k] <= 0 && a->body_a[k] <= 0 && a->inside[k] >= 1)
                memcpy(lv[0].c + k * 3, a->base + k * 3, 3 * sizeof(float));
    plate->w = a->w;
    plate->h = a->h;
    plate->px = lv[0].c;
    lv[0].c = NULL;
done:
    for (int i = 0; i < 16; i++) {
        free(lv[i].c);
        free(lv[i].a);
    }
    return rc;
}
