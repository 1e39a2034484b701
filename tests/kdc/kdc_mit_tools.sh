#!/bin/sh
# Proves the shared KDC (kdc.sh) with MIT's own client tools: alice gets a TGT and a service ticket that the
# service's keytab decrypts; each single-enctype user is answered in its enctype (the KDC's log names the reply's);
# disabled, expired and locked principals are refused with the KDC's documented errors.
#   kdc_mit_tools.sh DIR        DIR: the fixture's directory (kdc.env, krb5.conf, kdc.log)
set -eu
dir=$1
. "$(dirname "$0")/kdc_check.sh"
kdc_check_begin kdc_mit_tools "$dir"
# Only what the KDC logs from now on counts: the log also holds the fixture's setup and earlier runs.
log_start=$(($(wc -l <"$dir/kdc.log") + 1))
new_log() { tail -n +"$log_start" "$dir/kdc.log"; }

# kinit reads the password from stdin when it is not a terminal.
kinit_as() { # user password -> kinit's output in $work/out, its status returned
    echo "$2" | kinit "$1" >"$work/out" 2>&1
}

if kinit_as "$LSAEMU_KDC_USER" "$LSAEMU_KDC_PASSWORD"; then
    klist >"$work/klist" 2>&1 || fail "klist after kinit"
    grep -q "krbtgt/$LSAEMU_KDC_REALM@$LSAEMU_KDC_REALM" "$work/klist" || fail "no TGT listed"
    kvno "$LSAEMU_KDC_SERVICE" >"$work/out" 2>&1 || fail "kvno $LSAEMU_KDC_SERVICE: $(cat "$work/out")"
    kvno -k "$LSAEMU_KDC_KEYTAB" "$LSAEMU_KDC_SERVICE" >"$work/out" 2>&1 || fail "kvno -k: $(cat "$work/out")"
    grep -q "keytab entry valid" "$work/out" || fail "the keytab does not decrypt the service ticket"
    # Services with one enctype: their tickets come in it, and the keytab decrypts them.
    for pair in $(echo "$LSAEMU_KDC_ENCTYPE_SERVICES" | tr , " "); do
        service=${pair%%:*}
        case ${pair#*:} in
        20) etype=aes256-cts-hmac-sha384-192 ;;
        23) etype=DEPRECATED:arcfour-hmac ;;
        *) etype=unknown-${pair#*:} ;;
        esac
        kvno -k "$LSAEMU_KDC_KEYTAB" "$service" >"$work/out" 2>&1 || fail "kvno -k $service: $(cat "$work/out")"
        grep -q "keytab entry valid" "$work/out" || fail "the keytab does not decrypt $service's ticket"
        klist -e >"$work/klist" 2>&1
        grep -A1 "$service@$LSAEMU_KDC_REALM" "$work/klist" | grep -q "Etype (skey, tkt): .*, $etype" ||
            fail "$service's ticket is not in $etype: $(cat "$work/klist")"
    done
else
    fail "kinit alice: $(cat "$work/out")"
fi
if kinit_as "$LSAEMU_KDC_USER" "not-the-password"; then
    fail "kinit alice with a wrong password succeeded"
fi
grep -q "Password incorrect\|Preauthentication failed" "$work/out" || fail "wrong password: $(cat "$work/out")"

for pair in $(echo "$LSAEMU_KDC_ENCTYPE_USERS" | tr , " "); do
    user=${pair%%:*}
    case ${pair#*:} in
    17) etype=aes128-cts-hmac-sha1-96 ;;
    20) etype=aes256-cts-hmac-sha384-192 ;;
    23) etype=arcfour-hmac ;;
    *) etype=unknown-${pair#*:} ;;
    esac
    kinit_as "$user" "$LSAEMU_KDC_OTHER_PASSWORD" || fail "kinit $user: $(cat "$work/out")"
    new_log | grep "ISSUE: .*rep=[A-Z:]*$etype(.*$user@$LSAEMU_KDC_REALM for krbtgt" >/dev/null ||
        fail "$user was not answered in $etype"
done

kinit_as "$LSAEMU_KDC_DISABLED_USER" "$LSAEMU_KDC_OTHER_PASSWORD" && fail "disabled got a ticket"
grep -q "credentials have been revoked" "$work/out" || fail "disabled: $(cat "$work/out")"
kinit_as "$LSAEMU_KDC_LOCKED_USER" "$LSAEMU_KDC_OTHER_PASSWORD" && fail "locked got a ticket"
grep -q "credentials have been revoked" "$work/out" || fail "locked: $(cat "$work/out")"
new_log | grep -q "LOCKED_OUT: locked@" || fail "the KDC did not log locked as locked out"
kinit_as "$LSAEMU_KDC_EXPIRED_USER" "$LSAEMU_KDC_OTHER_PASSWORD" && fail "expired got a ticket"
new_log | grep -q "CLIENT KEY EXPIRED: expired@" || fail "the KDC did not answer expired with KEY_EXPIRED"

kdestroy >/dev/null 2>&1 || true
kdc_check_end "all checks passed against $LSAEMU_KDC_REALM on port $LSAEMU_KDC_PORT"
