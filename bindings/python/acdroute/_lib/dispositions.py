"""ctypes mirrors of ``disposition.h``: codes, contact dispositions,
follow-up rules, do-not-contact list, statistics."""

from __future__ import annotations

from ctypes import POINTER, Structure, c_char_p, c_double, c_int, c_int32, c_int64, c_size_t
from ctypes import c_uint32, c_uint64

from .core import _E, _S, Proto, acdr_tstamp, fields

__all__ = [
    "ACDR_DISPO_CODE_V1", "ACDR_DISPO_RECORD_V1", "ACDR_DISPO_RULE_V1", "ACDR_DISPO_STATS_V1",
    "acdr_dispo_code", "acdr_dispo_record", "acdr_dispo_change", "acdr_dispo_rule",
    "acdr_dispo_stats", "DispositionFunctions",
]

ACDR_DISPO_CODE_V1 = 1
ACDR_DISPO_RECORD_V1 = 1
ACDR_DISPO_RULE_V1 = 1
ACDR_DISPO_STATS_V1 = 1


class acdr_dispo_code(Structure):
    _fields_ = [
        *fields(c_char_p, "id", "label", "category"),
        ("attrs", c_uint32),
        ("queues", POINTER(c_char_p)),
        ("nqueues", c_size_t),
        *fields(c_int64, "min_duration_ms", "max_duration_ms"),
        ("auto_end_reason", c_int32),
        ("dnc_ms", c_int64),
    ]


class acdr_dispo_record(Structure):
    _fields_ = [
        ("primary", c_char_p),
        ("tags", POINTER(c_char_p)),
        ("ntags", c_size_t),
        *fields(c_uint32, "attrs", "all_attrs"),
        *fields(c_int32, "closed", "end_reason", "corrections"),
        ("duration_ms", c_int64),
        *fields(c_char_p, "queue_id", "agent_id", "customer_id"),
        ("closed_at", acdr_tstamp),
    ]


class acdr_dispo_change(Structure):
    _fields_ = [
        *fields(c_char_p, "contact_id", "old_codes", "new_codes"),
        ("time", acdr_tstamp),
    ]


class acdr_dispo_rule(Structure):
    _fields_ = [
        *fields(c_char_p, "id", "code", "queue", "attr_key", "attr_value"),
        ("action", c_int32),
        ("argument", c_char_p),
        *fields(c_int64, "delay_ms", "duration_ms"),
    ]


class acdr_dispo_stats(Structure):
    _fields_ = [
        *fields(c_uint64, "contacts", "code_total", "code_primary", "contact_made", "success",
                "resolved", "dnc", "unworkable"),
        *fields(c_double, "code_share", "contact_rate", "success_rate", "resolution_rate"),
    ]


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
