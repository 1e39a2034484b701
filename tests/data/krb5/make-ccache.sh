#!/bin/sh
# Regenerates tests/data/krb5/real.ccache (a TGT and one service ticket written by MIT kinit/kvno) and
# real.klist (what `klist -e -f -c` says about it). Needs krb5-kdc, krb5-admin-server and krb5-user. Runs a throwaway
# KDC on 127.0.0.1:$PORT with its database in a temporary folder, and stops it by its pid file.
# After regenerating, update the expected values in tests/unit/test_krb5_ccache.c from real.klist.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
PORT=${PORT:-18888}
REALM=LSAEMU.TEST
tmp=$(mktemp -d)
cleanup() {
    if [ -f "$tmp/kdc.pid" ]; then kill "$(cat "$tmp/kdc.pid")" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

cat > "$tmp/kdc.conf" <<CONF
[kdcdefaults]
    kdc_listen = 127.0.0.1:$PORT
    kdc_tcp_listen = 127.0.0.1:$PORT
[realms]
    $REALM = {
        database_name = $tmp/principal
        key_stash_file = $tmp/stash
        acl_file = $tmp/kadm5.acl
        kdc_listen = 127.0.0.1:$PORT
        kdc_tcp_listen = 127.0.0.1:$PORT
        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
    }
CONF
cat > "$tmp/krb5.conf" <<CONF
[libdefaults]
    default_realm = $REALM
    dns_lookup_kdc = false
    dns_lookup_realm = false
    rdns = false
    forwardable = true
    renew_lifetime = 7d
[realms]
    $REALM = {
        kdc = 127.0.0.1:$PORT
    }
CONF
: > "$tmp/kadm5.acl"
export KRB5_CONFIG="$tmp/krb5.conf" KRB5_KDC_PROFILE="$tmp/kdc.conf"
export KRB5CCNAME="FILE:$tmp/cc"

kdb5_util create -s -r "$REALM" -P masterpw >/dev/null
kadmin.local -r "$REALM" -q "addprinc -pw userpw -maxrenewlife 7d alice" >/dev/null
kadmin.local -r "$REALM" -q "addprinc -randkey host/svc.lsaemu.test" >/dev/null
kadmin.local -r "$REALM" -q "modprinc -maxrenewlife 7d krbtgt/$REALM" >/dev/null
krb5kdc -r "$REALM" -P "$tmp/kdc.pid"
sleep 1
echo userpw | kinit -f -r 2d "alice@$REALM" >/dev/null
kvno "host/svc.lsaemu.test@$REALM" >/dev/null
cp "$tmp/cc" "$here/real.ccache"
# UTC and the C locale, as tests/unit/krb5_ccache_klist.sh compares it.
(cd "$here" && TZ=UTC LC_ALL=C klist -e -f -c FILE:real.ccache) > "$here/real.klist"
cat "$here/real.klist"
