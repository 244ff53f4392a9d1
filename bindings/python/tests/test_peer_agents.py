# SPDX-License-Identifier: MIT
"""Per-agent miss settings and the peers' idle / count rules from Python
(issue 17): add_agent's FreeSWITCH agent params and the strategy settings
``idle`` / ``counts`` (passed through ``params``)."""

from __future__ import annotations

from typing import Any

import pytest

import acdroute as acd

from conftest import S


def _agent(eng: acd.Engine, aid: str) -> Any:
    return next(x for x in eng.config.export()["agents"] if x["id"] == aid)


def test_miss_settings_exported_and_kept() -> None:
    eng = acd.Engine()
    eng.add_agent("a", reject_delay_ms=2_000, max_missed=1, missed_status="logged_out",
                  on_demand=True)
    a = _agent(eng, "a")
    assert (a["reject_delay_ms"], a["max_missed"], a["missed_status"], a["on_demand"]) == (
        2_000, 1, "logged_out", True)
    assert "busy_delay_ms" not in a  # -1: the queue's, not written
    eng.update_agent("a", busy_delay_ms=500)
    a = _agent(eng, "a")
    assert (a["reject_delay_ms"], a["busy_delay_ms"], a["on_demand"]) == (2_000, 500, True)
    eng.update_agent("a", max_missed=-1, on_demand=False)
    a = _agent(eng, "a")
    assert "max_missed" not in a and "on_demand" not in a
    with pytest.raises(ValueError):
        eng.add_agent("b", missed_status="break")
    with pytest.raises(acd.AcdrError) as ei:
        eng.add_agent("b", missed_status="available")
    assert ei.value.code == acd.ErrorCode.RANGE


def test_on_demand_goes_away_after_a_contact(rec: Any) -> None:
    eng = rec.eng
    eng.add_queue("q", ring_timeout_ms=0)
    eng.add_agent("a", on_demand=True)
    eng.add_member("q", "a", 0)
    eng.login("a", 0)
    eng.arrive("c1", "q", 1 * S)
    eng.accept("c1", "a", 2 * S)
    eng.hangup("c1", 3 * S)
    info = eng.agent_info("a")
    assert info.status == acd.AgentStatus.AWAY and info.away_reason == "on-demand"
    eng.arrive("c2", "q", 4 * S)
    rec.take()
    eng.set_status("a", "available", 5 * S)
    assert [x.contact_id for x in rec.of(acd.ActionType.OFFER)] == ["c2"]


def test_idle_setting_through_params(rec: Any) -> None:
    """longest-idle with idle=offered: the agent whose offer was abandoned
    goes to the back (mod_callcenter last_offered_call)."""
    eng = rec.eng
    eng.add_queue("q", strategy="longest-idle", params={"idle": "offered"}, ring_timeout_ms=0)
    for a in ("a1", "a2"):
        eng.add_agent(a)
        eng.add_member("q", a, 0)
    eng.login("a1", 0)
    eng.login("a2", 1 * S)
    eng.arrive("c1", "q", 2 * S)
    eng.hangup("c1", 3 * S)
    rec.take()
    eng.arrive("c2", "q", 4 * S)
    assert [x.agent_id for x in rec.of(acd.ActionType.OFFER)] == ["a2"]
    with pytest.raises(acd.AcdrError) as ei:
        eng.add_queue("bad", strategy="longest-idle", params={"idle": "never"})
    assert ei.value.code == acd.ErrorCode.STRATEGY


def test_member_settings(rec: Any) -> None:
    """set_member changes only what is passed; paused in one queue only."""
    eng = rec.eng
    eng.add_queue("q1", ring_timeout_ms=0)
    eng.add_queue("q2", ring_timeout_ms=0)
    eng.add_agent("a")
    eng.add_member("q1", "a", 0)
    eng.add_member("q2", "a", 0)
    eng.login("a", 0)
    eng.set_member("q1", "a", 1 * S, paused=True, wrapup_ms=2_000)
    eng.set_member("q1", "a", 1 * S, weight=5)
    m = eng.member("q1", "a")
    assert (m.weight, m.paused, m.wrapup_ms) == (5, 1, 2_000)
    assert eng.member("q2", "a").paused == 0
    q1 = next(x for x in eng.config.export()["queues"] if x["id"] == "q1")
    assert q1["members"][0]["paused"] is True
    rec.take()
    eng.arrive("c1", "q1", 2 * S)
    eng.arrive("c2", "q2", 3 * S)
    assert [x.contact_id for x in rec.of(acd.ActionType.OFFER)] == ["c2"]
    with pytest.raises(acd.AcdrError) as ei:
        eng.set_member("q1", "a", 4 * S, weight=-1)
    assert ei.value.code == acd.ErrorCode.RANGE
