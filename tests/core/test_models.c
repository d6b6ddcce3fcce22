/* tests/core/test_models.c — the model manifest, directory precedence, and
 * refusal of missing, tampered and truncated model files. When real models
 * are present, they must verify and a truncated copy must
 * be refused. (Default model directory, as tuckcam resolves it.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/models.h"
#include "core/sha256.h"

static char tmpdir[256];

static int make_tmp(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/tc_models_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmp(void **state)
{
    char cmd[300];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *dir, const char *name, const void *p,
                       size_t n)
{
    char path[512];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(p, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void manifest_is_complete(void **state)
{
    (void)state;
    for (int i = 0; i < TC_MODEL_COUNT; i++) {
        const char *sha = tc_model_sha256((tc_model_id)i);
        tc_model_id back;
        assert_non_null(tc_model_filename((tc_model_id)i));
        assert_non_null(sha);
        assert_int_equal(strlen(sha), 64);
        assert_int_equal(strspn(sha, "0123456789abcdef"), 64);
        assert_int_equal(tc_model_lookup(&back, tc_model_filename((tc_model_id)i)),
                         TC_OK);
        assert_int_equal(back, i);
    }
    assert_null(tc_model_filename(TC_MODEL_COUNT));
    assert_null(tc_model_sha256((tc_model_id)-1));
    assert_string_equal(tc_model_sha256(TC_MODEL_POSE_LITE),
        "f17bfbecadb61c3be1baa8b8d851cc6619c870a87167b32848ad20db306b9d61");
}

static void dir_precedence(void **state)
{
    char out[256];
    (void)state;
    setenv("HOME", "/home/u", 1);
    setenv("XDG_CACHE_HOME", "/xdg", 1);
    setenv(TC_MODELS_ENV, "/env/models", 1);
    assert_int_equal(tc_models_dir(out, sizeof out, "/flag"), TC_OK);
    assert_string_equal(out, "/flag");
    assert_int_equal(tc_models_dir(out, sizeof out, NULL), TC_OK);
    assert_string_equal(out, "/env/models");
    unsetenv(TC_MODELS_ENV);
    assert_int_equal(tc_models_dir(out, sizeof out, ""), TC_OK);
    assert_string_equal(out, "/xdg/tuckcam/models");
    unsetenv("XDG_CACHE_HOME");
    assert_int_equal(tc_models_dir(out, sizeof out, NULL), TC_OK);
    assert_string_equal(out, "/home/u/.cache/tuckcam/models");
    assert_int_equal(tc_models_dir(out, 8, NULL), TC_ERANGE);
    unsetenv("HOME");
    assert_int_equal(tc_models_dir(out, sizeof out, NULL), TC_ENOENT);
}

static void missing_is_refused_with_advice(void **state)
{
    char err[512];
    uint8_t *buf = (uint8_t *)1;
    size_t n = 7;
    (void)state;
    assert_int_equal(tc_model_read(&buf, &n, tmpdir, TC_MODEL_POSE_FULL, err,
                                   sizeof err), TC_ENOENT);
    assert_null(buf);
    assert_int_equal(n, 0);
    assert_non_null(strstr(err, "pose_landmark_full.tflite"));
    assert_non_null(strstr(err, "run 'tuckcam models fetch'"));
}

static void tampered_is_refused_naming_both_hashes(void **state)
{
    static const char junk[] = "not a model";
    char err[512], got[TC_SHA256_HEX_SIZE];
    (void)state;
    write_file(tmpdir, "face_landmark.tflite", junk, sizeof junk - 1);
    tc_sha256_hex(got, junk, sizeof junk - 1);
    assert_int_equal(tc_model_verify(tmpdir, TC_MODEL_FACE_LANDMARK, err,
                                     sizeof err), TC_ECHECKSUM);
    assert_non_null(strstr(err, "face_landmark.tflite"));
    assert_non_null(strstr(err, tc_model_sha256(TC_MODEL_FACE_LANDMARK)));
    assert_non_null(strstr(err, got));
}

static void real_models_verify_and_truncation_is_refused(void **state)
{
    char dir[512], err[512];
    uint8_t *buf;
    size_t n;
    (void)state;
    if (tc_models_dir(dir, sizeof dir, NULL) != TC_OK ||
        tc_model_read(&buf, &n, dir, TC_MODEL_FACE_DETECTOR, err,
                              sizeof err) != TC_OK) {
        skip(); /* models not fetched: the synthetic cases above still ran */
        return;
    }
    for (int i = 0; i < TC_MODEL_COUNT; i++)
        assert_int_equal(tc_model_verify(dir, (tc_model_id)i, err, sizeof err),
                         TC_OK);
    write_file(tmpdir, "face_detection_short_range.tflite", buf, n - 1);
    free(buf);
    assert_int_equal(tc_model_verify(tmpdir, TC_MODEL_FACE_DETECTOR, err,
                                     sizeof err), TC_ECHECKSUM);
    assert_non_null(strstr(err, tc_model_sha256(TC_MODEL_FACE_DETECTOR)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(manifest_is_complete),
        cmocka_unit_test(missing_is_refused_with_advice),
        cmocka_unit_test(tampered_is_refused_naming_both_hashes),
        cmocka_unit_test(real_models_verify_and_truncation_is_refused),
        cmocka_unit_test(dir_precedence),
    };
    return cmocka_run_group_tests(tests, make_tmp, remove_tmp);
}
