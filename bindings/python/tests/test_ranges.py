# SPDX-License-Identifier: MIT
"""Every number crossing into C is checked against its C type: ctypes
would silently keep the low bits (``ring_timeout_ms=2**80+15000`` became
15000, ``penalty=2**32+7`` became 7).  Times must be ints.  A refused call
changes nothing."""

from __future__ import annotations

from typing import Any, Callable, Dict, List

import pytest

import acdroute as acd

from conftest import S

I32 = (-(2**31), 2**31 - 1)
I64 = (-(2**63), 2**63 - 1)
U32 = (0, 2**32 - 1)
U64 = (0, 2**64 - 1)


def _refused(fn: Callable[[], Any], field: str, rng: tuple) -> acd.OutOfRange:  # type: ignore[type-arg]
    with pytest.raises(acd.OutOfRange) as ei:
        fn()
    e = ei.value
    # one exception, catchable the ways a caller would expect
    assert isinstance(e, ValueError) and isinstance(e, OverflowError)
    assert isinstance(e, acd.AcdrError) and e.code == acd.ErrorCode.RANGE
    assert e.field == field and (e.min, e.max) == rng
    assert field in str(e) and str(rng[0]) in str(e) and str(rng[1]) in str(e)
    return e


def _engine() -> acd.Engine:
    eng = acd.Engine(seed=1)
    eng.add_queue("q")
    eng.add_agent("a1")
    eng.add_member("q", "a1", 0)
    return eng


# -- options structs ----------------------------------------------------------

@pytest.mark.parametrize("field,value,rng", [
    ("seed", 2**64, U64),
    ("seed", -1, U64),
    ("max_id_len", 2**32 + 64, U32),
    ("max_members", -1, U32),
    ("unix_time_at_zero", 2**63, I64),
    ("record_events", 2**32 + 1, I32),
])
def test_engine_options(field: str, value: int, rng: tuple) -> None:  # type: ignore[type-arg]
    _refused(lambda: acd.Engine(**{field: value}), field, rng)


def test_engine_options_at_the_limits_are_accepted() -> None:
    with acd.Engine(seed=2**64 - 1, unix_time_at_zero=0) as eng:
        eng.check()


# -- queue settings (acdr_queue_def) ------------------------------------------

@pytest.mark.parametrize("field,value,rng", [
    ("ring_timeout_ms", 2**80 + 15000, I64),
    ("wrapup_ms", -(2**63) - 1, I64),
    ("weight", 2**31, I32),
    ("max_len", 2**32 + 5, U32),
    ("max_len", -1, U32),
    ("max_missed", 2**32, U32),
    ("utc_offset_s", 2**64, I64),
    ("join_when_empty", 2**32 + 1, I32),
    ("channel", 2**32 + 1, I32),
    ("overflow_kind", -(2**31) - 1, I32),
])
def test_queue_settings(field: str, value: int, rng: tuple) -> None:  # type: ignore[type-arg]
    eng = acd.Engine()
    e = _refused(lambda: eng.add_queue("q", **{field: value}), field, rng)
    assert e.value == value
    with pytest.raises(acd.QueueNotFound):  # nothing was added
        eng.queue_info("q")
    eng.add_queue("q", ring_timeout_ms=15000)
    _refused(lambda: eng.update_queue("q", 0, **{field: value}), field, rng)
    eng.close()


def test_ring_timeout_is_not_wrapped() -> None:
    # the case: 2**80 + 15000 must not become a 15 s ring timeout
    eng = acd.Engine()
    with pytest.raises(OverflowError, match="ring_timeout_ms"):
        eng.add_queue("q", ring_timeout_ms=2**80 + 15000)
    assert "queues" not in eng.config.export() or not eng.config.export()["queues"]
    eng.close()


# -- integer arguments of functions -------------------------------------------

def test_member_penalty_and_position() -> None:
    eng = acd.Engine()
    eng.add_queue("q")
    eng.add_agent("a1")
    _refused(lambda: eng.add_member("q", "a1", 0, penalty=2**32 + 7), "penalty", I32)
    _refused(lambda: eng.add_member("q", "a1", 0, position=-(2**31) - 1), "position", I32)
    assert eng.queue_info("q").members == 0  # not added with penalty 7
    eng.add_member("q", "a1", 0, penalty=7)
    eng.close()


def test_disposition_limits_and_dnc() -> None:
    eng = _engine()
    d = eng.dispositions
    _refused(lambda: d.set_limits(2**32, 10), "history", U32)
    _refused(lambda: d.set_limits(10, -1), "changes", U32)
    _refused(lambda: eng.dnc.add("k", 0, duration_ms=2**63), "duration_ms", I64)
    assert eng.dnc.count(0) == 0
    eng.close()


# -- agents and contacts ------------------------------------------------------

def test_agent_fields() -> None:
    eng = acd.Engine()
    _refused(lambda: eng.add_agent("a", capacity={"chat": 2**32 + 3}), "capacity[chat]", U32)
    _refused(lambda: eng.add_agent("a", capacity=[1, -1, 1]), "capacity[chat]", U32)
    _refused(lambda: eng.add_agent("a", skills={"es": 2**31}), "skill 'es' level", I32)
    _refused(lambda: eng.add_agent("a", wrapup_ms=2**63), "wrapup_ms", I64)
    _refused(lambda: eng.add_agent("a", voice_blocks_other_channels=2**31), "voice_blocks_other_channels", I32)
    assert eng.counts().agents == 0
    eng.close()


def test_contact_fields() -> None:
    eng = _engine()
    _refused(lambda: eng.arrive("c", "q", S, priority=2**31), "priority", I32)
    _refused(lambda: eng.arrive("c", "q", S, preferred_hold_ms=2**64), "preferred_hold_ms", I64)
    _refused(lambda: eng.arrive("c", "q", S, skills=[("es", -(2**31) - 1)]), "skill 'es' level", I32)
    _refused(lambda: eng.arrive("c", "q", S, channel=2**32), "channel", I32)
    assert eng.counts().contacts_arrived == 0 and eng.now() == 0
    eng.close()


# -- topic structs ------------------------------------------------------------

def test_disposition_code_and_rule_fields() -> None:
    eng = _engine()
    d = eng.dispositions
    before = len(d.codes())
    _refused(lambda: d.add_code("x", min_duration_ms=2**63), "min_duration_ms", I64)
    _refused(lambda: d.add_code("x", dnc_ms=-(2**64)), "dnc_ms", I64)
    _refused(lambda: d.add_code("x", attrs=2**32), "attrs", U32)
    assert len(d.codes()) == before
    code = d.codes()[0].id
    _refused(lambda: d.add_rule("r", code, "callback", delay_ms=2**63), "delay_ms", I64)
    _refused(lambda: d.add_rule("r", code, "callback", duration_ms=2**70), "duration_ms", I64)
    assert d.rule_count() == 0
    eng.close()


def test_metrics_options() -> None:
    eng = acd.Engine()
    before = eng.metrics.options()
    _refused(lambda: eng.metrics.set_options(bucket_ms=2**63), "bucket_ms", I64)
    _refused(lambda: eng.metrics.set_options(max_buckets=2**32 + 1), "max_buckets", U32)
    _refused(lambda: eng.metrics.set_options(fcr_window_ms=2**64), "fcr_window_ms", I64)
    assert eng.metrics.options() == before
    eng.close()


def test_business_hours_minutes() -> None:
    eng = _engine()
    _refused(lambda: eng.hours.set("q", {"monday": [(0, 2**32 + 60)]}),
             "hours: minute of the day", I32)
    assert eng.hours.state("q").next_change is None  # no hours were set
    eng.close()


def test_erlang_agents() -> None:
    _refused(lambda: acd.erlang_b(1.0, 2**32 + 2), "agents", I32)
    _refused(lambda: acd.erlang_c(1.0, 1.0, 2**31, 20.0), "agents", I32)


def test_action_to_json_fields() -> None:
    a = acd.Action(type=acd.ActionType.OFFER, reason=0, activity=0, channel=None, time=5,
                   position=2**63, value_ms=0, contact_id="c", agent_id="a", queue_id="q",
                   customer_id=None, text=None)
    _refused(lambda: acd.action_to_json(a), "action position", I64)


def test_enum_given_as_int() -> None:
    eng = _engine()
    eng.login("a1", 0)
    _refused(lambda: eng.set_status("a1", 2**32 + 1, S), "status", I32)
    assert eng.agent_info("a1").status == acd.AgentStatus.AVAILABLE
    eng.close()


# -- times --------------------------------------------------------------------

def _time_calls(eng: acd.Engine) -> Dict[str, Callable[[Any], Any]]:
    return {
        "login": lambda t: eng.login("a1", t),
        "arrive": lambda t: eng.arrive("c", "q", t),
        "handle_expiry": lambda t: eng.handle_expiry(t),
        "advance": lambda t: eng.advance(t),
        "queue_info": lambda t: eng.queue_info("q", t),
        "metrics.overall": lambda t: eng.metrics.overall(t),
        "metrics.range": lambda t: eng.metrics.overall(from_=t),
        "dnc.check": lambda t: eng.dnc.check("k", t),
        "hours.state": lambda t: eng.hours.state("q", t),
        "config.apply": lambda t: eng.config.apply({}, t),
    }


@pytest.mark.parametrize("call", list(_time_calls(acd.Engine())))
@pytest.mark.parametrize("bad", [1.5, float(S), "1000", True])
def test_times_must_be_ints(call: str, bad: Any) -> None:
    eng = _engine()
    with pytest.raises(TypeError, match="int"):
        _time_calls(eng)[call](bad)
    assert eng.now() == 0 and eng.counts().contacts_arrived == 0
    eng.close()


@pytest.mark.parametrize("call", list(_time_calls(acd.Engine())))
@pytest.mark.parametrize("bad", [-1, 2**64, 2**64 + S])
def test_times_out_of_range(call: str, bad: int) -> None:
    eng = _engine()
    _refused(lambda: _time_calls(eng)[call](bad), "from_" if call == "metrics.range" else "time",
             U64)
    assert eng.now() == 0
    eng.close()


def test_local_time_result_out_of_range() -> None:
    def local_time(qid: str, now: int) -> int:
        return 2**63

    eng = acd.Engine(local_time=local_time)
    eng.add_queue("q")
    eng.hours.set("q", {"monday": ["09:00-17:00"]})
    with pytest.raises(acd.OutOfRange, match=r"local_time\(\) result"):
        eng.hours.state("q", S)
    eng.close()


# -- Python strategies --------------------------------------------------------

def test_strategy_values_checked() -> None:
    seen: List[BaseException] = []

    class S1:
        def __init__(self, ctx: acd.StrategyContext) -> None:
            self.ready: List[Any] = []

        def member_ready(self, m: Any) -> None:
            self.ready.append(m)

        def member_unready(self, m: Any) -> None:
            self.ready.remove(m)

        def select(self, contact: Any, now: int, max: int) -> Any:
            try:
                contact.data = 2**64
            except acd.OutOfRange as e:
                seen.append(e)
            return [], float(now + S)  # recheck_at must be an int

    eng = acd.Engine()
    eng.register_strategy("s1", S1)
    eng.add_queue("q", strategy="s1")
    eng.add_agent("a1")
    eng.add_member("q", "a1", 0)
    eng.login("a1", 0)
    with pytest.raises(TypeError, match="recheck_at"):
        eng.arrive("c1", "q", S)
    assert len(seen) == 1 and seen[0].field == "Contact.data"  # type: ignore[attr-defined]
    eng.close()


def test_strategy_flags() -> None:
    class Never:
        def __init__(self, ctx: acd.StrategyContext) -> None:
            pass

        def select(self, contact: Any, now: int, max: int) -> List[Any]:
            return []

    eng = acd.Engine()
    _refused(lambda: eng.register_strategy("never", Never, flags=2**32 + 1), "flags", U32)
    assert "never" not in eng.strategies()
    eng.register_strategy("never", Never, flags=1)
    eng.close()
