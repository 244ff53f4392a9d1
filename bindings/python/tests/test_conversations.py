# SPDX-License-Identifier: MIT
"""Conversations through the bindings: a waiting contact's priority
changed (asterisk #202, QUEUE_PRIO while waiting)."""

from __future__ import annotations

import pytest

import acdroute as acd

from conftest import S, Recorder, need


def line_of_four(eng: acd.Engine) -> None:
    eng.add_queue("q")
    eng.add_agent("a1")
    eng.add_member("q", "a1", 0)
    for i, c in enumerate(("c1", "c2", "c3")):
        eng.arrive(c, "q", (i + 1) * S)
    eng.arrive("c4", "q", 4 * S, priority=5)


def test_priority_change_keeps_original_wait(rec: Recorder) -> None:
    need("acdr_contact_set_priority")
    eng = rec.eng
    line_of_four(eng)
    eng.set_priority("c3", 5, 10 * S)
    assert [eng.contact_info(c).position for c in ("c3", "c4", "c1", "c2")] == [1, 2, 3, 4]
    assert eng.contact_info("c3").priority == 5
    rec.take()
    eng.login("a1", 20 * S)
    offers = [a.contact_id for a in rec.take() if a.type is acd.ActionType.OFFER]
    assert offers == ["c3"]


def test_priority_refusals_change_nothing(rec: Recorder) -> None:
    need("acdr_contact_set_priority")
    eng = rec.eng
    line_of_four(eng)
    before = eng.config.snapshot()
    with pytest.raises(acd.ContactNotFound):
        eng.set_priority("nope", 1, 10 * S)
    with pytest.raises(acd.RangeError, match="priority 2000000"):
        eng.set_priority("c1", 2_000_000, 10 * S)
    with pytest.raises(acd.OutOfRange):
        eng.set_priority("c1", 2**31, 10 * S)
    with pytest.raises(acd.TimeBackwards):
        eng.set_priority("c1", 1, 1 * S)
    assert eng.config.snapshot() == before


def test_priority_change_is_an_event_line() -> None:
    need("acdr_contact_set_priority")
    r = Recorder(record_events=True)
    line_of_four(r.eng)
    r.eng.set_priority("c2", 9, 10 * S)
    lines = r.eng.config.take_event_log()
    assert lines[-1] == ('{"t_ms": 10000, "ev": "set_priority", "contact": "c2", '
                         '"priority": 9}')
    b = Recorder()
    for ln in lines:
        b.eng.config.apply_event(ln)
    assert b.eng.contact_info("c2").position == 1
    r.eng.close()
    b.eng.close()


def chat_center(eng: acd.Engine, overdue: str) -> None:
    eng.add_queue("chat", strategy="linear", channel="chat", ring_timeout_ms=0,
                  reply_deadline_ms=30_000, reply_overdue=overdue, reply_target_ms=20_000)
    for i, a in enumerate(("a1", "a2")):
        eng.add_agent(a, capacity={acd.Channel.CHAT: 2})
        eng.add_member("chat", a, 0, position=i)
        eng.login(a, 0)
    eng.arrive("c1", "chat", 1 * S)
    eng.accept("c1", "a1", 2 * S)


def test_overdue_reply_reassigns(rec: Recorder) -> None:
    need("acdr_contact_first_reply")
    eng = rec.eng
    chat_center(eng, "reassign")
    rec.take()
    eng.advance(32 * S)
    acts = [(a.type, a.contact_id, a.agent_id) for a in rec.take()
            if a.type in (acd.ActionType.REPLY_OVERDUE, acd.ActionType.OFFER)]
    assert acts == [(acd.ActionType.REPLY_OVERDUE, "c1", "a1"),
                    (acd.ActionType.OFFER, "c1", "a2")]
    eng.accept("c1", "a2", 33 * S)
    eng.first_reply("c1", "a2", 35 * S)
    m2 = eng.metrics.agent("a2", 35 * S)
    assert (m2.replied, m2.first_reply_ns, m2.frt_ms) == (1, 34 * S, 34000.0)
    m1 = eng.metrics.agent("a1", 35 * S)
    assert (m1.replied, m1.reply_overdue, m1.frt_ms) == (0, 1, None)
    q = eng.metrics.queue("chat", 35 * S)
    assert (q.replied, q.replied_in_target, q.frt_in_target) == (1, 0, 0.0)


def test_overdue_reply_alerts(rec: Recorder) -> None:
    need("acdr_contact_first_reply")
    eng = rec.eng
    chat_center(eng, "alert")
    rec.take()
    eng.advance(40 * S)
    over = [a for a in rec.take() if a.type is acd.ActionType.REPLY_OVERDUE]
    assert len(over) == 1 and over[0].reason is acd.ReplyOverdue.ALERT
    assert over[0].value_ms == 30_000
    assert eng.contact_info("c1").agent_id == "a1"
    with pytest.raises(acd.NotOffered):
        eng.first_reply("c1", "a2", 41 * S)
    eng.first_reply("c1", "a1", 41 * S)
    with pytest.raises(acd.InvalidState, match="already"):
        eng.first_reply("c1", "a1", 42 * S)
    assert eng.config.export()["queues"][0]["reply_overdue"] == "alert"


def test_inbox_and_assignment_past_capacity(rec: Recorder) -> None:
    need("acdr_contact_assign")
    eng = rec.eng
    eng.add_queue("inbox", channel="chat", inbox=True)
    eng.add_agent("a1", capacity={acd.Channel.CHAT: 1})
    eng.add_member("inbox", "a1", 0)
    eng.login("a1", 0)
    eng.arrive("c1", "inbox", 1 * S)
    eng.arrive("c2", "inbox", 2 * S)
    eng.advance(60 * S)
    assert not [a for a in rec.take() if a.type is acd.ActionType.OFFER]
    eng.assign("c2", "a1", 61 * S)
    with pytest.raises(acd.AcdrError, match="at capacity") as ei:
        eng.assign("c1", "a1", 62 * S)
    assert ei.value.code == acd.ErrorCode.LIMIT
    eng.assign("c1", "a1", 63 * S, over_capacity=True)
    connected = [a.contact_id for a in rec.take() if a.type is acd.ActionType.CONNECTED]
    assert connected == ["c2", "c1"]
    assert eng.agent_info("a1").load[acd.Channel.CHAT] == 2
    assert eng.config.export()["queues"][0]["inbox"] is True


def skilled_inbox(eng: acd.Engine) -> None:
    """Inbox chat queue; a1 speaks german at 40, a2 at 80, a3 none."""
    eng.add_queue("inbox", channel="chat", inbox=True)
    for a, sk in (("a1", {"german": 40}), ("a2", {"german": 80}), ("a3", None)):
        eng.add_agent(a, capacity={acd.Channel.CHAT: 2}, skills=sk)
        eng.add_member("inbox", a, 0)
        eng.login(a, 0)


def test_supervisor_assignment_checks_skills(rec: Recorder) -> None:
    """A supervisor hands a German chat to the agent he picked: refused for
    an agent without German or with too low a level, unless he insists."""
    need("acdr_queue_pick_next")
    eng = rec.eng
    skilled_inbox(eng)
    eng.arrive("c1", "inbox", 1 * S, skills={"german": 60})
    before = eng.config.snapshot()
    with pytest.raises(acd.SkillsMissing, match='lacks skill "german"'):
        eng.assign("c1", "a3", 2 * S)
    with pytest.raises(acd.SkillsMissing, match="at level 40"):
        eng.assign("c1", "a1", 2 * S)
    assert eng.config.snapshot() == before
    assert eng.contact_info("c1").position == 1
    eng.assign("c1", "a1", 3 * S, ignore_skills=True)
    assert eng.contact_info("c1").agent_id == "a1"
    eng.arrive("c2", "inbox", 4 * S, skills={"german": 60})
    eng.assign("c2", "a2", 5 * S)
    assert eng.contact_info("c2").agent_id == "a2"


def test_agents_pick_the_next_contact(rec: Recorder) -> None:
    """Agents working an inbox take the next conversation themselves: the
    one at position 1 (priority first), skipping what they lack skills for;
    how long each waited is what the queue counts."""
    need("acdr_queue_pick_next")
    eng = rec.eng
    skilled_inbox(eng)
    eng.arrive("c1", "inbox", 1 * S)
    eng.arrive("c2", "inbox", 2 * S, priority=5)
    eng.arrive("c3", "inbox", 3 * S, priority=9, skills={"german": 60})
    assert eng.pick_next("inbox", "a3", 10 * S) == "c2"   # c3 needs german
    assert eng.pick_next("inbox", "a2", 11 * S) == "c3"
    assert eng.pick_next("inbox", "a1", 12 * S) == "c1"
    connected = [(a.contact_id, a.agent_id, a.value_ms) for a in rec.take()
                 if a.type is acd.ActionType.CONNECTED]
    assert connected == [("c2", "a3", 8000), ("c3", "a2", 8000), ("c1", "a1", 11000)]
    q = eng.metrics.queue("inbox", 12 * S)
    assert (q.answered, q.wait_answered_ns) == (3, 27 * S)
    with pytest.raises(acd.NotFound, match="no waiting contact"):
        eng.pick_next("inbox", "a1", 13 * S)
    eng.add_queue("plain", channel="chat")
    eng.add_member("plain", "a1", 13 * S)
    with pytest.raises(acd.InvalidState, match="not an inbox"):
        eng.pick_next("plain", "a1", 13 * S)
    eng.arrive("c4", "inbox", 14 * S, skills={"german": 90})
    with pytest.raises(acd.SkillsMissing):
        eng.pick_next("inbox", "a2", 15 * S)
    assert eng.pick_next("inbox", "a2", 16 * S, ignore_skills=True) == "c4"


def test_first_reply_in_time_is_measured(rec: Recorder) -> None:
    """The agent answers the chat 8 s after taking it: no overdue alert at
    the 30 s deadline, first-response time 9 s from arrival, in target."""
    need("acdr_contact_first_reply")
    eng = rec.eng
    chat_center(eng, "reassign")
    eng.first_reply("c1", "a1", 10 * S)
    rec.take()
    eng.advance(40 * S)
    assert [a for a in rec.take() if a.type is acd.ActionType.REPLY_OVERDUE] == []
    assert eng.contact_info("c1").agent_id == "a1"
    q = eng.metrics.queue("chat", 40 * S)
    assert (q.replied, q.replied_in_target, q.frt_ms) == (1, 1, 9000.0)
    with pytest.raises(acd.InvalidState, match="already"):
        eng.first_reply("c1", "a1", 41 * S)
