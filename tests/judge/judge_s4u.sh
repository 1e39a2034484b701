#!/bin/sh
# MIT's library judges the S4U2Self ticket an S4U logon left in its session (tests/wine/test_kerberos_s4u.c writes it
# to OUT: ticket.der, session.hex, enctype): it decrypts with the machine account's keytab (DIR/machine.keytab), holds
# the session key the LSA returned, names alice@REALM as its client and the machine account as its server.
#   judge_s4u.sh <krb5_judge> <kdc-fixture-dir> <OUT>
# Skipped (77) only when there is no KDC fixture or the Wine side never ran; once OUT exists, a missing file fails.
set -eu
judge=$1
dir=$2
out=$3
. "$(dirname "$0")/../kdc/kdc_check.sh"
kdc_check_begin judge_s4u "$dir"
if [ ! -d "$out" ]; then
    echo "judge_s4u: skipped: $out does not exist (the Wine test did not run)"
    exit 77
fi
missing=""
for f in ticket.der session.hex enctype; do
    [ -s "$out/$f" ] || missing="$missing $f"
done
if [ -n "$missing" ]; then
    fail "missing:$missing (the LSA's S4U2Self ticket was not written)"
elif "$judge" ticket "$out/ticket.der" "$(cat "$out/session.hex")" "$(cat "$out/enctype")" \
    "$LSAEMU_KDC_MACHINE_KEYTAB" >"$work/s4u.out" 2>&1; then
    grep -qx "session key: matches" "$work/s4u.out" || fail "no match printed: $(cat "$work/s4u.out")"
    for want in "client: $LSAEMU_KDC_USER@$LSAEMU_KDC_REALM" "server: $LSAEMU_KDC_MACHINE@$LSAEMU_KDC_REALM"; do
        grep -qx "$want" "$work/s4u.out" || fail "no \"$want\" in: $(cat "$work/s4u.out")"
    done
    echo "S4U2Self ticket: $(grep -c . "$work/s4u.out") lines from MIT, opened with machine.keytab, client" \
        "$LSAEMU_KDC_USER@$LSAEMU_KDC_REALM"
else
    fail "MIT refused the LSA's S4U2Self ticket: $(cat "$work/s4u.out")"
fi
kdc_check_end "MIT agrees with the S4U2Self ticket the LSA kept ($out)"
