/* filestore.c — MLflow's file store (mlruns/) read directly: meta.yaml
 * through libyaml (store/meta.c), one small file per param, tag and metric
 * key, "timestamp value step" lines for metric histories, .trash/ for
 * deleted experiments and models/ for the registry.
 *
 * Files are opened relative to directory descriptors (openat), which keeps
 * the 700,000 small reads of a 10,000-run store cheap. A missing metrics/,
 * params/, tags/ directory is an empty one (git does not keep empty
 * directories, MLflow makes them); anything unreadable or malformed is
 * skipped with one warning naming the file, and the rest is read. Key files
 * in subdirectories (a key containing '/') are followed to a fixed depth, so
 * a symlink loop ends as a warning, not a hang. */
#define _GNU_SOURCE
/* Paths are built into fixed buffers of 1-2 KB; a store path so long that one
 * would be cut yields a failed open (a warning), never an overflow. */
#if defined(__GNUC__) && !defined(__clang__)   /* clang has no such warning */
#pragma GCC diagnostic ignored "-Wformat-truncation"
#endif
#include "store/store_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/parse.h"
#include "store/meta.h"
#include "store/stage.h"

#define KEY_DEPTH  8
#define VALUE_MAX  (1 << 20)

/* openat for reading, with O_NOATIME where the kernel allows it (the
 * files' owner, or root): reading a store then does not write to it even
 * through access times — a first read of a 10,000-run store would
 * otherwise dirty 730,000 inodes (relatime updates an access time older
 * than the file's change or than a day), which also makes that read slower.
 * Elsewhere (EPERM) plain openat, and O_NOATIME is not tried again. */
static atomic_int noatime_refused;

int fs_openat(int dirfd, const char *name, int flags)
{
    int fd;

    if (!atomic_load_explicit(&noatime_refused, memory_order_relaxed)) {
        fd = openat(dirfd, name, flags | O_NOATIME);
        if (fd >= 0 || errno != EPERM)
            return fd;
        atomic_store_explicit(&noatime_refused, 1, memory_order_relaxed);
    }
    return openat(dirfd, name, flags);
}

int fs_open_dir(int dirfd, const char *name)
{
    return fs_openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
}

/* The whole of a small file (NUL-terminated, malloc'd), or NULL with errno.
 * A store holds hundreds of thousands of these (a file per metric, param and
 * tag), so the common case is one read(2): a regular file that fills less
 * than the first buffer has ended. O_NONBLOCK: a FIFO planted in a store
 * fails with EAGAIN instead of hanging the reader. */
char *fs_read_file(int dirfd, const char *name, size_t *len)
{
    int fd = fs_openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    char *buf = NULL, first[4096];
    size_t n = 0, cap = 0;
    ssize_t r0;

    if (fd < 0)
        return NULL;
    do
        r0 = read(fd, first, sizeof first);
    while (r0 < 0 && errno == EINTR);
    if (r0 < 0)
        goto fail;
    if ((size_t)r0 < sizeof first) {   /* short: the whole file */
        close(fd);
        if (!(buf = malloc((size_t)r0 + 1)))
            return NULL;
        memcpy(buf, first, (size_t)r0);
        buf[r0] = '\0';
        if (len)
            *len = (size_t)r0;
        return buf;
    }
    cap = 2 * sizeof first;
    if (!(buf = malloc(cap)))
        goto fail;
    memcpy(buf, first, sizeof first);
    n = sizeof first;
    for (;;) {
        ssize_t r;
        if (n + 1 >= cap) {
            char *nb;
            cap = cap ? cap * 2 : 256;
            if (cap > VALUE_MAX * 64) {
                errno = EFBIG;
                goto fail;
            }
            if (!(nb = realloc(buf, cap)))
                goto fail;
            buf = nb;
        }
        r = read(fd, buf + n, cap - n - 1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
fail: {
        int e = errno;
        close(fd);
        free(buf);
        errno = e;
        return NULL;
    }
}

bool fs_is_subdir(int dirfd, const struct dirent *d)
{
    struct stat st;

    if (d->d_type == DT_DIR)
        return true;
    if (d->d_type != DT_UNKNOWN && d->d_type != DT_LNK)
        return false;
    return fstatat(dirfd, d->d_name, &st, 0) == 0 && S_ISDIR(st.st_mode);
}

bool fs_dot(const char *n)
{
    return n[0] == '.' && (!n[1] || (n[1] == '.' && !n[2]));
}

/* A key directory (params/, tags/, metrics/): calls fn for every file with its
 * key (path below the directory) and content. */

static int walk_keys(Store *s, int topfd, const char *prefix, const char *shown, int depth,
                     KeyFn fn, void *ctx)
{
    DIR *dir;
    struct dirent *d;
    int fd2, rc = 0;

    dir = fdopendir(topfd);
    if (!dir) {
        close(topfd);
        return 0;
    }
    while ((d = readdir(dir)) != NULL) {
        char key[1024], path[2048];
        if (fs_dot(d->d_name))
            continue;
        snprintf(key, sizeof key, "%s%s%s", prefix, *prefix ? "/" : "", d->d_name);
        snprintf(path, sizeof path, "%s/%s", shown, d->d_name);
        if (fs_is_subdir(dirfd(dir), d)) {
            if (depth >= KEY_DEPTH) {
                store_warn(s, "%s: nested too deep (a symlink loop?); skipped", path);
                continue;
            }
            fd2 = fs_open_dir(dirfd(dir), d->d_name);
            if (fd2 < 0) {
                store_warn(s, "%s: cannot read: %s", path, strerror(errno));
                continue;
            }
            if ((rc = walk_keys(s, fd2, key, path, depth + 1, fn, ctx)) < 0)
                break;
            continue;
        }
        size_t len = 0;
        char *content = fs_read_file(dirfd(dir), d->d_name, &len);
        if (!content) {
            store_warn(s, "%s: cannot read: %s", path, strerror(errno));
            continue;
        }
        rc = fn(s, ctx, key, content, len, path);
        free(content);
        if (rc < 0)
            break;
    }
    closedir(dir);
    return rc;
}

/* Calls walk_keys on dirfd/name when it exists. */
int fs_keys_of(Store *s, int dirfd, const char *name, const char *shown, KeyFn fn, void *ctx)
{
    char path[2048];
    int fd = fs_open_dir(dirfd, name);

    if (fd < 0) {
        if (errno != ENOENT)
            store_warn(s, "%s/%s: cannot read: %s", shown, name, strerror(errno));
        return 0;
    }
    snprintf(path, sizeof path, "%s/%s", shown, name);
    return walk_keys(s, fd, "", path, 0, fn, ctx);
}

/* ---- metric lines ---- */

typedef struct Point {
    int64_t ts, step;
    double  v;
} Point;

/* "timestamp value [step [...]]": MLflow 3.5 reads 2 fields as step 0 and its
 * 5-field dataset lines as step 0 too. Returns 0 or -1. */
static int parse_point(const char *line, Point *p)
{
    char *end;
    const char *q = line;
    int fields = 0;

    for (const char *t = line; *t;) {
        while (*t == ' ')
            t++;
        if (!*t)
            break;
        fields++;
        while (*t && *t != ' ')
            t++;
    }
    if (fields < 2)
        return -1;
    errno = 0;
    p->ts = strtoll(q, &end, 10);
    if (end == q || *end != ' ' || errno)
        return -1;
    q = end;
    p->v = strtod(q, &end);
    if (end == q || (*end && *end != ' '))
        return -1;
    p->step = 0;
    if (fields >= 3 && fields != 5) {
        q = end;
        p->step = strtoll(q, &end, 10);
        if (end == q || (*end && *end != ' '))
            return -1;
    }
    return 0;
}

/* Whether a is after b in MLflow's "latest" order: (step, timestamp, value). */
static bool later(const Point *a, const Point *b)
{
    if (a->step != b->step)
        return a->step > b->step;
    if (a->ts != b->ts)
        return a->ts > b->ts;
    return a->v > b->v || (isnan(b->v) && !isnan(a->v));
}

/* Walks the lines of a metric file; on_point may be NULL. Returns the
 * number of points, the latest in *last. Bad lines are warned and skipped. */
static size_t metric_lines(Store *s, char *content, const char *shown, Point *last,
                           MetricHistory *h, int *oom)
{
    size_t n = 0, lineno = 0;
    char *save = NULL;

    for (char *line = strtok_r(content, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        Point p;
        size_t l = strlen(line);
        lineno++;
        if (l && line[l - 1] == '\r')
            line[l - 1] = '\0';
        if (!*line)
            continue;
        if (parse_point(line, &p) < 0) {
            store_warn(s, "%s: line %zu is not \"timestamp value step\"; skipped", shown, lineno);
            continue;
        }
        if (h && history_push(h, p.step, p.ts, p.v) < 0) {
            *oom = 1;
            return n;
        }
        if (!n || later(&p, last))
            *last = p;
        n++;
    }
    return n;
}

/* ---- runs ---- */

/* A run is read into a Stage (store/stage.h) rather than straight into the
 * RunSet, so that runs can be read on several threads (a file store is
 * three system calls a file, 73 files a run: the kernel's work, which two
 * cores halve) and still come out as one thread reading them in directory
 * order would have built them (see filestore_runs). */
typedef struct RunCtx {
    Stage   *st;
    uint32_t run;
} RunCtx;

static int on_metric(Store *s, void *ctx, const char *key, char *content, size_t len,
                     const char *shown)
{
    RunCtx *c = ctx;
    Point last = { 0 };
    int oom = 0;

    (void)len;
    if (metric_lines(s, content, shown, &last, NULL, &oom) == 0)
        return 0;
    return stage_metric(c->st, c->run, key, last.v, last.step);
}

static int on_param(Store *s, void *ctx, const char *key, char *content, size_t len,
                    const char *shown)
{
    RunCtx *c = ctx;

    (void)s; (void)len; (void)shown;
    return stage_param(c->st, c->run, key, content);
}

/* (stage_build finds the flavour in the tags as the direct reader did) */
static int on_tag(Store *s, void *ctx, const char *key, char *content, size_t len,
                  const char *shown)
{
    RunCtx *c = ctx;

    (void)s; (void)len; (void)shown;
    return stage_tag(c->st, c->run, key, content);
}

static RunStatus status_of(const char *v)
{
    if (!v)
        return RUN_STATUS_UNKNOWN;
    switch (atoi(v)) {
    case 1: return RUN_RUNNING;
    case 2: return RUN_SCHEDULED;
    case 3: return RUN_FINISHED;
    case 4: return RUN_FAILED;
    case 5: return RUN_KILLED;
    default: return run_status_parse(v);
    }
}

/* Reads one run directory (expfd/name) into st when it passes view_type.
 * Returns 0 (read or skipped) or -1 (memory). */
static int read_run(Store *s, int expfd, const char *name, const char *shown_exp, int view_type,
                    Stage *st)
{
    char shown[2048], why[256];
    Meta m;
    RunInfoIn in = { 0 };
    RunCtx c = { .st = st };
    const char *life;
    long i;
    int fd, rc = 0;

    snprintf(shown, sizeof shown, "%s/%s", shown_exp, name);
    fd = fs_open_dir(expfd, name);
    if (fd < 0) {
        store_warn(s, "%s: cannot read: %s", shown, strerror(errno));
        return 0;
    }
    if (meta_read(fd, "meta.yaml", &m, why, sizeof why) < 0) {
        store_warn(s, "%s/meta.yaml: %s; run skipped", shown, why);
        close(fd);
        return 0;
    }
    life = meta_get(&m, "lifecycle_stage");
    in.lifecycle = life && !strcmp(life, "deleted") ? LIFE_DELETED : LIFE_ACTIVE;
    if ((view_type == 0 && in.lifecycle != LIFE_ACTIVE) ||
        (view_type == 1 && in.lifecycle != LIFE_DELETED))
        goto out;
    in.run_id = meta_get(&m, "run_id");
    if (!in.run_id)
        in.run_id = meta_get(&m, "run_uuid");
    if (!in.run_id)
        in.run_id = name;
    in.run_name = meta_get(&m, "run_name");
    in.experiment_id = meta_get(&m, "experiment_id");
    in.user_id = meta_get(&m, "user_id");
    in.artifact_uri = meta_get(&m, "artifact_uri");
    in.status = status_of(meta_get(&m, "status"));
    in.start_time = meta_int(&m, "start_time", TIME_NONE);
    in.end_time = meta_int(&m, "end_time", TIME_NONE);
    if ((i = stage_begin_run(st, &in)) < 0)
        goto nomem;
    c.run = (uint32_t)i;
    if (fs_keys_of(s, fd, "metrics", shown, on_metric, &c) < 0 ||
        fs_keys_of(s, fd, "params", shown, on_param, &c) < 0 ||
        fs_keys_of(s, fd, "tags", shown, on_tag, &c) < 0)
        goto nomem;
    goto out;
nomem:
    rc = -1;
out:
    meta_free(&m);
    close(fd);
    return rc;
}

static bool run_dir_name(const char *n)
{
    return strcmp(n, "tags") && strcmp(n, "datasets") && strcmp(n, "models") &&
           strcmp(n, "traces") && strcmp(n, "meta.yaml") && n[0] != '.';
}

/* The directory of experiment id: mlruns/<id> or mlruns/.trash/<id>; its
 * shown name in shown. -1 when there is none. */
static int exp_dir(Store *s, const char *id, char *shown, size_t size)
{
    char rel[512];
    int fd;

    if (!*id || strchr(id, '/') || fs_dot(id))
        return -1;
    snprintf(rel, sizeof rel, "%s/%s", s->path, id);
    if ((fd = fs_open_dir(AT_FDCWD, rel)) >= 0) {
        snprintf(shown, size, "%s", rel);
        return fd;
    }
    snprintf(rel, sizeof rel, "%s/.trash/%s", s->path, id);
    if ((fd = fs_open_dir(AT_FDCWD, rel)) >= 0) {
        snprintf(shown, size, "%s", rel);
        return fd;
    }
    return -1;
}

/* Reading many runs: the run directories of the experiments are listed on
 * this thread, in directory order, then read in chunks of CHUNK runs by
 * up to MAX_READERS threads (one a core), each chunk into a Stage of its own
 * with its own copy of the store's warning; the chunks are then built into
 * the RunSet, and their warnings counted, in the listed order — the same
 * RunSet and the same warning as one thread reading run after run. */
#define CHUNK        128
#define MAX_READERS  4

typedef struct RunTask {
    uint32_t exp;    /* index in Reading.exps */
    char    *name;   /* the run directory */
} RunTask;

typedef struct ExpDir {
    DIR  *dir;
    char  shown[1200];
} ExpDir;

typedef struct Chunk {
    Stage st;
    int   rc;              /* 0, -1 out of memory, -2 cancelled */
    int   n_warnings;
    char  warning[512];    /* the first, as store_warn keeps it */
} Chunk;

typedef struct Reading {
    Store         *s;
    int            view_type;
    ExpDir        *exps;
    size_t         n_exps, cap_exps;
    RunTask       *tasks;
    size_t         n_tasks, cap_tasks;
    Chunk         *chunks;
    size_t         n_chunks;
    atomic_size_t  next;   /* the next chunk to read */
} Reading;

static void read_chunk(Reading *rd, size_t c)
{
    Chunk *ch = &rd->chunks[c];
    Store w = *rd->s;   /* warnings go to this copy, counted later in order */
    size_t end = (c + 1) * CHUNK < rd->n_tasks ? (c + 1) * CHUNK : rd->n_tasks;

    w.n_warnings = 0;
    w.warning[0] = '\0';
    for (size_t t = c * CHUNK; t < end && ch->rc == 0; t++) {
        const RunTask *task = &rd->tasks[t];
        const ExpDir *e = &rd->exps[task->exp];
        int dfd = dirfd(e->dir);

        if (store_cancelled(rd->s)) {
            ch->rc = -2;
            break;
        }
        if (faccessat(dfd, task->name, F_OK, 0) == 0) {
            char mp[600];
            snprintf(mp, sizeof mp, "%s/meta.yaml", task->name);
            if (faccessat(dfd, mp, F_OK, 0) != 0 && errno == ENOENT) {
                store_warn(&w, "%s/%s/meta.yaml: missing; run skipped", e->shown, task->name);
                continue;
            }
        }
        if (read_run(&w, dfd, task->name, e->shown, rd->view_type, &ch->st) < 0)
            ch->rc = -1;
    }
    ch->n_warnings = w.n_warnings;
    memcpy(ch->warning, w.warning, sizeof ch->warning);
}

static void *reader(void *arg)
{
    Reading *rd = arg;
    size_t c;

    while ((c = atomic_fetch_add(&rd->next, 1)) < rd->n_chunks)
        read_chunk(rd, c);
    return NULL;
}

/* Lists the run directories of experiment directory fd (taken) into rd.
 * 0, -1 (memory) or -2 (cancelled). */
static int list_runs(Reading *rd, int fd, const char *shown)
{
    DIR *dir = fdopendir(fd);
    struct dirent *d;
    ExpDir *e;

    if (!dir) {
        close(fd);
        return 0;
    }
    if (rd->n_exps == rd->cap_exps) {
        size_t nc = rd->cap_exps ? rd->cap_exps * 2 : 8;
        ExpDir *ne = realloc(rd->exps, nc * sizeof *ne);
        if (!ne) {
            closedir(dir);
            return -1;
        }
        rd->exps = ne;
        rd->cap_exps = nc;
    }
    e = &rd->exps[rd->n_exps++];
    e->dir = dir;
    snprintf(e->shown, sizeof e->shown, "%s", shown);
    while ((d = readdir(dir)) != NULL) {
        if (store_cancelled(rd->s))
            return -2;
        if (!run_dir_name(d->d_name) || !fs_is_subdir(dirfd(dir), d))
            continue;
        if (rd->n_tasks == rd->cap_tasks) {
            size_t nc = rd->cap_tasks ? rd->cap_tasks * 2 : 256;
            RunTask *nt = realloc(rd->tasks, nc * sizeof *nt);
            if (!nt)
                return -1;
            rd->tasks = nt;
            rd->cap_tasks = nc;
        }
        if (!(rd->tasks[rd->n_tasks].name = strdup(d->d_name)))
            return -1;
        rd->tasks[rd->n_tasks++].exp = (uint32_t)(rd->n_exps - 1);
    }
    return 0;
}

/* Reads every listed run into out (in the listed order). 0, -1 (memory)
 * or -2 (cancelled). */
static int read_listed(Reading *rd, RunSet *out)
{
    pthread_t th[MAX_READERS];
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    int n_th = 0, want = ncpu < 1 ? 1 : ncpu > MAX_READERS ? MAX_READERS : (int)ncpu, rc = 0;

    rd->n_chunks = (rd->n_tasks + CHUNK - 1) / CHUNK;
    if (!(rd->chunks = calloc(rd->n_chunks ? rd->n_chunks : 1, sizeof *rd->chunks)))
        return -1;
    for (size_t c = 0; c < rd->n_chunks; c++)
        if (stage_init(&rd->chunks[c].st) < 0)
            return -1;
    atomic_init(&rd->next, 0);
    while (n_th + 1 < want && (size_t)n_th + 1 < rd->n_chunks
           && pthread_create(&th[n_th], NULL, reader, rd) == 0)
        n_th++;
    reader(rd);
    for (int i = 0; i < n_th; i++)
        pthread_join(th[i], NULL);
    for (size_t c = 0; c < rd->n_chunks && rc == 0; c++) {
        Chunk *ch = &rd->chunks[c];
        if (ch->rc < 0) {
            rc = ch->rc;
            break;
        }
        if (ch->n_warnings) {
            if (rd->s->n_warnings == 0)
                memcpy(rd->s->warning, ch->warning, sizeof rd->s->warning);
            rd->s->n_warnings += ch->n_warnings;
        }
        if (stage_build(&ch->st, NULL, NULL, NULL, NULL, out) < 0)
            rc = -1;
        stage_free(&ch->st);   /* done with: memory back early */
    }
    return rc;
}

static void reading_free(Reading *rd)
{
    for (size_t i = 0; i < rd->n_exps; i++)
        closedir(rd->exps[i].dir);
    for (size_t i = 0; i < rd->n_tasks; i++)
        free(rd->tasks[i].name);
    for (size_t c = 0; rd->chunks && c < rd->n_chunks; c++)
        stage_free(&rd->chunks[c].st);
    free(rd->exps);
    free(rd->tasks);
    free(rd->chunks);
}

/* Every experiment directory id (active ones, then .trash/), malloc'd. */
typedef struct IdList {
    char  **v;
    bool   *trash;
    size_t  n;
} IdList;

static void ids_free(IdList *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    free(l->trash);
    memset(l, 0, sizeof *l);
}

static int ids_scan(Store *s, IdList *l, Err *err)
{
    for (int t = 0; t < 2; t++) {
        char path[1024];
        DIR *dir;
        struct dirent *d;
        snprintf(path, sizeof path, t ? "%s/.trash" : "%s", s->path);
        dir = opendir(path);
        if (!dir) {
            if (t == 0) {
                err_set(err, ERR_PARSE, "%s: cannot read: %s", s->path, strerror(errno));
                return -1;
            }
            continue;
        }
        while ((d = readdir(dir)) != NULL) {
            char **nv;
            bool *nt;
            if (d->d_name[0] == '.' || !strcmp(d->d_name, "models") ||
                !fs_is_subdir(dirfd(dir), d))
                continue;
            nv = realloc(l->v, (l->n + 1) * sizeof *nv);
            if (nv)
                l->v = nv;
            nt = realloc(l->trash, (l->n + 1) * sizeof *nt);
            if (nt)
                l->trash = nt;
            if (!nv || !nt || !(l->v[l->n] = strdup(d->d_name))) {
                closedir(dir);
                err_set(err, ERR_NOMEM, "out of memory");
                return -1;
            }
            l->trash[l->n++] = t;
        }
        closedir(dir);
    }
    return 0;
}

int filestore_open(Store *s, Err *err)
{
    char p[1024];
    struct stat st;
    DIR *d = opendir(s->path);

    if (!d) {
        err_set(err, ERR_PARSE, "%s: cannot read: %s", s->path, strerror(errno));
        return -1;
    }
    closedir(d);
    /* An mlruns/ has experiment folders with meta.yaml (0/ at least) or is empty. */
    snprintf(p, sizeof p, "%s/meta.yaml", s->path);
    if (stat(p, &st) == 0) {
        err_set(err, ERR_PARSE, "%s: this is an experiment folder; open the mlruns/ folder "
                "above it", s->path);
        return -1;
    }
    return 0;
}

static int read_exp_tags(Store *s, void *ctx, const char *key, char *content, size_t len,
                         const char *shown)
{
    Experiment *e = ctx;
    Tag *nt = realloc(e->tags, (e->n_tags + 1) * sizeof *nt);

    (void)s; (void)len; (void)shown;
    if (!nt)
        return -1;
    e->tags = nt;
    nt[e->n_tags].key = strdup(key);
    nt[e->n_tags].value = strdup(content);
    if (!nt[e->n_tags].key || !nt[e->n_tags].value) {
        free(nt[e->n_tags].key);
        free(nt[e->n_tags].value);
        return -1;
    }
    e->n_tags++;
    return 0;
}

int filestore_experiments(Store *s, int view_type, const Filter *f, ExperimentList *out,
                          Err *err)
{
    IdList ids = { 0 };
    int rc = -1;

    if (ids_scan(s, &ids, err) < 0)
        goto out;
    for (size_t i = 0; i < ids.n; i++) {
        char shown[1200], why[256];
        Meta m;
        Experiment e = { 0 };
        int fd;
        const char *life;
        snprintf(shown, sizeof shown, "%s%s/%s", s->path, ids.trash[i] ? "/.trash" : "", ids.v[i]);
        fd = fs_open_dir(AT_FDCWD, shown);
        if (fd < 0) {
            store_warn(s, "%s: cannot read: %s", shown, strerror(errno));
            continue;
        }
        if (meta_read(fd, "meta.yaml", &m, why, sizeof why) < 0) {
            store_warn(s, "%s/meta.yaml: %s; experiment skipped", shown, why);
            close(fd);
            continue;
        }
        life = meta_get(&m, "lifecycle_stage");
        if (!life)
            life = ids.trash[i] ? "deleted" : "active";
        if ((view_type == 0 && strcmp(life, "active")) ||
            (view_type == 1 && strcmp(life, "deleted"))) {
            meta_free(&m);
            close(fd);
            continue;
        }
        e.id = strdup(meta_get(&m, "experiment_id") ? meta_get(&m, "experiment_id") : ids.v[i]);
        e.name = strdup(meta_get(&m, "name") ? meta_get(&m, "name") : "");
        e.lifecycle_stage = strdup(life);
        e.artifact_location = strdup(meta_get(&m, "artifact_location")
                                     ? meta_get(&m, "artifact_location") : "");
        e.creation_time = meta_int(&m, "creation_time", TIME_NONE);
        e.last_update_time = meta_int(&m, "last_update_time", TIME_NONE);
        e.run_count = -1;
        meta_free(&m);
        if (!e.id || !e.name || !e.lifecycle_stage || !e.artifact_location ||
            fs_keys_of(s, fd, "tags", shown, read_exp_tags, &e) < 0) {
            close(fd);
            experiment_free_fields(&e);
            err_set(err, ERR_NOMEM, "out of memory");
            goto out;
        }
        close(fd);
        if (!store_match_experiment(f, &e)) {
            experiment_free_fields(&e);
            continue;
        }
        if (explist_push(out, &e, 1) < 0) {
            experiment_free_fields(&e);
            err_set(err, ERR_NOMEM, "out of memory");
            goto out;
        }
    }
    rc = 0;
out:
    ids_free(&ids);
    return rc;
}

/* The directory of run_id (searching every experiment); shown gets its name. */
int fs_run_dir(Store *s, const char *run_id, char *shown, size_t size)
{
    IdList ids = { 0 };
    Err err;
    int fd = -1;

    if (!*run_id || strchr(run_id, '/') || fs_dot(run_id) || ids_scan(s, &ids, &err) < 0)
        goto out;
    for (size_t i = 0; i < ids.n && fd < 0; i++) {
        char p[1200];
        snprintf(p, sizeof p, "%s%s/%s/%s", s->path, ids.trash[i] ? "/.trash" : "", ids.v[i],
                 run_id);
        if ((fd = fs_open_dir(AT_FDCWD, p)) >= 0)
            snprintf(shown, size, "%s", p);
    }
out:
    ids_free(&ids);
    return fd;
}

int filestore_runs(Store *s, const char *const *ids, size_t n, int view_type,
                   const char *run_id, const Filter *f, RunSet *out, Err *err)
{
    char shown[1200];
    IdList all = { 0 };
    Reading rd = { .s = s, .view_type = view_type };
    int rc = 0;

    if (run_id) {
        int fd = fs_run_dir(s, run_id, shown, sizeof shown);
        char *slash;
        Stage st;
        if (fd < 0)
            return 0;
        close(fd);
        slash = strrchr(shown, '/');
        *slash = '\0';
        fd = fs_open_dir(AT_FDCWD, shown);
        if (fd < 0)
            return 0;
        if (stage_init(&st) < 0 || read_run(s, fd, run_id, shown, 2, &st) < 0
            || stage_build(&st, NULL, NULL, NULL, NULL, out) < 0) {
            stage_free(&st);
            close(fd);
            goto nomem;
        }
        stage_free(&st);
        close(fd);
        return store_finish_runs(out, NULL) < 0 ? (err_set(err, ERR_NOMEM, "out of memory"), -1)
                                                : 0;
    }
    if (n == 0) {
        if (ids_scan(s, &all, err) < 0)
            return -1;
        ids = (const char *const *)all.v;
        n = all.n;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        int fd = exp_dir(s, ids[i], shown, sizeof shown);
        if (fd >= 0)
            rc = list_runs(&rd, fd, shown);
    }
    if (rc == 0)
        rc = read_listed(&rd, out);
    reading_free(&rd);
    ids_free(&all);
    if (rc == -2) {
        err_set(err, ERR_CANCELLED, "%s: cancelled", s->path);
        return -1;
    }
    if (rc < 0 || store_finish_runs(out, f) < 0)
        goto nomem;
    return 0;
nomem:
    err_set(err, ERR_NOMEM, "out of memory reading %s", s->path);
    return -1;
}

static int cmp_point(const void *a, const void *b)
{
    const MetricPoint *x = a, *y = b;
    if (x->step != y->step)
        return x->step < y->step ? -1 : 1;
    if (x->timestamp != y->timestamp)
        return x->timestamp < y->timestamp ? -1 : 1;
    return x->value < y->value ? -1 : x->value > y->value;
}

int filestore_history(Store *s, const char *run_id, const char *key, MetricHistory **out,
                      Err *err)
{
    char shown[1200], mk[1400];
    int fd = fs_run_dir(s, run_id, shown, sizeof shown), oom = 0;
    MetricHistory *h;
    char *content;
    Point last;

    if (fd < 0) {
        store_not_found(err, "Run with id=%s not found", run_id);
        return -1;
    }
    if (!(h = history_new(run_id, key))) {
        close(fd);
        err_set(err, ERR_NOMEM, "out of memory");
        return -1;
    }
    if (strstr(key, "..") || key[0] == '/') {
        close(fd);
        *out = h;
        return 0;
    }
    snprintf(mk, sizeof mk, "metrics/%s", key);
    content = fs_read_file(fd, mk, NULL);
    close(fd);
    if (content) {
        snprintf(mk, sizeof mk, "%s/metrics/%s", shown, key);
        metric_lines(s, content, mk, &last, h, &oom);
        free(content);
        if (oom) {
            history_free(h);
            err_set(err, ERR_NOMEM, "out of memory");
            return -1;
        }
        qsort(h->pts, h->n, sizeof *h->pts, cmp_point);
    }
    *out = h;
    return 0;
}

char *filestore_artifact_uri(Store *s, const char *run_id, Err *err)
{
    char shown[1200], why[256];
    int fd = fs_run_dir(s, run_id, shown, sizeof shown);
    Meta m;
    char *uri = NULL;

    if (fd < 0) {
        store_not_found(err, "Run with id=%s not found", run_id);
        return NULL;
    }
    if (meta_read(fd, "meta.yaml", &m, why, sizeof why) < 0) {
        err_set(err, ERR_PARSE, "%s/meta.yaml: %s", shown, why);
    } else {
        const char *a = meta_get(&m, "artifact_uri");
        uri = a ? strdup(a) : NULL;
        if (!a)
            err_set(err, ERR_PARSE, "%s/meta.yaml: no artifact_uri", shown);
        meta_free(&m);
    }
    close(fd);
    return uri;
}
