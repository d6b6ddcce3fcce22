/* formats/summary.c — the batch summary of `tuckcam score --out DIR`:
 * one row a video (status, totals read back from its report), as CSV and
 * as JSON, both written atomically. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "formats.h"
#include "formats_impl.h"

const char *tc_summary_status_name(tc_summary_status s)
{
    switch (s) {
    case TC_SUMMARY_OK:     return "ok";
    case TC_SUMMARY_FAILED: return "failed";
    default:                return "pending";
    }
}

static int get_int(json_object *obj, const char *key, int *out)
{
    double v;
    if (!tc_formats__get_key_num(obj, key, 1e9, &v) || v != floor(v))
        return 0;
    *out = (int)v;
    return 1;
}

static double get_opt(json_object *obj, const char *key)
{
    double v;
    return tc_formats__get_key_num(obj, key, 1e12, &v) ? v : NAN;
}

/* calibration.camera.model of a version 2 report into out ("" if none
 * or not a known name: the summary writes only names it knows). */
static void read_camera(json_object *root, char *out, size_t cap)
{
    json_object *cal, *cam, *model;
    out[0] = '\0';
    if (!json_object_object_get_ex(root, "calibration", &cal) ||
        !json_object_object_get_ex(cal, "camera", &cam) ||
        !json_object_object_get_ex(cam, "model", &model) ||
        !json_object_is_type(model, json_type_string))
        return;
    for (int m = TC_CAMERA_ASSUMED; m <= TC_CAMERA_UNUSED; m++)
        if (!strcmp(json_object_get_string(model), tc_camera_model_name((tc_camera_model)m)))
            tc__fmt(out, cap, "%s", tc_camera_model_name((tc_camera_model)m));
}

/* The side view's posture: calibration.resting_head_forward_cm and
 * resting_cva_deg, totals.mean_cva_change_deg (NAN when absent or null:
 * the front view, or a report written before them). */
static void read_posture(json_object *root, json_object *tot, tc_summary_row *row)
{
    json_object *cal = NULL;
    row->resting_head_forward_cm = row->resting_cva_deg = NAN;
    if (json_object_object_get_ex(root, "calibration", &cal) &&
        json_object_is_type(cal, json_type_object)) {
        row->resting_head_forward_cm = get_opt(cal, "resting_head_forward_cm");
        row->resting_cva_deg = get_opt(cal, "resting_cva_deg");
    }
    row->mean_cva_change_deg = get_opt(tot, "mean_cva_change_deg");
}

int tc_summary_read_report(tc_summary_row *row, const char *path, char *err, size_t errcap)
{
    uint8_t *data = NULL;
    size_t len = 0;
    int rc = tc__read_file(&data, &len, path, 1 << 24);

    if (rc < 0) {
        tc__fmt(err, errcap, "%s: %s", path, tc_strerror(rc));
        return rc;
    }
    rc = tc_summary_parse_report(row, (const char *)data, len, path, err, errcap);
    free(data);
    return rc;
}

int tc_summary_parse_report(tc_summary_row *row, const char *buf, size_t len,
                            const char *path, char *err, size_t errcap)
{
    json_object *root = NULL, *tot, *v, *fc;
    json_tokener *tok = json_tokener_new();
    double ver;
    int rc;

    if (tok && len <= 0x7fffffff)
        root = json_tokener_parse_ex(tok, buf, (int)len);
    json_tokener_free(tok);
    rc = TC_EFORMAT;
    if (!root || !json_object_is_type(root, json_type_object)) {
        tc__fmt(err, errcap, "%s: not a JSON object", path);
        goto done;
    }
    if (!tc_formats__get_key_num(root, "tuckcam_report", 1e6, &ver) || ver != floor(ver) ||
        ver < 1 || ver > TC_REPORT_VERSION) {
        tc__fmt(err, errcap, "%s: not a tuckcam report of version 1 to %d", path,
                TC_REPORT_VERSION);
        goto done;
    }
    if (!json_object_object_get_ex(root, "totals", &tot) ||
        !json_object_is_type(tot, json_type_object) ||
        !get_int(tot, "reps", &row->reps) || !get_int(tot, "partial_reps", &row->partial_reps) ||
        !get_int(tot, "prescribed_reps", &row->prescribed_reps)) {
        tc__fmt(err, errcap, "%s: report without its totals", path);
        goto done;
    }
    row->mean_score = get_opt(tot, "mean_score");
    row->duration_s = get_opt(tot, "duration_s");
    row->lost_tracking_s = get_opt(tot, "lost_tracking_s");
    memset(row->fault_counts, 0, sizeof row->fault_counts);
    if (json_object_object_get_ex(tot, "fault_counts", &fc) &&
        json_object_is_type(fc, json_type_object))
        for (int f = 0; f < TC_FAULT_COUNT; f++)
            if (!get_int(fc, tc_fault_name((tc_fault)f), &row->fault_counts[f]))
                row->fault_counts[f] = 0;
    row->view[0] = '\0';
    if (json_object_object_get_ex(root, "view", &v) && json_object_is_type(v, json_type_string))
        tc__fmt(row->view, sizeof row->view, "%s", json_object_get_string(v));
    row->mean_depth_fraction = get_opt(tot, "mean_depth_fraction");
    read_camera(root, row->camera, sizeof row->camera);
    read_posture(root, tot, row);
    rc = TC_OK;
done:
    json_object_put(root);
    return rc;
}

/* A CSV field: quoted when it holds a comma, quote or line break. */
static int csv_text(tc_formats__sb *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n"))
        return tc_formats__sb_printf(b, "%s", s);
    if (!tc_formats__sb_printf(b, "\""))
        return 0;
    for (const char *q; (q = strchr(s, '"')); s = q + 1)
        if (!tc_formats__sb_printf(b, "%.*s\"\"", (int)(q - s), s))
            return 0;
    return tc_formats__sb_printf(b, "%s\"", s);
}

int tc_summary_write_csv(const char *path, const tc_summary_row *rows, size_t n,
                         char *err, size_t errcap)
{
    tc_formats__sb b = { NULL, 0, 0 };
    char t[7][32];
    int ok;

    ok = tc_formats__sb_printf(&b, "name,input,status,view,reps,partial_reps,prescribed_reps,"
                                   "mean_score,duration_s,lost_tracking_s,camera,"
                                   "mean_depth_fraction,resting_head_forward_cm,resting_cva_deg,"
                                   "mean_cva_change_deg");
    for (int f = 0; ok && f < TC_FAULT_COUNT; f++)
        ok = tc_formats__sb_printf(&b, ",%s", tc_fault_name((tc_fault)f));
    ok = ok && tc_formats__sb_printf(&b, ",error\n");
    for (size_t i = 0; ok && i < n; i++) {
        const tc_summary_row *r = &rows[i];
        int done = r->status == TC_SUMMARY_OK;
        ok = csv_text(&b, r->name) && tc_formats__sb_printf(&b, ",") &&
             csv_text(&b, r->input) &&
             tc_formats__sb_printf(&b, ",%s,%s,", tc_summary_status_name(r->status),
                                   done ? r->view : "");
        if (ok && done)
            ok = tc_formats__sb_printf(&b, "%d,%d,%d,%s,%s,%s,%s,%s,%s,%s,%s", r->reps,
                                       r->partial_reps,
                                       r->prescribed_reps,
                                       tc_formats__csv_num(t[0], 32, r->mean_score, 1),
                                       tc_formats__csv_num(t[1], 32, r->duration_s, 2),
                                       tc_formats__csv_num(t[2], 32, r->lost_tracking_s, 2),
                                       r->camera,
                                       tc_formats__csv_num(t[3], 32, r->mean_depth_fraction, 2),
                                       tc_formats__csv_num(t[4], 32, r->resting_head_forward_cm, 1),
                                       tc_formats__csv_num(t[5], 32, r->resting_cva_deg, 1),
                                       tc_formats__csv_num(t[6], 32, r->mean_cva_change_deg, 1));
        else if (ok)
            ok = tc_formats__sb_printf(&b, ",,,,,,,,,,");
        for (int f = 0; ok && f < TC_FAULT_COUNT; f++)
            ok = done ? tc_formats__sb_printf(&b, ",%d", r->fault_counts[f])
                      : tc_formats__sb_printf(&b, ",");
        ok = ok && tc_formats__sb_printf(&b, ",") && csv_text(&b, r->error) &&
             tc_formats__sb_printf(&b, "\n");
    }
    return tc_formats__sb_write(&b, ok, path, err, errcap);
}

int tc_summary_write_json(const char *path, const tc_summary_row *rows, size_t n,
                          const char *created_by, char *err, size_t errcap)
{
    json_object *root = json_object_new_object(), *arr = json_object_new_array();
    json_object *tot = json_object_new_object();
    int count[3] = { 0, 0, 0 }, reps = 0, scored = 0, rc;
    double score_sum = 0;

    json_object_object_add(root, "tuckcam_summary", json_object_new_int(TC_SUMMARY_VERSION));
    json_object_object_add(root, "created_by", tc_formats__str(
                               created_by ? created_by : "tuckcam"));
    for (size_t i = 0; i < n; i++) {
        const tc_summary_row *r = &rows[i];
        json_object *o = json_object_new_object();
        tc_formats__add_name(o, "name", r->name);
        tc_formats__add_name(o, "input", r->input);
        json_object_object_add(o, "status",
                               json_object_new_string(tc_summary_status_name(r->status)));
        count[r->status]++;
        if (r->status == TC_SUMMARY_OK) {
            json_object *fc = json_object_new_object();
            char rep[300];
            tc__fmt(rep, sizeof rep, "%s.report.json", r->name);
            tc_formats__add_name(o, "report", rep);
            json_object_object_add(o, "view", tc_formats__str(r->view));
            json_object_object_add(o, "reps", json_object_new_int(r->reps));
            json_object_object_add(o, "partial_reps", json_object_new_int(r->partial_reps));
            json_object_object_add(o, "prescribed_reps",
                                   json_object_new_int(r->prescribed_reps));
            json_object_object_add(o, "mean_score", tc_formats__num(r->mean_score, 1));
            json_object_object_add(o, "duration_s", tc_formats__num(r->duration_s, 2));
            json_object_object_add(o, "lost_tracking_s",
                                   tc_formats__num(r->lost_tracking_s, 2));
            json_object_object_add(o, "camera", r->camera[0] ? tc_formats__str(r->camera) : NULL);
            json_object_object_add(o, "mean_depth_fraction",
                                   tc_formats__num(r->mean_depth_fraction, 2));
            json_object_object_add(o, "resting_head_forward_cm",
                                   tc_formats__num(r->resting_head_forward_cm, 1));
            json_object_object_add(o, "resting_cva_deg", tc_formats__num(r->resting_cva_deg, 1));
            json_object_object_add(o, "mean_cva_change_deg",
                                   tc_formats__num(r->mean_cva_change_deg, 1));
            for (int f = 0; f < TC_FAULT_COUNT; f++)
                json_object_object_add(fc, tc_fault_name((tc_fault)f),
                                       json_object_new_int(r->fault_counts[f]));
            json_object_object_add(o, "fault_counts", fc);
            reps += r->reps;
            if (isfinite(r->mean_score) && r->reps > 0) {
                score_sum += r->mean_score * r->reps;
                scored += r->reps;
            }
        } else if (r->status == TC_SUMMARY_FAILED) {
            tc_formats__add_name(o, "error", r->error);
        }
        json_object_array_add(arr, o);
    }
    json_object_object_add(root, "videos", arr);
    json_object_object_add(tot, "videos", json_object_new_int((int)n));
    json_object_object_add(tot, "ok", json_object_new_int(count[TC_SUMMARY_OK]));
    json_object_object_add(tot, "failed", json_object_new_int(count[TC_SUMMARY_FAILED]));
    json_object_object_add(tot, "pending", json_object_new_int(count[TC_SUMMARY_PENDING]));
    json_object_object_add(tot, "reps", json_object_new_int(reps));
    json_object_object_add(tot, "mean_score", scored ? tc_formats__num(score_sum / scored, 1)
                                                     : NULL);
    json_object_object_add(root, "totals", tot);
    rc = tc_formats__write_json(path, root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                            JSON_C_TO_STRING_NOSLASHESCAPE, err, errcap);
    json_object_put(root);
    return rc;
}
