# SPDX-License-Identifier: MIT
"""acdroute.Clock: integer nanoseconds from 0, so a host never passes a
float (time.time()) as ``now``; floats are refused with TypeError."""

from __future__ import annotations

import time
from typing import List

import pytest

import acdroute as acd


def test_clock_counts_int_nanoseconds_from_its_creation() -> None:
    ticks = [5_000_000_000, 5_000_000_000, 5_250_000_000, 7_000_000_000]
    clock = acd.Clock(source=lambda: ticks.pop(0))
    assert clock.origin == 5_000_000_000
    assert clock() == 0
    assert clock.now() == 250 * acd.MILLISECOND
    assert clock() == 2 * acd.SECOND


def test_default_source_is_monotonic_ints() -> None:
    clock = acd.Clock()
    a = clock()
    b = clock()
    assert type(a) is int and type(b) is int and 0 <= a <= b < 60 * acd.SECOND


def test_engine_routes_on_clock_times() -> None:
    now = [1_000]
    clock = acd.Clock(source=lambda: now[0])
    actions: List[acd.Action] = []
    with acd.Engine(on_action=actions.append) as eng:
        eng.add_queue("sales", ring_timeout_ms=15_000)
        eng.add_agent("alice")
        eng.add_member("sales", "alice", now=clock())
        eng.login("alice", clock())
        now[0] += acd.Clock.seconds(2)
        eng.arrive("c1", "sales", clock())
    offer = [a for a in actions if a.type == acd.ActionType.OFFER]
    assert len(offer) == 1 and offer[0].time == 2 * acd.SECOND




def test_floats_are_refused() -> None:
    with acd.Engine() as eng:
        eng.add_agent("alice")
        with pytest.raises(TypeError, match="int"):
            eng.login("alice", time.time())  # type: ignore[arg-type]
    bad = acd.Clock(source=lambda: 0)
    bad._source = time.time  # type: ignore[assignment]
    with pytest.raises(TypeError, match="int nanoseconds"):
        bad()
    with pytest.raises(TypeError):
        acd.Clock(source=time.time)  # type: ignore[arg-type]


def test_conversions_round_to_nanoseconds() -> None:
    assert acd.Clock.seconds(1.5) == 1_500_000_000
    assert acd.Clock.ms(250) == 250_000_000
    assert type(acd.Clock.seconds(0.1)) is int
