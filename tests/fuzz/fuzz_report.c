/* tests/fuzz/fuzz_report.c — libFuzzer target: any bytes as a session
 * report (NAME.report.json) read back the way `tuckcam score --out` reads
 * each one for summary.csv / summary.json (tc_summary_parse_report, which
 * tc_summary_read_report calls); a row it accepts is checked to hold what
 * the summary writers expect. Seeds: tests/fuzz/seeds/report.json (a
 * version 1 report, from tuckcam score on fixtures/gt/nodding.mkv) and
 * report_v2.json (version 2, rescored from fixtures/gt/depth/fov75.trace.jsonl). */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formats/formats.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tc_summary_row *row = calloc(1, sizeof *row);
    char err[256];
    if (!row)
        return 0;
    if (tc_summary_parse_report(row, (const char *)data, size, "fuzz.json", err,
                                sizeof err) == TC_OK) {
        /* what the writers print: a terminated view, whole numbers, a
         * camera model that is one of the names or "" (version 1) */
        int known = !row->camera[0];
        for (int m = TC_CAMERA_ASSUMED; m <= TC_CAMERA_UNUSED; m++)
            known |= !strcmp(row->camera, tc_camera_model_name((tc_camera_model)m));
        if (!memchr(row->view, '\0', sizeof row->view) || !known ||
            (isfinite(row->mean_score) && fabs(row->mean_score) > 1e12) ||
            (isfinite(row->mean_depth_fraction) && fabs(row->mean_depth_fraction) > 1e12))
            abort();
    } else if (!memchr(err, '\0', sizeof err)) {
        abort();
    }
    free(row);
    return 0;
}
