/* formats/formats_impl.h — shared inside formats/ (not installed). */
#ifndef TC_FORMATS_IMPL_H
#define TC_FORMATS_IMPL_H

#include <json-c/json.h>
#include "core/profile.h"
#include "core/status.h"

struct tc_session;

/** Who the "not tracked steadily" note is about: "trunk was" when the
 * session's trunk came from the trunk tracker, else "shoulders were". */
const char *tc_formats__trunk_subject(const struct tc_session *ses);

/** Nobody was seen: the session had frames and none with a person in
 * view, so it never set its neutral (the text table and the HTML say so
 * rather than "sit still"). */
int tc_formats__nobody_seen(const struct tc_session *ses);

/** A JSON number with `digits` decimals, or NULL (JSON null) for NAN/inf. */
json_object *tc_formats__num(double v, int digits);

/** tc_profile_set for a value read from a file: a number must be decimal
 * (TC_EFORMAT for 0x10, which strtod would take as 16). */
int tc_formats__profile_set(tc_profile *p, const char *section, const char *key,
                            const char *value, char *err, size_t errcap);

/** The profile as {"section": {"key": "value"}}. */
json_object *tc_formats__profile_json(const tc_profile *p);

/** A finite number within +-lim from `o` (JSON int or double) into *out:
 * 1, or 0 when `o` is NULL, not a number, not finite or out of range. */
int tc_formats__get_num(json_object *o, double lim, double *out);

/** The same for member `key` of object `obj`. */
int tc_formats__get_key_num(json_object *obj, const char *key, double lim, double *out);

/** Why `text`[0..len), just given to json_tokener_parse_ex(tok, ...) which
 * returned `o`, is not one JSON value: json-c's reason, "empty", "it
 * ends inside the JSON value", "text after the JSON value" (white space
 * after it is fine) or "null"; NULL when it is one value. (json-c says "success" or
 * "continue" for the cases it does not count as errors.) */
const char *tc_formats__json_problem(json_tokener *tok, const json_object *o,
                                     const char *text, size_t len);

/** Write `root` (json-c `flags`) and a newline to `path` atomically. */
int tc_formats__write_json(const char *path, json_object *root, int flags,
                           char *err, size_t errcap);

/** A growing text buffer (zero-initialise; free `p`). */
typedef struct tc_formats__sb {
    char  *p;
    size_t len, cap;
} tc_formats__sb;

/** Append printf-style to `b`; 0 when out of memory (b keeps its text). */
int tc_formats__sb_printf(tc_formats__sb *b, const char *fmt, ...) TC_PRINTF(2, 3);

/** Write `b` to `path` atomically when `ok` (else TC_ENOMEM, "out of
 * memory" in `err`: the text is incomplete), and free it either way. */
int tc_formats__sb_write(tc_formats__sb *b, int ok, const char *path, char *err, size_t errcap);

/** `v` with `digits` decimals in `buf`, or "" for NAN/inf (CSV blank). */
const char *tc_formats__csv_num(char *buf, size_t cap, double v, int digits);

/* The truth file's JSON (truth.c; NULL out of memory): the fuzz target
 * of the motion script + truth pair round-trips it in memory. */
struct tc_truth;
json_object *tc_formats__truth_json(const struct tc_truth *t);

/* ---- depth figures for people (depth_text.c) ------------------------- */

struct tc_session;

/** The camera model behind the session's mm and their interval, a
 * sentence without its full stop ("" before calibration); the length. */
size_t tc_formats__camera_text(const struct tc_session *ses, char *out, size_t cap);

/** What the session's depth share is of (the range and its source). */
size_t tc_formats__range_text(const struct tc_session *ses, char *out, size_t cap);

/** The reps whose share was taken against another range than the
 * session's last (a range learned as the reps came: the first reps' shares
 * are of the starting guess), as "rep 1 of 20 mm (the starting guess),
 * ..." (six at most, then "and N more"); "" and 0 when every rep's is the
 * session's. Returns the length written. */
struct tc_rep;
size_t tc_formats__range_history(const struct tc_session *ses, const struct tc_rep *r,
                                 size_t n, char *out, size_t cap);

/* ---- phase times for people (timing_text.c) ---------------------------- */

struct tc_profile;

/** tc_formats__unjudged's bits: the duration is marked "?". */
#define TC_UNJUDGED_RETRACT 1u
#define TC_UNJUDGED_HOLD    2u
#define TC_UNJUDGED_RETURN  4u

/** Which of a full rep's durations are shorter than profile `p` asks but
 * carry no too_fast / short_hold (the scorer allowed for the uncertainty
 * of its timing, or for a video that showed the movement late). */
unsigned tc_formats__unjudged(const struct tc_profile *p, const struct tc_rep *r);

/** The footnote for the "?" marks among reps r[0..n) (why those times were
 * not judged short), a sentence without its full stop; "" and 0 when no
 * rep has a mark. Returns the length written. */
size_t tc_formats__unjudged_text(const struct tc_profile *p, const struct tc_rep *r,
                                 size_t n, char *out, size_t cap);

/* ---- names in JSON and HTML (text.c) ---------------------------------- */

/** Bytes of the valid UTF-8 character at `s` (1-4; 1 for ASCII), or 0
 * when `s` does not start one (a bad, overlong or surrogate sequence). */
size_t tc_formats__utf8_len(const char *s);

/** 1 when all of `s` is valid UTF-8. */
int tc_formats__utf8_valid(const char *s);

/** `s` with each byte that is not valid UTF-8 replaced by U+FFFD
 * (malloc'd; NULL out of memory). */
char *tc_formats__utf8_text(const char *s);

/** The code point of the valid UTF-8 character at `s`, `n` bytes long
 * (tc_formats__utf8_len), when it is one that shows nothing yet changes
 * how the text around it reads: a C1 control (U+0080..U+009F, which a
 * terminal may take as ESC [) or a bidi control (U+061C, U+200E, U+200F,
 * U+202A..U+202E, U+2066..U+2069: "rep_<U+202E>gpj.mp4" reads as
 * "rep_mp4.jpg"); else 0. */
unsigned tc_formats__hidden_control(const char *s, size_t n);

/** `s` losslessly as UTF-8 text: "\\" for a backslash, "\xNN" for each
 * byte that is not valid UTF-8 or is part of a control character (C0, DEL,
 * or tc_formats__hidden_control), the rest as it is (malloc'd; NULL out
 * of memory). printf '%b' gives the bytes back. */
char *tc_formats__bytes_escaped(const char *s);

/** Undo tc_formats__bytes_escaped into out[cap]: 1, or 0 for a malformed
 * escape, a NUL (\x00) or no room. */
int tc_formats__bytes_unescape(const char *esc, char *out, size_t cap);

/** A JSON string of `s` made valid UTF-8 (tc_formats__utf8_text). */
json_object *tc_formats__str(const char *s);

/** Add `key`: `s` as valid UTF-8 text, and when `s` is not valid UTF-8
 * also `key`_bytes: its exact bytes (tc_formats__bytes_escaped). */
void tc_formats__add_name(json_object *obj, const char *key, const char *s);

/** Read what tc_formats__add_name wrote: the exact bytes from `key`_bytes
 * when it is there and well formed, else the text of `key` (older files),
 * into out[cap]. 0 when neither is a string. */
int tc_formats__get_name(json_object *obj, const char *key, char *out, size_t cap);

#endif /* TC_FORMATS_IMPL_H */
