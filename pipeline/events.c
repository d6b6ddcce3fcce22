/* pipeline/events.c — what happened, queued for tc_pipeline_receive_event:
 * calibration and reps from the scorer, lost / found and stalls from the
 * frame path; a ring that drops (and counts) the oldest when full. */
#include "pipeline/pipeline_impl.h"

#include <string.h>

const char *tc_pipeline_event_name(tc_pipeline_event_type t)
{
    switch (t) {
    case TC_PIPELINE_CALIBRATED: return "calibrated";
    case TC_PIPELINE_REP:        return "rep";
    case TC_PIPELINE_LOST:       return "lost";
    case TC_PIPELINE_FOUND:      return "found";
    case TC_PIPELINE_STALLED:    return "stalled";
    default:                     return "unknown";
    }
}

void tc_pipeline__queue_push(tc_pipeline *p, const tc_pipeline_event *ev)
{
    tc_pipeline__queue *q = &p->q;
    if (q->n == TC_PIPELINE__EVENTS) {
        q->head = (q->head + 1) % TC_PIPELINE__EVENTS;
        q->n--;
        q->dropped++;
    }
    q->ev[(q->head + q->n) % TC_PIPELINE__EVENTS] = *ev;
    q->n++;
}

int tc_pipeline_receive_event(tc_pipeline *p, tc_pipeline_event *ev)
{
    tc_pipeline__queue *q = &p->q;
    if (!q->n)
        return TC_EAGAIN;
    *ev = q->ev[q->head];
    q->head = (q->head + 1) % TC_PIPELINE__EVENTS;
    q->n--;
    return TC_OK;
}

uint64_t tc_pipeline_events_dropped(const tc_pipeline *p)
{
    return p->q.dropped;
}

void tc_pipeline__scorer_events(tc_pipeline *p, double t_s, int64_t frame)
{
    const tc_session *ses = tc_scorer_session(p->sc);
    const tc_rep *r;
    size_t n = tc_scorer_reps(p->sc, &r);
    tc_pipeline_event ev;

    memset(&ev, 0, sizeof ev);
    ev.t_s = t_s;
    ev.frame = frame;
    if (ses->calibrations > p->calibrations) {
        p->calibrations = ses->calibrations;
        ev.type = TC_PIPELINE_CALIBRATED;
        ev.view = ses->view;
        tc_pipeline__queue_push(p, &ev);
    }
    ev.type = TC_PIPELINE_REP;
    ev.view = ses->view;
    for (; p->reps < n; p->reps++) {
        ev.rep = r[p->reps];
        tc_pipeline__queue_push(p, &ev);
    }
}
