# shellcheck shell=bash
# `mltui --dump-screen FILE` (beside --screenshot: the same --keys and --size)
# writes the final screen as text; these tests compare whole screens with
# tests/e2e/expected/NAME.txt, as tig's test suite does: a diff of two screens
# says more than a grep for one line. The server's port in the title bar is
# written as PORT and run ids (new at each server start) as RUN_ID. E2E_UPDATE_EXPECTED=1 rewrites the expected files (then
# review them with git diff).

e2e_no_server test_dump_without_server_shows_the_error_screen

# dump NAME ARGS...: runs mltui --dump-screen with a clean config and TZ=UTC;
# the screen lands in $E2E_DIR/NAME.txt (port normalised), stderr in dump.err.
dump() {
    local name=$1
    shift
    mkdir -p "$E2E_DIR/home"
    HOME="$E2E_DIR/home" XDG_CONFIG_HOME="$E2E_DIR/home/.config" NO_COLOR= TZ=UTC \
        timeout 30 "$MLTUI" --tracking-uri "${E2E_URI:-http://127.0.0.1:9}" \
        --dump-screen "$E2E_DIR/$name.raw" "$@" </dev/null 2>"$E2E_DIR/dump.err" ||
        e2e_fail "exit status $?: $(cat "$E2E_DIR/dump.err")"
    sed -E -e 's/127\.0\.0\.1:[0-9]+/127.0.0.1:PORT/g' -e 's/[0-9a-f]{32}/RUN_ID/g' \
        "$E2E_DIR/$name.raw" >"$E2E_DIR/$name.txt"
}

# expect_screen NAME: the dump equals tests/e2e/expected/NAME.txt (a diff if not).
expect_screen() {
    local want="$E2E_REPO/tests/e2e/expected/$1.txt"
    if [ "${E2E_UPDATE_EXPECTED:-0}" = 1 ]; then
        cp "$E2E_DIR/$1.txt" "$want"
        return 0
    fi
    [ -f "$want" ] || e2e_fail "no expected screen $want (E2E_UPDATE_EXPECTED=1 makes it)"
    diff -u "$want" "$E2E_DIR/$1.txt" || e2e_fail "screen $1 differs from $want"
}

test_dump_runs_help_lists_keys_and_commands_from_their_tables() {
    dump runs_help --size 110x80 --experiment Hazardous_NEOs --keys '?'
    expect_screen runs_help
}

test_dump_run_detail_sections() {
    dump run_detail --size 100x40 --experiment Hazardous_NEOs --keys 'j Enter'
    expect_screen run_detail
}

test_dump_compare_two_marked_runs() {
    dump compare_two --size 100x30 --experiment Hazardous_NEOs --keys 'j Space j Space c'
    expect_screen compare_two
}

test_dump_is_written_with_the_screenshot_too() {
    mkdir -p "$E2E_DIR/home"
    HOME="$E2E_DIR/home" XDG_CONFIG_HOME="$E2E_DIR/home/.config" TZ=UTC timeout 30 \
        "$MLTUI" --tracking-uri "$E2E_URI" --size 80x24 --screenshot "$E2E_DIR/s.png" \
        --dump-screen "$E2E_DIR/s.txt" --keys '?' </dev/null 2>"$E2E_DIR/dump.err" ||
        e2e_fail "exit status $?: $(cat "$E2E_DIR/dump.err")"
    [ -s "$E2E_DIR/s.png" ] || e2e_fail "no PNG"
    [ "$(wc -l <"$E2E_DIR/s.txt")" = 24 ] || e2e_fail "not 24 lines: $(wc -l <"$E2E_DIR/s.txt")"
    grep -q 'Keys: experiments' "$E2E_DIR/s.txt" || e2e_fail "not the help screen"
    # Trailing blanks are cut.
    if grep -q ' $' "$E2E_DIR/s.txt"; then e2e_fail "trailing blanks kept"; fi
}

test_dump_without_server_shows_the_error_screen() {
    dump no_server --size 80x12
    grep -q 'Experiments' "$E2E_DIR/no_server.txt" || e2e_fail "no experiments screen"
    [ "$(wc -l <"$E2E_DIR/no_server.txt")" = 12 ] || e2e_fail "not 12 lines"
}
