# shellcheck shell=bash
# Server strings are hostile: escape sequences, control characters, wide
# characters and very long values must be shown visibly, never emitted, and
# must not break the table's alignment. Also: auth, cancelling a slow load.

# Creates a run in experiment 1 through the REST API, like another client would.
hostile_create_run() {
    python3 - "$E2E_URI" <<'PY'
import json, sys, urllib.request
uri = sys.argv[1]
def call(path, body):
    req = urllib.request.Request(uri + "/api/2.0/mlflow/" + path, data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))
run = call("runs/create", {"experiment_id": "1", "run_name": "\x1b[31mEVIL\x07\x1b]0;pwned\x07名前",
                           "start_time": 1800000000000})["run"]["info"]["run_id"]
call("runs/log-batch", {"run_id": run,
     "params": [{"key": "note\x1b[2J", "value": "x" * 5000}],
     "metrics": [{"key": "f1", "value": 0.5, "timestamp": 1800000000000, "step": 0}],
     "tags": [{"key": "mlflow.note.content", "value": "line1\nline2\x1b[H\x9b2J"}]})
PY
}

test_hostile_run_name_is_shown_visibly_and_table_stays_aligned() {
    hostile_create_run
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "35/35 runs" 10
    # The newest run is first: its name's escapes are caret notation, not colours.
    e2e_assert_line_matches 4 '\^\[\[31mEVIL\^G'
    # The wide characters take two columns each and the columns stay aligned:
    # the Status column starts at the same display column on the hostile row
    # and on the next one.
    local cols
    cols=$(e2e_screen | python3 -c '
import sys, unicodedata
lines = sys.stdin.read().split("\n")
def col(line, word):
    i = line.find(word)
    if i < 0:
        return -1
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line[:i])
print(col(lines[3], "RUNNING"), col(lines[4], "RUNNING") if "RUNNING" in lines[4] else col(lines[4], "FINISHED"))')
    set -- $cols
    [ "$1" -gt 0 ] && [ "$1" = "$2" ] || e2e_fail "status column moved: $cols"
    # The terminal title was not set by the OSC sequence, and nothing cleared the screen.
    e2e_assert_screen_has "smiling-ant-659"
    e2e_keys Enter
    e2e_wait_for "Description"
    e2e_assert_screen_has "line1↵line2^[[H<9b>2J"
    e2e_alive
}

test_hostile_long_param_opens_in_full() {
    hostile_create_run
    e2e_start_mltui 100x30 --experiment Hazardous_NEOs
    e2e_wait_for "35/35 runs" 10
    e2e_keys Enter
    e2e_wait_for "Parameters (1)"
    # Sections: Overview, Description, Metrics, Parameters: three Tabs.
    e2e_keys g Tab Tab Tab j
    e2e_wait_match 'note\^\[\[2J +xxxxxxxx'
    e2e_keys v
    e2e_wait_match '^ xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'
    e2e_keys q
    e2e_wait_for "Parameters (1)"
}

test_hostile_esc_cancels_a_slow_load() {
    e2e_server_start --delay-ms 3000
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "runs/search" 5
    e2e_assert_screen_has "Esc cancels"
    e2e_keys Escape
    e2e_wait_for "Cancelled" 2
    e2e_wait_gone "Esc cancels" 2
    # Keys still work after the cancel: reload brings the runs.
    e2e_keys r
    e2e_wait_for "34/34 runs" 10
}

test_hostile_basic_auth_from_environment() {
    e2e_server_start --basic-auth alice:s3cret
    MLFLOW_TRACKING_USERNAME=alice MLFLOW_TRACKING_PASSWORD=s3cret \
        e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
}

test_hostile_wrong_credentials_say_what_to_do() {
    e2e_server_start --basic-auth alice:s3cret
    MLFLOW_TRACKING_USERNAME=alice MLFLOW_TRACKING_PASSWORD=wrong \
        e2e_start_mltui 120x40
    # Not just "401": the server's port may hold those digits (127.0.0.1:40141).
    e2e_wait_for "(401)" 10
    e2e_assert_screen_has "MLFLOW_TRACKING_USERNAME"
    e2e_alive
}
