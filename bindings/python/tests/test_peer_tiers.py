# SPDX-License-Identifier: MIT
"""Tier rules and ring groups from Python (issue 17): ring-all across
tiers, members added to a ringing group, mod_callcenter's level-numbered
tier waits.  The C scenarios are in tests/unit/test_peer_tiers.c."""

from __future__ import annotations

from typing import List, Tuple

import acdroute as acd
from acdroute import ActionType as T

from conftest import S, Recorder


def _offers(rec: Recorder) -> List[Tuple[str, str]]:
    return [(a.contact_id or "", a.agent_id or "") for a in rec.take() if a.type == T.OFFER]


def test_ring_all_every_tier_and_late_members(rec: Recorder) -> None:
    eng = rec.eng
    eng.add_queue("q", strategy="ring-all", ring_timeout_ms=0,
                  ring_all_tiers=True, ring_add_late=True)
    for name, level in (("a1", 1), ("b1", 2), ("b2", 2)):
        eng.add_agent(name)
        eng.add_member("q", name, 0, penalty=level)
    eng.login("a1", 0)
    eng.login("b1", 0)
    rec.take()
    eng.arrive("c1", "q", 1 * S)
    assert _offers(rec) == [("c1", "a1"), ("c1", "b1")]
    eng.login("b2", 2 * S)  # joins the group that is ringing
    assert _offers(rec) == [("c1", "b2")]
    eng.check()


def test_level_numbered_waits(rec: Recorder) -> None:
    # levels 1 and 3, level 1 on a break: level 3 opens after 3 x 10 s
    eng = rec.eng
    eng.add_queue("q", ring_timeout_ms=0, tier_wait_ms=10_000, tier_by_level=True,
                  tier_no_agent_no_wait=True)
    for name, level in (("l1", 1), ("l3", 3)):
        eng.add_agent(name)
        eng.add_member("q", name, 0, penalty=level)
        eng.login(name, 0)
    eng.set_status("l1", acd.AgentStatus.AWAY, 0)
    rec.take()
    eng.arrive("c1", "q", 100 * S)
    eng.advance(130 * S - 1)
    assert _offers(rec) == []
    eng.advance(130 * S)
    assert _offers(rec) == [("c1", "l3")]
    # multiply off: every level above the first after 10 s; only it changes
    eng.update_queue("q", 130 * S, tier_wait_multiply=False)
    q = eng.config.export()["queues"][0]
    assert q["tier_wait_multiply"] is False and q["tier_by_level"] is True
    eng.check()
