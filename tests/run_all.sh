#!/usr/bin/env bash
# Run mltui's test suites and print a total `N passed, N failed` line (test cases).
#
#   tests/run_all.sh [SUITE...]     SUITE: unit api server e2e cli all (default: all)
#
# Suites:
#   unit    every $BUILD/tests/test_* built from tests/unit/test_*.c (cmocka)
#   api     tests/api/run.sh (starts the test server, runs $BUILD/tests/test_api*)
#   server  python3 tests/server/test_conformance.py, tests/server/test_semantics.py
#   e2e     tests/e2e/run.sh (tmux screen tests against $MLTUI)
#   cli     tests/cli/run.sh (the command line: output, formats, exit codes)
# A suite whose script or tests are missing counts as one failure
# ("suite X missing"); MLTUI_ALLOW_MISSING=1 turns that into a warning.
#
# Environment: BUILD (default build), MLTUI (default ./mltui), PYTHON (python3),
# SUITE_TIMEOUT (seconds per suite/binary, default 1800: the e2e suite with its fault matrix), VERBOSE=1 (show the
# output of passing suites too).  Does not build anything: `make test` does.
set -u

cd "$(dirname "$0")/.." || exit 1

BUILD=${BUILD:-build}
MLTUI=${MLTUI:-./mltui}
PYTHON=${PYTHON:-python3}
SUITE_TIMEOUT=${SUITE_TIMEOUT:-1800}
VERBOSE=${VERBOSE:-0}
export BUILD MLTUI PYTHON
export CMOCKA_MESSAGE_OUTPUT=stdout
# cmocka's default output is what we parse; make sure nobody switched it to XML.
unset CMOCKA_XML_FILE

LOGDIR=$(mktemp -d "${TMPDIR:-/tmp}/mltui-tests.XXXXXX")
trap 'rm -rf "$LOGDIR"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

total_pass=0
total_fail=0
failed_suites=()

# Results of the last run_*: passed, failed, rc.
r_pass=0
r_fail=0

# note NAME PASSED FAILED LOG: account for one suite/binary.
note() {
    local name=$1 p=$2 f=$3 log=$4
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    if [ "$f" -gt 0 ]; then
        failed_suites+=("$name")
        printf '%-40s FAIL (%d passed, %d failed)\n' "$name" "$p" "$f"
        if [ -n "$log" ] && [ -s "$log" ]; then
            echo "----- output of $name -----"
            cat "$log"
            echo "----- end of $name -----"
        fi
    else
        printf '%-40s ok (%d passed)\n' "$name" "$p"
        if [ "$VERBOSE" = 1 ] && [ -n "$log" ] && [ -s "$log" ]; then cat "$log"; fi
    fi
}

missing() {
    if [ "${MLTUI_ALLOW_MISSING:-0}" = 1 ]; then
        echo "suite $1 missing ($2): skipped (MLTUI_ALLOW_MISSING=1)"
    else
        echo "suite $1 missing ($2)"
        total_fail=$((total_fail + 1))
        failed_suites+=("$1")
    fi
}

# run_logged LOG CMD...: run CMD with a timeout, output to LOG; returns its status.
run_logged() {
    local log=$1; shift
    timeout -k 10 "$SUITE_TIMEOUT" "$@" >"$log" 2>&1 </dev/null
    local rc=$?
    if [ "$rc" = 124 ]; then echo "run_all: timed out after ${SUITE_TIMEOUT}s: $*" >>"$log"; fi
    return "$rc"
}

# parse_cmocka LOG RC -> r_pass r_fail.  A non-zero exit with no failure counted
# (crash, sanitizer abort, missing summary) counts as one failure.
parse_cmocka() {
    local log=$1 rc=$2
    r_pass=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test(s)\..*/\1/p' "$log" | awk '{ s += $1 } END { print s + 0 }')
    r_fail=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test(s).*/\1/p' "$log" | awk '{ s += $1 } END { print s + 0 }')
    if [ "$rc" != 0 ] && [ "$r_fail" = 0 ]; then
        echo "run_all: exit status $rc with no failed test reported" >>"$log"
        r_fail=1
    fi
    if [ "$rc" = 0 ] && [ "$r_pass" = 0 ] && [ "$r_fail" = 0 ]; then
        echo "run_all: no cmocka summary found" >>"$log"
        r_fail=1
    fi
    if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log" && [ "$r_fail" = 0 ]; then
        echo "run_all: sanitizer report" >>"$log"
        r_fail=1
    fi
}

# parse_summary LOG RC -> r_pass r_fail from the last `N passed, N failed` line.
parse_summary() {
    local log=$1 rc=$2 line
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        echo "run_all: no 'N passed, N failed' line in the output (exit status $rc)" >>"$log"
        r_pass=0
        r_fail=1
        return
    fi
    r_pass=${line%% passed*}
    r_fail=${line#*, }
    r_fail=${r_fail%% failed*}
    if [ "$rc" != 0 ] && [ "$r_fail" = 0 ]; then
        echo "run_all: exit status $rc although no test failed" >>"$log"
        r_fail=1
    fi
}

suite_unit() {
    local src name bin log rc found=0
    for src in tests/unit/test_*.c; do
        [ -f "$src" ] || continue
        found=1
        name=$(basename "$src" .c)
        bin=$BUILD/tests/$name
        log=$LOGDIR/unit_$name.log
        if [ ! -x "$bin" ]; then
            echo "run_all: $bin not built (make $bin)" >"$log"
            note "unit/$name" 0 1 "$log"
            continue
        fi
        run_logged "$log" "$bin"
        rc=$?
        parse_cmocka "$log" "$rc"
        note "unit/$name" "$r_pass" "$r_fail" "$log"
    done
    if [ "$found" = 0 ]; then missing unit "no tests/unit/test_*.c"; fi
}

suite_api() {
    local log=$LOGDIR/api.log rc
    if [ ! -f tests/api/run.sh ]; then
        missing api "tests/api/run.sh not written yet"
        return
    fi
    run_logged "$log" bash tests/api/run.sh
    rc=$?
    parse_cmocka "$log" "$rc"
    note api "$r_pass" "$r_fail" "$log"
}

suite_server() {
    local t log rc
    for t in test_conformance test_semantics; do
        log=$LOGDIR/server_$t.log
        if [ ! -f "tests/server/$t.py" ]; then
            missing "server/$t" "tests/server/$t.py not written yet"
            continue
        fi
        run_logged "$log" "$PYTHON" "tests/server/$t.py"
        rc=$?
        parse_summary "$log" "$rc"
        note "server/$t" "$r_pass" "$r_fail" "$log"
    done
}

suite_e2e() {
    local log=$LOGDIR/e2e.log rc
    if [ ! -f tests/e2e/run.sh ]; then
        missing e2e "tests/e2e/run.sh missing"
        return
    fi
    run_logged "$log" bash tests/e2e/run.sh
    rc=$?
    parse_summary "$log" "$rc"
    note "e2e ($MLTUI)" "$r_pass" "$r_fail" "$log"
}

suite_cli() {
    local log=$LOGDIR/cli.log rc
    if [ ! -f tests/cli/run.sh ]; then
        missing cli "tests/cli/run.sh missing"
        return
    fi
    run_logged "$log" bash tests/cli/run.sh
    rc=$?
    parse_summary "$log" "$rc"
    note "cli ($MLTUI)" "$r_pass" "$r_fail" "$log"
}

suites=("$@")
if [ ${#suites[@]} -eq 0 ]; then suites=(all); fi
run=()
for s in "${suites[@]}"; do
    case "$s" in
        all) run+=(unit api server e2e cli) ;;
        unit|api|server|e2e|cli) run+=("$s") ;;
        *) echo "usage: $0 [unit|api|server|e2e|cli|all]..." >&2; exit 2 ;;
    esac
done

echo "== mltui tests: ${run[*]} (BUILD=$BUILD, MLTUI=$MLTUI)"
for s in "${run[@]}"; do
    "suite_$s"
done

if [ ${#failed_suites[@]} -gt 0 ]; then
    echo "failed: ${failed_suites[*]}"
fi
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
