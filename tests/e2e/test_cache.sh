# shellcheck shell=bash
# The local cache: an experiment seen before is shown at once from
# $XDG_CACHE_HOME/mltui, then refreshed from the server (new, changed and
# deleted runs applied without moving the cursor); --no-cache, :cache, and a
# damaged cache file.

# Opens Hazardous_NEOs once so the cache holds it, and quits.
cache__fill() {
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs "$@"
    e2e_wait_for "34/34 runs" 10
    e2e_wait_for "Loaded 34 runs"
    e2e_keys Q
    e2e_wait_exit >/dev/null
}

test_cache_reopen_shows_cached_runs_then_applies_the_server_changes() {
    cache__fill
    [ -s "$E2E_DIR/home/.cache/mltui/cache.sqlite" ] || e2e_fail "no cache file written"
    # Meanwhile on the server: one run's f1 changes, one run is deleted, one is new.
    e2e_mlflow \
        'runs/log-metric {"run_id":"RUN(big-skink-198)","key":"f1","value":0.25,"timestamp":1700000000000,"step":9}' \
        'runs/delete {"run_id":"RUN(chill-seal-447)"}' \
        'runs/create {"experiment_id":"1","run_name":"fresh-run-001","start_time":1600000000000}'
    # From now on runs/search takes 4 s: the cached table must be on screen
    # before the server answers.
    echo 4000 >"$E2E_DIR/delay"
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_match "34/34 runs .*cached .* · refreshing" 10
    e2e_assert_screen_has chill-seal-447          # the cache's view of the world
    e2e_assert_screen_lacks fresh-run-001
    e2e_keys : ; e2e_type "sort f1 desc"; e2e_keys Enter
    e2e_wait_for "Refreshed from the server" 20
    e2e_assert_screen_has "1 new, 1 changed, 1 gone"
    e2e_wait_for "34/34 runs"                     # 34 - 1 deleted + 1 new
    e2e_assert_screen_has fresh-run-001
    e2e_assert_screen_lacks chill-seal-447
    e2e_assert_screen_has "sort: metrics.f1 desc" # the user's sort survives the refresh
    e2e_assert_line_matches 4 '^  '               # and the table is not empty
    e2e_assert_screen_lacks "cached"
    # The changed value is the server's: big-skink-198's f1 is now 0.25.
    e2e_wait_match "^  big-skink-198 .* 0.25 "
}

test_cache_cursor_stays_on_its_run_through_the_refresh() {
    local name
    cache__fill
    echo 4000 >"$E2E_DIR/delay"
    # A run started later than all others comes in at the top (sorted by start).
    e2e_mlflow 'runs/create {"experiment_id":"1","run_name":"fresh-run-002","start_time":1900000000000}'
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_match "cached .* · refreshing" 10
    e2e_keys j j j
    name=$(e2e_line 7 | awk '{print $1}')     # the 4th run: line 7 (title, info, header)
    [ -n "$name" ] || e2e_fail "no run on line 7"
    e2e_wait_for "Refreshed from the server" 20
    e2e_assert_screen_has "1 new, 0 changed, 0 gone"
    # The new run came in above; the cursor's run stays where it was on screen.
    [ "$(e2e_line 7 | awk '{print $1}')" = "$name" ] || e2e_fail "$name is not on line 7 any more"
    e2e_keys Enter
    e2e_wait_for "Parameters" 10
    e2e_assert_line_matches 1 "Hazardous_NEOs › $name"
    e2e_wait_idle
    e2e_keys q g
    e2e_wait_match "^  fresh-run-002 "
}

test_cache_no_cache_neither_reads_nor_writes() {
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs --no-cache
    e2e_wait_for "Loaded 34 runs" 10
    e2e_keys Q
    e2e_wait_exit >/dev/null
    [ ! -e "$E2E_DIR/home/.cache/mltui/cache.sqlite" ] || e2e_fail "--no-cache wrote a cache file"
    cache__fill
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs --no-cache
    e2e_wait_for "Loaded 34 runs" 10
    e2e_assert_screen_lacks "Refreshed from the server"
    e2e_keys : ; e2e_type "cache"; e2e_keys Enter
    e2e_wait_for "The local cache is off"
}

test_cache_command_shows_size_and_clears() {
    cache__fill
    e2e_start_mltui 120x40
    e2e_wait_for "Hazardous_NEOs" 10
    e2e_keys : ; e2e_type "cache"; e2e_keys Enter
    # The experiment's runs and the experiments list (saved by cache__fill;
    # this start saves the list again under the same key: still 2).
    e2e_wait_match "Cache: .* in 2 entries"
    e2e_keys : ; e2e_type "cache clear"; e2e_keys Enter
    e2e_wait_match "Cleared the cache: 2 entries deleted"
    e2e_keys Q
    e2e_wait_exit >/dev/null
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "Loaded 34 runs" 10      # not "Refreshed": nothing was cached any more
}

test_cache_damaged_file_is_discarded_with_one_message() {
    mkdir -p "$E2E_DIR/home/.cache/mltui"
    printf 'SQLite format 3\000 but then garbage, garbage, garbage, garbage\n' \
        >"$E2E_DIR/home/.cache/mltui/cache.sqlite"
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "Loaded 34 runs" 10
    e2e_keys : ; e2e_type "messages"; e2e_keys Enter
    e2e_wait_match "Discarded (a damaged cache file|a file that is not mltui.s cache)"
    e2e_keys q Q
    e2e_wait_exit >/dev/null
    # The fresh file it made is trusted next time (the server slowed so the
    # cache is read first however busy the machine).
    echo 1500 >"$E2E_DIR/delay"
    e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "cached" 10
    e2e_wait_for "Refreshed from the server" 10
}

test_cache_experiments_list_shown_when_the_server_is_gone() {
    e2e_start_mltui 120x30
    e2e_wait_for Hazardous_NEOs 10
    e2e_wait_gone "loading…" 10
    e2e_keys Q
    e2e_wait_exit >/dev/null
    local uri=$E2E_URI
    e2e_server_stop
    MLFLOW_HTTP_REQUEST_MAX_RETRIES=0 e2e_start 120x30 --tracking-uri "$uri"
    # The list as last seen, said to be the cache's, and why it is not fresh.
    e2e_wait_for Hazardous_NEOs 10
    e2e_wait_match "cached (just now|[0-9]+s ago) · not refreshed" 15
    e2e_wait_match "Experiments: .*(connect|refused|reach)" 15
    e2e_keys Q
    e2e_wait_exit >/dev/null
}

# The server gone: the cached experiments list, and Enter on an experiment
# brings its cached runs (the cache is keyed by id, known from the list), not
# an empty table waiting on experiments/get.
test_cache_runs_opened_from_the_list_when_the_server_is_gone() {
    e2e_start_mltui 120x40
    e2e_wait_for Hazardous_NEOs 10
    e2e_wait_gone "loading…" 10
    e2e_keys / ; e2e_type "Hazardous"; e2e_keys Enter Enter
    e2e_wait_for "Loaded 34 runs" 10
    e2e_keys Q
    e2e_wait_exit >/dev/null
    local uri=$E2E_URI
    e2e_server_stop
    MLFLOW_HTTP_REQUEST_MAX_RETRIES=0 e2e_start 120x40 --tracking-uri "$uri"
    e2e_wait_match "cached (just now|[0-9]+s ago) · not refreshed" 15
    e2e_keys / ; e2e_type "Hazardous"; e2e_keys Enter Enter
    e2e_wait_match "Hazardous_NEOs +34/34 runs .*cached (just now|[0-9]+s ago) · not refreshed" 15
    e2e_assert_screen_has "big-skink-198"
    e2e_assert_screen_has "Cannot connect"    # why it is not fresh stays said
    e2e_keys Q
    e2e_wait_exit >/dev/null
}

# The same by name (--experiment NAME): the cached experiments list gives
# the id the runs are kept under.
test_cache_runs_by_name_when_the_server_is_gone() {
    e2e_start_mltui 120x40
    e2e_wait_for Hazardous_NEOs 10
    e2e_wait_gone "loading…" 10
    e2e_keys Q
    e2e_wait_exit >/dev/null
    cache__fill
    local uri=$E2E_URI
    e2e_server_stop
    MLFLOW_HTTP_REQUEST_MAX_RETRIES=0 e2e_start 120x40 --tracking-uri "$uri" \
        --experiment Hazardous_NEOs
    e2e_wait_match "Hazardous_NEOs +34/34 runs .*cached (just now|[0-9]+s ago) · not refreshed" 15
    e2e_assert_screen_has "big-skink-198"
    e2e_keys Q
    e2e_wait_exit >/dev/null
}

# ---- the registry and logged-models lists ----

# cache__http METHOD PATH JSON: one request to the test server's MLflow API
# (e2e_mlflow only POSTs; deletes and updates need their own methods).
cache__http() {
    "$E2E_PYTHON" - "$E2E_URI/api/2.0/mlflow/$2" "$1" "$3" <<'PY'
import sys, urllib.request
url, method, body = sys.argv[1:4]
req = urllib.request.Request(url, data=body.encode(), method=method,
                             headers={"Content-Type": "application/json"})
urllib.request.urlopen(req, timeout=30).read()
PY
}

# Opens the registered models and NEOs's versions once (the cache keeps both), and quits.
cache__fill_registry() {
    e2e_start_mltui 120x40 "$@"
    e2e_wait_for Hazardous_NEOs 10
    e2e_keys m
    e2e_wait_match "Registered models  1( |$)" 10
    e2e_wait_for "NEOs" 10
    e2e_keys Enter
    e2e_wait_match "NEOs  2 versions" 10
    e2e_wait_gone "loading…" 10
    e2e_keys Q
    e2e_wait_exit >/dev/null
}

test_cache_registry_lists_shown_from_cache_then_refreshed() {
    cache__fill_registry
    # Meanwhile on the server: a new model (sorted before NEOs); NEOs tagged,
    # version 1 moved to Staging, version 2 deleted, a version 3 registered.
    cache__http POST registered-models/create '{"name":"Asteroids"}'
    cache__http POST registered-models/set-tag '{"name":"NEOs","key":"reviewed","value":"yes"}'
    cache__http POST model-versions/transition-stage \
        '{"name":"NEOs","version":"1","stage":"Staging","archive_existing_versions":false}'
    cache__http DELETE model-versions/delete '{"name":"NEOs","version":"2"}'
    e2e_mlflow 'model-versions/create {"name":"NEOs","source":"runs:/RUN(big-skink-198)/model","run_id":"RUN(big-skink-198)"}'
    # From now on the registry's lists take 4 s: the cache's must come first.
    echo 4000 >"$E2E_DIR/list-delay"
    e2e_start_mltui 120x40
    e2e_wait_for Hazardous_NEOs 10
    e2e_keys m
    e2e_wait_match "Registered models  1  cached .* · refreshing" 10
    e2e_assert_screen_lacks Asteroids
    e2e_assert_line_matches 4 '^  NEOs '           # the cursor's row
    e2e_wait_for "Registered models refreshed from the server" 20
    e2e_assert_screen_has "1 new, 1 changed, 0 gone"
    e2e_assert_screen_lacks "cached"
    e2e_wait_match "Registered models  2( |$)"
    # Asteroids came in above NEOs (the list fits: shown whole), the cursor
    # stayed on NEOs: Enter opens NEOs.
    e2e_assert_line_matches 4 '^  Asteroids '
    e2e_assert_line_matches 5 '^  NEOs +Staging v1 · None v3 '
    e2e_keys Enter
    # NEOs's versions as cached (v2 and v1, the champion alias), then the server's.
    e2e_wait_match "NEOs  2 versions  aliases: champion→v2  cached .* · refreshing" 10
    e2e_assert_screen_has "Production"
    e2e_wait_for "Versions refreshed from the server" 20
    e2e_assert_screen_has "1 new, 1 changed, 1 gone"
    e2e_wait_match "^ +3 +None "
    e2e_assert_screen_has "Staging"
    e2e_assert_screen_lacks "Production"
    e2e_assert_screen_lacks "cached"
}

test_cache_registry_lists_shown_when_the_server_is_gone() {
    cache__fill_registry
    local uri=$E2E_URI
    e2e_server_stop
    MLFLOW_HTTP_REQUEST_MAX_RETRIES=0 e2e_start 120x30 --tracking-uri "$uri"
    e2e_wait_for Hazardous_NEOs 10
    e2e_keys m
    e2e_wait_match "Registered models  1  cached .* · not refreshed" 15
    e2e_assert_line_matches 4 '^  NEOs .*Production v2'
    e2e_keys Enter
    e2e_wait_match "NEOs  2 versions  aliases: champion→v2  cached .* · not refreshed" 15
    e2e_wait_match "^ +2 +Production +champion "
    e2e_keys Q
    e2e_wait_exit >/dev/null
}

test_cache_logged_models_shown_from_cache_then_refreshed() {
    local fixture=$E2E_REPO/tests/fixtures/neos_real_client.json
    local rf10=m-9ae30ce818cc4312be0e5bf61f4c5c8f rf100=m-ef0bf53d9f964786823c773454aadd59
    local best=m-eb3805b5bc4846ceafbe66b557ce5018
    e2e_server_start --fixture "$fixture"
    e2e_start_mltui 150x40 --experiment NEOs_real_client
    e2e_wait_for "6/6 runs" 15
    e2e_keys : ; e2e_type "logged-models"; e2e_keys Enter
    e2e_wait_for "Loaded 3 logged models" 15
    e2e_keys Q
    e2e_wait_exit >/dev/null
    # Meanwhile: a model logged, rf_10's deleted, rf_100's upload failed.
    cache__http POST logged-models '{"experiment_id":"6","name":"fresh_lm"}'
    cache__http DELETE "logged-models/$rf10" '{}'
    cache__http PATCH "logged-models/$rf100" '{"status":"LOGGED_MODEL_UPLOAD_FAILED"}'
    echo 4000 >"$E2E_DIR/list-delay"
    e2e_start_mltui 150x40 --experiment NEOs_real_client
    e2e_wait_for "6/6 runs" 15
    e2e_keys : ; e2e_type "logged-models"; e2e_keys Enter
    e2e_wait_match "Logged models of NEOs_real_client  3/3 .*cached .* · refreshing" 10
    e2e_assert_screen_has "$rf10"
    e2e_assert_screen_lacks fresh_lm
    # Sorted and marked while the server is still asked: both survive the refresh.
    e2e_keys : ; e2e_type "sort f1 desc"; e2e_keys Enter
    e2e_wait_for "sort: f1 desc"
    e2e_assert_line_matches 4 "model +$best "
    e2e_keys Space
    e2e_wait_for "Logged models refreshed from the server" 20
    e2e_assert_screen_has "1 new, 1 changed, 1 gone"
    e2e_assert_screen_lacks "cached"
    e2e_assert_screen_has "sort: f1 desc"
    e2e_assert_screen_has fresh_lm
    e2e_assert_screen_lacks "$rf10"
    e2e_assert_line_matches 4 "^\* model +$best "
    e2e_wait_match "$rf100 +FAILED"
}

test_cache_no_cache_keeps_no_registry_list() {
    cache__fill_registry --no-cache
    [ ! -e "$E2E_DIR/home/.cache/mltui/cache.sqlite" ] || e2e_fail "--no-cache wrote a cache file"
}

test_cache_logged_models_shown_when_the_server_goes() {
    e2e_server_start --fixture "$E2E_REPO/tests/fixtures/neos_real_client.json"
    e2e_start_mltui 150x40 --experiment NEOs_real_client
    e2e_wait_for "6/6 runs" 15
    e2e_keys : ; e2e_type "logged-models"; e2e_keys Enter
    e2e_wait_for "Loaded 3 logged models" 15
    e2e_keys Q
    e2e_wait_exit >/dev/null
    # The runs are on screen, then the server goes: the logged models are the cache's.
    MLFLOW_HTTP_REQUEST_MAX_RETRIES=0 e2e_start_mltui 150x40 --experiment NEOs_real_client
    e2e_wait_match "Refreshed from the server|Loaded 6 runs" 15
    e2e_server_stop
    e2e_keys : ; e2e_type "logged-models"; e2e_keys Enter
    e2e_wait_match "Logged models of NEOs_real_client  3/3 .*cached .* · not refreshed" 15
    e2e_assert_screen_has m-eb3805b5bc4846ceafbe66b557ce5018
    e2e_keys Q
    e2e_wait_exit >/dev/null
}
