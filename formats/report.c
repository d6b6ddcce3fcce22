/* formats/report.c — the session report: JSON (versioned), CSV, and the
 * table printed for a person; files are replaced atomically. */
#include "formats/formats.h"

#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "formats/formats_impl.h"

/* Every candidate by what it was: {"tuck": reps, "turn": ..., ...}. */
static json_object *movements_json(const tc_session *ses)
{
    json_object *o = json_object_new_object();
    for (int m = 0; m < TC_MOVE_COUNT; m++)
        json_object_object_add(o, tc_movement_name((tc_movement)m),
                               json_object_new_int(ses->movements[m]));
    return o;
}

static json_object *rep_json(const tc_rep *r, const tc_profile *p)
{
    char cue[160];
    json_object *o = json_object_new_object(), *faults = json_object_new_array();
    json_object_object_add(o, "index", json_object_new_int(r->index));
    json_object_object_add(o, "partial", json_object_new_boolean(r->partial));
    json_object_object_add(o, "start_s", tc_formats__num(r->start_s, 3));
    json_object_object_add(o, "hold_start_s", tc_formats__num(r->hold_start_s, 3));
    json_object_object_add(o, "return_start_s", tc_formats__num(r->return_start_s, 3));
    json_object_object_add(o, "end_s", tc_formats__num(r->end_s, 3));
    json_object_object_add(o, "peak_s", tc_formats__num(r->peak_s, 3));
    json_object_object_add(o, "retract_s", tc_formats__num(r->retract_s, 2));
    json_object_object_add(o, "hold_s", tc_formats__num(r->hold_s, 2));
    json_object_object_add(o, "hold_good_s", tc_formats__num(r->hold_good_s, 2));
    json_object_object_add(o, "return_s", tc_formats__num(r->return_s, 2));
    json_object_object_add(o, "timing_sd_s", tc_formats__num(r->timing_sd_s, 2));
    json_object_object_add(o, "timing_hidden_s",
                           tc_formats__num(fmax(r->hidden_retract_s, r->hidden_return_s), 2));
    json_object_object_add(o, "hidden_retract_s", tc_formats__num(r->hidden_retract_s, 2));
    json_object_object_add(o, "hidden_return_s", tc_formats__num(r->hidden_return_s, 2));
    json_object_object_add(o, "depth_mm", tc_formats__num(r->depth_mm, 1));
    json_object_object_add(o, "depth_mm_low", tc_formats__num(r->depth_lo_mm, 1));
    json_object_object_add(o, "depth_mm_high", tc_formats__num(r->depth_hi_mm, 1));
    json_object_object_add(o, "head_travel_mm", tc_formats__num(r->head_travel_mm, 1));
    json_object_object_add(o, "depth_fraction", tc_formats__num(r->depth_fraction, 2));
    json_object_object_add(o, "range_mm", tc_formats__num(r->range_mm, 1));
    json_object_object_add(o, "range_source",
                           json_object_new_string(tc_range_source_name(r->range_source)));
    json_object_object_add(o, "pitch_change_deg", tc_formats__num(r->pitch_change_deg, 1));
    json_object_object_add(o, "yaw_drift_deg", tc_formats__num(r->yaw_drift_deg, 1));
    json_object_object_add(o, "roll_drift_deg", tc_formats__num(r->roll_drift_deg, 1));
    json_object_object_add(o, "shoulder_elevation", tc_formats__num(r->shoulder_elevation, 3));
    json_object_object_add(o, "trunk_mm", tc_formats__num(r->trunk_mm, 1));
    json_object_object_add(o, "head_forward_cm", tc_formats__num(r->head_forward_cm, 1));
    json_object_object_add(o, "cva_deg", tc_formats__num(r->cva_deg, 1));
    json_object_object_add(o, "cva_change_deg", tc_formats__num(r->cva_change_deg, 1));
    json_object_object_add(o, "sparc", tc_formats__num(r->sparc, 2));
    json_object_object_add(o, "submovements", json_object_new_int(r->submovements));
    json_object_object_add(o, "lost_s", tc_formats__num(r->lost_s, 2));
    json_object_object_add(o, "score", r->partial ? NULL : tc_formats__num(r->score, 0));
    for (int f = 0; f < TC_FAULT_COUNT; f++)
        if (r->faults & (1u << f))
            json_object_array_add(faults, json_object_new_string(tc_fault_name((tc_fault)f)));
    json_object_object_add(o, "faults", faults);
    json_object_object_add(o, "cue", r->worst >= 0
                                         ? json_object_new_string(tc_fault_cue_for(
                                               p, (tc_fault)r->worst, cue, sizeof cue))
                                         : NULL);
    return o;
}

/* The camera model behind the mm: which, its values, the interval of
 * true / reported mm. */
static json_object *camera_json(const tc_session *ses)
{
    json_object *cam = json_object_new_object();
    json_object_object_add(cam, "model", json_object_new_string(tc_camera_model_name(ses->camera)));
    json_object_object_add(cam, "hfov_deg", tc_formats__num(ses->camera_hfov_deg, 1));
    json_object_object_add(cam, "distance_cm", tc_formats__num(ses->camera_distance_cm, 1));
    json_object_object_add(cam, "depth_scale_low", tc_formats__num(ses->depth_scale_lo, 2));
    json_object_object_add(cam, "depth_scale_high", tc_formats__num(ses->depth_scale_hi, 2));
    return cam;
}

static json_object *calibration_json(const tc_session *ses)
{
    json_object *cal = json_object_new_object();
    json_object_object_add(cal, "calibrated", json_object_new_boolean(ses->calibrated));
    json_object_object_add(cal, "at_s", ses->calibrated ? tc_formats__num(ses->calibrated_at_s, 2) : NULL);
    json_object_object_add(cal, "times", json_object_new_int(ses->calibrations));
    json_object_object_add(cal, "range_mm", tc_formats__num(ses->range_mm, 1));
    json_object_object_add(cal, "range_source",
                           json_object_new_string(tc_range_source_name(ses->range_source)));
    json_object_object_add(cal, "range_reps", json_object_new_int(ses->range_reps));
    json_object_object_add(cal, "camera", camera_json(ses));
    json_object_object_add(cal, "noise_mm", tc_formats__num(ses->noise_mm, 2));
    json_object_object_add(cal, "rep_threshold_mm", tc_formats__num(ses->rep_threshold_mm, 1));
    json_object_object_add(cal, "wander_mm", tc_formats__num(ses->wander_mm, 2));
    json_object_object_add(cal, "scale_source", json_object_new_string(ses->scale_source));
    json_object_object_add(cal, "scale_uncertainty_pct", tc_formats__num(ses->scale_uncertainty_pct, 0));
    json_object_object_add(cal, "trunk_source", ses->trunk_source
                           ? json_object_new_string(ses->trunk_source) : NULL);
    json_object_object_add(cal, "shoulders_in_frame",
                           json_object_new_boolean(ses->shoulders_in_frame));
    json_object_object_add(cal, "trunk_tracked", json_object_new_boolean(ses->trunk_tracked));
    json_object_object_add(cal, "trunk_noise_mm", tc_formats__num(ses->trunk_noise_mm, 2));
    json_object_object_add(cal, "shoulders_tracked", json_object_new_boolean(ses->shoulders_tracked));
    json_object_object_add(cal, "shoulder_noise", tc_formats__num(ses->shoulder_noise, 3));
    json_object_object_add(cal, "resting_head_forward_cm", tc_formats__num(ses->resting_head_forward_cm, 1));
    json_object_object_add(cal, "resting_cva_deg", tc_formats__num(ses->resting_cva_deg, 1));
    return cal;
}

/* The report's totals over the complete reps; mean_cva_change_deg (side
 * view) is the mean over those with a CVA change, null in the front view. */
static json_object *totals_json(const tc_scorer *s, const tc_rep *reps, size_t n)
{
    const tc_session *ses = tc_scorer_session(s);
    json_object *tot = json_object_new_object(), *fc = json_object_new_object();
    int full = 0, cva_n = 0, counts[TC_FAULT_COUNT] = { 0 };
    double score_sum = 0, hold_sum = 0, share_sum = 0, cva_sum = 0;

    for (size_t i = 0; i < n; i++) {
        if (reps[i].partial)
            continue;
        full++;
        score_sum += reps[i].score;
        hold_sum += reps[i].hold_good_s;
        share_sum += reps[i].depth_fraction;
        if (isfinite(reps[i].cva_change_deg)) {
            cva_sum += reps[i].cva_change_deg;
            cva_n++;
        }
        for (int f = 0; f < TC_FAULT_COUNT; f++)
            counts[f] += (int)((reps[i].faults >> f) & 1u);
    }
    json_object_object_add(tot, "reps", json_object_new_int(full));
    json_object_object_add(tot, "partial_reps", json_object_new_int((int)n - full));
    json_object_object_add(tot, "prescribed_reps",
                           json_object_new_int(tc_scorer_profile(s)->reps));
    json_object_object_add(tot, "mean_score", full ? tc_formats__num(score_sum / full, 1) : NULL);
    json_object_object_add(tot, "hold_good_s", tc_formats__num(hold_sum, 1));
    json_object_object_add(tot, "mean_depth_fraction",
                           full ? tc_formats__num(share_sum / full, 2) : NULL);
    json_object_object_add(tot, "mean_cva_change_deg",
                           cva_n ? tc_formats__num(cva_sum / cva_n, 1) : NULL);
    for (int f = 0; f < TC_FAULT_COUNT; f++)
        json_object_object_add(fc, tc_fault_name((tc_fault)f), json_object_new_int(counts[f]));
    json_object_object_add(tot, "fault_counts", fc);
    json_object_object_add(tot, "duration_s", tc_formats__num(ses->duration_s, 2));
    json_object_object_add(tot, "frames", json_object_new_int64(ses->frames));
    json_object_object_add(tot, "frames_tracked", json_object_new_int64(ses->frames_valid));
    json_object_object_add(tot, "lost_tracking_s", tc_formats__num(ses->lost_s, 2));
    return tot;
}

int tc_report_write_json(const char *path, const tc_scorer *s, const tc_report_meta *meta,
                         char *err, size_t errcap)
{
    const tc_session *ses = tc_scorer_session(s);
    const tc_rep *reps;
    size_t n = tc_scorer_reps(s, &reps);
    json_object *root = json_object_new_object(), *arr = json_object_new_array();
    json_object *notes = json_object_new_array();
    int rc;

    json_object_object_add(root, "tuckcam_report", json_object_new_int(TC_REPORT_VERSION));
    json_object_object_add(root, "created_by", tc_formats__str(
                               meta && meta->created_by ? meta->created_by : "tuckcam"));
    if (meta && meta->source)
        tc_formats__add_name(root, "source", meta->source);
    else
        json_object_object_add(root, "source", NULL);
    if (meta && meta->trace)
        tc_formats__add_name(root, "trace", meta->trace);
    else
        json_object_object_add(root, "trace", NULL);
    json_object_object_add(root, "view", json_object_new_string(tc_view_name(ses->view)));
    json_object_object_add(root, "profile", tc_formats__profile_json(tc_scorer_profile(s)));

    json_object_object_add(root, "calibration", calibration_json(ses));
    json_object_object_add(root, "movements", movements_json(ses));

    for (size_t i = 0; i < n; i++)
        json_object_array_add(arr, rep_json(&reps[i], tc_scorer_profile(s)));
    json_object_object_add(root, "reps", arr);
    json_object_object_add(root, "totals", totals_json(s, reps, n));

    json_object_array_add(notes, json_object_new_string(
        "Landmarks are proxies: the ear stands in for the tragus and the pose shoulder "
        "for C7/acromion, so CVA and head-forward distance are comparable within a "
        "session and camera set-up, not with a clinical photograph. The CVA is taken "
        "against the frame's horizontal: a camera rolled by some degrees adds them to "
        "the CVA (level the camera), while a rep's CVA change does not depend on it."));
    json_object_array_add(notes, json_object_new_string(
        "Millimetres come from an anthropometric scale and a camera model (see "
        "calibration.scale_source and calibration.camera): the true depth of a rep lies "
        "within depth_mm_low..depth_mm_high. depth_fraction, the share of the person's "
        "range, is the depth measure `shallow` is judged on; a CVA change under about "
        "5 degrees is within the minimal detectable change of photogrammetric CVA."));
    json_object_object_add(root, "notes", notes);

    rc = tc_formats__write_json(path, root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                            JSON_C_TO_STRING_NOSLASHESCAPE, err, errcap);
    json_object_put(root);
    return rc;
}

int tc_formats__write_json(const char *path, json_object *root, int flags,
                           char *err, size_t errcap)
{
    size_t len;
    const char *text = json_object_to_json_string_length(root, flags, &len);
    char *withnl = text ? malloc(len + 1) : NULL;
    int rc;
    if (!withnl)
        return TC_ENOMEM;
    memcpy(withnl, text, len);
    withnl[len] = '\n';
    rc = tc_write_atomic(path, withnl, len + 1, err, errcap);
    free(withnl);
    return rc;
}

int tc_formats__sb_printf(tc_formats__sb *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    for (;;) {
        size_t room = b->cap - b->len;
        va_start(ap, fmt);
        n = vsnprintf(b->p ? b->p + b->len : NULL, room, fmt, ap);
        va_end(ap);
        if (n < 0)
            return 0;
        if ((size_t)n < room) {
            b->len += (size_t)n;
            return 1;
        }
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap - b->len <= (size_t)n)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np)
            return 0;
        b->p = np;
        b->cap = cap;
    }
}

int tc_formats__sb_write(tc_formats__sb *b, int ok, const char *path, char *err, size_t errcap)
{
    int rc = TC_ENOMEM;
    if (ok)
        rc = tc_write_atomic(path, b->p, b->len, err, errcap);
    else
        tc__fmt(err, errcap, "%s: out of memory", path);
    free(b->p);
    memset(b, 0, sizeof *b);
    return rc;
}

const char *tc_formats__csv_num(char *buf, size_t cap, double v, int digits)
{
    if (!isfinite(v))
        return "";
    tc__fmt(buf, cap, "%.*f", digits, v);
    return buf;
}

#define csv_num tc_formats__csv_num

int tc_report_write_csv(const char *path, const tc_scorer *s, char *err, size_t errcap)
{
    const tc_rep *r;
    size_t n = tc_scorer_reps(s, &r);
    tc_formats__sb b = { NULL, 0, 0 };
    char t[20][32];  /* one buffer a number column: the arguments are all live at once */
    int ok;

    ok = tc_formats__sb_printf(&b, "rep,partial,start_s,retract_s,hold_s,hold_good_s,return_s,"
                       "depth_mm,depth_mm_low,depth_mm_high,depth_fraction,range_mm,"
                       "pitch_change_deg,yaw_drift_deg,roll_drift_deg,"
                       "shoulder_elevation,trunk_mm,sparc,"
                       "head_forward_cm,cva_deg,cva_change_deg,score,faults\n");
    for (size_t i = 0; ok && i < n; i++) {
        char faults[256] = "";
        for (int f = 0; f < TC_FAULT_COUNT; f++)
            if (r[i].faults & (1u << f)) {
                size_t l = strlen(faults);
                tc__fmt(faults + l, sizeof faults - l, "%s%s", l ? ";" : "",
                        tc_fault_name((tc_fault)f));
            }
        ok = tc_formats__sb_printf(&b, "%d,%d,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,"
                       "%s,%s,%s,%s,%s\n", r[i].index, r[i].partial,
                       csv_num(t[0], 32, r[i].start_s, 3), csv_num(t[1], 32, r[i].retract_s, 2),
                       csv_num(t[2], 32, r[i].hold_s, 2), csv_num(t[3], 32, r[i].hold_good_s, 2),
                       csv_num(t[4], 32, r[i].return_s, 2), csv_num(t[5], 32, r[i].depth_mm, 1),
                       csv_num(t[13], 32, r[i].depth_lo_mm, 1),
                       csv_num(t[14], 32, r[i].depth_hi_mm, 1),
                       csv_num(t[15], 32, r[i].depth_fraction, 2),
                       csv_num(t[16], 32, r[i].range_mm, 1),
                       csv_num(t[6], 32, r[i].pitch_change_deg, 1),
                       csv_num(t[7], 32, r[i].yaw_drift_deg, 1),
                       csv_num(t[8], 32, r[i].roll_drift_deg, 1),
                       csv_num(t[9], 32, r[i].shoulder_elevation, 3),
                       csv_num(t[10], 32, r[i].trunk_mm, 1), csv_num(t[11], 32, r[i].sparc, 2),
                       csv_num(t[17], 32, r[i].head_forward_cm, 1),
                       csv_num(t[18], 32, r[i].cva_deg, 1),
                       csv_num(t[19], 32, r[i].cva_change_deg, 1),
                       r[i].partial ? "" : csv_num(t[12], 32, r[i].score, 0), faults);
    }
    return tc_formats__sb_write(&b, ok, path, err, errcap);
}

/* What moved that was not a rep, and the threshold a rep must pass: "No
 * reps: movement seen, but no chin tucks: ..." when nothing was a rep. */
static void print_movements(FILE *to, const tc_session *ses, size_t nreps)
{
    char what[512];
    tc_session_movements_text(ses, what, sizeof what);
    if (!nreps && what[0])
        fprintf(to, "  No reps: movement seen, but no chin tucks: %s.\n", what);
    else if (!nreps)
        fprintf(to, "  No reps: nothing moved back past the threshold.\n");
    else if (what[0])
        fprintf(to, "  Also seen, not reps: %s.\n", what);
    fprintf(to, "  (A rep glides back past the threshold %.1f mm, from this session's noise, "
                "and is held.)\n", ses->rep_threshold_mm);
}

/* What the depth column is a share of (and of what the first reps' were,
 * when the range was learned later), and how far its mm can be trusted. */
static void print_depth_basis(FILE *to, const tc_session *ses, const tc_rep *r, size_t n)
{
    char range[192], cam[256], before[512];
    tc_formats__range_text(ses, range, sizeof range);
    tc_formats__camera_text(ses, cam, sizeof cam);
    fprintf(to, "  Depth: %s.\n", range);
    if (tc_formats__range_history(ses, r, n, before, sizeof before))
        fprintf(to, "  Shares taken before that: %s.\n", before);
    if (cam[0])
        fprintf(to, "  The %s.\n", cam);
}

const char *tc_formats__trunk_subject(const tc_session *ses)
{
    return ses->trunk_source && !strcmp(ses->trunk_source, TC_TRUNK_SOURCE_TRACKER) ? "trunk was"
                                                                            : "shoulders were";
}

int tc_formats__nobody_seen(const tc_session *ses)
{
    return !ses->calibrated && ses->frames > 0 && ses->frames_valid == 0;
}

/* v in buf, `width` wide with `prec` decimals (and its sign when `sign`),
 * or "-" right-aligned to that width where v is not a number (a value not
 * measured: the JSON has null there). */
static const char *cell(char *buf, size_t cap, double v, int width, int prec, int sign)
{
    if (!isfinite(v))
        snprintf(buf, cap, "%*s", width, "-");
    else if (sign)
        snprintf(buf, cap, "%+*.*f", width, prec, v);
    else
        snprintf(buf, cap, "%*.*f", width, prec, v);
    return buf;
}

/* One rep's row of the text table: the hold, then its good-form part
 * (as the HTML); "?" after a duration under the profile's that was not
 * judged short (timing_text.c). */
static void print_rep_row(FILE *to, const tc_profile *p, const tc_rep *r, int side)
{
    const unsigned q = tc_formats__unjudged(p, r);
    char c[7][16];
    fprintf(to, "  %3d %6.1f  %6.1fs%c%4.1fs (%4.1f)%c%6.1fs%c%s%% %s (%s-%s)  %s°  ",
            r->index, r->start_s, r->retract_s, q & TC_UNJUDGED_RETRACT ? '?' : ' ',
            r->hold_s, r->hold_good_s, q & TC_UNJUDGED_HOLD ? '?' : ' ', r->return_s,
            q & TC_UNJUDGED_RETURN ? '?' : ' ', cell(c[0], 16, 100 * r->depth_fraction, 5, 0, 0),
            cell(c[1], 16, r->depth_mm, 4, 0, 0), cell(c[2], 16, r->depth_lo_mm, 2, 0, 0),
            cell(c[3], 16, r->depth_hi_mm, 2, 0, 0),
            cell(c[4], 16, r->pitch_change_deg, 5, 0, 1));
    if (side)
        fprintf(to, "%scm %s° (%s°)  ", cell(c[4], 16, r->head_forward_cm, 4, 1, 0),
                cell(c[5], 16, r->cva_deg, 4, 0, 0),
                cell(c[6], 16, r->cva_change_deg, 4, 0, 1));
    if (r->partial)
        fprintf(to, "    -  partial");
    else
        fprintf(to, "%5.0f ", r->score);
    for (int f = 0; f < TC_FAULT_COUNT; f++)
        if (r->faults & (1u << f))
            fprintf(to, " %s", tc_fault_name((tc_fault)f));
    fprintf(to, "\n");
}

/* The session's view and neutral, and what of the trunk was not judged;
 * 0 when nothing could be scored (said why). */
static int print_session_head(FILE *to, const tc_session *ses)
{
    if (tc_formats__nobody_seen(ses)) {
        fprintf(to, "  No person was found in any of the %lld frames: nothing scored.\n"
                    "  (Sit facing the camera or side-on, head and shoulders in view.)\n",
                (long long)ses->frames);
        return 0;
    }
    if (!ses->calibrated) {
        fprintf(to, "  No still moment to take the neutral posture from: nothing scored.\n"
                    "  (Sit still, facing the camera or side-on, for a second at the start.)\n");
        return 0;
    }
    fprintf(to, "  view %s, neutral set at %.1f s", tc_view_name(ses->view),
            ses->calibrated_at_s);
    if (isfinite(ses->resting_cva_deg))
        fprintf(to, "; resting head-forward %.1f cm, CVA %.0f deg (proxies)",
                ses->resting_head_forward_cm, ses->resting_cva_deg);
    fprintf(to, "\n");
    /* frames not scored and a neutral set again: where a rep could have
     * gone unseen (a hold cut by the gap, a neutral taken later) */
    if (ses->lost_s >= 0.5 || ses->calibrations > 1) {
        fprintf(to, "  Tracking was lost for %.1f s of the session", ses->lost_s);
        if (ses->calibrations == 2)
            fprintf(to, "; the neutral was set again after a gap over 3 s");
        else if (ses->calibrations > 2)
            fprintf(to, "; the neutral was set again %d times after gaps over 3 s",
                    ses->calibrations - 1);
        fprintf(to, ".\n");
    }
    if (!ses->shoulders_in_frame)
        fprintf(to, "  The shoulders were out of the frame: trunk lean and shrugging are not "
                    "judged (show the upper chest to the camera for them).\n");
    else if (!ses->trunk_tracked || !ses->shoulders_tracked)
        fprintf(to, "  The %s not tracked steadily enough to judge %s.\n",
                tc_formats__trunk_subject(ses),
                !ses->trunk_tracked && !ses->shoulders_tracked ? "trunk lean or shrugging"
                : !ses->trunk_tracked ? "trunk lean" : "shrugging");
    return 1;
}

void tc_report_print(FILE *to, const tc_scorer *s)
{
    const tc_session *ses = tc_scorer_session(s);
    const tc_profile *p = tc_scorer_profile(s);
    const tc_rep *r;
    size_t n = tc_scorer_reps(s, &r);
    int full = 0;
    double sum = 0;
    char why[512];

    if (!print_session_head(to, ses))
        return;
    if (!n) {
        print_movements(to, ses, 0);
        return;
    }
    const int side = ses->view == TC_VIEW_SIDE;
    print_depth_basis(to, ses, r, n);
    fprintf(to, "  rep  start  retract  hold (good)  return  depth  mm (could be)  pitch  %sscore  faults\n",
            side ? "  fwd   CVA (change)  " : "");
    for (size_t i = 0; i < n; i++) {
        print_rep_row(to, p, &r[i], side);
        if (!r[i].partial) {
            full++;
            sum += r[i].score;
        }
    }
    fprintf(to, "  %d rep%s", full, full == 1 ? "" : "s");
    if (n > (size_t)full)
        fprintf(to, " (+%d partial)", (int)n - full);
    fprintf(to, " of %d prescribed", p->reps);
    if (full)
        fprintf(to, ", mean score %.0f", sum / full);
    fprintf(to, "\n");
    if (side)
        fprintf(to, "  (fwd, CVA: landmark proxies - the ear for the tragus, the pose's\n"
                    "  shoulder for C7/acromion - medians over the hold; not clinical values;\n"
                    "  the CVA against the frame's horizontal: a rolled camera adds its roll)\n");
    if (tc_formats__unjudged_text(p, r, n, why, sizeof why))
        fprintf(to, "  (%s.)\n", why);
    print_movements(to, ses, n);
    for (size_t i = n; i-- > 0;)
        if (!r[i].partial && r[i].worst >= 0) {
            char cue[160];
            fprintf(to, "  Tip: %s\n", tc_fault_cue_for(p, (tc_fault)r[i].worst, cue, sizeof cue));
            break;
        }
}
