# shellcheck shell=bash
# `:` commands come from one table (src/core/commands.h): Tab after ':' offers
# exactly the commands that would run on the screens open now, the help screen
# lists them with their help text, and a command that does not run here says so.

# The candidates Tab lists on the status line ("[quit] help theme ..."), one a line.
e2e__tab_list() {
    e2e_line -2 | tr -d '[]' | tr -s ' ' '\n' | sed '/^$/d'
}

test_commands_completion_on_experiments_offers_only_what_runs_there() {
    e2e_start_mltui 160x30
    e2e_wait_for "Hazardous_NEOs" 10
    e2e_keys : Tab
    e2e_wait_match '\[quit\]'
    got=$(e2e__tab_list | tr '\n' ' ')
    want="quit help theme images experiment experiments messages models model cache reload search lifecycle "
    [ "$got" = "$want" ] || e2e_fail "experiments offer: '$got', want '$want'"
    e2e_keys Escape
}

test_commands_completion_on_runs_adds_the_runs_commands_and_no_others() {
    e2e_start_mltui 220x30 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys : Tab
    e2e_wait_match '\[quit\]'
    got=$(e2e__tab_list | tr '\n' ' ')
    want="quit help theme images experiment experiments messages models model cache reload search filter lifecycle watch sort columns mark logged-models compare parallel scatter history tag untag delete restore "
    [ "$got" = "$want" ] || e2e_fail "runs offer: '$got', want '$want'"
}

test_commands_read_only_offers_no_write() {
    e2e_start_mltui 220x30 --read-only --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys : Tab
    e2e_wait_match '\[quit\]'
    got=$(e2e__tab_list | tr '\n' ' ')
    want="quit help theme images experiment experiments messages models model cache reload search filter lifecycle watch sort columns mark logged-models compare parallel scatter history "
    [ "$got" = "$want" ] || e2e_fail "read-only runs offer: '$got', want '$want'"
}

test_commands_reload_is_offered_only_where_it_runs() {
    e2e_start_mltui 160x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    # The help screen cannot reload: :reload is neither offered nor run there.
    e2e_keys '?'
    e2e_wait_for "Keys: runs"
    e2e_keys : ; e2e_type "rel"; e2e_keys Tab
    e2e_wait_for "No completions"
    e2e_keys C-u; e2e_type "reload"; e2e_keys Enter
    e2e_wait_for "No :reload here"
    # On the runs table it runs.
    e2e_keys q
    e2e_wait_for "34/34 runs"
    e2e_keys : ; e2e_type "reload"; e2e_keys Enter
    e2e_wait_for "34/34 runs"
    e2e_assert_screen_lacks "No :reload here"
    e2e_assert_screen_lacks "Unknown command"
}

test_commands_help_lists_every_offered_command_with_its_help() {
    e2e_start_mltui 160x60 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys j Enter
    e2e_wait_for "Parameters"
    e2e_keys '?'
    e2e_wait_for "Keys: run"
    e2e_keys G
    # The run's own commands with argument syntax and help, then the runs
    # table's below it (they run from here too), then the global ones.
    e2e_wait_for ":rename NAME"
    e2e_assert_screen_has "Rename the run"
    e2e_assert_screen_has ":artifacts"
    e2e_assert_screen_has ":mark all|none|top N"
    e2e_assert_screen_has "Compare the marked runs"
    e2e_assert_screen_has ":theme NAME"
    e2e_assert_screen_lacks ":stage"
    e2e_assert_screen_lacks ":download"
}
