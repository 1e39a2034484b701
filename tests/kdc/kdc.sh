#!/bin/sh
# The shared KDC of the test run: MIT krb5kdc, unprivileged, on 127.0.0.1, realm LSAEMU.TEST, its database and files
# in DIR (under the build tree). ctest runs `start` as the setup of fixture lsaemu_kdc and `stop` as its cleanup.
#
#   kdc.sh start DIR   create the realm and its principals, start the KDC on a free port, write DIR/krb5.conf (for
#                      clients: MIT tools and our package through KRB5_CONFIG) and DIR/kdc.env (KEY=value lines)
#   kdc.sh stop DIR    stop the KDC by its pid file (DIR/kdc.pid) and remove DIR
#
# Exit 77 (ctest's skip) when MIT's KDC programs are not installed. Every principal requires pre-authentication (as
# Active Directory's accounts do by default), so the KDC sees wrong passwords. Principals (passwords in kdc.env):
#   alice                   a user with a password, keys of every enctype below
#   aes128user, sha2user, rc4user   one enctype each (aes128-cts-hmac-sha1-96, aes256-cts-hmac-sha384-192, rc4-hmac)
#   disabled                -allow_tix: the KDC answers KDC_ERR_CLIENT_REVOKED
#   expired                 password expired: KDC_ERR_KEY_EXPIRED
#   locked                  policy "lockout" (maxfailure 3), failed 3 times here: KDC_ERR_CLIENT_REVOKED, the same
#                           code as disabled (MIT has no separate "locked out" code)
#   host/svc.lsaemu.test    a service (keys of every enctype); host/sha2.lsaemu.test (aes256-cts-hmac-sha384-192 only)
#                           and host/rc4.lsaemu.test (rc4-hmac only), so tickets come in those enctypes too; the
#                           keys of all three in DIR/svc.keytab. The KDC's allow_rc4 (kdc.conf only, not clients')
#                           lets it issue an RC4 session key to a client that asks for no other, as Active Directory
#                           does; MIT's KDC refuses that by default (KDC_ERR_ETYPE_NOSUPP).
#   shortlife               tickets for 3 seconds, renewable for 8 (-maxlife/-maxrenewlife): renewal and expiry tests
#   krbtgt/LSAEMU.TEST      the realm's TGS; its keys in DIR/krbtgt.keytab, so a judge can open a TGT
#   pwuser                  for password change tests (kadmind's kpasswd service), so alice's password stays
#   pwpolicy                policy "pwlen" (minlength 12): a shorter new password is refused (RFC 3244 soft error)
#   host/lsaemu-ws.lsaemu.test   a machine account (-randkey, keys of every enctype above) with its keys in
#                           DIR/machine.keytab; host/lsaemu-pw.lsaemu.test a machine account with a password
#                           (LSAEMU_KDC_MACHINE_PW_PASSWORD), as a machine configured by MachinePassword has
# MIT kadmind runs beside the KDC (kpasswd on the KDC's port + 1, kadmin on + 2, UDP and TCP, pid file
# DIR/kadmind.pid); krb5.conf names the first as the realm's kpasswd_server and admin_server.
# kdc.env (KEY=value lines, no quoting) names them: LSAEMU_KDC_USER/PASSWORD (alice), LSAEMU_KDC_OTHER_PASSWORD
# (every other user), LSAEMU_KDC_ENCTYPE_USERS and _SERVICES (name:enctype,...), LSAEMU_KDC_{DISABLED,EXPIRED,
# LOCKED}_USER, LSAEMU_KDC_SHORT_USER, LSAEMU_KDC_SERVICE and _KEYTAB, LSAEMU_KDC_KRBTGT_KEYTAB,
# LSAEMU_KDC_REALM/HOST/PORT/DIR, KRB5_CONFIG, LSAEMU_KDC_PW_USER/PASSWORD (pwuser), LSAEMU_KDC_POLICY_USER
# (pwpolicy, password LSAEMU_KDC_OTHER_PASSWORD), LSAEMU_KDC_KPASSWD_PORT (on LSAEMU_KDC_HOST),
# LSAEMU_KDC_MACHINE and _MACHINE_KEYTAB (host/lsaemu-ws.lsaemu.test, DIR/machine.keytab),
# LSAEMU_KDC_MACHINE_PW_PRINCIPAL and _MACHINE_PW_PASSWORD (host/lsaemu-pw.lsaemu.test).
set -eu

REALM=LSAEMU.TEST
ENCTYPES="aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal aes256-cts-hmac-sha384-192:normal"
ENCTYPES="$ENCTYPES aes128-cts-hmac-sha256-128:normal rc4-hmac:normal"

usage() {
    echo "usage: $0 start|stop DIR" >&2
    exit 2
}
[ $# -eq 2 ] || usage
cmd=$1
dir=$2

find_tool() {
    for d in /usr/sbin /usr/bin /usr/local/sbin /usr/local/bin; do
        if [ -x "$d/$1" ]; then
            echo "$d/$1"
            return 0
        fi
    done
    command -v "$1" 2>/dev/null || return 1
}

stop_kdc() {
    stop_pid_file "$dir/kadmind.pid"
    stop_pid_file "$dir/kdc.pid"
}

# Only our own daemon: the pid must still be a process started with this directory's profile.
stop_pid_file() {
    if [ -f "$1" ]; then
        pid=$(cat "$1")
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
            tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "KRB5_KDC_PROFILE=$dir/kdc.conf"; then
            kill "$pid"
            i=0
            while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do
                sleep 0.1
                i=$((i + 1))
            done
        fi
        rm -f "$1"
    fi
}

case "$cmd" in
stop)
    stop_kdc
    rm -rf "$dir"
    exit 0
    ;;
start) ;;
*) usage ;;
esac

for tool in krb5kdc kadmind kdb5_util kadmin.local kinit; do
    if ! find_tool $tool >/dev/null; then
        echo "kdc.sh: skipped: $tool not found (Debian: apt-get install krb5-kdc krb5-admin-server krb5-user)"
        exit 77
    fi
done
KRB5KDC=$(find_tool krb5kdc)
KADMIND=$(find_tool kadmind)
KDB5_UTIL=$(find_tool kdb5_util)
KADMIN_LOCAL=$(find_tool kadmin.local)
KINIT=$(find_tool kinit)

stop_kdc
rm -rf "$dir"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

write_confs() {
    cat >"$dir/kdc.conf" <<CONF
[kdcdefaults]
    kdc_listen = 127.0.0.1:$1
    kdc_tcp_listen = 127.0.0.1:$1
[realms]
    $REALM = {
        database_name = $dir/principal
        key_stash_file = $dir/stash
        acl_file = $dir/kadm5.acl
        kdc_listen = 127.0.0.1:$1
        kdc_tcp_listen = 127.0.0.1:$1
        supported_enctypes = $ENCTYPES
        max_life = 10h
        max_renewable_life = 7d
        default_principal_flags = +preauth
        kpasswd_listen = 127.0.0.1:$(($1 + 1))
        kadmind_listen = 127.0.0.1:$(($1 + 2))
    }
[logging]
    kdc = FILE:$dir/kdc.log
[libdefaults]
    allow_rc4 = true
CONF
    cat >"$dir/krb5.conf" <<CONF
[libdefaults]
    default_realm = $REALM
    dns_lookup_kdc = false
    dns_lookup_realm = false
    rdns = false
    forwardable = true
[realms]
    $REALM = {
        kdc = 127.0.0.1:$1
        kpasswd_server = 127.0.0.1:$(($1 + 1))
        admin_server = 127.0.0.1:$(($1 + 2))
    }
CONF
}

# A port free for both UDP and TCP is not knowable in advance without racing other programs: pick one in a range
# the other fixtures of this project do not use, start, and check the KDC answers; on failure try the next.
export KRB5_CONFIG="$dir/krb5.conf" KRB5_KDC_PROFILE="$dir/kdc.conf" KRB5CCNAME="FILE:$dir/setup.ccache"
write_confs 0
: >"$dir/kadm5.acl"
"$KDB5_UTIL" create -s -r "$REALM" -P "lsaemu-master-$$" >/dev/null 2>&1

# Fresh passwords each start: a KDC that answers them is this one, not another program's on the same port.
ALICE_PW="alice-$$-$(date +%s)"
PW_USER_PW="pwuser-$$-$(date +%s)"
OTHER_PW="other-$$-$(date +%s)"
kadm() {
    "$KADMIN_LOCAL" -r "$REALM" -q "$1" >"$dir/kadmin.out" 2>&1 || {
        cat "$dir/kadmin.out" >&2
        exit 1
    }
    # kadmin.local reports many errors on stdout with exit status 0.
    if grep -qi "error\|cannot\|unknown" "$dir/kadmin.out"; then
        cat "$dir/kadmin.out" >&2
        exit 1
    fi
}
kadm "modprinc -maxrenewlife 7d krbtgt/$REALM"
kadm "addprinc -pw $ALICE_PW -maxrenewlife 7d alice"
kadm "addprinc -pw $OTHER_PW -e aes128-cts-hmac-sha1-96:normal aes128user"
kadm "addprinc -pw $OTHER_PW -e aes256-cts-hmac-sha384-192:normal sha2user"
kadm "addprinc -pw $OTHER_PW -e rc4-hmac:normal rc4user"
kadm "addprinc -pw $OTHER_PW -allow_tix disabled"
kadm "addprinc -pw $OTHER_PW -pwexpire 2001-01-01 expired"
kadm "addpol -maxfailure 3 -failurecountinterval 0 -lockoutduration 0 lockout"
kadm "addprinc -pw $OTHER_PW -policy lockout locked"
kadm "addprinc -pw $OTHER_PW -maxlife \"3 seconds\" -maxrenewlife \"8 seconds\" shortlife"
kadm "addprinc -pw $PW_USER_PW pwuser"
kadm "addpol -minlength 12 pwlen"
kadm "addprinc -pw $OTHER_PW -policy pwlen pwpolicy"
kadm "addprinc -randkey host/svc.lsaemu.test"
kadm "addprinc -randkey -e aes256-cts-hmac-sha384-192:normal host/sha2.lsaemu.test"
kadm "addprinc -randkey -e rc4-hmac:normal host/rc4.lsaemu.test"
# -norandkey: the keys addprinc made, in their enctypes (a plain ktadd would make new ones of every enctype).
kadm "ktadd -norandkey -k $dir/svc.keytab host/svc.lsaemu.test host/sha2.lsaemu.test host/rc4.lsaemu.test"
kadm "ktadd -norandkey -k $dir/krbtgt.keytab krbtgt/$REALM"
MACHINE_PW="machine-$$-$(date +%s)"
kadm "addprinc -randkey host/lsaemu-ws.lsaemu.test"
kadm "ktadd -norandkey -k $dir/machine.keytab host/lsaemu-ws.lsaemu.test"
kadm "addprinc -pw $MACHINE_PW host/lsaemu-pw.lsaemu.test"

port=""
base=$((21000 + $$ % 4000))
for attempt in 0 1 2 3 4 5 6 7 8 9; do
    candidate=$((base + attempt * 97))
    write_confs "$candidate"
    rm -f "$dir/kdc.pid"
    "$KRB5KDC" -r "$REALM" -P "$dir/kdc.pid" >/dev/null 2>&1 || continue
    i=0
    while [ ! -s "$dir/kdc.pid" ] && [ $i -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    # Up and ours: alice gets a TGT from this port.
    if echo "$ALICE_PW" | "$KINIT" alice >/dev/null 2>&1; then
        # kadmind (-nofork, in the background) writes its pid file once it listens.
        rm -f "$dir/kadmind.pid"
        "$KADMIND" -nofork -r "$REALM" -P "$dir/kadmind.pid" >"$dir/kadmind.out" 2>&1 &
        i=0
        while [ ! -s "$dir/kadmind.pid" ] && [ $i -lt 50 ]; do
            sleep 0.1
            i=$((i + 1))
        done
        if [ -s "$dir/kadmind.pid" ] && kill -0 "$(cat "$dir/kadmind.pid")" 2>/dev/null; then
            port=$candidate
            break
        fi
    fi
    stop_kdc
done
if [ -z "$port" ]; then
    echo "kdc.sh: the KDC did not come up on any port tried; see $dir/kdc.log" >&2
    exit 1
fi

# Lock "locked" out: three wrong passwords (each answered KDC_ERR_PREAUTH_FAILED), then the KDC refuses it.
for i in 1 2 3; do
    echo wrong-password | "$KINIT" locked >/dev/null 2>&1 || true
done
rm -f "$dir/setup.ccache" "$dir/kadmin.out"

cat >"$dir/kdc.env" <<ENV
LSAEMU_KDC_REALM=$REALM
LSAEMU_KDC_HOST=127.0.0.1
LSAEMU_KDC_PORT=$port
LSAEMU_KDC_DIR=$dir
KRB5_CONFIG=$dir/krb5.conf
LSAEMU_KDC_KEYTAB=$dir/svc.keytab
LSAEMU_KDC_KRBTGT_KEYTAB=$dir/krbtgt.keytab
LSAEMU_KDC_SERVICE=host/svc.lsaemu.test
LSAEMU_KDC_USER=alice
LSAEMU_KDC_PASSWORD=$ALICE_PW
LSAEMU_KDC_OTHER_PASSWORD=$OTHER_PW
LSAEMU_KDC_ENCTYPE_USERS=aes128user:17,sha2user:20,rc4user:23
LSAEMU_KDC_ENCTYPE_SERVICES=host/sha2.lsaemu.test:20,host/rc4.lsaemu.test:23
LSAEMU_KDC_DISABLED_USER=disabled
LSAEMU_KDC_EXPIRED_USER=expired
LSAEMU_KDC_LOCKED_USER=locked
LSAEMU_KDC_SHORT_USER=shortlife
LSAEMU_KDC_PW_USER=pwuser
LSAEMU_KDC_PW_PASSWORD=$PW_USER_PW
LSAEMU_KDC_POLICY_USER=pwpolicy
LSAEMU_KDC_KPASSWD_PORT=$((port + 1))
LSAEMU_KDC_MACHINE=host/lsaemu-ws.lsaemu.test
LSAEMU_KDC_MACHINE_KEYTAB=$dir/machine.keytab
LSAEMU_KDC_MACHINE_PW_PRINCIPAL=host/lsaemu-pw.lsaemu.test
LSAEMU_KDC_MACHINE_PW_PASSWORD=$MACHINE_PW
ENV
echo "kdc.sh: $REALM on 127.0.0.1:$port (udp+tcp), pid $(cat "$dir/kdc.pid"), kpasswd on $((port + 1)) (kadmind pid $(cat "$dir/kadmind.pid")), files in $dir"
