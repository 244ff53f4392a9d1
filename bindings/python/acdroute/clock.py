# SPDX-License-Identifier: MIT
"""A clock for hosts: the engine's time is integer nanoseconds that the host
passes in; :class:`Clock` makes them so that a float from ``time.time()``
never reaches the engine (the engine refuses floats with TypeError)."""

from __future__ import annotations

import time
from typing import Callable, Optional

from .enums import MILLISECOND, SECOND

__all__ = ["Clock"]


class Clock:
    """Engine time in integer nanoseconds, 0 when the clock is made.

    ``clock()`` (or ``clock.now()``) reads ``source`` (default
    :func:`time.monotonic_ns`, which never goes back, unlike wall time) and
    subtracts its value at creation, so times start near 0 and stay far
    from the engine's limit.  Pass the result as ``now``::

        clock = acdroute.Clock()
        eng.login("alice", clock())
        eng.arrive("c1", "sales", clock())

    ``source`` must return ints (nanoseconds); a test can pass its own
    counter.  ``Clock.seconds(1.5)`` / ``Clock.ms(250)`` convert durations
    to nanoseconds, rounding to the nearest nanosecond.
    """

    __slots__ = ("_source", "_origin")

    def __init__(self, source: Callable[[], int] = time.monotonic_ns,
                 origin: Optional[int] = None) -> None:
        self._source = source
        self._origin = self._read() if origin is None else origin
        if type(self._origin) is not int:
            raise TypeError(f"origin must be an int (nanoseconds), not "
                            f"{type(self._origin).__name__}")

    def _read(self) -> int:
        v = self._source()
        if type(v) is not int:
            raise TypeError(f"the clock's source must return int nanoseconds, not "
                            f"{type(v).__name__} ({v!r})")
        return v

    @property
    def origin(self) -> int:
        """The source's value at time 0."""
        return self._origin

    def now(self) -> int:
        """Nanoseconds since the clock was made (never negative: a source
        that went back before the origin gives 0)."""
        return max(0, self._read() - self._origin)

    __call__ = now

    @staticmethod
    def seconds(s: float) -> int:
        """A duration in seconds as integer nanoseconds."""
        return round(s * SECOND)

    @staticmethod
    def ms(ms: float) -> int:
        """A duration in milliseconds as integer nanoseconds."""
        return round(ms * MILLISECOND)
