/* pipeline/frame.c — one frame through the path: recording, vision (or
 * the observe hook), the observation, the scorer, the trace, the series,
 * the per-frame hook and the events it gives. */
#include "pipeline/pipeline_impl.h"

#include <math.h>
#include <string.h>

/* Lost / found: the person leaving and coming back into view. */
static void presence_events(tc_pipeline *p, int found, double t_s)
{
    tc_pipeline_event ev;
    if (found == p->found || (!found && p->found < 0)) {
        if (p->found < 0 && !found)
            p->found = 0;
        return;
    }
    memset(&ev, 0, sizeof ev);
    ev.type = found ? TC_PIPELINE_FOUND : TC_PIPELINE_LOST;
    ev.t_s = t_s;
    ev.frame = p->obs.frame;
    tc_pipeline__queue_push(p, &ev);
    p->found = found;
}

/* The observation of this frame through the scorer and on to the files;
 * `found`: the person was in view. */
static int score(tc_pipeline *p, const tc_frame *f, int found)
{
    int rc, late;
    tc_trace_round(&p->obs);   /* as the trace keeps it: rescoring gives the same */
    late = tc_scorer_push(p->sc, &p->obs, &p->m) < 0;   /* time did not increase */
    p->frames++;
    if (p->tw && (rc = tc_trace_write(p->tw, &p->obs, &p->m)) < 0)
        return tc_pipeline__fail(p, rc, "%s: %s at frame %lld (the lines before it are whole)",
                                 p->trace_path, tc_strerror(rc), (long long)p->obs.frame);
    if (p->cfg.keep_series && tc_pipeline__series_push(&p->series, &p->obs, &p->m) < 0)
        return tc_pipeline__fail(p, TC_ENOMEM, "out of memory keeping the session's series");
    if (!late) {
        double t_s = tc_scorer_session(p->sc)->duration_s;
        presence_events(p, found, t_s);
        tc_pipeline__scorer_events(p, t_s, p->obs.frame);
    }
    p->last.frame = f;
    p->last.landmarks = f && !p->cfg.observe ? p->lm : NULL;
    p->last.found = found;
    p->last.obs = &p->obs;
    p->last.metrics = &p->m;
    if (p->cfg.on_frame && (rc = p->cfg.on_frame(p->cfg.user, &p->last)) < 0)
        return tc_pipeline__fail(p, rc, "stopped after frame %lld", (long long)p->obs.frame);
    return late ? TC_EINVAL : TC_OK;
}

/* Vision or the observe hook: this frame's observation into p->obs; 1
 * found, 0 nobody in view, < 0 error. */
static int observe(tc_pipeline *p, const tc_frame *f)
{
    int rc;
    if (p->cfg.observe) {
        memset(&p->obs, 0, sizeof p->obs);
        p->obs.t_us = f->pts_us;
        p->obs.frame = (int64_t)f->seq;
        rc = p->cfg.observe(p->cfg.observe_user, f, &p->obs);
        if (rc < 0 && rc != TC_ENOTFOUND)
            return tc_pipeline__fail(p, rc, "frame %llu: %s", (unsigned long long)f->seq,
                                     tc_strerror(rc));
        return rc == TC_OK;
    }
    rc = tc_vision_process(p->cfg.vision, f->data, f->width, f->height, f->stride, f->pts_us,
                           p->lm);
    if (rc < 0 && rc != TC_ENOTFOUND)
        return tc_pipeline__fail(p, rc, "frame %llu: %s", (unsigned long long)f->seq,
                                 tc_vision_last_error(p->cfg.vision));
    tc_pipeline_observation(&p->obs, p->lm, rc == TC_OK, f->width, f->height, f->pts_us,
                            (int64_t)f->seq);
    /* only a video predicts frames: a webcam's never pay for the copy */
    p->obs.predicted = f->predicted;
    p->obs.face_change = NAN;
    p->predicting |= f->predicted;
    if (p->predicting)
        p->obs.face_change = (float)tc_pipeline__face_change(&p->change, f,
                                                             rc == TC_OK ? p->lm : NULL);
    return rc == TC_OK;
}

int tc_pipeline_send_frame(tc_pipeline *p, const tc_frame *f)
{
    int rc, found;
    if (p->finished)
        return tc_pipeline__fail(p, TC_EINVAL, "the session is finished");
    if (!p->cfg.vision && !p->cfg.observe)
        return tc_pipeline__fail(p, TC_EINVAL, "frames need vision or an observe hook");
    if (!p->sc && (rc = tc_pipeline__start(p, f->width, f->height)) < 0)
        return rc;
    if (f->width != p->width || f->height != p->height)
        return tc_pipeline__fail(p, TC_EUNSUPPORTED, "frame %llu is %dx%d, the session %dx%d",
                                 (unsigned long long)f->seq, f->width, f->height, p->width,
                                 p->height);
    if (p->rec && (rc = tc_recorder_write(p->rec, f)) < 0)
        return tc_pipeline__fail(p, rc, "%s: %s; the video holds every frame before this one",
                                 p->video_path, tc_recorder_last_error(p->rec));
    if ((found = observe(p, f)) < 0)
        return found;
    rc = score(p, f, found);
    return rc == TC_EINVAL ? TC_OK : rc;   /* a repeated time: scored as before, traced */
}

int tc_pipeline_send_obs(tc_pipeline *p, const tc_obs *obs)
{
    int rc;
    if (p->finished)
        return tc_pipeline__fail(p, TC_EINVAL, "the session is finished");
    if (!p->sc)
        return tc_pipeline__fail(p, TC_EINVAL, "the frame size is not known yet");
    p->obs = *obs;
    rc = score(p, NULL, obs->has_pose);
    if (rc == TC_EINVAL)
        return tc_pipeline__fail(p, rc, "frame %lld: its time (%.6f s) does not follow the "
                                 "frame before", (long long)obs->frame, (double)obs->t_us / 1e6);
    return rc;
}
