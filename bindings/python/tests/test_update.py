# SPDX-License-Identifier: MIT
"""update_queue / update_agent / dispositions.update_code change only what
is passed: every field left out keeps its current value (issue 17, "API
rough edges").  Each field is set to a value other than its default, then a
different field is updated, and the first must be unchanged, both in the
exported definition and, for a few, in what the engine then does."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

import acdroute as acd
from acdroute.dispositions import DispositionCode

from conftest import MS, S

# a non-default value for every queue setting (defaults: queue.h)
QUEUE_VALUES: Dict[str, Any] = {
    "channel": "chat",
    "weight": 4,
    "sl_threshold_ms": 30_000,
    "ring_timeout_ms": 7_000,
    "wrapup_ms": 2_500,
    "max_len": 9,
    "max_wait_ms": 90_000,
    "overflow_kind": "voicemail",
    "overflow_target": "vm-1",
    "join_when_empty": False,
    "leave_when_empty": True,
    "announce_interval_ms": 30_000,
    "short_abandon_ms": 3_000,
    "max_missed": 0,
    "no_answer_delay_ms": 1_000,
    "reject_delay_ms": 2_000,
    "busy_delay_ms": 3_000,
    "require_disposition": True,
    "tier_wait_ms": 10_000,
    "weight_aging_ms": 120_000,
    "known_agent_hold_ms": 5_000,
    "utc_offset_s": 3_600,
    "wait_for_owner": True,
    # since V2: conversations
    "reply_deadline_ms": 45_000,
    "reply_overdue": "reassign",
    "reply_target_ms": 15_000,
    "inbox": True,
    "join_message": "We answer within the hour",
    "time_base": "system",
    "position_counts_ringing": True,
    "weight_first": True,
    "max_wait_rings_out": True,
    "ring_timeout_restart": True,
    "abandoned_resume_ms": 60_000,
    "profile": "freeswitch",
    "connect_delay_ms": 4_000,
    # since V2: tier rules, ring-all across tiers
    "tier_by_level": True,
    "tier_wait_multiply": False,
    "tier_no_agent_no_wait": True,
    "ring_all_tiers": True,
    "ring_add_late": True,
    # since V2: no-agent grace
    "no_agent_wait_ms": 30_000,
    "no_agent_grace_ms": 5_000,
    # since V2: app_queue autopausedelay / autopausebusy
    "missed_delay_ms": 20_000,
    "missed_busy": True,
    # since V2: app_queue retry
    "retry_ms": 5_000,
    # since V2: app_queue joinempty (paused | inuse)
    "join_empty": "paused,inuse",
    "leave_empty": "ringing,wrapup",
    # since V2: app_queue autopause=yes
    "missed_pause_queue": True,
    # since V2: queue rules, penaltymemberslimit, autopauseunavail
    "rules": {"late": ["30,+3", "1500ms,,,2"]},
    "default_rule": "late",
    "penalty_members_limit": 3,
    "missed_unavail": True,
    "wrapup_scope": "shared",
}


def _queue(eng: acd.Engine, qid: str) -> Dict[str, Any]:
    q: Dict[str, Any] = next(x for x in eng.config.export()["queues"] if x["id"] == qid)
    return q


def _agent(eng: acd.Engine, aid: str) -> Dict[str, Any]:
    a: Dict[str, Any] = next(x for x in eng.config.export()["agents"] if x["id"] == aid)
    return a


def test_queue_values_cover_every_setting() -> None:
    # a new acdr_queue_def field must be added to QUEUE_VALUES
    assert set(QUEUE_VALUES) == set(acd.engine._QUEUE_FIELDS)


@pytest.mark.parametrize("field", sorted(QUEUE_VALUES))
def test_update_queue_keeps_settings_not_passed(field: str) -> None:
    eng = acd.Engine()
    extra: Dict[str, Any] = {"overflow_target": "vm-1"} if field == "overflow_kind" else {}
    if field == "default_rule":
        extra = {"rules": QUEUE_VALUES["rules"]}
    eng.add_queue("q", strategy="round-robin", **{field: QUEUE_VALUES[field]}, **extra)
    before = _queue(eng, "q")
    other = "max_len" if field == "weight" else "weight"
    change: Dict[str, Any] = {other: 2}
    eng.update_queue("q", 0, **change)
    after = _queue(eng, "q")
    assert after[other] == 2
    assert after[field] == before[field]
    assert after["strategy"] == "round-robin"
    # and updating the field itself still works
    eng.update_queue("q", 0, **{field: before[field]})
    assert _queue(eng, "q")[field] == before[field]


def test_update_queue_keeps_strategy_and_its_params() -> None:
    eng = acd.Engine()
    eng.add_queue("q", strategy="skills", params={"relax": "30:50"}, wrapup_ms=1_000)
    eng.update_queue("q", 0, wrapup_ms=2_000)
    q = _queue(eng, "q")
    assert (q["strategy"], q["settings"], q["wrapup_ms"]) == ("skills", {"relax": "30:50"}, 2_000)
    # same strategy named again: its params stay
    eng.update_queue("q", 0, strategy="skills")
    assert _queue(eng, "q")["settings"] == {"relax": "30:50"}
    # params changed alone: strategy stays
    eng.update_queue("q", 0, params={"relax": "10:20"})
    q = _queue(eng, "q")
    assert (q["strategy"], q["settings"]) == ("skills", {"relax": "10:20"})
    # another strategy starts with no params (skills' would be refused)
    eng.update_queue("q", 0, strategy="round-robin")
    q = _queue(eng, "q")
    assert (q["strategy"], q["settings"], q["wrapup_ms"]) == ("round-robin", {}, 2_000)


def test_update_queue_keeps_ring_timeout_in_behaviour(rec: Any) -> None:
    """An offer still times out after the queue's 7 s ring timeout once
    another setting was updated (the default would be 15 s)."""
    eng = rec.eng
    eng.add_queue("q", ring_timeout_ms=7_000, max_missed=0, no_answer_delay_ms=0)
    eng.add_agent("a")
    eng.add_member("q", "a", 0)
    eng.login("a", 0)
    eng.update_queue("q", 0, weight=1)
    eng.arrive("c1", "q", 1 * S)
    eng.advance(30 * S)
    cancels = rec.of(acd.ActionType.OFFER_CANCEL)
    assert cancels and cancels[0].time == 8 * S


def test_update_queue_unknown_setting_and_missing_queue() -> None:
    eng = acd.Engine()
    eng.add_queue("q", weight=3)
    with pytest.raises(TypeError, match="unknown queue setting 'wieght'"):
        eng.update_queue("q", 0, wieght=1)
    with pytest.raises(acd.AcdrError) as ei:
        eng.update_queue("nope", 0, weight=1)
    assert ei.value.code == acd.ErrorCode.QUEUE_NOT_FOUND
    assert _queue(eng, "q")["weight"] == 3


AGENT_VALUES: Dict[str, Any] = {
    "name": "Alice A.",
    "capacity": {"voice": 0, "chat": 4, "email": 2},
    "skills": {"spanish": 80, "billing": 20},
    "wrapup_ms": 4_000,
    "voice_blocks_other_channels": False,
    "ring_timeout_ms": 9_000,
    # per-agent miss settings (acdr_agent_def V2)
    "no_answer_delay_ms": 1_000,
    "reject_delay_ms": 2_000,
    "busy_delay_ms": 3_000,
    "max_missed": 4,
    "missed_status": "logged_out",
    "on_demand": True,
}


@pytest.mark.parametrize("field", sorted(AGENT_VALUES))
def test_update_agent_keeps_fields_not_passed(field: str) -> None:
    eng = acd.Engine()
    eng.add_agent("a", **{field: AGENT_VALUES[field]})
    before = _agent(eng, "a")
    if field == "wrapup_ms":
        eng.update_agent("a", name="other")
    else:
        eng.update_agent("a", wrapup_ms=1_234)
    after = _agent(eng, "a")
    assert after.get(field) == before.get(field)
    assert after["wrapup_ms"] == (4_000 if field == "wrapup_ms" else 1_234)


def test_update_agent_capacity_mapping_changes_named_channels_only() -> None:
    eng = acd.Engine()
    eng.add_agent("a", capacity={"chat": 4, "email": 2}, skills={"es": 80})
    eng.update_agent("a", capacity={"chat": 6})
    assert eng.agent_info("a").capacity == {
        acd.Channel.VOICE: 1, acd.Channel.CHAT: 6, acd.Channel.EMAIL: 2}
    assert _agent(eng, "a")["skills"] == {"es": 80}
    # skills are replaced as a whole; {} clears them
    eng.update_agent("a", skills={})
    assert _agent(eng, "a")["skills"] == {}


def test_update_agent_wrapup_back_to_queue_default() -> None:
    eng = acd.Engine()
    eng.add_agent("a", wrapup_ms=4_000)
    eng.update_agent("a", wrapup_ms=-1)
    assert _agent(eng, "a")["wrapup_ms"] == -1


def test_update_agent_keeps_wrapup_in_behaviour(rec: Any) -> None:
    """The agent's own 4 s wrap-up still applies after a name change: the
    agent is free again at hang-up + 4 s, not the queue's 0."""
    eng = rec.eng
    eng.add_queue("q")
    eng.add_agent("a", wrapup_ms=4_000)
    eng.add_member("q", "a", 0)
    eng.login("a", 0)
    eng.update_agent("a", name="Alice")
    eng.arrive("c1", "q", 1 * S)
    offer = rec.of(acd.ActionType.OFFER)[0]
    eng.accept("c1", "a", offer.time)
    eng.hangup("c1", 10 * S)
    eng.advance(13 * S)
    assert eng.agent_info("a").activity == acd.AgentActivity.WRAPUP
    eng.advance(14 * S + MS)
    assert eng.agent_info("a").activity != acd.AgentActivity.WRAPUP


def test_update_agent_missing_agent() -> None:
    eng = acd.Engine()
    with pytest.raises(acd.AcdrError) as ei:
        eng.update_agent("nope", name="x")
    assert ei.value.code == acd.ErrorCode.AGENT_NOT_FOUND


CODE_VALUES: Dict[str, Any] = {
    "label": "Sold upgrade",
    "category": "sales",
    "attrs": acd.DispositionFlag.SUCCESS | acd.DispositionFlag.FINAL,
    "queues": ("q",),
    "min_duration_ms": 1_000,
    "max_duration_ms": 600_000,
    "auto_end_reason": acd.EndReason.ABANDONED,
    "dnc_ms": 86_400_000,
}


@pytest.mark.parametrize("field", sorted(CODE_VALUES))
def test_update_code_keeps_fields_not_passed(field: str) -> None:
    eng = acd.Engine()
    eng.add_queue("q")
    eng.dispositions.add_code("upsell", **{field: CODE_VALUES[field]})
    before = eng.dispositions.code("upsell")
    other = "category" if field == "label" else "label"
    eng.dispositions.update_code("upsell", **{other: "changed"})
    after = eng.dispositions.code("upsell")
    assert getattr(after, other) == "changed"
    assert getattr(after, field) == getattr(before, field)


def test_update_code_with_a_whole_definition_replaces_it() -> None:
    eng = acd.Engine()
    eng.dispositions.add_code("upsell", label="Upsell", dnc_ms=5_000)
    eng.dispositions.update_code(DispositionCode("upsell", category="sales"))
    c = eng.dispositions.code("upsell")
    assert (c.category, c.dnc_ms) == ("sales", 0)


def test_update_code_missing_code() -> None:
    eng = acd.Engine()
    names: List[str] = [c.id for c in eng.dispositions.codes()]
    assert "nope" not in names
    with pytest.raises(acd.AcdrError):
        eng.dispositions.update_code("nope", label="x")


HOURS_VALUES: Dict[str, Any] = {
    "holidays": {"1970-01-06": [], "1970-12-25": ["10:00-12:00"]},
    "closed_text": "Open 9-17",
    "closed_kind": "voicemail",
    "closed_target": "vm-1",
    "at_closing": "overflow",
}


@pytest.mark.parametrize("field", sorted(HOURS_VALUES))
def test_hours_set_keeps_settings_not_passed(field: str) -> None:
    """hours.set replaces the week (its required argument); the keyword
    settings left out keep their value."""
    eng = acd.Engine()
    eng.add_queue("q")
    extra: Dict[str, Any] = {"closed_target": "vm-1"} if field in ("closed_kind", "at_closing") else {}
    if field == "at_closing":
        extra["closed_kind"] = "voicemail"
    eng.hours.set("q", {"monday": ["09:00-17:00"]}, **{field: HOURS_VALUES[field]}, **extra)
    before = _queue(eng, "q")["hours"]
    eng.hours.set("q", {"tuesday": ["08:00-12:00"]})
    after = _queue(eng, "q")["hours"]
    assert (after["monday"], after["tuesday"]) == ([], ["08:00-12:00"])
    assert after.get(field) == before.get(field)


def test_hours_set_keeps_closed_text_in_behaviour(rec: Any) -> None:
    """The closed announcement keeps its text, and a holiday stays closed,
    after the week is changed."""
    monday = 4 * 86400  # host time 0 = Monday 1970-01-05 00:00 UTC
    eng = acd.Engine(on_action=rec._on_action, unix_time_at_zero=monday)
    eng.add_queue("q")
    eng.hours.set("q", {"monday": ["09:00-17:00"]}, closed_text="Open 9-17",
                  holidays={"1970-01-06": []})
    eng.hours.set("q", {"monday": ["10:00-17:00"], "tuesday": ["09:00-17:00"]})
    # Tuesday is still a holiday: closed all day
    assert not eng.hours.state("q", 34 * 3600 * S).open
    eng.arrive("c1", "q", 1 * S)
    ann = [a for a in rec.actions if a.type == acd.ActionType.ANNOUNCE]
    assert ann and ann[0].text == "Open 9-17"
    eng.close()


def test_hours_set_clears_what_is_passed_empty() -> None:
    eng = acd.Engine()
    eng.add_queue("q")
    eng.hours.set("q", {"monday": ["09:00-17:00"]}, holidays={"1970-01-06": []},
                  closed_kind="voicemail", closed_target="vm-1")
    eng.hours.set("q", {"monday": ["09:00-17:00"]}, holidays={}, closed_kind="none")
    h = _queue(eng, "q")["hours"]
    assert (h["holidays"], h["closed_kind"]) == ([], "none")
