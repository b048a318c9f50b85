# shellcheck shell=bash
# `mltui --screenshot FILE.png --keys SCRIPT --size COLSxROWS`: runs without a
# terminal (no tmux here: the binary is called directly, stdin /dev/null),
# feeds the keys, writes the screen as a PNG (10x20 pixels a cell), exits 0.
# PNGs are decoded by tests/e2e/png_info.py (standard library only).

e2e_no_server test_screenshot_bad_path_fails_with_a_message \
    test_screenshot_bad_key_script_is_rejected_before_starting

# shot OUT.png ARGS...: runs mltui --screenshot with a clean config; stderr in $E2E_DIR/shot.err.
shot() {
    local out=$1
    shift
    mkdir -p "$E2E_DIR/home"
    HOME="$E2E_DIR/home" XDG_CONFIG_HOME="$E2E_DIR/home/.config" NO_COLOR= \
        timeout 30 "$MLTUI" --tracking-uri "${E2E_URI:-http://127.0.0.1:9}" \
        --screenshot "$out" "$@" </dev/null 2>"$E2E_DIR/shot.err"
}

png_info() {
    python3 "$E2E_REPO/tests/e2e/png_info.py" "$1"
}

test_screenshot_runs_table_is_a_png_of_the_whole_screen() {
    local info w h colours
    shot "$E2E_DIR/runs.png" --size 100x30 --experiment Hazardous_NEOs \
        --keys '":sort metrics.f1 desc<Enter>"' ||
        e2e_fail "exit status $?: $(cat "$E2E_DIR/shot.err")"
    info=$(png_info "$E2E_DIR/runs.png") || e2e_fail "the PNG does not decode"
    read -r w h colours <<<"$info"
    [ "$w" = 1000 ] || e2e_fail "width $w, expected 100 cols x 10 px = 1000"
    [ "$h" = 600 ] || e2e_fail "height $h, expected 30 rows x 20 px = 600"
    # Anti-aliased text in several theme colours on two backgrounds.
    [ "$colours" -ge 50 ] || e2e_fail "only $colours distinct colours"
}

test_screenshot_keys_change_the_picture() {
    shot "$E2E_DIR/list.png" --size 80x24 || e2e_fail "list: $(cat "$E2E_DIR/shot.err")"
    shot "$E2E_DIR/help.png" --size 80x24 --keys '?' || e2e_fail "help: $(cat "$E2E_DIR/shot.err")"
    [ "$(png_info "$E2E_DIR/list.png")" != "" ] || e2e_fail "list.png does not decode"
    ! cmp -s "$E2E_DIR/list.png" "$E2E_DIR/help.png" ||
        e2e_fail "the ? key did not change the screen"
}

test_screenshot_bad_path_fails_with_a_message() {
    local rc=0
    shot "$E2E_DIR/no/such/dir/x.png" --size 80x24 || rc=$?
    [ "$rc" -ne 0 ] || e2e_fail "exit status 0 for an unwritable path"
    grep -q "no/such/dir/x.png" "$E2E_DIR/shot.err" ||
        e2e_fail "no message naming the file: $(cat "$E2E_DIR/shot.err")"
    [ ! -e "$E2E_DIR/no/such/dir/x.png" ]
}

test_screenshot_bad_key_script_is_rejected_before_starting() {
    local rc=0
    shot "$E2E_DIR/x.png" --keys '":sort f1' || rc=$?
    [ "$rc" -ne 0 ] || e2e_fail "exit status 0 for an unterminated quote"
    grep -q "unterminated" "$E2E_DIR/shot.err" || e2e_fail "message: $(cat "$E2E_DIR/shot.err")"
    [ ! -e "$E2E_DIR/x.png" ] || e2e_fail "a PNG was written anyway"
}
