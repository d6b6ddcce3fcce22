/* tools/tuckcam/cmd_eval.c — `tuckcam eval TRUTH...`: score each
 * ground-truth fixture (tools/tuckgen) and compare with its truth: rep
 * count, phase timing (frames), depth (mm), pitch (degrees), per-frame
 * tracking of the scripted motion, and fault precision / recall. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "formats/fixture.h"
#include "session.h"

static void eval_usage(FILE *to)
{
    fprintf(to,
        "usage: tuckcam eval [options] TRUTH.json...\n"
        "\n"
        "Score each ground-truth fixture (a video made by tuckgen, with its\n"
        "NAME.truth.json beside it) and compare with the truth: rep count,\n"
        "phase-boundary timing in frames (start, hold start, return start,\n"
        "end), depth in mm, chin-down pitch in degrees, the CVA change per rep\n"
        "(side view, where the truth has it), how closely the\n"
        "per-frame retraction and pitch follow the script, and the precision\n"
        "and recall of the faults. Prints a line a fixture and the totals, and\n"
        "checks the totals against the thresholds below; every rep must also\n"
        "hold the scorer's invariants (phases in order, durations positive,\n"
        "depth 0..80 mm, score 0..100): one that does not fails the run.\n"
        "\n"
        "Options:\n"
        "  --traces DIR            keep each trace in DIR as NAME.trace.jsonl; a trace\n"
        "                          already there is rescored instead of running the\n"
        "                          models again (fast, for tuning the scorer); DIR is\n"
        "                          made if missing\n"
        "  --profile FILE          exercise profile (default: the built-in one)\n"
        "  --model M               pose model: lite (default), full, heavy\n"
        "  --reps                  also a line a rep: each phase boundary's error\n"
        "                          (found - true, frames), the depth, the faults\n"
        "  --max-count-errors N    reps missed or extra, all fixtures together (0)\n"
        "  --max-timing-frames F   mean phase-boundary error, frames (14)\n"
        "  --max-depth-mm D        mean depth error over reps without a lean (5.5)\n"
        "  --max-pitch-deg P       mean pitch error (2)\n"
        "  --max-cva-deg C         mean error of the CVA change per rep against the\n"
        "                          truth's (side-view fixtures whose truth has it: the\n"
        "                          hand-marked tragus and C7 moved as rendered) (5)\n"
        "  --min-precision X       fault precision, 0..1 (0.15)\n"
        "  --min-recall X          fault recall, 0..1 (0.6)\n"
        "The defaults are regression guards set just outside what the committed\n"
        "fixtures achieve today (README, Ground-truth fixtures), not goals. A\n"
        "measure with no data (no fixture scored, no rep to measure it on) is\n"
        "NOT MET; fault precision and recall when no fixture has or shows a\n"
        "fault are not checked.\n"
        "\n"
        "Example:\n"
        "  tuckcam eval fixtures/gt/*.truth.json\n"
        "Exit status: 0 every threshold met, 1 one was not or a fixture could\n"
        "not be scored, 2 usage, 3 models missing or refused.\n");
}

typedef struct limits {
    double count, timing, depth, pitch, cva, precision, recall;
} limits;

/* Everything compared, for one fixture or summed over all. */
typedef struct tally {
    int      fixtures;           /* scored (the sum's count; 1 for one) */
    int      truth_reps, found_reps, count_errors, broken;  /* broken: invariants */
    double   timing_sum, timing_max;
    int      timing_n;
    double   depth_sum, depth_max;
    int      depth_n;
    double   pitch_sum, pitch_max;
    int      pitch_n;
    double   cva_sum, cva_max, cva_signed, cva_ac_sum; /* CVA change against the
                                   truth's: |error| vs C7, signed, |error| vs acromion */
    int      cva_n;
    double   ret_sq, pitch_sq;   /* per-frame squared errors */
    int      frames_n;
    unsigned tp[TC_FAULT_COUNT], fp[TC_FAULT_COUNT], fn[TC_FAULT_COUNT];
} tally;

typedef struct frame_ctx {
    const tc_truth *truth;
    tally          *t;
} frame_ctx;

/* After each frame: the per-frame errors against the script. */
static int on_frame(void *user, const tc_pipeline_result *r)
{
    const tc_obs *obs = r->obs;
    const tc_metrics *m = r->metrics;
    frame_ctx *c = user;
    const tc_truth *tr = c->truth;
    long i = lround((double)obs->t_us * 1e-6 * tr->fps);
    if (i < 0 || (size_t)i >= tr->n_frames || !m->valid || !tr->frames[i].in_view ||
        m->phase == TC_PHASE_CALIBRATING)
        return TC_OK;
    const double *v = tr->frames[i].v;
    /* the front view's retraction is the head's travel, a lean's with it;
     * the side view's is the head's over the trunk (core/metrics.c) */
    const double lean = tr->view == TC_VIEW_SIDE ? 0 : v[TC_CH_LEAN];
    double de = m->retraction_raw_mm - (v[TC_CH_RETRACTION] + lean);
    double dp = isfinite(m->pitch_deg) ? m->pitch_deg - v[TC_CH_PITCH] : 0;
    c->t->ret_sq += de * de;
    c->t->pitch_sq += dp * dp;
    c->t->frames_n++;
    return TC_OK;
}

static double overlap(const tc_rep *r, const tc_motion_rep *t)
{
    double a = fmax(r->start_s, t->start_s), b = fmin(r->end_s, t->end_s);
    return b - a;
}

static void faults_text(char *out, size_t cap, unsigned bits)
{
    size_t n = 0;
    out[0] = '\0';
    for (int f = 0; f < TC_FAULT_COUNT && n < cap; f++)
        if (bits & (1u << f))
            n += (size_t)snprintf(out + n, cap - n, "%s%s", n ? "," : "", tc_fault_name((tc_fault)f));
    if (!out[0])
        snprintf(out, cap, "-");
}

static void count_faults(tally *t, unsigned truth, unsigned found)
{
    for (int f = 0; f < TC_FAULT_COUNT; f++) {
        unsigned b = 1u << f;
        if ((truth & b) && (found & b))
            t->tp[f]++;
        else if (found & b)
            t->fp[f]++;
        else if (truth & b)
            t->fn[f]++;
    }
}

/* One matched rep, for --reps: each boundary's error e (found - true, s)
 * in frames, the depth found against the truth, the faults found. */
static void print_rep(const tc_truth *tr, size_t k, const tc_rep *r, const double e[4])
{
    char got[160];
    faults_text(got, sizeof got, r->faults);
    printf("%s rep %zu: start %+5.1f  hold %+5.1f  return %+5.1f  end %+5.1f frames;"
           " depth %.1f mm (true %.1f); faults %s\n",
           tr->video, k + 1, e[0] * tr->fps, e[1] * tr->fps, e[2] * tr->fps, e[3] * tr->fps,
           r->depth_mm, tr->reps[k].amp[TC_CH_RETRACTION], got);
}

/* A matched rep's CVA change against the truth's (when both have one). */
static void compare_cva(tally *t, const tc_rep *r, const tc_motion_rep *g)
{
    if (!isfinite(r->cva_change_deg) || !isfinite(g->cva_change_deg[0]))
        return;
    double e = r->cva_change_deg - g->cva_change_deg[0];
    t->cva_sum += fabs(e);
    t->cva_signed += e;
    t->cva_max = fmax(t->cva_max, fabs(e));
    t->cva_ac_sum += fabs(r->cva_change_deg - g->cva_change_deg[1]);
    t->cva_n++;
}

/* Match scored reps to true ones (largest overlap, one to one) and tally. */
static void compare(tally *t, const tc_truth *tr, const tc_rep *reps, size_t n,
                    unsigned *exp_bits, unsigned *got_bits, int show)
{
    char *used = calloc(n ? n : 1, 1);
    *exp_bits = *got_bits = 0;
    t->truth_reps += (int)tr->n_reps;
    for (size_t i = 0; i < n; i++)
        if (!reps[i].partial)
            t->found_reps++;
    for (size_t k = 0; k < tr->n_reps; k++) {
        const tc_motion_rep *g = &tr->reps[k];
        long best = -1;
        double bo = 0;
        for (size_t i = 0; i < n; i++)
            if (used && !used[i] && !reps[i].partial && overlap(&reps[i], g) > bo) {
                bo = overlap(&reps[i], g);
                best = (long)i;
            }
        *exp_bits |= g->faults;
        if (best < 0) {
            count_faults(t, g->faults, 0);
            continue;
        }
        const tc_rep *r = &reps[best];
        used[best] = 1;
        *got_bits |= r->faults;
        const double e[4] = { r->start_s - g->start_s, r->hold_start_s - g->hold_start_s,
                              r->return_start_s - g->return_start_s, r->end_s - g->end_s };
        if (show)
            print_rep(tr, k, r, e);
        for (int j = 0; j < 4; j++) {
            double fr = fabs(e[j]) * tr->fps;
            t->timing_sum += fr;
            t->timing_max = fmax(t->timing_max, fr);
            t->timing_n++;
        }
        if (g->amp[TC_CH_LEAN] == 0 && isfinite(r->depth_mm)) {
            double d = fabs(r->depth_mm - g->amp[TC_CH_RETRACTION]);
            t->depth_sum += d;
            t->depth_max = fmax(t->depth_max, d);
            t->depth_n++;
        }
        if (isfinite(r->pitch_change_deg)) {
            double p = fabs(r->pitch_change_deg - g->amp[TC_CH_PITCH]);
            t->pitch_sum += p;
            t->pitch_max = fmax(t->pitch_max, p);
            t->pitch_n++;
        }
        compare_cva(t, r, g);
        count_faults(t, g->faults, r->faults);
    }
    for (size_t i = 0; i < n; i++)
        if (used && !used[i] && !reps[i].partial) {
            count_faults(t, 0, reps[i].faults);
            *got_bits |= reps[i].faults;
        }
    t->count_errors += abs(t->found_reps - t->truth_reps);
    free(used);
}

static void add(tally *sum, const tally *t)
{
    sum->fixtures += t->fixtures;
    sum->truth_reps += t->truth_reps;
    sum->found_reps += t->found_reps;
    sum->count_errors += t->count_errors;
    sum->broken += t->broken;
    sum->timing_sum += t->timing_sum;
    sum->timing_n += t->timing_n;
    sum->timing_max = fmax(sum->timing_max, t->timing_max);
    sum->depth_sum += t->depth_sum;
    sum->depth_n += t->depth_n;
    sum->depth_max = fmax(sum->depth_max, t->depth_max);
    sum->pitch_sum += t->pitch_sum;
    sum->pitch_n += t->pitch_n;
    sum->pitch_max = fmax(sum->pitch_max, t->pitch_max);
    sum->cva_sum += t->cva_sum;
    sum->cva_signed += t->cva_signed;
    sum->cva_ac_sum += t->cva_ac_sum;
    sum->cva_n += t->cva_n;
    sum->cva_max = fmax(sum->cva_max, t->cva_max);
    sum->ret_sq += t->ret_sq;
    sum->pitch_sq += t->pitch_sq;
    sum->frames_n += t->frames_n;
    for (int f = 0; f < TC_FAULT_COUNT; f++) {
        sum->tp[f] += t->tp[f];
        sum->fp[f] += t->fp[f];
        sum->fn[f] += t->fn[f];
    }
}

static double ratio(double a, double b)
{
    return b > 0 ? a / b : NAN;
}

/* Every rep (complete or partial) against the invariants (tc_rep_check);
 * each one broken is said and counted. */
static void check_invariants(tally *t, const char *name, const tc_rep *reps, size_t n)
{
    char why[256];
    for (size_t i = 0; i < n; i++)
        if (tc_rep_check(&reps[i], why, sizeof why) < 0) {
            tc_cli_error("%s: rep %d breaks an invariant: %s", name, reps[i].index, why);
            t->broken++;
        }
}

/* The fixture's pipeline: its trace rescored when `trace` is there
 * already, else the video scored (and the trace kept when `trace` is
 * given). TC_EXIT_* status. */
static int score_fixture(tc_cli *cli, tc_vision **v, tc_pose_model model, const char *video,
                         const char *trace, const tc_profile *profile, frame_ctx *fc,
                         tc_pipeline **out)
{
    if (trace[0] && access(trace, R_OK) == 0) {
        tc_trace_info info;
        return tc_session_rescore(trace, profile, NULL, 0, on_frame, fc, &info, out);
    }
    tc_session_opts so = { profile, trace[0] ? trace : NULL, !cli->quiet, on_frame, NULL, fc };
    if (!*v && tc_cli_vision(cli, v, model, 1, 0) < 0)
        return TC_EXIT_MODELS;
    return tc_session_run_file(cli, *v, video, &so, out);
}

/* What eval prints a fixture: with --reps a line a rep (show), and the
 * table's header before the first fixture scored (headed: printed). */
typedef struct eval_print {
    int show, headed;
} eval_print;

/* The table's header, once, when a fixture's lines are to follow it (not
 * when a fatal error, missing models, ends the run first). */
static void print_header(eval_print *pr)
{
    if (pr->headed)
        return;
    pr->headed = 1;
    printf("%-22s %4s %5s %7s %6s %7s %6s %7s %6s %5s  %s\n", "fixture", "reps", "found",
           "time fr", "max", "depth", "max", "pitch", "ret", "cva", "faults: true | found");
}

/* A measure v of the fixture's row to one decimal, or "-" when it has no
 * data (n, its count of reps or frames, is 0). */
static const char *cell(char out[16], double v, int n)
{
    if (n <= 0)
        return "-";
    snprintf(out, 16, "%.1f", v);
    return out;
}

/* Score one fixture into *t; TC_EXIT_* status. */
static int eval_one(tc_cli *cli, tc_vision **v, tc_pose_model model, const char *truth_path,
                    const char *traces, const tc_profile *profile, eval_print *pr,
                    tally *t)
{
    tc_truth tr;
    char err[1024], video[2048], trace[2048] = "", exp_s[160], got_s[160], cva_s[16] = "-";
    tc_pipeline *p = NULL;
    frame_ctx fc;
    const tc_rep *reps;
    unsigned exp_bits, got_bits;
    int status;
    const char *slash = strrchr(truth_path, '/');

    memset(t, 0, sizeof *t);
    if (tc_truth_load(&tr, truth_path, err, sizeof err) < 0) {
        tc_cli_error("%s", err);
        return TC_EXIT_FAIL;
    }
    snprintf(video, sizeof video, "%.*s%s", slash ? (int)(slash - truth_path + 1) : 0,
             truth_path, tr.video);
    if (traces)
        snprintf(trace, sizeof trace, "%s/%s.trace.jsonl", traces, tr.video);
    fc = (frame_ctx){ &tr, t };
    status = score_fixture(cli, v, model, video, trace, profile, &fc, &p);
    if (status == TC_EXIT_OK) {
        size_t n = tc_scorer_reps(tc_pipeline_scorer(p), &reps);
        t->fixtures = 1;
        print_header(pr);
        compare(t, &tr, reps, n, &exp_bits, &got_bits, pr->show);
        check_invariants(t, tr.video, reps, n);
        faults_text(exp_s, sizeof exp_s, exp_bits);
        faults_text(got_s, sizeof got_s, got_bits);
        if (t->cva_n)
            snprintf(cva_s, sizeof cva_s, "%.1f", t->cva_sum / t->cva_n);
        char c[6][16];
        printf("%-22s %4d %5d %7s %6s %7s %6s %7s %6s %5s  %s | %s\n",
               tr.video, t->truth_reps, t->found_reps,
               cell(c[0], ratio(t->timing_sum, t->timing_n), t->timing_n),
               cell(c[1], t->timing_max, t->timing_n),
               cell(c[2], ratio(t->depth_sum, t->depth_n), t->depth_n),
               cell(c[3], t->depth_max, t->depth_n),
               cell(c[4], ratio(t->pitch_sum, t->pitch_n), t->pitch_n),
               cell(c[5], sqrt(ratio(t->ret_sq, t->frames_n)), t->frames_n), cva_s, exp_s, got_s);
        fflush(stdout);
    }
    tc_pipeline_destroy(p);
    tc_truth_free(&tr);
    return status;
}


/* One threshold line; whether it is met. A measure with no data (NaN:
 * no fixture scored, or none with a rep to measure it on) is not met,
 * unless `moot` (fault precision and recall where no fixture scored has
 * or shows a fault: nothing to measure, said so, and it does not fail). */
static int check(const char *what, double got, double lim, int at_most, int moot)
{
    int ok = at_most ? got <= lim : got >= lim;   /* NaN: not met */
    const char *verdict = ok ? "ok" : "NOT MET";
    if (isnan(got) && moot)
        verdict = "not checked: no faults true or found";
    else if (isnan(got))
        verdict = "NOT MET: no data";
    if (isnan(got))
        printf("  %-34s %8s  (%s %g)  %s\n", what, "-", at_most ? "at most" : "at least", lim,
               verdict);
    else
        printf("  %-34s %8.3f  (%s %g)  %s\n", what, got, at_most ? "at most" : "at least",
               lim, verdict);
    return ok || (isnan(got) && moot);
}

/* A count over the fixtures scored; NaN (no data) when none was. */
static double counted(const tally *s, int n)
{
    return s->fixtures ? (double)n : (double)NAN;
}

static int report(const tally *s, const limits *lim)
{
    unsigned tp = 0, fp = 0, fn = 0;
    int ok = 1, moot;
    printf("\nfaults (true positives / false positives / missed):\n");
    for (int f = 0; f < TC_FAULT_COUNT; f++) {
        tp += s->tp[f];
        fp += s->fp[f];
        fn += s->fn[f];
        if (s->tp[f] + s->fp[f] + s->fn[f])
            printf("  %-16s %3u / %3u / %3u\n", tc_fault_name((tc_fault)f), s->tp[f],
                   s->fp[f], s->fn[f]);
    }
    if (s->frames_n)
        printf("\ntotals: %d true reps, %d found; per-frame RMS: retraction %.1f mm, "
               "pitch %.1f deg over %d frames\n", s->truth_reps, s->found_reps,
               sqrt(s->ret_sq / s->frames_n), sqrt(s->pitch_sq / s->frames_n), s->frames_n);
    else
        printf("\ntotals: %d true reps, %d found; no frame compared\n", s->truth_reps,
               s->found_reps);
    ok &= check("rep count errors", counted(s, s->count_errors), lim->count, 1, 0);
    ok &= check("reps breaking an invariant", counted(s, s->broken), 0, 1, 0);
    ok &= check("phase timing, mean frames", ratio(s->timing_sum, s->timing_n), lim->timing, 1,
                0);
    printf("  %-34s %8.1f\n", "phase timing, worst frames", s->timing_max);
    ok &= check("depth, mean mm", ratio(s->depth_sum, s->depth_n), lim->depth, 1, 0);
    printf("  %-34s %8.1f\n", "depth, worst mm", s->depth_max);
    ok &= check("pitch, mean deg", ratio(s->pitch_sum, s->pitch_n), lim->pitch, 1, 0);
    printf("  %-34s %8.1f\n", "pitch, worst deg", s->pitch_max);
    if (s->cva_n) {   /* side-view fixtures only: the line is not there otherwise */
        ok &= check("CVA change, mean deg (vs C7)", s->cva_sum / s->cva_n, lim->cva, 1, 0);
        printf("  %-34s %8.1f\n", "CVA change, worst deg", s->cva_max);
        printf("  %-34s %+8.2f\n", "CVA change, mean signed error", s->cva_signed / s->cva_n);
        printf("  %-34s %8.2f  (%d reps)\n", "CVA change, mean deg vs acromion",
               s->cva_ac_sum / s->cva_n, s->cva_n);
    }
    moot = s->fixtures && tp + fp + fn == 0;
    ok &= check("fault precision", ratio(tp, tp + fp), lim->precision, 0, moot);
    ok &= check("fault recall", ratio(tp, tp + fn), lim->recall, 0, moot);
    return ok;
}

static int parse_limit(double *out, const char *s, double hi)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= 0 && v <= hi))
        return -1;
    *out = v;
    return 0;
}

int tc_cmd_eval(tc_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "traces", required_argument, NULL, 't' },
        { "profile", required_argument, NULL, 'p' },
        { "model", required_argument, NULL, 'M' },
        { "models", required_argument, NULL, 'm' },
        { "max-count-errors", required_argument, NULL, 'c' },
        { "max-timing-frames", required_argument, NULL, 'f' },
        { "max-depth-mm", required_argument, NULL, 'd' },
        { "max-pitch-deg", required_argument, NULL, 'P' },
        { "max-cva-deg", required_argument, NULL, 'C' },
        { "min-precision", required_argument, NULL, 'r' },
        { "min-recall", required_argument, NULL, 'R' },
        { "reps", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    limits lim = { 0, 14, 5.5, 2, 5, 0.15, 0.6 };
    const char *traces = NULL, *profile_path = NULL;
    tc_pose_model model = TC_POSE_LITE;
    tc_profile profile;
    tc_vision *v = NULL;
    tally sum, one;
    int c, failed = 0, bad = 0, status;
    eval_print pr = { 0, 0 };

    while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        switch (c) {
        case 't': traces = optarg; break;
        case 'p': profile_path = optarg; break;
        case 'm': cli->models_dir = optarg; break;
        case 'q': cli->quiet = 1; break;
        case 'v': pr.show = 1; break;
        case 'M': bad |= tc_cli_parse_model(&model, optarg) < 0; break;
        case 'c': bad |= parse_limit(&lim.count, optarg, 1e6); break;
        case 'f': bad |= parse_limit(&lim.timing, optarg, 1e6); break;
        case 'd': bad |= parse_limit(&lim.depth, optarg, 1e6); break;
        case 'P': bad |= parse_limit(&lim.pitch, optarg, 1e6); break;
        case 'C': bad |= parse_limit(&lim.cva, optarg, 1e6); break;
        case 'r': bad |= parse_limit(&lim.precision, optarg, 1); break;
        case 'R': bad |= parse_limit(&lim.recall, optarg, 1); break;
        case 'h': eval_usage(stdout); return TC_EXIT_OK;
        default:  eval_usage(stderr); return TC_EXIT_USAGE;
        }
        if (bad) {
            tc_cli_error("--%s: bad value '%s'", argv[optind - 1] + 2, optarg);
            return TC_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        eval_usage(stderr);
        return TC_EXIT_USAGE;
    }
    if ((status = tc_cli_profile(&profile, profile_path, NULL)) != TC_EXIT_OK)
        return status;
    if (traces && tc_cli_make_dir("--traces", traces) < 0)
        return TC_EXIT_FAIL;
    memset(&sum, 0, sizeof sum);
    for (int i = optind; i < argc; i++) {
        status = eval_one(cli, &v, model, argv[i], traces, &profile, &pr, &one);
        if (status == TC_EXIT_MODELS) {
            tc_vision_destroy(v);
            return status;
        }
        if (status != TC_EXIT_OK)
            failed++;
        else
            add(&sum, &one);
    }
    tc_vision_destroy(v);
    int ok = report(&sum, &lim);
    if (failed)
        tc_cli_error("%d of %d fixtures could not be scored", failed, argc - optind);
    return ok && !failed ? TC_EXIT_OK : TC_EXIT_FAIL;
}
