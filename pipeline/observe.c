/* pipeline/observe.c — from vision's landmarks to the scorer's
 * observation: the five pose points in pixels, the face mesh's size in
 * 3-D pixels, the head pose; in a profile the near side and the pitch
 * from the image (profile()); the trunk tracker's measure. */
#include "pipeline/pipeline.h"

#include <math.h>
#include <string.h>

/* Distance of two mesh points in pixels (z is in units of the width). */
static double dist3(const tc_point3 *a, const tc_point3 *b, int w, int h)
{
    double dx = (double)(a->x - b->x) * w, dy = (double)(a->y - b->y) * h;
    double dz = (double)(a->z - b->z) * w;
    return sqrt(dx * dx + dy * dy + dz * dz);
}

static void pose_points(tc_obs *o, const tc_landmarks *lm, int width, int height)
{
    static const int pose_idx[TC_OBS_POINTS] = {
        TC_POSE_NOSE, TC_POSE_LEFT_EAR, TC_POSE_RIGHT_EAR,
        TC_POSE_LEFT_SHOULDER, TC_POSE_RIGHT_SHOULDER,
    };
    o->has_pose = 1;
    for (int i = 0; i < TC_OBS_POINTS; i++) {
        const tc_landmark *p = &lm->pose[pose_idx[i]];
        o->pt[i].x = p->x * (float)width;
        o->pt[i].y = p->y * (float)height;
        o->pt[i].vis = p->visibility;
    }
}

/* Side view: the near ear from the face mesh (its edge point by the
 * tragus, 234 right / 454 left), which follows the head where the pose's
 * ear lags it (on the profile fixtures the pose ear moved a third of a
 * 20 mm tuck, the mesh point all of it); the far ear and shoulder marked
 * unseen (vis 0); the pitch as the turn of the ear-to-eye line in the
 * image (a face-mesh head pose fails on a profile: a nod read +0), the
 * roll as the head pose's pitch. */
static void profile(tc_obs *o, const tc_landmarks *lm, int near, int width, int height)
{
    static const int edge[2] = { TC_FACE_LEFT_EDGE, TC_FACE_RIGHT_EDGE };
    static const int eye[2][2] = { { 263, 362 }, { 33, 133 } };
    const tc_point3 *e = &lm->face[edge[near]];
    const tc_point3 *c0 = &lm->face[eye[near][0]], *c1 = &lm->face[eye[near][1]];
    tc_obs_point *ear = &o->pt[TC_OBS_LEFT_EAR + near];
    o->pt[TC_OBS_LEFT_EAR + !near].vis = 0;
    o->pt[TC_OBS_LEFT_SHOULDER + !near].vis = 0;
    if (!lm->has_face)
        return;
    ear->x = e->x * (float)width;
    ear->y = e->y * (float)height;
    double dx = 0.5 * (double)(c0->x + c1->x) * width - ear->x;
    double dy = 0.5 * (double)(c0->y + c1->y) * height - ear->y;
    /* the head pose's angles are about the camera's axes: seen from the
     * side, a nod turns the head about the viewing axis (the pose's roll:
     * +16 deg on a held nod, while its pitch stayed), and a sideways tilt
     * about the image's horizontal (the pose's pitch) */
    o->roll = o->has_head_pose ? o->pitch : 0;
    if (!o->has_head_pose)
        o->yaw = 90;  /* no head pose: the profile itself says the turn */
    o->has_head_pose = 1;
    o->pitch = (float)(atan2(dy, fabs(dx)) * 180.0 / M_PI);
}

void tc_pipeline_observation(tc_obs *o, const tc_landmarks *lm, int found, int width,
                             int height, int64_t t_us, int64_t frame)
{
    memset(o, 0, sizeof *o);
    o->t_us = t_us;
    o->frame = frame;
    if (!found)
        return;
    if (lm->has_pose)
        pose_points(o, lm, width, height);
    if (lm->has_face) {
        o->has_face = 1;
        o->face_width = (float)dist3(&lm->face[TC_FACE_RIGHT_EDGE], &lm->face[TC_FACE_LEFT_EDGE],
                                     width, height);
        o->face_height = (float)dist3(&lm->face[TC_FACE_TOP], &lm->face[TC_FACE_CHIN], width,
                                      height);
    }
    if (lm->has_head_pose) {
        o->has_head_pose = 1;
        o->pitch = lm->pitch;
        o->yaw = lm->yaw;
        o->roll = lm->roll;
    }
    if (lm->trunk.status == TC_TRUNK_OK) {
        o->has_trunk = 1;
        o->trunk_key = lm->trunk.key;
        o->trunk_scale = lm->trunk.scale;
        o->trunk_x = lm->trunk.x;
        o->trunk_y = lm->trunk.y;
        o->trunk_shrug = lm->trunk.shrug;
        o->trunk_sd_scale = lm->trunk.sd_scale;
        o->trunk_sd_shrug = lm->trunk.sd_shrug;
    }
    int near = tc_landmarks_profile_side(lm);   /* a profile: its near side */
    if (near >= 0)
        profile(o, lm, near, width, height);
}
