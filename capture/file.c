/* capture/file.c — video files through libavformat + libavcodec.
 * Corrupt packets are skipped and counted; a truncated file ends as EOF.
 * Timestamps are the stream's own (variable frame rate is kept), shifted so
 * the first frame is at 0 and forced strictly increasing. A rotation in the
 * stream's display matrix (phone videos) is applied to every frame. */
#include "capture/capture_impl.h"

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "capture/convert.h"

typedef struct file_src {
    AVFormatContext   *fmt;
    AVCodecContext    *dec;
    AVPacket          *pkt;
    AVFrame           *frame;
    tc_converter       conv;
    int                stream;
    int                demux_eof;   /* flush packet sent */
    int64_t            first_pts;   /* in stream time base; INT64_MIN unset */
    int64_t            last_us;
    uint64_t           seq;
    char               path[256];   /* for messages */
} file_src;

static void av_err_text(char *out, size_t cap, int err)
{
    if (av_strerror(err, out, cap) < 0)
        snprintf(out, cap, "error %d", err);
}

static void file_destroy(tc_capture *cap)
{
    file_src *s = cap->priv;
    if (!s)
        return;
    tc_capture__converter_free(&s->conv);
    av_frame_free(&s->frame);
    av_packet_free(&s->pkt);
    avcodec_free_context(&s->dec);
    avformat_close_input(&s->fmt);
    free(s);
    cap->priv = NULL;
}

/* The end-of-stream packet. A frame-threaded decoder (PNG, H.264 with
 * threads) reports the last packets' decoding errors here rather than when
 * they were sent: a corrupt packet is skipped and counted as anywhere. */
static int send_flush(tc_capture *cap, file_src *s)
{
    char msg[128];
    int err = avcodec_send_packet(s->dec, NULL);
    if (err == AVERROR_INVALIDDATA) {
        cap->stats.corrupt++;
        return TC_OK;
    }
    if (err < 0) {
        av_err_text(msg, sizeof msg, err);
        return tc_capture__fail(cap, TC_EIO, "%s: decoder at end of stream: %s",
                                s->path, msg);
    }
    return TC_OK;
}

/* Feed the decoder one packet of our stream; sets demux_eof at the end. */
static int feed_decoder(tc_capture *cap, file_src *s)
{
    char msg[128];
    for (;;) {
        int err = av_read_frame(s->fmt, s->pkt);
        if (err < 0) {
            if (err != AVERROR_EOF) {
                av_err_text(msg, sizeof msg, err);
                tc_capture__log(cap, TC_LOG_WARN,
                                "read error, treating as end: %s", msg);
            }
            s->demux_eof = 1;
            return send_flush(cap, s);
        }
        if (s->pkt->stream_index != s->stream) {
            av_packet_unref(s->pkt);
            continue;
        }
        if (s->pkt->flags & AV_PKT_FLAG_CORRUPT)
            cap->stats.corrupt++;
        err = avcodec_send_packet(s->dec, s->pkt);
        av_packet_unref(s->pkt);
        if (err == AVERROR_INVALIDDATA) {
            cap->stats.corrupt++;
            continue;
        }
        if (err < 0 && err != AVERROR(EAGAIN)) {
            av_err_text(msg, sizeof msg, err);
            return tc_capture__fail(cap, TC_EIO, "decoder: %s", msg);
        }
        return TC_OK;
    }
}

static int64_t frame_time_us(tc_capture *cap, file_src *s)
{
    AVStream *st = s->fmt->streams[s->stream];
    int64_t pts = s->frame->best_effort_timestamp, us;
    int64_t step = 33333;
    if (st->avg_frame_rate.num > 0 && st->avg_frame_rate.den > 0)
        step = av_rescale(1000000, st->avg_frame_rate.den,
                          st->avg_frame_rate.num);
    if (pts == AV_NOPTS_VALUE)
        return s->seq ? s->last_us + step : 0;
    if (s->first_pts == INT64_MIN)
        s->first_pts = pts;
    us = av_rescale_q(pts - s->first_pts, st->time_base, AV_TIME_BASE_Q);
    if (s->seq && us <= s->last_us) {   /* a time that goes back: say so, once */
        if (!cap->stats.retimed++)
            tc_capture__log(cap, TC_LOG_WARN, "%s: frame %llu's time %.6f s does not follow "
                            "the one before (%.6f s): such frames are placed a frame interval "
                            "(%.1f ms) after it", s->path, (unsigned long long)s->seq,
                            (double)us / 1e6, (double)s->last_us / 1e6, (double)step / 1e3);
        us = s->last_us + step;
    }
    return us;
}

static int convert(tc_capture *cap, file_src *s, tc_frame *out)
{
    AVFrame *f = s->frame;
    int rc = tc_capture__convert(cap, &s->conv, (const uint8_t *const *)f->data,
                                 f->linesize, f->format, f->width, f->height,
                                 f->color_range == AVCOL_RANGE_JPEG,
                                 cap->stats.rotation, out);
    if (rc < 0)
        return rc;
    out->pts_us = frame_time_us(cap, s);
    out->seq = s->seq++;
    out->predicted = !f->key_frame && f->pict_type != AV_PICTURE_TYPE_I;
    s->last_us = out->pts_us;
    return TC_OK;
}

/* TC_EOF, with what was read as the handle's text (a caller that shows
 * last_error for "no frame" gets a reason, not "no error"). */
static int end_of_stream(tc_capture *cap, const file_src *s)
{
    if (cap->stats.corrupt)
        tc_capture__note(cap, "%s: end of stream after %llu frames (%llu corrupt "
                         "packets or frames skipped)", s->path,
                         (unsigned long long)s->seq,
                         (unsigned long long)cap->stats.corrupt);
    else
        tc_capture__note(cap, "%s: end of stream after %llu frames", s->path,
                         (unsigned long long)s->seq);
    return TC_EOF;
}

static int file_read(tc_capture *cap, tc_frame *out, int timeout_ms)
{
    file_src *s = cap->priv;
    char msg[128];
    (void)timeout_ms; /* a file never blocks on a device */
    for (;;) {
        int err = avcodec_receive_frame(s->dec, s->frame);
        if (err == 0) {
            int rc;
            if (s->frame->decode_error_flags ||
                (s->frame->flags & AV_FRAME_FLAG_CORRUPT))
                cap->stats.corrupt++;
            rc = convert(cap, s, out);
            av_frame_unref(s->frame);
            return rc;
        }
        if (err == AVERROR_EOF)
            return end_of_stream(cap, s);
        if (err == AVERROR_INVALIDDATA) {
            cap->stats.corrupt++;
            continue;
        }
        if (err != AVERROR(EAGAIN)) {
            av_err_text(msg, sizeof msg, err);
            return tc_capture__fail(cap, TC_EIO, "decoder: %s", msg);
        }
        if (s->demux_eof)
            return end_of_stream(cap, s);
        err = feed_decoder(cap, s);
        if (err < 0)
            return err;
    }
}

/* Clockwise degrees (0, 90, 180, 270) that display the stream upright. */
static int stream_rotation(const AVStream *st)
{
    const uint8_t *m = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, NULL);
    double deg;
    if (!m)
        return 0;
    deg = -av_display_rotation_get((const int32_t *)(const void *)m);
    if (isnan(deg))
        return 0;
    deg = fmod(deg, 360.0);
    if (deg < 0)
        deg += 360.0;
    return ((int)lrint(deg / 90.0) % 4) * 90;
}

static const tc_capture__ops file_ops = { "file", file_read, file_destroy };

static int open_decoder(tc_capture *cap, file_src *s, const char *path)
{
    const AVCodec *codec = NULL;
    AVStream *st;
    char msg[128];
    int err;
    if (!(s->fmt = avformat_alloc_context()))
        return tc_capture__fail(cap, TC_ENOMEM, "demuxer context");
    s->fmt->opaque = cap;   /* its log lines are the handle's: tc_capture_take_ffmpeg_line */
    err = avformat_open_input(&s->fmt, path, NULL, NULL);
    if (err < 0) {
        av_err_text(msg, sizeof msg, err);
        return tc_capture__fail(cap, err == AVERROR(ENOENT) ? TC_ENOENT
                                : TC_EFORMAT, "%s: %s", path, msg);
    }
    if (avformat_find_stream_info(s->fmt, NULL) < 0)
        tc_capture__log(cap, TC_LOG_WARN, "%s: no stream info", path);
    s->stream = av_find_best_stream(s->fmt, AVMEDIA_TYPE_VIDEO, -1, -1,
                                    &codec, 0);
    if (s->stream < 0 || !codec)
        return tc_capture__fail(cap, TC_EUNSUPPORTED,
                                "%s: no decodable video stream", path);
    st = s->fmt->streams[s->stream];
    s->dec = avcodec_alloc_context3(codec);
    if (!s->dec || avcodec_parameters_to_context(s->dec, st->codecpar) < 0)
        return tc_capture__fail(cap, TC_ENOMEM, "decoder context");
    s->dec->thread_count = cap->cfg.threads > 0 ? cap->cfg.threads : 0;
    s->dec->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
    err = avcodec_open2(s->dec, codec, NULL);
    if (err < 0) {
        av_err_text(msg, sizeof msg, err);
        return tc_capture__fail(cap, TC_EUNSUPPORTED, "%s: open %s: %s",
                                path, codec->name, msg);
    }
    snprintf(cap->stats.codec, sizeof cap->stats.codec, "%s", codec->name);
    cap->stats.rotation = stream_rotation(st);
    if (cap->stats.rotation)
        tc_capture__log(cap, TC_LOG_INFO, "%s: rotating frames %d degrees",
                        path, cap->stats.rotation);
    if (s->fmt->duration > 0)
        cap->stats.duration_us = s->fmt->duration;
    if (!cap->cfg.width || !cap->cfg.height) {
        int quarter = cap->stats.rotation == 90 || cap->stats.rotation == 270;
        cap->cfg.width = quarter ? s->dec->height : s->dec->width;
        cap->cfg.height = quarter ? s->dec->width : s->dec->height;
    }
    if (st->avg_frame_rate.num > 0 && st->avg_frame_rate.den > 0)
        cap->cfg.fps = (int)((st->avg_frame_rate.num +
                              st->avg_frame_rate.den / 2) /
                             st->avg_frame_rate.den);
    return TC_OK;
}

int tc_capture_create_file(tc_capture **out, const char *path,
                           const tc_capture_config *cfg)
{
    tc_capture *cap = NULL;
    file_src *s;
    int rc;

    *out = NULL;
    if (!path)
        return TC_EINVAL;
    rc = tc_capture__alloc(&cap, &file_ops, cfg);
    if (rc < 0)
        return rc;
    s = calloc(1, sizeof *s);
    if (!s) {
        rc = TC_ENOMEM;
        goto fail;
    }
    cap->priv = s;
    s->first_pts = INT64_MIN;
    snprintf(s->path, sizeof s->path, "%s", path);
    s->pkt = av_packet_alloc();
    s->frame = av_frame_alloc();
    if (!s->pkt || !s->frame) {
        rc = TC_ENOMEM;
        goto fail;
    }
    rc = open_decoder(cap, s, path);
    if (rc < 0)
        goto fail;
    *out = cap;
    return TC_OK;
fail:
    tc_capture_destroy(cap);
    return rc;
}

int tc_capture_take_ffmpeg_line(void *avcl, const char *line)
{
    AVFormatContext *fmt = avcl;
    tc_capture *cap;
    size_t n;
    if (!avcl || !line || *(const AVClass *const *)avcl != avformat_get_class())
        return 0;
    cap = fmt->opaque;   /* set on the demuxers of file handles only */
    if (!cap || cap->ops != &file_ops)
        return 0;
    n = strlen(cap->ffmpeg);
    if (n + 3 < sizeof cap->ffmpeg)
        (void)snprintf(cap->ffmpeg + n, sizeof cap->ffmpeg - n, "%s%s", n ? "; " : "", line);
    return 1;
}

void tc_capture_describe(char *out, size_t cap)
{
    unsigned f = avformat_version(), c = avcodec_version();
    if (!out || !cap)
        return;
    snprintf(out, cap, "FFmpeg %s (libavformat %u.%u, libavcodec %u.%u)",
             av_version_info(), f >> 16, (f >> 8) & 255, c >> 16,
             (c >> 8) & 255);
}
