#!/usr/bin/env bash
# Run the end-to-end (tmux) tests: every test_NAME function of tests/e2e/test_*.sh.
#   tests/e2e/run.sh [PATTERN...]   run only tests whose name contains a PATTERN
# Each test gets a fresh test server (E2E_URI) unless its file declared
# `e2e_no_server test_NAME`, runs in a subshell with `set -e`, and ends with the
# tmux server and the test server killed.  Prints `ok NAME` / `FAIL NAME` (with
# the test's output, the screen, the program's stderr and the server log), then
# `N passed, N failed`.
# Tests run on E2E_JOBS workers at once (default: the number of CPUs, at most
# 4): each worker is this script again (own tmux socket, temp dir, servers,
# HOME), taking the next test name from a shared queue; each test's block of
# output is printed whole, as it ends.  E2E_JOBS=1 runs them one after another.
# Environment: MLTUI (binary, default ./mltui), E2E_TEST_TIMEOUT (s, default 60),
# E2E_TIMEOUT_SCALE, E2E_FILES (a glob of test files instead of tests/e2e/test_*.sh), E2E_KEEP=1 (keep the temp dir), E2E_VERBOSE=1 (show output
# of passing tests too).
set -u

cd "$(dirname "$0")/../.." || exit 1
E2E_REPO=$(pwd)
# shellcheck source=tests/e2e/lib.sh
. tests/e2e/lib.sh

MLTUI=${MLTUI:-./mltui}
export MLTUI
E2E_TEST_TIMEOUT=${E2E_TEST_TIMEOUT:-$(awk -v k="$E2E_TIMEOUT_SCALE" 'BEGIN { printf "%d\n", 60 * k }')}

if ! command -v tmux >/dev/null 2>&1; then
    echo "e2e: tmux not found (run scripts/deps.sh)"
    echo "0 passed, 1 failed"
    exit 1
fi

# Kill a process and all its descendants (by pid).
e2e__kill_tree() {
    local p
    for p in $(ps -o pid= --ppid "$1" 2>/dev/null); do
        e2e__kill_tree "$p"
    done
    kill -TERM "$1" 2>/dev/null
}

e2e_init
e2e__cleanup() {
    local rc=$?
    exec 2>/dev/null   # no "Killed"/"Terminated" job notices
    e2e_stop
    local f pid
    for f in "$E2E_ROOT"/*/server.pid; do
        [ -f "$f" ] || continue
        pid=$(cat "$f")
        [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
        rm -f "$f"
    done
    if [ -n "${E2E_TEST_PID:-}" ]; then e2e__kill_tree "$E2E_TEST_PID"; fi
    if [ "${E2E_KEEP:-0}" = 1 ]; then
        echo "e2e: kept $E2E_ROOT"
    else
        rm -rf "$E2E_ROOT"
    fi
    exit "$rc"
}
trap e2e__cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# E2E_FILES: other test files to run with this harness (tests/cli/run.sh).
for f in ${E2E_FILES:-tests/e2e/test_*.sh}; do
    [ -f "$f" ] || continue
    # shellcheck disable=SC1090
    . "$f"
done

mapfile -t all_tests < <(declare -F | awk '$3 ~ /^test_/ { print $3 }')
tests=()
for t in "${all_tests[@]}"; do
    if [ $# -eq 0 ]; then
        tests+=("$t")
    else
        for p in "$@"; do
            case "$t" in *"$p"*) tests+=("$t"); break ;; esac
        done
    fi
done

# ------------------------------------------------------------ parallel runs
# E2E_QUEUE set: this process is a worker; its tests come from that file.
E2E_QUEUE=${E2E_QUEUE:-}
if [ -z "$E2E_QUEUE" ]; then
    jobs=${E2E_JOBS:-}
    if [ -z "$jobs" ]; then
        jobs=$(nproc 2>/dev/null || echo 1)
        [ "$jobs" -gt 4 ] && jobs=4
    fi
    case "$jobs" in ''|*[!0-9]*) jobs=1 ;; esac
    [ "$jobs" -gt ${#tests[@]} ] && jobs=${#tests[@]}
    if [ "$jobs" -gt 1 ]; then
        queue=$E2E_ROOT/queue
        printf '%s\n' "${tests[@]}" >"$queue"
        : >"$E2E_ROOT/out.lock"
        pids=()
        for ((w = 1; w <= jobs; w++)); do
            E2E_QUEUE=$queue E2E_COUNTS=$E2E_ROOT/counts.$w E2E_OUTLOCK=$E2E_ROOT/out.lock \
                E2E_ROOT= E2E_DIR= E2E_JOBS=1 bash "$E2E_REPO/tests/e2e/run.sh" &
            pids+=("$!")
        done
        E2E_TEST_PID=
        trap 'for p in "${pids[@]}"; do e2e__kill_tree "$p"; done; exit 143' TERM
        trap 'for p in "${pids[@]}"; do e2e__kill_tree "$p"; done; exit 130' INT
        for p in "${pids[@]}"; do wait "$p"; done
        passed=0
        failed=0
        for ((w = 1; w <= jobs; w++)); do
            if [ -s "$E2E_ROOT/counts.$w" ]; then
                read -r p f <"$E2E_ROOT/counts.$w"
                passed=$((passed + p))
                failed=$((failed + f))
            else
                echo "FAIL e2e worker $w: it ended without its counts"
                failed=$((failed + 1))
            fi
        done
        # A test the workers never took (a worker died) is a failure too.
        left=$(grep -c . "$queue")
        if [ "$left" -gt 0 ]; then
            echo "FAIL $left tests were never run:"
            sed 's/^/    /' "$queue"
            failed=$((failed + left))
        fi
        echo "e2e: $jobs workers"
        echo "$passed passed, $failed failed"
        [ "$failed" = 0 ]
        exit
    fi
fi

# The next test name from the queue (empty when none is left).
e2e__next_test() {
    (
        flock 9
        local first
        first=$(head -n 1 "$E2E_QUEUE")
        [ -n "$first" ] && sed -i 1d "$E2E_QUEUE"
        printf '%s\n' "$first"
    ) 9>"$E2E_QUEUE.lock"
}

# Print a test's output block whole (workers share the terminal).
e2e__emit() {
    if [ -n "${E2E_OUTLOCK:-}" ]; then
        flock "$E2E_OUTLOCK" cat "$1"
    else
        cat "$1"
    fi
}

# Print the call stack (frames in test files and lib.sh) when a command fails.
e2e__on_err() {
    local rc=$? i
    {
        printf 'e2e: command failed (status %s): %s\n' "$rc" "$BASH_COMMAND"
        for ((i = 0; i < ${#FUNCNAME[@]} - 1; i++)); do
            case "${FUNCNAME[i]}" in e2e__on_err) continue ;; esac
            printf '  at %s:%s (%s)\n' "${BASH_SOURCE[i]#"$E2E_REPO"/}" "${BASH_LINENO[i - 1]:-?}" "${FUNCNAME[i]}"
        done
    } >&2
}

passed=0
failed=0
if [ -n "$E2E_QUEUE" ]; then tests=(); fi
ti=0
while :; do
    if [ -n "$E2E_QUEUE" ]; then
        t=$(e2e__next_test)
        [ -n "$t" ] || break
    else
        [ "$ti" -lt ${#tests[@]} ] || break
        t=${tests[ti]}
        ti=$((ti + 1))
    fi
    E2E_DIR=$E2E_ROOT/$t
    mkdir -p "$E2E_DIR"
    out=$E2E_DIR/output
    : >"$out"
    E2E_URI=
    rc=0
    if e2e__needs_server "$t"; then
        e2e_server_start >>"$out" 2>&1 || rc=$?
    fi
    if [ "$rc" = 0 ]; then
        (
            trap - EXIT INT TERM
            set -eE
            trap e2e__on_err ERR
            "$t"
        ) >>"$out" 2>&1 &
        E2E_TEST_PID=$!
        deadline=$(( $(e2e__now_us) + E2E_TEST_TIMEOUT * 1000000 ))
        while kill -0 "$E2E_TEST_PID" 2>/dev/null; do
            if [ "$(e2e__now_us)" -gt "$deadline" ]; then
                echo "e2e: test timed out after ${E2E_TEST_TIMEOUT}s" >>"$out"
                e2e__kill_tree "$E2E_TEST_PID"
                break
            fi
            sleep 0.05
        done
        wait "$E2E_TEST_PID"
        rc=$?
        E2E_TEST_PID=
    fi
    # Sanitizer reports from the program fail the test.
    if grep -qE 'ERROR: (Address|Leak|Thread|Memory)Sanitizer|runtime error:' "$E2E_DIR/stderr.log" 2>/dev/null; then
        echo "e2e: sanitizer report in the program's stderr" >>"$out"
        rc=1
    fi
    block=$E2E_DIR/report
    {
    if [ "$rc" = 0 ]; then
        passed=$((passed + 1))
        echo "ok $t"
        if [ "${E2E_VERBOSE:-0}" = 1 ] && [ -s "$out" ]; then sed 's/^/    /' "$out"; fi
    else
        failed=$((failed + 1))
        echo "FAIL $t"
        sed 's/^/    /' "$out"
        # The screen at failure, unless the failing e2e_ function printed it.
        if e2e__has_session && ! grep -q -- '^----- screen (' "$out"; then
            echo "    ----- screen at end of test -----"
            e2e_screen 2>&1 | sed 's/^/    |/'
            if ! e2e_alive; then echo "    (program exited, status $(e2e_exit_status))"; fi
        fi
        if [ -s "$E2E_DIR/stderr.log" ]; then
            echo "    ----- program stderr (last 40 lines) -----"
            tail -n 40 "$E2E_DIR/stderr.log" | sed 's/^/    /'
        fi
        if [ -s "$E2E_DIR/server.log" ]; then
            echo "    ----- test server log (last 20 lines) -----"
            tail -n 20 "$E2E_DIR/server.log" | sed 's/^/    /'
        fi
    fi
    } >"$block" 2>&1
    e2e__emit "$block"
    e2e_stop
    e2e_server_stop
done

if [ -n "$E2E_QUEUE" ]; then
    # A worker: the parent adds up and prints the summary.
    echo "$passed $failed" >"$E2E_COUNTS"
    [ "$failed" = 0 ]
    exit
fi
if [ ${#tests[@]} -eq 0 ]; then
    echo "e2e: no tests found"
    failed=$((failed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
