/* pipeline/pipeline_impl.h — the pipeline handle and the functions its
 * files share (private to pipeline/). */
#ifndef TC_PIPELINE_PIPELINE_IMPL_H
#define TC_PIPELINE_PIPELINE_IMPL_H

#include "capture/recorder.h"
#include "pipeline/pipeline.h"

#define TC_PIPELINE__EVENTS 256

/* The per-frame series for the HTML report (keep_series). */
typedef struct tc_pipeline__series {
    double *t, *retraction_mm, *pitch_deg;
    size_t  n, cap;
} tc_pipeline__series;

/* Events waiting to be received: a ring of TC_PIPELINE__EVENTS. */
typedef struct tc_pipeline__queue {
    tc_pipeline_event ev[TC_PIPELINE__EVENTS];
    size_t            head, n;
    uint64_t          dropped;
} tc_pipeline__queue;

/* The previous frame's green channel at half resolution, for the face's
 * change (pipeline/face_change.c). */
typedef struct tc_pipeline__change {
    uint8_t *prev;
    size_t   size;
    int      w, h, have;
} tc_pipeline__change;


struct tc_pipeline {
    tc_pipeline_config cfg;      /* strings below are copies */
    tc_profile         profile;
    int                has_profile;  /* the config gave one */
    char              *view, *trace_path, *video_path, *source, *created_by;

    tc_scorer         *sc;           /* from the first frame on */
    tc_trace_writer   *tw;
    tc_recorder       *rec;
    int                width, height;

    tc_landmarks      *lm;           /* this frame's (vision) */
    tc_obs             obs;
    tc_metrics         m;
    tc_pipeline_result last;
    int64_t            frames;
    int                found;        /* -1 not known yet, 0 lost, 1 in view */
    int                calibrations; /* the scorer's count, as last seen */
    size_t             reps;         /* reps announced */
    int                finished;
    int                file_err;     /* first error closing the files */

    tc_pipeline__queue q;
    tc_pipeline__series series;
    tc_pipeline__change change;  /* the last frame's pixels, for the face's change */
    int                predicting;   /* a predicted frame was seen: a video's */
    char               err[512];
};

/** Record the failure text on the handle and return `code`. */
int tc_pipeline__fail(tc_pipeline *p, int code, const char *fmt, ...) TC_PRINTF(3, 4);

/** Start the session for frames of w x h: scorer, trace, recording. */
int tc_pipeline__start(tc_pipeline *p, int w, int h);

/** Start from a trace header: the view over the profile in use, then the
 * session for its frame size. */
int tc_pipeline__start_from_trace(tc_pipeline *p, const tc_trace_info *hdr);

/** Queue an event (the oldest is dropped when the ring is full). */
void tc_pipeline__queue_push(tc_pipeline *p, const tc_pipeline_event *ev);

/** Queue the events the last scorer step produced (calibration, reps). */
void tc_pipeline__scorer_events(tc_pipeline *p, double t_s, int64_t frame);

/** Append a frame to the series; TC_ENOMEM leaves it unchanged. */
int tc_pipeline__series_push(tc_pipeline__series *s, const tc_obs *obs, const tc_metrics *m);

/** The mean absolute change, in grey levels, of frame f's pixels (green,
 * half resolution) since the frame before, over the face mesh's box in `lm`
 * (this frame's landmarks); NAN with no face, on the first frame, for a
 * frame of another size or pixel format, or out of memory. Keeps this
 * frame for the next call. */
double tc_pipeline__face_change(tc_pipeline__change *c, const tc_frame *f,
                                const tc_landmarks *lm);

/** Free the kept frame. */
void tc_pipeline__change_free(tc_pipeline__change *c);

/** Free the series. */
void tc_pipeline__series_free(tc_pipeline__series *s);

#endif /* TC_PIPELINE_PIPELINE_IMPL_H */
