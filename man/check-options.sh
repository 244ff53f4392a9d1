#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# check-options.sh PROGRAM MANPAGE.in
# Every --option the program's --help names is described in its man page
# (groff escapes the dashes: \-\-option).
set -euo pipefail
prog=$1 page=$2
help=$("$prog" --help 2>&1) || true
missing=0
for opt in $(grep -oE -- '--[a-z][a-z-]*' <<<"$help" | sort -u); do
  esc=${opt//-/\\-}
  if ! grep -qF -- "$esc" "$page"; then
    echo "$page: $opt (from $(basename "$prog") --help) is not described" >&2
    missing=1
  fi
done
[[ $missing == 0 ]] && echo "$(basename "$page"): every option of --help is there"
exit $missing
