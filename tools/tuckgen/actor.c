/* tools/tuckgen/actor.c — a person cut from a photo into layers.
 *
 * The photo is placed on the canvas with webcam framing (headroom above
 * the crown, shoulders in view, scaled and centred), then cut by masks
 * drawn from MediaPipe's landmarks of the photo: the head layer (an
 * ellipse from the crown to the ears, the face outline down to the chin,
 * and a tab over the neck whose alpha fades out: the soft seam), and the
 * body layer (neck, shoulders and trunk to the bottom of the frame). The
 * masks are generous: backdrop pixels inside them move with the person,
 * which on a plain backdrop does not show; a tight mask would leave hair
 * behind. The head gets a depth surface from the face mesh (z), so that
 * pitch and yaw turn a relief, not a flat picture. In a side view the
 * head is the crown ellipse behind the ear and the face mesh's hull in
 * front (what the person holds to the face stays behind), with the hair
 * keyed from the photo (darker than the sky of the headroom), and the
 * body leaves out the sky its polygon takes in, so that what the layers
 * carry off is the person and the fill (plate.c) sees only backdrop. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "tuckgen.h"

static const int face_oval[36] = {
    10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378,
    400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21,
    54, 103, 67, 109,
};

typedef struct pt {
    double x, y;
} pt;

/* Signed distance from (x, y) to polygon p (negative inside). */
static double poly_sd(const pt *p, int n, double x, double y)
{
    double best = 1e30;
    int inside = 0;
    for (int i = 0, j = n - 1; i < n; j = i++) {
        double ex = p[i].x - p[j].x, ey = p[i].y - p[j].y;
        double wx = x - p[j].x, wy = y - p[j].y;
        double len2 = ex * ex + ey * ey;
        double u = len2 > 0 ? tg_clamp((wx * ex + wy * ey) / len2, 0, 1) : 0;
        double dx = wx - u * ex, dy = wy - u * ey, d = dx * dx + dy * dy;
        if (d < best)
            best = d;
        if ((p[i].y > y) != (p[j].y > y) &&
            x < (p[j].x - p[i].x) * (y - p[i].y) / (p[j].y - p[i].y) + p[i].x)
            inside = !inside;
    }
    best = sqrt(best);
    return inside ? -best : best;
}

/* Alpha of a shape with signed distance sd, grown by `grow`, edge `feather` wide. */
static double edge(double sd, double grow, double feather)
{
    return tg_clamp(0.5 - (sd - grow) / feather, 0, 1);
}

/* The geometry the masks are drawn from, in canvas pixels. */
typedef struct shape {
    pt     oval[36];
    pt     body[6];
    double ecx, ecy, ea, eb_top, eb_bot;   /* crown ellipse */
    double chin_x, chin_y, face_w, face_h;
    int    side, facing;   /* a side view; its facing (+1 nose to the right) */
    pt     hull[470];      /* side view: the face mesh's convex hull */
    int    nh;
    double brow_y;         /* side view: above it the hair key reaches the front */
} shape;

/* Head alpha at (x, y): crown ellipse, face outline, neck tab with a seam. */
static double head_alpha(const shape *s, double x, double y, double grow)
{
    double dx = (x - s->ecx) / (s->ea + grow);
    double dy = (y - s->ecy) / ((y < s->ecy ? s->eb_top : s->eb_bot) + grow);
    double r = sqrt(dx * dx + dy * dy);
    double a = tg_clamp((1 - r) * (s->ea + grow) / 3 + 0.5, 0, 1);
    double o = edge(poly_sd(s->oval, 36, x, y), 0.04 * s->face_w + grow, 3);
    if (s->side) { /* the crown ellipse behind its centre; the face's hull in front */
        a *= tg_clamp(0.5 - s->facing * (x - s->ecx) / 3, 0, 1);
        double hl = edge(poly_sd(s->hull, s->nh, x, y), 0.06 * s->face_w + grow, 3);
        if (hl > o)
            o = hl;
    }
    if (o > a)
        a = o;
    /* neck tab: below the chin, fading over a quarter face height */
    double seam0 = s->chin_y, seam1 = s->chin_y + 0.3 * s->face_h;
    if (y > seam0 - 0.1 * s->face_h && y < seam1 + grow &&
        fabs(x - s->chin_x) < 0.28 * s->face_w + grow) {
        double t = grow > 0 ? 1 : tg_clamp(1 - (y - seam0) / (seam1 - seam0), 0, 1);
        double side = edge(fabs(x - s->chin_x) - 0.28 * s->face_w, grow, 3);
        if (t * side > a)
            a = t * side;
    }
    return a;
}

static void make_shape(shape *s, const tg_landmarks *lm, double pw, double ph,
                       double sc, double ox, double oy, double crown_y)
{
#define FX(i) (ox + sc * lm->face[i][0] * pw)
#define FY(i) (oy + sc * lm->face[i][1] * ph)
    for (int i = 0; i < 36; i++)
        s->oval[i] = (pt){ FX(face_oval[i]), FY(face_oval[i]) };
    s->face_w = hypot(FX(454) - FX(234), FY(454) - FY(234));
    s->face_h = hypot(FX(152) - FX(10), FY(152) - FY(10));
    s->chin_x = FX(152);
    s->chin_y = FY(152);
    s->ecx = 0.5 * (FX(234) + FX(454));
    s->ecy = 0.5 * (FY(234) + FY(454));
    s->ea = 0.8 * s->face_w;
    s->eb_top = s->ecy - (oy + sc * crown_y);
    s->eb_bot = 0.35 * s->face_h;
    s->side = 0;
    s->facing = 1;
    s->nh = 0;
    s->brow_y = 0;
#undef FX
#undef FY
    pt a = { ox + sc * lm->pose[12][0] * pw, oy + sc * lm->pose[12][1] * ph };
    pt b = { ox + sc * lm->pose[11][0] * pw, oy + sc * lm->pose[11][1] * ph };
    if (a.x > b.x) {
        pt t = a;
        a = b;
        b = t;
    }
    double span = b.x - a.x;
    s->body[0] = (pt){ s->chin_x - 0.3 * s->face_w, s->ecy };
    s->body[1] = (pt){ s->chin_x + 0.3 * s->face_w, s->ecy };
    s->body[2] = (pt){ b.x + 0.25 * span, b.y - 0.05 * span };
    s->body[3] = (pt){ b.x + 0.4 * span, 1e5 };
    s->body[4] = (pt){ a.x - 0.4 * span, 1e5 };
    s->body[5] = (pt){ a.x - 0.25 * span, a.y - 0.05 * span };
}

/* The side of the body nearer the camera in a profile: 0 the left (pose
 * ear 7, shoulder 11), 1 the right (8, 12). MediaPipe's visibility does
 * not mark self-occlusion (the far ear and shoulder of a profile come out
 * at 0.9+, drawn on the face), so it is taken from depth: the pair whose
 * ear and shoulder are nearer (smaller z) together. */
static int near_side(const tg_landmarks *lm)
{
    return lm->pose[8][2] + lm->pose[12][2] < lm->pose[7][2] + lm->pose[11][2];
}

/* Side view: the body layer is everything below the near shoulder's line
 * from the back edge of the frame to in front of the chin, with the neck
 * up to the ear (a profile's far shoulder lies on the face and its span
 * says nothing about the trunk). */
/* Side view: the crown ellipse from the near ear (ear_x) to past the nose
 * tip (nose_x): a profile's 234-454 width is a fraction of the head's
 * length, and an ellipse on it would leave the face in the backdrop. The
 * skull reaches about 0.9 ear-to-nose lengths behind the ear. */
static void side_head(shape *s, double ear_x, double nose_x)
{
    double len = nose_x - ear_x;
    s->ecx = ear_x + 0.125 * len;
    s->ea = 1.03 * fabs(len);
    s->eb_bot = fmax(s->eb_bot, s->chin_y - s->ecy);
}

/* Cross product of (b - a) and (c - a): > 0 when a, b, c turn left. */
static double turn(pt a, pt b, pt c)
{
    return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

/* Sort points by x, then y (for the hull). */
static int pt_cmp(const void *pa, const void *pb)
{
    const pt *a = pa, *b = pb;
    if (a->x != b->x)
        return a->x < b->x ? -1 : 1;
    return (a->y > b->y) - (a->y < b->y);
}

/* Side view: the face mesh's convex hull on the canvas (monotone chain)
 * into s->hull, and the brow line (the eyes' height less a fifth of the
 * face): in front of the crown ellipse's centre the head layer is this
 * hull, grown a little, so that what lies before the face (a camcorder at
 * the eye) stays in the backdrop. */
static void side_hull(shape *s, const tg_landmarks *lm, double pw, double ph, double sc,
                      double ox, double oy)
{
    pt p[468];
    int n = 0;
    for (int i = 0; i < 468; i++)
        p[i] = (pt){ ox + sc * lm->face[i][0] * pw, oy + sc * lm->face[i][1] * ph };
    qsort(p, 468, sizeof p[0], pt_cmp);
    for (int i = 0; i < 468; i++) { /* lower hull */
        while (n >= 2 && turn(s->hull[n - 2], s->hull[n - 1], p[i]) <= 0)
            n--;
        s->hull[n++] = p[i];
    }
    for (int i = 466, lo = n + 1; i >= 0; i--) { /* upper hull */
        while (n >= lo && turn(s->hull[n - 2], s->hull[n - 1], p[i]) <= 0)
            n--;
        s->hull[n++] = p[i];
    }
    s->nh = n - 1;
    s->brow_y = oy + sc * 0.5 * (lm->face[33][1] + lm->face[263][1]) * ph - 0.2 * s->face_h;
}

static void side_body(shape *s, double sh_x, double sh_y, int facing)
{
    double f = facing, fw = s->face_w, fh = s->face_h;
    s->body[0] = (pt){ sh_x - f * 1e5, sh_y - 1.1 * fh };
    s->body[1] = (pt){ sh_x - f * 0.2 * fw, sh_y - 1.0 * fh };
    s->body[2] = (pt){ s->chin_x - f * 0.35 * fw, s->ecy };
    s->body[3] = (pt){ s->chin_x + f * 0.25 * fw, s->chin_y };
    s->body[4] = (pt){ s->chin_x + f * 0.9 * fw, 1e5 };
    s->body[5] = (pt){ sh_x - f * 1e5, 1e5 };
}

/* Photo-pixel midpoint of face-mesh points i and j (z scaled as x). */
static void mid_px(const tg_landmarks *lm, int i, int j, double pw, double ph, double out[3])
{
    out[0] = 0.5 * (lm->face[i][0] + lm->face[j][0]) * pw;
    out[1] = 0.5 * (lm->face[i][1] + lm->face[j][1]) * ph;
    out[2] = 0.5 * (lm->face[i][2] + lm->face[j][2]) * pw;
}

/* Widen the box [x0, x1) x [y0, y1) to hold pixel (x, y). */
static void grow_box(int *x0, int *y0, int *x1, int *y1, int x, int y)
{
    if (x < *x0) *x0 = x;
    if (y < *y0) *y0 = y;
    if (x >= *x1) *x1 = x + 1;
    if (y >= *y1) *y1 = y + 1;
}

/* Bilinear sample of photo at (u, v); 0 outside (and *in = 0). */
static void sample_photo(const tg_image *p, double u, double v, float *out, float *in)
{
    if (u < 0 || v < 0 || u > p->w - 1 || v > p->h - 1) {
        out[0] = out[1] = out[2] = 0;
        *in = 0;
        return;
    }
    tg_bilinear3(p->px, p->w, p->h, u, v, out);
    /* fade over the outer 40 photo pixels so the seam to the fill is soft */
    double m = fmin(fmin(u, p->w - 1 - u), fmin(v, p->h - 1 - v));
    *in = (float)tg_clamp(m / 40, 0, 1);
}

/* Head depth behind the eyes (mm) from the mesh z, splatted with a
 * Gaussian; far from the mesh (hair) it tends to the rim depth. */
static void make_depth(tg_actor *a, const tg_landmarks *lm, double pw, double sc,
                       double ox, double oy, double ph, const tg_camera *cam)
{
    size_t n = (size_t)a->w * (size_t)a->h;
    float *wsum = calloc(n, sizeof *wsum);
    double zeye = 0.25 * (lm->face[33][2] + lm->face[133][2] + lm->face[362][2] +
                          lm->face[263][2]);
    double mm = a->z0 / cam->f, sigma = 0.06 * a->face_w_px, rim = 0;
    int r = (int)ceil(3 * sigma);
    if (!wsum)
        return; /* depth stays 0: a flat head, still a valid render */
    for (int i = 0; i < 468; i++) {
        double d = (lm->face[i][2] - zeye) * pw * sc * mm;
        if (d > rim)
            rim = d;
    }
    for (int i = 0; i < 468; i++) {
        double x = ox + sc * lm->face[i][0] * pw, y = oy + sc * lm->face[i][1] * ph;
        double d = (lm->face[i][2] - zeye) * pw * sc * mm;
        for (int yy = (int)y - r; yy <= (int)y + r; yy++)
            for (int xx = (int)x - r; xx <= (int)x + r; xx++) {
                if (xx < 0 || yy < 0 || xx >= a->w || yy >= a->h)
                    continue;
                double g = exp(-((xx - x) * (xx - x) + (yy - y) * (yy - y)) /
                               (2 * sigma * sigma));
                size_t k = (size_t)yy * (size_t)a->w + (size_t)xx;
                wsum[k] += (float)g;
                a->dz[k] += (float)(g * d);
            }
    }
    for (size_t k = 0; k < n; k++)
        a->dz[k] = (float)((a->dz[k] + 0.02 * rim) / (wsum[k] + 0.02));
    free(wsum);
}

/* The photo's framing on the canvas: canvas = (ox, oy) + sc * photo px. */
typedef struct framing {
    double pw, ph;            /* the photo's size */
    double crown, shoulders;  /* photo rows: above the forehead; the shoulders' */
    double sc, ox, oy;
    int    near, side;        /* the near side (side view); a side view */
} framing;

/* Frame the photo in a w x h canvas as `place` says: the crown to the
 * shoulders over place->height_frac of it, the face's centre at cx_frac,
 * the photo reaching down to bottom_frac. 0 when the landmarks show no
 * face above the shoulders. */
static int frame_photo(framing *fr, const tg_image *photo, const tg_landmarks *lm, int w, int h,
                       const tg_place *place, tc_view view)
{
    double pw = photo->w, ph = photo->h;
    double fh = (lm->face[152][1] - lm->face[10][1]) * ph;
    double crown = lm->face[10][1] * ph - 0.75 * fh;
    const int near = near_side(lm), side = view == TC_VIEW_SIDE;
    /* side view: the near shoulder under the near ear (a stooped profile's
     * chin may be below it); front view: both shoulders under the chin */
    double shoulders = side ? lm->pose[11 + near][1] * ph
                            : fmax(lm->pose[11][1], lm->pose[12][1]) * ph;
    double top = side ? lm->pose[7 + near][1] * ph : lm->face[152][1] * ph;
    double fcx = 0.5 * (lm->face[234][0] + lm->face[454][0]) * pw;

    if (fh <= 4 || shoulders <= top)
        return 0;
    double sc = tg_clamp(place->height_frac * h / (shoulders - crown), 0.1, 4);
    double ox = place->cx_frac * w - sc * fcx, oy = place->crown_frac * h - sc * crown;
    double bottom = (place->bottom_frac > 0 ? place->bottom_frac : 1) * h;
    if (oy + sc * ph < bottom)   /* the trunk runs out of the frame, as at a desk */
        oy = bottom - sc * ph;
    *fr = (framing){ pw, ph, crown, shoulders, sc, ox, oy, near, side };
    return 1;
}

/* The actor's w x h buffers, zeroed; TC_ENOMEM (the actor destroyed). */
static int actor_alloc(tg_actor *a, int w, int h)
{
    size_t n = (size_t)w * (size_t)h;
    a->base = calloc(n * 3, sizeof *a->base);
    a->inside = calloc(n, sizeof *a->inside);
    a->head_a = calloc(n, sizeof *a->head_a);
    a->body_a = calloc(n, sizeof *a->body_a);
    a->dz = calloc(n, sizeof *a->dz);
    if (!a->base || !a->inside || !a->head_a || !a->body_a || !a->dz) {
        tg_actor_destroy(a);
        return TC_ENOMEM;
    }
    return TC_OK;
}

/* The photo resampled onto the canvas (base) and where it covers it. */
static void paint_base(tg_actor *a, const tg_image *photo, const framing *fr)
{
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++) {
            size_t k = (size_t)y * (size_t)a->w + (size_t)x;
            sample_photo(photo, (x - fr->ox) / fr->sc, (y - fr->oy) / fr->sc, &a->base[k * 3],
                         &a->inside[k]);
        }
}

/* The mean of pixel k's three channels on the canvas (as float). */
static float luma(const tg_actor *a, size_t k)
{
    const float *p = a->base + k * 3;
    return (p[0] + p[1] + p[2]) / 3;
}

/* Mean luma of the top `rows` rows of the photo on the canvas (from the
 * first row it fully covers somewhere: a canvas with margins starts above
 * it): the backdrop in the headroom above the crown; -1 when none. */
static double headroom_luma(const tg_actor *a, int rows)
{
    double sum = 0, n = 0;
    size_t first = 0;
    while (first < (size_t)a->w * (size_t)a->h && a->inside[first] < 1)
        first++;
    int y0 = (int)(first / (size_t)a->w);
    for (int y = y0; y < y0 + rows && y < a->h; y++)
        for (int x = 0; x < a->w; x++) {
            size_t k = (size_t)y * (size_t)a->w + (size_t)x;
            if (a->inside[k] < 1)
                continue;
            sum += luma(a, k);
            n++;
        }
    return n > 0 ? sum / n : -1;
}

/* Side view: which layer a pixel darker than the backdrop at (x, y) goes
 * to: 1 the head (hair: in an ellipse round the crown ellipse, grown 40 %
 * to the front and 25 % to the back and 45 % up, above its centre and in
 * front of it above the brow), 2 the body (the coat's collar behind that),
 * 0 neither. */
static int key_layer(const shape *s, double x, double y)
{
    double front = s->facing * (x - s->ecx);
    double dx = (x - s->ecx) / ((front > 0 ? 1.4 : 1.25) * s->ea);
    double dy = (y - s->ecy) / (1.45 * s->eb_top);
    if (y >= s->ecy)
        return 0;
    if (dx * dx + dy * dy < 1)
        return front <= 0 || y < s->brow_y ? 1 : 0;
    return front < 0 && y >= s->ecy - s->eb_top ? 2 : 0;
}

/* Side view: 1 into sky where the canvas shows the backdrop of the
 * headroom (luma within 20 of bg) reached from the top row through such
 * pixels, else 0 (flood fill, `stack` w x h indices). */
static void sky_flood(const tg_actor *a, double bg, float *sky, size_t *stack)
{
    size_t n = (size_t)a->w * (size_t)a->h, top = 0;
    memset(sky, 0, n * sizeof *sky);
    for (size_t k = 0; k < (size_t)a->w; k++)
        stack[top++] = k;
    while (top > 0) {
        size_t k = stack[--top];
        double l = luma(a, k);
        if (sky[k] > 0 || a->inside[k] <= 0 || fabs(l - bg) >= 20)
            continue;
        sky[k] = 1;
        int x = (int)(k % (size_t)a->w), y = (int)(k / (size_t)a->w);
        if (x > 0) stack[top++] = k - 1;
        if (x + 1 < a->w) stack[top++] = k + 1;
        if (y > 0) stack[top++] = k - (size_t)a->w;
        if (y + 1 < a->h) stack[top++] = k + (size_t)a->w;
    }
}

/* Side view: the hair and collar the masks miss (pixels darker than the
 * backdrop, as key_layer assigns them), grown 2 px and softened over 2 px,
 * into the head and body alphas, and the body without the sky it takes
 * in; `tmp` holds 3 w x h floats, `stack` w x h indices. A photo
 * without headroom keeps the masks as they are. */
static void side_key(tg_actor *a, const shape *s, float *tmp, size_t *stack)
{
    size_t n = (size_t)a->w * (size_t)a->h;
    float *kh = tmp, *kb = tmp + n, *t = tmp + 2 * n;
    double bg = headroom_luma(a, (int)(0.05 * a->h) + 1);
    if (bg < 0)
        return;
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++) {
            size_t k = (size_t)y * (size_t)a->w + (size_t)x;
            double l = luma(a, k);
            int which = a->inside[k] > 0 && l < bg - 15 ? key_layer(s, x, y) : 0;
            kh[k] = which == 1;
            kb[k] = which == 2;
        }
    tg_box2(kh, t, a->w, a->h, 2, 1);
    tg_box2(kh, t, a->w, a->h, 2, 0);
    tg_box2(kb, t, a->w, a->h, 2, 1);
    tg_box2(kb, t, a->w, a->h, 2, 0);
    for (size_t k = 0; k < n; k++) {
        a->head_a[k] = kh[k] > a->head_a[k] ? kh[k] : a->head_a[k];
        a->body_a[k] = kb[k] > a->body_a[k] ? kb[k] : a->body_a[k];
    }
    /* the sky the body polygon takes in above the shoulders left behind */
    sky_flood(a, bg, kb, stack);
    tg_box2(kb, t, a->w, a->h, 1, 0);
    for (size_t k = 0; k < n; k++)
        a->body_a[k] *= 1 - kb[k];
}

/* The head and body layers' alphas from the shape (side view: with the
 * keyed hair and collar), and their boxes; TC_ENOMEM. */
static int cut_layers(tg_actor *a, const shape *s)
{
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++) {
            size_t k = (size_t)y * (size_t)a->w + (size_t)x;
            a->head_a[k] = (float)head_alpha(s, x, y, 0);
            a->body_a[k] = (float)edge(poly_sd(s->body, 6, x, y), 0, 4);
        }
    if (s->side) {
        size_t n = (size_t)a->w * (size_t)a->h;
        float *tmp = malloc(n * 3 * sizeof *tmp);
        size_t *stack = malloc((4 * n + (size_t)a->w) * sizeof *stack); /* each pixel pushes 4 */
        if (tmp && stack)
            side_key(a, s, tmp, stack);
        free(tmp);
        free(stack);
        if (!tmp || !stack)
            return TC_ENOMEM;
    }
    a->hx0 = a->w, a->hy0 = a->h, a->bx0 = a->w, a->by0 = a->h;
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++) {
            size_t k = (size_t)y * (size_t)a->w + (size_t)x;
            if (a->head_a[k] > 0)
                grow_box(&a->hx0, &a->hy0, &a->hx1, &a->hy1, x, y);
            if (a->body_a[k] > 0)
                grow_box(&a->bx0, &a->by0, &a->bx1, &a->by1, x, y);
        }
    return TC_OK;
}

/* The actor's distance (from the eyes' spacing, ipd_mm apart), face oval,
 * shoulder and hip rows and the head's pivot (below the eye centre; in a
 * side view under the ear, the canvas x earx). */
static void measure_actor(tg_actor *a, const tg_landmarks *lm, const shape *s, const framing *fr,
                          double earx, const tg_camera *cam, double ipd_mm)
{
    double pw = fr->pw, ph = fr->ph, sc = fr->sc;
    /* eyes: centres of the corner pairs, 3-D (z in width units) */
    double e0[3], e1[3];
    mid_px(lm, 33, 133, pw, ph, e0);
    mid_px(lm, 362, 263, pw, ph, e1);
    double ipd_px = sc * sqrt((e1[0] - e0[0]) * (e1[0] - e0[0]) + (e1[1] - e0[1]) * (e1[1] - e0[1]) +
                              (e1[2] - e0[2]) * (e1[2] - e0[2]));
    a->z0 = cam->f * ipd_mm / fmax(ipd_px, 1);
    a->face_w_px = s->face_w;
    for (int i = 0; i < 36; i++) {
        a->oval[i][0] = s->oval[i].x;
        a->oval[i][1] = s->oval[i].y;
    }
    double span = fabs(lm->pose[11][0] - lm->pose[12][0]) * pw * sc;
    a->shoulder_y = fr->oy + sc * fr->shoulders;
    /* hips: 2.2 shoulder widths below the shoulders (front); a profile's
     * shoulders overlap, so there 2.8 face heights (about 500 mm) */
    a->hip_y = a->shoulder_y + (fr->side ? 2.8 * s->face_h : 2.2 * span);
    double px = fr->side ? earx : s->ecx, py = s->ecy + 0.12 * s->face_h;
    double pz = a->z0 + (fr->side ? 0 : 0.6 * s->face_w * a->z0 / cam->f);
    a->pivot[0] = (px - cam->cx) * pz / cam->f;
    a->pivot[1] = (py - cam->cy) * pz / cam->f;
    a->pivot[2] = pz;
}

int tg_actor_create(tg_actor *a, const tg_image *photo, const tg_landmarks *lm,
                    int w, int h, const tg_place *place, const tg_camera *cam,
                    double ipd_mm, tc_view view, char *err, size_t errcap)
{
    framing fr;
    shape s;

    memset(a, 0, sizeof *a);
    if (!frame_photo(&fr, photo, lm, w, h, place, view)) {
        tc__fmt(err, errcap, "the landmarks show no face above the shoulders");
        return TC_EINVAL;
    }
    double pw = fr.pw, ph = fr.ph, sc = fr.sc, ox = fr.ox, oy = fr.oy;
    a->w = w;
    a->h = h;
    a->photo_sc = sc;
    a->photo_ox = ox;
    a->photo_oy = oy;
    if (actor_alloc(a, w, h) < 0) {
        tc__fmt(err, errcap, "out of memory");
        return TC_ENOMEM;
    }
    paint_base(a, photo, &fr);
    make_shape(&s, lm, pw, ph, sc, ox, oy, fr.crown);
    double earx = (fr.side ? lm->pose[7 + fr.near][0] : 0.5 * (lm->pose[7][0] + lm->pose[8][0])) * pw * sc + ox;
    a->facing = lm->pose[0][0] * pw * sc + ox >= earx ? 1 : -1;
    if (fr.side) {
        s.side = 1;
        s.facing = a->facing;
        side_head(&s, earx, ox + sc * lm->face[1][0] * pw);
        side_hull(&s, lm, pw, ph, sc, ox, oy);
        side_body(&s, ox + sc * lm->pose[11 + fr.near][0] * pw, oy + sc * fr.shoulders, a->facing);
    }
    a->side = fr.side;
    if (cut_layers(a, &s) < 0) {
        tg_actor_destroy(a);
        tc__fmt(err, errcap, "out of memory");
        return TC_ENOMEM;
    }
    measure_actor(a, lm, &s, &fr, earx, cam, ipd_mm);
    make_depth(a, lm, pw, sc, ox, oy, ph, cam);
    return TC_OK;
}

void tg_actor_destroy(tg_actor *a)
{
    free(a->base);
    free(a->inside);
    free(a->head_a);
    free(a->body_a);
    free(a->dz);
    memset(a, 0, sizeof *a);
}
