/* pipeline/pipeline.c — the pipeline's life: create (the config copied),
 * the start of a session at the first frame (scorer, trace, recording),
 * finish, destroy, getters. The per-frame path is in frame.c, sources in
 * source.c, events in events.c. */
#include "pipeline/pipeline_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tc_pipeline__fail(tc_pipeline *p, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, sizeof p->err, fmt, ap);
    va_end(ap);
    return code;
}

/* A copy of `s` into *dst (NULL stays NULL); 0 or -1 out of memory. */
static int dup_str(char **dst, const char *s)
{
    *dst = NULL;
    if (!s)
        return 0;
    *dst = strdup(s);
    return *dst ? 0 : -1;
}

static int copy_config(tc_pipeline *p, const tc_pipeline_config *cfg)
{
    p->cfg = *cfg;
    if (dup_str(&p->view, cfg->view) < 0 || dup_str(&p->trace_path, cfg->trace_path) < 0 ||
        dup_str(&p->video_path, cfg->video_path) < 0 || dup_str(&p->source, cfg->source) < 0 ||
        dup_str(&p->created_by, cfg->created_by) < 0)
        return TC_ENOMEM;
    p->cfg.view = p->view;
    p->cfg.trace_path = p->trace_path;
    p->cfg.video_path = p->video_path;
    p->cfg.source = p->source;
    p->cfg.created_by = p->created_by;
    p->cfg.profile = NULL;
    return TC_OK;
}

/* The profile in use: the config's (or defaults), the view over it. */
static int apply_view(tc_pipeline *p)
{
    char err[256];
    if (p->view && tc_profile_set(&p->profile, "exercise", "view", p->view, err,
                                  sizeof err) < 0)
        return tc_pipeline__fail(p, TC_EINVAL, "view: %s", err);
    return TC_OK;
}

int tc_pipeline_create(tc_pipeline **out, const tc_pipeline_config *cfg, char *err,
                       size_t errcap)
{
    tc_pipeline *p;
    int rc;

    *out = NULL;
    if (!cfg)
        return TC_EINVAL;
    if (!(p = calloc(1, sizeof *p)))
        return TC_ENOMEM;
    p->found = -1;
    p->has_profile = cfg->profile != NULL;
    if (cfg->profile)
        p->profile = *cfg->profile;
    else
        tc_profile_defaults(&p->profile);
    rc = copy_config(p, cfg);
    if (rc == TC_OK && cfg->vision && !(p->lm = calloc(1, sizeof *p->lm)))
        rc = TC_ENOMEM;
    if (rc == TC_OK)
        rc = apply_view(p);
    if (rc == TC_OK && cfg->width > 0 && cfg->height > 0)
        rc = tc_pipeline__start(p, cfg->width, cfg->height);
    if (rc < 0) {
        if (err && errcap)
            snprintf(err, errcap, "%s", p->err[0] ? p->err : tc_strerror(rc));
        tc_pipeline_destroy(p);
        return rc;
    }
    /* a new session: nothing of a previous one's tracking or smoothing
     * (one vision handle scores many videos in eval and score's workers) */
    if (cfg->vision)
        tc_vision_reset(cfg->vision);
    *out = p;
    return TC_OK;
}

static int start_trace(tc_pipeline *p)
{
    tc_trace_info info;
    int rc;
    memset(&info, 0, sizeof info);
    info.width = p->width;
    info.height = p->height;
    info.started_unix = p->cfg.started_unix;
    snprintf(info.source, sizeof info.source, "%s", p->source ? p->source : "");
    snprintf(info.created_by, sizeof info.created_by, "%s",
             p->created_by ? p->created_by : "tuckcam");
    rc = tc_trace_writer_create(&p->tw, p->trace_path, &info, tc_scorer_profile(p->sc));
    if (rc < 0)
        return tc_pipeline__fail(p, rc, "%s: cannot write: %s", p->trace_path, tc_strerror(rc));
    return TC_OK;
}

static int start_recording(tc_pipeline *p)
{
    tc_recorder_config rc_cfg = TC_RECORDER_CONFIG_INIT;
    rc_cfg.width = p->width;
    rc_cfg.height = p->height;
    rc_cfg.fps = p->cfg.video_fps > 0 ? p->cfg.video_fps : 30;
    rc_cfg.crf = 23;
    rc_cfg.threads = 1;
    rc_cfg.log = p->cfg.log;
    rc_cfg.log_user = p->cfg.log_user;
    int rc = tc_recorder_create(&p->rec, p->video_path, &rc_cfg);
    if (rc < 0)
        return tc_pipeline__fail(p, rc, "%s: cannot record: %s", p->video_path, tc_strerror(rc));
    return TC_OK;
}

int tc_pipeline__start_from_trace(tc_pipeline *p, const tc_trace_info *hdr)
{
    int rc = apply_view(p);
    return rc < 0 ? rc : tc_pipeline__start(p, hdr->width, hdr->height);
}

int tc_pipeline__start(tc_pipeline *p, int w, int h)
{
    tc_scorer_config sc_cfg = TC_SCORER_CONFIG_INIT;
    int rc;
    sc_cfg.profile = &p->profile;
    sc_cfg.width = w;
    sc_cfg.height = h;
    if ((rc = tc_scorer_create(&p->sc, &sc_cfg)) < 0)
        return tc_pipeline__fail(p, rc, "cannot score frames of %dx%d", w, h);
    p->width = w;
    p->height = h;
    if (p->video_path && (rc = start_recording(p)) < 0)
        return rc;
    if (p->trace_path && (rc = start_trace(p)) < 0)
        return rc;
    return TC_OK;
}

/* Close the recording and the trace; the first error is kept. */
static void close_files(tc_pipeline *p)
{
    int rc;
    if (p->rec && (rc = tc_recorder_close(p->rec)) < 0 && !p->file_err)
        p->file_err = tc_pipeline__fail(p, rc, "%s: %s; what was written plays",
                                        p->video_path, tc_recorder_last_error(p->rec));
    tc_recorder_destroy(p->rec);
    p->rec = NULL;
    if (p->tw && (rc = tc_trace_writer_close(p->tw)) < 0 && !p->file_err)
        p->file_err = tc_pipeline__fail(p, rc, "%s: %s", p->trace_path, tc_strerror(rc));
    p->tw = NULL;
}

int tc_pipeline_finish(tc_pipeline *p)
{
    if (p->finished)
        return p->file_err;
    p->finished = 1;
    if (p->sc) {
        tc_scorer_finish(p->sc);
        tc_pipeline__scorer_events(p, tc_scorer_session(p->sc)->duration_s, p->obs.frame);
    }
    close_files(p);
    return p->file_err;
}

void tc_pipeline_recalibrate(tc_pipeline *p)
{
    if (!p->sc || p->finished)
        return;
    tc_scorer_recalibrate(p->sc);
    tc_pipeline__scorer_events(p, tc_scorer_session(p->sc)->duration_s, p->obs.frame);
}

void tc_pipeline_destroy(tc_pipeline *p)
{
    if (!p)
        return;
    close_files(p);
    tc_scorer_destroy(p->sc);
    tc_pipeline__series_free(&p->series);
    free(p->lm);
    tc_pipeline__change_free(&p->change);
    free(p->view);
    free(p->trace_path);
    free(p->video_path);
    free(p->source);
    free(p->created_by);
    free(p);
}

const tc_pipeline_result *tc_pipeline_last(const tc_pipeline *p) { return &p->last; }

const tc_scorer *tc_pipeline_scorer(const tc_pipeline *p) { return p->sc; }

int64_t tc_pipeline_frames(const tc_pipeline *p) { return p->frames; }

const char *tc_pipeline_last_error(const tc_pipeline *p)
{
    return p->err[0] ? p->err : "no error";
}

tc_pipeline_series tc_pipeline_get_series(const tc_pipeline *p)
{
    tc_pipeline_series s = { p->series.t, p->series.retraction_mm, p->series.pitch_deg,
                             p->series.n };
    return s;
}
