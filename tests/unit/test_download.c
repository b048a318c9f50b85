/* test_download.c — the artifact download queue (api/download.c) on a real
 * temporary folder: targets and .NAME.mltui-part files, refusal of unsafe
 * server paths, no overwrite without a yes, and the depth, file-count and
 * byte limits of recursive downloads with their questions. The "server" is
 * played by the test: it answers DL_LIST with listings and DL_FETCH by
 * writing the part file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "api/download.h"

static char dir[64];
static int n_errors, n_notes;
static char last_report[512];

static void report(void *ctx, bool error, const char *msg)
{
    (void)ctx;
    if (error)
        n_errors++;
    else
        n_notes++;
    snprintf(last_report, sizeof last_report, "%s", msg);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/mltui-dl-XXXXXX");
    n_errors = n_notes = 0;
    last_report[0] = '\0';
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    char cmd[128];
    (void)state;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static char *path_in(const char *rel)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, rel);
    return buf[k];
}

static bool exists(const char *rel)
{
    struct stat st;
    return lstat(path_in(rel), &st) == 0;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static char *read_file(const char *rel)
{
    static char buf[256];
    FILE *f = fopen(path_in(rel), "r");
    size_t n;
    if (!f)
        return NULL;
    n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Plays the server for a DL_FETCH: writes "data of REMOTE" to the part file. */
static void serve_file(DlQueue *q, DlTodo t)
{
    char text[300];
    assert_int_equal(t.step, DL_FETCH);
    snprintf(text, sizeof text, "data of %s", t.remote);
    write_file(t.part, text);
    dl_fetched(q, (int64_t)strlen(text));
}

static ArtifactList *listing(const char *const *paths, const bool *is_dir, size_t n, int64_t size)
{
    ArtifactList *l = artifact_list_new();
    for (size_t i = 0; i < n; i++)
        assert_int_equal(artifact_list_add(l, paths[i], is_dir && is_dir[i],
                                           is_dir && is_dir[i] ? -1 : size), 0);
    return l;
}

static void serve_list(DlQueue *q, DlTodo t, const char *expect, const char *const *paths,
                       const bool *is_dir, size_t n, int64_t size)
{
    ArtifactList *l = listing(paths, is_dir, n, size);
    assert_int_equal(t.step, DL_LIST);
    assert_string_equal(t.remote, expect);
    dl_listed(q, l);
    artifact_list_free(l);
}

static void file_lands_through_a_part_file_then_renamed(void **state)
{
    char why[256], msg[512];
    DlQueue *q;
    DlTodo t;

    (void)state;
    q = dl_open("model/MLmodel", false, dir, NULL, report, NULL, why, sizeof why);
    assert_non_null(q);
    t = dl_next(q);
    assert_int_equal(t.step, DL_FETCH);
    assert_string_equal(t.remote, "model/MLmodel");
    assert_string_equal(t.local, "MLmodel");
    assert_string_equal(t.part, path_in(".MLmodel.mltui-part"));
    serve_file(q, t);
    assert_false(exists(".MLmodel.mltui-part"));
    assert_string_equal(read_file("MLmodel"), "data of model/MLmodel");
    assert_int_equal(dl_next(q).step, DL_DONE);
    assert_false(dl_summary(q, msg, sizeof msg));
    assert_non_null(strstr(msg, "Downloaded 1 file ("));
    dl_free(q);
}

static void folder_is_walked_recursively_into_matching_folders(void **state)
{
    static const char *const top[] = { "model/MLmodel", "model/data" };
    static const bool top_dir[] = { false, true };
    static const char *const sub[] = { "model/data/weights.bin" };
    char why[256], msg[512];
    DlQueue *q = dl_open("model", true, dir, NULL, report, NULL, why, sizeof why);
    DlTodo t;

    (void)state;
    assert_non_null(q);
    serve_list(q, dl_next(q), "model", top, top_dir, 2, 10);
    assert_true(exists("model"));
    serve_file(q, dl_next(q));
    serve_list(q, dl_next(q), "model/data", sub, NULL, 1, 10);
    t = dl_next(q);
    assert_string_equal(t.local, "model/data/weights.bin");
    serve_file(q, t);
    assert_int_equal(dl_next(q).step, DL_DONE);
    assert_string_equal(read_file("model/data/weights.bin"), "data of model/data/weights.bin");
    dl_summary(q, msg, sizeof msg);
    assert_non_null(strstr(msg, "Downloaded 2 files"));
    assert_int_equal(n_errors, 0);
    dl_free(q);
}

static void unsafe_server_paths_are_refused_and_nothing_is_written_outside(void **state)
{
    static const char *const bad[] = {
        "model/../../escape", "/etc/passwd", "model/a\\b", "model/ctl\x1b[2J", "model/x/y",
        "other/file", "model/ok",
    };
    char why[256], msg[512];
    DlQueue *q;
    DlTodo t;

    (void)state;
    assert_null(dl_open("../x", false, dir, NULL, report, NULL, why, sizeof why));
    assert_non_null(strstr(why, "unsafe path"));
    assert_null(dl_open("/abs", true, dir, NULL, report, NULL, why, sizeof why));
    assert_null(dl_open("a\\b", false, dir, NULL, report, NULL, why, sizeof why));
    assert_null(dl_open("bell\a", false, dir, NULL, report, NULL, why, sizeof why));
    q = dl_open("model", true, dir, NULL, report, NULL, why, sizeof why);
    assert_non_null(q);
    serve_list(q, dl_next(q), "model", bad, NULL, 7, 1);
    assert_int_equal(n_errors, 6);   /* every entry but model/ok */
    t = dl_next(q);
    assert_string_equal(t.remote, "model/ok");
    serve_file(q, t);
    assert_int_equal(dl_next(q).step, DL_DONE);
    dl_summary(q, msg, sizeof msg);
    assert_non_null(strstr(msg, "Downloaded 1 file"));
    assert_non_null(strstr(msg, "6 skipped"));
    assert_false(exists("escape"));
    dl_free(q);
}

/* A listing cut at ARTIFACTS_LIST_MAX_ENTRIES (dropped > 0): what was kept is
 * downloaded and the summary says not everything was. */
static void cut_listing_is_reported_as_not_all_downloaded(void **state)
{
    static const char *const one[] = { "model/MLmodel" };
    char why[256], msg[512];
    DlQueue *q = dl_open("model", true, dir, NULL, report, NULL, why, sizeof why);
    ArtifactList *l = listing(one, NULL, 1, 10);
    DlTodo t;

    (void)state;
    assert_non_null(q);
    t = dl_next(q);
    assert_int_equal(t.step, DL_LIST);
    l->dropped = 5;
    dl_listed(q, l);
    artifact_list_free(l);
    assert_int_equal(n_errors, 1);
    assert_non_null(strstr(last_report, "listed 6 entries; only the first 1 are downloaded"));
    serve_file(q, dl_next(q));
    assert_int_equal(dl_next(q).step, DL_DONE);
    assert_true(dl_summary(q, msg, sizeof msg));   /* true: something failed */
    assert_non_null(strstr(msg, "Downloaded 1 file"));
    assert_non_null(strstr(msg, "1 failed"));
    dl_free(q);
}

static void existing_file_is_replaced_only_after_yes(void **state)
{
    char why[256], msg[512];
    DlQueue *q;
    DlTodo t;

    (void)state;
    write_file(path_in("notes.txt"), "mine");
    q = dl_open("notes.txt", false, dir, NULL, report, NULL, why, sizeof why);
    t = dl_next(q);
    assert_int_equal(t.step, DL_ASK);
    assert_non_null(strstr(t.question, "already exists. Overwrite it?"));
    dl_answer(q, false);
    assert_int_equal(dl_next(q).step, DL_DONE);
    assert_string_equal(read_file("notes.txt"), "mine");
    dl_summary(q, msg, sizeof msg);
    assert_non_null(strstr(msg, "Downloaded 0 files (0 B)"));
    dl_free(q);

    q = dl_open("notes.txt", false, dir, NULL, report, NULL, why, sizeof why);
    assert_int_equal(dl_next(q).step, DL_ASK);
    dl_answer(q, true);
    serve_file(q, dl_next(q));
    assert_string_equal(read_file("notes.txt"), "data of notes.txt");
    dl_free(q);
}

static void failed_or_cancelled_fetch_removes_the_partial_file(void **state)
{
    char why[256], msg[512];
    DlQueue *q = dl_open("big.bin", false, dir, NULL, report, NULL, why, sizeof why);
    DlTodo t = dl_next(q);

    (void)state;
    write_file(t.part, "half");
    dl_failed(q, "connection reset");
    assert_false(exists(".big.bin.mltui-part"));
    assert_false(exists("big.bin"));
    assert_non_null(strstr(last_report, "connection reset"));
    assert_int_equal(dl_next(q).step, DL_DONE);
    assert_true(dl_summary(q, msg, sizeof msg));
    assert_non_null(strstr(msg, "1 failed"));
    dl_free(q);

    q = dl_open("big.bin", false, dir, NULL, report, NULL, why, sizeof why);
    t = dl_next(q);
    write_file(t.part, "half");
    dl_cancel(q);
    assert_false(exists(".big.bin.mltui-part"));
    assert_int_equal(dl_next(q).step, DL_DONE);
    dl_summary(q, msg, sizeof msg);
    assert_non_null(strstr(msg, "cancelled"));
    dl_free(q);
}

static void destination_that_is_a_file_is_refused_and_a_new_one_made(void **state)
{
    char why[256];
    DlQueue *q;

    (void)state;
    write_file(path_in("plain"), "x");
    assert_null(dl_open("a", false, path_in("plain"), NULL, report, NULL, why, sizeof why));
    assert_non_null(strstr(why, "is not a folder"));
    q = dl_open("a", false, path_in("new"), NULL, report, NULL, why, sizeof why);
    assert_non_null(q);
    assert_true(exists("new"));
    dl_free(q);
}

/* A chain a/b/c/... of nested folders, each holding the next: the depth limit
 * asks before going below it; no skips the deeper folders, yes goes on. */
static void depth_limit_asks_before_going_deeper(void **state)
{
    DlLimits lim = { 2, -1, -1 };
    char why[256], msg[512], remote[64], child[96];
    bool yes_pass = false;

    (void)state;
    for (int pass = 0; pass < 2; pass++, yes_pass = true) {
        DlQueue *q = dl_open("d0", true, path_in(yes_pass ? "yes" : "no"), &lim, report, NULL,
                             why, sizeof why);
        DlTodo t = dl_next(q);
        int depth = 0, asked = 0;
        assert_non_null(q);
        snprintf(remote, sizeof remote, "d0");
        while (t.step != DL_DONE) {
            if (t.step == DL_ASK) {
                asked++;
                assert_non_null(strstr(t.question, "more than 2 folders deep"));
                dl_answer(q, yes_pass);
            } else {
                const char *p = child;
                bool d = true;
                assert_int_equal(t.step, DL_LIST);
                assert_string_equal(t.remote, remote);
                snprintf(child, sizeof child, "%.60s/d%d", remote, depth + 1);
                if (depth < 5) {
                    serve_list(q, t, remote, &p, &d, 1, 0);
                } else {
                    serve_list(q, t, remote, NULL, NULL, 0, 0);
                }
                snprintf(remote, sizeof remote, "%.63s", child);
                depth++;
            }
            t = dl_next(q);
        }
        assert_int_equal(asked, 1);
        dl_summary(q, msg, sizeof msg);
        if (yes_pass) {
            assert_int_equal(depth, 6);   /* d0 .. d0/d1/d2/d3/d4/d5 all listed */
        } else {
            assert_int_equal(depth, 3);   /* d0, d1, d2; d3 skipped */
            assert_non_null(strstr(msg, "1 skipped"));
            assert_non_null(strstr(msg, "past the limits"));
        }
        dl_free(q);
    }
    assert_true(exists("yes/d0/d1/d2/d3/d4/d5"));
    assert_true(exists("no/d0/d1/d2"));
    assert_false(exists("no/d0/d1/d2/d3"));
}

static void file_count_limit_asks_before_the_file_past_it(void **state)
{
    static const char *const five[] = { "f/1", "f/2", "f/3", "f/4", "f/5" };
    DlLimits lim = { -1, 3, -1 };
    char why[256], msg[512];

    (void)state;
    for (int yes = 0; yes < 2; yes++) {
        DlQueue *q = dl_open("f", true, path_in(yes ? "yes" : "no"), &lim, report, NULL, why,
                             sizeof why);
        DlTodo t;
        int fetched = 0, asked = 0;
        serve_list(q, dl_next(q), "f", five, NULL, 5, 1);
        while ((t = dl_next(q)).step != DL_DONE) {
            if (t.step == DL_ASK) {
                asked++;
                assert_non_null(strstr(t.question, "more than 3 files"));
                dl_answer(q, yes);
                continue;
            }
            serve_file(q, t);
            fetched++;
        }
        assert_int_equal(asked, 1);
        assert_int_equal(fetched, yes ? 5 : 3);
        dl_summary(q, msg, sizeof msg);
        if (!yes)
            assert_non_null(strstr(msg, "2 skipped"));
        dl_free(q);
    }
}

static void byte_limit_counts_the_listed_sizes(void **state)
{
    static const char *const three[] = { "b/1", "b/2", "b/3" };
    DlLimits lim = { -1, -1, 250 };
    char why[256];
    DlQueue *q = dl_open("b", true, dir, &lim, report, NULL, why, sizeof why);
    DlTodo t;
    int fetched = 0, asked = 0;

    (void)state;
    serve_list(q, dl_next(q), "b", three, NULL, 3, 100);   /* 300 bytes listed */
    while ((t = dl_next(q)).step != DL_DONE) {
        if (t.step == DL_ASK) {
            asked++;
            assert_non_null(strstr(t.question, "over 250 B"));
            dl_answer(q, false);
            continue;
        }
        /* What each fetch may write: what is left of the 250 bytes after the
         * bytes really written before it ("data of b/1" is 11). */
        assert_int_equal(t.max_bytes, 250 - 11 * fetched);
        serve_file(q, t);
        fetched++;
    }
    assert_int_equal(asked, 1);
    assert_int_equal(fetched, 2);
    dl_free(q);
}

static void no_byte_limit_means_no_cap_on_a_fetch(void **state)
{
    DlLimits lim = { -1, -1, -1 };
    char why[256];
    DlQueue *q = dl_open("model/MLmodel", false, dir, &lim, report, NULL, why, sizeof why);
    DlTodo t;

    (void)state;
    t = dl_next(q);
    assert_int_equal(t.step, DL_FETCH);
    assert_int_equal(t.max_bytes, 0);
    serve_file(q, t);
    dl_free(q);
}

static void default_limits_are_finite(void **state)
{
    (void)state;
    assert_true(dl_default_limits.max_depth > 0);
    assert_true(dl_default_limits.max_files > 0);
    assert_true(dl_default_limits.max_bytes > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(file_lands_through_a_part_file_then_renamed, setup, teardown),
        cmocka_unit_test_setup_teardown(no_byte_limit_means_no_cap_on_a_fetch, setup, teardown),
        cmocka_unit_test_setup_teardown(folder_is_walked_recursively_into_matching_folders, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            unsafe_server_paths_are_refused_and_nothing_is_written_outside, setup, teardown),
        cmocka_unit_test_setup_teardown(cut_listing_is_reported_as_not_all_downloaded, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(existing_file_is_replaced_only_after_yes, setup, teardown),
        cmocka_unit_test_setup_teardown(failed_or_cancelled_fetch_removes_the_partial_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(destination_that_is_a_file_is_refused_and_a_new_one_made,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(depth_limit_asks_before_going_deeper, setup, teardown),
        cmocka_unit_test_setup_teardown(file_count_limit_asks_before_the_file_past_it, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(byte_limit_counts_the_listed_sizes, setup, teardown),
        cmocka_unit_test(default_limits_are_finite),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
