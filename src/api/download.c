/* download.c — see download.h. A queue of jobs (server path, path below the
 * destination, folder or file, depth, listed size) walked in order; entries of
 * a listing pass through a "held" list where the limits are checked, so a
 * question about a limit can stop the walk until the user answers. */
#include "api/download.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/format.h"

const DlLimits dl_default_limits = { 8, 1000, (int64_t)2 << 30 };

typedef struct DlJob {
    char   *remote;   /* artifact path on the server */
    char   *local;    /* path below dest, checked by artifact_safe_path */
    bool    is_dir;
    int     depth;    /* folders below the one downloaded (its entries: 1) */
    int64_t size;     /* listed size, -1 unknown */
} DlJob;

typedef struct JobList {
    DlJob *v;
    size_t n, cap;
} JobList;

enum { LIM_DEPTH, LIM_FILES, LIM_BYTES, LIM__N };

typedef enum { PH_IDLE, PH_LISTING, PH_FETCHING, PH_ASK_OVERWRITE, PH_ASK_LIMIT, PH_DONE } Phase;

struct DlQueue {
    char     dest[PATH_MAX];
    DlLimits lim;
    bool     refused[LIM__N];   /* the user said no: skip what lies past it */
    int      asking;            /* LIM_* of the limit question (PH_ASK_LIMIT) */
    JobList  jobs;              /* in download order; jobs.v[next..] still to do */
    size_t   next;
    JobList  held;              /* listed entries not yet past the limit checks */
    size_t   held_next;
    size_t   cur;               /* index in jobs of the job in progress (jobs may move) */
    char    *target, *part;     /* of cur */
    Phase    phase;
    bool     cancelled, part_removed;
    long     queued_files;
    int64_t  queued_bytes;
    int      done, skipped, failed, past_limit;
    int64_t  bytes;
    char     question[PATH_MAX + 160];
    DlReport report;
    void    *ctx;
};

#define CUR(q) (&(q)->jobs.v[(q)->cur])

static void say(DlQueue *q, bool error, const char *fmt, ...)
{
    char buf[PATH_MAX + 256];
    va_list ap;

    if (!q->report)
        return;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    q->report(q->ctx, error, buf);
}

static void job_free(DlJob *j)
{
    free(j->remote);
    free(j->local);
    j->remote = j->local = NULL;
}

static int jobs_push(JobList *l, const DlJob *j)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        DlJob *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *j;
    return 0;
}

static void jobs_free(JobList *l)
{
    for (size_t i = 0; i < l->n; i++)
        job_free(&l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), n = la + strlen(b) + 2;
    char *s = malloc(n);

    if (s)
        snprintf(s, n, "%s%s%s", a, la && a[la - 1] != '/' ? "/" : "", b);
    return s;
}

/* ---- opening ---- */

/* dest as typed: leading spaces dropped, "" is ".", "~/" is $HOME; made a
 * folder when missing. */
static int open_dest(DlQueue *q, const char *in, char *why, size_t whysize)
{
    struct stat st;

    while (in && *in == ' ')
        in++;
    if (!in || !*in)
        in = ".";
    if (in[0] == '~' && (in[1] == '/' || !in[1]) && getenv("HOME"))
        snprintf(q->dest, sizeof q->dest, "%s%s", getenv("HOME"), in + 1);
    else
        snprintf(q->dest, sizeof q->dest, "%s", in);
    if (stat(q->dest, &st) != 0) {
        if (mkdir(q->dest, 0777) != 0) {
            snprintf(why, whysize, "Cannot create %s: %s", q->dest, strerror(errno));
            return -1;
        }
    } else if (!S_ISDIR(st.st_mode)) {
        snprintf(why, whysize, "%s is not a folder: give the folder to download into", q->dest);
        return -1;
    }
    return 0;
}

DlQueue *dl_open(const char *remote, bool is_dir, const char *dest, const DlLimits *limits,
                 DlReport report, void *ctx, char *why, size_t whysize)
{
    DlQueue *q;
    const char *reason;
    DlJob j = { 0 };

    if (!remote || !artifact_safe_path(remote, &reason)) {
        snprintf(why, whysize, "Refusing to download %s: unsafe path from the server (%s)",
                 remote ? remote : "(none)", remote ? reason : "no path");
        return NULL;
    }
    q = calloc(1, sizeof *q);
    if (!q) {
        snprintf(why, whysize, "Out of memory");
        return NULL;
    }
    q->lim = limits ? *limits : dl_default_limits;
    q->report = report;
    q->ctx = ctx;
    if (open_dest(q, dest, why, whysize) != 0) {
        free(q);
        return NULL;
    }
    j.remote = strdup(remote);
    j.local = strdup(artifact_basename(remote));
    j.is_dir = is_dir;
    j.size = -1;
    if (!j.remote || !j.local || jobs_push(&q->jobs, &j) != 0) {
        job_free(&j);
        free(q);
        snprintf(why, whysize, "Out of memory");
        return NULL;
    }
    if (!is_dir)
        q->queued_files = 1;
    return q;
}

/* ---- limits ---- */

static int over_limit(const DlQueue *q, const DlJob *j)
{
    if (j->is_dir)
        return q->lim.max_depth >= 0 && j->depth > q->lim.max_depth ? LIM_DEPTH : -1;
    if (q->lim.max_files >= 0 && q->queued_files + 1 > q->lim.max_files)
        return LIM_FILES;
    if (q->lim.max_bytes >= 0 && j->size > 0 && q->queued_bytes + j->size > q->lim.max_bytes)
        return LIM_BYTES;
    return -1;
}

static void ask_limit(DlQueue *q, int kind, const DlJob *j)
{
    char sz[32];

    q->asking = kind;
    q->phase = PH_ASK_LIMIT;
    switch (kind) {
    case LIM_DEPTH:
        snprintf(q->question, sizeof q->question,
                 "%s is more than %d folders deep. Download the folders below it too?",
                 j->local, q->lim.max_depth);
        break;
    case LIM_FILES:
        snprintf(q->question, sizeof q->question,
                 "This download has more than %ld files. Download the rest too?",
                 q->lim.max_files);
        break;
    default:
        snprintf(q->question, sizeof q->question,
                 "This download is over %s. Download the rest too?",
                 fmt_bytes((uint64_t)q->lim.max_bytes, sz, sizeof sz));
        break;
    }
}

/* Moves held entries into the queue until one needs a question. */
static void admit_held(DlQueue *q)
{
    while (q->held_next < q->held.n) {
        DlJob *j = &q->held.v[q->held_next];
        int kind = over_limit(q, j);
        if (kind >= 0 && !q->refused[kind]) {
            ask_limit(q, kind, j);
            return;
        }
        q->held_next++;
        if (kind >= 0) {
            q->past_limit++;
            q->skipped++;
            job_free(j);
            continue;
        }
        if (jobs_push(&q->jobs, j) != 0) {
            say(q, true, "Out of memory: %s not downloaded", j->local);
            q->failed++;
            job_free(j);
            continue;
        }
        if (!j->is_dir) {
            q->queued_files++;
            if (j->size > 0)
                q->queued_bytes += j->size;
        }
        memset(j, 0, sizeof *j);   /* the queue owns the strings now */
    }
    jobs_free(&q->held);
    q->held_next = 0;
}

/* ---- walking ---- */

static void start_fetch(DlQueue *q)
{
    const char *name = artifact_basename(q->target);
    size_t dn = (size_t)(name - q->target), n = dn + strlen(name) + 16;

    free(q->part);
    q->part = malloc(n);
    if (!q->part) {
        say(q, true, "Out of memory: %s not downloaded", CUR(q)->local);
        q->failed++;
        q->phase = PH_IDLE;
        return;
    }
    snprintf(q->part, n, "%.*s.%s.mltui-part", (int)dn, q->target, name);
    unlink(q->part);   /* a stale one from an interrupted run */
    q->phase = PH_FETCHING;
}

static DlTodo todo(const DlQueue *q)
{
    DlTodo t = { .step = DL_DONE };

    switch (q->phase) {
    case PH_LISTING:
        t.step = DL_LIST;
        t.remote = CUR(q)->remote;
        t.local = CUR(q)->local;
        break;
    case PH_FETCHING:
        t.step = DL_FETCH;
        t.remote = CUR(q)->remote;
        t.local = CUR(q)->local;
        t.part = q->part;
        /* The byte limit counts listed sizes; a server may send far more than
         * it listed, so the bytes written are capped too: all files together
         * write at most the limit (lifted only by the user's yes). */
        if (q->lim.max_bytes >= 0)
            t.max_bytes = q->lim.max_bytes > q->bytes ? q->lim.max_bytes - q->bytes : 1;
        break;
    case PH_ASK_OVERWRITE:
    case PH_ASK_LIMIT:
        t.step = DL_ASK;
        t.question = q->question;
        break;
    default:
        break;
    }
    return t;
}

DlTodo dl_next(DlQueue *q)
{
    struct stat st;

    if (q->phase == PH_IDLE && q->held.n)
        admit_held(q);
    while (q->phase == PH_IDLE && q->next < q->jobs.n) {
        q->cur = q->next++;
        free(q->target);
        q->target = join(q->dest, CUR(q)->local);
        if (!q->target) {
            say(q, true, "Out of memory: %s not downloaded", CUR(q)->local);
            q->failed++;
            continue;
        }
        if (CUR(q)->is_dir) {
            if (mkdir(q->target, 0777) != 0 &&
                !(errno == EEXIST && lstat(q->target, &st) == 0 && S_ISDIR(st.st_mode))) {
                say(q, true, "Cannot create folder %s: %s", q->target,
                    errno == EEXIST ? "a file is in the way" : strerror(errno));
                q->failed++;
                continue;
            }
            q->phase = PH_LISTING;
            break;
        }
        if (lstat(q->target, &st) == 0) {
            if (S_ISDIR(st.st_mode)) {
                say(q, true, "Skipped %s: a folder of that name exists", q->target);
                q->skipped++;
                continue;
            }
            snprintf(q->question, sizeof q->question, "%s already exists. Overwrite it?",
                     q->target);
            q->phase = PH_ASK_OVERWRITE;
            break;
        }
        start_fetch(q);
    }
    if (q->phase == PH_IDLE)
        q->phase = PH_DONE;
    return todo(q);
}

void dl_listed(DlQueue *q, const ArtifactList *l)
{
    if (q->phase != PH_LISTING)
        return;
    q->phase = PH_IDLE;
    if (l && l->dropped) {   /* the listing was cut (ARTIFACTS_LIST_MAX_ENTRIES) */
        say(q, true, "Listing %s: the server listed %zu entries; only the first %zu are "
            "downloaded", CUR(q)->remote, l->n + l->dropped, l->n);
        q->failed++;
    }
    for (size_t i = 0; l && i < l->n; i++) {
        const ArtifactEntry *x = &l->items[i];
        const char *rel = artifact_below(CUR(q)->remote, x->path), *why = NULL;
        DlJob j = { 0 };

        if (!rel || strchr(rel, '/') || !artifact_safe_path(x->path, &why)) {
            say(q, true, "Skipped unsafe path from the server: %s (%s)", x->path,
                why ? why : "not inside the folder listed");
            q->skipped++;
            continue;
        }
        j.remote = strdup(x->path);
        j.local = join(CUR(q)->local, rel);
        j.is_dir = x->is_dir;
        j.depth = CUR(q)->depth + 1;
        j.size = x->is_dir ? -1 : x->size;
        if (!j.remote || !j.local || !artifact_safe_path(j.local, &why) ||
            jobs_push(&q->held, &j) != 0) {
            say(q, true, "Skipped %s: %s", x->path, j.local ? why : "out of memory");
            q->failed++;
            job_free(&j);
        }
    }
    admit_held(q);
}

void dl_failed(DlQueue *q, const char *msg)
{
    if (q->phase == PH_FETCHING) {
        unlink(q->part);
        say(q, true, "Downloading %s: %s", CUR(q)->remote, msg);
    } else if (q->phase == PH_LISTING) {
        say(q, true, "Listing %s: %s", CUR(q)->remote, msg);
    } else {
        return;
    }
    q->failed++;
    q->phase = PH_IDLE;
}

void dl_fetched(DlQueue *q, int64_t bytes)
{
    if (q->phase != PH_FETCHING)
        return;
    q->phase = PH_IDLE;
    if (rename(q->part, q->target) != 0) {
        say(q, true, "Cannot rename %s to %s: %s", q->part, q->target, strerror(errno));
        unlink(q->part);
        q->failed++;
        return;
    }
    q->done++;
    q->bytes += bytes > 0 ? bytes : 0;
}

void dl_answer(DlQueue *q, bool yes)
{
    if (q->phase == PH_ASK_OVERWRITE) {
        if (yes) {
            start_fetch(q);
        } else {
            say(q, false, "Skipped %s (exists)", CUR(q)->local);
            q->skipped++;
            q->phase = PH_IDLE;
        }
    } else if (q->phase == PH_ASK_LIMIT) {
        if (yes) {
            if (q->asking == LIM_DEPTH)
                q->lim.max_depth = -1;
            else if (q->asking == LIM_FILES)
                q->lim.max_files = -1;
            else
                q->lim.max_bytes = -1;
        } else {
            q->refused[q->asking] = true;
        }
        q->phase = PH_IDLE;
        admit_held(q);
    }
}

void dl_cancel(DlQueue *q)
{
    if (q->phase == PH_FETCHING && q->part) {
        unlink(q->part);
        q->part_removed = true;
    }
    q->cancelled = true;
    q->phase = PH_DONE;
}

bool dl_summary(const DlQueue *q, char *buf, size_t size)
{
    char sz[32], extra[96] = "";

    if (q->cancelled) {
        snprintf(buf, size, "Download cancelled after %d file%s%s", q->done,
                 q->done == 1 ? "" : "s", q->part_removed ? "; the partial file was removed" : "");
        return false;
    }
    fmt_bytes((uint64_t)q->bytes, sz, sizeof sz);
    if (q->past_limit)
        snprintf(extra, sizeof extra, " (%d past the limits)", q->past_limit);
    /* The counts before the folder, which may be long and cut on the screen. */
    if (q->failed)
        snprintf(buf, size, "Downloaded %d file%s (%s), %d failed, %d skipped%s, to %s (M shows why)",
                 q->done, q->done == 1 ? "" : "s", sz, q->failed, q->skipped, extra, q->dest);
    else if (q->skipped)
        snprintf(buf, size, "Downloaded %d file%s (%s), %d skipped%s, to %s", q->done,
                 q->done == 1 ? "" : "s", sz, q->skipped, extra, q->dest);
    else
        snprintf(buf, size, "Downloaded %d file%s (%s) to %s", q->done, q->done == 1 ? "" : "s",
                 sz, q->dest);
    return q->failed > 0;
}

int dl_done_count(const DlQueue *q)
{
    return q->done;
}

bool dl_cancelled(const DlQueue *q)
{
    return q->cancelled;
}

void dl_free(DlQueue *q)
{
    if (!q)
        return;
    if (q->phase == PH_FETCHING && q->part)
        unlink(q->part);
    jobs_free(&q->jobs);
    jobs_free(&q->held);
    free(q->target);
    free(q->part);
    free(q);
}
