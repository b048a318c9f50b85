/* test_filter.c — core/filter: MLflow's filter grammar. The accept/reject
 * table was produced by tests/server/search.py (the test server's Python
 * model of MLflow's SearchUtils) on the same strings; the C parser must agree
 * with it, error texts included where the table gives them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/filter.h"

typedef struct Case {
    const char *text;
    int         n;          /* clauses, or -1: rejected */
    const char *first_key;  /* key of the first clause */
    const char *error;      /* a substring of the error, when rejected */
} Case;

static const Case cases[] = {
    { "metrics.f1 > 0.9", 1, "f1", NULL },
    { "metrics.f1>0.9 and params.x = 'a'", 2, "f1", NULL },
    { "params.x = \"a\"", 1, "x", NULL },
    { "tags.`my key` != 'v'", 1, "my key", NULL },
    { "attributes.run_id IN ('abc', 'def')", 1, "run_id", NULL },
    { "run_id NOT IN ('abc')", 1, "run_id", NULL },
    { "attribute.status = 'FINISHED'", 1, "status", NULL },
    { "created > 5", 1, "start_time", NULL },
    { "`Run name` LIKE 'rf%'", 1, "run_name", NULL },
    { "metrics.f1 > 0.9 OR metrics.f1 < 0.1", -1, NULL,
      "Invalid clause(s) in filter string: 'OR'" },
    { "metrics.f1 = 'x'", -1, NULL, "Expected numeric value type for metric. Found 'x'" },
    { "params.x = a", -1, NULL, "Parameter value is either not quoted or unidentified quote "
      "types used for string value a. Use either single or double quotes." },
    { "foo.bar = 'x'", -1, NULL, "Invalid entity type 'foo'. Valid values are ['metric', "
      "'parameter', 'tag', 'attribute', 'dataset']" },
    { "attributes.bogus = 'x'", -1, NULL, "Invalid attribute key 'bogus' specified." },
    { "metrics.f1 >> 1", -1, NULL, "Invalid comparator '>>' not one of" },
    { "metrics.f1 > 1; metrics.f1 < 2", -1, NULL, "Search filter contained multiple expression" },
    { "metrics.f1 > 1;", 1, "f1", NULL },
    { "params.x ILIKE '%A%'", 1, "x", NULL },
    { "params.x IN ('a')", -1, NULL, "Expected a quoted string value for parameter" },
    { "metrics.\"a b\" >= -1.5e3", 1, "a b", NULL },
    { "datasets.name = 'x'", 1, "name", NULL },
    { "datasets.bogus = 'x'", -1, NULL, "Invalid dataset key 'bogus' specified." },
    { "status = 'FINISHED' AND", 1, "status", NULL },
    { "metrics.f1 > 0.9 AND params.p LIKE 'a_c'", 2, "f1", NULL },
    { "run_name = 'rf''s'", 1, "run_name", NULL },
    { "tags.t = 'x' and tags.u != 'y' and metrics.m <= 3", 3, "t", NULL },
    { "metrics.f1 > .5", 1, "f1", NULL },
    { "metrics.f1 > 1.", 1, "f1", NULL },
    { "start_time >= 1796178000000", 1, "start_time", NULL },
    { "end_time < 'x'", -1, NULL,
      "Expected numeric value type for numeric attribute: end_time. Found 'x'" },
    { "", 0, NULL, NULL },
    { "   ", 0, NULL, NULL },
};

static void parser_agrees_with_the_test_server(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const Case *c = &cases[i];
        Filter f;
        char why[600];
        int rc = filter_parse(c->text, FILTER_RUNS, &f, why, sizeof why);
        if (c->n < 0) {
            if (rc == 0)
                fail_msg("accepted: %s", c->text);
            if (!strstr(why, c->error))
                fail_msg("%s: said \"%s\", expected \"%s\"", c->text, why, c->error);
            continue;
        }
        if (rc != 0)
            fail_msg("rejected: %s: %s", c->text, why);
        assert_int_equal(f.n, (size_t)c->n);
        if (c->first_key)
            assert_string_equal(f.clauses[0].key, c->first_key);
        filter_free(&f);
    }
}

static void values_are_unquoted_and_numbers_parsed(void **state)
{
    Filter f;
    char why[300];

    (void)state;
    assert_int_equal(filter_parse("metrics.\"a b\" >= -1.5e3 and params.p = 'v w'", FILTER_RUNS,
                                  &f, why, sizeof why), 0);
    assert_true(f.clauses[0].numeric);
    assert_true(f.clauses[0].num == -1500.0);
    assert_int_equal(f.clauses[0].op, FOP_GE);
    assert_string_equal(f.clauses[1].str, "v w");
    assert_int_equal(f.clauses[1].entity, FENT_PARAM);
    filter_free(&f);
    /* IN keeps only lower-case ids (MLflow's quirk), '' is one quote */
    assert_int_equal(filter_parse("run_id IN ('abc', 'ABC', 'a''b')", FILTER_RUNS, &f, why,
                                  sizeof why), 0);
    assert_int_equal(f.clauses[0].n_list, 2);
    assert_string_equal(f.clauses[0].list[0], "abc");
    assert_string_equal(f.clauses[0].list[1], "a'b");
    filter_free(&f);
}

static void like_wildcards_and_case(void **state)
{
    (void)state;
    assert_true(filter_like("rf%", "rf_100", false));
    assert_false(filter_like("RF%", "rf_100", false));
    assert_true(filter_like("RF%", "rf_100", true));
    assert_true(filter_like("a_c", "abc", false));
    assert_false(filter_like("a_c", "abbc", false));
    assert_true(filter_like("%_300", "rf_300", false));
    assert_true(filter_like("%", "", false));
    assert_false(filter_like("_", "", false));
    assert_true(filter_like("%b%b%", "abcbd", false));
    assert_true(filter_like("a_b", "a\xc3\xa9" "b", false));   /* _ is one character */
}

static RunSet *sample(void)
{
    RunSet *rs = runset_new();
    RunInfoIn a = { .run_id = "aaa", .run_name = "rf_10", .status = RUN_FINISHED,
                    .start_time = 100, .end_time = TIME_NONE, .user_id = "ana" };
    RunInfoIn b = { .run_id = "bbb", .run_name = "knn_7", .status = RUN_FAILED,
                    .start_time = 200, .end_time = 300, .user_id = "bo" };

    runset_begin_run(rs, &a);
    runset_add_metric(rs, "f1", 0.9, 0);
    runset_add_metric(rs, "nanm", NAN, 0);
    runset_add_param(rs, "n", "10");
    runset_add_tag(rs, "team", "A");
    runset_end_run(rs);
    runset_begin_run(rs, &b);
    runset_add_metric(rs, "f1", 0.5, 0);
    runset_add_param(rs, "k", "7");
    runset_end_run(rs);
    return rs;
}

static int count(const RunSet *rs, const char *text)
{
    Filter f;
    char why[300];
    int n = 0;

    if (filter_parse(text, FILTER_RUNS, &f, why, sizeof why) != 0)
        fail_msg("%s: %s", text, why);
    for (size_t i = 0; i < rs->n_runs; i++)
        n += filter_match_run(&f, rs, i);
    filter_free(&f);
    return n;
}

static void runs_match_like_mlflows_sql_store(void **state)
{
    RunSet *rs = sample();

    (void)state;
    assert_int_equal(count(rs, ""), 2);
    assert_int_equal(count(rs, "metrics.f1 > 0.6"), 1);
    assert_int_equal(count(rs, "metrics.f1 >= 0.5"), 2);
    /* a run without the key never matches, not even != */
    assert_int_equal(count(rs, "params.n != '11'"), 1);
    assert_int_equal(count(rs, "metrics.nosuch != 1"), 0);
    /* NaN compares like 0.0 (the SQL store keeps it as 0 with is_nan) */
    assert_int_equal(count(rs, "metrics.nanm = 0"), 1);
    assert_int_equal(count(rs, "attributes.status = 'FAILED'"), 1);
    assert_int_equal(count(rs, "attributes.run_name LIKE 'rf%'"), 1);
    assert_int_equal(count(rs, "attributes.run_name ILIKE 'RF%'"), 1);
    assert_int_equal(count(rs, "attributes.run_id IN ('aaa', 'bbb')"), 2);
    assert_int_equal(count(rs, "attributes.run_id NOT IN ('aaa')"), 1);
    assert_int_equal(count(rs, "attributes.start_time > 150"), 1);
    /* a running run has no end_time: never matches */
    assert_int_equal(count(rs, "attributes.end_time > 0"), 1);
    assert_int_equal(count(rs, "tags.team = 'A' AND metrics.f1 > 0.1"), 1);
    assert_int_equal(count(rs, "attributes.user_id = 'bo'"), 1);
    assert_int_equal(count(rs, "datasets.name = 'x'"), 0);
    runset_free(rs);
}

static void experiment_and_registry_kinds(void **state)
{
    Filter f;
    char why[300];

    (void)state;
    assert_int_equal(filter_parse("name LIKE 'NEO%' and tags.project = 'x'", FILTER_EXPERIMENTS,
                                  &f, why, sizeof why), 0);
    assert_int_equal(f.n, 2);
    assert_true(filter_clause_string(&f.clauses[0], "NEOs"));
    filter_free(&f);
    assert_int_equal(filter_parse("metrics.x > 1", FILTER_EXPERIMENTS, &f, why, sizeof why), -1);
    assert_non_null(strstr(why, "Invalid entity type 'metrics'"));
    assert_int_equal(filter_parse("name = 'NEOs'", FILTER_MODELS, &f, why, sizeof why), 0);
    filter_free(&f);
    assert_int_equal(filter_parse("run_id = 'abc'", FILTER_MODELS, &f, why, sizeof why), -1);
    assert_int_equal(filter_parse("name = 'NEOs' AND run_id = 'abc'", FILTER_VERSIONS, &f, why,
                                  sizeof why), 0);
    assert_int_equal(f.n, 2);
    filter_free(&f);
    assert_int_equal(filter_parse("version_number > 1", FILTER_VERSIONS, &f, why, sizeof why), 0);
    assert_true(filter_clause_string(&f.clauses[0], "2"));
    assert_false(filter_clause_string(&f.clauses[0], "1"));
    filter_free(&f);
}

static void hostile_input_is_rejected_not_crashed(void **state)
{
    char big[12000];
    Filter f;
    char why[300];

    (void)state;
    memset(big, '\\', sizeof big - 1);
    big[0] = '\'';
    big[sizeof big - 1] = '\0';
    assert_int_equal(filter_parse(big, FILTER_RUNS, &f, why, sizeof why), -1);
    big[9000] = '\0';   /* an unterminated string of backslashes: linear, not exponential */
    assert_int_equal(filter_parse(big, FILTER_RUNS, &f, why, sizeof why), -1);
    assert_int_equal(filter_parse("((((((((metrics.f1 > 1", FILTER_RUNS, &f, why, sizeof why), -1);
    assert_int_equal(filter_parse("metrics.f1 > 1)))", FILTER_RUNS, &f, why, sizeof why), -1);
    assert_int_equal(filter_parse("\xff\xfe = 'x'", FILTER_RUNS, &f, why, sizeof why), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parser_agrees_with_the_test_server),
        cmocka_unit_test(values_are_unquoted_and_numbers_parsed),
        cmocka_unit_test(like_wildcards_and_case),
        cmocka_unit_test(runs_match_like_mlflows_sql_store),
        cmocka_unit_test(experiment_and_registry_kinds),
        cmocka_unit_test(hostile_input_is_rejected_not_crashed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
