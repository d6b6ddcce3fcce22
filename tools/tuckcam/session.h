/* tools/tuckcam/session.h — the program's side of a pipeline session: a
 * video file or a trace through tc_pipeline, with the errors said on
 * stderr and TC_EXIT_* codes (the library only returns codes and text).
 * Shared by score, eval, track, rescore and report. */
#ifndef TC_TOOLS_SESSION_H
#define TC_TOOLS_SESSION_H

#include "cli.h"
#include "pipeline/pipeline.h"

typedef struct tc_session_opts {
    const tc_profile       *profile;      /* NULL: defaults */
    const char             *trace_path;   /* NULL: no trace */
    int                     progress;     /* a progress line on stderr (a TTY) */
    tc_pipeline_frame_fn    on_frame;     /* optional, after each frame */
    tc_pipeline_progress_fn on_progress;  /* optional, instead of `progress` */
    void                   *user;         /* for both */
} tc_session_opts;

/** Score the video at `path` through a pipeline on vision handle `v`;
 * *out gets the finished pipeline (caller destroys; its scorer holds the
 * reps). Errors said, named by the path. TC_EXIT_OK or TC_EXIT_FAIL. */
int tc_session_run_file(tc_cli *cli, tc_vision *v, const char *path,
                        const tc_session_opts *o, tc_pipeline **out);

/** Score a trace again, without models or video: the profile is
 * `override` or else the one recorded (defaults if none), then `view`
 * (NULL: keep); `keep_series` keeps the per-frame series for the HTML
 * report; `on_frame` (may be NULL) after each frame. A trace cut off by a
 * crash is read to its last whole line, and said. *info gets the header,
 * *out the finished pipeline (caller destroys; NULL on failure).
 * TC_EXIT_OK, TC_EXIT_USAGE (bad view) or TC_EXIT_FAIL; errors said. */
int tc_session_rescore(const char *path, const tc_profile *override, const char *view,
                       int keep_series, tc_pipeline_frame_fn on_frame, void *user,
                       tc_trace_info *info, tc_pipeline **out);

#endif /* TC_TOOLS_SESSION_H */
