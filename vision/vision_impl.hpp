// vision/vision_impl.hpp — what the vision/*.cpp files share (private).
// Coordinates: a Roi is a rotated rectangle in normalised image units
// (x, y, w, h relative to image width/height; rotation in radians,
// clockwise positive as MediaPipe's NormalizedRect).
#ifndef TC_VISION_VISION_IMPL_HPP
#define TC_VISION_VISION_IMPL_HPP

#include <opencv2/core.hpp>
#include <string>
#include <vector>

#include "core/models.h"
#include "vision/tflite_net.hpp"

namespace tc {

struct Roi {
    float cx = 0, cy = 0, w = 0, h = 0, rot = 0;
};

// One loaded, verified network and its reusable buffers.
class Model {
public:
    // Read (hash-checked), parse and build model `id` from `dir`; only the
    // `outputs` named are computed (empty = all).
    int load(const char *dir, tc_model_id id,
             const std::vector<std::string> &outputs, std::string &err);
    // Run on an NCHW float blob; outputs in the order asked at load.
    void run(const cv::Mat &blob, std::vector<cv::Mat> &outs);
    int input_size() const { return net_.in_shape.size() == 4 ? net_.in_shape[1] : 0; }
    double last_ms() const { return last_ms_; } // network time of the last run

private:
    TfliteNet net_;
    double    last_ms_ = 0;
};

enum class Border { Zero, Replicate };

// Crop the rotated `roi` (pixels derived from the normalised one) of the
// BGR image to an S x S RGB float blob with values in [lo, hi], as
// MediaPipe's ImageToTensorCalculator does. `work` is reused.
void crop_blob(const cv::Mat &bgr, const Roi &roi, int S, Border border,
               float lo, float hi, cv::Mat &work, cv::Mat &blob);

// Enlarge `roi` to the aspect of a square tensor (MediaPipe PadRoi);
// returns the letterbox padding (left/right, top/bottom) as fractions.
cv::Vec2f letterbox_square(Roi &roi, int img_w, int img_h);

// Map a point from tensor-normalised [0,1] coordinates inside `roi` to
// image-normalised coordinates (MediaPipe LandmarkProjectionCalculator).
cv::Point2f project(const Roi &roi, float x, float y);

// MediaPipe AlignmentPointsRectsCalculator + RectTransformationCalculator:
// centre at p0, size 2|p1-p0| scaled by `scale`, rotation aligning
// p0->p1 with `target_deg`, made square on its long side (pixels).
Roi roi_from_alignment(cv::Point2f p0, cv::Point2f p1, float target_deg,
                       float scale, int img_w, int img_h);

float sigmoid(float x);

} // namespace tc

#endif
