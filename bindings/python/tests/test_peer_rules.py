# SPDX-License-Identifier: MIT
"""Queue rules, QUEUE_RAISE_PENALTY, penaltymemberslimit and
autopauseunavail from Python (issue 17): app_queue.c update_qe_rule(),
calc_metric(), wait_for_answer().  The C scenarios are in
tests/unit/test_peer_rules.c."""

from __future__ import annotations

from typing import List, Tuple

import pytest

import acdroute as acd
from acdroute import ActionType as T

from conftest import S, Recorder


def _offers(rec: Recorder) -> List[Tuple[str, str]]:
    return [(a.contact_id or "", a.agent_id or "") for a in rec.take() if a.type == T.OFFER]


def test_penaltychange_widens_the_window(rec: Recorder) -> None:
    # queuerules.conf.sample [myrule]: "penaltychange => 30,+3"
    eng = rec.eng
    eng.add_queue("q", strategy="ringall", profile="asterisk", ring_timeout_ms=0,
                  rules={"myrule": ["30,+3", "60,10,5"]}, default_rule="myrule")
    eng.add_agent("a5")
    eng.add_member("q", "a5", 0, penalty=5)
    eng.login("a5", 0)
    rec.take()
    eng.arrive("c1", "q", 1 * S, max_penalty=2, min_penalty=0)
    eng.arrive("c2", "q", 2 * S, max_penalty=2, min_penalty=0, rule="")
    assert _offers(rec) == []
    assert eng.get_expiry() == 31 * S
    eng.advance(31 * S)
    assert _offers(rec) == [("c1", "a5")]
    eng.check()


def test_raise_penalty_and_limit(rec: Recorder) -> None:
    eng = rec.eng
    eng.add_queue("q", strategy="ringall", profile="asterisk", ring_timeout_ms=0)
    for name, pen in (("a0", 0), ("a3", 3)):
        eng.add_agent(name)
        eng.add_member("q", name, 0, penalty=pen)
        eng.login(name, 0)
    rec.take()
    eng.arrive("c1", "q", 1 * S, raise_penalty=3)
    assert _offers(rec) == [("c1", "a0"), ("c1", "a3")]
    eng.hangup("c1", 2 * S)
    rec.take()
    eng.update_queue("q", 3 * S, penalty_members_limit=2)
    rec.take()
    eng.arrive("c2", "q", 4 * S, max_penalty=0)
    assert _offers(rec) == [("c2", "a0"), ("c2", "a3")]
    eng.check()


def test_unavailable_counts_with_missed_unavail(rec: Recorder) -> None:
    eng = rec.eng
    eng.add_queue("q", strategy="ringall", profile="asterisk", ring_timeout_ms=0,
                  max_missed=1, missed_unavail=True)
    eng.add_agent("a1")
    eng.add_member("q", "a1", 0)
    eng.login("a1", 0)
    eng.arrive("c", "q", 1 * S)
    rec.take()
    eng.reject("c", "a1", 2 * S, how="unavailable")
    assert eng.agent_info("a1").status == acd.AgentStatus.AWAY
    eng.check()


def test_rules_checked() -> None:
    eng = acd.Engine()
    with pytest.raises(ValueError, match="not \"T,max"):
        eng.add_queue("q", rules={"r": ["30"]})
    with pytest.raises(acd.AcdrError, match="default_rule \"x\""):
        eng.add_queue("q", rules={"r": ["30,1"]}, default_rule="x")
    eng.add_queue("q", rules={"r": ["30,1"]})
    with pytest.raises(acd.AcdrError, match="no rule \"s\""):
        eng.arrive("c", "q", 1 * S, rule="s")


def test_wrapup_scope_queue(rec: Recorder) -> None:
    # app_queue is_member_available(): wrapuptime per queue
    eng = rec.eng
    eng.add_agent("a1")
    eng.add_queue("q1", strategy="ringall", profile="asterisk", ring_timeout_ms=0,
                  wrapup_ms=10_000, wrapup_scope="queue")
    eng.add_queue("q2", strategy="ringall", profile="asterisk", ring_timeout_ms=0,
                  wrapup_scope="queue")
    eng.add_member("q1", "a1", 0)
    eng.add_member("q2", "a1", 0)
    eng.login("a1", 0)
    eng.arrive("c1", "q1", 1 * S)
    eng.accept("c1", "a1", 1 * S)
    eng.hangup("c1", 2 * S)
    rec.take()
    eng.arrive("c2", "q2", 3 * S)
    assert _offers(rec) == [("c2", "a1")]
    eng.hangup("c2", 4 * S)
    rec.take()
    eng.arrive("c3", "q1", 5 * S)
    assert _offers(rec) == []
    eng.advance(12 * S)
    assert _offers(rec) == [("c3", "a1")]
    q = next(x for x in eng.config.export()["queues"] if x["id"] == "q1")
    assert q["wrapup_scope"] == "queue"
    with pytest.raises(ValueError, match="wrapup_scope"):
        eng.update_queue("q1", 13 * S, wrapup_scope="member")
    eng.check()
