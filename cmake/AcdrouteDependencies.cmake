# SPDX-License-Identifier: MIT
# External dependencies.
#
# Provides:
#   json-c::json-c   imported target (json-c's own CMake package, or
#                    pkg-config as a fallback under the same name)
#   ACDROUTE_LIBM    "m" where the C library keeps libm apart, else empty

find_package(json-c CONFIG QUIET)
if(NOT TARGET json-c::json-c)
  find_package(PkgConfig REQUIRED)
  pkg_check_modules(ACDROUTE_JSONC REQUIRED IMPORTED_TARGET GLOBAL json-c)
  add_library(json-c::json-c ALIAS PkgConfig::ACDROUTE_JSONC)
  message(STATUS "acdroute: json-c ${ACDROUTE_JSONC_VERSION} via pkg-config")
else()
  message(STATUS "acdroute: json-c via its CMake package")
endif()

include(CheckLibraryExists)
check_library_exists(m cos "" ACDROUTE_HAVE_LIBM)
if(ACDROUTE_HAVE_LIBM)
  set(ACDROUTE_LIBM m)
else()
  set(ACDROUTE_LIBM "")
endif()
