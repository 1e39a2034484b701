#!/bin/sh
# MIT's library judges a TGT the LSA renewed (tests/wine/test_kerberos_renew.c writes it to OUT): OUT/original is the
# logon's TGT of the fixture's shortlife user, OUT/renewed the one KerbRetrieveTicket returned after the renewal (each
# ticket.der, session.hex, enctype). Both must decrypt with the realm's krbtgt keytab, name shortlife@REALM and
# krbtgt/REALM@REALM, and hold the session key the LSA reported; the renewed one keeps the original's authtime
# (RFC 4120 3.3.3) and renew_till, and ends later.
#   judge_renewed_tgt.sh <krb5_judge> <kdc-fixture-dir> <OUT>
# Skipped (77) only when there is no KDC fixture or the Wine side never ran (OUT absent); once OUT exists, a missing
# file is a failure.
set -eu
. "$(dirname "$0")/judge_wine_output.sh"
judge_wine_begin judge_renewed_tgt "$1" "$2" "$3"

judged=""
for sub in original renewed; do
    if judge_ticket "$out/$sub" "$sub" "$LSAEMU_KDC_KRBTGT_KEYTAB" "client: $LSAEMU_KDC_SHORT_USER@$LSAEMU_KDC_REALM" \
        "server: krbtgt/$LSAEMU_KDC_REALM@$LSAEMU_KDC_REALM"; then
        judged="$judged $sub"
    fi
done

if [ "$judged" = " original renewed" ]; then
    o=$work/original.out
    r=$work/renewed.out
    [ "$(field "$r" authtime)" = "$(field "$o" authtime)" ] ||
        fail "authtime: renewed $(field "$r" authtime), original $(field "$o" authtime) (a renewal keeps it)"
    [ "$(field "$r" renew_till)" = "$(field "$o" renew_till)" ] ||
        fail "renew_till: renewed $(field "$r" renew_till), original $(field "$o" renew_till)"
    [ "$(field "$r" endtime)" -gt "$(field "$o" endtime)" ] ||
        fail "endtime: renewed $(field "$r" endtime) is not after the original's $(field "$o" endtime)"
    [ "$(field "$r" endtime)" -le "$(field "$r" renew_till)" ] ||
        fail "endtime $(field "$r" endtime) past renew_till $(field "$r" renew_till)"
    # TKT_FLG_RENEWABLE (RFC 4120 flag 8) on both.
    for f in "$o" "$r"; do
        [ $(($(field "$f" flags) & 0x00800000)) -ne 0 ] || fail "not renewable: flags $(field "$f" flags)"
    done
    echo "original: authtime $(field "$o" authtime) endtime $(field "$o" endtime) renew_till $(field "$o" renew_till)"
    echo "renewed:  authtime $(field "$r" authtime) endtime $(field "$r" endtime) renew_till $(field "$r" renew_till)"
fi

kdc_check_end "MIT opens the original and the renewed TGT; authtime and renew_till kept, endtime later, keys match ($out)"
