# Sourced by the shell checks that use the KDC fixture (kdc_mit_tools.sh, tests/judge/*.sh):
#   kdc_check_begin NAME DIR   skip (exit 77) when DIR has no kdc.env (krb5kdc not installed), else export its
#                              variables, make $work (removed at exit) and point KRB5CCNAME into it
#   fail MESSAGE               print and count a failure
#   kdc_check_end SUMMARY      exit 1 when any failure was counted, else print NAME: SUMMARY
kdc_check_begin() {
    kdc_check_name=$1
    if [ ! -f "$2/kdc.env" ]; then
        echo "$1: skipped: no KDC fixture in $2 (krb5kdc not installed?)"
        exit 77
    fi
    set -a
    . "$2/kdc.env"
    set +a
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT INT TERM
    export KRB5CCNAME="FILE:$work/cc"
    failures=0
}

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

kdc_check_end() {
    if [ "$failures" -ne 0 ]; then
        echo "$kdc_check_name: $failures failure(s)"
        exit 1
    fi
    echo "$kdc_check_name: $1"
}
