# SPDX-License-Identifier: MIT
# Example programs.
#
#   examples/*.c                one single-file program each, named after the
#                               file stem, linked to the shared library
#   examples/<dir>/CMakeLists.txt
#                               added as a subdirectory
#
# Every example executable lands in ${CMAKE_BINARY_DIR}/examples/ (so
# build/examples/acdroute-sim is a stable path for scripts/run-sim).  This is a
# function so the output-directory setting stays local to the examples.

function(acdroute_add_examples)
  set(CMAKE_RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/examples")

  file(GLOB _singles CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/examples/*.c")
  foreach(_src IN LISTS _singles)
    get_filename_component(_name "${_src}" NAME_WE)
    add_executable(${_name} "${_src}")
    target_link_libraries(${_name} PRIVATE acdroute::acdroute ${ACDROUTE_LIBM})
  endforeach()

  file(GLOB _subdirs CONFIGURE_DEPENDS
    "${PROJECT_SOURCE_DIR}/examples/*/CMakeLists.txt")
  foreach(_cml IN LISTS _subdirs)
    get_filename_component(_dir "${_cml}" DIRECTORY)
    get_filename_component(_dirname "${_dir}" NAME)
    # "<dir>.d": examples/acdroute-sim/ may build build/examples/acdroute-sim.
    add_subdirectory("${_dir}" "${PROJECT_BINARY_DIR}/examples/${_dirname}.d")
  endforeach()
endfunction()
