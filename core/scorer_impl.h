/* core/scorer_impl.h — private to the scorer's files: its constants, the
 * per-frame and per-rep types, struct tc_scorer, and the functions the
 * files share (tc_scorer__x). Which file holds what:
 *   scorer.c        create/destroy, getters, recalibrate/finish, push
 *   scorer_names.c  phase and fault names, cues, the penalty table
 *   signal.c        quantile, SD, centred smoothing, velocity, crossings
 *   features.c      per-frame features, view vote, validity, travel, form
 *   calibration.c   the calibration window, neutral, thresholds, filters
 *   metrics.c       a frame's sample (filters, ring) and its metrics
 *   state_machine.c NEUTRAL -> RETRACT -> HOLD -> RETURN, closing a rep
 *   rep_analysis.c  a closed rep: window, smoothing, timing, keeping it
 *   rep_timing.c    plateaus, minimum-jerk fits, sub-movements, boundaries
 *   rep_measure.c   depth, compensations, good-form hold, smoothness
 *   rep_grammar.c   is it a rep, or which ordinary movement
 *   rep_check.c     the invariants every rep holds (tc_rep_check)
 *   faults.c        the fault rules and the score
 *   depth.c         the camera model, depth's share of the range, shallow
 * Not installed. */
#ifndef TC_CORE_SCORER_IMPL_H
#define TC_CORE_SCORER_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "core/filter.h"
#include "core/scorer.h"

#define PREROLL_S        3.0    /* time kept before a rep starts, s */
#define GAP_ABORT_S      2.0    /* a longer gap ends a rep (partial) */
#define GAP_RECAL_S      3.0    /* a longer gap sets neutral again */
#define GAP_RECAL_SEEN_S 10.0   /* ... or this long unscored with the person in view */
#define SETTLE_S         1.0    /* rest kept after a return before it is scored */
#define WANDER_MEAN_S    5.0    /* the neutral's level follows drift this fast */
#define WANDER_VAR_S     10.0   /* its wander about that level: this memory */
#define WANDER_SDS       5.0    /* a rep rises this many SDs of wander above it */
#define SMOOTH_HALF_S    0.10   /* half-width of the centred window */
#define SUSTAIN_S        0.05   /* a level crossing must hold this long */
#define STEP_SHARE       0.1    /* a catch-up step: this share of the amplitude */
#define STEP_RATIO       3.0    /* in one or two frames, over this times the
                                   frame steps beside it */
#define STEP_JITTERS     8.0    /* and this many median frame steps (jitter) */
/* A stop-and-go's pause: the speed under 30 % of the movement's top for at
 * least PAUSE_MIN_S. Past the 0.2 s smoothing window by more than the mesh's
 * own wobble: the face width of a clean video (crf 1 renders) reverses for
 * a few frames in mid-glide, which reads as a 0.26-0.33 s slow run (at 0.25
 * s four good-form returns there were called jerky); a pause a person makes
 * lasts 0.5 s and more. */
#define PAUSE_MIN_S      0.35
/* A pause is put down to the video (a stall, then a catch-up step) only
 * when that step is more than the head could move in its one or two
 * frames in a glide of at least SUBMOVE_MIN_S (a stop-and-go's
 * sub-movements last 0.3 s and more): a quick sub-movement after a real
 * pause also steps a few millimetres a frame (jerky.mkv: 15 % of the
 * amplitude in one frame, 29 % in two; a 0.3 s min-jerk glide moves up to
 * 21 % and 40 % at 30 fps), a video catching up 0.3 s of movement steps
 * half the amplitude in one (trunk_sway.mkv). */
#define SUBMOVE_MIN_S    0.30
/* Pauses are judged only in a glide this many SDs of the velocity's noise
 * fast (the noise alone reaches 4 SD somewhere in a glide's 50 frames about
 * once in 2000; at 6 the crf-1 jerky.mkv, 30 mm/s against a 39.5 gate, was
 * never judged). */
#define PAUSE_TOP_SDS    4.0
#define MAX_FPS          120.0  /* the most frames a second analysed (ring sizing) */
/* A predicted frame whose face changed by less than this (mean grey levels
 * of 255, half resolution) since the frame before repeats its pixels: the
 * decoder copied them. On the fixtures a moving face changes by 0.1-1.3 a
 * frame, a copied one by 0-0.01; between, a few blocks updated, which can
 * be the movement (at 0.05 the demo clip's second rep started 0.33 s late,
 * its glide's first frames held; at 0.01 fixture timing 10.2 frames and
 * precision 0.82 against 11.0 and 0.75). */
#define TC_REPEAT_CHANGE 0.01
#define MIN_STEP_US      ((int64_t)(0.9e6 / MAX_FPS))  /* closer frames are skipped */
#define SHOULDER_WIDTH_MM 380.0 /* nominal biacromial breadth (side view) */
#define EAR_NOSE_MM      115.0  /* nominal tragus-to-nose-tip (side, no mesh) */
#define BODY_DEPTH_MM    60.0   /* front: the tracked chest, behind the face */
/* A lean back turns the upper body about the hips: the head, higher up,
 * goes back by this much more than the chest the tracker follows (its
 * centre, about 10 cm below the shoulder line). Measured on tuckgen's
 * two actors (head travel over chest travel in a pure lean): 1.2-1.35;
 * from adult anatomy (hips 40-45 cm below the chest centre, the ears
 * 20-25 cm above it): up to 1.55. With the tracker, depth is the head's
 * travel less this times the trunk's; another build leaves up to 0.2 x
 * the lean in it (said in docs/trunk.md). */
#define LEAN_HEAD_RATIO  1.35
#define SIDE_HIP_MM      500.0  /* shoulder to the hips a lean turns about (side) */

typedef struct feat {
    int    pose_ok, face_ok, hp_ok, sh_ok, ear_ok[2];
    int    sh_out;           /* the shoulders are beyond the frame's edge */
    double ear_x[2], ear_y[2], nose_x, nose_y;
    double sh_x, sh_y, sh_w;
    double face_w, face_h;
    double pitch, yaw, roll;
    int    tr_ok;            /* the trunk tracker measured this frame */
    uint32_t tr_key;         /* its key frame */
    double tr_scale, tr_shrug;  /* chest scale; shoulder tops' rise, key px (NAN: none) */
    double tr_x, tr_y;       /* the key frame's chest centre now, px */
    int    repeat;           /* a predicted frame that repeats the face's pixels */
    int    predicted;        /* decoded from frames before it (tc_obs.predicted) */
} feat;

typedef struct sample {
    int64_t t_us;
    int     valid;
    double  head;            /* raw head travel back, mm */
    double  act;             /* raw rep activity, mm (head travel or nod) */
    double  trunk;           /* filtered trunk travel back, mm (NAN: none) */
    double  shy;             /* filtered shoulder rise, share of width */
    double  pitch, yaw, roll;/* filtered change from neutral (NAN: none) */
    double  cva, hfwd;       /* side view: the frame's CVA (deg) and head-forward
                                distance (cm) proxies, raw (NAN: none) */
    int     repeat;          /* feat.repeat: the face's pixels are the frame before's */
    int     refresh;         /* a whole frame of a video that predicts frames: it
                                shows the face afresh (rep_timing.c) */
} sample;

typedef struct baseline {
    int    ear;              /* 0 left, 1 right: the ear facing the camera */
    int    facing;           /* +1 nose towards +x, -1 towards -x */
    double ear_x, ear_y, sh_x, sh_y, sh_w, face_w, face_h;
    double pitch, yaw, roll;
    int    hp_ok, sh_ok;
    int    profile;          /* side: the neutral was a profile (far ear hidden, observe.c) */
    int    tr_ok;            /* the trunk comes from the tracker (key tr_key) */
    uint32_t tr_key;
    double tr_scale, tr_shrug;  /* their neutral (tr_shrug NAN: none) */
    double tr_x, tr_y;       /* the chest centre's neutral, px (the side view's trunk) */
    double mm_per_px;        /* side */
    double z0;               /* front: camera-to-face distance, mm */
} baseline;

/* Scratch of the calibration (cal_cap each). */
typedef struct cal_scratch {
    double *median;          /* one feature's values, for its median */
    double *t;               /* time (s) of each entry of head */
    double *head;            /* head travel of the window's frames, mm */
    double *head_smooth;     /* head, centred 0.2 s average */
    double *trunk;           /* trunk travel of the window's frames, mm */
    double *shy;             /* shoulder rise of the same frames */
    size_t  n_head;          /* entries of t and head in use */
} cal_scratch;

/* One rep's valid samples, compacted from the ring (ring_cap each). */
typedef struct rep_window {
    size_t    n;             /* entries in use */
    double   *t;             /* time, s */
    double   *act;           /* raw rep activity, mm */
    double   *act_smooth;    /* act, centred average */
    double   *head;          /* raw head travel back, mm */
    double   *head_smooth;   /* head, centred average */
    double   *vel;           /* velocity of act_smooth, mm/s */
    double   *trunk, *shy, *pitch, *yaw, *roll;  /* the samples' filtered values */
    unsigned char *repeat;   /* the samples' repeat (rep_repeats.c) */
    unsigned char *refresh;  /* the samples' refresh */
    uint64_t *abs_index;     /* absolute sample index of each entry */
    double   *scratch;       /* for quantiles and the speed profile */
    double    frame_dt;      /* the shortest step: the frame interval, s */
    double    hw;            /* half-width of the centred window in use, s */
    double    sustain;       /* crossing hold time in use, s */
    double    step_jitter;   /* median frame-to-frame step of act, mm */
} rep_window;

/* Where a rep's movements are: the peak, the retract's and return's
 * halves, and the plateau levels between them (of act_smooth). */
typedef struct rep_shape {
    size_t ipk;              /* the peak sample */
    size_t ir;               /* first sample of the retract's upper half */
    size_t id;               /* first sample of the return's lower half */
    int    returned;         /* the signal came back below mid1 */
    double lvl0, lvl1, lvl2; /* neutral before, held, neutral after */
    double mid1;             /* half-way between lvl0 and the peak */
    double amp, ramp;        /* retract and return amplitudes (> 0) */
} rep_shape;

/* A rep's phase boundaries, in time and as window entries. */
typedef struct rep_bounds {
    double sd_s, sd_v;       /* smoothed jitter of position and velocity */
    double t_on, t_hs, t_rs, t_en;  /* start, hold start, return start, end */
    size_t on, hs, rs, en;   /* the first entries at or after those times */
    int    subs, subs_ret;   /* sub-movements of the retract and the return */
    double sd_retract, sd_return;  /* uncertainty of the two durations, s */
    double hidden_retract, hidden_return;  /* how much longer each may have
                                     lasted, unseen in a stalled video, s */
} rep_bounds;

/* What the rep measure finds beyond the rep's own record. */
typedef struct rep_extra {
    double max_gap;          /* longest step without tracking inside it, s */
    double forward_mm;       /* farthest the head came forward of its start */
    double trunk_back_mm;    /* side view: farthest the trunk went back (NAN: front) */
    double turn_mm;          /* front: the head travel its turn alone reads as (NAN: none) */
    double pitch_hold_deg;   /* pitch over the hold against the neutral (NAN: none) */
    double yaw_hold_deg;     /* yaw over the hold against the neutral (NAN: none) */
} rep_extra;

struct tc_scorer {
    tc_profile  p;
    int         width, height;
    double      f_px;
    tc_session  sess;
    baseline    b;

    /* calibration window */
    feat       *cal;
    int64_t    *cal_t;
    size_t      cal_cap, cal_n;
    cal_scratch cs;

    /* online state */
    tc_one_euro f_head, f_trunk, f_shy, f_pitch, f_yaw, f_roll;
    tc_one_euro f_side_trunk;  /* side view: the trunk the head travel is taken against */
    double      side_tr[3];    /* side view: the tracker's last trunk values (metrics.c) */
    size_t      side_tr_n;
    uint32_t    rekey;         /* side view: a key frame the tracker took after the neutral's */
    double      rekey_x, rekey_at;  /* its chest centre's x, and the trunk's travel then */
    tc_phase    phase;
    double      range, on, off;
    double      head_f, act_f, prev_act, vel;
    int         had_act;
    int64_t     last_t, last_valid_t, first_t;
    int64_t     last_seen_t;   /* the last frame with the person in view for the
                                  session's view (scored or not: metrics.c) */
    int         have_t, have_valid;
    int         predicting;  /* a predicted frame was seen: whole ones are refreshes */
    double      peak, still_time, hold_elapsed, settle_time;
    double      rest;           /* level the last return came to rest at */
    double      wander_mean, wander_var;  /* the neutral's activity (EMA) */
    double      jitter_var;     /* its part from jitter: the filtered noise at rest */
    double      rep_wander_thr; /* the wander part (WANDER_SDS x the SD) of the
                                   threshold in force when the rep began */
    int         in_rep, pending;
    uint64_t    rep_first;   /* absolute sample index of the rep window */
    uint64_t    last_end;    /* first sample after the previous rep */

    /* sample ring (absolute index i lives at i % ring_cap) */
    sample     *ring;
    size_t      ring_cap;
    uint64_t    nsamples;

    rep_window  win;         /* the per-rep analysis */

    tc_metrics  last_m;      /* the last analysed frame's, for skipped ones */

    tc_rep     *reps;
    size_t      nreps, reps_cap;
    int         full_reps;
};

static inline double tc_scorer__sq(double x) { return x * x; }

/* Seconds since the session's first frame. */
static inline double tc_scorer__tsec(const tc_scorer *s, int64_t t_us)
{
    return (double)(t_us - s->first_t) / 1e6;
}

/* The ring's sample of absolute index i. */
static inline sample *tc_scorer__at(const tc_scorer *s, uint64_t i)
{
    return &s->ring[i % s->ring_cap];
}

/* scorer_names.c */
double tc_scorer__fault_penalty(tc_fault f);

/* signal.c */
double tc_scorer__quantile(double *v, size_t n, double q);
double tc_scorer__sd(const double *x, size_t m);
void tc_scorer__smooth_centred(const double *t, const double *x, double *out, size_t n,
                               double hw);
void tc_scorer__velocity(const double *t, const double *x, double *v, size_t n, double hw);
double tc_scorer__cross_time(const double *t, const double *x, size_t n, size_t i0, int dir,
                             double level, double sustain);
double tc_scorer__cross_near(const double *t, const double *x, size_t n, size_t i0,
                             int rising, double level, double sustain);
size_t tc_scorer__index_at(const double *t, size_t n, double tt);

/* Side view: the share of the shoulder's travel that a lean about the hips
 * (SIDE_HIP_MM below the shoulder) gives the tracker's chest centre, from
 * how far below the shoulder it sits at neutral b; NAN when that is no
 * trunk's centre (over 0.6 SIDE_HIP_MM below the shoulder or 0.3 above). */
double tc_scorer__side_centre_share(const baseline *b);

/* Side view: the trunk's travel back at the shoulder, mm, from the
 * tracker's chest centre at x px against x0 px (on one key frame), over
 * tc_scorer__side_centre_share. */
double tc_scorer__side_centre_travel(const baseline *b, double x, double x0);

/* features.c */
void tc_scorer__features(const tc_obs *o, int width, int height, feat *f);
int tc_scorer__view_vote(const feat *f);
int tc_scorer__feat_valid(const tc_scorer *s, const feat *f, tc_view view);
void tc_scorer__travel(const baseline *b, tc_view view, const feat *f,
                       double *head, double *trunk, double *shy);
int tc_scorer__form_ok(const tc_profile *p, double pitch, double yaw, double roll, double shy);

/* calibration.c */
void tc_scorer__reset_filters(tc_scorer *s);
void tc_scorer__set_thresholds(tc_scorer *s);
void tc_scorer__calib_frame(tc_scorer *s, int64_t t_us, const feat *f, double dt);

/* metrics.c */
void tc_scorer__sample(tc_scorer *s, int64_t t_us, const feat *f, double dt,
                       sample *sm, tc_metrics *m);
void tc_scorer__frame_metrics(const tc_scorer *s, const sample *sm, tc_metrics *m);

/* state_machine.c */
void tc_scorer__step(tc_scorer *s, const sample *sm, double dt);
void tc_scorer__close_rep(tc_scorer *s, int partial);

/* rep_analysis.c */
uint64_t tc_scorer__finalize_rep(tc_scorer *s, uint64_t first, uint64_t last, int partial);

/* rep_repeats.c */
/* A video's repeated faces in the window: a predicted frame whose face's
 * pixels are the frame before's takes that frame's raw head travel and
 * activity, not the models' drift on a still image (docs/timing.md). */
void tc_scorer__hold_repeats(rep_window *w);

/* rep_timing.c */
int tc_scorer__rep_shape(rep_window *w, double on, rep_shape *out);
void tc_scorer__rep_bounds(const rep_window *w, const rep_shape *sh, double noise_mm,
                           int jerky_submovements, rep_bounds *out);
void tc_scorer__rep_times(const tc_scorer *s, const rep_shape *sh, const rep_bounds *b,
                          tc_rep *r);

/* rep_measure.c */
void tc_scorer__rep_measure(tc_scorer *s, const rep_shape *sh, const rep_bounds *b,
                            tc_rep *r, rep_extra *x);

/* rep_grammar.c */
tc_movement tc_scorer__rep_grammar(const tc_scorer *s, const rep_shape *sh,
                                   const rep_bounds *b, const tc_rep *r, const rep_extra *x);

/* depth.c */
void tc_scorer__depth_init(tc_scorer *s);
/* Front view: the session's camera model and scale interval; returns the
 * camera-to-face distance (mm, the plane of the width) of a neutral face
 * face_w px wide. */
double tc_scorer__front_camera(tc_scorer *s, double face_w);
/* Side view: no camera model; the interval from the face-size scale's. */
void tc_scorer__side_camera(tc_scorer *s);
/* Rep r's share of the range, the range and its mm interval. */
void tc_scorer__depth_share(const tc_scorer *s, tc_rep *r);
/* Is rep r shallow (share or mm, each at the top of its uncertainty)?
 * *weight: the penalty's weight, 0.3..1. */
int tc_scorer__shallow(const tc_scorer *s, const tc_rep *r, double *weight);

/* faults.c */
void tc_scorer__judge(const tc_scorer *s, const rep_bounds *b, double max_gap, int partial,
                      tc_rep *r);

/* state_machine.c */
double tc_scorer__threshold(const tc_scorer *s);

#endif /* TC_CORE_SCORER_IMPL_H */
