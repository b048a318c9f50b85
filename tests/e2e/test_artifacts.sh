# shellcheck shell=bash
# Artifacts of the chosen random forest (big-skink-198, the best f1 of
# Hazardous_NEOs): the listing with sizes, the confusion matrix drawn in
# chafa's symbols (--images off: none), the MLmodel signature, downloads of
# a file and a folder, and the overwrite question.

FIXTURE_PNG=tests/fixtures/artifacts/rf_10000/confusion_matrix.png

# Opens the artifacts of big-skink-198 at SIZE.
art_open() {
    e2e_start_mltui "$1" --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys : ; e2e_type "sort f1 desc"; e2e_keys Enter
    e2e_wait_for "f1▼"
    e2e_wait_match "^  big-skink-198 "
    e2e_keys Enter
    e2e_wait_for "Overview"
    e2e_keys a
    e2e_wait_for "confusion_matrix.png"
}

# Moves the cursor to the row naming TEXT (rows are sorted: folders first).
art_cursor_to_png() {
    # model/, Clasification Report..., confusion_matrix.png
    e2e_keys g j j
}

art_colours() {
    e2e__tmux capture-pane -e -p -t "$E2E_SESSION" | grep -o $'\e\\[[0-9;]*m' |
        grep -oE '(38|48);5;[0-9]+' | sed 's/^[34]8;5;//' | sort -u | wc -l
}

test_artifacts_lists_files_and_folders_with_sizes() {
    art_open 120x40
    e2e_wait_match '^  model/ +- '
    e2e_assert_screen_has "Artifacts  /  6 items"
    e2e_assert_line_matches 6 'confusion_matrix\.png +22\.6 KiB'
    e2e_assert_screen_has "metric_info.json"
    e2e_assert_line_matches 1 'big-skink-198 › artifacts'
}

# Block elements (U+2580..U+259F) on screen: chafa's symbols for edges.
art_blocks() {
    e2e_screen | LC_ALL=C.UTF-8 grep -oP '[\x{2580}-\x{259F}]' | wc -l
}

test_artifacts_png_preview_draws_chafa_symbols_in_colour() {
    art_open 120x40
    art_cursor_to_png
    e2e_wait_for "500x400 PNG, 22.6 KiB"
    # tmux answers the probe's DA1 without sixel and ignores the kitty query:
    # auto falls back to symbols, and the pane holds chafa's cells.
    local blocks
    blocks=$(art_blocks)
    [ "$blocks" -gt 100 ] || e2e_fail "only $blocks block symbols on screen"
    local n
    n=$(art_colours)
    [ "$n" -ge 8 ] || e2e_fail "only $n distinct colours in the preview"
    e2e_keys : ; e2e_type "images"; e2e_keys Enter
    e2e_wait_for "Images: auto (symbols)"
}

test_artifacts_images_off_shows_no_picture() {
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs --images off
    e2e_wait_for "34/34 runs" 10
    e2e_keys : ; e2e_type "sort f1 desc"; e2e_keys Enter
    e2e_wait_match "^  big-skink-198 "
    e2e_keys Enter
    e2e_wait_for "Overview"
    e2e_keys a
    e2e_wait_for "confusion_matrix.png"
    art_cursor_to_png
    e2e_wait_for "500x400 PNG, 22.6 KiB"
    e2e_wait_for "Pictures are off"
    local blocks n
    blocks=$(art_blocks)
    [ "$blocks" -eq 0 ] || e2e_fail "$blocks block symbols with --images off"
    n=$(art_colours)
    [ "$n" -eq 0 ] || e2e_fail "$n palette colours with --images off"
    # switched on at run time, the picture comes
    e2e_keys : ; e2e_type "images symbols"; e2e_keys Enter
    e2e_wait_for "Images: symbols"
    e2e_wait_gone "Pictures are off"
    blocks=$(art_blocks)
    [ "$blocks" -gt 100 ] || e2e_fail "only $blocks block symbols after :images symbols"
}

test_artifacts_images_option_refuses_an_unknown_mode() {
    e2e_start_mltui 80x24 --images pictures
    local st
    st=$(e2e_wait_exit)
    [ "$st" = 2 ] || e2e_fail "exit status $st, not 2"
    e2e_stderr | grep -q "images is auto, kitty, sixel, symbols or off" ||
        e2e_fail "stderr: $(e2e_stderr)"
}

test_artifacts_mlmodel_preview_shows_signature_table() {
    art_open 120x40
    e2e_keys g Enter
    e2e_wait_for "Artifacts  /model/  4 items"
    e2e_wait_for "Signature inputs (22)"
    e2e_wait_match 'flavors +python_function, sklearn'
    e2e_assert_screen_has "Absolute Magnitude"
    e2e_wait_match 'Relative Velocity km per sec +double'
    # Full screen: the outputs table further down.
    e2e_keys Enter
    e2e_keys G
    e2e_wait_for "Signature outputs (1)"
    e2e_wait_match 'Target +boolean'
    # Esc leaves the full screen, Esc again goes up a folder.
    e2e_keys Escape
    e2e_wait_for "Artifacts  /model/"
    e2e_keys Escape
    e2e_wait_for "Artifacts  /  6 items"
}

test_artifacts_download_file_asks_before_overwriting() {
    local dir=$E2E_DIR/dl
    mkdir -p "$dir"
    art_open 120x40
    art_cursor_to_png
    e2e_wait_for "500x400 PNG"
    # d asks where, with the current directory filled in.
    e2e_keys d
    e2e_wait_for "Download confusion_matrix.png into: "
    e2e_keys C-u; e2e_type "$dir"; e2e_keys Enter
    e2e_wait_for "Downloaded 1 file (22.6 KiB)"
    cmp "$dir/confusion_matrix.png" "$FIXTURE_PNG"
    # Again, answering n: the file is left as it is.
    echo "mine" >"$dir/confusion_matrix.png"
    e2e_keys : ; e2e_type "download $dir"; e2e_keys Enter
    e2e_wait_for "already exists. Overwrite it?"
    e2e_keys n
    e2e_wait_for "Downloaded 0 files (0 B)"
    [ "$(cat "$dir/confusion_matrix.png")" = mine ] || e2e_fail "file was overwritten"
    # And y replaces it.
    e2e_keys : ; e2e_type "download $dir"; e2e_keys Enter
    e2e_wait_for "already exists. Overwrite it?"
    e2e_keys y
    e2e_wait_for "Downloaded 1 file (22.6 KiB)"
    cmp "$dir/confusion_matrix.png" "$FIXTURE_PNG"
    # No partial files stay behind.
    [ -z "$(find "$dir" -name '*.mltui-part')" ] || e2e_fail "partial file left"
}

test_artifacts_download_folder_recursively() {
    local dir=$E2E_DIR/dl
    mkdir -p "$dir"
    art_open 120x40
    e2e_keys g
    e2e_keys : ; e2e_type "download $dir"; e2e_keys Enter
    e2e_wait_for "Downloaded 4 files"
    [ -d "$dir/model" ] || e2e_fail "no model folder"
    grep -q '^signature:' "$dir/model/MLmodel" || e2e_fail "MLmodel content"
    [ -s "$dir/model/requirements.txt" ] || e2e_fail "requirements.txt missing"
    [ "$(find "$dir" -type f | wc -l)" = 4 ] || e2e_fail "unexpected files: $(find "$dir")"
}

test_artifacts_escape_cancels_a_slow_listing_and_stays() {
    e2e_server_start --artifact-list-delay-ms 4000
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys Enter
    e2e_wait_for "Overview"
    e2e_keys a
    e2e_wait_for "loading…"
    e2e_keys Escape
    # The load is cancelled and the artifacts view stays.
    e2e_wait_for "Cancelled"
    e2e_assert_line_matches 1 '› artifacts'
    e2e_assert_screen_lacks "Overview"
    # r loads again (the server is still slow: the listing arrives later).
    e2e_keys r
    e2e_wait_for "loading…"
    e2e_wait_match "Artifacts  /  [0-9]+ items?$" 15
    # With nothing in flight, Esc leaves the view.
    e2e_keys Escape
    e2e_wait_for "Overview"
}

# A copy of the fixture where run smiling-ant-659 also holds deep/top.txt and a
# chain of ten folders deep/l1/.../l10/leaf.txt; "file" paths made absolute.
art_deep_fixture() {
    "$E2E_PYTHON" - "$E2E_REPO/tests/fixtures" "$E2E_DIR/deep.json" <<'PY'
import json, os, sys
base, out = sys.argv[1], sys.argv[2]
d = json.load(open(os.path.join(base, "neos.json")))
for e in d["experiments"]:
    for r in e.get("runs", []):
        for a in r.get("artifacts", []):
            if "file" in a:
                a["file"] = os.path.join(base, a["file"])
        if r.get("run_name") == "smiling-ant-659":
            chain = "/".join("l%d" % i for i in range(1, 11))
            r.setdefault("artifacts", []).extend([
                {"path": "deep/top.txt", "text": "top\n"},
                {"path": "deep/%s/leaf.txt" % chain, "text": "leaf\n"}])
json.dump(d, open(out, "w"))
PY
}

test_artifacts_deep_folder_download_asks_past_the_depth_limit() {
    art_deep_fixture
    E2E_FIXTURE=$E2E_DIR/deep.json e2e_server_start
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys Enter
    e2e_wait_for "Overview"
    e2e_keys a
    e2e_wait_match '^  deep/ +- '
    e2e_keys g
    # No: the folders below the limit (8 deep) are made, the deeper ones skipped.
    e2e_keys : ; e2e_type "download $E2E_DIR/no"; e2e_keys Enter
    e2e_wait_for "more than 8 folders deep" 15
    e2e_keys n
    e2e_wait_for "Downloaded 1 file (4 B), 1 skipped (1 past the limits), to" 15
    [ -f "$E2E_DIR/no/deep/top.txt" ] || e2e_fail "deep/top.txt missing"
    [ -d "$E2E_DIR/no/deep/l1/l2/l3/l4/l5/l6/l7/l8" ] || e2e_fail "folders above the limit missing"
    [ ! -e "$E2E_DIR/no/deep/l1/l2/l3/l4/l5/l6/l7/l8/l9" ] || e2e_fail "went past the limit"
    # Yes: the whole chain down to the leaf.
    e2e_keys : ; e2e_type "download $E2E_DIR/yes"; e2e_keys Enter
    e2e_wait_for "more than 8 folders deep" 15
    e2e_keys y
    e2e_wait_for "Downloaded 2 files" 15
    [ -f "$E2E_DIR/yes/deep/l1/l2/l3/l4/l5/l6/l7/l8/l9/l10/leaf.txt" ] || e2e_fail "leaf missing"
    [ -z "$(find "$E2E_DIR" -name '*.mltui-part')" ] || e2e_fail "partial file left"
}

test_artifacts_small_terminal_previews_full_screen() {
    art_open 50x15
    e2e_assert_screen_lacks "│"
    art_cursor_to_png
    e2e_keys Enter
    e2e_wait_for "500x400 PNG"
    local blocks
    blocks=$(art_blocks)
    [ "$blocks" -gt 20 ] || e2e_fail "only $blocks block symbols on screen"
    e2e_keys Escape
    e2e_wait_match "confusion_matrix\.png +22\.6 KiB"
    blocks=$(art_blocks)
    [ "$blocks" -eq 0 ] || e2e_fail "$blocks block symbols left after Esc"
    e2e_wait_match "confusion_matrix\.png +22\.6 KiB"
}

test_artifacts_register_offers_the_mlmodel_folders() {
    art_open 120x40
    e2e_wait_match '^  model/ +- '
    e2e_keys R
    e2e_wait_for "Register which model folder?"
    e2e_assert_screen_has "> model"
    e2e_keys Escape
    e2e_wait_gone "Register which model folder?"
    e2e_alive
}

# The pixel protocols, from the terminal's side: tests/e2e/pty_images.py
# plays a kitty terminal, a sixel one and one that never answers the probe.
art_pty() {
    local bin=${MLTUI:-./mltui}
    mkdir -p "$E2E_DIR/home/.config"
    (cd "$E2E_REPO" && env -u COLORTERM -u TMUX HOME="$E2E_DIR/home" \
        XDG_CONFIG_HOME="$E2E_DIR/home/.config" XDG_CACHE_HOME="$E2E_DIR/home/.cache" \
        python3 tests/e2e/pty_images.py "$1" "$bin" "$E2E_URI" 2>>"$E2E_DIR/stderr.log") ||
        e2e_fail "pty_images.py $1 failed"
}

test_artifacts_kitty_terminal_gets_a_kitty_image_in_the_pane() {
    art_pty kitty
}

test_artifacts_sixel_terminal_gets_a_sixel_image_in_the_pane() {
    art_pty sixel
}

test_artifacts_silent_terminal_costs_a_bounded_wait_and_gets_symbols() {
    art_pty silent
}
