# SPDX-License-Identifier: MIT
"""Conversions between Python values and C arguments (internal)."""

from __future__ import annotations

import ctypes
import json
import operator
from dataclasses import fields
from ctypes import POINTER
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union, cast
from typing import Type, TypeVar, overload

from . import _lib as C
from .enums import ActionType, Channel, parse_enum, to_enum
from .errors import OutOfRange
from .records import ACTIVITY_ENUM, REASON_ENUM, Action, Reason

R = TypeVar("R")
StrOrNone = Optional[str]
ChannelLike = Union[Channel, int, str]
Capacity = Union[Mapping[ChannelLike, int], Sequence[int]]
Skills = Union[Mapping[str, int], Iterable[Tuple[str, int]]]
Document = Union[str, bytes, Mapping[str, Any]]


@overload
def b_(s: str, what: str = ...) -> bytes: ...


@overload
def b_(s: Optional[str], what: str = ...) -> Optional[bytes]: ...


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


# -- numbers crossing into C --------------------------------------------------
# ctypes silently truncates a Python int to the C type (2**32 + 7 -> 7 in a
# uint32_t) and int() accepts floats, strings and bools: every number the
# bindings hand to C goes through int_() / set_int() instead.

_RANGES: Dict[Any, Tuple[int, int, str]] = {}


def c_range(ctype: Any) -> Tuple[int, int, str]:
    """(min, max, C name) of a ctypes integer type (cached)."""
    r = _RANGES.get(ctype)
    if r is None:
        bits = 8 * ctypes.sizeof(ctype)
        signed = ctype(-1).value < 0
        lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
        r = _RANGES[ctype] = (lo, hi, f"{'' if signed else 'u'}int{bits}")
    return r


def int_(value: Any, ctype: Any, what: str, lo: Optional[int] = None) -> int:
    """``value`` as an int that fits ``ctype`` (and is >= ``lo`` if given).
    Only ints (and objects with ``__index__``, like numpy integers) are
    accepted: bool, float and str raise TypeError, out-of-range values
    :class:`OutOfRange` naming ``what`` and the range."""
    if type(value) is int:
        n = value
    elif isinstance(value, bool) or not hasattr(type(value), "__index__"):
        raise TypeError(f"{what} must be an int, not {type(value).__name__} ({value!r})")
    else:
        n = operator.index(value)
    cmin, cmax, cname = c_range(ctype)
    if lo is not None and lo > cmin:
        cmin = lo
    if not cmin <= n <= cmax:
        raise OutOfRange(what, n, cmin, cmax, cname)
    return n


def flag_(value: Any, what: str) -> int:
    """A C boolean (``int32_t``): a bool, or an int in range."""
    if isinstance(value, bool):
        return int(value)
    return int_(value, ctypes.c_int32, what)


def set_int(st: Any, field: str, value: Any, what: Optional[str] = None,
            index: Optional[int] = None) -> None:
    """``st.field = value`` (``st.field[index]`` for an array field), range-
    checked against the field's C type."""
    ctype = dict(type(st)._fields_)[field]
    if index is not None:
        ctype = ctype._type_
    n = int_(value, ctype, what or field)
    if index is None:
        setattr(st, field, n)
    else:
        getattr(st, field)[index] = n


def check_args(fn: Any, args: Sequence[Any], fname: str) -> None:
    """Safety net for ints passed straight to a C function: each must fit
    its declared parameter type (callers check with named fields first)."""
    params = _INT_PARAMS.get(fname)
    if params is None:
        params = _INT_PARAMS[fname] = tuple(
            (i, t) for i, t in enumerate(fn.argtypes or ()) if t in _INT_TYPES)
    for i, t in params:
        a = args[i] if i < len(args) else None
        if type(a) is int:
            lo, hi, _ = c_range(t)
            if not lo <= a <= hi:
                int_(a, t, f"{fname}() argument {i + 1}")


_INT_PARAMS: Dict[str, Tuple[Tuple[int, Any], ...]] = {}


_INT_TYPES = frozenset([
    ctypes.c_int8, ctypes.c_int16, ctypes.c_int32, ctypes.c_int64, ctypes.c_uint8,
    ctypes.c_uint16, ctypes.c_uint32, ctypes.c_uint64, ctypes.c_int, ctypes.c_uint,
    ctypes.c_long, ctypes.c_ulong, ctypes.c_longlong, ctypes.c_ulonglong, ctypes.c_size_t,
])


def time_(now: Any, what: str = "time") -> int:
    """A time (host nanoseconds, ``acdr_tstamp``): an int in [0, 2**64-1];
    floats, strings and bools raise TypeError."""
    if type(now) is int and 0 <= now <= C.ACDR_TSTAMP_MAX:
        return now
    if isinstance(now, bool) or not hasattr(type(now), "__index__"):
        raise TypeError(
            f"{what} must be an int (nanoseconds), not {type(now).__name__} ({now!r})"
        )
    return int_(now, C.acdr_tstamp, what)


def ms_(value: Any, what: str) -> int:
    """A duration in milliseconds (``int64_t``)."""
    return int_(value, ctypes.c_int64, what)


def now_or(clock: Callable[[], int], now: Optional[int]) -> int:
    """``now`` checked, or ``clock()`` (the engine's latest time) when it is
    None."""
    return clock() if now is None else time_(now)


def channel_(ch: ChannelLike, what: str = "channel") -> int:
    return parse_enum(Channel, ch, what)


def kv_array(items: Optional[Mapping[str, Any]], what: str, keep: List[Any]) -> Tuple[Any, int]:
    """An ``acdr_kv`` array (pointer, count; NULL, 0 when empty): values are
    converted with ``str``.  What C points to is appended to ``keep``."""
    if not items:
        return None, 0
    arr = (C.acdr_kv * len(items))()
    for i, (k, v) in enumerate(items.items()):
        kb, vb = b_(k, f"{what} key"), b_(str(v), f"{what} value")
        arr[i].key, arr[i].value = kb, vb
        keep += [kb, vb]
    keep.append(arr)
    return ctypes.cast(arr, POINTER(C.acdr_kv)), len(items)


def skill_array(skills: Optional[Skills], keep: List[Any]) -> Tuple[Any, int]:
    """An ``acdr_skill`` array (pointer, count; NULL, 0 when empty)."""
    if not skills:
        return None, 0
    pairs = list(skills.items() if isinstance(skills, Mapping) else skills)
    arr = (C.acdr_skill * len(pairs))()
    for i, (name, level) in enumerate(pairs):
        nb = b_(name, "skill name")
        arr[i].name = nb
        set_int(arr[i], "level", level, f"skill {name!r} level")
        keep.append(nb)
    keep.append(arr)
    return ctypes.cast(arr, POINTER(C.acdr_skill)), len(pairs)


def str_array(items: Optional[Iterable[str]], what: str, keep: List[Any]) -> Tuple[Any, int]:
    """A ``const char *const *`` array (pointer, count; NULL, 0 when
    empty)."""
    lst = [b_(x, what) for x in (items or ())]
    if not lst:
        return None, 0
    arr = (ctypes.c_char_p * len(lst))(*lst)
    keep += [arr, lst]
    return ctypes.cast(arr, POINTER(ctypes.c_char_p)), len(lst)


def str_list(p: Any, n: int) -> List[str]:
    """Decode a C ``const char *const *`` of n strings."""
    return [s_(p[i]) or "" for i in range(n)] if n and p else []


def per_channel(values: Any) -> Dict[Channel, int]:
    return {ch: int(values[ch]) for ch in Channel}


def from_struct(record: Type[R], st: Any, **converted: Any) -> R:
    """A record (dataclass) from the same-named fields of a C struct: C
    strings decoded, fields the record types ``bool`` made bool, the others
    as they are, except those given in ``converted``."""
    kw = dict(converted)
    for f in fields(record):
        if f.name not in kw:
            v = getattr(st, f.name)
            is_bool = getattr(f.type, "__name__", f.type) == "bool"  # a str: PEP 563
            kw[f.name] = s_(v) if isinstance(v, bytes) else bool(v) if is_bool else v
    return record(**kw)


def decode_action(a: C.acdr_action) -> Action:
    """Copy a C ``acdr_action`` into an :class:`Action` (call only while the
    C strings are valid, i.e. inside the callback)."""
    t = to_enum(ActionType, a.type)
    r_cls = REASON_ENUM.get(t)
    a_cls = ACTIVITY_ENUM.get(t)
    strs = {f: s_(getattr(a, f)) for f in ("contact_id", "agent_id", "queue_id",
                                           "customer_id", "text")}
    return Action(
        type=t,
        reason=cast(Reason, to_enum(r_cls, a.reason) if r_cls else a.reason),
        activity=cast(Any, to_enum(a_cls, a.activity) if a_cls else a.activity),
        channel=None if a.channel < 0 else to_enum(Channel, a.channel),
        time=int(a.time),
        position=int(a.position),
        value_ms=int(a.value_ms),
        **strs,
    )


def doc_bytes(doc: Document) -> bytes:
    """A JSON document as bytes: str, bytes, or a dict to serialise."""
    if isinstance(doc, bytes):
        return doc
    if isinstance(doc, str):
        return doc.encode("utf-8")
    return json.dumps(doc).encode("utf-8")
