#!/usr/bin/env bash
# The command line's tests: tests/cli/test_*.sh run by the e2e harness
# (tests/e2e/run.sh: a fresh test server per test, `N passed, N failed`), but
# without a terminal: they run ${MLTUI:-./mltui} COMMAND ... and check its
# stdout, stderr and exit status.
#   tests/cli/run.sh [PATTERN...]
cd "$(dirname "$0")/../.." || exit 1
E2E_FILES='tests/cli/test_*.sh' exec bash tests/e2e/run.sh "$@"
