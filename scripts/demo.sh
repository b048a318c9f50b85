#!/bin/sh
# Open mltui on the bundled example server (`make demo-server`).
# Starts tests/server/mlflow_server.py on a free port with the NEOs fixture, runs
# mltui in the foreground, stops the server when mltui exits.
# Environment: DEMO_ARGS (extra mltui arguments, split on spaces), MLTUI
# (default ./mltui), PYTHON (default python3), DEMO_FIXTURE, DEMO_EXPERIMENT.
set -eu

cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
MLTUI=${MLTUI:-./mltui}
FIXTURE=${DEMO_FIXTURE:-tests/fixtures/neos.json}
EXPERIMENT=${DEMO_EXPERIMENT:-Hazardous_NEOs}
SERVER=tests/server/mlflow_server.py

if [ ! -x "$MLTUI" ]; then
    echo "demo: $MLTUI is not built; run make" >&2
    exit 1
fi
if [ ! -f "$SERVER" ]; then
    echo "demo: $SERVER missing" >&2
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mltui-demo.XXXXXX")
server_pid=
keep_log=0

cleanup() {
    trap - EXIT INT TERM
    if [ -n "$server_pid" ]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        i=0
        while kill -0 "$server_pid" 2>/dev/null && [ $i -lt 40 ]; do
            sleep 0.05
            i=$((i + 1))
        done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    if [ "$keep_log" = 1 ]; then
        echo "demo: server log kept in $tmp/server.log" >&2
    else
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$PYTHON" "$SERVER" --fixture "$FIXTURE" --port 0 --port-file "$tmp/port" \
    >"$tmp/server.log" 2>&1 </dev/null &
server_pid=$!

# Wait (up to 15 s) for the port file and a listening socket.
port=
i=0
while :; do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        echo "demo: the test server exited; its log:" >&2
        tail -n 20 "$tmp/server.log" >&2
        server_pid=
        keep_log=1
        exit 1
    fi
    if [ -s "$tmp/port" ]; then
        port=$(tr -dc '0-9' <"$tmp/port")
        if [ -n "$port" ] && "$PYTHON" -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$port" 2>/dev/null; then
            break
        fi
    fi
    i=$((i + 1))
    if [ $i -ge 300 ]; then
        echo "demo: the test server did not start within 15 s; its log:" >&2
        tail -n 20 "$tmp/server.log" >&2
        keep_log=1
        exit 1
    fi
    sleep 0.05
done

status=0
# shellcheck disable=SC2086  # DEMO_ARGS is split on purpose
"$MLTUI" --tracking-uri "http://127.0.0.1:$port" --experiment "$EXPERIMENT" ${DEMO_ARGS:-} || status=$?
exit "$status"
