/* jobs.h — work that is not a transfer but may take long (reading a local
 * MLflow store, the local cache), run on worker threads so the one event loop
 * never waits for it. A finished job wakes the loop through the wake function
 * given at creation (the API layer passes curl_multi_wakeup, which is safe to
 * call from any thread) and is handed back on the loop's thread by
 * jobs_collect, so results are delivered exactly like replies of transfers.
 *
 * Contract for a job's run function: it runs on a worker thread, touches only
 * its own ctx (and thread-safe libraries such as SQLite with its own
 * connection), never the UI's data; it may poll *cancelled and stop early.
 * done runs later on the loop's thread (inside jobs_collect) and owns ctx:
 * it must free it, also when cancelled is true. */
#ifndef MLTUI_API_JOBS_H
#define MLTUI_API_JOBS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct Jobs Jobs;

typedef void (*JobRun)(void *ctx, const atomic_int *cancelled);
typedef void (*JobDone)(void *ctx, bool cancelled, void *user);

/* Starts n_workers threads (1..8). wake(wake_arg) is called from a worker
 * each time a job finishes. NULL when threads cannot be started. */
Jobs    *jobs_new(int n_workers, void (*wake)(void *), void *wake_arg);
/* Cancels every job except kept ones, runs the kept jobs still waiting,
 * waits for the running ones to return, and calls done (user = NULL) for
 * each job not yet collected: cancelled = false only for a kept job that
 * ran. */
void     jobs_free(Jobs *j);
/* Queues a job for owner; returns its id (never 0), or 0 when out of memory
 * (then neither run nor done is called, and ctx stays the caller's). */
uint64_t jobs_submit(Jobs *j, int owner, JobRun run, JobDone done, void *ctx);
/* The same for a job that must not be lost when mltui quits (a save to the
 * cache just before q): jobs_free runs it rather than dropping it, unless it
 * was cancelled by id or owner. */
uint64_t jobs_submit_kept(Jobs *j, int owner, JobRun run, JobDone done, void *ctx);
/* Marks a job (or every job of owner) cancelled: one not started never runs;
 * done still comes, with cancelled = true. */
void     jobs_cancel(Jobs *j, uint64_t id);
void     jobs_cancel_owner(Jobs *j, int owner);
/* Calls done(ctx, cancelled, user) for every finished job, oldest first, on
 * the calling thread; returns how many. */
size_t   jobs_collect(Jobs *j, void *user);
/* Jobs submitted and not yet collected. */
size_t   jobs_pending(Jobs *j);

#endif
