#!/bin/bash
# A throwaway MIT KDC on 127.0.0.1 for the Kerberos client protocol tests (test_krb5_proto_mit natively,
# test_kerb_kdc under Wine):
#   kdc-for-ctest.sh start <dir> <port>   creates <dir> (realm KPROTO.TEST, principals below, svc.keytab) and starts
#                                         krb5kdc on UDP and TCP <port>; exits 77 when MIT's KDC is not installed
#   kdc-for-ctest.sh stop <dir>           stops it by its pid file and removes <dir>
# Principals, each requiring preauthentication as Active Directory does (password = name + "pw"): alice;
# aes256sha2 (aes256-cts-hmac-sha384-192 key only); rc4user (arcfour-hmac key only); disabled (-allow_tix:
# KDC_ERR_CLIENT_REVOKED); expired (password expired: KDC_ERR_KEY_EXPIRED); host/svc.kproto.test (random key, in
# <dir>/svc.keytab).
set -eu
cmd=${1:?start|stop}
dir=${2:?directory}
REALM=KPROTO.TEST
PATH=$PATH:/usr/sbin:/sbin

case "$cmd" in
stop)
    if [ -f "$dir/kdc.pid" ]; then kill "$(cat "$dir/kdc.pid")" 2>/dev/null || true; fi
    rm -rf "$dir"
    exit 0
    ;;
start) ;;
*) echo "usage: $0 start|stop <dir> [port]" >&2; exit 2 ;;
esac

port=${3:?port}
if ! command -v krb5kdc >/dev/null 2>&1 || ! command -v kdb5_util >/dev/null 2>&1 ||
   ! command -v kadmin.local >/dev/null 2>&1; then
    echo "kdc-for-ctest: MIT krb5kdc/kdb5_util/kadmin.local not installed" >&2
    exit 77
fi
if [ -f "$dir/kdc.pid" ]; then kill "$(cat "$dir/kdc.pid")" 2>/dev/null || true; fi
rm -rf "$dir"
mkdir -p "$dir"
cat > "$dir/kdc.conf" <<CONF
[kdcdefaults]
    kdc_listen = 127.0.0.1:$port
    kdc_tcp_listen = 127.0.0.1:$port
[realms]
    $REALM = {
        database_name = $dir/principal
        key_stash_file = $dir/stash
        acl_file = $dir/kadm5.acl
        kdc_listen = 127.0.0.1:$port
        kdc_tcp_listen = 127.0.0.1:$port
        max_renewable_life = 7d
        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal aes256-cts-hmac-sha384-192:normal aes128-cts-hmac-sha256-128:normal arcfour-hmac:normal
    }
CONF
cat > "$dir/krb5.conf" <<CONF
[libdefaults]
    default_realm = $REALM
    dns_lookup_kdc = false
    dns_lookup_realm = false
    rdns = false
    allow_rc4 = true
    allow_weak_crypto = true
[realms]
    $REALM = {
        kdc = 127.0.0.1:$port
    }
CONF
: > "$dir/kadm5.acl"
export KRB5_CONFIG="$dir/krb5.conf" KRB5_KDC_PROFILE="$dir/kdc.conf"
q() { kadmin.local -r "$REALM" -q "$1" >/dev/null 2>&1; }
kdb5_util create -s -r "$REALM" -P masterpw >/dev/null 2>&1
q "modprinc -maxrenewlife 7d krbtgt/$REALM"
q "addprinc +requires_preauth -pw alicepw -maxrenewlife 7d alice"
q "addprinc +requires_preauth -e aes256-cts-hmac-sha384-192:normal -pw aes256sha2pw aes256sha2"
q "addprinc +requires_preauth -e arcfour-hmac:normal -pw rc4userpw rc4user"
q "addprinc +requires_preauth -pw disabledpw -allow_tix disabled"
q "addprinc +requires_preauth -pw expiredpw -pwexpire yesterday expired"
q "addprinc -randkey host/svc.kproto.test"
q "ktadd -k $dir/svc.keytab host/svc.kproto.test"
krb5kdc -r "$REALM" -P "$dir/kdc.pid"
# Ready when the pid file is there and the port answers (a TCP connect).
i=0
while [ $i -lt 50 ]; do
    if [ -s "$dir/kdc.pid" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then exit 0; fi
    sleep 0.1
    i=$((i + 1))
done
echo "kdc-for-ctest: krb5kdc did not come up on port $port" >&2
exit 1
