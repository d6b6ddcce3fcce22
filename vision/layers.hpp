// vision/layers.hpp — tuckcam's own OpenCV DNN layers (private), used by the
// TFLite importer where OpenCV 4.6 is slow on these models' shapes:
// depthwise convolution (multiplier 1), which OpenCV runs through its
// generic grouped path at a few GFLOP/s, and pointwise (1x1) convolution,
// which OpenCV 4.6 runs at 13-43 GFLOP/s on these shapes (measured per
// layer on pose full; the register tiles of gemm.cpp reach 50-170). Bias
// and a clamp activation are fused; the hot loops live in simd.hpp.
#ifndef TC_VISION_LAYERS_HPP
#define TC_VISION_LAYERS_HPP

#include <opencv2/dnn.hpp>

namespace tc {

// Layer type name to pass to Net::addLayer. Params: kernel_h, kernel_w,
// stride_h, stride_w, pad_mode ("SAME", "VALID" or "EXPLICIT" with
// pad_t, pad_b, pad_l, pad_r: a folded PAD), act_min, act_max
// (clamp; omit for none); blobs: weights [C,1,KH,KW], bias [C].
extern const char *const kDepthwiseLayer;

// Pointwise convolution, kernel 1x1, stride 1. Params: act_min, act_max
// (clamp; omit for none); blobs: weights [O, K] (2-D), bias [O].
extern const char *const kPointwiseLayer;

// TFLite DEPTH_TO_SPACE (NHWC channel order) on an NCHW tensor. Params:
// block_size.
extern const char *const kDepthToSpaceLayer;

// Register the layer types with OpenCV's (process-wide) layer factory;
// safe to call from any thread, any number of times.
void register_layers();

} // namespace tc

#endif
