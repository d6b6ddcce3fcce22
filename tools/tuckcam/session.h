/* tools/tuckcam/session.h — one video through the whole pipeline:
 * capture -> vision -> observation -> scorer -> trace; shared by the
 * commands that score (score, and later live/record). */
#ifndef TC_TOOLS_SESSION_H
#define TC_TOOLS_SESSION_H

#include "cli.h"
#include "core/obs.h"
#include "core/scorer.h"
#include "formats/formats.h"
#include "vision/vision.h"

/** The observation the scorer needs from one frame's landmarks (`found`:
 * the pipeline found the person). Pixels; face sizes from the mesh in
 * 3-D (z is in units of the frame width, as x is). */
void tc_session_obs(tc_obs *out, const tc_landmarks *lm, int found, int width,
                    int height, int64_t t_us, int64_t frame);

typedef struct tc_session_opts {
    const tc_profile *profile;
    const char       *trace_path;   /* NULL: no trace */
    int               progress;     /* print progress to stderr (a TTY) */
    /* optional: called after each frame is scored */
    void            (*on_frame)(void *user, const tc_obs *obs, const tc_metrics *m);
    void             *user;
    /* optional, instead of `progress`: called once a second of video with
     * the share done (0..1, NAN when the duration is unknown) */
    void            (*on_progress)(void *user, double done, double t_s, int reps);
} tc_session_opts;

/** Score the video at `path`: the scorer is created for its frame size and
 * returned in *out (caller destroys), finished. TC_EXIT_* status. */
int tc_session_run_file(tc_cli *cli, tc_vision *v, const char *path,
                        const tc_session_opts *o, tc_scorer **out);

/** Called for each frame of a rescored trace with its metrics; a negative
 * return stops reading and is the error. */
typedef int (*tc_session_frame_fn)(void *user, const tc_obs *obs, const tc_metrics *m);

/** Score a trace again, without models or video: the header first (frame
 * size, the profile recorded), the profile is `override` or else the one
 * recorded (defaults if none), then `view` (NULL: keep); every frame
 * through a new scorer (`on_frame` after each, may be NULL); finished. A
 * trace cut off by a crash is read to its last whole line, and said.
 * Errors printed, the trace's bad line named. *info gets the header and
 * *out the scorer (caller destroys; NULL on failure). TC_EXIT_OK,
 * TC_EXIT_USAGE (bad view) or TC_EXIT_FAIL. */
int tc_session_rescore(const char *path, const tc_profile *override, const char *view,
                       tc_session_frame_fn on_frame, void *user, tc_trace_info *info,
                       tc_scorer **out);

/** Per-frame retraction and pitch of a session, for the HTML report. */
typedef struct tc_series {
    double *t, *retraction_mm, *pitch_deg;   /* NAN where not measured */
    size_t  n, cap;
} tc_series;

/** Append a frame's time and metrics; TC_ENOMEM (the series unchanged). */
int tc_series_push(tc_series *s, const tc_obs *obs, const tc_metrics *m);

/** Free the arrays and zero `s`. */
void tc_series_free(tc_series *s);

#endif /* TC_TOOLS_SESSION_H */
