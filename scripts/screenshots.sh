#!/bin/sh
# Regenerate screenshots/*.png (`make screenshots`): starts the test server
# (tests/server/mlflow_server.py, NEOs fixture) on a free port and runs
# `mltui --screenshot` once per main screen with scripted keys. No terminal,
# tmux or display needed.
#
#   scripts/screenshots.sh [NAME...]    only the named screenshots
#
# Environment: MLTUI (default ./mltui), PYTHON (default python3), SHOT_SIZE
# (default 120x36), SHOT_DIR (default screenshots).
# A screen that cannot be shot (e.g. not built yet) is reported and skipped;
# the exit status is 1 if any failed.
set -eu

cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
MLTUI=${MLTUI:-./mltui}
case $MLTUI in */*) ;; *) MLTUI=./$MLTUI ;; esac
SIZE=${SHOT_SIZE:-120x36}
OUT=${SHOT_DIR:-screenshots}
FIXTURE=tests/fixtures/neos.json
FIXTURE3=tests/fixtures/neos_real_client.json   # MLflow 3 logged models
SERVER=tests/server/mlflow_server.py

if [ ! -x "$MLTUI" ]; then
    echo "screenshots: $MLTUI is not built; run make" >&2
    exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mltui-shots.XXXXXX")
server_pid=
cleanup() {
    trap - EXIT INT TERM
    if [ -n "$server_pid" ]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$PYTHON" "$SERVER" --fixture "$FIXTURE" --fixture "$FIXTURE3" --port 0 --port-file "$tmp/port" \
    >"$tmp/server.log" 2>&1 </dev/null &
server_pid=$!
i=0
while ! [ -s "$tmp/port" ] || ! "$PYTHON" -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$(tr -dc 0-9 <"$tmp/port")" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -ge 300 ] || ! kill -0 "$server_pid" 2>/dev/null; then
        echo "screenshots: the test server did not start; its log:" >&2
        tail -n 20 "$tmp/server.log" >&2
        exit 1
    fi
    sleep 0.05
done
URI=http://127.0.0.1:$(tr -dc 0-9 <"$tmp/port")

# The same pictures whatever the user's configuration.
mkdir -p "$tmp/home" "$OUT"
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home/.config"
unset NO_COLOR MLTUI_FONT MLTUI_FONT_BOLD

ok=
failed=
# shot NAME KEYS [MLTUI ARGS...]
shot() {
    name=$1 keys=$2
    shift 2
    if [ -n "$only" ] && ! printf ' %s ' "$only" | grep -q " $name "; then
        return 0
    fi
    if "$MLTUI" --tracking-uri "$URI" --screenshot "$OUT/$name.png" --size "$SIZE" \
        --keys "$keys" "$@" </dev/null 2>"$tmp/err"; then
        ok="$ok $name"
        echo "screenshots: $OUT/$name.png"
    else
        failed="$failed $name"
        echo "screenshots: $name FAILED: $(cat "$tmp/err")" >&2
    fi
}
only="$*"
skipped=
# shot_if VIEW NAME KEYS [ARGS...]: shot NAME only if src/views/VIEW.c exists.
shot_if() {
    view=$1
    shift
    if [ -f "src/views/$view.c" ]; then
        shot "$@"
    else
        skipped="$skipped $1"
    fi
}

NEOS="--experiment Hazardous_NEOs"
SORTED='":sort metrics.f1 desc<Enter>"'
SKINK="$SORTED \"/big-skink-198<Enter>\""

# shellcheck disable=SC2086  # $NEOS is two words on purpose
{
shot experiments ''
shot runs "$SORTED" $NEOS
shot run "$SKINK Enter" $NEOS
shot help "$SORTED ?" $NEOS
shot columns "$SORTED C" $NEOS
shot compare "$SORTED Space Space Space Space c" $NEOS
# Screens still being written are skipped until their view exists.
shot_if parallel parallel "$SORTED Space Space Space Space Space Space p" $NEOS
shot_if scatter scatter "$SORTED \":scatter metrics.auc metrics.f1<Enter>\"" $NEOS
# The three H2O runs that logged a loss curve: rows 7, 8 and 10 by f1.
shot_if history history "$SORTED j j j j j j Space Space j Space \":history validation_logloss<Enter>\"" $NEOS
shot_if artifacts artifacts "$SKINK Enter a j j" $NEOS
shot_if models models "m"
shot_if models versions "m \"/NEOs<Enter>\" Enter"
LM="--experiment NEOs_real_client"
shot_if logged_models logged-models "L \":sort f1 desc<Enter>\"" $LM
shot_if logged_models logged-model "L \":sort f1 desc<Enter>\" Enter" $LM
}

echo "screenshots: made:${ok:- none}"
if [ -n "$skipped" ]; then
    echo "screenshots: skipped (screen not built yet):$skipped"
fi
if [ -n "$failed" ]; then
    echo "screenshots: failed:$failed" >&2
    exit 1
fi
