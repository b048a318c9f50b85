/* test_mlmodel.c — the MLmodel reader (api/mlmodel.c, libyaml): real MLmodel
 * files written by MLflow 2.3 (recorded), 2.17 and 3.5 (the local-store
 * fixtures), the version screen's signature and the flavour column read
 * through it, YAML forms PyYAML writes, repeated keys, and hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cjson/cJSON.h>

#include "api/artifacts.h"
#include "api/mlmodel.h"
#include "api/registry.h"
#include "core/logged_model.h"
#include "core/registry.h"

/* ---- files ---- */

static const char *top(void)
{
    static char dir[1024];
    const char *t = getenv("MLTUI_TOP");
    const char *here = __FILE__;
    const char *cut = strstr(here, "tests/unit/");

    if (t)
        snprintf(dir, sizeof dir, "%s/", t);
    else if (cut && cut != here)
        snprintf(dir, sizeof dir, "%.*s", (int)(cut - here), here);
    else
        dir[0] = '\0';
    return dir;
}

/* The whole of top()/rel, NUL-terminated; *len its size. */
static char *slurp(const char *rel, size_t *len)
{
    char path[2048];
    FILE *f;
    long n;
    char *text;

    snprintf(path, sizeof path, "%s%s", top(), rel);
    f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    text = malloc((size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    text[n] = '\0';
    *len = (size_t)n;
    return text;
}

/* The response body of a recorded exchange (the MLmodel text). */
static char *recorded(const char *name, size_t *len)
{
    char rel[512], *file, *body;
    size_t n;
    cJSON *root;

    snprintf(rel, sizeof rel, "tests/conformance/recorded/%s", name);
    file = slurp(rel, &n);
    root = cJSON_ParseWithLength(file, n);
    free(file);
    assert_non_null(root);
    body = strdup(cJSON_GetStringValue(
        cJSON_GetObjectItem(cJSON_GetObjectItem(root, "response"), "body")));
    cJSON_Delete(root);
    assert_non_null(body);
    *len = strlen(body);
    return body;
}

#define MLFLOW2_MLMODEL "tests/fixtures/local-stores/mlflow2-client-filestore/mlruns/" \
    "803379374079017933/215237de43e24e4ca79b8136aabe395d/artifacts/model/MLmodel"
#define MLFLOW3_MLMODEL "tests/fixtures/local-stores/mlflow3-server-sqlite/mlartifacts/3/" \
    "models/m-ca49e22acc1b4012946361e9df093fa0/artifacts/MLmodel"

static int parse(const char *y, MlModelInfo *m, Err *e)
{
    return mlmodel_parse(y, strlen(y), m, e);
}

/* ---- real files ---- */

static void mlflow_2_3_recorded_mlmodel_gives_fields_flavours_and_signature(void **state)
{
    size_t len;
    char *text = recorded("063_artifact_download_mlmodel.json", &len);
    MlModelInfo m;
    SigColumn *in, *out;
    long n_in, n_out;

    (void)state;
    assert_int_equal(mlmodel_parse(text, len, &m, NULL), 0);
    assert_string_equal(m.artifact_path, "model");
    assert_string_equal(m.run_id, "0bb6c2c40ef34a13a9013c80dee3a03f");
    assert_string_equal(m.utc_time_created, "2023-05-14 10:15:38.793000");
    assert_string_equal(m.mlflow_version, "2.3.2");
    assert_int_equal(m.n_flavors, 2);
    assert_string_equal(m.flavors[0], "python_function");
    assert_string_equal(m.flavors[1], "sklearn");
    assert_string_equal(m.loader_module, "mlflow.sklearn");
    assert_true(m.has_signature);
    n_in = artifacts_parse_signature(m.sig_inputs, &in);
    n_out = artifacts_parse_signature(m.sig_outputs, &out);
    assert_int_equal(n_in, 22);
    assert_string_equal(in[0].name, "Absolute Magnitude");
    assert_string_equal(in[0].type, "double");
    assert_string_equal(in[21].name, "Mean Motion");
    assert_int_equal(n_out, 1);
    assert_string_equal(out[0].name, "Target");
    assert_string_equal(out[0].type, "boolean");
    sig_columns_free(in, (size_t)n_in);
    sig_columns_free(out, (size_t)n_out);
    mlmodel_free(&m);
    free(text);
}

/* MLflow 2.17 and 3.5 fold the long inputs list over ten lines. */
static void mlflow_2_17_and_3_5_files_give_the_folded_signature(void **state)
{
    static const struct { const char *path, *run_id, *version, *uuid; } files[] = {
        { MLFLOW2_MLMODEL, "215237de43e24e4ca79b8136aabe395d", "2.17.2",
          "2b35a7ba29f44a888c8c42f18fae65f8" },
        { MLFLOW3_MLMODEL, "48961faaddeb485f96fd4fb7f19d6133", "3.5.1.dev0",
          "m-ca49e22acc1b4012946361e9df093fa0" },
    };

    (void)state;
    for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
        size_t len;
        char *text = slurp(files[f].path, &len);
        MlModelInfo m;
        SigColumn *in;
        long n;

        assert_int_equal(mlmodel_parse(text, len, &m, NULL), 0);
        assert_string_equal(m.run_id, files[f].run_id);
        assert_string_equal(m.mlflow_version, files[f].version);
        assert_string_equal(m.model_uuid, files[f].uuid);
        assert_int_equal(m.n_flavors, 2);
        assert_string_equal(m.flavors[1], "sklearn");
        assert_string_equal(m.loader_module, "mlflow.sklearn");
        assert_string_equal(m.sig_outputs, "[{\"type\": \"long\", \"required\": true}]");
        assert_null(m.sig_params);   /* params: null */
        n = artifacts_parse_signature(m.sig_inputs, &in);
        assert_int_equal(n, 12);
        assert_string_equal(in[0].name, "feat_0");
        assert_string_equal(in[11].name, "feat_11");
        assert_string_equal(in[11].type, "double");
        sig_columns_free(in, (size_t)n);
        mlmodel_free(&m);
        free(text);
    }
}

static void version_signature_is_read_from_a_real_file(void **state)
{
    size_t len;
    char *text = slurp(MLFLOW3_MLMODEL, &len);
    Signature s;
    Err e;

    (void)state;
    assert_int_equal(reg_parse_signature(text, len, &s, &e), 0);
    assert_true(s.present);
    assert_int_equal(s.n_inputs, 12);
    assert_string_equal(s.inputs[3].name, "feat_3");
    assert_int_equal(s.n_outputs, 1);
    assert_string_equal(s.outputs[0].name, "");
    assert_string_equal(s.outputs[0].type, "long");
    signature_clear(&s);
    free(text);
}

static void flavour_column_prefers_the_library(void **state)
{
    static const char *const pyfunc_only[] = { "python_function" };
    static const char *const both[] = { "python_function", "xgboost", "sklearn" };
    size_t len;
    char *text = slurp(MLFLOW2_MLMODEL, &len), buf[64];

    (void)state;
    assert_string_equal(mlmodel_flavour(text, len, buf, sizeof buf), "sklearn");
    assert_string_equal(mlmodel_flavour("flavors:\n  python_function: {}\n", 31, buf, sizeof buf),
                        "python_function");
    assert_string_equal(mlmodel_flavour("nothing", 7, buf, sizeof buf), "");
    assert_string_equal(mlmodel_flavour("a: [", 4, buf, sizeof buf), "");
    assert_string_equal(logged_model_flavour(both, 3), "xgboost");
    assert_string_equal(logged_model_flavour(pyfunc_only, 1), "python_function");
    assert_string_equal(logged_model_flavour(NULL, 0), "");
    free(text);
}

/* ---- YAML forms ---- */

static void folded_and_quoted_scalars_are_read_as_yaml(void **state)
{
    const char *y =
        "flavors:\n"
        "    keras:\n"
        "        keras_version: 2.1\n"
        "run_id: \"ab\\\"c\\u00e9\"\n"
        "signature:\n"
        "  inputs: '[{\"name\": \"it''s\", \"type\":\n"
        "    \"long\"}, {\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float64\",\n"
        "    \"shape\": [-1, 4]}}]'\n"
        "  outputs: null\n"
        "  params: ''\n"
        "artifact_path: >-\n  folded\n  block\n"
        "model_uuid: |\n  literal\n"
        "utc_time_created: '2024-01-02'  # a comment\n";
    MlModelInfo m;
    SigColumn *c;

    (void)state;
    assert_int_equal(parse(y, &m, NULL), 0);
    assert_int_equal(m.n_flavors, 1);
    assert_string_equal(m.flavors[0], "keras");
    assert_null(m.loader_module);
    assert_string_equal(m.run_id, "ab\"c\xc3\xa9");
    assert_null(m.sig_outputs);
    assert_string_equal(m.sig_params, "");       /* quoted '' is a value, not null */
    assert_string_equal(m.artifact_path, "folded block");
    assert_string_equal(m.model_uuid, "literal\n");
    assert_string_equal(m.utc_time_created, "2024-01-02");
    assert_int_equal(artifacts_parse_signature(m.sig_inputs, &c), 2);
    assert_string_equal(c[0].name, "it's");
    assert_string_equal(c[1].type, "tensor float64 (-1, 4)");
    sig_columns_free(c, 2);
    mlmodel_free(&m);
}

static void flow_style_and_document_markers_are_read(void **state)
{
    const char *y = "%YAML 1.1\n---\n{run_id: r1, flavors: {sklearn: {}, python_function: "
                    "{loader_module: m}}, signature: {inputs: '[]'}}\n...\n---\nrun_id: r2\n";
    MlModelInfo m;

    (void)state;
    assert_int_equal(parse(y, &m, NULL), 0);
    assert_string_equal(m.run_id, "r1");   /* the first document only */
    assert_int_equal(m.n_flavors, 2);
    assert_string_equal(m.loader_module, "m");
    assert_true(m.has_signature);
    assert_string_equal(m.sig_inputs, "[]");
    mlmodel_free(&m);
}

/* Keys repeated at any level keep the last value; the earlier ones are freed
 * (make test-asan checks for leaks); a flavour given twice is listed once. */
static void repeated_keys_keep_the_last_and_free_the_rest(void **state)
{
    static const char text[] =
        "run_id: a\nrun_id: b\n"
        "flavors:\n  python_function:\n    loader_module: x\n    loader_module: y\n"
        "  sklearn: {}\n  python_function: {}\n"
        "signature:\n  inputs: '[{\"name\": \"a\", \"type\": \"long\"}]'\n"
        "  outputs: '[]'\n  params: null\n"
        "  inputs: '[{\"name\": \"b\",\n    \"type\": \"double\"}]'\n"
        "  outputs: '[1]'\n"
        "signature:\n  inputs: '[{\"name\": \"c\", \"type\": \"string\"}]'\n";
    MlModelInfo m;

    (void)state;
    assert_int_equal(mlmodel_parse(text, sizeof text - 1, &m, NULL), 0);
    assert_string_equal(m.run_id, "b");
    assert_string_equal(m.loader_module, "y");
    assert_int_equal(m.n_flavors, 2);
    assert_string_equal(m.flavors[0], "python_function");
    assert_string_equal(m.flavors[1], "sklearn");
    assert_string_equal(m.sig_inputs, "[{\"name\": \"c\", \"type\": \"string\"}]");
    assert_string_equal(m.sig_outputs, "[1]");
    assert_null(m.sig_params);
    mlmodel_free(&m);
}

/* What is not the expected shape is NULL or skipped, never read as text. */
static void values_of_the_wrong_shape_are_null(void **state)
{
    const char *y = "run_id: [a, b]\n"
                    "mlflow_version: {x: 1}\n"
                    "artifact_path: ~\n"
                    "model_uuid:\n"
                    "? [complex, key]\n: value\n"
                    "flavors: sklearn\n"
                    "signature: null\n";
    MlModelInfo m;
    Signature s;
    Err e;

    (void)state;
    assert_int_equal(parse(y, &m, NULL), 0);
    assert_null(m.run_id);
    assert_null(m.mlflow_version);
    assert_null(m.artifact_path);
    assert_null(m.model_uuid);
    assert_int_equal(m.n_flavors, 0);
    assert_false(m.has_signature);
    mlmodel_free(&m);
    assert_int_equal(reg_parse_signature(y, strlen(y), &s, &e), 0);
    assert_false(s.present);
    assert_int_equal(s.n_inputs, 0);
}

static void signature_columns_that_are_not_a_list_are_an_error(void **state)
{
    const char *y = "signature:\n  inputs: '{\"a\": 1}'\n";
    Signature s;
    Err e;

    (void)state;
    assert_int_equal(reg_parse_signature(y, strlen(y), &s, &e), -1);
    assert_int_equal(e.kind, ERR_PARSE);
    assert_non_null(strstr(e.message, "inputs"));
    assert_null(s.inputs);
}

/* ---- hostile input ---- */

static void text_that_is_not_yaml_is_an_error_with_its_line(void **state)
{
    MlModelInfo m;
    Err e;

    (void)state;
    assert_int_equal(mlmodel_parse("\x01\x02: :\n- - -\n  : x\n'", 18, &m, &e), -1);
    assert_int_equal(e.kind, ERR_PARSE);
    assert_int_equal(m.n_flavors, 0);
    assert_null(m.run_id);
    assert_int_equal(parse("run_id: a\nflavors:\n  sklearn: {\n", &m, &e), -1);
    assert_non_null(strstr(e.message, "not valid YAML"));
    assert_int_equal(parse("run_id: \"\\q\"\n", &m, &e), -1);   /* no such escape */
    assert_int_equal(parse("a: b\n c: d\n", &m, &e), -1);
    assert_non_null(strstr(e.message, "line 2"));
    assert_null(m.run_id);   /* nothing half-read is left */
}

static void text_that_is_not_a_mapping_is_an_error(void **state)
{
    static const char *const not_maps[] = { "", "# only a comment\n", "- a\n- b\n", "plain",
                                            "'quoted'", "*alias", "---\n...\n" };
    MlModelInfo m;
    Err e;

    (void)state;
    for (size_t i = 0; i < sizeof not_maps / sizeof *not_maps; i++) {
        e.kind = ERR_OK;
        assert_int_equal(parse(not_maps[i], &m, &e), -1);
        assert_int_equal(e.kind, ERR_PARSE);
    }
    assert_int_equal(mlmodel_parse(NULL, 0, &m, NULL), -1);
}

static void nesting_past_the_cap_is_refused_not_followed(void **state)
{
    size_t depth = 100000, n = 0;
    char *y = malloc(2 * depth + 64);
    MlModelInfo m;
    Err e;

    (void)state;
    assert_non_null(y);
    n += (size_t)sprintf(y, "run_id: r\nx: ");
    for (size_t i = 0; i < depth; i++)
        y[n++] = '[';
    for (size_t i = 0; i < depth; i++)
        y[n++] = ']';
    y[n] = '\0';
    assert_int_equal(mlmodel_parse(y, n, &m, &e), -1);
    assert_non_null(strstr(e.message, "nested more than 64"));
    /* at the cap, it is read (skipped whole) */
    n = (size_t)sprintf(y, "x: ");
    for (size_t i = 0; i < MLMODEL_MAX_DEPTH - 1; i++)
        y[n++] = '[';
    for (size_t i = 0; i < MLMODEL_MAX_DEPTH - 1; i++)
        y[n++] = ']';
    n += (size_t)sprintf(y + n, "\nrun_id: r\n");
    assert_int_equal(mlmodel_parse(y, n, &m, &e), 0);
    assert_string_equal(m.run_id, "r");
    mlmodel_free(&m);
    free(y);
}

/* "Billion laughs": aliases are events, never expanded, so this is cheap;
 * an alias where a value belongs is NULL. */
static void aliases_are_not_expanded(void **state)
{
    const char *y = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                    "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                    "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
                    "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
                    "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]\n"
                    "v: &v mlflow.sklearn\n"
                    "run_id: *v\n"
                    "flavors: *i\n";
    MlModelInfo m;

    (void)state;
    assert_int_equal(parse(y, &m, NULL), 0);
    assert_null(m.run_id);
    assert_int_equal(m.n_flavors, 0);
    mlmodel_free(&m);
}

static void text_past_the_size_cap_is_refused(void **state)
{
    size_t n = MLMODEL_MAX_BYTES + 1;
    char *y = malloc(n);
    MlModelInfo m;
    Err e;

    (void)state;
    assert_non_null(y);
    memset(y, ' ', n);
    memcpy(y, "run_id: r\n", 10);
    assert_int_equal(mlmodel_parse(y, n, &m, &e), -1);
    assert_non_null(strstr(e.message, "larger than 16 MiB"));
    assert_int_equal(mlmodel_parse(y, n - 1, &m, &e), 0);   /* at the cap: read */
    assert_string_equal(m.run_id, "r");
    mlmodel_free(&m);
    free(y);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mlflow_2_3_recorded_mlmodel_gives_fields_flavours_and_signature),
        cmocka_unit_test(mlflow_2_17_and_3_5_files_give_the_folded_signature),
        cmocka_unit_test(version_signature_is_read_from_a_real_file),
        cmocka_unit_test(flavour_column_prefers_the_library),
        cmocka_unit_test(folded_and_quoted_scalars_are_read_as_yaml),
        cmocka_unit_test(flow_style_and_document_markers_are_read),
        cmocka_unit_test(repeated_keys_keep_the_last_and_free_the_rest),
        cmocka_unit_test(values_of_the_wrong_shape_are_null),
        cmocka_unit_test(signature_columns_that_are_not_a_list_are_an_error),
        cmocka_unit_test(text_that_is_not_yaml_is_an_error_with_its_line),
        cmocka_unit_test(text_that_is_not_a_mapping_is_an_error),
        cmocka_unit_test(nesting_past_the_cap_is_refused_not_followed),
        cmocka_unit_test(aliases_are_not_expanded),
        cmocka_unit_test(text_past_the_size_cap_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
