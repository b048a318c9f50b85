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
