#!/bin/sh
# krb5_judge on MIT's own output before it judges ours: a service ticket from kinit+kvno against the shared KDC is
# exported from the ccache (krb5_cc_retrieve_cred) with an unencrypted KRB-CRED (krb5_mk_1cred), then judged: the
# ticket decrypts with the keytab and holds the session key; a wrong key, a wrong enctype, a truncated ticket, a
# ticket for another service are refused; the KRB-CRED (enc-part etype 0) is read back and klist lists the result.
# The same credential taken out by our own ccache reader (kcc_export) must give the same ticket bytes and key and be
# judged the same.
#   judge_selftest.sh <krb5_judge> <kdc-fixture-dir> <kcc_export>
set -eu
judge=$1
dir=$2
kcc_export=$3
. "$(dirname "$0")/../kdc/kdc_check.sh"
kdc_check_begin judge_selftest "$dir"
svc="$LSAEMU_KDC_SERVICE@$LSAEMU_KDC_REALM"
tgt="krbtgt/$LSAEMU_KDC_REALM@$LSAEMU_KDC_REALM"

echo "$LSAEMU_KDC_PASSWORD" | kinit "$LSAEMU_KDC_USER" >/dev/null
kvno "$svc" >/dev/null
mkdir "$work/svc" "$work/tgt" "$work/kcc"
"$judge" export "$KRB5CCNAME" "$svc" "$work/svc"
"$judge" export "$KRB5CCNAME" "$tgt" "$work/tgt"
key=$(cat "$work/svc/session.hex")
etype=$(cat "$work/svc/enctype")

"$kcc_export" "$work/cc" "$LSAEMU_KDC_SERVICE" "$LSAEMU_KDC_REALM" "$work/kcc"
cmp -s "$work/kcc/ticket.der" "$work/svc/ticket.der" || fail "kcc_parse and MIT disagree on the ticket's bytes"
cmp -s "$work/kcc/session.hex" "$work/svc/session.hex" || fail "kcc_parse and MIT disagree on the session key"
cmp -s "$work/kcc/enctype" "$work/svc/enctype" || fail "kcc_parse and MIT disagree on the enctype"
"$judge" ticket "$work/kcc/ticket.der" "$(cat "$work/kcc/session.hex")" "$(cat "$work/kcc/enctype")" \
    "$LSAEMU_KDC_KEYTAB" >/dev/null 2>&1 || fail "the judge refused the ticket as our ccache reader gave it"

if "$judge" ticket "$work/svc/ticket.der" "$key" "$etype" "$LSAEMU_KDC_KEYTAB" >"$work/out" 2>&1; then
    grep -qx "client: $LSAEMU_KDC_USER@$LSAEMU_KDC_REALM" "$work/out" || fail "client not printed: $(cat "$work/out")"
    grep -qx "server: $svc" "$work/out" || fail "server not printed"
    grep -qx "session key: matches" "$work/out" || fail "no match printed"
else
    fail "the judge refused MIT's own ticket: $(cat "$work/out")"
fi
# The last hex digit changed: a different key.
last=$(printf %s "$key" | tail -c 1)
case "$last" in 0) other=1 ;; *) other=0 ;; esac
bad_key="$(printf %s "$key" | sed 's/.$//')$other"
"$judge" ticket "$work/svc/ticket.der" "$bad_key" "$etype" "$LSAEMU_KDC_KEYTAB" >/dev/null 2>&1 &&
    fail "a wrong session key was accepted"
"$judge" ticket "$work/svc/ticket.der" "$key" 17 "$LSAEMU_KDC_KEYTAB" >/dev/null 2>&1 &&
    fail "a wrong enctype was accepted"
size=$(wc -c <"$work/svc/ticket.der")
head -c $((size - 1)) "$work/svc/ticket.der" >"$work/short.der"
"$judge" ticket "$work/short.der" "$key" "$etype" "$LSAEMU_KDC_KEYTAB" >/dev/null 2>&1 &&
    fail "a truncated ticket was accepted"
"$judge" ticket "$work/tgt/ticket.der" "$(cat "$work/tgt/session.hex")" "$(cat "$work/tgt/enctype")" \
    "$LSAEMU_KDC_KEYTAB" >/dev/null 2>&1 && fail "the service keytab decrypted the TGT"
rc=0
"$judge" ticket "$work/svc/ticket.der" "$key" >/dev/null 2>&1 || rc=$?
[ "$rc" -eq 2 ] || fail "usage errors do not exit 2"

# Tickets of the single-enctype services: the judge handles their enctypes too (the ticket's, not the session key's).
for pair in $(echo "$LSAEMU_KDC_ENCTYPE_SERVICES" | tr , " "); do
    service=${pair%%:*}
    out="$work/$(echo "$pair" | tr /: __)"
    mkdir "$out"
    kvno "$service@$LSAEMU_KDC_REALM" >/dev/null
    "$judge" export "$KRB5CCNAME" "$service@$LSAEMU_KDC_REALM" "$out" >/dev/null
    if "$judge" ticket "$out/ticket.der" "$(cat "$out/session.hex")" "$(cat "$out/enctype")" "$LSAEMU_KDC_KEYTAB" \
        >"$work/out" 2>&1; then
        grep -qx "ticket etype: ${pair#*:}" "$work/out" || fail "$service: $(cat "$work/out")"
    else
        fail "the judge refused $service's ticket: $(cat "$work/out")"
    fi
done

if "$judge" cred "$work/svc/cred.der" "$work/from-cred.cc" >"$work/out" 2>&1; then
    grep -qx "enc-part etype: 0" "$work/out" || fail "MIT's KRB-CRED was not unencrypted: $(cat "$work/out")"
    grep -qx "stored: 1 credential(s) in $work/from-cred.cc" "$work/out" || fail "nothing stored"
    klist -c "FILE:$work/from-cred.cc" >"$work/klist" 2>&1 || fail "klist cannot read the judge's ccache"
    grep -q "Default principal: $LSAEMU_KDC_USER@$LSAEMU_KDC_REALM" "$work/klist" || fail "klist: no principal"
    grep -q "$svc" "$work/klist" || fail "klist: the service ticket is not listed"
else
    fail "the judge refused MIT's own KRB-CRED: $(cat "$work/out")"
fi
size=$(wc -c <"$work/svc/cred.der")
head -c $((size - 3)) "$work/svc/cred.der" >"$work/short-cred.der"
"$judge" cred "$work/short-cred.der" "$work/never.cc" >/dev/null 2>&1 && fail "a truncated KRB-CRED was accepted"

kdestroy >/dev/null 2>&1 || true
kdc_check_end "MIT's ticket and KRB-CRED judged as expected (session etype $etype)"
