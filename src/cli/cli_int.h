/* cli_int.h — shared by the command line's files (cli.c, runs.c, reg.c):
 * the options every command takes, the loop that waits for one request,
 * and error reporting. Not for use outside src/cli/. */
#ifndef MLTUI_CLI_INT_H
#define MLTUI_CLI_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "api/api.h"
#include "cli/cli.h"
#include "cli/out.h"

typedef struct Cli {
    Api       *api;
    OutFormat  format;
    bool       no_header;
    bool       read_only;
    const char *cmd;        /* the subcommand, for messages */
    char     **args;        /* its positional words and options, in order */
    int        n_args;
} Cli;

/* Prints "mltui CMD: message" on stderr, the message sanitised. */
void cli_error(const Cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Reports e on stderr (what and why) and returns the exit status it means. */
int  cli_fail(const Cli *c, const char *what, const Err *e);

/* Runs the loop until the final result of req arrives, calling page(r, ctx)
 * for every non-final result of req on the way (may be NULL); other results
 * are dropped. Returns the final result (caller frees), or NULL with *e set
 * when req is 0 (the request could not start). */
typedef void (*CliPage)(ApiResult *r, void *ctx);
ApiResult *cli_await(Cli *c, uint64_t req, CliPage page, void *ctx, Err *e);

/* Option parsing over c->args: the value of --name (or --name=V) at *i, as
 * main.c does; NULL when args[*i] is not that option. Sets *bad when the
 * value is missing. */
const char *cli_opt(Cli *c, int *i, const char *name, bool *bad);

/* The subcommands. */
int cli_runs(Cli *c);
int cli_best(Cli *c);
int cli_experiments(Cli *c);
int cli_models(Cli *c);
int cli_versions(Cli *c);
int cli_stage(Cli *c);
int cli_alias(Cli *c);

#endif
