# SPDX-License-Identifier: MIT
"""ctypes mirrors of ``erlang.h``: Erlang B, C, A and staffing."""

from __future__ import annotations

from ctypes import POINTER, Structure, c_double, c_int, c_int32

from .core import Proto, c_struct

__all__ = ["ACDR_ERLANG_RESULT_V1", "acdr_erlang_result", "ErlangFunctions"]

ACDR_ERLANG_RESULT_V1 = 1


class acdr_erlang_result(Structure):
    _fields_ = c_struct(globals(), """
        double load, p_wait, p_abandon, service_level, service_level_answered, p_wait_le_t;
        double asa_s, mean_wait_s, mean_queue_len, occupancy;""")


_D = c_double
_RESULT = (c_int, POINTER(acdr_erlang_result))


class ErlangFunctions:
    """erlang.h (no engine)."""

    acdr_erlang_b = Proto(c_int, POINTER(_D), _D, c_int32)
    acdr_erlang_c_pwait = Proto(c_int, POINTER(_D), _D, c_int32)
    # rate, aht[, patience], agents, threshold
    acdr_erlang_c_versioned = Proto(c_int, *_RESULT, _D, _D, c_int32, _D)
    acdr_erlang_a_versioned = Proto(c_int, *_RESULT, _D, _D, _D, c_int32, _D)
    # rate, aht[, patience], threshold, target_sl[, max_abandon], max_agents
    acdr_erlang_c_staff = Proto(c_int, POINTER(c_int32), _D, _D, _D, _D, c_int32)
    acdr_erlang_a_staff = Proto(c_int, POINTER(c_int32), _D, _D, _D, _D, _D, _D, c_int32)
