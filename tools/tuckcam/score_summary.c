/* tools/tuckcam/score_summary.c — summary.csv and summary.json of a
 * `tuckcam score --out DIR`: a row a video of the command line (all
 * shards) and a row a video with outputs in DIR, from those files, under
 * a lock so that the last run to finish writes the complete one. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "core/util.h"
#include "score.h"
#include "tc_version.h"

/* Row r of job j from the files in DIR: failed (NAME.error.txt), ok (a
 * video of this command line: done, its mark naming it as it is now;
 * another run's: its report whole), pending otherwise. */
static void summary_row(const score_ctx *c, const tc_batch_job *j, int ours, tc_summary_row *r)
{
    char *errf = tc_batch_path(c->out_dir, j->name, ".error.txt");
    char *report = tc_batch_path(c->out_dir, j->name, ".report.json");
    char err[600];
    uint8_t *text = NULL;
    size_t len;
    snprintf(r->name, sizeof r->name, "%s", j->name);
    snprintf(r->input, sizeof r->input, "%s", j->input);
    r->mean_score = r->duration_s = r->lost_tracking_s = NAN;
    if (errf && tc__read_file(&text, &len, errf, 1 << 16) == TC_OK) {
        r->status = TC_SUMMARY_FAILED;
        snprintf(r->error, sizeof r->error, "%.*s", (int)strcspn((char *)text, "\n"),
                 (char *)text);
    } else if (report && (!ours || tc_batch_done(c->out_dir, j->name, j->input, 0)) &&
               tc_summary_read_report(r, report, err, sizeof err) == TC_OK) {
        r->status = TC_SUMMARY_OK;
    }
    free(text);
    free(report);
    free(errf);
}

int tc_score__write_summary(score_ctx *c)
{
    tc_summary_row *rows = NULL;
    char *lock = tc_batch_path(c->out_dir, ".summary", ".lock");
    char *csv = tc_batch_path(c->out_dir, "summary", ".csv");
    char *json = tc_batch_path(c->out_dir, "summary", ".json");
    char err[600];
    size_t ours = c->batch.n;
    int fd = -1, rc = TC_ENOMEM;

    if (!lock || !csv || !json)
        goto done;
    /* Runs sharing DIR: whoever takes the lock last sees every report
     * written before it, so the last summary written is the complete one. */
    fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0)
        while (flock(fd, LOCK_EX) != 0 && errno == EINTR)
            ;
    if (tc_batch_add_outputs(&c->batch, c->out_dir) == TC_ENOMEM ||
        !(rows = calloc(c->batch.n, sizeof *rows)))
        goto done;
    for (size_t i = 0; i < c->batch.n; i++)
        summary_row(c, &c->batch.jobs[i], i < ours, &rows[i]);
    rc = tc_summary_write_csv(csv, rows, c->batch.n, err, sizeof err);
    if (rc == TC_OK)
        rc = tc_summary_write_json(json, rows, c->batch.n, "tuckcam " TC_VERSION,
                                   err, sizeof err);
    if (rc < 0)
        tc_cli_error("%s", err);
done:
    if (fd >= 0)
        close(fd);
    if (rc == TC_ENOMEM)
        tc_cli_error("out of memory");
    free(rows);
    free(lock);
    free(csv);
    free(json);
    return rc;
}
