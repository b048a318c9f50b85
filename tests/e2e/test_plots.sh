# shellcheck shell=bash
# Plots of the runs: parallel coordinates, scatter, metric history, PNG export.

plots__f1_runs() {
    e2e_start_mltui "${1:-120x40}" --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys : ; e2e_type "filter metrics.f1 > 0.9"; e2e_keys Enter
    e2e_wait_for "8/8 runs"
}

test_plots_parallel_shows_axis_names_and_missing_band() {
    plots__f1_runs
    e2e_keys p
    e2e_wait_for "Parallel coordinates  8 runs"
    e2e_assert_screen_has "n_estimators"
    e2e_assert_screen_has " f1"
    # The four runs without n_estimators are kept, in the missing band.
    e2e_assert_screen_has "∅4"
    e2e_assert_screen_has "colour: f1"
}

test_plots_parallel_cursor_cycles_runs_and_opens_one() {
    plots__f1_runs
    e2e_keys p
    e2e_wait_for "run 1/8"
    e2e_keys Down
    e2e_wait_for "run 2/8"
    e2e_keys Up Up
    e2e_wait_for "run 8/8"
    e2e_keys Enter
    e2e_wait_for "Parameters ("
}

test_plots_parallel_log_toggle_reports_scale() {
    plots__f1_runs
    e2e_keys : ; e2e_type "parallel n_estimators f1"; e2e_keys Enter
    e2e_wait_for "axis: n_estimators (categorical)"
    e2e_keys L
    e2e_wait_for "axis: n_estimators (linear)"
    e2e_keys L
    e2e_wait_for "axis: n_estimators (log)"
}

test_plots_scatter_shows_both_axis_labels() {
    plots__f1_runs
    e2e_keys : ; e2e_type "scatter n_estimators f1"; e2e_keys Enter
    e2e_wait_for "x: n_estimators"
    e2e_assert_screen_has "y: f1"
    e2e_assert_screen_has "10000"
}

test_plots_history_shows_min_max_last() {
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_keys / ; e2e_type "capable-moose-731"; e2e_keys Enter
    e2e_wait_for "1/34 runs"
    e2e_keys : ; e2e_type "history training_logloss"; e2e_keys Enter
    e2e_wait_match "capable-moose-731 +min [0-9.]+ +max [0-9.]+ +last [0-9.]+" 5
    e2e_assert_screen_has "step"
}

test_plots_history_of_default_experiment_loss() {
    e2e_start_mltui 120x40 --experiment Default
    e2e_wait_for "judicious-eel-864" 10
    e2e_keys / ; e2e_type "judicious-eel-864"; e2e_keys Enter
    e2e_keys : ; e2e_type "history loss"; e2e_keys Enter
    e2e_wait_match "judicious-eel-864 +min .* max .* last .*\(10 pts\)" 5
}

test_plots_export_writes_large_colourful_png() {
    plots__f1_runs
    e2e_keys p
    e2e_wait_for "Parallel coordinates"
    e2e_keys : ; e2e_type "export $E2E_DIR/par.png"; e2e_keys Enter
    e2e_wait_for "Wrote /"
    [ -f "$E2E_DIR/par.png" ] || e2e_fail "no $E2E_DIR/par.png"
    python3 - "$E2E_DIR/par.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype == 6, (depth, ctype)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
assert w >= 1600 and h >= 1000, (w, h)
raw, stride, prev, colours = zlib.decompress(idat), w * 4, bytearray(w * 4), set()
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - 4] if i >= 4 else 0
        b, c = prev[i], prev[i - 4] if i >= 4 else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 7 == 0:
        colours.update(bytes(line[i:i + 4]) for i in range(0, stride, 4 * 3))
    prev = line
assert len(colours) > 20, len(colours)
PY
    # A second export to the same file asks first; "n" keeps it.
    e2e_keys : ; e2e_type "export $E2E_DIR/par.png"; e2e_keys Enter
    e2e_wait_for "File exists; overwrite?"
    e2e_keys n Enter
    e2e_wait_for "Not exported"
}

test_plots_small_terminal_does_not_crash() {
    plots__f1_runs 50x15
    e2e_keys p
    e2e_wait_for "Parallel"
    e2e_keys x
    e2e_keys Escape
    e2e_keys x
    e2e_wait_for "Scatter"
    e2e_alive
}
