/* tools/tuckcam/cmd_track.c — `tuckcam track VIDEO`: the vision pipeline
 * over a video, frame by frame: landmarks as CSV, or a per-second summary
 * with lost-tracking intervals. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "session.h"

typedef struct track_opts {
    int csv, face_mesh;
    tc_pose_model model;
} track_opts;

typedef struct second_bin {
    int    frames, found;
    double nose_x, nose_y, pitch, ms;
    int    pitch_n;
} second_bin;

static void track_usage(FILE *to)
{
    fprintf(to,
        "usage: tuckcam track [--csv] [--model lite|full|heavy] [--no-face-mesh] VIDEO\n"
        "\n"
        "Run face detection, pose and face mesh over every frame of VIDEO and\n"
        "print a per-second summary (frames, share with a person, nose\n"
        "position, head pitch, time a frame) with the intervals where\n"
        "tracking was lost; --csv prints one row a frame instead.\n"
        "Coordinates are normalised to the frame (0..1); pitch in degrees,\n"
        "> 0 chin down. The person followed is the largest face at the start\n"
        "(or the one nearest where the tracked person was last seen).\n"
        "\n"
        "Examples:\n"
        "  tuckcam track fixtures/sample/sample.mp4\n"
        "  tuckcam track --csv session.mkv > landmarks.csv\n"
        "Exit status: 0 done (also when nobody was found), 1 video unreadable,\n"
        "2 usage, 3 models missing or refused.\n");
}

static void csv_row(uint64_t seq, int64_t pts, int found, const tc_landmarks *lm)
{
    static const int pts_idx[] = { TC_POSE_NOSE, TC_POSE_LEFT_EAR, TC_POSE_RIGHT_EAR,
                                   TC_POSE_LEFT_SHOULDER, TC_POSE_RIGHT_SHOULDER };
    printf("%llu,%.3f,%d,%.3f", (unsigned long long)seq, (double)pts / 1e6, found,
           lm->pose_score);
    for (size_t i = 0; i < sizeof pts_idx / sizeof pts_idx[0]; i++) {
        if (found)
            printf(",%.4f,%.4f", lm->pose[pts_idx[i]].x, lm->pose[pts_idx[i]].y);
        else
            printf(",,");
    }
    if (lm->has_head_pose)
        printf(",%d,%.2f,%.2f,%.2f", lm->has_face, lm->pitch, lm->yaw, lm->roll);
    else
        printf(",%d,,,", lm->has_face);
    printf(",%d,%.2f\n", lm->redetected, lm->ms_total);
}

static void print_summary(const second_bin *bins, int nbins, uint64_t frames,
                          uint64_t found, int lost_runs, double ms)
{
    printf("  second  frames  person  nose_x  nose_y   pitch  ms/frame\n");
    for (int b = 0; b < nbins; b++) {
        const second_bin *s = &bins[b];
        if (!s->frames)
            continue;
        printf("  %6d  %6d  %5.0f%%", b, s->frames, 100.0 * s->found / s->frames);
        if (s->found)
            printf("  %6.3f  %6.3f", s->nose_x / s->found, s->nose_y / s->found);
        else
            printf("  %6s  %6s", "-", "-");
        if (s->pitch_n)
            printf("  %+6.1f", s->pitch / s->pitch_n);
        else
            printf("  %6s", "-");
        printf("  %8.1f\n", s->ms / s->frames);
    }
    printf("  %llu frames, person in %llu (%.0f%%), tracking lost %d time%s, "
           "%.1f ms a frame (%.0f fps)\n", (unsigned long long)frames,
           (unsigned long long)found, frames ? 100.0 * (double)found / (double)frames : 0.0,
           lost_runs, lost_runs == 1 ? "" : "s", frames ? ms / (double)frames : 0.0,
           ms > 0 ? 1000.0 * (double)frames / ms : 0.0);
}

/* Grow the per-second table to hold second `b`. */
static int ensure_bin(second_bin **bins, int *cap, int b)
{
    if (b < *cap)
        return TC_OK;
    int ncap = *cap ? *cap : 64;
    while (ncap <= b)
        ncap *= 2;
    second_bin *nb = realloc(*bins, (size_t)ncap * sizeof *nb);
    if (!nb)
        return TC_ENOMEM;
    memset(nb + *cap, 0, (size_t)(ncap - *cap) * sizeof *nb);
    *bins = nb;
    *cap = ncap;
    return TC_OK;
}

/* What a video's frames added up to. */
typedef struct track_ctx {
    const track_opts *o;
    second_bin       *bins;
    int               cap_bins, nbins, lost_runs, was_found;
    uint64_t          frames, found;
    double            ms, lost_from;
} track_ctx;

static void add_to_bin(track_ctx *c, int b, int ok, const tc_landmarks *lm)
{
    second_bin *s;
    if (ensure_bin(&c->bins, &c->cap_bins, b) < 0)
        return;
    s = &c->bins[b];
    c->nbins = b + 1 > c->nbins ? b + 1 : c->nbins;
    s->frames++;
    s->found += ok;
    s->ms += lm->ms_total;
    if (ok) {
        s->nose_x += lm->pose[TC_POSE_NOSE].x;
        s->nose_y += lm->pose[TC_POSE_NOSE].y;
    }
    if (lm->has_head_pose) {
        s->pitch += lm->pitch;
        s->pitch_n++;
    }
}

/* After each frame: a CSV row or the second's tally, and lost intervals. */
static int on_frame(void *user, const tc_pipeline_result *r)
{
    track_ctx *c = user;
    const tc_frame *f = r->frame;
    const tc_landmarks *lm = r->landmarks;
    int ok = r->found;
    c->frames++;
    c->found += (uint64_t)ok;
    c->ms += lm->ms_total;
    if (c->o->csv)
        csv_row(f->seq, f->pts_us, ok, lm);
    else
        add_to_bin(c, (int)(f->pts_us / 1000000), ok, lm);
    if (!ok && (c->was_found || c->frames == 1)) {
        c->lost_from = (double)f->pts_us / 1e6;
        c->lost_runs += c->was_found;
    } else if (ok && c->lost_from >= 0 && !c->o->csv) {
        printf("  no person from %.2f s to %.2f s\n", c->lost_from, (double)f->pts_us / 1e6);
        c->lost_from = -1;
    }
    c->was_found = ok;
    return TC_OK;
}

static int track_video(tc_cli *cli, tc_vision *v, const track_opts *o,
                       const char *path)
{
    track_ctx c = { o, NULL, 0, 0, 0, 0, 0, 0, 0, -1 };
    tc_session_opts so = { NULL, NULL, 0, on_frame, NULL, &c };
    tc_pipeline *p = NULL;
    int status;
    char shown[TC_CLI_SHOWN_CAP];

    if (o->csv)
        printf("frame,t,found,pose_score,nose_x,nose_y,left_ear_x,left_ear_y,"
               "right_ear_x,right_ear_y,left_shoulder_x,left_shoulder_y,"
               "right_shoulder_x,right_shoulder_y,face,pitch,yaw,roll,"
               "redetected,ms\n");
    else
        printf("%s\n", tc_terminal_text(shown, sizeof shown, path));
    status = tc_session_run_file(cli, v, path, &so, &p);
    if (!o->csv) {
        if (c.lost_from >= 0)
            printf("  no person from %.2f s to the end\n", c.lost_from);
        print_summary(c.bins, c.nbins, c.frames, c.found, c.lost_runs, c.ms);
    }
    tc_pipeline_destroy(p);
    free(c.bins);
    return status;
}

int tc_cmd_track(tc_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "csv", no_argument, NULL, 'c' },
        { "model", required_argument, NULL, 'M' },
        { "no-face-mesh", no_argument, NULL, 'F' },
        { "models", required_argument, NULL, 'm' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    track_opts o = { 0, 1, TC_POSE_LITE };
    tc_vision *v = NULL;
    int c, status = TC_EXIT_OK;

    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'c': o.csv = 1; break;
        case 'F': o.face_mesh = 0; break;
        case 'm': cli->models_dir = optarg; break;
        case 'M':
            if (tc_cli_parse_model(&o.model, optarg) < 0) {
                tc_cli_error("--model wants lite, full or heavy");
                return TC_EXIT_USAGE;
            }
            break;
        case 'h': track_usage(stdout); return TC_EXIT_OK;
        default:  track_usage(stderr); return TC_EXIT_USAGE;
        }
    }
    if (optind + 1 != argc) {
        track_usage(stderr);
        return TC_EXIT_USAGE;
    }
    if (tc_cli_vision(cli, &v, o.model, o.face_mesh, 0) < 0)
        return TC_EXIT_MODELS;
    status = track_video(cli, v, &o, argv[optind]);
    tc_vision_destroy(v);
    return status;
}
