#!/usr/bin/env bash
# Build everything, then run the demo program under Wine with lsaemu's secur32.dll beside it (app-local) and the
# sample accounts file.
#
#   tools/demo.sh [demo arguments...]
#
# Environment: LSAEMU_SKIP_DEPS=1 skips tools/install-deps.sh; LSAEMU_SKIP_BUILD=1 skips configure + build;
#              LSAEMU_ACCOUNTS_FILE=<file> uses another accounts file, in place (default: a fresh copy of
#              tests/data/demo-accounts.ini in build/native/demo, since logons write statistics back).
# The demo runs in its own Wine prefix, build/native/demo/wineprefix (made once from the test template prefix).
# For its Kerberos part it starts MIT's KDC (tests/kdc/kdc.sh: realm LSAEMU.TEST on a loopback port, files in
# build/native/demo/kdc), makes the realm known to the program through KRB5_CONFIG (the KDC's krb5.conf), passes
# the user, password and service from the KDC's kdc.env in the environment (never on a command line), and stops the
# KDC by its pid file when the demo ends, also on failure. Without krb5kdc the Kerberos part is skipped.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
JOBS="${JOBS:-$(nproc)}"
BUILD="$REPO/build/native"
MINGW="$BUILD/mingw-x86_64"
DEMO="$BUILD/demo"
ACCOUNTS="${LSAEMU_ACCOUNTS_FILE:-$REPO/tests/data/demo-accounts.ini}"
die() { echo "demo: $*" >&2; exit 1; }

if [ "${LSAEMU_SKIP_DEPS:-0}" != 1 ]; then
    "$REPO/tools/install-deps.sh"
fi
if [ "${LSAEMU_SKIP_BUILD:-0}" != 1 ]; then
    cmake --preset native >/dev/null
    cmake --build --preset native -j"$JOBS"
fi

# Built files of the x86_64 tree, not the copies in Wine prefixes or test folders.
find_built() {
    find "$MINGW" \( -path "$MINGW/wineprefix*" -o -path "$MINGW/wine-tests" -o -name CMakeFiles \) -prune \
        -o -type f -name "$1" -print 2>/dev/null | head -n1
}
exe="$(find_built lsaemu_demo.exe)"
[ -n "$exe" ] || die "lsaemu_demo.exe not found under $MINGW (target lsaemu_demo of the mingw-x86_64 build)"
dll="$(find_built secur32.dll)"
[ -n "$dll" ] || die "secur32.dll not found under $MINGW"
[ -f "$ACCOUNTS" ] || die "accounts file $ACCOUNTS not found"

mkdir -p "$DEMO"
# The LSA writes logon statistics (and hashes for clear-text passwords) back to the accounts file: the sample is
# copied afresh for each run, so the repository's copy never changes. A file of your own is used in place.
if [ -z "${LSAEMU_ACCOUNTS_FILE:-}" ]; then
    cp "$ACCOUNTS" "$DEMO/accounts.ini"
    ACCOUNTS="$DEMO/accounts.ini"
fi
export WINEDEBUG=-all
export WINEPREFIX="$DEMO/wineprefix"
if [ ! -f "$WINEPREFIX/system.reg" ]; then
    "$REPO/tests/wine/make-prefix.sh" create "$WINEPREFIX" "$MINGW/wineprefix-template"
fi

# Output through a file, not a pipe: Wine's system processes inherit it and would hold a pipe open for seconds.
wine winepath -w "$ACCOUNTS" >"$DEMO/.winepath" 2>/dev/null </dev/null || true
LSAEMU_ACCOUNTS="$(tr -d '\r' <"$DEMO/.winepath")"
rm -f "$DEMO/.winepath"
[ -n "$LSAEMU_ACCOUNTS" ] || die "winepath -w $ACCOUNTS failed"
export LSAEMU_ACCOUNTS
export WINEDLLOVERRIDES="secur32=n,b"
echo "demo: LSAEMU_ACCOUNTS=$LSAEMU_ACCOUNTS"

# The KDC of the Kerberos part, stopped by its pid file whatever happens next.
KDC="$DEMO/kdc"
kdc_started=0
stop_kdc() {
    if [ "$kdc_started" = 1 ]; then
        "$REPO/tests/kdc/kdc.sh" stop "$KDC" || true
        kdc_started=0
    fi
}
trap stop_kdc EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
kdc_rc=0
kdc_started=1 # a start that fails half-way may leave a KDC running: stop_kdc looks at the pid file either way
"$REPO/tests/kdc/kdc.sh" start "$KDC" || kdc_rc=$?
if [ "$kdc_rc" = 77 ]; then
    kdc_started=0
    echo "demo: MIT's krb5kdc is not installed (Debian: apt-get install krb5-kdc krb5-admin-server krb5-user):" \
        "the Kerberos part is skipped"
elif [ "$kdc_rc" != 0 ]; then
    die "the KDC did not start (tests/kdc/kdc.sh start $KDC exited $kdc_rc)"
else
    # kdc.env: KEY=value lines, no quoting. Only what the demo needs, read without evaluating the file.
    kdc_value() { sed -n "s/^$1=//p" "$KDC/kdc.env" | head -n1; }
    export LSAEMU_KDC_REALM LSAEMU_KDC_USER LSAEMU_KDC_PASSWORD LSAEMU_KDC_SERVICE KRB5_CONFIG
    LSAEMU_KDC_REALM="$(kdc_value LSAEMU_KDC_REALM)"
    LSAEMU_KDC_USER="$(kdc_value LSAEMU_KDC_USER)"
    LSAEMU_KDC_PASSWORD="$(kdc_value LSAEMU_KDC_PASSWORD)"
    LSAEMU_KDC_SERVICE="$(kdc_value LSAEMU_KDC_SERVICE)"
    KRB5_CONFIG="$KDC/krb5.conf" # a Unix path: Wine passes it through, the package reads it (README, Kerberos)
    # The demo asks about the sessions it logs on only; a ccache path of its own (no file) keeps the host's ccache
    # (what LogonId 0 would show) out of the picture.
    export KRB5CCNAME="FILE:$DEMO/krb5cc_demo"
    echo "demo: KRB5_CONFIG=$KRB5_CONFIG (realm $LSAEMU_KDC_REALM, user $LSAEMU_KDC_USER; password from kdc.env)"
fi

# run-wine-test.sh copies the .exe and our secur32.dll into $DEMO/bin, runs it there, strips \r, keeps the exit code.
rc=0
"$REPO/tests/wine/run-wine-test.sh" --stage "$DEMO/bin" --dll "$dll" -- "$exe" "$@" || rc=$?
exit "$rc"
