#!/usr/bin/env bash
# Install everything lsaemu needs on Debian bookworm (amd64), and fetch Debian's cmocka source for the mingw builds.
# Idempotent: safe to run again; does nothing that is already done except `apt-get update`/`install` (cheap no-ops).
# Runs as root, or re-executes itself through sudo.
#
# Notes (see docs/DESIGN.md section 6):
#  - wine32 is NOT installed: the i386 index on the mirror is broken, so the i686 build compiles but cannot run here.
#  - cmocka for mingw is built from Debian's own source package (cmake/cmocka-mingw.cmake), fetched into $REPO/.deps.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$SCRIPT_DIR/.." && pwd)"
DEPS="$REPO/.deps"

if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "install-deps.sh: must run as root (no sudo found)" >&2; exit 1; }
    exec sudo --preserve-env=http_proxy,https_proxy,no_proxy "$0" "$@"
fi

export DEBIAN_FRONTEND=noninteractive
APT_OPTS=(-q -o=Dpkg::Use-Pty=0 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

PACKAGES=(
    # build
    cmake make git ca-certificates dpkg-dev pkg-config
    # native build: portable code, cmocka tests, libFuzzer harnesses
    clang-14 libfuzzer-14-dev libclang-rt-14-dev libcmocka-dev libssl-dev
    # cross build: secur32.dll and Windows tests
    mingw-w64
    # running the Windows tests (64-bit only; wine32 cannot be installed here)
    wine wine64
    # NTLM reference (ntlm_auth) and Kerberos reference KDC
    winbind krb5-kdc krb5-admin-server krb5-user libkrb5-dev
)

echo "install-deps: apt-get update"
apt-get "${APT_OPTS[@]}" update >/dev/null
echo "install-deps: apt-get install ${PACKAGES[*]}"
# krb5-config/krb5-admin-server ask debconf questions; DEBIAN_FRONTEND=noninteractive answers them with defaults.
apt-get "${APT_OPTS[@]}" install -y --no-install-recommends "${PACKAGES[@]}" >/dev/null

# Debian's krb5-kdc/krb5-admin-server postinst may start daemons; our tests run their own KDC on a loopback port and
# need nothing from the system ones (they do not start without a realm database anyway).

# --- cmocka source for the mingw cross-build -----------------------------------------------------------------------
if compgen -G "$DEPS/cmocka-*/src/cmocka.c" >/dev/null; then
    echo "install-deps: cmocka source already in $DEPS ($(cd "$DEPS" && ls -d cmocka-*/ | head -n1))"
else
    SRC_LIST=/etc/apt/sources.list.d/debian-src.sources
    BASE_LIST=/etc/apt/sources.list.d/debian.sources
    # Source index present? (any deb-src line that knows cmocka will do)
    if [ -z "$(apt-cache showsrc cmocka 2>/dev/null | head -n1)" ]; then
        if [ -f "$SRC_LIST" ]; then
            echo "install-deps: $SRC_LIST exists but apt knows no cmocka source; check it" >&2
            exit 1
        fi
        if [ ! -f "$BASE_LIST" ]; then
            echo "install-deps: no deb-src entry for cmocka and no $BASE_LIST to copy; add a deb-src line for bookworm" >&2
            exit 1
        fi
        echo "install-deps: adding $SRC_LIST (deb-src copy of $BASE_LIST)"
        sed -E 's/^Types:.*/Types: deb-src/' "$BASE_LIST" >"$SRC_LIST.tmp"
        mv "$SRC_LIST.tmp" "$SRC_LIST"
        apt-get "${APT_OPTS[@]}" update >/dev/null
    fi
    echo "install-deps: apt-get source cmocka -> $DEPS"
    mkdir -p "$DEPS"
    # apt-get source drops privileges to _apt for the download when it can; a root-owned folder makes it warn, so
    # download as root explicitly and keep the output quiet.
    (cd "$DEPS" && apt-get "${APT_OPTS[@]}" -o APT::Sandbox::User=root source cmocka >/dev/null)
    compgen -G "$DEPS/cmocka-*/src/cmocka.c" >/dev/null || { echo "install-deps: cmocka source not found after apt-get source" >&2; exit 1; }
    # If a non-root user invoked us through sudo, give them the tree back.
    if [ -n "${SUDO_UID:-}" ]; then chown -R "$SUDO_UID:${SUDO_GID:-$SUDO_UID}" "$DEPS"; fi
fi

echo "install-deps: done"
