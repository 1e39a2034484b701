#!/usr/bin/env bash
# Run one Windows test program under Wine for ctest (registered by lsaemu_add_wine_test in cmake/wine-tests.cmake).
#
#   run-wine-test.sh [--stage DIR] [--dll SECUR32_DLL | --no-dll] [--copy FILE]... [--] EXE [ARGS...]
#
#   --stage DIR   copy EXE (and the files below) into DIR and run it from there, so each (transport, mode) variant
#                 has its own folder: the app-local variant has our secur32.dll beside the .exe, the installed variant
#                 must not (Wine searches the .exe's folder first, which would bypass the prefix-wide install).
#   --dll FILE    copy FILE into DIR as secur32.dll (app-local mode).
#   --no-dll      make sure DIR has no secur32.dll (installed mode).
#   --copy FILE   also copy FILE into DIR (helper DLLs, data); repeatable.
#
# The environment (WINEPREFIX, WINEDEBUG, WINEDLLOVERRIDES, LSAEMU_*) comes from ctest. The program's output is
# streamed with \r removed; the exit status is the program's, except that an unhandled exception (Wine's
# "Unhandled ..." report) always fails, and that a passing program whose cmocka output reports skipped tests exits 77
# (skipped) after a line "run-wine-test: skipped: <test>,<test>". Nothing outside this test is killed: timeouts are ctest's job (it kills this
# script and its descendants).
#
# Why the output goes through a file and not a pipe: the first Wine process in a prefix starts the prefix's system
# processes (services.exe, winedevice.exe, ...), which inherit its stdout/stderr. If those were ctest's pipe, ctest
# would wait until they exit (the wineserver's idle timeout, 3 s or more) before it considered the test finished.
set -uo pipefail

WINE="${WINE:-wine}"
stage="" dll="" no_dll=0 copies=()
while [ $# -gt 0 ]; do
    case "$1" in
        --stage) stage="$2"; shift 2 ;;
        --dll) dll="$2"; shift 2 ;;
        --no-dll) no_dll=1; shift ;;
        --copy) copies+=("$2"); shift 2 ;;
        --) shift; break ;;
        -*) echo "run-wine-test.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
[ $# -ge 1 ] || { echo "usage: run-wine-test.sh [--stage DIR] [--dll F|--no-dll] [--copy F]... [--] EXE [ARGS...]" >&2; exit 2; }
exe="$1"; shift
[ -f "$exe" ] || { echo "run-wine-test.sh: no such program: $exe" >&2; exit 2; }
: "${WINEPREFIX:?run-wine-test.sh: WINEPREFIX must be set}"
[ -f "$WINEPREFIX/system.reg" ] || { echo "run-wine-test.sh: $WINEPREFIX is not a Wine prefix (fixture wine.prefix not run?)" >&2; exit 2; }

if [ -n "$stage" ]; then
    mkdir -p "$stage" || exit 2
    cp -f "$exe" "$stage/" || exit 2
    exe="$stage/$(basename "$exe")"
    for f in "${copies[@]+"${copies[@]}"}"; do cp -f "$f" "$stage/" || exit 2; done
    if [ -n "$dll" ]; then
        cp -f "$dll" "$stage/secur32.dll" || exit 2
    fi
    if [ "$no_dll" -eq 1 ]; then
        rm -f "$stage/secur32.dll"
    fi
    logdir="$stage"
else
    [ -z "$dll" ] || { echo "run-wine-test.sh: --dll needs --stage" >&2; exit 2; }
    logdir="$(dirname "$exe")"
fi

log="$(mktemp "$logdir/.wine-output.XXXXXX")" || exit 2
cleanup() { rm -f "$log"; }
trap cleanup EXIT

echo "run-wine-test: WINEPREFIX=$WINEPREFIX LSAEMU_TRANSPORT=${LSAEMU_TRANSPORT:-} WINEDLLOVERRIDES=${WINEDLLOVERRIDES:-} $exe $*"
"$WINE" "$exe" "$@" </dev/null >"$log" 2>&1 &
pid=$!
# Stream while it runs; tail exits once $pid is gone and the file is drained.
tail -s 0.1 --pid="$pid" -n +1 -f "$log" | tr -d '\r'
wait "$pid"
rc=$?
# An unhandled exception starts winedbg, which prints a backtrace and ends the process -- and the exit status is then
# sometimes 0 (measured: 3 of 24 runs of a program writing to address 8 exited 0). A crash is a failure, whatever the
# exit status says.
if grep -qE '^(wine: Unhandled |Unhandled exception: )' "$log"; then
    echo "run-wine-test: unhandled exception in a Wine process (backtrace above), exit code was $rc"
    [ "$rc" -ne 0 ] || rc=1
fi
# A cmocka test that called skip() (e.g. a host feature Wine 8 lacks) leaves the program's exit status 0, and ctest
# would count the whole program as passed. Report it as skipped instead (exit 77, SKIP_RETURN_CODE in
# cmake/wine-tests.cmake), naming the skipped tests; a failure anywhere still fails.
if [ "$rc" -eq 0 ]; then
    skipped="$(tr -d '\r' <"$log" | sed -n 's/^\[  SKIPPED \] \([A-Za-z_][A-Za-z0-9_]*\)$/\1/p' | sort -u | paste -sd, -)"
    if [ -n "$skipped" ]; then
        echo "run-wine-test: skipped: $skipped (every other test of the program passed)"
        rc=77
    fi
fi
[ "$rc" -eq 0 ] || [ "$rc" -eq 77 ] || echo "run-wine-test: exit code $rc"
exit "$rc"
