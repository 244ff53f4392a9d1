# SPDX-License-Identifier: MIT
"""C errors become exceptions carrying code, name and message."""

from __future__ import annotations

import pytest

import acdroute as acd

from conftest import S, Recorder


def test_unknown_agent(rec: Recorder) -> None:
    with pytest.raises(acd.AgentNotFound) as ei:
        rec.eng.login("nobody", 0)
    e = ei.value
    assert isinstance(e, acd.NotFound) and isinstance(e, acd.AcdrError)
    assert isinstance(e, LookupError)
    assert e.code == acd.ErrorCode.AGENT_NOT_FOUND == -4
    assert e.name == "ACDR_ERR_AGENT_NOT_FOUND"
    assert "nobody" in e.message
    assert e.strerror == "unknown agent"
    assert e.function == "acdr_agent_login"
    # the message names the Python call, not the C function behind it
    assert e.api == "Engine.login" and str(e).startswith("Engine.login: ")
    assert "ACDR_ERR_AGENT_NOT_FOUND" in str(e) and "nobody" in str(e)
    assert not e.fatal
    assert "nobody" in rec.eng.last_error()


@pytest.mark.parametrize(
    "call, cls, code",
    [
        (lambda e: e.contact_info("zz"), acd.ContactNotFound, -6),
        (lambda e: e.queue_info("zz"), acd.QueueNotFound, -5),
        (lambda e: e.arrive("c", "zz", 1), acd.QueueNotFound, -5),
        (lambda e: e.add_queue("q"), acd.DuplicateId, -7),
        (lambda e: e.add_agent("a"), acd.DuplicateId, -7),
        (lambda e: e.logout("a", 1), acd.InvalidState, -8),
        (lambda e: e.add_queue("q2", strategy="no-such-strategy"), acd.UnknownStrategy, -11),
        (lambda e: e.accept("c9", "a", 1), acd.ContactNotFound, -6),
        (lambda e: e.remove_member("q", "b", 1), acd.AcdrError, None),
        (lambda e: e.set_status("a", acd.AgentStatus.LOGGED_OUT, 1), acd.AcdrError, None),
    ],
)
def test_error_classes(rec: Recorder, call, cls, code) -> None:  # type: ignore[no-untyped-def]
    eng = rec.eng
    eng.add_queue("q")
    eng.add_agent("a")
    eng.add_agent("b")
    eng.add_member("q", "a", 0)
    with pytest.raises(cls) as ei:
        call(eng)
    if code is not None:
        assert ei.value.code == code
    assert ei.value.code < 0 and ei.value.name.startswith("ACDR_")
    assert ei.value.message
    eng.check()  # the engine is unchanged and consistent


def test_time_backwards(rec: Recorder) -> None:
    rec.eng.add_agent("a")
    rec.eng.login("a", 5 * S)
    with pytest.raises(acd.TimeBackwards) as ei:
        rec.eng.logout("a", 1 * S)
    assert ei.value.code == acd.ErrorCode.TIME_BACKWARDS
    assert rec.eng.now() == 5 * S


def test_python_side_validation(rec: Recorder) -> None:
    eng = rec.eng
    with pytest.raises(TypeError):
        eng.add_queue("q", no_such_setting=1)
    with pytest.raises(ValueError):
        eng.add_agent("a\0b")
    with pytest.raises(TypeError):
        eng.add_agent(42)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        eng.add_queue("q", channel="pigeon")
    with pytest.raises(ValueError):
        eng.login("x", -1)
    with pytest.raises(ValueError):
        eng.add_agent("a", capacity=(1, 2))


def test_error_names_match_library() -> None:
    for code in acd.ErrorCode:
        if code == 0:
            continue
        cls = acd.errors.error_class(code)
        err = acd.errors.make_error(code)
        assert type(err) is cls
        assert err.name == "ACDR_ERR_" + code.name
        assert err.message == err.strerror != ""


def test_closed_engine_raises() -> None:
    eng = acd.Engine()
    eng.close()
    eng.close()  # idempotent
    assert eng.closed
    with pytest.raises(acd.InvalidState):
        eng.add_agent("a")
    assert "closed" in repr(eng)


def test_messages_name_the_python_api(rec: Recorder) -> None:
    rec.eng.add_queue("q")
    with pytest.raises(acd.DuplicateId) as ei:
        rec.eng.add_queue("q")
    assert str(ei.value).startswith("Engine.add_queue: ")
    assert "acdr_" not in str(ei.value)
    with pytest.raises(acd.AgentNotFound) as ei2:
        rec.eng.customers.set_owner("k1", "nobody", now=0)
    assert str(ei2.value).startswith("EngineCustomers.set_owner: ")
