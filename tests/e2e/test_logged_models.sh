# shellcheck shell=bash
# MLflow 3 logged models end to end, on the data the real MLflow 3.5 client
# logged (tests/fixtures/neos_real_client.json, from the recordings): open
# NEOs_real_client, list its logged models, sort by f1, open the best,
# register it as a new model and promote it; the runs table's model column
# and the run detail's links; and an MLflow 2 server (--mlflow2), where no
# logged-models screen is offered and registering from run artifacts works.

LM_FIXTURE=$E2E_REPO/tests/fixtures/neos_real_client.json
LM_BEST=m-eb3805b5bc4846ceafbe66b557ce5018     # rf_300's model, f1 0.88 (newest of the tie)
LM_RF300=10fd8fdc29f648bcaa13d529d5c9c29c

# lm_check PATH PY-EXPR: GET $E2E_URI/api/2.0/mlflow/PATH, check an expression over `j`.
lm_check() {
    python3 - "$E2E_URI" "$1" "$2" <<'PY'
import json, sys, urllib.request
uri, path, expr = sys.argv[1:4]
try:
    j = json.load(urllib.request.urlopen(uri + "/api/2.0/mlflow/" + path, timeout=5))
except urllib.error.HTTPError as e:
    j = {"http_status": e.code}
if not eval("(" + expr + ")"):
    print("server state check failed: %s\nreply: %s" % (expr, json.dumps(j)[:3000]))
    sys.exit(1)
PY
}

# lm_requests PY-EXPR: check an expression over `reqs`, the server's request log.
lm_requests() {
    python3 - "$E2E_DIR/requests.log" "$1" <<'PY'
import json, sys
reqs = [json.loads(l) for l in open(sys.argv[1])]
if not eval("(" + sys.argv[2] + ")"):
    print("request log check failed: %s" % sys.argv[2])
    for r in reqs:
        print(r["method"], r["path"], r["body"][:200])
    sys.exit(1)
PY
}

lm_open_models() {
    e2e_start_mltui 150x40 --experiment NEOs_real_client
    e2e_wait_for "6/6 runs" 15
    e2e_keys : ; e2e_type "logged-models"; e2e_keys Enter
    e2e_wait_for "Logged models of NEOs_real_client  3/3" 15
}

test_logged_models_study_walk() {
    e2e_server_start --fixture "$LM_FIXTURE" --log "$E2E_DIR/requests.log"
    lm_open_models
    # the source runs by name, the flavour from each MLmodel, the registered versions
    e2e_wait_for "rf_300" 10
    e2e_wait_for "sklearn" 10
    e2e_assert_screen_has "NEOs_real v1"
    e2e_keys : ; e2e_type "sort f1 desc"; e2e_keys Enter
    e2e_wait_for "sort: f1 desc"
    e2e_assert_line_matches 4 "model +$LM_BEST "
    e2e_assert_line_matches 6 'model +m-9ae30ce818cc4312be0e5bf61f4c5c8f '
    # open the best
    e2e_keys Enter
    e2e_wait_for "Model ID" 10
    e2e_assert_screen_has "$LM_BEST"
    e2e_wait_for "python_function, sklearn" 10
    e2e_assert_screen_has "rf_300 ($LM_RF300)"
    e2e_assert_screen_has "NEOs_real v1"
    e2e_assert_screen_has "0.8799999999999999  step 0"
}

# The best model (by f1) registered as a new model, then promoted.
test_logged_models_register_best_and_promote() {
    e2e_server_start --fixture "$LM_FIXTURE" --log "$E2E_DIR/requests.log"
    lm_open_models
    e2e_keys : ; e2e_type "sort f1 desc"; e2e_keys Enter
    e2e_wait_for "sort: f1 desc"
    e2e_keys Enter
    e2e_wait_for "python_function, sklearn" 10
    # register it as a new model
    e2e_keys R
    e2e_wait_for "+ New registered model" 10
    e2e_keys Enter
    e2e_wait_for "New registered model name"
    e2e_type NEOs3_e2e; e2e_keys Enter
    e2e_wait_for "Create registered model NEOs3_e2e, then its version 1 from logged model"
    e2e_assert_screen_has "models:/$LM_BEST"
    e2e_keys y
    e2e_wait_for "Registered NEOs3_e2e version 1" 10
    lm_check "model-versions/get?name=NEOs3_e2e&version=1" \
        'j["model_version"]["source"] == "models:/'"$LM_BEST"'" and
         j["model_version"]["run_id"] == "'"$LM_RF300"'"'
    lm_requests '[json.loads(r["body"]) for r in reqs if r["path"].endswith("model-versions/create")]
                 == [{"name": "NEOs3_e2e", "source": "models:/'"$LM_BEST"'",
                      "run_id": "'"$LM_RF300"'", "model_id": "'"$LM_BEST"'"}]'
    lm_check "logged-models/$LM_BEST" \
        '{"name": "NEOs3_e2e", "version": "1"} in json.loads({t["key"]: t["value"]
          for t in j["model"]["info"]["tags"]}["mlflow.modelVersions"])'
    e2e_wait_match '^  1 +None ' 10
}

# A version registered from the best logged model (as the MLflow 3 client
# does, here through REST), promoted from its versions screen.
test_logged_models_promote_registered_version() {
    e2e_server_start --fixture "$LM_FIXTURE"
    python3 - "$E2E_URI" "$LM_BEST" "$LM_RF300" <<'PY'
import json, sys, urllib.request
uri, mid, run = sys.argv[1:4]
def post(path, body):
    req = urllib.request.Request(uri + "/api/2.0/mlflow/" + path, data=json.dumps(body).encode(),
                                 method="POST", headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=5).read()
post("registered-models/create", {"name": "NEOs3_e2e"})
post("model-versions/create", {"name": "NEOs3_e2e", "source": "models:/" + mid, "run_id": run,
                                "model_id": mid})
PY
    e2e_start_mltui 150x40
    e2e_keys : ; e2e_type "model NEOs3_e2e"; e2e_keys Enter
    e2e_wait_match '^  1 +None ' 10
    e2e_keys s
    e2e_wait_for "Move NEOs3_e2e v1 (now None) to:"
    e2e_keys 3
    e2e_wait_for "NEOs3_e2e v1: None -> Production"
    e2e_keys y
    e2e_wait_for "Done: NEOs3_e2e v1: None -> Production" 10
    lm_check "model-versions/get?name=NEOs3_e2e&version=1" \
        'j["model_version"]["current_stage"] == "Production"'
}

test_logged_models_runs_table_model_column_one_search() {
    e2e_server_start --fixture "$LM_FIXTURE" --log "$E2E_DIR/requests.log"
    e2e_start_mltui 150x40 --experiment NEOs_real_client
    e2e_wait_for "6/6 runs" 15
    e2e_wait_match 'rf_300 .* sklearn ' 15
    e2e_wait_match 'rf_10 .* sklearn ' 15
    lm_requests 'sum(r["path"].endswith("logged-models/search") for r in reqs) == 1 and
                 not any(r["path"].endswith("runs/get") for r in reqs)'
}

test_logged_models_run_detail_lists_models_and_datasets() {
    e2e_server_start --fixture "$LM_FIXTURE"
    e2e_start_mltui 150x40 --experiment NEOs_real_client
    e2e_wait_for "6/6 runs" 15
    e2e_keys / ; e2e_type "rf_autolog"; e2e_keys Enter
    e2e_keys Enter
    e2e_wait_for "Dataset inputs" 10
    e2e_assert_screen_has "dataset"
    e2e_assert_screen_has "ca9ee110"
    e2e_assert_screen_has "train"
    e2e_wait_idle
    e2e_keys q
    e2e_keys : ; e2e_type "search rf_300"; e2e_keys Enter
    e2e_wait_for "1/6 runs"
    e2e_keys Enter
    e2e_wait_for "Logged models (1)" 10
    e2e_wait_for "$LM_BEST" 10
    # Tab to its section, then Enter on it opens the logged model
    e2e_keys Tab j Enter
    e2e_wait_for "Model ID" 10
    # The source run's name comes with the run's own reply.
    e2e_wait_for "rf_300 ($LM_RF300)" 10
}

test_logged_models_filter_rejected_keeps_rows() {
    e2e_server_start --fixture "$LM_FIXTURE"
    lm_open_models
    e2e_keys : ; e2e_type "filter metrics.f1 >> 1"; e2e_keys Enter
    e2e_wait_for "Filter rejected: Invalid comparison operator for metrics.f1" 10
    e2e_assert_screen_has "3/3"
    e2e_keys : ; e2e_type "filter metrics.f1 > 0.87"; e2e_keys Enter
    e2e_wait_for "Logged models of NEOs_real_client  2/2" 10
}

test_logged_models_version_opens_its_logged_model() {
    e2e_server_start --fixture "$LM_FIXTURE"
    e2e_start_mltui 150x40
    e2e_keys : ; e2e_type "model NEOs_real"; e2e_keys Enter
    e2e_wait_match '^  2 +Production ' 10
    e2e_keys Enter
    e2e_wait_for "m-ef0bf53d9f964786823c773454aadd59" 10
    e2e_keys L
    e2e_wait_for "Model ID" 10
    e2e_assert_screen_has "NEOs_real v2"
}

test_logged_models_mlflow2_fallback() {
    e2e_server_start --mlflow2 --log "$E2E_DIR/requests.log"
    e2e_start_mltui 150x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 15
    e2e_keys : ; e2e_type "logged-models"; e2e_keys Enter
    e2e_wait_for "MLflow 2" 10
    e2e_assert_screen_lacks "Logged models of"
    e2e_assert_screen_lacks "rror"
    # registering from the run's artifacts still works (the f1-best forest has model/)
    e2e_keys : ; e2e_type "sort f1 desc"; e2e_keys Enter
    e2e_wait_for "sort: metrics.f1 desc"
    e2e_keys Enter
    e2e_wait_for "big-skink-198" 10
    e2e_wait_for "Parameters" 10
    e2e_keys R
    e2e_wait_for "Register which model folder?" 10
    e2e_assert_screen_has "> model"
    e2e_keys Escape
    # /version said 2.17.2: no logged-models request was ever made
    lm_requests 'any(r["path"] == "/version" for r in reqs) and
                 not any("logged-models" in r["path"] for r in reqs)'
}

# /version answers late: :logged-models waits for it instead of asking MLflow 2
# for logged models, then gives the plain word; no screen, no error.
test_logged_models_mlflow2_learnt_late_waits_for_the_version() {
    e2e_server_start --mlflow2 --version-delay-ms 3000 --log "$E2E_DIR/requests.log"
    e2e_start_mltui 150x40 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 15
    e2e_keys : ; e2e_type "logged-models"; e2e_keys Enter
    e2e_wait_for "Asking the server which MLflow it runs" 5
    e2e_wait_for "runs MLflow 2" 10
    e2e_assert_screen_has "Hazardous_NEOs  34/34 runs"
    e2e_assert_screen_lacks "Logged models of"
    e2e_assert_screen_lacks "rror"
    lm_requests 'any(r["path"] == "/version" for r in reqs) and
                 not any("logged-models" in r["path"] for r in reqs)'
    # The runs table works on: the best forest is still found by f1.
    e2e_keys : ; e2e_type "sort f1 desc"; e2e_keys Enter
    e2e_wait_match "^  big-skink-198 "
}

# A column hidden with C stays hidden when the list is rebuilt (a reload; the
# source runs' names and flavours arriving), as in the runs table.
test_logged_models_hidden_column_stays_through_a_reload() {
    e2e_server_start --fixture "$LM_FIXTURE"
    lm_open_models
    e2e_wait_for "rf_300" 10
    e2e_assert_line_matches 3 ' Created '
    e2e_keys C
    e2e_wait_for "Column (Space shows/hides"
    e2e_keys j j j Space q            # run_id, status, source run, start: hide start
    e2e_wait_for "3/3"
    if e2e_line 3 | grep -q ' Created '; then e2e_fail "Created still shown"; fi
    e2e_keys r
    e2e_wait_for "Loaded 3 logged models" 10
    e2e_wait_idle 10
    e2e_assert_line_matches 3 ' Source run '
    if e2e_line 3 | grep -q ' Created '; then e2e_fail "Created came back after the reload"; fi
}

test_logged_models_compare_and_parallel_take_models() {
    e2e_server_start --fixture "$LM_FIXTURE"
    lm_open_models
    e2e_keys : ; e2e_type "sort f1 desc"; e2e_keys Enter
    e2e_wait_for "sort: f1 desc"
    e2e_wait_for "rf_300" 10      # the source runs' names (until then their ids)
    e2e_keys Space Space
    e2e_keys c
    e2e_wait_for "Compare 2 logged models" 10
    e2e_assert_screen_has "0.962975"
    e2e_assert_screen_has "0.966733"
    e2e_assert_screen_lacks "0.949602"
    # All three are called "model": the heading names each one's source run.
    e2e_assert_screen_has "model · rf_300"
    e2e_assert_screen_has "model · rf_100"
    e2e_assert_screen_has "Created "
    e2e_keys q
    e2e_keys : ; e2e_type "parallel f1 auc"; e2e_keys Enter
    e2e_wait_for "auc" 10
    e2e_assert_screen_has "Parallel coordinates  2 logged models"
    e2e_assert_screen_lacks "No runs"
    e2e_assert_screen_has "model · rf_"         # the side panel names the source run
    # Enter opens the logged model under the cursor, not a run of that id.
    e2e_keys Enter
    e2e_wait_for "Model ID" 10
    e2e_assert_screen_lacks "rror"
}
