/* cli.h — mltui as a command for shells and CI: `mltui runs EXPERIMENT`,
 * `mltui best`, `mltui models`, `mltui versions`, `mltui stage`, `mltui alias`
 * (and `mltui experiments`). No terminal: it drives the same api/ requests as
 * the screens with a small loop of its own and sorts with core/runtable.
 * Results go to stdout, errors to stderr, and the exit status says how it
 * went (CLI_EXIT_* below; the man page lists them). */
#ifndef MLTUI_CLI_H
#define MLTUI_CLI_H

#include <stdbool.h>
#include <stdio.h>

enum {
    CLI_EXIT_OK          = 0,  /* done */
    CLI_EXIT_NONE        = 1,  /* nothing matched (best: no run has the metric) */
    CLI_EXIT_USAGE       = 2,  /* bad command line, unknown column, stage or alias */
    CLI_EXIT_SERVER      = 3,  /* the server answered with an error or refused a write;
                                  not found; permission denied */
    CLI_EXIT_UNREACHABLE = 4,  /* no answer: connection refused, DNS, TLS, timeout of a read */
    CLI_EXIT_UNKNOWN     = 5,  /* a write was sent but its outcome is unknown (re-read shown) */
    CLI_EXIT_READ_ONLY   = 6,  /* a write refused by --read-only */
};

/* The subcommands, NULL-terminated (completion and the man page use it). */
extern const char *const cli_commands[];

/* True when word is a subcommand name. */
bool cli_is_command(const char *word);
/* Index in argv of the subcommand (the first word that is not an option or
 * an option's value), or 0 when there is none. */
int  cli_find_command(int argc, char **argv);
/* Runs the command line (argv as main got it) and returns the exit status.
 * Needs curl_global_init done. */
int  cli_main(int argc, char **argv);

/* The program's own tables as text (hidden options for scripts/mangen.sh and
 * the completions). Each returns 0, or -1 when writing failed.
 *   cli_list_keys:     "SCOPE\tKEY KEY...\tACTION\tHELP" per scope and action
 *                      of the built-in key map;
 *   cli_list_colon_commands: "NAME\tARGS\tALIASES\tSCOPE\tWRITES\tHELP" per `:`
 *                      command (SCOPE "*" for every screen, WRITES "writes" or "");
 *   cli_list_themes:   the built-in theme names, one a line;
 *   cli_list_commands: the subcommands, one a line. */
int  cli_list_keys(FILE *out);
int  cli_list_colon_commands(FILE *out);
int  cli_list_themes(FILE *out);
int  cli_list_commands(FILE *out);

#endif
