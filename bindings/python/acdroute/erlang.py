# SPDX-License-Identifier: MIT
"""Erlang staffing math (``erlang.h``): Erlang B, C, A and staffing.

Pure functions, no engine.  Units: arrival ``rate`` in contacts per SECOND
(100 calls per 30 minutes is ``100 / 1800``), ``aht``, ``threshold`` and
``patience`` in seconds, probabilities and service levels as fractions.

Errors: :class:`~acdroute.errors.InvalidArgument` for bad inputs,
:class:`~acdroute.errors.RangeError` for an unstable system or an
unreachable staffing target.  For :func:`erlang_c` on an unstable system
(load >= agents) pass ``allow_unstable=True`` to get the limit values the
library fills in instead of an exception.
"""

from __future__ import annotations

import math
from ctypes import byref, c_double, c_int32
from dataclasses import dataclass

from . import _lib as C
from ._conv import int_
from .errors import ErrorCode, make_error

__all__ = [
    "ErlangResult",
    "erlang_b",
    "erlang_c_pwait",
    "erlang_c",
    "erlang_a",
    "erlang_c_staff",
    "erlang_a_staff",
]


@dataclass(frozen=True)
class ErlangResult:
    """``acdr_erlang_result``: predicted performance of one queue (waits in
    seconds)."""

    load: float
    p_wait: float
    p_abandon: float
    service_level: float
    service_level_answered: float
    p_wait_le_t: float
    asa_s: float
    mean_wait_s: float
    mean_queue_len: float
    occupancy: float


def _raise(rc: int, fname: str) -> None:
    if rc < 0:
        raise make_error(rc, function=fname)


def _result(r: C.acdr_erlang_result) -> ErlangResult:
    return ErlangResult(**{f: float(getattr(r, f)) for f, _ in C.acdr_erlang_result._fields_})


def erlang_b(load: float, agents: int) -> float:
    """Erlang B blocking probability B(N, A)."""
    out = c_double()
    n = int_(agents, c_int32, "agents")
    _raise(C.lib().acdr_erlang_b(byref(out), float(load), n), "acdr_erlang_b")
    return out.value


def erlang_c_pwait(load: float, agents: int) -> float:
    """Erlang C probability of waiting C(N, A).  Raises RangeError when
    load >= agents."""
    out = c_double()
    rc = C.lib().acdr_erlang_c_pwait(byref(out), float(load), int_(agents, c_int32, "agents"))
    _raise(rc, "acdr_erlang_c_pwait")
    return out.value


def erlang_c(
    rate: float,
    aht: float,
    agents: int,
    threshold: float,
    *,
    allow_unstable: bool = False,
) -> ErlangResult:
    """Erlang C (nobody abandons) performance for ``agents`` agents."""
    r = C.acdr_erlang_result()
    rc = C.lib().acdr_erlang_c_versioned(
        C.ACDR_ERLANG_RESULT_V1, byref(r), float(rate), float(aht),
        int_(agents, c_int32, "agents"),
        float(threshold),
    )
    if not (allow_unstable and rc == ErrorCode.RANGE):
        _raise(rc, "acdr_erlang_c")
    return _result(r)


def erlang_a(
    rate: float,
    aht: float,
    patience: float,
    agents: int,
    threshold: float,
) -> ErlangResult:
    """Erlang A (exponential patience with mean ``patience`` seconds;
    ``math.inf`` gives Erlang C) performance."""
    r = C.acdr_erlang_result()
    rc = C.lib().acdr_erlang_a_versioned(
        C.ACDR_ERLANG_RESULT_V1, byref(r), float(rate), float(aht), float(patience),
        int_(agents, c_int32, "agents"), float(threshold),
    )
    _raise(rc, "acdr_erlang_a")
    return _result(r)


def erlang_c_staff(
    rate: float, aht: float, threshold: float, target_sl: float, max_agents: int = 10_000
) -> int:
    """Fewest agents whose Erlang C service level reaches ``target_sl``."""
    out = c_int32()
    rc = C.lib().acdr_erlang_c_staff(
        byref(out), float(rate), float(aht), float(threshold), float(target_sl),
        int_(max_agents, c_int32, "max_agents"),
    )
    _raise(rc, "acdr_erlang_c_staff")
    return out.value


def erlang_a_staff(
    rate: float,
    aht: float,
    patience: float,
    threshold: float,
    target_sl: float,
    max_abandon: float = 1.0,
    max_agents: int = 10_000,
) -> int:
    """Fewest agents meeting ``target_sl`` and abandonment <= ``max_abandon``
    under Erlang A."""
    out = c_int32()
    rc = C.lib().acdr_erlang_a_staff(
        byref(out), float(rate), float(aht), float(patience), float(threshold),
        float(target_sl), float(max_abandon), int_(max_agents, c_int32, "max_agents"),
    )
    _raise(rc, "acdr_erlang_a_staff")
    return out.value


INFINITE_PATIENCE = math.inf
