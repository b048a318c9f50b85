#!/bin/sh
# Runs tests/api/test_api against the project's MLflow test server.
# Starts five servers on free ports (plain with a request log, Basic auth,
# bearer token, slow, one behind tests/server/faultproxy.py), waits until each
# listens, runs the test binaries (test_api, then test_faults) with
# their addresses in the environment, and stops them whatever happens.
#   sh tests/api/run.sh                 uses build/tests/test_api
#   TEST_API=build-asan/tests/test_api sh tests/api/run.sh
set -eu

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
PYTHON=${PYTHON:-python3}
TEST_API=${TEST_API:-${BUILD:-build}/tests/test_api}
SERVER=tests/server/mlflow_server.py
FIXTURE=tests/fixtures/neos.json

if [ ! -f "$SERVER" ]; then
    echo "run.sh: $SERVER not found" >&2
    exit 1
fi
if [ ! -x "$TEST_API" ]; then
    echo "run.sh: $TEST_API not built (make $TEST_API)" >&2
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mltui-api.XXXXXX")
pids=
cleanup() {
    for p in $pids; do
        kill "$p" 2>/dev/null || true
    done
    for p in $pids; do
        wait "$p" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME ARGS... : starts a server, sets $port when it listens.
start() {
    name=$1
    shift
    "$PYTHON" "$SERVER" --fixture "$FIXTURE" --port 0 --port-file "$tmp/$name.port" "$@" \
        >"$tmp/$name.out" 2>&1 &
    pids="$pids $!"
    pid=$!
    i=0
    while [ ! -s "$tmp/$name.port" ]; do
        i=$((i + 1))
        if [ $i -gt 200 ] || ! kill -0 "$pid" 2>/dev/null; then
            echo "run.sh: server $name did not start:" >&2
            cat "$tmp/$name.out" >&2
            exit 1
        fi
        sleep 0.05
    done
    port=$(tr -dc 0-9 <"$tmp/$name.port")
    i=0
    until "$PYTHON" -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 1).close()" "$port" 2>/dev/null; do
        i=$((i + 1))
        if [ $i -gt 100 ]; then
            echo "run.sh: server $name is not listening on $port" >&2
            exit 1
        fi
        sleep 0.05
    done
}

BASIC_USER=mltui-test
BASIC_PASS=s3cret-pw
TOKEN=tok-0123456789

start plain --log "$tmp/plain.log"
MLTUI_TEST_URI=http://127.0.0.1:$port
start basic --basic-auth "$BASIC_USER:$BASIC_PASS"
MLTUI_TEST_URI_BASIC=http://127.0.0.1:$port
start token --token "$TOKEN"
MLTUI_TEST_URI_TOKEN=http://127.0.0.1:$port
start slow --delay-ms 2000
MLTUI_TEST_URI_SLOW=http://127.0.0.1:$port

# The fault proxy in front of a server of its own (its writes stay apart).
start faulty
faulty_port=$port
"$PYTHON" tests/server/faultproxy.py --upstream "http://127.0.0.1:$faulty_port" --port 0 \
    --port-file "$tmp/proxy.port" >"$tmp/proxy.out" 2>&1 &
pids="$pids $!"
i=0
while [ ! -s "$tmp/proxy.port" ]; do
    i=$((i + 1))
    if [ $i -gt 200 ]; then
        echo "run.sh: fault proxy did not start:" >&2
        cat "$tmp/proxy.out" >&2
        exit 1
    fi
    sleep 0.05
done
MLTUI_TEST_URI_FAULT=http://127.0.0.1:$(tr -dc 0-9 <"$tmp/proxy.port")

export MLTUI_TEST_URI_FAULT
export MLTUI_TEST_URI MLTUI_TEST_URI_BASIC MLTUI_TEST_URI_TOKEN MLTUI_TEST_URI_SLOW
export MLTUI_TEST_LOG="$tmp/plain.log"
export MLTUI_TEST_BASIC_USER="$BASIC_USER" MLTUI_TEST_BASIC_PASS="$BASIC_PASS"
export MLTUI_TEST_TOKEN="$TOKEN"
# The caller's MLflow settings must not leak into the tests.
unset MLFLOW_TRACKING_URI MLFLOW_TRACKING_USERNAME MLFLOW_TRACKING_PASSWORD \
      MLFLOW_TRACKING_TOKEN MLFLOW_TRACKING_INSECURE_TLS \
      MLFLOW_TRACKING_SERVER_CERT_PATH MLFLOW_TRACKING_CLIENT_CERT_PATH

TEST_FAULTS=${TEST_FAULTS:-$(dirname "$TEST_API")/test_faults}
rc=0
"$TEST_API" || rc=$?
"$TEST_FAULTS" || rc=$?
exit $rc
