// vision/tflite_net.hpp — build a cv::dnn::Net from a parsed TFLite model
// (private to vision/). TFLite is NHWC, OpenCV DNN is NCHW: every rank-4
// tensor lives in OpenCV as NCHW; weights are transposed, concat/pad axes
// remapped, and a Permute is inserted before a RESHAPE that leaves rank 4,
// so rank-2/3 outputs come out in TFLite's own layout.
#ifndef TC_VISION_TFLITE_NET_HPP
#define TC_VISION_TFLITE_NET_HPP

#include <opencv2/dnn.hpp>
#include <string>
#include <vector>

#include "vision/tflite.h"

namespace tc {

struct TfliteNet {
    cv::dnn::Net             net;
    std::vector<std::string> out_layers;   // one per requested output
    std::vector<int>         in_shape;     // TFLite NHWC input shape
};

// Build `out` from model `m`, computing only what the outputs named in
// `wanted` (TFLite tensor names; empty = all graph outputs) need. Returns
// TC_OK or a TC_E* code with the reason in `err`.
int tflite_build(TfliteNet &out, const tc_tfl_model *m,
                 const std::vector<std::string> &wanted, std::string &err);

} // namespace tc

#endif
