# SPDX-License-Identifier: MIT
"""The package version.  The one source is ``project(acdroute VERSION ...)``
in the top-level CMakeLists.txt: CMake writes this file into what it installs
and scripts/build-wheel into the wheel; the ctest ``version_single_source``
fails when this copy in the source tree differs."""

__version__ = "1.1.0"
