# Where the shared KDC fixture (tests/kdc/kdc.sh, ctest fixture "lsaemu_kdc") keeps its files, for the native tree
# that starts it and the mingw tree whose Wine tests use it (the superbuild passes LSAEMU_KDC_DIR down).
#
# A test that needs the KDC:
#   set_tests_properties(<test> PROPERTIES FIXTURES_REQUIRED lsaemu_kdc)     (append to an existing list)
#   and reads ${LSAEMU_KDC_DIR}/kdc.env (KEY=value: realm, port, passwords, keytab) at run time, exiting 77 (skip)
#   when it is absent (krb5kdc not installed). lsaemu_kdc_test_env(<var>) gives KRB5_CONFIG and LSAEMU_KDC_ENV as
#   an ENVIRONMENT list (Unix paths: Wine passes them through).

if(NOT LSAEMU_KDC_DIR)
    set(LSAEMU_KDC_DIR "${CMAKE_BINARY_DIR}/kdc")
endif()

function(lsaemu_kdc_test_env var)
    set(${var} "KRB5_CONFIG=${LSAEMU_KDC_DIR}/krb5.conf" "LSAEMU_KDC_ENV=${LSAEMU_KDC_DIR}/kdc.env" PARENT_SCOPE)
endfunction()
