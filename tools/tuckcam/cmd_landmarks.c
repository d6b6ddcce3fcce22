/* tools/tuckcam/cmd_landmarks.c — `tuckcam landmarks IMAGE...`: run the
 * vision pipeline on still images as a webcam would on a still person
 * (the tracker runs on the repeated image, smoothing as MediaPipe's VIDEO
 * mode does) and print or draw landmarks. */
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capture.h"
#include "cli.h"
#include "vision/vision.h"

typedef struct lm_opts {
    int         json, frames, face_mesh;
    tc_pose_model model;
    const char *draw;
} lm_opts;

static void lm_usage(FILE *to)
{
    fprintf(to,
        "usage: tuckcam landmarks [--json] [--draw OUT.png] [--model lite|full|heavy]\n"
        "                         [--no-face-mesh] [--frames N] IMAGE...\n"
        "\n"
        "Find the person in each image and print the head and shoulder\n"
        "landmarks: x, y normalised to the image (0..1), z on the scale of x,\n"
        "visibility 0..1. The image is fed N times 33 ms apart (default 31),\n"
        "as a webcam feeds a still person, so answers compare with\n"
        "MediaPipe's tracking (VIDEO) mode; --frames 1 gives the first\n"
        "frame's answer, comparable with MediaPipe's IMAGE mode.\n"
        "  --json        all 33 pose and 468 face points as JSON\n"
        "  --draw OUT    draw the landmarks on the image and save it (with\n"
        "                several images, OUT gets -1, -2, ... before the dot)\n"
        "  --model M     pose model: lite (default), full or heavy\n"
        "\n"
        "Examples:\n"
        "  tuckcam landmarks fixtures/photos/skimage_astronaut.png\n"
        "  tuckcam landmarks --json --draw /tmp/out.png photo.jpg\n"
        "Exit status: 0 a person in every image, 1 an image unreadable or\n"
        "without a person, 2 usage, 3 models missing or refused.\n");
}

static const struct { int idx; const char *name; } key_points[] = {
    { TC_POSE_NOSE, "nose" }, { TC_POSE_LEFT_EYE, "left_eye" },
    { TC_POSE_RIGHT_EYE, "right_eye" }, { TC_POSE_LEFT_EAR, "left_ear" },
    { TC_POSE_RIGHT_EAR, "right_ear" },
    { TC_POSE_LEFT_SHOULDER, "left_shoulder" },
    { TC_POSE_RIGHT_SHOULDER, "right_shoulder" },
};

static void print_json(const char *path, int w, int h, int frames,
                       const tc_landmarks *lm)
{
    /* the name as a JSON string (quotes, backslashes and controls escaped) */
    json_object *name = json_object_new_string(path);
    printf("{\"image\": %s, \"width\": %d, \"height\": %d, \"frames\": %d,",
           name ? json_object_to_json_string_ext(name, JSON_C_TO_STRING_PLAIN |
                                                       JSON_C_TO_STRING_NOSLASHESCAPE)
                : "null", w, h, frames);
    json_object_put(name);
    printf(" \"pose\": ");
    if (!lm->has_pose) {
        printf("null,");
    } else {
        printf("{\"score\": %.4f, \"landmarks\": [", lm->pose_score);
        for (int i = 0; i < TC_POSE_POINTS; i++)
            printf("%s{\"x\": %.6f, \"y\": %.6f, \"z\": %.6f, \"visibility\": %.4f}",
                   i ? ", " : "", lm->pose[i].x, lm->pose[i].y, lm->pose[i].z,
                   lm->pose[i].visibility);
        printf("]},");
    }
    if (lm->has_head_pose)
        printf(" \"head_pose\": {\"pitch\": %.2f, \"yaw\": %.2f, \"roll\": %.2f},",
               lm->pitch, lm->yaw, lm->roll);
    else
        printf(" \"head_pose\": null,");
    printf(" \"face_mesh\": ");
    if (!lm->has_face) {
        printf("null}\n");
        return;
    }
    printf("{\"score\": %.4f, \"landmarks\": [", lm->face_score);
    for (int i = 0; i < TC_FACE_POINTS; i++)
        printf("%s{\"x\": %.6f, \"y\": %.6f, \"z\": %.6f}", i ? ", " : "",
               lm->face[i].x, lm->face[i].y, lm->face[i].z);
    printf("]}}\n");
}

static void print_text(const char *path, int w, int h, int frames,
                       const tc_landmarks *lm)
{
    char shown[TC_CLI_SHOWN_CAP];
    printf("%s: %dx%d, tracked over %d frame%s\n", tc_terminal_text(shown, sizeof shown, path),
           w, h, frames, frames == 1 ? "" : "s");
    if (!lm->has_pose) {
        printf("  no person found\n");
        return;
    }
    printf("  pose presence %.3f\n", lm->pose_score);
    printf("  %-15s %8s %8s %8s %6s\n", "landmark", "x", "y", "z", "vis");
    for (size_t i = 0; i < sizeof key_points / sizeof key_points[0]; i++) {
        const tc_landmark *p = &lm->pose[key_points[i].idx];
        printf("  %-15s %8.4f %8.4f %8.4f %6.3f\n", key_points[i].name, p->x,
               p->y, p->z, p->visibility);
    }
    if (lm->has_face)
        printf("  face mesh: 468 points, presence %.3f\n", lm->face_score);
    else
        printf("  face mesh: none\n");
    if (lm->has_head_pose)
        printf("  head pose: pitch %+.1f (chin down > 0), yaw %+.1f, roll %+.1f degrees\n",
               lm->pitch, lm->yaw, lm->roll);
}

/* Read the first frame of an image (or video) file into a new buffer. */
static int read_image(tc_cli *cli, const char *path, uint8_t **out,
                      tc_frame *f)
{
    tc_capture_config cfg = TC_CAPTURE_CONFIG_INIT;
    tc_capture *cap = NULL;
    int rc;
    cfg.log = tc_cli_log;
    cfg.log_user = cli;
    rc = tc_capture_create_file(&cap, path, &cfg);
    if (rc < 0)
        return rc;
    rc = tc_capture_read(cap, f, 0);
    if (rc == TC_OK) {
        size_t n = f->stride * (size_t)f->height;
        *out = malloc(n);
        if (*out)
            memcpy(*out, f->data, n);
        else
            rc = TC_ENOMEM;
        f->data = *out;
    } else {
        tc_cli_error("%s: no frame: %s", path, tc_capture_last_error(cap));
    }
    tc_capture_destroy(cap);
    return rc;
}

static void draw_path(char *out, size_t cap, const char *base, int i, int n)
{
    const char *dot = strrchr(base, '.');
    if (n == 1 || !dot) {
        snprintf(out, cap, n == 1 ? "%s" : "%s-%d", base, i + 1);
        return;
    }
    snprintf(out, cap, "%.*s-%d%s", (int)(dot - base), base, i + 1, dot);
}

static int landmarks_one(tc_cli *cli, tc_vision *v, const lm_opts *o,
                         const char *path, int index, int count)
{
    uint8_t *img = NULL;
    tc_frame f;
    tc_landmarks *lm = calloc(1, sizeof *lm);
    int rc, n = 0;
    if (!lm)
        return TC_EXIT_FAIL;
    rc = read_image(cli, path, &img, &f);
    if (rc < 0) {
        free(lm);
        return TC_EXIT_FAIL;
    }
    rc = tc_vision_process_still(v, img, f.width, f.height, f.stride,
                                 o->frames, lm, &n);
    if (cli->verbose)
        fprintf(stderr, "tuckcam: %s: pose roi (%.3f %.3f %.3f %.1f deg) "
                "after %d frames\n", path, lm->pose_roi.cx, lm->pose_roi.cy,
                lm->pose_roi.w, lm->pose_roi.rotation * 57.29578f, n);
    if (rc < 0 && rc != TC_ENOTFOUND)
        tc_cli_error("%s: %s", path, tc_vision_last_error(v));
    if (o->json)
        print_json(path, f.width, f.height, n, lm);
    else
        print_text(path, f.width, f.height, n, lm);
    if (o->draw) {
        char out[4096];
        draw_path(out, sizeof out, o->draw, index, count);
        tc_vision_draw(img, f.width, f.height, f.stride, lm);
        if (tc_vision_write_image(out, img, f.width, f.height, f.stride) < 0) {
            tc_cli_error("cannot write %s", out);
            rc = TC_EIO;
        }
    }
    free(img);
    free(lm);
    return rc == TC_OK ? TC_EXIT_OK : TC_EXIT_FAIL;
}

int tc_cmd_landmarks(tc_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "json", no_argument, NULL, 'j' },
        { "draw", required_argument, NULL, 'd' },
        { "model", required_argument, NULL, 'M' },
        { "no-face-mesh", no_argument, NULL, 'F' },
        { "frames", required_argument, NULL, 'n' },
        { "models", required_argument, NULL, 'm' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    lm_opts o = { 0, 31, 1, TC_POSE_LITE, NULL };
    tc_vision *v = NULL;
    int c, status = TC_EXIT_OK, first;

    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'j': o.json = 1; break;
        case 'd': o.draw = optarg; break;
        case 'F': o.face_mesh = 0; break;
        case 'm': cli->models_dir = optarg; break;
        case 'M':
            if (tc_cli_parse_model(&o.model, optarg) < 0) {
                tc_cli_error("--model wants lite, full or heavy");
                return TC_EXIT_USAGE;
            }
            break;
        case 'n':
            if (tc_cli_parse_int(&o.frames, optarg, 1, 1000) < 0) {
                tc_cli_error("--frames wants an integer from 1 to 1000");
                return TC_EXIT_USAGE;
            }
            break;
        case 'h': lm_usage(stdout); return TC_EXIT_OK;
        default:  lm_usage(stderr); return TC_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        lm_usage(stderr);
        return TC_EXIT_USAGE;
    }
    if (tc_cli_vision(cli, &v, o.model, o.face_mesh, 0) < 0)
        return TC_EXIT_MODELS;
    first = optind;
    for (int i = first; i < argc; i++)
        if (landmarks_one(cli, v, &o, argv[i], i - first, argc - first) != TC_EXIT_OK)
            status = TC_EXIT_FAIL;
    tc_vision_destroy(v);
    return status;
}
