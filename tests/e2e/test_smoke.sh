# shellcheck shell=bash
# Smoke tests of the real binary: it starts on the NEOs experiment, survives
# resizes, and quits on Q with status 0.

test_smoke_open_quit() {
    e2e_start_mltui 120x35 --experiment Hazardous_NEOs
    e2e_wait_for Hazardous_NEOs 10
    # Run names are loaded from the server (newest run first).
    e2e_wait_for smiling-ant-659 10
    e2e_alive
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ] || e2e_fail "mltui did not exit with status 0"
}

test_smoke_resize() {
    e2e_start_mltui 100x30 --experiment Hazardous_NEOs
    e2e_wait_for smiling-ant-659 10
    e2e_resize 60 15
    # A positive sign that it lived through the resize: it still answers keys.
    e2e_keys '?'
    e2e_wait_for "Keys: runs"
    e2e_keys q
    e2e_wait_gone "Keys: runs"
    e2e_alive || e2e_fail "mltui died after resize to 60x15"
    e2e_resize 200 50
    e2e_wait_for smiling-ant-659
    e2e_alive
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ] || e2e_fail "mltui did not exit with status 0"
}
