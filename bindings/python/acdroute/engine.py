# SPDX-License-Identifier: MIT
"""The Pythonic engine: :class:`Engine`.

Times (``now``) are host monotonic nanoseconds (ints); use
:data:`acdroute.SECOND` / :data:`acdroute.MILLISECOND` to build them.  The
engine never reads a clock.

Threads: an :class:`Engine` may be used from any thread.  Its calls are
serialised by a re-entrant lock held for the whole method (the C library
itself allows one thread at a time): a second thread waits until the first
one's call has returned, ``close()`` included.  Callbacks run synchronously
on the calling thread, inside the method that caused them, holding the lock,
so they may call the engine again.
"""

from __future__ import annotations

import ctypes
import os
import sys
import json
import threading
import weakref
from ctypes import byref, c_int32, c_int64, c_size_t, c_void_p
from types import FrameType
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple, TypeVar, Union

from . import _lib as C
from ._conv import Capacity, ChannelLike, Skills, StrOrNone
from ._conv import b_ as _b
from ._conv import channel_ as _channel
from ._conv import check_args, decode_action, flag_, from_struct, int_, kv_array
from ._conv import set_int, skill_array
from ._conv import per_channel as _per_channel
from ._conv import s_ as _s
from ._conv import time_ as _time
from ._part import Deprecated, serialised
from .customers import EngineCustomers
from .dispositions import EngineDispositions, EngineDnc
from .documents import EngineConfig
from .enums import (AgentActivity, AgentStatus, Channel, ContactState, OverflowKind, RejectHow,
                    TimeBase)
from .enums import ReplyOverdue
from .enums import parse_enum, to_enum
from .errors import ErrorCode, InvalidState, make_error
from .metrics import EngineMetrics
from .policy import EngineHours
from .records import Action, AgentInfo, ContactInfo, EngineCounts, QueueInfo
from .strategy import StrategyFactory, StrategyFlag
from .strategy import register as _register_strategy

__all__ = ["Engine", "ActionCallback", "LocalTimeCallback", "version", "version_num"]

#: ``on_action(action)``: called for every action.  Its return value is
#: ignored; raise to signal a failure.
ActionCallback = Callable[[Action], Any]
#: ``local_time(queue_id, now) -> local seconds`` (Unix time plus the UTC
#: offset in effect) for business hours.
LocalTimeCallback = Callable[[str, int], int]


def version() -> str:
    """The library version string, e.g. ``"1.0.0"``."""
    return _s(C.lib().acdr_version()) or ""


def version_num() -> int:
    """The library version number 0xMMmmpp."""
    return int(C.lib().acdr_version_num())


S = TypeVar("S", bound=ctypes.Structure)


def _agent_info(i: C.acdr_agent_info) -> AgentInfo:
    return from_struct(AgentInfo, i, status=to_enum(AgentStatus, i.status),
                       activity=to_enum(AgentActivity, i.activity),
                       load=_per_channel(i.load), capacity=_per_channel(i.capacity))


_QUEUE_FIELDS = {
    name
    for name, _ in C.acdr_queue_def._fields_
    if name not in ("id", "strategy", "params", "nparams", "nrules")
}
#: the per-agent miss settings (acdr_agent_def V2), as the configuration
#: document spells them
_AGENT_MISS = ("no_answer_delay_ms", "reject_delay_ms", "busy_delay_ms", "max_missed",
               "missed_status", "on_demand")


def _miss(na: Optional[int], rej: Optional[int], busy: Optional[int], max_missed: Optional[int],
          status: Union[AgentStatus, str, int, None], on_demand: Optional[bool]) -> Dict[str, Any]:
    return dict(zip(_AGENT_MISS, (na, rej, busy, max_missed, status, on_demand)))


#: queue settings that are C booleans (also take True/False)
_QUEUE_FLAGS = {"join_when_empty", "leave_when_empty", "require_disposition",
                "wait_for_owner", "inbox",
                "position_counts_ringing", "weight_first", "max_wait_rings_out",
                "ring_timeout_restart",
                "tier_by_level", "tier_wait_multiply", "tier_no_agent_no_wait",
                "ring_all_tiers", "ring_add_late", "missed_busy",
                "missed_pause_queue", "missed_unavail"}
_OPTION_FLAGS = {"voice_blocks_other_channels", "record_events"}
#: app_queue joinempty conditions in bit order (ACDR_EMPTY_*, queue.h)
_EMPTY_NAMES = ("paused", "penalty", "inuse", "ringing", "unavailable", "invalid",
                "unknown", "wrapup")
_EMPTY_SHORT = {"yes": 0, "no": 0x23, "strict": 0x33, "loose": 0x22}


def _empty_bits(val: Any) -> int:
    """join_empty / leave_empty as bits: an int, or "paused,inuse" (or yes/no/strict/loose)."""
    if isinstance(val, int):
        return val
    bits = 0
    for w in str(val).split(","):
        if not w:
            continue
        if w in _EMPTY_SHORT:
            bits |= _EMPTY_SHORT[w]
        elif w in _EMPTY_NAMES:
            bits |= 1 << _EMPTY_NAMES.index(w)
        else:
            raise ValueError(f"join_empty: unknown condition {w!r} (known: "
                             f"{', '.join(_EMPTY_NAMES)}; yes, no, strict, loose)")
    return bits


def _pc_value(field: str, what: str) -> Tuple[int, bool]:
    """One bound of a penaltychange line: "" (unchanged), "+N" / "-N"
    (relative) or "N" (absolute), as app_queue reads it."""
    f = field.strip()
    try:
        return (int(f) if f else 0), (not f or f[0] in "+-")
    except ValueError:
        raise ValueError(f"rules: bad value {field!r} in {what!r}") from None


def _rule_array(rules: Mapping[str, Any], keep: List[Any]) -> Tuple[Any, int]:
    """``{"rule": ["T,max[,min[,raise]]", ...]}`` (T in seconds or "Nms",
    as the configuration's queue "rules") as an acdr_penalty_change array."""
    steps: List[Any] = []
    for name, lines in rules.items():
        if isinstance(lines, str):
            raise TypeError(f"rules[{name!r}]: expected a list of penaltychange lines")
        nb = _b(name, "rule name")
        keep.append(nb)
        for line in lines:
            parts = str(line).split(",")
            if len(parts) < 2 or len(parts) > 4:
                raise ValueError(f"rules[{name!r}]: {line!r} is not \"T,max[,min[,raise]]\"")
            t = parts[0].strip()
            after = int(t[:-2]) if t.endswith("ms") else int(t) * 1000
            parts += [""] * (4 - len(parts))
            st = C.acdr_penalty_change()
            st.rule = nb
            st.after_ms = after
            rel = 0
            for i, fld in enumerate(("max_penalty", "min_penalty", "raise_penalty")):
                v, r = _pc_value(parts[i + 1], str(line))
                setattr(st, fld, v)
                rel |= (1 << i) if r else 0
            st.relative = rel
            steps.append(st)
    if not steps:
        return None, 0
    arr = (C.acdr_penalty_change * len(steps))(*steps)
    keep.append(arr)
    return arr, len(steps)


def _assign_flags(over_capacity: bool, ignore_skills: bool) -> int:
    """ACDR_ASSIGN_OVER_CAPACITY (1) | ACDR_ASSIGN_IGNORE_SKILLS (2)."""
    return ((1 if flag_(over_capacity, "over_capacity") else 0)
            | (2 if flag_(ignore_skills, "ignore_skills") else 0))


def _api_name(cls: str) -> Optional[str]:
    """The public method of this package the user called (``Engine.arrive``),
    found on the stack when a call fails: messages name the Python API, not
    the C function behind it."""
    f: Optional[FrameType] = sys._getframe(2)
    here = os.path.dirname(os.path.abspath(__file__))
    found: Optional[str] = None
    while f is not None:
        code = f.f_code
        if os.path.dirname(os.path.abspath(code.co_filename)) != here:
            break
        if not code.co_name.startswith("_"):
            owner = f.f_locals.get("self")
            found = f"{type(owner).__name__ if owner is not None else cls}.{code.co_name}"
        f = f.f_back
    return found


# ---------------------------------------------------------------------------
# the engine


@serialised
class Engine:
    """A routing engine (``acdr_engine``).

    ``on_action`` receives every :class:`Action` the engine emits, during
    the method call that caused it.  It may call engine methods (for example
    :meth:`accept` an OFFER); it must not call :meth:`close`.  If it raises,
    the remaining actions are still delivered, and the method that triggered
    it re-raises that exception (the engine state is as the event left it:
    the event did happen).

    ``clock``: a callable returning the time in int nanoseconds (an
    :class:`acdroute.Clock`).  With a clock every ``now`` argument may be
    left out: the method reads the clock (a ``now`` passed still wins).
    Without one, event methods need ``now`` (``TypeError`` otherwise) and
    queries left without it use the engine's latest time.

    Options (``None`` keeps the library default): ``seed`` (random
    strategies), ``voice_blocks_other_channels``, ``unix_time_at_zero``
    (seconds; business hours without ``local_time``), ``max_id_len``,
    ``max_attrs``, ``max_skills``, ``max_members``, ``record_events``.

    Use as a context manager, or call :meth:`close`.

    Threads: every method (and those of the sub-objects, and reads of a
    Python strategy's members) holds the engine's re-entrant lock while it
    runs, so calls from several threads are serialised, never concurrent;
    :meth:`close` from another thread waits for the call in progress.  A
    callback must not wait for another thread that uses the same engine
    (that thread waits for the callback: a deadlock).

    Numbers are checked against their C types before anything reaches C:
    :class:`OutOfRange` (a ``ValueError`` and an ``OverflowError``) names
    the field and the range; times must be ints (``TypeError`` otherwise).

    Topics beyond agents, queues and contacts are sub-objects:
    :attr:`metrics`, :attr:`dispositions`, :attr:`dnc`, :attr:`hours` and
    :attr:`config`.  Their old method names on the engine itself
    (``queue_metrics``, ``set_disposition``, ``apply_config``...) are
    deprecated aliases, kept for one release.
    """

    def __init__(
        self,
        on_action: Optional[ActionCallback] = None,
        *,
        seed: Optional[int] = None,
        voice_blocks_other_channels: Optional[bool] = None,
        unix_time_at_zero: Optional[int] = None,
        max_id_len: Optional[int] = None,
        max_attrs: Optional[int] = None,
        max_skills: Optional[int] = None,
        max_members: Optional[int] = None,
        record_events: Optional[bool] = None,
        local_time: Optional[LocalTimeCallback] = None,
        clock: Optional[Callable[[], int]] = None,
    ) -> None:
        if clock is not None and not callable(clock):
            raise TypeError(f"clock must be callable (an acdroute.Clock), not "
                            f"{type(clock).__name__}")
        self._lock = threading.RLock()
        self._clock: Optional[Callable[[], int]] = clock
        # expiry watchers (acdroute.aio): told the new deadline after each
        # call that moved it
        self._watchers: List[Callable[[Optional[int]], None]] = []
        self._told_expiry = C.ACDR_TSTAMP_MAX
        self._L = C.lib()
        self._h: Optional[int] = None
        self.on_action: Optional[ActionCallback] = on_action
        self.local_time: Optional[LocalTimeCallback] = local_time
        self._pending: List[BaseException] = []
        self._in_callback = 0
        self._in_strategy = 0
        self._strategies: List[Any] = []  # Python strategy registrations

        opt = C.acdr_options()
        self._L.acdr_options_default_versioned(C.ACDR_OPTIONS_V1, byref(opt))
        for name, val in (
            ("seed", seed),
            ("voice_blocks_other_channels", voice_blocks_other_channels),
            ("unix_time_at_zero", unix_time_at_zero),
            ("max_id_len", max_id_len),
            ("max_attrs", max_attrs),
            ("max_skills", max_skills),
            ("max_members", max_members),
            ("record_events", record_events),
        ):
            if val is None:
                continue
            if name in _OPTION_FLAGS:
                setattr(opt, name, flag_(val, name))
            else:
                set_int(opt, name, val)

        # The trampolines hold only a weak reference to self, so that the
        # engine is freed when the last user reference goes.  The CFUNCTYPE
        # objects live as long as the engine (self._cb keeps them).
        ref = weakref.ref(self)

        def on_action_tramp(_e: int, pa: Any, _ud: int) -> int:
            eng = ref()
            if eng is None:
                return 0
            return eng._deliver(pa)

        def local_time_tramp(_e: int, qid: bytes, now: int, out: Any, _ud: int) -> int:
            eng = ref()
            if eng is None:
                return -1
            return eng._local_time(qid, now, out)

        cbs = C.acdr_callbacks()
        cbs.on_action = C.acdr_action_cb(on_action_tramp)
        # Without a Python local_time the C default (unix_time_at_zero plus
        # the queue's utc_offset) is used: leave the pointer NULL.
        self._has_local_time = local_time is not None
        if self._has_local_time:
            cbs.local_time = C.acdr_local_time_cb(local_time_tramp)
        self._cb = cbs  # keeps the CFUNCTYPE objects alive

        h = c_void_p()
        rc = self._L.acdr_engine_new_versioned(
            byref(h), C.ACDR_CALLBACKS_V1, byref(cbs), C.ACDR_OPTIONS_V1,
            byref(opt), None,
        )
        if rc < 0:
            raise make_error(rc, function="acdr_engine_new")
        self._h = h.value

    # -- topics -------------------------------------------------------------
    # Made on each access: a part holds the engine, the engine holds no part
    # (no reference cycle; an unreferenced engine is freed at once).

    @property
    def metrics(self) -> EngineMetrics:
        """Contact-center metrics (``metrics.h``)."""
        return EngineMetrics(self)

    @property
    def dispositions(self) -> EngineDispositions:
        """Disposition catalog, contact dispositions, follow-up rules and
        statistics (``disposition.h``)."""
        return EngineDispositions(self)

    @property
    def customers(self) -> EngineCustomers:
        """Customer memory: last agents, owners, history (``customer.h``)."""
        return EngineCustomers(self)

    @property
    def dnc(self) -> EngineDnc:
        """The do-not-contact list (``disposition.h``)."""
        return EngineDnc(self)

    @property
    def hours(self) -> EngineHours:
        """Business hours of queues (``policy.h``)."""
        return EngineHours(self)

    @property
    def config(self) -> EngineConfig:
        """JSON configuration, snapshots and event lines (``config.h``)."""
        return EngineConfig(self)

    # -- lifetime -----------------------------------------------------------

    def close(self) -> None:
        """Free the C engine (``acdr_engine_del``).  Idempotent.  Not allowed
        from inside a callback (:class:`Busy`).  From another thread it
        waits until the call in progress has returned; later calls raise
        :class:`InvalidState` ("engine is closed")."""
        if self._in_callback or self._in_strategy:
            raise make_error(
                ErrorCode.BUSY, "close() called from inside a callback", "acdr_engine_del"
            )
        h, self._h = self._h, None
        if h:
            self._L.acdr_engine_del(h)
            self._tell_expiry(C.ACDR_TSTAMP_MAX)
            if self._pending:  # from a Python strategy's destroy()
                self._raise_pending("acdr_engine_del")

    @property
    def closed(self) -> bool:
        return self._h is None

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            lock = getattr(self, "_lock", None)
            if lock is None:  # __init__ failed early
                return
            with lock:  # a thread reading a Member view may still hold it
                if self._h and not self._in_callback and not self._in_strategy:
                    self._L.acdr_engine_del(self._h)
                    self._h = None
                    self._pending = []
        except Exception:  # pragma: no cover - interpreter shutdown
            pass

    def __repr__(self) -> str:
        if self._h is None:
            return "<acdroute.Engine closed>"
        c = self.counts()
        return (
            f"<acdroute.Engine agents={c.agents} queues={c.queues} "
            f"live_contacts={c.contacts_live}>"
        )

    # -- plumbing -----------------------------------------------------------

    @property
    def handle(self) -> int:
        """The raw ``acdr_engine *`` (for :mod:`acdroute._lib` calls)."""
        if self._h is None:
            raise InvalidState(
                ErrorCode.INVALID_STATE, "ACDR_ERR_INVALID_STATE", "engine is closed"
            )
        return self._h

    @property
    def clock(self) -> Optional[Callable[[], int]]:
        """The clock given to the constructor (None: every event needs
        ``now``)."""
        return self._clock

    def _t(self, now: Optional[int], what: str = "time") -> int:
        """``now`` checked, or the clock's time when it is None."""
        if now is not None:
            return _time(now, what)
        if self._clock is None:
            raise TypeError("now is required: this engine has no clock "
                            "(pass now=..., or make it with Engine(clock=acdroute.Clock()))")
        return _time(self._clock(), "clock()")

    def _t_or_latest(self, now: Optional[int]) -> int:
        """For queries: ``now``, else the clock, else the engine's latest
        time."""
        if now is None and self._clock is None:
            return int(self._L.acdr_engine_now(self.handle))
        return self._t(now)

    def _watch_expiry(self, fn: Callable[[Optional[int]], None]) -> None:
        """Call ``fn(deadline or None)`` whenever the engine's next deadline
        changes (checked after every C call; :mod:`acdroute.aio`)."""
        with self._lock:
            self._watchers.append(fn)
            self._told_expiry = (C.ACDR_TSTAMP_MAX if self._h is None
                                 else int(self._L.acdr_engine_get_expiry(self._h)))

    def _unwatch_expiry(self, fn: Callable[[Optional[int]], None]) -> None:
        with self._lock:
            if fn in self._watchers:
                self._watchers.remove(fn)

    def _tell_expiry(self, t: int) -> None:
        if t == self._told_expiry:
            return
        self._told_expiry = t
        for fn in list(self._watchers):
            fn(None if t == C.ACDR_TSTAMP_MAX else t)

    def last_error(self) -> str:
        """``acdr_engine_last_error``: detail of the last failed call."""
        return _s(self._L.acdr_engine_last_error(self.handle)) or ""

    def _deliver(self, pa: Any) -> int:
        try:
            cb = self.on_action
            if cb is None:
                return 0
            action = decode_action(pa.contents)
            self._in_callback += 1
            try:
                cb(action)
            finally:
                self._in_callback -= 1
            return 0
        except BaseException as exc:  # noqa: B902 - must never reach C
            self._pending.append(exc)
            return 1

    def _local_time(self, qid: bytes, now: int, out: Any) -> int:
        try:
            cb = self.local_time
            if cb is None:
                return -1
            self._in_callback += 1
            try:
                out[0] = int_(cb(_s(qid) or "", int(now)), c_int64, "local_time() result")
            finally:
                self._in_callback -= 1
            return 0
        except BaseException as exc:  # noqa: B902
            self._pending.append(exc)
            return 1

    def _raise_pending(self, fname: str) -> None:
        exc = self._pending[0]
        extra = self._pending[1:]
        self._pending = []
        if hasattr(exc, "add_note"):
            exc.add_note(f"(raised in an acdroute callback during {fname})")
            for other in extra:
                exc.add_note(
                    f"another callback exception during {fname}: "
                    f"{type(other).__name__}: {other}"
                )
        raise exc

    def _check(self, rc: int, fname: str) -> int:
        """Turn a C return code into an exception.  Stored Python exceptions
        from callbacks take precedence, but only in the outermost call (a
        nested call from inside on_action leaves them to the caller, which is
        the one that delivers)."""
        # Every C call that may change the engine ends here: tell the expiry
        # watchers when the next deadline moved (a callback's nested call
        # leaves that to the outer one)
        if self._watchers and not self._in_callback and self._h is not None:
            self._tell_expiry(int(self._L.acdr_engine_get_expiry(self._h)))
        if self._pending and not self._in_callback:
            self._raise_pending(fname)
        if rc < 0:
            err = make_error(rc, self.last_error(), fname)
            err.api = _api_name(type(self).__name__)
            raise err
        return rc

    def _call(self, fname: str, *args: Any) -> int:
        """Call the engine function ``fname`` (handle first) and check its
        result."""
        if self._in_strategy:
            self._check_not_in_strategy(fname)
        fn: Callable[..., int] = getattr(self._L, fname)
        check_args(fn, (None,) + args, fname)
        return self._check(fn(self.handle, *args), fname)

    def _get(self, out: S, fname: str, *args: Any) -> S:
        """Call ``fname(engine, *args, &out)``; return ``out``, filled."""
        self._call(fname, *args, byref(out))
        return out

    def _take_doc(self, fname: str, *args: Any) -> str:
        """Call ``fname(engine, *args, char **doc, size_t *len)`` and return
        the document (freed with ``acdr_free``)."""
        p = c_void_p()
        n = c_size_t()
        self._call(fname, *args, byref(p), byref(n))
        try:
            return ctypes.string_at(p.value, n.value).decode("utf-8") if p.value else ""
        finally:
            if p.value:
                self._L.acdr_free(self.handle, p)

    # -- agents -------------------------------------------------------------

    def _defined(self, kind: str, obj_id: str) -> Optional[Dict[str, Any]]:
        """The current definition of agent or queue ``obj_id`` (``kind``:
        "agents" / "queues") as the configuration export writes it; None if
        there is none (the update call then reports the missing id).  The C
        API has no per-object getter for definitions, and the export is
        the one place that writes every field back."""
        doc = json.loads(self._take_doc("acdr_config_export"))
        for o in doc.get(kind, ()):
            if isinstance(o, dict) and o.get("id") == obj_id:
                return o
        return None

    def _put_agent(
        self, fname: str, agent_id: str, name: StrOrNone, capacity: Optional[Capacity],
        skills: Optional[Skills], wrapup_ms: Optional[int], voice_blocks: Optional[bool],
        base: Optional[Mapping[str, Any]] = None, miss: Optional[Mapping[str, Any]] = None,
        ring_timeout_ms: Optional[int] = None,
    ) -> None:
        d = C.acdr_agent_def()
        self._L.acdr_agent_def_default_versioned(C.ACDR_AGENT_DEF_V2, byref(d))
        # the per-agent miss settings: the current ones (update), then the
        # ones passed; None keeps
        settings: Dict[str, Any] = {}
        if base is not None:
            settings = {k: base[k] for k in _AGENT_MISS if k in base}
        settings.update({k: v for k, v in (miss or {}).items() if v is not None})
        for key, val in settings.items():
            if key == "missed_status":
                d.missed_status = parse_enum(AgentStatus, val, "missed_status")
            elif key == "on_demand":
                d.on_demand = flag_(val, "on_demand")
            else:
                set_int(d, key, val)
        if base is not None:
            # start from the agent's current definition: what is not passed
            # stays as it is
            if name is None:
                name = base.get("name")
            for ch, n in base.get("capacity", {}).items():
                set_int(d, "capacity", n, "capacity", _channel(ch))
            if skills is None:
                skills = base.get("skills")
            if wrapup_ms is None:
                wrapup_ms = base.get("wrapup_ms")
            if voice_blocks is None:
                voice_blocks = base.get("voice_blocks_other_channels")
            if ring_timeout_ms is None:
                ring_timeout_ms = base.get("ring_timeout_ms")
        keep: List[Any] = [_b(agent_id, "agent id"), _b(name, "name")]
        d.id, d.name = keep[0], keep[1]
        if capacity is not None:
            if isinstance(capacity, Mapping):
                for ch, n in capacity.items():
                    c = _channel(ch)
                    if not 0 <= c < C.ACDR_CHANNEL_COUNT:
                        raise ValueError(f"capacity: unknown channel {ch!r}")
                    set_int(d, "capacity", n, f"capacity[{Channel(c).name.lower()}]", c)
            else:
                vals = list(capacity)
                if len(vals) != C.ACDR_CHANNEL_COUNT:
                    raise ValueError(
                        f"capacity needs {C.ACDR_CHANNEL_COUNT} values (voice, chat, email)"
                    )
                for i, n in enumerate(vals):
                    set_int(d, "capacity", n, f"capacity[{Channel(i).name.lower()}]", i)
        d.skills, d.nskills = skill_array(skills, keep)
        if wrapup_ms is not None:
            set_int(d, "wrapup_ms", wrapup_ms)
        if voice_blocks is not None:
            d.voice_blocks_other_channels = flag_(voice_blocks, "voice_blocks_other_channels")
        if ring_timeout_ms is not None:
            set_int(d, "ring_timeout_ms", ring_timeout_ms)
        self._call(fname, C.ACDR_AGENT_DEF_V2, byref(d))

    def add_agent(self, agent_id: str, *, name: StrOrNone = None,
                  capacity: Optional[Capacity] = None, skills: Optional[Skills] = None,
                  wrapup_ms: Optional[int] = None,
                  voice_blocks_other_channels: Optional[bool] = None,
                  no_answer_delay_ms: Optional[int] = None,
                  reject_delay_ms: Optional[int] = None,
                  busy_delay_ms: Optional[int] = None,
                  max_missed: Optional[int] = None,
                  missed_status: Union[AgentStatus, str, int, None] = None,
                  on_demand: Optional[bool] = None,
                  ring_timeout_ms: Optional[int] = None) -> None:
        """Define an agent (logged out).

        ``capacity``: simultaneous contacts per channel, as a mapping
        (``{"voice": 1, Channel.CHAT: 3}``; channels left out keep the
        default voice 1 / chat 3 / email 5) or a 3-sequence.  ``skills``:
        ``{"spanish": 80}``.  ``wrapup_ms`` None: the queue's.
        ``ring_timeout_ms``: ring time of offers to this agent; None or -1:
        the queue's.
                ``no_answer_delay_ms``, ``reject_delay_ms``, ``busy_delay_ms``,
        ``max_missed`` (None or -1: the queue's) override the queue's
        values for this agent; ``missed_status`` is the status after
        ``max_missed`` no-answers (``"away"``, default, or
        ``"logged_out"``); ``on_demand=True``: after each offer ends the
        agent is set away ``"on-demand"`` until set available again.
        """
        self._put_agent("acdr_agent_add_versioned", agent_id, name, capacity, skills,
                        wrapup_ms, voice_blocks_other_channels, None,
                        _miss(no_answer_delay_ms, reject_delay_ms, busy_delay_ms,
                              max_missed, missed_status, on_demand),
                        ring_timeout_ms=ring_timeout_ms)

    def update_agent(self, agent_id: str, *, name: StrOrNone = None,
                     capacity: Optional[Capacity] = None, skills: Optional[Skills] = None,
                     wrapup_ms: Optional[int] = None,
                     voice_blocks_other_channels: Optional[bool] = None,
                     no_answer_delay_ms: Optional[int] = None,
                     reject_delay_ms: Optional[int] = None,
                     busy_delay_ms: Optional[int] = None,
                     max_missed: Optional[int] = None,
                     missed_status: Union[AgentStatus, str, int, None] = None,
                     on_demand: Optional[bool] = None,
                     ring_timeout_ms: Optional[int] = None) -> None:
        """Change the given parts of an agent's definition, keeping its
        state and contacts; every argument left out (or None) keeps its
        current value.  Same arguments as :meth:`add_agent`: ``capacity``
        as a mapping changes only the channels it names, ``skills``
        replaces the whole skill set (``{}``: none), ``wrapup_ms=-1``
        goes back to the queue's wrap-up (as ``-1`` for the delays and
        ``max_missed``)."""
        self._put_agent("acdr_agent_update_versioned", agent_id, name, capacity, skills,
                        wrapup_ms, voice_blocks_other_channels,
                        self._defined("agents", _s(_b(agent_id, "agent id")) or ""),
                        _miss(no_answer_delay_ms, reject_delay_ms, busy_delay_ms,
                              max_missed, missed_status, on_demand),
                        ring_timeout_ms=ring_timeout_ms)

    def remove_agent(self, agent_id: str) -> None:
        """Remove a logged-out agent and its memberships."""
        self._call("acdr_agent_remove", _b(agent_id, "agent id"))

    def login(self, agent_id: str, now: Optional[int] = None) -> None:
        """The agent logs in and becomes AVAILABLE."""
        self._call("acdr_agent_login", _b(agent_id, "agent id"), self._t(now))

    def logout(self, agent_id: str, now: Optional[int] = None) -> None:
        """The agent logs out (ringing offers go back to the line)."""
        self._call("acdr_agent_logout", _b(agent_id, "agent id"), self._t(now))

    def set_status(
        self,
        agent_id: str,
        status: Union[AgentStatus, int, str],
        now: Optional[int] = None,
        reason: StrOrNone = None,
    ) -> None:
        """Set AVAILABLE or AWAY (with an optional reason code)."""
        self._call(
            "acdr_agent_set_status",
            _b(agent_id, "agent id"),
            parse_enum(AgentStatus, status, "status"),
            _b(reason, "reason"),
            self._t(now),
        )

    def agent_info(self, agent_id: str) -> AgentInfo:
        """An agent's current state."""
        return _agent_info(self._get(C.acdr_agent_info(), "acdr_agent_get_info_versioned",
                                     _b(agent_id, "agent id"), C.ACDR_AGENT_INFO_V1))

    def reset_counts(self, agent_id: StrOrNone = None) -> None:
        """Reset handled/talk-time counters of one agent (None: all)."""
        self._call("acdr_agent_reset_counts", _b(agent_id, "agent id"))

    # -- queues -------------------------------------------------------------

    def _put_queue(self, fname: str, queue_id: str, strategy: StrOrNone,
                   params: Optional[Mapping[str, Any]], settings: Mapping[str, Any],
                   *now: int, base: Optional[Mapping[str, Any]] = None) -> None:
        if base is not None:
            # start from the queue's current definition: what is not passed
            # stays as it is.  The strategy's settings belong to it: a new
            # strategy given without params starts with none (the old ones
            # would be refused as unknown settings).
            old = base.get("strategy")
            if params is None and (strategy is None or strategy == old):
                params = base.get("settings")
            if strategy is None:
                strategy = old
            merged = {k: v for k, v in base.items() if k in _QUEUE_FIELDS}
            for k, v in settings.items():
                if k not in _QUEUE_FIELDS or v is not None:
                    merged[k] = v
            settings = merged
        d = C.acdr_queue_def()
        self._L.acdr_queue_def_default_versioned(C.ACDR_QUEUE_DEF_V2, byref(d))
        keep: List[Any] = [_b(queue_id, "queue id"), _b(strategy, "strategy")]
        d.id = keep[0]
        profile = settings.get("profile")
        if profile is not None:
            # the peer's defaults first: every setting passed wins over them
            pb = _b(profile, "profile")
            keep.append(pb)
            if self._L.acdr_queue_def_profile_versioned(C.ACDR_QUEUE_DEF_V2, byref(d), pb):
                raise ValueError(
                    f"unknown profile {profile!r} (acdroute, asterisk or freeswitch)"
                )
        if strategy is not None or profile is None:
            d.strategy = keep[1]
        d.params, d.nparams = kv_array(params, "strategy parameter", keep)
        for key, val in settings.items():
            if key not in _QUEUE_FIELDS:
                raise TypeError(
                    f"unknown queue setting {key!r} (known: {', '.join(sorted(_QUEUE_FIELDS))})"
                )
            if val is None or key == "profile":
                continue
            if key == "channel":
                val = _channel(val)
            elif key == "overflow_kind":
                val = parse_enum(OverflowKind, val, key)
            elif key == "reply_overdue":
                val = parse_enum(ReplyOverdue, val, key)
            elif key == "time_base":
                val = parse_enum(TimeBase, val, key)
            elif key in ("overflow_target", "join_message", "default_rule"):
                val = _b(val, key)
                keep.append(val)
            elif key == "rules":
                d.rules, d.nrules = _rule_array(val, keep)
                continue
            elif key == "wrapup_scope":
                scopes = ("agent", "queue", "shared")
                if isinstance(val, str):
                    if val not in scopes:
                        raise ValueError(f"wrapup_scope: {val!r} (agent, queue or shared)")
                    val = scopes.index(val)
                set_int(d, key, val)
                continue
            elif key in _QUEUE_FLAGS:
                val = flag_(val, key)
            elif key in ("join_empty", "leave_empty"):
                set_int(d, key, _empty_bits(val))
                continue
            else:
                set_int(d, key, val)
                continue
            setattr(d, key, val)
        self._call(fname, C.ACDR_QUEUE_DEF_V2, byref(d), *[_time(t) for t in now])

    def add_queue(self, queue_id: str, *, strategy: StrOrNone = None,
                  params: Optional[Mapping[str, Any]] = None, **settings: Any) -> None:
        """Define a queue.

        ``strategy``: a registered strategy name (:meth:`strategies`; None =
        ``"longest-idle"``), ``params``: its settings (values are converted
        with ``str``).  ``settings``: any other ``acdr_queue_def`` field by
        name: ``channel`` (a :class:`Channel` or ``"chat"``), ``weight``,
        ``sl_threshold_ms``, ``ring_timeout_ms``, ``wrapup_ms``, ``max_len``,
        ``max_wait_ms``, ``overflow_kind`` (:class:`OverflowKind`),
        ``overflow_target``, ``join_when_empty``, ``leave_when_empty``,
        ``announce_interval_ms``, ``short_abandon_ms``, ``max_missed``,
        ``no_answer_delay_ms``, ``reject_delay_ms``, ``busy_delay_ms``,
        ``require_disposition``, ``tier_wait_ms``, ``weight_aging_ms``,
        ``known_agent_hold_ms``, ``utc_offset_s``, ``wait_for_owner``
        (customer memory: wait the whole hold for a customer's owner who is
        logged in), ``reply_deadline_ms``,
        ``reply_overdue`` (:class:`ReplyOverdue` or ``"reassign"``),
        ``reply_target_ms``, ``inbox`` (no automatic offers: see
        :meth:`assign`), ``join_message``, ``time_base``
        (:class:`TimeBase` or ``"system"``), ``position_counts_ringing``,
        ``weight_first``, ``max_wait_rings_out``, ``ring_timeout_restart``,
        ``abandoned_resume_ms``,
        ``profile`` (``"asterisk"``, ``"freeswitch"`` or ``"acdroute"``: that
        peer's defaults first, then every other setting passed);
        tier rules and ring
        groups (docs/strategies.md): ``tier_by_level``,
        ``tier_wait_multiply``, ``tier_no_agent_no_wait``,
        ``ring_all_tiers``, ``ring_add_late``; no-agent grace
        (docs/policies.md): ``no_agent_wait_ms``, ``no_agent_grace_ms``;
        app_queue autopause: ``missed_delay_ms``, ``missed_busy``,
        ``missed_pause_queue``, ``missed_unavail`` (autopauseunavail: a
        reject ``how="unavailable"`` counts as a miss); app_queue
        queuerules.conf: ``rules`` (``{"name": ["30,+3", "60,10,5"]}``,
        penaltychange lines as in the configuration), ``default_rule``;
        app_queue penaltymemberslimit: ``penalty_members_limit``; app_queue
        per-queue wrapuptime: ``wrapup_scope`` (``"agent"``, ``"queue"``,
        ``"shared"``); app_queue
        retry: ``retry_ms``; app_queue joinempty: ``join_empty`` (an int of
        ``ACDR_EMPTY_*`` bits, queue.h, or a string as in the configuration:
        ``"paused,inuse"``, ``"no"``); app_queue leavewhenempty: ``leave_empty``
        (the same).
        """
        self._put_queue("acdr_queue_add_versioned", queue_id, strategy, params, settings)

    def update_queue(self, queue_id: str, now: Optional[int] = None, *,
                     strategy: StrOrNone = None,
                     params: Optional[Mapping[str, Any]] = None, **settings: Any) -> None:
        """Change the given settings of a queue, keeping its members and
        waiting contacts; every setting left out (or None) keeps its
        current value.  Same arguments as :meth:`add_queue`.  ``params``
        left out keeps the strategy's settings, unless ``strategy`` names
        a different strategy: that one starts with none."""
        self._put_queue("acdr_queue_update_versioned", queue_id, strategy, params, settings,
                        self._t(now),
                        base=self._defined("queues", _s(_b(queue_id, "queue id")) or ""))

    def remove_queue(self, queue_id: str, now: Optional[int] = None, *,
                     overflow_waiting: bool = False) -> None:
        """Remove a queue.  Waiting contacts overflow if ``overflow_waiting``;
        otherwise a queue with contacts is refused (:class:`InUse`)."""
        self._call(
            "acdr_queue_remove", _b(queue_id, "queue id"),
            flag_(overflow_waiting, "overflow_waiting"), self._t(now)
        )

    def add_member(
        self, queue_id: str, agent_id: str, now: Optional[int] = None, *, penalty: int = 0,
        position: int = 0,
    ) -> None:
        """Add an agent to a queue (lower penalty tiers are tried first;
        ``position`` orders linear/round-robin strategies)."""
        self._call(
            "acdr_queue_member_add",
            _b(queue_id, "queue id"),
            _b(agent_id, "agent id"),
            int_(penalty, c_int32, "penalty"),
            int_(position, c_int32, "position"),
            self._t(now),
        )

    def remove_member(self, queue_id: str, agent_id: str, now: Optional[int] = None) -> None:
        """Remove an agent from a queue."""
        self._call(
            "acdr_queue_member_remove",
            _b(queue_id, "queue id"),
            _b(agent_id, "agent id"),
            self._t(now),
        )

    def set_member(self, queue_id: str, agent_id: str, now: Optional[int] = None, *,
                   weight: Optional[int] = None, paused: Optional[bool] = None,
                   wrapup_ms: Optional[int] = None) -> None:
        """Change the settings of one membership; those left out (None)
        keep their current value.  ``weight``: weighted-random weight
        1..1000000 (0: from the penalty); ``paused``: not offered this
        queue's contacts (other queues unaffected); ``wrapup_ms``: wrap-up
        after a contact of this queue (-1: the agent's, else the queue's)."""
        d = self.member(queue_id, agent_id)
        if weight is not None:
            set_int(d, "weight", weight)
        if paused is not None:
            d.paused = flag_(paused, "paused")
        if wrapup_ms is not None:
            set_int(d, "wrapup_ms", wrapup_ms)
        self._call("acdr_queue_member_set_versioned", _b(queue_id, "queue id"),
                   _b(agent_id, "agent id"), C.ACDR_MEMBER_DEF_V1, byref(d), self._t(now))

    def member(self, queue_id: str, agent_id: str) -> Any:
        """The settings of one membership (an ``acdr_member_def``: fields
        ``weight``, ``paused``, ``wrapup_ms``)."""
        return self._get(C.acdr_member_def(), "acdr_queue_member_get_versioned",
                         _b(queue_id, "queue id"), _b(agent_id, "agent id"),
                         C.ACDR_MEMBER_DEF_V1)

    def queue_info(self, queue_id: str, now: Optional[int] = None) -> QueueInfo:
        """A real-time view of a queue at ``now`` (default: the engine's
        latest time)."""
        i = self._get(C.acdr_queue_info(), "acdr_queue_get_info_versioned",
                      _b(queue_id, "queue id"), self._t_or_latest(now), C.ACDR_QUEUE_INFO_V1)
        return from_struct(QueueInfo, i)

    def strategies(self) -> List[str]:
        """Names of the registered strategies, in registration order."""
        h = self.handle
        n = self._L.acdr_engine_strategy_count(h)
        return [_s(self._L.acdr_engine_strategy_name(h, i)) or "" for i in range(n)]

    def register_strategy(
        self,
        name: str,
        factory: "StrategyFactory",
        *,
        flags: Union[StrategyFlag, int] = 0,
    ) -> None:
        """Register a routing strategy written in Python under ``name``
        (``acdr_engine_register_strategy``); queues then use it with
        ``add_queue(..., strategy=name, params=...)``.

        ``factory(ctx)`` is called for every strategy instance (one per
        penalty tier of a queue, plus a throw-away one when a queue is added
        or updated, to check its settings) with a
        :class:`~acdroute.strategy.StrategyContext`; it returns an object
        with a ``select(contact, now, max)`` method and optional hooks: see
        :mod:`acdroute.strategy`.  Raise from ``factory`` to refuse unknown
        or bad ``ctx.params``: the engine call (e.g. :meth:`add_queue`)
        re-raises that exception and nothing changes.

        ``flags``: :class:`~acdroute.strategy.StrategyFlag` (FLAT, MULTI,
        LOOKAHEAD, PINNED).  Errors: :class:`DuplicateId` (name taken, also by
        a built-in), :class:`InvalidArgument` (empty name),
        :class:`LimitExceeded` (name over 64 bytes).  The strategy lives as
        long as the engine.
        """
        self._check_not_in_strategy("acdr_engine_register_strategy")
        self._strategies.append(_register_strategy(self, name, factory, flags))

    def _check_not_in_strategy(self, fname: str) -> None:
        if self._in_strategy:
            raise make_error(
                ErrorCode.BUSY, "a strategy hook must not call the engine", fname
            )

    # -- contacts -----------------------------------------------------------

    def arrive(
        self,
        contact_id: str,
        queue_id: str,
        now: Optional[int] = None,
        *,
        channel: Optional[ChannelLike] = None,
        priority: int = 0,
        attrs: Optional[Mapping[str, str]] = None,
        skills: Optional[Skills] = None,
        customer: StrOrNone = None,
        reason: StrOrNone = None,
        preferred_agent: StrOrNone = None,
        preferred_hold_ms: Optional[int] = None,
        original_arrival: Optional[int] = None,
        head_start_ms: int = 0,
        min_penalty: Optional[int] = None,
        max_penalty: Optional[int] = None,
        rule: StrOrNone = None,
        raise_penalty: Optional[int] = None,
    ) -> None:
        """A contact arrives in a queue.

        ``attrs``: customer data (``{"language": "es"}``); ``skills``: the
        required skills with minimum levels; ``customer``: customer id (FCR,
        do-not-contact, known agent); ``reason``: contact reason;
        ``preferred_agent``: hold for this agent for ``preferred_hold_ms``
        (None: the queue's ``known_agent_hold_ms``); ``original_arrival``:
        when the caller first arrived, in ns, not after ``now`` (a re-entry
        after an abandon: its arrival, and its place in a queue with
        ``time_base="system"``); ``head_start_ms``: counted as already
        waited when ordering the line (mod_callcenter ``cc_base_score``);
        ``min_penalty`` / ``max_penalty``: only members with a penalty in
        this window are offered the contact (Asterisk ``QUEUE_MIN_PENALTY``
        / ``QUEUE_MAX_PENALTY``; None: no bound); ``rule``: the queue rule
        whose steps move that window while the contact waits (the ``rule``
        argument of Asterisk ``Queue()``; None: the queue's
        ``default_rule``, ``""``: none); ``raise_penalty``: members with a
        lower penalty count as this one (``QUEUE_RAISE_PENALTY``).
        """
        d = C.acdr_contact_def()
        self._L.acdr_contact_def_default_versioned(C.ACDR_CONTACT_DEF_V2, byref(d))
        keep: List[Any] = [
            _b(contact_id, "contact id"),
            _b(queue_id, "queue id"),
            _b(customer, "customer"),
            _b(reason, "reason"),
            _b(preferred_agent, "preferred agent"),
            _b(rule, "rule"),
        ]
        d.id, d.queue, d.customer_id, d.reason, d.preferred_agent, d.rule = keep
        if channel is not None:
            d.channel = _channel(channel)
        set_int(d, "priority", priority)
        d.attrs, d.nattrs = kv_array(attrs, "attribute", keep)
        d.skills, d.nskills = skill_array(skills, keep)
        if preferred_hold_ms is not None:
            set_int(d, "preferred_hold_ms", preferred_hold_ms)
        if original_arrival is not None:
            d.original_arrival = _time(original_arrival)
        set_int(d, "head_start_ms", head_start_ms)
        if min_penalty is not None:
            set_int(d, "min_penalty", min_penalty)
        if max_penalty is not None:
            set_int(d, "max_penalty", max_penalty)
        if raise_penalty is not None:
            set_int(d, "raise_penalty", raise_penalty)
        self._call(
            "acdr_contact_arrive_versioned", C.ACDR_CONTACT_DEF_V2, byref(d), self._t(now)
        )

    def accept(self, contact_id: str, agent_id: str, now: Optional[int] = None) -> None:
        """The agent answers an offer."""
        self._call(
            "acdr_contact_accept", _b(contact_id, "contact id"), _b(agent_id, "agent id"),
            self._t(now),
        )

    def reject(
        self,
        contact_id: str,
        agent_id: str,
        now: Optional[int] = None,
        how: Union[RejectHow, int, str] = RejectHow.DECLINED,
    ) -> None:
        """The agent declines an offer (or its device is busy, or the host's
        ring timer expired)."""
        self._call(
            "acdr_contact_reject",
            _b(contact_id, "contact id"),
            _b(agent_id, "agent id"),
            parse_enum(RejectHow, how, "how"),
            self._t(now),
        )

    def outbound_request(self, contact_id: str, queue_id: str, number: str,
                         now: Optional[int] = None) -> None:
        """Reserve an agent of ``queue_id`` for an outbound contact to
        ``number`` (preview/progressive dialling): the engine offers the
        new contact to the agent its strategy picks (an OFFER action; the
        host dials from that agent).  Raises :class:`DoNotContact` when
        the number is on the do-not-contact list (the refusal is counted)
        and :class:`NoAgent` when nobody can take it now."""
        self._call(
            "acdr_outbound_request", _b(contact_id, "contact id"), _b(queue_id, "queue id"),
            _b(number, "number"), self._t(now),
        )

    def hangup(self, contact_id: str, now: Optional[int] = None) -> None:
        """Either side hangs up (abandon while waiting; wrap-up if
        connected)."""
        self._call("acdr_contact_hangup", _b(contact_id, "contact id"), self._t(now))

    def hold(self, contact_id: str, now: Optional[int] = None, on: bool = True) -> None:
        """Put a connected contact on hold (``on=False``: take it off)."""
        self._call("acdr_contact_hold", _b(contact_id, "contact id"), flag_(on, "on"),
                   self._t(now))

    def wrapup_done(self, contact_id: str, now: Optional[int] = None) -> None:
        """Wrap-up is done: the contact ends COMPLETED."""
        self._call("acdr_contact_wrapup_done", _b(contact_id, "contact id"), self._t(now))

    def transfer(
        self,
        contact_id: str,
        now: Optional[int] = None,
        *,
        queue_id: StrOrNone = None,
        agent_id: StrOrNone = None,
    ) -> None:
        """Transfer a contact to another queue and/or a preferred agent."""
        self._call(
            "acdr_contact_transfer",
            _b(contact_id, "contact id"),
            _b(queue_id, "queue id"),
            _b(agent_id, "agent id"),
            self._t(now),
        )

    def request_callback(self, contact_id: str, now: Optional[int] = None) -> None:
        """The waiting customer asks to be called back (keeps its place)."""
        self._call("acdr_contact_request_callback", _b(contact_id, "contact id"), self._t(now))

    def assign(self, contact_id: str, agent_id: str, now: Optional[int] = None, *,
               over_capacity: bool = False, ignore_skills: bool = False) -> None:
        """Give a waiting or ringing contact to an agent now (a supervisor
        assigns, an agent picks; the way out of an ``inbox`` queue).
        ``over_capacity=True`` lets the agent go past its channel
        capacity; ``ignore_skills=True`` lets an agent without the
        contact's required skills take it (else :class:`SkillsMissing`)."""
        self._call(
            "acdr_contact_assign",
            _b(contact_id, "contact id"),
            _b(agent_id, "agent id"),
            _assign_flags(over_capacity, ignore_skills),
            self._t(now),
        )

    def pick_next(self, queue_id: str, agent_id: str, now: Optional[int] = None, *,
                  over_capacity: bool = False, ignore_skills: bool = False) -> str:
        """The agent takes the next contact of an ``inbox`` queue: position
        1, or the first in line whose skills it has (unless
        ``ignore_skills``).  Returns the contact id.  Raises
        :class:`NotFound` for an empty queue, :class:`InvalidState` for a
        queue that is not an inbox, :class:`SkillsMissing` when the agent
        lacks a skill every waiting contact needs, and what :meth:`assign`
        raises."""
        out = ctypes.c_char_p()
        self._call(
            "acdr_queue_pick_next",
            _b(queue_id, "queue id"),
            _b(agent_id, "agent id"),
            _assign_flags(over_capacity, ignore_skills),
            self._t(now),
            byref(out),
        )
        return _s(out.value) or ""

    def first_reply(self, contact_id: str, agent_id: str, now: Optional[int] = None) -> None:
        """The agent the conversation is assigned to sent its first reply:
        the first-response time is measured and the queue's reply deadline
        is disarmed."""
        self._call(
            "acdr_contact_first_reply",
            _b(contact_id, "contact id"),
            _b(agent_id, "agent id"),
            self._t(now),
        )

    def set_priority(self, contact_id: str, priority: int, now: Optional[int] = None) -> None:
        """Change the priority of a contact not yet answered.  Among its
        new equals it keeps its place by original wait; a ringing contact
        uses it when it returns to the line."""
        self._call(
            "acdr_contact_set_priority",
            _b(contact_id, "contact id"),
            int_(priority, c_int32, "priority"),
            self._t(now),
        )

    def contact_info(self, contact_id: str) -> ContactInfo:
        """A live contact's state (ended contacts are gone:
        :class:`ContactNotFound`)."""
        i = self._get(C.acdr_contact_info(), "acdr_contact_get_info_versioned",
                      _b(contact_id, "contact id"), C.ACDR_CONTACT_INFO_V1)
        return from_struct(ContactInfo, i, state=to_enum(ContactState, i.state),
                           channel=to_enum(Channel, i.channel))

    # -- time ---------------------------------------------------------------

    def get_expiry(self) -> Optional[int]:
        """The earliest deadline, or None if nothing is scheduled."""
        t = int(self._L.acdr_engine_get_expiry(self.handle))
        return None if t == C.ACDR_TSTAMP_MAX else t

    def handle_expiry(self, now: Optional[int] = None) -> None:
        """Process every deadline <= now (default: the clock's time).
        :func:`acdroute.aio.schedule` calls it on an asyncio loop."""
        self._call("acdr_engine_handle_expiry", self._t(now))

    def advance(self, until: int) -> int:
        """Process deadlines one by one, each at its own time, up to and
        including ``until``; then move the clock to ``until``.  Returns the
        number of deadlines handled.  (A simulator's main loop.)"""
        until = _time(until)
        n = 0
        while True:
            t = self.get_expiry()
            if t is None or t > until:
                break
            self.handle_expiry(max(t, self.now()))
            n += 1
        if until > self.now():
            self.handle_expiry(until)
        return n

    def now(self) -> int:
        """The latest ``now`` the engine has seen."""
        return int(self._L.acdr_engine_now(self.handle))

    # -- inspection ---------------------------------------------------------

    def check(self) -> None:
        """Verify all internal bookkeeping; raises
        :class:`InvariantViolation` with the first violation."""
        self._call("acdr_engine_check")

    def counts(self) -> EngineCounts:
        """Object counts."""
        return from_struct(EngineCounts, self._get(C.acdr_engine_counts(), "acdr_engine_get_counts"))

    # -- deprecated names (kept for one release) ----------------------------

    engine_metrics = Deprecated(lambda e: e.metrics.overall)
    queue_metrics = Deprecated(lambda e: e.metrics.queue)
    agent_metrics = Deprecated(lambda e: e.metrics.agent)
    channel_metrics = Deprecated(lambda e: e.metrics.channel)
    code_metrics = Deprecated(lambda e: e.metrics.code)
    metrics_options = Deprecated(lambda e: e.metrics.options)
    set_metrics_options = Deprecated(lambda e: e.metrics.set_options)
    metrics_json = Deprecated(lambda e: e.metrics.json)
    metrics_report = Deprecated(lambda e: e.metrics.report)
    codes = Deprecated(lambda e: e.dispositions.codes)
    code = Deprecated(lambda e: e.dispositions.code)
    add_code = Deprecated(lambda e: e.dispositions.add_code)
    update_code = Deprecated(lambda e: e.dispositions.update_code)
    remove_code = Deprecated(lambda e: e.dispositions.remove_code)
    set_catalog = Deprecated(lambda e: e.dispositions.set_catalog)
    reset_catalog = Deprecated(lambda e: e.dispositions.reset_catalog)
    set_disposition = Deprecated(lambda e: e.dispositions.set)
    correct_disposition = Deprecated(lambda e: e.dispositions.correct)
    disposition = Deprecated(lambda e: e.dispositions.get)
    disposition_changes = Deprecated(lambda e: e.dispositions.changes)
    set_disposition_limits = Deprecated(lambda e: e.dispositions.set_limits)
    add_rule = Deprecated(lambda e: e.dispositions.add_rule)
    remove_rule = Deprecated(lambda e: e.dispositions.remove_rule)
    rule = Deprecated(lambda e: e.dispositions.rule)
    rule_count = Deprecated(lambda e: e.dispositions.rule_count)
    pending_followups = Deprecated(lambda e: e.dispositions.pending_followups)
    disposition_stats = Deprecated(lambda e: e.dispositions.stats)
    reset_disposition_stats = Deprecated(lambda e: e.dispositions.reset_stats)
    dnc_add = Deprecated(lambda e: e.dnc.add)
    dnc_remove = Deprecated(lambda e: e.dnc.remove)
    dnc_check = Deprecated(lambda e: e.dnc.check)
    dnc_count = Deprecated(lambda e: e.dnc.count)
    dnc_clear = Deprecated(lambda e: e.dnc.clear)
    set_hours = Deprecated(lambda e: e.hours.set)
    clear_hours = Deprecated(lambda e: e.hours.clear)
    hours_state = Deprecated(lambda e: e.hours.state)
    apply_config = Deprecated(lambda e: e.config.apply)
    validate_config = Deprecated(lambda e: e.config.validate)
    export_config = Deprecated(lambda e: e.config.export)
    export_config_json = Deprecated(lambda e: e.config.export_json)
    config_errors = Deprecated(lambda e: e.config.errors)
    snapshot = Deprecated(lambda e: e.config.snapshot)
    restore = Deprecated(lambda e: e.config.restore)
    apply_event_json = Deprecated(lambda e: e.config.apply_event)
    take_event_log = Deprecated(lambda e: e.config.take_event_log)
