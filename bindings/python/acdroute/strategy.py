# SPDX-License-Identifier: MIT
"""Routing strategies written in Python (``include/acdroute/sys/strategy.h``).

:meth:`acdroute.Engine.register_strategy` registers a strategy by name; a
queue using that name gets one Python object per penalty tier (one for all
members with :attr:`StrategyFlag.FLAT`), made by ``factory(ctx)``.  The
object may define these methods (all optional but ``select``)::

    member_add(member)        # joins this tier (ready or not)
    member_remove(member)     # leaves this tier
    member_ready(member)      # becomes ready
    member_unready(member)    # stops being ready
    member_update(member)     # a ready member's load/counters/skills changed
    select(contact, now, max) -> list of members
                              # or (list, recheck_at), or PASSTHROUGH
    offered(member, contact)  # the engine offered the contact (after select)
    save() -> str or None     # decisions state for snapshots
    load(text)                # restore it
    destroy()                 # the instance goes away

Members are :class:`Member` objects, one per membership and tier, the same
object from ``member_add`` to ``member_remove`` (keep them in your own
indexes; identity and hashing are by object).  A :class:`Contact` is valid
only during the hook call that received it.

Hooks run inside engine calls: they must not call the engine.  An exception
raised by a hook never reaches C: the hook reports ACDR_ERR_STRATEGY (for
``member_ready`` the member stays unready, for ``select`` nobody is picked,
for ``factory`` the settings are refused) and the engine method that caused
the hook re-raises the original exception once the engine is consistent.
"""

from __future__ import annotations

import enum
import operator
import threading
import weakref
from ctypes import byref, c_int32, c_uint32, c_uint64
from typing import Any, Callable, Dict, Generic, List, Optional, TypeVar, overload

from . import _lib as C
from ._conv import b_, int_
from ._conv import s_ as _s
from .enums import AgentStatus, Channel, to_enum

__all__ = [
    "StrategyFlag",
    "StrategyContext",
    "Member",
    "Contact",
    "PASSTHROUGH",
    "StrategyFactory",
]

_ERR_STRATEGY = -24
_ERR_PASSTHROUGH = -23
_ERR_NOMEM = -2


class StrategyFlag(enum.IntFlag):
    """``ACDR_STRATEGY_F_*``."""

    NONE = 0
    #: one instance for all members, penalties are not tiers
    FLAT = C.ACDR_STRATEGY_F_FLAT
    #: select may return several members (ring-all)
    MULTI = C.ACDR_STRATEGY_F_MULTI
    #: nobody for one contact does not mean nobody for those behind it
    LOOKAHEAD = C.ACDR_STRATEGY_F_LOOKAHEAD
    #: contacts are pinned to agents: no steering away after a miss
    PINNED = C.ACDR_STRATEGY_F_PINNED


class _Passthrough:
    def __repr__(self) -> str:
        return "acdroute.PASSTHROUGH"


#: Return this from ``select`` for "no opinion": the engine picks the
#: longest idle ready member (by a scan: slow).
PASSTHROUGH: Any = _Passthrough()

#: ``factory(ctx) -> strategy object``
StrategyFactory = Callable[["StrategyContext"], Any]


def _dead() -> RuntimeError:
    return RuntimeError("this strategy view is no longer valid (member removed, "
                        "instance destroyed, or contact outside its hook call)")


T = TypeVar("T")


class _View:
    """Base of :class:`Member` and :class:`Contact`: a C pointer valid for a
    while.  Reads hold the engine's lock (``_lock``): a view read from
    another thread waits for the engine call in progress."""

    __slots__ = ()
    _ptr: Optional[int]
    _lock: Any

    def _p(self) -> int:
        if self._ptr is None:
            raise _dead()
        return self._ptr


class _Read(Generic[T]):
    """A read-only property that calls the C accessor ``fname(ptr)`` and
    converts its result with ``conv``."""

    def __init__(self, fname: str, conv: Callable[[Any], T], doc: Optional[str] = None) -> None:
        self.fname = fname
        self.conv = conv
        self.__doc__ = doc or f"``{fname}``."

    @overload
    def __get__(self, obj: None, owner: Any) -> "_Read[T]": ...

    @overload
    def __get__(self, obj: _View, owner: Any) -> T: ...

    def __get__(self, obj: Optional[_View], owner: Any) -> Any:
        if obj is None:
            return self
        with obj._lock:
            return self.conv(getattr(C.lib(), self.fname)(obj._p()))


def _str(b: Optional[bytes]) -> str:
    return _s(b) or ""


def _skills(count: Callable[[int], int], at: Callable[..., Optional[bytes]],
            p: int) -> Dict[str, int]:
    lvl = c_int32()
    out: Dict[str, int] = {}
    for i in range(count(p)):
        name = at(p, i, byref(lvl))
        out[_str(name)] = lvl.value
    return out


class Member(_View):
    """A queue membership as seen by a strategy (``acdr_member``)."""

    __slots__ = ("_ptr", "_aid", "_lock", "__dict__", "__weakref__")

    def __init__(self, ptr: int, lock: Any = None) -> None:
        self._ptr: Optional[int] = ptr
        self._lock = threading.RLock() if lock is None else lock
        self._aid = _str(C.lib().acdr_member_agent_id(ptr))

    @property
    def valid(self) -> bool:
        """False once the member left the tier (or the instance is gone)."""
        return self._ptr is not None

    @property
    def agent_id(self) -> str:
        return self._aid

    penalty = _Read("acdr_member_penalty", int)
    order = _Read("acdr_member_order", int,
                  "Position in the member list: a total order, unique in the queue.")
    idle_since = _Read("acdr_member_idle_since", int)
    load = _Read("acdr_member_load", int, "Contacts held on the queue's channel.")
    capacity = _Read("acdr_member_capacity", int)
    handled = _Read("acdr_member_handled", int)
    talk_time = _Read("acdr_member_talk_time", int)
    is_ready = _Read("acdr_member_is_ready", bool)
    agent_status = _Read("acdr_member_agent_status", lambda v: to_enum(AgentStatus, v))

    def skill_level(self, name: str) -> int:
        """The agent's level in ``name``, -1 if it lacks the skill."""
        with self._lock:
            return int(C.lib().acdr_member_skill_level(self._p(), b_(name, "skill name")))

    @property
    def skills(self) -> Dict[str, int]:
        L = C.lib()
        with self._lock:
            return _skills(L.acdr_member_skill_count, L.acdr_member_skill_at, self._p())

    def __repr__(self) -> str:
        state = "" if self._ptr is not None else " (gone)"
        return f"<acdroute.Member {self._aid}{state}>"


class Contact(_View):
    """A contact as seen by a strategy (``acdr_contact_view``); valid only
    during the hook call that received it."""

    __slots__ = ("_ptr", "_inst", "_lock")

    def __init__(self, ptr: int, inst: "_Instance", lock: Any = None) -> None:
        self._ptr: Optional[int] = ptr
        self._inst = inst
        self._lock = inst.lock if lock is None else lock

    id = _Read("acdr_contact_view_id", _str)
    priority = _Read("acdr_contact_view_priority", int)
    arrival = _Read("acdr_contact_view_arrival", int)
    enqueued = _Read("acdr_contact_view_enqueued", int, "When the contact entered this queue.")
    offer_count = _Read("acdr_contact_view_offer_count", int,
                        "Agents ringing for this contact now.")
    offer_started = _Read("acdr_contact_view_offer_started", int)

    def attr(self, key: str) -> Optional[str]:
        with self._lock:
            return _s(C.lib().acdr_contact_view_attr(self._p(), b_(key, "attribute key")))

    @property
    def skills(self) -> Dict[str, int]:
        """Required skills and minimum levels (primary first)."""
        L = C.lib()
        with self._lock:
            return _skills(L.acdr_contact_view_skill_count, L.acdr_contact_view_skill_at,
                           self._p())

    def is_offered_to(self, member: Member) -> bool:
        with self._lock:
            return bool(C.lib().acdr_contact_view_is_offered_to(self._p(), member._p()))

    @property
    def data(self) -> int:
        """Strategy-owned per-contact integer (uint64, 0 until set)."""
        with self._lock:
            return int(C.lib().acdr_contact_view_get_data(self._p()))

    @data.setter
    def data(self, value: int) -> None:
        v = int_(value, c_uint64, "Contact.data")
        with self._lock:
            C.lib().acdr_contact_view_set_data(self._p(), v)

    def __repr__(self) -> str:
        if self._ptr is None:
            return "<acdroute.Contact (gone)>"
        return f"<acdroute.Contact {self.id}>"


class StrategyContext:
    """What ``factory(ctx)`` gets: ``strategy`` (its registered name),
    ``queue_id``, ``channel``, ``tier_penalty`` (0 for FLAT), ``params``
    (the queue's strategy settings, a dict of strings: refuse unknown keys
    or bad values by raising), and :meth:`random`."""

    __slots__ = ("strategy", "queue_id", "channel", "tier_penalty", "params", "_host", "_lock")

    def __init__(self, strategy: str, queue_id: str, channel: Any, tier_penalty: int,
                 params: Dict[str, str], host: int, lock: Any = None) -> None:
        self._lock = threading.RLock() if lock is None else lock
        self.strategy = strategy
        self.queue_id = queue_id
        self.channel = channel
        self.tier_penalty = tier_penalty
        self.params = params
        self._host: Optional[int] = host

    def random(self, bound: int) -> int:
        """The engine's seeded generator: uniform in ``[0, bound)``.  Use it
        instead of :mod:`random` so that decisions are deterministic."""
        bound = int_(bound, c_uint64, "random(bound)", lo=1)
        with self._lock:
            if self._host is None:
                raise _dead()
            return int(C.lib().acdr_strategy_random(self._host, bound))

    def __repr__(self) -> str:
        return (f"<acdroute.StrategyContext {self.strategy} queue={self.queue_id} "
                f"tier={self.tier_penalty}>")


class _Instance:
    """One C strategy state: the Python object and its member wrappers."""

    __slots__ = ("obj", "ctx", "members", "hooks", "lock")

    def __init__(self, obj: Any, ctx: StrategyContext, lock: Any) -> None:
        self.obj = obj
        self.ctx = ctx
        self.lock = lock
        self.members: Dict[int, Member] = {}
        self.hooks: Dict[str, Any] = {  # hook name -> bound method or None
            n: getattr(obj, n, None)
            for n in ("member_add", "member_remove", "member_ready", "member_unready",
                      "member_update", "select", "offered", "save", "load", "destroy")
        }

    def member(self, ptr: int) -> Member:
        m = self.members.get(ptr)
        if m is None:  # not announced by member_add (should not happen)
            m = self.members[ptr] = Member(ptr, self.lock)
        return m


class _Registration:
    """The ctypes side of one registered Python strategy.  Owns the
    CFUNCTYPE objects and the live instances; holds the engine weakly (for
    stored exceptions and the re-entrancy guard)."""

    def __init__(self, engine: Any, name: str, factory: StrategyFactory, flags: int) -> None:
        self.name = name
        self.factory = factory
        self.flags = int(flags)
        self.engine_ref = weakref.ref(engine)
        self.lock = engine._lock  # the engine's: member views read under it
        self.instances: Dict[int, _Instance] = {}
        self.next_token = 1
        self.bname = b_(name, "strategy name")
        v = C.acdr_strategy()
        v.name = self.bname
        v.flags = self.flags
        v.user_data = None
        v.create = C.acdr_strategy_create_fn(self._create)
        v.destroy = C.acdr_strategy_destroy_fn(self._destroy)
        v.member_add = C.acdr_strategy_member_int_fn(self._member_add)
        v.member_remove = C.acdr_strategy_member_void_fn(self._member_remove)
        v.member_ready = C.acdr_strategy_member_int_fn(self._member_ready)
        v.member_unready = C.acdr_strategy_member_void_fn(self._member_unready)
        v.member_update = C.acdr_strategy_member_void_fn(self._member_update)
        v.select = C.acdr_strategy_select_fn(self._select)
        v.offered = C.acdr_strategy_offered_fn(self._offered)
        v.save = C.acdr_strategy_save_fn(self._save)
        v.load = C.acdr_strategy_load_fn(self._load)
        self.vtable = v  # keeps the CFUNCTYPE objects alive

    # -- plumbing

    def _fail(self, exc: BaseException) -> None:
        eng = self.engine_ref()
        if eng is not None:
            eng._pending.append(exc)

    def _run(self, fn: Callable[..., Any], *args: Any) -> Any:
        eng = self.engine_ref()
        if eng is None:
            return fn(*args)
        eng._in_strategy += 1
        try:
            return fn(*args)
        finally:
            eng._in_strategy -= 1

    # -- trampolines (never let an exception reach C)

    def _create(self, pstate: Any, pctx: Any, params: Any, nparams: int, _ud: Any) -> int:
        host = None
        try:
            cx = pctx.contents
            host = cx.host
            kv = {}
            for i in range(nparams):
                kv[_s(params[i].key) or ""] = _s(params[i].value) or ""
            ctx = StrategyContext(self.name, _s(cx.queue_id) or "",
                                  to_enum(Channel, cx.channel), int(cx.tier_penalty), kv, host,
                                  self.lock)
            obj = self._run(self.factory, ctx)
            if obj is None:
                raise TypeError(f"strategy {self.name!r}: factory returned None")
            if not callable(getattr(obj, "select", None)):
                raise TypeError(f"strategy {self.name!r}: the object has no select()")
            token = self.next_token
            self.next_token += 1
            self.instances[token] = _Instance(obj, ctx, self.lock)
            pstate[0] = token
            return 0
        except BaseException as exc:  # noqa: B902
            if host:
                try:
                    msg = f"{self.name}: {exc}" if str(exc) else f"{self.name}: {type(exc).__name__}"
                    C.lib().acdr_strategy_set_error(host, msg.encode(errors="replace"))
                except BaseException:  # noqa: B902  # pragma: no cover
                    pass
            self._fail(exc)
            return _ERR_STRATEGY

    def _destroy(self, state: Any, _ud: Any) -> None:
        inst = self.instances.pop(state or 0, None)
        if inst is None:
            return
        try:
            fn = inst.hooks["destroy"]
            if fn is not None:
                self._run(fn)
        except BaseException as exc:  # noqa: B902
            self._fail(exc)
        finally:
            for m in inst.members.values():
                m._ptr = None
            inst.members.clear()
            inst.ctx._host = None

    def _member_add(self, state: Any, mp: Any) -> int:
        try:
            inst = self.instances[state]
            m = inst.members.get(mp)
            if m is None:
                m = inst.members[mp] = Member(mp, self.lock)
            fn = inst.hooks["member_add"]
            if fn is not None:
                self._run(fn, m)
            return 0
        except BaseException as exc:  # noqa: B902
            inst_ = self.instances.get(state)
            if inst_ is not None:  # the engine will not remember the member
                gone = inst_.members.pop(mp, None)
                if gone is not None:
                    gone._ptr = None
            self._fail(exc)
            return _ERR_STRATEGY

    def _member_remove(self, state: Any, mp: Any) -> None:
        inst = self.instances.get(state)
        if inst is None:
            return
        m = inst.members.get(mp)
        try:
            fn = inst.hooks["member_remove"]
            if fn is not None:
                self._run(fn, m if m is not None else inst.member(mp))
        except BaseException as exc:  # noqa: B902
            self._fail(exc)
        finally:
            gone = inst.members.pop(mp, None)
            if gone is not None:
                gone._ptr = None

    def _member_hook(self, hook: str, state: Any, mp: Any) -> int:
        try:
            inst = self.instances[state]
            fn = inst.hooks[hook]
            if fn is not None:
                self._run(fn, inst.member(mp))
            return 0
        except BaseException as exc:  # noqa: B902
            self._fail(exc)
            return _ERR_STRATEGY

    def _member_ready(self, state: Any, mp: Any) -> int:
        return self._member_hook("member_ready", state, mp)

    def _member_unready(self, state: Any, mp: Any) -> None:
        self._member_hook("member_unready", state, mp)

    def _member_update(self, state: Any, mp: Any) -> None:
        self._member_hook("member_update", state, mp)

    def _select(self, state: Any, cp: Any, now: int, out: Any, mx: int, nout: Any,
                recheck: Any) -> int:
        nout[0] = 0
        contact = None
        try:
            inst = self.instances[state]
            contact = Contact(cp, inst, self.lock)
            res = self._run(inst.hooks["select"], contact, int(now), int(mx))
            if res is PASSTHROUGH:
                return _ERR_PASSTHROUGH
            at = None
            if isinstance(res, tuple) and len(res) == 2 and not isinstance(res[0], Member):
                res, at = res
            picks: List[Member] = [] if res is None else list(res)
            if len(picks) > mx:
                raise ValueError(
                    f"strategy {self.name!r}: select() returned {len(picks)} members, "
                    f"max is {mx}" + ("" if self.flags & C.ACDR_STRATEGY_F_MULTI
                                       else " (use StrategyFlag.MULTI to return several)")
                )
            ptrs = []
            for m in picks:
                if not isinstance(m, Member):
                    raise TypeError(f"select() must return Member objects, not {type(m).__name__}")
                p = m._p()
                if inst.members.get(p) is not m:
                    raise ValueError(f"select() returned {m!r}, not a member of this tier")
                ptrs.append(p)
            if at is not None:
                # a time (an int); later than the clock can go means never
                if isinstance(at, bool) or not hasattr(type(at), "__index__"):
                    raise TypeError(f"select() recheck_at must be an int (nanoseconds), "
                                    f"not {type(at).__name__}")
                recheck[0] = int_(min(operator.index(at), C.ACDR_TSTAMP_MAX), c_uint64,
                                  "select() recheck_at")
            for i, p in enumerate(ptrs):
                out[i] = p
            nout[0] = len(ptrs)
            return 0
        except BaseException as exc:  # noqa: B902
            nout[0] = 0
            self._fail(exc)
            return _ERR_STRATEGY
        finally:
            if contact is not None:
                contact._ptr = None

    def _offered(self, state: Any, mp: Any, cp: Any) -> None:
        contact = None
        try:
            inst = self.instances[state]
            fn = inst.hooks["offered"]
            if fn is None:
                return
            contact = Contact(cp, inst, self.lock)
            self._run(fn, inst.member(mp), contact)
        except BaseException as exc:  # noqa: B902
            self._fail(exc)
        finally:
            if contact is not None:
                contact._ptr = None

    def _save(self, state: Any, pout: Any) -> int:
        pout[0] = None
        try:
            inst = self.instances[state]
            fn = inst.hooks["save"]
            if fn is None:
                return 0
            text = self._run(fn)
            if text is None:
                return 0
            if not isinstance(text, str):
                raise TypeError("save() must return a str or None")
            b = text.encode()
            if b"\0" in b:
                raise ValueError("save() text must not contain NUL")
            p = C.lib().acdr_strategy_strdup(inst.ctx._host, b)
            if not p:
                return _ERR_NOMEM
            pout[0] = p
            return 0
        except BaseException as exc:  # noqa: B902
            self._fail(exc)
            return _ERR_STRATEGY

    def _load(self, state: Any, saved: Optional[bytes]) -> int:
        try:
            inst = self.instances[state]
            fn = inst.hooks["load"]
            if fn is not None and saved is not None:
                self._run(fn, saved.decode())
            return 0
        except BaseException as exc:  # noqa: B902
            self._fail(exc)
            return _ERR_STRATEGY


def register(engine: Any, name: str, factory: StrategyFactory, flags: int) -> _Registration:
    """Register ``factory`` under ``name`` on ``engine`` (see
    :meth:`acdroute.Engine.register_strategy`)."""
    if not isinstance(name, str):
        raise TypeError("strategy name must be a str")
    if not callable(factory):
        raise TypeError("factory must be callable: factory(ctx) -> strategy object")
    flags = int_(flags, c_uint32, "flags")
    if flags & ~int(StrategyFlag.FLAT | StrategyFlag.MULTI | StrategyFlag.LOOKAHEAD
                    | StrategyFlag.PINNED):
        raise ValueError(f"unknown strategy flags 0x{flags:x}")
    reg = _Registration(engine, name, factory, flags)
    engine._check(
        engine._L.acdr_engine_register_strategy_versioned(
            engine.handle, C.ACDR_STRATEGY_V1, byref(reg.vtable)
        ),
        "acdr_engine_register_strategy",
    )
    return reg
