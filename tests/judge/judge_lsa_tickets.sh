#!/bin/sh
# MIT's library judges what the LSA returned under Wine (tests/wine/test_kerberos_tickets.c writes it to OUT):
#   svc/        the DEFAULT service ticket: it decrypts with the service's keytab, holds the session key the LSA
#               returned, names alice@REALM and the service, and its times and flags inside are those the LSA listed
#               (svc/lsa.txt)
#   tgt/        KerbRetrieveTicket's TGT: the same, opened with the realm's krbtgt keys
#   sha2/ rc4/  tickets asked with an EncryptionType: same checks, and the ticket itself is in that enctype
#   cred.der    AS_KERB_CRED: krb5_rd_cred reads it, the credential goes into a ccache and MIT's klist lists it
#   judge_lsa_tickets.sh <krb5_judge> <kdc-fixture-dir> <OUT>
# Skipped (77) only when there is no KDC fixture or the Wine side never ran (OUT absent: no Wine, or the program
# skipped); once OUT exists, a missing file is a failure.
set -eu
. "$(dirname "$0")/judge_wine_output.sh"
judge_wine_begin judge_lsa_tickets "$1" "$2" "$3"

# judge_one SUB SERVICE ETYPE [KEYTAB]: the ticket in OUT/SUB, for SERVICE, its own enctype ETYPE.
judge_one() {
    sub=$1
    service=$2
    etype=$3
    keytab=${4:-$LSAEMU_KDC_KEYTAB}
    if judge_ticket "$out/$sub" "$sub" "$keytab" "client: $LSAEMU_KDC_USER@$LSAEMU_KDC_REALM" \
        "server: $service@$LSAEMU_KDC_REALM" "ticket etype: $etype"; then
        echo "$sub: $(grep -c . "$work/$sub.out") lines from MIT, session key matches, ticket etype $etype"
    fi
}

judge_one svc "$LSAEMU_KDC_SERVICE" 18
judge_one tgt "krbtgt/$LSAEMU_KDC_REALM" 18 "$LSAEMU_KDC_KRBTGT_KEYTAB"
for pair in $(echo "$LSAEMU_KDC_ENCTYPE_SERVICES" | tr , " "); do
    case "${pair#*:}" in
    20) judge_one sha2 "${pair%%:*}" 20 ;;
    23) judge_one rc4 "${pair%%:*}" 23 ;;
    esac
done

# The LSA's times and flags against the ticket's own (a ticket without a starttime starts at its authtime).
for sub in svc tgt; do
    if [ ! -s "$out/$sub/lsa.txt" ] || [ ! -s "$work/$sub.out" ]; then
        fail "$sub/lsa.txt is missing or the ticket was not judged"
        continue
    fi
    mit_start=$(field "$work/$sub.out" starttime)
    [ "$mit_start" != 0 ] || mit_start=$(field "$work/$sub.out" authtime)
    for pair in "starttime $mit_start" "endtime $(field "$work/$sub.out" endtime)" \
        "flags $(field "$work/$sub.out" flags)"; do
        lsa=$(field "$out/$sub/lsa.txt" "${pair%% *}")
        [ "$lsa" = "${pair#* }" ] || fail "$sub ${pair%% *}: the LSA said $lsa, the ticket holds ${pair#* }"
    done
    echo "$sub: the LSA's start, end and flags are the ticket's ($(tr '\n' ' ' <"$out/$sub/lsa.txt"))"
done

if [ ! -s "$out/cred.der" ]; then
    fail "cred.der is missing: the LSA's AS_KERB_CRED was not written"
elif "$judge" cred "$out/cred.der" "$work/cred.cc" >"$work/cred.out" 2>&1; then
    grep -qx "enc-part etype: 0" "$work/cred.out" || fail "the KRB-CRED is not unencrypted: $(cat "$work/cred.out")"
    grep -qx "stored: 1 credential(s) in $work/cred.cc" "$work/cred.out" ||
        fail "nothing stored: $(cat "$work/cred.out")"
    if klist -c "FILE:$work/cred.cc" >"$work/klist" 2>&1; then
        grep -q "Default principal: $LSAEMU_KDC_USER@$LSAEMU_KDC_REALM" "$work/klist" || fail "klist: no principal"
        grep -q "$LSAEMU_KDC_SERVICE@$LSAEMU_KDC_REALM" "$work/klist" || fail "klist: no service: $(cat "$work/klist")"
        echo "klist of the LSA's KRB-CRED:"
        cat "$work/klist"
    else
        fail "klist cannot read the ccache made from the LSA's KRB-CRED: $(cat "$work/klist")"
    fi
else
    fail "MIT refused the LSA's KRB-CRED: $(cat "$work/cred.out")"
fi

kdc_check_end "MIT agrees with every ticket and the KRB-CRED the LSA returned ($out)"
