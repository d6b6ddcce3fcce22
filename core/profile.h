/* core/profile.h — the exercise profile: what a therapist prescribes (reps,
 * hold, tempo) and how strictly form is judged (tolerances). A plain value
 * with defaults (see README, "Exercise profile", for the clinical source of
 * each); keys are set one at a time by name, so any file reader (the INI
 * reader in formats/) can fill it, and every value is range-checked here. */
#ifndef TC_CORE_PROFILE_H
#define TC_CORE_PROFILE_H

#include <stddef.h>
#include "core/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Camera view of the person. AUTO decides from the first still seconds
 * and keeps the answer for the session. */
typedef enum tc_view {
    TC_VIEW_AUTO = 0,
    TC_VIEW_SIDE = 1,
    TC_VIEW_FRONT = 2
} tc_view;

/** Stable lower-case name of a view ("auto", "side", "front"). */
const char *tc_view_name(tc_view v);

typedef struct tc_profile {
    /* [exercise] */
    int    reps;              /* prescribed repetitions in a set */
    double hold_s;            /* hold at the tucked position, seconds */
    double hold_tolerance_s;  /* a hold this much short is still fine */
    double min_retract_s;     /* slowest-allowed: retract at least this long */
    double min_return_s;      /* return at least this long */
    tc_view view;
    /* [calibration] */
    double still_s;           /* stillness that sets the neutral posture */
    double still_mm;          /* "still": head within this many mm */
    double range_mm;          /* the person's comfortable depth; 0 = learn it */
    double expected_depth_mm; /* starting guess of the range before any rep */
    /* [tolerances] */
    double min_depth_mm;      /* below this a rep is shallow whatever the range */
    double shallow_fraction;  /* depth under this share of the range: shallow */
    double nodding_deg;       /* chin-down pitch change allowed in a tuck */
    double rotation_deg;      /* yaw or roll drift allowed */
    double shrug_fraction;    /* shoulder rise, share of shoulder width */
    double lean_mm;           /* trunk travel allowed */
    int    jerky_submovements;/* this many speed peaks in one movement: jerky */
    double max_gap_s;         /* tracking gap tolerated inside a rep */
    /* [camera] */
    double hfov_deg;          /* horizontal field of view; 0 = not stated
                                 (TC_ASSUMED_HFOV_DEG assumed) */
    double distance_cm;       /* eyes to camera at calibration; 0 = not stated */
    double ipd_mm;            /* the person's interpupillary distance */
} tc_profile;

/** How the front view knows its camera, which sets how far millimetres
 * can be trusted (docs/depth.md): a stated distance fixes the scale
 * without the field of view or the face's width; a stated field of view
 * leaves the face's width; nothing stated assumes TC_ASSUMED_HFOV_DEG of
 * a typical webcam (TC_HFOV_TYPICAL_LO..HI). UNUSED: the side view, whose
 * scale comes from the face's size alone. */
typedef enum tc_camera_model {
    TC_CAMERA_ASSUMED = 0,
    TC_CAMERA_HFOV = 1,
    TC_CAMERA_DISTANCE = 2,
    TC_CAMERA_UNUSED = 3
} tc_camera_model;

#define TC_ASSUMED_HFOV_DEG 60.0
#define TC_HFOV_TYPICAL_LO  55.0   /* webcams' horizontal fields of view */
#define TC_HFOV_TYPICAL_HI  90.0

/** Stable name ("assumed", "hfov", "distance", "unused"). */
const char *tc_camera_model_name(tc_camera_model m);

/** The camera model the profile states: DISTANCE when distance_cm is set,
 * else HFOV when hfov_deg is, else ASSUMED. */
tc_camera_model tc_profile_camera(const tc_profile *p);

/** The horizontal field of view to use, degrees: the stated one, or
 * TC_ASSUMED_HFOV_DEG. */
double tc_profile_hfov(const tc_profile *p);

/** The defaults (README, "Exercise profile"). */
void tc_profile_defaults(tc_profile *out);

/** Set one key. `section` and `key` as in the profile file; `value` is text.
 * Returns TC_EINVAL for an unknown section or key, TC_EFORMAT for a value
 * that is not a number / view name, TC_ERANGE for one outside its range;
 * `err` then says which and what is allowed. */
TC_NODISCARD int tc_profile_set(tc_profile *p, const char *section,
                                const char *key, const char *value,
                                char *err, size_t errcap);

/** Check the profile as a whole (e.g. hold tolerance below the hold).
 * TC_ERANGE with the reason in `err`. */
TC_NODISCARD int tc_profile_validate(const tc_profile *p, char *err, size_t errcap);

/** Visit every key with its current value as text: for writing the profile
 * into reports and for `--help` listings. */
typedef void (*tc_profile_visit_fn)(void *user, const char *section,
                                    const char *key, const char *value,
                                    const char *help);
void tc_profile_visit(const tc_profile *p, tc_profile_visit_fn fn, void *user);

#ifdef __cplusplus
}
#endif
#endif /* TC_CORE_PROFILE_H */
