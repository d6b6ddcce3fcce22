// vision/facedet.hpp — BlazeFace short-range face detector (private).
#ifndef TC_VISION_FACEDET_HPP
#define TC_VISION_FACEDET_HPP

#include <vector>

#include "vision/vision_impl.hpp"

namespace tc {

// A face in normalised image coordinates: box top-left + size; keypoints
// right eye, left eye, nose tip, mouth, right ear tragion, left ear tragion.
struct FaceDet {
    float x = 0, y = 0, w = 0, h = 0, score = 0;
    cv::Point2f kp[6];
};

class FaceDetector {
public:
    float min_score = 0.5f;
    int load(const char *dir, std::string &err);
    // All faces in the frame, best first.
    void detect(const cv::Mat &bgr, std::vector<FaceDet> &out);
    double infer_ms() const { return model_.last_ms(); }

private:
    Model model_;
    std::vector<cv::Point2f> anchors_;
    cv::Mat work_, blob_;
    std::vector<cv::Mat> outs_;
};

} // namespace tc

#endif
