# SPDX-License-Identifier: MIT
"""The caller's place in line from Python (issue 17): time base, head
start, original arrival, positions counting a ringing caller ahead."""

from __future__ import annotations

import pytest

import acdroute as acd

from conftest import S


def test_system_time_base_keeps_the_place_after_a_transfer() -> None:
    eng = acd.Engine()
    eng.add_queue("q1")
    eng.add_queue("q2", time_base="system")
    eng.arrive("early", "q1", 100 * S)
    eng.arrive("late", "q2", 110 * S)
    eng.transfer("early", 120 * S, queue_id="q2")
    assert eng.contact_info("early").position == 1
    assert eng.contact_info("late").position == 2


def test_head_start_and_original_arrival() -> None:
    eng = acd.Engine()
    eng.add_queue("q", time_base=acd.TimeBase.SYSTEM)
    eng.arrive("c1", "q", 100 * S)
    eng.arrive("vip", "q", 110 * S, head_start_ms=30_000)
    eng.arrive("back", "q", 111 * S, original_arrival=50 * S)
    assert [eng.contact_info(c).position for c in ("back", "vip", "c1")] == [1, 2, 3]
    assert eng.contact_info("back").arrival == 50 * S


def test_position_counts_ringing_caller_ahead() -> None:
    eng = acd.Engine()
    eng.add_queue("q", position_counts_ringing=True, ring_timeout_ms=0)
    eng.add_agent("a")
    eng.add_member("q", "a", 0)
    eng.login("a", 0)
    eng.arrive("c1", "q", 1 * S)  # rings a
    eng.arrive("c2", "q", 2 * S)
    assert eng.contact_info("c2").position == 2
    eng.update_queue("q", 3 * S, position_counts_ringing=False)
    assert eng.contact_info("c2").position == 1


def test_profile_then_explicit_settings() -> None:
    eng = acd.Engine()
    eng.add_queue("q", profile="asterisk", ring_timeout_ms=5_000)
    q = next(x for x in eng.config.export()["queues"] if x["id"] == "q")
    assert (q["profile"], q["strategy"], q["ring_timeout_ms"], q["max_missed"]) == (
        "asterisk", "ringall", 5_000, 0)
    assert q["position_counts_ringing"] is True
    # an update keeps the profile and what was set
    eng.update_queue("q", 0, weight=3)
    q = next(x for x in eng.config.export()["queues"] if x["id"] == "q")
    assert (q["profile"], q["ring_timeout_ms"], q["weight"]) == ("asterisk", 5_000, 3)


def test_unknown_profile() -> None:
    eng = acd.Engine()
    with pytest.raises(ValueError, match="unknown profile 'asterix'"):
        eng.add_queue("q", profile="asterix")


def test_abandoned_resume() -> None:
    eng = acd.Engine()
    eng.add_queue("q", abandoned_resume_ms=60_000)
    eng.arrive("c1", "q", 100 * S, customer="cust-1")
    eng.arrive("c2", "q", 110 * S)
    eng.hangup("c1", 130 * S)
    eng.arrive("c1b", "q", 150 * S, customer="cust-1")
    assert eng.contact_info("c1b").position == 1
