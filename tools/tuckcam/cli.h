/* tools/tuckcam/cli.h — what the tuckcam subcommands share: global options,
 * exit codes, logging to stderr. Single-threaded command-line glue. */
#ifndef TC_TOOLS_CLI_H
#define TC_TOOLS_CLI_H

#include <stdio.h>
#include "core/status.h"
#include "core/profile.h"
#include "formats/formats.h"
#include "vision/vision.h"

/** Exit codes of the tuckcam program (documented in README and --help). */
enum tc_exit {
    TC_EXIT_OK = 0,       /* success */
    TC_EXIT_FAIL = 1,     /* the work failed (input unreadable, I/O error) */
    TC_EXIT_USAGE = 2,    /* bad command line */
    TC_EXIT_MODELS = 3,   /* model files missing or refused */
    TC_EXIT_FAILED_BASE = 10,   /* score: 10 + the number of videos that failed, */
    TC_EXIT_FAILED_MAX = 110,   /* at most this (a hundred or more failed) */
    TC_EXIT_INTERRUPTED = 130   /* score: stopped by Ctrl-C or SIGTERM */
};

/** Options that every subcommand accepts before or after its name. */
typedef struct tc_cli {
    const char *models_dir;   /* --models DIR, or NULL */
    int         verbose;      /* -v: 1 = info, 2 = debug */
    int         quiet;        /* -q: errors only */
    const char *argv0;
} tc_cli;

/** A subcommand: `argc/argv` start at the subcommand's name. */
typedef int (*tc_cmd_fn)(tc_cli *cli, int argc, char **argv);

/** Room for a name or message as printed (tc_terminal_text: a byte can
 * take four): a buffer of this size shows a 2 KB path whole. */
#define TC_CLI_SHOWN_CAP 8192

/** Log callback that prints to stderr according to cli verbosity; the
 * message as tc_terminal_text shows it. */
void tc_cli_log(void *user, tc_log_level level, const char *msg);

/** Print "tuckcam: <message>" to stderr, as tc_terminal_text shows it (a
 * file name in it cannot act on the terminal or add a line). */
void tc_cli_error(const char *fmt, ...) TC_PRINTF(1, 2);

/** Parse a decimal int in [lo, hi]; TC_EINVAL on junk or out of range. */
TC_NODISCARD int tc_cli_parse_int(int *out, const char *s, int lo, int hi);

/** "lite" / "full" / "heavy" to a pose model; TC_EINVAL otherwise. */
TC_NODISCARD int tc_cli_parse_model(tc_pose_model *out, const char *s);

/** The vision pipeline with the command line's model directory and log;
 * errors (missing or refused models) are logged. threads 0 = default. */
TC_NODISCARD int tc_cli_vision(tc_cli *cli, tc_vision **out,
                               tc_pose_model model, int face_mesh, int threads);

/** The exercise profile: the file at `path` (NULL: defaults), then the
 * view override (NULL: keep). Errors printed; returns a TC_EXIT_* code. */
int tc_cli_profile(tc_profile *out, const char *path, const char *view);

/** The folder `dir` of option `opt` (e.g. "--out"), made with the folders
 * leading to it when missing (mkdir -p). TC_OK when it is a folder; else
 * the reason is said ("--out DIR: not a directory") and a TC_E* code. */
TC_NODISCARD int tc_cli_make_dir(const char *opt, const char *dir);

/** The last component of a path. */
const char *tc_cli_basename(const char *path);

int tc_cmd_track(tc_cli *cli, int argc, char **argv);
int tc_cmd_score(tc_cli *cli, int argc, char **argv);
int tc_cmd_rescore(tc_cli *cli, int argc, char **argv);
int tc_cmd_report(tc_cli *cli, int argc, char **argv);
int tc_cmd_live(tc_cli *cli, int argc, char **argv);
int tc_cmd_record(tc_cli *cli, int argc, char **argv);
int tc_cmd_eval(tc_cli *cli, int argc, char **argv);
int tc_cmd_profile(tc_cli *cli, int argc, char **argv);
int tc_cmd_devices(tc_cli *cli, int argc, char **argv);
int tc_cmd_models(tc_cli *cli, int argc, char **argv);
int tc_cmd_probe(tc_cli *cli, int argc, char **argv);
int tc_cmd_landmarks(tc_cli *cli, int argc, char **argv);
int tc_cmd_bench(tc_cli *cli, int argc, char **argv);

#endif /* TC_TOOLS_CLI_H */
