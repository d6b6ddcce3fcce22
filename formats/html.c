/* formats/html.c — the therapist's report: one self-contained HTML page
 * (inline CSS and SVG, no script, no network) with, per session, the
 * retraction and pitch over time with the reps shaded, the per-rep table
 * with faults and the totals; across sessions a trend of reps per day,
 * mean score and resting head-forward distance / CVA. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/util.h"
#include "formats.h"
#include "formats_impl.h"

typedef tc_formats__sb sb;
#define P tc_formats__sb_printf

/* Text into HTML: & < > " ' escaped; a control character (a file name
 * may hold a newline or a tab) as its Unicode control picture, U+2400 +
 * the code (newline: U+240A), DEL as U+2421, so a name shows as it is; a
 * byte that is not valid UTF-8 (a file name's) as U+FFFD; a C1 or bidi
 * control (tc_formats__hidden_control: U+202E would turn
 * "rep_<U+202E>gpj.mp4" into "rep_mp4.jpg" on the page) as the visible,
 * inert text "<U+202E>". */
static int esc(sb *b, const char *s)
{
    int ok = 1;
    for (; ok && s && *s; s++) {
        size_t n = tc_formats__utf8_len(s);
        if (n != 1) {
            unsigned cp = n ? tc_formats__hidden_control(s, n) : 0;
            ok = cp ? P(b, "&lt;U+%04X&gt;", cp)
                    : n ? P(b, "%.*s", (int)n, s) : P(b, "\xEF\xBF\xBD");
            s += n ? n - 1 : 0;
            continue;
        }
        switch (*s) {
        case '&':  ok = P(b, "&amp;"); break;
        case '<':  ok = P(b, "&lt;"); break;
        case '>':  ok = P(b, "&gt;"); break;
        case '"':  ok = P(b, "&quot;"); break;
        case '\'': ok = P(b, "&#39;"); break;
        default:
            if ((unsigned char)*s >= 0x20 && *s != 0x7f)
                ok = P(b, "%c", *s);
            else
                ok = P(b, "&#x%X;", *s == 0x7f ? 0x2421u : 0x2400u + (unsigned char)*s);
        }
    }
    return ok;
}

static void date_text(char *out, size_t cap, int64_t unix_s, int with_time)
{
    time_t t = (time_t)unix_s;
    struct tm tm;
    if (unix_s <= 0 || !localtime_r(&t, &tm) ||
        !strftime(out, cap, with_time ? "%Y-%m-%d %H:%M" : "%Y-%m-%d", &tm))
        tc__fmt(out, cap, "date unknown");
}

/* A tick step near range/5 from 1, 2, 5 x 10^k. */
static double nice_step(double range)
{
    double raw = range / 5, p = pow(10, floor(log10(raw > 0 ? raw : 1)));
    double m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/* Geometry of one plot. */
typedef struct plot {
    double x, y, w, h;           /* plotting area in SVG units */
    double t0, t1, v0, v1;       /* data ranges */
} plot;

static double px(const plot *p, double t) { return p->x + (t - p->t0) / (p->t1 - p->t0) * p->w; }
static double py(const plot *p, double v) { return p->y + (p->v1 - v) / (p->v1 - p->v0) * p->h; }

static int axes(sb *b, const plot *p, const char *xlabel, const char *ylabel, int xticks)
{
    double st = nice_step(p->t1 - p->t0), sv = nice_step(p->v1 - p->v0);
    int ok = P(b, "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' class='frame'/>",
               p->x, p->y, p->w, p->h);
    for (double v = ceil(p->v0 / sv) * sv; ok && v <= p->v1 + 1e-9; v += sv)
        ok = P(b, "<line x1='%.1f' x2='%.1f' y1='%.1f' y2='%.1f' class='grid'/>"
                  "<text x='%.1f' y='%.1f' class='yt'>%g</text>",
               p->x, p->x + p->w, py(p, v), py(p, v), p->x - 4, py(p, v) + 4,
               fabs(v) < 1e-9 ? 0.0 : v);
    for (double t = ceil(p->t0 / st) * st; ok && xticks && t <= p->t1 + 1e-9; t += st)
        ok = P(b, "<text x='%.1f' y='%.1f' class='xt'>%g</text>", px(p, t),
               p->y + p->h + 14, t);
    return ok && P(b, "<text x='%.1f' y='%.1f' class='xl'>", p->x + p->w / 2, p->y + p->h + 30) &&
           esc(b, xlabel) && P(b, "</text><text x='12' y='%.1f' class='yl' "
                                  "transform='rotate(-90 12 %.1f)'>", p->y + p->h / 2,
                               p->y + p->h / 2) &&
           esc(b, ylabel) && P(b, "</text>");
}

/* The series as a path, at most ~2 points per horizontal unit (mean per
 * bucket); NAN samples break the line. */
static int series(sb *b, const plot *p, const double *t, const double *v, size_t n,
                  const char *cls)
{
    int ok = P(b, "<path class='%s' d='", cls), pen = 0;
    size_t i = 0;
    double bucket = (p->t1 - p->t0) / (p->w * 2);
    while (ok && i < n) {
        double tb = t[i], sum = 0;
        int cnt = 0, gap = 0;
        while (i < n && t[i] < tb + bucket) {
            if (isfinite(v[i])) {
                sum += v[i];
                cnt++;
            } else {
                gap = 1;
            }
            i++;
        }
        if (!cnt) {
            pen = 0;
            continue;
        }
        double val = fmax(p->v0, fmin(p->v1, sum / cnt));
        ok = P(b, "%c%.1f %.1f", pen ? 'L' : 'M', px(p, tb), py(p, val));
        pen = !gap;
    }
    return ok && P(b, "'/>");
}

static void range_of(const double *v, size_t n, double *lo, double *hi)
{
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) {
            *lo = fmin(*lo, v[i]);
            *hi = fmax(*hi, v[i]);
        }
}

static int session_plots(sb *b, const tc_html_session *s)
{
    const tc_rep *r;
    size_t nr = tc_scorer_reps(s->scorer, &r);
    const tc_profile *pr = tc_scorer_profile(s->scorer);
    double tend = s->n ? s->t[s->n - 1] : 1, lo = -5, hi = 25, plo = -15, phi = 15;
    plot a = { 48, 10, 860, 150, 0, tend > 1 ? tend : 1, 0, 0 };
    plot c = a;
    int ok;

    range_of(s->retraction_mm, s->n, &lo, &hi);
    range_of(s->pitch_deg, s->n, &plo, &phi);
    a.v0 = floor(lo / 5) * 5;
    a.v1 = ceil(hi / 5) * 5;
    c.y = 10 + 150 + 50;
    c.v0 = floor(plo / 5) * 5;
    c.v1 = ceil(phi / 5) * 5;
    ok = P(b, "<svg viewBox='0 0 920 410' class='plot' role='img' aria-label='retraction and "
              "pitch over time'>");
    for (size_t i = 0; ok && i < nr; i++) {
        double e = isfinite(r[i].end_s) ? r[i].end_s : tend;
        for (int k = 0; ok && k < 2; k++) {
            const plot *q = k ? &c : &a;
            ok = P(b, "<rect class='rep' x='%.1f' y='%.1f' width='%.1f' height='%.1f'/>",
                   px(q, r[i].start_s), q->y, fmax(1, px(q, e) - px(q, r[i].start_s)), q->h);
            if (ok && isfinite(r[i].hold_start_s) && isfinite(r[i].return_start_s))
                ok = P(b, "<rect class='hold' x='%.1f' y='%.1f' width='%.1f' height='%.1f'/>",
                       px(q, r[i].hold_start_s), q->y,
                       fmax(1, px(q, r[i].return_start_s) - px(q, r[i].hold_start_s)), q->h);
        }
        ok = ok && P(b, "<text class='repn' x='%.1f' y='%.1f'>%d</text>",
                     px(&a, r[i].start_s) + 3, a.y + 12, r[i].index);
    }
    ok = ok && axes(b, &a, "", "retraction (mm)", 1) &&
         series(b, &a, s->t, s->retraction_mm, s->n, "ret");
    ok = ok && axes(b, &c, "time (s)", "pitch, chin down + (deg)", 1);
    if (ok && pr->nodding_deg < c.v1)
        ok = P(b, "<line class='tol' x1='%.1f' x2='%.1f' y1='%.1f' y2='%.1f'/>"
                  "<text class='toll' x='%.1f' y='%.1f'>nodding tolerance</text>",
               c.x, c.x + c.w, py(&c, pr->nodding_deg), py(&c, pr->nodding_deg),
               c.x + c.w - 4, py(&c, pr->nodding_deg) - 3);
    ok = ok && series(b, &c, s->t, s->pitch_deg, s->n, "pit");
    return ok && P(b, "</svg>");
}

static const char *num(char *buf, size_t cap, double v, int digits, const char *unit)
{
    if (!isfinite(v))
        return "&ndash;";
    if (fabs(v) < 0.5 * pow(10, -digits))
        v = 0;  /* no "-0" */
    tc__fmt(buf, cap, "%.*f%s", digits, v, unit);
    return buf;
}

static int rep_table(sb *b, const tc_html_session *s)
{
    const tc_profile *pr = tc_scorer_profile(s->scorer);
    const tc_rep *r;
    size_t nr = tc_scorer_reps(s->scorer, &r);
    char t[11][32], cue[160];
    const int side = tc_scorer_session(s->scorer)->view == TC_VIEW_SIDE;
    int ok;
    if (!nr)
        return P(b, "<p class='none'>No repetitions found in this session.</p>");
    ok = P(b, "<table><thead><tr><th>rep</th><th>start</th><th>retract</th><th>hold "
              "(good form)</th><th>return</th><th>depth (of range)</th><th>mm (could be)</th>"
              "<th>pitch</th>%s<th>score</th><th>faults</th><th>cue</th></tr></thead><tbody>",
           side ? "<th>head-forward*</th><th>CVA* (change)</th>" : "");
    for (size_t i = 0; ok && i < nr; i++) {
        const tc_rep *x = &r[i];
        const unsigned q = tc_formats__unjudged(pr, x);
        int first = 1;
        char side_td[160] = "";
        if (side)
            tc__fmt(side_td, sizeof side_td, "<td>%s</td><td>%s (%s)</td>",
                    num(t[8], 32, x->head_forward_cm, 1, " cm"),
                    num(t[9], 32, x->cva_deg, 0, "&deg;"),
                    num(t[10], 32, x->cva_change_deg, 0, "&deg;"));
        ok = P(b, "<tr%s><td>%d</td><td>%s</td><td>%s</td><td>%s (%s)</td><td>%s</td>"
                  "<td>%s</td><td>%s (%s&ndash;%s)</td><td>%s</td>%s<td class='sc'>%s</td><td>",
               x->partial ? " class='partial'" : "", x->index,
               num(t[0], 32, x->start_s, 1, " s"),
               num(t[1], 32, x->retract_s, 1, q & TC_UNJUDGED_RETRACT ? " s?" : " s"),
               num(t[2], 32, x->hold_s, 1, q & TC_UNJUDGED_HOLD ? " s?" : " s"),
               num(t[3], 32, x->hold_good_s, 1, " s"),
               num(t[4], 32, x->return_s, 1, q & TC_UNJUDGED_RETURN ? " s?" : " s"),
               num(t[8], 32, 100 * x->depth_fraction, 0, "%"),
               num(t[5], 32, x->depth_mm, 0, " mm"), num(t[9], 32, x->depth_lo_mm, 0, ""),
               num(t[10], 32, x->depth_hi_mm, 0, ""),
               num(t[6], 32, x->pitch_change_deg, 0, "&deg;"), side_td,
               x->partial ? "partial" : num(t[7], 32, x->score, 0, ""));
        for (int f = 0; ok && f < TC_FAULT_COUNT; f++)
            if (x->faults & (1u << f)) {
                ok = P(b, "%s<span class='fault'>%s</span>", first ? "" : " ",
                       tc_fault_name((tc_fault)f));
                first = 0;
            }
        ok = ok && P(b, "</td><td>") &&
             esc(b, x->worst >= 0 ? tc_fault_cue_for(pr, (tc_fault)x->worst, cue, sizeof cue) : "") &&
             P(b, "</td></tr>");
    }
    char why[512];
    ok = ok && P(b, "</tbody></table>") &&
         (!tc_formats__unjudged_text(pr, r, nr, why, sizeof why) ||
          (P(b, "<p class='note'>") && esc(b, why) && P(b, ".</p>")));
    return ok &&
           (!side || P(b, "<p class='note'>* Landmark proxies (the ear for the tragus, "
                          "the pose's shoulder for C7/acromion), medians over the hold; "
                          "not clinical values. The CVA is against the frame's horizontal: "
                          "a rolled camera adds its roll to it (not to its change).</p>"));
}

/* Totals of one session: full reps, mean score, good hold, fault counts. */
typedef struct totals {
    int    reps, partial, faults[TC_FAULT_COUNT];
    double mean_score, hold_good_s;
} totals;

static totals session_totals(const tc_scorer *sc)
{
    const tc_rep *r;
    size_t nr = tc_scorer_reps(sc, &r);
    totals t;
    double sum = 0;
    memset(&t, 0, sizeof t);
    for (size_t i = 0; i < nr; i++) {
        if (r[i].partial) {
            t.partial++;
            continue;
        }
        t.reps++;
        sum += r[i].score;
        t.hold_good_s += r[i].hold_good_s;
        for (int f = 0; f < TC_FAULT_COUNT; f++)
            t.faults[f] += (int)((r[i].faults >> f) & 1u);
    }
    t.mean_score = t.reps ? sum / t.reps : NAN;
    return t;
}

/* What moved that was not a rep, and the threshold a rep must pass. */
static int movements_note(sb *b, const tc_session *ses, int reps)
{
    char what[512];
    tc_session_movements_text(ses, what, sizeof what);
    if (what[0] && !P(b, "<p class='note'>%s: %s.</p>",
                      reps ? "Also seen, not reps" : "Movement seen, but no chin tucks", what))
        return 0;
    if (tc_formats__nobody_seen(ses))
        return P(b, "<p class='note'>No person was found in any of the %lld frames: "
                    "nothing could be scored.</p>", (long long)ses->frames);
    if (!isfinite(ses->rep_threshold_mm))   /* never calibrated: no threshold */
        return P(b, "<p class='note'>No neutral posture was set (no still second with "
                    "the person in view), so no rep could be counted.</p>");
    return P(b, "<p class='note'>A rep glides back past %.1f mm (this session's threshold, "
                "from its noise) and is held.</p>", ses->rep_threshold_mm);
}

/* What the depth column is a share of (and the first reps', when the
 * range was learned later), and how far its mm can be trusted (the same
 * words as the text table). */
static int depth_note(sb *b, const tc_scorer *sc)
{
    const tc_session *ses = tc_scorer_session(sc);
    const tc_rep *r;
    size_t nr = tc_scorer_reps(sc, &r);
    char range[192], cam[256], before[512];
    tc_formats__range_text(ses, range, sizeof range);
    tc_formats__camera_text(ses, cam, sizeof cam);
    return P(b, " &middot; depth: ") && esc(b, range) &&
           (!tc_formats__range_history(ses, r, nr, before, sizeof before) ||
            (P(b, " (shares taken before that: ") && esc(b, before) && P(b, ")"))) &&
           (!cam[0] || (P(b, "; ") && esc(b, cam)));
}

static int session_section(sb *b, const tc_html_session *s, int idx)
{
    const tc_session *ses = tc_scorer_session(s->scorer);
    const tc_profile *pr = tc_scorer_profile(s->scorer);
    totals t = session_totals(s->scorer);
    char d[64], n[4][32];
    int ok, any = 0;

    date_text(d, sizeof d, s->started_unix, 1);
    ok = P(b, "<section id='s%d'><h2><bdi>", idx) && esc(b, s->title) &&
         P(b, "</bdi> <small>%s</small></h2>", d);
    ok = ok && P(b, "<p class='facts'>%s view &middot; %.0f s &middot; neutral set at %s"
                    " &middot; range %s &middot; scale: ",
                 tc_view_name(ses->view), ses->duration_s,
                 ses->calibrated ? num(n[0], 32, ses->calibrated_at_s, 1, " s") : "never",
                 num(n[1], 32, ses->range_mm, 0, " mm")) &&
         esc(b, ses->scale_source ? ses->scale_source : "none") &&
         (!isfinite(ses->scale_uncertainty_pct) ||
          P(b, " (&plusmn;%.0f%%)", ses->scale_uncertainty_pct));
    ok = ok && depth_note(b, s->scorer);
    if (ok && isfinite(ses->resting_head_forward_cm))
        ok = P(b, " &middot; resting head-forward %s, CVA %s",
               num(n[2], 32, ses->resting_head_forward_cm, 1, " cm"),
               num(n[3], 32, ses->resting_cva_deg, 0, "&deg;"));
    ok = ok && P(b, "</p>");
    ok = ok && P(b, "<div class='totals'><div><b>%d</b> of %d reps</div><div><b>%s</b> mean "
                    "score</div><div><b>%.0f s</b> good-form hold</div><div><b>%.0f s</b> "
                    "tracking lost</div></div>",
                 t.reps, pr->reps, num(n[0], 32, t.mean_score, 0, ""), t.hold_good_s,
                 ses->lost_s);
    ok = ok && session_plots(b, s) &&
         P(b, "<p class='legend'><span class='k ret'></span> retraction (head back from "
              "neutral) <span class='k pit'></span> pitch change <span class='k rep'></span>"
              " rep <span class='k hold'></span> hold</p>");
    ok = ok && rep_table(b, s);
    ok = ok && P(b, "<p class='faultsum'>Faults: ");
    for (int f = 0; ok && f < TC_FAULT_COUNT; f++)
        if (t.faults[f]) {
            ok = P(b, "%s%s &times;%d", any ? ", " : "", tc_fault_name((tc_fault)f),
                   t.faults[f]);
            any = 1;
        }
    ok = ok && P(b, "%s</p>", any ? "" : "none");
    ok = ok && movements_note(b, ses, t.reps);
    if (ok && !ses->shoulders_in_frame)
        ok = P(b, "<p class='note'>The shoulders were out of the frame: shrugging and trunk "
                  "lean were not judged in this session.</p>");
    else if (ok && (!ses->shoulders_tracked || !ses->trunk_tracked))
        ok = P(b, "<p class='note'>The %s not tracked steadily enough to judge "
                  "shrugging or trunk lean in this session.</p>",
               tc_formats__trunk_subject(ses));
    return ok && P(b, "</section>");
}

/* ---- across sessions ---------------------------------------------------- */

static int cmp_started(const void *a, const void *b)
{
    const tc_html_session *x = *(const tc_html_session *const *)a;
    const tc_html_session *y = *(const tc_html_session *const *)b;
    return (x->started_unix > y->started_unix) - (x->started_unix < y->started_unix);
}

/* Points (one a session, x = order) with labels; NAN values skipped. */
static int trend_chart(sb *b, const char *title, const char *unit, const double *v,
                       size_t n, const char *const *labels, int bars)
{
    double lo = 0, hi = 1;
    plot p = { 48, 24, 380, 130, -0.5, (double)n - 0.5, 0, 0 };
    int ok, any = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i])) {
            lo = any ? fmin(lo, v[i]) : fmin(0, v[i]);
            hi = fmax(hi, v[i]);
            any = 1;
        }
    p.v0 = lo >= 0 ? 0 : floor(lo);
    p.v1 = hi + nice_step(hi - p.v0) * 0.5;
    ok = P(b, "<figure><svg viewBox='0 0 440 200' class='trend' role='img'><text x='48' y='14' "
              "class='tt'>") && esc(b, title) && P(b, "</text>");
    ok = ok && axes(b, &p, "", unit, 0);
    for (size_t i = 0; ok && i < n; i++) {
        double x = px(&p, (double)i);
        if (labels && (n <= 12 || i % ((n + 11) / 12) == 0))
            ok = P(b, "<text x='%.1f' y='%.1f' class='xt'>", x, p.y + p.h + 14) &&
                 esc(b, labels[i]) && P(b, "</text>");
        if (!ok || !isfinite(v[i]))
            continue;
        if (bars)
            ok = P(b, "<rect class='bar' x='%.1f' y='%.1f' width='%.1f' height='%.1f'/>",
                   x - p.w / (double)n * 0.35, py(&p, v[i]), p.w / (double)n * 0.7,
                   py(&p, p.v0) - py(&p, v[i]));
        else
            ok = P(b, "<circle class='pt' cx='%.1f' cy='%.1f' r='3.5'/>", x, py(&p, v[i]));
    }
    if (ok && !any)
        ok = P(b, "<text x='240' y='95' class='na'>not measured</text>");
    return ok && P(b, "</svg></figure>");
}

static int trend_section(sb *b, const tc_html_session **ss, size_t n)
{
    double *v = calloc(n * 4 + 1, sizeof *v), *daily = v + n, *hfd = v + 2 * n,
           *cva = v + 3 * n;
    const char **lab = calloc(n + 1, sizeof *lab), **dlab = calloc(n + 1, sizeof *dlab);
    char (*dates)[16] = calloc(n + 1, sizeof *dates);
    size_t ndays = 0;
    int ok = v && lab && dlab && dates;

    for (size_t i = 0; ok && i < n; i++) {
        const tc_session *ses = tc_scorer_session(ss[i]->scorer);
        totals t = session_totals(ss[i]->scorer);
        date_text(dates[i], sizeof dates[i], ss[i]->started_unix, 0);
        lab[i] = dates[i] + (strlen(dates[i]) == 10 ? 5 : 0);  /* MM-DD */
        v[i] = t.mean_score;
        hfd[i] = ses->resting_head_forward_cm;
        cva[i] = ses->resting_cva_deg;
        if (ndays && strcmp(dlab[ndays - 1], lab[i]) == 0 && ss[i]->started_unix > 0) {
            daily[ndays - 1] += t.reps;
        } else {
            dlab[ndays] = lab[i];
            daily[ndays++] = t.reps;
        }
    }
    ok = ok && P(b, "<section id='trend'><h2>Across %zu sessions</h2><div class='trends'>", n);
    ok = ok && trend_chart(b, "Reps per day", "reps", daily, ndays, dlab, 1);
    ok = ok && trend_chart(b, "Mean score per session", "score", v, n, lab, 0);
    ok = ok && trend_chart(b, "Resting head-forward distance (side view)", "cm", hfd, n, lab, 0);
    ok = ok && trend_chart(b, "Resting CVA (side view)", "degrees", cva, n, lab, 0);
    ok = ok && P(b, "</div><table><thead><tr><th>session</th><th>date</th><th>view</th>"
                    "<th>reps</th><th>mean score</th><th>good hold</th><th>faults</th>"
                    "</tr></thead><tbody>");
    for (size_t i = 0; ok && i < n; i++) {
        totals t = session_totals(ss[i]->scorer);
        char d[64], m[32];
        int any = 0;
        date_text(d, sizeof d, ss[i]->started_unix, 1);
        ok = P(b, "<tr><td><a href='#s%zu'><bdi>", i) && esc(b, ss[i]->title) &&
             P(b, "</bdi></a></td><td>%s</td><td>%s</td><td>%d / %d</td><td class='sc'>%s</td>"
                  "<td>%.0f s</td><td>", d,
               tc_view_name(tc_scorer_session(ss[i]->scorer)->view), t.reps,
               tc_scorer_profile(ss[i]->scorer)->reps, num(m, 32, t.mean_score, 0, ""),
               t.hold_good_s);
        for (int f = 0; ok && f < TC_FAULT_COUNT; f++)
            if (t.faults[f]) {
                ok = P(b, "%s%s &times;%d", any ? ", " : "", tc_fault_name((tc_fault)f),
                       t.faults[f]);
                any = 1;
            }
        ok = ok && P(b, "</td></tr>");
    }
    ok = ok && P(b, "</tbody></table></section>");
    free(v);
    free(lab);
    free(dlab);
    free(dates);
    return ok;
}

static const char css[] =
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1d2430;"
    "margin:0 auto;max-width:960px;padding:16px 20px;background:#fff}"
    "h1{font-size:24px;margin:4px 0}h2{font-size:19px;margin:28px 0 4px;border-top:1px solid"
    " #d6dbe3;padding-top:16px}h2 small{font-weight:normal;color:#5b6575;font-size:14px}"
    ".facts,.legend,.note,.faultsum,.meta{color:#4a5465;font-size:13px;margin:4px 0}"
    ".safety{background:#fff5e0;border-left:4px solid #e0a030;padding:6px 10px;font-size:13px}"
    ".totals{display:flex;gap:12px;margin:10px 0}.totals div{background:#f1f4f8;"
    "border-radius:6px;padding:6px 12px;font-size:13px}.totals b{font-size:18px;display:block}"
    "svg{width:100%;height:auto;font-size:11px}.frame{fill:none;stroke:#9aa3b2}"
    ".grid{stroke:#e3e7ee}.yt{text-anchor:end;fill:#5b6575}.xt{text-anchor:middle;"
    "fill:#5b6575}.xl,.yl{text-anchor:middle;fill:#39414f;font-size:12px}"
    ".rep{fill:#dceaf8}.hold{fill:#b7d4f2}.repn{fill:#2a5d95;font-size:11px}"
    ".ret{fill:none;stroke:#1f5fa8;stroke-width:1.6}.pit{fill:none;stroke:#b04a1f;"
    "stroke-width:1.4}.tol{stroke:#b04a1f;stroke-dasharray:4 3}.toll{fill:#b04a1f;"
    "text-anchor:end;font-size:10px}.k{display:inline-block;width:14px;height:10px;"
    "margin:0 4px 0 10px;vertical-align:middle}.k.ret{background:#1f5fa8}.k.pit{"
    "background:#b04a1f}.k.rep{background:#dceaf8}.k.hold{background:#b7d4f2}"
    "table{border-collapse:collapse;width:100%;font-size:13px;margin:8px 0}th,td{"
    "padding:4px 6px;border-bottom:1px solid #e3e7ee;text-align:left}th{background:#f1f4f8}"
    "td:not(:last-child){white-space:nowrap}td.sc{font-weight:600}tr.partial td{color:#8a93a3}.fault{background:#fde3dc;"
    "color:#8a2d12;border-radius:4px;padding:0 5px;font-size:12px;white-space:nowrap}"
    ".trends{display:grid;grid-template-columns:1fr 1fr;gap:8px}figure{margin:0}"
    ".tt{font-size:13px;font-weight:600;fill:#1d2430}.bar{fill:#5b8fd0}.pt{fill:#1f5fa8}"
    ".na{fill:#8a93a3;text-anchor:middle}"
    "@media print{body{max-width:none}section{break-inside:avoid}}";

int tc_report_write_html(const char *path, const tc_html_session *s, size_t n,
                         const char *created_by, char *err, size_t errcap)
{
    const tc_html_session **order = calloc(n + 1, sizeof *order);
    sb b = { NULL, 0, 0 };
    char now[64];
    int ok;

    if (!order) {
        tc__fmt(err, errcap, "%s: out of memory", path);
        return TC_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        order[i] = &s[i];
    qsort(order, n, sizeof *order, cmp_started);
    date_text(now, sizeof now, (int64_t)time(NULL), 1);
    ok = P(&b, "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
               "<meta name='viewport' content='width=device-width,initial-scale=1'>"
               "<title>tuckcam report</title><style>%s</style></head><body>"
               "<h1>Chin tuck report</h1><p class='meta'>%zu session%s &middot; made %s by ",
           css, n, n == 1 ? "" : "s", now) &&
         esc(&b, created_by ? created_by : "tuckcam") &&
         P(&b, "</p><p class='safety'>Stop the exercise on pain, dizziness, or tingling or "
               "numbness in the arms. Measurements come from a camera: millimetres carry "
               "the stated scale uncertainty, and the ear and shoulder landmarks are proxies "
               "for the tragus and C7, so compare sessions filmed the same way rather than "
               "with clinical photographs.</p>");
    if (ok && n > 1)
        ok = trend_section(&b, order, n);
    for (size_t i = 0; ok && i < n; i++)
        ok = session_section(&b, order[i], (int)i);
    ok = ok && P(&b, "</body></html>\n");
    free(order);
    return tc_formats__sb_write(&b, ok, path, err, errcap);
}
