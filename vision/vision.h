/* vision/vision.h — the C face of the vision library (neural networks on
 * OpenCV DNN, geometry). No OpenCV type appears here; every function is
 * callable from C and never lets a C++ exception escape. */
#ifndef TC_VISION_VISION_H
#define TC_VISION_VISION_H

#include <stddef.h>
#include "core/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Write the OpenCV version and build facts that matter to tuckcam (DNN
 * backend, threads) into `out` (`cap` bytes, always terminated). */
void tc_vision_describe(char *out, size_t cap);

/** Number of threads OpenCV uses for DNN inference. */
int tc_vision_get_threads(void);

#ifdef __cplusplus
}
#endif
#endif /* TC_VISION_VISION_H */
