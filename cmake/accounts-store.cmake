# The accounts database on disk and its command-line tool (Windows build only; included by cmake/windows.cmake).
#   lsaemu_accounts_store  static library: locate, load, lock and atomically update the accounts file
#   lsaemu_accounts_tool   lsaemu_accounts.exe (the target name lsaemu_accounts is the portable parser library's)
add_subdirectory(${CMAKE_SOURCE_DIR}/src/accounts_store ${CMAKE_BINARY_DIR}/src/accounts_store)

if(EXISTS ${CMAKE_SOURCE_DIR}/src/tools/lsaemu_accounts.c)
    add_executable(lsaemu_accounts_tool
        ${CMAKE_SOURCE_DIR}/src/tools/lsaemu_accounts.c
        ${CMAKE_SOURCE_DIR}/src/tools/lsaemu_accounts_cmds.c
        ${CMAKE_SOURCE_DIR}/src/tools/lsaemu_accounts_show.c
        ${CMAKE_SOURCE_DIR}/src/tools/lsaemu_accounts_flush.c
        ${CMAKE_SOURCE_DIR}/src/tools/lsaemu_tool_logon.c)
    set_target_properties(lsaemu_accounts_tool PROPERTIES OUTPUT_NAME lsaemu_accounts)
    target_include_directories(lsaemu_accounts_tool PRIVATE ${CMAKE_SOURCE_DIR}/src/tools ${CMAKE_SOURCE_DIR}/include)
    target_link_options(lsaemu_accounts_tool PRIVATE -municode)
    target_link_libraries(lsaemu_accounts_tool PRIVATE lsaemu_accounts_store bcrypt)
endif()
