# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Sourced by scripts/test, scripts/run-sim and the abi scripts.
#
# acdr_build DIR [CMAKE-ARGS...]: configure (when needed) and build DIR from
# the repository root.  Output goes to stderr so that a program run afterwards
# owns stdout.

ACDROUTE_JOBS=${ACDROUTE_JOBS:-$(nproc 2>/dev/null || echo 2)}

acdr_build() {
  local dir=$1
  shift
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >&2
  cmake --build "$dir" --parallel "$ACDROUTE_JOBS" >&2
}
