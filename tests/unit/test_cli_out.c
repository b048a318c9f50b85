/* test_cli_out.c — the command line's output formats: table alignment, CSV
 * quoting, TSV separators, and JSON that keeps values but no raw controls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <cmocka.h>

#include "cli/out.h"

static char  *buf;
static size_t len;

static FILE *open_out(void)
{
    free(buf);
    buf = NULL;
    return open_memstream(&buf, &len);
}

static int utf8_locale(void **state)
{
    (void)state;
    return setlocale(LC_ALL, "C.UTF-8") ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(buf);
    buf = NULL;
    return 0;
}

/* A grid of 2 columns (name, f1 numeric) and the given rows. */
static void make(Grid *g, const char *const *cells, size_t rows)
{
    assert_int_equal(grid_init(g, 2), 0);
    grid_set_head(g, 0, "name", false, 10);
    grid_set_head(g, 1, "f1", true, 0);
    for (size_t r = 0; r < rows; r++) {
        assert_int_equal(grid_add_row(g), (long)r);
        grid_set(g, r, 0, cells[2 * r]);
        grid_set(g, r, 1, cells[2 * r + 1]);
    }
}

static void table_aligns_and_right_aligns_numbers(void **state)
{
    const char *cells[] = { "big-skink", "1", "x", "0.977" };
    Grid g;
    FILE *f = open_out();

    (void)state;
    make(&g, cells, 2);
    assert_int_equal(grid_write(&g, OUT_TABLE, false, f), 0);
    fclose(f);
    assert_string_equal(buf, "name          f1\n"
                             "big-skink      1\n"
                             "x          0.977\n");
    grid_free(&g);
}

static void table_cuts_long_values_and_shows_controls(void **state)
{
    const char *cells[] = { "abcdefghijklmnop", "", "\x1b[31mred", "" };
    Grid g;
    FILE *f = open_out();

    (void)state;
    make(&g, cells, 2);
    assert_int_equal(grid_write(&g, OUT_TABLE, true, f), 0);
    fclose(f);
    /* capped at 10 columns, no trailing blanks for the empty f1 */
    assert_string_equal(buf, "abcdefghi…\n^[[31mred\n");
    grid_free(&g);
}

static void csv_quotes_commas_quotes_and_edge_spaces(void **state)
{
    const char *cells[] = { "a,b", "1", "say \"hi\"", "2", " pad", "3", "plain", "4" };
    Grid g;
    FILE *f = open_out();

    (void)state;
    make(&g, cells, 4);
    assert_int_equal(grid_write(&g, OUT_CSV, false, f), 0);
    fclose(f);
    assert_string_equal(buf, "name,f1\r\n\"a,b\",1\r\n\"say \"\"hi\"\"\",2\r\n\" pad\",3\r\n"
                             "plain,4\r\n");
    grid_free(&g);
}

static void tsv_never_holds_a_separator_inside_a_field(void **state)
{
    const char *cells[] = { "tab\there", "1", "two\nlines", "2" };
    Grid g;
    FILE *f = open_out();

    (void)state;
    make(&g, cells, 2);
    assert_int_equal(grid_write(&g, OUT_TSV, true, f), 0);
    fclose(f);
    assert_string_equal(buf, "tab here\t1\ntwo\xe2\x86\xb5lines\t2\n");
    grid_free(&g);
}

static void json_escapes_controls_c1_and_bidi_inside_strings(void **state)
{
    FILE *f = open_out();

    (void)state;
    /* as cJSON prints: raw DEL, C1 CSI (U+009B), RLO (U+202E), a lone 0xff */
    assert_int_equal(out_json_text("{\"k\\\"\":\t\"a\x7f" "b\xc2\x9b" "c\xe2\x80\xae" "d\xff\"}", f), 0);
    fclose(f);
    assert_string_equal(buf, "{\"k\\\"\":\t\"a\\u007fb\\u009bc\\u202ed\\ufffd\"}");
}

static void json_keeps_plain_utf8_and_structure(void **state)
{
    cJSON *o = cJSON_CreateObject();
    FILE *f = open_out();

    (void)state;
    cJSON_AddStringToObject(o, "name", "名前\x1b");
    assert_int_equal(out_json(o, f), 0);
    fclose(f);
    cJSON *back = cJSON_Parse(buf);
    assert_non_null(back);
    assert_string_equal(cJSON_GetObjectItem(back, "name")->valuestring, "名前\x1b");
    assert_null(strchr(buf, '\x1b'));
    cJSON_Delete(back);
    cJSON_Delete(o);
}

static void format_names_parse(void **state)
{
    OutFormat f;

    (void)state;
    assert_true(out_format_parse("csv", &f));
    assert_int_equal(f, OUT_CSV);
    assert_true(out_format_parse("json", &f));
    assert_int_equal(f, OUT_JSON);
    assert_false(out_format_parse("yaml", &f));
    assert_false(out_format_parse(NULL, &f));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(table_aligns_and_right_aligns_numbers, teardown),
        cmocka_unit_test_teardown(table_cuts_long_values_and_shows_controls, teardown),
        cmocka_unit_test_teardown(csv_quotes_commas_quotes_and_edge_spaces, teardown),
        cmocka_unit_test_teardown(tsv_never_holds_a_separator_inside_a_field, teardown),
        cmocka_unit_test_teardown(json_escapes_controls_c1_and_bidi_inside_strings, teardown),
        cmocka_unit_test_teardown(json_keeps_plain_utf8_and_structure, teardown),
        cmocka_unit_test(format_names_parse),
    };
    return cmocka_run_group_tests(tests, utf8_locale, NULL);
}
