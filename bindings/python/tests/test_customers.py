# SPDX-License-Identifier: MIT
"""Customer memory through the bindings: who got the contact and how long
it waited, the history, bounds, bad input, snapshot and configuration."""

from __future__ import annotations

import json

import pytest

import acdroute as acd
from acdroute import ActionType as T

from conftest import S, Recorder


def team(eng: acd.Engine, wait_for_owner: bool = False) -> None:
    eng.add_queue("q", strategy="linear", known_agent_hold_ms=30_000, wrapup_ms=0,
                  wait_for_owner=wait_for_owner)
    for i, a in enumerate(["a1", "a2", "a3"]):
        eng.add_agent(a)
        eng.add_member("q", a, 0, position=i)
        eng.login(a, 0)
    eng.customers.set_memory(100, history=5)


def offers(rec: Recorder) -> list:
    return [(a.contact_id, a.agent_id, a.time // S) for a in rec.take() if a.type == T.OFFER]


def serve(eng: acd.Engine, rec: Recorder, cid: str, cust: str, agent: str, t: int) -> None:
    """cid of customer cust is handled by agent (the others away)."""
    others = [a for a in ("a1", "a2", "a3") if a != agent]
    for a in others:
        eng.set_status(a, "away", t)
    eng.arrive(cid, "q", t, customer=cust)
    eng.accept(cid, agent, t)
    for a in others:
        eng.set_status(a, "available", t)
    eng.hangup(cid, t + 20 * S)
    rec.take()


def test_returning_customer_and_owner(rec: Recorder) -> None:
    eng = rec.eng
    team(eng)
    serve(eng, rec, "c1", "cust", "a2", 10 * S)
    # linear alone would pick a1: the customer's last agent gets it
    eng.arrive("c2", "q", 100 * S, customer="cust")
    assert offers(rec) == [("c2", "a2", 100)]
    eng.hangup("c2", 101 * S)
    # an owner who is away costs no wait: the last agent at once
    eng.customers.set_owner("cust", "a3", 102 * S)
    eng.set_status("a3", "away", 103 * S)
    rec.take()
    eng.arrive("c3", "q", 110 * S, customer="cust")
    assert offers(rec) == [("c3", "a2", 110)]
    info = eng.customers.get("cust", "q")
    assert info.owner == "a3" and info.last_agent == "a2" and info.contacts == 2
    hist = eng.customers.history("cust")
    assert [h.contact_id for h in hist] == ["c2", "c1"]
    assert hist[1].agent_id == "a2" and hist[1].end_reason is acd.EndReason.COMPLETED
    assert hist[0].end_reason is acd.EndReason.ABANDONED and hist[0].agent_id is None
    m = eng.metrics.report(120 * S)["queues"]["q"]["known_agent"]
    assert m["contacts"] == 2 and m["answered"] == 0


def test_wait_for_owner_waits_the_hold(rec: Recorder) -> None:
    eng = rec.eng
    team(eng, wait_for_owner=True)
    eng.customers.set_owner("vip", "a2", 1 * S)
    eng.set_status("a2", "away", 2 * S)
    rec.take()
    eng.arrive("c1", "q", 10 * S, customer="vip")
    assert offers(rec) == []
    eng.advance(40 * S)  # the owner's 30 s hold, then the strategy
    assert offers(rec) == [("c1", "a1", 40)]


def test_crm_hook_names_the_owner(rec: Recorder) -> None:
    eng = rec.eng
    team(eng)
    eng.customers.set_owner_lookup(lambda c: "a3" if c.startswith("vip") else None)
    eng.arrive("c1", "q", 10 * S, customer="vip-1")
    eng.arrive("c2", "q", 11 * S, customer="plain")
    assert offers(rec) == [("c1", "a3", 10), ("c2", "a1", 11)]
    assert eng.customers.get("vip-1").owner == "a3"
    eng.customers.set_owner_lookup(None)


def test_bad_input_and_bounds(rec: Recorder) -> None:
    eng = rec.eng
    team(eng)
    with pytest.raises(acd.AgentNotFound):
        eng.customers.set_owner("cust", "nobody", 1 * S)
    with pytest.raises(acd.NotFound):
        eng.customers.get("cust")
    with pytest.raises(acd.NotFound):
        eng.customers.forget("cust", 1 * S)
    with pytest.raises(acd.RangeError):
        eng.customers.set_memory(100, history=5000)
    assert eng.customers.memory().history == 5
    eng.customers.set_memory(2)
    for i, c in enumerate(["x", "y", "z"]):
        eng.customers.set_owner(c, "a1", (i + 1) * S)
    mem = eng.customers.memory()
    assert mem.customers == 2 and mem.forgotten == 1 and mem.bytes > 0
    with pytest.raises(acd.NotFound):
        eng.customers.get("x")
    eng.customers.set_memory(0)
    with pytest.raises(acd.LimitExceeded):
        eng.customers.set_owner("y", "a1", 5 * S)


def test_snapshot_and_config_keep_the_memory(rec: Recorder) -> None:
    eng = rec.eng
    team(eng, wait_for_owner=True)
    serve(eng, rec, "c1", "cust", "a2", 10 * S)
    eng.customers.set_owner("vip", "a3", 40 * S)
    doc = eng.config.snapshot()
    other = Recorder(seed=42)
    other.eng.config.restore(doc)
    for r in (rec, other):
        r.take()
        r.eng.arrive("c2", "q", 100 * S, customer="cust")
        r.eng.arrive("c3", "q", 101 * S, customer="vip")
    a, b = offers(rec), offers(other)
    assert a == b == [("c2", "a2", 100), ("c3", "a3", 101)]
    exp = other.eng.config.export()
    assert exp["customers"]["max_customers"] == 100
    assert exp["queues"][0]["wait_for_owner"] is True
    assert json.loads(doc)["customers"]["entries"][0]["id"] == "cust"
    other.eng.close()


def test_known_agent_removed_during_hold(rec: Recorder) -> None:
    """A VIP waits for his personal manager (wait_for_owner), who is on a
    break; the supervisor takes the manager out of the queue: the VIP goes
    to a free agent at that moment, after 5 s, not after the 30 s hold."""
    eng = rec.eng
    team(eng, wait_for_owner=True)
    eng.customers.set_owner("vip", "a2", 1 * S)
    eng.set_status("a2", "away", 2 * S)
    rec.take()
    eng.arrive("c1", "q", 10 * S, customer="vip")
    assert offers(rec) == []
    eng.remove_member("q", "a2", 15 * S)
    assert offers(rec) == [("c1", "a1", 15)]
    eng.accept("c1", "a1", 16 * S)
    m = eng.metrics.queue("q", 16 * S)
    assert (m.answered, m.wait_answered_ns) == (1, 6 * S)
