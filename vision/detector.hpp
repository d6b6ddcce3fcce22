// vision/detector.hpp — the two SSD detectors (private): BlazeFace short
// range (faces, to seed the face mesh) and the BlazePose detector (a
// person's face box plus body alignment points, to seed the pose ROI).
#ifndef TC_VISION_DETECTOR_HPP
#define TC_VISION_DETECTOR_HPP

#include <vector>

#include "vision/vision_impl.hpp"

namespace tc {

// A detection in normalised image coordinates: box top-left + size (for
// both models a face box) and keypoints. Face: right eye, left eye, nose
// tip, mouth, right ear tragion, left ear tragion. Pose: hip centre, a
// point on the circle around the body, shoulder centre, a point on the
// circle around the upper body.
struct FaceDet {
    float x = 0, y = 0, w = 0, h = 0, score = 0;
    cv::Point2f kp[6];
};

enum class DetKind { Face, Pose };

class Detector {
public:
    float min_score = 0.5f;
    int load(const char *dir, DetKind kind, std::string &err);
    // All detections in the frame, best first (weighted NMS).
    void detect(const cv::Mat &bgr, std::vector<FaceDet> &out);
    double infer_ms() const { return model_.last_ms(); }

private:
    Model model_;
    int size_ = 0, n_kp_ = 0;          // input side; keypoints a detection
    std::vector<cv::Point2f> anchors_;
    cv::Mat work_, blob_;
    std::vector<cv::Mat> outs_;
};

} // namespace tc

#endif
