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

# Every transport.mode variant a Wine test can have; the judges (tests/judge) loop over it too.
set(LSAEMU_KDC_WINE_VARIANTS inproc.applocal inproc.installed pipe.applocal pipe.installed server.applocal
    server.installed)

function(lsaemu_kdc_test_env var)
    set(${var} "KRB5_CONFIG=${LSAEMU_KDC_DIR}/krb5.conf" "LSAEMU_KDC_ENV=${LSAEMU_KDC_DIR}/kdc.env" PARENT_SCOPE)
endfunction()

# A Wine test against the KDC fixture, over inproc, pipe and server (unless NOT_OVER_SERVER), applocal and installed:
# it requires lsaemu_kdc (and the EXTRA_FIXTURES), gets KRB5_CONFIG and LSAEMU_KDC_ENV (plus ENV), and holds
# lsaemu_kerberos_domains, since such a test registers the realm in the prefix's registry for a moment (and the
# EXTRA_LOCKS, on every variant). SETUP_PREFIX p makes each variant the setup of fixture p.<transport>.<mode>, for a
# test that reads what it left.
function(lsaemu_kdc_wine_test name exe)
    cmake_parse_arguments(ARG "NOT_OVER_SERVER" "SETUP_PREFIX" "ENV;EXTRA_FIXTURES;EXTRA_LOCKS" ${ARGN})
    lsaemu_kdc_test_env(_env)
    set(_not_over_server)
    if(ARG_NOT_OVER_SERVER)
        set(_not_over_server NOT_OVER_SERVER)
    endif()
    lsaemu_add_wine_test(NAME ${name} EXE ${exe} TRANSPORTS inproc pipe MODES applocal installed
        ENV ${_env} ${ARG_ENV} ${_not_over_server})
    foreach(_variant ${LSAEMU_KDC_WINE_VARIANTS})
        set(_test wine.${name}.${_variant})
        if(TEST ${_test})
            get_test_property(${_test} FIXTURES_REQUIRED _fixtures)
            list(APPEND _fixtures lsaemu_kdc ${ARG_EXTRA_FIXTURES})
            set(_locks lsaemu_kerberos_domains ${ARG_EXTRA_LOCKS})
            set_tests_properties(${_test} PROPERTIES RESOURCE_LOCK "${_locks}" FIXTURES_REQUIRED "${_fixtures}")
            if(ARG_SETUP_PREFIX)
                set_tests_properties(${_test} PROPERTIES FIXTURES_SETUP ${ARG_SETUP_PREFIX}.${_variant})
            endif()
        endif()
    endforeach()
endfunction()

# A Wine program with the package's files linked directly (it makes no LSA call, so there is no transport to choose)
# against the KDC fixture: one run, inproc applocal, with KRB5_CONFIG and LSAEMU_KDC_ENV; it requires wine_prefix and
# lsaemu_kdc, and holds the LOCKS it names.
function(lsaemu_kdc_direct_test name exe)
    cmake_parse_arguments(ARG "" "" "LOCKS" ${ARGN})
    lsaemu_kdc_test_env(_env)
    lsaemu_add_wine_test(NAME ${name} EXE ${exe} TRANSPORTS inproc MODES applocal ENV ${_env})
    if(TEST wine.${name}.inproc.applocal)
        set_tests_properties(wine.${name}.inproc.applocal PROPERTIES FIXTURES_REQUIRED "wine_prefix;lsaemu_kdc")
        if(ARG_LOCKS)
            set_tests_properties(wine.${name}.inproc.applocal PROPERTIES RESOURCE_LOCK "${ARG_LOCKS}")
        endif()
    endif()
endfunction()
