/* tools/tuckcam/cmd_devices.c — `tuckcam devices`: cameras and their modes. */
#include <getopt.h>
#include <stdio.h>

#include "capture/capture.h"
#include "cli.h"

static void devices_usage(FILE *to)
{
    fprintf(to,
        "usage: tuckcam devices [--dir DIR]\n"
        "\n"
        "List the video capture devices (V4L2) with their name, formats,\n"
        "frame sizes and frame rates. Says so plainly when there are none.\n"
        "  --dir DIR   where to look for video* nodes (default /dev)\n"
        "\n"
        "Example: tuckcam devices\n"
        "Exit status: 0 (also with no camera), 1 the device folder is unreadable.\n");
}

static void show(void *user, const char *path, const char *card,
                 const char *bus, const tc_camera_mode *m)
{
    char p[TC_CLI_SHOWN_CAP], c[512], b[512];
    (void)user;
    if (!m) {
        printf("%s: %s (%s)\n", tc_terminal_text(p, sizeof p, path),
               tc_terminal_text(c, sizeof c, card), tc_terminal_text(b, sizeof b, bus));
        return;
    }
    printf("  %-4s %-24s %s%dx%d", tc_terminal_text(b, sizeof b, m->fourcc),
           tc_terminal_text(c, sizeof c, m->description),
           m->stepwise ? "up to " : "", m->width, m->height);
    for (int i = 0; i < m->n_fps; i++)
        printf("%s%g", i ? " " : " @ ", m->fps[i]);
    printf("%s\n", m->n_fps ? " fps" : "");
}

int tc_cmd_devices(tc_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        { "dir", required_argument, NULL, 'd' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *dir = NULL;             /* "/dev", where missing is no error */
    char shown[TC_CLI_SHOWN_CAP];
    int c, n;
    (void)cli;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd': dir = optarg; break;
        case 'h': devices_usage(stdout); return TC_EXIT_OK;
        default:  devices_usage(stderr); return TC_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        devices_usage(stderr);
        return TC_EXIT_USAGE;
    }
    n = tc_capture_list_devices(dir, show, NULL);
    if (n < 0) {
        tc_cli_error("cannot read %s: %s", dir ? dir : "/dev", tc_strerror(n));
        return TC_EXIT_FAIL;
    }
    if (n == 0)
        printf("No camera found in %s. Plug one in, or use a video file: "
               "tuckcam track VIDEO\n",
               tc_terminal_text(shown, sizeof shown, dir ? dir : "/dev"));
    return TC_EXIT_OK;
}
