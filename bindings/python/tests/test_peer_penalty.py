# SPDX-License-Identifier: MIT
"""Per-caller penalty window from Python (issue 17): Asterisk's
QUEUE_MIN_PENALTY / QUEUE_MAX_PENALTY (app_queue.c calc_metric()).  The C
scenarios are in tests/unit/test_peer_penalty.c."""

from __future__ import annotations

from typing import List, Tuple

import pytest

import acdroute as acd
from acdroute import ActionType as T

from conftest import S, Recorder


def _offers(rec: Recorder) -> List[Tuple[str, str]]:
    return [(a.contact_id or "", a.agent_id or "") for a in rec.take() if a.type == T.OFFER]


def test_window_picks_members(rec: Recorder) -> None:
    eng = rec.eng
    eng.add_queue("q", strategy="ring-all", ring_timeout_ms=0)
    for name, pen in (("a0", 0), ("a5", 5), ("a10", 10)):
        eng.add_agent(name)
        eng.add_member("q", name, 0, penalty=pen)
        eng.login(name, 0)
    rec.take()
    eng.arrive("c1", "q", 1 * S, min_penalty=1, max_penalty=9)
    assert _offers(rec) == [("c1", "a5")]
    eng.arrive("c2", "q", 2 * S, min_penalty=6)
    assert _offers(rec) == [("c2", "a10")]
    eng.arrive("c3", "q", 3 * S, max_penalty=0)
    assert _offers(rec) == [("c3", "a0")]
    eng.check()


def test_window_checked() -> None:
    eng = acd.Engine()
    eng.add_queue("q")
    with pytest.raises(acd.AcdrError, match="min_penalty 7 above max_penalty 5"):
        eng.arrive("c", "q", 1 * S, min_penalty=7, max_penalty=5)
