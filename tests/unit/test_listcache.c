/* test_listcache.c — what a list screen shown from the cache does when the
 * server's list arrives (views/listcache.c): what changed, item by item, and
 * where the cursor goes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "views/listcache.h"

/* A list of "key=value" strings: known by the key, compared whole. */
typedef struct Pairs {
    const char *const *items;
    char               keys[8][16];
} Pairs;

static const char *pair_key(const void *l, size_t i)
{
    Pairs *p = (Pairs *)l;

    snprintf(p->keys[i], sizeof p->keys[i], "%.*s", (int)strcspn(p->items[i], "="),
             p->items[i]);
    return p->keys[i];
}

static char *pair_print(const void *l, size_t i)
{
    const Pairs *p = l;

    return strstr(p->items[i], "=?") ? NULL : strdup(p->items[i]);   /* "=?": no print */
}

static ListDiff diff(const char *const *a, size_t na, const char *const *b, size_t nb)
{
    Pairs     pa = { .items = a }, pb = { .items = b };
    ListItems x = { &pa, na, pair_key, pair_print }, y = { &pb, nb, pair_key, pair_print };

    return listcache_diff(&x, &y);
}

static void diff_counts_new_changed_and_gone_items(void **state)
{
    static const char *const old[] = { "a=1", "b=2", "c=3", "d=4" };
    static const char *const got[] = { "e=5", "a=1", "c=30", "d=4", "f=6" };
    ListDiff d;

    (void)state;
    d = diff(old, 4, got, 5);
    assert_int_equal(d.added, 2);      /* e, f */
    assert_int_equal(d.changed, 1);    /* c */
    assert_int_equal(d.gone, 1);       /* b */
    d = diff(old, 4, old, 4);
    assert_int_equal(d.added + d.changed + d.gone, 0);
    d = diff(old, 0, got, 5);
    assert_int_equal(d.added, 5);
    d = diff(old, 4, got, 0);
    assert_int_equal(d.gone, 4);
}

static void diff_counts_an_item_without_a_print_as_changed(void **state)
{
    static const char *const old[] = { "a=1", "b=?" };
    static const char *const got[] = { "a=?", "b=?" };
    ListDiff d;

    (void)state;
    d = diff(old, 2, got, 2);
    assert_int_equal(d.changed, 2);
    assert_int_equal(d.added + d.gone, 0);
}

static void cursor_keeps_its_screen_line_unless_the_list_fits(void **state)
{
    Table t = { 0 };

    (void)state;
    /* 100 rows on a 20-row page; the cursor's item (was row 30, line 5) is now row 31. */
    t.page = 20;
    listcache_keep_line(&t, 30, 25, 31, 100);
    assert_int_equal(t.cursor, 31);
    assert_int_equal(t.top, 26);
    /* 10 rows fit: all shown, the cursor on its item. */
    t.cursor = 3;
    t.top = 1;
    listcache_keep_line(&t, 3, 1, 4, 10);
    assert_int_equal(t.cursor, 4);
    assert_int_equal(t.top, 0);
    /* The item is gone: the cursor stays where it was, within the rows. */
    t.page = 20;
    t.cursor = 50;
    t.top = 40;
    listcache_keep_line(&t, 50, 40, -1, 30);
    assert_int_equal(t.cursor, 29);
    /* Nothing left. */
    listcache_keep_line(&t, 29, 20, -1, 0);
    assert_int_equal(t.cursor, 0);
    assert_int_equal(t.top, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(diff_counts_new_changed_and_gone_items),
        cmocka_unit_test(diff_counts_an_item_without_a_print_as_changed),
        cmocka_unit_test(cursor_keeps_its_screen_line_unless_the_list_fits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
