/* formats/formats_impl.h — shared inside formats/ (not installed). */
#ifndef TC_FORMATS_IMPL_H
#define TC_FORMATS_IMPL_H

#include <json-c/json.h>
#include "core/profile.h"
#include "core/status.h"

/** A JSON number with `digits` decimals, or NULL (JSON null) for NAN/inf. */
json_object *tc_formats__num(double v, int digits);

/** The profile as {"section": {"key": "value"}}. */
json_object *tc_formats__profile_json(const tc_profile *p);

/** A finite number within +-lim from `o` (JSON int or double) into *out:
 * 1, or 0 when `o` is NULL, not a number, not finite or out of range. */
int tc_formats__get_num(json_object *o, double lim, double *out);

/** The same for member `key` of object `obj`. */
int tc_formats__get_key_num(json_object *obj, const char *key, double lim, double *out);

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

#endif /* TC_FORMATS_IMPL_H */
