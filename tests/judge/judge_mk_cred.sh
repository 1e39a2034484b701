#!/bin/sh
# MIT's side of KerbSubmitTicketMessage's test: alice's TGT from kinit against the shared KDC, exported by MIT's
# krb5_mk_1cred (krb5_judge export, enc-part unencrypted) into <out-dir>/cred.der, which wine.kerberos_submit.*
# submits to the LSA and uses for a TGS there. The setup of fixture mit_cred.
#   judge_mk_cred.sh <krb5_judge> <kdc-fixture-dir> <out-dir>
set -eu
judge=$1
dir=$2
out=$3
. "$(dirname "$0")/../kdc/kdc_check.sh"
kdc_check_begin judge_mk_cred "$dir"
tgt="krbtgt/$LSAEMU_KDC_REALM@$LSAEMU_KDC_REALM"

mkdir -p "$out"
rm -f "$out/cred.der"
echo "$LSAEMU_KDC_PASSWORD" | kinit "$LSAEMU_KDC_USER" >/dev/null
"$judge" export "$KRB5CCNAME" "$tgt" "$work" >/dev/null || fail "krb5_mk_1cred of the TGT"
[ -s "$work/cred.der" ] && cp "$work/cred.der" "$out/cred.der" || fail "no KRB-CRED written"
kdestroy >/dev/null 2>&1 || true
kdc_check_end "MIT's KRB-CRED of $tgt in $out/cred.der"
