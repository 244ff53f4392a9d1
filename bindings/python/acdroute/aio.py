# SPDX-License-Identifier: MIT
"""asyncio integration: keep the engine's deadlines on an event loop.

The engine never reads a clock: the host asks for the next deadline
(:meth:`Engine.get_expiry`) after every call and arms one timer for
:meth:`Engine.handle_expiry`.  :func:`schedule` does that on an asyncio
loop::

    eng = acdroute.Engine(on_action=..., clock=acdroute.Clock())
    timer = acdroute.aio.schedule(eng)     # inside a running loop
    ...                                     # eng.arrive("c1", "sales") etc.
    timer.cancel()

or ``await acdroute.aio.run(eng, stop_event)``, which does the same until
``stop_event`` is set.

The timer is re-armed whenever an engine call moves the deadline: the
engine checks :meth:`Engine.get_expiry` after every call of the library
while a timer watches it (one extra C call per engine call).  A call from
another thread re-arms through ``loop.call_soon_threadsafe``.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Callable, Optional

from .enums import SECOND

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Engine

__all__ = ["ExpiryTimer", "schedule", "run"]


class ExpiryTimer:
    """One loop timer at the engine's next deadline (made by
    :func:`schedule`).

    ``deadline``: the deadline it is armed for (engine nanoseconds), None
    when nothing is scheduled or after :meth:`cancel`.  ``fired``: how many
    times it called :meth:`Engine.handle_expiry`.  An exception from
    ``handle_expiry`` (an ``on_action`` callback that raised) goes to the
    loop's exception handler; the timer goes on.
    """

    def __init__(self, engine: "Engine", loop: asyncio.AbstractEventLoop,
                 clock: Callable[[], int]) -> None:
        self._engine = engine
        self._loop = loop
        self._clock = clock
        self._handle: Optional[asyncio.TimerHandle] = None
        self._deadline: Optional[int] = None
        self._cancelled = False
        self.fired = 0
        engine._watch_expiry(self._moved)
        self.rearm()

    @property
    def deadline(self) -> Optional[int]:
        return self._deadline

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def _moved(self, deadline: Optional[int]) -> None:
        # told by the engine, on the thread that made the call
        try:
            here = asyncio.get_running_loop() is self._loop
        except RuntimeError:
            here = False
        if here:
            self._arm(deadline)
        else:
            self._loop.call_soon_threadsafe(self.rearm)

    def rearm(self) -> None:
        """Read the deadline and the clock again and re-arm.  Engine calls
        do this themselves; call it after the clock jumped (a test's fake
        clock) so that the timer sees the new time."""
        if self._cancelled:
            return
        self._arm(None if self._engine.closed else self._engine.get_expiry())

    def _arm(self, deadline: Optional[int]) -> None:
        if self._cancelled:
            return
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self._deadline = deadline
        if deadline is None:
            return
        delay = max(0, deadline - self._clock()) / SECOND
        self._handle = self._loop.call_later(delay, self._fire)

    def _fire(self) -> None:
        self._handle = None
        if self._cancelled or self._engine.closed:
            return
        try:
            due = self._engine.get_expiry()
            now = self._clock()
            # the loop's clock may run a hair ahead of the engine's: then
            # re-arm for the rest instead of handling nothing
            if due is not None and now >= due:
                self.fired += 1
                self._engine.handle_expiry(max(now, self._engine.now()))
        except Exception as exc:  # a callback's exception: report, go on
            self._loop.call_exception_handler({
                "message": "acdroute: handle_expiry raised",
                "exception": exc,
            })
        finally:
            self.rearm()

    def cancel(self) -> None:
        """Stop: disarm the timer and stop watching the engine.
        Idempotent."""
        self._cancelled = True
        self._deadline = None
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None
        self._engine._unwatch_expiry(self._moved)

    def __enter__(self) -> "ExpiryTimer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()

    def __repr__(self) -> str:
        state = "cancelled" if self._cancelled else f"deadline={self._deadline}"
        return f"<acdroute.aio.ExpiryTimer {state} fired={self.fired}>"


def schedule(engine: "Engine", loop: Optional[asyncio.AbstractEventLoop] = None, *,
             clock: Optional[Callable[[], int]] = None) -> ExpiryTimer:
    """Keep one timer of ``loop`` (default: the running loop) armed at
    ``engine``'s next deadline, calling ``engine.handle_expiry(clock())``
    when it is due.  ``clock`` (default: the engine's, ``Engine(clock=)``)
    gives the engine's time in int nanoseconds; it must be the time the
    host passes to the engine.  Returns the :class:`ExpiryTimer`
    (``cancel()`` stops it).  ``TypeError`` when there is no clock,
    ``RuntimeError`` without a loop outside a running one."""
    clk = clock if clock is not None else engine.clock
    if clk is None:
        raise TypeError("schedule() needs a clock: Engine(clock=acdroute.Clock()) or clock=")
    if loop is None:
        loop = asyncio.get_running_loop()
    return ExpiryTimer(engine, loop, clk)


async def run(engine: "Engine", stop: Optional[asyncio.Event] = None, *,
              clock: Optional[Callable[[], int]] = None) -> None:
    """Handle ``engine``'s deadlines on the running loop until ``stop`` is
    set (or the task is cancelled): :func:`schedule`, then wait."""
    with schedule(engine, clock=clock):
        if stop is None:
            await asyncio.get_running_loop().create_future()
        else:
            await stop.wait()
