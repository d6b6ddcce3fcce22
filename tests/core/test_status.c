/* tests/core/test_status.c — tc_strerror and errno mapping. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "core/status.h"

static void every_code_has_distinct_text(void **state)
{
    (void)state;
    for (int a = 0; a > -TC_STATUS_COUNT; a--) {
        const char *ta = tc_strerror(a);
        assert_non_null(ta);
        assert_string_not_equal(ta, "unknown error");
        for (int b = a - 1; b > -TC_STATUS_COUNT; b--)
            assert_string_not_equal(ta, tc_strerror(b));
    }
}

static void unknown_codes_never_null(void **state)
{
    (void)state;
    assert_string_equal(tc_strerror(1), "unknown error");
    assert_string_equal(tc_strerror(-TC_STATUS_COUNT), "unknown error");
    assert_string_equal(tc_strerror(-1000000), "unknown error");
    assert_string_equal(tc_strerror(TC_ENOSPC), "no space left on device");
}

static void errno_mapping(void **state)
{
    (void)state;
    assert_int_equal(tc_status_from_errno(0), TC_OK);
    assert_int_equal(tc_status_from_errno(ENOENT), TC_ENOENT);
    assert_int_equal(tc_status_from_errno(ENODEV), TC_ENODEV);
    assert_int_equal(tc_status_from_errno(ENOSPC), TC_ENOSPC);
    assert_int_equal(tc_status_from_errno(EFBIG), TC_ENOSPC);
    assert_int_equal(tc_status_from_errno(EDQUOT), TC_ENOSPC);
    assert_int_equal(tc_status_from_errno(EBUSY), TC_EBUSY);
    assert_int_equal(tc_status_from_errno(EACCES), TC_EACCES);
    assert_int_equal(tc_status_from_errno(EPERM), TC_EACCES);
    assert_int_equal(tc_status_from_errno(EISDIR), TC_EISDIR);
    assert_int_equal(tc_status_from_errno(ENOTDIR), TC_ENOTDIR);
    assert_int_equal(tc_status_from_errno(EPIPE), TC_EIO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_code_has_distinct_text),
        cmocka_unit_test(unknown_codes_never_null),
        cmocka_unit_test(errno_mapping),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
