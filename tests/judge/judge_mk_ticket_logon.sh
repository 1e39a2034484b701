#!/bin/sh
# MIT's side of the ticket logon test: alice's forwardable TGT from kinit against the shared KDC, then MIT's ticket
# for the machine account (LSAEMU_KDC_MACHINE) and her TGT forwarded to it (krb5_ticket_logon_mk) into
# <out-dir>/ticket.der and cred.der, which wine.kerberos_ticket_logon.* logs on with. The setup of fixture
# mit_ticket_logon. Checks first that MIT's own keytab tools open the ticket's service key (klist -k).
#   judge_mk_ticket_logon.sh <krb5_ticket_logon_mk> <kdc-fixture-dir> <out-dir>
set -eu
mk=$1
dir=$2
out=$3
. "$(dirname "$0")/../kdc/kdc_check.sh"
kdc_check_begin judge_mk_ticket_logon "$dir"
[ -n "${LSAEMU_KDC_MACHINE:-}" ] || { echo "judge_mk_ticket_logon: skipped: the fixture has no machine account"; exit 77; }

mkdir -p "$out"
rm -f "$out/ticket.der" "$out/cred.der"
klist -k "$LSAEMU_KDC_MACHINE_KEYTAB" | grep -q "$LSAEMU_KDC_MACHINE@" || fail "the machine keytab lacks its key"
echo "$LSAEMU_KDC_PASSWORD" | kinit -f "$LSAEMU_KDC_USER" >/dev/null
"$mk" "$KRB5CCNAME" "$LSAEMU_KDC_MACHINE@$LSAEMU_KDC_REALM" "$work" >/dev/null || fail "MIT's ticket and forwarded TGT"
[ -s "$work/ticket.der" ] && [ -s "$work/cred.der" ] && cp "$work/ticket.der" "$work/cred.der" "$out/" ||
    fail "no ticket or KRB-CRED written"
kdestroy >/dev/null 2>&1 || true
kdc_check_end "MIT's ticket for $LSAEMU_KDC_MACHINE and forwarded TGT in $out"
