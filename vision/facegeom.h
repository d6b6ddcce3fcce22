/* vision/facegeom.h — MediaPipe's canonical face geometry, read from its
 * GeometryPipelineMetadata protobuf (geometry_pipeline_metadata_landmarks
 * .binarypb) by a small bounds-checked wire-format reader: the 468 canonical
 * vertices (centimetres) and the weighted landmark basis used to fit a
 * head pose. Plain values; reentrant. */
#ifndef TC_VISION_FACEGEOM_H
#define TC_VISION_FACEGEOM_H

#include <stddef.h>
#include <stdint.h>
#include "core/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TC_FACEGEOM_VERTICES 468

typedef struct tc_face_geometry {
    float    vertex[TC_FACEGEOM_VERTICES][3];   /* x, y, z in cm */
    int      n_basis;                           /* landmarks in the basis */
    uint16_t basis_id[TC_FACEGEOM_VERTICES];
    float    basis_weight[TC_FACEGEOM_VERTICES];
} tc_face_geometry;

/** Parse the protobuf in `buf`; TC_EFORMAT with a reason in `err` when it
 * is malformed or does not hold 468 vertices of 5 floats. */
TC_NODISCARD int tc_face_geometry_parse(tc_face_geometry *out,
                                        const uint8_t *buf, size_t size,
                                        char *err, size_t errcap);

#ifdef __cplusplus
}
#endif
#endif /* TC_VISION_FACEGEOM_H */
