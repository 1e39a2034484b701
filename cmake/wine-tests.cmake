# Running the Windows test programs under Wine, as ctest tests. Included by the Windows build (cmake/windows.cmake).
#
#   lsaemu_add_wine_test(NAME <name> EXE <target>
#                        [TRANSPORTS inproc pipe ...]    default: inproc pipe (server is added wherever pipe is,
#                                                        unless NOT_OVER_SERVER: say why in a comment beside it)
#                        [MODES applocal installed]      default: applocal installed
#                        [ARGS <arg>...]                 command-line arguments for the program
#                        [ENV <k=v>...]                  extra environment
#                        [FILES <file>...]               extra files copied beside the .exe (generator expressions ok)
#                        [LABELS <label>...] [TIMEOUT <seconds>])
#
# registers one test per (transport, mode), named wine.<name>.<transport>.<mode>. Each runs
# tests/wine/run-wine-test.sh, which copies the .exe into its own folder build/.../wine-tests/<test name>/ and runs it
# there with `wine`, with
#   WINEPREFIX        applocal: ${CMAKE_BINARY_DIR}/wineprefix          (fixture wine_prefix, test wine.prefix)
#                     installed: ${CMAKE_BINARY_DIR}/wineprefix-installed (fixture wine_prefix_installed, test
#                                wine.prefix-installed: our secur32.dll installed by tools/install-into-prefix.sh)
#   WINEDEBUG=-all, LSAEMU_TRANSPORT=<transport>, LSAEMU_TEST_MODE=<mode>,
#   applocal only: secur32.dll (of target `secur32`) beside the .exe and WINEDLLOVERRIDES=secur32=n,b.
# A program that runs over `pipe` goes through secur32 and so runs over `server` too (wine.<name>.server.<mode>): each
# such test has its own LSA server (LSAEMU_SERVER_PIPE=\\.\pipe\lsaemu-test-<test name>, started by the program's first
# call with the program's environment, exiting 2 s after its last client: LSAEMU_SERVER_IDLE_MS), lsaemu_lsass.exe
# beside the .exe (applocal) or in system32 (installed).
# In installed mode the folder has no secur32.dll, so what loads is the prefix-wide copy.
# Only the .exe is copied: a DLL the program needs beside it (e.g. sample_ap.dll) goes in FILES:
#     FILES $<TARGET_FILE:sample_ap>
# A Unix path in ENV works for the Windows program as a path on the current drive (the folder is on Z:, which is /).
# A program that exits with 77 is reported as skipped (e.g. a transport not available), and so is a passing program
# in which cmocka skipped a test (run-wine-test.sh turns that into 77 and names the test; tools/test.sh lists every
# skipped test after the run); an unhandled exception (Wine's "Unhandled ..." report) always fails the test.
#
# The prefixes are made fresh for every ctest run by copying a pristine template prefix (built once with wineboot -i,
# rebuilt when the Wine version changes); see tests/wine/make-prefix.sh. Their wineservers are kept alive during the
# run (LSAEMU_WINE_KEEPALIVE idle seconds) and shut down by the cleanup tests wine.prefix.stop[-installed].
#
# On i686 (no wine32 here) and with LSAEMU_BUILD_TESTS=OFF, lsaemu_add_wine_test() registers nothing: the test
# programs still build, they just are not run.

include_guard(GLOBAL)

set(LSAEMU_WINE_TEST_TIMEOUT 120 CACHE STRING "Default timeout (seconds) of each Wine test")
set(LSAEMU_WINE_KEEPALIVE 60 CACHE STRING
    "Seconds a test prefix's wineserver stays alive with no Wine program running (0: off; Debian's Wine then stops it
    as soon as the last program exits, and each test pays a cold start of ~1 s)")
set(LSAEMU_WINEPREFIX "${CMAKE_BINARY_DIR}/wineprefix")
set(LSAEMU_WINEPREFIX_INSTALLED "${CMAKE_BINARY_DIR}/wineprefix-installed")
set(LSAEMU_WINEPREFIX_TEMPLATE "${CMAKE_BINARY_DIR}/wineprefix-template")
set(_LSAEMU_WINE_TOOLS "${CMAKE_CURRENT_LIST_DIR}/../tests/wine")
get_filename_component(_LSAEMU_WINE_TOOLS "${_LSAEMU_WINE_TOOLS}" ABSOLUTE)

set(LSAEMU_WINE_TESTS_ENABLED ON)
if(DEFINED LSAEMU_BUILD_TESTS AND NOT LSAEMU_BUILD_TESTS)
    set(LSAEMU_WINE_TESTS_ENABLED OFF)
elseif(NOT CMAKE_SYSTEM_PROCESSOR STREQUAL "x86_64")
    # Only 64-bit Windows programs can run here: wine32 cannot be installed on this machine (see DESIGN.md §6).
    set(LSAEMU_WINE_TESTS_ENABLED OFF)
    message(STATUS "Wine tests: not registered for ${CMAKE_SYSTEM_PROCESSOR} (only x86_64 programs run here)")
endif()

set_property(GLOBAL PROPERTY LSAEMU_WINE_TESTS_ENABLED ${LSAEMU_WINE_TESTS_ENABLED})
if(LSAEMU_WINE_TESTS_ENABLED)
    find_program(LSAEMU_WINE_PROGRAM NAMES wine wine64)
    find_program(LSAEMU_WINESERVER_PROGRAM NAMES wineserver)
    if(NOT LSAEMU_WINE_PROGRAM OR NOT LSAEMU_WINESERVER_PROGRAM)
        message(FATAL_ERROR "Wine tests need `wine` and `wineserver` (run tools/install-deps.sh), "
                            "or configure with -DLSAEMU_BUILD_TESTS=OFF.")
    endif()
    enable_testing()

    set(_lsaemu_wine_env "WINE=${LSAEMU_WINE_PROGRAM}" "WINESERVER=${LSAEMU_WINESERVER_PROGRAM}" "WINEDEBUG=-all")
    set(_lsaemu_keepalive)
    if(LSAEMU_WINE_KEEPALIVE GREATER 0)
        set(_lsaemu_keepalive --keepalive ${LSAEMU_WINE_KEEPALIVE})
    endif()

    # Fixture: the prefix for app-local tests.
    add_test(NAME wine.prefix
        COMMAND "${_LSAEMU_WINE_TOOLS}/make-prefix.sh" create "${LSAEMU_WINEPREFIX}" "${LSAEMU_WINEPREFIX_TEMPLATE}"
                ${_lsaemu_keepalive})
    add_test(NAME wine.prefix.stop COMMAND "${_LSAEMU_WINE_TOOLS}/make-prefix.sh" stop "${LSAEMU_WINEPREFIX}")
    set_tests_properties(wine.prefix PROPERTIES FIXTURES_SETUP wine_prefix)
    set_tests_properties(wine.prefix.stop PROPERTIES FIXTURES_CLEANUP wine_prefix)

    # Fixture: the prefix with our secur32.dll installed prefix-wide.
    add_test(NAME wine.prefix-installed
        COMMAND "${_LSAEMU_WINE_TOOLS}/make-prefix.sh" create "${LSAEMU_WINEPREFIX_INSTALLED}"
                "${LSAEMU_WINEPREFIX_TEMPLATE}" --install "$<TARGET_FILE:secur32>" ${_lsaemu_keepalive})
    add_test(NAME wine.prefix-installed.stop
        COMMAND "${_LSAEMU_WINE_TOOLS}/make-prefix.sh" stop "${LSAEMU_WINEPREFIX_INSTALLED}")
    set_tests_properties(wine.prefix-installed PROPERTIES FIXTURES_SETUP wine_prefix_installed)
    set_tests_properties(wine.prefix-installed.stop PROPERTIES FIXTURES_CLEANUP wine_prefix_installed)

    set_tests_properties(wine.prefix wine.prefix-installed wine.prefix.stop wine.prefix-installed.stop PROPERTIES
        ENVIRONMENT "${_lsaemu_wine_env}"
        TIMEOUT 600          # a first run builds the template prefix (wineboot -i: 5-20 s, more on a loaded machine)
        LABELS "wine;fixture")
endif()

function(lsaemu_add_wine_test)
    cmake_parse_arguments(PARSE_ARGV 0 ARG "NOT_OVER_SERVER" "NAME;EXE;TIMEOUT" "TRANSPORTS;MODES;ARGS;ENV;FILES;LABELS")
    if(ARG_UNPARSED_ARGUMENTS)
        message(FATAL_ERROR "lsaemu_add_wine_test: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
    endif()
    if(NOT ARG_NAME OR NOT ARG_EXE)
        message(FATAL_ERROR "lsaemu_add_wine_test: NAME and EXE are required")
    endif()
    if(NOT TARGET ${ARG_EXE})
        message(FATAL_ERROR "lsaemu_add_wine_test(${ARG_NAME}): EXE '${ARG_EXE}' is not a target")
    endif()
    if(NOT ARG_TRANSPORTS)
        set(ARG_TRANSPORTS inproc pipe)
    endif()
    if("pipe" IN_LIST ARG_TRANSPORTS AND NOT "server" IN_LIST ARG_TRANSPORTS AND NOT ARG_NOT_OVER_SERVER)
        list(APPEND ARG_TRANSPORTS server)
    endif()
    if(NOT ARG_MODES)
        set(ARG_MODES applocal installed)
    endif()
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT ${LSAEMU_WINE_TEST_TIMEOUT})
    endif()
    foreach(mode IN LISTS ARG_MODES)
        if(NOT mode MATCHES "^(applocal|installed)$")
            message(FATAL_ERROR "lsaemu_add_wine_test(${ARG_NAME}): unknown mode '${mode}' (applocal, installed)")
        endif()
    endforeach()

    # Building the test program builds the DLL it is run with.
    add_dependencies(${ARG_EXE} secur32)

    get_property(enabled GLOBAL PROPERTY LSAEMU_WINE_TESTS_ENABLED)
    if(NOT enabled)
        return()
    endif()
    # Recomputed here rather than taken from the including scope, so any directory may call this function.
    get_filename_component(tools "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/../tests/wine" ABSOLUTE)

    set(copies)
    foreach(f IN LISTS ARG_FILES)
        list(APPEND copies --copy "${f}")
    endforeach()

    foreach(transport IN LISTS ARG_TRANSPORTS)
        foreach(mode IN LISTS ARG_MODES)
            set(test wine.${ARG_NAME}.${transport}.${mode})
            set(stage "${CMAKE_BINARY_DIR}/wine-tests/${test}")
            file(MAKE_DIRECTORY "${stage}")
            set(env "WINE=${LSAEMU_WINE_PROGRAM}" "WINESERVER=${LSAEMU_WINESERVER_PROGRAM}" "WINEDEBUG=-all"
                    "LSAEMU_TRANSPORT=${transport}" "LSAEMU_TEST_MODE=${mode}")
            set(server_copy)
            if(transport STREQUAL "server")
                list(APPEND env "LSAEMU_SERVER_PIPE=\\\\.\\pipe\\lsaemu-test-${test}" "LSAEMU_SERVER_IDLE_MS=2000")
                if(mode STREQUAL "applocal")
                    set(server_copy --copy "$<TARGET_FILE:lsaemu_lsass>")
                endif()
            endif()
            if(mode STREQUAL "applocal")
                set(dll --dll "$<TARGET_FILE:secur32>")
                list(APPEND env "WINEPREFIX=${CMAKE_BINARY_DIR}/wineprefix" "WINEDLLOVERRIDES=secur32=n,b")
                set(fixture wine_prefix)
            else()
                set(dll --no-dll)
                list(APPEND env "WINEPREFIX=${CMAKE_BINARY_DIR}/wineprefix-installed")
                set(fixture wine_prefix_installed)
            endif()
            # @STAGE@ in a value names this variant's own folder (where FILES are copied before each run): variants
            # that run at once then never share a file the test changes.
            foreach(entry IN LISTS ARG_ENV)
                string(REPLACE "@STAGE@" "${stage}" entry "${entry}")
                list(APPEND env "${entry}")
            endforeach()
            set(labels wine ${transport} ${mode} ${ARG_LABELS})
            add_test(NAME ${test}
                COMMAND "${tools}/run-wine-test.sh" --stage "${stage}" ${dll} ${copies} ${server_copy}
                        -- "$<TARGET_FILE:${ARG_EXE}>" ${ARG_ARGS}
                WORKING_DIRECTORY "${stage}")
            set_tests_properties(${test} PROPERTIES
                ENVIRONMENT "${env}"
                FIXTURES_REQUIRED ${fixture}
                TIMEOUT ${ARG_TIMEOUT}
                SKIP_RETURN_CODE 77
                LABELS "${labels}")
        endforeach()
    endforeach()
endfunction()
