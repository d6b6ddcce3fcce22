/* pipeline/series.c — the per-frame time, retraction and pitch of a
 * session, kept for the HTML report's plots. */
#include "pipeline/pipeline_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int grow(tc_pipeline__series *s)
{
    size_t cap = s->cap ? s->cap * 2 : 4096;
    double *a = realloc(s->t, cap * sizeof *a), *b, *c;
    if (a)
        s->t = a;
    b = a ? realloc(s->retraction_mm, cap * sizeof *b) : NULL;
    if (b)
        s->retraction_mm = b;
    c = b ? realloc(s->pitch_deg, cap * sizeof *c) : NULL;
    if (!c)
        return TC_ENOMEM;
    s->pitch_deg = c;
    s->cap = cap;
    return TC_OK;
}

int tc_pipeline__series_push(tc_pipeline__series *s, const tc_obs *obs, const tc_metrics *m)
{
    if (s->n == s->cap && grow(s) < 0)
        return TC_ENOMEM;
    s->t[s->n] = (double)obs->t_us / 1e6;
    s->retraction_mm[s->n] = m->valid ? m->retraction_mm : NAN;
    s->pitch_deg[s->n] = m->valid ? m->pitch_deg : NAN;
    s->n++;
    return TC_OK;
}

void tc_pipeline__series_free(tc_pipeline__series *s)
{
    free(s->t);
    free(s->retraction_mm);
    free(s->pitch_deg);
    memset(s, 0, sizeof *s);
}
