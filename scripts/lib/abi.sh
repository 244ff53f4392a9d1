# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# Sourced by scripts/abi-check and scripts/abi-update: both must describe the
# library with exactly the same abidw flags.

# shellcheck disable=SC2034 # used by the scripts that source this file
ACDROUTE_ABI_BASELINE=abi/libacdroute.so.1.xml

# acdr_abi_dump BUILD_DIR OUT_XML: install BUILD_DIR into BUILD_DIR/abi/prefix
# (for the public headers as a consumer sees them) and write the ABI of the
# installed libacdroute.so.1 to OUT_XML.  Types not defined in the public
# headers are dropped: opaque structs stay opaque.
acdr_abi_dump() {
  local build=$1 out=$2 prefix lib
  prefix="$build/abi/prefix"
  rm -rf "$prefix"
  cmake --install "$build" --prefix "$prefix" >/dev/null
  lib=$(find "$prefix" -name 'libacdroute.so.1' | head -n1)
  if [[ -z "$lib" ]]; then
    echo "error: no libacdroute.so.1 installed from $build" >&2
    return 1
  fi
  mkdir -p "$(dirname "$out")"
  abidw --no-corpus-path --drop-private-types \
    --headers-dir "$prefix/include/acdroute" \
    --out-file "$out" "$(readlink -f "$lib")"
}
