# shellcheck shell=bash
# The mouse, as a terminal sends it (xterm's SGR mouse reports, typed into the
# pane by tmux): a click selects a row, a click on a column header sorts by
# it, a double click opens, the wheel moves the cursor, a click on a hint runs
# it; --no-mouse and `set mouse false` leave the mouse to the terminal.

# click X Y [N]: N (default 1) left clicks at 0-based column X, row Y.
click() {
    local x=$(( $1 + 1 )) y=$(( $2 + 1 )) n=${3:-1}
    for _ in $(seq "$n"); do
        e2e__tmux send-keys -t "$E2E_SESSION" -l $'\e'"[<0;$x;${y}M"$'\e'"[<0;$x;${y}m"
    done
}

# wheel down|up X Y
wheel() {
    local b=65
    [ "$1" = up ] && b=64
    e2e__tmux send-keys -t "$E2E_SESSION" -l $'\e'"[<$b;$(( $2 + 1 ));$(( $3 + 1 ))M"
}

# The 0-based screen column where TEXT starts on screen row ROW (0-based).
col_of() {
    e2e_screen | sed -n "$(( $2 + 1 ))p" | grep -bo -- "$1" | head -1 | cut -d: -f1
}

# The run name on screen row ROW (0-based) of the runs table.
name_at() {
    e2e_screen | sed -n "$(( $1 + 1 ))p" | awk '{print $1}'
}

mouse_flag() {
    e2e__tmux display-message -p -t "$E2E_SESSION" '#{mouse_any_flag}'
}

test_mouse_click_selects_double_click_opens_header_sorts() {
    local name x
    e2e_start_mltui 100x30 --experiment Hazardous_NEOs
    e2e_wait_for "Loaded 34 runs" 10
    [ "$(mouse_flag)" = 1 ] || e2e_fail "mltui did not ask for mouse reports"
    name=$(name_at 6)                      # row 6: the fourth run
    click 5 6
    e2e_keys Enter
    e2e_wait_for "› $name"
    e2e_wait_idle
    e2e_keys q
    e2e_wait_gone "Overview"
    # The header: a click on Status sorts by it.
    x=$(col_of Status 2)
    click "$x" 2
    e2e_wait_for "sort: status asc"
    # A double click opens the row.
    name=$(name_at 4)
    click 5 4 2
    e2e_wait_for "› $name"
    e2e_wait_for "Overview"
    e2e_wait_idle
    # A click on the "Esc back" hint goes back.
    x=$(col_of "Esc back" 29)
    [ -n "$x" ] || e2e_fail "no 'Esc back' hint"
    click "$x" 29
    e2e_wait_gone "Overview"
    e2e_wait_for "sort: status asc"
    e2e_keys Q
    e2e_wait_exit >/dev/null
}

test_mouse_wheel_moves_the_cursor_three_rows() {
    local name
    e2e_start_mltui 100x30 --experiment Hazardous_NEOs
    e2e_wait_for "Loaded 34 runs" 10
    name=$(name_at 9)                      # the sixth run: two wheel steps down
    wheel down 10 10
    wheel down 10 10
    e2e_keys Enter
    e2e_wait_for "› $name"
    e2e_wait_idle
    e2e_keys q
    e2e_wait_gone "Overview"
    wheel up 10 10
    name=$(name_at 6)
    e2e_keys Enter
    e2e_wait_for "› $name"
    e2e_keys Q
    e2e_wait_exit >/dev/null
}

test_mouse_off_with_no_mouse_and_in_the_config() {
    e2e_start_mltui 100x30 --experiment Hazardous_NEOs --no-mouse
    e2e_wait_for "Loaded 34 runs" 10
    [ "$(mouse_flag)" = 0 ] || e2e_fail "--no-mouse still asked for mouse reports"
    e2e_keys Q
    e2e_wait_exit >/dev/null
    printf 'set mouse false\n' >"$E2E_DIR/config"
    e2e_start_mltui 100x30 --experiment Hazardous_NEOs --config "$E2E_DIR/config"
    e2e_wait_for "34/34 runs" 10
    [ "$(mouse_flag)" = 0 ] || e2e_fail "set mouse false still asked for mouse reports"
    e2e_keys Q
    e2e_wait_exit >/dev/null
}
