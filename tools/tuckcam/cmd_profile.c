/* tools/tuckcam/cmd_profile.c — `tuckcam profile [FILE]`: print the
 * default exercise profile (a starting point to edit), or check a file
 * and print it with every key resolved. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"
#include "formats/formats.h"

static void profile_usage(FILE *to)
{
    fprintf(to,
        "usage: tuckcam profile [FILE]\n"
        "\n"
        "Without FILE: print the default exercise profile, every key with what it\n"
        "means, ready to save and edit. With FILE: check it (a mistake is named\n"
        "with its line and key) and print the profile it gives.\n"
        "\n"
        "Examples:\n"
        "  tuckcam profile > mine.ini\n"
        "  tuckcam profile mine.ini\n"
        "Exit status: 0 valid, 2 the file has a mistake or cannot be read.\n");
}

int tc_cmd_profile(tc_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    tc_profile p;
    int c, status;
    (void)cli;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'h': profile_usage(stdout); return TC_EXIT_OK;
        default:  profile_usage(stderr); return TC_EXIT_USAGE;
        }
    }
    if (optind + 1 < argc) {
        profile_usage(stderr);
        return TC_EXIT_USAGE;
    }
    status = tc_cli_profile(&p, optind < argc ? argv[optind] : NULL, NULL);
    if (status != TC_EXIT_OK)
        return status;
    tc_profile_write(stdout, &p);
    return TC_EXIT_OK;
}
