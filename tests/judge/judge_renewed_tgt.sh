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
judge=$1
dir=$2
out=$3
. "$(dirname "$0")/../kdc/kdc_check.sh"
kdc_check_begin judge_renewed_tgt "$dir"
if [ ! -d "$out" ]; then
    echo "judge_renewed_tgt: skipped: $out does not exist (the Wine test did not run)"
    exit 77
fi
field() { # file label -> the value after "label: "
    sed -n "s/^$2: //p" "$1" | head -n 1
}

judged=""
for sub in original renewed; do
    missing=""
    for f in ticket.der session.hex enctype; do
        [ -s "$out/$sub/$f" ] || missing="$missing $f"
    done
    if [ -n "$missing" ]; then
        fail "$sub:$missing missing: the LSA's answer was not written"
        continue
    fi
    if "$judge" ticket "$out/$sub/ticket.der" "$(cat "$out/$sub/session.hex")" "$(cat "$out/$sub/enctype")" \
        "$LSAEMU_KDC_KRBTGT_KEYTAB" >"$work/$sub.out" 2>&1; then
        grep -qx "session key: matches" "$work/$sub.out" || fail "$sub: no match printed"
        for want in "client: $LSAEMU_KDC_SHORT_USER@$LSAEMU_KDC_REALM" \
            "server: krbtgt/$LSAEMU_KDC_REALM@$LSAEMU_KDC_REALM"; do
            grep -qx "$want" "$work/$sub.out" || fail "$sub: no \"$want\" in: $(cat "$work/$sub.out")"
        done
        judged="$judged $sub"
    else
        fail "MIT refused the LSA's $sub TGT: $(cat "$work/$sub.out")"
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
