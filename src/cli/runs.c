/* runs.c — `mltui runs`, `mltui best` and `mltui experiments`: the runs of an
 * experiment loaded through api_runs_search (every page, merged into one
 * RunSet) and sorted locally by core/runtable, exactly as the runs screen
 * does, so a column name, a sort and a tie mean the same in both. */
#include "cli/cli_int.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/compare.h"
#include "core/format.h"
#include "core/runtable.h"

#define MAX_COLS 512

static int64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- loading ---- */

/* The experiment's id from a name or an id (all digits). *id is malloc'd. */
static int resolve_experiment(Cli *c, const char *ref, char **id, char **name)
{
    bool digits = *ref != '\0';
    ApiResult *r;
    Err e;
    int rc;

    for (const char *p = ref; *p; p++)
        if (!isdigit((unsigned char)*p))
            digits = false;
    r = cli_await(c, digits ? api_experiment_get(c->api, 0, 0, ref)
                            : api_experiment_get_by_name(c->api, 0, 0, ref), NULL, NULL, &e);
    if (!r)
        return cli_fail(c, "experiment", &e);
    if (r->err.kind != ERR_OK || !r->experiment) {
        char what[600];
        snprintf(what, sizeof what, "experiment '%.500s'", ref);
        rc = r->err.kind != ERR_OK ? cli_fail(c, what, &r->err) : CLI_EXIT_SERVER;
        api_result_free(r);
        return rc;
    }
    *id = strdup(r->experiment->id ? r->experiment->id : "");
    *name = strdup(r->experiment->name ? r->experiment->name : "");
    api_result_free(r);
    return *id && *name ? CLI_EXIT_OK : CLI_EXIT_SERVER;
}

static void merge_page(ApiResult *r, void *ctx)
{
    if (r->err.kind == ERR_OK && r->runs)
        runset_merge((RunSet *)ctx, r->runs);
}

/* Every run of experiment ref (lifecycle view_type, MLflow filter or NULL),
 * at most max_total (0 = all), into rs. */
static int load_runs(Cli *c, const char *ref, const char *filter, int view_type,
                     long max_total, RunSet *rs)
{
    char *id = NULL, *name = NULL;
    const char *ids[1];
    RunsQuery q = { 0 };
    ApiResult *r;
    Err e;
    int rc = resolve_experiment(c, ref, &id, &name);

    if (rc != CLI_EXIT_OK)
        goto out;
    ids[0] = id;
    q.experiment_ids = ids;
    q.n_experiment_ids = 1;
    q.filter = filter;
    q.view_type = view_type;
    q.max_total = max_total;
    r = cli_await(c, api_runs_search(c->api, 0, 0, &q), merge_page, rs, &e);
    if (!r) {
        rc = cli_fail(c, "runs", &e);
        goto out;
    }
    if (r->err.kind != ERR_OK)
        rc = cli_fail(c, filter && r->page <= 1 && r->err.kind == ERR_SERVER
                             ? "filter rejected" : "runs", &r->err);
    else
        merge_page(r, rs);
    api_result_free(r);
out:
    free(id);
    free(name);
    return rc;
}

/* ---- columns and sorting ---- */

/* "f1:desc" -> key f1, desc. Without a direction a metric sorts best first
 * (as `s` does on the runs screen), anything else ascending. */
static bool parse_sort(const RunSet *rs, const char *spec, SortKey *out)
{
    char name[512];
    const char *colon = strrchr(spec, ':');
    int dir = -1;

    snprintf(name, sizeof name, "%s", spec);
    if (colon && (strcmp(colon + 1, "asc") == 0 || strcmp(colon + 1, "desc") == 0)) {
        dir = strcmp(colon + 1, "desc") == 0;
        name[colon - spec] = '\0';
    }
    if (!runtable_parse_column(rs, name, &out->col))
        return false;
    if (dir >= 0)
        out->desc = dir;
    else
        out->desc = out->col.kind == COL_METRIC &&
                    compare_higher_is_better(runset_str(rs, out->col.id));
    return true;
}

/* Comma-separated column names -> cols. Returns how many, or -1 (reported). */
static long parse_columns(Cli *c, const RunSet *rs, const char *list, Column *cols)
{
    char *copy = strdup(list), *save = NULL;
    long n = 0;

    if (!copy)
        return -1;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        for (char *end = tok + strlen(tok); end > tok && end[-1] == ' ';)
            *--end = '\0';
        if (!*tok)
            continue;
        if (n == MAX_COLS || !runtable_parse_column(rs, tok, &cols[n])) {
            cli_error(c, n == MAX_COLS ? "too many columns" : "no column '%s' in these runs", tok);
            n = -1;
            break;
        }
        n++;
    }
    free(copy);
    return n;
}

/* ---- output ---- */

static int cap_of(Column col)
{
    if (col.kind == COL_METRIC)
        return 14;
    if (col.kind == COL_ATTR && col.id == ATTR_RUN_ID)
        return 32;
    return col.kind == COL_ATTR && col.id == ATTR_NAME ? 32 : 30;
}

/* One cell as text: the screen's text, metrics at full precision outside a table. */
static void cell_text(const RunSet *rs, size_t run, Column col, OutFormat f, int64_t now,
                      char *buf, size_t size)
{
    const MetricVal *m;

    if (col.kind == COL_METRIC && f != OUT_TABLE) {
        buf[0] = '\0';
        if ((m = runset_metric(rs, run, col.id)))
            fmt_metric_full(m->value, buf, size);
        return;
    }
    runtable_cell(rs, run, col, now, buf, size);
}

static cJSON *json_value(const RunSet *rs, size_t run, Column col, int64_t now)
{
    const Run *r = &rs->runs[run];
    char buf[8192];

    if (col.kind == COL_METRIC) {
        const MetricVal *m = runset_metric(rs, run, col.id);
        if (!m)
            return cJSON_CreateNull();
        if (isfinite(m->value))
            return cJSON_CreateNumber(m->value);
        return cJSON_CreateString(isnan(m->value) ? "NaN" : m->value > 0 ? "Infinity"
                                                                          : "-Infinity");
    }
    if (col.kind == COL_PARAM || col.kind == COL_TAG) {
        uint32_t v = col.kind == COL_PARAM ? runset_param(rs, run, col.id)
                                           : runset_tag(rs, run, col.id);
        return v == UINT32_MAX ? cJSON_CreateNull() : cJSON_CreateString(runset_str(rs, v));
    }
    switch ((AttrId)col.id) {
    case ATTR_START:
        return r->start_time == TIME_NONE ? cJSON_CreateNull()
                                          : cJSON_CreateNumber((double)r->start_time);
    case ATTR_END:
        return r->end_time == TIME_NONE ? cJSON_CreateNull()
                                        : cJSON_CreateNumber((double)r->end_time);
    case ATTR_DURATION:
        if (r->start_time == TIME_NONE || r->end_time == TIME_NONE)
            return cJSON_CreateNull();
        return cJSON_CreateNumber((double)(r->end_time - r->start_time));
    default:
        runtable_cell(rs, run, col, now, buf, sizeof buf);
        return cJSON_CreateString(buf);
    }
}

static int write_runs(Cli *c, const RunTable *t, const Column *cols, size_t n_cols,
                      size_t n_rows)
{
    const RunSet *rs = t->rs;
    int64_t now = now_ms();
    char buf[8192];
    int rc = CLI_EXIT_OK;

    if (c->format == OUT_JSON) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; arr && i < n_rows; i++) {
            cJSON *o = cJSON_CreateObject();
            for (size_t k = 0; o && k < n_cols; k++) {
                column_name(rs, cols[k], buf, sizeof buf);
                cJSON_AddItemToObject(o, buf, json_value(rs, t->rows[i], cols[k], now));
            }
            cJSON_AddItemToArray(arr, o);
        }
        if (!arr || out_json(arr, stdout) != 0)
            rc = CLI_EXIT_SERVER;
        cJSON_Delete(arr);
        return rc;
    }
    Grid g;
    if (grid_init(&g, n_cols) != 0)
        return CLI_EXIT_SERVER;
    for (size_t k = 0; k < n_cols; k++) {
        if (c->format == OUT_TABLE)
            column_title(rs, cols[k], buf, sizeof buf);
        else
            column_name(rs, cols[k], buf, sizeof buf);
        grid_set_head(&g, k, buf, column_is_numeric(cols[k]), cap_of(cols[k]));
    }
    for (size_t i = 0; i < n_rows; i++) {
        long row = grid_add_row(&g);
        if (row < 0) {
            rc = CLI_EXIT_SERVER;
            goto out;
        }
        for (size_t k = 0; k < n_cols; k++) {
            cell_text(rs, t->rows[i], cols[k], c->format, now, buf, sizeof buf);
            grid_set(&g, (size_t)row, k, buf);
        }
    }
    if (grid_write(&g, c->format, c->no_header, stdout) != 0)
        rc = CLI_EXIT_SERVER;
out:
    grid_free(&g);
    return rc;
}

/* ---- mltui runs ---- */

static int lifecycle_parse(const char *s)
{
    if (strcmp(s, "active") == 0)
        return 0;
    if (strcmp(s, "deleted") == 0)
        return 1;
    return strcmp(s, "all") == 0 ? 2 : -1;
}

int cli_runs(Cli *c)
{
    const char *exp = NULL, *filter = NULL, *columns = NULL, *sorts[RUNTABLE_MAX_SORT];
    const char *v;
    int n_sorts = 0, view_type = 0, rc;
    long limit = 0;
    bool bad = false;
    RunSet *rs = NULL;
    RunTable t;
    Column *cols = NULL;
    long n_cols = 0;

    for (int i = 0; i < c->n_args && !bad; i++) {
        if ((v = cli_opt(c, &i, "--filter", &bad))) {
            filter = v;
        } else if ((v = cli_opt(c, &i, "--sort", &bad))) {
            if (n_sorts == RUNTABLE_MAX_SORT) {
                cli_error(c, "at most %d --sort keys", RUNTABLE_MAX_SORT);
                return CLI_EXIT_USAGE;
            }
            sorts[n_sorts++] = v;
        } else if ((v = cli_opt(c, &i, "--columns", &bad))) {
            columns = v;
        } else if ((v = cli_opt(c, &i, "--limit", &bad))) {
            char *end;
            limit = strtol(v, &end, 10);
            if (*end || limit < 0) {
                cli_error(c, "--limit wants a number >= 0, not '%s'", v);
                return CLI_EXIT_USAGE;
            }
        } else if ((v = cli_opt(c, &i, "--lifecycle", &bad))) {
            if ((view_type = lifecycle_parse(v)) < 0) {
                cli_error(c, "--lifecycle is active, deleted or all, not '%s'", v);
                return CLI_EXIT_USAGE;
            }
        } else if (!bad && c->args[i][0] == '-') {
            cli_error(c, "unknown option %s", c->args[i]);
            return CLI_EXIT_USAGE;
        } else if (!bad && !exp) {
            exp = c->args[i];
        } else if (!bad) {
            cli_error(c, "one experiment only (got '%s' too)", c->args[i]);
            return CLI_EXIT_USAGE;
        }
    }
    if (bad)
        return CLI_EXIT_USAGE;
    if (!exp) {
        cli_error(c, "which experiment? mltui runs EXPERIMENT (a name or an id)");
        return CLI_EXIT_USAGE;
    }
    if (!(rs = runset_new()) || !(cols = calloc(MAX_COLS, sizeof *cols)))
        return CLI_EXIT_SERVER;
    /* Without a sort the server's order stands, so --limit can stop early. */
    rc = load_runs(c, exp, filter, view_type, n_sorts == 0 ? limit : 0, rs);
    if (rc != CLI_EXIT_OK)
        goto out_rs;
    runtable_init(&t, rs);
    for (int i = 0; i < n_sorts; i++) {
        if (rs->n_runs && !parse_sort(rs, sorts[i], &t.sort[t.n_sort])) {
            cli_error(c, "cannot sort: no column '%s' in these runs", sorts[i]);
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        t.n_sort += rs->n_runs > 0;
    }
    if (columns) {
        if (rs->n_runs == 0)
            n_cols = 0;
        else if ((n_cols = parse_columns(c, rs, columns, cols)) < 0) {
            rc = CLI_EXIT_USAGE;
            goto out;
        }
    } else {
        /* The screen's default columns with the run id first: a script wants it. */
        runtable_sync_columns(&t);
        cols[n_cols++] = (Column){ COL_ATTR, ATTR_RUN_ID };
        for (size_t k = 0; k < t.n_cols && n_cols < MAX_COLS; k++)
            cols[n_cols++] = t.cols[k];
    }
    runtable_refresh(&t);
    rc = write_runs(c, &t, cols, (size_t)n_cols,
                    limit > 0 && (size_t)limit < t.n_rows ? (size_t)limit : t.n_rows);
out:
    runtable_free(&t);
out_rs:
    free(cols);
    runset_free(rs);
    return rc;
}

/* ---- mltui best ---- */

int cli_best(Cli *c)
{
    const char *exp = NULL, *metric = NULL, *filter = NULL, *v;
    bool bad = false, lowest = false;
    RunSet *rs;
    RunTable t;
    Column col;
    int rc;

    for (int i = 0; i < c->n_args && !bad; i++) {
        if ((v = cli_opt(c, &i, "--metric", &bad)))
            metric = v;
        else if ((v = cli_opt(c, &i, "--filter", &bad)))
            filter = v;
        else if (strcmp(c->args[i], "--min") == 0)
            lowest = true;
        else if (strcmp(c->args[i], "--max") == 0)
            lowest = false;
        else if (!bad && c->args[i][0] == '-') {
            cli_error(c, "unknown option %s", c->args[i]);
            return CLI_EXIT_USAGE;
        } else if (!bad && !exp)
            exp = c->args[i];
        else if (!bad) {
            cli_error(c, "one experiment only (got '%s' too)", c->args[i]);
            return CLI_EXIT_USAGE;
        }
    }
    if (bad)
        return CLI_EXIT_USAGE;
    if (!exp || !metric) {
        cli_error(c, "usage: mltui best EXPERIMENT --metric KEY [--min|--max]");
        return CLI_EXIT_USAGE;
    }
    if (!(rs = runset_new()))
        return CLI_EXIT_SERVER;
    if ((rc = load_runs(c, exp, filter, 0, 0, rs)) != CLI_EXIT_OK)
        goto out_rs;
    runtable_init(&t, rs);
    col = (Column){ COL_METRIC, runset_key(rs, metric) };
    if (strncmp(metric, "metrics.", 8) == 0)
        col.id = runset_key(rs, metric + 8);
    if (col.id == UINT32_MAX || keylist_find(&rs->metric_keys, col.id) < 0) {
        cli_error(c, "no run of %s has a metric '%s'", exp, metric);
        rc = CLI_EXIT_NONE;
        goto out;
    }
    runtable_sort_by(&t, col, !lowest);
    runtable_refresh(&t);
    /* Missing and NaN sort last either way: the first row is the best, if any. */
    const MetricVal *m = t.n_rows ? runset_metric(rs, t.rows[0], col.id) : NULL;
    if (!m || isnan(m->value)) {
        cli_error(c, "no run of %s has a value for '%s'", exp, metric);
        rc = CLI_EXIT_NONE;
        goto out;
    }
    const Run *best = &rs->runs[t.rows[0]];
    if (c->format == OUT_JSON) {
        cJSON *o = cJSON_CreateObject();
        char num[64];
        cJSON_AddStringToObject(o, "run_id", runset_str(rs, best->run_id));
        cJSON_AddStringToObject(o, "run_name", runset_str(rs, best->name));
        cJSON_AddStringToObject(o, "metric", runset_str(rs, col.id));
        if (isfinite(m->value))
            cJSON_AddNumberToObject(o, "value", m->value);
        else
            cJSON_AddStringToObject(o, "value", fmt_metric_full(m->value, num, sizeof num));
        rc = out_json(o, stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_SERVER;
        cJSON_Delete(o);
    } else {
        /* A run id is the server's string too: sanitised like any other. */
        Grid g;
        if (grid_init(&g, 1) == 0 && grid_set_head(&g, 0, "run_id", false, 64) == 0 &&
            grid_add_row(&g) == 0 && grid_set(&g, 0, 0, runset_str(rs, best->run_id)) == 0)
            rc = grid_write(&g, OUT_TSV, true, stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_SERVER;
        else
            rc = CLI_EXIT_SERVER;
        grid_free(&g);
    }
out:
    runtable_free(&t);
out_rs:
    runset_free(rs);
    return rc;
}

/* ---- mltui experiments ---- */

static void collect_experiments(ApiResult *r, void *ctx)
{
    ExperimentList *all = ctx;

    if (r->err.kind == ERR_OK && r->experiments)
        for (size_t i = 0; i < r->experiments->n; i++)
            explist_push(all, &r->experiments->items[i], 0);
}

int cli_experiments(Cli *c)
{
    const char *filter = NULL;
    ExperimentList all = { 0 };
    ApiResult *r;
    Err e;
    int rc = CLI_EXIT_OK;
    char buf[64];

    for (int i = 0; i < c->n_args; i++) {
        if (c->args[i][0] == '-' || filter) {
            cli_error(c, "usage: mltui experiments [FILTER]");
            return CLI_EXIT_USAGE;
        }
        filter = c->args[i];
    }
    r = cli_await(c, api_experiments_search(c->api, 0, 0, filter, 0), collect_experiments,
                  &all, &e);
    if (!r)
        return cli_fail(c, "experiments", &e);
    if (r->err.kind != ERR_OK) {
        rc = cli_fail(c, "experiments", &r->err);
        goto out;
    }
    collect_experiments(r, &all);
    if (c->format == OUT_JSON) {
        cJSON *arr = cJSON_CreateArray();
        for (size_t i = 0; i < all.n; i++) {
            const Experiment *x = &all.items[i];
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "experiment_id", x->id ? x->id : "");
            cJSON_AddStringToObject(o, "name", x->name ? x->name : "");
            cJSON_AddStringToObject(o, "lifecycle_stage", x->lifecycle_stage ? x->lifecycle_stage : "");
            if (x->creation_time != TIME_NONE)
                cJSON_AddNumberToObject(o, "creation_time", (double)x->creation_time);
            if (x->last_update_time != TIME_NONE)
                cJSON_AddNumberToObject(o, "last_update_time", (double)x->last_update_time);
            cJSON_AddItemToArray(arr, o);
        }
        if (out_json(arr, stdout) != 0)
            rc = CLI_EXIT_SERVER;
        cJSON_Delete(arr);
        goto out;
    }
    Grid g;
    if (grid_init(&g, 4) != 0)
        goto out;
    grid_set_head(&g, 0, "id", true, 24);
    grid_set_head(&g, 1, "name", false, 40);
    grid_set_head(&g, 2, "lifecycle", false, 10);
    grid_set_head(&g, 3, "created", false, 19);
    for (size_t i = 0; i < all.n; i++) {
        const Experiment *x = &all.items[i];
        long row = grid_add_row(&g);
        if (row < 0)
            break;
        grid_set(&g, (size_t)row, 0, x->id);
        grid_set(&g, (size_t)row, 1, x->name);
        grid_set(&g, (size_t)row, 2, x->lifecycle_stage);
        grid_set(&g, (size_t)row, 3, fmt_time(x->creation_time, buf, sizeof buf));
    }
    if (grid_write(&g, c->format, c->no_header, stdout) != 0)
        rc = CLI_EXIT_SERVER;
    grid_free(&g);
out:
    api_result_free(r);
    explist_clear(&all);
    free(all.items);     /* explist_clear keeps the array */
    return rc;
}
