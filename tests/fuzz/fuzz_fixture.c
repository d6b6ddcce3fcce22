/* tests/fuzz/fuzz_fixture.c — libFuzzer target: the motion script + truth
 * file pair as tuckgen makes it. Any bytes as a motion script; when it
 * parses, the truth tuckgen would write beside its video (each channel at
 * every frame, the reps) is built, turned into the truth file's JSON and
 * read back: the reader must take what the writer wrote, with the same
 * reps, frames and values to the digits written, or the target aborts.
 * At most MAX_FRAMES frames an input. Seeds: the motion scripts of
 * fixtures/gt. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formats/fixture.h"
#include "formats/formats_impl.h"

#define MAX_FRAMES 200

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Equal to what "%.*f" with `digits` decimals kept. */
static int near(double a, double b, int digits)
{
    return fabs(a - b) <= 0.5 * pow(10, -digits) * (1 + 1e-9) + 1e-12 * fabs(a);
}

/* tuckgen's truth of a parsed script (frames capped); 0 out of memory. */
static int build(tc_truth *t, const tc_motion *m)
{
    const tc_motion_scene *sc = tc_motion_get_scene(m);
    const tc_motion_rep *reps;
    double n = floor(sc->duration_s * sc->fps + 0.5);
    memset(t, 0, sizeof *t);
    t->version = TC_TRUTH_VERSION;
    snprintf(t->video, sizeof t->video, "fuzz.mkv");
    snprintf(t->photo, sizeof t->photo, "%s", sc->photo);
    t->view = sc->view;
    t->width = sc->width;
    t->height = sc->height;
    t->fps = sc->fps;
    t->distance_mm = 600;
    t->hfov_deg = sc->hfov_deg;
    t->camera_tilt_deg = sc->cam_tilt_deg;
    t->camera_roll_deg = sc->cam_roll_deg;
    t->cva_rest_deg[0] = sc->view == TC_VIEW_SIDE ? -13.2 : NAN;
    t->cva_rest_deg[1] = sc->view == TC_VIEW_SIDE ? 4.0 : NAN;
    t->n_frames = n < 1 ? 1 : n > MAX_FRAMES ? MAX_FRAMES : (size_t)n;
    t->n_reps = tc_motion_reps(m, &reps);
    t->frames = calloc(t->n_frames, sizeof *t->frames);
    t->reps = t->n_reps ? malloc(t->n_reps * sizeof *t->reps) : NULL;
    if (!t->frames || (t->n_reps && !t->reps))
        return 0;
    if (t->n_reps)
        memcpy(t->reps, reps, t->n_reps * sizeof *reps);
    for (size_t i = 0; i < t->n_reps; i++)   /* as tuckgen says it for a side view */
        if (sc->view == TC_VIEW_SIDE) {
            t->reps[i].cva_change_deg[0] = 0.09 * t->reps[i].amp[TC_CH_RETRACTION];
            t->reps[i].cva_change_deg[1] = -0.5 * t->reps[i].amp[TC_CH_PITCH];
        }
    for (size_t i = 0; i < t->n_frames; i++) {
        t->frames[i].t_s = (double)i / sc->fps;
        t->frames[i].in_view = 1;
        tc_motion_at(m, t->frames[i].t_s, t->frames[i].v);
    }
    return 1;
}

/* Both unknown (NAN), or both known and equal to `digits` decimals. */
static int same_opt(double a, double b, int digits)
{
    return isnan(a) ? isnan(b) : !isnan(b) && near(a, b, digits);
}

/* The truth read back matches the one written; aborts where it does not. */
static void compare(const tc_truth *a, const tc_truth *b)
{
    if (b->n_frames != a->n_frames || b->n_reps != a->n_reps || b->view != a->view ||
        b->width != a->width || b->height != a->height || !near(a->fps, b->fps, 4) ||
        strcmp(a->photo, b->photo) || strcmp(a->video, b->video) ||
        !near(a->camera_tilt_deg, b->camera_tilt_deg, 2) ||
        !near(a->camera_roll_deg, b->camera_roll_deg, 2) ||
        !same_opt(a->cva_rest_deg[0], b->cva_rest_deg[0], 2) ||
        !same_opt(a->cva_rest_deg[1], b->cva_rest_deg[1], 2))
        abort();
    for (size_t i = 0; i < a->n_reps; i++) {
        const tc_motion_rep *x = &a->reps[i], *y = &b->reps[i];
        if (!near(x->start_s, y->start_s, 4) || !near(x->end_s, y->end_s, 4) ||
            !near(x->hold_start_s, y->hold_start_s, 4) || x->faults != y->faults ||
            !near(x->return_start_s, y->return_start_s, 4) || x->pauses != y->pauses ||
            !same_opt(x->cva_change_deg[0], y->cva_change_deg[0], 2) ||
            !same_opt(x->cva_change_deg[1], y->cva_change_deg[1], 2))
            abort();
        for (int c = 0; c < TC_CH_COUNT; c++)
            if (!near(x->amp[c], y->amp[c], 3))
                abort();
    }
    for (size_t i = 0; i < a->n_frames; i++) {
        if (!near(a->frames[i].t_s, b->frames[i].t_s, 4))
            abort();
        for (int c = 0; c < TC_CH_COUNT; c++)
            if (!near(a->frames[i].v[c], b->frames[i].v[c], 3))
                abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tc_motion *m = NULL;
    tc_truth t, back;
    json_object *root;
    const char *text;
    size_t len;
    char err[256];
    if (tc_motion_parse(&m, (const char *)data, size, "fuzz", err, sizeof err) != TC_OK)
        return 0;
    if (build(&t, m) && (root = tc_formats__truth_json(&t))) {
        text = json_object_to_json_string_length(root, JSON_C_TO_STRING_PLAIN, &len);
        if (tc_truth_parse(&back, text, len, err, sizeof err) != TC_OK) {
            fprintf(stderr, "fuzz_fixture: the truth written is refused: %s\n", err);
            abort();
        }
        compare(&t, &back);
        tc_truth_free(&back);
        json_object_put(root);
    }
    tc_truth_free(&t);
    tc_motion_destroy(m);
    return 0;
}
