# The native half of the build (included by the top-level CMakeLists.txt when not targeting Windows): the portable
# code under AddressSanitizer and UndefinedBehaviorSanitizer, its cmocka unit tests, and with clang its libFuzzer
# harnesses. The mingw builds are driven from here too (mingw-superbuild.cmake), so one ctest runs everything.

option(LSAEMU_SANITIZE "Build the native code with AddressSanitizer and UndefinedBehaviorSanitizer" ON)

set(LSAEMU_NATIVE_COMPILE_OPTIONS "")
set(LSAEMU_NATIVE_LINK_OPTIONS "")
if(LSAEMU_SANITIZE)
    set(sanitizers -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
    list(APPEND LSAEMU_NATIVE_COMPILE_OPTIONS ${sanitizers})
    list(APPEND LSAEMU_NATIVE_LINK_OPTIONS ${sanitizers})
endif()
set(LSAEMU_FUZZ OFF)
if(CMAKE_C_COMPILER_ID MATCHES "Clang")
    set(LSAEMU_FUZZ ON)
    # libFuzzer steers by coverage of the code under test, so that code needs the coverage hooks too, not only the
    # harness. Unit tests carry them as well (a little slower); linking with the same flag brings in the callbacks
    # even when the sanitizers are off.
    list(APPEND LSAEMU_NATIVE_COMPILE_OPTIONS -fsanitize=fuzzer-no-link)
    list(APPEND LSAEMU_NATIVE_LINK_OPTIONS -fsanitize=fuzzer-no-link)
endif()

# The portable libraries (src/common, src/wire, src/accounts) were added before this file was included, and
# add_compile_options only reaches targets created after it, so apply the options to those targets directly.
function(lsaemu_collect_targets dir out_var)
    get_property(found DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
    foreach(sub IN LISTS subdirs)
        lsaemu_collect_targets(${sub} sub_found)
        list(APPEND found ${sub_found})
    endforeach()
    set(${out_var} ${found} PARENT_SCOPE)
endfunction()

lsaemu_collect_targets(${CMAKE_SOURCE_DIR} earlier_targets)
foreach(target IN LISTS earlier_targets)
    get_target_property(type ${target} TYPE)
    if(type MATCHES "^(STATIC_LIBRARY|SHARED_LIBRARY|MODULE_LIBRARY|OBJECT_LIBRARY|EXECUTABLE)$")
        target_compile_options(${target} PRIVATE ${LSAEMU_NATIVE_COMPILE_OPTIONS})
        target_link_options(${target} PRIVATE ${LSAEMU_NATIVE_LINK_OPTIONS})
    endif()
endforeach()
add_compile_options(${LSAEMU_NATIVE_COMPILE_OPTIONS})
add_link_options(${LSAEMU_NATIVE_LINK_OPTIONS})

# cmocka (Debian: libcmocka-dev). pkg-config gives hints when present; the plain search covers the rest.
find_package(PkgConfig QUIET)
if(PKG_CONFIG_FOUND)
    pkg_check_modules(PC_CMOCKA QUIET cmocka)
endif()
find_path(CMOCKA_INCLUDE_DIR cmocka.h HINTS ${PC_CMOCKA_INCLUDE_DIRS})
find_library(CMOCKA_LIBRARY NAMES cmocka HINTS ${PC_CMOCKA_LIBRARY_DIRS})
if(NOT CMOCKA_INCLUDE_DIR OR NOT CMOCKA_LIBRARY)
    message(FATAL_ERROR
        "cmocka not found; the native unit tests need it.\n"
        "On Debian/Ubuntu: apt-get install libcmocka-dev\n"
        "Elsewhere: pass -DCMOCKA_INCLUDE_DIR=<dir with cmocka.h> -DCMOCKA_LIBRARY=<path to libcmocka>.")
endif()
add_library(lsaemu::cmocka UNKNOWN IMPORTED)
set_target_properties(lsaemu::cmocka PROPERTIES
    IMPORTED_LOCATION ${CMOCKA_LIBRARY}
    INTERFACE_INCLUDE_DIRECTORIES ${CMOCKA_INCLUDE_DIR})

add_subdirectory(tests/unit)
add_subdirectory(tests/kdc)
add_subdirectory(tests/judge)
if(LSAEMU_FUZZ)
    add_subdirectory(tests/fuzz)
endif()

# The mingw builds as external projects, their tests pulled into this ctest run.
include(${CMAKE_SOURCE_DIR}/cmake/mingw-superbuild.cmake)
