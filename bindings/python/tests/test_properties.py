# SPDX-License-Identifier: MIT
"""Property tests (Debian's python3-hypothesis) over the bindings.

- random operation sequences (logins, status changes, arrivals, accepts,
  rejects, hang-ups, holds, wrap-ups, transfers, callbacks, advances of
  time): the invariant checker passes after every operation, no call fails
  with anything but an ordinary refusal, and every contact that arrived is
  either live or ended exactly once;
- snapshot/restore equivalence: restored mid-way into a second engine, both
  engines give identical actions and results for the rest of the sequence
  and end in the same state.

Example counts are kept modest so that the file runs in a few seconds.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Tuple

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import acdroute as acd  # noqa: E402

S = acd.SECOND

CONFIG = {
    "version": 1,
    "agents": [
        {"id": "a0", "skills": {"de": 50}},
        {"id": "a1", "capacity": {"voice": 1, "chat": 2}},
        {"id": "a2", "wrapup_ms": 2000},
        {"id": "a3"},
    ],
    "queues": [
        {"id": "q0", "strategy": "round-robin", "ring_timeout_ms": 8000,
         "max_wait_ms": 60000, "overflow_kind": "queue",
         "overflow_target": "q1", "members": ["a0", "a1", "a2"]},
        {"id": "q1", "strategy": "longest-idle", "wrapup_ms": 3000,
         "max_len": 4, "members": ["a1", {"agent": "a3", "penalty": 1}]},
        {"id": "q2", "strategy": "ring-all", "ring_timeout_ms": 5000,
         "members": ["a0", "a3"]},
        {"id": "chat", "channel": "chat", "strategy": "least-busy",
         "members": ["a1", "a2"]},
    ],
}
AGENTS = [a["id"] for a in CONFIG["agents"]]
QUEUES = [q["id"] for q in CONFIG["queues"]]

# an operation: (kind, i, j, dt_ms)
OPS = st.tuples(st.integers(0, 12), st.integers(0, 63), st.integers(0, 63),
                st.integers(0, 20000))
SEQ = st.lists(OPS, min_size=1, max_size=60)

# Refusals an arbitrary sequence may meet; anything else is a bug.
ORDINARY = (acd.NotFound, acd.InvalidState, acd.DuplicateId)


class Driver:
    """An engine plus what the host knows: offers ringing, contacts."""

    def __init__(self) -> None:
        self.actions: List[str] = []
        self.offers: List[Tuple[str, str]] = []
        self.ended: Dict[str, int] = {}
        self.ncontacts = 0
        self.now = 0
        self.e = acd.Engine(self.on_action, seed=5)

    def on_action(self, a: Any) -> None:
        self.actions.append(repr(a))
        t = acd.ActionType
        if a.type == t.OFFER:
            self.offers.append((a.contact_id, a.agent_id))
        elif a.type == t.OFFER_CANCEL:
            self.offers = [o for o in self.offers
                           if o != (a.contact_id, a.agent_id)]
        elif a.type in (t.CONNECTED, t.CONTACT_ENDED):
            self.offers = [o for o in self.offers if o[0] != a.contact_id]
            if a.type == t.CONTACT_ENDED:
                self.ended[a.contact_id] = self.ended.get(a.contact_id, 0) + 1

    def copy_host_state(self, other: "Driver") -> None:
        self.offers = list(other.offers)
        self.ended = dict(other.ended)
        self.ncontacts = other.ncontacts
        self.now = other.now

    def apply(self, op: Tuple[int, int, int, int]) -> str:
        kind, i, j, dt = op
        self.now += dt * acd.MILLISECOND
        e, now = self.e, self.now
        agent = AGENTS[i % len(AGENTS)]
        cid = f"c{j % self.ncontacts}" if self.ncontacts else "c0"
        try:
            if kind == 0:
                e.login(agent, now)
            elif kind == 1:
                e.logout(agent, now)
            elif kind == 2:
                e.set_status(agent, acd.AgentStatus.AWAY if j & 1
                             else acd.AgentStatus.AVAILABLE, now)
            elif kind in (3, 4):
                q = QUEUES[j % len(QUEUES)]
                c = f"c{self.ncontacts}"
                self.ncontacts += 1
                e.arrive(c, q, now, priority=i % 3,
                         skills={"de": 40} if i & 4 else None,
                         customer=f"k{i % 5}")
            elif kind in (5, 6):
                if self.offers:
                    c, a = self.offers[i % len(self.offers)]
                    e.accept(c, a, now)
            elif kind == 7:
                if self.offers:
                    c, a = self.offers[i % len(self.offers)]
                    e.reject(c, a, now)
            elif kind == 8:
                e.hangup(cid, now)
            elif kind == 9:
                e.hold(cid, now, on=bool(i & 1))
            elif kind == 10:
                e.wrapup_done(cid, now)
            elif kind == 11:
                e.transfer(cid, now, queue_id=QUEUES[i % 3])
            elif j & 1:
                e.request_callback(cid, now)
            else:
                e.advance(now)
        except ORDINARY as err:
            return type(err).__name__
        except acd.AcdrError as err:
            # argument errors happen only for transfers/holds in states
            # that cannot take them; never fatal, never out of memory
            assert not err.fatal, err
            assert not isinstance(err, (acd.NoMemory, acd.CallbackFailure)), err
            return type(err).__name__
        return "ok"


def conservation(d: Driver) -> None:
    counts = d.e.counts()
    assert all(n == 1 for n in d.ended.values()), d.ended
    assert counts.contacts_arrived == d.ncontacts
    assert counts.contacts_ended == len(d.ended)
    assert counts.contacts_live + len(d.ended) == d.ncontacts


def new_driver() -> Driver:
    d = Driver()
    d.e.apply_config(json.dumps(CONFIG), 0)
    return d


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(SEQ)
def test_random_sequences_keep_invariants(ops: List[Tuple[int, int, int, int]]) -> None:
    d = new_driver()
    for op in ops:
        d.apply(op)
        d.e.check()
    # let every deadline pass, then count
    d.now += 3600 * S
    d.e.advance(d.now)
    d.e.check()
    conservation(d)


def strip_now(doc: str) -> Dict[str, Any]:
    o = json.loads(doc)
    o.pop("now", None)
    return o


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(SEQ, st.integers(0, 60))
def test_snapshot_restore_equivalence(ops: List[Tuple[int, int, int, int]],
                                      cut: int) -> None:
    cut = min(cut, len(ops))
    a = new_driver()
    for op in ops[:cut]:
        a.apply(op)
    b = Driver()
    b.e.restore(a.e.snapshot())
    b.copy_host_state(a)
    b.e.check()
    assert strip_now(b.e.snapshot()) == strip_now(a.e.snapshot())
    a.actions.clear()
    for op in ops[cut:]:
        ra, rb = a.apply(op), b.apply(op)
        assert ra == rb
        assert a.actions == b.actions
        a.e.check()
        b.e.check()
    assert strip_now(a.e.snapshot()) == strip_now(b.e.snapshot())
    conservation(a)
    conservation(b)
