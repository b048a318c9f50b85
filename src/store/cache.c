/* cache.c — see cache.h.
 *
 * Why SQLite and not a folder of files: one file is one thing to protect
 * (0600), to discard when damaged and to bound in size; SQLite gives atomic
 * replacement of an entry (a crash mid-write leaves the old entry, not half a
 * new one) and lets two mltui processes share the cache (WAL, busy timeout).
 * Entries are opaque blobs with a checksum beside them: SQLite does not
 * checksum pages, and a flipped bit in a metric must not be shown as data. */
#include "store/cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/runblob.h"

#define CACHE_APP_ID   0x4d4c5443   /* "MLTC" */
#define CACHE_VERSION  1

struct Cache {
    sqlite3 *db;
    char    *path;
    size_t   max_bytes;
};

static void note_set(char *note, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void note_set(char *note, size_t size, const char *fmt, ...)
{
    va_list ap;

    if (!note || !size)
        return;
    va_start(ap, fmt);
    vsnprintf(note, size, fmt, ap);
    va_end(ap);
}

/* FNV-1a over 8-byte words (then the tail bytes): a damage detector, not a
 * MAC — the file is ours and 0600; it must only catch torn or flipped bytes,
 * and at 90 MB for 100,000 runs it must be fast. */
static uint64_t checksum(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325ULL, w;

    for (; len >= 8; p += 8, len -= 8) {
        memcpy(&w, p, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    while (len--)
        h = (h ^ *p++) * 0x100000001b3ULL;
    return h;
}

/* mkdir of one folder with mode, fine if it exists as a folder. */
static int mkdir_one(const char *path, mode_t mode)
{
    struct stat st;

    if (mkdir(path, mode) == 0)
        return 0;
    if (errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return 0;
    return -1;
}

/* mkdir -p: each missing folder of path made with mode (as the XDG spec
 * asks for the cache: 0700), existing ones left as they are. */
static int mkdir_parents(const char *path, mode_t mode)
{
    char  *p = strdup(path);
    int    rc = 0;

    if (!p)
        return -1;
    for (char *s = p + 1; *s && rc == 0; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        rc = mkdir_one(p, mode);
        *s = '/';
    }
    if (rc == 0)
        rc = mkdir_one(p, mode);
    free(p);
    return rc;
}

/* The default folder, malloc'd: $XDG_CACHE_HOME/mltui (when absolute, as the
 * XDG spec asks) else $HOME/.cache/mltui; NULL without either (or out of
 * memory). Not created here. */
static char *default_dir(void)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char       *dir;
    size_t      n;

    if (xdg && xdg[0] == '/') {
        n = strlen(xdg) + sizeof "/mltui";
        if ((dir = malloc(n)))
            snprintf(dir, n, "%s/mltui", xdg);
    } else if (home && home[0]) {
        n = strlen(home) + sizeof "/.cache/mltui";
        if ((dir = malloc(n)))
            snprintf(dir, n, "%s/.cache/mltui", home);
    } else {
        return NULL;
    }
    return dir;
}

static void remove_db_files(const char *path)
{
    static const char *const suffix[] = { "", "-wal", "-shm", "-journal" };
    char   buf[4096];
    size_t i;

    for (i = 0; i < sizeof suffix / sizeof *suffix; i++) {
        if ((size_t)snprintf(buf, sizeof buf, "%s%s", path, suffix[i]) < sizeof buf)
            unlink(buf);
    }
}

/* Creates path as an empty 0600 file unless a regular file is there already;
 * anything else at that name (a symlink, a folder) is refused. */
static int prepare_file(const char *path)
{
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    struct stat st;

    if (fd < 0)
        return -1;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()
        || fchmod(fd, 0600) < 0) {
        close(fd);
        return -1;
    }
    close(fd);
    return 0;
}

static int exec_sql(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static long pragma_int(sqlite3 *db, const char *sql, int *rc)
{
    sqlite3_stmt *st = NULL;
    long          v = -1;

    *rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
    if (*rc == SQLITE_OK) {
        *rc = sqlite3_step(st);
        if (*rc == SQLITE_ROW) {
            v = (long)sqlite3_column_int64(st, 0);
            *rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return v;
}

enum { CHECK_OURS, CHECK_EMPTY, CHECK_FOREIGN, CHECK_DAMAGED };

/* What the open file is: ours, a new empty file, someone else's, or damaged. */
static int check_db(sqlite3 *db)
{
    int  rc;
    long app = pragma_int(db, "PRAGMA application_id", &rc);
    long ver, tables, cols;

    if (rc != SQLITE_OK)
        return CHECK_DAMAGED;
    tables = pragma_int(db, "SELECT count(*) FROM sqlite_master", &rc);
    if (rc != SQLITE_OK)
        return CHECK_DAMAGED;
    if (app == 0 && tables == 0)
        return CHECK_EMPTY;
    if (app != CACHE_APP_ID)
        return CHECK_FOREIGN;
    ver = pragma_int(db, "PRAGMA user_version", &rc);
    if (rc != SQLITE_OK)
        return CHECK_DAMAGED;
    if (ver != CACHE_VERSION)
        return CHECK_FOREIGN;
    cols = pragma_int(db, "SELECT (SELECT count(*) FROM pragma_table_info('entries') WHERE name "
                          "IN ('id','server','kind','key','saved_ms','used_ms','bytes','sum')) + "
                          "(SELECT count(*) FROM pragma_table_info('blobs') WHERE name IN "
                          "('id','data'))",
                      &rc);
    if (rc != SQLITE_OK)
        return CHECK_DAMAGED;
    if (cols != 10)
        return CHECK_FOREIGN;
    /* quick_check reads every page: cheap next to a network load, and it is
     * what tells a torn or overwritten file from a good one. */
    {
        sqlite3_stmt *st = NULL;
        int ok = 0;

        if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) == SQLITE_OK
            && sqlite3_step(st) == SQLITE_ROW) {
            const unsigned char *t = sqlite3_column_text(st, 0);

            ok = t && strcmp((const char *)t, "ok") == 0;
        }
        sqlite3_finalize(st);
        if (!ok)
            return CHECK_DAMAGED;
    }
    return CHECK_OURS;
}

/* The blobs live apart from their bookkeeping so that marking an entry used
 * rewrites a small row, not 90 MB; 64 KiB pages keep a large blob's overflow
 * chain short. */
static const char SCHEMA[] =
    "PRAGMA page_size = 65536;"
    "PRAGMA auto_vacuum = INCREMENTAL;"
    "CREATE TABLE entries ("
    "  id       INTEGER PRIMARY KEY,"
    "  server   TEXT NOT NULL,"
    "  kind     TEXT NOT NULL,"
    "  key      TEXT NOT NULL,"
    "  saved_ms INTEGER NOT NULL,"
    "  used_ms  INTEGER NOT NULL,"
    "  bytes    INTEGER NOT NULL,"
    "  sum      INTEGER NOT NULL,"
    "  UNIQUE (server, kind, key));"
    "CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL);";

static sqlite3 *open_db(const char *path)
{
    sqlite3 *db = NULL;

    if (prepare_file(path) < 0)
        return NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL)
        != SQLITE_OK) {
        sqlite3_close(db);
        return NULL;
    }
    sqlite3_busy_timeout(db, 2000);
    return db;
}

Cache *cache_open(const char *dir, size_t max_bytes, char *note, size_t note_size)
{
    Cache *c = calloc(1, sizeof *c);
    char  *d = NULL;
    size_t n;
    int    kind, attempt;

    note_set(note, note_size, "%s", "");
    if (!c)
        goto fail;
    d = dir ? strdup(dir) : default_dir();
    if (!d) {
        note_set(note, note_size, "No cache: neither $XDG_CACHE_HOME nor $HOME is set");
        goto fail;
    }
    if (mkdir_parents(d, 0700) < 0 || chmod(d, 0700) < 0) {
        note_set(note, note_size, "No cache: cannot make the folder %s (%s)", d, strerror(errno));
        goto fail;
    }
    n = strlen(d) + sizeof "/cache.sqlite";
    c->path = malloc(n);
    if (!c->path)
        goto fail;
    snprintf(c->path, n, "%s/cache.sqlite", d);
    c->max_bytes = max_bytes ? max_bytes : CACHE_DEFAULT_MAX_BYTES;

    for (attempt = 0; attempt < 2; attempt++) {
        c->db = open_db(c->path);
        if (!c->db) {
            if (attempt == 0) {
                /* Not a regular file of ours (a symlink, a folder): take the name back. */
                remove_db_files(c->path);
                note_set(note, note_size, "Discarded a file that is not mltui's cache (%s)",
                         c->path);
                continue;
            }
            break;
        }
        kind = check_db(c->db);
        if (kind == CHECK_OURS)
            break;
        if (kind == CHECK_EMPTY) {
            char ids[96];

            snprintf(ids, sizeof ids, "PRAGMA application_id = %d; PRAGMA user_version = %d;",
                     CACHE_APP_ID, CACHE_VERSION);
            if (exec_sql(c->db, SCHEMA) == 0 && exec_sql(c->db, ids) == 0)
                break;
            kind = CHECK_DAMAGED;
        }
        sqlite3_close(c->db);
        c->db = NULL;
        remove_db_files(c->path);
        note_set(note, note_size, "Discarded %s (%s)",
                 kind == CHECK_FOREIGN ? "a file that is not mltui's cache" : "a damaged cache file",
                 c->path);
    }
    if (!c->db) {
        note_set(note, note_size, "No cache: cannot open %s", c->path);
        goto fail;
    }
    /* WAL lets a second mltui read while one writes; failing that, the default journal is fine. */
    exec_sql(c->db, "PRAGMA journal_mode = WAL");
    exec_sql(c->db, "PRAGMA mmap_size = 268435456");
    free(d);
    return c;
fail:
    free(d);
    cache_close(c);
    return NULL;
}

void cache_close(Cache *c)
{
    if (!c)
        return;
    sqlite3_close(c->db);
    free(c->path);
    free(c);
}

const char *cache_path(const Cache *c)
{
    return c->path;
}

static int bind_key(sqlite3_stmt *st, int first, const char *server, const char *kind,
                    const char *key)
{
    return sqlite3_bind_text(st, first, server, -1, SQLITE_TRANSIENT) == SQLITE_OK
                   && sqlite3_bind_text(st, first + 1, kind, -1, SQLITE_TRANSIENT) == SQLITE_OK
                   && sqlite3_bind_text(st, first + 2, key, -1, SQLITE_TRANSIENT) == SQLITE_OK
               ? 0
               : -1;
}

static int delete_id(Cache *c, sqlite3_int64 id)
{
    sqlite3_stmt *st = NULL;
    int           ok = 0;

    if (sqlite3_prepare_v2(c->db, "DELETE FROM entries WHERE id = ?1", -1, &st, NULL)
            == SQLITE_OK
        && sqlite3_bind_int64(st, 1, id) == SQLITE_OK && sqlite3_step(st) == SQLITE_DONE) {
        sqlite3_finalize(st);
        st = NULL;
        ok = sqlite3_prepare_v2(c->db, "DELETE FROM blobs WHERE id = ?1", -1, &st, NULL)
                     == SQLITE_OK
             && sqlite3_bind_int64(st, 1, id) == SQLITE_OK && sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return ok ? 0 : -1;
}

static void delete_entry(Cache *c, const char *server, const char *kind, const char *key)
{
    sqlite3_stmt *st = NULL;
    sqlite3_int64 id = -1;

    if (sqlite3_prepare_v2(c->db, "SELECT id FROM entries WHERE server = ?1 AND kind = ?2 AND "
                                  "key = ?3", -1, &st, NULL) == SQLITE_OK
        && bind_key(st, 1, server, kind, key) == 0 && sqlite3_step(st) == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (id >= 0)
        delete_id(c, id);
}

/* Deletes least recently used entries (never the one just written) until the
 * total is within the limit. */
static void evict(Cache *c, const char *server, const char *kind, const char *key)
{
    sqlite3_stmt *sum = NULL, *lru = NULL;
    int           rc;

    if (sqlite3_prepare_v2(c->db, "SELECT coalesce(sum(bytes), 0) FROM entries", -1, &sum, NULL)
            != SQLITE_OK
        || sqlite3_prepare_v2(c->db,
                              "SELECT id FROM entries WHERE NOT (server = ?1 AND "
                              "kind = ?2 AND key = ?3) ORDER BY used_ms ASC LIMIT 1",
                              -1, &lru, NULL) != SQLITE_OK
        || bind_key(lru, 1, server, kind, key) < 0)
        goto out;
    for (;;) {
        sqlite3_int64 total;

        sqlite3_reset(sum);
        if (sqlite3_step(sum) != SQLITE_ROW)
            break;
        total = sqlite3_column_int64(sum, 0);
        if (total <= (sqlite3_int64)c->max_bytes)
            break;
        sqlite3_reset(lru);
        rc = sqlite3_step(lru);
        if (rc != SQLITE_ROW)
            break;
        if (delete_id(c, sqlite3_column_int64(lru, 0)) < 0)
            break;
    }
    exec_sql(c->db, "PRAGMA incremental_vacuum");
out:
    sqlite3_finalize(sum);
    sqlite3_finalize(lru);
}

int cache_put(Cache *c, const char *server, const char *kind, const char *key,
              const void *data, size_t len, int64_t now_ms)
{
    sqlite3_stmt *st = NULL;
    int           ok = 0;

    if (!c || len > c->max_bytes || len > (size_t)INT32_MAX)
        return -1;
    if (exec_sql(c->db, "BEGIN IMMEDIATE") < 0)
        return -1;
    delete_entry(c, server, kind, key);
    if (sqlite3_prepare_v2(c->db,
                           "INSERT INTO entries (server, kind, key, saved_ms, used_ms, bytes, "
                           "sum) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6)", -1, &st, NULL) != SQLITE_OK
        || bind_key(st, 1, server, kind, key) < 0
        || sqlite3_bind_int64(st, 4, now_ms) != SQLITE_OK
        || sqlite3_bind_int64(st, 5, (sqlite3_int64)len) != SQLITE_OK
        || sqlite3_bind_int64(st, 6, (sqlite3_int64)checksum(data, len)) != SQLITE_OK
        || sqlite3_step(st) != SQLITE_DONE)
        goto out;
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(c->db, "INSERT INTO blobs (id, data) VALUES (?1, ?2)", -1, &st, NULL)
            != SQLITE_OK
        || sqlite3_bind_int64(st, 1, sqlite3_last_insert_rowid(c->db)) != SQLITE_OK
        || sqlite3_bind_blob(st, 2, data, (int)len, SQLITE_STATIC) != SQLITE_OK
        || sqlite3_step(st) != SQLITE_DONE)
        goto out;
    ok = 1;
out:
    sqlite3_finalize(st);
    if (exec_sql(c->db, ok ? "COMMIT" : "ROLLBACK") < 0 && ok) {
        exec_sql(c->db, "ROLLBACK");
        ok = 0;
    }
    if (ok)
        evict(c, server, kind, key);
    return ok ? 0 : -1;
}

/* Looks the entry up and hands its bytes (checked against their sum) to
 * take, which returns what the caller gets, or NULL when it cannot use them;
 * the bytes are SQLite's and valid only during take. A damaged entry (sum
 * wrong, or take refusing it) is deleted: never trusted twice. */
static void *with_entry(Cache *c, const char *server, const char *kind, const char *key,
                        int64_t *saved_ms, int64_t now_ms,
                        void *(*take)(const void *data, size_t len, void *ctx), void *ctx)
{
    sqlite3_stmt *st = NULL;
    void         *res = NULL;
    int           damaged = 0;

    if (!c)
        return NULL;
    if (sqlite3_prepare_v2(c->db, "SELECT e.saved_ms, e.bytes, e.sum, b.data FROM entries e "
                                  "JOIN blobs b ON b.id = e.id WHERE e.server = ?1 AND "
                                  "e.kind = ?2 AND e.key = ?3", -1, &st, NULL)
            != SQLITE_OK
        || bind_key(st, 1, server, kind, key) < 0)
        goto out;
    if (sqlite3_step(st) == SQLITE_ROW) {
        const void   *b = sqlite3_column_blob(st, 3);
        sqlite3_int64 n = sqlite3_column_bytes(st, 3);

        if (n <= 0 || n != sqlite3_column_int64(st, 1) || !b
            || (sqlite3_int64)checksum(b, (size_t)n) != sqlite3_column_int64(st, 2)) {
            damaged = 1;
            goto out;
        }
        res = take(b, (size_t)n, ctx);
        if (!res) {
            damaged = 1;
            goto out;
        }
        if (saved_ms)
            *saved_ms = sqlite3_column_int64(st, 0);
    }
out:
    sqlite3_finalize(st);
    if (damaged)
        delete_entry(c, server, kind, key);
    if (res) {
        st = NULL;
        if (sqlite3_prepare_v2(c->db, "UPDATE entries SET used_ms = ?4 WHERE server = ?1 AND "
                                      "kind = ?2 AND key = ?3", -1, &st, NULL) == SQLITE_OK
            && bind_key(st, 1, server, kind, key) == 0
            && sqlite3_bind_int64(st, 4, now_ms) == SQLITE_OK)
            sqlite3_step(st);
        sqlite3_finalize(st);
    }
    return res;
}

static void *take_copy(const void *data, size_t len, void *ctx)
{
    void *p = malloc(len);

    if (p) {
        memcpy(p, data, len);
        *(size_t *)ctx = len;
    }
    return p;
}

void *cache_get(Cache *c, const char *server, const char *kind, const char *key,
                size_t *len, int64_t *saved_ms, int64_t now_ms)
{
    return with_entry(c, server, kind, key, saved_ms, now_ms, take_copy, len);
}

long cache_clear(Cache *c)
{
    long n;

    if (!c || exec_sql(c->db, "DELETE FROM entries") < 0)
        return -1;
    n = (long)sqlite3_changes(c->db);
    if (exec_sql(c->db, "DELETE FROM blobs") < 0)
        return -1;
    exec_sql(c->db, "PRAGMA incremental_vacuum");
    return n;
}

int cache_usage(Cache *c, size_t *bytes, size_t *entries)
{
    sqlite3_stmt *st = NULL;
    int           ok = 0;

    if (c && sqlite3_prepare_v2(c->db, "SELECT coalesce(sum(bytes), 0), count(*) FROM entries",
                                -1, &st, NULL) == SQLITE_OK
        && sqlite3_step(st) == SQLITE_ROW) {
        *bytes = (size_t)sqlite3_column_int64(st, 0);
        *entries = (size_t)sqlite3_column_int64(st, 1);
        ok = 1;
    }
    sqlite3_finalize(st);
    return ok ? 0 : -1;
}

int cache_put_runs(Cache *c, const char *server, const char *experiment_id, const RunSet *rs,
                   int64_t now_ms)
{
    size_t         len = 0;
    unsigned char *blob = runblob_encode(rs, &len);
    int            rc;

    if (!blob)
        return -1;
    rc = cache_put(c, server, "runs", experiment_id, blob, len, now_ms);
    free(blob);
    return rc;
}

static void *take_runs(const void *data, size_t len, void *ctx)
{
    (void)ctx;
    return runblob_decode(data, len);
}

RunSet *cache_get_runs(Cache *c, const char *server, const char *experiment_id,
                       int64_t *saved_ms, int64_t now_ms)
{
    return with_entry(c, server, "runs", experiment_id, saved_ms, now_ms, take_runs, NULL);
}

char *cache_server_key(const char *url)
{
    const char *p = url, *host, *end, *at;
    char       *out;
    size_t      n, scheme_len;

    if (!url)
        return NULL;
    p = strstr(url, "://");
    scheme_len = p ? (size_t)(p - url) + 3 : 0;
    host = url + scheme_len;
    end = host + strcspn(host, "?#");
    /* userinfo ends at the last '@' before the path */
    at = NULL;
    for (p = host; p < end && *p != '/'; p++)
        if (*p == '@')
            at = p;
    if (at)
        host = at + 1;
    while (end > host && end[-1] == '/')
        end--;
    n = scheme_len + (size_t)(end - host);
    out = malloc(n + 1);
    if (!out)
        return NULL;
    memcpy(out, url, scheme_len);
    memcpy(out + scheme_len, host, (size_t)(end - host));
    out[n] = '\0';
    return out;
}
