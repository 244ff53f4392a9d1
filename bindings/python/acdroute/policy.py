# SPDX-License-Identifier: MIT
"""Queue business hours (``policy.h``): :attr:`Engine.hours
<acdroute.Engine.hours>`."""

from __future__ import annotations

import ctypes
from ctypes import POINTER, byref, c_int32
from dataclasses import dataclass
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _lib as C
from ._conv import StrOrNone
from ._conv import b_ as _b
from ._conv import int_
from ._part import EnginePart, serialised
from .enums import AtClosing, OverflowKind, Weekday, parse_enum

__all__ = ["EngineHours", "Weekday", "AtClosing", "HoursState"]


@dataclass(frozen=True)
class HoursState:
    """Whether a queue is open, and when that next changes (None: never,
    the queue has no hours)."""

    open: bool
    next_change: Optional[int]

    def __bool__(self) -> bool:
        return self.open


MinuteLike = Union[int, str]
Interval = Union[Tuple[MinuteLike, MinuteLike], str]


def _minute(v: MinuteLike) -> int:
    if isinstance(v, str):
        h, _, m = v.strip().partition(":")
        try:
            return int(h) * 60 + int(m or 0)
        except ValueError:
            raise ValueError(f"hours: {v!r} is not a time of day (HH:MM)") from None
    return int_(v, c_int32, "hours: minute of the day")


def _intervals(items: Iterable[Interval], keep: List[Any]) -> Tuple[Any, int]:
    pairs = []
    for it in items:
        if isinstance(it, str):  # "09:00-17:30"
            a, _, b = it.partition("-")
            pairs.append((_minute(a), _minute(b)))
        else:
            pairs.append((_minute(it[0]), _minute(it[1])))
    if not pairs:
        return None, 0
    arr = (C.acdr_interval * len(pairs))(*[C.acdr_interval(a, b) for a, b in pairs])
    keep.append(arr)
    return ctypes.cast(arr, POINTER(C.acdr_interval)), len(pairs)


@serialised
class EngineHours(EnginePart):
    """Business hours of queues (``engine.hours``)."""

    __slots__ = ()

    def set(
        self,
        queue_id: str,
        week: Mapping[Union[Weekday, int, str], Sequence[Interval]],
        *,
        holidays: Optional[Mapping[str, Sequence[Interval]]] = None,
        closed_text: StrOrNone = None,
        closed_kind: Union[OverflowKind, int, str, None] = None,
        closed_target: StrOrNone = None,
        at_closing: Union[AtClosing, int, str, None] = None,
    ) -> None:
        """Set a queue's business hours.

        ``week``: weekday (``Weekday``, 0..6 or ``"monday"``) -> open
        intervals as ``(open, close)`` in minutes after midnight or
        ``"HH:MM"``, or ``"09:00-17:00"`` strings; days left out are closed.
        ``holidays``: ``"YYYY-MM-DD"`` -> intervals (empty: closed all day).
        The week is always replaced; each keyword argument left out (None)
        keeps the queue's current value (holidays, closed_text,
        closed_kind, closed_target, at_closing), or the default if the
        queue has no hours yet: no holidays, closed kind ``none``,
        ``at_closing`` ``keep``.  ``holidays={}`` removes the holidays.
        """
        cur = self._current(queue_id)
        if cur is not None:
            if holidays is None:
                holidays = {x["date"]: x.get("open", []) for x in cur.get("holidays", ())}
            if closed_text is None:
                closed_text = cur.get("closed_text")
            if closed_kind is None:
                closed_kind = cur.get("closed_kind")
            if closed_target is None:
                closed_target = cur.get("closed_target")
            if at_closing is None:
                at_closing = cur.get("at_closing")
        h = C.acdr_hours()
        self._e._L.acdr_hours_default_versioned(C.ACDR_HOURS_V1, byref(h))
        keep: List[Any] = []
        for day, ivs in week.items():
            d = parse_enum(Weekday, day, "weekday")
            if not 0 <= d < len(h.week):
                raise ValueError(f"hours: unknown weekday {day!r} (0..6 or a name)")
            h.week[d].intervals, h.week[d].nintervals = _intervals(ivs, keep)
        hol = list((holidays or {}).items())
        if hol:
            harr = (C.acdr_holiday * len(hol))()
            for i, (date, ivs) in enumerate(hol):
                db = _b(date, "holiday date")
                keep.append(db)
                harr[i].date = db
                harr[i].intervals, harr[i].nintervals = _intervals(ivs, keep)
            keep.append(harr)
            h.holidays = ctypes.cast(harr, POINTER(C.acdr_holiday))
            h.nholidays = len(hol)
        strs = [_b(closed_text, "closed_text"), _b(closed_target, "closed_target")]
        keep.append(strs)
        h.closed_text, h.closed_target = strs
        if closed_kind is not None:
            h.closed_kind = parse_enum(OverflowKind, closed_kind, "closed_kind")
        if at_closing is not None:
            h.at_closing = parse_enum(AtClosing, at_closing, "at_closing")
        self._put(queue_id, byref(h))

    def _current(self, queue_id: str) -> Optional[Mapping[str, Any]]:
        """The queue's hours as the configuration export writes them; None
        if the queue has none (or does not exist: setting then reports
        it)."""
        if not isinstance(queue_id, str):
            return None
        for q in self._e.config.export().get("queues", ()):
            if isinstance(q, dict) and q.get("id") == queue_id:
                hours = q.get("hours")
                return hours if isinstance(hours, dict) else None
        return None

    def clear(self, queue_id: str) -> None:
        """Remove a queue's business hours (always open)."""
        self._put(queue_id, None)

    def _put(self, queue_id: str, hours: Any) -> None:
        self._e._call(
            "acdr_queue_set_hours_versioned", _b(queue_id, "queue id"), C.ACDR_HOURS_V1, hours
        )

    def state(self, queue_id: str, now: Optional[int] = None) -> HoursState:
        """Whether a queue is open at ``now`` and when that next changes."""
        o = c_int32()
        nxt = C.acdr_tstamp()
        t = self._e._t_or_latest(now)
        self._e._call("acdr_queue_hours_state", _b(queue_id, "queue id"), t, byref(o), byref(nxt))
        n = int(nxt.value)
        return HoursState(bool(o.value), None if n == C.ACDR_TSTAMP_MAX else n)
