#!/bin/sh
# Install the Debian packages mltui needs to build and test, when missing.
#   sh scripts/deps.sh        what `make`, `make test` and `make demo` need;
#   sh scripts/deps.sh fuzz   that and clang with its sanitizer and libFuzzer
#                             runtimes (`make fuzz`, `make fuzz-ci`).
#   - nothing missing: exits 0 at once (no apt-get update, no network);
#   - root: apt-get update once, then installs the missing packages;
#   - not root: prints the one `sudo apt-get install ...` line needed, exits 1.
# Set MLTUI_SKIP_DEPS=1 to skip the check (e.g. on a non-Debian system
# where the libraries come from elsewhere).
set -eu

PACKAGES="build-essential pkg-config libncurses-dev libcurl4-openssl-dev
libcjson-dev libpng-dev libcmocka-dev tmux python3 ncurses-term procps
libfreetype-dev fonts-dejavu-core mandoc bsdextrautils zsh fish
libsqlite3-dev libyaml-dev sqlite3 libchafa-dev libglib2.0-dev"
# clang: the compiler; libclang-rt-dev: its ASan/UBSan and libFuzzer runtimes
# (-fsanitize=fuzzer), a Recommends of clang that --no-install-recommends
# leaves out; llvm: llvm-symbolizer, for readable stacks in crash reports.
FUZZ_PACKAGES="clang libclang-rt-dev llvm"

case "${1:-}" in
    "") ;;
    fuzz) PACKAGES="$PACKAGES $FUZZ_PACKAGES" ;;
    *) echo "usage: sh scripts/deps.sh [fuzz]" >&2; exit 2 ;;
esac

if [ "${MLTUI_SKIP_DEPS:-0}" = 1 ]; then
    exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps.sh: dpkg-query not found: not a Debian-like system." >&2
    echo "deps.sh: install the equivalents of:" $PACKAGES >&2
    echo "deps.sh: then run with MLTUI_SKIP_DEPS=1." >&2
    exit 1
fi

missing=
for p in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *" ok installed") ;;
        *) missing="$missing $p" ;;
    esac
done
missing=${missing# }

if [ -z "$missing" ]; then
    exit 0
fi

echo "deps.sh: missing packages: $missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "deps.sh: not root; install them with:" >&2
    echo "sudo apt-get install -y --no-install-recommends $missing" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086  # word splitting of the package list is intended
apt-get install -y --no-install-recommends $missing

# Verify.
still=
for p in $missing; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$status" in
        *" ok installed") ;;
        *) still="$still $p" ;;
    esac
done
if [ -n "$still" ]; then
    echo "deps.sh: still missing after install:$still" >&2
    exit 1
fi
echo "deps.sh: installed: $missing"
