# SPDX-License-Identifier: MIT
"""Actions delivered to Python; exceptions and re-entrancy in callbacks."""

from __future__ import annotations

import gc
import weakref

import pytest

import acdroute as acd
from acdroute import ActionType as T

from conftest import S, Recorder


class Boom(Exception):
    pass


def _center(eng: acd.Engine, agents=("a1", "a2")) -> None:  # type: ignore[no-untyped-def]
    eng.add_queue("q", ring_timeout_ms=5000)
    for a in agents:
        eng.add_agent(a)
        eng.add_member("q", a, 0)


def test_exception_in_on_action_is_reraised(rec: Recorder) -> None:
    eng = rec.eng
    _center(eng)
    eng.login("a1", 0)
    rec.take()

    def hook(a: acd.Action) -> None:
        if a.type == T.QUEUED:
            raise Boom("host failed on QUEUED")

    rec.hooks.append(hook)
    with pytest.raises(Boom, match="host failed") as ei:
        eng.arrive("c1", "q", 1 * S)
    # the original traceback points into the hook
    assert any("hook" in str(tb.name) for tb in ei.traceback)
    # the event happened, and the remaining actions were still delivered
    types = [a.type for a in rec.take()]
    assert T.QUEUED in types and T.OFFER in types
    assert eng.contact_info("c1").state is acd.ContactState.OFFERED
    eng.check()
    # the engine is usable afterwards, and nothing stays pending
    rec.hooks.clear()
    eng.accept("c1", "a1", 2 * S)
    eng.check()


def test_two_exceptions_first_wins(rec: Recorder) -> None:
    eng = rec.eng
    _center(eng)
    n = []

    def hook(a: acd.Action) -> None:
        n.append(a)
        raise Boom(f"#{len(n)}")

    rec.hooks.append(hook)
    with pytest.raises(Boom, match="#1") as ei:
        eng.login("a1", 0)
    if len(n) > 1:
        notes = getattr(ei.value, "__notes__", [])
        assert any("#2" in x for x in notes)


def test_base_exception_does_not_escape_into_c(rec: Recorder) -> None:
    eng = rec.eng
    _center(eng)

    def hook(a: acd.Action) -> None:
        raise KeyboardInterrupt

    rec.hooks.append(hook)
    with pytest.raises(KeyboardInterrupt):
        eng.login("a1", 0)
    rec.hooks.clear()
    eng.check()


def test_reentrant_accept_from_on_action(rec: Recorder) -> None:
    eng = rec.eng
    _center(eng)
    eng.login("a1", 0)
    eng.login("a2", 0)
    rec.take()

    def auto_answer(a: acd.Action) -> None:
        if a.type == T.OFFER:
            assert a.contact_id and a.agent_id
            eng.accept(a.contact_id, a.agent_id, eng.now())

    rec.hooks.append(auto_answer)
    eng.arrive("c1", "q", 1 * S)
    eng.arrive("c2", "q", 2 * S)
    eng.check()
    acts = rec.take()
    connected = [a for a in acts if a.type == T.CONNECTED]
    assert {a.contact_id for a in connected} == {"c1", "c2"}
    assert {a.agent_id for a in connected} == {"a1", "a2"}
    # nested actions come after the ones that were already pending
    i_offer = next(i for i, a in enumerate(acts) if a.type == T.OFFER)
    i_conn = next(i for i, a in enumerate(acts) if a.type == T.CONNECTED)
    assert i_offer < i_conn
    for cid in ("c1", "c2"):
        assert eng.contact_info(cid).state is acd.ContactState.CONNECTED


def test_nested_error_can_be_caught_in_callback(rec: Recorder) -> None:
    eng = rec.eng
    _center(eng)
    caught = []

    def hook(a: acd.Action) -> None:
        if a.type == T.AGENT_STATE:
            try:
                eng.accept("ghost", "a1", eng.now())
            except acd.ContactNotFound as e:
                caught.append(e)

    rec.hooks.append(hook)
    eng.login("a1", 0)  # no exception: the callback handled it
    assert caught and caught[0].code == acd.ErrorCode.CONTACT_NOT_FOUND


def test_close_inside_callback_refused(rec: Recorder) -> None:
    eng = rec.eng
    _center(eng)

    def hook(a: acd.Action) -> None:
        eng.close()

    rec.hooks.append(hook)
    with pytest.raises(acd.Busy):
        eng.login("a1", 0)
    assert not eng.closed
    rec.hooks.clear()
    eng.check()


def test_actions_are_plain_python_after_callback() -> None:
    kept = []
    with acd.Engine(on_action=kept.append) as eng:
        _center(eng)
        eng.login("a1", 0)
        eng.arrive("c1", "q", 1 * S, customer="cu")
        eng.hangup("c1", 2 * S)
    # strings were copied during the callback: still readable
    assert any(a.customer_id == "cu" and a.type == T.CONTACT_ENDED for a in kept)
    ended = [a for a in kept if a.type == T.CONTACT_ENDED][0]
    assert ended.reason is acd.EndReason.ABANDONED
    assert "CONTACT_ENDED" in str(ended)
    state = [a for a in kept if a.type == T.AGENT_STATE][0]
    assert state.reason is acd.AgentStatus.AVAILABLE
    assert state.activity is acd.AgentActivity.IDLE


def test_on_action_none_and_swap() -> None:
    with acd.Engine() as eng:
        _center(eng)
        eng.login("a1", 0)  # discarded
        got = []
        eng.on_action = got.append
        eng.arrive("c1", "q", 1 * S)
        assert got and got[0].type == T.QUEUED


def test_context_manager_closes() -> None:
    with acd.Engine(seed=1) as eng:
        eng.add_agent("a")
        assert not eng.closed
    assert eng.closed
    with pytest.raises(acd.AcdrError):
        eng.login("a", 0)


def test_engine_is_collected_without_close() -> None:
    eng = acd.Engine(on_action=lambda a: None)
    eng.add_agent("a")
    ref = weakref.ref(eng)
    del eng
    gc.collect()
    assert ref() is None


def test_local_time_callback_exception_reraised() -> None:
    def local_time(queue_id: str, now: int) -> int:
        raise Boom(queue_id)

    with acd.Engine(local_time=local_time) as eng:
        _center(eng)
        eng.login("a1", 0)
        # whether the engine consults local_time here depends on the queue
        # having business hours; without them it must not be called.
        eng.arrive("c1", "q", 1 * S)
        eng.check()
