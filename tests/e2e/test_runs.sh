# shellcheck shell=bash
# The first user story end to end: open Hazardous_NEOs, sort by f1, read the
# best run's details; plus the runs table's filters, columns and failures.

# Screen lines: 1 title, 2 experiment info, 3 column headers, 4 first run.

test_runs_sort_f1_by_command_opens_best_forest() {
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys : ; e2e_type "sort f1 desc"; e2e_keys Enter
    e2e_wait_for "sort: metrics.f1 desc"
    e2e_assert_line_matches 4 '^  big-skink-198 '
    e2e_assert_line_matches 5 '^  chill-seal-447 '
    e2e_keys Enter
    e2e_wait_for "Parameters (21)"
    e2e_assert_line_matches 1 'Hazardous_NEOs › big-skink-198'
    e2e_keys Tab Tab Tab
    e2e_wait_match '^  n_estimators +10000 *$'
    e2e_keys Tab Tab Tab Tab
    e2e_keys g
    # Metrics section: f1 of the best forest is 1.
    e2e_keys Tab Tab
    e2e_wait_match '^  f1 +1 *$'
}

test_runs_sort_key_on_column_and_reverse() {
    e2e_start_mltui 150x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    # Columns: Name Status Start Duration User Source Model f1 ...: move to f1.
    e2e_keys l l l l l l l
    e2e_keys s
    e2e_wait_for "sort: metrics.f1 desc"
    e2e_assert_line_matches 3 'f1▼'
    e2e_assert_line_matches 4 '^  big-skink-198 '
    e2e_keys S
    e2e_wait_for "sort: metrics.f1 asc"
    e2e_assert_line_matches 3 'f1▲'
    # Ascending: smallest f1 first (0), NaN/missing never first.
    e2e_assert_line_matches 4 ' 0 +[0-9.]+ '
}

test_runs_sort_by_param_as_number() {
    e2e_start_mltui 160x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys : ; e2e_type "sort params.n_estimators desc"; e2e_keys Enter
    e2e_wait_for "sort: params.n_estimators desc"
    # 10000 > 1000 > 100 > 10 numerically (as strings "100" < "1000" < "10000" too,
    # but "10" < "100"; KNN runs have no n_estimators and go last).
    e2e_assert_line_matches 4 '^  big-skink-198 '
    e2e_assert_line_matches 5 '^  chill-seal-447 '
    e2e_assert_line_matches 6 '^  salty-stork-902 '
    e2e_assert_line_matches 7 '^  honorable-cub-563 '
}

test_runs_server_filter_and_rejected_filter() {
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys f
    e2e_wait_for "filter (MLflow syntax"
    e2e_type "metrics.f1 > 0.9"; e2e_keys Enter
    e2e_wait_for "8/8 runs"
    e2e_assert_screen_has "filter: metrics.f1 > 0.9"
    # A filter the server rejects: its message shows, the table stays.
    e2e_keys : ; e2e_type "filter metrics.f1 >> 1"; e2e_keys Enter
    e2e_wait_for "Filter rejected"
    e2e_assert_screen_has "Invalid comparator"
    e2e_assert_screen_has "8/8 runs"
    e2e_alive
}

test_runs_quick_search_and_clear() {
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys /
    e2e_type "h2o"; e2e_keys Enter
    e2e_wait_for "11/34 runs"
    e2e_assert_screen_lacks "big-skink-198"
    e2e_keys Escape
    e2e_wait_for "34/34 runs"
}

test_runs_lifecycle_all_shows_deleted_run() {
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys d
    e2e_wait_for "[deleted]"
    e2e_wait_for "1/1 runs"
    e2e_keys d
    e2e_wait_for "35/35 runs"
    e2e_assert_screen_has "[all]"
}

test_runs_column_chooser_hides_and_restores() {
    e2e_start_mltui 150x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_assert_line_matches 3 ' Source '
    e2e_keys C
    e2e_wait_for "Column (Space shows/hides"
    # Shown columns: status, start, duration, user, source: hide source.
    e2e_keys j j j j Space
    e2e_keys q
    e2e_wait_for "34/34 runs"
    if e2e_line 3 | grep -q ' Source '; then e2e_fail "Source still shown"; fi
    e2e_keys : ; e2e_type "columns"; e2e_keys Enter
    e2e_wait_for "Column (Space shows/hides"
    e2e_keys G Space q
    e2e_wait_for "34/34 runs"
}

test_runs_help_lists_keys_from_key_map() {
    e2e_start_mltui 120x45 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys '?'
    e2e_wait_for "Keys: runs"
    e2e_assert_screen_has "Sort by the column under the cursor"
    e2e_assert_screen_has ":sort"
    e2e_keys q
    e2e_wait_for "34/34 runs"
}

test_runs_command_completion() {
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys : ; e2e_type "so"; e2e_keys Tab
    e2e_wait_match '^:sort'
    # A single candidate is completed with a space after it.
    e2e_type "n_est"; e2e_keys Tab
    e2e_wait_match '^:sort params.n_estimators'
    e2e_type "desc"; e2e_keys Enter
    e2e_wait_for "sort: params.n_estimators desc"
    e2e_assert_line_matches 4 '^  big-skink-198 '
}

test_runs_resize_small_and_back() {
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_resize 50 15
    e2e_wait_for "34/34 runs"
    e2e_assert_line_matches 4 '^  smiling-ant-659'
    e2e_resize 30 6
    e2e_wait_for "too small"
    e2e_resize 120 40
    e2e_wait_for "34/34 runs"
    e2e_alive
}

test_runs_server_stopped_mid_session() {
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_server_stop
    e2e_keys r
    e2e_wait_for "Cannot connect" 10
    # The data already on screen stays, and the program keeps going.
    e2e_assert_screen_has "smiling-ant-659"
    e2e_alive
    e2e_keys Enter
    e2e_wait_for "Run ID"
    e2e_alive
}

test_runs_experiments_list_opens_experiment() {
    e2e_start_mltui 120x40
    e2e_wait_for "Hazardous_NEOs" 10
    e2e_assert_screen_has "NEO_baselines"
    e2e_keys /
    e2e_type "baselines"; e2e_keys Enter
    e2e_wait_for "1/3 shown"
    e2e_keys Enter
    e2e_wait_for "3/3 runs"
    e2e_keys q
    e2e_wait_for "Experiments"
}

test_runs_hidden_column_stays_hidden_after_new_filter() {
    e2e_start_mltui 150x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys C
    e2e_wait_for "Column (Space shows/hides"
    e2e_keys j j j j Space q
    e2e_wait_for "34/34 runs"
    if e2e_line 3 | grep -q ' Source '; then e2e_fail "Source still shown"; fi
    e2e_keys : ; e2e_type "filter metrics.f1 > 0.9"; e2e_keys Enter
    e2e_wait_for "8/8 runs"
    if e2e_line 3 | grep -q ' Source '; then e2e_fail "Source came back after the filter"; fi
    e2e_assert_line_matches 3 ' User '
}

# Narrow terminals: the attribute columns needed least start hidden so the
# metrics are on screen (80 columns: no source, user or duration; f1 shown).
test_runs_narrow_terminal_shows_metrics_first() {
    e2e_start_mltui 80x24 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_assert_line_matches 3 ' f1 '
    if e2e_line 3 | grep -qE ' (Source|User|Duration) '; then e2e_fail "wide columns shown"; fi
    e2e_keys Q
    e2e_wait_exit >/dev/null
}
