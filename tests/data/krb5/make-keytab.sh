#!/bin/sh
# Regenerates tests/data/krb5/real.keytab (MIT ktutil's FILE keytab, format 0x0502) and real.keytab.klist (what
# `klist -k -e -K -t` says about it). Needs krb5-user. Entries: host/ws.lsaemu.test@LSAEMU.TEST kvno 3
# (aes256-cts-hmac-sha1-96, rc4-hmac) and kvno 300 (aes128-cts-hmac-sha1-96: the 8-bit kvno field says 44, the trailing
# 32-bit one 300), alice@LSAEMU.TEST kvno 1 (aes256-cts-hmac-sha384-192); keys from fixed passwords, default salts.
# After regenerating, update the expected values in tests/unit/test_krb5_keytab.c from real.keytab.klist.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
p=host/ws.lsaemu.test@LSAEMU.TEST
printf '%s\n' \
    "addent -password -p $p -k 3 -e aes256-cts-hmac-sha1-96" machinepw \
    "addent -password -p $p -k 3 -e rc4-hmac" machinepw \
    "addent -password -p $p -k 300 -e aes128-cts-hmac-sha1-96" machinepw \
    "addent -password -p alice@LSAEMU.TEST -k 1 -e aes256-cts-hmac-sha384-192" userpw \
    "wkt $tmp/real.keytab" quit | ktutil >/dev/null
cp "$tmp/real.keytab" "$here/real.keytab"
(cd "$here" && TZ=UTC LC_ALL=C klist -k -e -K -t real.keytab) > "$here/real.keytab.klist"
cat "$here/real.keytab.klist"
