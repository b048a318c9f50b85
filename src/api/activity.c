/* activity.c — what the client is doing, in one line for the status bar
 * (api_activity in api.h): the oldest request's progress, or the countdown
 * of a read waiting to be retried. */
#include "api/transport.h"

#include <stdio.h>

static void fmt_thousands(long v, char *buf, size_t size)
{
    char tmp[32];
    int len = snprintf(tmp, sizeof tmp, "%ld", v < 0 ? 0 : v), i, o = 0;

    for (i = 0; i < len && (size_t)o + 1 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0 && (size_t)o + 2 < size)
            buf[o++] = ',';
        buf[o++] = tmp[i];
    }
    buf[o] = '\0';
}

void api_activity(const Api *api, char *buf, size_t size)
{
    const Req *r;
    char n[32];

    if (!buf || size == 0)
        return;
    buf[0] = '\0';
    if (!api)
        return;
    if (!(r = api->reqs)) {
        job_activity(api, buf, size);
        return;
    }
    for (const Req *w = api->reqs; w; w = w->next)
        if (w->retry_at) {
            long long left = w->retry_at - retry_now_ms();
            snprintf(buf, size, "%s: retry %d/%d in %lld s (%s)",
                     w->kind == REQ_CALL ? w->label : w->endpoint, w->retries,
                     api->max_retries, left <= 0 ? 0 : (left + 999) / 1000, w->retry_why);
            return;
        }
    fmt_thousands(r->total, n, sizeof n);
    switch (r->kind) {
    case REQ_RUNS_SEARCH:
        if (r->page == 0)
            snprintf(buf, size, "runs/search: page 1");
        else
            snprintf(buf, size, "runs/search: page %d, %s run%s", r->page + 1, n,
                     r->total == 1 ? "" : "s");
        break;
    case REQ_EXPERIMENTS_SEARCH:
        if (r->page == 0)
            snprintf(buf, size, "experiments/search");
        else
            snprintf(buf, size, "experiments/search: page %d, %s experiments",
                     r->page + 1, n);
        break;
    case REQ_METRIC_HISTORY:
        if (r->page == 0)
            snprintf(buf, size, "metrics/get-history");
        else
            snprintf(buf, size, "metrics/get-history: page %d, %s points", r->page + 1, n);
        break;
    case REQ_CALL:
        if (r->save_to) {
            curl_off_t total = -1;
            char got[32], all[32];
            curl_easy_getinfo(r->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &total);
            fmt_thousands((long)(r->saved / 1024), got, sizeof got);
            if (total > 0) {
                fmt_thousands((long)(total / 1024), all, sizeof all);
                snprintf(buf, size, "%s: %s of %s KiB", r->label, got, all);
            } else {
                snprintf(buf, size, "%s: %s KiB", r->label, got);
            }
        } else {
            snprintf(buf, size, "%s", r->label);
        }
        break;
    default:
        snprintf(buf, size, "%s", r->endpoint);
        break;
    }
}
