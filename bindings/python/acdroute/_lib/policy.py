# SPDX-License-Identifier: MIT
"""ctypes mirrors of ``policy.h``: queue business hours."""

from __future__ import annotations

from ctypes import POINTER, Structure, c_int, c_int32

from .core import _E, _S, Proto, acdr_tstamp, c_struct

__all__ = [
    "ACDR_HOURS_V1", "ACDR_HOURS_MAX_INTERVALS", "ACDR_HOURS_MAX_HOLIDAYS", "acdr_interval",
    "acdr_day_hours", "acdr_holiday", "acdr_hours", "HoursFunctions",
]

class acdr_interval(Structure):
    _fields_ = c_struct(globals(), "int32_t open_min, close_min; /* minutes after midnight */")


class acdr_day_hours(Structure):
    _fields_ = c_struct(globals(), "const acdr_interval *intervals; size_t nintervals;")


ACDR_HOURS_MAX_INTERVALS = 96  # nintervals of a day or holiday


class acdr_holiday(Structure):
    _fields_ = c_struct(globals(), """
        const char *date; /* YYYY-MM-DD */
        const acdr_interval *intervals; size_t nintervals;""")


ACDR_HOURS_MAX_HOLIDAYS = 4096  # nholidays


ACDR_HOURS_V1 = 1


class acdr_hours(Structure):
    _fields_ = c_struct(globals(), """
        acdr_day_hours week[7]; const acdr_holiday *holidays; size_t nholidays;
        const char *closed_text; int32_t closed_kind, at_closing; const char *closed_target;""")


class HoursFunctions:
    """policy.h."""

    acdr_hours_default_versioned = Proto(None, c_int, POINTER(acdr_hours))
    acdr_queue_set_hours_versioned = Proto(c_int, _E, _S, c_int, POINTER(acdr_hours))
    acdr_queue_hours_state = Proto(
        c_int, _E, _S, acdr_tstamp, POINTER(c_int32), POINTER(acdr_tstamp)
    )
