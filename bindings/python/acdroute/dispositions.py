# SPDX-License-Identifier: MIT
"""Disposition codes, follow-up rules, do-not-contact list
(``disposition.h``): :attr:`Engine.dispositions
<acdroute.Engine.dispositions>` and :attr:`Engine.dnc <acdroute.Engine.dnc>`."""

from __future__ import annotations

from ctypes import byref, c_int32, c_uint32, c_uint64
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, List, Optional, Sequence, Union

from . import _lib as C
from ._conv import StrOrNone, from_struct
from ._conv import b_ as _b
from ._conv import s_ as _s
from ._conv import str_array, str_list
from ._conv import int_, ms_, set_int
from ._part import EnginePart, serialised
from .enums import DispositionFlag, EndReason, FollowupKind, parse_enum, to_enum

__all__ = [
    "EngineDispositions",
    "EngineDnc",
    "DispositionCode",
    "DispositionRecord",
    "DispositionChange",
    "FollowupRule",
    "DispositionStats",
    "DncStatus",
]

FlagsLike = Union[DispositionFlag, int, Iterable[Union[DispositionFlag, str]], str]


def _flags(v: FlagsLike) -> int:
    """DispositionFlag, int, "resolved|final", or ["resolved", "final"]."""
    if isinstance(v, (int, DispositionFlag)):
        return int_(v, c_uint32, "attrs")
    items: List[Union[DispositionFlag, str]] = []
    items += v.replace(",", "|").split("|") if isinstance(v, str) else v
    out = 0
    for it in items:
        if isinstance(it, str):
            it = it.strip()
            if not it:
                continue
            out |= parse_enum(DispositionFlag, it)
        else:
            out |= int_(it, c_uint32, "attrs")
    return out


@dataclass(frozen=True)
class DispositionCode:
    """``acdr_dispo_code``.  ``queues`` empty: allowed on every queue;
    durations 0: no limit; ``auto_end_reason`` 0: never automatic."""

    id: str
    label: Optional[str] = None
    category: Optional[str] = None
    attrs: DispositionFlag = DispositionFlag(0)
    queues: Sequence[str] = field(default_factory=tuple)
    min_duration_ms: int = 0
    max_duration_ms: int = 0
    auto_end_reason: Union[EndReason, int] = 0
    dnc_ms: int = 0


@dataclass(frozen=True)
class DispositionRecord:
    """``acdr_dispo_record``: the disposition of one contact."""

    primary: Optional[str]
    tags: List[str]
    attrs: DispositionFlag
    all_attrs: DispositionFlag
    closed: bool
    end_reason: Union[EndReason, int]
    corrections: int
    duration_ms: int
    queue_id: Optional[str]
    agent_id: Optional[str]
    customer_id: Optional[str]
    closed_at: int


@dataclass(frozen=True)
class DispositionChange:
    """``acdr_dispo_change``: one logged correction (codes space-joined)."""

    contact_id: str
    old_codes: str
    new_codes: str
    time: int


@dataclass(frozen=True)
class FollowupRule:
    """``acdr_dispo_rule``."""

    id: str
    code: str
    action: Union[FollowupKind, int]
    queue: Optional[str] = None
    attr_key: Optional[str] = None
    attr_value: Optional[str] = None
    argument: Optional[str] = None
    delay_ms: int = 0
    duration_ms: int = 0


@dataclass(frozen=True)
class DispositionStats:
    """``acdr_dispo_stats``."""

    contacts: int
    code_total: int
    code_primary: int
    contact_made: int
    success: int
    resolved: int
    dnc: int
    unworkable: int
    code_share: float
    contact_rate: float
    success_rate: float
    resolution_rate: float


@dataclass(frozen=True)
class DncStatus:
    """Result of :meth:`EngineDnc.check`.  ``until``: expiry of
    the entry (None: never expires, or contactable)."""

    contactable: bool
    until: Optional[int]

    def __bool__(self) -> bool:
        return self.contactable


def _code_from_c(c: C.acdr_dispo_code) -> DispositionCode:
    return DispositionCode(
        id=_s(c.id) or "",
        label=_s(c.label),
        category=_s(c.category),
        attrs=DispositionFlag(c.attrs),
        queues=tuple(str_list(c.queues, c.nqueues)),
        min_duration_ms=c.min_duration_ms,
        max_duration_ms=c.max_duration_ms,
        auto_end_reason=to_enum(EndReason, c.auto_end_reason),
        dnc_ms=c.dnc_ms,
    )


def _code_to_c(code: DispositionCode, keep: List[Any]) -> C.acdr_dispo_code:
    c = C.acdr_dispo_code()
    C.lib().acdr_dispo_code_default_versioned(C.ACDR_DISPO_CODE_V1, byref(c))
    strs = [_b(code.id, "code id"), _b(code.label, "label"), _b(code.category, "category")]
    keep.append(strs)
    c.id, c.label, c.category = strs
    c.attrs = _flags(code.attrs)
    c.queues, c.nqueues = str_array(code.queues, "queue id", keep)
    set_int(c, "min_duration_ms", code.min_duration_ms)
    set_int(c, "max_duration_ms", code.max_duration_ms)
    c.auto_end_reason = parse_enum(EndReason, code.auto_end_reason, "auto_end_reason")
    set_int(c, "dnc_ms", code.dnc_ms)
    return c


def _as_code(code: Union[DispositionCode, str], fields: Any) -> DispositionCode:
    return code if isinstance(code, DispositionCode) else DispositionCode(code, **fields)


@serialised
class EngineDispositions(EnginePart):
    """Disposition catalog, contact dispositions, follow-up rules and
    statistics of an Engine (``engine.dispositions``)."""

    __slots__ = ()

    # -- catalog ------------------------------------------------------------

    def _put_code(self, fname: str, dc: DispositionCode) -> None:
        keep: List[Any] = []
        self._e._call(fname, C.ACDR_DISPO_CODE_V1, byref(_code_to_c(dc, keep)))

    def add_code(self, code: Union[DispositionCode, str], **fields: Any) -> None:
        """Add a disposition code at the end of the catalog: a
        :class:`DispositionCode`, or its id plus fields (``attrs`` as
        :class:`DispositionFlag`, int, ``"resolved|final"`` or a list)."""
        self._put_code("acdr_dispo_code_add_versioned", _as_code(code, fields))

    def update_code(self, code: Union[DispositionCode, str], **fields: Any) -> None:
        """Change an existing code.  Given its id plus fields, only those
        fields change (one left out or None keeps its current value); given
        a :class:`DispositionCode`, that is the whole new definition (with
        ``fields`` applied on top)."""
        given = {k: v for k, v in fields.items() if v is not None}
        if isinstance(code, DispositionCode):
            dc = replace(code, **given)
        else:
            # the current definition, so that what is not passed stays; an
            # unknown id falls through and the update reports it
            cur = next((c for c in self.codes() if c.id == code), None)
            dc = replace(cur, **given) if cur is not None else DispositionCode(code, **given)
        self._put_code("acdr_dispo_code_update_versioned", dc)

    def remove_code(self, code_id: str) -> None:
        """Remove a code (contacts carrying it keep it)."""
        self._e._call("acdr_dispo_code_remove", _b(code_id, "code id"))

    def code(self, code_id: str) -> DispositionCode:
        """One code of the catalog."""
        return _code_from_c(self._e._get(C.acdr_dispo_code(), "acdr_dispo_code_get_versioned",
                                         _b(code_id, "code id"), C.ACDR_DISPO_CODE_V1))

    def codes(self) -> List[DispositionCode]:
        """The whole catalog, in catalog order."""
        out = []
        for i in range(self._e._L.acdr_dispo_code_count(self._e.handle)):
            c = self._e._get(C.acdr_dispo_code(), "acdr_dispo_code_at_versioned", i,
                             C.ACDR_DISPO_CODE_V1)
            out.append(_code_from_c(c))
        return out

    def set_catalog(self, codes: Iterable[DispositionCode]) -> None:
        """Replace the whole catalog (all or nothing)."""
        lst = list(codes)
        keep: List[Any] = []
        arr = (C.acdr_dispo_code * max(1, len(lst)))()
        for i, dc in enumerate(lst):
            arr[i] = _code_to_c(dc, keep)
        self._e._call(
            "acdr_dispo_catalog_set_versioned", C.ACDR_DISPO_CODE_V1,
            arr if lst else None, len(lst),
        )

    def reset_catalog(self) -> None:
        """Put back the built-in catalog."""
        self._e._call("acdr_dispo_catalog_reset")

    # -- dispositions of contacts -------------------------------------------

    def _codes(self, fname: str, contact_id: str, primary: str, now: Optional[int],
               tags: Sequence[str]) -> None:
        keep: List[Any] = []
        arr, n = str_array(tags, "tag", keep)
        self._e._call(fname, _b(contact_id, "contact id"), _b(primary, "code"), arr, n,
                      self._e._t(now))

    def set(self, contact_id: str, primary: str, now: Optional[int] = None,
            tags: Sequence[str] = ()) -> None:
        """The agent's disposition of a contact in wrap-up: a primary code
        plus extra tags."""
        self._codes("acdr_dispo_set", contact_id, primary, now, tags)

    def correct(self, contact_id: str, primary: str, now: Optional[int] = None,
                tags: Sequence[str] = ()) -> None:
        """Change the codes of a closed contact still in the history."""
        self._codes("acdr_dispo_correct", contact_id, primary, now, tags)

    def get(self, contact_id: str) -> DispositionRecord:
        """The disposition of a live contact or of a closed one in the
        history."""
        r = self._e._get(C.acdr_dispo_record(), "acdr_dispo_get_versioned",
                         _b(contact_id, "contact id"), C.ACDR_DISPO_RECORD_V1)
        return from_struct(
            DispositionRecord, r, tags=str_list(r.tags, r.ntags), attrs=DispositionFlag(r.attrs),
            all_attrs=DispositionFlag(r.all_attrs), end_reason=to_enum(EndReason, r.end_reason),
        )

    def set_limits(self, history: int, changes: int) -> None:
        """How many closed contacts the history keeps and how many
        corrections the change log keeps."""
        self._e._call("acdr_dispo_set_limits", int_(history, c_uint32, "history"),
                      int_(changes, c_uint32, "changes"))

    def changes(self) -> List[DispositionChange]:
        """The correction log, oldest first."""
        out = []
        for i in range(self._e._L.acdr_dispo_change_count(self._e.handle)):
            ch = self._e._get(C.acdr_dispo_change(), "acdr_dispo_change_at", i)
            out.append(
                DispositionChange(
                    _s(ch.contact_id) or "", _s(ch.old_codes) or "", _s(ch.new_codes) or "",
                    ch.time,
                )
            )
        return out

    # -- follow-up rules ----------------------------------------------------

    def add_rule(
        self,
        rule_id: str,
        code: str,
        action: Union[FollowupKind, int, str],
        *,
        queue: StrOrNone = None,
        attr_key: StrOrNone = None,
        attr_value: StrOrNone = None,
        argument: StrOrNone = None,
        delay_ms: int = 0,
        duration_ms: int = 0,
    ) -> None:
        """Add a follow-up rule: when a contact closes carrying ``code``
        (optionally only on ``queue`` / with attribute ``attr_key`` ==
        ``attr_value``), emit a FOLLOWUP action ``delay_ms`` later."""
        r = C.acdr_dispo_rule()
        self._e._L.acdr_dispo_rule_default_versioned(C.ACDR_DISPO_RULE_V1, byref(r))
        keep = [
            _b(rule_id, "rule id"), _b(code, "code"), _b(queue, "queue"),
            _b(attr_key, "attr_key"), _b(attr_value, "attr_value"), _b(argument, "argument"),
        ]
        r.id, r.code, r.queue, r.attr_key, r.attr_value, r.argument = keep
        r.action = parse_enum(FollowupKind, action, "action")
        set_int(r, "delay_ms", delay_ms)
        set_int(r, "duration_ms", duration_ms)
        self._e._call("acdr_dispo_rule_add_versioned", C.ACDR_DISPO_RULE_V1, byref(r))

    def remove_rule(self, rule_id: str) -> None:
        """Remove a rule (follow-ups already scheduled still fire)."""
        self._e._call("acdr_dispo_rule_remove", _b(rule_id, "rule id"))

    def rule(self, rule_id: str) -> FollowupRule:
        """Read a rule."""
        r = self._e._get(C.acdr_dispo_rule(), "acdr_dispo_rule_get_versioned",
                         _b(rule_id, "rule id"), C.ACDR_DISPO_RULE_V1)
        strs = {f: _s(getattr(r, f)) for f in ("queue", "attr_key", "attr_value", "argument")}
        return FollowupRule(id=_s(r.id) or "", code=_s(r.code) or "",
                            action=to_enum(FollowupKind, r.action), delay_ms=r.delay_ms,
                            duration_ms=r.duration_ms, **strs)

    def rule_count(self) -> int:
        """Number of follow-up rules."""
        return int(self._e._L.acdr_dispo_rule_count(self._e.handle))

    def pending_followups(self) -> int:
        """Follow-ups scheduled and not yet fired."""
        return int(self._e._L.acdr_dispo_pending_count(self._e.handle))

    # -- statistics ---------------------------------------------------------

    def stats(
        self, *, queue_id: StrOrNone = None, agent_id: StrOrNone = None, code: StrOrNone = None
    ) -> DispositionStats:
        """Disposition counts for a queue, an agent, or everything."""
        st = self._e._get(
            C.acdr_dispo_stats(), "acdr_dispo_stats_get_versioned", _b(queue_id, "queue id"),
            _b(agent_id, "agent id"), _b(code, "code"), C.ACDR_DISPO_STATS_V1,
        )
        return from_struct(DispositionStats, st)

    def reset_stats(self) -> None:
        """Start a new statistics period."""
        self._e._call("acdr_dispo_stats_reset")


@serialised
class EngineDnc(EnginePart):
    """The do-not-contact list of an Engine (``engine.dnc``)."""

    __slots__ = ()

    def add(self, key: str, now: Optional[int] = None, duration_ms: int = 0) -> None:
        """Put ``key`` (customer id or number) on the do-not-contact list
        for ``duration_ms`` (0: until removed)."""
        self._e._call("acdr_dnc_add", _b(key, "key"), ms_(duration_ms, "duration_ms"),
                      self._e._t(now))

    def remove(self, key: str) -> None:
        """Take ``key`` off the list (:class:`NotFound` if absent)."""
        self._e._call("acdr_dnc_remove", _b(key, "key"))

    def check(self, key: str, now: Optional[int] = None) -> DncStatus:
        """May ``key`` be contacted at ``now``?  (The result is truthy when
        it may.)"""
        ok = c_int32()
        until = C.acdr_tstamp()
        self._e._call("acdr_dnc_check", _b(key, "key"), self._e._t(now), byref(ok),
                      byref(until))
        u = int(until.value)
        return DncStatus(bool(ok.value), None if u in (0, C.ACDR_TSTAMP_MAX) else u)

    def count(self, now: Optional[int] = None) -> int:
        """Entries in force at ``now``."""
        n = c_uint64()
        self._e._call("acdr_dnc_count", self._e._t(now), byref(n))
        return int(n.value)

    def clear(self) -> None:
        """Remove every entry."""
        self._e._call("acdr_dnc_clear")
