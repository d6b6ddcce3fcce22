/* tools/tuckcam/session.c — a video through the pipeline into the scorer. */
#include "session.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture/capture.h"
#include "tc_version.h"

static double dist3(const tc_point3 *a, const tc_point3 *b, int w, int h)
{
    double dx = (double)(a->x - b->x) * w, dy = (double)(a->y - b->y) * h;
    double dz = (double)(a->z - b->z) * w;
    return sqrt(dx * dx + dy * dy + dz * dz);
}

void tc_session_obs(tc_obs *o, const tc_landmarks *lm, int found, int width,
                    int height, int64_t t_us, int64_t frame)
{
    static const int pose_idx[TC_OBS_POINTS] = {
        TC_POSE_NOSE, TC_POSE_LEFT_EAR, TC_POSE_RIGHT_EAR,
        TC_POSE_LEFT_SHOULDER, TC_POSE_RIGHT_SHOULDER,
    };
    memset(o, 0, sizeof *o);
    o->t_us = t_us;
    o->frame = frame;
    if (!found)
        return;
    if (lm->has_pose) {
        o->has_pose = 1;
        for (int i = 0; i < TC_OBS_POINTS; i++) {
            const tc_landmark *p = &lm->pose[pose_idx[i]];
            o->pt[i].x = p->x * (float)width;
            o->pt[i].y = p->y * (float)height;
            o->pt[i].vis = p->visibility;
        }
    }
    if (lm->has_face) {
        o->has_face = 1;
        o->face_width = (float)dist3(&lm->face[234], &lm->face[454], width, height);
        o->face_height = (float)dist3(&lm->face[10], &lm->face[152], width, height);
    }
    if (lm->has_head_pose) {
        o->has_head_pose = 1;
        o->pitch = lm->pitch;
        o->yaw = lm->yaw;
        o->roll = lm->roll;
    }
}

int tc_session_run_file(tc_cli *cli, tc_vision *v, const char *path,
                        const tc_session_opts *o, tc_scorer **out)
{
    tc_capture_config cfg = TC_CAPTURE_CONFIG_INIT;
    tc_capture_stats st;
    tc_capture *cap = NULL;
    tc_scorer *sc = NULL;
    tc_trace_writer *tw = NULL;
    tc_landmarks *lm = malloc(sizeof *lm);
    int status = TC_EXIT_FAIL, rc, tty = o->progress && isatty(STDERR_FILENO);
    int64_t last_print = -1;
    struct stat sb;
    tc_frame f;

    *out = NULL;
    cfg.log = tc_cli_log;
    cfg.log_user = cli;
    if (!lm || tc_capture_create_file(&cap, path, &cfg) < 0)
        goto done;
    /* a new video: nothing of the previous one's tracking or smoothing
     * (one handle scores many videos in eval and in score's workers) */
    tc_vision_reset(v);
    tc_capture_get_stats(cap, &st);
    while ((rc = tc_capture_read(cap, &f, 1000)) == TC_OK) {
        tc_obs obs;
        tc_metrics m;
        if (!sc) {
            tc_scorer_config sc_cfg = TC_SCORER_CONFIG_INIT;
            sc_cfg.profile = o->profile;
            sc_cfg.width = f.width;
            sc_cfg.height = f.height;
            if (tc_scorer_create(&sc, &sc_cfg) < 0) {
                tc_cli_error("%s: cannot score frames of %dx%d", path, f.width, f.height);
                goto done;
            }
            if (o->trace_path) {
                tc_trace_info info;
                memset(&info, 0, sizeof info);
                info.width = f.width;
                info.height = f.height;
                snprintf(info.source, sizeof info.source, "%s", path);
                snprintf(info.created_by, sizeof info.created_by, "tuckcam %s", TC_VERSION);
                if (stat(path, &sb) == 0)
                    info.started_unix = (int64_t)sb.st_mtime;  /* when it was filmed, near enough */
                rc = tc_trace_writer_create(&tw, o->trace_path, &info, tc_scorer_profile(sc));
                if (rc < 0) {
                    tc_cli_error("%s: cannot write: %s", o->trace_path, tc_strerror(rc));
                    goto done;
                }
            }
        }
        rc = tc_vision_process(v, f.data, f.width, f.height, f.stride, f.pts_us, lm);
        if (rc < 0 && rc != TC_ENOTFOUND) {
            tc_cli_error("%s: frame %llu: %s", path, (unsigned long long)f.seq,
                         tc_vision_last_error(v));
            goto done;
        }
        tc_session_obs(&obs, lm, rc == TC_OK, f.width, f.height, f.pts_us, (int64_t)f.seq);
        tc_scorer_push(sc, &obs, &m);
        if (o->on_frame)
            o->on_frame(o->user, &obs, &m);
        if (tw && (rc = tc_trace_write(tw, &obs, &m)) < 0) {
            tc_cli_error("%s: %s; the trace holds every frame before this one",
                         o->trace_path, tc_strerror(rc));
            goto done;
        }
        if (o->on_progress && f.pts_us / 1000000 != last_print) {
            last_print = f.pts_us / 1000000;
            o->on_progress(o->user, st.duration_us > 0 ? (double)f.pts_us / (double)st.duration_us
                                                       : NAN, (double)f.pts_us / 1e6, m.reps);
        } else if (tty && f.pts_us / 1000000 != last_print) {
            last_print = f.pts_us / 1000000;
            if (st.duration_us > 0)
                fprintf(stderr, "\r  %s: %3.0f%%  %d rep%s ", path,
                        100.0 * (double)f.pts_us / (double)st.duration_us, m.reps,
                        m.reps == 1 ? "" : "s");
            else
                fprintf(stderr, "\r  %s: %.0f s  %d reps ", path, (double)f.pts_us / 1e6, m.reps);
        }
    }
    if (tty)
        fprintf(stderr, "\r\033[K");
    if (rc != TC_EOF) {
        tc_cli_error("%s: stopped: %s", path, tc_capture_last_error(cap));
        goto done;
    }
    if (!sc) {
        tc_cli_error("%s: no frames", path);
        goto done;
    }
    tc_scorer_finish(sc);
    status = TC_EXIT_OK;
done:
    if (tw && (rc = tc_trace_writer_close(tw)) < 0 && status == TC_EXIT_OK) {
        tc_cli_error("%s: %s", o->trace_path, tc_strerror(rc));
        status = TC_EXIT_FAIL;
    }
    if (sc && status == TC_EXIT_OK)
        *out = sc;
    else
        tc_scorer_destroy(sc);
    tc_capture_destroy(cap);
    free(lm);
    return status;
}

typedef struct rescore_ctx {
    tc_scorer          *sc;
    tc_session_frame_fn fn;
    void               *user;
} rescore_ctx;

static int rescore_frame(void *user, const tc_obs *obs)
{
    rescore_ctx *c = user;
    tc_metrics m;
    if (tc_scorer_push(c->sc, obs, &m) < 0)
        return TC_EFORMAT;
    return c->fn ? c->fn(c->user, obs, &m) : TC_OK;
}

int tc_session_rescore(const char *path, const tc_profile *override, const char *view,
                       tc_session_frame_fn on_frame, void *user, tc_trace_info *info,
                       tc_scorer **out)
{
    tc_scorer_config cfg = TC_SCORER_CONFIG_INIT;
    rescore_ctx c = { NULL, on_frame, user };
    tc_profile prof;
    char err[512];

    *out = NULL;
    /* First pass: the header (frame size, recorded profile). */
    if (tc_trace_read(path, info, NULL, NULL, err, sizeof err) < 0) {
        tc_cli_error("%s", err);
        return TC_EXIT_FAIL;
    }
    if (override)
        prof = *override;
    else if (info->has_profile)
        prof = info->profile;
    else
        tc_profile_defaults(&prof);
    if (view && tc_profile_set(&prof, "exercise", "view", view, err, sizeof err) < 0) {
        tc_cli_error("--view: %s", err);
        return TC_EXIT_USAGE;
    }
    cfg.profile = &prof;
    cfg.width = info->width;
    cfg.height = info->height;
    if (tc_scorer_create(&c.sc, &cfg) < 0) {
        tc_cli_error("%s: cannot score frames of %dx%d", path, info->width, info->height);
        return TC_EXIT_FAIL;
    }
    if (tc_trace_read(path, info, rescore_frame, &c, err, sizeof err) < 0) {
        tc_cli_error("%s", err);
        tc_scorer_destroy(c.sc);
        return TC_EXIT_FAIL;
    }
    if (info->truncated)
        tc_cli_error("%s: the last line was cut off (a crash while recording?); "
                     "scored the %lld whole frames before it", path, (long long)info->frames);
    tc_scorer_finish(c.sc);
    *out = c.sc;
    return TC_EXIT_OK;
}

int tc_series_push(tc_series *s, const tc_obs *obs, const tc_metrics *m)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4096;
        double *a = realloc(s->t, cap * sizeof *a), *b, *c;
        if (a)
            s->t = a;
        b = a ? realloc(s->retraction_mm, cap * sizeof *b) : NULL;
        if (b)
            s->retraction_mm = b;
        c = b ? realloc(s->pitch_deg, cap * sizeof *c) : NULL;
        if (!c)
            return TC_ENOMEM;
        s->pitch_deg = c;
        s->cap = cap;
    }
    s->t[s->n] = (double)obs->t_us / 1e6;
    s->retraction_mm[s->n] = m->valid ? m->retraction_mm : NAN;
    s->pitch_deg[s->n] = m->valid ? m->pitch_deg : NAN;
    s->n++;
    return TC_OK;
}

void tc_series_free(tc_series *s)
{
    free(s->t);
    free(s->retraction_mm);
    free(s->pitch_deg);
    memset(s, 0, sizeof *s);
}
