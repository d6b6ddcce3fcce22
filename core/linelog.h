/* core/linelog.h — an append-only text file of lines (the JSON Lines trace
 * beside a recording) that survives crashes: every line is handed to the
 * OS at once, and fdatasync'd to the disk at least every `sync_ms`, so a
 * kill loses nothing written and a power cut at most the last interval.
 * One tc_linelog per thread; write errors are sticky. After a full disk the
 * last line may be cut short: readers skip a final line without newline. */
#ifndef TC_CORE_LINELOG_H
#define TC_CORE_LINELOG_H

#include <stddef.h>
#include <stdint.h>
#include "core/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct tc_linelog tc_linelog;

/** Create (truncate) `path`; sync_ms 0 = 1000. TC_EIO etc. on failure. */
TC_NODISCARD int tc_linelog_create(tc_linelog **out, const char *path,
                                   int sync_ms);

/** Append `line` (no newline inside; one is added) at time `now_us` (any
 * monotonic clock; decides when to sync). TC_ENOSPC when the disk is full,
 * TC_EIO otherwise; after an error nothing more is written. */
TC_NODISCARD int tc_linelog_write(tc_linelog *log, const char *line,
                                  int64_t now_us);

/** Lines written so far. */
uint64_t tc_linelog_lines(const tc_linelog *log);

/** Sync and close; returns the first error met, if any. NULL is a no-op. */
int tc_linelog_close(tc_linelog *log);

#ifdef __cplusplus
}
#endif
#endif /* TC_CORE_LINELOG_H */
