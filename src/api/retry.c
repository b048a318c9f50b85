/* retry.c — read retries as MLflow's client makes them (see api.h): which
 * failures are transient, the backoff before each retry, and the timers the
 * one event loop waits on. Writes never come here twice: retry_schedule
 * refuses them. */
#include "api/transport.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define BACKOFF_MAX_S      120.0     /* urllib3's Retry.DEFAULT_BACKOFF_MAX */

long long retry_now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether a failed read is one MLflow's client retries: no reply at all
 * because the connection was reset or closed, or a transient status (408,
 * 429, 500, 502, 503, 504: mlflow/utils/request_utils.py). */
static bool retryable(CURLcode rc, long status, char *why, size_t size)
{
    if (rc != CURLE_OK) {
        if (status != 0)
            return false;   /* a reply had begun: not "before a reply" */
        if (rc != CURLE_RECV_ERROR && rc != CURLE_SEND_ERROR && rc != CURLE_GOT_NOTHING)
            return false;
        snprintf(why, size, "%s", rc == CURLE_GOT_NOTHING ? "connection closed"
                                                          : "connection reset");
        return true;
    }
    if (status == 408 || status == 429 || status == 500 || status == 502 || status == 503
        || status == 504) {
        snprintf(why, size, "HTTP %ld", status);
        return true;
    }
    return false;
}

/* The wait before retry number n (1-based), as urllib3's Retry.get_backoff_time
 * that MLflow's client uses: none before the first retry, then
 * factor * 2^(n-1) plus up to `jitter` random seconds, at most 120 s. A
 * Retry-After the server sent (on 429 / 503) wins, up to the same 120 s. */
static double backoff_s(const Api *api, int n, long status, curl_off_t retry_after)
{
    double d;

    if (retry_after >= 0 && (status == 429 || status == 503 || status == 413))
        return retry_after > (curl_off_t)BACKOFF_MAX_S ? BACKOFF_MAX_S : (double)retry_after;
    if (n <= 1)
        return 0;
    d = api->backoff_factor * (double)(1L << (n - 1 > 20 ? 20 : n - 1));
    if (api->backoff_jitter > 0)
        d += api->backoff_jitter * ((double)rand() / ((double)RAND_MAX + 1.0));
    return d < 0 ? 0 : d > BACKOFF_MAX_S ? BACKOFF_MAX_S : d;
}

/* Schedules r's current page again if it is a read that failed transiently
 * and retries are left; its handle is out of the multi handle meanwhile and
 * api_perform re-adds it when the time comes. Returns true when scheduled. */
bool retry_schedule(Api *api, Req *r, CURLcode rc)
{
    long status = 0;
    curl_off_t after = -1;
    char why[sizeof r->retry_why];

    if (r->is_write || r->retries >= api->max_retries || r->save_failed)
        return false;
    curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &status);
    if (!retryable(rc, status, why, sizeof why))
        return false;
    if (rc == CURLE_OK && curl_easy_getinfo(r->easy, CURLINFO_RETRY_AFTER, &after) != CURLE_OK)
        after = -1;
    if (rc == CURLE_OK && after == 0) {
        /* libcurl reports 0 both for "Retry-After: 0" and for none at all. */
        struct curl_header *h = NULL;
        if (curl_easy_header(r->easy, "Retry-After", 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
            after = -1;
    }
    r->retries++;
    snprintf(r->retry_why, sizeof r->retry_why, "%s", why);
    r->retry_at = retry_now_ms() + (long long)(backoff_s(api, r->retries, status, after) * 1000.0);
    if (r->retry_at <= 0)
        r->retry_at = 1;
    if (r->save) {   /* never: only 2xx bodies are saved, and those are not retried */
        fclose(r->save);
        r->save = NULL;
        unlink(r->save_to);
    }
    r->body.n = 0;
    return true;
}

/* Restarts every request whose retry time has come. */
void retry_due(Api *api)
{
    long long now = retry_now_ms();
    Req *r, *next;
    Err e;

    for (r = api->reqs; r; r = next) {
        next = r->next;
        if (!r->retry_at || r->retry_at > now)
            continue;
        r->retry_at = 0;
        if (req_start_page(api, r) < 0) {
            err_set(&e, ERR_NOMEM, "Out of memory retrying %s", r->endpoint);
            r->page++;
            queue_error(api, r, &e);
            req_finish(api, r);
        }
    }
}

/* Milliseconds until the next retry is due (0: now), or -1 when none waits. */
long retry_next_ms(const Api *api)
{
    long long now = retry_now_ms(), best = -1;
    const Req *r;

    for (r = api->reqs; r; r = r->next)
        if (r->retry_at && (best < 0 || r->retry_at - now < best))
            best = r->retry_at - now < 0 ? 0 : r->retry_at - now;
    return (long)best;
}
