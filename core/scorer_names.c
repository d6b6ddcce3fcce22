/* core/scorer_names.c — the scorer's tables of names: phase names, fault
 * identifiers, the cue of each fault and its score penalty, and the names
 * of the observation's points (core/obs.h). */
#include "core/scorer_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *tc_phase_name(tc_phase p)
{
    switch (p) {
    case TC_PHASE_NEUTRAL: return "neutral";
    case TC_PHASE_RETRACT: return "retract";
    case TC_PHASE_HOLD:    return "hold";
    case TC_PHASE_RETURN:  return "return";
    default:               return "calibrating";
    }
}

static const char *const fault_names[TC_FAULT_COUNT] = {
    "nodding", "too_fast", "short_hold", "shallow", "shoulder_shrug",
    "trunk_lean", "rotation", "jerky", "lost_tracking",
};

static const char *const fault_cues[TC_FAULT_COUNT] = {
    "Glide your head straight back and keep your gaze level, no need to nod.",
    "Take it slower: about a second to glide back, and a second to return.",
    "If it stays comfortable, rest in the tucked position a little longer.",
    "Glide back as far as feels comfortable; a small, easy movement is fine.",
    "Let your shoulders stay low and relaxed.",
    "Keep your body still and let only your head glide back.",
    "Keep your face pointing straight ahead.",
    "Move smoothly and steadily, in one easy glide.",
    "Stay in view of the camera so each rep can be measured.",
};

/* Score penalty of each fault, and why: nodding and trunk lean mean the
 * exercise was not done (a different movement); tempo, hold, depth and
 * shoulders are the "precision" criteria; rotation and jerkiness are form
 * details; lost tracking makes the rep uncertain, not bad. */
static const double fault_penalty[TC_FAULT_COUNT] = {
    30, 15, 15, 15, 15, 30, 10, 10, 10,
};

/* Penalty of fault f at full weight (f must be valid). */
double tc_scorer__fault_penalty(tc_fault f)
{
    return fault_penalty[f];
}

const char *tc_fault_name(tc_fault f)
{
    return (unsigned)f < TC_FAULT_COUNT ? fault_names[f] : "unknown";
}

int tc_fault_from_name(const char *name)
{
    for (int i = 0; i < TC_FAULT_COUNT; i++)
        if (name && !strcmp(name, fault_names[i]))
            return i;
    return -1;
}

const char *tc_fault_cue(tc_fault f)
{
    return (unsigned)f < TC_FAULT_COUNT ? fault_cues[f] : "";
}

/* A duration as the tempo cue says it: "a second", "1.5 seconds". */
static void seconds_text(char *out, size_t cap, double s)
{
    if (fabs(s - 1.0) < 0.05)
        snprintf(out, cap, "a second");
    else
        snprintf(out, cap, "%.2g seconds", s);
}

const char *tc_fault_cue_for(const tc_profile *p, tc_fault f, char *out, size_t cap)
{
    char a[32], b[32];
    if (!cap)
        return out;
    if (f != TC_FAULT_TOO_FAST || !p || (p->min_retract_s <= 0 && p->min_return_s <= 0)) {
        snprintf(out, cap, "%s", tc_fault_cue(f));
        return out;
    }
    seconds_text(a, sizeof a, p->min_retract_s);
    seconds_text(b, sizeof b, p->min_return_s);
    if (p->min_return_s <= 0)
        snprintf(out, cap, "Take it slower: about %s to glide back.", a);
    else if (p->min_retract_s <= 0)
        snprintf(out, cap, "Take it slower: about %s to return.", b);
    else
        snprintf(out, cap, "Take it slower: about %s to glide back, and %s to return.", a, b);
    return out;
}

const char *tc_obs_point_name(int id)
{
    static const char *const n[TC_OBS_POINTS] = {
        "nose", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
    };
    return id >= 0 && id < TC_OBS_POINTS ? n[id] : "unknown";
}

static const char *const movement_names[TC_MOVE_COUNT] = {
    "tuck", "small", "brief", "turn", "look_down", "look_up", "forward", "body", "shift",
    "irregular",
};

/* Singular and plural phrases, for "movement seen, but no chin tucks". */
static const char *const movement_phrases[TC_MOVE_COUNT][2] = {
    { "chin tuck", "chin tucks" },
    { "small movement", "small movements" },
    { "movement back not held", "movements back not held" },
    { "head turn or tilt", "head turns or tilts" },
    { "look down", "looks down" },
    { "look up or head back", "looks up or heads back" },
    { "lean in (head forward)", "leans in (head forward)" },
    { "whole-body move", "whole-body moves" },
    { "change of posture", "changes of posture" },
    { "irregular movement", "irregular movements" },
};

const char *tc_movement_name(tc_movement m)
{
    return (unsigned)m < TC_MOVE_COUNT ? movement_names[m] : "unknown";
}

const char *tc_movement_phrase(tc_movement m, int plural)
{
    return (unsigned)m < TC_MOVE_COUNT ? movement_phrases[m][plural != 0] : "movement";
}

size_t tc_session_movements_text(const tc_session *ses, char *out, size_t cap)
{
    size_t len = 0;
    if (cap)
        out[0] = '\0';
    for (int m = TC_MOVE_TUCK + 1; m < TC_MOVE_COUNT && len + 1 < cap; m++) {
        int k = ses->movements[m];
        if (k <= 0)
            continue;
        int w = snprintf(out + len, cap - len, "%s%d %s", len ? ", " : "", k,
                         tc_movement_phrase((tc_movement)m, k != 1));
        if (w < 0)
            break;
        len = len + (size_t)w < cap ? len + (size_t)w : cap - 1;
    }
    return len;
}
