/* core/sha256.h — SHA-256 (FIPS 180-4), used to check pinned model files.
 * A tc_sha256 is a plain value on the caller's stack; no allocation, no
 * shared state, so any number may run on any threads. */
#ifndef TC_CORE_SHA256_H
#define TC_CORE_SHA256_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Hashing state; treat the fields as private. */
typedef struct tc_sha256 {
    uint32_t h[8];
    uint64_t nbytes;
    uint8_t  block[64];
    size_t   fill;
} tc_sha256;

/** Length of a digest in bytes, and of its hex text plus the NUL. */
#define TC_SHA256_SIZE 32
#define TC_SHA256_HEX_SIZE 65

/** Start a new hash in `st`. */
void tc_sha256_init(tc_sha256 *st);
/** Add `len` bytes at `data` (may be NULL when len is 0). */
void tc_sha256_update(tc_sha256 *st, const void *data, size_t len);
/** Finish: write the 32-byte digest to `out`; `st` must be re-inited. */
void tc_sha256_final(tc_sha256 *st, uint8_t out[TC_SHA256_SIZE]);
/** One-shot hash of a buffer into lower-case hex (65 bytes with NUL). */
void tc_sha256_hex(char out[TC_SHA256_HEX_SIZE], const void *data, size_t len);
/** Write a digest as lower-case hex (65 bytes with NUL). */
void tc_sha256_to_hex(char out[TC_SHA256_HEX_SIZE],
                      const uint8_t digest[TC_SHA256_SIZE]);

#ifdef __cplusplus
}
#endif
#endif /* TC_CORE_SHA256_H */
