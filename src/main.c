/* main.c — arguments, configuration, start and teardown. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "app.h"
#include "cli/cli.h"
#include "views/viewtab.h"

static void usage(FILE *f)
{
    fputs("usage: mltui [options] [TRACKING-URI]\n"
          "       mltui [--tracking-uri URI] [--format FMT] COMMAND ...   (no terminal)\n"
          "\n"
          "A terminal UI for MLflow: a tracking server, or a local store read directly.\n"
          "\n"
          "  TRACKING-URI, --tracking-uri URI\n"
          "                        http(s)://host:port (a server), or a local store opened\n"
          "                        read-only: sqlite:///path/mlflow.db, path/mlflow.db,\n"
          "                        path/mlruns, file:///path/mlruns. Default:\n"
          "                        $MLFLOW_TRACKING_URI, else ./mlflow.db, else ./mlruns,\n"
          "                        else http://127.0.0.1:5000\n"
          "  --artifacts-root DIR  local stores: where mlflow-artifacts:/ URIs point\n"
          "                        (default: mlartifacts/ beside the store)\n"
          "  --experiment NAME|ID  open straight into an experiment's runs\n"
          "  --theme NAME          colour theme: default, light, mono, high-contrast,\n"
          "                        or NAME.theme in ~/.config/mltui/themes\n"
          "  --config FILE         config file (default ~/.config/mltui/config)\n"
          "  --read-only           offer no action that writes to the server\n"
          "  --no-color            no colours (also when NO_COLOR is set)\n"
          "  --no-cache            do not keep or show runs and lists from the local cache\n"
          "                        ($XDG_CACHE_HOME/mltui)\n"
          "  --no-mouse            leave the mouse to the terminal (text selection)\n"
          "  --images MODE         pictures (artifact PNGs): auto (ask the terminal),\n"
          "                        kitty, sixel, symbols (character cells), off\n"
          "  --screenshot FILE.png run without a terminal, type the --keys, then save\n"
          "                        the screen as a PNG and exit\n"
          "  --dump-screen FILE    the same as --screenshot, the screen written as text\n"
          "                        (either or both)\n"
          "  --keys SCRIPT         keys for --screenshot, tmux style: j Down Enter Esc C-d\n"
          "                        \":sort f1 desc<Enter>\" (quotes keep spaces)\n"
          "  --size COLSxROWS      screen size for --screenshot (default 120x36)\n"
          "  --help                this text\n"
          "  --version             print the version\n"
          "\n"
          "Authentication as MLflow's own client: MLFLOW_TRACKING_USERNAME and\n"
          "MLFLOW_TRACKING_PASSWORD (Basic), or MLFLOW_TRACKING_TOKEN (Bearer);\n"
          "MLFLOW_TRACKING_INSECURE_TLS, MLFLOW_TRACKING_SERVER_CERT_PATH and\n"
          "MLFLOW_TRACKING_CLIENT_CERT_PATH for TLS.\n"
          "\n"
          "Commands for shells and CI (mltui COMMAND --help for each):\n"
          "  runs EXPERIMENT [--filter F] [--sort COL[:asc|desc]]... [--columns LIST]\n"
          "       [--limit N] [--lifecycle active|deleted|all]\n"
          "  best EXPERIMENT --metric KEY [--min|--max] [--filter F]\n"
          "  experiments [FILTER]    models [FILTER]    versions MODEL\n"
          "  stage MODEL VERSION STAGE [--archive]    alias MODEL ALIAS VERSION\n"
          "  --format table|tsv|csv|json, --no-header; exit status: 0 done, 1 nothing\n"
          "  matched, 2 usage, 3 server error or refusal, 4 unreachable, 5 write\n"
          "  outcome unknown, 6 refused by --read-only.\n"
          "\n"
          "Press ? in any screen for its keys.\n", f);
}

/* Accepts "--opt VALUE" and "--opt=VALUE". */
static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);

    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        fprintf(stderr, "mltui: %s needs a value\n", name);
        exit(2);
    }
    return argv[++*i];
}

static int run(int argc, char **argv)
{
    Options opt = { 0 };
    const char *v;
    App *app;
    int rc;

    /* A subcommand (`mltui runs EXPERIMENT`) runs without a terminal. */
    if (cli_find_command(argc, argv) > 0) {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
            fprintf(stderr, "mltui: cannot initialise libcurl\n");
            return 4;
        }
        rc = cli_main(argc, argv);
        curl_global_cleanup();
        return rc;
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "-V") == 0) {
            printf("mltui %s\n", MLTUI_VERSION);
            return 0;
        } else if (strcmp(argv[i], "--list-keys") == 0) {          /* for the man page */
            return cli_list_keys(stdout) == 0 ? 0 : 1;
        } else if (strcmp(argv[i], "--list-commands") == 0) {      /* for the man page */
            return cli_list_colon_commands(stdout) == 0 ? 0 : 1;
        } else if (strcmp(argv[i], "--list-subcommands") == 0) {   /* for completions */
            return cli_list_commands(stdout) == 0 ? 0 : 1;
        } else if (strcmp(argv[i], "--list-themes") == 0) {
            return cli_list_themes(stdout) == 0 ? 0 : 1;
        } else if ((v = opt_value(argc, argv, &i, "--tracking-uri"))) {
            opt.tracking_uri = v;
        } else if ((v = opt_value(argc, argv, &i, "--artifacts-root"))) {
            opt.artifacts_root = v;
        } else if ((v = opt_value(argc, argv, &i, "--experiment"))) {
            opt.experiment = v;
        } else if ((v = opt_value(argc, argv, &i, "--theme"))) {
            opt.theme = v;
        } else if ((v = opt_value(argc, argv, &i, "--config"))) {
            opt.config_path = v;
        } else if ((v = opt_value(argc, argv, &i, "--screenshot"))) {
            opt.screenshot = v;
        } else if ((v = opt_value(argc, argv, &i, "--dump-screen"))) {
            opt.dump_screen = v;
        } else if ((v = opt_value(argc, argv, &i, "--keys"))) {
            opt.keys = v;
        } else if ((v = opt_value(argc, argv, &i, "--size"))) {
            opt.size = v;
        } else if ((v = opt_value(argc, argv, &i, "--images"))) {
            if (image_mode_parse(v, &opt.images) != 0) {
                fprintf(stderr, "mltui: --images is auto, kitty, sixel, symbols or off, not "
                        "%s\n", v);
                return 2;
            }
            opt.images_set = true;
        } else if (strcmp(argv[i], "--read-only") == 0) {
            opt.read_only = true;
        } else if (strcmp(argv[i], "--no-color") == 0) {
            opt.no_color = true;
        } else if (strcmp(argv[i], "--no-cache") == 0) {
            opt.no_cache = true;
        } else if (strcmp(argv[i], "--no-mouse") == 0) {
            opt.no_mouse = true;
        } else {
            fprintf(stderr, "mltui: unknown option %s\n\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
        fprintf(stderr, "mltui: cannot initialise libcurl\n");
        return 1;
    }
    app = app_new(&opt, &views_screens);
    if (!app) {
        curl_global_cleanup();
        return 1;
    }
    rc = app_run(app);
    app_free(app);
    curl_global_cleanup();
    return rc;
}

/* `mltui path/mlflow.db [COMMAND ...]`: a first word that names a store or a
 * URI (a command name never has '/', "://" or ".db") is the tracking URI, as
 * if given with --tracking-uri. */
int main(int argc, char **argv)
{
    char **args = NULL;
    int first = cli_find_command(argc, argv), rc;

    if (first > 0 && (strchr(argv[first], '/') || strstr(argv[first], ".db") ||
                      strstr(argv[first], "://") || !strcmp(argv[first], "mlruns"))) {
        args = calloc((size_t)argc + 2, sizeof *args);
        if (!args)
            return 1;
        args[0] = argv[0];
        args[1] = "--tracking-uri";
        args[2] = argv[first];
        for (int i = 1, k = 3; i < argc; i++)
            if (i != first)
                args[k++] = argv[i];
    }
    rc = run(args ? argc + 1 : argc, args ? args : argv);
    free(args);
    return rc;
}
