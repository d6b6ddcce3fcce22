/* tests/core/test_linelog.c — the crash-safe line log: lines come back in
 * order; a child killed with SIGKILL leaves every line it wrote; a full
 * disk (file size limit) is TC_ENOSPC with the earlier lines intact. */
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/linelog.h"

static char path[64];

static int mk(void **state)
{
    int fd;
    (void)state;
    strcpy(path, "/tmp/tc_linelog_XXXXXX");
    fd = mkstemp(path);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

static int rm(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

/* Whole lines in the file (a final line without newline is not counted),
 * checking that line k reads "line k". */
static int whole_lines(void)
{
    FILE *f = fopen(path, "r");
    char buf[128];
    int n = 0;
    assert_non_null(f);
    while (fgets(buf, sizeof buf, f)) {
        char want[32];
        if (!strchr(buf, '\n'))
            break;
        snprintf(want, sizeof want, "line %d\n", n);
        assert_string_equal(buf, want);
        n++;
    }
    fclose(f);
    return n;
}

static void lines_come_back(void **state)
{
    tc_linelog *l;
    char line[32];
    (void)state;
    assert_int_equal(tc_linelog_create(&l, path, 0), TC_OK);
    for (int i = 0; i < 100; i++) {
        snprintf(line, sizeof line, "line %d", i);
        assert_int_equal(tc_linelog_write(l, line, i * 10000), TC_OK);
    }
    assert_int_equal(tc_linelog_write(l, "two\nlines", 0), TC_EINVAL);
    assert_int_equal(tc_linelog_lines(l), 100);
    assert_int_equal(tc_linelog_close(l), TC_OK);
    assert_int_equal(whole_lines(), 100);
    assert_int_equal(tc_linelog_create(&l, "/nonexistent/dir/t.jsonl", 0), TC_ENOENT);
    assert_null(l);
}

static void sigkill_keeps_every_line(void **state)
{
    int pipefd[2], written = 0;
    pid_t pid;
    (void)state;
    assert_int_equal(pipe(pipefd), 0);
    pid = fork();
    if (pid == 0) {
        tc_linelog *l;
        char line[32];
        close(pipefd[0]);
        if (tc_linelog_create(&l, path, 1000) < 0)
            _exit(1);
        for (int i = 0;; i++) {
            snprintf(line, sizeof line, "line %d", i);
            if (tc_linelog_write(l, line, i * 1000) < 0)
                _exit(1);
            if (write(pipefd[1], "x", 1) != 1)
                _exit(1);
            usleep(1000);
        }
    }
    close(pipefd[1]);
    for (char c; written < 200 && read(pipefd[0], &c, 1) == 1;)
        written++;
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    close(pipefd[0]);
    assert_true(whole_lines() >= written); /* the child may have written one more */
}

static void full_disk_is_enospc(void **state)
{
    pid_t pid;
    int status;
    (void)state;
    pid = fork();
    if (pid == 0) {
        struct rlimit rl = { 1000, 1000 };
        tc_linelog *l;
        char line[32];
        int rc = TC_OK, i;
        signal(SIGXFSZ, SIG_IGN);
        setrlimit(RLIMIT_FSIZE, &rl);
        if (tc_linelog_create(&l, path, 0) < 0)
            _exit(1);
        for (i = 0; i < 1000 && rc == TC_OK; i++) {
            snprintf(line, sizeof line, "line %d", i);
            rc = tc_linelog_write(l, line, 0);
        }
        /* sticky, and close reports it */
        _exit(rc == TC_ENOSPC && tc_linelog_write(l, "more", 0) == TC_ENOSPC &&
              tc_linelog_close(l) == TC_ENOSPC ? 0 : 2);
    }
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_in_range(whole_lines(), 100, 130); /* ~1000 bytes of "line N\n" */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(lines_come_back, mk, rm),
        cmocka_unit_test_setup_teardown(sigkill_keeps_every_line, mk, rm),
        cmocka_unit_test_setup_teardown(full_disk_is_enospc, mk, rm),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
