/* cli.c — see cli.h. Global options, dispatch, the waiting loop and error
 * reporting; the commands live in runs.c (runs, best, experiments) and
 * reg.c (models, versions, stage, alias).
 *
 * Global options may stand anywhere on the line (before or after the
 * command); everything else is handed to the command in order. */
#include "cli/cli_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <signal.h>

#include "core/text.h"

const char *const cli_commands[] = {
    "runs", "best", "experiments", "models", "versions", "stage", "alias", NULL,
};

static const struct {
    const char *name;
    int (*run)(Cli *c);
    const char *usage;
} commands[] = {
    { "runs", cli_runs,
      "runs EXPERIMENT [--filter F] [--sort COL[:asc|desc]]... [--columns LIST]\n"
      "          [--limit N] [--lifecycle active|deleted|all] [--format FMT]" },
    { "best", cli_best, "best EXPERIMENT --metric KEY [--min|--max] [--filter F]" },
    { "experiments", cli_experiments, "experiments [FILTER] [--format FMT]" },
    { "models", cli_models, "models [FILTER] [--format FMT]" },
    { "versions", cli_versions, "versions MODEL [--format FMT]" },
    { "stage", cli_stage, "stage MODEL VERSION STAGE [--archive]" },
    { "alias", cli_alias, "alias MODEL ALIAS VERSION" },
};

#define N_COMMANDS (sizeof commands / sizeof commands[0])

bool cli_is_command(const char *word)
{
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (word && strcmp(word, commands[i].name) == 0)
            return true;
    return false;
}

/* Options of main.c and of this file that take a separate value word. */
static bool takes_value(const char *opt)
{
    static const char *const with_value[] = {
        "--tracking-uri", "--experiment", "--theme", "--config", "--screenshot", "--dump-screen",
        "--keys", "--size", "--format", "--artifacts-root", "--images", NULL,
    };
    for (int i = 0; with_value[i]; i++)
        if (strcmp(opt, with_value[i]) == 0)
            return true;
    return false;
}

int cli_find_command(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-')
            return i;
        if (strcmp(argv[i], "--") == 0)
            return i + 1 < argc ? i + 1 : 0;
        if (takes_value(argv[i]))
            i++;
    }
    return 0;
}

static void usage(FILE *f)
{
    fputs("usage: mltui [--tracking-uri URI] [--read-only] [--format table|tsv|csv|json]\n"
          "             [--no-header] COMMAND ARGS...\n\ncommands:\n", f);
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(f, "  mltui %s\n", commands[i].usage);
    fputs("\nCOL is a column as the runs screen names it: name, status, start, duration,\n"
          "run_id, user, metrics.f1 (or just f1), params.n_estimators, tags.KEY.\n"
          "Exit status: 0 done, 1 nothing matched, 2 usage, 3 server error or refusal,\n"
          "4 server unreachable, 5 write outcome unknown, 6 refused by --read-only.\n"
          "See mltui(1).\n", f);
}

void cli_error(const Cli *c, const char *fmt, ...)
{
    char msg[2048], safe[8192];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    text_sanitize(msg, strlen(msg), safe, sizeof safe);
    fprintf(stderr, "mltui%s%s: %s\n", c && c->cmd ? " " : "", c && c->cmd ? c->cmd : "", safe);
}

int cli_fail(const Cli *c, const char *what, const Err *e)
{
    switch (e->kind) {
    case ERR_TRANSPORT:
    case ERR_TIMEOUT:
        cli_error(c, "%s: cannot reach the server: %s", what, e->message);
        return CLI_EXIT_UNREACHABLE;
    case ERR_AUTH:
        cli_error(c, "%s: not allowed (HTTP %d): %s", what, e->http_status, e->message);
        return CLI_EXIT_SERVER;
    case ERR_NOMEM:
        cli_error(c, "%s: out of memory", what);
        return CLI_EXIT_SERVER;
    default:
        cli_error(c, "%s: %s", what, e->message);
        return CLI_EXIT_SERVER;
    }
}

ApiResult *cli_await(Cli *c, uint64_t req, CliPage page, void *ctx, Err *e)
{
    if (req == 0) {
        err_set(e, ERR_NOMEM, "the request could not start");
        return NULL;
    }
    for (;;) {
        ApiResult *r;
        api_perform(c->api);
        while ((r = api_next_result(c->api))) {
            if (r->req_id != req) {
                api_result_free(r);
                continue;
            }
            if (r->final)
                return r;
            if (page)
                page(r, ctx);
            api_result_free(r);
        }
        api_wait(c->api, -1, 1000);
    }
}

const char *cli_opt(Cli *c, int *i, const char *name, bool *bad)
{
    const char *a = c->args[*i];
    size_t n = strlen(name);

    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=')
        return a + n + 1;
    if (a[n] != '\0')
        return NULL;
    if (*i + 1 >= c->n_args) {
        cli_error(c, "%s needs a value", name);
        *bad = true;
        return NULL;
    }
    return c->args[++*i];
}

/* `set read-only true` in the user's config applies here as in the screens. */
static bool config_read_only(const char *config)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    char path[1024] = "", line[512];
    bool ro = false;
    FILE *f;

    if (config)
        snprintf(path, sizeof path, "%s", config);
    else if (xdg && *xdg)
        snprintf(path, sizeof path, "%s/mltui/config", xdg);
    else if (home && *home)
        snprintf(path, sizeof path, "%s/.config/mltui/config", home);
    if (!path[0] || !(f = fopen(path, "r")))
        return false;
    while (fgets(line, sizeof line, f)) {
        char w1[8], w2[16], w3[16];
        if (sscanf(line, " %7s %15s %15s", w1, w2, w3) == 3 && strcmp(w1, "set") == 0 &&
            strcmp(w2, "read-only") == 0)
            ro = strcmp(w3, "true") == 0 || strcmp(w3, "yes") == 0 || strcmp(w3, "1") == 0;
    }
    fclose(f);
    return ro;
}

int cli_main(int argc, char **argv)
{
    Cli c = { .format = OUT_TABLE };
    const char *uri = NULL, *config = NULL, *artifacts_root = NULL;
    int at = cli_find_command(argc, argv), rc = CLI_EXIT_USAGE;
    size_t k;
    ApiConfig cfg;
    Err e;

    setlocale(LC_ALL, "");
    signal(SIGPIPE, SIG_IGN);
    if (at <= 0) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    for (k = 0; k < N_COMMANDS; k++)
        if (strcmp(argv[at], commands[k].name) == 0)
            break;
    if (k == N_COMMANDS) {
        cli_error(NULL, "unknown command '%s' (try mltui --help)", argv[at]);
        return CLI_EXIT_USAGE;
    }
    c.cmd = commands[k].name;
    if (!(c.args = calloc((size_t)argc, sizeof *c.args)))
        return CLI_EXIT_SERVER;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = NULL;
        if (i == at)
            continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            printf("usage: mltui %s\n", commands[k].usage);
            rc = CLI_EXIT_OK;
            goto out;
        } else if (strcmp(a, "--read-only") == 0) {
            c.read_only = true;
        } else if (strcmp(a, "--no-header") == 0) {
            c.no_header = true;
        } else if (strncmp(a, "--tracking-uri", 14) == 0 && (a[14] == '=' || !a[14])) {
            v = a[14] == '=' ? a + 15 : i + 1 < argc ? argv[++i] : NULL;
            if (!(uri = v))
                goto missing;
        } else if (strncmp(a, "--artifacts-root", 16) == 0 && (a[16] == '=' || !a[16])) {
            v = a[16] == '=' ? a + 17 : i + 1 < argc ? argv[++i] : NULL;
            if (!(artifacts_root = v))
                goto missing;
        } else if (strncmp(a, "--config", 8) == 0 && (a[8] == '=' || !a[8])) {
            v = a[8] == '=' ? a + 9 : i + 1 < argc ? argv[++i] : NULL;
            if (!(config = v))
                goto missing;
        } else if (strncmp(a, "--format", 8) == 0 && (a[8] == '=' || !a[8])) {
            v = a[8] == '=' ? a + 9 : i + 1 < argc ? argv[++i] : NULL;
            if (!v)
                goto missing;
            if (!out_format_parse(v, &c.format)) {
                cli_error(&c, "unknown format '%s' (table, tsv, csv or json)", v);
                goto out;
            }
        } else if (strcmp(a, "--no-color") == 0 || strncmp(a, "--theme", 7) == 0) {
            /* Screen options: meaningless here but harmless (aliases, scripts). */
            if (strcmp(a, "--theme") == 0 && i + 1 < argc)
                i++;
        } else {
            c.args[c.n_args++] = argv[i];
        }
        continue;
missing:
        cli_error(&c, "%s needs a value", a);
        goto out;
    }
    if (config_read_only(config))
        c.read_only = true;
    api_config_from_env(&cfg, uri);
    cfg.artifacts_root = artifacts_root;
    /* MLflow's own client reads its request timeout (seconds) from here. */
    const char *tmo = getenv("MLFLOW_HTTP_REQUEST_TIMEOUT");
    if (tmo && atof(tmo) > 0)
        cfg.timeout_ms = (long)(atof(tmo) * 1000);
    if (!(c.api = api_new(&cfg, &e))) {
        cli_error(&c, "%s", e.message);
        rc = CLI_EXIT_UNREACHABLE;
        goto out;
    }
    rc = commands[k].run(&c);
    if (fflush(stdout) != 0 && rc == CLI_EXIT_OK) {
        cli_error(&c, "cannot write the output");
        rc = CLI_EXIT_SERVER;
    }
out:
    api_free(c.api);
    free(c.args);
    return rc;
}
