# SPDX-License-Identifier: MIT
# Install rules: libraries, public headers (with sys/), generated version.h,
# acdroute.pc, the CMake package (acdrouteConfig.cmake + version file +
# exported targets) and the example programs acdroute-sim / acdroute-drive.
#
# Two export sets: acdrouteTargets (the shared library, no dependency for
# the consumer) and acdrouteStaticTargets (the static library, which needs
# json-c at link time).  acdrouteConfig.cmake loads the second only when it
# can find json-c, so a shared-only consumer never needs json-c installed.

include(CMakePackageConfigHelpers)

set(ACDROUTE_CMAKE_INSTALL_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/acdroute")

install(TARGETS acdroute
  EXPORT acdrouteTargets
  RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

install(TARGETS acdroute_static
  EXPORT acdrouteStaticTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")

# Public headers: include/acdroute/*.h and include/acdroute/sys/*.h.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/include/acdroute/"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/acdroute"
  FILES_MATCHING PATTERN "*.h")
install(FILES "${ACDROUTE_GENERATED_INCLUDE_DIR}/acdroute/version.h"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/acdroute")

# pkg-config: paths relative to the .pc file itself (${pcfiledir}), so the
# file stays right under `cmake --install --prefix <anywhere>`.
set(_pcdir "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_INCLUDEDIR}")
  set(ACDROUTE_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
  set(ACDROUTE_PC_LIBDIR "${CMAKE_INSTALL_FULL_LIBDIR}")
  set(ACDROUTE_PC_INCLUDEDIR "${CMAKE_INSTALL_FULL_INCLUDEDIR}")
  set(_pcdir "${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig")
else()
  file(RELATIVE_PATH _up "/root/${_pcdir}" "/root")
  string(REGEX REPLACE "/$" "" _up "${_up}")
  set(ACDROUTE_PC_PREFIX "\${pcfiledir}/${_up}")
  set(ACDROUTE_PC_LIBDIR "\${prefix}/${CMAKE_INSTALL_LIBDIR}")
  set(ACDROUTE_PC_INCLUDEDIR "\${prefix}/${CMAKE_INSTALL_INCLUDEDIR}")
endif()
configure_file("${PROJECT_SOURCE_DIR}/acdroute.pc.in"
  "${PROJECT_BINARY_DIR}/acdroute.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/acdroute.pc" DESTINATION "${_pcdir}")

# CMake package.
install(EXPORT acdrouteTargets
  NAMESPACE acdroute::
  FILE acdrouteTargets.cmake
  DESTINATION "${ACDROUTE_CMAKE_INSTALL_DIR}")
install(EXPORT acdrouteStaticTargets
  NAMESPACE acdroute::
  FILE acdrouteStaticTargets.cmake
  DESTINATION "${ACDROUTE_CMAKE_INSTALL_DIR}")

configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/acdrouteConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/acdrouteConfig.cmake"
  INSTALL_DESTINATION "${ACDROUTE_CMAKE_INSTALL_DIR}"
  NO_SET_AND_CHECK_MACRO)
write_basic_package_version_file(
  "${PROJECT_BINARY_DIR}/acdrouteConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}"
  COMPATIBILITY SameMajorVersion)
install(FILES
  "${PROJECT_BINARY_DIR}/acdrouteConfig.cmake"
  "${PROJECT_BINARY_DIR}/acdrouteConfigVersion.cmake"
  DESTINATION "${ACDROUTE_CMAKE_INSTALL_DIR}")

# Programs.  They find the library next door once installed.
file(RELATIVE_PATH _bin_to_lib
  "${CMAKE_INSTALL_FULL_BINDIR}" "${CMAKE_INSTALL_FULL_LIBDIR}")
foreach(_prog IN ITEMS acdroute-sim acdroute-drive acdroute-server)
  if(TARGET ${_prog})
    set_target_properties(${_prog} PROPERTIES
      INSTALL_RPATH "$ORIGIN/${_bin_to_lib}")
    install(TARGETS ${_prog} RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
  endif()
endforeach()

# Licence and changelog, where Debian and most distributions look for them.
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" "${PROJECT_SOURCE_DIR}/CHANGELOG.md"
  DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# Man pages (groff, written from the programs' --help): only for the programs
# this build installs.
foreach(_prog IN ITEMS acdroute-sim acdroute-drive acdroute-server)
  if(TARGET ${_prog} AND EXISTS "${PROJECT_SOURCE_DIR}/man/${_prog}.1.in")
    configure_file("${PROJECT_SOURCE_DIR}/man/${_prog}.1.in"
      "${PROJECT_BINARY_DIR}/man/${_prog}.1" @ONLY)
    install(FILES "${PROJECT_BINARY_DIR}/man/${_prog}.1"
      DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
  endif()
endforeach()

# Python package.  Debian's python3 reads /usr/lib/python3/dist-packages
# (packages) and /usr/local/lib/python3.X/dist-packages (local installs), so
# that is the default; other prefixes need PYTHONPATH (README.md).
option(ACDROUTE_INSTALL_PYTHON "Install the Python package" ON)
if(ACDROUTE_INSTALL_PYTHON)
  if(NOT DEFINED ACDROUTE_PYTHON_INSTALL_DIR)
    if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
      set(_pydir "lib/python3/dist-packages")
    else()
      find_program(_acdr_py3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)
      set(_pyminor "")
      if(_acdr_py3)
        execute_process(COMMAND "${_acdr_py3}" -c
            "import sys; print(sys.version_info[1])"
          OUTPUT_VARIABLE _pyminor OUTPUT_STRIP_TRAILING_WHITESPACE
          RESULT_VARIABLE _pyrc)
      endif()
      if(_pyminor MATCHES "^[0-9]+$")
        set(_pydir "lib/python3.${_pyminor}/dist-packages")
      else()
        set(_pydir "lib/python3/dist-packages")
      endif()
    endif()
    set(ACDROUTE_PYTHON_INSTALL_DIR "${_pydir}" CACHE STRING
      "Where the Python package goes, relative to the install prefix")
  endif()
  set(_pysrc "${PROJECT_SOURCE_DIR}/bindings/python/acdroute")
  set(_pydst "${ACDROUTE_PYTHON_INSTALL_DIR}/acdroute")
  install(DIRECTORY "${_pysrc}/" DESTINATION "${_pydst}"
    FILES_MATCHING PATTERN "*.py" PATTERN "py.typed"
    PATTERN "__pycache__" EXCLUDE
    PATTERN "_version.py" EXCLUDE)
  # The version and where the library is, both from this build: the loader
  # looks in ACDROUTE_LIBDIR (relative to the package, so the tree can move).
  file(RELATIVE_PATH _py_to_lib "/root/${_pydst}/_lib"
    "/root/${CMAKE_INSTALL_LIBDIR}")
  configure_file("${PROJECT_SOURCE_DIR}/cmake/python_version.py.in"
    "${PROJECT_BINARY_DIR}/python/_version.py" @ONLY)
  configure_file("${PROJECT_SOURCE_DIR}/cmake/python_installed.py.in"
    "${PROJECT_BINARY_DIR}/python/_installed.py" @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/python/_version.py"
    DESTINATION "${_pydst}")
  install(FILES "${PROJECT_BINARY_DIR}/python/_installed.py"
    DESTINATION "${_pydst}/_lib")
endif()
