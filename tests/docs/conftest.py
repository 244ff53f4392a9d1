# SPDX-License-Identifier: MIT
"""The docs tests use the Python bindings of this tree and a build's
library: ACDROUTE_LIBRARY and ACDROUTE_BUILD_DIR (set by ctest docs_blocks),
else build/ of the tree."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
_PKG = _ROOT / "bindings" / "python"
if str(_PKG) not in sys.path:
    sys.path.insert(0, str(_PKG))
_BUILD = Path(os.environ.get("ACDROUTE_BUILD_DIR") or _ROOT / "build")
os.environ.setdefault("ACDROUTE_LIBRARY", str(_BUILD / "libacdroute.so"))
