/* tools/tuckcam/cli.c — shared command-line helpers. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"
#include "formats/formats.h"

void tc_cli_log(void *user, tc_log_level level, const char *msg)
{
    const tc_cli *cli = user;
    static const char *const names[] = { "error", "warning", "info", "debug" };
    int max = TC_LOG_WARN;
    if (cli && cli->quiet)
        max = TC_LOG_ERROR;
    else if (cli && cli->verbose)
        max = cli->verbose > 1 ? TC_LOG_DEBUG : TC_LOG_INFO;
    char shown[TC_CLI_SHOWN_CAP];
    if ((int)level > max)
        return;
    fprintf(stderr, "tuckcam: %s: %s\n", names[level],
            tc_terminal_text(shown, sizeof shown, msg));
}

void tc_cli_error(const char *fmt, ...)
{
    char msg[TC_CLI_SHOWN_CAP / 2], shown[TC_CLI_SHOWN_CAP];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "tuckcam: %s\n", tc_terminal_text(shown, sizeof shown, msg));
}

int tc_cli_parse_int(int *out, const char *s, int lo, int hi)
{
    char *end;
    long v;
    errno = 0;
    v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return TC_EINVAL;
    *out = (int)v;
    return TC_OK;
}

int tc_cli_parse_model(tc_pose_model *out, const char *s)
{
    if (!strcmp(s, "lite"))
        *out = TC_POSE_LITE;
    else if (!strcmp(s, "full"))
        *out = TC_POSE_FULL;
    else if (!strcmp(s, "heavy"))
        *out = TC_POSE_HEAVY;
    else
        return TC_EINVAL;
    return TC_OK;
}

int tc_cli_vision(tc_cli *cli, tc_vision **out, tc_pose_model model,
                  int face_mesh, int threads)
{
    tc_vision_config vc = TC_VISION_CONFIG_INIT;
    vc.models_dir = cli->models_dir;
    vc.pose_model = model;
    vc.face_mesh = face_mesh;
    vc.threads = threads;
    vc.log = tc_cli_log;
    vc.log_user = cli;
    return tc_vision_create(out, &vc);
}

int tc_cli_profile(tc_profile *out, const char *path, const char *view)
{
    char err[256];
    if (path) {
        if (tc_profile_load(out, path, err, sizeof err) < 0) {
            tc_cli_error("%s", err);
            return TC_EXIT_USAGE;
        }
    } else {
        tc_profile_defaults(out);
    }
    if (view && tc_profile_set(out, "exercise", "view", view, err, sizeof err) < 0) {
        tc_cli_error("--view: %s", err);
        return TC_EXIT_USAGE;
    }
    return TC_EXIT_OK;
}

const char *tc_cli_basename(const char *path)
{
    const char *s = strrchr(path, '/');
    return s && s[1] ? s + 1 : path;
}

int tc_cli_make_dir(const char *opt, const char *dir)
{
    struct stat st;
    if (tc_batch_mkdirs(dir) < 0)
        return TC_EIO;   /* said */
    if ((mkdir(dir, 0755) != 0 && errno != EEXIST) || stat(dir, &st) != 0) {
        tc_cli_error("%s %s: %s", opt, dir, strerror(errno));
        return tc_status_from_errno(errno);
    }
    if (!S_ISDIR(st.st_mode)) {
        tc_cli_error("%s %s: %s", opt, dir, strerror(ENOTDIR));
        return TC_EINVAL;
    }
    return TC_OK;
}
