/* vision/tflite.h — a bounds-checked reader for TFLite model files
 * (flatbuffers), written for the operators of the pinned MediaPipe models.
 * Every offset is checked against the file size: a truncated, corrupt or
 * hostile file gives TC_EFORMAT and a message, never a read out of bounds.
 * The parsed model borrows constant data from the caller's buffer, which
 * must outlive it; sparse constant tensors (TFLite sparsity, as the pose
 * detector stores its 1x1 weights) are densified at parse time into memory
 * the model owns, so DENSIFY is a no-op for the network builder.
 * Reentrant; no shared state. */
#ifndef TC_VISION_TFLITE_H
#define TC_VISION_TFLITE_H

#include <stddef.h>
#include <stdint.h>
#include "core/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TC_TFL_MAX_RANK 8

/* Work limits: a model over one is refused with TC_EUNSUPPORTED and the
 * number named, before anything is sized by it. Far above the pinned
 * models (at most 1,098 tensors, 689 operators, 1.6 M elements in one
 * tensor, 62 M in all: pose_landmark_heavy), far below what would need
 * gigabytes: a corrupt or hostile shape cannot make the loader ask for
 * more (and the input tensor, which sizes a forward pass, is bounded). */
#define TC_TFL_MAX_TENSORS        16384
#define TC_TFL_MAX_OPS            8192
#define TC_TFL_MAX_ELEMENTS       (1L << 26)  /* in one tensor */
#define TC_TFL_MAX_TOTAL_ELEMENTS (1L << 28)  /* summed over all tensors */

/** TFLite builtin operator codes used by tuckcam (schema numbering). */
enum tc_tfl_opcode {
    TC_TFL_ADD = 0, TC_TFL_CONCATENATION = 2, TC_TFL_CONV_2D = 3,
    TC_TFL_DEPTHWISE_CONV_2D = 4, TC_TFL_DEQUANTIZE = 6, TC_TFL_LOGISTIC = 14,
    TC_TFL_MAX_POOL_2D = 17, TC_TFL_RELU = 19, TC_TFL_RELU6 = 21,
    TC_TFL_RESHAPE = 22, TC_TFL_RESIZE_BILINEAR = 23, TC_TFL_PAD = 34,
    TC_TFL_PRELU = 54, TC_TFL_DEPTH_TO_SPACE = 5, TC_TFL_DENSIFY = 124
};

/** Tensor element types (schema numbering). */
enum tc_tfl_type { TC_TFL_FLOAT32 = 0, TC_TFL_FLOAT16 = 1, TC_TFL_INT32 = 2 };

/** Fused activations. */
enum tc_tfl_act { TC_TFL_ACT_NONE = 0, TC_TFL_ACT_RELU = 1,
                  TC_TFL_ACT_RELU_N1_TO_1 = 2, TC_TFL_ACT_RELU6 = 3 };

typedef struct tc_tfl_tensor {
    char          *name;          /* owned, NUL-terminated */
    int            rank;
    int32_t        shape[TC_TFL_MAX_RANK];
    int            type;          /* enum tc_tfl_type or another schema type */
    const uint8_t *data;          /* constant data in the model, or NULL */
    size_t         size;          /* bytes at data */
    void          *dense;         /* owned: densified copy of sparse data (data
                                     points here), or NULL */
} tc_tfl_tensor;

typedef struct tc_tfl_op {
    int      code;                /* builtin operator code */
    int      n_in, n_out;
    int32_t *in, *out;            /* tensor indices (owned); -1 = absent */
    /* options; fields that do not apply stay 0 */
    int      padding_valid;       /* 0 SAME, 1 VALID */
    int      stride_w, stride_h, dilation_w, dilation_h, depth_multiplier;
    int      filter_w, filter_h;
    int      act;                 /* enum tc_tfl_act */
    int      axis;                /* CONCATENATION */
    int      align_corners, half_pixel_centers;
    int      block_size;          /* DEPTH_TO_SPACE */
} tc_tfl_op;

typedef struct tc_tfl_model {
    tc_tfl_tensor *tensors;
    size_t         n_tensors;
    tc_tfl_op     *ops;
    size_t         n_ops;
    int32_t       *inputs, *outputs;
    int            n_inputs, n_outputs;
} tc_tfl_model;

/** Name of a builtin operator code ("CONV_2D"), or "BUILTIN_<n>". The text
 * is static for known codes; for others it is written to `buf`. */
const char *tc_tfl_opname(int code, char *buf, size_t cap);

/** Parse `size` bytes at `buf` (kept alive by the caller) into *out; on
 * failure *out is NULL and `err` says what is wrong: TC_EFORMAT (corrupt),
 * TC_EUNSUPPORTED (an operator or type outside the supported set, or a
 * model over a TC_TFL_MAX_* limit, named). A parsed model has every
 * dimension >= 1, graph inputs and outputs that name tensors, and every
 * operator's first output and required inputs (data; weights, paddings,
 * slope or second addend; every input of a concatenation) present. */
TC_NODISCARD int tc_tfl_parse(tc_tfl_model **out, const uint8_t *buf,
                              size_t size, char *err, size_t errcap);

/** Free a parsed model; NULL is a no-op. */
void tc_tfl_free(tc_tfl_model *m);

#ifdef __cplusplus
}
#endif
#endif /* TC_VISION_TFLITE_H */
