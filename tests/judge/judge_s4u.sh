#!/bin/sh
# MIT's library judges the S4U2Self ticket an S4U logon left in its session (tests/wine/test_kerberos_s4u.c writes it
# to OUT: ticket.der, session.hex, enctype): it decrypts with the machine account's keytab (DIR/machine.keytab), holds
# the session key the LSA returned, names alice@REALM as its client and the machine account as its server.
#   judge_s4u.sh <krb5_judge> <kdc-fixture-dir> <OUT>
# Skipped (77) only when there is no KDC fixture or the Wine side never ran; once OUT exists, a missing file fails.
set -eu
. "$(dirname "$0")/judge_wine_output.sh"
judge_wine_begin judge_s4u "$1" "$2" "$3"
if judge_ticket "$out" s4u "$LSAEMU_KDC_MACHINE_KEYTAB" "client: $LSAEMU_KDC_USER@$LSAEMU_KDC_REALM" \
    "server: $LSAEMU_KDC_MACHINE@$LSAEMU_KDC_REALM"; then
    echo "S4U2Self ticket: $(grep -c . "$work/s4u.out") lines from MIT, opened with machine.keytab, client" \
        "$LSAEMU_KDC_USER@$LSAEMU_KDC_REALM"
fi
kdc_check_end "MIT agrees with the S4U2Self ticket the LSA kept ($out)"
