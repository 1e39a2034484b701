# Forwarding of the secur32 exports lsaemu does not implement (src/secur32/forward.h), for src/secur32/CMakeLists.txt:
#
#   include(${CMAKE_CURRENT_SOURCE_DIR}/forward.cmake)
#   add_library(secur32 SHARED ... ${LSAEMU_FORWARD_SOURCES} ${LSAEMU_DEF_FILE})   # CMake hands a .def source to ld
#   target_link_options(secur32 PRIVATE ${LSAEMU_FORWARD_LINK_OPTIONS})
#   set_target_properties(secur32 PROPERTIES PREFIX "" OUTPUT_NAME secur32)        # secur32.dll, not libsecur32.dll
#
# Sets:
#   LSAEMU_FORWARD_SOURCES        C sources (the thunks are file-scope asm inside C: no ASM language needed)
#   LSAEMU_DEF_FILE               def/secur32.def, the 80 exports
#   LSAEMU_FORWARD_LINK_OPTIONS   i686: the .def names are undecorated while the stdcall symbols are _Name@bytes;
#                                 --enable-stdcall-fixup binds them without ld's per-name warnings.
# Needs only kernel32 (linked by default). The DLL must not link mingw's -lsecur32: its imports would bind to itself.

get_filename_component(_lsaemu_fwd_dir "${CMAKE_CURRENT_LIST_DIR}" ABSOLUTE)

set(LSAEMU_FORWARD_SOURCES
    "${_lsaemu_fwd_dir}/forward.c"
    "${_lsaemu_fwd_dir}/forward_thunks.c")

get_filename_component(LSAEMU_DEF_FILE "${_lsaemu_fwd_dir}/../../def/secur32.def" ABSOLUTE)

set(LSAEMU_FORWARD_LINK_OPTIONS "")
if(CMAKE_SIZEOF_VOID_P EQUAL 4)
    list(APPEND LSAEMU_FORWARD_LINK_OPTIONS "-Wl,--enable-stdcall-fixup")
endif()
