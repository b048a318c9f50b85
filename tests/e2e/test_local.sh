# shellcheck shell=bash
# Local stores, no server: the same stories as against the test server, on
# each of the six real stores in tests/fixtures/local-stores/ (MLflow 3.5 and
# 2.17, SQLite and file stores, written by a server and by the client alone):
# sort by f1, open the best run, its artifacts with the confusion-matrix PNG,
# compare two runs, the registry screens; writes refused with the read-only
# line; the store's bytes unchanged afterwards. Then the URI forms, the
# no-URI default (./mlflow.db, else ./mlruns) and bad stores.

e2e_no_server test_local_mlflow3_server_sqlite test_local_mlflow3_server_filestore \
    test_local_mlflow3_client_sqlite test_local_mlflow3_client_filestore \
    test_local_mlflow2_client_sqlite test_local_mlflow2_client_filestore \
    test_local_uri_forms test_local_default_store_in_working_directory \
    test_local_bad_stores_say_which_file test_local_filter_in_mlflow_syntax \
    test_local_logged_models_mlflow3_sqlite test_local_logged_models_mlflow3_filestore \
    test_local_no_cache_for_a_local_store test_local_downloads_copy_the_stores_files \
    test_local_history_and_plots_sqlite test_local_history_and_plots_filestore \
    test_local_many_runs_come_in_two_parts

LOCAL_FIX=tests/fixtures/local-stores

# A digest of every file under a fixture folder (names, sizes, mtimes, bytes).
local_digest() {
    (cd "$E2E_REPO/$LOCAL_FIX/$1" && { find . -type f -printf '%p %s %T@\n' | sort;
        find . -type f -print0 | sort -z | xargs -0 sha256sum; } | sha256sum)
}

# local_story FOLDER STORE KIND: the whole walk on one store.
local_story() {
    local folder=$1 store=$2 kind=$3 before
    before=$(local_digest "$folder")
    e2e_start 120x36 --experiment NEOs_real_client "$LOCAL_FIX/$folder/$store"
    e2e_wait_for "6/6 runs" 10
    e2e_assert_line_matches 1 "\\[read-only\\] +$kind $LOCAL_FIX/$folder/$store"
    # sort by f1: rf_300 and rf_100 tie at 0.88, the newer (rf_300) first
    e2e_keys : ; e2e_type "sort f1 desc"; e2e_keys Enter
    e2e_wait_for "sort: metrics.f1 desc"
    e2e_assert_line_matches 4 '^  rf_300 '
    e2e_assert_line_matches 5 '^  rf_100 '
    e2e_assert_line_matches 8 '^  knn_3 '
    e2e_assert_line_matches 9 '^  rf_autolog '   # no f1: last
    # the best run, its metrics and its artifacts
    e2e_keys Enter
    e2e_wait_for "train_loss"
    e2e_assert_screen_has "0.8799999999999999"
    e2e_keys a
    e2e_wait_for "confusion_matrix.png"
    if e2e_screen | grep -q " model/ "; then   # MLflow 2: the model is a run artifact
        e2e_keys j
    fi
    e2e_wait_for "640x480 PNG"
    e2e_keys Escape
    e2e_wait_for "train_loss"
    e2e_keys Escape
    e2e_wait_for "sort: metrics.f1 desc"
    # compare the two best
    e2e_keys Space Space c   # Space marks and moves down
    e2e_wait_for "Compare"
    e2e_assert_screen_has "rf_300"
    e2e_assert_screen_has "rf_100"
    e2e_assert_screen_has "n_estimators"
    e2e_keys Escape
    e2e_wait_for "sort: metrics.f1 desc"
    # a write key says why it cannot
    e2e_keys D
    e2e_wait_for "This is a local store opened read-only"
    # the registry: NEOs_real v2 Production (champion), v1 Archived
    e2e_keys m
    e2e_wait_for "NEOs_real"
    e2e_keys : ; e2e_type "models name = 'NEOs_real'"; e2e_keys Enter
    e2e_wait_for "Registered models  1  filter: name = 'NEOs_real'"
    e2e_assert_screen_has "Production v2 · Archived v1 champion→v2"
    e2e_keys Enter
    e2e_wait_for "2 versions"
    e2e_assert_screen_has "champion"
    e2e_assert_line_matches 4 '^  2 +Production +champion +READY +rf_100'
    e2e_assert_line_matches 5 '^  1 +Archived'
    e2e_keys s
    e2e_wait_for "This is a local store opened read-only; run \`mlflow server --backend-store-uri"
    e2e_keys Enter
    e2e_wait_for "Stage"
    e2e_assert_screen_has "Production"
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
    [ "$(local_digest "$folder")" = "$before" ] || e2e_fail "$folder changed on disk"
}

test_local_mlflow3_server_sqlite()     { local_story mlflow3-server-sqlite mlflow.db "sqlite:"; }
test_local_mlflow3_server_filestore()  { local_story mlflow3-server-filestore mlruns "file store:"; }
test_local_mlflow3_client_sqlite()     { local_story mlflow3-client-sqlite mlflow.db "sqlite:"; }
test_local_mlflow3_client_filestore()  { local_story mlflow3-client-filestore mlruns "file store:"; }
test_local_mlflow2_client_sqlite()     { local_story mlflow2-client-sqlite mlflow.db "sqlite:"; }
test_local_mlflow2_client_filestore()  { local_story mlflow2-client-filestore mlruns "file store:"; }

test_local_uri_forms() {
    local db=$E2E_REPO/$LOCAL_FIX/mlflow3-server-sqlite/mlflow.db
    local fs=$E2E_REPO/$LOCAL_FIX/mlflow2-client-filestore/mlruns
    e2e_start 120x30 --tracking-uri "sqlite:///$db"
    e2e_wait_for "Hazardous_NEOs" 10
    e2e_assert_screen_has "sqlite: $db"
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
    e2e_start 120x30 "file://$fs"
    e2e_wait_for "NEOs_real_client" 10
    e2e_assert_screen_has "Opened file store $fs"
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
}

# No URI anywhere: ./mlflow.db if present, else ./mlruns (run from a scratch
# directory through a wrapper, since the harness starts mltui in the repo).
test_local_default_store_in_working_directory() {
    local dir=$E2E_DIR/cwd bin
    bin=$(cd "$E2E_REPO" && cd "$(dirname "${MLTUI:-./mltui}")" && pwd)/$(basename "${MLTUI:-./mltui}")
    mkdir -p "$dir"
    cp -r "$E2E_REPO/$LOCAL_FIX/mlflow2-client-filestore/mlruns" "$dir/"
    printf '#!/bin/sh\ncd %q && unset MLFLOW_TRACKING_URI && exec %q "$@"\n' "$dir" "$bin" >"$E2E_DIR/in-cwd"
    chmod +x "$E2E_DIR/in-cwd"
    MLTUI=$E2E_DIR/in-cwd e2e_start 120x30
    e2e_wait_for "Opened file store mlruns" 10
    e2e_assert_screen_has "NEOs_real_client"
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
    cp "$E2E_REPO/$LOCAL_FIX/mlflow3-client-sqlite/mlflow.db" "$dir/"
    MLTUI=$E2E_DIR/in-cwd e2e_start 120x30
    e2e_wait_for "Opened SQLite store mlflow.db" 10
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
}

test_local_bad_stores_say_which_file() {
    local f=$E2E_DIR/notes.db
    echo "not a database" >"$f"
    e2e_start 100x20 "$f"
    [ "$(e2e_wait_exit)" != 0 ]
    e2e_stderr | grep -q "$f: not a SQLite database" \
        || e2e_fail "stderr lacks the line naming $f: $(e2e_stderr)"
    e2e_start 100x20 "sqlite:///$E2E_DIR/missing.db"
    [ "$(e2e_wait_exit)" != 0 ]
    e2e_stderr | grep -q "No MLflow store at sqlite:///$E2E_DIR/missing.db" \
        || e2e_fail "stderr: $(e2e_stderr)"
    # a broken meta.yaml: the rest is shown, the file is named
    cp -r "$E2E_REPO/$LOCAL_FIX/mlflow3-client-filestore/mlruns" "$E2E_DIR/"
    local meta
    meta=$(grep -l "run_name: knn_3" "$E2E_DIR"/mlruns/*/*/meta.yaml)
    echo "run_id: [broken" >"$meta"
    e2e_start 160x30 --experiment NEOs_real_client "$E2E_DIR/mlruns"
    e2e_wait_for "5/5 runs" 10
    e2e_wait_for "Skipped: $E2E_DIR/mlruns"
    e2e_assert_screen_has "meta.yaml: not valid YAML"
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
}

test_local_filter_in_mlflow_syntax() {
    e2e_start 120x36 --experiment Hazardous_NEOs "$LOCAL_FIX/mlflow3-server-sqlite/mlflow.db"
    e2e_wait_for "34/34 runs" 10
    e2e_keys : ; e2e_type "filter metrics.f1 > 0.9 and params.n_estimators = '10000'"; e2e_keys Enter
    e2e_wait_match "[0-9]+/[0-9]+ runs"
    e2e_wait_for "big-skink-198"
    e2e_assert_screen_lacks "34/34 runs"
    e2e_keys : ; e2e_type "filter metrics.f1 >> 1"; e2e_keys Enter
    e2e_wait_for "Invalid comparator '>>'"
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
}

# MLflow 3 logged models on a local store: the list, sorted by f1, the best
# one's detail (flavours from its MLmodel, its source run, its metric), and
# registering it refused with the read-only line.
local_logged_models() {
    local folder=$1 store=$2 before
    before=$(local_digest "$folder")
    e2e_start 150x40 --experiment NEOs_real_client "$LOCAL_FIX/$folder/$store"
    e2e_wait_for "6/6 runs" 10
    e2e_keys : ; e2e_type "logged-models"; e2e_keys Enter
    e2e_wait_for "Logged models of NEOs_real_client  3/3" 10
    e2e_wait_for "sklearn" 10
    e2e_assert_screen_has "NEOs_real v"
    e2e_keys : ; e2e_type "sort f1 desc"; e2e_keys Enter
    e2e_wait_for "sort: f1 desc"
    e2e_keys Enter
    e2e_wait_for "Model ID" 10
    e2e_wait_for "python_function, sklearn" 10
    e2e_assert_screen_has "rf_300 ("
    e2e_assert_screen_has "f1                    0.88  step 0"
    e2e_keys R
    e2e_wait_for "This is a local store opened read-only"
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
    [ "$(local_digest "$folder")" = "$before" ] || e2e_fail "$folder changed on disk"
}

test_local_logged_models_mlflow3_sqlite()    { local_logged_models mlflow3-client-sqlite mlflow.db; }
test_local_logged_models_mlflow3_filestore() { local_logged_models mlflow3-server-filestore mlruns; }

# The cache keeps what a server sent; a local store is read directly and
# never cached: :cache says so and nothing is written under XDG_CACHE_HOME
# (e2e_start points it at the test's home).
test_local_no_cache_for_a_local_store() {
    e2e_start 120x30 --experiment NEOs_real_client "$LOCAL_FIX/mlflow3-client-sqlite/mlflow.db"
    e2e_wait_for "6/6 runs" 10
    e2e_keys : ; e2e_type "cache"; e2e_keys Enter
    e2e_wait_for "cache is off"
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
    [ ! -e "$E2E_DIR/home/.cache/mltui" ] || e2e_fail "a cache was written for a local store"
}

# Downloads from a local store: a run's PNG from mlartifacts/ (mlflow-artifacts:/
# URIs of a server-written store) byte for byte, and an MLflow 2 model folder
# from a file store recursively; the store unchanged.
test_local_downloads_copy_the_stores_files() {
    local folder=mlflow3-server-sqlite dir=$E2E_DIR/dl before f same=
    mkdir -p "$dir/png" "$dir/model"
    before=$(local_digest "$folder")
    e2e_start 120x36 --experiment NEOs_real_client "$LOCAL_FIX/$folder/mlflow.db"
    e2e_wait_for "6/6 runs" 10
    e2e_keys : ; e2e_type "sort f1 desc"; e2e_keys Enter
    e2e_wait_for "sort: metrics.f1 desc"
    e2e_keys Enter
    e2e_wait_for "train_loss"
    e2e_keys a
    e2e_wait_for "confusion_matrix.png"
    e2e_wait_for "640x480 PNG"
    e2e_keys : ; e2e_type "download $dir/png"; e2e_keys Enter
    e2e_wait_for "Downloaded" 10
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
    for f in "$E2E_REPO/$LOCAL_FIX/$folder"/mlartifacts/*/*/artifacts/confusion_matrix.png; do
        cmp -s "$f" "$dir/png/confusion_matrix.png" && same=1
    done
    [ -n "$same" ] || e2e_fail "the downloaded PNG is none of the store's"
    [ "$(local_digest "$folder")" = "$before" ] || e2e_fail "$folder changed on disk"
    # an MLflow 2 file store: the model folder, recursively
    folder=mlflow2-client-filestore
    before=$(local_digest "$folder")
    e2e_start 120x36 --experiment NEOs_real_client "$LOCAL_FIX/$folder/mlruns"
    e2e_wait_for "6/6 runs" 10
    e2e_keys : ; e2e_type "sort f1 desc"; e2e_keys Enter
    e2e_wait_for "sort: metrics.f1 desc"
    e2e_keys Enter
    e2e_wait_for "train_loss"
    e2e_keys a
    e2e_wait_for " model/ "
    e2e_keys g
    e2e_keys : ; e2e_type "download $dir/model"; e2e_keys Enter
    e2e_wait_for "Downloaded" 10
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
    grep -q '^flavors:' "$dir/model/model/MLmodel" || e2e_fail "MLmodel: $(find "$dir/model")"
    [ -z "$(find "$dir" -name '*.mltui-part')" ] || e2e_fail "partial file left"
    [ "$(local_digest "$folder")" = "$before" ] || e2e_fail "$folder changed on disk"
}

# A metric history with NaN and infinities (MLflow's own edge_cases run), and
# the parallel-coordinates plot of a local experiment.
local_plots() {
    local folder=$1 store=$2
    e2e_start 120x40 --experiment edge_cases "$LOCAL_FIX/$folder/$store"
    e2e_wait_for "nonfinite" 10
    e2e_keys : ; e2e_type "history mixed_history"; e2e_keys Enter
    e2e_wait_match "nonfinite +min .* max .* last .*\(5 pts\)" 10
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
    e2e_start 120x40 --experiment NEOs_real_client "$LOCAL_FIX/$folder/$store"
    e2e_wait_for "6/6 runs" 10
    e2e_keys p
    e2e_wait_for "Parallel coordinates  6 runs" 10
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
}

test_local_history_and_plots_sqlite()    { local_plots mlflow3-client-sqlite mlflow.db; }
test_local_history_and_plots_filestore() { local_plots mlflow2-client-filestore mlruns; }

# A SQLite store with more than 1,000 runs in an experiment: the newest 1,000
# come first as a result of their own, then the rest (2 pages, as a server's);
# the table holds them all, newest first, and the store is unchanged.
test_local_many_runs_come_in_two_parts() {
    local db=$E2E_DIR/many/mlflow.db before
    mkdir -p "$E2E_DIR/many"
    "$E2E_PYTHON" - "$E2E_REPO/$LOCAL_FIX/mlflow3-client-sqlite/mlflow.db" "$db" <<'PY'
import sqlite3, sys
src = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
schema = [r[0] for r in src.execute(
    "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
    "ORDER BY type = 'index', rowid")]
version = src.execute("SELECT version_num FROM alembic_version").fetchone()[0]
db = sqlite3.connect(sys.argv[2])
for sql in schema:
    db.execute(sql)
db.execute("INSERT INTO alembic_version VALUES (?)", (version,))
db.execute("INSERT INTO experiments VALUES (1, 'many', '/tmp/many', 'active', 1, 1)")
for i in range(2500):
    rid = "%032x" % (i * 2654435761 % (1 << 128))
    db.execute("INSERT INTO runs (run_uuid, name, source_type, user_id, status, start_time, "
               "end_time, lifecycle_stage, artifact_uri, experiment_id) VALUES "
               "(?, ?, 'LOCAL', 'u', 'FINISHED', ?, ?, 'active', '/tmp/a', 1)",
               (rid, "run_%04d" % i, 1796178000000 + i * 1000, 1796178000000 + i * 1000 + 500))
    db.execute("INSERT INTO latest_metrics VALUES ('f1', ?, 1, 0, 0, ?)", (i / 2500, rid))
    db.execute("INSERT INTO params VALUES ('lr', ?, ?)", (str(i % 7), rid))
db.commit()
PY
    before=$(cd "$E2E_DIR/many" && sha256sum mlflow.db)
    e2e_start 120x30 --experiment many "$db"
    e2e_wait_for "Loaded 2,500 runs in" 15
    e2e_assert_screen_has "(2 pages)"
    e2e_assert_screen_has "2,500/2,500 runs"
    e2e_assert_line_matches 4 '^  run_2499 '
    e2e_keys Q
    [ "$(e2e_wait_exit)" = 0 ]
    [ "$(cd "$E2E_DIR/many" && sha256sum mlflow.db)" = "$before" ] || e2e_fail "the store changed"
}
