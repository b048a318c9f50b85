# shellcheck shell=bash
# mltui as a command on MLflow's local stores, no server: the store named by
# a first word, by --tracking-uri (sqlite:///, file://) or by
# MLFLOW_TRACKING_URI; the same output as from a server; writes refused with
# exit status 6 and the store's files (bytes and mtimes) unchanged.

e2e_no_server test_cli_local_runs_sorted_from_a_sqlite_store_named_first \
    test_cli_local_every_uri_form_reads_the_same_registry \
    test_cli_local_writes_are_refused_and_the_store_is_untouched \
    test_cli_local_not_a_store_names_the_file

CLI_LOCAL_FIX=tests/fixtures/local-stores

# lcli ARGS...: runs mltui (no --tracking-uri added); stdout in $E2E_DIR/out,
# stderr in $E2E_DIR/err, status in CLI_RC.
lcli() {
    set +e
    "$MLTUI" "$@" >"$E2E_DIR/out" 2>"$E2E_DIR/err"
    CLI_RC=$?
    set -e
    cat "$E2E_DIR/err" >>"$E2E_DIR/stderr.log"
}

lcli_expect_rc() {
    if [ "$CLI_RC" != "$1" ]; then
        echo "exit status $CLI_RC, expected $1; stdout:"; cat "$E2E_DIR/out"
        echo "stderr:"; cat "$E2E_DIR/err"
        return 1
    fi
}

# Every file under a fixture folder: name, size, mtime (ns) and sha256.
lcli_state() {
    (cd "$E2E_REPO/$CLI_LOCAL_FIX/$1" &&
        find . -type f -printf '%p %s %T@\n' | sort && find . -type f -print0 | sort -z |
        xargs -0 sha256sum)
}

test_cli_local_runs_sorted_from_a_sqlite_store_named_first() {
    lcli "$CLI_LOCAL_FIX/mlflow3-client-sqlite/mlflow.db" runs NEOs_real_client --sort f1 \
        --limit 3 --columns name,f1 --format tsv --no-header
    lcli_expect_rc 0
    # rf_300 and rf_100 tie at 0.88: the newer first, as on the runs screen
    [ "$(cut -f1 "$E2E_DIR/out" | tr '\n' ' ')" = "rf_300 rf_100 rf_10 " ]
    lcli "$CLI_LOCAL_FIX/mlflow3-client-sqlite/mlflow.db" best NEOs_real_client --metric f1
    lcli_expect_rc 0
    [ "$(wc -c <"$E2E_DIR/out")" = 33 ]                   # a run id and a newline
    # a filter in MLflow's syntax, evaluated by mltui
    lcli runs NEOs_real_client --filter "metrics.f1 < 0.8 and params.n_neighbors = '3'" \
        --columns name --no-header --tracking-uri "$CLI_LOCAL_FIX/mlflow2-client-sqlite/mlflow.db"
    lcli_expect_rc 0
    [ "$(cat "$E2E_DIR/out")" = "knn_3" ]
}

test_cli_local_every_uri_form_reads_the_same_registry() {
    local db=$E2E_REPO/$CLI_LOCAL_FIX/mlflow3-server-sqlite/mlflow.db
    local fs=$E2E_REPO/$CLI_LOCAL_FIX/mlflow3-server-filestore/mlruns
    local want
    lcli versions NEOs_real --tracking-uri "sqlite:///$db" --format tsv --no-header
    lcli_expect_rc 0
    want=$(cut -f1,2 "$E2E_DIR/out")
    echo "$want" | grep -qP '^2\tProduction$'
    echo "$want" | grep -qP '^1\tArchived$'
    lcli versions NEOs_real --tracking-uri "file://$fs" --format tsv --no-header
    lcli_expect_rc 0
    [ "$(cut -f1,2 "$E2E_DIR/out")" = "$want" ]
    MLFLOW_TRACKING_URI=$fs lcli versions NEOs_real --format tsv --no-header
    lcli_expect_rc 0
    [ "$(cut -f1,2 "$E2E_DIR/out")" = "$want" ]
    lcli "$db" models --format tsv --no-header
    lcli_expect_rc 0
    grep -q '^NEOs_real' "$E2E_DIR/out"
}

test_cli_local_writes_are_refused_and_the_store_is_untouched() {
    local folder before
    for folder in mlflow3-client-sqlite mlflow3-server-filestore; do
        local store=mlflow.db
        [ -e "$E2E_REPO/$CLI_LOCAL_FIX/$folder/$store" ] || store=mlruns
        before=$(lcli_state "$folder")
        lcli "$CLI_LOCAL_FIX/$folder/$store" stage NEOs_real 1 Production --archive
        lcli_expect_rc 6
        grep -qF 'This is a local store opened read-only; run `mlflow server --backend-store-uri' \
            "$E2E_DIR/err"
        lcli "$CLI_LOCAL_FIX/$folder/$store" alias NEOs_real champion 1
        lcli_expect_rc 6
        lcli "$CLI_LOCAL_FIX/$folder/$store" runs NEOs_real_client
        lcli_expect_rc 0
        [ "$(lcli_state "$folder")" = "$before" ] || e2e_fail "$folder changed on disk"
    done
}

test_cli_local_not_a_store_names_the_file() {
    echo "not a database" >"$E2E_DIR/notes.db"
    lcli "$E2E_DIR/notes.db" experiments
    [ "$CLI_RC" != 0 ]
    grep -qF "$E2E_DIR/notes.db: not a SQLite database" "$E2E_DIR/err" || {
        cat "$E2E_DIR/err"; return 1; }
    lcli --tracking-uri "sqlite:///$E2E_DIR/missing.db" experiments
    [ "$CLI_RC" != 0 ]
    grep -qF "No MLflow store at sqlite:///$E2E_DIR/missing.db" "$E2E_DIR/err"
}
