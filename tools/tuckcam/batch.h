/* tools/tuckcam/batch.h — the work list of `tuckcam score`: videos from
 * files and folders, each with a unique output name, and the shard rule;
 * and the output folder's bookkeeping: the mark that a video's outputs are
 * whole and of that very file (NAME.done), and the lock that keeps two
 * processes from writing one video's outputs at once (NAME.lock). */
#ifndef TC_TOOLS_BATCH_H
#define TC_TOOLS_BATCH_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "formats/formats.h"

typedef struct tc_batch_job {
    char             *input;    /* path to the video */
    char              name[256];/* output name: relative path, extension kept */
    int               mine;     /* in this shard */
    int               lock;     /* score: fd of the output lock held, -1 none */
    tc_summary_status status;   /* this run's outcome (PENDING: not run) */
    char              error[512];
    dev_t             dev;      /* the file's identity (0 0: unknown): one job a file */
    ino_t             ino;
} tc_batch_job;

typedef struct tc_batch {
    tc_batch_job *jobs;
    size_t        n, cap;
    size_t        hidden;       /* hidden folders and videos skipped in folders */
    char          hidden_names[600]; /* the first of them, ", " between */
    size_t        repeated;     /* inputs that named a video already listed: skipped */
} tc_batch;

/** Add INPUT: a file is taken as it is (whatever its extension; a missing
 * one fails later with its name), named by its last component; a folder
 * is walked (sorted, symbolic links to folders skipped, 32 levels at most)
 * for files with a video extension, named by their path below the folder,
 * extension kept (x.mp4 and x.mkv are two names, whatever else is there).
 * Hidden entries (a leading dot) are skipped in folders and counted in
 * b->hidden when they are folders or videos. Names that repeat (two
 * folders given, each with a.mp4) get "~2", "~3" in the order given.
 * TC_ENOMEM, or TC_EIO with a message printed for an unreadable folder. */
int tc_batch_add(tc_batch *b, const char *input);

/** The same with another test of a file name in folders (e.g. traces). */
int tc_batch_add_matching(tc_batch *b, const char *input, int (*match)(const char *name));

/** Add the videos that have outputs in the folder `dir` (NAME.done or
 * NAME.error.txt below it) and are not in b yet, with the input path the
 * file records (other runs' videos, for the summary). TC_ENOMEM / TC_EIO. */
int tc_batch_add_outputs(tc_batch *b, const char *dir);

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

/** Write the mark `done_path` (DIR/NAME.done) for the video `input`,
 * atomically: its canonical path, size and modification time (ns), and
 * the path as given. Written last, when every other output is whole.
 * TC_E* with the reason in `err`. */
int tc_batch_write_done(const char *done_path, const char *input, char *err, size_t errcap);

/** 1 if the outputs DIR/NAME.* are those of `input` as it is now: no
 * NAME.error.txt, NAME.done names this very file (canonical path, size,
 * modification time), NAME.report.json is a whole report, the trace and
 * CSV are there; and with `since_ns` > 0 the mark was written at or after
 * it (ns since 1970). 0 otherwise (also when anything cannot be read). */
int tc_batch_done(const char *dir, const char *name, const char *input, int64_t since_ns);

/** Claim the output `lock_path` (DIR/NAME.lock) against other processes:
 * an fcntl write lock, the process's own (a forked worker does not hold
 * it; it goes when the process dies); TC_EBUSY at once when another
 * process holds it. The lock's fd (>= 0), or TC_E* with the
 * reason in `err`. */
int tc_batch_lock(const char *lock_path, char *err, size_t errcap);

/** Give the claim up: the lock file removed, then closed; fd < 0: no-op. */
void tc_batch_unlock(int fd, const char *lock_path);

#endif /* TC_TOOLS_BATCH_H */
