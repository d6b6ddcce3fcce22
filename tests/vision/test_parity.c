/* tests/vision/test_parity.c — landmarks against Google's MediaPipe runtime.
 *
 *   test_parity [--model lite|full] [--sequence] [--pose-max E]
 *               [--track-max E] [--mesh-max E] REF_DIR IMAGE_DIR
 *
 * For every REF_DIR/<name>.json (made by ../shared/refharness on the photo
 * IMAGE_DIR/<image>), compare tuckcam with MediaPipe: mean Euclidean error
 * of nose, eyes, ears and shoulders in normalised image units.
 *  - image: one frame from a fresh tracker (pose detector -> ROI -> pose
 *    landmarks) against MediaPipe's IMAGE-mode answer (pose.landmarks),
 *    which has the same crop rule and no history: bound --pose-max.
 *  - track: the tracker in MediaPipe's VIDEO mode, fed as the harness fed
 *    MediaPipe: the photo 1 s after the last frame, then 30 more frames
 *    33 ms apart; the last answer against pose.tracking.landmarks, bound
 *    --track-max. The harness runs all photos of a folder through ONE
 *    VIDEO-mode landmarker in name order, so each photo starts from the
 *    previous photo's ROI and smoothing state: --sequence replays that
 *    (the REF_DIR made from the whole IMAGE_DIR in one run); without it
 *    every photo starts afresh (tc_vision_process_still; references made
 *    one photo a run).
 *  - mesh: the face mesh against MediaPipe's, bound --mesh-max.
 * A photo where MediaPipe found no face may be missed; any other miss, or
 * an error above its bound, fails. Exit 77 (skip) when REF_DIR is absent.
 * Prints one line a photo: the numbers stated in the README. */
#include <dirent.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capture.h"
#include "vision/vision.h"

static const int head_shoulders[] = { 0, 2, 5, 7, 8, 11, 12 };

typedef struct opts {
    tc_pose_model model;
    int sequence;
    double pose_max, track_max, mesh_max;
} opts;

/* The harness's VIDEO-mode feed of one photo: 1 s after the last frame,
 * then 30 frames 33 ms apart (refharness tasks.js, --reps 30). */
#define FEED_FRAMES 31

static int feed(tc_vision *v, const uint8_t *img, const tc_frame *f,
                int64_t *t_us, tc_landmarks *lm)
{
    int rc = TC_OK;
    for (int k = 0; k < FEED_FRAMES; k++) {
        *t_us += k ? TC_STILL_FRAME_US : 1000000;
        rc = tc_vision_process(v, img, f->width, f->height, f->stride, *t_us, lm);
        if (rc < 0 && rc != TC_ENOTFOUND)
            break;
    }
    return rc;
}

static int load_image(const char *path, uint8_t **out, tc_frame *f)
{
    tc_capture *cap = NULL;
    int rc = tc_capture_create_file(&cap, path, NULL);
    if (rc < 0)
        return rc;
    rc = tc_capture_read(cap, f, 0);
    if (rc == TC_OK) {
        size_t n = f->stride * (size_t)f->height;
        *out = malloc(n);
        if (!*out)
            rc = TC_ENOMEM;
        else
            memcpy(*out, f->data, n);
    }
    tc_capture_destroy(cap);
    return rc;
}

static double xy(json_object *o, const char *k)
{
    json_object *v;
    return json_object_object_get_ex(o, k, &v) ? json_object_get_double(v) : NAN;
}

/* Mean distance between `ref` (JSON array of {x,y}) at `idx` (or all when
 * idx is NULL) and ours, read through get(i). */
static double mean_err(json_object *ref, const int *idx, int n,
                       const tc_landmarks *lm, int face)
{
    double sum = 0;
    for (int k = 0; k < n; k++) {
        int i = idx ? idx[k] : k;
        json_object *p = json_object_array_get_idx(ref, (size_t)i);
        float x = face ? lm->face[i].x : lm->pose[i].x;
        float y = face ? lm->face[i].y : lm->pose[i].y;
        sum += hypot(x - xy(p, "x"), y - xy(p, "y"));
    }
    return sum / n;
}

static json_object *path_get(json_object *o, const char *a, const char *b,
                             const char *c)
{
    const char *keys[3] = { a, b, c };
    for (int i = 0; i < 3 && keys[i] && o; i++)
        if (!json_object_object_get_ex(o, keys[i], &o))
            return NULL;
    return o && json_object_is_type(o, json_type_array) ? o : NULL;
}

/* Check one photo; returns 1 on failure. `seq` is the VIDEO-mode tracker
 * (kept from photo to photo with --sequence), t_us its clock. */
static int check_photo(tc_vision *v, tc_vision *seq, int64_t *t_us,
                       const opts *o, const char *ref_path, const char *img_dir)
{
    json_object *ref = json_object_from_file(ref_path), *name, *pose, *mesh;
    char img_path[4096];
    uint8_t *img = NULL;
    tc_frame f;
    tc_landmarks *lm = calloc(1, sizeof *lm);
    int fail = 0, frames = 0, rc;

    if (!ref || !lm || !json_object_object_get_ex(ref, "image", &name)) {
        printf("FAIL %s: unreadable reference\n", ref_path);
        fail = 1;
        goto done;
    }
    snprintf(img_path, sizeof img_path, "%s/%s", img_dir, json_object_get_string(name));
    if (load_image(img_path, &img, &f) < 0) {
        printf("FAIL %s: cannot read image\n", img_path);
        fail = 1;
        goto done;
    }
    printf("%-24s", json_object_get_string(name));
    tc_vision_reset(v);
    rc = tc_vision_process(v, img, f.width, f.height, (size_t)f.stride, 0, lm);
    pose = path_get(ref, "pose", "landmarks", NULL);
    if (pose && lm->has_pose) {
        double e = mean_err(pose, head_shoulders, 7, lm, 0);
        printf("  image %.4f", e);
        fail |= !(e <= o->pose_max);
    }
    if (o->sequence)
        rc = feed(seq, img, &f, t_us, lm);
    else
        rc = tc_vision_process_still(seq, img, f.width, f.height, f.stride,
                                     FEED_FRAMES, lm, &frames);
    pose = path_get(ref, "pose", "tracking", "landmarks");
    mesh = path_get(ref, "face_mesh", "landmarks", NULL);
    if (pose && lm->has_pose) {
        double e = mean_err(pose, head_shoulders, 7, lm, 0);
        printf("  track %.4f", e);
        fail |= !(e <= o->track_max);
    } else if (pose) {
        int ref_face = path_get(ref, "face_detection", "detections", NULL) != NULL;
        printf("  pose NOT FOUND (rc %d)%s", rc,
               ref_face ? "" : " [MediaPipe's face detector finds no face either]");
        fail |= ref_face;
    }
    if (mesh && lm->has_face) {
        double e = mean_err(mesh, NULL, TC_FACE_POINTS, lm, 1);
        printf("  mesh %.4f", e);
        fail |= !(e <= o->mesh_max);
    } else if (mesh) {
        printf("  mesh NOT FOUND");
        fail = 1;
    }
    printf("%s\n", fail ? "  FAIL" : "");
done:
    json_object_put(ref);
    free(img);
    free(lm);
    return fail;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    opts o = { TC_POSE_LITE, 0, 0.01, 0.01, 0.01 };
    tc_vision_config vc = TC_VISION_CONFIG_INIT;
    tc_vision *v = NULL, *seq = NULL;
    int64_t t_us = 0;
    char *names[256];
    int n = 0, failed = 0, a = 1;
    DIR *d;
    struct dirent *e;

    for (; a + 1 < argc && argv[a][0] == '-'; a += 2) {
        if (!strcmp(argv[a], "--sequence")) {
            o.sequence = 1;
            a--;
        } else if (!strcmp(argv[a], "--model"))
            o.model = !strcmp(argv[a + 1], "full") ? TC_POSE_FULL : TC_POSE_LITE;
        else if (!strcmp(argv[a], "--pose-max"))
            o.pose_max = atof(argv[a + 1]);
        else if (!strcmp(argv[a], "--track-max"))
            o.track_max = atof(argv[a + 1]);
        else if (!strcmp(argv[a], "--mesh-max"))
            o.mesh_max = atof(argv[a + 1]);
    }
    if (argc - a != 2) {
        fprintf(stderr, "usage: test_parity [--model M] [--sequence] [--pose-max E] [--track-max E] [--mesh-max E] REF_DIR IMAGE_DIR\n");
        return 2;
    }
    d = opendir(argv[a]);
    if (!d) {
        printf("SKIP: no reference directory %s\n", argv[a]);
        return 77;
    }
    while ((e = readdir(d)) && n < 256) {
        size_t len = strlen(e->d_name);
        if (len > 5 && !strcmp(e->d_name + len - 5, ".json") &&
            strcmp(e->d_name, "timing.json"))
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    vc.pose_model = o.model;
    if (tc_vision_create(&v, &vc) < 0 || tc_vision_create(&seq, &vc) < 0) {
        printf("FAIL: models missing or refused (run scripts/fetch-models.sh)\n");
        return 1;
    }
    printf("parity vs MediaPipe (%s), mean error in image units; bounds image %.3f track %.3f mesh %.3f; track %s\n",
           o.model == TC_POSE_FULL ? "full" : "lite", o.pose_max, o.track_max,
           o.mesh_max, o.sequence ? "replays the harness's sequence" : "fresh a photo");
    for (int i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", argv[a], names[i]);
        failed += check_photo(v, seq, &t_us, &o, path, argv[a + 1]);
        free(names[i]);
    }
    tc_vision_destroy(v);
    tc_vision_destroy(seq);
    printf("%d passed, %d failed\n", n - failed, failed);
    return failed ? 1 : 0;
}
