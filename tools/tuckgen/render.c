/* tools/tuckgen/render.c — one frame of a person moving by a motion state.
 *
 * Each layer is drawn by inverse mapping: for a destination pixel, the
 * source pixel that the motion carries there is found by fixed-point
 * iteration on the forward map (q <- q + (p - F(q))), which converges in
 * a few steps because every motion here is near a rigid one.
 *
 * Forward maps. Head (3-D, rigid about the upper-neck pivot): back-project
 * the source pixel at its depth (eyes at z0, relief from the face mesh),
 * turn by pitch (about the left-right axis) and yaw (about the vertical),
 * translate back by the retraction (front view: away from the camera, so
 * the pinhole shrinks it about the principal point; side view: along the
 * facing direction) and up by the lift, project. Body: the shoulders rise
 * by the shrug, fading to nothing at the bottom of the frame. Both then
 * lean back about the hips (front view: farther by a share growing with
 * height; side view: a turn about the hips) and shift sideways. */
#include <math.h>
#include <string.h>

#include "tuckgen.h"

#define DEG (3.14159265358979323846 / 180.0)
#define BODY_DEPTH_MM 60.0   /* shoulders behind the eyes */

typedef struct motion {
    const tg_actor  *a;
    const tg_camera *cam;
    tc_view view;
    double  cp, sp, cy, sy;      /* pitch, yaw */
    double  retract, lift;       /* mm */
    double  shrug_px, lean_mm, shift_px;
    double  lean_rot;            /* side view: turn about the hips */
    double  hip_x;
} motion;

float tg_bilinear1(const float *img, int w, int h, double x, double y)
{
    if (x < 0) x = 0;
    if (y < 0) y = 0;
    if (x > w - 1) x = w - 1;
    if (y > h - 1) y = h - 1;
    int x0 = (int)x, y0 = (int)y;
    int x1 = x0 + 1 < w ? x0 + 1 : x0, y1 = y0 + 1 < h ? y0 + 1 : y0;
    double fx = x - x0, fy = y - y0;
    const float *r0 = img + (size_t)y0 * (size_t)w, *r1 = img + (size_t)y1 * (size_t)w;
    return (float)((r0[x0] * (1 - fx) + r0[x1] * fx) * (1 - fy) +
                   (r1[x0] * (1 - fx) + r1[x1] * fx) * fy);
}

void tg_bilinear3(const float *img, int w, int h, double x, double y, float *out)
{
    int x0 = (int)x, y0 = (int)y;
    int x1 = x0 + 1 < w ? x0 + 1 : x0, y1 = y0 + 1 < h ? y0 + 1 : y0;
    double fx = x - x0, fy = y - y0;
    for (int c = 0; c < 3; c++) {
#define P(xx, yy) img[((size_t)(yy) * (size_t)w + (size_t)(xx)) * 3 + (size_t)c]
        out[c] = (float)((P(x0, y0) * (1 - fx) + P(x1, y0) * fx) * (1 - fy) +
                         (P(x0, y1) * (1 - fx) + P(x1, y1) * fx) * fy);
#undef P
    }
}

/* Lean and shift, shared by both layers; `y_ref` is the neutral height
 * that sets how far back this part goes (its own y for the body, the
 * pivot's for the rigid head). */
static void lean_shift(const motion *m, double *x, double *y, double y_ref)
{
    const tg_actor *a = m->a;
    const tg_camera *c = m->cam;
    if (m->lean_mm != 0 && m->view == TC_VIEW_FRONT) {
        double dz = m->lean_mm * (a->hip_y - y_ref) / (a->hip_y - a->shoulder_y);
        double z = a->z0 + BODY_DEPTH_MM, k = z / (z + dz);
        *x = c->cx + (*x - c->cx) * k;
        *y = c->cy + (*y - c->cy) * k;
    } else if (m->lean_rot != 0) {
        double rx = *x - m->hip_x, ry = *y - a->hip_y;
        double cs = cos(m->lean_rot), sn = sin(m->lean_rot);
        *x = m->hip_x + rx * cs - ry * sn;
        *y = a->hip_y + rx * sn + ry * cs;
    }
    *x += m->shift_px;
}

static void body_fwd(const motion *m, double qx, double qy, double *px, double *py)
{
    const tg_actor *a = m->a;
    double w = qy <= a->shoulder_y ? 1 : (a->h - qy) / (a->h - a->shoulder_y);
    double x = qx, y = qy - m->shrug_px * (w < 0 ? 0 : w);
    lean_shift(m, &x, &y, qy);
    *px = x;
    *py = y;
}

static void head_fwd(const motion *m, double qx, double qy, double *px, double *py)
{
    const tg_actor *a = m->a;
    const tg_camera *c = m->cam;
    double z = a->z0 + tg_bilinear1(a->dz, a->w, a->h, qx, qy);
    double X = (qx - c->cx) * z / c->f - a->pivot[0];
    double Y = (qy - c->cy) * z / c->f - a->pivot[1];
    double Z = z - a->pivot[2], t;
    if (m->view == TC_VIEW_FRONT) {
        t = Y * m->cp - Z * m->sp;          /* pitch about the left-right axis */
        Z = Y * m->sp + Z * m->cp;
        Y = t;
        Z += m->retract;
    } else {
        double s = m->sp * a->facing;       /* side: pitch turns in the image plane */
        t = X * m->cp - Y * s;
        Y = X * s + Y * m->cp;
        X = t - a->facing * m->retract;
    }
    t = X * m->cy + Z * m->sy;              /* yaw about the vertical */
    Z = -X * m->sy + Z * m->cy;
    X = t;
    Y -= m->lift;
    X += a->pivot[0];
    Y += a->pivot[1];
    Z += a->pivot[2];
    double x = c->cx + c->f * X / Z, y = c->cy + c->f * Y / Z;
    double y_piv = c->cy + c->f * a->pivot[1] / a->pivot[2];
    lean_shift(m, &x, &y, y_piv);
    *px = x;
    *py = y;
}

typedef void (*fwd_fn)(const motion *m, double qx, double qy, double *px, double *py);

/* Source of destination (px, py) under `fwd`, from the guess (*qx, *qy). */
static int invert(const motion *m, fwd_fn fwd, double px, double py, double *qx, double *qy)
{
    for (int it = 0; it < 12; it++) {
        double fx, fy;
        fwd(m, *qx, *qy, &fx, &fy);
        double ex = px - fx, ey = py - fy;
        if (ex * ex + ey * ey < 1e-4)
            return 1;
        *qx += ex;
        *qy += ey;
    }
    return 0;
}

/* Draw one layer (alpha `al`, box x0..x1, y0..y1 at rest) over dst. */
static void layer(tg_image *dst, const motion *m, fwd_fn fwd, const float *al,
                  int x0, int y0, int x1, int y1)
{
    const tg_actor *a = m->a;
    double bx0 = 1e9, by0 = 1e9, bx1 = -1e9, by1 = -1e9;
    double cx = 0.5 * (x0 + x1), cy = 0.5 * (y0 + y1), tx, ty;
    if (x1 <= x0 || y1 <= y0)
        return;
    for (int i = 0; i < 9; i++) {  /* destination box: corners and edge midpoints */
        double sx = x0 + (x1 - x0) * 0.5 * (i % 3), sy = y0 + (y1 - y0) * 0.5 * (i / 3), fx, fy;
        fwd(m, sx, sy, &fx, &fy);
        bx0 = fmin(bx0, fx), by0 = fmin(by0, fy), bx1 = fmax(bx1, fx), by1 = fmax(by1, fy);
    }
    fwd(m, cx, cy, &tx, &ty);
    tx -= cx;
    ty -= cy;
    int dx0 = (int)fmax(0, bx0 - 8), dy0 = (int)fmax(0, by0 - 8);
    int dx1 = (int)fmin(a->w, bx1 + 9), dy1 = (int)fmin(a->h, by1 + 9);
    for (int y = dy0; y < dy1; y++)
        for (int x = dx0; x < dx1; x++) {
            double gx = x - tx, gy = y - ty;
            if (!invert(m, fwd, x, y, &gx, &gy) || gx < 0 || gy < 0 ||
                gx > a->w - 1 || gy > a->h - 1)
                continue;
            size_t k = (size_t)y * (size_t)a->w + (size_t)x;
            float alpha = tg_bilinear1(al, a->w, a->h, gx, gy) *
                          tg_bilinear1(a->inside, a->w, a->h, gx, gy);
            if (alpha <= 0)
                continue;
            float col[3];
            tg_bilinear3(a->base, a->w, a->h, gx, gy, col);
            for (int c = 0; c < 3; c++)
                dst->px[k * 3 + (size_t)c] += alpha * (col[c] - dst->px[k * 3 + (size_t)c]);
        }
}

int tg_render_actor(tg_image *dst, const tg_actor *a, const tg_camera *cam,
                    tc_view view, const double v[TC_CH_COUNT])
{
    motion m;
    double zb = a->z0 + BODY_DEPTH_MM;
    int in_view = 1;

    memset(&m, 0, sizeof m);
    m.a = a;
    m.cam = cam;
    m.view = view;
    m.cp = cos(v[TC_CH_PITCH] * DEG);
    m.sp = sin(v[TC_CH_PITCH] * DEG);
    m.cy = cos(v[TC_CH_YAW] * DEG);
    m.sy = sin(v[TC_CH_YAW] * DEG);
    m.retract = v[TC_CH_RETRACTION];
    m.lift = v[TC_CH_LIFT];
    m.shrug_px = v[TC_CH_SHRUG] * cam->f / zb;
    m.lean_mm = v[TC_CH_LEAN];
    m.shift_px = v[TC_CH_SHIFT] * a->w;
    m.hip_x = cam->cx + cam->f * a->pivot[0] / a->pivot[2];
    if (view == TC_VIEW_SIDE)
        m.lean_rot = -a->facing * (m.lean_mm * cam->f / zb) / (a->hip_y - a->shoulder_y);
    layer(dst, &m, body_fwd, a->body_a, a->bx0, a->by0, a->bx1, a->by1);
    layer(dst, &m, head_fwd, a->head_a, a->hx0, a->hy0, a->hx1, a->hy1);
    for (int i = 0; i < 36; i++) {
        double x, y;
        head_fwd(&m, a->oval[i][0], a->oval[i][1], &x, &y);
        if (x < 0 || y < 0 || x >= a->w || y >= a->h)
            in_view = 0;
    }
    return in_view;
}

/* ---- sensor ------------------------------------------------------------- */

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Unit-variance noise, the sum of four uniforms (exact integer maths, so
 * the same on every machine). */
static double gauss(uint64_t *s)
{
    uint64_t r = splitmix(s);
    double sum = (double)(r & 0xffff) + (double)((r >> 16) & 0xffff) +
                 (double)((r >> 32) & 0xffff) + (double)(r >> 48);
    return (sum / 65536.0 - 2.0) * 1.7320508075688772;
}

void tg_sensor(uint8_t *out, const tg_image *img, double gain, double noise,
               uint64_t seed, uint64_t frame, int rotate)
{
    uint64_t s = seed * 0x100000001b3ULL ^ (frame + 1) * 0x9e3779b97f4a7c15ULL;
    int w = img->w, h = img->h;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            size_t k = (size_t)y * (size_t)w + (size_t)x;
            /* stored turned counter-clockwise; a player turns it back */
            size_t o;
            switch (rotate) {
            case 90:  o = (size_t)(w - 1 - x) * (size_t)h + (size_t)y; break;
            case 180: o = (size_t)(h - 1 - y) * (size_t)w + (size_t)(w - 1 - x); break;
            case 270: o = (size_t)x * (size_t)h + (size_t)(h - 1 - y); break;
            default:  o = k; break;
            }
            double luma = noise > 0 ? gauss(&s) : 0;
            for (int c = 0; c < 3; c++) {
                double v = gain * img->px[k * 3 + (size_t)c];
                if (noise > 0) {
                    double sd = noise * sqrt(fmax(v, 8.0) / 128.0);
                    v += sd * (0.8 * luma + 0.6 * gauss(&s));
                }
                v = v < 0 ? 0 : v > 255 ? 255 : v;
                out[o * 3 + (size_t)c] = (uint8_t)(v + 0.5 > 255 ? 255 : v + 0.5);
            }
        }
}
