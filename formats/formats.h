/* formats/formats.h — the files tuckcam reads and writes around the
 * scorer: the exercise profile (INI, read with inih), the trace (JSON
 * Lines, one frame a line, versioned; written crash-safe, read back for
 * `tuckcam rescore`), and the session report (JSON, versioned, and CSV).
 * json-c builds and parses the JSON; nothing here is written by hand
 * except the CSV. Every reader treats its input as hostile: a bad file
 * yields an error naming the line and the problem, never a crash. */
#ifndef TC_FORMATS_FORMATS_H
#define TC_FORMATS_FORMATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "core/obs.h"
#include "core/profile.h"
#include "core/scorer.h"
#include "core/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TC_TRACE_VERSION  1
#define TC_REPORT_VERSION 2   /* 2: camera model, depth share and interval */

/* ---- exercise profile (INI) ------------------------------------------- */

/** Read a profile: defaults first, then every key in the text (`name`
 * is used in messages). TC_EFORMAT / TC_EINVAL / TC_ERANGE with
 * "name:LINE: problem" in `err` for the first bad line. Numbers are
 * decimal (0x10 is refused); a NUL byte, or a line over 197 characters
 * (said with its [section] and key), is TC_EFORMAT. A key given twice in
 * its section is TC_EFORMAT ("name:LINE: [section] key given twice, first
 * on line N"), also when the second is in a later "[section]" line that
 * opens the section again; opening a section again to set other keys is
 * fine (the keys add up). */
TC_NODISCARD int tc_profile_parse(tc_profile *out, const char *text, size_t len,
                                  const char *name, char *err, size_t errcap);

/** The same from a file; TC_ENOENT / TC_EIO when it cannot be read. A file
 * over 1 MB is TC_EFORMAT naming its too long line and key, or TC_ERANGE. */
TC_NODISCARD int tc_profile_load(tc_profile *out, const char *path,
                                 char *err, size_t errcap);

/** Write `p` as a commented profile file (every key, its default meaning). */
void tc_profile_write(FILE *to, const tc_profile *p);

/* ---- trace (JSON Lines) ----------------------------------------------- */

/** What the trace's first line records about the session. */
typedef struct tc_trace_info {
    int     version;
    int     width, height;
    char    source[512];      /* input video or device */
    char    created_by[64];   /* "tuckcam 0.1.0" */
    int64_t started_unix;     /* when the session was filmed (s since 1970,
                                 UTC), 0 unknown; optional in the file */
    int64_t frames;           /* frame lines read (reader) */
    int     truncated;        /* reader: the last line was cut off (crash) */
    int     has_profile;      /* reader: the header held the profile used */
    tc_profile profile;       /* reader: that profile */
} tc_trace_info;

typedef struct tc_trace_writer tc_trace_writer;

/** Round an observation to the decimals the trace keeps (positions and
 * sizes 0.01 px, visibility 0.001, angles 0.01 deg, the trunk scale 1e-5),
 * so that a session scored live and rescored from its trace score alike.
 * The pipeline rounds every observation before the scorer sees it. */
void tc_trace_round(tc_obs *o);

/** Create the trace file and write its header line. The file is written
 * line by line and synced at least once a second (core/linelog), so a
 * crash loses at most the last second and never corrupts earlier lines. */
TC_NODISCARD int tc_trace_writer_create(tc_trace_writer **out, const char *path,
                                        const tc_trace_info *info,
                                        const tc_profile *profile);

/** Append one frame: the observation and (may be NULL) its metrics. */
TC_NODISCARD int tc_trace_write(tc_trace_writer *w, const tc_obs *obs,
                                const tc_metrics *m);

/** Flush, sync and close; returns the first write error, if any. */
int tc_trace_writer_close(tc_trace_writer *w);

/** Called for each frame line, in order; a negative return stops reading
 * and is returned. */
typedef int (*tc_trace_frame_fn)(void *user, const tc_obs *obs);

/** The latest frame time a trace may hold, s: 24 h. The writers' clock
 * starts at the session's first frame (a camera's first frame, a video's
 * first timestamp) and no exercise session, paused or not, lasts a day;
 * a later time is a damaged or made-up trace (1e6 s read as a 12-day set). */
#define TC_TRACE_MAX_T_S 86400.0

/** Parse a whole trace held in memory. The header must come first and be
 * of a version this build reads (TC_EUNSUPPORTED otherwise); a malformed
 * line (among them a frame time "t" that is not a finite number from 0
 * to TC_TRACE_MAX_T_S, or not after the one before) is TC_EFORMAT with
 * "LINE: problem" in `err`, the problem naming the field and why; a last line without
 * its newline that does not parse is a torn write: info->truncated is set
 * and reading ends cleanly. Unknown keys are ignored (newer writers). */
TC_NODISCARD int tc_trace_parse(const char *buf, size_t len, tc_trace_info *info,
                                tc_trace_frame_fn fn, void *user,
                                char *err, size_t errcap);

/** The same for a file. */
TC_NODISCARD int tc_trace_read(const char *path, tc_trace_info *info,
                               tc_trace_frame_fn fn, void *user,
                               char *err, size_t errcap);

/* ---- report (JSON, CSV, table) ---------------------------------------- */

typedef struct tc_report_meta {
    const char *source;       /* video, device or trace it came from */
    const char *trace;        /* trace file beside it, or NULL */
    const char *created_by;
} tc_report_meta;

/** Write the session report as JSON, atomically (temporary file, fsync,
 * rename): a reader sees the old file or the whole new one. */
TC_NODISCARD int tc_report_write_json(const char *path, const tc_scorer *s,
                                      const tc_report_meta *meta,
                                      char *err, size_t errcap);

/** Write one CSV row a rep (header first), atomically. */
TC_NODISCARD int tc_report_write_csv(const char *path, const tc_scorer *s,
                                     char *err, size_t errcap);

/** Print the per-rep table and the session totals for a person. */
void tc_report_print(FILE *to, const tc_scorer *s);

/** `s` (any bytes; NULL is "") as text safe to print on a terminal, into
 * out[cap]; returns `out` ("" when cap is 0). Valid UTF-8 letters, spaces
 * and punctuation stay as they are; a backslash is "\\", and each byte of
 * a control character (C0 such as ESC, newline, tab and CR; DEL; C1), of
 * a bidi control (U+202E and the like) or of a sequence that is not valid
 * UTF-8 is "\xNN", so a name can neither act on the terminal nor forge a
 * line, and printf '%b' gives its bytes back. Text longer than cap - 1 is
 * cut after a whole character or escape and ended with "...". Use it for
 * every file name, path or message that reaches a terminal. */
const char *tc_terminal_text(char *out, size_t cap, const char *s);

/** Write `len` bytes to `path` whole (formats/write_file.c): a regular
 * file (or a new one) is replaced atomically (tmp + fsync + rename), a
 * symlink's target likewise (the link kept), a device, pipe or terminal
 * (/dev/stdout) written through, never replaced; a folder or a link to
 * nothing is refused (TC_EINVAL, TC_ENOENT). */
TC_NODISCARD int tc_write_atomic(const char *path, const void *data, size_t len,
                                 char *err, size_t errcap);

/* ---- report (HTML) ---------------------------------------------------- */

/** One session for the HTML report: its finished scorer and its frames. */
typedef struct tc_html_session {
    const char      *title;          /* e.g. the video's name */
    int64_t          started_unix;   /* when filmed; 0 unknown */
    const tc_scorer *scorer;         /* finished */
    const double    *t;              /* per frame: seconds, increasing */
    const double    *retraction_mm;  /* per frame; NAN where not measured */
    const double    *pitch_deg;      /* per frame; NAN where not measured */
    size_t           n;
} tc_html_session;

/** Write the therapist's report as one self-contained HTML page (inline
 * CSS and SVG, no script, nothing fetched), atomically: per session the
 * retraction and pitch over time with the reps and holds shaded, the
 * per-rep table with faults and cues, and the totals; with more than one
 * session first a trend (reps per day, mean score, resting head-forward
 * distance and CVA) and a table of sessions, ordered by date. */
TC_NODISCARD int tc_report_write_html(const char *path, const tc_html_session *s, size_t n,
                                      const char *created_by, char *err, size_t errcap);

/* ---- batch summary (`tuckcam score --out DIR`) ------------------------ */

#define TC_SUMMARY_VERSION 2   /* 2: camera, mean_depth_fraction */

typedef enum tc_summary_status {
    TC_SUMMARY_PENDING = 0,   /* not scored yet (another shard, or stopped) */
    TC_SUMMARY_OK,
    TC_SUMMARY_FAILED
} tc_summary_status;

/** Stable name: "pending", "ok", "failed". */
const char *tc_summary_status_name(tc_summary_status s);

/** One video of a batch. Numbers are NAN (blank/null) when unknown. */
typedef struct tc_summary_row {
    char   name[256];         /* output name (NAME.report.json) */
    char   input[1024];       /* the video's path as given */
    tc_summary_status status;
    char   error[512];        /* why it failed ("" otherwise) */
    char   view[16];
    int    reps, partial_reps, prescribed_reps;
    double mean_score;
    double duration_s, lost_tracking_s;
    char   camera[16];        /* the camera model behind the mm ("" in a
                                 version 1 report, which did not say) */
    double mean_depth_fraction;  /* mean share of the range (NAN: version 1) */
    double resting_head_forward_cm;  /* side view, at neutral (NAN: front view or */
    double resting_cva_deg;          /*  an older report, which did not say) */
    double mean_cva_change_deg;      /* side view: mean CVA change of the reps */
    int    fault_counts[TC_FAULT_COUNT];
} tc_summary_row;

/** Fill the totals of `row` (view, reps, score, duration, camera, depth
 * share, side-view posture, fault counts) from a session report written by
 * tc_report_write_json (version 1 or 2); status, name,
 * input and error are left alone. TC_ENOENT / TC_EIO when unreadable,
 * TC_EFORMAT (reason in `err`) when it is not such a report. */
TC_NODISCARD int tc_summary_read_report(tc_summary_row *row, const char *path,
                                        char *err, size_t errcap);

/** The same from a report held in memory (`path` names it in messages). */
TC_NODISCARD int tc_summary_parse_report(tc_summary_row *row, const char *buf, size_t len,
                                         const char *path, char *err, size_t errcap);

/** Write the rows as CSV (header first), atomically. */
TC_NODISCARD int tc_summary_write_csv(const char *path, const tc_summary_row *rows,
                                      size_t n, char *err, size_t errcap);

/** Write the rows as JSON ({"tuckcam_summary": 1, "videos": [...],
 * "totals": {...}}), atomically. */
TC_NODISCARD int tc_summary_write_json(const char *path, const tc_summary_row *rows,
                                       size_t n, const char *created_by,
                                       char *err, size_t errcap);

#ifdef __cplusplus
}
#endif
#endif /* TC_FORMATS_FORMATS_H */
