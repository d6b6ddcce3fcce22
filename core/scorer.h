/* core/scorer.h — from observations to chin-tuck reps: per-frame metrics
 * (head-forward distance, CVA, retraction, pitch/yaw/roll change, shoulder
 * elevation, trunk travel), neutral calibration, filtering, the rep state
 * machine NEUTRAL -> RETRACT -> HOLD -> RETURN -> NEUTRAL, and per-rep
 * scores, faults and cues. Pure C; feed it frames in time order.
 *
 *   tc_scorer *s;
 *   tc_scorer_config cfg = TC_SCORER_CONFIG_INIT;
 *   cfg.profile = &profile; cfg.width = 640; cfg.height = 480;
 *   if (tc_scorer_create(&s, &cfg) < 0) ...
 *   for each frame: tc_scorer_push(s, &obs, &metrics);
 *   tc_scorer_finish(s);              // closes a rep cut off by the end
 *   n = tc_scorer_reps(s, &reps);     // borrowed, valid until destroy
 *   tc_scorer_destroy(s);
 *
 * Definitions (README, "Measurements"): retraction is head travel back
 * from the neutral posture in mm; depth is that travel relative to the
 * trunk (shoulders), so leaning back is not a tuck. Side view measures it
 * from the ear (tragus proxy) along the facing direction; front view from
 * the change of face-mesh width (pinhole model: the camera's distance or
 * field of view as the profile states them, else a 60-degree one assumed;
 * the session says which and the interval the true mm lie in, and each
 * rep's depth is also its share of the person's range: docs/depth.md).
 * Thresholds scale with the person's range, never pixels. */
#ifndef TC_CORE_SCORER_H
#define TC_CORE_SCORER_H

#include <stddef.h>
#include <stdint.h>
#include "core/obs.h"
#include "core/profile.h"
#include "core/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tc_phase {
    TC_PHASE_CALIBRATING = 0,  /* waiting for still seconds to set neutral */
    TC_PHASE_NEUTRAL = 1,
    TC_PHASE_RETRACT = 2,
    TC_PHASE_HOLD = 3,
    TC_PHASE_RETURN = 4
} tc_phase;

/** Stable name ("calibrating", "neutral", "retract", "hold", "return"). */
const char *tc_phase_name(tc_phase p);

typedef enum tc_fault {
    TC_FAULT_NODDING = 0,
    TC_FAULT_TOO_FAST,
    TC_FAULT_SHORT_HOLD,
    TC_FAULT_SHALLOW,
    TC_FAULT_SHOULDER_SHRUG,
    TC_FAULT_TRUNK_LEAN,
    TC_FAULT_ROTATION,
    TC_FAULT_JERKY,
    TC_FAULT_LOST_TRACKING,
    TC_FAULT_COUNT
} tc_fault;

/** What a movement that crossed the rep threshold turned out to be: a
 * chin tuck (a rep), or one of the ordinary movements that are not reps.
 * The rep grammar (core/rep_grammar.c) decides, per candidate. */
typedef enum tc_movement {
    TC_MOVE_TUCK = 0,   /* a rep: from a settled neutral, back, held, returned */
    TC_MOVE_SMALL,      /* under the session's noise-derived threshold */
    TC_MOVE_BRIEF,      /* not held in the back position */
    TC_MOVE_TURN,       /* the head turned or tilted sideways */
    TC_MOVE_LOOK_DOWN,  /* the head pitched far down (a phone, the desk) */
    TC_MOVE_LOOK_UP,    /* the head tipped back (drinking, looking up) */
    TC_MOVE_FORWARD,    /* the head came forward (leaning in) */
    TC_MOVE_BODY,       /* beyond any chin tuck's reach: the whole body moved */
    TC_MOVE_SHIFT,      /* moved back and stayed: a change of posture */
    TC_MOVE_IRREGULAR,  /* no rep's shape: its movements out of order */
    TC_MOVE_COUNT
} tc_movement;

/** Stable identifier ("tuck", "small", "brief", "turn", "look_down",
 * "look_up", "forward", "body", "shift", "irregular"). */
const char *tc_movement_name(tc_movement m);

/** A phrase for people, singular or plural: "head turn" / "head turns". */
const char *tc_movement_phrase(tc_movement m, int plural);

/** The farthest a chin tuck can take the head back, mm: a head or a depth
 * beyond it is the whole body moving (TC_MOVE_BODY), never a rep. Chin
 * tuck retraction is some 10-40 mm; this leaves twice the most. */
#define TC_MAX_TUCK_MM 80.0

/** Stable identifier of a fault ("nodding", "too_fast", ...). */
const char *tc_fault_name(tc_fault f);
/** Parse a fault identifier; -1 if unknown. */
int tc_fault_from_name(const char *name);
/** One short, gentle cue for a fault (never "push further"), as it reads
 * under the default profile. */
const char *tc_fault_cue(tc_fault f);
/** The cue for fault f under profile p (NULL: the default profile's) into
 * out[cap]: tc_fault_cue's, but the tempo cue names the profile's own
 * min_retract_s and min_return_s ("about 2 seconds to glide back"), not
 * the default's second each. Returns out ("" for an unknown fault). */
const char *tc_fault_cue_for(const tc_profile *p, tc_fault f, char *out, size_t cap);

/** Per-frame result. NAN marks a value this view or frame cannot give. */
typedef struct tc_metrics {
    int      valid;             /* the frame had what the view needs */
    tc_view  view;              /* AUTO until calibration decides */
    tc_phase phase;
    int      reps;              /* complete reps so far */
    double   retraction_mm;     /* filtered head travel back from neutral */
    double   retraction_raw_mm; /* unfiltered */
    double   trunk_mm;          /* shoulders' travel back from neutral (slow filter) */
    double   head_forward_cm;   /* side: ear ahead of shoulder */
    double   head_forward_norm; /* side: the same over face height */
    double   cva_deg;           /* side: craniovertebral angle (proxies) */
    double   pitch_deg, yaw_deg, roll_deg;  /* change from neutral */
    double   shoulder_elevation;  /* rise of the shoulder line, share of width */
    double   gauge;             /* retraction / the person's range (0..~1) */
    double   hold_elapsed_s;    /* good-form hold so far in this rep */
} tc_metrics;

/** What a rep's share of the range was taken against: the starting guess
 * (the profile's expected_depth_mm, before any rep taught the person's
 * range), the profile's range_mm, or the range learned from the person's
 * own well-formed reps (the first sets it, each next one moves it half
 * way; docs/depth.md). Only the last is free of the camera's scale. */
typedef enum tc_range_source {
    TC_RANGE_DEFAULT = 0,
    TC_RANGE_PROFILE = 1,
    TC_RANGE_REPS = 2
} tc_range_source;

/** Stable name ("default", "profile", "reps"). */
const char *tc_range_source_name(tc_range_source r);

typedef struct tc_rep {
    int      index;             /* 1-based */
    int      partial;           /* cut off by lost tracking or the end */
    double   start_s, hold_start_s, return_start_s, end_s, peak_s;
    double   retract_s, hold_s, hold_good_s, return_s;
    double   depth_mm;          /* head travel relative to the trunk */
    double   head_travel_mm;    /* head travel alone */
    double   depth_fraction;    /* depth's share of the person's range (the
                                   primary depth measure; judges `shallow`) */
    double   depth_lo_mm, depth_hi_mm; /* where the true depth lies given the
                                   camera's scale uncertainty (tc_session) */
    double   range_mm;          /* the range the share was taken against */
    tc_range_source range_source;  /* and what it was */
    double   pitch_change_deg;  /* largest chin-down change (negative: up) */
    double   yaw_drift_deg, roll_drift_deg;
    double   shoulder_elevation;/* largest rise, share of shoulder width (NAN: not tracked) */
    double   trunk_mm;          /* largest trunk travel back (NAN: not tracked) */
    double   sparc;             /* smoothness: spectral arc length (< 0; nearer 0 smoother) */
    int      submovements;      /* speed peaks in the less smooth movement (1 = smooth) */
    double   lost_s;            /* time without tracking inside the rep */
    double   timing_sd_s;       /* measurement uncertainty of the phase durations */
    /* how much longer a movement may have lasted unseen: the video's
     * picture stood still, then caught up (heavy compression), s; 0 when
     * it never did (the too_fast and short_hold judgements allow for it;
     * the report's timing_hidden_s is the larger of the two) */
    double   hidden_retract_s;  /* the retract's (one that ran unseen may have
                                   reached the hold that much sooner:
                                   short_hold allows for it) */
    double   hidden_return_s;   /* the return's */
    double   score;             /* 0..100; NAN for a partial rep */
    unsigned faults;            /* bit (1u << tc_fault) */
    int      worst;             /* tc_fault with the largest penalty, -1 none */
    /* side view (NAN in the front view), landmark proxies (ear for the
     * tragus, pose shoulder for the acromion): medians over the hold */
    double   head_forward_cm;   /* ear ahead of the shoulder */
    double   cva_deg;           /* craniovertebral angle */
    double   cva_change_deg;    /* against the half second before the rep */
} tc_rep;

/** tc_session.trunk_source when the trunk tracker (vision/trunk.h) gave it. */
#define TC_TRUNK_SOURCE_TRACKER "trunk tracker"

typedef struct tc_session {
    tc_view  view;
    int      calibrated;
    double   calibrated_at_s;
    int      calibrations;      /* 1 + recalibrations after long gaps */
    double   resting_head_forward_cm;  /* side, at neutral; NAN otherwise */
    double   resting_cva_deg;          /* side, at neutral; NAN otherwise */
    double   range_mm;          /* the person's range in use now */
    double   noise_mm;          /* retraction noise at rest (SD) */
    double   trunk_noise_mm;    /* trunk position noise at rest (SD, mm) */
    double   shoulder_noise;    /* shoulder height noise at rest (SD, share of width) */
    const char *trunk_source;   /* what the trunk came from: "trunk tracker"
                                   (optical flow on the chest) or "pose shoulders" */
    int      trunk_tracked;     /* trunk steady enough to judge trunk_lean */
    int      shoulders_tracked; /* shoulders steady enough to judge a shrug */
    int      shoulders_in_frame; /* 0: the shoulders were beyond the frame's edge
                                   at calibration (a face-only framing): lean
                                   and shrug not judged */
    const char *scale_source;   /* how pixels became mm */
    double   scale_uncertainty_pct;
    tc_camera_model camera;     /* front view: how the camera was known */
    double   camera_hfov_deg;   /* field of view used (stated or assumed); NAN: none */
    double   camera_distance_cm;/* stated distance used; NAN: none */
    double   depth_scale_lo, depth_scale_hi; /* true mm / reported mm lies in this
                                   interval (the camera's and the face's spread) */
    tc_range_source range_source;  /* what range_mm is now */
    int      range_reps;        /* well-formed reps that taught it */
    int64_t  frames, frames_valid;
    double   duration_s, lost_s;
    double   rep_threshold_mm;  /* a movement must reach this to be a rep: the
                                   larger of the calibrated threshold and 5 SD
                                   of the neutral's wander (talking, sway) */
    double   wander_mm;         /* that wander beyond the jitter (SD, mm) */
    int      movements[TC_MOVE_COUNT];  /* candidates by what they were;
                                   [TC_MOVE_TUCK] counts the reps kept */
} tc_session;

/** The session's movements that were not reps, for people: "3 head turns
 * or tilts, 1 look down" (kinds with a count, in the enum's order), or ""
 * when there were none. Returns the length written (cut to `cap`). */
size_t tc_session_movements_text(const tc_session *ses, char *out, size_t cap);

typedef struct tc_scorer tc_scorer;

typedef struct tc_scorer_config {
    const tc_profile *profile;  /* NULL: defaults; copied at create */
    int width, height;          /* frame size in pixels */
} tc_scorer_config;

#define TC_SCORER_CONFIG_INIT { NULL, 0, 0 }

/** Create a scorer. TC_EINVAL for a bad size or an invalid profile. */
TC_NODISCARD int tc_scorer_create(tc_scorer **out, const tc_scorer_config *cfg);

/** Feed one frame (timestamps must increase; an older one is ignored and
 * TC_EINVAL returned). `out` (may be NULL) gets the frame's metrics. A
 * frame under 7.5 ms after the last one analysed (above 120 fps) is
 * counted but not analysed, and gets that one's metrics: a 240 fps clip
 * scores as its 120 fps copy. Allocates nothing. */
int tc_scorer_push(tc_scorer *s, const tc_obs *obs, tc_metrics *out);

/** Set the neutral posture again from the next still seconds (the
 * "calibrate" key of the live view). A rep under way is closed as partial. */
void tc_scorer_recalibrate(tc_scorer *s);

/** End of the set: a rep under way is closed (partial if cut short). */
void tc_scorer_finish(tc_scorer *s);

/** The reps so far, complete and partial, in order (borrowed). */
size_t tc_scorer_reps(const tc_scorer *s, const tc_rep **out);

/** Session facts: view, calibration, scale, totals. */
const tc_session *tc_scorer_session(const tc_scorer *s);

/** The profile in use. */
const tc_profile *tc_scorer_profile(const tc_scorer *s);

void tc_scorer_destroy(tc_scorer *s);

/** Check the invariants every rep the scorer gives must hold; 0, or -1
 * with the first one broken in `why` (may be NULL). For every rep: all
 * numbers finite but score (NAN when partial); start < hold start <=
 * return start <= end (< end when complete); retract > 0; hold >= 0;
 * return > 0 (>= 0 partial); the durations are the differences of the
 * times; 0 <= good-form hold <= hold; 0 <= depth <= TC_MAX_TUCK_MM and
 * head travel <= TC_MAX_TUCK_MM; lost time >= 0; sub-movements >= 1;
 * score 0..100; faults and the worst one among the known ones. A rep that
 * breaks one is a bug in the scorer. */
int tc_rep_check(const tc_rep *r, char *why, size_t cap);

/** Spectral arc length (Balasubramanian et al. 2015) of a speed profile
 * sampled at `fs` Hz: 0 > value; a single smooth bell is about -1.6, more
 * submovements give more negative values. Exposed for tests. */
double tc_sparc(const double *speed, size_t n, double fs);

#ifdef __cplusplus
}
#endif
#endif /* TC_CORE_SCORER_H */
