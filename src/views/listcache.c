/* listcache.c — see listcache.h. */
#include "views/listcache.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/format.h"

void listcache_load(ListCache *lc, View *v, App *app, int tag, const char *kind,
                    const char *key, bool shown)
{
    lc->server_seen = false;
    lc->started = app_now_ms();
    if (key && !shown && !lc->from_cache)
        api_cache_list(app_api(app), v->id, v->gen, tag, kind, key);
}

const char *listcache_json(const ListCache *lc, const ApiResult *r, bool shown, size_t *len)
{
    if (!r->cached || !r->body || !r->body_len || lc->server_seen || shown)
        return NULL;
    *len = r->body_len;
    return r->body;
}

void listcache_shown(ListCache *lc, const ApiResult *r)
{
    lc->from_cache = true;
    lc->cached_ms = r->cached_ms;
}

void listcache_server(ListCache *lc)
{
    lc->server_seen = true;
    lc->from_cache = false;
}

void listcache_state(const ListCache *lc, bool loading, char *buf, size_t size)
{
    char ago[32];

    if (!lc->from_cache) {
        buf[0] = '\0';
        return;
    }
    fmt_ago(lc->cached_ms, app_now_ms(), ago, sizeof ago);
    snprintf(buf, size, "  cached %s%s", ago, loading ? " · refreshing" : " · not refreshed");
}

static long find_key(const ListItems *l, const char *key)
{
    for (size_t i = 0; key && i < l->n; i++) {
        const char *k = l->key(l->list, i);

        if (k && strcmp(k, key) == 0)
            return (long)i;
    }
    return -1;
}

ListDiff listcache_diff(const ListItems *old, const ListItems *got)
{
    ListDiff d = { 0, 0, 0 };

    for (size_t i = 0; i < got->n; i++) {
        long  o = find_key(old, got->key(got->list, i));
        char *a, *b;

        if (o < 0) {
            d.added++;
            continue;
        }
        a = old->print(old->list, (size_t)o);
        b = got->print(got->list, i);
        if (!a || !b || strcmp(a, b) != 0)
            d.changed++;
        free(a);
        free(b);
    }
    for (size_t i = 0; i < old->n; i++)
        if (find_key(got, old->key(old->list, i)) < 0)
            d.gone++;
    return d;
}

void listcache_report(ListCache *lc, App *app, const char *what, ListDiff d)
{
    char a[32], c[32], g[32];

    fmt_count(d.added, a, sizeof a);
    fmt_count(d.changed, c, sizeof c);
    fmt_count(d.gone, g, sizeof g);
    app_message(app, "%s refreshed from the server in %.1fs: %s new, %s changed, %s gone", what,
                (double)(app_now_ms() - lc->started) / 1000.0, a, c, g);
}

void listcache_keep_line(Table *t, size_t old_cursor, size_t old_top, long row, size_t n_rows)
{
    size_t line = old_cursor >= old_top ? old_cursor - old_top : 0;

    if (row >= 0 && (size_t)row < n_rows) {
        t->cursor = (size_t)row;
        /* A list that fits is shown whole (no row hidden above the top). */
        t->top = t->page > 0 && n_rows <= (size_t)t->page ? 0
               : t->cursor >= line ? t->cursor - line : 0;
    } else if (n_rows == 0) {
        t->cursor = t->top = 0;
    } else if (t->cursor >= n_rows) {
        t->cursor = n_rows - 1;
    }
}
