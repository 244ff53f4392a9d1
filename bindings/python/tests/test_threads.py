# SPDX-License-Identifier: MIT
"""One Engine used from several threads: calls are serialised by the
engine's lock, close() waits for the call in progress, callbacks that
re-enter the engine keep working.  Before the lock these crashed the
interpreter (use after free in close(), heap corruption from concurrent
calls) or let a second thread run inside the engine during a callback."""

from __future__ import annotations

import threading
import time
from typing import Any, Callable, List

import pytest

import acdroute as acd
from acdroute import ActionType as T

from conftest import S

WAIT = 10.0  # generous bound for a thread event; never reached when things work


def _center(eng: acd.Engine, agents: int = 4) -> None:
    eng.add_queue("q", ring_timeout_ms=5000)
    for i in range(agents):
        eng.add_agent(f"a{i}")
        eng.add_member("q", f"a{i}", 0)
        eng.login(f"a{i}", 0)


def _run(threads: List[threading.Thread]) -> None:
    for t in threads:
        t.daemon = True  # a failure must not hang the test run
        t.start()
    for t in threads:
        t.join(WAIT * 3)
        assert not t.is_alive(), "a thread is stuck"


def _big_config(agents: int) -> dict:  # type: ignore[type-arg]
    return {
        "queues": [{"id": "q", "strategy": "longest-idle",
                    "members": [f"a{i}" for i in range(agents)]}],
        "agents": [{"id": f"a{i}"} for i in range(agents)],
    }


def test_close_from_another_thread_waits_for_the_call_in_progress() -> None:
    # Thread A loops on a long C call (a snapshot of a big engine); the main
    # thread closes the engine meanwhile.  The call in progress completes,
    # close() frees the engine after it, and A's next call is refused.
    eng = acd.Engine(seed=1)
    eng.config.apply(_big_config(3000), 0)
    started = threading.Event()
    results: List[Any] = []

    def worker() -> None:
        try:
            for _ in range(10_000):  # ends long before: close() refuses the next call
                doc = eng.config.snapshot()
                results.append(len(doc))
                started.set()
        except BaseException as exc:  # noqa: B902
            results.append(exc)
            started.set()

    t = threading.Thread(target=worker, daemon=True)
    t.start()
    assert started.wait(WAIT)
    eng.close()
    t.join(WAIT)
    assert not t.is_alive()
    assert eng.closed
    *sizes, last = results
    assert sizes and all(n == sizes[0] for n in sizes)  # every snapshot complete
    assert isinstance(last, acd.InvalidState) and "closed" in str(last)


def test_close_from_another_thread_during_a_callback_waits() -> None:
    inside = threading.Event()
    release = threading.Event()
    order: List[str] = []

    def on_action(a: acd.Action) -> None:
        if a.type == T.OFFER:
            inside.set()
            release.wait(WAIT)
            order.append("callback returns")

    eng = acd.Engine(on_action=on_action)
    _center(eng, 1)

    def caller() -> None:
        eng.arrive("c1", "q", 1 * S)
        order.append("arrive returned")

    def closer() -> None:
        eng.close()
        order.append("closed")

    a = threading.Thread(target=caller)
    a.start()
    assert inside.wait(WAIT)
    b = threading.Thread(target=closer)
    b.start()
    time.sleep(0.05)  # give close() the chance to run (it must wait)
    assert not eng.closed
    release.set()
    a.join(WAIT)
    b.join(WAIT)
    assert order == ["callback returns", "arrive returned", "closed"]
    assert eng.closed
    with pytest.raises(acd.InvalidState, match="closed"):
        eng.login("a0", 2 * S)


@pytest.mark.parametrize("what", [
    "login", "agent_info", "metrics.json", "config.snapshot", "dnc.add",
    "dispositions.codes", "hours.state", "counts", "get_expiry",
])
def test_second_thread_waits_while_first_is_in_a_callback(what: str) -> None:
    inside = threading.Event()
    order: List[str] = []

    def on_action(a: acd.Action) -> None:
        if a.type == T.OFFER and a.contact_id == "c1":
            inside.set()
            time.sleep(0.1)
            order.append("callback returns")

    eng = acd.Engine(on_action=on_action)
    _center(eng, 2)
    eng.logout("a1", 0)
    calls: dict[str, Callable[[], Any]] = {
        "login": lambda: eng.login("a1", 1 * S),
        "agent_info": lambda: eng.agent_info("a0"),
        "metrics.json": lambda: eng.metrics.json(),
        "config.snapshot": lambda: eng.config.snapshot(),
        "dnc.add": lambda: eng.dnc.add("cust", 1 * S),
        "dispositions.codes": lambda: eng.dispositions.codes(),
        "hours.state": lambda: eng.hours.state("q"),
        "counts": lambda: eng.counts(),
        "get_expiry": lambda: eng.get_expiry(),
    }

    def other() -> None:
        assert inside.wait(WAIT)
        calls[what]()
        order.append("other returned")

    t = threading.Thread(target=other)
    t.start()
    eng.arrive("c1", "q", 1 * S)
    t.join(WAIT)
    assert order == ["callback returns", "other returned"]
    eng.check()
    eng.close()


def test_threads_hammering_one_engine() -> None:
    # Each thread runs whole contact lifecycles on its own contacts; the
    # on_action callback re-enters the engine (accepts every offer).  With
    # the calls serialised the totals are exact and the bookkeeping sound.
    nthreads, per_thread = 4, 150

    def on_action(a: acd.Action) -> None:
        if a.type == T.OFFER:
            eng.accept(a.contact_id or "", a.agent_id or "", a.time)

    eng = acd.Engine(on_action=on_action, seed=3)
    eng.add_queue("q", ring_timeout_ms=5000, wrapup_ms=0)
    for i in range(nthreads * 2):
        eng.add_agent(f"a{i}", capacity={"voice": 1})
        eng.add_member("q", f"a{i}", 0)
        eng.login(f"a{i}", 0)
    errors: List[BaseException] = []
    now = 1 * S  # one instant: no thread can make another's time go backwards

    def worker(k: int) -> None:
        try:
            for n in range(per_thread):
                cid = f"t{k}-{n}"
                eng.arrive(cid, "q", now)
                eng.hangup(cid, now)
                eng.metrics.overall()
                eng.queue_info("q")
        except BaseException as exc:  # noqa: B902
            errors.append(exc)

    _run([threading.Thread(target=worker, args=(k,)) for k in range(nthreads)])
    assert errors == []
    c = eng.counts()
    assert c.contacts_arrived == nthreads * per_thread
    assert c.contacts_ended == nthreads * per_thread
    eng.check()
    eng.close()


def test_threads_hammering_with_close() -> None:
    # Readers and writers on one engine while another thread closes it: every
    # call either completes or is refused with InvalidState ("closed"); no
    # other outcome, no crash.
    eng = acd.Engine(seed=5)
    eng.config.apply(_big_config(200), 0)
    bad: List[BaseException] = []
    done = [0]
    go = threading.Barrier(4)

    def worker(k: int) -> None:
        go.wait(WAIT)
        n = 0
        try:
            while n < 100_000:  # ends long before: close() refuses the next call
                n += 1
                eng.config.snapshot() if k % 2 else eng.metrics.json()
                eng.dnc.add(f"k{k}-{n}", eng.now())
        except acd.InvalidState as exc:
            if "closed" not in str(exc):
                bad.append(exc)
        except BaseException as exc:  # noqa: B902
            bad.append(exc)
        else:
            bad.append(AssertionError(f"worker {k} never saw the engine closed"))
        done[0] += 1

    def closer() -> None:
        go.wait(WAIT)
        time.sleep(0.05)
        eng.close()

    _run([threading.Thread(target=worker, args=(k,)) for k in range(3)]
         + [threading.Thread(target=closer)])
    assert bad == []
    assert done[0] == 3 and eng.closed


def test_reentrant_calls_from_callbacks_still_work() -> None:
    # on_action re-enters the engine from the thread that holds it; strategy
    # hooks still get Busy when they call the engine.
    seen: List[str] = []

    def on_action(a: acd.Action) -> None:
        if a.type == T.OFFER:
            eng.accept(a.contact_id or "", a.agent_id or "", a.time)
            seen.append(str(eng.contact_info(a.contact_id or "").state.name))
            eng.metrics.overall()
            eng.dnc.add("x", a.time)

    eng = acd.Engine(on_action=on_action)
    _center(eng, 1)
    eng.arrive("c1", "q", 1 * S)
    assert seen == ["CONNECTED"]
    eng.check()
    eng.close()


def test_member_views_read_under_the_engine_lock() -> None:
    # A Member kept by a Python strategy and read from another thread waits
    # for the engine call in progress (it reads the engine live).
    members: List[Any] = []
    inside = threading.Event()
    order: List[str] = []

    class First:
        def __init__(self, ctx: acd.StrategyContext) -> None:
            self.ready: List[Any] = []

        def member_ready(self, m: Any) -> None:
            self.ready.append(m)
            members.append(m)

        def member_unready(self, m: Any) -> None:
            self.ready.remove(m)

        def select(self, contact: Any, now: int, max: int) -> List[Any]:
            if contact.offer_count:
                return []
            if contact.id == "c1":
                inside.set()
                time.sleep(0.1)
                order.append("select returns")
            return self.ready[:1]

    eng = acd.Engine()
    eng.register_strategy("first", First)
    _center_strategy(eng)

    def reader() -> None:
        assert inside.wait(WAIT)
        members[0].load
        order.append("read")

    t = threading.Thread(target=reader)
    t.start()
    eng.arrive("c1", "q", 1 * S)
    t.join(WAIT)
    assert order == ["select returns", "read"]
    eng.close()


def _center_strategy(eng: acd.Engine) -> None:
    eng.add_queue("q", strategy="first")
    eng.add_agent("a0")
    eng.add_member("q", "a0", 0)
    eng.login("a0", 0)
