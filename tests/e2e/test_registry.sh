# shellcheck shell=bash
# The registry story end to end, as in the Hazardous_NEOs study: the f1-best
# random forest (big-skink-198) is registered as a new model, version 1, and
# moved to Production; the second best (chill-seal-447) becomes version 2,
# goes to Production archiving version 1, and gets the alias champion. Every
# step is checked on the screen and on the server (REST). Then the failures:
# a stage the server refuses, a model deleted meanwhile, the server going
# away before a confirmation, --read-only, and a user without write access.
#
# The fixture already holds NEOs (v1 Archived, v2 Production, champion -> 2),
# so the walk uses a new model, NEOs_e2e.

# reg_server_check PATH PY-EXPR: GET $E2E_URI/api/2.0/mlflow/PATH and check a
# Python expression over the JSON reply `j`.
reg_server_check() {
    python3 - "$E2E_URI" "$1" "$2" <<'PY'
import json, sys, urllib.request
uri, path, expr = sys.argv[1:4]
try:
    j = json.load(urllib.request.urlopen(uri + "/api/2.0/mlflow/" + path, timeout=5))
except urllib.error.HTTPError as e:
    j = {"http_status": e.code, **json.load(e)}
if not eval("(" + expr + ")"):
    print("server state check failed: %s\nreply: %s" % (expr, json.dumps(j)[:3000]))
    sys.exit(1)
PY
}

# reg_server_call METHOD PATH JSON-BODY: a write made by "someone else".
reg_server_call() {
    python3 - "$E2E_URI" "$1" "$2" "$3" <<'PY'
import sys, urllib.request
uri, method, path, body = sys.argv[1:5]
req = urllib.request.Request(uri + "/api/2.0/mlflow/" + path, data=body.encode(),
                             method=method, headers={"Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=5).read()
PY
}

# Opens Hazardous_NEOs sorted by f1 (best first) and the run on line $1.
reg_open_run_by_f1() {
    e2e_keys : ; e2e_type "sort f1 desc"; e2e_keys Enter
    e2e_wait_for "sort: metrics.f1 desc"
}

reg_register_from_run() {   # ARGS: run name, how to pick the model (keys)
    e2e_wait_match "› $1 "
    e2e_keys R
    e2e_wait_for "Register which model folder?"
    e2e_assert_screen_has "> model"
    e2e_keys Enter
    e2e_wait_for "+ New registered model"
}

test_registry_study_walk() {
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    reg_open_run_by_f1
    e2e_assert_line_matches 4 '^  big-skink-198 '
    e2e_keys Enter
    # 1. Register the f1-best forest as a new model, version 1.
    reg_register_from_run big-skink-198
    e2e_keys Enter                       # "+ New registered model…"
    e2e_wait_for "New registered model name"
    e2e_type NEOs_e2e; e2e_keys Enter
    e2e_wait_for "Create registered model NEOs_e2e, then its version 1 from run"
    e2e_assert_screen_has "big-skink-198, folder model"
    e2e_keys y
    e2e_wait_for "Registered NEOs_e2e version 1 (from run big-skink-198)"
    e2e_wait_match '^  1 +None +— +READY +big-skink-198 '
    e2e_assert_line_matches 1 'big-skink-198 › NEOs_e2e'
    reg_server_check "registered-models/get?name=NEOs_e2e" \
        'len(j["registered_model"]["latest_versions"]) == 1 and
         j["registered_model"]["latest_versions"][0]["version"] == "1" and
         j["registered_model"]["latest_versions"][0]["current_stage"] == "None" and
         j["registered_model"]["latest_versions"][0]["source"].endswith("/artifacts/model")'
    # 2. Move it to Production (nothing there to archive: no archive question).
    e2e_keys s
    e2e_wait_for "Move NEOs_e2e v1 (now None) to:"
    e2e_keys 3
    e2e_wait_for "NEOs_e2e v1: None -> Production"
    e2e_assert_screen_lacks "Archive existing"
    e2e_keys y
    e2e_wait_match '^  1 +Production '
    e2e_wait_for "Done: NEOs_e2e v1: None -> Production"
    reg_server_check "model-versions/get?name=NEOs_e2e&version=1" \
        'j["model_version"]["current_stage"] == "Production"'
    # 3. Register the second best (chill-seal-447) as version 2 of the same model.
    e2e_keys q q
    e2e_wait_for "34/34 runs"
    e2e_keys j Enter
    reg_register_from_run chill-seal-447
    e2e_keys j
    # Down one line at a time, each time waiting for the cursor to move.
    local i=0 cur
    while ! e2e_screen | grep -q '> NEOs_e2e'; do
        i=$((i + 1))
        [ $i -le 20 ] || e2e_fail "NEOs_e2e never came under the cursor"
        cur=$(e2e_screen | grep -m1 -E '^ *> ' || true)
        e2e_keys j
        [ -z "$cur" ] || e2e_wait_gone "$cur" 2
    done
    e2e_keys Enter
    e2e_wait_for "Create a version of NEOs_e2e from run chill-seal-447, folder"
    e2e_assert_screen_lacks "Create registered model"
    e2e_keys y
    e2e_wait_for "Registered NEOs_e2e version 2"
    e2e_wait_match '^  2 +None +— +READY +chill-seal-447 '
    e2e_assert_screen_has "2 versions"
    # 4. Version 2 to Production, archiving version 1.
    e2e_keys s
    e2e_wait_for "Move NEOs_e2e v2 (now None) to:"
    e2e_keys 3
    e2e_wait_for "Archive existing versions?"
    e2e_assert_screen_has "v1 is now in Production"
    e2e_assert_screen_has "> Archive v1"
    e2e_keys Enter
    e2e_wait_for "NEOs_e2e v2: None -> Production; v1: Production -> Archived"
    e2e_keys y
    e2e_wait_match '^  2 +Production '
    e2e_wait_match '^  1 +Archived '
    reg_server_check "model-versions/search?filter=name%3D%27NEOs_e2e%27" \
        'sorted((v["version"], v["current_stage"]) for v in j["model_versions"]) ==
         [("1", "Archived"), ("2", "Production")]'
    # 5. Alias champion on version 2.
    e2e_keys a
    e2e_wait_for "Alias (letters, digits, _ -):"
    e2e_type champion; e2e_keys Enter
    e2e_wait_for "Set alias champion on NEOs_e2e v2"
    e2e_keys y
    e2e_wait_match '^  2 +Production +champion '
    e2e_assert_screen_has "aliases: champion→v2"
    reg_server_check "registered-models/get?name=NEOs_e2e" \
        'j["registered_model"]["aliases"] == [{"alias": "champion", "version": "2"}]'
    # 6. The version's own screen: fields, source run metrics, signature.
    e2e_keys Enter
    e2e_wait_for "Signature: inputs (22)" 10
    e2e_wait_for "Source run metrics (12)"
    e2e_assert_line_matches 1 'NEOs_e2e › v2'
    e2e_assert_screen_has "champion"
    e2e_keys o
    e2e_wait_for "Parameters ("
    e2e_assert_line_matches 1 'v2 › chill-seal-447'
    # 7. From a run's detail, V lists the versions made from it.
    e2e_keys V
    e2e_wait_for "Model versions from run chill-seal-447"
    e2e_wait_match '^  NEOs +2 +Production +champion '
    e2e_wait_match '^  NEOs_e2e +2 +Production +champion '
    # Going back shows the models list with the new model.
    e2e_keys m
    e2e_wait_for "Registered models  2"
    e2e_wait_match '^  NEOs_e2e +Archived v1 · Production v2 +champion→v2'
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
}

test_registry_alias_rules_checked_before_sending() {
    e2e_start_mltui 120x40
    e2e_wait_for "Hazardous_NEOs" 10
    e2e_keys : ; e2e_type "model NEOs"; e2e_keys Enter
    e2e_wait_match '^  2 +Production +champion '
    e2e_keys a
    e2e_wait_for "Alias (letters"
    e2e_type v3; e2e_keys Enter
    e2e_wait_for "Not a valid alias: v followed by digits"
    e2e_keys : ; e2e_type "alias latest 1"; e2e_keys Enter
    e2e_wait_for "'latest' is reserved"
    # Moving champion from v2 to v1 says so.
    e2e_keys : ; e2e_type "alias champion 1"; e2e_keys Enter
    e2e_wait_for "Set alias champion on NEOs v1 (moves it from v2)"
    e2e_keys n
    e2e_wait_for "Cancelled"
    reg_server_check "registered-models/get?name=NEOs" \
        'j["registered_model"]["aliases"] == [{"alias": "champion", "version": "2"}]'
}

test_registry_invalid_stage_shows_server_message() {
    e2e_start_mltui 120x40
    e2e_wait_for "Hazardous_NEOs" 10
    e2e_keys : ; e2e_type "model NEOs"; e2e_keys Enter
    e2e_wait_match '^  2 +Production '
    e2e_keys : ; e2e_type "stage 1 Prod"; e2e_keys Enter
    e2e_wait_for "NEOs v1: Archived -> Prod"
    e2e_keys y
    e2e_wait_for "The server refused: Invalid Model Version stage: Prod"
    e2e_assert_line_matches 5 '^  2 +Production +champion '
    e2e_assert_line_matches 6 '^  1 +Archived '
    reg_server_check "model-versions/get?name=NEOs&version=1" \
        'j["model_version"]["current_stage"] == "Archived"'
}

test_registry_model_deleted_meanwhile() {
    e2e_start_mltui 120x40
    e2e_wait_for "Hazardous_NEOs" 10
    e2e_keys : ; e2e_type "model NEOs"; e2e_keys Enter
    e2e_wait_match '^  2 +Production '
    reg_server_call DELETE registered-models/delete '{"name": "NEOs"}'
    e2e_keys s 2
    e2e_wait_for "NEOs v2: Production -> Staging"
    e2e_keys y
    e2e_wait_for "Not found (deleted meanwhile?): Model Version (name=NEOs, version=2)"
    e2e_assert_line_matches 5 '^  2 +Production +champion '
    e2e_alive
    e2e_keys r
    e2e_wait_for "(deleted meanwhile?)"
    e2e_alive
}

test_registry_server_down_before_confirming() {
    e2e_start_mltui 120x40
    e2e_wait_for "Hazardous_NEOs" 10
    e2e_keys : ; e2e_type "model NEOs"; e2e_keys Enter
    e2e_wait_match '^  2 +Production '
    e2e_keys s 2
    e2e_wait_for "NEOs v2: Production -> Staging"
    e2e_server_stop
    e2e_keys y
    e2e_wait_for "Cannot reach the server, nothing was changed" 10
    e2e_assert_line_matches 5 '^  2 +Production +champion '
    e2e_alive
}

test_registry_read_only_offers_no_writes() {
    e2e_start_mltui 120x40 --read-only --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_assert_line_matches 1 '\[read-only\]'
    # D, then ? as a positive sign that D was handled (keys are read in order):
    # had D opened the delete dialog, ? would go to it and no help would show.
    e2e_keys D '?'
    e2e_wait_for "Keys: runs"
    e2e_assert_screen_lacks "Delete the run?"
    e2e_keys q
    e2e_wait_for "34/34 runs"
    e2e_assert_screen_lacks "Read-only mode: delete"   # the key is gone, not refused
    e2e_keys : ; e2e_type "model NEOs"; e2e_keys Enter
    e2e_wait_match '^  2 +Production '
    e2e_assert_line_matches -1 'Enter open'
    e2e_assert_line_matches -1 '^[^s]*(o source-run)'
    if e2e_line -1 | grep -qE ' (s stage|a alias|t tag|E edit)'; then
        e2e_fail "hint bar offers a write: $(e2e_line -1)"
    fi
    # s, then ? as the positive sign (as for D above).
    e2e_keys s '?'
    e2e_wait_for "Keys: versions"
    e2e_assert_screen_lacks "Move NEOs"
    e2e_assert_screen_has "Open the run this model version came from"
    e2e_assert_screen_lacks "Move this model version to another stage"
    e2e_assert_screen_lacks "Set an alias"
    e2e_assert_screen_lacks ":stage"
    e2e_keys q
    e2e_keys : ; e2e_type "stage 2 Staging"; e2e_keys Enter
    e2e_wait_for "Read-only mode: :stage is not available"
    reg_server_check "model-versions/get?name=NEOs&version=2" \
        'j["model_version"]["current_stage"] == "Production"'
}

test_registry_read_only_user_permission_denied() {
    e2e_server_start --read-only-user
    e2e_start_mltui 120x40
    e2e_wait_for "Hazardous_NEOs" 10
    e2e_keys : ; e2e_type "model NEOs"; e2e_keys Enter
    e2e_wait_match '^  2 +Production '
    e2e_keys s 2
    e2e_wait_for "NEOs v2: Production -> Staging"
    e2e_keys y
    e2e_wait_for "Permission denied: your user cannot change model NEOs"
    e2e_assert_line_matches 5 '^  2 +Production '
}

test_registry_small_terminal_still_usable() {
    e2e_start_mltui 50x15
    e2e_wait_for "Hazardous_NEOs" 10
    e2e_keys m
    e2e_wait_for "Registered models  1"
    e2e_keys Enter
    e2e_wait_match '^  2 +Production'
    e2e_keys s
    e2e_wait_for "3 Production"
    e2e_assert_screen_has "4 Archived"
    e2e_keys Escape
    e2e_wait_for "Cancelled"
    e2e_keys Enter
    e2e_wait_for "Model version"
}

test_registry_run_tags_name_description_delete_restore() {
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    reg_open_run_by_f1
    e2e_keys Enter
    e2e_wait_for "Parameters ("
    # A tag.
    e2e_keys t
    e2e_wait_for "Tag for run big-skink-198 (KEY=VALUE):"
    e2e_type "reviewed=yes"; e2e_keys Enter
    e2e_wait_for "Set tag reviewed = yes on run big-skink-198"
    e2e_keys y
    e2e_wait_for "Done: Set tag reviewed = yes"
    e2e_keys G                           # the tags are at the end of the page
    e2e_wait_match '^  reviewed +yes'
    # Its removal (T chooses among the tags; :untag names one).
    e2e_keys T
    e2e_wait_for "Delete which tag?"
    e2e_keys Escape
    e2e_keys : ; e2e_type "untag reviewed"; e2e_keys Enter
    e2e_wait_for "Delete tag reviewed (= yes) from run big-skink-198"
    e2e_keys y
    e2e_wait_for "Done: Delete tag reviewed"
    e2e_wait_for "Tags (3)"
    e2e_assert_screen_lacks "  reviewed  "
    # The description (the mlflow.note.content tag).
    e2e_keys E
    e2e_wait_for "2 Description"
    e2e_keys 2
    e2e_wait_for "Description of run big-skink-198:"
    e2e_type "Chosen by f1"; e2e_keys Enter
    e2e_keys y
    e2e_wait_for "Done: Set the description"
    e2e_keys g
    e2e_wait_match '^  Chosen by f1'
    # Delete, then restore, from the detail.
    e2e_keys D
    e2e_wait_for "Delete run big-skink-198"
    e2e_keys y
    e2e_wait_match '^  Lifecycle +deleted'
    e2e_keys U
    e2e_wait_for "Restore run big-skink-198"
    e2e_keys y
    e2e_wait_match '^  Lifecycle +active'
    # From the runs table: D deletes the run under the cursor, and the table re-reads.
    e2e_keys q
    e2e_wait_for "34/34 runs"
    e2e_keys D
    e2e_wait_for "Delete run big-skink-198"
    e2e_keys y
    e2e_wait_for "33/33 runs"
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
}

# reg_run_tag RUN-NAME KEY: prints the value of tag KEY of the run named RUN-NAME
# in Hazardous_NEOs, as the server holds it (runs/search).
reg_run_tag() {
    python3 - "$E2E_URI" "$1" "$2" <<'PY'
import json, sys, urllib.request
uri, name, key = sys.argv[1:4]
def call(path, body):
    req = urllib.request.Request(uri + "/api/2.0/mlflow/" + path, data=json.dumps(body).encode(),
                                 method="POST", headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req, timeout=5))
exp = json.load(urllib.request.urlopen(
    uri + "/api/2.0/mlflow/experiments/get-by-name?experiment_name=Hazardous_NEOs", timeout=5))
runs = call("runs/search", {"experiment_ids": [exp["experiment"]["experiment_id"]],
                            "filter": "attributes.run_name = '%s'" % name})["runs"]
tags = {t["key"]: t["value"] for t in runs[0]["data"].get("tags", [])}
sys.stdout.write(tags.get(key, ""))
PY
}

test_registry_long_description_is_edited_whole() {
    local long want got
    long=$(printf 'x%.0s' $(seq 1 1500))
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    reg_open_run_by_f1
    e2e_keys Enter
    e2e_wait_for "Parameters ("
    # 1,500 bytes typed on the command line reach the server whole...
    e2e_keys : ; e2e_type "describe ${long}END1"; e2e_keys Enter
    e2e_wait_for "Change the description?"
    e2e_keys y
    e2e_wait_for "Done: Set the description"
    got=$(reg_run_tag big-skink-198 mlflow.note.content)
    [ "$got" = "${long}END1" ] || e2e_fail "server holds ${#got} bytes, want $((${#long} + 4))"
    # ... and editing it starts from the whole value, not its first 1,023 bytes.
    e2e_keys E
    e2e_wait_for "2 Description"
    e2e_keys 2
    e2e_wait_for "Description of run big-skink-198:"
    e2e_wait_for "xxxxEND1"
    e2e_type "END2"; e2e_keys Enter           # the cursor starts at the end
    e2e_wait_for "Change the description?"
    e2e_keys y
    # The server holds the whole edited value (polled: the first "Done" may still show).
    want="${long}END1END2"
    for _ in $(seq 1 $((20 * E2E_TIMEOUT_SCALE))); do
        got=$(reg_run_tag big-skink-198 mlflow.note.content)
        [ "$got" = "$want" ] && break
        sleep 0.1
    done
    [ "$got" = "$want" ] || e2e_fail "server holds ${#got} bytes, want ${#want}"
    e2e_wait_match "Done: Set the description.*"
}
