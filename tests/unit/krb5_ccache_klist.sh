#!/bin/sh
# A ccache written from scratch by src/krb5/ccache must be listed by MIT's own klist as we meant it: default
# principal, both tickets with their times and flags, and no configuration entry. Formats 0x0504 and 0x0503.
# First, the recorded listing of the kinit/kvno cache must still be what klist says of it (the values the unit test
# checks come from it). Usage: krb5_ccache_klist.sh <krb5_ccache_write_sample> <work folder> <tests/data/krb5>
set -eu
writer=$1
work=$2
data=$3
mkdir -p "$work"
command -v klist >/dev/null || { echo "klist not found (tools/install-deps.sh installs krb5-user)"; exit 1; }
export TZ=UTC LC_ALL=C KRB5_CONFIG=/dev/null
(cd "$data" && klist -e -f -c FILE:real.ccache) > "$work/real.klist"
if ! diff -u "$data/real.klist" "$work/real.klist"; then
    echo "klist's listing of tests/data/krb5/real.ccache differs from real.klist"
    exit 1
fi
for version in 4 3; do
    file="$work/scratch-v$version.ccache"
    "$writer" "$file" "$version"
    klist -f -c "FILE:$file" > "$work/klist-v$version.txt"
    cat > "$work/expected-v$version.txt" <<EXPECTED
Ticket cache: FILE:$file
Default principal: bob@LSAEMU.TEST

Valid starting     Expires            Service principal
11/14/23 22:13:20  11/15/23 08:13:20  krbtgt/LSAEMU.TEST@LSAEMU.TEST
	renew until 11/21/23 22:13:20, Flags: FRIA
11/14/23 22:15:00  11/15/23 08:15:00  HTTP/web.lsaemu.test@LSAEMU.TEST
	renew until 11/21/23 22:13:20, Flags: FRO
EXPECTED
    if ! diff -u "$work/expected-v$version.txt" "$work/klist-v$version.txt"; then
        echo "klist disagrees with the cache we wrote (format 0x050$version)"
        exit 1
    fi
done
echo "klist lists both written caches as expected"
