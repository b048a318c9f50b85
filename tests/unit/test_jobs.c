/* test_jobs.c — the worker threads of api/jobs: jobs run off the calling
 * thread, finish on it, wake it, and can be cancelled. Every wait is bounded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "api/jobs.h"

typedef struct Ctx {
    pthread_t ran_on, done_on;
    atomic_int ran;
    int       done, done_cancelled;
    int       spin;        /* run loops until cancelled (bounded) */
    int       saw_cancel;
    int      *freed;       /* counts done calls across jobs */
} Ctx;

static atomic_int wakes;

static void wake(void *arg)
{
    (void)arg;
    atomic_fetch_add(&wakes, 1);
}

static void run(void *p, const atomic_int *cancelled)
{
    Ctx *c = p;

    c->ran_on = pthread_self();
    atomic_store(&c->ran, 1);
    for (int i = 0; c->spin && i < 5000; i++) {   /* at most 5 s */
        if (atomic_load(cancelled)) {
            c->saw_cancel = 1;
            return;
        }
        usleep(1000);
    }
}

static void done(void *p, bool cancelled, void *user)
{
    Ctx *c = p;

    (void)user;
    c->done_on = pthread_self();
    c->done = 1;
    c->done_cancelled = cancelled;
    if (c->freed)
        (*c->freed)++;
}

/* Collects until n jobs are done or 5 s pass. */
static size_t collect_until(Jobs *j, size_t n)
{
    size_t got = 0;

    for (int i = 0; i < 5000 && got < n; i++) {
        got += jobs_collect(j, NULL);
        if (got < n)
            usleep(1000);
    }
    return got;
}

static void job_runs_on_a_worker_and_finishes_on_the_collecting_thread(void **state)
{
    Jobs *j = jobs_new(1, wake, NULL);
    Ctx   c = { 0 };

    (void)state;
    atomic_store(&wakes, 0);
    assert_non_null(j);
    assert_true(jobs_submit(j, 1, run, done, &c) != 0);
    assert_int_equal(jobs_pending(j), 1);
    assert_int_equal(collect_until(j, 1), 1);
    assert_true(atomic_load(&c.ran));
    assert_true(c.done);
    assert_false(c.done_cancelled);
    assert_false(pthread_equal(c.ran_on, pthread_self()));
    assert_true(pthread_equal(c.done_on, pthread_self()));
    assert_int_equal(atomic_load(&wakes), 1);
    assert_int_equal(jobs_pending(j), 0);
    jobs_free(j);
}

static void cancelled_job_that_has_not_started_never_runs(void **state)
{
    Jobs *j = jobs_new(1, wake, NULL);
    Ctx   blocker = { .spin = 1 }, c = { 0 };
    uint64_t id;

    (void)state;
    jobs_submit(j, 1, run, done, &blocker);      /* keeps the one worker busy */
    for (int i = 0; i < 5000 && !atomic_load(&blocker.ran); i++)
        usleep(1000);
    id = jobs_submit(j, 2, run, done, &c);
    jobs_cancel(j, id);
    jobs_cancel_owner(j, 1);                     /* and release the blocker */
    assert_int_equal(collect_until(j, 2), 2);
    assert_false(atomic_load(&c.ran));
    assert_true(c.done);
    assert_true(c.done_cancelled);
    assert_true(blocker.saw_cancel);
    assert_true(blocker.done_cancelled);
    jobs_free(j);
}

static void running_job_sees_its_owner_cancel(void **state)
{
    Jobs *j = jobs_new(2, wake, NULL);
    Ctx   a = { .spin = 1 }, b = { 0 };

    (void)state;
    jobs_submit(j, 7, run, done, &a);
    jobs_submit(j, 8, run, done, &b);
    /* wait (bounded) until a is running, then cancel only owner 7 */
    for (int i = 0; i < 5000 && !atomic_load(&a.ran); i++)
        usleep(1000);
    assert_true(atomic_load(&a.ran));
    jobs_cancel_owner(j, 7);
    assert_int_equal(collect_until(j, 2), 2);
    assert_true(a.saw_cancel);
    assert_true(a.done_cancelled);
    assert_true(atomic_load(&b.ran));
    assert_false(b.done_cancelled);
    jobs_free(j);
}

static void freeing_hands_back_every_job_not_collected(void **state)
{
    Jobs *j = jobs_new(1, wake, NULL);
    int   freed = 0;
    Ctx   c[5];

    (void)state;
    memset(c, 0, sizeof c);
    for (int i = 0; i < 5; i++) {
        c[i].freed = &freed;
        c[i].spin = i == 0;
        jobs_submit(j, 1, run, done, &c[i]);
    }
    jobs_free(j);     /* cancels the spinning one, never starts the rest */
    assert_int_equal(freed, 5);
    for (int i = 1; i < 5; i++)
        assert_true(c[i].done_cancelled);
}

/* A save to the cache queued just before quitting is not lost: freeing runs
 * the kept jobs still waiting (and lets a running one finish), and drops the
 * others as before. */
static void freeing_runs_the_kept_jobs_still_waiting(void **state)
{
    Jobs *j = jobs_new(1, wake, NULL);
    int   freed = 0;
    Ctx   blocker = { .spin = 1 }, plain = { 0 }, kept[3];
    uint64_t id;

    (void)state;
    memset(kept, 0, sizeof kept);
    blocker.freed = &freed;
    plain.freed = &freed;
    jobs_submit(j, 1, run, done, &blocker);
    for (int i = 0; i < 5000 && !atomic_load(&blocker.ran); i++)
        usleep(1000);
    jobs_submit(j, 1, run, done, &plain);
    for (int i = 0; i < 3; i++) {
        kept[i].freed = &freed;
        id = jobs_submit_kept(j, 0, run, done, &kept[i]);
        assert_true(id != 0);
    }
    jobs_cancel(j, id);                 /* the last one: cancelled, so dropped */
    jobs_free(j);
    assert_int_equal(freed, 5);
    assert_true(blocker.saw_cancel);
    assert_false(atomic_load(&plain.ran));
    assert_true(plain.done_cancelled);
    for (int i = 0; i < 2; i++) {
        assert_true(atomic_load(&kept[i].ran));
        assert_false(kept[i].done_cancelled);
    }
    assert_false(atomic_load(&kept[2].ran));
    assert_true(kept[2].done_cancelled);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(job_runs_on_a_worker_and_finishes_on_the_collecting_thread),
        cmocka_unit_test(cancelled_job_that_has_not_started_never_runs),
        cmocka_unit_test(running_job_sees_its_owner_cancel),
        cmocka_unit_test(freeing_hands_back_every_job_not_collected),
        cmocka_unit_test(freeing_runs_the_kept_jobs_still_waiting),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
