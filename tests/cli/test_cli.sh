# shellcheck shell=bash
# mltui as a command: runs, best, experiments, models, versions, stage, alias.
# Each test runs the binary against the test server (E2E_URI) and checks what
# a script would: stdout, stderr and the exit status (src/cli/cli.h).

# cli ARGS...: runs mltui; stdout in $E2E_DIR/out, stderr in $E2E_DIR/err
# (and the harness's stderr.log, checked for sanitizer reports), status in CLI_RC.
cli() {
    set +e
    "$MLTUI" --tracking-uri "$E2E_URI" "$@" >"$E2E_DIR/out" 2>"$E2E_DIR/err"
    CLI_RC=$?
    set -e
    cat "$E2E_DIR/err" >>"$E2E_DIR/stderr.log"
}

# expect_rc N: the last cli exited with N.
expect_rc() {
    if [ "$CLI_RC" != "$1" ]; then
        echo "exit status $CLI_RC, expected $1; stdout:"; cat "$E2E_DIR/out"
        echo "stderr:"; cat "$E2E_DIR/err"
        return 1
    fi
}

# expect_out TEXT: stdout is exactly TEXT (plus the final newline).
expect_out() {
    local want=$1 got
    got=$(cat "$E2E_DIR/out")
    if [ "$got" != "$want" ]; then
        echo "stdout differs:"; diff <(printf '%s\n' "$want") "$E2E_DIR/out" || true
        return 1
    fi
}

expect_err_has() {
    grep -qF -- "$1" "$E2E_DIR/err" || { echo "stderr lacks '$1':"; cat "$E2E_DIR/err"; return 1; }
}

# count_requests PATH-SUFFIX: requests the server logged for that endpoint.
count_requests() {
    grep -c "\"path\": \"[^\"]*$1\"" "$E2E_DIR/req.log" || true
}

# A run whose name and param hold what a hostile client could write.
cli_hostile_run() {
    python3 - "$E2E_URI" <<'PY'
import json, sys, urllib.request
uri = sys.argv[1]
def call(path, body):
    req = urllib.request.Request(uri + "/api/2.0/mlflow/" + path, data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))
run = call("runs/create", {"experiment_id": "1", "run_name": 'a,"b"\x1b[31mRED\x07\u009b2J\nz',
                           "start_time": 1800000000000})["run"]["info"]["run_id"]
call("runs/log-batch", {"run_id": run,
     "params": [{"key": "note", "value": "tab\there\x1b]0;pwned\x07"}],
     "metrics": [{"key": "f1", "value": 0.5, "timestamp": 1800000000000, "step": 0}]})
PY
}

# run_id_of NAME: the (random) run id the test server gave the run NAME.
run_id_of() {
    "$MLTUI" --tracking-uri "$E2E_URI" runs Hazardous_NEOs --columns run_id,name --format tsv \
        --no-header | awk -F '\t' -v n="$1" '$2 == n { print $1 }'
}

# ---- runs ----

test_cli_runs_table_lists_every_run_under_a_header() {
    cli runs Hazardous_NEOs
    expect_rc 0
    [ "$(wc -l <"$E2E_DIR/out")" = 35 ]                 # header + 34 active runs
    head -n 1 "$E2E_DIR/out" | grep -qE '^Run ID +Name +Status'
    head -n 1 "$E2E_DIR/out" | grep -qw f1
    local big
    big=$(run_id_of big-skink-198)
    [ ${#big} = 32 ]
    grep -q "^$big  big-skink-198 " "$E2E_DIR/out"
    ! grep -q ' $' "$E2E_DIR/out"                          # no trailing blanks
}

test_cli_runs_sort_limit_and_columns_as_tsv() {
    cli runs Hazardous_NEOs --sort f1:desc --limit 3 --columns name,f1,params.n_estimators \
        --format tsv
    expect_rc 0
    expect_out "$(printf 'name\tmetrics.f1\tparams.n_estimators\nbig-skink-198\t1\t10000\nchill-seal-447\t1\t1000\nsalty-stork-902\t1\t100')"
}

test_cli_runs_second_sort_key_breaks_ties() {
    cli runs Hazardous_NEOs --sort f1 --sort start:asc --limit 3 --columns name --format tsv \
        --no-header
    expect_rc 0
    expect_out "$(printf 'salty-stork-902\nchill-seal-447\nbig-skink-198')"
}

test_cli_runs_metric_without_direction_sorts_best_first() {
    cli runs Hazardous_NEOs --sort training_log_loss --limit 1 --columns name --no-header
    expect_rc 0
    local lowest
    lowest=$("$MLTUI" --tracking-uri "$E2E_URI" runs Hazardous_NEOs --sort training_log_loss:asc \
        --limit 1 --columns name --no-header)
    [ "$(cat "$E2E_DIR/out")" = "$lowest" ]
    cli runs Hazardous_NEOs --sort auc --limit 1 --columns auc --no-header --format tsv
    expect_out 1
}

test_cli_runs_filter_goes_to_the_server() {
    cli runs Hazardous_NEOs --filter "params.n_estimators = '1000'" --columns name --no-header
    expect_rc 0
    expect_out chill-seal-447
}

test_cli_runs_by_id_equals_by_name() {
    cli runs 1 --columns run_id --format tsv
    expect_rc 0
    cp "$E2E_DIR/out" "$E2E_DIR/by_id"
    cli runs Hazardous_NEOs --columns run_id --format tsv
    cmp "$E2E_DIR/out" "$E2E_DIR/by_id"
}

test_cli_runs_json_is_typed() {
    cli runs Hazardous_NEOs --columns name,f1,start,params.n_estimators --format json
    expect_rc 0
    python3 - "$E2E_DIR/out" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
assert len(runs) == 34, len(runs)   # active runs
big = [r for r in runs if r["name"] == "big-skink-198"][0]
assert big["metrics.f1"] == 1 and isinstance(big["metrics.f1"], (int, float)), big
assert isinstance(big["start"], int) and big["start"] > 1600000000000, big
assert big["params.n_estimators"] == "10000", big
assert any(r["params.n_estimators"] is None for r in runs), "a KNN run has no n_estimators"
PY
}

test_cli_runs_errors_have_their_exit_status() {
    cli runs Hazardous_NEOs --columns name,no_such_column
    expect_rc 2
    expect_err_has "no column 'no_such_column'"
    cli runs Hazardous_NEOs --filter "metrics.f1 >>> 1"
    expect_rc 3
    expect_err_has "filter rejected"
    cli runs No_such_experiment
    expect_rc 3
    expect_err_has "No_such_experiment"
    cli runs Hazardous_NEOs --format yaml
    expect_rc 2
    cli runs
    expect_rc 2
    cli frobnicate
    expect_rc 2
    expect_err_has "unknown command"
    [ ! -s "$E2E_DIR/out" ]
}

e2e_no_server test_cli_unreachable_server_is_exit_4
test_cli_unreachable_server_is_exit_4() {
    # A port nothing listens on: bind one, close it, use it.
    local port
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
    E2E_URI=http://127.0.0.1:$port cli runs Hazardous_NEOs
    expect_rc 4
    expect_err_has "cannot reach the server"
}

test_cli_hostile_strings_never_reach_stdout_raw() {
    cli_hostile_run
    local f
    for f in table tsv csv json; do
        cli runs Hazardous_NEOs --columns name,params.note --format "$f"
        expect_rc 0
        # No ESC, BEL, C1 CSI (U+009B as UTF-8) anywhere in any format.
        if LC_ALL=C grep -q $'[\x1b\x07]\|\xc2\x9b' "$E2E_DIR/out"; then
            echo "raw control characters in --format $f:"; cat -v "$E2E_DIR/out"; return 1
        fi
        cp "$E2E_DIR/out" "$E2E_DIR/out.$f"
    done
    # CSV: quoted per RFC 4180, the name sanitised as the table shows it.
    python3 - "$E2E_DIR/out.csv" "$E2E_DIR/out.json" <<'PY'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0] == ["name", "params.note"], rows[0]
assert len(rows) == 36, len(rows)          # header + 34 + the new run: one row despite \n
name = [r for r in rows if r[0].startswith("a,")][0]
assert name[0] == 'a,"b"^[[31mRED^G<9b>2J\u21b5z', name
assert name[1] == "tab here^[]0;pwned^G", name
# JSON keeps the exact value, with every control character \u-escaped.
runs = json.load(open(sys.argv[2]))
exact = [r for r in runs if r["name"].startswith("a,")][0]
assert exact["name"] == 'a,"b"\x1b[31mRED\x07\u009b2J\nz', repr(exact["name"])
assert exact["params.note"] == "tab\there\x1b]0;pwned\x07", repr(exact["params.note"])
PY
    # TSV: one line per run, the tab inside the value is no separator.
    [ "$(wc -l <"$E2E_DIR/out.tsv")" = 36 ]
    [ "$(awk -F '\t' 'NF != 2' "$E2E_DIR/out.tsv" | wc -l)" = 0 ]
}

# ---- best ----

test_cli_best_prints_the_best_run_id() {
    local big
    big=$(run_id_of big-skink-198)
    cli best Hazardous_NEOs --metric f1
    expect_rc 0
    expect_out "$big"    # rf 10000 trees: f1 1, the newest of the ties
    cli best Hazardous_NEOs --metric f1 --min
    expect_rc 0
    local worst
    worst=$("$MLTUI" --tracking-uri "$E2E_URI" runs Hazardous_NEOs --sort f1:asc --limit 1 \
        --columns run_id --no-header --format tsv)
    expect_out "$worst"
    cli best Hazardous_NEOs --metric metrics.f1 --format json
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["run_id"]==sys.argv[2] and d["value"]==1 and d["run_name"]=="big-skink-198", d' "$E2E_DIR/out" "$big"
}

test_cli_best_without_a_match_is_exit_1() {
    cli best Hazardous_NEOs --metric no_such_metric
    expect_rc 1
    [ ! -s "$E2E_DIR/out" ]
    expect_err_has "no_such_metric"
    cli best Hazardous_NEOs --metric f1 --filter "params.n_estimators = 'none'"
    expect_rc 1
    cli best Hazardous_NEOs
    expect_rc 2
}

# ---- experiments, models, versions ----

test_cli_experiments_models_and_versions() {
    cli experiments --format tsv --no-header
    expect_rc 0
    grep -qx $'1\tHazardous_NEOs\tactive\t.*' "$E2E_DIR/out"
    cli models
    expect_rc 0
    grep -q '^NEOs .*Production v2.*champion→v2' "$E2E_DIR/out"
    cli models zzz
    expect_rc 0
    expect_out "name  latest  aliases  updated  description"
    cli versions NEOs --format tsv
    expect_rc 0
    sed -n 2p "$E2E_DIR/out" | grep -q "^2"$'\t'"Production"$'\tREADY\tchampion\t'"$(run_id_of chill-seal-447)"$'\t'
    sed -n 3p "$E2E_DIR/out" | grep -q "^1"$'\t'"Archived"$'\tREADY\t\t'"$(run_id_of big-skink-198)"$'\t'
    cli versions models:/NEOs --format json
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert [v["version"] for v in d]==["2","1"] and d[0]["aliases"]==["champion"], d' "$E2E_DIR/out"
    cli versions Nope
    expect_rc 3
}

# ---- writes ----

e2e_no_server test_cli_stage_moves_once_and_says_what_changed
test_cli_stage_moves_once_and_says_what_changed() {
    e2e_server_start --log "$E2E_DIR/req.log"
    cli stage NEOs 1 Staging
    expect_rc 0
    expect_out "NEOs v1: Archived -> Staging"
    [ "$(count_requests transition-stage)" = 1 ]
    cli stage NEOs 1 production --archive
    expect_rc 0
    expect_out "NEOs v1: Staging -> Production; v2: Production -> Archived"
    [ "$(count_requests transition-stage)" = 2 ]
    cli versions NEOs --format tsv --no-header
    cut -f1,2 "$E2E_DIR/out" | tr '\t\n' ':,' | grep -qx '2:Archived,1:Production,'
    # Already there: nothing is sent.
    cli stage NEOs 1 Production
    expect_rc 0
    expect_out "NEOs v1 is already in Production; nothing was sent"
    [ "$(count_requests transition-stage)" = 2 ]
}

e2e_no_server test_cli_stage_refusals_send_nothing
test_cli_stage_refusals_send_nothing() {
    e2e_server_start --log "$E2E_DIR/req.log"
    cli stage NEOs 1 Staging --read-only
    expect_rc 6
    expect_err_has "read-only"
    mkdir -p "$E2E_DIR/cfg/mltui"
    echo "set read-only true" >"$E2E_DIR/cfg/mltui/config"
    XDG_CONFIG_HOME=$E2E_DIR/cfg cli alias NEOs challenger 1
    expect_rc 6
    cli stage NEOs 1 Limbo
    expect_rc 2
    expect_err_has "no stage 'Limbo'"
    cli stage NEOs 1 Archived --archive
    expect_rc 2
    cli stage NEOs 9 Staging
    expect_rc 3
    expect_err_has "no version 9"
    cli alias NEOs latest 1
    expect_rc 2
    [ "$(count_requests transition-stage)" = 0 ]
    [ "$(count_requests registered-models/alias)" = 0 ]
}

e2e_no_server test_cli_alias_moves_once_and_says_what_changed
test_cli_alias_moves_once_and_says_what_changed() {
    e2e_server_start --log "$E2E_DIR/req.log"
    cli alias NEOs champion 1
    expect_rc 0
    expect_out "NEOs@champion: v2 -> v1"
    cli alias models:/NEOs challenger v2
    expect_rc 0
    expect_out "NEOs@challenger: (new) -> v2"
    cli alias NEOs challenger 2
    expect_rc 0
    expect_out "NEOs@challenger is already v2; nothing was sent"
    [ "$(grep -c '"method": "POST", "path": "/api/2.0/mlflow/registered-models/alias"' "$E2E_DIR/req.log")" = 2 ]
    cli versions NEOs --format tsv --no-header
    cut -f1,4 "$E2E_DIR/out" | tr '\t\n' ':,' | grep -qx '2:challenger,1:champion,'
    # The server refuses an alias on a version that does not exist: exit 3.
    cli alias NEOs champion 42
    expect_rc 3
    expect_err_has "refused"
}

e2e_no_server test_cli_write_without_an_answer_is_unknown_and_re_read
test_cli_write_without_an_answer_is_unknown_and_re_read() {
    e2e_server_start --log "$E2E_DIR/req.log" --write-delay-ms 3000
    MLFLOW_HTTP_REQUEST_TIMEOUT=1 cli stage NEOs 1 Staging
    expect_rc 5
    expect_err_has "may or may not have been made"
    expect_err_has "now: NEOs v1 is in Staging"      # the re-read shows what happened
    [ "$(count_requests transition-stage)" = 1 ]     # sent once, never retried
}
