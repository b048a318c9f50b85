# shellcheck shell=bash
# mltui in front of a hostile server: tests/server/faultproxy.py between mltui
# and the test server injects one named fault per test (see the proxy's
# docstring). Each test asserts what the user sees (a readable line, keys
# still answering) and, where it matters, what reached the server.

# fault_proxy_start [--fault 'REGEX=NAME[:ARG[:ARG2]]']...: a proxy in front of
# $E2E_URI; E2E_URI then points at the proxy (E2E_UPSTREAM at the server).
fault_proxy_start() {
    local portfile=$E2E_DIR/proxy.port deadline
    rm -f "$portfile"
    "$E2E_PYTHON" "$E2E_REPO/tests/server/faultproxy.py" --upstream "$E2E_URI" --port 0 \
        --port-file "$portfile" --die-with "$E2E_SERVER_PID" "$@" \
        >>"$E2E_DIR/proxy.log" 2>&1 </dev/null &
    deadline=$(( $(e2e__now_us) + $(e2e__timeout_us 30) ))
    until [ -s "$portfile" ]; do
        [ "$(e2e__now_us)" -lt "$deadline" ] || { e2e_fail "fault proxy did not start"; return 1; }
        sleep 0.05
    done
    E2E_UPSTREAM=$E2E_URI
    E2E_URI="http://127.0.0.1:$(tr -dc 0-9 <"$portfile")"
    export E2E_URI E2E_UPSTREAM
}

# fault_count received|forwarded PATH: how many requests for PATH the proxy got
# / passed on to the server.
fault_count() {
    "$E2E_PYTHON" - "$E2E_URI" "$1" "$2" <<'PY'
import json, sys, urllib.request
uri, which, path = sys.argv[1:4]
j = json.load(urllib.request.urlopen(uri + "/__fault__/counts", timeout=5))
print(j[which].get(path, 0))
PY
}

# upstream_check PATH PY-EXPR: the server's state, asked past the proxy.
upstream_check() {
    "$E2E_PYTHON" - "$E2E_UPSTREAM" "$1" "$2" <<'PY'
import json, sys, urllib.request
uri, path, expr = sys.argv[1:4]
j = json.load(urllib.request.urlopen(uri + "/api/2.0/mlflow/" + path, timeout=5))
if not eval("(" + expr + ")"):
    print("server state check failed: %s\nreply: %s" % (expr, json.dumps(j)[:2000]))
    sys.exit(1)
PY
}

# A stage change whose connection is reset after the server applied it: sent
# once, said to be unknown, and the screen re-reads what the server holds.
test_faults_write_reset_after_request_is_unknown_and_reread() {
    fault_proxy_start --fault 'transition-stage$=reset-after-request'
    e2e_start_mltui 120x40
    e2e_wait_for "Hazardous_NEOs" 10
    e2e_keys : ; e2e_type "model NEOs"; e2e_keys Enter
    e2e_wait_match '^  2 +Production '
    e2e_keys s 2
    e2e_wait_for "NEOs v2: Production -> Staging"
    e2e_keys y
    e2e_wait_for "The server may or may not have applied: NEOs v2: Production -> Staging. Re-reading" 10
    e2e_wait_match '^  2 +Staging ' 10
    [ "$(fault_count received /api/2.0/mlflow/model-versions/transition-stage)" = 1 ] ||
        e2e_fail "the stage change was sent more than once"
    upstream_check "model-versions/get?name=NEOs&version=2" \
        'j["model_version"]["current_stage"] == "Staging"'
    e2e_keys j k
    e2e_alive
}

# fault_ctl PATH [JSON]: a control request to the proxy (/__fault__/set, /clear).
fault_ctl() {
    "$E2E_PYTHON" - "$E2E_URI" "$1" "${2:-{\}}" <<'PY'
import sys, urllib.request
uri, path, body = sys.argv[1:4]
req = urllib.request.Request(uri + path, data=body.encode(), method="POST",
                             headers={"Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=5).read()
PY
}

# A read answered 503 is retried with MLflow's backoff; the status line counts
# the retries down, Esc cancels the wait, and keys go on working.
test_faults_read_retry_shown_and_esc_cancels() {
    fault_proxy_start --fault 'runs/search$=status:503'
    MLFLOW_HTTP_REQUEST_BACKOFF_JITTER=0 e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_match 'runs/search: retry 2/7 in [1-4] s \(HTTP 503\)' 20
    e2e_keys Escape
    e2e_wait_for "Cancelled" 3
    e2e_wait_gone "retry 2/7" 3
    fault_ctl /__fault__/clear
    e2e_keys r
    e2e_wait_for "34/34 runs" 10
}

# A 429 is the server being busy, not the filter being wrong.
test_faults_429_is_not_filter_rejected() {
    fault_proxy_start
    MLFLOW_HTTP_REQUEST_MAX_RETRIES=0 e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    fault_ctl /__fault__/set '{"pattern": "runs/search$", "fault": "status", "arg": "429"}'
    e2e_keys f
    e2e_wait_for "filter (MLflow syntax"
    e2e_type "metrics.f1 > 0.5"; e2e_keys Enter
    e2e_wait_for "fault proxy: HTTP 429" 10
    e2e_assert_screen_lacks "Filter rejected"
    e2e_alive
}

# ---- the fault matrix ------------------------------------------------------
# Every named fault on every API path, walking the main screens: experiments
# (the first screen), registered models, an experiment's runs. Each screen must
# show a readable line, keys must keep answering (help opens and closes), the
# program's memory must stay bounded, and it must quit cleanly (under
# mltui-asan the harness also fails the test on any sanitizer report).
# Retries and timeouts are shortened so the whole matrix stays quick.

# The resident memory of the program in the pane, in MiB.
fault_rss_mib() {
    local pane pid
    pane=$(e2e__tmux list-panes -t "$E2E_SESSION" -F '#{pane_pid}' | head -n 1)
    pid=$(pgrep -P "$pane" | head -n 1)
    [ -n "$pid" ] || { echo 0; return; }
    awk '/^VmRSS:/ { printf "%d\n", $2 / 1024 }' "/proc/$pid/status"
}

# fault_walk 'NAME[:ARG]' REGEX [TIMEOUT_S]: the walk under one fault; REGEX is
# the readable line each screen must show (an extended regex).
fault_walk() {
    local spec=$1 want=$2 wait=${3:-20} rss limit=400
    fault_proxy_start --fault "^/api/2\.0/=$spec" --fault "^/ajax-api/=$spec"
    MLFLOW_HTTP_REQUEST_MAX_RETRIES=1 MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR=0.1 \
        MLFLOW_HTTP_REQUEST_BACKOFF_JITTER=0 MLFLOW_HTTP_REQUEST_TIMEOUT=3 \
        e2e_start_mltui 120x40
    e2e_wait_match "$want" "$wait"
    e2e_keys : ; e2e_type models; e2e_keys Enter
    e2e_wait_match "Registered models: .*($want)|^ *No registered model" "$wait"
    e2e_keys : ; e2e_type "experiment Hazardous_NEOs"; e2e_keys Enter
    e2e_wait_match "$want" "$wait"
    e2e_keys '?'
    e2e_wait_for "Keys:" 10
    e2e_keys q
    e2e_wait_gone "Keys:" 10
    rss=$(fault_rss_mib)
    case "${MLTUI:-}" in *asan*) limit=1200 ;; esac
    [ "$rss" -lt "$limit" ] || e2e_fail "memory not bounded: RSS $rss MiB under $spec"
    e2e_keys Q
    [ "$(e2e_wait_exit 10)" = 0 ]
}

FAULT_ERR='not valid JSON|too large|Connection to|Cannot connect|No complete reply|HTTP [0-9]{3}|page token|stopped after|fault proxy'

test_faults_matrix_reset() { fault_walk reset "$FAULT_ERR"; }
test_faults_matrix_reset_after_request() { fault_walk reset-after-request "$FAULT_ERR"; }
test_faults_matrix_close_mid_body() { fault_walk close-mid-body "$FAULT_ERR"; }
test_faults_matrix_truncate() { fault_walk truncate "$FAULT_ERR"; }
test_faults_matrix_malformed() { fault_walk malformed "$FAULT_ERR"; }
test_faults_matrix_wrong_types() { fault_walk wrong-types "$FAULT_ERR|not found|No experiment|0 experiments|no run|0/0 runs"; }
test_faults_matrix_deep_nesting() { fault_walk deep-nesting:200000 "$FAULT_ERR"; }
test_faults_matrix_huge() { fault_walk huge:100 "$FAULT_ERR"; }
test_faults_matrix_drip() { fault_walk drip:300 "$FAULT_ERR"; }
test_faults_matrix_token_repeat() { fault_walk token-repeat "$FAULT_ERR|Hazardous_NEOs"; }
# token-endless is left to tests/api/test_faults.c (a 5-page limit, counted):
# here it would cost 1,000 proxied pages per list before the bound stops them.
test_faults_matrix_status_503_retry_after() { fault_walk status:503:1 "$FAULT_ERR"; }
test_faults_matrix_status_429() { fault_walk status:429 "$FAULT_ERR"; }
test_faults_matrix_redirect_off_host() { fault_walk redirect-off-host "$FAULT_ERR"; }
test_faults_matrix_gzip_lie() { fault_walk gzip-lie:256 "$FAULT_ERR"; }
