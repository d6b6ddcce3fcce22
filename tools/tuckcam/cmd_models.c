/* tools/tuckcam/cmd_models.c — `tuckcam models [path|verify]`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "core/models.h"

static void models_usage(FILE *to)
{
    fprintf(to,
        "usage: tuckcam models [path|verify] [--models DIR]\n"
        "\n"
        "  path    print the model directory in use\n"
        "  verify  check every pinned model file's SHA-256 (default)\n"
        "\n"
        "The directory is --models DIR, else $TUCKCAM_MODELS, else\n"
        "$XDG_CACHE_HOME/tuckcam/models or ~/.cache/tuckcam/models.\n"
        "Fill it with scripts/fetch-models.sh (npm registry, then offline).\n"
        "Exit status: 0 all verified, 3 a model is missing or refused.\n");
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
    if (optind < argc || (strcmp(action, "path") && strcmp(action, "verify"))) {
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
    return verify_all(dir);
}
