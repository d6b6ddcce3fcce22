/* tools/tuckgen/main.c — tuckgen: ground-truth chin-tuck videos from a
 * photo and a motion script. For each SCRIPT.motion it writes SCRIPT.mkv
 * (SCRIPT.mp4 for a turned phone clip), SCRIPT.truth.json and, asked,
 * SCRIPT.sheet.png (a contact sheet to look at). */
#include <errno.h>
#include <getopt.h>
#include <json-c/json.h>
#include <libavutil/log.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture/capture.h"
#include "capture/recorder.h"
#include "formats/fixture.h"
#include "tuckgen.h"
#include "vision/vision.h"

typedef struct opts {
    const char *photos, *landmarks, *out;
    int         sheet, quiet;
} opts;

static void usage(FILE *to)
{
    fprintf(to,
        "usage: tuckgen [options] SCRIPT...\n"
        "\n"
        "Render ground-truth chin-tuck videos: a person from a photo moved by a\n"
        "motion script (head retraction, pitch, yaw, shrug, lean, sideways\n"
        "shift, standing up, a hand or cup to the face; reps with their phase\n"
        "times and injected faults). For each NAME.motion: NAME.mkv (NAME.mp4\n"
        "when the script turns it like a phone), NAME.truth.json (every frame's\n"
        "true values, every rep's times and faults). The script format is\n"
        "described in formats/fixture.h and the README (Ground-truth fixtures).\n"
        "\n"
        "Options:\n"
        "  --photos DIR      where PHOTO.png / PHOTO.jpg are (default fixtures/photos)\n"
        "  --landmarks DIR   where PHOTO.json are: MediaPipe's landmarks of the photo, as\n"
        "                    in fixtures/gt/landmarks or `tuckcam landmarks --json`\n"
        "                    (default fixtures/gt/landmarks)\n"
        "  --out DIR         output folder (default .)\n"
        "  --sheet           also write NAME.sheet.png, 12 frames at half size\n"
        "  -q                no progress\n"
        "\n"
        "Example:\n"
        "  tuckgen --out /tmp/fx --sheet fixtures/gt/good_front.motion\n"
        "Exit status: 0 all written, 1 a script failed (the others are still\n"
        "rendered), 2 usage.\n");
}

/* ---- inputs ------------------------------------------------------------- */

static int load_photo(tg_image *out, const char *path)
{
    tc_capture_config cfg = TC_CAPTURE_CONFIG_INIT;
    tc_capture *cap = NULL;
    tc_frame f;
    int rc = tc_capture_create_file(&cap, path, &cfg);
    if (rc == TC_OK)
        rc = tc_capture_read(cap, &f, 1000);
    if (rc == TC_OK) {
        out->w = f.width;
        out->h = f.height;
        out->px = malloc((size_t)f.width * (size_t)f.height * 3 * sizeof(float));
        if (!out->px)
            rc = TC_ENOMEM;
        for (int y = 0; rc == TC_OK && y < f.height; y++)
            for (int x = 0; x < f.width * 3; x++)
                out->px[(size_t)y * (size_t)f.width * 3 + (size_t)x] =
                    f.data[(size_t)y * f.stride + (size_t)x];
    }
    tc_capture_destroy(cap);
    return rc;
}

/* arr must hold n objects with numeric x, y, z. */
static int read_points(json_object *arr, double (*dst)[3], size_t n)
{
    if (!arr || !json_object_is_type(arr, json_type_array) ||
        json_object_array_length(arr) < n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        json_object *p = json_object_array_get_idx(arr, i), *v;
        static const char *const k[3] = { "x", "y", "z" };
        for (int c = 0; c < 3; c++) {
            if (!json_object_object_get_ex(p, k[c], &v) ||
                !(json_object_is_type(v, json_type_double) || json_object_is_type(v, json_type_int)))
                return 0;
            dst[i][c] = json_object_get_double(v);
            if (!isfinite(dst[i][c]) || fabs(dst[i][c]) > 10)
                return 0;
        }
    }
    return 1;
}

static int load_landmarks(tg_landmarks *lm, const char *path, char *err, size_t errcap)
{
    json_object *root = json_object_from_file(path), *pose, *tr, *mesh, *arr = NULL;
    int ok = 0;
    if (!root) {
        snprintf(err, errcap, "%s: cannot read it as JSON", path);
        return TC_EFORMAT;
    }
    if (json_object_object_get_ex(root, "pose", &pose) && pose) {
        if (!(json_object_object_get_ex(pose, "tracking", &tr) && tr &&
              json_object_object_get_ex(tr, "landmarks", &arr)))
            json_object_object_get_ex(pose, "landmarks", &arr);
        ok = read_points(arr, lm->pose, 33);
    }
    arr = NULL;
    if (ok && json_object_object_get_ex(root, "face_mesh", &mesh) && mesh &&
        json_object_object_get_ex(mesh, "landmarks", &arr))
        ok = read_points(arr, lm->face, 468);
    else
        ok = 0;
    json_object_put(root);
    if (!ok) {
        snprintf(err, errcap, "%s: want pose landmarks (33) and a face mesh (468) with "
                 "x, y, z each", path);
        return TC_EFORMAT;
    }
    return TC_OK;
}

/* DIR/NAME.png, else DIR/NAME.jpg. */
static void photo_path(char *out, size_t cap, const char *dir, const char *name)
{
    snprintf(out, cap, "%s/%s.png", dir, name);
    if (access(out, R_OK) != 0)
        snprintf(out, cap, "%s/%s.jpg", dir, name);
}

static int load_person(tg_image *photo, tg_landmarks *lm, const opts *o, const char *name,
                       char *err, size_t errcap)
{
    char path[1024];
    int rc;
    photo_path(path, sizeof path, o->photos, name);
    if ((rc = load_photo(photo, path)) < 0) {
        snprintf(err, errcap, "%s: %s", path, tc_strerror(rc));
        return rc;
    }
    snprintf(path, sizeof path, "%s/%s.json", o->landmarks, name);
    return load_landmarks(lm, path, err, errcap);
}

/* ---- contact sheet ------------------------------------------------------ */

/* Put frame (w x h BGR8) at half size into tile `i` of a 4 x 3 sheet. */
static void sheet_put(uint8_t *sheet, const uint8_t *f, int w, int h, int i)
{
    int tw = w / 2, th = h / 2, ox = (i % 4) * tw, oy = (i / 4) * th;
    size_t sw = (size_t)tw * 4;
    for (int y = 0; y < th; y++)
        for (int x = 0; x < tw; x++)
            for (int c = 0; c < 3; c++) {
                unsigned s = 0;
                for (int k = 0; k < 4; k++)
                    s += f[((size_t)(2 * y + k / 2) * (size_t)w + (size_t)(2 * x + k % 2)) * 3 + (size_t)c];
                sheet[((size_t)(oy + y) * sw + (size_t)(ox + x)) * 3 + (size_t)c] = (uint8_t)((s + 2) / 4);
            }
}

/* ---- one script --------------------------------------------------------- */

typedef struct job {
    const opts            *o;
    const tc_motion_scene *sc;
    const tc_motion       *m;
    char                   name[256], video[1100], truth[1100], sheet[1100], tmp[1100];
    /* the camera: `cam` renders the level view on the canvas; a turned
     * camera (`camera tilt= roll=`) sees it through cam_out, the canvas then
     * having margins of mx, my px so that every ray of the frame lands */
    tg_camera              cam, cam_out;
    int                    turned, mx, my;
    tg_image               canvas;   /* (w + 2 mx) x (h + 2 my) when turned */
} job;

/* The margins a turned camera needs on the level canvas: the frame's rim
 * (w x h, camera c) turned back, how far it lands outside, plus 4 px. */
static void camera_margins(const tg_camera *c, int w, int h, double tilt, double roll,
                           int *mx, int *my)
{
    double ox = 0, oy = 0;
    for (int i = 0; i <= 16; i++) {
        double u = i / 16.0, x[4] = { u * w, u * w, 0, w }, y[4] = { 0, h, u * h, u * h };
        for (int k = 0; k < 4; k++) {
            double sx, sy;
            tg_camera_map(c, c, tilt, roll, 1, x[k], y[k], &sx, &sy);
            ox = fmax(ox, fmax(-sx, sx - w));
            oy = fmax(oy, fmax(-sy, sy - h));
        }
    }
    *mx = (int)ceil(ox) + 4;
    *my = (int)ceil(oy) + 4;
}

/* A tilted camera stays aimed at the person: the level placement `p` moves
 * so that the tilt alone (a roll turns the frame about its centre) keeps
 * the middle of the person's framed height (crown to shoulders) where the
 * level camera had it. That is the framing a camera set higher and aimed
 * down gives; the move itself is a shift of the photo's plane (what a
 * raised camera does to a flat scene, not the parallax of the real one). */
static void aim_place(tg_place *p, const job *j)
{
    const tc_motion_scene *sc = j->sc;
    double qx = p->cx_frac * sc->width, qy = (p->crown_frac + 0.5 * p->height_frac) * sc->height;
    double lx, ly;
    if (sc->cam_tilt_deg == 0)
        return;
    tg_camera_map(&j->cam_out, &j->cam_out, sc->cam_tilt_deg, 0, 1, qx, qy, &lx, &ly);
    p->cx_frac += (lx - qx) / sc->width;
    p->crown_frac += (ly - qy) / sc->height;
}

/* The placement `p` of a w x h frame on the canvas with margins mx, my. */
static void pad_place(tg_place *p, int w, int h, int mx, int my)
{
    double W = w + 2.0 * mx, H = h + 2.0 * my;
    p->cx_frac = (mx + p->cx_frac * w) / W;
    p->height_frac *= h / H;
    p->crown_frac = (my + p->crown_frac * h) / H;
    p->bottom_frac = (my + h) / H;
}

/* The whole face inside the turned camera's frame at state v. */
static int in_view_turned(const job *j, const tg_actor *a, const double v[TC_CH_COUNT])
{
    for (int i = 0; i < 36; i++) {
        double x, y;
        tg_actor_point(a, &j->cam, j->sc->view, v, 1, a->oval[i][0], a->oval[i][1], &x, &y);
        tg_camera_map(&j->cam, &j->cam_out, j->sc->cam_tilt_deg, j->sc->cam_roll_deg, 0,
                      x, y, &x, &y);
        if (x < 0 || y < 0 || x >= j->sc->width || y >= j->sc->height)
            return 0;
    }
    return 1;
}

/* Frame state tf->v of the actor over the backdrop into img (the frame);
 * tf->in_view set. */
static void render_one(job *j, const tg_image *plate, const tg_actor *act, tc_truth_frame *tf,
                       tg_image *img)
{
    const tc_motion_scene *sc = j->sc;
    tg_image *dst = j->turned ? &j->canvas : img;
    memcpy(dst->px, plate->px, (size_t)dst->w * (size_t)dst->h * 3 * sizeof(float));
    tf->in_view = sc->absent ? 0 : tg_render_actor(dst, act, &j->cam, sc->view, sc->hand_at, tf->v);
    if (j->turned) {
        tg_camera_warp(img, &j->cam_out, &j->canvas, &j->cam, sc->cam_tilt_deg, sc->cam_roll_deg);
        if (!sc->absent)
            tf->in_view = in_view_turned(j, act, tf->v);
    }
    if (sc->absent)
        memset(tf->v, 0, sizeof tf->v);
}

/* ---- the CVA the marks make (side view) ---------------------------------- */

/* Hand marks on a photo (PHOTO.marks beside it: "NAME X Y ..." lines, '#'
 * comments; fixtures/photos/skimage_camera.marks): tragus, C7, acromion in
 * photo px. 0 when there is no file or it lacks one of them. */
typedef struct marks {
    double pt[3][2];   /* tragus, c7, acromion */
} marks;

static int load_marks(marks *mk, const char *dir, const char *photo)
{
    static const char *const names[3] = { "tragus", "c7", "acromion" };
    char path[1024], line[512], name[32];
    int have = 0;
    double x, y;
    snprintf(path, sizeof path, "%s/%s.marks", dir, photo);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        if (line[0] != '#' && sscanf(line, "%31s %lf %lf", name, &x, &y) == 3 &&
            isfinite(x) && isfinite(y) && fabs(x) < 1e5 && fabs(y) < 1e5)
            for (int k = 0; k < 3; k++)
                if (!strcmp(name, names[k])) {
                    mk->pt[k][0] = x;
                    mk->pt[k][1] = y;
                    have |= 1 << k;
                }
    fclose(f);
    return have == 7;
}

/* The CVA (degrees) at state v from the tragus (head layer) to base mark
 * `b` (1 C7, 2 acromion; body layer), against the level camera's
 * horizontal: the true horizontal. */
static double mark_cva(const job *j, const tg_actor *a, const marks *mk, int b,
                       const double v[TC_CH_COUNT])
{
    double tx, ty, bx, by;
    tg_actor_point(a, &j->cam, TC_VIEW_SIDE, v, 1, a->photo_ox + a->photo_sc * mk->pt[0][0],
                   a->photo_oy + a->photo_sc * mk->pt[0][1], &tx, &ty);
    tg_actor_point(a, &j->cam, TC_VIEW_SIDE, v, 0, a->photo_ox + a->photo_sc * mk->pt[b][0],
                   a->photo_oy + a->photo_sc * mk->pt[b][1], &bx, &by);
    return atan2(by - ty, (tx - bx) * a->facing) * 180.0 / 3.14159265358979323846;
}

/* The truth's CVA: at neutral, and each rep's change (mid-hold against a
 * quarter second before its start, as tuckcam compares the hold with the
 * half second before the rep), from the marks moved as the frames are. */
static void truth_cva(const job *j, const tg_actor *a, const marks *mk, tc_truth *t)
{
    double v0[TC_CH_COUNT], v1[TC_CH_COUNT];
    tc_motion_at(j->m, 0, v0);
    for (int b = 1; b <= 2; b++)
        t->cva_rest_deg[b - 1] = mark_cva(j, a, mk, b, v0);
    for (size_t i = 0; i < t->n_reps; i++) {
        tc_motion_rep *r = &t->reps[i];
        tc_motion_at(j->m, fmax(0, r->start_s - 0.25), v0);
        tc_motion_at(j->m, 0.5 * (r->hold_start_s + r->return_start_s), v1);
        for (int b = 1; b <= 2; b++)
            r->cva_change_deg[b - 1] = mark_cva(j, a, mk, b, v1) - mark_cva(j, a, mk, b, v0);
    }
}

static int render_frames(job *j, tg_image *plate, const tg_actor *act,
                         tc_truth *truth, char *err, size_t errcap)
{
    const tc_motion_scene *sc = j->sc;
    int w = sc->width, h = sc->height, turned = sc->rotate == 90 || sc->rotate == 270;
    size_t n = (size_t)llround(sc->duration_s * sc->fps), np = (size_t)w * (size_t)h;
    size_t step = n / 12 ? n / 12 : 1;   /* contact sheet: every step-th frame */
    tc_recorder_config rc_cfg = TC_RECORDER_CONFIG_INIT;
    tc_recorder *rec = NULL;
    tg_image img = { w, h, malloc(np * 3 * sizeof(float)) };
    uint8_t *out8 = malloc(np * 3), *sheet = j->o->sheet ? calloc(np * 9, 1) : NULL;
    uint8_t *up8 = j->o->sheet ? malloc(np * 3) : NULL;
    int rc = TC_OK;

    truth->frames = calloc(n ? n : 1, sizeof *truth->frames);
    if (!img.px || !out8 || !truth->frames || (j->o->sheet && (!sheet || !up8))) {
        rc = TC_ENOMEM;
        snprintf(err, errcap, "out of memory");
        goto done;
    }
    rc_cfg.width = turned ? h : w;
    rc_cfg.height = turned ? w : h;
    rc_cfg.fps = (int)lround(sc->fps);
    rc_cfg.crf = sc->crf ? sc->crf : 1;
    rc_cfg.preset = "veryfast";
    rc_cfg.threads = 1; /* x264 is deterministic for a fixed thread count */
    if ((rc = tc_recorder_create(&rec, sc->rotate ? j->tmp : j->video, &rc_cfg)) < 0) {
        snprintf(err, errcap, "%s: cannot create the video", j->video);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        tc_truth_frame *tf = &truth->frames[i];
        tc_frame fr;
        tf->t_s = (double)i / sc->fps;
        tc_motion_at(j->m, tf->t_s, tf->v);
        render_one(j, plate, act, tf, &img);
        tg_sensor(out8, &img, sc->gain, sc->noise, sc->seed, i, sc->rotate);
        if (sheet && i % step == 0 && i / step < 12) {
            tg_sensor(up8, &img, sc->gain, sc->noise, sc->seed, i, 0);
            sheet_put(sheet, up8, w, h, (int)(i / step));
        }
        fr = (tc_frame){ out8, (size_t)rc_cfg.width * 3, rc_cfg.width, rc_cfg.height,
                         TC_PIXFMT_BGR24, llround((double)i * 1e6 / sc->fps), i, 0 };
        if ((rc = tc_recorder_write(rec, &fr)) < 0) {
            snprintf(err, errcap, "%s: %s", j->video, tc_recorder_last_error(rec));
            goto done;
        }
        truth->n_frames = i + 1;
        if (!j->o->quiet && isatty(STDERR_FILENO) && i % 30 == 0)
            fprintf(stderr, "\r  %s: %zu/%zu frames ", j->name, i, n);
    }
    if ((rc = tc_recorder_close(rec)) < 0) {
        snprintf(err, errcap, "%s: %s", j->video, tc_recorder_last_error(rec));
        goto done;
    }
    if (sc->rotate && (rc = tg_remux_rotated(j->tmp, j->video, sc->rotate, err, errcap)) < 0)
        goto done;
    if (sheet && (rc = tc_vision_write_image(j->sheet, sheet, w * 2, h * 3 / 2,
                                             (size_t)w * 2 * 3)) < 0)
        snprintf(err, errcap, "%s: cannot write the contact sheet", j->sheet);
done:
    if (!j->o->quiet && isatty(STDERR_FILENO))
        fprintf(stderr, "\r\033[K");
    tc_recorder_destroy(rec);
    if (sc->rotate)
        unlink(j->tmp);
    free(img.px);
    free(out8);
    free(sheet);
    free(up8);
    return rc;
}

/* The truth's scene facts and reps (with the CVA the marks make, in a
 * side view of a photo that has them). TC_ENOMEM. */
static int truth_scene(tc_truth *truth, const job *j, const tg_actor *act)
{
    const tc_motion_scene *sc = j->sc;
    snprintf(truth->video, sizeof truth->video, "%s", strrchr(j->video, '/') + 1);
    snprintf(truth->photo, sizeof truth->photo, "%s", sc->photo);
    truth->view = sc->view;
    truth->width = sc->width;
    truth->height = sc->height;
    truth->fps = sc->fps;
    truth->distance_mm = act->z0;
    truth->hfov_deg = sc->hfov_deg;
    truth->camera_tilt_deg = sc->cam_tilt_deg;
    truth->camera_roll_deg = sc->cam_roll_deg;
    truth->cva_rest_deg[0] = truth->cva_rest_deg[1] = NAN;
    if (!sc->absent) {
        const tc_motion_rep *reps;
        marks mk;
        truth->n_reps = tc_motion_reps(j->m, &reps);
        if (truth->n_reps && !(truth->reps = malloc(truth->n_reps * sizeof *reps)))
            return TC_ENOMEM;
        if (truth->n_reps)
            memcpy(truth->reps, reps, truth->n_reps * sizeof *reps);
        if (sc->view == TC_VIEW_SIDE && load_marks(&mk, j->o->photos, sc->photo))
            truth_cva(j, act, &mk, truth);
    }
    return TC_OK;
}

/* The level camera (hfov across the frame's width) and, for a turned one,
 * the canvas with its margins. TC_ENOMEM. */
static int setup_camera(job *j)
{
    const tc_motion_scene *sc = j->sc;
    double f = 0.5 * sc->width / tan(0.5 * sc->hfov_deg * 3.14159265358979323846 / 180);
    j->cam_out = (tg_camera){ f, 0.5 * sc->width, 0.5 * sc->height };
    j->turned = sc->cam_tilt_deg != 0 || sc->cam_roll_deg != 0;
    if (j->turned)
        camera_margins(&j->cam_out, sc->width, sc->height, sc->cam_tilt_deg, sc->cam_roll_deg,
                       &j->mx, &j->my);
    j->cam = (tg_camera){ f, j->cam_out.cx + j->mx, j->cam_out.cy + j->my };
    j->canvas.w = sc->width + 2 * j->mx;
    j->canvas.h = sc->height + 2 * j->my;
    if (j->turned &&
        !(j->canvas.px = malloc((size_t)j->canvas.w * (size_t)j->canvas.h * 3 * sizeof(float))))
        return TC_ENOMEM;
    return TC_OK;
}

/* The outputs' paths: OUT/NAME.mkv (NAME.mp4 when turned like a phone),
 * NAME.tmp.mkv, NAME.truth.json and NAME.sheet.png, NAME the script's
 * file name without its extension. */
static void job_paths(job *j, const char *path)
{
    const char *out = j->o->out;
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    const char *dot = strrchr(base, '.');
    snprintf(j->name, sizeof j->name, "%.*s", (int)(dot && dot != base ? dot - base : (long)strlen(base)), base);
    snprintf(j->video, sizeof j->video, "%s/%s.%s", out, j->name, j->sc->rotate ? "mp4" : "mkv");
    snprintf(j->tmp, sizeof j->tmp, "%s/%s.tmp.mkv", out, j->name);
    snprintf(j->truth, sizeof j->truth, "%s/%s.truth.json", out, j->name);
    snprintf(j->sheet, sizeof j->sheet, "%s/%s.sheet.png", out, j->name);
}

/* The people of one script: the actor who moves, the second person (when
 * the script has one) who stands still, their photos and landmarks, and
 * the plate they are rendered on. */
typedef struct cast {
    tg_image      photo, photo2, plate;
    tg_landmarks *lm;   /* [2]: the actor's, the second person's */
    tg_actor      act, act2;
} cast;

/* Person `name` (photo and landmarks into *photo, *lm) as actor *a at the
 * level placement `place` (aimed and padded for the canvas here). */
static int cast_person(tg_actor *a, tg_image *photo, tg_landmarks *lm, const job *j,
                       const char *name, tg_place place, char *err, size_t errcap)
{
    const tc_motion_scene *sc = j->sc;
    int rc;
    aim_place(&place, j);
    pad_place(&place, sc->width, sc->height, j->mx, j->my);
    if ((rc = load_person(photo, lm, j->o, name, err, errcap)) < 0)
        return rc;
    return tg_actor_create(a, photo, lm, sc->width + 2 * j->mx, sc->height + 2 * j->my,
                           &place, &j->cam, sc->ipd_mm, sc->view, err, errcap);
}

/* The actor and the plate behind them; a second person, still, a little
 * behind, drawn onto the plate. */
static int cast_scene(cast *c, const job *j, char *err, size_t errcap)
{
    const tc_motion_scene *sc = j->sc;
    tg_place place = { 0.5, 0.6, 0.08, 0 };
    int rc;
    if (sc->view == TC_VIEW_SIDE) /* a profile: the shoulder and the trunk in view too */
        place = (tg_place){ 0.55, 0.42, 0.15, 0 };
    if (sc->second[0])
        place.cx_frac = 1 - sc->second_x < 0.5 ? 0.38 : 0.62;
    if ((rc = cast_person(&c->act, &c->photo, &c->lm[0], j, sc->photo, place, err, errcap)) < 0)
        return rc;
    if ((rc = tg_plate_make(&c->plate, &c->act)) < 0) {
        snprintf(err, errcap, "out of memory");
        return rc;
    }
    if (sc->second[0]) {
        tg_place p2 = { sc->second_x, 0.6 * sc->second_scale,
                        0.08 + 0.4 * (1 - sc->second_scale), 0 };
        double still[TC_CH_COUNT] = { 0 };
        if ((rc = cast_person(&c->act2, &c->photo2, &c->lm[1], j, sc->second, p2, err,
                              errcap)) < 0)
            return rc;
        tg_render_actor(&c->plate, &c->act2, &j->cam, sc->view, TC_HAND_CHIN, still);
    }
    return TC_OK;
}

static void cast_free(cast *c)
{
    tg_actor_destroy(&c->act);
    tg_actor_destroy(&c->act2);
    free(c->photo.px);
    free(c->photo2.px);
    free(c->plate.px);
    free(c->lm);
}

static int run_script(const opts *o, const char *path)
{
    char err[4096] = "";
    tc_motion *m = NULL;
    tc_truth truth;
    cast c;
    job j;
    int rc;

    memset(&c, 0, sizeof c);
    memset(&truth, 0, sizeof truth);
    memset(&j, 0, sizeof j);
    if (!(c.lm = calloc(2, sizeof *c.lm))) {
        rc = TC_ENOMEM;
        goto done;
    }
    if ((rc = tc_motion_load(&m, path, err, sizeof err)) < 0)
        goto done;
    j.o = o;
    j.m = m;
    j.sc = tc_motion_get_scene(m);
    job_paths(&j, path);
    if ((rc = setup_camera(&j)) < 0) {
        snprintf(err, sizeof err, "out of memory");
        goto done;
    }
    if ((rc = cast_scene(&c, &j, err, sizeof err)) < 0 ||
        (rc = truth_scene(&truth, &j, &c.act)) < 0 ||
        (rc = render_frames(&j, &c.plate, &c.act, &truth, err, sizeof err)) < 0)
        goto done;
    rc = tc_truth_write(j.truth, &truth, err, sizeof err);
    if (rc == TC_OK && !o->quiet)
        printf("%s: %zu frames at %g fps, %zu reps, camera %.0f mm away -> %s\n", path,
               truth.n_frames, j.sc->fps, truth.n_reps, c.act.z0, j.video);
done:
    if (rc < 0)
        fprintf(stderr, "tuckgen: %s\n", err[0] ? err : tc_strerror(rc));
    tc_truth_free(&truth);
    cast_free(&c);
    free(j.canvas.px);
    tc_motion_destroy(m);
    return rc;
}

int main(int argc, char **argv)
{
    static const struct option lo[] = {
        { "photos", required_argument, NULL, 'p' },
        { "landmarks", required_argument, NULL, 'l' },
        { "out", required_argument, NULL, 'o' },
        { "sheet", no_argument, NULL, 's' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    opts o = { "fixtures/photos", "fixtures/gt/landmarks", ".", 0, 0 };

    av_log_set_level(AV_LOG_ERROR);
    int c, failed = 0;

    while ((c = getopt_long(argc, argv, "hq", lo, NULL)) != -1) {
        switch (c) {
        case 'p': o.photos = optarg; break;
        case 'l': o.landmarks = optarg; break;
        case 'o': o.out = optarg; break;
        case 's': o.sheet = 1; break;
        case 'q': o.quiet = 1; break;
        case 'h': usage(stdout); return 0;
        default:  usage(stderr); return 2;
        }
    }
    if (optind >= argc) {
        usage(stderr);
        return 2;
    }
    if (mkdir(o.out, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "tuckgen: %s: %s\n", o.out, strerror(errno));
        return 1;
    }
    for (int i = optind; i < argc; i++)
        if (run_script(&o, argv[i]) < 0)
            failed++;
    if (failed)
        fprintf(stderr, "tuckgen: %d of %d scripts failed\n", failed, argc - optind);
    return failed ? 1 : 0;
}
