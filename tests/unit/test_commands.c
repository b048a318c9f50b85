/* test_commands.c — the `:` command table (core/commands.h) against the
 * screen table (views/viewtab.h): every command has help, a runner, and a
 * handler on every screen its scope names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/commands.h"
#include "views/viewtab.h"

/* The screens whose ops->name is name (VIEW_VERSIONS and VIEW_RUN_VERSIONS
 * share one). Returns how many; sets *ops to the last. */
static int screens_named(const char *name, const ViewOps **ops)
{
    int n = 0;
    for (int k = 0; k < VIEW__COUNT; k++) {
        const ViewOps *o = view_kind_ops((ViewKind)k);
        if (o && strcmp(o->name, name) == 0) {
            *ops = o;
            n++;
        }
    }
    return n;
}

static bool offers(const ViewOps *o, Action a)
{
    for (const Action *p = o->actions; p && *p != ACT_NONE; p++)
        if (*p == a)
            return true;
    return false;
}

static void every_command_has_help_and_a_name(void **state)
{
    (void)state;
    for (size_t i = 0; i < CMD__COUNT; i++) {
        const Command *c = &commands[i];
        assert_int_equal(c->id, i);
        assert_non_null(c->name);
        assert_true(c->name[0] != '\0');
        assert_non_null(c->help);
        if (c->help[0] == '\0')
            fail_msg(":%s has no help text", c->name);
        assert_non_null(c->args);
        assert_non_null(c->aliases);
    }
}

static void names_and_aliases_are_unique(void **state)
{
    (void)state;
    for (size_t i = 0; i < CMD__COUNT; i++) {
        /* Looking a command up by its own name finds it, not another row. */
        assert_ptr_equal(command_find(commands[i].name), &commands[i]);
        char aliases[64];
        snprintf(aliases, sizeof aliases, "%s", commands[i].aliases);
        for (char *w = strtok(aliases, " "); w; w = strtok(NULL, " "))
            assert_ptr_equal(command_find(w), &commands[i]);
    }
    assert_string_equal(command_find("q")->name, "quit");
    assert_string_equal(command_find("q!")->name, "quit");
    assert_string_equal(command_find("exp")->name, "experiment");
    assert_string_equal(command_find("colour")->name, "color");
    assert_null(command_find("nonsense"));
    assert_null(command_find(""));
}

static void every_scoped_command_has_a_handler_on_each_screen_of_its_scope(void **state)
{
    (void)state;
    for (size_t i = 0; i < CMD__COUNT; i++) {
        const Command *c = &commands[i];
        char scope[128];
        int screens = 0, completers = 0;

        if (c->runner != RUN_VIEW) {
            if (c->scope[0])
                fail_msg(":%s is global but names a scope", c->name);
            continue;
        }
        snprintf(scope, sizeof scope, "%s", c->scope);
        for (char *w = strtok(scope, " "); w; w = strtok(NULL, " ")) {
            const ViewOps *o = NULL;
            if (screens_named(w, &o) == 0)
                fail_msg(":%s names scope %s, which no screen has", c->name, w);
            if (!o->command)
                fail_msg(":%s: screen %s has no command handler", c->name, w);
            completers += o->complete != NULL;
            assert_true(command_in_scope(c, w));
            screens++;
        }
        if (screens == 0)
            fail_msg(":%s runs on a screen but names none", c->name);
        if (c->complete == ARGS_VIEW && completers == 0)
            fail_msg(":%s completes from its screens, and none of them completes", c->name);
    }
}

static void action_commands_name_an_action_some_screen_offers(void **state)
{
    (void)state;
    for (size_t i = 0; i < CMD__COUNT; i++) {
        const Command *c = &commands[i];
        bool somewhere = false;
        if (c->runner != RUN_ACTION) {
            assert_int_equal(c->action, ACT_NONE);
            continue;
        }
        assert_int_not_equal(c->action, ACT_NONE);
        for (int k = 0; k < VIEW__COUNT; k++)
            somewhere |= offers(view_kind_ops((ViewKind)k), c->action);
        if (!somewhere)
            fail_msg(":%s performs %s, which no screen offers", c->name, action_name(c->action));
    }
}

static void writes_are_marked_in_the_table(void **state)
{
    static const char *const writes[] = { "stage", "alias", "unalias", "register", "tag",
                                          "untag", "describe", "rename", "delete", "restore" };
    size_t n = 0;
    (void)state;
    for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++)
        assert_true(command_writes(writes[i]));
    for (size_t i = 0; i < CMD__COUNT; i++)
        n += commands[i].writes;
    assert_int_equal(n, sizeof writes / sizeof writes[0]);
    assert_false(command_writes("sort"));
    assert_false(command_writes("nonsense"));
}

static void scope_matches_whole_words_only(void **state)
{
    const Command *stage = command_find("stage");
    (void)state;
    assert_true(command_in_scope(stage, "versions"));
    assert_true(command_in_scope(stage, "version"));
    assert_false(command_in_scope(stage, "vers"));
    assert_false(command_in_scope(stage, "runs"));
    assert_false(command_in_scope(command_find("quit"), "runs"));
}

static void every_screen_kind_has_ops_with_a_name_and_draw(void **state)
{
    (void)state;
    for (int k = 0; k < VIEW__COUNT; k++) {
        const ViewOps *o = view_kind_ops((ViewKind)k);
        assert_non_null(o);
        assert_non_null(o->name);
        assert_non_null(o->draw);
        assert_non_null(o->handle);
        assert_non_null(o->destroy);
    }
    assert_null(view_kind_ops(VIEW__COUNT));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_command_has_help_and_a_name),
        cmocka_unit_test(names_and_aliases_are_unique),
        cmocka_unit_test(every_scoped_command_has_a_handler_on_each_screen_of_its_scope),
        cmocka_unit_test(action_commands_name_an_action_some_screen_offers),
        cmocka_unit_test(writes_are_marked_in_the_table),
        cmocka_unit_test(scope_matches_whole_words_only),
        cmocka_unit_test(every_screen_kind_has_ops_with_a_name_and_draw),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
