# shellcheck shell=bash
# End-to-end test harness: drives the real mltui binary inside a detached tmux
# session (private socket) against the Python MLflow test server.
#
# Sourced by tests/e2e/run.sh.  A test is a function `test_NAME` in a file
# tests/e2e/test_*.sh; run.sh runs each test in a subshell with `set -e`, a fresh
# test server (E2E_URI set) and no tmux session; any failing command fails the test.
#
#   e2e_server_start [SERVER ARGS...]   start tests/server/mlflow_server.py on a free
#                                       port (fixture $E2E_FIXTURE, default neos.json);
#                                       sets E2E_URI=http://127.0.0.1:PORT
#   e2e_server_stop
#   e2e_mlflow 'ENDPOINT JSON'...       POST to the server's MLflow API (RUN(name) = run id)
#   e2e_start COLSxROWS ARGS...         run ${MLTUI:-./mltui} ARGS in a new session
#   e2e_start_mltui COLSxROWS ARGS...   same, with --tracking-uri "$E2E_URI" prepended
#   e2e_keys KEYS...                    tmux send-keys (key names: Enter Escape Up C-l ...)
#   e2e_clipboard / e2e_wait_clipboard TEXT   what mltui last copied with OSC 52
#   e2e_type TEXT                       send TEXT literally (send-keys -l)
#   e2e_screen                          print the pane (capture-pane -p)
#   e2e_wait_for TEXT [TIMEOUT_S]       poll every 50 ms until TEXT (fixed string) is
#                                       on screen; default 5 s; on timeout print screen, fail
#   e2e_wait_gone TEXT [TIMEOUT_S]      poll until TEXT is no longer on screen
#   e2e_wait_match REGEX [TIMEOUT_S]    like e2e_wait_for with an extended regex
#   e2e_assert_screen_has TEXT
#   e2e_assert_screen_lacks TEXT
#   e2e_assert_line_matches N REGEX     screen line N (1 = top; -1 = bottom) matches ERE
#   e2e_line N                          print screen line N (same numbering)
#   e2e_resize COLS ROWS
#   e2e_alive                           true while the program still runs in the pane
#   e2e_wait_exit [TIMEOUT_S]           wait for the program to exit; prints its status
#   e2e_exit_status                     exit status of the (dead) program
#   e2e_stderr                          print what the program wrote to stderr
#   e2e_stop                            kill the session and the private tmux server
#   e2e_fail MSG                        print MSG and fail
#
# Adding a test: create (or extend) tests/e2e/test_TOPIC.sh with functions
#   test_TOPIC_WHAT() {
#       e2e_start_mltui 120x35 --experiment Hazardous_NEOs
#       e2e_wait_for smiling-ant-659 10
#       e2e_keys j Enter
#       e2e_wait_for "Parameters"
#       e2e_assert_line_matches -1 'q back'
#       e2e_keys Q
#       [ "$(e2e_wait_exit)" = 0 ]
#   }
# Run one with `tests/e2e/run.sh TOPIC_WHAT` (a substring of the name); no
# registration needed.  Tests that need no server: `e2e_no_server test_NAME`.
#
# Environment: MLTUI (binary, default ./mltui), E2E_COLORTERM (COLORTERM for the
# program; unset by default, whatever the caller has), E2E_FIXTURE, E2E_KEEP=1 (keep the
# temp dir), E2E_TIMEOUT_SCALE (multiply every wait timeout, e.g. 3 under ASan).
# Program stderr goes to $E2E_DIR/stderr.log (not the pane); HOME and
# XDG_CONFIG_HOME point to an empty per-test directory.

E2E_REPO=${E2E_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
E2E_SOCKET="mltui-e2e-$$"
E2E_SESSION="e2e"
E2E_FIXTURE=${E2E_FIXTURE:-$E2E_REPO/tests/fixtures/neos.json}
E2E_SERVER=${E2E_SERVER:-$E2E_REPO/tests/server/mlflow_server.py}
E2E_PYTHON=${PYTHON:-python3}
E2E_TIMEOUT_SCALE=${E2E_TIMEOUT_SCALE:-1}
E2E_URI=${E2E_URI:-}
E2E_NOSERVER_TESTS=${E2E_NOSERVER_TESTS:-}
# E2E_ROOT: temp dir of the whole run; E2E_DIR: the current test's dir (run.sh sets it).
E2E_ROOT=${E2E_ROOT:-}
E2E_DIR=${E2E_DIR:-}

e2e__msg() {
    printf 'e2e: %s\n' "$*" >&2
}

e2e_fail() {
    e2e__msg "$@"
    return 1
}

# Create the run's temp dir (if needed) and a default test dir.
e2e_init() {
    if [ -z "$E2E_ROOT" ]; then
        E2E_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/mltui-e2e.XXXXXX")
    fi
    if [ -z "$E2E_DIR" ]; then
        E2E_DIR=$E2E_ROOT/default
    fi
    mkdir -p "$E2E_DIR"
}

# Tests that need no test server: call `e2e_no_server test_a test_b` at file level.
e2e_no_server() {
    E2E_NOSERVER_TESTS="$E2E_NOSERVER_TESTS $*"
}

e2e__needs_server() {
    case " $E2E_NOSERVER_TESTS " in
        *" $1 "*) return 1 ;;
    esac
    return 0
}

e2e__tmux() {
    tmux -u -L "$E2E_SOCKET" -f "$E2E_ROOT/tmux.conf" "$@"
}

# Current time in microseconds.
e2e__now_us() {
    local t=${EPOCHREALTIME:-}
    if [ -n "$t" ]; then
        t=${t/./}
        t=${t/,/}
        printf '%s\n' "$t"
    else
        date +%s%6N
    fi
}

# Seconds (may be fractional) * E2E_TIMEOUT_SCALE -> microseconds.
e2e__timeout_us() {
    awk -v s="$1" -v k="$E2E_TIMEOUT_SCALE" 'BEGIN { printf "%d\n", s * k * 1000000 }'
}

# ---------------------------------------------------------------- test server

e2e_server_start() {
    e2e_init
    [ -f "$E2E_SERVER" ] || { e2e_fail "test server $E2E_SERVER missing"; return 1; }
    e2e_server_stop
    local portfile=$E2E_DIR/server.port log=$E2E_DIR/server.log
    rm -f "$portfile"
    # A test slows runs/search down mid-test with: echo MS >"$E2E_DIR/delay";
    # the registry and logged-models lists with: echo MS >"$E2E_DIR/list-delay"
    "$E2E_PYTHON" "$E2E_SERVER" --fixture "$E2E_FIXTURE" --port 0 --port-file "$portfile" \
        --delay-file "$E2E_DIR/delay" --list-delay-file "$E2E_DIR/list-delay" "$@" \
        >>"$log" 2>&1 </dev/null &
    local pid=$!
    echo "$pid" >"$E2E_DIR/server.pid"
    E2E_SERVER_PID=$pid; export E2E_SERVER_PID
    local deadline port=
    deadline=$(( $(e2e__now_us) + $(e2e__timeout_us 15) ))
    while :; do
        if ! kill -0 "$pid" 2>/dev/null; then
            e2e__msg "test server exited during start-up; log ($log):"
            tail -n 30 "$log" >&2
            return 1
        fi
        if [ -z "$port" ] && [ -s "$portfile" ]; then
            port=$(tr -dc '0-9' <"$portfile")
        fi
        # The port is known: is it accepting connections?
        if [ -n "$port" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            break
        fi
        if [ "$(e2e__now_us)" -gt "$deadline" ]; then
            e2e__msg "test server did not come up (port file $portfile); log:"
            tail -n 30 "$log" >&2
            return 1
        fi
        sleep 0.05
    done
    E2E_PORT=$port
    E2E_URI="http://127.0.0.1:$port"
    export E2E_URI E2E_PORT
}

# e2e_mlflow CALL...: changes data on the test server during a test: each CALL is "ENDPOINT JSON" sent to the test server's
# MLflow API in one Python process (Python starts slowly on a loaded machine).
# In JSON, RUN(name) is replaced by the id of the Hazardous_NEOs run of that name.
e2e_mlflow() {
    "$E2E_PYTHON" - "$E2E_URI/api/2.0/mlflow" "$@" <<'PY'
import json, re, sys, urllib.request
base = sys.argv[1]
def post(endpoint, body):
    req = urllib.request.Request(base + "/" + endpoint, data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(req, timeout=30).read() or b"{}")
def run_id(name):
    r = post("runs/search", {"experiment_ids": ["1"], "max_results": 1,
                             "filter": "attributes.run_name = '%s'" % name})
    return r["runs"][0]["info"]["run_id"]
for call in sys.argv[2:]:
    endpoint, body = call.split(" ", 1)
    body = re.sub(r"RUN\(([^)]*)\)", lambda m: run_id(m.group(1)), body)
    post(endpoint, json.loads(body))
PY
}

e2e_server_stop() {
    local pidfile=${E2E_DIR:-/nonexistent}/server.pid pid
    [ -f "$pidfile" ] || return 0
    pid=$(cat "$pidfile")
    rm -f "$pidfile"
    [ -n "$pid" ] || return 0
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        local i
        for i in $(seq 1 40); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.05
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    E2E_URI=
    return 0
}

# ---------------------------------------------------------------- tmux session

e2e__write_tmux_conf() {
    cat >"$E2E_ROOT/tmux.conf" <<'EOF'
set -g status off
set -g remain-on-exit on
set -g remain-on-exit-format ""
set -g escape-time 0
set -g history-limit 1000
set -g default-terminal xterm-256color
set -g set-clipboard on
EOF
}

# e2e_start COLSxROWS PROGRAM-ARGS...
e2e_start() {
    e2e_init
    local size=$1; shift
    case "$size" in
        [0-9]*x[0-9]*) ;;
        *) e2e_fail "e2e_start: size must be COLSxROWS, got '$size'"; return 1 ;;
    esac
    local cols=${size%x*} rows=${size#*x}
    e2e_stop
    e2e__write_tmux_conf
    local bin=${MLTUI:-./mltui}
    if ! (cd "$E2E_REPO" && command -v "$bin") >/dev/null 2>&1; then
        e2e_fail "e2e_start: program '$bin' not found or not executable (run make?)"
        return 1
    fi
    local home=$E2E_DIR/home
    mkdir -p "$home/.config"
    : >"$E2E_DIR/stderr.log"
    local cmd arg
    rm -f "$E2E_DIR/exit_status"
    # Not `exec`: the pane's shell records the exit status (tmux 3.3a's
    # #{pane_dead_status} is unreliable when polled).
    cmd="cd $(printf '%q' "$E2E_REPO") && env -u LC_ALL -u LC_CTYPE -u TMUX -u COLORTERM"
    cmd+=" TERM=xterm-256color LANG=C.UTF-8"
    cmd+=" HOME=$(printf '%q' "$home") XDG_CONFIG_HOME=$(printf '%q' "$home/.config")"
    cmd+=" XDG_CACHE_HOME=$(printf '%q' "$home/.cache")"
    local v
    for v in ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS MLFLOW_TRACKING_USERNAME \
             MLFLOW_TRACKING_PASSWORD MLFLOW_TRACKING_TOKEN MLFLOW_TRACKING_INSECURE_TLS NO_COLOR \
             MLFLOW_HTTP_REQUEST_MAX_RETRIES MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR \
             MLFLOW_HTTP_REQUEST_BACKOFF_JITTER MLFLOW_HTTP_REQUEST_TIMEOUT; do
        if [ -n "${!v:-}" ]; then cmd+=" $v=$(printf '%q' "${!v}")"; fi
    done
    # The terminal's colour claim is the test's choice, never the caller's.
    if [ -n "${E2E_COLORTERM:-}" ]; then cmd+=" COLORTERM=$(printf '%q' "$E2E_COLORTERM")"; fi
    cmd+=" $(printf '%q' "$bin")"
    for arg in "$@"; do
        cmd+=" $(printf '%q' "$arg")"
    done
    cmd+=" 2>>$(printf '%q' "$E2E_DIR/stderr.log")"
    cmd+="; echo \$? >$(printf '%q' "$E2E_DIR/exit_status")"
    printf '%s\n' "$cmd" >"$E2E_DIR/command"
    e2e__tmux new-session -d -s "$E2E_SESSION" -x "$cols" -y "$rows" "$cmd" \
        || { e2e_fail "e2e_start: tmux new-session failed"; return 1; }
}

e2e_start_mltui() {
    local size=$1; shift
    [ -n "$E2E_URI" ] || { e2e_fail "e2e_start_mltui: no test server (E2E_URI unset)"; return 1; }
    e2e_start "$size" --tracking-uri "$E2E_URI" "$@"
}

# e2e_clipboard: what the program last put on the clipboard with OSC 52
# (tmux with set-clipboard on keeps it as its newest paste buffer).
e2e_clipboard() {
    e2e__tmux show-buffer 2>/dev/null
}

# e2e_wait_clipboard TEXT [SECONDS]: waits until the clipboard holds exactly TEXT.
e2e_wait_clipboard() {
    local want=$1 secs=${2:-5} deadline
    deadline=$(( $(e2e__now_us) + $(e2e__timeout_us "$secs") ))
    while [ "$(e2e_clipboard)" != "$want" ]; do
        if [ "$(e2e__now_us)" -ge "$deadline" ]; then
            e2e_fail "clipboard is '$(e2e_clipboard)', not '$want'"
            return 1
        fi
        sleep 0.05
    done
}

e2e__has_session() {
    [ -n "$E2E_ROOT" ] && e2e__tmux has-session -t "$E2E_SESSION" 2>/dev/null
}

e2e_stop() {
    if [ -n "$E2E_ROOT" ] && [ -f "$E2E_ROOT/tmux.conf" ]; then
        e2e__tmux kill-server >/dev/null 2>&1 || true
    fi
    return 0
}

e2e_keys() {
    e2e__has_session || { e2e_fail "e2e_keys: no session"; return 1; }
    e2e__tmux send-keys -t "$E2E_SESSION" "$@"
}

e2e_type() {
    e2e__has_session || { e2e_fail "e2e_type: no session"; return 1; }
    e2e__tmux send-keys -t "$E2E_SESSION" -l "$*"
}

e2e_screen() {
    e2e__has_session || { e2e_fail "e2e_screen: no session"; return 1; }
    e2e__tmux capture-pane -p -t "$E2E_SESSION"
}

e2e__print_screen() {
    local cols rows
    cols=$(e2e__tmux display-message -p -t "$E2E_SESSION" '#{pane_width}' 2>/dev/null) || cols='?'
    rows=$(e2e__tmux display-message -p -t "$E2E_SESSION" '#{pane_height}' 2>/dev/null) || rows='?'
    {
        printf -- '----- screen (%sx%s) -----\n' "$cols" "$rows"
        e2e_screen 2>&1 | sed 's/^/|/'
        printf -- '----- end of screen -----\n'
    } >&2
}

# e2e__wait MODE PATTERN TIMEOUT_S; MODE: has | gone | match
e2e__wait() {
    local mode=$1 pat=$2 timeout=${3:-5} deadline screen found
    deadline=$(( $(e2e__now_us) + $(e2e__timeout_us "$timeout") ))
    while :; do
        screen=$(e2e_screen) || return 1
        found=1
        case "$mode" in
            has|gone) grep -qF -- "$pat" <<<"$screen" || found=0 ;;
            match) grep -qE -- "$pat" <<<"$screen" || found=0 ;;
        esac
        if [ "$mode" = gone ]; then
            [ "$found" = 0 ] && return 0
        else
            [ "$found" = 1 ] && return 0
        fi
        if [ "$(e2e__now_us)" -gt "$deadline" ]; then
            case "$mode" in
                has) e2e__msg "timed out after ${timeout}s waiting for text: $pat" ;;
                match) e2e__msg "timed out after ${timeout}s waiting for regex: $pat" ;;
                gone) e2e__msg "timed out after ${timeout}s waiting for text to go: $pat" ;;
            esac
            if ! e2e_alive; then
                e2e__msg "(the program has exited, status $(e2e_exit_status))"
            fi
            e2e__print_screen
            return 1
        fi
        sleep 0.05
    done
}

e2e_wait_for() { e2e__wait has "$1" "${2:-5}"; }
e2e_wait_gone() { e2e__wait gone "$1" "${2:-5}"; }
e2e_wait_match() { e2e__wait match "$1" "${2:-5}"; }
# Wait until no request of the screen is in flight (the status line's
# "(Esc cancels)" is gone): a key sent earlier may cancel the request instead
# of doing what the test means (Esc and q cancel first, then go back).
e2e_wait_idle() { e2e__wait gone "Esc cancels" "${1:-5}"; }

e2e_assert_screen_has() {
    local screen
    screen=$(e2e_screen) || return 1
    if ! grep -qF -- "$1" <<<"$screen"; then
        e2e__msg "screen lacks expected text: $1"
        e2e__print_screen
        return 1
    fi
}

e2e_assert_screen_lacks() {
    local screen
    screen=$(e2e_screen) || return 1
    if grep -qF -- "$1" <<<"$screen"; then
        e2e__msg "screen has unexpected text: $1"
        e2e__print_screen
        return 1
    fi
}

# e2e_line N: line N of the screen, 1-based; negative counts from the bottom.
e2e_line() {
    local n=$1 screen rows
    screen=$(e2e__tmux capture-pane -p -t "$E2E_SESSION" -S 0 -E -) || return 1
    rows=$(e2e__tmux display-message -p -t "$E2E_SESSION" '#{pane_height}') || return 1
    if [ "$n" -lt 0 ]; then n=$(( rows + n + 1 )); fi
    if [ "$n" -lt 1 ] || [ "$n" -gt "$rows" ]; then
        e2e_fail "e2e_line: line $1 out of range (screen has $rows lines)"
        return 1
    fi
    # capture-pane drops trailing empty lines; missing lines are empty.
    awk -v n="$n" 'NR == n { print; found = 1 } END { if (!found) print "" }' <<<"$screen"
}

e2e_assert_line_matches() {
    local n=$1 re=$2 line
    line=$(e2e_line "$n") || return 1
    if ! grep -qE -- "$re" <<<"$line"; then
        e2e__msg "line $n does not match /$re/: '$line'"
        e2e__print_screen
        return 1
    fi
}

e2e_resize() {
    e2e__has_session || { e2e_fail "e2e_resize: no session"; return 1; }
    e2e__tmux resize-window -t "$E2E_SESSION" -x "$1" -y "$2"
}

e2e_alive() {
    [ ! -e "$E2E_DIR/exit_status" ] || return 1
    local dead
    dead=$(e2e__tmux display-message -p -t "$E2E_SESSION" '#{pane_dead}' 2>/dev/null) || return 1
    [ "$dead" = 0 ]
}

# Prints the exit status of the program (128+N if killed by signal N), once it
# has exited; waits up to 2 s for it.
e2e_exit_status() {
    local i
    for i in $(seq 1 100); do
        if [ -s "$E2E_DIR/exit_status" ]; then
            cat "$E2E_DIR/exit_status"
            return 0
        fi
        sleep 0.02
    done
    echo unknown
}

# e2e_wait_exit [TIMEOUT_S]: wait until the program exits; print its exit status.
e2e_wait_exit() {
    local timeout=${1:-5} deadline
    deadline=$(( $(e2e__now_us) + $(e2e__timeout_us "$timeout") ))
    while e2e_alive; do
        if [ "$(e2e__now_us)" -gt "$deadline" ]; then
            e2e__msg "timed out after ${timeout}s waiting for the program to exit"
            e2e__print_screen
            return 1
        fi
        sleep 0.05
    done
    e2e_exit_status
}

e2e_stderr() {
    cat "$E2E_DIR/stderr.log" 2>/dev/null || true
}
