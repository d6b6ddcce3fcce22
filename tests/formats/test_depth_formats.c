/* tests/formats/test_depth_formats.c — the depth figures in every output
 * (docs/depth.md): a front-view session filmed by a 90-degree camera with
 * nothing stated, written as report version 2 (the camera model and the
 * mm interval in calibration.camera, each rep's depth_mm_low/high, share
 * and the range it is of, the mean share in the totals), CSV (the same
 * columns, by name), the text table and the HTML (the share column and
 * the sentence on the camera); the summary reader takes version 1 (no
 * camera: blank) and version 2, refuses 3, and writes both new columns;
 * an old trace's hfov_deg (the old default) is read as not stated. */
#include <json-c/json.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "tests/files.h"

#include "formats/formats.h"
#include "formats/formats_impl.h"
#include "tests/core/synth.h"

static char dir[256];

static const char *tmp(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* Two 20 mm tucks and an 8 mm one at 90 degrees, 40 cm, nothing stated. */
static tc_scorer *wide_session(void)
{
    synth sy = { TC_VIEW_FRONT, 30, 0.6, 0, 2.5, 2.0, 777, 90, 400, 1 };
    synth_rep reps[3] = { SYNTH_GOOD, SYNTH_GOOD, SYNTH_GOOD };
    tc_scorer_config cfg = TC_SCORER_CONFIG_INIT;
    tc_profile p;
    tc_scorer *s = NULL;
    tc_profile_defaults(&p);
    p.view = TC_VIEW_FRONT;
    cfg.profile = &p;
    cfg.width = 640;
    cfg.height = 480;
    reps[2].depth_mm = 8;
    assert_int_equal(tc_scorer_create(&s, &cfg), TC_OK);
    synth_run(&sy, s, reps, 3, NULL);
    assert_int_equal(tc_scorer_reps(s, NULL), 3);
    return s;
}

static json_object *member(json_object *o, const char *key)
{
    json_object *v = NULL;
    assert_true(json_object_object_get_ex(o, key, &v));
    return v;
}

static void report_says_camera_and_share(void **state)
{
    char err[256];
    size_t len;
    tc_report_meta meta = { "wide.mkv", NULL, "test" };
    (void)state;
    tc_scorer *s = wide_session();
    assert_int_equal(tc_report_write_json(tmp("w.json"), s, &meta, err, sizeof err), TC_OK);
    char *txt = tc_test_slurp(tmp("w.json"), &len);
    json_object *root = json_tokener_parse(txt), *cam, *reps;
    assert_non_null(root);
    assert_int_equal(json_object_get_int(member(root, "tuckcam_report")), 2);
    cam = member(member(root, "calibration"), "camera");
    assert_string_equal(json_object_get_string(member(cam, "model")), "assumed");
    assert_true(json_object_get_double(member(cam, "hfov_deg")) == 60);
    assert_null(member(cam, "distance_cm"));
    assert_true(json_object_get_double(member(cam, "depth_scale_low")) < 0.55);
    assert_true(json_object_get_double(member(cam, "depth_scale_high")) > 1.2);
    assert_string_equal(json_object_get_string(member(member(root, "calibration"),
                                                      "range_source")), "reps");
    reps = member(root, "reps");
    for (size_t i = 0; i < 3; i++) {
        json_object *r = json_object_array_get_idx(reps, i);
        double d = json_object_get_double(member(r, "depth_mm"));
        assert_true(json_object_get_double(member(r, "depth_mm_low")) < 0.55 * d);
        assert_true(json_object_get_double(member(r, "depth_mm_high")) > 1.2 * d);
        assert_string_equal(json_object_get_string(member(r, "range_source")),
                            i ? "reps" : "default");
        assert_true(json_object_get_double(member(r, "range_mm")) > 0);
    }
    /* the 8 mm rep: 0.4 of the range, over the mm floor, shallow */
    json_object *r3 = json_object_array_get_idx(reps, 2);
    assert_true(fabs(json_object_get_double(member(r3, "depth_fraction")) - 0.4) < 0.08);
    assert_string_equal(json_object_get_string(json_object_array_get_idx(
                            member(r3, "faults"), 0)), "shallow");
    /* the mean share of the full reps (the first is of the 20 mm guess:
     * 35 mm read on this camera is 1.7 of it) */
    double mean = json_object_get_double(member(member(root, "totals"), "mean_depth_fraction"));
    double sum = 0;
    for (size_t i = 0; i < 3; i++)
        sum += json_object_get_double(member(json_object_array_get_idx(reps, i),
                                             "depth_fraction"));
    assert_true(fabs(mean - sum / 3) < 0.01);
    json_object_put(root);
    free(txt);

    assert_int_equal(tc_report_write_csv(tmp("w.csv"), s, err, sizeof err), TC_OK);
    txt = tc_test_slurp(tmp("w.csv"), &len);
    assert_non_null(strstr(txt, ",depth_mm,depth_mm_low,depth_mm_high,depth_fraction,range_mm,"));
    /* front view: the side view's posture columns are there, empty */
    assert_non_null(strstr(txt, ",head_forward_cm,cva_deg,cva_change_deg,score,faults\n"));
    for (const char *line = strchr(txt, '\n') + 1; *line; line = strchr(line, '\n') + 1) {
        const char *comma[5];
        int k = 0;
        for (const char *c = strchr(line, '\n') - 1; c >= line && k < 5; c--)
            if (*c == ',')
                comma[k++] = c;   /* from the end: faults, score, cva_change, cva, hfwd */
        assert_int_equal(k, 5);
        assert_true(comma[4] + 1 == comma[3] && comma[3] + 1 == comma[2] &&
                    comma[2] + 1 == comma[1]);
    }
    free(txt);
    tc_scorer_destroy(s);
}

static void text_and_html_say_it(void **state)
{
    char err[256], *buf = NULL;
    size_t len = 0;
    double t[2] = { 0, 1 }, v[2] = { 0, 0 };
    (void)state;
    tc_scorer *s = wide_session();
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    tc_report_print(f, s);
    fclose(f);
    printf("%s", buf);
    assert_non_null(strstr(buf, "Depth: share of the person's range"));
    assert_non_null(strstr(buf, "assumed 60-degree field of view (none stated)"));
    assert_non_null(strstr(buf, "0.52-1.22 times the figure"));
    assert_non_null(strstr(buf, "  depth  mm (could be)"));
    assert_non_null(strstr(buf, "%")); /* the share column */
    /* the first rep's share is of the starting guess, not of the range the
     * header names (learned from the reps after it) */
    assert_non_null(strstr(buf, "Shares taken before that: rep 1 of 20 mm (the starting guess)"));
    free(buf);

    tc_html_session hs = { "wide", 0, s, t, v, v, 2 };
    assert_int_equal(tc_report_write_html(tmp("w.html"), &hs, 1, "test", err, sizeof err), TC_OK);
    buf = tc_test_slurp(tmp("w.html"), &len);
    assert_non_null(strstr(buf, "<th>depth (of range)</th><th>mm (could be)</th>"));
    assert_non_null(strstr(buf, "0.52-1.22 times the figure"));
    assert_non_null(strstr(buf, "share of the person&#39;s range"));
    assert_non_null(strstr(buf, "(shares taken before that: rep 1 of 20 mm (the starting guess)"));
    free(buf);
    tc_scorer_destroy(s);
}

/* A scorer of a 640x480 session with the default profile, fed `frames`
 * frames in which nobody is seen (0: none at all). */
static tc_scorer *nobody_session(int frames)
{
    tc_scorer_config cfg = TC_SCORER_CONFIG_INIT;
    tc_scorer *s = NULL;
    tc_obs o;
    cfg.width = 640;
    cfg.height = 480;
    assert_int_equal(tc_scorer_create(&s, &cfg), TC_OK);
    for (int i = 0; i < frames; i++) {
        memset(&o, 0, sizeof o);
        o.t_us = (int64_t)i * 33333;
        o.frame = i;
        tc_scorer_push(s, &o, NULL);
    }
    if (frames)
        tc_scorer_finish(s);
    return s;
}

/* Session s's HTML page (file `name` in the scratch folder); free() it. */
static char *html_of(tc_scorer *s, const char *name)
{
    char err[256];
    size_t len;
    double t[1] = { 0 }, v[1] = { 0 };
    tc_html_session hs = { name, 0, s, t, v, v, 1 };
    assert_int_equal(tc_report_write_html(tmp(name), &hs, 1, "test", err, sizeof err), TC_OK);
    return tc_test_slurp(tmp(name), &len);
}

/* Control characters in a name are shown, as Unicode control pictures
 * (a newline as U+240A), not dropped: "a\nb" is not "ab". */
static void html_shows_control_characters_in_names(void **state)
{
    char err[256];
    size_t len;
    double t[1] = { 0 }, v[1] = { 0 };
    (void)state;
    tc_scorer *s = nobody_session(0);
    tc_html_session hs = { "two\nlines\t\x01\x7f.mp4", 0, s, t, v, v, 1 };
    assert_int_equal(tc_report_write_html(tmp("ctl.html"), &hs, 1, "test", err, sizeof err),
                     TC_OK);
    char *buf = tc_test_slurp(tmp("ctl.html"), &len);
    assert_non_null(strstr(buf, "two&#x240A;lines&#x2409;&#x2401;&#x2421;.mp4"));
    assert_null(strstr(buf, "twolines"));
    free(buf);
    tc_scorer_destroy(s);
}

/* Bidi and C1 controls in a name are shown, as "<U+202E>" text, not left
 * to reorder it ("rep_<U+202E>gpj.mp4" reads "rep_mp4.jpg"); the name is
 * isolated (<bdi>) from the date after it; letters stay as they are. */
static void html_shows_bidi_controls_in_names(void **state)
{
    (void)state;
    tc_scorer *s = nobody_session(0);
    char *buf = html_of(s, "rep_\xe2\x80\xaegpj.mp4 \xe2\x81\xa7\xc2\x9b\xd8\x9c\xc3\xa9");
    assert_non_null(strstr(buf, "<h2><bdi>rep_&lt;U+202E&gt;gpj.mp4 &lt;U+2067&gt;"
                                "&lt;U+009B&gt;&lt;U+061C&gt;\xc3\xa9</bdi> <small>"));
    assert_null(strstr(buf, "\xe2\x80\xae"));
    assert_null(strstr(buf, "\xc2\x9b"));
    free(buf);
    tc_scorer_destroy(s);
}

/* A session that never set its neutral: the page says so and prints no
 * "nan" where a number would be. */
static void html_of_an_empty_session_has_no_nan(void **state)
{
    (void)state;
    tc_scorer *s = nobody_session(0);
    char *buf = html_of(s, "e.html");
    assert_null(strstr(buf, "nan"));
    assert_non_null(strstr(buf, "No neutral posture was set"));
    free(buf);
    tc_scorer_destroy(s);
}

/* Frames with nobody in them: the report says no person was found, not
 * "sit still" (a hostile-user run: no_person.mkv was "No still moment"). */
static void nobody_in_the_frames_is_said(void **state)
{
    char *buf = NULL;
    size_t len = 0;
    (void)state;
    tc_scorer *s = nobody_session(90);
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    tc_report_print(f, s);
    fclose(f);
    assert_non_null(strstr(buf, "No person was found in any of the 90 frames"));
    free(buf);
    buf = html_of(s, "n.html");
    assert_non_null(strstr(buf, "No person was found in any of the 90 frames"));
    assert_null(strstr(buf, "nan"));
    free(buf);
    tc_scorer_destroy(s);
}

/* A version 1 report, as tuckcam wrote them: no camera, no mean share. */
static const char v1[] =
    "{\"tuckcam_report\": 1, \"view\": \"front\", \"calibration\": {\"range_mm\": 20},"
    " \"totals\": {\"reps\": 2, \"partial_reps\": 0, \"prescribed_reps\": 10,"
    " \"mean_score\": 95, \"duration_s\": 22, \"lost_tracking_s\": 0,"
    " \"fault_counts\": {\"shallow\": 1}}}";

static void summary_reads_both_versions(void **state)
{
    tc_summary_row rows[2];
    char err[256], v2[600], *txt;
    size_t len;
    (void)state;
    memset(rows, 0, sizeof rows);
    assert_int_equal(tc_summary_parse_report(&rows[0], v1, strlen(v1), "v1.json", err,
                                             sizeof err), TC_OK);
    assert_string_equal(rows[0].camera, "");
    assert_true(isnan(rows[0].mean_depth_fraction));
    assert_int_equal(rows[0].fault_counts[TC_FAULT_SHALLOW], 1);

    snprintf(v2, sizeof v2, "%.*s, \"camera\": {\"model\": \"distance\"}}, \"totals\": {\"reps\": 3,"
             " \"partial_reps\": 0, \"prescribed_reps\": 10, \"mean_depth_fraction\": 0.82}}",
             (int)(strstr(v1, "}, \"totals\"") - v1), v1);
    v2[19] = '2';
    assert_int_equal(tc_summary_parse_report(&rows[1], v2, strlen(v2), "v2.json", err,
                                             sizeof err), TC_OK);
    assert_string_equal(rows[1].camera, "distance");
    assert_true(rows[1].mean_depth_fraction == 0.82);
    /* a name the summary does not know is not copied */
    char odd[600];
    snprintf(odd, sizeof odd, "%s", v2);
    memcpy(strstr(odd, "distance"), "nonsense", 8);
    tc_summary_row junk;
    assert_int_equal(tc_summary_parse_report(&junk, odd, strlen(odd), "odd.json", err,
                                             sizeof err), TC_OK);
    assert_string_equal(junk.camera, "");
    /* a newer version is refused */
    v2[19] = '3';
    assert_int_equal(tc_summary_parse_report(&junk, v2, strlen(v2), "v3.json", err,
                                             sizeof err), TC_EFORMAT);
    assert_non_null(strstr(err, "version 1 to 2"));

    for (int i = 0; i < 2; i++) {
        rows[i].status = TC_SUMMARY_OK;
        snprintf(rows[i].name, sizeof rows[i].name, "v%d.mkv", i + 1);
        snprintf(rows[i].view, sizeof rows[i].view, "front");
    }
    assert_int_equal(tc_summary_write_csv(tmp("s.csv"), rows, 2, err, sizeof err), TC_OK);
    txt = tc_test_slurp(tmp("s.csv"), &len);
    assert_non_null(strstr(txt, ",lost_tracking_s,camera,mean_depth_fraction,"));
    assert_non_null(strstr(txt, ",0.00,,,"));          /* version 1: both blank */
    assert_non_null(strstr(txt, ",distance,0.82,"));
    free(txt);
    assert_int_equal(tc_summary_write_json(tmp("s.json"), rows, 2, NULL, err, sizeof err), TC_OK);
    txt = tc_test_slurp(tmp("s.json"), &len);
    assert_non_null(strstr(txt, "\"tuckcam_summary\": 2"));
    assert_non_null(strstr(txt, "\"camera\": null"));
    assert_non_null(strstr(txt, "\"camera\": \"distance\""));
    assert_non_null(strstr(txt, "\"mean_depth_fraction\": 0.82"));
    free(txt);
}

/* A trace written before the camera keys holds the old default hfov_deg
 * 60: read as not stated. One written after says what it says. */
static void old_trace_hfov_is_an_assumption(void **state)
{
    char buf[400], err[128];
    tc_trace_info info;
    (void)state;
    snprintf(buf, sizeof buf, "{\"tuckcam_trace\":1,\"width\":640,\"height\":480,"
             "\"profile\":{\"camera\":{\"hfov_deg\":\"60\",\"ipd_mm\":\"63\"}}}\n");
    assert_int_equal(tc_trace_parse(buf, strlen(buf), &info, NULL, NULL, err, sizeof err), TC_OK);
    assert_true(info.has_profile && info.profile.hfov_deg == 0);
    assert_int_equal(tc_profile_camera(&info.profile), TC_CAMERA_ASSUMED);
    snprintf(buf, sizeof buf, "{\"tuckcam_trace\":1,\"width\":640,\"height\":480,"
             "\"profile\":{\"camera\":{\"hfov_deg\":\"60\",\"distance_cm\":\"0\"}}}\n");
    assert_int_equal(tc_trace_parse(buf, strlen(buf), &info, NULL, NULL, err, sizeof err), TC_OK);
    assert_true(info.profile.hfov_deg == 60);
    assert_int_equal(tc_profile_camera(&info.profile), TC_CAMERA_HFOV);
    snprintf(buf, sizeof buf, "{\"tuckcam_trace\":1,\"width\":640,\"height\":480,"
             "\"profile\":{\"camera\":{\"hfov_deg\":\"78\"}}}\n");
    assert_int_equal(tc_trace_parse(buf, strlen(buf), &info, NULL, NULL, err, sizeof err), TC_OK);
    assert_true(info.profile.hfov_deg == 78);
}

/* A duration under the profile's that carries no too_fast / short_hold is
 * marked, and the footnote says why: the video's stall when the rep says
 * one hid the movement, else the timing's uncertainty. */
static void unjudged_times_are_marked(void **state)
{
    tc_profile p;
    tc_rep r[2];
    char why[512];
    (void)state;
    tc_profile_defaults(&p);
    memset(r, 0, sizeof r);
    r[0].index = 1;
    r[0].retract_s = p.min_retract_s + 0.5;
    r[0].hold_s = p.hold_s;
    r[0].return_s = p.min_return_s + 0.5;
    r[1] = r[0];
    r[1].index = 2;
    r[1].retract_s = 0.1;
    r[1].hidden_retract_s = 2.0;
    assert_int_equal(tc_formats__unjudged(&p, &r[0]), 0);
    assert_int_equal(tc_formats__unjudged_text(&p, r, 1, why, sizeof why), 0);
    assert_string_equal(why, "");
    assert_int_equal(tc_formats__unjudged(&p, &r[1]), TC_UNJUDGED_RETRACT);
    assert_true(tc_formats__unjudged_text(&p, r, 2, why, sizeof why) > 0);
    assert_non_null(strstr(why, "may have lasted up to 2.0 s longer"));
    r[1].hidden_retract_s = 0;
    r[1].timing_sd_s = 0.4;
    r[1].hold_s = 1.0;
    assert_int_equal(tc_formats__unjudged(&p, &r[1]), TC_UNJUDGED_RETRACT | TC_UNJUDGED_HOLD);
    tc_formats__unjudged_text(&p, r, 2, why, sizeof why);
    assert_non_null(strstr(why, "rep 2 (retract 0.10 s, hold 1.00 s) is within the timing's "
                                "uncertainty (SD 0.40 s)"));
    assert_non_null(strstr(why, "hold 5.0 s less its 0.5 s tolerance"));
    /* each rep its own reason: the stall is not blamed for another's */
    r[0].retract_s = 0.2;
    r[0].hidden_retract_s = 1.5;
    tc_formats__unjudged_text(&p, r, 2, why, sizeof why);
    assert_non_null(strstr(why, "not judged so: rep 1 (retract 0.20 s) may have lasted up to "
                                "1.5 s longer"));
    assert_non_null(strstr(why, "; rep 2 (retract 0.10 s, hold 1.00 s) is within"));
    /* each duration the hidden time that was allowed it: a hold by the
     * retract's (short_hold's allowance), never by the larger return's */
    r[1].hidden_return_s = 3.0;
    tc_formats__unjudged_text(&p, r, 2, why, sizeof why);
    assert_non_null(strstr(why, "rep 2 (retract 0.10 s, hold 1.00 s) is within"));
    assert_null(strstr(why, "3.0 s"));
    r[1].hidden_retract_s = 0.5;
    r[1].return_s = 0.3;
    tc_formats__unjudged_text(&p, r, 2, why, sizeof why);
    assert_non_null(strstr(why, "rep 2 (retract 0.10 s, up to 0.5 s longer; hold 1.00 s, up to "
                                "0.5 s longer; return 0.30 s, up to 3.0 s longer) may have lasted "
                                "longer, unseen"));
    r[1].hidden_return_s = 0;
    tc_formats__unjudged_text(&p, r, 2, why, sizeof why);
    assert_non_null(strstr(why, "rep 2 (retract 0.10 s, hold 1.00 s) may have lasted up to 0.5 s "
                                "longer, unseen: the video's picture stood still, then caught up "
                                "(heavy compression); rep 2 (return 0.30 s) is within the "
                                "timing's uncertainty (SD 0.40 s)"));
    r[1].return_s = p.min_return_s + 0.5;
    r[1].hidden_retract_s = 0;
    r[1].faults = (1u << TC_FAULT_TOO_FAST) | (1u << TC_FAULT_SHORT_HOLD);
    assert_int_equal(tc_formats__unjudged(&p, &r[1]), 0);   /* judged: no mark */
    r[1].faults = 0;
    r[1].partial = 1;
    assert_int_equal(tc_formats__unjudged(&p, &r[1]), 0);   /* partial: never */
}

/* Reps judged against an earlier range are named, six at most, and a
 * buffer too small for them is cut, never overrun. */
static void earlier_ranges_are_named(void **state)
{
    tc_session ses;
    tc_rep r[9];
    char out[512], tiny[16];
    (void)state;
    memset(&ses, 0, sizeof ses);
    memset(r, 0, sizeof r);
    ses.range_mm = 30;
    ses.range_source = TC_RANGE_REPS;
    for (int i = 0; i < 9; i++) {
        r[i].index = i + 1;
        r[i].range_mm = i < 8 ? 20 + i : 30;
        r[i].range_source = i ? TC_RANGE_REPS : TC_RANGE_DEFAULT;
    }
    assert_int_equal(tc_formats__range_history(&ses, r + 8, 1, out, sizeof out), 0);
    assert_string_equal(out, "");
    assert_true(tc_formats__range_history(&ses, r, 9, out, sizeof out) > 0);
    assert_non_null(strstr(out, "rep 1 of 20 mm (the starting guess), rep 2 of 21 mm"));
    assert_non_null(strstr(out, "rep 6 of 25 mm (the range learned so far) and 2 more"));
    assert_null(strstr(out, "rep 9"));
    assert_int_equal(tc_formats__range_history(&ses, r, 9, tiny, sizeof tiny), sizeof tiny - 1);
    assert_int_equal(strlen(tiny), sizeof tiny - 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(report_says_camera_and_share),
        cmocka_unit_test(text_and_html_say_it),
        cmocka_unit_test(html_of_an_empty_session_has_no_nan),
        cmocka_unit_test(html_shows_control_characters_in_names),
        cmocka_unit_test(nobody_in_the_frames_is_said),
        cmocka_unit_test(summary_reads_both_versions),
        cmocka_unit_test(old_trace_hfov_is_an_assumption),
        cmocka_unit_test(unjudged_times_are_marked),
        cmocka_unit_test(earlier_ranges_are_named),
        cmocka_unit_test(html_shows_bidi_controls_in_names),
    };
    if (tc_test_mkdir(dir, sizeof dir, "tc_depth_formats") < 0)
        return 1;
    return tc_test_rmdir(dir, cmocka_run_group_tests(tests, NULL, NULL));
}
