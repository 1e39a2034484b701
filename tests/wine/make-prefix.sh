#!/usr/bin/env bash
# Wine prefixes for the test run (the fixtures in cmake/wine-tests.cmake).
#
#   make-prefix.sh create  PREFIX TEMPLATE [--install SECUR32_DLL] [--keepalive SECONDS]
#       Make PREFIX a fresh prefix: a copy of TEMPLATE, a pristine prefix that is (re)built with
#       `WINEDLLOVERRIDES="mscoree,mshtml=" wineboot -i` whenever it is missing or was made by another Wine version.
#       Copying (~2-3 s) is much cheaper than wineboot -i (5-17 s here) and every run still starts from a clean prefix.
#       --install       then install SECUR32_DLL prefix-wide with tools/install-into-prefix.sh.
#       --keepalive N   then start the prefix's wineserver persistent for N idle seconds and start its system
#                       processes, so tests do not each pay Wine's cold start (~1 s); `stop` ends it early.
#   make-prefix.sh stop    PREFIX
#       Shut down PREFIX's wineserver and Wine processes (`wineserver -k`, this prefix only).
#
# Environment: WINE, WINESERVER (default wine, wineserver).
set -euo pipefail

WINE="${WINE:-wine}"
WINESERVER="${WINESERVER:-wineserver}"
export WINEDEBUG=-all
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
TEMPLATE_FORMAT=1
die() { echo "make-prefix: $*" >&2; exit 1; }
ms_since() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

stop_prefix() { # prefix-local: only the wineserver of WINEPREFIX=$1 (if any) and its processes
    if [ -f "$1/system.reg" ]; then
        WINEPREFIX="$1" "$WINESERVER" -k >/dev/null 2>&1 || true
        WINEPREFIX="$1" "$WINESERVER" -w >/dev/null 2>&1 || true
    fi
}

template_stamp() { printf 'format=%s\nwine=%s\nversion=%s\n' "$TEMPLATE_FORMAT" "$(command -v "$WINE")" "$("$WINE" --version 2>/dev/null)"; }

ensure_template() { # caller holds the lock
    local tpl="$1" stamp tmp t0
    stamp="$(template_stamp)"
    if [ -f "$tpl/system.reg" ] && [ -f "$tpl/.lsaemu-template" ] && [ "$(cat "$tpl/.lsaemu-template")" = "$stamp" ]; then
        return 0
    fi
    t0=$(date +%s%N)
    stop_prefix "$tpl"
    rm -rf "$tpl"
    tmp="$tpl.tmp.$$"
    rm -rf "$tmp"
    # wineboot -i: create the prefix; mscoree/mshtml disabled so Wine does not look for Mono and Gecko.
    if ! WINEPREFIX="$tmp" WINEDLLOVERRIDES="mscoree,mshtml=" "$WINE" wineboot -i </dev/null >"$tpl.log" 2>&1; then
        cat "$tpl.log" >&2; die "wineboot -i failed for $tmp"
    fi
    WINEPREFIX="$tmp" "$WINESERVER" -w   # registry is flushed when the server exits
    [ -f "$tmp/system.reg" ] || { cat "$tpl.log" >&2; die "wineboot -i left no system.reg in $tmp"; }
    printf '%s' "$stamp" >"$tmp/.lsaemu-template"
    mv "$tmp" "$tpl"
    echo "make-prefix: created template $tpl in $(ms_since "$t0") ms ($("$WINE" --version))"
}

cmd="${1:-}"; shift || true
case "$cmd" in
create)
    [ $# -ge 2 ] || die "usage: make-prefix.sh create PREFIX TEMPLATE [--install DLL] [--keepalive N]"
    prefix="$1" tpl="$2"; shift 2
    install_dll="" keepalive=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --install) install_dll="$2"; shift 2 ;;
            --keepalive) keepalive="$2"; shift 2 ;;
            *) die "unknown option $1" ;;
        esac
    done
    command -v "$WINE" >/dev/null || die "'$WINE' not found (run tools/install-deps.sh)"
    command -v flock >/dev/null || die "flock not found (util-linux)"
    t0=$(date +%s%N)
    stop_prefix "$prefix"
    rm -rf "$prefix"
    mkdir -p "$(dirname "$tpl")" "$(dirname "$prefix")"
    # One lock per template: concurrent fixtures (-j) wait for one wineboot, and never copy a half-made template.
    (
        flock 9
        ensure_template "$tpl"
        cp -a "$tpl" "$prefix.tmp.$$"
    ) 9>"$tpl.lock"
    rm -f "$prefix.tmp.$$/.lsaemu-template"
    mv "$prefix.tmp.$$" "$prefix"
    echo "make-prefix: $prefix ready in $(ms_since "$t0") ms"
    export WINEPREFIX="$prefix"
    if [ -n "$install_dll" ]; then
        t1=$(date +%s%N)
        "$REPO/tools/install-into-prefix.sh" "$install_dll" "$prefix"
        echo "make-prefix: installed in $(ms_since "$t1") ms"
    fi
    if [ -n "$keepalive" ]; then
        t1=$(date +%s%N)
        # A persistent server, then one trivial program so the system processes start now, with /dev/null as
        # their stdio (never a test's output). Both go away N seconds after the last program, or at `stop`.
        "$WINESERVER" -p"$keepalive" </dev/null >/dev/null 2>&1 || true
        "$WINE" cmd.exe /c exit 0 </dev/null >/dev/null 2>&1 || die "Wine cannot run cmd.exe in $prefix"
        echo "make-prefix: wineserver kept alive (${keepalive}s idle), warm-up $(ms_since "$t1") ms"
    fi
    ;;
stop)
    [ $# -eq 1 ] || die "usage: make-prefix.sh stop PREFIX"
    stop_prefix "$1"
    ;;
*)
    die "usage: make-prefix.sh create|stop ..."
    ;;
esac
