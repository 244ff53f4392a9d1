# SPDX-License-Identifier: MIT
"""Plain data objects returned by the bindings (dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Dict, Mapping, Optional, Type, Union

from .enums import ActionType, AgentActivity, AgentStatus, AnnounceKind, CancelReason
from .enums import Channel, ContactState, EndReason, FollowupKind, OverflowCause, OverflowKind
from .enums import ReplyOverdue

__all__ = ["Action", "AgentInfo", "QueueInfo", "ContactInfo", "EngineCounts"]

#: reason/activity values are enum members when the bindings know them, else
#: plain ints (a newer library).
Reason = Union[
    CancelReason, EndReason, AgentStatus, AnnounceKind, OverflowKind,
    FollowupKind, ReplyOverdue, int,
]

#: The enum of ``Action.reason`` / ``Action.activity`` by action type (the
#: others are plain ints).
REASON_ENUM: Mapping[int, Type[IntEnum]] = {
    ActionType.OFFER_CANCEL: CancelReason,
    ActionType.CONTACT_ENDED: EndReason,
    ActionType.AGENT_STATE: AgentStatus,
    ActionType.ANNOUNCE: AnnounceKind,
    ActionType.OVERFLOW: OverflowKind,
    ActionType.FOLLOWUP: FollowupKind,
    ActionType.REPLY_OVERDUE: ReplyOverdue,
}
ACTIVITY_ENUM: Mapping[int, Type[IntEnum]] = {
    ActionType.AGENT_STATE: AgentActivity,
    ActionType.OVERFLOW: OverflowCause,
}


@dataclass(frozen=True)
class Action:
    """One action from the engine (``acdr_action``), decoded during the
    callback: the strings are Python copies, safe to keep.

    ``reason`` is typed by ``type``: OFFER_CANCEL -> :class:`CancelReason`,
    CONTACT_ENDED -> :class:`EndReason`, AGENT_STATE -> :class:`AgentStatus`,
    ANNOUNCE -> :class:`AnnounceKind`, OVERFLOW -> :class:`OverflowKind`,
    FOLLOWUP -> :class:`FollowupKind`; 0 otherwise.  ``activity`` is an
    :class:`AgentActivity` for AGENT_STATE and an :class:`OverflowCause` for
    OVERFLOW.  ``channel`` is None when the C value is -1.
    """

    type: Union[ActionType, int]
    reason: Reason
    activity: Union[AgentActivity, OverflowCause, int]
    channel: Optional[Union[Channel, int]]
    time: int
    contact_id: Optional[str]
    agent_id: Optional[str]
    queue_id: Optional[str]
    customer_id: Optional[str]
    text: Optional[str]
    position: int
    value_ms: int

    def __str__(self) -> str:
        name = self.type.name if isinstance(self.type, ActionType) else str(self.type)
        parts = [name]
        for f in ("contact_id", "agent_id", "queue_id", "customer_id", "text"):
            v = getattr(self, f)
            if v is not None:
                parts.append(f"{f.replace('_id', '')}={v}")
        if self.reason:
            r = self.reason
            parts.append(f"reason={r.name if hasattr(r, 'name') else r}")
        if self.type == ActionType.AGENT_STATE or self.type == ActionType.OVERFLOW:
            a = self.activity
            parts.append(f"activity={a.name if hasattr(a, 'name') else a}")
        if self.position:
            parts.append(f"position={self.position}")
        if self.value_ms:
            parts.append(f"value_ms={self.value_ms}")
        return " ".join(parts)


@dataclass(frozen=True)
class AgentInfo:
    """``acdr_agent_info``.  Times are host nanoseconds."""

    status: Union[AgentStatus, int]
    activity: Union[AgentActivity, int]
    load: Dict[Channel, int]
    capacity: Dict[Channel, int]
    offers: int
    missed_in_row: int
    handled: int
    talk_ns: int
    idle_since: int
    login_time: int
    away_reason: Optional[str]
    queues: int


@dataclass(frozen=True)
class QueueInfo:
    """``acdr_queue_info``: a real-time view of a queue."""

    waiting: int
    offered: int
    connected: int
    members: int
    agents_logged_in: int
    agents_ready: int
    agents_busy: int
    agents_wrapup: int
    agents_away: int
    open: bool
    longest_wait_ns: int
    estimated_wait_ms: int
    strategy: Optional[str]


@dataclass(frozen=True)
class ContactInfo:
    """``acdr_contact_info`` of a live contact."""

    state: Union[ContactState, int]
    channel: Union[Channel, int]
    priority: int
    is_callback: bool
    arrival: int
    answered: int
    position: int
    offers: int
    queue_id: Optional[str]
    agent_id: Optional[str]


@dataclass(frozen=True)
class EngineCounts:
    """``acdr_engine_counts``."""

    agents: int
    queues: int
    contacts_live: int
    contacts_arrived: int
    contacts_ended: int
