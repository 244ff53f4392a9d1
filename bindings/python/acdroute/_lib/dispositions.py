# SPDX-License-Identifier: MIT
"""ctypes mirrors of ``disposition.h``: codes, contact dispositions,
follow-up rules, do-not-contact list, statistics."""

from __future__ import annotations

from ctypes import POINTER, Structure, c_char_p, c_int, c_int32, c_int64, c_size_t, c_uint32
from ctypes import c_uint64

from .core import _E, _S, Proto, acdr_tstamp, c_struct

__all__ = [
    "ACDR_DISPO_CODE_V1", "ACDR_DISPO_RECORD_V1", "ACDR_DISPO_RULE_V1", "ACDR_DISPO_STATS_V1",
    "acdr_dispo_code", "acdr_dispo_record", "acdr_dispo_change", "acdr_dispo_rule",
    "acdr_dispo_stats", "DispositionFunctions",
]

ACDR_DISPO_CODE_V1 = 1


class acdr_dispo_code(Structure):
    _fields_ = c_struct(globals(), """
        const char *id, *label, *category;
        uint32_t attrs; /* ACDR_DISPO_* */
        const char *const *queues; size_t nqueues;
        int64_t min_duration_ms, max_duration_ms; int32_t auto_end_reason; int64_t dnc_ms;""")


ACDR_DISPO_RECORD_V1 = 1


class acdr_dispo_record(Structure):
    _fields_ = c_struct(globals(), """
        const char *primary; const char *const *tags; size_t ntags;
        uint32_t attrs, all_attrs; int32_t closed, end_reason, corrections;
        int64_t duration_ms; const char *queue_id, *agent_id, *customer_id;
        acdr_tstamp closed_at;""")


class acdr_dispo_change(Structure):
    _fields_ = c_struct(globals(), """
        const char *contact_id, *old_codes, *new_codes; acdr_tstamp time;""")


ACDR_DISPO_RULE_V1 = 1


class acdr_dispo_rule(Structure):
    _fields_ = c_struct(globals(), """
        const char *id, *code, *queue, *attr_key, *attr_value;
        int32_t action; const char *argument; int64_t delay_ms, duration_ms;""")


ACDR_DISPO_STATS_V1 = 1


class acdr_dispo_stats(Structure):
    _fields_ = c_struct(globals(), """
        uint64_t contacts, code_total, code_primary, contact_made, success, resolved, dnc;
        uint64_t unworkable;
        double code_share, contact_rate, success_rate, resolution_rate;""")


_CODE = POINTER(acdr_dispo_code)
_RULE = POINTER(acdr_dispo_rule)
_CODES = (_S, POINTER(c_char_p), c_size_t, acdr_tstamp)  # primary, tags, ntags, now


class DispositionFunctions:
    """disposition.h."""

    acdr_dispo_code_default_versioned = Proto(None, c_int, _CODE)
    acdr_dispo_code_add_versioned = Proto(c_int, _E, c_int, _CODE)
    acdr_dispo_code_update_versioned = Proto(c_int, _E, c_int, _CODE)
    acdr_dispo_code_remove = Proto(c_int, _E, _S)
    acdr_dispo_code_get_versioned = Proto(c_int, _E, _S, c_int, _CODE)
    acdr_dispo_code_count = Proto(c_size_t, _E)
    acdr_dispo_code_at_versioned = Proto(c_int, _E, c_size_t, c_int, _CODE)
    acdr_dispo_catalog_set_versioned = Proto(c_int, _E, c_int, _CODE, c_size_t)
    acdr_dispo_catalog_reset = Proto(c_int, _E)
    acdr_dispo_set = Proto(c_int, _E, _S, *_CODES)
    acdr_dispo_correct = Proto(c_int, _E, _S, *_CODES)
    acdr_dispo_get_versioned = Proto(c_int, _E, _S, c_int, POINTER(acdr_dispo_record))
    acdr_dispo_set_limits = Proto(c_int, _E, c_uint32, c_uint32)
    acdr_dispo_change_count = Proto(c_size_t, _E)
    acdr_dispo_change_at = Proto(c_int, _E, c_size_t, POINTER(acdr_dispo_change))
    acdr_dispo_rule_default_versioned = Proto(None, c_int, _RULE)
    acdr_dispo_rule_add_versioned = Proto(c_int, _E, c_int, _RULE)
    acdr_dispo_rule_remove = Proto(c_int, _E, _S)
    acdr_dispo_rule_count = Proto(c_size_t, _E)
    acdr_dispo_rule_get_versioned = Proto(c_int, _E, _S, c_int, _RULE)
    acdr_dispo_pending_count = Proto(c_size_t, _E)
    acdr_dnc_add = Proto(c_int, _E, _S, c_int64, acdr_tstamp)
    acdr_dnc_remove = Proto(c_int, _E, _S)
    acdr_dnc_check = Proto(c_int, _E, _S, acdr_tstamp, POINTER(c_int32), POINTER(acdr_tstamp))
    acdr_dnc_count = Proto(c_int, _E, acdr_tstamp, POINTER(c_uint64))
    acdr_dnc_clear = Proto(c_int, _E)
    acdr_dispo_stats_get_versioned = Proto(
        c_int, _E, _S, _S, _S, c_int, POINTER(acdr_dispo_stats)
    )
    acdr_dispo_stats_reset = Proto(c_int, _E)
