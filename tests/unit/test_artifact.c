/* test_artifact.c — artifact listings from recorded MLflow replies, the URLs
 * files are fetched from, the path safety check against each attack, preview
 * kinds, signature column lists, JSON pretty-printing (the MLmodel reader:
 * test_mlmodel.c). */
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
#include "core/artifact.h"

/* ---- recorded exchanges ---- */

static const char *recorded_dir(void)
{
    static char dir[1024];
    const char *top = getenv("MLTUI_TOP");
    const char *here = __FILE__;
    const char *cut = strstr(here, "tests/unit/");

    if (top)
        snprintf(dir, sizeof dir, "%s/tests/conformance/recorded", top);
    else if (cut && cut != here)
        snprintf(dir, sizeof dir, "%.*stests/conformance/recorded", (int)(cut - here), here);
    else
        snprintf(dir, sizeof dir, "tests/conformance/recorded");
    return dir;
}

typedef struct Rec {
    cJSON *root;
    char  *body;
    size_t len;
    const char *path;      /* request path */
    const cJSON *query;
} Rec;

static void rec_load(Rec *r, const char *name)
{
    char path[1200];
    FILE *f;
    long n;
    char *text;

    memset(r, 0, sizeof *r);
    snprintf(path, sizeof path, "%s/%s", recorded_dir(), name);
    f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    text = malloc((size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    r->root = cJSON_ParseWithLength(text, (size_t)n);
    free(text);
    assert_non_null(r->root);
    const cJSON *req = cJSON_GetObjectItem(r->root, "request");
    const cJSON *b = cJSON_GetObjectItem(cJSON_GetObjectItem(r->root, "response"), "body");
    r->path = cJSON_GetStringValue(cJSON_GetObjectItem(req, "path"));
    r->query = cJSON_GetObjectItem(req, "query");
    if (cJSON_IsString(b))
        r->body = strdup(b->valuestring);
    else
        r->body = cJSON_PrintUnformatted(b);
    assert_non_null(r->body);
    r->len = strlen(r->body);
}

static void rec_free(Rec *r)
{
    cJSON_Delete(r->root);
    free(r->body);
}

static ArtifactList *parse_rec(const char *name)
{
    Rec r;
    Err e;
    ArtifactList *l = artifact_list_new();

    rec_load(&r, name);
    assert_int_equal(artifacts_parse_list(r.body, r.len, l, &e), 0);
    rec_free(&r);
    return l;
}

static void list_root_has_files_folder_and_sizes(void **state)
{
    ArtifactList *l = parse_rec("054_artifacts_list_root.json");

    (void)state;
    assert_string_equal(l->root_uri,
                        "mlflow-artifacts:/1/0bb6c2c40ef34a13a9013c80dee3a03f/artifacts");
    assert_int_equal(l->n, 6);
    assert_string_equal(l->items[1].path, "confusion_matrix.png");
    assert_false(l->items[1].is_dir);
    assert_int_equal(l->items[1].size, 23172);
    assert_string_equal(l->items[4].path, "model");
    assert_true(l->items[4].is_dir);
    assert_int_equal(l->items[4].size, -1);
    artifact_list_sort(l);
    assert_string_equal(l->items[0].path, "model");   /* folders first */
    assert_string_equal(l->items[1].path, "Clasification Report randomForest 10000");
    artifact_list_free(l);
}

static void list_subdir_paths_are_relative_to_the_root(void **state)
{
    ArtifactList *l = parse_rec("055_artifacts_list_subdir.json");

    (void)state;
    assert_int_equal(l->n, 4);
    assert_string_equal(l->items[0].path, "model/MLmodel");
    assert_int_equal(l->items[0].size, 1680);
    assert_string_equal(artifact_below("model", l->items[0].path), "MLmodel");
    assert_string_equal(artifact_basename(l->items[0].path), "MLmodel");
    artifact_list_free(l);
}

static void list_without_files_is_an_empty_folder(void **state)
{
    ArtifactList *l = parse_rec("057_artifacts_list_empty_run.json");
    ArtifactList *m = parse_rec("058_artifacts_list_missing_path.json");

    (void)state;
    assert_int_equal(l->n, 0);
    assert_non_null(l->root_uri);
    assert_int_equal(m->n, 0);
    artifact_list_free(l);
    artifact_list_free(m);
}

static void proxy_listing_and_h2o_listing_parse(void **state)
{
    ArtifactList *p = parse_rec("060_mlflow_artifacts_list_proxy.json");
    ArtifactList *h = parse_rec("056_artifacts_list_h2o.json");

    (void)state;
    assert_int_equal(p->n, 6);
    assert_null(p->root_uri);
    assert_int_equal(h->n, 4);
    assert_string_equal(h->items[0].path, "ConfusionMatrix");
    assert_int_equal(h->items[0].size, 278);
    artifact_list_free(p);
    artifact_list_free(h);
}

static void list_reply_that_is_not_an_object_is_a_parse_error(void **state)
{
    ArtifactList *l = artifact_list_new();
    Err e;

    (void)state;
    assert_int_equal(artifacts_parse_list("[1,2]", 5, l, &e), -1);
    assert_int_equal(e.kind, ERR_PARSE);
    assert_int_equal(artifacts_parse_list("{\"files\": 3}", 12, l, &e), -1);
    assert_int_equal(artifacts_parse_list("<html>", 6, l, &e), -1);
    /* entries without a path are skipped, sizes may be strings */
    const char *b = "{\"files\":[{\"is_dir\":false},{\"path\":\"a\",\"file_size\":\"12\"}]}";
    assert_int_equal(artifacts_parse_list(b, strlen(b), l, &e), 0);
    assert_int_equal(l->n, 1);
    assert_int_equal(l->items[0].size, 12);
    artifact_list_free(l);
}

/* The URL of each recorded download is what artifacts_file_url builds. */
static void file_url_matches_recorded_proxy_requests(void **state)
{
    static const struct { const char *rec, *path; } cases[] = {
        { "061_artifact_download_text.json", "Clasification Report randomForest 10000" },
        { "062_artifact_download_png.json", "confusion_matrix.png" },
        { "063_artifact_download_mlmodel.json", "model/MLmodel" },
        { "064_artifact_download_json.json", "metric_info.json" },
        { "067_artifact_download_missing.json", "nope.txt" },
    };
    const char *uri = "mlflow-artifacts:/1/0bb6c2c40ef34a13a9013c80dee3a03f/artifacts";

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Rec r;
        rec_load(&r, cases[i].rec);
        char *url = artifacts_file_url("0bb6c2c40ef34a13a9013c80dee3a03f", uri, cases[i].path);
        assert_string_equal(url, r.path);
        free(url);
        rec_free(&r);
    }
}

static void file_url_escapes_each_segment(void **state)
{
    char *url = artifacts_file_url("r1", "mlflow-artifacts:/1/r1/artifacts", "a b/c?d#e/%2F");

    (void)state;
    assert_string_equal(url, "/api/2.0/mlflow-artifacts/artifacts/1/r1/artifacts/a%20b/c%3Fd%23e/"
                             "%252F");
    free(url);
    url = artifacts_file_url("r1", "mlflow-artifacts://host:5000/7/r1/artifacts", "x.txt");
    assert_string_equal(url, "/api/2.0/mlflow-artifacts/artifacts/7/r1/artifacts/x.txt");
    free(url);
}

static void file_url_falls_back_to_get_artifact_for_other_stores(void **state)
{
    Rec r;
    char *url = artifacts_file_url("0bb6c2c40ef34a13a9013c80dee3a03f",
                                   "s3://bucket/1/0bb6c2c40ef34a13a9013c80dee3a03f/artifacts",
                                   "metric_info.json");

    (void)state;
    rec_load(&r, "068_get_artifact_legacy.json");
    assert_string_equal(r.path, "/get-artifact");
    assert_string_equal(url, "/get-artifact?path=metric_info.json"
                             "&run_uuid=0bb6c2c40ef34a13a9013c80dee3a03f");
    free(url);
    url = artifacts_file_url("r", NULL, "model/My File&x=1");
    assert_string_equal(url, "/get-artifact?path=model%2FMy%20File%26x%3D1&run_uuid=r");
    free(url);
    rec_free(&r);
}

/* ---- artifact_safe_path: one test per attack ---- */

static void safe_path_accepts_ordinary_paths(void **state)
{
    (void)state;
    assert_true(artifact_safe_path("confusion_matrix.png", NULL));
    assert_true(artifact_safe_path("model/MLmodel", NULL));
    assert_true(artifact_safe_path("Clasification Report randomForest 10000", NULL));
    assert_true(artifact_safe_path("données/ß.txt", NULL));
    assert_true(artifact_safe_path("..hidden/.x/a..b", NULL));
}

static void safe_path_rejects_dot_dot_segments(void **state)
{
    const char *why;
    (void)state;
    assert_false(artifact_safe_path("..", &why));
    assert_string_equal(why, "'..' segment");
    assert_false(artifact_safe_path("../etc/passwd", NULL));
    assert_false(artifact_safe_path("model/../../x", NULL));
    assert_false(artifact_safe_path("model/..", NULL));
}

static void safe_path_rejects_dot_segments(void **state)
{
    (void)state;
    assert_false(artifact_safe_path(".", NULL));
    assert_false(artifact_safe_path("./x", NULL));
    assert_false(artifact_safe_path("a/./b", NULL));
}

static void safe_path_rejects_absolute_paths(void **state)
{
    const char *why;
    (void)state;
    assert_false(artifact_safe_path("/etc/passwd", &why));
    assert_string_equal(why, "absolute path");
    assert_false(artifact_safe_path("//server/share", NULL));
    assert_false(artifact_safe_path("C:evil", NULL));
}

static void safe_path_rejects_empty_segments(void **state)
{
    const char *why;
    (void)state;
    assert_false(artifact_safe_path("", &why));
    assert_false(artifact_safe_path(NULL, NULL));
    assert_false(artifact_safe_path("a//b", &why));
    assert_string_equal(why, "empty segment");
    assert_false(artifact_safe_path("a/", NULL));
}

static void safe_path_rejects_backslashes(void **state)
{
    const char *why;
    (void)state;
    assert_false(artifact_safe_path("..\\..\\x", &why));
    assert_string_equal(why, "backslash");
    assert_false(artifact_safe_path("a\\b", NULL));
}

static void safe_path_rejects_control_characters(void **state)
{
    (void)state;
    assert_false(artifact_safe_path("a\nb", NULL));
    assert_false(artifact_safe_path("a\x1b[2Jb", NULL));
    assert_false(artifact_safe_path("a\tb", NULL));
    assert_false(artifact_safe_path("a\x7f", NULL));
    assert_false(artifact_safe_path("a\xc2\x9b" "b", NULL));   /* C1 CSI */
}

static void safe_path_rejects_invalid_utf8(void **state)
{
    (void)state;
    assert_false(artifact_safe_path("a\xff", NULL));
    assert_false(artifact_safe_path("\xc0\xae\xc0\xae/x", NULL));   /* overlong "..": */
    assert_false(artifact_safe_path("a\xed\xa0\x80", NULL));        /* surrogate */
}

static void safe_path_rejects_overlong_paths(void **state)
{
    char *p = malloc(5000);
    (void)state;
    memset(p, 'a', 4999);
    p[4999] = 0;
    assert_false(artifact_safe_path(p, NULL));
    free(p);
}

static void below_requires_a_child_of_the_folder(void **state)
{
    (void)state;
    assert_string_equal(artifact_below("", "x"), "x");
    assert_string_equal(artifact_below("model", "model/a/b"), "a/b");
    assert_null(artifact_below("model", "modelx/a"));
    assert_null(artifact_below("model", "other/a"));
    assert_null(artifact_below("model", "model"));
    assert_null(artifact_below("model", "model/"));
}

/* ---- kinds ---- */

static void kind_from_name_and_bytes(void **state)
{
    (void)state;
    assert_int_equal(artifact_kind("confusion_matrix.png", NULL, 0), AK_PNG);
    assert_int_equal(artifact_kind("x.bin", "\x89PNG\r\n\x1a\n....", 12), AK_PNG);
    assert_int_equal(artifact_kind("model/MLmodel", "a: b\n", 5), AK_MLMODEL);
    assert_int_equal(artifact_kind("metric_info.json", "{}", 2), AK_JSON);
    assert_int_equal(artifact_kind("model/conda.yaml", "a: 1\n", 5), AK_YAML);
    assert_int_equal(artifact_kind("ConfusionMatrix", "Confusion", 9), AK_TEXT);
    assert_int_equal(artifact_kind("param", "{\"a\": 1}", 8), AK_JSON);
    assert_int_equal(artifact_kind("model.pkl", NULL, 0), AK_BINARY);
    assert_int_equal(artifact_kind("model.pkl", "\x80\x04\x95\x00", 4), AK_BINARY);
    assert_int_equal(artifact_kind("notes.txt", "caf\xc3\xa9", 5), AK_TEXT);
    assert_int_equal(artifact_kind("notes.txt", "bad\xff", 4), AK_BINARY);
    assert_string_equal(artifact_type_name("model.pkl", "\x80\x04", 2), "Python pickle");
    assert_string_equal(artifact_type_name("estimator.html", NULL, 0), "HTML");
}

/* MLflow sends a folder's listing in one reply (no next_page_token): past
 * ARTIFACTS_LIST_MAX_ENTRIES entries the rest are counted, not kept. */
static void list_longer_than_the_cap_keeps_the_first_and_counts_the_rest(void **state)
{
    size_t n = ARTIFACTS_LIST_MAX_ENTRIES + 3, len = 0;
    char *body = malloc(n * 48 + 64);
    ArtifactList *l = artifact_list_new();
    Err e;

    (void)state;
    assert_non_null(body);
    len += (size_t)sprintf(body, "{\"root_uri\": \"r\", \"files\": [");
    for (size_t i = 0; i < n; i++)
        len += (size_t)sprintf(body + len, "%s{\"path\": \"f%zu\", \"file_size\": 1}",
                               i ? ", " : "", i);
    len += (size_t)sprintf(body + len, "], \"next_page_token\": \"ignored\"}");
    assert_int_equal(artifacts_parse_list(body, len, l, &e), 0);
    assert_int_equal(l->n, ARTIFACTS_LIST_MAX_ENTRIES);
    assert_int_equal(l->dropped, 3);
    assert_string_equal(l->items[ARTIFACTS_LIST_MAX_ENTRIES - 1].path, "f99999");
    artifact_list_free(l);
    free(body);
}

/* ---- signature columns (the MLmodel reader itself: test_mlmodel.c) ---- */

static void signature_columns_and_tensors(void **state)
{
    SigColumn *c;

    (void)state;
    assert_int_equal(artifacts_parse_signature(
                         "[{\"name\": \"it's\", \"type\": \"long\"}, {\"type\": \"tensor\", "
                         "\"tensor-spec\": {\"dtype\": \"float64\", \"shape\": [-1, 4]}}, "
                         "{\"name\": \"s\", \"type\": \"string\", \"required\": false}]", &c), 3);
    assert_string_equal(c[0].name, "it's");
    assert_string_equal(c[0].type, "long");
    assert_string_equal(c[1].name, "");
    assert_string_equal(c[1].type, "tensor float64 (-1, 4)");
    assert_string_equal(c[2].type, "string (optional)");
    sig_columns_free(c, 3);
}

static void signature_that_is_not_a_column_list_is_refused(void **state)
{
    SigColumn *c;

    (void)state;
    assert_int_equal(artifacts_parse_signature("{\"a\":1}", &c), -1);
    assert_int_equal(artifacts_parse_signature(NULL, &c), -1);
    assert_int_equal(artifacts_parse_signature("not json", &c), -1);
}

static void json_pretty_prints_with_two_spaces(void **state)
{
    char *p = artifacts_json_pretty("{\"a\":{\"b\":[1,2]}}", 17);

    (void)state;
    assert_non_null(p);
    assert_string_equal(p, "{\n  \"a\": {\n    \"b\": [1, 2]\n  }\n}");
    free(p);
    assert_null(artifacts_json_pretty("{\"a\":", 5));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(list_root_has_files_folder_and_sizes),
        cmocka_unit_test(list_subdir_paths_are_relative_to_the_root),
        cmocka_unit_test(list_without_files_is_an_empty_folder),
        cmocka_unit_test(proxy_listing_and_h2o_listing_parse),
        cmocka_unit_test(list_reply_that_is_not_an_object_is_a_parse_error),
        cmocka_unit_test(file_url_matches_recorded_proxy_requests),
        cmocka_unit_test(file_url_escapes_each_segment),
        cmocka_unit_test(file_url_falls_back_to_get_artifact_for_other_stores),
        cmocka_unit_test(safe_path_accepts_ordinary_paths),
        cmocka_unit_test(safe_path_rejects_dot_dot_segments),
        cmocka_unit_test(safe_path_rejects_dot_segments),
        cmocka_unit_test(safe_path_rejects_absolute_paths),
        cmocka_unit_test(safe_path_rejects_empty_segments),
        cmocka_unit_test(safe_path_rejects_backslashes),
        cmocka_unit_test(safe_path_rejects_control_characters),
        cmocka_unit_test(safe_path_rejects_invalid_utf8),
        cmocka_unit_test(safe_path_rejects_overlong_paths),
        cmocka_unit_test(below_requires_a_child_of_the_folder),
        cmocka_unit_test(kind_from_name_and_bytes),
        cmocka_unit_test(list_longer_than_the_cap_keeps_the_first_and_counts_the_rest),
        cmocka_unit_test(signature_columns_and_tensors),
        cmocka_unit_test(signature_that_is_not_a_column_list_is_refused),
        cmocka_unit_test(json_pretty_prints_with_two_spaces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
