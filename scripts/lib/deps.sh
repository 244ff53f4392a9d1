# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Sourced by scripts/test, scripts/fuzz, scripts/run-sim and the abi scripts.
#
# acdr_ensure_packages PKG...: install the Debian packages that are missing
# (apt-get update first, only when something is missing).  Needs root or sudo.

# shellcheck disable=SC2034 # used by the scripts that source this file
ACDROUTE_BUILD_PACKAGES=(build-essential cmake pkg-config libcmocka-dev
  libjson-c-dev libevent-dev libnats-dev) # libevent, libnats: tools/acdroute-server
# shellcheck disable=SC2034
ACDROUTE_FUZZ_PACKAGES=(clang libclang-rt-14-dev) # libFuzzer, ASan, UBSan
# shellcheck disable=SC2034
ACDROUTE_TEST_PACKAGES=("${ACDROUTE_BUILD_PACKAGES[@]}" abigail-tools
  python3-pytest python3-hypothesis valgrind libsqlite3-dev librsvg2-bin
  python3-prometheus-client chromium # tests/server (wallboard in headless chromium)
  nats-server # tests/server/ha_*_test.py (JetStream)
  "${ACDROUTE_FUZZ_PACKAGES[@]}")

acdr_log() {
  printf '==> %s\n' "$*" >&2
}

acdr_is_installed() {
  dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed'
}

acdr_ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    acdr_is_installed "$pkg" || missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then
    return 0
  fi

  local sudo=()
  if ((EUID != 0)); then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "error: missing Debian packages: ${missing[*]}" >&2
      echo "       not root and no sudo: install them, then run this again." >&2
      return 1
    fi
  fi
  acdr_log "installing Debian packages: ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
}
