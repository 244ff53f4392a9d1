"""ctypes mirrors of ``policy.h``: queue business hours."""

from __future__ import annotations

from ctypes import POINTER, Structure, c_char_p, c_int, c_int32, c_size_t

from .core import _E, _S, Proto, acdr_tstamp, fields

__all__ = [
    "ACDR_HOURS_V1", "ACDR_HOURS_MAX_INTERVALS", "ACDR_HOURS_MAX_HOLIDAYS", "acdr_interval",
    "acdr_day_hours", "acdr_holiday", "acdr_hours", "HoursFunctions",
]

ACDR_HOURS_V1 = 1
ACDR_HOURS_MAX_INTERVALS = 96
ACDR_HOURS_MAX_HOLIDAYS = 4096


class acdr_interval(Structure):
    _fields_ = fields(c_int32, "open_min", "close_min")


class acdr_day_hours(Structure):
    _fields_ = [("intervals", POINTER(acdr_interval)), ("nintervals", c_size_t)]


class acdr_holiday(Structure):
    _fields_ = [("date", c_char_p), *acdr_day_hours._fields_]


class acdr_hours(Structure):
    _fields_ = [
        ("week", acdr_day_hours * 7),
        ("holidays", POINTER(acdr_holiday)),
        ("nholidays", c_size_t),
        ("closed_text", c_char_p),
        *fields(c_int32, "closed_kind", "at_closing"),
        ("closed_target", c_char_p),
    ]


class HoursFunctions:
    """policy.h."""

    acdr_hours_default_versioned = Proto(None, c_int, POINTER(acdr_hours))
    acdr_queue_set_hours_versioned = Proto(c_int, _E, _S, c_int, POINTER(acdr_hours))
    acdr_queue_hours_state = Proto(
        c_int, _E, _S, acdr_tstamp, POINTER(c_int32), POINTER(acdr_tstamp)
    )
