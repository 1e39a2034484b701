# Sourced by the judges of what a Wine test program wrote (judge_lsa_tickets.sh, judge_renewed_tgt.sh, judge_s4u.sh),
# on top of ../kdc/kdc_check.sh:
#   judge_wine_begin NAME JUDGE DIR OUT   kdc_check_begin NAME DIR; judge=JUDGE, out=OUT; skip (exit 77) when OUT
#                                         is absent (the Wine side did not run); once it exists, what lacks fails
#   judge_ticket D LABEL KEYTAB WANT...   D's ticket.der, session.hex and enctype written, MIT opens the ticket with
#                                         KEYTAB, it holds the session key the LSA returned, and MIT printed each WANT
#                                         line; MIT's report in $work/LABEL.out. Non-zero (after fail) when the files
#                                         are missing or MIT refused the ticket
#   field FILE LABEL                      the value after "LABEL: " in FILE
. "$(dirname "$0")/../kdc/kdc_check.sh"

judge_wine_begin() {
    kdc_check_begin "$1" "$3"
    judge=$2
    out=$4
    if [ ! -d "$out" ]; then
        echo "$1: skipped: $out does not exist (the Wine test did not run)"
        exit 77
    fi
}

judge_ticket() {
    jt_dir=$1
    jt_label=$2
    jt_keytab=$3
    shift 3
    jt_missing=""
    for f in ticket.der session.hex enctype; do
        [ -s "$jt_dir/$f" ] || jt_missing="$jt_missing $f"
    done
    if [ -n "$jt_missing" ]; then
        fail "$jt_label:$jt_missing missing: the LSA's answer was not written"
        return 1
    fi
    if ! "$judge" ticket "$jt_dir/ticket.der" "$(cat "$jt_dir/session.hex")" "$(cat "$jt_dir/enctype")" \
        "$jt_keytab" >"$work/$jt_label.out" 2>&1; then
        fail "MIT refused the LSA's $jt_label ticket: $(cat "$work/$jt_label.out")"
        return 1
    fi
    grep -qx "session key: matches" "$work/$jt_label.out" || fail "$jt_label: no match printed"
    for want in "$@"; do
        grep -qx "$want" "$work/$jt_label.out" || fail "$jt_label: no \"$want\" in: $(cat "$work/$jt_label.out")"
    done
}

field() {
    sed -n "s/^$2: //p" "$1" | head -n 1
}
