# shellcheck shell=bash
# Marking runs and comparing them side by side: the Hazardous_NEOs story of
# picking among the best forests by their params and metrics.

# Screen lines: 1 title, 2 info, 3 column headers, 4 first row.

compare__top4() {
    e2e_start_mltui "${1:-120x40}" --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys : ; e2e_type "sort f1 desc"; e2e_keys Enter
    e2e_wait_for "Sorted by metrics.f1 descending"
    e2e_keys : ; e2e_type "mark top 4"; e2e_keys Enter
    e2e_wait_for "34/34 runs, 4 marked"
}

test_compare_mark_top_4_by_command_marks_the_best_forests() {
    compare__top4
    e2e_assert_line_matches 4 '^\* big-skink-198 '
    e2e_assert_line_matches 7 '^\* honorable-cub-563 '
    e2e_assert_line_matches 8 '^  sound-perch-614 '
}

test_compare_marked_runs_are_column_headers() {
    compare__top4
    e2e_keys c
    e2e_wait_for "Compare 4 runs"
    e2e_assert_line_matches 3 'big-skink-198 +chill-seal-447 +salty-stork-902 +honorable-cub-563'
    e2e_assert_screen_lacks "sound-perch-614"
    e2e_assert_line_matches 1 'compare 4 runs'
}

test_compare_marks_with_space_and_moves_down() {
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys : ; e2e_type "sort f1 desc"; e2e_keys Enter
    e2e_wait_for "sort: metrics.f1 desc"
    e2e_keys Space Space Space Space
    e2e_wait_for "34/34 runs, 4 marked"
    e2e_assert_line_matches 7 '^\* honorable-cub-563 '
    e2e_assert_line_matches 8 '^  sound-perch-614 '
    # Space on a marked run unmarks it.
    e2e_keys k Space
    e2e_wait_for "34/34 runs, 3 marked"
    e2e_assert_line_matches 7 '^  honorable-cub-563 '
    e2e_keys k Space c
    e2e_wait_for "Compare 4 runs"
    e2e_assert_line_matches 3 'big-skink-198 +chill-seal-447 +salty-stork-902 +honorable-cub-563'
}

test_compare_marks_survive_resort_and_search_and_u_clears_them() {
    compare__top4
    e2e_keys S
    e2e_wait_for "sort: metrics.f1 asc"
    e2e_assert_screen_has "4 marked"
    e2e_keys /
    e2e_type "skink"; e2e_keys Enter
    e2e_wait_for "1/34 runs, 4 marked"
    e2e_assert_line_matches 4 '^\* big-skink-198 '
    e2e_keys Escape
    e2e_wait_for "34/34 runs, 4 marked"
    e2e_keys u
    e2e_wait_for "Marks cleared"
    e2e_assert_screen_lacks "marked  ["
    e2e_assert_line_matches 2 '34/34 runs  \['
}

test_compare_differences_only_drops_shared_params() {
    compare__top4
    e2e_keys c
    e2e_wait_for "Compare 4 runs"
    e2e_wait_gone "refreshing"
    e2e_assert_screen_has "criterion"
    e2e_wait_match '^  criterion +gini +gini +gini +gini'
    e2e_keys d
    e2e_wait_for "[differences only]"
    e2e_assert_screen_lacks "criterion"
    e2e_assert_screen_lacks "bootstrap"
    e2e_wait_match '^  n_estimators +10000 +1000 +100 +10 *$'
    # And back.
    e2e_keys : ; e2e_type "diff off"; e2e_keys Enter
    e2e_wait_for "Showing all"
    e2e_assert_screen_has "criterion"
}

test_compare_transposed_shows_runs_as_rows() {
    compare__top4
    e2e_keys c
    e2e_wait_for "Compare 4 runs"
    e2e_keys d T
    e2e_wait_for "[transposed]"
    e2e_assert_line_matches 3 '^  Run +.*n_estimators'
    e2e_assert_line_matches 4 '^  big-skink-198 +.* 10000 '
    e2e_assert_line_matches 5 '^  chill-seal-447 '
    e2e_assert_line_matches 6 '^  salty-stork-902 '
    e2e_assert_line_matches 7 '^  honorable-cub-563 +.* 10 '
    e2e_keys T
    e2e_wait_gone "[transposed]"
    e2e_assert_line_matches 3 'big-skink-198 +chill-seal-447'
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
}

test_compare_without_marks_uses_the_shown_runs() {
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys : ; e2e_type "filter metrics.f1 > 0.9"; e2e_keys Enter
    e2e_wait_for "8/8 runs"
    e2e_keys : ; e2e_type "compare"; e2e_keys Enter
    e2e_wait_for "Compare 8 runs"
    e2e_assert_line_matches 1 'compare 8 runs'
}

test_compare_enter_shows_a_cell_in_full() {
    compare__top4
    e2e_keys c
    e2e_wait_for "Compare 4 runs"
    e2e_wait_gone "refreshing"
    # Down to the long mlflow.log-model.history tag of big-skink-198 (column 1).
    e2e_keys G
    e2e_keys : ; e2e_type "diff on"; e2e_keys Enter
    e2e_wait_for "[differences only]"
    e2e_keys G k Enter
    e2e_wait_for "big-skink-198 › mlflow.log-model.history"
    e2e_assert_screen_has '"artifact_path": "model"'
    e2e_keys Escape
    e2e_wait_for "Compare 4 runs"
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
}

test_compare_flip_best_on_a_metric() {
    compare__top4
    e2e_keys c
    e2e_wait_for "Compare 4 runs"
    e2e_keys : ; e2e_type "diff on"; e2e_keys Enter
    e2e_wait_for "[differences only]"
    e2e_keys T
    e2e_wait_for "[transposed]"
    # Columns: Run Start Duration n_estimators accuracy auc f1 ...: move to f1.
    e2e_keys l l l l l l b
    e2e_wait_for "f1: lower is better"
    e2e_keys b
    e2e_wait_for "f1: higher is better"
}

test_compare_fits_a_small_terminal() {
    compare__top4 50x15
    e2e_keys c
    e2e_wait_for "Compare 4 runs"
    # The row names leave room for at least two runs side by side.
    e2e_assert_line_matches 3 'big-skink-198 +chill-seal-447'
    e2e_keys l l l
    e2e_wait_match '<salty-stork-902 +honorable-cub'
    e2e_keys T
    e2e_wait_for "[transposed]"
    e2e_assert_line_matches 7 '^  honorable-cub-563'
}

test_compare_refreshes_by_id_in_chunks_of_100() {
    e2e_server_start --synthetic-runs 250 --log "$E2E_DIR/requests.log"
    e2e_start_mltui 120x40 --experiment synthetic
    # Some synthetic runs are deleted: about 246 active ones, 3 chunks of ids.
    e2e_wait_match "^Loaded 2[0-9][0-9] runs" 20
    e2e_keys A
    e2e_wait_match "^2[0-9][0-9] runs marked"
    : >"$E2E_DIR/requests.log"
    e2e_keys c
    e2e_wait_match "Compare 2[0-9][0-9] runs" 5
    e2e_wait_gone "refreshing" 20
    local n
    n=$(grep -c 'run_id IN' "$E2E_DIR/requests.log")
    [ "$n" = 3 ] || e2e_fail "expected 3 runs/search requests by id, got $n"
    # No runs/get per run.
    ! grep -q 'runs/get' "$E2E_DIR/requests.log"
    e2e_keys T
    e2e_wait_for "[transposed]"
    e2e_keys G
    e2e_alive
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
}

test_compare_p_plots_the_compared_runs() {
    compare__top4
    e2e_keys c
    e2e_wait_for "Compare 4 runs"
    e2e_keys p
    e2e_wait_for "Parallel coordinates  4 runs"
    e2e_assert_line_matches 1 'compare 4 runs › Parallel'
    e2e_keys Escape
    e2e_wait_for "Compare 4 runs"
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
}
