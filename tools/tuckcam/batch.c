/* tools/tuckcam/batch.c — the work list of `tuckcam score`. */
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "cli.h"

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

/* Add `path` with the output name `rel` (its extension dropped). */
static int add_job(tc_batch *b, const char *path, const char *rel)
{
    tc_batch_job *j;
    const char *base = strrchr(rel, '/'), *dot;
    size_t n;
    base = base ? base + 1 : rel;
    dot = strrchr(base, '.');
    n = dot && dot != base ? (size_t)(dot - rel) : strlen(rel);
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
    if (n > sizeof j->name - 8)
        n = sizeof j->name - 8;
    snprintf(j->name, sizeof j->name, "%.*s", (int)n, rel);
    for (int k = 2; name_taken(b, j->name); k++)
        snprintf(j->name, sizeof j->name, "%.*s~%d", (int)n, rel, k);
    j->mine = 1;
    b->n++;
    return TC_OK;
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
        if (e->d_name[0] == '.')
            continue;
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
            rc = add_job(b, path, r);
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
    if (stat(input, &st) == 0 && S_ISDIR(st.st_mode))
        return walk(b, input, "", 0, match);
    return add_job(b, input, tc_cli_basename(input));
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
