# SPDX-License-Identifier: MIT
"""Shared fixtures.  The library comes from ACDROUTE_LIBRARY (set by ctest);
when unset, a build directory of the source tree is tried."""

from __future__ import annotations

import glob
import os
import sys
from pathlib import Path
from typing import Callable, List

import pytest

_HERE = Path(__file__).resolve().parent
_PKG = _HERE.parent
_ROOT = _PKG.parent.parent

if str(_PKG) not in sys.path:
    sys.path.insert(0, str(_PKG))

if not os.environ.get("ACDROUTE_LIBRARY"):
    # build/ first: a sanitizer build (build-asan/) sorts before it but
    # cannot be loaded without its runtime preloaded (the process exits)
    for cand in sorted(glob.glob(str(_ROOT / "build*" / "libacdroute.so")),
                       key=lambda p: ("asan" in p, p)):
        os.environ["ACDROUTE_LIBRARY"] = cand
        break

import acdroute as acd  # noqa: E402

S = acd.SECOND
MS = acd.MILLISECOND


class Recorder:
    """An engine plus the actions it emitted; checks invariants on demand."""

    def __init__(self, **options: object) -> None:
        self.actions: List[acd.Action] = []
        self.hooks: List[Callable[[acd.Action], None]] = []
        self.eng = acd.Engine(on_action=self._on_action, **options)  # type: ignore[arg-type]

    def _on_action(self, a: acd.Action) -> None:
        self.actions.append(a)
        for h in list(self.hooks):
            h(a)

    def take(self) -> List[acd.Action]:
        out, self.actions = self.actions, []
        return out

    def of(self, t: acd.ActionType) -> List[acd.Action]:
        return [a for a in self.actions if a.type == t]


@pytest.fixture
def rec():
    r = Recorder(seed=42)
    yield r
    if not r.eng.closed:
        r.eng.check()
        r.eng.close()


def need(fn_name: str) -> None:
    """Skip when the loaded library lacks an optional function (a module
    that has not landed yet)."""
    if not acd.lib().has(fn_name):
        pytest.skip(f"{fn_name} not in this libacdroute build")
