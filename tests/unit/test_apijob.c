/* test_apijob.c — api_job: work on a worker thread delivered through
 * api_next_result like a transfer (pages, owner/gen, cancel, in-flight count,
 * activity label). No server: jobs make no requests. Every wait is bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "api/api.h"

typedef struct Work {
    int pages;        /* results to send */
    int spin;         /* wait for cancel before sending (bounded) */
    int send_none;    /* return without sending anything */
    int *freed;
} Work;

static void work(void *ctx, ApiJobSink *sink, const atomic_int *cancelled)
{
    Work *w = ctx;

    for (int i = 0; w->spin && i < 5000 && !atomic_load(cancelled); i++)
        usleep(1000);
    if (w->send_none)
        return;
    for (int p = 0; p < w->pages; p++) {
        ApiResult *r = api_job_result(sink);
        RunInfoIn  in = { .run_id = "r", .status = RUN_FINISHED, .lifecycle = LIFE_ACTIVE,
                          .start_time = p, .end_time = TIME_NONE };
        char       id[16];

        snprintf(id, sizeof id, "run%d", p);
        in.run_id = id;
        r->runs = runset_new();
        runset_begin_run(r->runs, &in);
        runset_end_run(r->runs);
        r->final = p == w->pages - 1;
        api_job_send(sink, r);
    }
}

static void free_work(void *ctx)
{
    Work *w = ctx;

    if (w->freed)
        (*w->freed)++;
    free(w);
}

static Work *work_new(int pages, int *freed)
{
    Work *w = calloc(1, sizeof *w);

    w->pages = pages;
    w->freed = freed;
    return w;
}

static Api *api(void)
{
    ApiConfig cfg;
    Err       e;
    Api      *a;

    api_config_from_env(&cfg, "http://127.0.0.1:9");
    a = api_new(&cfg, &e);
    assert_non_null(a);
    return a;
}

/* The next result, waiting at most 5 s. */
static ApiResult *next(Api *a)
{
    for (int i = 0; i < 500; i++) {
        ApiResult *r;

        api_perform(a);
        if ((r = api_next_result(a)))
            return r;
        api_wait(a, -1, 10);
    }
    return NULL;
}

static void job_pages_arrive_in_order_with_owner_and_gen(void **state)
{
    Api       *a = api();
    int        freed = 0;
    uint64_t   id = api_job(a, 7, 3, REQ_RUNS_SEARCH, "reading mlflow.db", work,
                            work_new(3, &freed), free_work);
    ApiResult *r;
    char       act[64];

    (void)state;
    assert_true(id != 0);
    assert_int_equal(api_in_flight(a), 1);
    api_activity(a, act, sizeof act);
    assert_string_equal(act, "reading mlflow.db");
    for (int p = 1; p <= 3; p++) {
        r = next(a);
        assert_non_null(r);
        assert_int_equal(r->kind, REQ_RUNS_SEARCH);
        assert_int_equal(r->req_id, id);
        assert_int_equal(r->owner, 7);
        assert_int_equal(r->gen, 3);
        assert_int_equal(r->page, p);
        assert_int_equal(r->final, p == 3);
        assert_int_equal(r->err.kind, ERR_OK);
        assert_int_equal(r->runs->n_runs, 1);
        api_result_free(r);
    }
    for (int i = 0; i < 500 && api_in_flight(a); i++) {
        api_wait(a, -1, 10);
        api_perform(a);
    }
    assert_int_equal(api_in_flight(a), 0);
    assert_int_equal(freed, 1);
    api_free(a);
}

static void cancelling_a_job_gives_one_cancelled_result(void **state)
{
    Api       *a = api();
    int        freed = 0;
    Work      *w = work_new(2, &freed);
    uint64_t   id;
    ApiResult *r;

    (void)state;
    w->spin = 1;
    id = api_job(a, 1, 1, REQ_RUNS_SEARCH, "x", work, w, free_work);
    api_cancel(a, id);
    r = next(a);
    assert_non_null(r);
    assert_int_equal(r->err.kind, ERR_CANCELLED);
    assert_true(r->final);
    api_result_free(r);
    /* nothing more comes for it: the pages it sends after the cancel are dropped */
    for (int i = 0; i < 500 && api_in_flight(a); i++) {
        api_wait(a, -1, 10);
        api_perform(a);
        assert_null(api_next_result(a));
    }
    assert_int_equal(freed, 1);
    api_free(a);
}

static void owner_gone_means_nothing_more_is_delivered(void **state)
{
    Api  *a = api();
    int   freed = 0;
    Work *w = work_new(2, &freed);

    (void)state;
    w->spin = 1;
    api_job(a, 4, 1, REQ_RUNS_SEARCH, "x", work, w, free_work);
    api_cancel_owner(a, 4);
    for (int i = 0; i < 500 && api_in_flight(a); i++) {
        api_wait(a, -1, 10);
        api_perform(a);
        assert_null(api_next_result(a));
    }
    assert_int_equal(api_in_flight(a), 0);
    assert_int_equal(freed, 1);
    api_free(a);
}

static void job_that_sends_nothing_ends_in_an_error(void **state)
{
    Api       *a = api();
    Work      *w = work_new(0, NULL);
    ApiResult *r;

    (void)state;
    w->send_none = 1;
    api_job(a, 1, 1, REQ_RUN_GET, "reading run", work, w, free_work);
    r = next(a);
    assert_non_null(r);
    assert_int_equal(r->err.kind, ERR_PARSE);
    assert_true(r->final);
    api_result_free(r);
    api_free(a);
}

static void freeing_the_api_with_jobs_running_frees_them(void **state)
{
    Api  *a = api();
    int   freed = 0;

    (void)state;
    for (int i = 0; i < 4; i++) {
        Work *w = work_new(1, &freed);

        w->spin = 1;
        api_job(a, 1, 1, REQ_RUNS_SEARCH, "x", work, w, free_work);
    }
    api_free(a);
    assert_int_equal(freed, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(job_pages_arrive_in_order_with_owner_and_gen),
        cmocka_unit_test(cancelling_a_job_gives_one_cancelled_result),
        cmocka_unit_test(owner_gone_means_nothing_more_is_delivered),
        cmocka_unit_test(job_that_sends_nothing_ends_in_an_error),
        cmocka_unit_test(freeing_the_api_with_jobs_running_frees_them),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
