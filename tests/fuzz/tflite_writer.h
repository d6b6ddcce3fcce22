/* tests/fuzz/tflite_writer.h — writes tiny TFLite models (flatbuffers) from
 * a plain description: the fuzz seeds (make_tflite_seeds) and the tests of
 * the reader's limits (test_tflite_seeds) are made with it. Test code only:
 * a forward-only flatbuffer layout (every offset points forward, every
 * table field is 4 bytes wide), which the format allows and the reader
 * takes. No shared state. */
#ifndef TC_TESTS_FUZZ_TFLITE_WRITER_H
#define TC_TESTS_FUZZ_TFLITE_WRITER_H

#include <stddef.h>
#include <stdint.h>

#define TFW_MAX_TENSORS 16
#define TFW_MAX_OPS     8200       /* room for a model over TC_TFL_MAX_OPS */
#define TFW_MAX_IO      4
#define TFW_MAX_OPTS    8
#define TFW_MAX_DATA    256        /* 4-byte words of constant data a tensor */

typedef struct tfw_tensor {
    const char *name;
    int         rank;
    int32_t     shape[8];
    int         type;              /* enum tc_tfl_type */
    int         n_words;           /* constant data: words[0..n_words), or 0 */
    uint32_t    words[TFW_MAX_DATA];
    size_t      n_bytes;           /* bytes of `words` stored (0: 4 n_words) */
    int         sparse;            /* store sparse: the last dimension SPARSE_CSR
                                      over its non-zero elements (of 2 bytes for
                                      float16, else 4), the others DENSE */
    int         block;             /* with sparse: > 1 = CSR over blocks of this
                                      many elements of the last dimension (a
                                      block level and a block map) */
} tfw_tensor;

typedef struct tfw_op {
    int     code;                  /* builtin operator code */
    int     n_in, n_out;
    int32_t in[TFW_MAX_IO], out[TFW_MAX_IO];
    int     n_opts;                /* builtin options: n_opts 4-byte fields */
    int32_t opts[TFW_MAX_OPTS];
} tfw_op;

typedef struct tfw_model {
    int        n_tensors, n_ops, n_in, n_out;
    tfw_tensor t[TFW_MAX_TENSORS];
    tfw_op     op[TFW_MAX_OPS];
    int32_t    in[TFW_MAX_IO], out[TFW_MAX_IO];
} tfw_model;

/** Write model `m` as a .tflite file into `buf` (`cap` bytes); returns the
 * length, or 0 when it does not fit or `m` is out of the limits above. */
size_t tfw_write(uint8_t *buf, size_t cap, const tfw_model *m);

/** Number of seed models (tfw_seed). */
int tfw_seed_count(void);

/** Fill *m with seed model `i` (0 .. tfw_seed_count()-1): a few operators
 * the network builder supports, with consistent shapes. Returns its file
 * name ("conv.tflite"), or NULL for an `i` out of range. */
const char *tfw_seed(int i, tfw_model *m);

#endif /* TC_TESTS_FUZZ_TFLITE_WRITER_H */
