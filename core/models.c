/* core/models.c — model manifest, directory resolution and checked reads. */
#include "core/models.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/sha256.h"
#include "core/util.h"
#include "models_manifest.h" /* generated: tc_models__manifest[] */

static const char *const model_files[TC_MODEL_COUNT] = {
    "face_detection_short_range.tflite",
    "face_landmark.tflite",
    "pose_landmark_lite.tflite",
    "pose_landmark_full.tflite",
    "pose_landmark_heavy.tflite",
    "geometry_pipeline_metadata_landmarks.binarypb",
    "pose_detection.tflite",
};

const char *tc_model_filename(tc_model_id id)
{
    if ((int)id < 0 || id >= TC_MODEL_COUNT)
        return NULL;
    return model_files[id];
}

const char *tc_model_sha256(tc_model_id id)
{
    const char *name = tc_model_filename(id);
    if (!name)
        return NULL;
    for (size_t i = 0; i < TC_MODELS_MANIFEST_COUNT; i++)
        if (strcmp(tc_models__manifest[i].name, name) == 0)
            return tc_models__manifest[i].sha256;
    return NULL;
}

int tc_model_lookup(tc_model_id *out, const char *filename)
{
    for (int i = 0; i < TC_MODEL_COUNT; i++) {
        if (filename && strcmp(model_files[i], filename) == 0) {
            *out = (tc_model_id)i;
            return TC_OK;
        }
    }
    return TC_ENOENT;
}

int tc_models_dir(char *out, size_t cap, const char *flag_dir)
{
    const char *env = getenv(TC_MODELS_ENV);
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    int n;

    if (cap)
        out[0] = '\0';
    if (flag_dir && *flag_dir)
        n = snprintf(out, cap, "%s", flag_dir);
    else if (env && *env)
        n = snprintf(out, cap, "%s", env);
    else if (xdg && *xdg)
        n = snprintf(out, cap, "%s/tuckcam/models", xdg);
    else if (home && *home)
        n = snprintf(out, cap, "%s/.cache/tuckcam/models", home);
    else
        return TC_ENOENT;
    return n < 0 || (size_t)n >= cap ? TC_ERANGE : TC_OK;
}

int tc_model_read(uint8_t **out, size_t *out_size, const char *dir,
                  tc_model_id id, char *err, size_t errcap)
{
    const char *name = tc_model_filename(id);
    const char *want = tc_model_sha256(id);
    char path[4096], got[TC_SHA256_HEX_SIZE];
    uint8_t *buf = NULL;
    size_t size = 0;
    int rc;

    *out = NULL;
    *out_size = 0;
    if (!name || !want || !dir) {
        tc__fmt(err, errcap, "unknown model id %d", (int)id);
        return TC_EINVAL;
    }
    if (snprintf(path, sizeof path, "%s/%s", dir, name) >= (int)sizeof path) {
        tc__fmt(err, errcap, "model path too long: %s/%s", dir, name);
        return TC_ERANGE;
    }
    rc = tc__read_file(&buf, &size, path, SIZE_MAX / 2);
    if (rc < 0) {
        if (rc == TC_ENOENT)
            tc__fmt(err, errcap, "model file %s is missing; run "
                    "'tuckcam models fetch' to download the pinned models "
                    "(or pass --models DIR)", path);
        else
            tc__fmt(err, errcap, "cannot read model file %s: %s", path,
                    tc_strerror(rc));
        return rc;
    }
    tc_sha256_hex(got, buf, size);
    if (strcmp(got, want) != 0) {
        tc__fmt(err, errcap, "model file %s refused: SHA-256 mismatch "
                "(expected %s, got %s, %zu bytes); run "
                "'tuckcam models fetch' to replace it", path, want, got, size);
        free(buf);
        return TC_ECHECKSUM;
    }
    *out = buf;
    *out_size = size;
    return TC_OK;
}

int tc_model_verify(const char *dir, tc_model_id id, char *err, size_t errcap)
{
    uint8_t *buf;
    size_t size;
    int rc = tc_model_read(&buf, &size, dir, id, err, errcap);
    free(buf);
    return rc;
}
