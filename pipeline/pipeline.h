/* pipeline/pipeline.h — one session's per-frame path, below the program:
 *
 *   frame (+ time) -> [recorder] -> vision -> observation -> scorer
 *                                                   -> [trace] [series]
 *   trace  ---------------------------------> observation -> scorer
 *
 * Every command that scores (score, eval, live, record, rescore, report,
 * bench, track) goes through a tc_pipeline; none keeps a per-frame loop
 * of its own. Frames are sent in; what happened comes out as events
 * (calibrated, rep finished, tracking lost / found, source stalled), in
 * the manner of FFmpeg's send/receive calls: tc_pipeline_receive_event
 * answers TC_EAGAIN when there is none. The library prints nothing and
 * exits nothing: errors are negative TC_E* codes, with the details in
 * tc_pipeline_last_error().
 *
 *   tc_pipeline *p;
 *   tc_pipeline_config cfg = TC_PIPELINE_CONFIG_INIT;
 *   cfg.vision = v; cfg.profile = &profile; cfg.trace_path = "s.trace.jsonl";
 *   if (tc_pipeline_create(&p, &cfg) < 0) ...
 *   while ((rc = tc_pipeline_pull(p, cap, 1000, &f)) != TC_EOF) {
 *       if (rc == TC_EAGAIN) continue;             // a stall, said in an event
 *       if (rc < 0 || tc_pipeline_send_frame(p, &f) < 0) ... last_error
 *       while (tc_pipeline_receive_event(p, &ev) == TC_OK) ...
 *   }
 *   rc = tc_pipeline_finish(p);                    // last rep, files closed
 *   reps = tc_scorer_reps(tc_pipeline_scorer(p), &r);
 *   tc_pipeline_destroy(p);
 *
 * One tc_pipeline per thread; the vision handle it borrows is that
 * thread's too. */
#ifndef TC_PIPELINE_PIPELINE_H
#define TC_PIPELINE_PIPELINE_H

#include <stddef.h>
#include <stdint.h>
#include "capture/capture.h"
#include "core/obs.h"
#include "core/scorer.h"
#include "core/status.h"
#include "formats/formats.h"
#include "vision/vision.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_pipeline tc_pipeline;

/** What one frame gave, for a per-frame hook or the live overlay.
 * Pointers are borrowed until the next frame. */
typedef struct tc_pipeline_result {
    const tc_frame     *frame;     /* NULL when the frame came from a trace */
    const tc_landmarks *landmarks; /* NULL from a trace or an observe hook */
    int                 found;     /* the person was found in this frame */
    const tc_obs       *obs;
    const tc_metrics   *metrics;
} tc_pipeline_result;

/** Called after each frame is scored; a negative return stops the run
 * (tc_pipeline_run, tc_pipeline_send_trace) and is returned. */
typedef int (*tc_pipeline_frame_fn)(void *user, const tc_pipeline_result *r);

/** Instead of vision (tests, tools without models): turn frame `f` into
 * the observation *obs (already zeroed, with t_us and frame set).
 * TC_OK found, TC_ENOTFOUND nobody, another negative code is an error. */
typedef int (*tc_pipeline_observe_fn)(void *user, const tc_frame *f, tc_obs *obs);

typedef struct tc_pipeline_config {
    const tc_profile *profile;   /* NULL: defaults (send_trace: the trace's
                                    own); copied at create */
    const char *view;            /* "side", "front", "auto" over the profile;
                                    NULL keeps it */
    tc_vision  *vision;          /* borrowed; NULL with `observe` or traces only */
    tc_pipeline_observe_fn observe;
    void       *observe_user;
    int         width, height;   /* frame size if known; 0: from the first
                                    frame or the trace's header */
    const char *trace_path;      /* write the trace there; NULL: none */
    const char *video_path;      /* record the frames there (Matroska, H.264);
                                    NULL: none */
    int         video_fps;       /* the recording's nominal rate; 0: 30 */
    const char *source;          /* trace header: the video or device */
    const char *created_by;      /* trace header: "tuckcam 0.1.0" */
    int64_t     started_unix;    /* trace header: when filmed; 0 unknown */
    int         keep_series;     /* keep per-frame time, retraction, pitch */
    tc_pipeline_frame_fn on_frame;  /* optional per-frame hook */
    void       *user;
    tc_log_fn   log;             /* optional: the recorder's log */
    void       *log_user;
} tc_pipeline_config;

#define TC_PIPELINE_CONFIG_INIT { NULL, NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, 0, \
                                  NULL, NULL, 0, 0, NULL, NULL, NULL, NULL }

/** Create a pipeline. The scorer, trace and recording start with the first
 * frame (or at once when the frame size is given). TC_EINVAL for a bad
 * profile or view (said in *err if given), TC_ENOMEM. */
TC_NODISCARD int tc_pipeline_create(tc_pipeline **out, const tc_pipeline_config *cfg,
                                    char *err, size_t errcap);

/** Read the next frame of `cap` into *f (borrowed until the next read).
 * TC_OK; TC_EOF at the end; TC_EAGAIN when the source delivered nothing
 * within `timeout_ms` (a camera stall: not an error, a STALLED event is
 * queued, the caller may go on reading); another negative code when the
 * source failed, with the source's own words in last_error. */
TC_NODISCARD int tc_pipeline_pull(tc_pipeline *p, tc_capture *cap, int timeout_ms,
                                  tc_frame *f);

/** One frame through the whole path: recorded (if a video path was given),
 * vision (or the observe hook), observation, scorer, trace, series, hook,
 * events. TC_OK also when nobody is in view; a negative code when vision,
 * the trace or the recording failed (last_error says which and why; what
 * was written before stays valid) or the hook stopped it. */
TC_NODISCARD int tc_pipeline_send_frame(tc_pipeline *p, const tc_frame *f);

/** One observation (e.g. from a trace) through scorer, trace, series and
 * hook. TC_EINVAL when its time does not follow the previous frame's. */
TC_NODISCARD int tc_pipeline_send_obs(tc_pipeline *p, const tc_obs *obs);

/** Every frame of the trace at `path` through tc_pipeline_send_obs. The
 * header comes first: its frame size, and its recorded profile unless the
 * config gave one. A trace cut off by a crash is read to its last whole
 * line (info->truncated set). *info (may be NULL) gets the header.
 * TC_ENOENT / TC_EIO / TC_EFORMAT (the bad line in last_error). Only on a
 * pipeline that has scored nothing yet. */
TC_NODISCARD int tc_pipeline_send_trace(tc_pipeline *p, const char *path,
                                        tc_trace_info *info);

/** Progress of tc_pipeline_run: once a second of video, the share done
 * (0..1; NAN when the duration is unknown), the time, the reps so far. */
typedef void (*tc_pipeline_progress_fn)(void *user, double done, double t_s, int reps);

/** Pull and send every frame of `cap` until its end (a stall is waited
 * out), then finish. TC_OK, or the first error (last_error says it; the
 * trace holds every frame before it). TC_ENOENT when there was no frame. */
TC_NODISCARD int tc_pipeline_run(tc_pipeline *p, tc_capture *cap,
                                 tc_pipeline_progress_fn progress, void *user);

/** Set neutral again from the next still seconds (a rep under way is
 * closed as partial). */
void tc_pipeline_recalibrate(tc_pipeline *p);

/** End of the session: the rep under way is closed (its event queued),
 * the trace and the recording closed. Returns the first error of the
 * session's files, if any. Frames sent after it are refused. */
int tc_pipeline_finish(tc_pipeline *p);

typedef enum tc_pipeline_event_type {
    TC_PIPELINE_CALIBRATED = 1,  /* neutral set (again): view */
    TC_PIPELINE_REP,             /* a rep ended (complete or partial): rep */
    TC_PIPELINE_LOST,            /* the person went out of view */
    TC_PIPELINE_FOUND,           /* the person is in view (again) */
    TC_PIPELINE_STALLED          /* the source delivered nothing in time: text */
} tc_pipeline_event_type;

/** Stable name ("calibrated", "rep", "lost", "found", "stalled"). */
const char *tc_pipeline_event_name(tc_pipeline_event_type t);

typedef struct tc_pipeline_event {
    tc_pipeline_event_type type;
    double   t_s;           /* session time of the frame it came with */
    int64_t  frame;         /* that frame's number (-1: none yet) */
    tc_view  view;          /* CALIBRATED */
    tc_rep   rep;           /* REP: a copy */
    char     text[256];     /* STALLED: the source's words */
} tc_pipeline_event;

/** The oldest event not received yet: TC_OK, or TC_EAGAIN when there is
 * none. At most 256 wait; past that the oldest are dropped and counted. */
TC_NODISCARD int tc_pipeline_receive_event(tc_pipeline *p, tc_pipeline_event *ev);

/** Events dropped because nobody received them. */
uint64_t tc_pipeline_events_dropped(const tc_pipeline *p);

/** The last frame's result (all NULL/0 before the first). */
const tc_pipeline_result *tc_pipeline_last(const tc_pipeline *p);

/** The scorer (borrowed; NULL before the frame size is known). */
const tc_scorer *tc_pipeline_scorer(const tc_pipeline *p);

/** Per-frame series kept with cfg.keep_series (else n = 0). */
typedef struct tc_pipeline_series {
    const double *t, *retraction_mm, *pitch_deg;  /* NAN where not measured */
    size_t        n;
} tc_pipeline_series;

/** The series so far (borrowed until the next frame). */
tc_pipeline_series tc_pipeline_get_series(const tc_pipeline *p);

/** Frames sent so far. */
int64_t tc_pipeline_frames(const tc_pipeline *p);

/** Text of the last failure on this handle; never NULL. */
const char *tc_pipeline_last_error(const tc_pipeline *p);

/** Close what is open (as finish, errors dropped) and free; NULL is a no-op. */
void tc_pipeline_destroy(tc_pipeline *p);

/* ---- the mapping from landmarks to the scorer's observation ------------ */

/** The observation the scorer needs from one frame's landmarks (`found`:
 * vision found the person): the pose's nose, ears and shoulders in
 * pixels, the face mesh's width (TC_FACE_RIGHT_CHEEK .. LEFT_CHEEK) and
 * height (TC_FACE_FOREHEAD .. CHIN) in 3-D pixels (z is in units of the
 * frame width, as x is), and the head pose. */
void tc_pipeline_observation(tc_obs *out, const tc_landmarks *lm, int found, int width,
                             int height, int64_t t_us, int64_t frame);

#ifdef __cplusplus
}
#endif
#endif /* TC_PIPELINE_PIPELINE_H */
