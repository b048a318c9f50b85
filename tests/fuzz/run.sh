#!/usr/bin/env bash
# Runs every libFuzzer target of $FUZZ_BUILD/fuzz/ for $FUZZ_SECONDS seconds each
# (`make fuzz`, `make fuzz-ci` build them first). Corpus: $FUZZ_BUILD/corpus/TARGET
# (kept between runs, grows) seeded from $FUZZ_BUILD/seeds/TARGET, plus the
# regression inputs in tests/fuzz/regress/TARGET. A crash, leak, sanitizer report
# or timeout leaves the input as $FUZZ_BUILD/artifacts/TARGET/crash-* and fails.
#   tests/fuzz/run.sh [TARGET...]     (default: every target; names without fuzz_)
set -u
cd "$(dirname "$0")/../.." || exit 1

FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0

if [ $# -gt 0 ]; then
    targets=("$@")
else
    targets=()
    for b in "$FUZZ_BUILD"/fuzz/fuzz_*; do
        [ -x "$b" ] && targets+=("$(basename "$b" | sed 's/^fuzz_//')")
    done
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz: no targets in $FUZZ_BUILD/fuzz (make fuzz builds them)"; exit 1; }

failed=()
for t in "${targets[@]}"; do
    bin=$FUZZ_BUILD/fuzz/fuzz_$t
    corpus=$FUZZ_BUILD/corpus/$t
    art=$FUZZ_BUILD/artifacts/$t
    mkdir -p "$corpus" "$art"
    dirs=("$corpus")
    [ -d "$FUZZ_BUILD/seeds/$t" ] && dirs+=("$FUZZ_BUILD/seeds/$t")
    [ -d "tests/fuzz/regress/$t" ] && dirs+=("tests/fuzz/regress/$t")
    log=$FUZZ_BUILD/fuzz-$t.log
    # -timeout: one input taking over 10 s is a hang; -rss_limit_mb: a blow-up.
    # The time limit of the whole run is enforced from outside too (timeout).
    timeout --kill-after=10 $((FUZZ_SECONDS + 120)) \
        "$bin" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$art/" "${dirs[@]}" >"$log" 2>&1
    rc=$?
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    if [ $rc -eq 0 ]; then
        printf 'fuzz %-14s ok   %s runs in %s s\n' "$t" "${execs:-?}" "$FUZZ_SECONDS"
    else
        printf 'fuzz %-14s FAIL (exit %d); log %s\n' "$t" "$rc" "$log"
        grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -20
        failed+=("$t")
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz: ${#failed[@]} target(s) failed: ${failed[*]}"
    exit 1
fi
echo "fuzz: ${#targets[@]} targets ok"
