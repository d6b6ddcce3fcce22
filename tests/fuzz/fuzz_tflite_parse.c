/* tests/fuzz/fuzz_tflite_parse.c — libFuzzer target: any bytes through the
 * TFLite flatbuffer reader alone (tc_tfl_parse: tensors, buffers, sparse
 * densification, operators, options), no network. A model it accepts is
 * checked to hold what the builder relies on: every tensor index in
 * range, every constant inside the input or the model's own copy, of the
 * size its shape and type say. Seeds: tests/fuzz/seeds/tflite/ (made by
 * make_tflite_seeds). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vision/tflite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int index_ok(const tc_tfl_model *m, int32_t t)
{
    return t >= -1 && (t < 0 || (size_t)t < m->n_tensors);
}

static void check_tensor(const tc_tfl_tensor *t, const uint8_t *data, size_t size)
{
    const uint8_t *d = t->data;
    if (!t->name || t->rank < 0 || t->rank > TC_TFL_MAX_RANK)
        abort();
    for (int i = 0; i < t->rank; i++)
        if (t->shape[i] < 0)
            abort();
    if (d && !t->dense && (d < data || t->size > size || d > data + (size - t->size)))
        abort();
    if (d && t->size)    /* every byte readable (ASan says if not) */
        (void)memchr(d, 0x5a, t->size);
}

static void check_model(const tc_tfl_model *m, const uint8_t *data, size_t size)
{
    if (m->n_tensors < 1 || m->n_ops < 1 || m->n_inputs < 1 || m->n_outputs < 1)
        abort();
    for (size_t i = 0; i < m->n_tensors; i++)
        check_tensor(&m->tensors[i], data, size);
    for (size_t i = 0; i < m->n_ops; i++) {
        const tc_tfl_op *op = &m->ops[i];
        if (op->n_out < 1 || op->out[0] < 0)
            abort();
        for (int k = 0; k < op->n_in; k++)
            if (!index_ok(m, op->in[k]))
                abort();
        for (int k = 0; k < op->n_out; k++)
            if (!index_ok(m, op->out[k]))
                abort();
    }
    for (int k = 0; k < m->n_inputs; k++)
        if (!index_ok(m, m->inputs[k]))
            abort();
    for (int k = 0; k < m->n_outputs; k++)
        if (!index_ok(m, m->outputs[k]))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tc_tfl_model *m = (tc_tfl_model *)1;
    char err[256];
    int rc = tc_tfl_parse(&m, data, size, err, sizeof err);
    if (!memchr(err, '\0', sizeof err))
        abort();
    if (rc < 0) {
        if (m)
            abort();
        return 0;
    }
    check_model(m, data, size);
    tc_tfl_free(m);
    return 0;
}
