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
} job;

static int render_frames(job *j, tg_image *plate, const tg_actor *act, const tg_camera *cam,
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
        memcpy(img.px, plate->px, np * 3 * sizeof(float));
        tf->in_view = sc->absent ? 0 : tg_render_actor(&img, act, cam, sc->view, sc->hand_at, tf->v);
        if (sc->absent)
            memset(tf->v, 0, sizeof tf->v);
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

static int run_script(const opts *o, const char *path)
{
    char err[4096] = "";
    tc_motion *m = NULL;
    tg_image photo = { 0, 0, NULL }, photo2 = { 0, 0, NULL }, plate = { 0, 0, NULL };
    tg_landmarks *lm = calloc(2, sizeof *lm);
    tg_actor act, act2;
    tc_truth truth;
    job j;
    int rc;

    memset(&act, 0, sizeof act);
    memset(&act2, 0, sizeof act2);
    memset(&truth, 0, sizeof truth);
    memset(&j, 0, sizeof j);
    if (!lm) {
        rc = TC_ENOMEM;
        goto done;
    }
    if ((rc = tc_motion_load(&m, path, err, sizeof err)) < 0)
        goto done;
    j.o = o;
    j.m = m;
    j.sc = tc_motion_get_scene(m);
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    const char *dot = strrchr(base, '.');
    snprintf(j.name, sizeof j.name, "%.*s", (int)(dot && dot != base ? dot - base : (long)strlen(base)), base);
    snprintf(j.video, sizeof j.video, "%s/%s.%s", o->out, j.name, j.sc->rotate ? "mp4" : "mkv");
    snprintf(j.tmp, sizeof j.tmp, "%s/%s.tmp.mkv", o->out, j.name);
    snprintf(j.truth, sizeof j.truth, "%s/%s.truth.json", o->out, j.name);
    snprintf(j.sheet, sizeof j.sheet, "%s/%s.sheet.png", o->out, j.name);

    const tc_motion_scene *sc = j.sc;
    tg_camera cam = { 0.5 * sc->width / tan(0.5 * sc->hfov_deg * 3.14159265358979323846 / 180),
                      0.5 * sc->width, 0.5 * sc->height };
    tg_place place = { 0.5, 0.6, 0.08 };
    if (sc->view == TC_VIEW_SIDE) /* a profile: the shoulder and the trunk in view too */
        place = (tg_place){ 0.55, 0.42, 0.15 };
    if (sc->second[0])
        place.cx_frac = 1 - sc->second_x < 0.5 ? 0.38 : 0.62;
    if ((rc = load_person(&photo, &lm[0], o, sc->photo, err, sizeof err)) < 0 ||
        (rc = tg_actor_create(&act, &photo, &lm[0], sc->width, sc->height, &place, &cam,
                              sc->ipd_mm, sc->view, err, sizeof err)) < 0)
        goto done;
    if ((rc = tg_plate_make(&plate, &act)) < 0) {
        snprintf(err, sizeof err, "out of memory");
        goto done;
    }
    if (sc->second[0]) {  /* a second person, still, a little behind */
        tg_place p2 = { sc->second_x, 0.6 * sc->second_scale, 0.08 + 0.4 * (1 - sc->second_scale) };
        double still[TC_CH_COUNT] = { 0 };
        if ((rc = load_person(&photo2, &lm[1], o, sc->second, err, sizeof err)) < 0 ||
            (rc = tg_actor_create(&act2, &photo2, &lm[1], sc->width, sc->height, &p2, &cam,
                                  sc->ipd_mm, sc->view, err, sizeof err)) < 0)
            goto done;
        tg_render_actor(&plate, &act2, &cam, sc->view, TC_HAND_CHIN, still);
    }
    snprintf(truth.video, sizeof truth.video, "%s", strrchr(j.video, '/') + 1);
    snprintf(truth.photo, sizeof truth.photo, "%s", sc->photo);
    truth.view = sc->view;
    truth.width = sc->width;
    truth.height = sc->height;
    truth.fps = sc->fps;
    truth.distance_mm = act.z0;
    truth.hfov_deg = sc->hfov_deg;
    if (!sc->absent) {
        const tc_motion_rep *reps;
        truth.n_reps = tc_motion_reps(m, &reps);
        if (truth.n_reps && !(truth.reps = malloc(truth.n_reps * sizeof *reps))) {
            rc = TC_ENOMEM;
            goto done;
        }
        if (truth.n_reps)
            memcpy(truth.reps, reps, truth.n_reps * sizeof *reps);
    }
    if ((rc = render_frames(&j, &plate, &act, &cam, &truth, err, sizeof err)) < 0)
        goto done;
    rc = tc_truth_write(j.truth, &truth, err, sizeof err);
    if (rc == TC_OK && !o->quiet)
        printf("%s: %zu frames at %g fps, %zu reps, camera %.0f mm away -> %s\n", path,
               truth.n_frames, sc->fps, truth.n_reps, act.z0, j.video);
done:
    if (rc < 0)
        fprintf(stderr, "tuckgen: %s\n", err[0] ? err : tc_strerror(rc));
    tc_truth_free(&truth);
    tg_actor_destroy(&act);
    tg_actor_destroy(&act2);
    free(photo.px);
    free(photo2.px);
    free(plate.px);
    free(lm);
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
