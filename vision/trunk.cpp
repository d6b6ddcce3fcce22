// vision/trunk.cpp — the trunk tracker (see trunk.h): corners of the upper
// chest tracked from a key frame by pyramidal Lucas-Kanade, an affine fit
// by RANSAC, and the shoulder tops' outline searched vertically.
#include "vision/trunk.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <new>
#include <vector>

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/video/tracking.hpp>

namespace {

const int kMinPoints = 12;        // fewer corners: a plain shirt, say so
const int kMaxPoints = 64;
const int kLkWin = 15, kLkLevels = 2;
const int kPatchW = 7, kPatchH = 21;  // a shoulder-top patch, px
const int kLostReset = 45;        // frames without a fit before a new key
const int kRetryFew = 15;         // frames between tries on a plain shirt

struct Edge {
    cv::Point2f at;               // key-frame position (the outline)
    cv::Mat patch;                // kPatchH x kPatchW, float, key frame
    double contrast;              // the patch's sum of squares about its mean
};

}  // namespace

struct tc_trunk {
    bool have_key = false;
    uint32_t key_id = 0;
    cv::Rect crop;                // the key frame's crop, image coordinates
    std::vector<cv::Mat> key_pyr; // its pyramid (with derivatives)
    cv::Mat key_blur;             // its smoothed grey, for the edge patches
    std::vector<cv::Point2f> pts; // corners, key-frame image coordinates
    std::vector<Edge> edges;
    cv::Point2f centre;           // chest centre at the key frame
    cv::Point2f low;              // the lower chest (the corners' 80th percentile of y)
    float span = 0;               // shoulder span at the key frame, px (side: its stand-in)
    bool side = false;            // the shoulders hide each other: a side view
    cv::Matx23d last = cv::Matx23d(1, 0, 0, 0, 1, 0);
    int lost = 0, wait = 0;
};

static cv::Point2f map_pt(const cv::Matx23d &a, cv::Point2f p)
{
    return cv::Point2f(float(a(0, 0) * p.x + a(0, 1) * p.y + a(0, 2)),
                       float(a(1, 0) * p.x + a(1, 1) * p.y + a(1, 2)));
}

// Grey of the image's rectangle r (may reach outside: replicated edges).
static cv::Mat grey_crop(const cv::Mat &img, cv::Rect r)
{
    cv::Rect in = r & cv::Rect(0, 0, img.cols, img.rows);
    if (in.area() <= 0)
        return cv::Mat(r.size(), CV_8UC1, cv::Scalar(0));
    cv::Mat part, g;
    cv::cvtColor(img(in), part, cv::COLOR_BGR2GRAY);
    if (in == r)
        return part;   // the usual case: nothing to replicate
    cv::copyMakeBorder(part, g, in.y - r.y, r.br().y - in.br().y, in.x - r.x,
                       r.br().x - in.br().x, cv::BORDER_REPLICATE);
    return g;
}

// The mask of where chest corners may be: below the shoulder line's top
// and the face (the head moves in a tuck; the neck with it).
static cv::Mat corner_mask(const tc_trunk *t, const tc_trunk_seed *s)
{
    cv::Mat m(t->crop.size(), CV_8UC1, cv::Scalar(0));
    const float S = t->span;
    cv::Point2f o(float(t->crop.x), float(t->crop.y));
    cv::Rect chest(cv::Point(cvRound(t->centre.x - 0.65f * S - o.x),
                             cvRound(t->centre.y - 0.05f * S - o.y)),
                   cv::Point(cvRound(t->centre.x + 0.65f * S - o.x),
                             cvRound(t->centre.y + 0.75f * S - o.y)));
    m(chest & cv::Rect(0, 0, m.cols, m.rows)).setTo(255);
    if (s->has_face) {
        float fw = s->face_x1 - s->face_x0;
        cv::Rect face(cv::Point(cvRound(s->face_x0 - 0.15f * fw - o.x), 0),
                      cv::Point(cvRound(s->face_x1 + 0.15f * fw - o.x),
                                cvRound(s->face_y1 + 0.12f * S - o.y)));
        m(face & cv::Rect(0, 0, m.cols, m.rows)).setTo(0);
    }
    return m;
}

// The outline in key-frame column x (image px) between rows ya and yb: the
// strongest vertical edge, and a patch across it (none where the column
// has no clear edge: a shoulder against its like).
static void column_edge(tc_trunk *t, float x, float ya, float yb)
{
    const cv::Mat &g = t->key_blur;
    int cx = cvRound(x) - t->crop.x;
    int y0 = std::max(kPatchH, cvRound(ya) - t->crop.y);
    int y1 = std::min(g.rows - kPatchH - 1, cvRound(yb) - t->crop.y);
    if (cx < kPatchW || cx >= g.cols - kPatchW || y0 >= y1)
        return;
    int best = -1;
    float gbest = 0;
    for (int y = y0; y <= y1; y++) {
        float d = std::fabs(g.at<float>(y + 1, cx) - g.at<float>(y - 1, cx));
        if (d > gbest)
            gbest = d, best = y;
    }
    if (best < 0 || gbest < 12.0f)
        return;
    Edge e;
    e.at = cv::Point2f(float(cx + t->crop.x), float(best + t->crop.y));
    cv::getRectSubPix(g, cv::Size(kPatchW, kPatchH), cv::Point2f(float(cx), float(best)),
                      e.patch, CV_32F);
    e.contrast = e.patch.dot(e.patch) - cv::sum(e.patch)[0] * cv::mean(e.patch)[0];
    t->edges.push_back(e);
}

// The outline across one shoulder's top (sx, sy: its landmark): columns
// about it, searched from 0.45 spans above it.
static void shoulder_edges(tc_trunk *t, float sx, float sy, const tc_trunk_seed *s)
{
    const float S = t->span;
    for (int k = -4; k <= 4; k++) {
        float x = sx + float(k) * S / 36.0f;
        if (s->has_face && x > s->face_x0 - 0.1f * S && x < s->face_x1 + 0.1f * S)
            continue;   // the neck and the face
        column_edge(t, x, sy - 0.45f * S, sy + 0.1f * S);
    }
}

// Side view: the outline of the shoulder and upper back against what is
// behind them, in columns from the near shoulder (sx, sy) back, away from
// the face, searched from the face's top down. On a profile the pose's
// shoulder lies far below that outline (shrug_side: 150 px, 0.6 of the
// span, below the coat's top), beyond the front search's 0.45 spans.
static void back_edges(tc_trunk *t, float sx, float sy, const tc_trunk_seed *s)
{
    const float S = t->span;
    const float back = 0.5f * (s->face_x0 + s->face_x1) > sx ? -1.0f : 1.0f;
    for (int k = 0; k <= 12; k++) {
        float x = sx + back * float(k) * S / 36.0f;
        if (x > s->face_x0 - 0.1f * S && x < s->face_x1 + 0.1f * S)
            continue;
        column_edge(t, x, std::max(s->face_y0, sy - 0.9f * S), sy + 0.1f * S);
    }
}

// Take frame img as the key frame; TC_TRUNK_OK or TC_TRUNK_FEW_POINTS.
// Side view: the two shoulders fall together, or the frame is a profile
// (its far shoulder is drawn on the face: on the side fixtures the span
// read 200-250 px, and the front mode's check of it dropped half the
// frames); the body's size then comes from the face (shoulder span about
// 1.7 face heights), and the near shoulder is the shoulder.
static int take_key(tc_trunk *t, const cv::Mat &img, const tc_trunk_seed *s)
{
    cv::Point2f l(s->lsh_x, s->lsh_y), r(s->rsh_x, s->rsh_y);
    const float span = float(cv::norm(l - r));
    t->side = s->has_face && (s->profile || span < 0.8f * (s->face_x1 - s->face_x0));
    if (t->side && s->profile)
        l = r = s->near_right ? r : l;
    t->span = t->side ? 1.7f * (s->face_y1 - s->face_y0) : span;
    if (!(t->span >= 20.0f))
        return TC_TRUNK_FEW_POINTS;   // no body to speak of (a far person)
    t->centre = 0.5f * (l + r) + cv::Point2f(0, 0.3f * t->span);
    const float S = t->span;
    const float top = t->side ? 1.3f : 0.95f;   // side: up to back_edges' rows
    t->crop = cv::Rect(cv::Point(cvRound(t->centre.x - 0.95f * S),
                                 cvRound(t->centre.y - top * S)),
                       cv::Point(cvRound(t->centre.x + 0.95f * S),
                                 cvRound(t->centre.y + 0.6f * S)));
    cv::Mat g = grey_crop(img, t->crop);
    std::vector<cv::Point2f> c;
    cv::goodFeaturesToTrack(g, c, kMaxPoints, 0.01, std::max(4.0, S / 30.0),
                            corner_mask(t, s), 5);
    if (int(c.size()) < kMinPoints)
        return TC_TRUNK_FEW_POINTS;
    t->pts.clear();
    for (auto &p : c)
        t->pts.push_back(p + cv::Point2f(float(t->crop.x), float(t->crop.y)));
    std::vector<float> ys;
    for (auto &p : t->pts)
        ys.push_back(p.y);
    std::nth_element(ys.begin(), ys.begin() + long(ys.size() * 8 / 10), ys.end());
    t->low = cv::Point2f(t->centre.x, ys[ys.size() * 8 / 10]);
    cv::buildOpticalFlowPyramid(g, t->key_pyr, cv::Size(kLkWin, kLkWin), kLkLevels);
    g.convertTo(t->key_blur, CV_32F);
    cv::GaussianBlur(t->key_blur, t->key_blur, cv::Size(5, 5), 1.2);
    t->edges.clear();
    if (t->side) {
        back_edges(t, 0.5f * (l.x + r.x), 0.5f * (l.y + r.y), s);
    } else {
        shoulder_edges(t, l.x, l.y, s);
        shoulder_edges(t, r.x, r.y, s);
    }
    t->last = cv::Matx23d(1, 0, 0, 0, 1, 0);
    t->have_key = true;
    t->key_id++;
    t->lost = 0;
    return TC_TRUNK_OK;
}

// Corners tracked into the frame and fitted; false if the fit failed.
static bool fit(tc_trunk *t, const cv::Mat &img, cv::Matx23d &a, int &inl, double &sd_x)
{
    cv::Point2f c1 = map_pt(t->last, t->centre);
    cv::Rect cur = t->crop + cv::Point(cvRound(c1.x - t->centre.x), cvRound(c1.y - t->centre.y));
    cv::Mat g = grey_crop(img, cur);
    cv::Point2f ko(float(t->crop.x), float(t->crop.y)), co(float(cur.x), float(cur.y));
    std::vector<cv::Point2f> prev, next;
    for (auto &p : t->pts) {
        prev.push_back(p - ko);
        next.push_back(map_pt(t->last, p) - co);
    }
    std::vector<uchar> st;
    std::vector<float> err;
    cv::calcOpticalFlowPyrLK(t->key_pyr, g, prev, next, st, err, cv::Size(kLkWin, kLkWin),
                             kLkLevels,
                             cv::TermCriteria(cv::TermCriteria::COUNT | cv::TermCriteria::EPS,
                                              10, 0.02),
                             cv::OPTFLOW_USE_INITIAL_FLOW);
    std::vector<cv::Point2f> src, dst;
    for (size_t i = 0; i < t->pts.size(); i++)
        if (st[i]) {
            src.push_back(t->pts[i]);
            dst.push_back(next[i] + co);
        }
    if (int(src.size()) < kMinPoints / 2)
        return false;
    std::vector<uchar> in;
    cv::Mat m = cv::estimateAffine2D(src, dst, in, cv::RANSAC, 1.5, 2000, 0.995, 10);
    if (m.empty())
        return false;
    a = cv::Matx23d(m.ptr<double>(0)[0], m.ptr<double>(0)[1], m.ptr<double>(0)[2],
                    m.ptr<double>(1)[0], m.ptr<double>(1)[1], m.ptr<double>(1)[2]);
    double ss = 0, mx = 0, sxx = 0;
    inl = 0;
    for (size_t i = 0; i < src.size(); i++)
        if (in[i]) {
            cv::Point2f d = map_pt(a, src[i]) - dst[i];
            ss += d.x * d.x + d.y * d.y;
            mx += src[i].x;
            inl++;
        }
    if (inl < kMinPoints / 2)
        return false;
    mx /= inl;
    for (size_t i = 0; i < src.size(); i++)
        if (in[i])
            sxx += (src[i].x - mx) * (src[i].x - mx);
    // residual SD per coordinate (6 parameters fitted), then the slope's SD
    double sd_r = std::sqrt(ss / std::max(1, 2 * inl - 6));
    sd_x = sxx > 0 ? sd_r / std::sqrt(sxx) : 1.0;
    return true;
}

// Vertical offset (px, + down) of edge e's patch in the frame around
// `at`, by SSD over integer shifts and a parabola; false if no clear match.
static bool edge_shift(const cv::Mat &g, cv::Point2f at, const Edge &e, int R, float &dy)
{
    cv::Mat col;
    cv::getRectSubPix(g, cv::Size(kPatchW, kPatchH + 2 * R), at, col, CV_32F);
    std::vector<double> ssd(size_t(2 * R + 1));
    int best = 0;
    for (int d = 0; d <= 2 * R; d++) {
        ssd[size_t(d)] = cv::norm(col.rowRange(d, d + kPatchH), e.patch, cv::NORM_L2SQR);
        if (ssd[size_t(d)] < ssd[size_t(best)])
            best = d;
    }
    if (best == 0 || best == 2 * R)
        return false;
    double a = ssd[size_t(best - 1)], b = ssd[size_t(best)], c = ssd[size_t(best + 1)];
    double den = a - 2 * b + c, frac = den > 0 ? 0.5 * (a - c) / den : 0;
    if (b > 0.25 * e.contrast)
        return false;   // the outline is not there (a hand, the chin)
    dy = float(best - R + frac);
    return true;
}

static float median_of(std::vector<float> v)
{
    size_t n = v.size();
    std::nth_element(v.begin(), v.begin() + long(n / 2), v.end());
    float m = v[n / 2];
    if (n % 2 == 0) {
        std::nth_element(v.begin(), v.begin() + long(n / 2 - 1), v.end());
        m = 0.5f * (m + v[n / 2 - 1]);
    }
    return m;
}

// The shoulder tops' rise beyond the chest's scale and the lower chest's
// position (the thorax does not rise in a shrug; the shirt over the upper
// chest is drawn up with the shoulders).
static void shrug(const tc_trunk *t, const cv::Mat &img, const cv::Matx23d &a, float scale,
                  tc_trunk_obs *out)
{
    if (t->edges.empty())
        return;
    const int R = std::max(6, cvRound(0.1f * t->span));
    const cv::Point2f b1 = map_pt(a, t->low);
    std::vector<cv::Point2f> at;
    for (const Edge &e : t->edges)
        at.emplace_back(map_pt(a, e.at).x, b1.y + scale * (e.at.y - t->low.y));
    // only the band the patches can be in (and the blur's margin)
    cv::Rect box = cv::boundingRect(at);
    box -= cv::Point(kPatchW + 3, kPatchH / 2 + R + 3);
    box += cv::Size(2 * kPatchW + 6, kPatchH + 2 * R + 6);
    cv::Mat g = grey_crop(img, box), gf;
    g.convertTo(gf, CV_32F);
    cv::GaussianBlur(gf, gf, cv::Size(5, 5), 1.2);
    std::vector<float> rise;
    for (size_t i = 0; i < t->edges.size(); i++) {
        const Edge &e = t->edges[i];
        cv::Point2f p = at[i];
        float dy;
        if (edge_shift(gf, p - cv::Point2f(float(box.x), float(box.y)), e, R, dy))
            rise.push_back(-dy / scale);
    }
    out->edges = int(rise.size());
    if (rise.size() < 3)
        return;
    float med = median_of(rise);
    std::vector<float> dev;
    for (float r : rise)
        dev.push_back(std::fabs(r - med));
    out->shrug = med;
    out->sd_shrug = 1.25f * 1.4826f * std::max(median_of(dev), 0.1f) /
                    std::sqrt(float(rise.size()));
}

// The pose's shoulder span now against the key frame's: a check on scale.
static bool pose_agrees(const tc_trunk *t, const tc_trunk_seed *s, double scale)
{
    if (!s->has_pose || t->side)
        return true;
    double span = std::hypot(s->lsh_x - s->rsh_x, s->lsh_y - s->rsh_y);
    return std::fabs(span / t->span - scale) < 0.25;
}

static int track(tc_trunk *t, const cv::Mat &img, const tc_trunk_seed *s, tc_trunk_obs *out)
{
    if (!t->have_key) {
        if (!s->has_pose)
            return out->status = TC_TRUNK_NO_SEED, TC_OK;
        if (t->wait > 0)
            return t->wait--, out->status = TC_TRUNK_FEW_POINTS, TC_OK;
        if (take_key(t, img, s) != TC_TRUNK_OK)
            return t->wait = kRetryFew, out->status = TC_TRUNK_FEW_POINTS, TC_OK;
    }
    out->key = t->key_id;
    cv::Matx23d a;
    int inl = 0;
    double sd_x = 0;
    double sc = 0;
    bool ok = fit(t, img, a, inl, sd_x);
    if (ok) {
        sc = std::hypot(a(0, 0), a(1, 0));
        ok = pose_agrees(t, s, sc);
    }
    if (!ok) {
        out->status = TC_TRUNK_LOST;
        if (++t->lost > kLostReset)
            t->have_key = false;
        return TC_OK;
    }
    t->lost = 0;
    t->last = a;
    cv::Point2f c1 = map_pt(a, t->centre);
    out->status = TC_TRUNK_OK;
    out->scale = float(sc);
    out->x = c1.x;
    out->y = c1.y;
    out->sd_scale = float(sd_x);
    out->points = inl;
    out->shrug = NAN;
    out->sd_shrug = NAN;
    shrug(t, img, a, float(sc), out);
    return TC_OK;
}

extern "C" const char *tc_trunk_status_name(int status)
{
    static const char *const names[TC_TRUNK_STATUS_COUNT] = { "ok", "no_seed", "few_points",
                                                              "lost" };
    return status >= 0 && status < TC_TRUNK_STATUS_COUNT ? names[status] : "unknown";
}

extern "C" int tc_trunk_create(tc_trunk **out)
{
    *out = new (std::nothrow) tc_trunk();
    return *out ? TC_OK : TC_ENOMEM;
}

extern "C" void tc_trunk_destroy(tc_trunk *t)
{
    delete t;
}

extern "C" void tc_trunk_reset(tc_trunk *t)
{
    if (t) {
        t->have_key = false;
        t->wait = 0;
        t->key_id = 0;   // a new session: its key frames are numbered from 1 again
    }
}

extern "C" int tc_trunk_track(tc_trunk *t, const uint8_t *bgr, int width, int height,
                              size_t stride, const tc_trunk_seed *seed, tc_trunk_obs *out)
{
    if (!t || !bgr || !seed || !out || width < 16 || height < 16 ||
        stride < size_t(width) * 3)
        return TC_EINVAL;
    *out = tc_trunk_obs();
    out->shrug = out->sd_shrug = NAN;
    try {
        cv::Mat img(height, width, CV_8UC3, const_cast<uint8_t *>(bgr), stride);
        return track(t, img, seed, out);
    } catch (const std::exception &) {
        t->have_key = false;
        out->status = TC_TRUNK_LOST;
        return TC_EINTERNAL;
    }
}
