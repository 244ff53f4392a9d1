# SPDX-License-Identifier: MIT
"""The outcome strategy through the bindings: a queue selects it, learns
which agent resolves contacts, and refuses settings out of range."""

from __future__ import annotations

import pytest

import acdroute as acd
from acdroute import ActionType as T

from conftest import S, Recorder


def test_outcome_learns_the_resolving_agent(rec: Recorder) -> None:
    eng = rec.eng
    assert "outcome" in eng.strategies()
    eng.add_queue("q", strategy="outcome", params={"half_life": 86400},
                  require_disposition=True, wrapup_ms=0, ring_timeout_ms=0)
    for i, name in enumerate(["good", "poor"]):
        eng.add_agent(name)
        eng.add_member("q", name, 0, position=i)
    eng.login("good", 1 * S)
    eng.login("poor", 2 * S)
    late = []
    for i in range(120):
        t = (100 + 20 * i) * S
        rec.take()
        eng.arrive(f"c{i}", "q", t)
        offers = [a for a in rec.take() if a.type == T.OFFER]
        assert len(offers) == 1
        agent = offers[0].agent_id
        assert agent is not None
        eng.accept(f"c{i}", agent, t)
        eng.hangup(f"c{i}", t + 10 * S)
        code = "deal-closed" if agent == "good" else "follow-up-required"
        eng.dispositions.set(f"c{i}", code, t + 11 * S)
        if i >= 60:
            late.append(agent)
    assert late.count("good") >= 55


@pytest.mark.parametrize("key,value", [("half_life", 10), ("max_share", 0),
                                       ("max_wait", 4000), ("type", "colour")])
def test_outcome_refuses_bad_settings(rec: Recorder, key: str, value: object) -> None:
    with pytest.raises(acd.AcdrError) as ei:
        rec.eng.add_queue("q", strategy="outcome", params={key: value})
    assert key in str(ei.value)
