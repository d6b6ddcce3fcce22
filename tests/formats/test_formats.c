/* tests/formats/test_formats.c — profile files (good, every kind of bad
 * with its line), the trace (round trip gives the same reps as scoring
 * directly; torn last line; bad lines; versions), the report (JSON
 * schema fields, partial reps, CSV, atomic replace). */
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

#include "formats/formats.h"
#include "formats/formats_impl.h"
#include "tests/core/synth.h"
#include "tests/files.h"

static char dir[256];

static const char *tmp(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static void profile_file_is_read(void **state)
{
    const char *text = "# therapist's profile\n[exercise]\nreps = 12\nhold_s = 8 ; eight\n"
                       "view = side\n\n[tolerances]\nnodding_deg=12\n";
    tc_profile p;
    char err[256];
    (void)state;
    assert_int_equal(tc_profile_parse(&p, text, strlen(text), "p.ini", err, sizeof err), TC_OK);
    assert_int_equal(p.reps, 12);
    assert_true(p.hold_s == 8.0);
    assert_int_equal(p.view, TC_VIEW_SIDE);
    assert_true(p.nodding_deg == 12.0);
    assert_true(p.min_retract_s == 1.0);   /* untouched keys keep defaults */
}

static void expect_error(const char *text, int code, const char *want)
{
    tc_profile p;
    char err[256] = "";
    int rc = tc_profile_parse(&p, text, strlen(text), "p.ini", err, sizeof err);
    printf("  %s\n", err);
    assert_int_equal(rc, code);
    assert_non_null(strstr(err, want));
}

static void bad_profiles_name_line_and_key(void **state)
{
    (void)state;
    expect_error("[exercise]\nreps = 10\nholds = 5\n", TC_EINVAL, "p.ini:3: [exercise] unknown key 'holds'");
    expect_error("[exercise]\nreps = many\n", TC_EFORMAT, "p.ini:2: [exercise] reps = 'many'");
    expect_error("[exercise]\n\nreps = 0\n", TC_ERANGE, "p.ini:3:");
    expect_error("[exrcise]\nreps = 3\n", TC_EINVAL, "unknown section [exrcise]");
    expect_error("[exercise]\nreps 10\n", TC_EFORMAT, "p.ini:2: not 'key = value'");
    expect_error("[exercise\nreps = 10\n", TC_EFORMAT, "p.ini:1:");
    expect_error("[exercise]\nhold_s = 2\nhold_tolerance_s = 3\n", TC_ERANGE, "hold_tolerance_s");
    /* a syntax error before a bad key is reported as the first problem */
    expect_error("[exercise]\nbroken line\nholds = 1\n", TC_EFORMAT, "p.ini:2:");
}

/* A key set twice in one section is refused with both lines, also across
 * a second opening of the section; the section opened again for other
 * keys is fine. */
static void profile_key_twice_is_refused(void **state)
{
    const char *reopened = "[exercise]\nreps = 12\n[tolerances]\nnodding_deg = 12\n"
                           "[exercise]\nhold_s = 8\n";
    tc_profile p;
    char err[256];
    (void)state;
    expect_error("[exercise]\nview = front\nreps = 3\nview = side\n", TC_EFORMAT,
                 "p.ini:4: [exercise] view given twice, first on line 2");
    expect_error("[exercise]\nreps = 3\n\n[calibration]\nstill_s = 1\n[exercise]\nreps=4\n",
                 TC_EFORMAT, "p.ini:7: [exercise] reps given twice, first on line 2");
    expect_error("[exercise]\nreps = 3\nreps = 3\n", TC_EFORMAT, "p.ini:3: [exercise] reps given");
    assert_int_equal(tc_profile_parse(&p, reopened, strlen(reopened), "p.ini", err, sizeof err),
                     TC_OK);
    assert_int_equal(p.reps, 12);
    assert_true(p.hold_s == 8.0);
    assert_true(p.nodding_deg == 12.0);
}

/* One error for text[0..len) (a NUL may be inside). */
static void expect_error_n(const char *text, size_t len, int code, const char *want)
{
    tc_profile p;
    char err[256] = "";
    int rc = tc_profile_parse(&p, text, len, "p.ini", err, sizeof err);
    printf("  %s\n", err);
    assert_int_equal(rc, code);
    assert_non_null(strstr(err, want));
}

static void profile_numbers_are_decimal(void **state)
{
    tc_profile p;
    char err[256];
    const char *ok = "[exercise]\nreps = +12\nhold_s = 5.\nhold_tolerance_s = .5\n"
                     "[tolerances]\nnodding_deg = 1.2e1\n";
    (void)state;
    expect_error("[exercise]\nreps = 0x10\n", TC_EFORMAT,
                 "p.ini:2: [exercise] reps = '0x10': not a decimal number");
    expect_error("[exercise]\nhold_s = 0x1p2\n", TC_EFORMAT, "p.ini:2: [exercise] hold_s");
    expect_error("[exercise]\nhold_s = 4e\n", TC_EFORMAT, "p.ini:2: [exercise] hold_s");
    expect_error("[exercise]\nhold_s = -.e1\n", TC_EFORMAT, "p.ini:2: [exercise] hold_s");
    assert_int_equal(tc_profile_parse(&p, ok, strlen(ok), "p.ini", err, sizeof err), TC_OK);
    assert_int_equal(p.reps, 12);
    assert_true(p.hold_s == 5.0 && p.hold_tolerance_s == 0.5 && p.nodding_deg == 12.0);
}

static void profile_nul_is_refused(void **state)
{
    static const char text[] = "[exercise]\nreps = 10\0garbage\nholds = 1\n";
    static const char tail[] = "[exercise]\nreps = 10\n\0";
    (void)state;
    expect_error_n(text, sizeof text - 1, TC_EFORMAT, "p.ini:2: a NUL byte");
    expect_error_n(tail, sizeof tail - 1, TC_EFORMAT, "p.ini:3: a NUL byte");
}

/* A file: "[exercise]\n", line 2 `key = ` and `n` digits, then `after`. */
static void write_long_line(const char *path, const char *key, size_t n, const char *after)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fprintf(f, "[exercise]\n%s = ", key);
    for (size_t i = 0; i < n; i++)
        fputc('1', f);
    fprintf(f, "\n%s", after);
    assert_int_equal(fclose(f), 0);
}

static void profile_long_line_names_line_and_key(void **state)
{
    tc_profile p;
    char err[256] = "", text[400];
    (void)state;
    /* 197 characters is the longest line inih reads whole */
    snprintf(text, sizeof text, "[exercise]\nreps = 5 ;%0*d\nhold_s = 4\n", 197 - 10, 0);
    assert_int_equal(tc_profile_parse(&p, text, strlen(text), "p.ini", err, sizeof err), TC_OK);
    assert_true(p.hold_s == 4.0);
    snprintf(text, sizeof text, "[exercise]\nreps = 5 ;%0*d\nholds = 4\n", 198 - 10, 0);
    expect_error(text, TC_EFORMAT, "p.ini:2: [exercise] reps: line too long (198 bytes; at most 197)");
    snprintf(text, sizeof text, "[exercise]\n#%0*d\n", 300, 0);
    expect_error(text, TC_EFORMAT, "p.ini:2: line too long (301 bytes");
    /* a 1 MB line: the file is over the 1 MB a profile may be */
    write_long_line(tmp("long.ini"), "reps", (size_t)1 << 20, "hold_s = 4\n");
    assert_int_equal(tc_profile_load(&p, tmp("long.ini"), err, sizeof err), TC_EFORMAT);
    printf("  %s\n", err);
    assert_non_null(strstr(err, "long.ini:2: [exercise] reps: line too long (over "));
    write_long_line(tmp("long2.ini"), "hold_s", 5000, "");
    assert_int_equal(tc_profile_load(&p, tmp("long2.ini"), err, sizeof err), TC_EFORMAT);
    assert_non_null(strstr(err, "long2.ini:2: [exercise] hold_s: line too long (5009 bytes"));
}

static void profile_file_round_trips(void **state)
{
    tc_profile a, b;
    char err[256];
    FILE *f = fopen(tmp("written.ini"), "w");
    (void)state;
    tc_profile_defaults(&a);
    a.reps = 7;
    a.hold_s = 6.5;
    a.view = TC_VIEW_FRONT;
    assert_non_null(f);
    tc_profile_write(f, &a);
    fclose(f);
    assert_int_equal(tc_profile_load(&b, tmp("written.ini"), err, sizeof err), TC_OK);
    assert_memory_equal(&a, &b, sizeof a);
    assert_int_equal(tc_profile_load(&b, tmp("missing.ini"), err, sizeof err), TC_ENOENT);
}

/* ---- trace ---- */

typedef struct tee {
    tc_scorer       *direct;
    tc_trace_writer *w;
} tee;

static tc_scorer *scorer(tc_view view)
{
    tc_scorer *s;
    tc_scorer_config cfg = TC_SCORER_CONFIG_INIT;
    tc_profile p;
    tc_profile_defaults(&p);
    p.view = view;
    cfg.profile = &p;
    cfg.width = 640;
    cfg.height = 480;
    assert_int_equal(tc_scorer_create(&s, &cfg), TC_OK);
    return s;
}

static int feed(void *user, const tc_obs *o)
{
    return tc_scorer_push(user, o, NULL) < 0 ? TC_EFORMAT : TC_OK;
}

/* Write a synthetic session's trace; returns the direct scorer. */
static tc_scorer *make_trace(const char *path, int reps)
{
    synth sy = { TC_VIEW_SIDE, 30, 0.6, 0, 2.5, 2.0, 99, 0, 0, 0 };
    synth_rep r[8];
    tc_trace_info info;
    tc_trace_writer *w;
    tc_scorer *s = scorer(TC_VIEW_AUTO);
    double t = 0;
    int64_t frame = 0;

    memset(&info, 0, sizeof info);
    info.width = 640;
    info.height = 480;
    snprintf(info.source, sizeof info.source, "synthetic \"side\" session");
    snprintf(info.created_by, sizeof info.created_by, "test_formats");
    assert_int_equal(tc_trace_writer_create(&w, path, &info, tc_scorer_profile(s)), TC_OK);
    for (int i = 0; i < reps; i++)
        r[i] = (synth_rep)SYNTH_GOOD;
    r[reps - 1].pitch_deg = 20;      /* the last one nods */
    /* the same frames synth_run would push, through the trace as well */
    double rep_t0 = sy.calib_s;
    for (int k = 0; k <= reps; k++) {
        const synth_rep *rp = k < reps ? &r[k] : NULL;
        double start = rep_t0 + (rp ? rp->rest_s : 0);
        double end = rp ? start + rp->retract_s + rp->hold_s + rp->return_s : rep_t0 + 2;
        for (; t < end - 1e-9; t += 1.0 / 30, frame++) {
            double pr = rp ? synth_progress(rp, t - start) : 0;
            tc_obs o;
            tc_metrics m;
            synth_obs(&sy, &o, (int64_t)llround(t * 1e6), frame, rp ? pr * rp->depth_mm : 0,
                      rp ? pr * rp->pitch_deg : 0, 0, 0, 0);
            if (frame % 97 == 13)
                o.has_pose = 0;                   /* a few frames without pose */
            tc_trace_round(&o);   /* what the trace keeps, as the pipeline does */
            tc_scorer_push(s, &o, &m);
            assert_int_equal(tc_trace_write(w, &o, &m), TC_OK);
        }
        rep_t0 = end;
    }
    tc_scorer_finish(s);
    assert_int_equal(tc_trace_writer_close(w), TC_OK);
    return s;
}

static void trace_round_trip_gives_the_same_reps(void **state)
{
    tc_trace_info info;
    char err[256];
    const tc_rep *a, *b;
    (void)state;
    tc_scorer *direct = make_trace(tmp("t.jsonl"), 3);
    tc_scorer *again = scorer(TC_VIEW_AUTO);
    assert_int_equal(tc_trace_read(tmp("t.jsonl"), &info, feed, again, err, sizeof err), TC_OK);
    tc_scorer_finish(again);
    assert_int_equal(info.version, 1);
    assert_int_equal(info.width, 640);
    assert_string_equal(info.source, "synthetic \"side\" session");
    assert_true(info.has_profile);
    assert_false(info.truncated);
    size_t n = tc_scorer_reps(direct, &a);
    assert_int_equal(n, 3);
    assert_int_equal(tc_scorer_reps(again, &b), n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(a[i].faults, b[i].faults);
        /* rounded as the trace keeps it, the two score alike to the bit */
        assert_true(a[i].start_s == b[i].start_s);
        assert_true(a[i].depth_mm == b[i].depth_mm);
        assert_true(a[i].depth_fraction == b[i].depth_fraction);
        assert_true(a[i].score == b[i].score);
    }
    assert_true(b[2].faults & (1u << TC_FAULT_NODDING));
    tc_scorer_destroy(direct);
    tc_scorer_destroy(again);
}

typedef struct kept {
    tc_obs o[4];
    int    n;
} kept;

static int keep_obs(void *user, const tc_obs *o)
{
    kept *k = user;
    if (k->n < 4)
        k->o[k->n++] = *o;
    return TC_OK;
}

/* A video's predicted frames keep their flag and their face's change
 * (rounded to 0.001, null for not measured); whole frames write none. */
static void trace_keeps_predicted_frames(void **state)
{
    const float change[3] = { 0.0f, 0.4567f, NAN };
    tc_trace_info info;
    tc_trace_writer *w;
    kept k = { .n = 0 };
    char err[256];
    (void)state;
    memset(&info, 0, sizeof info);
    info.width = 640;
    info.height = 480;
    assert_int_equal(tc_trace_writer_create(&w, tmp("video.jsonl"), &info, NULL), TC_OK);
    for (int i = 0; i < 4; i++) {
        tc_obs o;
        memset(&o, 0, sizeof o);
        o.t_us = (int64_t)i * 33333;
        o.frame = i;
        o.predicted = i > 0;
        o.face_change = i > 0 ? change[i - 1] : NAN;
        tc_trace_round(&o);
        assert_int_equal(tc_trace_write(w, &o, NULL), TC_OK);
    }
    assert_int_equal(tc_trace_writer_close(w), TC_OK);
    assert_int_equal(tc_trace_read(tmp("video.jsonl"), &info, keep_obs, &k, err, sizeof err),
                     TC_OK);
    assert_int_equal(k.n, 4);
    assert_int_equal(k.o[0].predicted, 0);
    assert_true(isnan(k.o[0].face_change));
    assert_int_equal(k.o[1].predicted, 1);
    assert_true(k.o[1].face_change == 0.0f);
    assert_int_equal(k.o[2].predicted, 1);
    assert_true(fabsf(k.o[2].face_change - 0.457f) < 1e-6f);
    assert_int_equal(k.o[3].predicted, 1);
    assert_true(isnan(k.o[3].face_change));
}

static void trace_survives_a_torn_last_line(void **state)
{
    size_t len;
    tc_trace_info info;
    char err[256];
    (void)state;
    tc_scorer_destroy(make_trace(tmp("torn.jsonl"), 1));
    char *buf = tc_test_slurp(tmp("torn.jsonl"), &len);
    /* cut in the middle of the last line, as a crash mid-write would */
    size_t cut = len - 40;
    assert_int_equal(tc_trace_parse(buf, cut, &info, NULL, NULL, err, sizeof err), TC_OK);
    assert_true(info.truncated);
    int64_t lines = 0;
    for (size_t i = 0; i < cut; i++)
        lines += buf[i] == '\n';
    assert_int_equal(info.frames, lines - 1);       /* every whole frame line */
    free(buf);
}

static void expect_trace_error(const char *text, int code, const char *want)
{
    tc_trace_info info;
    char err[256] = "";
    int rc = tc_trace_parse(text, strlen(text), &info, NULL, NULL, err, sizeof err);
    printf("  %s\n", err);
    assert_int_equal(rc, code);
    assert_non_null(strstr(err, want));
}

/* An absurd "t" (huge, negative, not finite, not a number, missing) is
 * named with its line and the field, and why: not a generic line. */
static void bad_frame_times_are_named(void **state)
{
    static const struct {
        const char *frames, *want;
    } cases[] = {
        { "{\"frame\":0,\"t\":0}\n{\"frame\":1,\"t\":1e300}\n",
          "3: \"t\" 1e+300 s is over 24 h after the session's start" },
        { "{\"frame\":0,\"t\":-0.5}\n", "2: \"t\" -0.500000 s is before the session's start" },
        { "{\"frame\":0,\"t\":NaN}\n", "2: \"t\" nan is not a number of seconds" },
        { "{\"frame\":0,\"t\":\"0\"}\n", "2: a frame line needs \"t\" (seconds, a number)" },
        { "{\"frame\":0}\n", "2: a frame line needs \"t\"" },
    };
    char buf[512];
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        snprintf(buf, sizeof buf, "{\"tuckcam_trace\":1,\"width\":640,\"height\":480}\n%s",
                 cases[i].frames);
        expect_trace_error(buf, TC_EFORMAT, cases[i].want);
    }
}

static void bad_traces_are_refused_with_the_line(void **state)
{
    const char *hdr = "{\"tuckcam_trace\":1,\"width\":640,\"height\":480}\n";
    char buf[1024];
    (void)state;
    expect_trace_error("", TC_EFORMAT, "empty");
    expect_trace_error("{\"hello\":1}\n", TC_EFORMAT, "not a tuckcam trace");
    expect_trace_error("{\"tuckcam_trace\":2,\"width\":640,\"height\":480}\n",
                       TC_EUNSUPPORTED, "version 2");
    expect_trace_error("{\"tuckcam_trace\":1,\"width\":0,\"height\":480}\n", TC_EFORMAT,
                       "width");
    snprintf(buf, sizeof buf, "%s{\"frame\":0,\"t\":0}\nnot json\n{\"frame\":2,\"t\":1}\n", hdr);
    expect_trace_error(buf, TC_EFORMAT, "3: not a JSON object");
    /* json-c's "success" and "continue" are not reasons */
    snprintf(buf, sizeof buf, "%s{\"frame\":0,\"t\":0} {\"x\":1}\n{\"frame\":1,\"t\":1}\n",
             hdr);
    expect_trace_error(buf, TC_EFORMAT,
                       "2: not a JSON object on one line (text after the JSON value)");
    snprintf(buf, sizeof buf, "%s{\"frame\":0,\"t\":0\n{\"frame\":1,\"t\":1}\n", hdr);
    expect_trace_error(buf, TC_EFORMAT,
                       "2: not a JSON object on one line (it ends inside the JSON");
    snprintf(buf, sizeof buf, "%s{\"frame\":0,\"t\":1}\n{\"frame\":1,\"t\":0.5}\n", hdr);
    expect_trace_error(buf, TC_EFORMAT, "3: \"t\" 0.500000 s does not come after the previous frame's (1.000000 s)");
    /* a time no session reaches: a day after the first frame */
    snprintf(buf, sizeof buf, "%s{\"frame\":0,\"t\":0}\n{\"frame\":1,\"t\":1e6}\n", hdr);
    expect_trace_error(buf, TC_EFORMAT, "3: \"t\" 1000000.000000 s is over 24 h after");
    snprintf(buf, sizeof buf, "%s{\"frame\":0,\"t\":86400.001}\n", hdr);
    expect_trace_error(buf, TC_EFORMAT, "2: \"t\" 86400.001000 s is over 24 h");
    snprintf(buf, sizeof buf, "%s{\"frame\":0,\"t\":0,\"pose\":{\"nose\":[1,2]}}\n", hdr);
    expect_trace_error(buf, TC_EFORMAT, "2: \"pose\" needs 5 points");
    snprintf(buf, sizeof buf, "%s{\"frame\":0,\"t\":0,\"face\":{\"width\":-3,\"height\":2}}\n",
             hdr);
    expect_trace_error(buf, TC_EFORMAT, "2: \"face\" needs");
    snprintf(buf, sizeof buf, "%s{\"frame\":0,\"t\":0,\"head\":{\"pitch\":1e300,\"yaw\":0,"
             "\"roll\":0}}\n", hdr);
    expect_trace_error(buf, TC_EFORMAT, "2: \"head\" needs");
    snprintf(buf, sizeof buf, "%s{\"frame\":0,\"t\":0,\"video\":{\"predicted\":1}}\n", hdr);
    expect_trace_error(buf, TC_EFORMAT, "2: \"video\" needs \"predicted\"");
    snprintf(buf, sizeof buf, "%s{\"frame\":-1,\"t\":0}\n", hdr);
    expect_trace_error(buf, TC_EFORMAT, "2: a frame line needs \"frame\" (whole, >= 0)");
    snprintf(buf, sizeof buf, "{\"tuckcam_trace\":1,\"width\":640,\"height\":480,"
             "\"profile\":{\"exercise\":{\"reps\":\"-4\"}}}\n");
    expect_trace_error(buf, TC_EFORMAT, "1: profile: reps");
    /* profile numbers are decimal in a trace's header too */
    snprintf(buf, sizeof buf, "{\"tuckcam_trace\":1,\"width\":640,\"height\":480,"
             "\"profile\":{\"exercise\":{\"reps\":\"0x10\"}}}\n");
    expect_trace_error(buf, TC_EFORMAT, "1: profile: reps = '0x10': not a decimal number");
    /* newer writers may add keys: ignored */
    tc_trace_info info;
    char err[128];
    snprintf(buf, sizeof buf, "{\"tuckcam_trace\":1,\"width\":640,\"height\":480,\"x\":[1]}\n"
             "{\"frame\":0,\"t\":0,\"extra\":{\"a\":1}}\n\n{\"frame\":1,\"t\":86400}");
    assert_int_equal(tc_trace_parse(buf, strlen(buf), &info, NULL, NULL, err, sizeof err), TC_OK);
    assert_int_equal(info.frames, 2);
}

/* Cell (row, column named `col`) of CSV text without quoted fields into
 * out ("" when empty); row 0 is the header. */
static void csv_cell(const char *txt, int row, const char *col, char *out, size_t cap)
{
    int idx = -1, k = 0;
    const char *line = txt, *c;
    size_t n = strlen(col);
    for (c = txt; *c && *c != '\n'; k++, c += strcspn(c, ",\n") + (c[strcspn(c, ",\n")] == ','))
        if (strncmp(c, col, n) == 0 && (c[n] == ',' || c[n] == '\n'))
            idx = k;
    assert_true(idx >= 0);
    for (int r = 0; r < row; r++)
        line = strchr(line, '\n') + 1;
    for (k = 0, c = line; k < idx; k++)
        c += strcspn(c, ",\n") + 1;
    snprintf(out, cap, "%.*s", (int)strcspn(c, ",\n"), c);
}

/* The side view's posture in the CSV (one column each, filled for every
 * rep) and in the summary (resting values, mean CVA change of the reps). */
static void side_posture_in_csv_and_summary(void **state)
{
    char err[256], cell[64];
    tc_summary_row row;
    size_t len;
    const tc_rep *r;
    (void)state;
    tc_scorer *s = make_trace(tmp("p.jsonl"), 2);
    size_t n = tc_scorer_reps(s, &r);
    assert_int_equal(n, 2);
    assert_int_equal(tc_report_write_json(tmp("p.json"), s, NULL, err, sizeof err), TC_OK);
    assert_int_equal(tc_report_write_csv(tmp("p.csv"), s, err, sizeof err), TC_OK);
    char *txt = tc_test_slurp(tmp("p.csv"), &len);
    assert_non_null(strstr(txt, ",sparc,head_forward_cm,cva_deg,cva_change_deg,score,faults\n"));
    for (int i = 1; i <= 2; i++) {
        csv_cell(txt, i, "cva_change_deg", cell, sizeof cell);
        assert_true(isfinite(r[i - 1].cva_change_deg));
        assert_true(fabs(atof(cell) - r[i - 1].cva_change_deg) <= 0.05 + 1e-9);
        csv_cell(txt, i, "cva_deg", cell, sizeof cell);
        assert_true(fabs(atof(cell) - r[i - 1].cva_deg) <= 0.05 + 1e-9);
        csv_cell(txt, i, "head_forward_cm", cell, sizeof cell);
        assert_true(cell[0] && fabs(atof(cell) - r[i - 1].head_forward_cm) <= 0.05 + 1e-9);
    }
    free(txt);
    memset(&row, 0, sizeof row);
    assert_int_equal(tc_summary_read_report(&row, tmp("p.json"), err, sizeof err), TC_OK);
    assert_true(fabs(row.resting_cva_deg - tc_scorer_session(s)->resting_cva_deg) <= 0.05 + 1e-9);
    assert_true(isfinite(row.resting_head_forward_cm));
    double mean = 0.5 * (r[0].cva_change_deg + r[1].cva_change_deg);
    assert_true(fabs(row.mean_cva_change_deg - mean) <= 0.06);
    row.status = TC_SUMMARY_OK;
    snprintf(row.name, sizeof row.name, "p.mkv");
    assert_int_equal(tc_summary_write_csv(tmp("ps.csv"), &row, 1, err, sizeof err), TC_OK);
    txt = tc_test_slurp(tmp("ps.csv"), &len);
    assert_non_null(strstr(txt, ",mean_depth_fraction,resting_head_forward_cm,resting_cva_deg,"
                                "mean_cva_change_deg,"));
    csv_cell(txt, 1, "mean_cva_change_deg", cell, sizeof cell);
    assert_true(cell[0] && fabs(atof(cell) - row.mean_cva_change_deg) <= 0.05 + 1e-9);
    free(txt);
    tc_scorer_destroy(s);
}

static void report_json_and_csv(void **state)
{
    char err[256];
    size_t len;
    tc_report_meta meta = { "session.mkv", "session.jsonl", "tuckcam test" };
    (void)state;
    tc_scorer *s = make_trace(tmp("r.jsonl"), 2);
    /* a rep cut off by the end, too */
    assert_int_equal(tc_report_write_json(tmp("r.json"), s, &meta, err, sizeof err), TC_OK);
    assert_int_equal(tc_report_write_csv(tmp("r.csv"), s, err, sizeof err), TC_OK);
    char *txt = tc_test_slurp(tmp("r.json"), &len);
    json_object *root = json_tokener_parse(txt), *v, *reps, *rep;
    assert_non_null(root);
    assert_true(json_object_object_get_ex(root, "tuckcam_report", &v));
    assert_int_equal(json_object_get_int(v), TC_REPORT_VERSION);
    assert_true(json_object_object_get_ex(root, "reps", &reps));
    assert_int_equal(json_object_array_length(reps), 2);
    rep = json_object_array_get_idx(reps, 1);
    assert_true(json_object_object_get_ex(rep, "partial", &v));
    assert_false(json_object_get_boolean(v));
    assert_true(json_object_object_get_ex(rep, "faults", &v));
    assert_string_equal(json_object_get_string(json_object_array_get_idx(v, 0)), "nodding");
    assert_true(json_object_object_get_ex(rep, "cue", &v));
    assert_non_null(strstr(json_object_get_string(v), "gaze level"));
    assert_true(json_object_object_get_ex(root, "totals", &v));
    assert_true(json_object_object_get_ex(v, "reps", &rep));
    assert_int_equal(json_object_get_int(rep), 2);
    assert_true(json_object_object_get_ex(root, "calibration", &v));
    assert_true(json_object_object_get_ex(v, "scale_source", &rep));
    json_object_put(root);
    free(txt);
    txt = tc_test_slurp(tmp("r.csv"), &len);
    assert_int_equal(strncmp(txt, "rep,partial,start_s", 19), 0);
    int rows = 0;
    for (size_t i = 0; i < len; i++)
        rows += txt[i] == '\n';
    assert_int_equal(rows, 3);
    assert_non_null(strstr(txt, ",nodding\n"));
    free(txt);
    /* no temporary file is left behind */
    assert_int_equal(access(tmp("r.json.tmp"), F_OK), -1);
    assert_int_equal(tc_report_write_json("/nonexistent-dir/r.json", s, &meta, err, sizeof err),
                     TC_ENOENT);
    tc_scorer_destroy(s);
}

/* ---- names that are not UTF-8 ---- */

/* A file name of every byte 1..255 in turn, with a backslash and an
 * escape-like "\\x41" in it: no valid UTF-8 by far. */
static void odd_name(char *out)
{
    size_t k = 8;
    memcpy(out, "dir\\x41/", k);
    for (int c = 1; c < 256; c++)
        out[k++] = (char)c;
    /* overlong '/', a surrogate, over U+10FFFF, then a good euro sign */
    memcpy(out + k, "\xc0\xaf\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82\xac.mp4", 17);
}

/* `path` parsed by json-c in strict mode with UTF-8 validation. */
static json_object *strict_json(const char *path)
{
    size_t len;
    char *txt = tc_test_slurp(path, &len);
    json_tokener *tok = json_tokener_new();
    json_object *root;
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    root = json_tokener_parse_ex(tok, txt, (int)len - 1);   /* without the newline */
    if (json_tokener_get_error(tok) != json_tokener_success)
        printf("  %s: %s\n", path, json_tokener_error_desc(json_tokener_get_error(tok)));
    json_tokener_free(tok);
    free(txt);
    assert_non_null(root);
    return root;
}

/* Member `key` of `o` is a string; its text. */
static const char *member(json_object *o, const char *key)
{
    json_object *v;
    assert_true(json_object_object_get_ex(o, key, &v));
    assert_true(json_object_is_type(v, json_type_string));
    return json_object_get_string(v);
}

static void names_not_utf8_are_kept_exactly(void **state)
{
    char name[300], err[256];
    tc_report_meta meta = { name, name, "tuckcam test" };
    tc_summary_row row;
    tc_trace_info info;
    json_object *root, *v;
    (void)state;
    odd_name(name);
    tc_scorer *s = make_trace(tmp("n.jsonl"), 1);
    assert_int_equal(tc_report_write_json(tmp("n.json"), s, &meta, err, sizeof err), TC_OK);
    root = strict_json(tmp("n.json"));
    assert_non_null(strstr(member(root, "source"), "\xef\xbf\xbd"));   /* U+FFFD */
    assert_non_null(strstr(member(root, "source_bytes"), "dir\\\\x41/\\x01"));
    /* the reader of reports takes such a file; a UTF-8 name has no _bytes */
    assert_int_equal(tc_summary_read_report(&row, tmp("n.json"), err, sizeof err), TC_OK);
    assert_false(json_object_object_get_ex(root, "created_by_bytes", &v));
    json_object_put(root);

    memset(&row, 0, sizeof row);
    snprintf(row.name, sizeof row.name, "%.255s", name);
    snprintf(row.input, sizeof row.input, "%s", name);
    snprintf(row.error, sizeof row.error, "%s: cannot decode", name);
    row.status = TC_SUMMARY_FAILED;
    assert_int_equal(tc_summary_write_json(tmp("s.json"), &row, 1, NULL, err, sizeof err), TC_OK);
    root = strict_json(tmp("s.json"));
    assert_true(json_object_object_get_ex(root, "videos", &v));
    v = json_object_array_get_idx(v, 0);
    assert_non_null(member(v, "input_bytes"));
    assert_non_null(member(v, "error_bytes"));
    json_object_put(root);

    /* the trace's source comes back byte for byte */
    tc_trace_info w = { .version = 1, .width = 640, .height = 480 };
    tc_trace_writer *tw;
    snprintf(w.source, sizeof w.source, "%s", name);
    assert_int_equal(tc_trace_writer_create(&tw, tmp("n2.jsonl"), &w, NULL), TC_OK);
    assert_int_equal(tc_trace_writer_close(tw), TC_OK);
    assert_int_equal(tc_trace_read(tmp("n2.jsonl"), &info, NULL, NULL, err, sizeof err), TC_OK);
    assert_string_equal(info.source, name);
    tc_scorer_destroy(s);
}

/* ---- names on a terminal ---- */

/* A hostile name on a terminal: ESC (clear, recolour), newline, CR, tab,
 * DEL, C1 CSI, bidi controls (U+202E, U+2066, U+061C, U+200F) and a bad
 * byte are shown as "\xNN", a backslash as "\\": nothing is left to act,
 * and printf '%b' (tc_formats__bytes_unescape) gives the bytes back. */
static void terminal_text_leaves_nothing_to_act(void **state)
{
    static const char hostile[] = "a\x1b[2J\x1b[31mb\nrow\r\t\x7f\xc2\x9b" "1m"
                                  "\xe2\x80\xae" "gpj\xe2\x81\xa6\xd8\x9c\xe2\x80\x8f\xff\\.mp4";
    char out[512], back[512];
    (void)state;
    assert_ptr_equal(tc_terminal_text(out, sizeof out, hostile), out);
    assert_string_equal(out, "a\\x1b[2J\\x1b[31mb\\x0arow\\x0d\\x09\\x7f\\xc2\\x9b1m"
                             "\\xe2\\x80\\xaegpj\\xe2\\x81\\xa6\\xd8\\x9c\\xe2\\x80\\x8f"
                             "\\xff\\\\.mp4");
    for (const char *c = out; *c; c++)
        assert_true(*c >= 0x20 && *c < 0x7f);
    assert_true(tc_formats__bytes_unescape(out, back, sizeof back));
    assert_string_equal(back, hostile);
}

/* A normal name (spaces, UTF-8 letters, Arabic and Hebrew letters) is
 * shown as it is; a long one is cut after a whole escape, with "...". */
static void terminal_text_keeps_normal_names(void **state)
{
    static const char normal[] = "my tucks \xc3\xa9t\xc3\xa9 \xe6\x97\xa5 "
                                 "\xd8\xb9\xd7\x90 (2).mp4";
    char out[512], small[12];
    (void)state;
    assert_string_equal(tc_terminal_text(out, sizeof out, normal), normal);
    assert_string_equal(tc_terminal_text(small, sizeof small, "abc\x1b" "defghij"),
                        "abc\\x1bd...");
    assert_string_equal(tc_terminal_text(small, sizeof small, "abc\x1b" "d"), "abc\\x1bd");
    assert_string_equal(tc_terminal_text(small, sizeof small, NULL), "");
    assert_string_equal(tc_terminal_text(small, 0, "x"), "");
}

/* An older file (no _bytes, raw bytes in the text) is still read. */
static void names_in_older_files_are_read(void **state)
{
    static const char trace[] = "{\"tuckcam_trace\":1,\"source\":\"a\xff.mp4\","
                                "\"width\":64,\"height\":48}\n";
    static const char bad_bytes[] = "{\"tuckcam_trace\":1,\"source\":\"ok.mp4\","
                                    "\"source_bytes\":\"\\\\q\",\"width\":64,\"height\":48}\n";
    tc_trace_info info;
    char err[256];
    (void)state;
    assert_int_equal(tc_trace_parse(trace, sizeof trace - 1, &info, NULL, NULL, err, sizeof err),
                     TC_OK);
    assert_string_equal(info.source, "a\xff.mp4");
    /* a malformed _bytes field: the text is used */
    assert_int_equal(tc_trace_parse(bad_bytes, sizeof bad_bytes - 1, &info, NULL, NULL, err,
                                    sizeof err), TC_OK);
    assert_string_equal(info.source, "ok.mp4");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(profile_file_is_read),
        cmocka_unit_test(bad_profiles_name_line_and_key),
        cmocka_unit_test(profile_key_twice_is_refused),
        cmocka_unit_test(profile_file_round_trips),
        cmocka_unit_test(profile_numbers_are_decimal),
        cmocka_unit_test(profile_nul_is_refused),
        cmocka_unit_test(profile_long_line_names_line_and_key),
        cmocka_unit_test(trace_round_trip_gives_the_same_reps),
        cmocka_unit_test(trace_survives_a_torn_last_line),
        cmocka_unit_test(trace_keeps_predicted_frames),
        cmocka_unit_test(bad_traces_are_refused_with_the_line),
        cmocka_unit_test(bad_frame_times_are_named),
        cmocka_unit_test(report_json_and_csv),
        cmocka_unit_test(side_posture_in_csv_and_summary),
        cmocka_unit_test(names_not_utf8_are_kept_exactly),
        cmocka_unit_test(names_in_older_files_are_read),
        cmocka_unit_test(terminal_text_leaves_nothing_to_act),
        cmocka_unit_test(terminal_text_keeps_normal_names),
    };
    if (tc_test_mkdir(dir, sizeof dir, "tc_formats") < 0)
        return 1;
    return tc_test_rmdir(dir, cmocka_run_group_tests(tests, NULL, NULL));
}
