/* tools/tuckgen/remux.c — copy a video into MP4 with a display matrix, the
 * way a phone stores a portrait clip: frames turned, a player turns them
 * back. (Matroska in FFmpeg 5.1 does not keep the matrix; MP4 does.) */
#include <libavformat/avformat.h>
#include <libavutil/display.h>
#include <stdio.h>
#include <string.h>

#include "core/status.h"
#include "tuckgen.h"

int tg_remux_rotated(const char *in, const char *out, int rotate, char *err, size_t errcap)
{
    AVFormatContext *ic = NULL, *oc = NULL;
    AVPacket *pkt = av_packet_alloc();
    AVStream *is, *os;
    int rc = TC_EIO, vi;

    if (!pkt || avformat_open_input(&ic, in, NULL, NULL) < 0 ||
        avformat_find_stream_info(ic, NULL) < 0 ||
        (vi = av_find_best_stream(ic, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0)) < 0) {
        snprintf(err, errcap, "%s: cannot read the video back", in);
        goto done;
    }
    is = ic->streams[vi];
    if (avformat_alloc_output_context2(&oc, NULL, "mp4", out) < 0 ||
        !(os = avformat_new_stream(oc, NULL)) ||
        avcodec_parameters_copy(os->codecpar, is->codecpar) < 0) {
        snprintf(err, errcap, "%s: cannot set up MP4", out);
        goto done;
    }
    os->codecpar->codec_tag = 0;
    os->time_base = is->time_base;
    uint8_t *sd = av_stream_new_side_data(os, AV_PKT_DATA_DISPLAYMATRIX, 9 * sizeof(int32_t));
    if (!sd) {
        rc = TC_ENOMEM;
        goto done;
    }
    /* the stored frame is turned counter-clockwise by `rotate`; this matrix
     * has players (ffplay, ffmpeg's autorotate, tuckcam) turn it back */
    av_display_rotation_set((int32_t *)(void *)sd, (double)rotate);
    if (avio_open(&oc->pb, out, AVIO_FLAG_WRITE) < 0 || avformat_write_header(oc, NULL) < 0) {
        snprintf(err, errcap, "%s: cannot write", out);
        goto done;
    }
    while (av_read_frame(ic, pkt) >= 0) {
        if (pkt->stream_index == vi) {
            pkt->stream_index = 0;
            av_packet_rescale_ts(pkt, is->time_base, os->time_base);
            pkt->pos = -1;
            if (av_interleaved_write_frame(oc, pkt) < 0) {
                snprintf(err, errcap, "%s: write failed", out);
                av_packet_unref(pkt);
                goto done;
            }
        }
        av_packet_unref(pkt);
    }
    rc = av_write_trailer(oc) < 0 ? TC_EIO : TC_OK;
    if (rc < 0)
        snprintf(err, errcap, "%s: cannot finish the file", out);
done:
    if (oc && oc->pb)
        avio_closep(&oc->pb);
    avformat_free_context(oc);
    avformat_close_input(&ic);
    av_packet_free(&pkt);
    return rc;
}
