/* tools/tuckcam/session.c — a video file or a trace through a pipeline,
 * errors said on stderr. */
#include "session.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture/capture.h"
#include "tc_version.h"

typedef struct tty_progress {
    const char *path;
} tty_progress;

/* The progress line on a terminal: share done (or seconds) and reps. */
static void tty_line(void *user, double done, double t_s, int reps)
{
    const tty_progress *tp = user;
    char shown[TC_CLI_SHOWN_CAP];
    tc_terminal_text(shown, sizeof shown, tp->path);
    if (isfinite(done))
        fprintf(stderr, "\r  %s: %3.0f%%  %d rep%s ", shown, 100.0 * done, reps,
                reps == 1 ? "" : "s");
    else
        fprintf(stderr, "\r  %s: %.0f s  %d reps ", shown, t_s, reps);
}

int tc_session_run_file(tc_cli *cli, tc_vision *v, const char *path,
                        const tc_session_opts *o, tc_pipeline **out)
{
    tc_capture_config cc = TC_CAPTURE_CONFIG_INIT;
    tc_pipeline_config pc = TC_PIPELINE_CONFIG_INIT;
    tc_capture *cap = NULL;
    tc_pipeline *p = NULL;
    tty_progress tp = { path };
    int tty = o->progress && !o->on_progress && isatty(STDERR_FILENO), rc;
    struct stat sb;
    char err[512];

    *out = NULL;
    cc.log = tc_cli_log;
    cc.log_user = cli;
    if (tc_capture_create_file(&cap, path, &cc) < 0)
        return TC_EXIT_FAIL;
    pc.profile = o->profile;
    pc.vision = v;
    pc.trace_path = o->trace_path;
    pc.source = path;
    pc.created_by = "tuckcam " TC_VERSION;
    if (stat(path, &sb) == 0)
        pc.started_unix = (int64_t)sb.st_mtime;   /* when it was filmed, near enough */
    pc.on_frame = o->on_frame;
    pc.user = o->user;
    if ((rc = tc_pipeline_create(&p, &pc, err, sizeof err)) < 0) {
        tc_cli_error("%s: %s", path, err);
        tc_capture_destroy(cap);
        return TC_EXIT_FAIL;
    }
    rc = tc_pipeline_run(p, cap, tty ? tty_line : o->on_progress, tty ? (void *)&tp : o->user);
    if (tty)
        fprintf(stderr, "\r\033[K");
    tc_capture_destroy(cap);
    if (rc < 0) {
        tc_cli_error("%s: %s", path, tc_pipeline_last_error(p));
        tc_pipeline_destroy(p);
        return TC_EXIT_FAIL;
    }
    *out = p;
    return TC_EXIT_OK;
}

int tc_session_rescore(const char *path, const tc_profile *override, const char *view,
                       int keep_series, tc_pipeline_frame_fn on_frame, void *user,
                       tc_trace_info *info, tc_pipeline **out)
{
    tc_pipeline_config pc = TC_PIPELINE_CONFIG_INIT;
    tc_pipeline *p = NULL;
    char err[512];
    int rc;

    *out = NULL;
    pc.profile = override;
    pc.view = view;
    pc.keep_series = keep_series;
    pc.on_frame = on_frame;
    pc.user = user;
    if ((rc = tc_pipeline_create(&p, &pc, err, sizeof err)) < 0) {
        if (rc != TC_EINVAL) {
            tc_cli_error("%s", err);
            return TC_EXIT_FAIL;
        }
        tc_cli_error("--%s", err);
        return TC_EXIT_USAGE;
    }
    if (tc_pipeline_send_trace(p, path, info) < 0) {
        tc_cli_error("%s", tc_pipeline_last_error(p));
        tc_pipeline_destroy(p);
        return TC_EXIT_FAIL;
    }
    if (info->truncated)
        tc_cli_error("%s: the last line was cut off (a crash while recording?); "
                     "scored the %lld whole frames before it", path, (long long)info->frames);
    (void)tc_pipeline_finish(p);   /* no files open: cannot fail */
    *out = p;
    return TC_EXIT_OK;
}
