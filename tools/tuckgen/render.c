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
    double  rise_px;             /* whole person up (standing) */
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
    if (m->rise_px != 0)
        *y -= m->rise_px;
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

/* d folded into 0..b: 0..b, then back down to 0, up again, ... */
static double band_fold(double d, double b)
{
    double u = fmod(d, 2 * b);
    return u <= b ? u : 2 * b - u;
}

/* Draw one layer (alpha `al`, box x0..x1, y0..y1 at rest) over dst;
 * `extend` px below the canvas continue its bottom row (the body of a
 * person who rose, down to the bottom of the frame). */
static void layer(tg_image *dst, const motion *m, fwd_fn fwd, const float *al,
                  int x0, int y0, int x1, int y1, double extend)
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
    if (extend > 0)
        dy1 = a->h;
    for (int y = dy0; y < dy1; y++)
        for (int x = dx0; x < dx1; x++) {
            double gx = x - tx, gy = y - ty;
            if (!invert(m, fwd, x, y, &gx, &gy) || gx < 0 || gy < 0 ||
                gx > a->w - 1 || gy > a->h - 1 + extend)
                continue;
            if (gy > a->h - 1)  /* below: the lowest band reflected, to and fro */
                gy = a->h - 1 - band_fold(gy - (a->h - 1), 0.5 * (a->h - a->shoulder_y));
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

/* ---- hand (TC_CH_HAND) -------------------------------------------------- */

/* Soft-edged ellipse (centre cx, cy; semi-axes rx, ry) of colour `col`,
 * shaded a little darker towards its rim, over dst. */
static void ellipse(tg_image *dst, double cx, double cy, double rx, double ry,
                    const float col[3], double shade)
{
    int x0 = (int)fmax(0, cx - rx - 2), x1 = (int)fmin(dst->w, cx + rx + 3);
    int y0 = (int)fmax(0, cy - ry - 2), y1 = (int)fmin(dst->h, cy + ry + 3);
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            double dx = (x - cx) / rx, dy = (y - cy) / ry, r = sqrt(dx * dx + dy * dy);
            double alpha = fmin(1, fmax(0, (1 - r) * fmin(rx, ry) / 1.5 + 0.5));
            double k = 1 - shade * r * r;
            float *p = dst->px + ((size_t)y * (size_t)dst->w + (size_t)x) * 3;
            for (int c = 0; c < 3; c++)
                p[c] += (float)(alpha * (k * col[c] - p[c]));
        }
}

/* Capsule from a to b, `r` thick, of colour `col` (the forearm). */
static void capsule(tg_image *dst, double ax, double ay, double bx, double by, double r,
                    const float col[3])
{
    double ex = bx - ax, ey = by - ay, len2 = ex * ex + ey * ey;
    int x0 = (int)fmax(0, fmin(ax, bx) - r - 2), x1 = (int)fmin(dst->w, fmax(ax, bx) + r + 3);
    int y0 = (int)fmax(0, fmin(ay, by) - r - 2), y1 = (int)fmin(dst->h, fmax(ay, by) + r + 3);
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            double u = len2 > 0 ? ((x - ax) * ex + (y - ay) * ey) / len2 : 0;
            u = u < 0 ? 0 : u > 1 ? 1 : u;
            double d = hypot(x - ax - u * ex, y - ay - u * ey);
            double alpha = fmin(1, fmax(0, (r - d) / 1.5 + 0.5));
            float *p = dst->px + ((size_t)y * (size_t)dst->w + (size_t)x) * 3;
            for (int c = 0; c < 3; c++)
                p[c] += (float)(alpha * (col[c] - p[c]));
        }
}

/* The person's skin: the photo on both cheeks, half way out from the
 * face centre to the outline. */
static void skin_colour(const tg_actor *a, double ccx, double ccy, float out[3])
{
    double s[3] = { 0, 0, 0 };
    int n = 0;
    for (int i = 0; i < 36; i++) {
        if (!((i >= 5 && i <= 11) || (i >= 25 && i <= 31)))
            continue;
        float col[3];
        double x = ccx + 0.55 * (a->oval[i][0] - ccx), y = ccy + 0.55 * (a->oval[i][1] - ccy);
        tg_bilinear3(a->base, a->w, a->h, fmin(fmax(x, 0), a->w - 1),
                     fmin(fmax(y, 0), a->h - 1), col);
        for (int c = 0; c < 3; c++)
            s[c] += col[c];
        n++;
    }
    for (int c = 0; c < 3; c++)
        out[c] = (float)(s[c] / n);
}

/* A hand `u` (0..1) of the way from below the frame to its place on the
 * face (`at`), which moves with the head; at the mouth it holds a cup. */
static void hand(tg_image *dst, const motion *m, tc_hand_at at, double u)
{
    const tg_actor *a = m->a;
    static const float sleeve[3] = { 70, 52, 44 }, cup[3] = { 222, 226, 228 };
    double ccx = 0, ccy = 0, tx, ty, fw = a->face_w_px;
    float sk[3];
    for (int i = 0; i < 36; i++)
        ccx += a->oval[i][0] / 36, ccy += a->oval[i][1] / 36;
    double top_y = a->oval[0][1], chin_x = a->oval[18][0], chin_y = a->oval[18][1];
    double fh = chin_y - top_y;
    if (at == TC_HAND_CHIN)
        tx = chin_x, ty = chin_y + 0.1 * fh;
    else if (at == TC_HAND_MOUTH)
        tx = chin_x + 0.04 * fw, ty = top_y + 0.8 * fh;
    else
        tx = ccx + 0.75 * (a->oval[8][0] - ccx), ty = top_y + 0.72 * fh;
    head_fwd(m, tx, ty, &tx, &ty);
    skin_colour(a, ccx, ccy, sk);
    u = u < 0 ? 0 : u > 1 ? 1 : u;
    double sx = tx + 0.9 * fw, sy = a->h + 1.2 * fh;   /* below the frame */
    double px = sx + (tx - sx) * u, py = sy + (ty - sy) * u;
    capsule(dst, px + 0.1 * fw, py + 0.2 * fh, px + 1.4 * fw, py + 2.6 * fh, 0.22 * fw, sleeve);
    if (at == TC_HAND_MOUTH) {
        ellipse(dst, px, py - 0.02 * fh, 0.2 * fw, 0.3 * fh, cup, 0.12);
        ellipse(dst, px + 0.12 * fw, py + 0.2 * fh, 0.24 * fw, 0.17 * fh, sk, 0.2);
    } else {
        ellipse(dst, px, py, 0.3 * fw, 0.2 * fh, sk, 0.2);
    }
}

/* The motion of state v (tc_channel values) of a seen by cam. */
static void motion_init(motion *mp, const tg_actor *a, const tg_camera *cam, tc_view view,
                        const double v[TC_CH_COUNT])
{
    motion m;
    double zb = a->z0 + BODY_DEPTH_MM;

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
    m.rise_px = v[TC_CH_RISE] * a->h;
    m.hip_x = cam->cx + cam->f * a->pivot[0] / a->pivot[2];
    if (view == TC_VIEW_SIDE)
        m.lean_rot = -a->facing * (m.lean_mm * cam->f / zb) / (a->hip_y - a->shoulder_y);
    *mp = m;
}

void tg_actor_point(const tg_actor *a, const tg_camera *cam, tc_view view,
                    const double v[TC_CH_COUNT], int head, double x, double y,
                    double *ox, double *oy)
{
    motion m;
    motion_init(&m, a, cam, view, v);
    (head ? head_fwd : body_fwd)(&m, x, y, ox, oy);
}

int tg_render_actor(tg_image *dst, const tg_actor *a, const tg_camera *cam,
                    tc_view view, tc_hand_at hand_at, const double v[TC_CH_COUNT])
{
    motion m;
    int in_view = 1;

    motion_init(&m, a, cam, view, v);
    layer(dst, &m, body_fwd, a->body_a, a->bx0, a->by0, a->bx1, a->by1,
          m.rise_px > 0 ? m.rise_px + 2 : 0);
    layer(dst, &m, head_fwd, a->head_a, a->hx0, a->hy0, a->hx1, a->hy1, 0);
    if (v[TC_CH_HAND] > 0)
        hand(dst, &m, hand_at, v[TC_CH_HAND]);
    for (int i = 0; i < 36; i++) {
        double x, y;
        head_fwd(&m, a->oval[i][0], a->oval[i][1], &x, &y);
        if (x < 0 || y < 0 || x >= a->w || y >= a->h)
            in_view = 0;
    }
    return in_view;
}

/* ---- camera placement: a turn about the optical centre ------------------ */

/* The turn: tilt (down > 0) about the x axis, then roll (clockwise > 0 seen
 * from behind the camera) about its own optical axis: rows of R, a ray in
 * the turned camera's coordinates to the level one's. */
static void cam_rot(double R[3][3], double tilt_deg, double roll_deg)
{
    double ct = cos(tilt_deg * DEG), st = sin(tilt_deg * DEG);
    double cr = cos(roll_deg * DEG), sr = sin(roll_deg * DEG);
    /* Rt = [1 0 0; 0 ct st; 0 -st ct], Rr = [cr -sr 0; sr cr 0; 0 0 1]; R = Rt Rr */
    const double r[3][3] = { { cr, -sr, 0 }, { ct * sr, ct * cr, st }, { -st * sr, -st * cr, ct } };
    memcpy(R, r, sizeof r);
}

void tg_camera_map(const tg_camera *from, const tg_camera *to, double tilt_deg,
                   double roll_deg, int inverse, double x, double y, double *ox, double *oy)
{
    double R[3][3], d[3] = { (x - from->cx) / from->f, (y - from->cy) / from->f, 1 }, e[3];
    cam_rot(R, tilt_deg, roll_deg);
    for (int i = 0; i < 3; i++)   /* inverse: R d (turned to level); else R^T d */
        e[i] = inverse ? R[i][0] * d[0] + R[i][1] * d[1] + R[i][2] * d[2]
                       : R[0][i] * d[0] + R[1][i] * d[1] + R[2][i] * d[2];
    if (!(e[2] > 1e-6)) {
        *ox = *oy = -1e9;
        return;
    }
    *ox = to->cx + to->f * e[0] / e[2];
    *oy = to->cy + to->f * e[1] / e[2];
}

void tg_camera_warp(tg_image *dst, const tg_camera *dst_cam, const tg_image *src,
                    const tg_camera *src_cam, double tilt_deg, double roll_deg)
{
    for (int y = 0; y < dst->h; y++)
        for (int x = 0; x < dst->w; x++) {
            double sx, sy;
            float *p = dst->px + ((size_t)y * (size_t)dst->w + (size_t)x) * 3;
            tg_camera_map(dst_cam, src_cam, tilt_deg, roll_deg, 1, x, y, &sx, &sy);
            sx = fmin(fmax(sx, 0), src->w - 1.001);   /* the margin covers it: clamp */
            sy = fmin(fmax(sy, 0), src->h - 1.001);
            tg_bilinear3(src->px, src->w, src->h, sx, sy, p);
        }
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
