#!/usr/bin/env bash
# Run every test: install dependencies, configure and build the native tree (which builds both mingw trees), then
# one ctest run over the native tests, the build checks and the Windows tests under Wine.
#
#   tools/test.sh [ctest arguments...]        e.g. tools/test.sh -R wine.lsa      or   tools/test.sh -L wine
#
# Environment: LSAEMU_SKIP_DEPS=1 skips tools/install-deps.sh (it needs root or sudo; it is idempotent but runs
#              apt-get update); JOBS=<n> overrides the parallelism (default: nproc).
# Exits non-zero if any step or any test fails.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
JOBS="${JOBS:-$(nproc)}"

if [ "${LSAEMU_SKIP_DEPS:-0}" != 1 ]; then
    "$REPO/tools/install-deps.sh"      # runs as root, or through sudo
fi

cmake --preset native
cmake --build --preset native -j"$JOBS"
# -j nproc: Wine tests share one prefix (and its wineserver) per mode and run reliably in parallel; measured on 2
# cores, -j2 takes ~60% of -j1's time and -j4 is no faster than -j2.
# ctest counts a skipped test as not failed (it exits 0 when only skips happened) and names it in a list that is easy
# to miss: name every skipped test once more at the end, with the cmocka tests it skipped when run-wine-test.sh said.
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
set +e
ctest --test-dir build/native --output-on-failure -j"$JOBS" "$@" | tee "$out"
rc=${PIPESTATUS[0]}
set -e
skipped="$(sed -n 's/^[[:space:]]*[0-9]* - \(.*\) (Skipped)$/\1/p' "$out")"
if [ -n "$skipped" ]; then
    log="build/native/Testing/Temporary/LastTest.log"
    echo "Skipped tests ($(echo "$skipped" | wc -l)):"
    while read -r t; do
        # LastTest.log: "<n>/<m> Testing: <name>", the output, then the next test.
        why="$(awk -v t="$t" '/^[0-9]+\/[0-9]+ Testing: / { cur = $3 } cur == t && /^run-wine-test: skipped: / {
                                  sub(/^run-wine-test: skipped: /, ""); print; exit }' "$log" 2>/dev/null)"
        echo "  $t${why:+: $why}"
    done <<<"$skipped"
fi
exit "$rc"
