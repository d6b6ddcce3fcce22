/* tests/formats/test_write_file.c — tc_write_atomic touches nothing but
 * the named file: a regular file replaced whole, a symlink's target
 * replaced and the link kept, a FIFO written through and still a FIFO
 * (a rename over a device once made root's /dev/full a plain file), a
 * folder and a link to nothing refused, a link planted at the temporary's
 * name never followed. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "formats/formats.h"
#include "tests/files.h"

static char dir[256];

static const char *tmp(const char *name)
{
    static char path[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "%s/%s", dir, name);
    return path[k];
}

/* tc_write_atomic of the string s to path; its status. */
static int put(const char *path, const char *s)
{
    char err[256];
    return tc_write_atomic(path, s, strlen(s), err, sizeof err);
}

static void a_file_is_replaced_whole(void **state)
{
    size_t len;
    (void)state;
    assert_int_equal(put(tmp("plain.txt"), "first, and longer"), TC_OK);
    assert_int_equal(put(tmp("plain.txt"), "second"), TC_OK);
    char *got = tc_test_slurp(tmp("plain.txt"), &len);
    assert_string_equal(got, "second");
    free(got);
}

static void a_symlink_keeps_pointing_at_its_target(void **state)
{
    struct stat st;
    size_t len;
    (void)state;
    assert_int_equal(put(tmp("target.txt"), "old"), TC_OK);
    assert_int_equal(symlink(tmp("target.txt"), tmp("link.txt")), 0);
    assert_int_equal(put(tmp("link.txt"), "new"), TC_OK);
    assert_int_equal(lstat(tmp("link.txt"), &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    char *got = tc_test_slurp(tmp("target.txt"), &len);
    assert_string_equal(got, "new");
    free(got);
}

static void a_fifo_is_written_through(void **state)
{
    struct stat st;
    char buf[32] = { 0 };
    (void)state;
    assert_int_equal(mkfifo(tmp("pipe"), 0600), 0);
    int rd = open(tmp("pipe"), O_RDONLY | O_NONBLOCK);   /* a reader, so the write opens */
    assert_true(rd >= 0);
    assert_int_equal(put(tmp("pipe"), "through"), TC_OK);
    assert_int_equal(read(rd, buf, sizeof buf - 1), 7);
    assert_string_equal(buf, "through");
    close(rd);
    assert_int_equal(stat(tmp("pipe"), &st), 0);
    assert_true(S_ISFIFO(st.st_mode));
}

static void a_folder_and_a_dangling_link_are_refused(void **state)
{
    struct stat st;
    (void)state;
    assert_int_equal(mkdir(tmp("folder"), 0700), 0);
    assert_int_equal(put(tmp("folder"), "x"), TC_EISDIR);
    assert_int_equal(stat(tmp("folder"), &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(symlink(tmp("nothing.txt"), tmp("dangling")), 0);
    assert_int_equal(put(tmp("dangling"), "x"), TC_ENOENT);
    assert_int_not_equal(access(tmp("nothing.txt"), F_OK), 0);
}

/* A file that cannot be made is said by its own name, not the
 * temporary's (NAME.tmp.PID, which the user never asked for). */
static void an_error_names_the_file_not_the_temporary(void **state)
{
    char err[256] = "", want[600];
    (void)state;
    assert_int_equal(tc_write_atomic(tmp("no/such/folder.txt"), "x", 1, err, sizeof err),
                     TC_ENOENT);
    printf("  %s\n", err);
    snprintf(want, sizeof want, "%s: ", tmp("no/such/folder.txt"));
    assert_int_equal(strncmp(err, want, strlen(want)), 0);
    assert_null(strstr(err, ".tmp."));
}

static void a_link_at_the_temporary_is_not_followed(void **state)
{
    char name[64];
    size_t len;
    (void)state;
    assert_int_equal(put(tmp("victim.txt"), "untouched"), TC_OK);
    snprintf(name, sizeof name, "out.txt.tmp.%ld", (long)getpid());
    assert_int_equal(symlink(tmp("victim.txt"), tmp(name)), 0);
    assert_int_equal(put(tmp("out.txt"), "mine"), TC_OK);
    char *got = tc_test_slurp(tmp("victim.txt"), &len);
    assert_string_equal(got, "untouched");
    free(got);
    got = tc_test_slurp(tmp("out.txt"), &len);
    assert_string_equal(got, "mine");
    free(got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_file_is_replaced_whole),
        cmocka_unit_test(a_symlink_keeps_pointing_at_its_target),
        cmocka_unit_test(a_fifo_is_written_through),
        cmocka_unit_test(a_folder_and_a_dangling_link_are_refused),
        cmocka_unit_test(a_link_at_the_temporary_is_not_followed),
        cmocka_unit_test(an_error_names_the_file_not_the_temporary),
    };
    if (tc_test_mkdir(dir, sizeof dir, "tc_write") < 0)
        return 1;
    return tc_test_rmdir(dir, cmocka_run_group_tests(tests, NULL, NULL));
}
