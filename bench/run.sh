#!/bin/sh
# Build and run every benchmark: bench/bench_NAME.c -> $BUILD/bench/bench_NAME
# (built by the Makefile's rule), printing each one's output.  `make bench`.
#   bench/run.sh [NAME...]     only these (e.g. runset or bench_runset)
# Environment: BUILD (default build), MAKE (default make).
set -eu

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
MAKE=${MAKE:-make}

names=
if [ $# -gt 0 ]; then
    for n in "$@"; do
        n=${n#bench_}
        n=${n%.c}
        names="$names bench_$n"
    done
else
    for src in bench/bench_*.c; do
        [ -f "$src" ] || continue
        n=$(basename "$src" .c)
        names="$names $n"
    done
fi

if [ -z "$names" ]; then
    echo "bench: no bench/bench_*.c found"
    exit 0
fi

bins=
for n in $names; do
    bins="$bins $BUILD/bench/$n"
done
# shellcheck disable=SC2086
"$MAKE" --no-print-directory BUILD="$BUILD" $bins

failed=
for n in $names; do
    echo "== $n"
    if ! "$BUILD/bench/$n"; then
        echo "bench: $n failed" >&2
        failed="$failed $n"
    fi
done
if [ -n "$failed" ]; then
    echo "bench: failed:$failed" >&2
    exit 1
fi
