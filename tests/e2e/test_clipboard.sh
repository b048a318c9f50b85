# shellcheck shell=bash
# y, Y and W put the id, a runs:/ or models:/ URI, and the MLflow web UI's
# address of the item under the cursor on the clipboard with OSC 52. The
# harness's tmux has set-clipboard on, so what mltui sent is tmux's newest
# paste buffer: these tests read the clipboard itself, not the status line.

LM_FIXTURE=$E2E_REPO/tests/fixtures/neos_real_client.json

# The run id shown by i (show-id) for the cursor row.
shown_run_id() {
    e2e_keys i
    e2e_wait_match "Run id [0-9a-f]{32}" >/dev/null
    e2e_screen | grep -oE "Run id [0-9a-f]{32}" | tail -1 | cut -d' ' -f3
}

test_clipboard_run_id_uri_and_web_address_without_credentials() {
    local id port=${E2E_URI##*:}
    e2e_start_mltui 120x30 --tracking-uri "http://someone:s3cret@127.0.0.1:$port" \
        --experiment Hazardous_NEOs
    e2e_wait_for "Loaded 34 runs" 10
    e2e_keys j j
    id=$(shown_run_id)
    [ ${#id} = 32 ] || e2e_fail "no run id shown: '$id'"
    e2e_keys y
    e2e_wait_clipboard "$id"
    e2e_wait_for "Copied run id $id"
    e2e_keys Y
    e2e_wait_clipboard "runs:/$id"
    e2e_keys W
    e2e_wait_match "Copied http://127\.0\.0\.1:$port/#/experiments/[0-9]+/runs/$id"
    case "$(e2e_clipboard)" in
        "http://127.0.0.1:$port/#/experiments/"[0-9]*"/runs/$id") ;;
        *) e2e_fail "web address: $(e2e_clipboard)" ;;
    esac
    e2e_clipboard | grep -q s3cret && e2e_fail "the password reached the clipboard"
    # The run's own screen copies the same run.
    e2e_keys Enter
    e2e_wait_for "Overview"
    e2e_keys Y
    e2e_wait_clipboard "runs:/$id"
    e2e_keys Q
    e2e_wait_exit >/dev/null
}

test_clipboard_models_versions_and_experiments() {
    e2e_start_mltui 120x30
    e2e_wait_for Hazardous_NEOs 10
    e2e_keys Y
    e2e_wait_for "This experiment has no runs:/ or models:/ URI"
    e2e_keys m
    e2e_wait_for "NEOs" 10
    e2e_keys y
    e2e_wait_match "Copied model id "
    local name
    name=$(e2e_clipboard)
    [ -n "$name" ] || e2e_fail "nothing copied"
    e2e_keys Y
    e2e_wait_clipboard "models:/$name"
    e2e_keys Enter
    e2e_wait_for "versions" 10
    e2e_wait_idle 10
    e2e_keys Y
    e2e_wait_match "Copied models:/$name/[0-9]+"
    e2e_keys Q
    e2e_wait_exit >/dev/null
}

test_clipboard_logged_model_uri_and_web_address() {
    e2e_server_start --fixture "$LM_FIXTURE"
    e2e_start_mltui 150x40 --experiment NEOs_real_client
    e2e_wait_for rf_300 10
    e2e_keys L
    e2e_wait_match "m-[0-9a-f]{32}" 10
    e2e_keys Y
    e2e_wait_match "Copied models:/m-[0-9a-f]{32}"
    e2e_clipboard | grep -qE "^models:/m-[0-9a-f]{32}$" || e2e_fail "clipboard: $(e2e_clipboard)"
    e2e_keys W
    e2e_wait_match "Copied http://127\.0\.0\.1:[0-9]+/#/experiments/[0-9]+/models/m-[0-9a-f]{32}"
    # A file of the model: its own URI under the model's artifact location.
    e2e_keys Enter
    e2e_wait_for "Model ID" 10
    e2e_keys a
    e2e_wait_for "MLmodel" 10
    e2e_wait_idle 10
    e2e_assert_line_matches 4 "^  MLmodel "       # the first entry, under the cursor
    e2e_keys Y
    e2e_wait_match "Copied mlflow-artifacts:/[0-9]+/models/m-[0-9a-f]{32}/artifacts/MLmodel"
    e2e_clipboard | grep -qE "^mlflow-artifacts:/[0-9]+/models/m-[0-9a-f]{32}/artifacts/MLmodel$" ||
        e2e_fail "clipboard: $(e2e_clipboard)"
    e2e_keys j Y
    e2e_wait_match "Copied mlflow-artifacts:/[0-9]+/models/m-[0-9a-f]{32}/artifacts/conda\.yaml"
    e2e_keys Q
    e2e_wait_exit >/dev/null
}
