// vision/layers.hpp — tuckcam's own OpenCV DNN layers (private), used by the
// TFLite importer where OpenCV 4.6 is slow on these models' shapes:
// depthwise convolution (multiplier 1), which OpenCV runs through its
// generic grouped path at a few GFLOP/s. Bias and a clamp activation are
// fused; the hot loops live in simd.hpp. (A pointwise 1x1 layer was tried
// and measured slower than OpenCV's own on these models, so 1x1 stays
// with OpenCV.)
#ifndef TC_VISION_LAYERS_HPP
#define TC_VISION_LAYERS_HPP

#include <opencv2/dnn.hpp>

namespace tc {

// Layer type name to pass to Net::addLayer. Params: kernel_h, kernel_w,
// stride_h, stride_w, pad_mode ("SAME", "VALID" or "EXPLICIT" with
// pad_t, pad_b, pad_l, pad_r: a folded PAD), act_min, act_max
// (clamp; omit for none); blobs: weights [C,1,KH,KW], bias [C].
extern const char *const kDepthwiseLayer;

// Register the layer types with OpenCV's (process-wide) layer factory;
// safe to call from any thread, any number of times.
void register_layers();

} // namespace tc

#endif
