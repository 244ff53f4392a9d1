#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# run.sh BUILD_DIR [WORK_DIR]
#
# Installs BUILD_DIR into a fresh prefix, then builds tests/install/consumer.c
# as an outside project would: once with pkg-config, once with CMake's
# find_package (shared and static), and runs each against the installed
# library only.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: run.sh BUILD_DIR [WORK_DIR]}" && pwd)
work=${2:-}
if [[ -z "$work" ]]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
rm -rf "$work"
mkdir -p "$work"
prefix="$work/prefix"

echo "--- install $build into $prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log" ||
  { cat "$work/install.log"; exit 1; }

# lib/ or lib/x86_64-linux-gnu/ (GNUInstallDirs picks per prefix and distro).
libdir=$(find "$prefix" -name 'libacdroute.so' -printf '%h\n' | head -n1)
if [[ -z "$libdir" ]]; then
  echo "run.sh: no libacdroute.so under $prefix" >&2
  exit 1
fi
for f in "$prefix/share/man/man1/acdroute-sim.1" "$prefix/share/man/man1/acdroute-drive.1" \
         "$libdir/libacdroute.a" "$libdir/pkgconfig/acdroute.pc" \
         "$libdir/cmake/acdroute/acdrouteConfig.cmake" \
         "$libdir/cmake/acdroute/acdrouteConfigVersion.cmake" \
         "$prefix/include/acdroute/acdroute.h" \
         "$prefix/include/acdroute/version.h"; do
  [[ -e "$f" ]] || { echo "run.sh: missing $f" >&2; exit 1; }
done

# The program must run against the installed copy, not the build tree.
check_uses_installed() {
  local exe=$1 resolved
  resolved=$(LD_LIBRARY_PATH="$libdir" ldd "$exe" | awk '/libacdroute\.so/ { print $3 }')
  case "$resolved" in
    "$libdir"/*) ;;
    *) echo "run.sh: $exe loads libacdroute from '$resolved', not $libdir" >&2
       exit 1 ;;
  esac
}

echo "--- pkg-config consumer"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
pc_flags=$(pkg-config --cflags --libs acdroute)
echo "pkg-config --cflags --libs acdroute: $pc_flags"
# shellcheck disable=SC2086 # word splitting of the flags is intended
${CC:-cc} -std=c11 -Wall -Wextra -Wpedantic -Werror \
  -o "$work/consumer-pc" "$here/consumer.c" $pc_flags
check_uses_installed "$work/consumer-pc"
LD_LIBRARY_PATH="$libdir" "$work/consumer-pc"

echo "--- CMake find_package consumer"
unset PKG_CONFIG_PATH
cmake -S "$here" -B "$work/consumer-build" \
  -DCMAKE_PREFIX_PATH="$prefix" \
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF \
  -DCMAKE_BUILD_TYPE=Release >"$work/consumer-configure.log" ||
  { cat "$work/consumer-configure.log"; exit 1; }
if ! grep -q "acdroute .* from $prefix/" "$work/consumer-configure.log"; then
  echo "run.sh: find_package(acdroute) did not pick the package in $prefix:" >&2
  cat "$work/consumer-configure.log" >&2
  exit 1
fi
cmake --build "$work/consumer-build" >"$work/consumer-build.log" ||
  { cat "$work/consumer-build.log"; exit 1; }
check_uses_installed "$work/consumer-build/consumer"
LD_LIBRARY_PATH="$libdir" "$work/consumer-build/consumer"
if ldd "$work/consumer-build/consumer_static" | grep -q libacdroute; then
  echo "run.sh: consumer_static is linked to the shared library" >&2
  exit 1
fi
"$work/consumer-build/consumer_static"

echo "--- pkg-config with no json-c.pc in sight (a shared-only user)"
# PKG_CONFIG_LIBDIR replaces the system search path: json-c.pc is not found.
PKG_CONFIG_LIBDIR="$libdir/pkgconfig" pkg-config --cflags --libs acdroute

echo "--- licence installed"
[[ -f "$prefix/share/doc/acdroute/LICENSE" ]] ||
  { echo "run.sh: no LICENSE in $prefix/share/doc/acdroute" >&2; exit 1; }

pydir=$(find "$prefix" -path '*/dist-packages/acdroute' -type d | head -n1)
if [[ -n "$pydir" && -x /usr/bin/python3 ]]; then
  echo "--- Python package: imports with no ACDROUTE_LIBRARY, no ldconfig"
  (cd "$work" && env -u ACDROUTE_LIBRARY -u LD_LIBRARY_PATH \
     PYTHONPATH="$(dirname "$pydir")" /usr/bin/python3 -c '
import sys, acdroute
path = acdroute.lib().path
print("acdroute", acdroute.__version__, "from", path)
assert path.startswith(sys.argv[1]), (path, sys.argv[1])
assert acdroute.__version__ == acdroute.version(), acdroute.version()
' "$libdir/")
fi

echo "install test: OK"
