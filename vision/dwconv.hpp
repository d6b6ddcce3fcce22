// vision/dwconv.hpp — a depthwise convolution layer for OpenCV DNN
// (private). OpenCV 4.6 runs depthwise 5x5 kernels through its generic
// grouped path at a few GFLOP/s; this layer computes each channel with
// row-vector loops (AVX2/FMA where the CPU has them), with bias and the
// fused activation, and is what the TFLite importer uses for
// DEPTHWISE_CONV_2D with a depth multiplier of 1.
#ifndef TC_VISION_DWCONV_HPP
#define TC_VISION_DWCONV_HPP

#include <opencv2/dnn.hpp>

namespace tc {

// Layer type name to pass to Net::addLayer. Params: kernel_h, kernel_w,
// stride_h, stride_w, pad_mode ("SAME", "VALID" or "EXPLICIT" with
// pad_t, pad_b, pad_l, pad_r: a folded PAD), act_min, act_max
// (clamp; omit for none); blobs: weights [C,1,KH,KW], bias [C].
extern const char *const kDepthwiseLayer;

// Register the layer type with OpenCV's (process-wide) layer factory;
// safe to call from any thread, any number of times.
void register_depthwise_layer();

} // namespace tc

#endif
