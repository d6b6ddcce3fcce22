// vision/vision.cpp — the public C API: model loading and the tracker.
//
// Tracking follows MediaPipe: a detection (MediaPipe's pose detector for the
// pose, BlazeFace for the face mesh) seeds the ROI, then each frame's
// landmarks give the next frame's ROI; when the pose (or face) presence
// drops below 0.5 the track is lost and the next frame detects again.
// Person rule: at (re)detection tuckcam takes the face nearest to the last
// tracked face if there was one, else the largest face; once tracking, the
// ROI follows that person, so a second person entering is ignored.
#include <chrono>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <new>
#include <opencv2/core/utility.hpp>

#include "vision/detector.hpp"
#include "vision/headpose.h"
#include "vision/landmarkers.hpp"
#include "vision/smooth.hpp"

struct tc_vision {
    tc_vision_config   cfg;
    tc::Detector       det, pose_det;   // faces (face mesh seed), people (pose seed)
    tc::PoseLandmarker pose;
    tc::FaceMesher     mesh;
    bool               pose_tracked = false, face_tracked = false;
    bool               have_last_face = false;
    unsigned           frames_lost = 0;       // frames without a person
    cv::Point2f        last_face;
    tc::Roi            pose_roi, face_roi;
    std::vector<tc::FaceDet> dets, pose_dets;
    tc::PosePoints     pp;
    tc::FacePoints     fp;
    tc_face_geometry   geom;                  // canonical face, for head pose
    // MediaPipe's VIDEO-mode smoothing (PoseLandmarkerGraph): landmarks
    // and world landmarks; reset when the pose is lost
    tc::LandmarkSmoother pose_s{ TC_POSE_POINTS, { 0.05, 80.0, 1.0, true } };
    tc::LandmarkSmoother world_s{ TC_POSE_POINTS, { 0.1, 40.0, 1.0, false } };
    int64_t            last_t_us = 0;         // the last frame's time
    bool               have_t = false;
    tc_trunk          *trunk = nullptr;        // the trunk tracker (trunk.h)
    int                held_side = 0;         // the last frame's profile: 1 + near side, 0 none
    float              held_yaw = 0;          // its head pose's yaw
    char               err[512] = "no error";
};

namespace {

using clk = std::chrono::steady_clock;

double ms_since(clk::time_point t0)
{
    return std::chrono::duration<double, std::milli>(clk::now() - t0).count();
}

void vlog(const tc_vision_config &cfg, tc_log_level lvl, const char *fmt, ...)
    TC_PRINTF(3, 4);

void vlog(const tc_vision_config &cfg, tc_log_level lvl, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    if (!cfg.log)
        return;
    va_start(ap, fmt);
    std::vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cfg.log(cfg.log_user, lvl, msg);
}

// The detection to follow (both detectors give a face box): nearest the
// last tracked face, else the largest.
const tc::FaceDet *pick_face(const tc_vision *v,
                             const std::vector<tc::FaceDet> &dets)
{
    const tc::FaceDet *best = nullptr;
    float best_key = 0;
    for (const tc::FaceDet &d : dets) {
        cv::Point2f c(d.x + d.w / 2, d.y + d.h / 2);
        float key = v->have_last_face
                        ? -(float)cv::norm(c - v->last_face)
                        : d.w * d.h;
        if (!best || key > best_key) {
            best = &d;
            best_key = key;
        }
    }
    return best;
}

// First pose ROI from a face: the body centre below the face, the
// alignment point above it, both in face heights (pixels), as the pose
// detector's alignment points sit for an upright person.
tc::Roi pose_seed(const tc::FaceDet &f, int W, int H)
{
    const float cx = f.x + f.w / 2, cy = f.y + f.h / 2;
    const float s = f.h * (float)H; // face size in pixels
    cv::Point2f p0(cx, cy + 3.0f * s / (float)H), p1(cx, cy - 1.0f * s / (float)H);
    return tc::roi_from_alignment(p0, p1, 90.0f, 1.25f, W, H);
}

// A square ROI around the whole frame, upright.
tc::Roi whole_frame(int W, int H)
{
    const float side = (float)std::max(W, H);
    return tc::Roi{ 0.5f, 0.5f, side / (float)W, side / (float)H, 0.0f };
}

tc_roi to_c(const tc::Roi &r)
{
    return tc_roi{ r.cx, r.cy, r.w, r.h, r.rot };
}

} // namespace

static void set_face_box(tc_landmarks *out, const tc::FaceDet &f)
{
    out->has_face_box = 1;
    out->face_box[0] = f.x;
    out->face_box[1] = f.y;
    out->face_box[2] = f.w;
    out->face_box[3] = f.h;
    out->face_box_score = f.score;
}

// Seed what is not tracked. The pose ROI comes from MediaPipe's pose
// detector (alignment points hip centre -> body circle, 90 degrees, scale
// 1.25), as in MediaPipe's own graph; when it finds nobody, from the face
// detector (pose_seed); the face mesh ROI from the face detector.
static int detect(tc_vision *v, const cv::Mat &img, tc_landmarks *out)
{
    auto t0 = clk::now();
    out->redetected = 1;
    if (!v->pose_tracked) {
        v->pose_det.detect(img, v->pose_dets);
        out->ms_infer += v->pose_det.infer_ms();
        if (const tc::FaceDet *p = pick_face(v, v->pose_dets)) {
            v->pose_roi = tc::roi_from_alignment(p->kp[0], p->kp[1], 90.0f, 1.25f,
                                                 img.cols, img.rows);
            v->pose_tracked = true;
            set_face_box(out, *p);
        }
    }
    const tc::FaceDet *f = nullptr;
    if (!v->pose_tracked || (v->cfg.face_mesh && !v->face_tracked)) {
        v->det.detect(img, v->dets);
        out->ms_infer += v->det.infer_ms();
        f = pick_face(v, v->dets);
    }
    out->ms_detect += ms_since(t0);
    if (!f) {
        if (v->pose_tracked)
            return TC_OK;
        // Nobody found (too small or turned away): try the pose model on
        // the whole frame; tracking refines the ROI from there.
        // Costs one pose run, so it is tried every 10th frame without one.
        if (v->frames_lost++ % 10 == 0) {
            v->pose_roi = whole_frame(img.cols, img.rows);
            v->pose_tracked = true;
            return TC_OK;
        }
        return TC_ENOTFOUND;
    }
    set_face_box(out, *f);
    if (!v->pose_tracked) {
        v->pose_roi = pose_seed(*f, img.cols, img.rows);
        v->pose_tracked = true;
    }
    if (v->cfg.face_mesh && !v->face_tracked) {
        float box[4] = { f->x, f->y, f->w, f->h };
        v->face_roi = tc::FaceMesher::roi_from_detection(box, f->kp[0], f->kp[1],
                                                         img.cols, img.rows);
        v->face_tracked = true;
    }
    return TC_OK;
}

static void reset_smoothing(tc_vision *v)
{
    v->pose_s.reset();
    v->world_s.reset();
    v->held_side = 0;   // nor is a profile held across the loss
}

// MediaPipe's smoothing of one frame's pose (in place), the object scale
// taken from the ROI the landmarks came from. The next ROI comes from the
// raw auxiliary points: smoothing those too (One Euro 0.01 Hz, beta 10, as
// MediaPipe's legacy pose graph does) put the tracked answers further from
// MediaPipe's, frame by frame (README, "Landmark parity").
static void smooth_pose(tc_vision *v, int64_t t_us, int W, int H)
{
    const double scale = (v->pose_roi.w * (float)W + v->pose_roi.h * (float)H) / 2.0;
    v->pose_s.apply(t_us, v->pp.pt, W, H, scale);
    v->world_s.apply(t_us, v->pp.world);
}

static void run_pose(tc_vision *v, const cv::Mat &img, int64_t t_us,
                     tc_landmarks *out)
{
    auto t0 = clk::now();
    v->pose.run(img, v->pose_roi, v->pp);
    out->ms_pose = ms_since(t0);
    out->ms_infer += v->pose.infer_ms();
    out->pose_roi = to_c(v->pose_roi);
    out->pose_score = v->pp.score;
    if (v->pp.score < 0.5f) {
        v->pose_tracked = false;
        reset_smoothing(v);
        return;
    }
    out->has_pose = 1;
    v->frames_lost = 0;
    if (v->cfg.smooth)   // the first 33 points; the auxiliary ones stay raw
        smooth_pose(v, t_us, img.cols, img.rows);
    std::copy(v->pp.pt, v->pp.pt + TC_POSE_POINTS, out->pose);
    std::copy(v->pp.world, v->pp.world + TC_POSE_POINTS, out->pose_world);
    v->pose_roi = tc::PoseLandmarker::next_roi(v->pp, img.cols, img.rows);
}

static void run_face(tc_vision *v, const cv::Mat &img, tc_landmarks *out)
{
    auto t0 = clk::now();
    v->mesh.run(img, v->face_roi, v->fp);
    out->ms_face = ms_since(t0);
    out->ms_infer += v->mesh.infer_ms();
    out->face_roi = to_c(v->face_roi);
    out->face_score = v->fp.score;
    if (v->fp.score < 0.5f) {
        v->face_tracked = false;
        return;
    }
    out->has_face = 1;
    std::copy(v->fp.pt, v->fp.pt + TC_FACE_POINTS, out->face);
    v->face_roi = tc::FaceMesher::next_roi(v->fp, img.cols, img.rows);
    float pyr[3];
    if (tc_head_pose_solve(&v->geom, out->face, img.cols, img.rows,
                           TC_HEADPOSE_VFOV_DEG, pyr) == TC_OK) {
        out->has_head_pose = 1;
        out->pitch = pyr[0];
        out->yaw = pyr[1];
        out->roll = pyr[2];
    }
    // the face mesh centre marks the tracked person for re-detection
    v->last_face = cv::Point2f(v->face_roi.cx, v->face_roi.cy);
    v->have_last_face = true;
}

// This frame's profile (tc_landmarks_profile_side) with the frames
// before: the profile held is put into out, and this frame's kept for
// the next. Returns the near side or -1.
static int remember_profile(tc_vision *v, tc_landmarks *out)
{
    out->held_side = v->held_side;
    out->held_yaw = v->held_yaw;
    const int near = tc_landmarks_profile_side(out);
    v->held_side = near >= 0 ? near + 1 : 0;
    v->held_yaw = out->yaw;
    return near;
}

// The trunk tracker, seeded with this frame's shoulders and face box.
static void run_trunk(tc_vision *v, const cv::Mat &img, tc_landmarks *out)
{
    auto t0 = clk::now();
    tc_trunk_seed s = {};
    const float w = float(img.cols), h = float(img.rows);
    s.has_pose = out->has_pose;
    s.lsh_x = out->pose[TC_POSE_LEFT_SHOULDER].x * w;
    s.lsh_y = out->pose[TC_POSE_LEFT_SHOULDER].y * h;
    s.rsh_x = out->pose[TC_POSE_RIGHT_SHOULDER].x * w;
    s.rsh_y = out->pose[TC_POSE_RIGHT_SHOULDER].y * h;
    const int near = remember_profile(v, out);
    s.profile = near >= 0;
    s.near_right = near == 1;
    if (out->has_face) {
        s.has_face = 1;
        s.face_x0 = s.face_y0 = 1e9f;
        s.face_x1 = s.face_y1 = -1e9f;
        for (const tc_point3 &p : out->face) {
            s.face_x0 = std::min(s.face_x0, p.x * w);
            s.face_x1 = std::max(s.face_x1, p.x * w);
            s.face_y0 = std::min(s.face_y0, p.y * h);
            s.face_y1 = std::max(s.face_y1, p.y * h);
        }
    }
    if (tc_trunk_track(v->trunk, img.data, img.cols, img.rows, img.step, &s, &out->trunk) < 0)
        out->trunk.status = TC_TRUNK_LOST;
    out->ms_trunk = ms_since(t0);
}

static int process(tc_vision *v, const cv::Mat &img, int64_t t_us,
                   tc_landmarks *out)
{
    auto t0 = clk::now();
    if (v->have_t && t_us < v->last_t_us)
        reset_smoothing(v);   // time went back: another clip
    v->last_t_us = t_us;
    v->have_t = true;
    *out = tc_landmarks();
    if ((!v->pose_tracked || (v->cfg.face_mesh && !v->face_tracked)) &&
        detect(v, img, out) == TC_ENOTFOUND && !v->pose_tracked) {
        out->ms_total = ms_since(t0);
        return TC_ENOTFOUND;
    }
    run_pose(v, img, t_us, out);
    if (v->cfg.face_mesh && v->face_tracked)
        run_face(v, img, out);
    if (!out->has_face && out->has_pose) {
        const tc_landmark &n = out->pose[TC_POSE_NOSE];
        v->last_face = cv::Point2f(n.x, n.y);
        v->have_last_face = true;
    }
    run_trunk(v, img, out);
    out->ms_total = ms_since(t0);
    return out->has_pose ? TC_OK : TC_ENOTFOUND;
}

static int load_geometry(tc_vision *v, const char *dir, std::string &err)
{
    char msg[512];
    uint8_t *buf = nullptr;
    size_t size = 0;
    int rc = tc_model_read(&buf, &size, dir, TC_MODEL_FACE_GEOMETRY, msg, sizeof msg);
    if (rc == TC_OK)
        rc = tc_face_geometry_parse(&v->geom, buf, size, msg, sizeof msg);
    std::free(buf);
    if (rc < 0)
        err = msg;
    return rc;
}

extern "C" int tc_vision_create(tc_vision **out, const tc_vision_config *cfg)
{
    static const tc_vision_config defaults = TC_VISION_CONFIG_INIT;
    static const tc_model_id pose_ids[3] = { TC_MODEL_POSE_LITE,
                                             TC_MODEL_POSE_FULL,
                                             TC_MODEL_POSE_HEAVY };
    *out = nullptr;
    tc_vision *v = new (std::nothrow) tc_vision();
    if (!v)
        return TC_ENOMEM;
    v->cfg = cfg ? *cfg : defaults;
    char dir[4096];
    int rc = tc_models_dir(dir, sizeof dir, v->cfg.models_dir);
    std::string err;
    try {
        if (rc == TC_OK && ((unsigned)v->cfg.pose_model > 2u))
            rc = TC_EINVAL, err = "unknown pose model";
        if (rc == TC_OK)
            rc = v->det.load(dir, tc::DetKind::Face, err);
        if (rc == TC_OK)
            rc = v->pose_det.load(dir, tc::DetKind::Pose, err);
        if (rc == TC_OK)
            rc = v->pose.load(dir, pose_ids[v->cfg.pose_model], err);
        if (rc == TC_OK && v->cfg.face_mesh)
            rc = v->mesh.load(dir, err);
        if (rc == TC_OK && v->cfg.face_mesh)
            rc = load_geometry(v, dir, err);
        if (rc == TC_OK && (rc = tc_trunk_create(&v->trunk)) < 0)
            err = "out of memory for the trunk tracker";
        if (rc == TC_OK && v->cfg.threads > 0)
            cv::setNumThreads(v->cfg.threads);
    } catch (const std::exception &e) {
        rc = TC_EINTERNAL;
        err = e.what();
    }
    if (rc < 0) {
        vlog(v->cfg, TC_LOG_ERROR, "%s", err.empty() ? tc_strerror(rc) : err.c_str());
        delete v;
        return rc;
    }
    *out = v;
    return TC_OK;
}

extern "C" int tc_vision_process(tc_vision *v, const uint8_t *bgr, int width,
                                 int height, size_t stride, int64_t t_us,
                                 tc_landmarks *out)
{
    if (!v)
        return TC_EINVAL;
    if (!bgr || !out || width <= 0 || height <= 0 || stride < (size_t)width * 3) {
        std::snprintf(v->err, sizeof v->err, "vision: no image, or rows shorter than the width");
        return TC_EINVAL;
    }
    if (width < 16 || height < 16) {
        std::snprintf(v->err, sizeof v->err,
                      "vision: a %dx%d frame is smaller than the 16x16 the models need", width,
                      height);
        return TC_EUNSUPPORTED;
    }
    try {
        cv::Mat img(height, width, CV_8UC3, const_cast<uint8_t *>(bgr), stride);
        return process(v, img, t_us, out);
    } catch (const std::exception &e) {
        std::snprintf(v->err, sizeof v->err, "vision: %s", e.what());
        v->pose_tracked = v->face_tracked = false;
        reset_smoothing(v);
        return TC_EINTERNAL;
    } catch (...) {
        std::snprintf(v->err, sizeof v->err, "vision: unknown exception");
        return TC_EINTERNAL;
    }
}

extern "C" void tc_vision_reset(tc_vision *v)
{
    if (!v)
        return;
    v->pose_tracked = v->face_tracked = v->have_last_face = false;
    v->frames_lost = 0;
    v->have_t = false;
    reset_smoothing(v);
    tc_trunk_reset(v->trunk);
}

extern "C" const char *tc_vision_last_error(const tc_vision *v)
{
    return v ? v->err : "no vision handle";
}

extern "C" void tc_vision_destroy(tc_vision *v)
{
    if (v)
        tc_trunk_destroy(v->trunk);
    delete v;
}

extern "C" int tc_landmarks_profile_side(const tc_landmarks *lm)
{
    if (!lm || !lm->has_pose)
        return -1;
    const tc_landmark *l = &lm->pose[TC_POSE_LEFT_EAR], *r = &lm->pose[TC_POSE_RIGHT_EAR];
    const tc_landmark *ls = &lm->pose[TC_POSE_LEFT_SHOULDER];
    const tc_landmark *rs = &lm->pose[TC_POSE_RIGHT_SHOULDER];
    const float dz = std::fabs(l->z - r->z), dx = std::fabs(l->x - r->x);
    const bool turned = lm->has_head_pose && std::fabs(lm->yaw) > 35.0f;
    if (dz > 2.0f * dx || (turned && dz > 1.2f * dx))
        return r->z + rs->z < l->z + ls->z ? 1 : 0;
    const bool held = lm->held_side > 0 && turned && lm->yaw * lm->held_yaw > 0;
    return held ? lm->held_side - 1 : -1;
}
