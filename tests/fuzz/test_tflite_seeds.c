/* tests/fuzz/test_tflite_seeds.c — the TFLite fuzz seeds and the reader's
 * work limits: every seed model (tflite_seeds.c) parses and builds into a
 * network; the committed files under tests/fuzz/seeds/tflite/ are the ones
 * make_tflite_seeds writes (argv[1]: that folder); a model over a limit
 * of tflite.h (elements in a tensor, in all tensors, operators) is refused
 * with TC_EUNSUPPORTED and the limit named, while every pinned model still
 * parses and builds; and the cases the fuzz targets found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/models.h"
#include "tests/fuzz/tflite_writer.h"
#include "vision/tflite.h"
#include "vision/vision.h"

enum { CAP = 1 << 20 };

typedef struct fixture {
    tfw_model  *m;
    uint8_t    *buf;
    const char *dir;               /* the committed seeds */
} fixture;

static int setup(void **state)
{
    fixture *x = calloc(1, sizeof *x);
    if (!x)
        return -1;
    x->m = malloc(sizeof *x->m);
    x->buf = malloc(CAP);
    x->dir = *state;
    *state = x;
    return x->m && x->buf ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *x = *state;
    free(x->m);
    free(x->buf);
    free(x);
    return 0;
}

static void seeds_parse_and_build(void **state)
{
    fixture *x = *state;
    for (int i = 0; i < tfw_seed_count(); i++) {
        const char *name = tfw_seed(i, x->m);
        size_t n = tfw_write(x->buf, CAP, x->m);
        tc_tfl_model *p;
        char err[256];
        assert_non_null(name);
        assert_true(n > 0);
        if (tc_tfl_parse(&p, x->buf, n, err, sizeof err) != TC_OK)
            fail_msg("%s: %s", name, err);
        assert_int_equal(p->n_ops, (size_t)x->m->n_ops);
        assert_int_equal(p->n_tensors, (size_t)x->m->n_tensors);
        for (int t = 0; t < x->m->n_tensors; t++) {   /* sparse: densified back */
            const tfw_tensor *want = &x->m->t[t];
            size_t bytes = want->n_bytes ? want->n_bytes : 4 * (size_t)want->n_words;
            if (!want->n_words)
                continue;
            assert_int_equal(p->tensors[t].size, bytes);
            assert_memory_equal(p->tensors[t].data, want->words, bytes);
            assert_true(!want->sparse || p->tensors[t].dense);
        }
        tc_tfl_free(p);
        if (tc_vision_model_check(x->buf, n, err, sizeof err) != TC_OK)
            fail_msg("%s: %s", name, err);
    }
}

static void committed_seeds_are_current(void **state)
{
    fixture *x = *state;
    static uint8_t file[1 << 16];
    for (int i = 0; i < tfw_seed_count(); i++) {
        const char *name = tfw_seed(i, x->m);
        size_t n = tfw_write(x->buf, CAP, x->m), got;
        char path[4096];
        FILE *f;
        snprintf(path, sizeof path, "%s/%s", x->dir, name);
        f = fopen(path, "rb");
        if (!f)
            fail_msg("%s: missing (make_tflite_seeds %s)", path, x->dir);
        got = fread(file, 1, sizeof file, f);
        fclose(f);
        if (got != n || memcmp(file, x->buf, n) != 0)
            fail_msg("%s: not what make_tflite_seeds writes now", path);
    }
}

/* Parse x->m; expect TC_EUNSUPPORTED with `words` in the message. */
static void refused(fixture *x, const char *words)
{
    size_t n = tfw_write(x->buf, CAP, x->m);
    tc_tfl_model *p = (tc_tfl_model *)1;
    char err[256];
    assert_true(n > 0);
    int rc = tc_tfl_parse(&p, x->buf, n, err, sizeof err);
    if (rc != TC_EUNSUPPORTED || !strstr(err, words))
        fail_msg("got %d '%s', want TC_EUNSUPPORTED '%s'", rc, err, words);
    assert_null(p);
    assert_int_equal(tc_vision_model_check(x->buf, n, err, sizeof err),
                     TC_EUNSUPPORTED);
}

static void huge_tensor_is_refused(void **state)
{
    fixture *x = *state;
    tfw_tensor *in = &x->m->t[0];
    (void)tfw_seed(0, x->m);           /* conv: input [1, 8, 8, 3] */
    in->shape[1] = in->shape[2] = 8192; /* 201 M elements */
    refused(x, "tensor 0 'input': more than 67108864 elements");
    in->shape[1] = 4096;               /* 100 M */
    refused(x, "more than 67108864 elements");
    in->shape[1] = in->shape[2] = 4096;
    in->shape[3] = 4;                  /* 64 M: at the limit, taken */
    size_t n = tfw_write(x->buf, CAP, x->m);
    tc_tfl_model *p;
    char err[256];
    assert_int_equal(tc_tfl_parse(&p, x->buf, n, err, sizeof err), TC_OK);
    tc_tfl_free(p);
}

static void total_elements_are_capped(void **state)
{
    fixture *x = *state;
    static const int big[4] = { 0, 3, 5, 6 }; /* [1, 4, 4, C]-like tensors */
    (void)tfw_seed(0, x->m);
    for (int k = 0; k < 4; k++) {      /* 4 x 2^26 elements + the weights */
        tfw_tensor *t = &x->m->t[big[k]];
        t->shape[1] = t->shape[2] = 4096;
        t->shape[3] = 4;
    }
    refused(x, "elements in its tensors, over tuckcam's limit of 268435456");
}

static void operator_count_is_capped(void **state)
{
    fixture *x = *state;
    tfw_model *m = x->m;
    (void)tfw_seed(0, m);
    for (int i = m->n_ops; i <= TC_TFL_MAX_OPS; i++) {  /* LOGISTIC again */
        m->op[i] = m->op[2];
        m->op[i].in[0] = m->op[i].out[0] = 6;
    }
    m->n_ops = TC_TFL_MAX_OPS + 1;
    refused(x, "8193 operators, over tuckcam's limit of 8192");
}

/* Parse x->m; expect TC_EFORMAT from the reader and from the model check
 * (which would build the network: no crash). */
static void corrupt(fixture *x, const char *what)
{
    size_t n = tfw_write(x->buf, CAP, x->m);
    tc_tfl_model *p = (tc_tfl_model *)1;
    char err[256];
    assert_true(n > 0);
    int rc = tc_tfl_parse(&p, x->buf, n, err, sizeof err);
    if (rc != TC_EFORMAT || !strstr(err, "corrupt"))
        fail_msg("%s: got %d '%s', want TC_EFORMAT", what, rc, err);
    assert_null(p);
    assert_int_equal(tc_vision_model_check(x->buf, n, err, sizeof err), TC_EFORMAT);
}

/* Found by fuzz_tflite_build: an absent (-1) graph output indexed the
 * builder's arrays at -1 (UBSan: vector offset overflow). */
static void absent_graph_tensors_are_refused(void **state)
{
    fixture *x = *state;
    (void)tfw_seed(0, x->m);
    x->m->out[0] = -1;
    corrupt(x, "graph output -1");
    (void)tfw_seed(0, x->m);
    x->m->in[0] = -1;
    corrupt(x, "graph input -1");
}

/* An operator without its first output, its data or its weights. */
static void operators_without_inputs_are_refused(void **state)
{
    fixture *x = *state;
    (void)tfw_seed(0, x->m);
    x->m->op[2].out[0] = -1;
    corrupt(x, "LOGISTIC output -1");
    (void)tfw_seed(0, x->m);
    x->m->op[0].in[1] = -1;
    corrupt(x, "CONV_2D weights -1");
    (void)tfw_seed(0, x->m);
    x->m->op[0].n_in = 1;
    corrupt(x, "CONV_2D with one input");
    (void)tfw_seed(2, x->m);          /* pool_concat */
    x->m->op[2].in[1] = -1;
    corrupt(x, "CONCATENATION input -1");
    (void)tfw_seed(1, x->m);          /* depthwise: PAD, ADD */
    x->m->op[0].n_in = 1;
    corrupt(x, "PAD without paddings");
    x->m->op[0].n_in = 2;
    x->m->op[2].in[0] = -1;
    corrupt(x, "ADD of an absent tensor");
}

/* A dimension of 0: channels 0 divided the depthwise multiplier check. */
static void zero_dimensions_are_refused(void **state)
{
    fixture *x = *state;
    (void)tfw_seed(1, x->m);          /* depthwise, input [1, 6, 6, 4] */
    x->m->t[0].shape[3] = 0;
    corrupt(x, "input channels 0");
}

/* A PAD whose one consumer has one input (a RELU): the pad folding read
 * that consumer's second input, past its input list (ASan). The builder
 * takes the model (it checks no shapes of elementwise operators). */
static void pad_before_a_one_input_operator_builds(void **state)
{
    fixture *x = *state;
    char err[256];
    (void)tfw_seed(1, x->m);          /* depthwise: PAD -> DEPTHWISE_CONV_2D */
    x->m->op[1].code = TC_TFL_RELU;
    x->m->op[1].n_in = 1;
    x->m->op[1].n_opts = 0;
    x->m->t[5].shape[1] = x->m->t[5].shape[2] = 8;  /* its output: [1, 8, 8, 4] */
    size_t n = tfw_write(x->buf, CAP, x->m);
    assert_true(n > 0);
    if (tc_vision_model_check(x->buf, n, err, sizeof err) != TC_OK)
        fail_msg("%s", err);
}

/* The limits are sane: every pinned TFLite model passes the model check
 * (parse and build). Skipped without the models. */
static void pinned_models_pass_the_check(void **state)
{
    static const tc_model_id ids[] = { TC_MODEL_FACE_DETECTOR, TC_MODEL_FACE_LANDMARK,
                                       TC_MODEL_POSE_LITE, TC_MODEL_POSE_FULL,
                                       TC_MODEL_POSE_HEAVY, TC_MODEL_POSE_DETECTOR };
    char dir[1024], err[512];
    (void)state;
    if (tc_models_dir(dir, sizeof dir, NULL) < 0)
        skip();
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        uint8_t *buf = NULL;
        size_t n;
        if (tc_model_read(&buf, &n, dir, ids[i], err, sizeof err) < 0)
            skip();
        int rc = tc_vision_model_check(buf, n, err, sizeof err);
        free(buf);
        if (rc != TC_OK)
            fail_msg("%s: %s", tc_model_filename(ids[i]), err);
    }
}

int main(int argc, char **argv)
{
    void *dir = argc > 1 ? argv[1] : "tests/fuzz/seeds/tflite";
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_prestate_setup_teardown(seeds_parse_and_build, setup, teardown, dir),
        cmocka_unit_test_prestate_setup_teardown(committed_seeds_are_current, setup,
                                                 teardown, dir),
        cmocka_unit_test(pinned_models_pass_the_check),
        cmocka_unit_test_prestate_setup_teardown(huge_tensor_is_refused, setup, teardown, dir),
        cmocka_unit_test_prestate_setup_teardown(total_elements_are_capped, setup, teardown,
                                                 dir),
        cmocka_unit_test_prestate_setup_teardown(operator_count_is_capped, setup, teardown,
                                                 dir),
        cmocka_unit_test_prestate_setup_teardown(absent_graph_tensors_are_refused, setup,
                                                 teardown, dir),
        cmocka_unit_test_prestate_setup_teardown(operators_without_inputs_are_refused, setup,
                                                 teardown, dir),
        cmocka_unit_test_prestate_setup_teardown(zero_dimensions_are_refused, setup, teardown,
                                                 dir),
        cmocka_unit_test_prestate_setup_teardown(pad_before_a_one_input_operator_builds, setup,
                                                 teardown, dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
