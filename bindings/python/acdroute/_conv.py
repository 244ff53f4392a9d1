"""Conversions between Python values and C arguments (internal)."""

from __future__ import annotations

import ctypes
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import _lib as C
from .enums import (
    ActionType,
    AgentActivity,
    AgentStatus,
    AnnounceKind,
    CancelReason,
    Channel,
    EndReason,
    FollowupKind,
    OverflowCause,
    OverflowKind,
    parse_enum,
    to_enum,
)
from .records import Action

StrOrNone = Optional[str]
ChannelLike = Union[Channel, int, str]
Capacity = Union[Mapping[ChannelLike, int], Sequence[int]]
Skills = Union[Mapping[str, int], Iterable[Tuple[str, int]]]
Document = Union[str, bytes, Mapping[str, Any]]

_REASON_ENUM = {
    ActionType.OFFER_CANCEL: CancelReason,
    ActionType.CONTACT_ENDED: EndReason,
    ActionType.AGENT_STATE: AgentStatus,
    ActionType.ANNOUNCE: AnnounceKind,
    ActionType.OVERFLOW: OverflowKind,
    ActionType.FOLLOWUP: FollowupKind,
}
_ACTIVITY_ENUM = {
    ActionType.AGENT_STATE: AgentActivity,
    ActionType.OVERFLOW: OverflowCause,
}




def b_(s: Optional[str], what: str = "string") -> Optional[bytes]:
    if s is None:
        return None
    if isinstance(s, bytes):
        b = s
    elif isinstance(s, str):
        b = s.encode("utf-8", "surrogateescape")
    else:
        raise TypeError(f"{what} must be str, not {type(s).__name__}")
    if b"\0" in b:
        raise ValueError(f"{what} contains a NUL character: {s!r}")
    return b


def s_(b: Optional[bytes]) -> Optional[str]:
    return None if b is None else b.decode("utf-8", "surrogateescape")


def time_(now: int) -> int:
    now = int(now)
    if now < 0 or now > C.ACDR_TSTAMP_MAX:
        raise ValueError(f"time {now} out of range (uint64 nanoseconds)")
    return now


def channel_(ch: ChannelLike) -> int:
    return parse_enum(Channel, ch)


def kv_array(
    items: Optional[Mapping[str, str]], what: str
) -> Tuple[Any, int, List[bytes]]:
    if not items:
        return None, 0, []
    keep: List[bytes] = []
    arr = (C.acdr_kv * len(items))()
    for i, (k, v) in enumerate(items.items()):
        kb = b_(k, f"{what} key")
        vb = b_(str(v), f"{what} value")
        keep += [kb, vb]  # type: ignore[list-item]
        arr[i].key = kb
        arr[i].value = vb
    return arr, len(items), keep


def skill_array(skills: Optional[Skills]) -> Tuple[Any, int, List[bytes]]:
    if not skills:
        return None, 0, []
    pairs = list(skills.items() if isinstance(skills, Mapping) else skills)
    keep: List[bytes] = []
    arr = (C.acdr_skill * len(pairs))()
    for i, (name, level) in enumerate(pairs):
        nb = b_(name, "skill name")
        keep.append(nb)  # type: ignore[arg-type]
        arr[i].name = nb
        arr[i].level = int(level)
    return arr, len(pairs), keep


def per_channel(values: Any) -> Dict[Channel, int]:
    return {ch: int(values[ch]) for ch in Channel}


def decode_action(a: "C.acdr_action") -> Action:
    """Copy a C ``acdr_action`` into an :class:`Action` (call only while the
    C strings are valid, i.e. inside the callback)."""
    t = to_enum(ActionType, a.type)
    r_cls = _REASON_ENUM.get(t)  # type: ignore[call-overload]
    a_cls = _ACTIVITY_ENUM.get(t)  # type: ignore[call-overload]
    return Action(
        type=t,
        reason=to_enum(r_cls, a.reason) if r_cls else a.reason,
        activity=to_enum(a_cls, a.activity) if a_cls else a.activity,
        channel=None if a.channel < 0 else to_enum(Channel, a.channel),
        time=int(a.time),
        contact_id=s_(a.contact_id),
        agent_id=s_(a.agent_id),
        queue_id=s_(a.queue_id),
        customer_id=s_(a.customer_id),
        text=s_(a.text),
        position=int(a.position),
        value_ms=int(a.value_ms),
    )




def str_array(items: Optional[Iterable[str]], what: str) -> Tuple[Any, int, List[Any]]:
    """A ``const char *const *`` array (NULL when empty)."""
    lst = [b_(x, what) for x in (items or ())]
    if not lst:
        return None, 0, []
    arr = (ctypes.c_char_p * len(lst))(*lst)
    return arr, len(lst), [arr, lst]


def str_list(p: Any, n: int) -> List[str]:
    """Decode a C ``const char *const *`` of n strings."""
    return [s_(p[i]) or "" for i in range(n)] if n and p else []


def doc_bytes(doc: Document) -> bytes:
    """A JSON document as bytes: str, bytes, or a dict to serialise."""
    import json

    if isinstance(doc, bytes):
        return doc
    if isinstance(doc, str):
        return doc.encode("utf-8")
    return json.dumps(doc).encode("utf-8")
