#!/usr/bin/env bash
# Undo tools/install-into-prefix.sh: put the host Wine's builtin secur32.dll back and remove the DllOverrides entry
# (and the lsaemu-lsa service with the Transport value, when --service registered them).
#
#   tools/uninstall-from-prefix.sh [WINEPREFIX]        (default prefix: $WINEPREFIX, else ~/.wine)
#
# Restores system32 (and syswow64, if we were installed there) from the lsaemu_host_secur32.dll saved at install time.
set -euo pipefail

[ $# -le 1 ] || { echo "usage: $0 [WINEPREFIX]" >&2; exit 2; }
PREFIX="${1:-${WINEPREFIX:-$HOME/.wine}}"
WINE="${WINE:-wine}"
WINESERVER="${WINESERVER:-wineserver}"
export WINEPREFIX="$PREFIX"
export WINEDEBUG="${WINEDEBUG:--all}"
die() { echo "uninstall-from-prefix: $*" >&2; exit 1; }

[ -f "$PREFIX/system.reg" ] || die "$PREFIX is not a Wine prefix"

restored=0
for sysdir in system32 syswow64; do
    d="$PREFIX/drive_c/windows/$sysdir"
    if [ -f "$d/lsaemu_host_secur32.dll" ]; then
        install -m 0644 "$d/lsaemu_host_secur32.dll" "$d/.secur32.dll.lsaemu-tmp"
        mv -f "$d/.secur32.dll.lsaemu-tmp" "$d/secur32.dll"
        rm -f "$d/lsaemu_host_secur32.dll" "$d/lsaemu_lsass.exe"
        restored=1
    fi
done
[ "$restored" -eq 1 ] || echo "uninstall-from-prefix: no lsaemu_host_secur32.dll in $PREFIX (not installed?); removing the override only" >&2

# The service and the transport choice of install-into-prefix.sh --service, if it was used (else these fail: fine).
"$WINE" sc stop lsaemu-lsa </dev/null >/dev/null 2>&1 || true
"$WINE" sc delete lsaemu-lsa </dev/null >/dev/null 2>&1 || true
"$WINE" reg delete 'HKLM\Software\lsaemu' /v Transport /f </dev/null >/dev/null 2>&1 || true
# The value may be absent already; reg delete then fails, which is fine.
"$WINE" reg delete 'HKCU\Software\Wine\DllOverrides' /v secur32 /f </dev/null >/dev/null 2>&1 || true
"$WINESERVER" -w
echo "uninstall-from-prefix: Wine's builtin secur32 restored in $PREFIX"
