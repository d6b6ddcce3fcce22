/* capture/recorder.c — libx264 through libavcodec into Matroska. */
#include "capture/recorder.h"

#include <errno.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tc_recorder {
    tc_recorder_config cfg;
    AVFormatContext   *fmt;
    AVCodecContext    *enc;
    AVStream          *st;
    AVFrame           *yuv;
    AVPacket          *pkt;
    struct SwsContext *sws;
    int64_t            last_pts;      /* encoder time base (µs) */
    int64_t            last_dts;      /* stream time base */
    int                header, closed;
    int                error;         /* first write error, sticky */
    tc_recorder_stats  stats;
    char               err[256];
};

static int rec_fail(tc_recorder *r, int code, const char *fmt, ...)
    TC_PRINTF(3, 4);

static int rec_fail(tc_recorder *r, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(r->err, sizeof r->err, fmt, ap);
    va_end(ap);
    if (r->cfg.log)
        r->cfg.log(r->cfg.log_user, TC_LOG_ERROR, r->err);
    return code;
}

/* FFmpeg's error as a TC code; a full disk (or a file size limit) is
 * TC_ENOSPC. */
static int av_status(int err)
{
    return tc_status_from_errno(AVUNERROR(err)) == TC_ENOSPC ? TC_ENOSPC : TC_EIO;
}

static int open_encoder(tc_recorder *r)
{
    const AVCodec *codec = avcodec_find_encoder_by_name("libx264");
    char msg[128];
    int err;
    if (!codec)
        codec = avcodec_find_encoder(AV_CODEC_ID_H264);
    if (!codec)
        return rec_fail(r, TC_EUNSUPPORTED, "no H.264 encoder in this FFmpeg");
    r->enc = avcodec_alloc_context3(codec);
    if (!r->enc)
        return rec_fail(r, TC_ENOMEM, "encoder context");
    r->enc->width = r->cfg.width;
    r->enc->height = r->cfg.height;
    r->enc->pix_fmt = AV_PIX_FMT_YUV420P;
    r->enc->time_base = (AVRational){ 1, 1000000 };
    r->enc->framerate = (AVRational){ r->cfg.fps > 0 ? r->cfg.fps : 30, 1 };
    r->enc->gop_size = 2 * (r->cfg.fps > 0 ? r->cfg.fps : 30); /* key frame each 2 s */
    r->enc->max_b_frames = 0;
    r->enc->thread_count = r->cfg.threads;
    if (r->fmt->oformat->flags & AVFMT_GLOBALHEADER)
        r->enc->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    av_opt_set(r->enc->priv_data, "preset", r->cfg.preset ? r->cfg.preset : "veryfast", 0);
    av_opt_set(r->enc->priv_data, "tune", "zerolatency", 0);
    av_opt_set_int(r->enc->priv_data, "crf", r->cfg.crf > 0 ? r->cfg.crf : 18, 0);
    err = avcodec_open2(r->enc, codec, NULL);
    if (err < 0) {
        av_strerror(err, msg, sizeof msg);
        return rec_fail(r, TC_EUNSUPPORTED, "open %s: %s", codec->name, msg);
    }
    return TC_OK;
}

static int open_output(tc_recorder *r, const char *path)
{
    char msg[128];
    int err = avformat_alloc_output_context2(&r->fmt, NULL, "matroska", path);
    if (err < 0 || !r->fmt)
        return rec_fail(r, TC_ENOMEM, "output context for %s", path);
    if ((err = open_encoder(r)) < 0)
        return err;
    r->st = avformat_new_stream(r->fmt, NULL);
    if (!r->st || avcodec_parameters_from_context(r->st->codecpar, r->enc) < 0)
        return rec_fail(r, TC_ENOMEM, "output stream");
    r->st->time_base = (AVRational){ 1, 1000 };
    err = avio_open(&r->fmt->pb, path, AVIO_FLAG_WRITE);
    if (err < 0) {
        av_strerror(err, msg, sizeof msg);
        return rec_fail(r, av_status(err), "cannot create %s: %s", path, msg);
    }
    /* every write goes to the file at once (each frame is a cluster) */
    r->fmt->flags |= AVFMT_FLAG_FLUSH_PACKETS;
    err = avformat_write_header(r->fmt, NULL);
    if (err < 0) {
        av_strerror(err, msg, sizeof msg);
        return rec_fail(r, av_status(err), "%s: write header: %s", path, msg);
    }
    r->header = 1;
    avio_flush(r->fmt->pb);
    return TC_OK;
}

/* Hand every packet the encoder has to the muxer. */
static int drain(tc_recorder *r)
{
    char msg[128];
    for (;;) {
        int err = avcodec_receive_packet(r->enc, r->pkt);
        if (err == AVERROR(EAGAIN) || err == AVERROR_EOF)
            return TC_OK;
        if (err < 0)
            return rec_fail(r, TC_EIO, "encoder: error %d", err);
        const int64_t pts_us = r->pkt->pts;
        av_packet_rescale_ts(r->pkt, r->enc->time_base, r->st->time_base);
        if (r->stats.frames && r->pkt->dts <= r->last_dts) { /* ms collision */
            r->pkt->pts += r->last_dts + 1 - r->pkt->dts;
            r->pkt->dts = r->last_dts + 1;
        }
        r->last_dts = r->pkt->dts;
        r->pkt->stream_index = r->st->index;
        err = av_interleaved_write_frame(r->fmt, r->pkt);
        /* end the cluster now: Matroska keeps an open cluster in memory,
         * so this puts every frame in the file as it is encoded */
        if (err >= 0)
            err = av_write_frame(r->fmt, NULL);
        if (err < 0 || r->fmt->pb->error < 0) {
            int e = err < 0 ? err : r->fmt->pb->error;
            av_strerror(e, msg, sizeof msg);
            r->error = av_status(e);
            return rec_fail(r, r->error, "recording stopped after %llu frames "
                            "(%s); the file holds everything up to %.1f s",
                            (unsigned long long)r->stats.frames, msg,
                            (double)r->stats.flushed_us / 1e6);
        }
        r->stats.frames++;
        r->stats.flushed_us = pts_us;
        r->stats.bytes = avio_tell(r->fmt->pb);
    }
}

int tc_recorder_create(tc_recorder **out, const char *path,
                       const tc_recorder_config *cfg)
{
    tc_recorder *r;
    int rc;
    *out = NULL;
    if (!path || !cfg || cfg->width < 16 || cfg->height < 16 ||
        cfg->width > 8192 || cfg->height > 8192 || (cfg->width | cfg->height) & 1)
        return TC_EINVAL;
    r = calloc(1, sizeof *r);
    if (!r)
        return TC_ENOMEM;
    r->cfg = *cfg;
    r->last_pts = -1;
    r->yuv = av_frame_alloc();
    r->pkt = av_packet_alloc();
    if (!r->yuv || !r->pkt) {
        rc = TC_ENOMEM;
        goto fail;
    }
    r->yuv->format = AV_PIX_FMT_YUV420P;
    r->yuv->width = cfg->width;
    r->yuv->height = cfg->height;
    if (av_frame_get_buffer(r->yuv, 0) < 0) {
        rc = TC_ENOMEM;
        goto fail;
    }
    r->sws = sws_getContext(cfg->width, cfg->height, AV_PIX_FMT_BGR24, cfg->width,
                            cfg->height, AV_PIX_FMT_YUV420P, SWS_BILINEAR, NULL,
                            NULL, NULL);
    if (!r->sws) {
        rc = TC_ENOMEM;
        goto fail;
    }
    if ((rc = open_output(r, path)) < 0)
        goto fail;
    *out = r;
    return TC_OK;
fail:
    r->closed = 1; /* nothing to finish */
    tc_recorder_destroy(r);
    return rc;
}

int tc_recorder_write(tc_recorder *r, const tc_frame *f)
{
    const uint8_t *src[1];
    int stride[1], err;
    if (!r || !f || !f->data)
        return TC_EINVAL;
    if (r->error)
        return r->error;
    if (r->closed)
        return rec_fail(r, TC_EINVAL, "recorder already closed");
    if (f->width != r->cfg.width || f->height != r->cfg.height ||
        f->format != TC_PIXFMT_BGR24)
        return rec_fail(r, TC_EINVAL, "frame %dx%d, recorder %dx%d BGR",
                        f->width, f->height, r->cfg.width, r->cfg.height);
    if (av_frame_make_writable(r->yuv) < 0)
        return rec_fail(r, TC_ENOMEM, "frame buffer");
    src[0] = f->data;
    stride[0] = (int)f->stride;
    sws_scale(r->sws, src, stride, 0, f->height, r->yuv->data, r->yuv->linesize);
    r->yuv->pts = f->pts_us > r->last_pts ? f->pts_us : r->last_pts + 1;
    r->last_pts = r->yuv->pts;
    err = avcodec_send_frame(r->enc, r->yuv);
    if (err < 0)
        return rec_fail(r, TC_EIO, "encoder refused a frame (%d)", err);
    return drain(r);
}

int tc_recorder_close(tc_recorder *r)
{
    int rc = TC_OK;
    if (!r || r->closed)
        return r ? r->error : TC_EINVAL;
    r->closed = 1;
    if (!r->error && avcodec_send_frame(r->enc, NULL) == 0)
        rc = drain(r);
    if (r->header && av_write_trailer(r->fmt) < 0 && !r->error)
        rc = r->error = rec_fail(r, TC_EIO, "could not finish the file index");
    if (r->fmt && r->fmt->pb) {
        avio_flush(r->fmt->pb);
        r->stats.bytes = avio_tell(r->fmt->pb);
        avio_closep(&r->fmt->pb);
    }
    return r->error ? r->error : rc;
}

void tc_recorder_get_stats(const tc_recorder *r, tc_recorder_stats *out)
{
    *out = r->stats;
}

const char *tc_recorder_last_error(const tc_recorder *r)
{
    return !r ? "no recorder" : r->err[0] ? r->err : "no error";
}

void tc_recorder_destroy(tc_recorder *r)
{
    if (!r)
        return;
    if (!r->closed)
        (void)tc_recorder_close(r);
    if (r->fmt && r->fmt->pb)
        avio_closep(&r->fmt->pb);
    avformat_free_context(r->fmt);
    avcodec_free_context(&r->enc);
    av_frame_free(&r->yuv);
    av_packet_free(&r->pkt);
    sws_freeContext(r->sws);
    free(r);
}
