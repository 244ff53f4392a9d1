# SPDX-License-Identifier: MIT
# Language standard, warnings and sanitizers.
#
# These are directory-wide on purpose: everything built in this tree (library,
# tests, examples, bench, header tests) uses the same rules, including targets
# declared in examples/<dir>/CMakeLists.txt and bench/CMakeLists.txt.

set(CMAKE_C_STANDARD 11)
set(CMAKE_C_STANDARD_REQUIRED ON)
set(CMAKE_C_EXTENSIONS OFF)

# ISO C11 plus POSIX.1-2008 declarations (strnlen, strdup, ...), which
# -std=c11 hides.  tests/headers/ drops this again: public headers must be
# plain C11.
if(UNIX)
  add_compile_definitions(_POSIX_C_SOURCE=200809L)
endif()

if(CMAKE_C_COMPILER_ID MATCHES "GNU|Clang")
  add_compile_options(
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion
    "$<$<COMPILE_LANGUAGE:C>:-Wstrict-prototypes>")
  if(ACDROUTE_WERROR)
    add_compile_options(-Werror)
  endif()

  if(ACDROUTE_SANITIZE)
    set(ACDROUTE_SANITIZE_FLAGS
      -fsanitize=address,undefined
      -fno-omit-frame-pointer
      -fno-sanitize-recover=all)
    add_compile_options(${ACDROUTE_SANITIZE_FLAGS})
    add_link_options(${ACDROUTE_SANITIZE_FLAGS})
  endif()
elseif(ACDROUTE_SANITIZE)
  message(FATAL_ERROR "ACDROUTE_SANITIZE needs GCC or Clang")
endif()
