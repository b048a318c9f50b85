/* config.c — ApiConfig from MLflow's environment variables; see api.h. */
#include "api/api.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

static const char *env_nonempty(const char *name)
{
    const char *v = getenv(name);

    return v && *v ? v : NULL;
}

/* A number from the environment: def when unset or not a number, clamped to
 * lo..hi (MLflow refuses retries >= 10 and a backoff factor >= 120). */
static double env_number(const char *name, double def, double lo, double hi)
{
    const char *v = env_nonempty(name);
    char *end;
    double d;

    if (!v)
        return def;
    d = strtod(v, &end);
    if (end == v || *end || d != d)
        return def;
    return d < lo ? lo : d > hi ? hi : d;
}

void api_config_from_env(ApiConfig *cfg, const char *uri)
{
    const char *insecure = env_nonempty("MLFLOW_TRACKING_INSECURE_TLS");

    memset(cfg, 0, sizeof *cfg);
    cfg->base_url = uri && *uri ? uri : env_nonempty("MLFLOW_TRACKING_URI");
    if (!cfg->base_url) {
        /* No URI anywhere: a store in the working directory, as MLflow's own
         * client would log to, else the usual local server. */
        struct stat st;
        if (stat("mlflow.db", &st) == 0 && S_ISREG(st.st_mode))
            cfg->base_url = "mlflow.db";
        else if (stat("mlruns", &st) == 0 && S_ISDIR(st.st_mode))
            cfg->base_url = "mlruns";
        else
            cfg->base_url = "http://127.0.0.1:5000";
    }
    cfg->username = env_nonempty("MLFLOW_TRACKING_USERNAME");
    cfg->password = env_nonempty("MLFLOW_TRACKING_PASSWORD");
    cfg->token = env_nonempty("MLFLOW_TRACKING_TOKEN");
    cfg->insecure_tls = insecure && (strcasecmp(insecure, "true") == 0
                                     || strcmp(insecure, "1") == 0);
    cfg->server_cert = env_nonempty("MLFLOW_TRACKING_SERVER_CERT_PATH");
    cfg->client_cert = env_nonempty("MLFLOW_TRACKING_CLIENT_CERT_PATH");
    cfg->timeout_ms = (long)(env_number("MLFLOW_HTTP_REQUEST_TIMEOUT", 120, 1, 86400) * 1000);
    cfg->connect_timeout_ms = 5000;
    cfg->first_page = 100;
    cfg->page_size = 1000;
    cfg->max_retries = (int)env_number("MLFLOW_HTTP_REQUEST_MAX_RETRIES", 7, 0, 9);
    cfg->backoff_factor = env_number("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", 2, 0, 119);
    cfg->backoff_jitter = env_number("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", 1, 0, 60);
}
