# SPDX-License-Identifier: MIT
"""Contact-center metrics (``metrics.h``) as plain Python objects:
:attr:`Engine.metrics <acdroute.Engine.metrics>`.

Derived values whose denominator is 0 are -1.0 in C; here they are
``None`` ("no data").  Rates and shares are fractions; derived averages are
milliseconds; sums are host nanoseconds.
"""

from __future__ import annotations

import json as _json
from ctypes import byref
from dataclasses import dataclass, fields, replace
from typing import Any, Dict, Optional, Tuple, Union

from . import _lib as C
from ._conv import ChannelLike
from ._conv import b_ as _b
from ._conv import channel_ as _channel
from ._conv import s_ as _s
from ._conv import time_ as _time
from ._conv import flag_, set_int
from ._part import EnginePart, serialised
from .enums import FcrKey, SlVariant, SurveyKind, parse_enum, to_enum

__all__ = ["EngineMetrics", "Metrics", "MetricsOptions", "SlVariant", "FcrKey", "SurveyKind",
           "sl_variant_name"]


def sl_variant_name(variant: Union[SlVariant, int]) -> str:
    """``acdr_sl_variant_name``: e.g. ``"answered_in_sl/answered"``."""
    return _s(C.lib().acdr_sl_variant_name(parse_enum(SlVariant, variant))) or ""


@dataclass(frozen=True)
class MetricsOptions:
    """``acdr_metrics_options``."""

    bucket_ms: int
    max_buckets: int
    sl_variant: Union[SlVariant, int]
    abandon_excludes_short: bool
    fcr_key: Union[FcrKey, int]
    fcr_window_ms: int


_DERIVED = {
    "service_level", "asa_ms", "abandon_rate", "aht_ms", "aht_talk_ms", "aht_hold_ms",
    "aht_wrapup_ms", "occupancy", "transfer_rate", "resolution_rate", "fcr_rate",
    "frt_ms", "frt_in_target",
    "csat_avg", "csat_rate", "promoter_rate", "detractor_rate",
}


@dataclass(frozen=True)
class Metrics:
    """``acdr_metrics``: one object's metrics over a range (docs/metrics.md
    defines each field).  ``from_`` is C's ``from``."""

    from_: int
    to: int
    now: int
    partial: bool
    sl_variant: Union[SlVariant, int]
    sl_variant_name: str
    sl_threshold_ms: int
    offered: int
    answered: int
    answered_in_sl: int
    abandoned: int
    abandoned_short: int
    abandoned_in_sl: int
    timed_out: int
    overflowed: int
    transferred: int
    callbacks: int
    rejected: int
    missed: int
    handled: int
    wait_answered_ns: int
    longest_wait_ns: int
    talk_ns: int
    hold_ns: int
    wrapup_ns: int
    dispositioned: int
    tagged: int
    resolved: int
    success: int
    contact_made: int
    fcr_first: int
    fcr_resolved: int
    fcr_repeated: int
    fcr_unresolved: int
    fcr_pending: int
    repeat_contacts: int
    logged_in_ns: int
    idle_ns: int
    away_ns: int
    ringing_ns: int
    on_contact_ns: int
    wrapup_time_ns: int
    service_level: Optional[float]
    asa_ms: Optional[float]
    abandon_rate: Optional[float]
    aht_ms: Optional[float]
    aht_talk_ms: Optional[float]
    aht_hold_ms: Optional[float]
    aht_wrapup_ms: Optional[float]
    occupancy: Optional[float]
    transfer_rate: Optional[float]
    resolution_rate: Optional[float]
    fcr_rate: Optional[float]
    dropped: int
    replied: int
    replied_in_target: int
    first_reply_ns: int
    reply_overdue: int
    frt_ms: Optional[float]
    frt_in_target: Optional[float]
    outbound_placed: int
    outbound_dnc_refused: int
    after_hours: int
    csat_responses: int
    csat_sum: int
    csat_satisfied: int
    nps_responses: int
    nps_promoters: int
    nps_detractors: int
    csat_avg: Optional[float]
    csat_rate: Optional[float]
    promoter_rate: Optional[float]
    detractor_rate: Optional[float]

    @property
    def nps(self) -> Optional[float]:
        """The net promoter score in points (-100..100), None without
        responses."""
        if self.promoter_rate is None or self.detractor_rate is None:
            return None
        return 100.0 * (self.promoter_rate - self.detractor_rate)

    def as_dict(self) -> Dict[str, Any]:
        """The fields as a dict (``from_`` named ``from``)."""
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["from"] = d.pop("from_")
        return d


def _metrics_from_c(m: C.acdr_metrics) -> Metrics:
    kw: Dict[str, Any] = {}
    for name, _t in C.acdr_metrics._fields_:
        v = getattr(m, name)
        if name in _DERIVED:
            v = None if v < 0 else float(v)
        kw["from_" if name == "from" else name] = v
    kw["partial"] = bool(kw["partial"])
    kw["sl_variant"] = to_enum(SlVariant, kw["sl_variant"])
    kw["sl_variant_name"] = _s(m.sl_variant_name) or ""
    return Metrics(**kw)


@serialised
class EngineMetrics(EnginePart):
    """Metrics queries of an Engine (``engine.metrics``).

    Every query takes ``now`` (default: the engine's latest time) and an
    optional range of bucket starts ``[from_, to)``; the default (0, None)
    selects the lifetime counters.
    """

    __slots__ = ()

    def options(self) -> MetricsOptions:
        """The current metric settings."""
        o = self._e._get(C.acdr_metrics_options(), "acdr_engine_get_metrics_options_versioned",
                         C.ACDR_METRICS_OPTIONS_V1)
        return MetricsOptions(
            bucket_ms=o.bucket_ms,
            max_buckets=o.max_buckets,
            sl_variant=to_enum(SlVariant, o.sl_variant),
            abandon_excludes_short=bool(o.abandon_excludes_short),
            fcr_key=to_enum(FcrKey, o.fcr_key),
            fcr_window_ms=o.fcr_window_ms,
        )

    def set_options(self, **changes: Any) -> MetricsOptions:
        """Change some metric settings (``bucket_ms``, ``max_buckets``,
        ``sl_variant`` (:class:`SlVariant` or name), ``abandon_excludes_short``,
        ``fcr_key``, ``fcr_window_ms``); the others keep their current value.
        Returns the new settings."""
        cur = replace(self.options(), **changes)
        o = C.acdr_metrics_options()
        set_int(o, "bucket_ms", cur.bucket_ms)
        set_int(o, "max_buckets", cur.max_buckets)
        o.sl_variant = parse_enum(SlVariant, cur.sl_variant, "sl_variant")
        o.abandon_excludes_short = flag_(cur.abandon_excludes_short, "abandon_excludes_short")
        o.fcr_key = parse_enum(FcrKey, cur.fcr_key, "fcr_key")
        set_int(o, "fcr_window_ms", cur.fcr_window_ms)
        self._e._call(
            "acdr_engine_set_metrics_options_versioned", C.ACDR_METRICS_OPTIONS_V1, byref(o)
        )
        return self.options()

    def _range(self, now: Optional[int], from_: int, to: Optional[int]) -> Tuple[int, int, int]:
        return (
            _time(from_, "from_"),
            C.ACDR_TSTAMP_MAX if to is None else _time(to, "to"),
            self._e._t_or_latest(now),
        )

    def _get(self, what: str, key: Tuple[Any, ...], now: Optional[int], from_: int,
             to: Optional[int]) -> Metrics:
        m = self._e._get(C.acdr_metrics(), f"acdr_metrics_get_{what}_versioned", *key,
                         *self._range(now, from_, to), C.ACDR_METRICS_V2)
        return _metrics_from_c(m)

    def record_survey(self, contact_id: str, kind: Union[SurveyKind, int, str], score: int,
                      now: Optional[int] = None) -> None:
        """A customer's survey score for an ended contact (CSAT 1..5, NPS
        0..10): counted for its queue, agent, primary disposition code,
        channel and the engine, in the bucket of ``now``."""
        k = parse_enum(SurveyKind, kind, "kind")
        self._e._call("acdr_survey_record", _b(contact_id, "contact id"), k, score,
                      self._e._t(now))

    def overall(self, now: Optional[int] = None, *, from_: int = 0,
                to: Optional[int] = None) -> Metrics:
        """Metrics of the whole engine (each contact counted once)."""
        return self._get("engine", (), now, from_, to)

    def queue(self, queue_id: str, now: Optional[int] = None, *, from_: int = 0,
              to: Optional[int] = None) -> Metrics:
        """Metrics of one queue."""
        return self._get("queue", (_b(queue_id, "queue id"),), now, from_, to)

    def channel(self, channel: ChannelLike, now: Optional[int] = None, *, from_: int = 0,
                to: Optional[int] = None) -> Metrics:
        """Metrics of one channel."""
        return self._get("channel", (_channel(channel),), now, from_, to)

    def agent(self, agent_id: str, now: Optional[int] = None, *, from_: int = 0,
              to: Optional[int] = None) -> Metrics:
        """Metrics of one agent."""
        return self._get("agent", (_b(agent_id, "agent id"),), now, from_, to)

    def code(self, code_id: str, now: Optional[int] = None, *, from_: int = 0,
             to: Optional[int] = None) -> Metrics:
        """Metrics of one disposition code."""
        return self._get("code", (_b(code_id, "code id"),), now, from_, to)

    def json(self, now: Optional[int] = None, *, from_: Optional[int] = None,
             to: Optional[int] = None) -> str:
        """Every object's metrics as one JSON document (docs/metrics.md):
        lifetime, or over the buckets of [from_, to) when either is given."""
        t = self._e._t_or_latest(now)
        if from_ is None and to is None:
            return self._e._take_doc("acdr_metrics_to_json", t)
        return self._e._take_doc("acdr_metrics_range_to_json", *self._range(t, from_ or 0, to))

    def report(self, now: Optional[int] = None, *, from_: Optional[int] = None,
               to: Optional[int] = None) -> Dict[str, Any]:
        """:meth:`json`, decoded."""
        doc: Dict[str, Any] = _json.loads(self.json(now, from_=from_, to=to))
        return doc
