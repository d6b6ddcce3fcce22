// vision/headpose.cpp — solvePnP (SQPnP) of the canonical face's basis
// landmarks against the mesh, then Euler angles.
#include "vision/headpose.h"

#include <cmath>
#include <opencv2/calib3d.hpp>
#include <vector>

extern "C" int tc_head_pose_solve(const tc_face_geometry *g,
                                  const tc_point3 face[TC_FACE_POINTS],
                                  int width, int height, float vfov_deg,
                                  float out[3])
{
    if (!g || !face || !out || width <= 0 || height <= 0 || vfov_deg <= 1 ||
        vfov_deg >= 179)
        return TC_EINVAL;
    try {
        std::vector<cv::Point3d> obj;
        std::vector<cv::Point2d> img;
        for (int k = 0; k < g->n_basis; k++) {
            const int i = g->basis_id[k];
            // canonical: y up, z toward the viewer; camera: y down, z away
            obj.emplace_back(g->vertex[i][0], -g->vertex[i][1], -g->vertex[i][2]);
            img.emplace_back((double)face[i].x * width, (double)face[i].y * height);
        }
        const double f = height / 2.0 / std::tan(vfov_deg * CV_PI / 360.0);
        cv::Matx33d K(f, 0, width / 2.0, 0, f, height / 2.0, 0, 0, 1);
        cv::Vec3d rvec, tvec;
        if (!cv::solvePnP(obj, img, K, cv::noArray(), rvec, tvec, false,
                          cv::SOLVEPNP_SQPNP) || tvec[2] <= 0)
            return TC_ERANGE;
        cv::Matx33d R;
        cv::Rodrigues(rvec, R);
        const double rad = 180.0 / CV_PI;
        out[0] = (float)(std::atan2(R(2, 1), R(2, 2)) * rad);
        out[1] = (float)(std::asin(std::max(-1.0, std::min(1.0, -R(2, 0)))) * rad);
        out[2] = (float)(std::atan2(R(1, 0), R(0, 0)) * rad);
        return std::isfinite(out[0]) && std::isfinite(out[1]) && std::isfinite(out[2])
                   ? TC_OK : TC_ERANGE;
    } catch (...) {
        return TC_ERANGE;
    }
}
