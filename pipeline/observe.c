/* pipeline/observe.c — from vision's landmarks to the scorer's
 * observation: the five pose points in pixels, the face mesh's size in
 * 3-D pixels, the head pose, the trunk tracker's measure. */
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
}
