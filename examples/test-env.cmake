# SPDX-License-Identifier: MIT
# The environment of the examples' tests (included by
# examples/*/CMakeLists.txt): sanitizer options in an ACDROUTE_SANITIZE build.
set(ACDROUTE_EXAMPLE_TEST_ENV "")
if(ACDROUTE_SANITIZE)
  set(ACDROUTE_EXAMPLE_TEST_ENV
      "ASAN_OPTIONS=detect_leaks=1:abort_on_error=0"
      "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1")
endif()
