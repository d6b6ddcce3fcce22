/* core/models.h — the pinned MediaPipe model files and their SHA-256.
 * The table is generated at build time from models/models.sha256, the one
 * source of truth shared with scripts/fetch-models.sh. Reading a model hashes
 * the very bytes that are returned, so a file swapped between the check and
 * the use cannot slip through. Everything here is reentrant. */
#ifndef TC_CORE_MODELS_H
#define TC_CORE_MODELS_H

#include <stddef.h>
#include <stdint.h>
#include "core/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The model files tuckcam knows. */
typedef enum tc_model_id {
    TC_MODEL_FACE_DETECTOR = 0, /* BlazeFace short range, 128x128 */
    TC_MODEL_FACE_LANDMARK,     /* 468-point face mesh, 192x192 */
    TC_MODEL_POSE_LITE,         /* BlazePose GHUM lite, 256x256 */
    TC_MODEL_POSE_FULL,
    TC_MODEL_POSE_HEAVY,
    TC_MODEL_FACE_GEOMETRY,     /* canonical face geometry (protobuf) */
    TC_MODEL_POSE_DETECTOR,     /* BlazePose detector, 224x224 (sparse weights) */
    TC_MODEL_COUNT
} tc_model_id;

/** Environment variable that overrides the default model directory. */
#define TC_MODELS_ENV "TUCKCAM_MODELS"

/** File name of model `id` ("pose_landmark_lite.tflite"); NULL if unknown. */
const char *tc_model_filename(tc_model_id id);

/** Pinned lower-case hex SHA-256 of model `id`; NULL if unknown. */
const char *tc_model_sha256(tc_model_id id);

/** Model id for a file name; TC_ENOENT if it is not a pinned model. */
TC_NODISCARD int tc_model_lookup(tc_model_id *out, const char *filename);

/** Resolve the model directory into `out` (`cap` bytes): `flag_dir` when
 * non-empty, else $TUCKCAM_MODELS, else $XDG_CACHE_HOME/tuckcam/models,
 * else $HOME/.cache/tuckcam/models. TC_ERANGE if it does not fit,
 * TC_ENOENT when no candidate is set at all. */
TC_NODISCARD int tc_models_dir(char *out, size_t cap, const char *flag_dir);

/** Read model `id` from `dir` into a new malloc'd buffer (*out, freed by the
 * caller with free()) and check its SHA-256. On failure *out is NULL and
 * `err` (may be NULL) holds a message: TC_ENOENT names the missing file and
 * how to fetch it; TC_ECHECKSUM names the file, the expected and the actual
 * hash. */
TC_NODISCARD int tc_model_read(uint8_t **out, size_t *out_size,
                               const char *dir, tc_model_id id,
                               char *err, size_t errcap);

/** Check model `id` in `dir` without keeping it; messages as tc_model_read. */
TC_NODISCARD int tc_model_verify(const char *dir, tc_model_id id,
                                 char *err, size_t errcap);

#ifdef __cplusplus
}
#endif
#endif /* TC_CORE_MODELS_H */
