// vision/landmarkers.hpp — pose (39 points) and face mesh (468 points)
// landmark models run on a rotated ROI (private).
#ifndef TC_VISION_LANDMARKERS_HPP
#define TC_VISION_LANDMARKERS_HPP

#include "vision/vision.h"
#include "vision/vision_impl.hpp"

namespace tc {

struct PosePoints {
    float score = 0;                   // pose presence, 0..1
    tc_landmark pt[39];                // image-normalised; 33..38 auxiliary
    tc_point3 world[33];               // metres, hip-centred
};

class PoseLandmarker {
public:
    int load(const char *dir, tc_model_id id, std::string &err);
    void run(const cv::Mat &bgr, const Roi &roi, PosePoints &out);
    // The next frame's ROI from this frame's auxiliary points (33, 34).
    static Roi next_roi(const PosePoints &p, int img_w, int img_h);
    double infer_ms() const { return model_.last_ms(); }

private:
    Model model_;
    cv::Mat work_, blob_;
    std::vector<cv::Mat> outs_;
};

struct FacePoints {
    float score = 0;                   // face presence, 0..1
    tc_point3 pt[468];                 // image-normalised x, y; z like x
};

class FaceMesher {
public:
    int load(const char *dir, std::string &err);
    void run(const cv::Mat &bgr, const Roi &roi, FacePoints &out);
    // ROI from a face detection (eyes give the rotation) or from last
    // frame's mesh (eye corners 33, 263; box of all points); scale 1.5.
    static Roi roi_from_detection(const float box[4], cv::Point2f right_eye,
                                  cv::Point2f left_eye, int img_w, int img_h);
    static Roi next_roi(const FacePoints &p, int img_w, int img_h);
    double infer_ms() const { return model_.last_ms(); }

private:
    Model model_;
    cv::Mat work_, blob_;
    std::vector<cv::Mat> outs_;
};

} // namespace tc

#endif
