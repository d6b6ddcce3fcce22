/* capture/capture.c — dispatch to a backend, shared handle plumbing. */
#include "capture/capture_impl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tc_capture__alloc(tc_capture **out, const tc_capture__ops *ops,
                      const tc_capture_config *cfg)
{
    static const tc_capture_config defaults = TC_CAPTURE_CONFIG_INIT;
    tc_capture *cap = calloc(1, sizeof *cap);
    *out = NULL;
    if (!cap)
        return TC_ENOMEM;
    cap->ops = ops;
    cap->cfg = cfg ? *cfg : defaults;
    cap->stats.duration_us = -1;
    *out = cap;
    return TC_OK;
}

/* FFmpeg's own lines about the handle (tc_capture_take_ffmpeg_line) at the
 * end of its new err text, once. */
static void add_ffmpeg_lines(tc_capture *cap)
{
    size_t n = strlen(cap->err);
    if (!cap->ffmpeg[0])
        return;
    (void)snprintf(cap->err + n, sizeof cap->err - n, " (ffmpeg: %s)", cap->ffmpeg);
    cap->ffmpeg[0] = '\0';
}

int tc_capture__fail(tc_capture *cap, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(cap->err, sizeof cap->err, fmt, ap);
    va_end(ap);
    add_ffmpeg_lines(cap);
    tc_capture__log(cap, TC_LOG_ERROR, "%s", cap->err);
    return code;
}

void tc_capture__note(tc_capture *cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(cap->err, sizeof cap->err, fmt, ap);
    va_end(ap);
    add_ffmpeg_lines(cap);
}

void tc_capture__log(const tc_capture *cap, tc_log_level lvl,
                     const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    if (!cap->cfg.log)
        return;
    va_start(ap, fmt);
    (void)vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cap->cfg.log(cap->cfg.log_user, lvl, msg);
}

int tc_capture_read(tc_capture *cap, tc_frame *frame, int timeout_ms)
{
    int rc;
    if (!cap || !frame)
        return TC_EINVAL;
    rc = cap->ops->read(cap, frame, timeout_ms);
    if (rc == TC_OK)
        cap->stats.frames++;
    return rc;
}

void tc_capture_get_config(const tc_capture *cap, tc_capture_config *out)
{
    *out = cap->cfg;
}

void tc_capture_get_stats(const tc_capture *cap, tc_capture_stats *out)
{
    *out = cap->stats;
}

const char *tc_capture_last_error(const tc_capture *cap)
{
    if (!cap)
        return "no capture handle";
    return cap->err[0] ? cap->err : "no error";
}

void tc_capture_destroy(tc_capture *cap)
{
    if (!cap)
        return;
    if (cap->ops && cap->ops->destroy)
        cap->ops->destroy(cap);
    free(cap);
}
