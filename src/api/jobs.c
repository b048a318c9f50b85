/* jobs.c — see jobs.h.
 *
 * Why threads here when DESIGN.md says "one event loop, no threads": the loop
 * stays the only place that touches views and their data; a worker only runs
 * a function over its own context, and hands the finished context back
 * through a queue the loop drains. The alternative, slicing an SQLite query
 * or a 90 MB cache read into loop-sized steps, would put a scheduler into
 * every reader. One mutex guards both queues; the condition variable wakes
 * idle workers. */
#include "api/jobs.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct Job {
    uint64_t    id;
    int         owner;
    JobRun      run;
    JobDone     done;
    void       *ctx;
    atomic_int  cancelled;
    bool        keep;      /* run even when stopping (a save to the cache) */
    struct Job *next;
} Job;

struct Jobs {
    pthread_mutex_t mu;
    pthread_cond_t  cv;
    pthread_t       threads[8];
    int             n_threads;
    bool            stopping;
    Job            *todo, *todo_tail;    /* waiting for a worker */
    Job            *running;             /* being run (a list: several workers) */
    Job            *done, *done_tail;    /* finished, waiting for jobs_collect */
    uint64_t        next_id;
    size_t          pending;
    void          (*wake)(void *);
    void           *wake_arg;
};

static void push(Job **head, Job **tail, Job *job)
{
    job->next = NULL;
    if (*tail)
        (*tail)->next = job;
    else
        *head = job;
    *tail = job;
}

static void unlink_job(Job **head, Job *job)
{
    for (Job **p = head; *p; p = &(*p)->next)
        if (*p == job) {
            *p = job->next;
            return;
        }
}

/* With j->mu held: the next job a worker should take, unlinked from todo;
 * when stopping only a kept job that nobody cancelled. */
static Job *take(Jobs *j)
{
    Job *prev = NULL;

    for (Job *job = j->todo; job; prev = job, job = job->next) {
        if (j->stopping && (!job->keep || job->cancelled))
            continue;
        if (prev)
            prev->next = job->next;
        else
            j->todo = job->next;
        if (j->todo_tail == job)
            j->todo_tail = prev;
        return job;
    }
    return NULL;
}

static void *worker(void *arg)
{
    Jobs *j = arg;

    pthread_mutex_lock(&j->mu);
    for (;;) {
        Job *job;

        while (!j->todo && !j->stopping)
            pthread_cond_wait(&j->cv, &j->mu);
        if (!(job = take(j)))
            break;   /* stopping, and nothing left that must run */
        job->next = j->running;
        j->running = job;
        pthread_mutex_unlock(&j->mu);
        if (!job->cancelled)
            job->run(job->ctx, &job->cancelled);
        pthread_mutex_lock(&j->mu);
        unlink_job(&j->running, job);
        push(&j->done, &j->done_tail, job);
        if (j->wake)
            j->wake(j->wake_arg);
    }
    pthread_mutex_unlock(&j->mu);
    return NULL;
}

Jobs *jobs_new(int n_workers, void (*wake)(void *), void *wake_arg)
{
    Jobs *j = calloc(1, sizeof *j);

    if (!j)
        return NULL;
    if (n_workers < 1)
        n_workers = 1;
    if (n_workers > 8)
        n_workers = 8;
    pthread_mutex_init(&j->mu, NULL);
    pthread_cond_init(&j->cv, NULL);
    j->wake = wake;
    j->wake_arg = wake_arg;
    j->next_id = 1;
    for (int i = 0; i < n_workers; i++) {
        if (pthread_create(&j->threads[i], NULL, worker, j) != 0)
            break;
        j->n_threads++;
    }
    if (!j->n_threads) {
        pthread_cond_destroy(&j->cv);
        pthread_mutex_destroy(&j->mu);
        free(j);
        return NULL;
    }
    return j;
}

static void finish_all(Job *list)
{
    while (list) {
        Job *next = list->next;

        list->done(list->ctx, !list->keep || list->cancelled, NULL);
        free(list);
        list = next;
    }
}

void jobs_free(Jobs *j)
{
    if (!j)
        return;
    pthread_mutex_lock(&j->mu);
    j->stopping = true;
    for (Job *job = j->running; job; job = job->next)
        if (!job->keep)
            job->cancelled = 1;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
    for (int i = 0; i < j->n_threads; i++)
        pthread_join(j->threads[i], NULL);
    /* Workers are gone: what ran is in done, what never started is in todo. */
    finish_all(j->done);
    finish_all(j->todo);
    pthread_cond_destroy(&j->cv);
    pthread_mutex_destroy(&j->mu);
    free(j);
}

static uint64_t submit(Jobs *j, int owner, bool keep, JobRun run, JobDone done, void *ctx)
{
    Job     *job = calloc(1, sizeof *job);
    uint64_t id;

    if (!job)
        return 0;
    job->owner = owner;
    job->run = run;
    job->done = done;
    job->ctx = ctx;
    job->keep = keep;
    pthread_mutex_lock(&j->mu);
    id = job->id = j->next_id++;
    push(&j->todo, &j->todo_tail, job);
    j->pending++;
    pthread_cond_signal(&j->cv);
    pthread_mutex_unlock(&j->mu);
    return id;
}

uint64_t jobs_submit(Jobs *j, int owner, JobRun run, JobDone done, void *ctx)
{
    return submit(j, owner, false, run, done, ctx);
}

uint64_t jobs_submit_kept(Jobs *j, int owner, JobRun run, JobDone done, void *ctx)
{
    return submit(j, owner, true, run, done, ctx);
}

static void cancel_where(Jobs *j, uint64_t id, int owner, bool by_owner)
{
    Job *lists[3];

    pthread_mutex_lock(&j->mu);
    lists[0] = j->todo;
    lists[1] = j->running;
    lists[2] = j->done;
    for (int l = 0; l < 3; l++)
        for (Job *job = lists[l]; job; job = job->next)
            if (by_owner ? job->owner == owner : job->id == id)
                job->cancelled = 1;
    pthread_mutex_unlock(&j->mu);
}

void jobs_cancel(Jobs *j, uint64_t id)
{
    cancel_where(j, id, 0, false);
}

void jobs_cancel_owner(Jobs *j, int owner)
{
    cancel_where(j, 0, owner, true);
}

size_t jobs_collect(Jobs *j, void *user)
{
    Job   *list;
    size_t n = 0;

    pthread_mutex_lock(&j->mu);
    list = j->done;
    j->done = j->done_tail = NULL;
    pthread_mutex_unlock(&j->mu);
    while (list) {
        Job *next = list->next;

        list->done(list->ctx, list->cancelled != 0, user);
        free(list);
        list = next;
        n++;
    }
    pthread_mutex_lock(&j->mu);
    j->pending -= n;
    pthread_mutex_unlock(&j->mu);
    return n;
}

size_t jobs_pending(Jobs *j)
{
    size_t n;

    pthread_mutex_lock(&j->mu);
    n = j->pending;
    pthread_mutex_unlock(&j->mu);
    return n;
}
