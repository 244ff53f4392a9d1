"""Queue business hours (``policy.h``)."""

from __future__ import annotations

import ctypes
from ctypes import POINTER, byref, c_int32
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _lib as C
from ._conv import StrOrNone
from ._conv import b_ as _b
from ._conv import time_ as _time
from ._mixin import EngineMixin
from .enums import OverflowKind, parse_enum

__all__ = ["HoursMixin", "Weekday", "AtClosing", "HoursState"]


class Weekday(IntEnum):
    MONDAY = 0
    TUESDAY = 1
    WEDNESDAY = 2
    THURSDAY = 3
    FRIDAY = 4
    SATURDAY = 5
    SUNDAY = 6


class AtClosing(IntEnum):
    """What happens at closing time to contacts still waiting."""

    KEEP = 0
    OVERFLOW = 1


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
        return int(h) * 60 + int(m or 0)
    return int(v)


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


class HoursMixin(EngineMixin):
    """Business hours of queues."""

    def set_hours(
        self,
        queue_id: str,
        week: Mapping[Union[Weekday, int, str], Sequence[Interval]],
        *,
        holidays: Optional[Mapping[str, Sequence[Interval]]] = None,
        closed_text: StrOrNone = None,
        closed_kind: Union[OverflowKind, int, str] = OverflowKind.NONE,
        closed_target: StrOrNone = None,
        at_closing: Union[AtClosing, int, str] = AtClosing.KEEP,
    ) -> None:
        """Set a queue's business hours.

        ``week``: weekday (``Weekday``, 0..6 or ``"monday"``) -> open
        intervals as ``(open, close)`` in minutes after midnight or
        ``"HH:MM"``, or ``"09:00-17:00"`` strings; days left out are closed.
        ``holidays``: ``"YYYY-MM-DD"`` -> intervals (empty: closed all day).
        """
        h = C.acdr_hours()
        self._L.require("acdr_hours_default_versioned")(C.ACDR_HOURS_V1, byref(h))
        keep: List[Any] = []
        for day, ivs in week.items():
            d = parse_enum(Weekday, day)
            p, n = _intervals(ivs, keep)
            h.week[d].intervals = p
            h.week[d].nintervals = n
        hol = list((holidays or {}).items())
        if hol:
            harr = (C.acdr_holiday * len(hol))()
            for i, (date, ivs) in enumerate(hol):
                db = _b(date, "holiday date")
                keep.append(db)
                p, n = _intervals(ivs, keep)
                harr[i].date = db
                harr[i].intervals = p
                harr[i].nintervals = n
            keep.append(harr)
            h.holidays = ctypes.cast(harr, POINTER(C.acdr_holiday))
            h.nholidays = len(hol)
        strs = [_b(closed_text, "closed_text"), _b(closed_target, "closed_target")]
        keep.append(strs)
        h.closed_text, h.closed_target = strs
        h.closed_kind = parse_enum(OverflowKind, closed_kind)
        h.at_closing = parse_enum(AtClosing, at_closing)
        self._call(
            "acdr_queue_set_hours_versioned", _b(queue_id, "queue id"), C.ACDR_HOURS_V1, byref(h)
        )

    def clear_hours(self, queue_id: str) -> None:
        """Remove a queue's business hours (always open)."""
        self._call(
            "acdr_queue_set_hours_versioned", _b(queue_id, "queue id"), C.ACDR_HOURS_V1, None
        )

    def hours_state(self, queue_id: str, now: Optional[int] = None) -> HoursState:
        """Whether a queue is open at ``now`` and when that next changes."""
        o = c_int32()
        nxt = C.acdr_tstamp()
        t = self.now() if now is None else _time(now)
        self._call("acdr_queue_hours_state", _b(queue_id, "queue id"), t, byref(o), byref(nxt))
        n = int(nxt.value)
        return HoursState(bool(o.value), None if n == C.ACDR_TSTAMP_MAX else n)
