# SPDX-License-Identifier: MIT
"""Engine(clock=...) and acdroute.aio: the host passes no time, and an
asyncio loop keeps the engine's deadline timer.

The clocks here are fake (a list the test moves), so no test waits for real
time beyond a few milliseconds of loop turns: the timer is armed for the
fake deadline and ExpiryTimer.rearm() makes it see a jump of the clock.
"""

from __future__ import annotations

import asyncio
import threading
from typing import List

import pytest

import acdroute as acd
import acdroute.aio

S = acd.SECOND


class FakeTime:
    def __init__(self, t: int = 0) -> None:
        self.t = t

    def __call__(self) -> int:
        return self.t


def _offers(actions: List[acd.Action]) -> List[str]:
    return [f"{a.contact_id}>{a.agent_id}" for a in actions if a.type == acd.ActionType.OFFER]


def _engine(ft: FakeTime, actions: List[acd.Action]) -> acd.Engine:
    eng = acd.Engine(on_action=actions.append, clock=acd.Clock(source=ft))
    eng.add_queue("sales", strategy="linear", ring_timeout_ms=15_000, wrapup_ms=10_000,
                  no_answer_delay_ms=0)
    for name in ("alice", "bob"):
        eng.add_agent(name)
        eng.add_member("sales", name)   # no now: the clock's
        eng.login(name)
    return eng


# -- Engine(clock=) -----------------------------------------------------------

def test_methods_read_the_clock_when_now_is_left_out() -> None:
    ft = FakeTime(1_000)
    actions: List[acd.Action] = []
    eng = _engine(ft, actions)
    ft.t += 2 * S
    eng.arrive("c1", "sales")
    assert [a.time for a in actions if a.type == acd.ActionType.OFFER] == [2 * S]
    ft.t += 3 * S
    eng.accept("c1", "alice")
    assert eng.contact_info("c1").state == acd.ContactState.CONNECTED
    assert eng.now() == 5 * S
    # queries without now read the clock, not the engine's latest time
    eng.add_queue("hold")                     # no members: c2 waits
    eng.arrive("c2", "hold")
    ft.t += 7 * S
    assert eng.now() == 5 * S
    assert eng.queue_info("hold").longest_wait_ns == 7 * S
    # sub-objects take the clock as well
    eng.dnc.add("+100", duration_ms=1_000)
    assert not eng.dnc.check("+100")
    ft.t += 2 * S
    assert eng.dnc.check("+100")
    eng.close()


def test_a_passed_now_overrides_the_clock() -> None:
    ft = FakeTime(0)
    actions: List[acd.Action] = []
    eng = _engine(ft, actions)
    eng.arrive("c1", "sales", 4 * S)          # positional, as before
    eng.hangup("c1", now=6 * S)
    assert eng.now() == 6 * S
    with pytest.raises(acd.TimeBackwards):
        eng.login("alice")                    # clock (0) is behind the engine
    eng.close()


def test_without_a_clock_now_is_still_required() -> None:
    with acd.Engine() as eng:
        eng.add_agent("a")
        with pytest.raises(TypeError, match="no clock"):
            eng.login("a")
        assert eng.agent_info("a").status == acd.AgentStatus.LOGGED_OUT
        with pytest.raises(TypeError, match="callable"):
            acd.Engine(clock=5)  # type: ignore[arg-type]


def test_the_clock_must_give_ints() -> None:
    with acd.Engine(clock=lambda: 1.5) as eng:  # type: ignore[arg-type,return-value]
        eng.add_agent("a")
        with pytest.raises(TypeError, match="int"):
            eng.login("a")


# -- acdroute.aio ---------------------------------------------------------------

def test_ring_timeout_fires_through_the_loop_and_the_offer_moves_on() -> None:
    # Asterisk app_queue.c ring_one()/wait_for_answer(): after `timeout`
    # seconds the member is given up and the next one rung; here the ring
    # timeout is the engine's deadline and the loop's timer handles it.
    async def main() -> None:
        ft = FakeTime(0)
        actions: List[acd.Action] = []
        eng = _engine(ft, actions)
        timer = acdroute.aio.schedule(eng)
        assert timer.deadline is None           # nothing scheduled yet
        ft.t = 1 * S
        eng.arrive("c1", "sales")
        assert _offers(actions) == ["c1>alice"]
        assert timer.deadline == 16 * S         # re-armed by arrive()
        await asyncio.sleep(0.005)
        assert timer.fired == 0 and _offers(actions) == ["c1>alice"]
        ft.t = 16 * S                           # the fake clock jumps
        timer.rearm()
        for _ in range(100):
            await asyncio.sleep(0.001)
            if timer.fired:
                break
        assert timer.fired == 1
        assert _offers(actions) == ["c1>alice", "c1>bob"]
        assert timer.deadline == 31 * S         # bob's ring timeout
        timer.cancel()
        assert timer.deadline is None and timer.cancelled
        ft.t = 40 * S
        timer.rearm()                           # a no-op once cancelled
        await asyncio.sleep(0.005)
        assert timer.fired == 1 and _offers(actions) == ["c1>alice", "c1>bob"]
        eng.arrive("c2", "sales")               # no longer watched
        assert timer.deadline is None
        eng.check()
        eng.close()

    asyncio.run(main())


def test_the_timer_follows_calls_that_move_the_deadline() -> None:
    async def main() -> None:
        ft = FakeTime(0)
        actions: List[acd.Action] = []
        eng = _engine(ft, actions)
        with acdroute.aio.schedule(eng, asyncio.get_running_loop()) as timer:
            eng.arrive("c1", "sales")
            assert timer.deadline == 15 * S
            ft.t = 2 * S
            eng.accept("c1", "alice")           # answered: no ring deadline
            assert timer.deadline is None
            ft.t = 3 * S
            eng.hangup("c1")                    # alice's wrap-up ends
            assert timer.deadline == 13 * S
        assert timer.cancelled
        eng.close()

    asyncio.run(main())


def test_event_lines_and_configuration_loads_rearm_too() -> None:
    # config.apply / config.apply_event / config.restore call the library
    # without Engine._call: they must tell the timer as well
    async def main() -> None:
        ft = FakeTime(0)
        eng = acd.Engine(clock=acd.Clock(source=ft))
        with acdroute.aio.schedule(eng) as timer:
            eng.config.apply({"version": 1, "agents": [{"id": "a1"}],
                              "queues": [{"id": "q", "ring_timeout_ms": 9000,
                                          "members": ["a1"]}]})
            assert timer.deadline is None
            eng.config.apply_event('{"t_ms": 0, "ev": "login", "agent": "a1"}')
            eng.config.apply_event('{"t_ms": 1000, "ev": "arrive", "contact": "c1", '
                                   '"queue": "q"}')
            assert timer.deadline == 10 * S
            snap = eng.config.snapshot()
        eng.close()
        again = acd.Engine(clock=acd.Clock(source=ft))
        with acdroute.aio.schedule(again) as timer:
            again.config.restore(snap)
            assert timer.deadline == 10 * S
        again.close()

    asyncio.run(main())


def test_real_clock_due_deadline_fires_within_milliseconds() -> None:
    async def main() -> None:
        actions: List[acd.Action] = []
        eng = acd.Engine(on_action=actions.append, clock=acd.Clock())
        eng.add_queue("q", ring_timeout_ms=3)
        eng.add_agent("a")
        eng.add_member("q", "a")
        eng.login("a")
        stop = asyncio.Event()
        task = asyncio.ensure_future(acdroute.aio.run(eng, stop))
        await asyncio.sleep(0)
        eng.arrive("c1", "q")
        for _ in range(200):
            await asyncio.sleep(0.002)
            if any(a.type == acd.ActionType.OFFER_CANCEL for a in actions):
                break
        stop.set()
        await task
        kinds = [a.type for a in actions]
        assert acd.ActionType.OFFER_CANCEL in kinds
        eng.close()

    asyncio.run(main())


def test_a_call_from_another_thread_rearms_on_the_loop() -> None:
    async def main() -> None:
        ft = FakeTime(0)
        actions: List[acd.Action] = []
        eng = _engine(ft, actions)
        timer = acdroute.aio.schedule(eng)
        t = threading.Thread(target=lambda: eng.arrive("c1", "sales"))
        t.start()
        t.join()
        assert timer.deadline is None           # not touched off the loop
        await asyncio.sleep(0.001)
        assert timer.deadline == 15 * S
        timer.cancel()
        eng.close()

    asyncio.run(main())


def test_callback_exception_goes_to_the_loop_and_the_timer_goes_on() -> None:
    async def main() -> None:
        ft = FakeTime(0)
        seen: List[acd.Action] = []

        def on_action(a: acd.Action) -> None:
            seen.append(a)
            if a.type == acd.ActionType.OFFER_CANCEL:
                raise RuntimeError("host failed")

        eng = acd.Engine(on_action=on_action, clock=acd.Clock(source=ft))
        eng.add_queue("sales", strategy="linear", ring_timeout_ms=15_000,
                      no_answer_delay_ms=0)
        for name in ("alice", "bob"):
            eng.add_agent(name)
            eng.add_member("sales", name)
            eng.login(name)
        errors: List[object] = []
        asyncio.get_running_loop().set_exception_handler(
            lambda _loop, ctx: errors.append(ctx.get("exception")))
        timer = acdroute.aio.schedule(eng)
        eng.arrive("c1", "sales")
        ft.t = 15 * S
        timer.rearm()
        await asyncio.sleep(0.005)
        assert len(errors) == 1 and isinstance(errors[0], RuntimeError)
        assert timer.deadline == 30 * S         # still armed, for bob
        timer.cancel()
        eng.close()

    asyncio.run(main())


def test_schedule_needs_a_clock() -> None:
    with acd.Engine() as eng:
        with pytest.raises(TypeError, match="clock"):
            acdroute.aio.schedule(eng, asyncio.new_event_loop())


def test_closing_the_engine_disarms() -> None:
    async def main() -> None:
        ft = FakeTime(0)
        actions: List[acd.Action] = []
        eng = _engine(ft, actions)
        timer = acdroute.aio.schedule(eng)
        eng.arrive("c1", "sales")
        assert timer.deadline == 15 * S
        eng.close()
        assert timer.deadline is None
        ft.t = 20 * S
        timer.rearm()
        await asyncio.sleep(0.002)
        assert timer.fired == 0
        timer.cancel()

    asyncio.run(main())
