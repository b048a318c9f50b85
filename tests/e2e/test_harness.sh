# shellcheck shell=bash
# Self-tests of the e2e harness (lib.sh, run.sh): run plain sh in the pane, not
# mltui, so they work before and independently of the product.

e2e_no_server test_harness_screen_and_env test_harness_wait_for_timeout \
    test_harness_wait_gone test_harness_keys test_harness_lines \
    test_harness_resize test_harness_exit_status test_harness_stderr

# Run a sh script in a fresh pane of the given size.
harness_sh() {
    local size=$1; shift
    MLTUI="sh" e2e_start "$size" -c "$*"
}

test_harness_screen_and_env() {
    harness_sh 60x10 'printf "hello harness\n"; printf "%s|%s|%s\n" "$TERM" "$LANG" "${LC_ALL:-unset}"; printf "wide:\346\227\245\346\234\254\n"; sleep 30'
    e2e_wait_for "hello harness"
    e2e_wait_for "xterm-256color|C.UTF-8|unset"
    e2e_assert_screen_has "wide:日本"
    e2e_assert_screen_lacks "not on the screen"
    e2e_alive
    [ "$(e2e_screen | wc -l)" -le 10 ]
}

test_harness_wait_for_timeout() {
    harness_sh 40x5 'echo present; sleep 30'
    e2e_wait_for present
    local t0 t1 out
    t0=$(e2e__now_us)
    if out=$(e2e_wait_for "absent text" 0.5 2>&1); then
        e2e_fail "e2e_wait_for succeeded on absent text"
    fi
    t1=$(e2e__now_us)
    # Timed out after about 0.5 s (scaled), not at once and not much later.
    local want
    want=$(e2e__timeout_us 0.5)
    [ $((t1 - t0)) -ge "$want" ] || e2e_fail "timed out too early: $((t1 - t0)) us"
    [ $((t1 - t0)) -lt $((want + 3000000)) ] || e2e_fail "timed out too late: $((t1 - t0)) us"
    # ... and printed a message and the screen.
    grep -q "timed out after 0.5s waiting for text: absent text" <<<"$out" || e2e_fail "no timeout message: $out"
    grep -q "^|present" <<<"$out" || e2e_fail "screen not printed on timeout: $out"
    # The same for assertions.
    if e2e_assert_screen_has "absent text" 2>/dev/null; then e2e_fail "assert_screen_has passed"; fi
    if e2e_assert_screen_lacks "present" 2>/dev/null; then e2e_fail "assert_screen_lacks passed"; fi
}

test_harness_wait_gone() {
    # The program clears its screen when told (Enter), not after a fixed time,
    # so a slow start cannot hide "going" from the first wait.
    harness_sh 40x5 'echo going; read x; clear; echo gone; sleep 30'
    e2e_wait_for going
    e2e_keys Enter
    e2e_wait_gone going
    e2e_wait_for gone
    if e2e_wait_gone gone 0.2 2>/dev/null; then e2e_fail "wait_gone succeeded on present text"; fi
}

test_harness_keys() {
    harness_sh 40x6 'printf "prompt> "; read line; echo "got:$line"; read line2; echo "second:$line2"; sleep 30'
    e2e_wait_for "prompt>"
    e2e_type 'hello $x "q" *'
    e2e_keys Enter
    e2e_wait_for 'got:hello $x "q" *'
    e2e_keys a b c Enter
    e2e_wait_for "second:abc"
}

test_harness_lines() {
    harness_sh 30x6 'printf "first line\nsecond 42\n"; sleep 30'
    e2e_wait_for "second 42"
    e2e_assert_line_matches 1 '^first line$'
    e2e_assert_line_matches 2 '^second [0-9]+$'
    e2e_assert_line_matches -1 '^$'
    [ "$(e2e_line -5)" = "second 42" ]
    if e2e_assert_line_matches 1 '^second' 2>/dev/null; then e2e_fail "line 1 matched wrongly"; fi
    if e2e_line 7 2>/dev/null; then e2e_fail "line 7 of 6 accepted"; fi
}

test_harness_resize() {
    harness_sh 40x10 'trap "stty size" WINCH; stty size; while :; do sleep 0.05; done'
    e2e_wait_for "10 40"
    e2e_resize 50 12
    e2e_wait_for "12 50"
    e2e_resize 20 5
    e2e_wait_for "5 20"
}

test_harness_exit_status() {
    harness_sh 40x5 'echo bye; read x; exit 3'
    e2e_wait_for bye
    e2e_keys Enter
    [ "$(e2e_wait_exit)" = 3 ]
    if e2e_alive; then e2e_fail "dead program reported alive"; fi
    # The last screen stays readable after exit.
    e2e_assert_screen_has bye
}

test_harness_stderr() {
    harness_sh 40x5 'echo to-stderr >&2; echo to-screen; sleep 30'
    e2e_wait_for to-screen
    e2e_assert_screen_lacks to-stderr
    [ "$(e2e_stderr)" = to-stderr ]
}

# With a server: run.sh started it and set E2E_URI; it answers /health.
test_harness_server() {
    [ -n "$E2E_URI" ]
    local body
    body=$("$E2E_PYTHON" -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1] + "/health", timeout=5).read().decode())' "$E2E_URI")
    [ "$body" = OK ] || e2e_fail "unexpected /health answer: $body"
    # A restart gives a fresh server on a new port.
    local old=$E2E_URI
    e2e_server_stop
    e2e_server_start
    [ -n "$E2E_URI" ]
    "$E2E_PYTHON" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1] + "/health", timeout=5)' "$E2E_URI"
    : "$old"
}
