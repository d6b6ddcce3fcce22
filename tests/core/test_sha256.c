/* tests/core/test_sha256.c — FIPS 180-4 / NIST test vectors, and streaming
 * in odd-sized pieces gives the same digest as one shot. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/sha256.h"

static void nist_vectors(void **state)
{
    char hex[TC_SHA256_HEX_SIZE];
    (void)state;
    tc_sha256_hex(hex, "", 0);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
                             "27ae41e4649b934ca495991b7852b855");
    tc_sha256_hex(hex, "abc", 3);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
                             "b00361a396177a9cb410ff61f20015ad");
    tc_sha256_hex(hex, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
                  56);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039"
                             "a33ce45964ff2167f6ecedd419db06c1");
}

static void million_a(void **state)
{
    char hex[TC_SHA256_HEX_SIZE];
    uint8_t d[TC_SHA256_SIZE];
    char chunk[1000];
    tc_sha256 st;
    (void)state;
    memset(chunk, 'a', sizeof chunk);
    tc_sha256_init(&st);
    for (int i = 0; i < 1000; i++)
        tc_sha256_update(&st, chunk, sizeof chunk);
    tc_sha256_final(&st, d);
    tc_sha256_to_hex(hex, d);
    assert_string_equal(hex, "cdc76e5c9914fb9281a1c7e284d73e67"
                             "f1809a48a497200e046d39ccc7112cd0");
}

static void streaming_matches_one_shot(void **state)
{
    enum { N = 1031 };
    uint8_t data[N], d[TC_SHA256_SIZE];
    char one[TC_SHA256_HEX_SIZE], many[TC_SHA256_HEX_SIZE];
    (void)state;
    for (size_t i = 0; i < N; i++)
        data[i] = (uint8_t)(i * 131u + 7u);
    tc_sha256_hex(one, data, N);
    for (size_t piece = 1; piece < 130; piece += 7) {
        tc_sha256 st;
        tc_sha256_init(&st);
        for (size_t off = 0; off < N; off += piece)
            tc_sha256_update(&st, data + off, N - off < piece ? N - off : piece);
        tc_sha256_final(&st, d);
        tc_sha256_to_hex(many, d);
        assert_string_equal(one, many);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nist_vectors),
        cmocka_unit_test(million_a),
        cmocka_unit_test(streaming_matches_one_shot),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
