/* pipeline/source.c — where frames come from: a capture source (read,
 * stalls waited out, a whole file run) or a trace (rescoring without
 * models or video). */
#include "pipeline/pipeline_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Consecutive stalls tc_pipeline_run waits out before it gives up. */
#define MAX_STALLS 30

/* The capture's own words for a failure, or the code's when it has none. */
static const char *source_words(const tc_capture *cap, int rc)
{
    const char *e = tc_capture_last_error(cap);
    return e && e[0] && strcmp(e, "no error") != 0 ? e : tc_strerror(rc);
}

int tc_pipeline_pull(tc_pipeline *p, tc_capture *cap, int timeout_ms, tc_frame *f)
{
    tc_pipeline_event ev;
    int rc = tc_capture_read(cap, f, timeout_ms);
    if (rc == TC_OK || rc == TC_EOF)
        return rc;
    if (rc != TC_EAGAIN)
        return tc_pipeline__fail(p, rc, "the source stopped: %s", source_words(cap, rc));
    memset(&ev, 0, sizeof ev);
    ev.type = TC_PIPELINE_STALLED;
    ev.t_s = p->sc ? tc_scorer_session(p->sc)->duration_s : 0;
    ev.frame = p->frames ? p->obs.frame : -1;
    snprintf(ev.text, sizeof ev.text, "no frame within %d ms: %s", timeout_ms,
             source_words(cap, rc));
    tc_pipeline__queue_push(p, &ev);
    tc_pipeline__fail(p, rc, "%s", ev.text);
    return TC_EAGAIN;
}

int tc_pipeline_run(tc_pipeline *p, tc_capture *cap, tc_pipeline_progress_fn progress,
                    void *user)
{
    tc_capture_stats st;
    tc_frame f;
    int64_t last_print = -1;
    int rc, stalls = 0;

    tc_capture_get_stats(cap, &st);
    while ((rc = tc_pipeline_pull(p, cap, 1000, &f)) != TC_EOF) {
        if (rc == TC_EAGAIN && ++stalls < MAX_STALLS)
            continue;
        if (rc < 0)
            return rc;
        stalls = 0;
        if ((rc = tc_pipeline_send_frame(p, &f)) < 0)
            return rc;
        if (progress && f.pts_us / 1000000 != last_print) {
            last_print = f.pts_us / 1000000;
            progress(user, st.duration_us > 0 ? (double)f.pts_us / (double)st.duration_us : NAN,
                     (double)f.pts_us / 1e6, p->m.reps);
        }
    }
    if (!p->frames)
        return tc_pipeline__fail(p, TC_ENOENT, "no frames");
    return tc_pipeline_finish(p);
}

static int trace_frame(void *user, const tc_obs *obs)
{
    return tc_pipeline_send_obs(user, obs);
}

int tc_pipeline_send_trace(tc_pipeline *p, const char *path, tc_trace_info *info)
{
    tc_trace_info hdr;
    char err[512];
    int rc;

    if (p->frames)
        return tc_pipeline__fail(p, TC_EINVAL, "%s: the pipeline has scored frames already",
                                 path);
    if ((rc = tc_trace_read(path, &hdr, NULL, NULL, err, sizeof err)) < 0)
        return tc_pipeline__fail(p, rc, "%s", err);
    if (!p->sc) {
        if (!p->has_profile && hdr.has_profile)
            p->profile = hdr.profile;
        if ((rc = tc_pipeline__start_from_trace(p, &hdr)) < 0)
            return rc;
    }
    err[0] = '\0';
    p->err[0] = '\0';
    rc = tc_trace_read(path, &hdr, trace_frame, p, err, sizeof err);
    if (info)
        *info = hdr;
    if (rc < 0 && p->err[0]) {
        char why[sizeof p->err];
        snprintf(why, sizeof why, "%s", p->err);
        return tc_pipeline__fail(p, rc, "%s: %s", path, why);
    }
    if (rc < 0)
        return tc_pipeline__fail(p, rc, "%s", err[0] ? err : tc_strerror(rc));
    return TC_OK;
}
