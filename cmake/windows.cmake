# The Windows (mingw) build: secur32.dll with the LSA core, transports and packages, and the Windows test programs
# run under Wine.
option(LSAEMU_BUILD_TESTS "Build the Windows test programs and register them with ctest" ON)

# Windows 10 API level for every declaration we use; the DLL itself runs on Wine 8 and Windows 7+.
add_compile_definitions(_WIN32_WINNT=0x0A00 WINVER=0x0A00 UNICODE _UNICODE)
set(LSAEMU_VERSION_STRING "${PROJECT_VERSION}")

# The i686 layout checks need the ABI of the structures we marshal (see src/lsa/lsa_layout_checks.c).
add_subdirectory(src/packages)
add_subdirectory(src/transport)
add_subdirectory(src/lsa)
add_subdirectory(src/secur32)
add_subdirectory(src/server) # lsaemu_lsass.exe, the shared LSA server
include(${CMAKE_SOURCE_DIR}/cmake/accounts-store.cmake) # accounts file store and tool

if(LSAEMU_BUILD_TESTS)
    include(${CMAKE_SOURCE_DIR}/cmake/cmocka-mingw.cmake)
    include(${CMAKE_SOURCE_DIR}/cmake/wine-tests.cmake)
    include(${CMAKE_SOURCE_DIR}/cmake/kdc-fixture.cmake) # the shared KDC's folder (fixture lsaemu_kdc)
    add_subdirectory(tests/sample_ap)
    add_subdirectory(tests/wine)
    add_subdirectory(tests/bench)
endif()

# The demo: an ordinary Windows program against mingw's stock import library (tools/demo.sh runs it).
find_library(LSAEMU_STOCK_SECUR32_DEMO NAMES libsecur32.a NO_DEFAULT_PATH PATHS /usr/${LSAEMU_MINGW_TRIPLE}/lib REQUIRED)
add_executable(lsaemu_demo src/tools/lsaemu_demo.c src/tools/lsaemu_demo_print.c src/tools/lsaemu_demo_klist.c
    src/tools/lsaemu_demo_kerberos.c src/tools/lsaemu_tool_logon.c)
target_link_options(lsaemu_demo PRIVATE -municode)
target_link_libraries(lsaemu_demo PRIVATE ${LSAEMU_STOCK_SECUR32_DEMO} advapi32)
add_custom_command(TARGET lsaemu_demo POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E copy_if_different $<TARGET_FILE:secur32> $<TARGET_FILE_DIR:lsaemu_demo>/)
