/* core/util.h — small helpers shared by the files of core (private to the
 * project: not installed, names carry the tc__ prefix). Reentrant. */
#ifndef TC_CORE_UTIL_H
#define TC_CORE_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include "core/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** snprintf into `buf` (`cap` bytes, may be 0 / NULL), always terminated. */
void tc__fmt(char *buf, size_t cap, const char *fmt, ...) TC_PRINTF(3, 4);

/** Read a whole file into a new malloc'd buffer (NUL-terminated beyond
 * *out_size for convenience). Files larger than `max_size` are TC_ERANGE.
 * errno-derived codes otherwise; *out is NULL on failure. */
TC_NODISCARD int tc__read_file(uint8_t **out, size_t *out_size,
                               const char *path, size_t max_size);

#ifdef __cplusplus
}
#endif
#endif /* TC_CORE_UTIL_H */
