# SPDX-License-Identifier: MIT
# cmake -DVERSION=x.y.z -DSRC=<source dir> -P AcdrouteCheckVersion.cmake
#
# The version lives in project(VERSION) only; the copies that cannot be
# generated at build time must agree with it: the Python package's
# _version.py (used from the source tree and by setuptools), the newest
# CHANGELOG.md heading and the newest debian/changelog entry (native
# package: the version itself, or VERSION-N).
set(_bad "")
file(READ "${SRC}/bindings/python/acdroute/_version.py" _py)
if(NOT _py MATCHES "__version__ = \"${VERSION}\"")
  string(APPEND _bad "  bindings/python/acdroute/_version.py: __version__ is not \"${VERSION}\"\n")
endif()
file(STRINGS "${SRC}/CHANGELOG.md" _heads REGEX "^## [0-9]")
list(GET _heads 0 _head)
if(NOT _head MATCHES "^## ${VERSION}[ ]")
  string(APPEND _bad "  CHANGELOG.md: newest heading \"${_head}\" is not ${VERSION}\n")
endif()
if(EXISTS "${SRC}/debian/changelog")
  file(STRINGS "${SRC}/debian/changelog" _deb LIMIT_COUNT 1)
  if(NOT _deb MATCHES "^acdroute \\(${VERSION}(-[0-9]+)?\\)")
    string(APPEND _bad "  debian/changelog: newest entry \"${_deb}\" is not ${VERSION}\n")
  endif()
endif()
if(_bad)
  message(FATAL_ERROR "version copies differ from project(VERSION ${VERSION}) in CMakeLists.txt:\n${_bad}")
endif()
message(STATUS "every version copy says ${VERSION}")
