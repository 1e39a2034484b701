#!/usr/bin/env bash
# Install lsaemu's secur32.dll prefix-wide into a Wine prefix.
#
#   tools/install-into-prefix.sh [--service] <our secur32.dll> [WINEPREFIX]   (default prefix: $WINEPREFIX, else ~/.wine)
#
# What it does (undo with tools/uninstall-from-prefix.sh):
#  1. copies the host Wine's builtin secur32.dll to <system dir>/lsaemu_host_secur32.dll — our DLL loads that name to
#     forward the SSPI exports (loading "secur32.dll" by full path would give back ourselves once installed);
#  2. copies our DLL over <system dir>/secur32.dll;
#  3. sets HKCU\Software\Wine\DllOverrides  secur32 = native,builtin  so Wine loads that file instead of its builtin;
#  4. copies lsaemu_lsass.exe (the LSA server of the `server` transport), when it is beside our DLL, into <system dir>;
#  5. with --service: registers it as the Wine service "lsaemu-lsa" (sc create, auto start, `--service` on its command
#     line), and sets HKLM\Software\lsaemu Transport = server, so every process of the prefix uses that one LSA; the
#     service starts at the prefix's next boot (wineboot) or with `wine sc start lsaemu-lsa`. Its configuration is then
#     the registry's (LSAEMU_* variables of a client do not reach a service).
# <system dir> is system32 for an x86_64 DLL and syswow64 for an i686 DLL (needs a 64-bit prefix and wine32 installed).
# The prefix is created (wineboot -i) if it does not exist yet.
#
# Environment: LSAEMU_HOST_SECUR32=<path> overrides the search for the host builtin secur32.dll of that architecture;
#              WINE (default: wine) and WINESERVER (default: wineserver) name the Wine programs.
set -euo pipefail

usage() { echo "usage: $0 [--service] <secur32.dll> [WINEPREFIX]" >&2; exit 2; }
SERVICE=0
if [ "${1:-}" = "--service" ]; then SERVICE=1; shift; fi
[ $# -ge 1 ] && [ $# -le 2 ] || usage
DLL="$1"
PREFIX="${2:-${WINEPREFIX:-$HOME/.wine}}"
WINE="${WINE:-wine}"
WINESERVER="${WINESERVER:-wineserver}"
export WINEPREFIX="$PREFIX"
export WINEDEBUG="${WINEDEBUG:--all}"
die() { echo "install-into-prefix: $*" >&2; exit 1; }

[ -f "$DLL" ] || die "no such file: $DLL"

# PE machine type: e_lfanew at 0x3c, then "PE\0\0", then the 16-bit Machine field.
pe_machine() {
    local f="$1" off sig
    off=$(od -An -tu4 -j60 -N4 "$f" 2>/dev/null | tr -d ' ')
    [ -n "$off" ] || { echo "none"; return; }
    sig=$(od -An -tx1 -j"$off" -N4 "$f" 2>/dev/null | tr -d ' ')
    [ "$sig" = "50450000" ] || { echo "none"; return; }
    case "$(od -An -tx2 -j$((off + 4)) -N2 "$f" | tr -d ' ')" in
        8664) echo x86_64 ;;
        014c) echo i686 ;;
        aa64) echo aarch64 ;;
        *) echo unknown ;;
    esac
}
is_wine_builtin() { # Wine marks its PE builtins with this string right after the DOS header
    [ "$(dd if="$1" bs=1 skip=64 count=16 2>/dev/null | tr '\0' .)" = "Wine builtin DLL" ]
}

ARCH=$(pe_machine "$DLL")
case "$ARCH" in
    x86_64) SYSDIR=system32; WINARCH=x86_64-windows ;;
    i686)   SYSDIR=syswow64; WINARCH=i386-windows ;;
    *) die "$DLL is not an x86_64 or i686 PE file (machine: $ARCH)" ;;
esac

# The host Wine's builtin secur32.dll for that architecture.
find_host_secur32() {
    if [ -n "${LSAEMU_HOST_SECUR32:-}" ]; then echo "$LSAEMU_HOST_SECUR32"; return; fi
    local winebin dirs=() d
    winebin=$(command -v "$WINE" 2>/dev/null || true)
    if [ -n "$winebin" ]; then
        winebin=$(readlink -f "$winebin")
        dirs+=("$(dirname "$winebin")/../lib/wine/$WINARCH" "$(dirname "$winebin")/../lib64/wine/$WINARCH")
    fi
    dirs+=(/usr/lib/x86_64-linux-gnu/wine/"$WINARCH" /usr/lib/i386-linux-gnu/wine/"$WINARCH"
           /usr/lib/wine/"$WINARCH" /usr/lib64/wine/"$WINARCH" /usr/lib32/wine/"$WINARCH"
           /usr/local/lib/wine/"$WINARCH" /usr/local/lib64/wine/"$WINARCH" /opt/wine*/lib*/wine/"$WINARCH")
    for d in "${dirs[@]}"; do
        if [ -f "$d/secur32.dll" ]; then readlink -f "$d/secur32.dll"; return; fi
    done
    # Debian/Ubuntu: ask dpkg which package file it is.
    if command -v dpkg-query >/dev/null 2>&1; then
        d=$(dpkg-query -S "*/wine/$WINARCH/secur32.dll" 2>/dev/null | head -n1 | sed 's/^[^:]*: //' || true)
        if [ -n "$d" ] && [ -f "$d" ]; then echo "$d"; return; fi
    fi
    return 1
}
HOST_SECUR32=$(find_host_secur32) ||
    die "cannot find the host Wine's builtin $WINARCH/secur32.dll (is $( [ "$ARCH" = i686 ] && echo wine32 || echo wine64) installed?); set LSAEMU_HOST_SECUR32"
[ "$(pe_machine "$HOST_SECUR32")" = "$ARCH" ] || die "$HOST_SECUR32 is not a $ARCH DLL"
is_wine_builtin "$HOST_SECUR32" || die "$HOST_SECUR32 is not a Wine builtin DLL"
is_wine_builtin "$DLL" && die "$DLL is a Wine builtin, not lsaemu's secur32.dll"

if [ ! -f "$PREFIX/system.reg" ]; then
    echo "install-into-prefix: creating Wine prefix $PREFIX"
    WINEDLLOVERRIDES="mscoree,mshtml=" "$WINE" wineboot -i </dev/null >/dev/null 2>&1 || die "wineboot -i failed for $PREFIX"
    "$WINESERVER" -w
fi
TARGET_DIR="$PREFIX/drive_c/windows/$SYSDIR"
[ -d "$TARGET_DIR" ] || die "$TARGET_DIR does not exist (a 32-bit DLL needs a 64-bit prefix with wine32 installed)"

# Registry first: reg.exe runs before our DLL is in place, so it cannot be affected by it.
"$WINE" reg add 'HKCU\Software\Wine\DllOverrides' /v secur32 /t REG_SZ /d native,builtin /f </dev/null >/dev/null 2>&1 ||
    die "wine reg add failed"

install -m 0644 "$HOST_SECUR32" "$TARGET_DIR/lsaemu_host_secur32.dll"
# Replace via a temporary name + rename, so a process mapping the old file keeps its (unlinked) copy intact.
install -m 0644 "$DLL" "$TARGET_DIR/.secur32.dll.lsaemu-tmp"
mv -f "$TARGET_DIR/.secur32.dll.lsaemu-tmp" "$TARGET_DIR/secur32.dll"
LSASS="$(dirname "$DLL")/lsaemu_lsass.exe"
if [ -f "$LSASS" ]; then
    install -m 0755 "$LSASS" "$TARGET_DIR/.lsaemu_lsass.exe.lsaemu-tmp"
    mv -f "$TARGET_DIR/.lsaemu_lsass.exe.lsaemu-tmp" "$TARGET_DIR/lsaemu_lsass.exe"
fi

if [ "$SERVICE" -eq 1 ]; then
    [ -f "$TARGET_DIR/lsaemu_lsass.exe" ] || die "--service: no lsaemu_lsass.exe beside $DLL"
    # A 64-bit prefix names the 32-bit system folder syswow64 inside Windows too.
    BIN="C:\\windows\\$SYSDIR\\lsaemu_lsass.exe --service"
    if "$WINE" sc query lsaemu-lsa </dev/null >/dev/null 2>&1; then
        "$WINE" sc config lsaemu-lsa binpath= "$BIN" start= auto </dev/null >/dev/null 2>&1 || die "wine sc config failed"
    else
        "$WINE" sc create lsaemu-lsa binpath= "$BIN" start= auto type= own displayname= "lsaemu LSA server" \
            </dev/null >/dev/null 2>&1 || die "wine sc create failed"
    fi
    "$WINE" reg add 'HKLM\Software\lsaemu' /v Transport /t REG_SZ /d server /f </dev/null >/dev/null 2>&1 ||
        die "wine reg add (Transport) failed"
fi

"$WINESERVER" -w   # the registry is written back when the prefix's wineserver exits
echo "install-into-prefix: installed $DLL as $TARGET_DIR/secur32.dll (host builtin kept as lsaemu_host_secur32.dll; secur32=native,builtin)"
[ "$SERVICE" -eq 0 ] || echo "install-into-prefix: lsaemu_lsass.exe registered as the service lsaemu-lsa (auto start); Transport = server"
