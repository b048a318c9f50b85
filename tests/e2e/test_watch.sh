# shellcheck shell=bash
# :watch keeps the open experiment current: runs logged to during the test
# update in place, new runs appear, and the watch stops itself on errors.

test_watch_running_run_updates_and_new_run_appears() {
    e2e_start_mltui 140x45 --experiment Hazardous_NEOs
    e2e_wait_for "34/34 runs" 10
    e2e_wait_for "Loaded 34 runs"
    e2e_keys : ; e2e_type "watch 1"; e2e_keys Enter
    e2e_wait_match "watching every 1s · 1 running" 10
    # A training script is still logging to the one RUNNING run, and a new run starts.
    e2e_mlflow \
        'runs/log-metric {"run_id":"RUN(smiling-ant-659)","key":"f1","value":0.777,"timestamp":1900000000000,"step":42}' \
        'runs/create {"experiment_id":"1","run_name":"watched-run-1","start_time":1900000000000}'
    e2e_wait_match "^  smiling-ant-659 +RUNNING .* 0.777 " 15
    e2e_wait_for "watched-run-1" 15
    e2e_wait_for "35/35 runs"
    # The run finishes: its status follows, and nothing runs any more but the new one.
    e2e_mlflow 'runs/update {"run_id":"RUN(smiling-ant-659)","status":"FINISHED","end_time":1900000000100}'
    e2e_wait_match "^  smiling-ant-659 +FINISHED " 15
    e2e_keys : ; e2e_type "watch off"; e2e_keys Enter
    e2e_wait_for "Stopped watching"
    e2e_assert_screen_lacks "watching every"
}

test_watch_key_toggles_and_stops_itself_when_the_server_goes() {
    # Reads retry for minutes by default (as MLflow's client); here the first failure counts.
    MLFLOW_HTTP_REQUEST_MAX_RETRIES=0 e2e_start_mltui 120x40 --experiment Hazardous_NEOs
    e2e_wait_for "Loaded 34 runs" 10
    e2e_keys w
    e2e_wait_for "watching every 5s"
    e2e_keys w
    e2e_wait_for "Stopped watching"
    e2e_keys : ; e2e_type "watch 1"; e2e_keys Enter
    e2e_wait_for "watching every 1s"
    e2e_server_stop
    e2e_wait_match "Watch stopped:|Cannot connect" 30
    e2e_wait_gone "watching every" 10
    e2e_keys : ; e2e_type "watch 0"; e2e_keys Enter
    e2e_wait_for "Usage: :watch [SECONDS|off]"
}

test_watch_run_detail_follows_a_running_run_to_its_end() {
    e2e_start_mltui 140x45 --experiment Hazardous_NEOs
    e2e_wait_for "Loaded 34 runs" 10
    # smiling-ant-659 is the RUNNING run, first in the table.
    e2e_keys Enter
    e2e_wait_for "› smiling-ant-659"
    e2e_wait_for "RUNNING  (following: a look every 5 s)" 10
    # The training script logs two more steps of a new metric.
    e2e_mlflow \
        'runs/log-metric {"run_id":"RUN(smiling-ant-659)","key":"val_loss","value":0.9,"timestamp":1900000000000,"step":1}' \
        'runs/log-metric {"run_id":"RUN(smiling-ant-659)","key":"val_loss","value":0.5,"timestamp":1900000001000,"step":2}'
    e2e_wait_match "val_loss +0\.5  \(step 2\)" 15
    # Its history is read too: a sparkline with min and max of the two steps.
    e2e_wait_match "val_loss .*2 steps  min 0\.5  max 0\.9" 15
    e2e_mlflow 'runs/update {"run_id":"RUN(smiling-ant-659)","status":"FINISHED","end_time":1900000002000}'
    e2e_wait_for "Run smiling-ant-659 ended: FINISHED" 15
    e2e_assert_screen_lacks "following"
    e2e_keys Q
    e2e_wait_exit >/dev/null
}

test_watch_history_follows_a_running_run() {
    e2e_start_mltui 140x45 --experiment Hazardous_NEOs
    e2e_wait_for "Loaded 34 runs" 10
    e2e_mlflow \
        'runs/log-metric {"run_id":"RUN(smiling-ant-659)","key":"val_loss","value":0.9,"timestamp":1900000000000,"step":1}' \
        'runs/log-metric {"run_id":"RUN(smiling-ant-659)","key":"val_loss","value":0.5,"timestamp":1900000001000,"step":2}'
    # The cursor is on smiling-ant-659, the RUNNING run.
    e2e_keys : ; e2e_type "history val_loss"; e2e_keys Enter
    e2e_wait_for "Following 1 running run" 10
    e2e_wait_match "min 0\.5  max 0\.9  last 0\.5  \(2 pts\)" 10
    e2e_mlflow 'runs/log-metric {"run_id":"RUN(smiling-ant-659)","key":"val_loss","value":0.2,"timestamp":1900000002000,"step":3}'
    e2e_wait_match "min 0\.2  max 0\.9  last 0\.2  \(3 pts\)" 15
    e2e_mlflow 'runs/update {"run_id":"RUN(smiling-ant-659)","status":"FINISHED","end_time":1900000003000}'
    e2e_wait_for "it stops following" 15
    e2e_keys Q
    e2e_wait_exit >/dev/null
}
