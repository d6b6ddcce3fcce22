/* tools/tuckcam/batch.h — the work list of `tuckcam score`: videos from
 * files and folders, each with a unique output name, and the shard rule. */
#ifndef TC_TOOLS_BATCH_H
#define TC_TOOLS_BATCH_H

#include <stddef.h>
#include "formats/formats.h"

typedef struct tc_batch_job {
    char             *input;    /* path to the video */
    char              name[256];/* output name: relative path without extension */
    int               mine;     /* in this shard */
    tc_summary_status status;   /* this run's outcome (PENDING: not run) */
    char              error[512];
} tc_batch_job;

typedef struct tc_batch {
    tc_batch_job *jobs;
    size_t        n, cap;
} tc_batch;

/** Add INPUT: a file is taken as it is (whatever its extension; a missing
 * one fails later with its name); a folder is walked (sorted, hidden
 * entries and symbolic links to folders skipped, 32 levels at most) for
 * files with a video extension, named by their path below the folder.
 * Names that repeat get "~2", "~3". TC_ENOMEM, or TC_EIO with a message
 * printed for an unreadable folder. */
int tc_batch_add(tc_batch *b, const char *input);

/** The same with another test of a file name in folders (e.g. traces). */
int tc_batch_add_matching(tc_batch *b, const char *input, int (*match)(const char *name));

/** Mark the jobs of shard `index` of `count` (job i is in shard i % count). */
void tc_batch_shard(tc_batch *b, int index, int count);

/** Parse "I/N" (0 <= I < N): TC_EINVAL otherwise. */
int tc_batch_parse_shard(const char *s, int *index, int *count);

/** Free the list. */
void tc_batch_free(tc_batch *b);

/** `dir`/`name``suffix` in a new string (NULL: out of memory). */
char *tc_batch_path(const char *dir, const char *name, const char *suffix);

/** Create the folders leading to `path` (mkdir -p of its dirname). */
int tc_batch_mkdirs(const char *path);

#endif /* TC_TOOLS_BATCH_H */
