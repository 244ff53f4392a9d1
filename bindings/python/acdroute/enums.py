# SPDX-License-Identifier: MIT
"""Enumerations mirroring the C headers (same values): ``types.h`` and
``engine.h``, plus those of ``metrics.h`` and ``policy.h`` (also importable
from :mod:`acdroute.metrics` and :mod:`acdroute.policy`)."""

from __future__ import annotations

import operator
from enum import IntEnum, IntFlag
from typing import Optional, Type, TypeVar, Union

__all__ = [
    "Channel",
    "AgentStatus",
    "AgentActivity",
    "ContactState",
    "EndReason",
    "ActionType",
    "CancelReason",
    "AnnounceKind",
    "OverflowKind",
    "OverflowCause",
    "FollowupKind",
    "RejectHow",
    "SurveyKind",
    "DispositionFlag",
    "SlVariant",
    "FcrKey",
    "Weekday",
    "AtClosing",
    "SECOND",
    "MILLISECOND",
    "MICROSECOND",
    "NANOSECOND",
    "TSTAMP_MAX",
]

NANOSECOND = 1
MICROSECOND = 1_000
MILLISECOND = 1_000_000
SECOND = 1_000_000_000
#: "No deadline" (ACDR_TSTAMP_MAX).
TSTAMP_MAX = 2**64 - 1


class Channel(IntEnum):
    VOICE = 0
    CHAT = 1
    EMAIL = 2


class AgentStatus(IntEnum):
    LOGGED_OUT = 0
    AVAILABLE = 1
    AWAY = 2


class AgentActivity(IntEnum):
    IDLE = 0
    OFFERED = 1
    ON_CONTACT = 2
    WRAPUP = 3


class ContactState(IntEnum):
    WAITING = 0
    OFFERED = 1
    CONNECTED = 2
    WRAPUP = 3
    ENDED = 4


class EndReason(IntEnum):
    NONE = 0
    COMPLETED = 1
    ABANDONED = 2
    TIMED_OUT = 3
    OVERFLOWED = 4
    TRANSFERRED = 5
    CALLBACK = 6
    REJECTED = 7


class ActionType(IntEnum):
    OFFER = 1
    OFFER_CANCEL = 2
    CONNECTED = 3
    QUEUED = 4
    WRAPUP = 5
    CONTACT_ENDED = 6
    AGENT_STATE = 7
    ANNOUNCE = 8
    OVERFLOW = 9
    CALLBACK = 10
    FOLLOWUP = 11
    REQUEUED = 12
    REPLY_OVERDUE = 13


class ReplyOverdue(IntEnum):
    """What happens to an assigned contact with no first reply in time."""

    ALERT = 0
    REASSIGN = 1


class CancelReason(IntEnum):
    ANSWERED_ELSEWHERE = 1
    NO_ANSWER = 2
    CALLER_HANGUP = 3
    AGENT_UNAVAILABLE = 4
    WITHDRAWN = 5
    REJECTED = 6


class AnnounceKind(IntEnum):
    POSITION = 1
    AGENT_ASSIGNED = 2
    OVER_CAPACITY = 3
    CLOSED = 4
    MESSAGE = 5


class OverflowKind(IntEnum):
    NONE = 0
    QUEUE = 1
    VOICEMAIL = 2
    CALLBACK = 3
    MESSAGE = 4


class TimeBase(IntEnum):
    """What a waiting contact's place in line counts from (a queue's
    ``time_base``): entry into the queue, or its original arrival."""
    QUEUE = 0
    SYSTEM = 1


class OverflowCause(IntEnum):
    MAX_WAIT = 1
    QUEUE_FULL = 2
    CLOSED = 3
    NO_AGENTS = 4
    QUEUE_REMOVED = 5


class FollowupKind(IntEnum):
    CALLBACK = 1
    MESSAGE = 2
    LIST = 3
    DNC = 4


class RejectHow(IntEnum):
    """``how`` of acdr_contact_reject (ACDR_REJECT_*)."""

    DECLINED = 0
    BUSY = 1
    NO_ANSWER = 2
    UNAVAILABLE = 3  # device unavailable / congested (since 1.1)


class SurveyKind(IntEnum):
    """What a survey score measures (acdr_survey_kind, metrics.h)."""

    CSAT = 0  # 1..5
    NPS = 1  # 0..10


class DispositionFlag(IntFlag):
    """Disposition code attributes (ACDR_DISPO_*, disposition.h)."""

    CONTACT_MADE = 0x01
    SUCCESS = 0x02
    FINAL = 0x04
    RESOLVED = 0x08
    FOLLOW_UP = 0x10
    CALLBACK = 0x20
    DNC = 0x40
    UNWORKABLE = 0x80


class SlVariant(IntEnum):
    """Service-level formula (``acdr_sl_variant``, metrics.h)."""

    ANSWERED = 0
    OFFERED = 1
    ABANDONED_IN_SL_OK = 2
    EXCLUDE_SHORT = 3


class FcrKey(IntEnum):
    """What identifies "the same issue" for FCR (``acdr_fcr_key``,
    metrics.h)."""

    CUSTOMER = 0
    CUSTOMER_REASON = 1


class Weekday(IntEnum):
    """Days of ``acdr_hours.week`` (policy.h)."""

    MONDAY = 0
    TUESDAY = 1
    WEDNESDAY = 2
    THURSDAY = 3
    FRIDAY = 4
    SATURDAY = 5
    SUNDAY = 6


class AtClosing(IntEnum):
    """What happens at closing time to contacts still waiting (policy.h)."""

    KEEP = 0
    OVERFLOW = 1


_E = TypeVar("_E", bound=IntEnum)


def to_enum(cls: Type[_E], value: int) -> Union[_E, int]:
    """``cls(value)``, or the plain int if the library sent a value this
    version of the bindings does not know (a newer library)."""
    try:
        return cls(value)
    except ValueError:
        return value


def parse_enum(cls: Type[Union[IntEnum, IntFlag]], value: Union[int, str],
               what: Optional[str] = None) -> int:
    """Accept an enum member, its int value, or its name (case-insensitive,
    ``-`` or ``_``).  An int must fit the C type (int32, uint32 for flags);
    ``what`` names the field in the error (default: the enum's name)."""
    if isinstance(value, str):
        key = value.strip().upper().replace("-", "_")
        try:
            return int(cls[key].value)
        except KeyError:
            names = ", ".join(m.name.lower() for m in cls)
            raise ValueError(f"unknown {cls.__name__} {value!r} (one of {names})") from None
    # C enums are int32_t: refuse what ctypes would truncate
    if isinstance(value, bool) or not hasattr(type(value), "__index__"):
        raise TypeError(f"{what or cls.__name__} must be a {cls.__name__} name or an int, "
                        f"not {type(value).__name__}")
    n = operator.index(value)
    lo, hi, cname = (0, 2**32 - 1, "uint32") if issubclass(cls, IntFlag) else (
        -(2**31), 2**31 - 1, "int32")
    if not lo <= n <= hi:
        from .errors import OutOfRange

        raise OutOfRange(what or cls.__name__, n, lo, hi, cname)
    return n
