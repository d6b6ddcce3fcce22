/* tools/tuckcam/batch.c — the work list of `tuckcam score`, and the
 * output folder's marks (NAME.done) and locks (NAME.lock). */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "core/util.h"

static const char *const video_ext[] = {
    "mp4", "m4v", "mov", "mkv", "webm", "avi", "mpg", "mpeg", "ts", "mts",
    "m2ts", "wmv", "flv", "3gp", "ogv", "y4m",
};

static int is_video(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (!dot || dot == name)
        return 0;
    for (size_t i = 0; i < sizeof video_ext / sizeof video_ext[0]; i++)
        if (strcasecmp(dot + 1, video_ext[i]) == 0)
            return 1;
    return 0;
}

static int name_taken(const tc_batch *b, const char *name)
{
    for (size_t i = 0; i < b->n; i++)
        if (strcmp(b->jobs[i].name, name) == 0)
            return 1;
    return 0;
}

/* A new job for `path` named exactly `name` (no check). */
static int push_job(tc_batch *b, const char *path, const char *name)
{
    tc_batch_job *j;
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 16;
        tc_batch_job *nj = realloc(b->jobs, cap * sizeof *nj);
        if (!nj)
            return TC_ENOMEM;
        b->jobs = nj;
        b->cap = cap;
    }
    j = &b->jobs[b->n];
    memset(j, 0, sizeof *j);
    if (!(j->input = strdup(path)))
        return TC_ENOMEM;
    snprintf(j->name, sizeof j->name, "%s", name);
    j->mine = 1;
    j->lock = -1;
    b->n++;
    return TC_OK;
}

/* The file `st` names is one some job already scores (the same file
 * named another way: through a link, with ./ or ../, twice on the
 * command line). */
static int listed(const tc_batch *b, const struct stat *st)
{
    for (size_t i = 0; i < b->n; i++)
        if ((b->jobs[i].dev || b->jobs[i].ino) && b->jobs[i].dev == st->st_dev &&
            b->jobs[i].ino == st->st_ino)
            return 1;
    return 0;
}

/* Add `path` with the output name `rel` (the extension kept, so that the
 * name does not depend on which other videos are there), "~N" if taken;
 * st: its stat as the caller has it (NULL if it could not be), the file
 * skipped when a job already scores it. */
static int add_job(tc_batch *b, const char *path, const char *rel, const struct stat *st)
{
    char name[sizeof b->jobs->name];
    int n = (int)strlen(rel), rc;
    if (st && listed(b, st)) {
        b->repeated++;
        return TC_OK;
    }
    if (n > (int)sizeof name - 8)
        n = (int)sizeof name - 8;
    snprintf(name, sizeof name, "%.*s", n, rel);
    for (int k = 2; name_taken(b, name); k++)
        snprintf(name, sizeof name, "%.*s~%d", n, rel, k);
    if ((rc = push_job(b, path, name)) == TC_OK && st) {
        b->jobs[b->n - 1].dev = st->st_dev;
        b->jobs[b->n - 1].ino = st->st_ino;
    }
    return rc;
}

/* A hidden entry of a folder: counted (and its name kept) when it is a
 * folder or a file that would have been taken. */
static void note_hidden(tc_batch *b, const char *dir, const char *rel, const char *name,
                        int (*match)(const char *name))
{
    char *path = tc_batch_path(dir, name, "");
    struct stat st;
    size_t len = strlen(b->hidden_names);
    int dir_ = 0;
    if (!path || lstat(path, &st) != 0 ||
        !((dir_ = S_ISDIR(st.st_mode)) || (S_ISREG(st.st_mode) && match(name)))) {
        free(path);
        return;
    }
    free(path);
    if (b->hidden++ < 4 && len + 130 < sizeof b->hidden_names)
        snprintf(b->hidden_names + len, sizeof b->hidden_names - len, "%s%.60s%s%.60s%s",
                 len ? ", " : "", rel, rel[0] ? "/" : "", name, dir_ ? "/" : "");
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(tc_batch *b, const char *dir, const char *rel, int depth,
                int (*match)(const char *name))
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = TC_OK;

    if (!d) {
        tc_cli_error("%s: %s", dir, strerror(errno));
        return TC_EIO;
    }
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') {
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                note_hidden(b, dir, rel, e->d_name, match);
            continue;
        }
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            char **nn = realloc(names, nc * sizeof *nn);
            if (!nn) {
                rc = TC_ENOMEM;
                break;
            }
            names = nn;
            cap = nc;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = TC_ENOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n && rc == TC_OK; i++) {
        char *path = tc_batch_path(dir, names[i], "");
        char *r = rel[0] ? tc_batch_path(rel, names[i], "") : strdup(names[i]);
        struct stat st;
        if (!path || !r)
            rc = TC_ENOMEM;
        else if (lstat(path, &st) != 0)
            ;   /* vanished while listing */
        else if (S_ISDIR(st.st_mode) && depth < 32)
            rc = walk(b, path, r, depth + 1, match);
        else if ((S_ISREG(st.st_mode) || (S_ISLNK(st.st_mode) && stat(path, &st) == 0 &&
                                           S_ISREG(st.st_mode))) && match(names[i]))
            rc = add_job(b, path, r, &st);
        free(path);
        free(r);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return rc;
}

int tc_batch_add_matching(tc_batch *b, const char *input, int (*match)(const char *name))
{
    struct stat st;
    const int seen = stat(input, &st) == 0;
    if (seen && S_ISDIR(st.st_mode))
        return walk(b, input, "", 0, match);
    return add_job(b, input, tc_cli_basename(input), seen ? &st : NULL);
}

int tc_batch_add(tc_batch *b, const char *input)
{
    return tc_batch_add_matching(b, input, is_video);
}

void tc_batch_shard(tc_batch *b, int index, int count)
{
    for (size_t i = 0; i < b->n; i++)
        b->jobs[i].mine = count <= 1 || (int)(i % (size_t)count) == index;
}

int tc_batch_parse_shard(const char *s, int *index, int *count)
{
    char *end;
    long i, n;
    errno = 0;
    i = strtol(s, &end, 10);
    if (end == s || *end != '/' || errno)
        return TC_EINVAL;
    s = end + 1;
    n = strtol(s, &end, 10);
    if (end == s || *end || errno || n < 1 || n > 1000000 || i < 0 || i >= n)
        return TC_EINVAL;
    *index = (int)i;
    *count = (int)n;
    return TC_OK;
}

void tc_batch_free(tc_batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->jobs[i].input);
    free(b->jobs);
    memset(b, 0, sizeof *b);
}

char *tc_batch_path(const char *dir, const char *name, const char *suffix)
{
    size_t cap = strlen(dir) + strlen(name) + strlen(suffix) + 2;
    char *p = malloc(cap);
    if (p)
        snprintf(p, cap, "%s/%s%s", dir, name, suffix);
    return p;
}

int tc_batch_mkdirs(const char *path)
{
    char *p = strdup(path);
    int rc = TC_OK;
    if (!p)
        return TC_ENOMEM;
    for (char *s = strchr(p + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        if (mkdir(p, 0755) != 0 && errno != EEXIST) {
            tc_cli_error("%s: %s", p, strerror(errno));
            rc = TC_EIO;
            break;
        }
        *s = '/';
    }
    free(p);
    return rc;
}

/* ---- the output folder -------------------------------------------------- */

static int ends_with(const char *s, const char *end)
{
    size_t n = strlen(s), m = strlen(end);
    return n > m && strcmp(s + n - m, end) == 0;
}

static int is_output(const char *name)
{
    return ends_with(name, ".done") || ends_with(name, ".error.txt");
}

/* The rest of the line starting with `key` in the file; "" when none. */
static void recorded(char *out, size_t cap, const char *file, const char *key)
{
    uint8_t *text = NULL;
    size_t len, k = strlen(key);
    out[0] = '\0';
    if (tc__read_file(&text, &len, file, 1 << 16) != TC_OK)
        return;
    for (const char *s = (const char *)text; s; s = strchr(s, '\n'), s = s ? s + 1 : NULL)
        if (strncmp(s, key, k) == 0) {
            snprintf(out, cap, "%.*s", (int)strcspn(s + k, "\n"), s + k);
            break;
        }
    free(text);
}

int tc_batch_add_outputs(tc_batch *b, const char *dir)
{
    tc_batch found;
    int rc;
    memset(&found, 0, sizeof found);
    rc = walk(&found, dir, "", 0, is_output);
    for (size_t i = 0; i < found.n && rc == TC_OK; i++) {
        char *name = found.jobs[i].name, input[PATH_MAX];
        int done = ends_with(name, ".done");
        name[strlen(name) - strlen(done ? ".done" : ".error.txt")] = '\0';
        if (name_taken(b, name))
            continue;
        recorded(input, sizeof input, found.jobs[i].input, done ? "input " : "input: ");
        if ((rc = push_job(b, input[0] ? input : name, name)) == TC_OK)
            b->jobs[b->n - 1].mine = 0;
    }
    tc_batch_free(&found);
    return rc;
}

/* What NAME.done says of a video: its canonical path, size and
 * modification time; TC_E* (errno's) when it cannot be seen. */
static int identity(char *out, size_t cap, const char *input)
{
    struct stat st;
    char *real;
    int n;
    if (stat(input, &st) != 0 || !(real = realpath(input, NULL)))
        return tc_status_from_errno(errno);
    n = snprintf(out, cap, "tuckcam_done 1\nsource %s\nsize %lld\nmtime %lld.%09ld\n", real,
                 (long long)st.st_size, (long long)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec);
    free(real);
    return n > 0 && (size_t)n < cap ? TC_OK : TC_ERANGE;
}

int tc_batch_write_done(const char *done_path, const char *input, char *err, size_t errcap)
{
    char text[2 * PATH_MAX + 128];
    size_t n;
    int rc = identity(text, sizeof text - PATH_MAX, input);
    if (rc < 0) {
        snprintf(err, errcap, "%s: %s", input, tc_strerror(rc));
        return rc;
    }
    n = strlen(text);
    snprintf(text + n, sizeof text - n, "input %s\n", input);
    return tc_write_atomic(done_path, text, strlen(text), err, errcap);
}

/* Does the mark at `path` name `input` as it is now (and is it new enough)? */
static int mark_matches(const char *path, const char *input, int64_t since_ns)
{
    char id[PATH_MAX + 128];
    uint8_t *text = NULL;
    size_t len = 0;
    struct stat st;
    int same;
    if (identity(id, sizeof id, input) < 0 || stat(path, &st) != 0 ||
        (since_ns > 0 && (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec < since_ns) ||
        tc__read_file(&text, &len, path, 1 << 16) != TC_OK)
        return 0;
    same = len >= strlen(id) && memcmp(text, id, strlen(id)) == 0;
    free(text);
    return same;
}

int tc_batch_done(const char *dir, const char *name, const char *input, int64_t since_ns)
{
    static const char *const need[] = { ".trace.jsonl", ".reps.csv" };
    char *path = tc_batch_path(dir, name, ".error.txt"), err[600];
    tc_summary_row row;
    int done = path && access(path, F_OK) != 0;
    for (size_t i = 0; done && i < sizeof need / sizeof need[0]; i++) {
        free(path);
        path = tc_batch_path(dir, name, need[i]);
        done = path && access(path, F_OK) == 0;
    }
    free(path);
    path = done ? tc_batch_path(dir, name, ".done") : NULL;
    done = path && mark_matches(path, input, since_ns);
    free(path);
    path = done ? tc_batch_path(dir, name, ".report.json") : NULL;
    done = path && tc_summary_read_report(&row, path, err, sizeof err) == TC_OK;
    free(path);
    return done;
}

int tc_batch_lock(const char *lock_path, char *err, size_t errcap)
{
    for (;;) {
        struct flock fl;
        struct stat a, b;
        int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644), rc, e;
        if (fd < 0) {
            e = errno;
            snprintf(err, errcap, "%s: %s", lock_path, strerror(e));
            return tc_status_from_errno(e);
        }
        memset(&fl, 0, sizeof fl);
        fl.l_type = F_WRLCK;
        fl.l_whence = SEEK_SET;
        while ((rc = fcntl(fd, F_SETLK, &fl)) != 0 && errno == EINTR)
            ;
        if (rc != 0) {
            e = errno;
            close(fd);
            snprintf(err, errcap, "%s: %s", lock_path,
                     e == EAGAIN || e == EACCES ? "held by another process" : strerror(e));
            return e == EAGAIN || e == EACCES ? TC_EBUSY : tc_status_from_errno(e);
        }
        if (fstat(fd, &a) == 0 && stat(lock_path, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino)
            return fd;
        close(fd);   /* its last holder removed it meanwhile: take the new one */
    }
}

void tc_batch_unlock(int fd, const char *lock_path)
{
    if (fd < 0)
        return;
    unlink(lock_path);
    close(fd);
}
