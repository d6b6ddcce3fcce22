/* formats/fixture.h — the two files of a ground-truth fixture: the motion
 * script a person writes (what the head, shoulders and trunk do, and when)
 * and the truth file the fixture generator writes beside the video it
 * renders (the true value of every channel at every frame, and every rep's
 * phase times and injected faults). `tools/tuckgen` turns a script into a
 * video and a truth file; `tuckcam eval` scores the video and compares.
 *
 * Motion script (text, one statement a line, '#' starts a comment):
 *
 *     tuckgen-motion 1
 *     photo skimage_astronaut      # photo and landmarks, by name
 *     view front                   # front | side
 *     fps 30
 *     duration 14                  # seconds
 *     seed 7                       # sensor noise
 *     rep 2.0 retract=1.5 hold=5 return=1.5 depth=20
 *     rep 9.0 retract=0.4 hold=5 return=1.5 depth=20 faults=too_fast
 *     key 3.0 shift=0              # a keyframe of one or more channels
 *     key 4.0 shift=0.8
 *     hand_at mouth                # chin | mouth (with a cup) | cheek: where `hand` goes
 *     camera tilt=10 roll=5        # the camera turned about its optical centre:
 *                                  # tilt down (+) / up (-), roll clockwise (+) seen
 *                                  # from behind it; degrees, each -30..30, default 0
 *     key 5.0 hand=0 rise=0        # hand: 0 below the frame .. 1 at its place
 *     key 6.0 hand=1 rise=0.9      # rise: the person up out of the frame (standing)
 *
 * A rep adds a pulse to each channel it names (0 -> value over `retract`
 * seconds, minimum-jerk; held for `hold`; back over `return`); keyframes
 * give each channel a track of its own (minimum-jerk between keys); the
 * value of a channel is the track plus every rep's pulse. All of it is
 * parsed as hostile input: a bad line is an error naming line and problem. */
#ifndef TC_FORMATS_FIXTURE_H
#define TC_FORMATS_FIXTURE_H

#include <stddef.h>
#include <stdint.h>
#include "core/profile.h"
#include "core/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TC_MOTION_VERSION 1
#define TC_TRUTH_VERSION  1

/** What a script moves. Units: mm, degrees, (shift) frame widths, (rise)
 * frame heights, (hand) 0..1 of the way. A truth file has a column for
 * hand and rise only when they move; a reader takes a missing one as 0. */
typedef enum tc_channel {
    TC_CH_RETRACTION = 0, /* head back relative to the trunk, mm */
    TC_CH_PITCH,          /* chin down, degrees (negative: up) */
    TC_CH_YAW,            /* head turn, degrees */
    TC_CH_SHRUG,          /* shoulder elevation, mm */
    TC_CH_LEAN,           /* upper body back (head with it), mm at the shoulders */
    TC_CH_LIFT,           /* head up along the neck, mm */
    TC_CH_SHIFT,          /* whole person sideways, share of the frame width */
    TC_CH_HAND,           /* a hand comes to the face: 0 out of view .. 1 there (hand_at) */
    TC_CH_RISE,           /* whole person up (standing), share of the frame height */
    TC_CH_COUNT
} tc_channel;

/** Stable name of a channel as scripts and truth files spell it
 * ("retraction", "pitch", ...); NULL for an unknown one. */
const char *tc_channel_name(tc_channel c);

/** Where `hand` brings the hand: under the chin (a fist, thinking), at the
 * mouth holding a cup (drinking), on the cheek (resting the head). */
typedef enum tc_hand_at {
    TC_HAND_CHIN = 0,
    TC_HAND_MOUTH,
    TC_HAND_CHEEK
} tc_hand_at;

/** One scripted rep. The times are also its true phase boundaries. */
typedef struct tc_motion_rep {
    double   start_s, hold_start_s, return_start_s, end_s;
    double   amp[TC_CH_COUNT]; /* peak of each channel's pulse */
    int      pauses;           /* stop-and-go: pauses inside the retract glide */
    unsigned faults;           /* injected faults, bit (1u << tc_fault) */
    /* truth only (tuckgen, side view, a photo with hand marks): the CVA
     * change the rep makes, mid-hold against a quarter second before it,
     * degrees, tragus to C7 [0] and tragus to acromion [1], against the
     * true horizontal; NAN when not known (a script, an older truth file) */
    double   cva_change_deg[2];
} tc_motion_rep;

/** The scene of a script: what to render and how. */
typedef struct tc_motion_scene {
    char     photo[64];        /* photo name (no directory, no extension) */
    char     second[64];       /* a second, still person; "" for none */
    double   second_scale;     /* their size against the first person */
    double   second_x;         /* their centre, share of the frame width */
    tc_view  view;             /* TC_VIEW_FRONT or TC_VIEW_SIDE */
    int      width, height;    /* rendered frame (before `rotate`) */
    double   fps, duration_s;
    uint64_t seed;
    double   noise;            /* sensor noise SD, 8-bit levels at mid grey */
    double   gain;             /* exposure: 1 normal, < 1 dim */
    int      crf;              /* x264 quality of the video (0..51) */
    int      rotate;           /* 0/90/180/270: frames stored turned, as a phone does */
    double   hfov_deg;         /* camera's horizontal field of view */
    double   ipd_mm;           /* the person's interpupillary distance (sets the scale) */
    int      absent;           /* 1: render the backdrop only (nobody in view) */
    tc_hand_at hand_at;        /* where the hand goes (TC_CH_HAND) */
    double   cam_tilt_deg;     /* `camera tilt=`: turned down (> 0) about its x axis */
    double   cam_roll_deg;     /* `camera roll=`: turned clockwise (> 0, seen from
                                  behind it) about its optical axis */
} tc_motion_scene;

typedef struct tc_motion tc_motion;

/** Parse a script (`name` is used in messages). TC_EFORMAT, TC_EINVAL or
 * TC_ERANGE with "name:LINE: problem" in `err` on the first bad line;
 * TC_EUNSUPPORTED for a newer version. *out is NULL on error. */
TC_NODISCARD int tc_motion_parse(tc_motion **out, const char *text, size_t len,
                                 const char *name, char *err, size_t errcap);

/** The same from a file; TC_ENOENT / TC_EIO when it cannot be read. */
TC_NODISCARD int tc_motion_load(tc_motion **out, const char *path,
                                char *err, size_t errcap);

/** The scene (borrowed; valid until destroy). */
const tc_motion_scene *tc_motion_get_scene(const tc_motion *m);

/** The reps in time order (borrowed); returns their number. */
size_t tc_motion_reps(const tc_motion *m, const tc_motion_rep **out);

/** Every channel's value at time `t` seconds into `v`. */
void tc_motion_at(const tc_motion *m, double t, double v[TC_CH_COUNT]);

/** Free; NULL is a no-op. */
void tc_motion_destroy(tc_motion *m);

/* ---- truth file (JSON) ------------------------------------------------ */

/** One frame's truth. */
typedef struct tc_truth_frame {
    double t_s;
    double v[TC_CH_COUNT];
    int    in_view;            /* the whole face is inside the frame */
} tc_truth_frame;

/** A fixture's truth. Reader: frames and reps are malloc'd; tc_truth_free. */
typedef struct tc_truth {
    int             version;
    char            video[256];    /* file name beside the truth file */
    char            photo[64];
    tc_view         view;
    int             width, height; /* as a player shows them (after rotation) */
    double          fps;
    double          distance_mm;   /* camera to the eyes at neutral */
    double          hfov_deg;
    double          camera_tilt_deg, camera_roll_deg; /* the placement (0: level) */
    double          cva_rest_deg[2]; /* side view, at neutral, from the marks
                                        (C7, acromion) against the true
                                        horizontal; NAN when not known */
    size_t          n_frames, n_reps;
    tc_truth_frame *frames;
    tc_motion_rep  *reps;
} tc_truth;

/** Write `t` as JSON, atomically. */
TC_NODISCARD int tc_truth_write(const char *path, const tc_truth *t,
                                char *err, size_t errcap);

/** Parse a truth file held in memory into *out (zeroed first). A wrong
 * shape is TC_EFORMAT naming the key; a newer version TC_EUNSUPPORTED. */
TC_NODISCARD int tc_truth_parse(tc_truth *out, const char *buf, size_t len,
                                char *err, size_t errcap);

/** The same from a file. */
TC_NODISCARD int tc_truth_load(tc_truth *out, const char *path,
                               char *err, size_t errcap);

/** Free what a reader allocated; the struct is zeroed. */
void tc_truth_free(tc_truth *t);

#ifdef __cplusplus
}
#endif
#endif /* TC_FORMATS_FIXTURE_H */
