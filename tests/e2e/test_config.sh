# shellcheck shell=bash
# The config file (config.c): bind, set theme, set read-only; a bad line stops
# mltui with FILE:LINE and the reason. Screens read with --dump-screen.

e2e_no_server test_config_bad_line_names_file_and_line

# cfg_dump NAME CONFIG-TEXT ARGS...: writes CONFIG-TEXT to a config file and
# dumps the screen with it to $E2E_DIR/NAME.txt; exit status in $E2E_DIR/rc.
cfg_dump() {
    local name=$1 text=$2 rc=0
    shift 2
    mkdir -p "$E2E_DIR/home"
    printf '%s\n' "$text" >"$E2E_DIR/config"
    HOME="$E2E_DIR/home" XDG_CONFIG_HOME="$E2E_DIR/home/.config" TZ=UTC timeout 30 \
        "$MLTUI" --tracking-uri "${E2E_URI:-http://127.0.0.1:9}" --config "$E2E_DIR/config" \
        --dump-screen "$E2E_DIR/$name.txt" "$@" </dev/null 2>"$E2E_DIR/$name.err" || rc=$?
    echo "$rc" >"$E2E_DIR/rc"
}

test_config_binds_keys_and_sets_read_only() {
    cfg_dump help "$(printf '# mine\nbind runs o sort\nset read-only true\nset theme mono')" \
        --size 120x60 --experiment Hazardous_NEOs --keys '?'
    [ "$(cat "$E2E_DIR/rc")" = 0 ] || e2e_fail "exit $(cat "$E2E_DIR/rc"): $(cat "$E2E_DIR/help.err")"
    grep -q '\[read-only\]' "$E2E_DIR/help.txt" || e2e_fail "not read-only"
    grep -Eq '^  s o +Sort by the column' "$E2E_DIR/help.txt" || e2e_fail "o not bound to sort"
    if grep -q ':tag KEY VALUE' "$E2E_DIR/help.txt"; then e2e_fail "a write offered"; fi
}

test_config_bad_line_names_file_and_line() {
    cfg_dump bad "$(printf 'bind runs o sort\nfrobnicate yes')" --size 80x20
    [ "$(cat "$E2E_DIR/rc")" != 0 ] || e2e_fail "a bad config was accepted"
    grep -q "config:2: unknown setting" "$E2E_DIR/bad.err" ||
        e2e_fail "no FILE:LINE reason: $(cat "$E2E_DIR/bad.err")"
}

test_config_theme_command_lists_and_switches() {
    cfg_dump theme "set theme default" --size 100x20 --keys '":theme mono<Enter>"'
    [ "$(cat "$E2E_DIR/rc")" = 0 ] || e2e_fail "exit $(cat "$E2E_DIR/rc")"
    grep -q "Theme mono" "$E2E_DIR/theme.txt" || e2e_fail "theme not switched"
}

e2e_no_server test_config_set_images_takes_a_mode_and_refuses_others

test_config_set_images_takes_a_mode_and_refuses_others() {
    cfg_dump images "set images off" --size 100x20 --keys '":images<Enter>"'
    [ "$(cat "$E2E_DIR/rc")" = 0 ] || e2e_fail "exit $(cat "$E2E_DIR/rc"): $(cat "$E2E_DIR/images.err")"
    grep -q "Images: off" "$E2E_DIR/images.txt" || e2e_fail "set images off not applied"
    # --images wins over the file; a screenshot run never asks the terminal
    # and has no pixel protocol
    cfg_dump forced "set images off" --images kitty --size 100x20 --keys '":images<Enter>"'
    grep -q "Images: symbols" "$E2E_DIR/forced.txt" || e2e_fail "kitty in a dump run: $(grep Images "$E2E_DIR/forced.txt")"
    cfg_dump auto "" --size 100x20 --keys '":images<Enter>"'
    grep -q "Images: auto (symbols: the terminal was not asked at start)" "$E2E_DIR/auto.txt" ||
        e2e_fail "auto in a dump run: $(grep Images "$E2E_DIR/auto.txt")"
    cfg_dump bad "set images pictures" --size 100x20
    [ "$(cat "$E2E_DIR/rc")" != 0 ] || e2e_fail "set images pictures was accepted"
    grep -q "config:1: images is auto, kitty, sixel, symbols or off" "$E2E_DIR/bad.err" ||
        e2e_fail "reason: $(cat "$E2E_DIR/bad.err")"
}
