"""Low-level ctypes layer: finding and loading libacdroute, struct mirrors,
function prototypes.

Everything here mirrors the C headers in ``include/acdroute/`` exactly (same
field order, same fixed-width types).  The public, Pythonic API lives in
:mod:`acdroute.engine`; use this module only for things it does not cover.

Functions of optional modules (metrics, dispositions, configuration...) that
the loaded library does not export are set to ``None`` in :data:`OPTIONAL`
rather than failing the import; the high-level API raises
:class:`NotImplementedError` when they are used.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    c_char_p,
    c_double,
    c_int,
    c_int32,
    c_int64,
    c_size_t,
    c_uint32,
    c_uint64,
    c_void_p,
)
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional

__all__ = [
    "SUPPORTED_MAJOR",
    "LibraryNotFound",
    "UnsupportedVersion",
    "lib",
    "load",
]

#: Major library versions these bindings understand (0xMMmmpp >> 16).
SUPPORTED_MAJOR = (1,)

#: Struct version constants (the C macros do not exist for ctypes).
ACDR_CALLBACKS_V1 = 1
ACDR_OPTIONS_V1 = 1
ACDR_AGENT_DEF_V1 = 1
ACDR_AGENT_INFO_V1 = 1
ACDR_QUEUE_DEF_V1 = 1
ACDR_QUEUE_INFO_V1 = 1
ACDR_CONTACT_DEF_V1 = 1
ACDR_CONTACT_INFO_V1 = 1
ACDR_ERLANG_RESULT_V1 = 1

ACDR_CHANNEL_COUNT = 3
ACDR_TSTAMP_MAX = 2**64 - 1

acdr_tstamp = c_uint64


class LibraryNotFound(ImportError):
    """libacdroute could not be found or loaded."""


class UnsupportedVersion(ImportError):
    """The loaded libacdroute has a major version these bindings do not
    support."""


# ---------------------------------------------------------------------------
# Structs (types.h, engine.h, erlang.h)


class acdr_kv(Structure):
    _fields_ = [("key", c_char_p), ("value", c_char_p)]


class acdr_skill(Structure):
    _fields_ = [("name", c_char_p), ("level", c_int32)]


class acdr_action(Structure):
    _fields_ = [
        ("type", c_int32),
        ("reason", c_int32),
        ("activity", c_int32),
        ("channel", c_int32),
        ("time", acdr_tstamp),
        ("contact_id", c_char_p),
        ("agent_id", c_char_p),
        ("queue_id", c_char_p),
        ("customer_id", c_char_p),
        ("text", c_char_p),
        ("position", c_int64),
        ("value_ms", c_int64),
    ]


#: int (*)(acdr_engine *, const acdr_action *, void *user_data)
acdr_action_cb = CFUNCTYPE(c_int, c_void_p, POINTER(acdr_action), c_void_p)
#: int (*)(acdr_engine *, const char *queue_id, acdr_tstamp now,
#:         int64_t *local_seconds, void *user_data)
acdr_local_time_cb = CFUNCTYPE(
    c_int, c_void_p, c_char_p, acdr_tstamp, POINTER(c_int64), c_void_p
)


class acdr_callbacks(Structure):
    _fields_ = [("on_action", acdr_action_cb), ("local_time", acdr_local_time_cb)]


class acdr_options(Structure):
    _fields_ = [
        ("seed", c_uint64),
        ("mem", c_void_p),  # const acdr_mem *: always NULL from Python
        ("voice_blocks_other_channels", c_int32),
        ("unix_time_at_zero", c_int64),
        ("max_id_len", c_uint32),
        ("max_attrs", c_uint32),
        ("max_skills", c_uint32),
        ("max_members", c_uint32),
        ("record_events", c_int32),
    ]


class acdr_agent_def(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("name", c_char_p),
        ("capacity", c_uint32 * ACDR_CHANNEL_COUNT),
        ("skills", POINTER(acdr_skill)),
        ("nskills", c_size_t),
        ("wrapup_ms", c_int64),
        ("voice_blocks_other_channels", c_int32),
    ]


class acdr_agent_info(Structure):
    _fields_ = [
        ("status", c_int32),
        ("activity", c_int32),
        ("load", c_uint32 * ACDR_CHANNEL_COUNT),
        ("capacity", c_uint32 * ACDR_CHANNEL_COUNT),
        ("offers", c_uint32),
        ("missed_in_row", c_uint32),
        ("handled", c_uint64),
        ("talk_ns", acdr_tstamp),
        ("idle_since", acdr_tstamp),
        ("login_time", acdr_tstamp),
        ("away_reason", c_char_p),
        ("queues", c_uint32),
    ]


class acdr_queue_def(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("strategy", c_char_p),
        ("params", POINTER(acdr_kv)),
        ("nparams", c_size_t),
        ("channel", c_int32),
        ("weight", c_int32),
        ("sl_threshold_ms", c_int64),
        ("ring_timeout_ms", c_int64),
        ("wrapup_ms", c_int64),
        ("max_len", c_uint32),
        ("max_wait_ms", c_int64),
        ("overflow_kind", c_int32),
        ("overflow_target", c_char_p),
        ("join_when_empty", c_int32),
        ("leave_when_empty", c_int32),
        ("announce_interval_ms", c_int64),
        ("short_abandon_ms", c_int64),
        ("max_missed", c_uint32),
        ("no_answer_delay_ms", c_int64),
        ("reject_delay_ms", c_int64),
        ("busy_delay_ms", c_int64),
        ("require_disposition", c_int32),
        ("tier_wait_ms", c_int64),
        ("weight_aging_ms", c_int64),
        ("known_agent_hold_ms", c_int64),
        ("utc_offset_s", c_int64),
    ]


class acdr_queue_info(Structure):
    _fields_ = [
        ("waiting", c_uint32),
        ("offered", c_uint32),
        ("connected", c_uint32),
        ("members", c_uint32),
        ("agents_logged_in", c_uint32),
        ("agents_ready", c_uint32),
        ("agents_busy", c_uint32),
        ("agents_wrapup", c_uint32),
        ("agents_away", c_uint32),
        ("open", c_int32),
        ("longest_wait_ns", acdr_tstamp),
        ("estimated_wait_ms", c_int64),
        ("strategy", c_char_p),
    ]


class acdr_contact_def(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("queue", c_char_p),
        ("channel", c_int32),
        ("priority", c_int32),
        ("attrs", POINTER(acdr_kv)),
        ("nattrs", c_size_t),
        ("skills", POINTER(acdr_skill)),
        ("nskills", c_size_t),
        ("customer_id", c_char_p),
        ("reason", c_char_p),
        ("preferred_agent", c_char_p),
        ("preferred_hold_ms", c_int64),
    ]


class acdr_contact_info(Structure):
    _fields_ = [
        ("state", c_int32),
        ("channel", c_int32),
        ("priority", c_int32),
        ("is_callback", c_int32),
        ("arrival", acdr_tstamp),
        ("answered", acdr_tstamp),
        ("position", c_uint32),
        ("offers", c_uint32),
        ("queue_id", c_char_p),
        ("agent_id", c_char_p),
    ]


class acdr_engine_counts(Structure):
    _fields_ = [
        ("agents", c_uint64),
        ("queues", c_uint64),
        ("contacts_live", c_uint64),
        ("contacts_arrived", c_uint64),
        ("contacts_ended", c_uint64),
    ]


class acdr_erlang_result(Structure):
    _fields_ = [
        ("load", c_double),
        ("p_wait", c_double),
        ("p_abandon", c_double),
        ("service_level", c_double),
        ("service_level_answered", c_double),
        ("p_wait_le_t", c_double),
        ("asa_s", c_double),
        ("mean_wait_s", c_double),
        ("mean_queue_len", c_double),
        ("occupancy", c_double),
    ]


# -- disposition.h

ACDR_DISPO_CODE_V1 = 1
ACDR_DISPO_RECORD_V1 = 1
ACDR_DISPO_RULE_V1 = 1
ACDR_DISPO_STATS_V1 = 1


class acdr_dispo_code(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("label", c_char_p),
        ("category", c_char_p),
        ("attrs", c_uint32),
        ("queues", POINTER(c_char_p)),
        ("nqueues", c_size_t),
        ("min_duration_ms", c_int64),
        ("max_duration_ms", c_int64),
        ("auto_end_reason", c_int32),
        ("dnc_ms", c_int64),
    ]


class acdr_dispo_record(Structure):
    _fields_ = [
        ("primary", c_char_p),
        ("tags", POINTER(c_char_p)),
        ("ntags", c_size_t),
        ("attrs", c_uint32),
        ("all_attrs", c_uint32),
        ("closed", c_int32),
        ("end_reason", c_int32),
        ("corrections", c_int32),
        ("duration_ms", c_int64),
        ("queue_id", c_char_p),
        ("agent_id", c_char_p),
        ("customer_id", c_char_p),
        ("closed_at", acdr_tstamp),
    ]


class acdr_dispo_change(Structure):
    _fields_ = [
        ("contact_id", c_char_p),
        ("old_codes", c_char_p),
        ("new_codes", c_char_p),
        ("time", acdr_tstamp),
    ]


class acdr_dispo_rule(Structure):
    _fields_ = [
        ("id", c_char_p),
        ("code", c_char_p),
        ("queue", c_char_p),
        ("attr_key", c_char_p),
        ("attr_value", c_char_p),
        ("action", c_int32),
        ("argument", c_char_p),
        ("delay_ms", c_int64),
        ("duration_ms", c_int64),
    ]


class acdr_dispo_stats(Structure):
    _fields_ = [
        ("contacts", c_uint64),
        ("code_total", c_uint64),
        ("code_primary", c_uint64),
        ("contact_made", c_uint64),
        ("success", c_uint64),
        ("resolved", c_uint64),
        ("dnc", c_uint64),
        ("unworkable", c_uint64),
        ("code_share", c_double),
        ("contact_rate", c_double),
        ("success_rate", c_double),
        ("resolution_rate", c_double),
    ]


# -- metrics.h

ACDR_METRICS_OPTIONS_V1 = 1
ACDR_METRICS_V1 = 1


class acdr_metrics_options(Structure):
    _fields_ = [
        ("bucket_ms", c_int64),
        ("max_buckets", c_uint32),
        ("sl_variant", c_int32),
        ("abandon_excludes_short", c_int32),
        ("fcr_key", c_int32),
        ("fcr_window_ms", c_int64),
    ]


class acdr_metrics(Structure):
    _fields_ = [
        ("from", acdr_tstamp),
        ("to", acdr_tstamp),
        ("now", acdr_tstamp),
        ("partial", c_int32),
        ("sl_variant", c_int32),
        ("sl_variant_name", c_char_p),
        ("sl_threshold_ms", c_int64),
        ("offered", c_uint64),
        ("answered", c_uint64),
        ("answered_in_sl", c_uint64),
        ("abandoned", c_uint64),
        ("abandoned_short", c_uint64),
        ("abandoned_in_sl", c_uint64),
        ("timed_out", c_uint64),
        ("overflowed", c_uint64),
        ("transferred", c_uint64),
        ("callbacks", c_uint64),
        ("rejected", c_uint64),
        ("missed", c_uint64),
        ("handled", c_uint64),
        ("wait_answered_ns", acdr_tstamp),
        ("longest_wait_ns", acdr_tstamp),
        ("talk_ns", acdr_tstamp),
        ("hold_ns", acdr_tstamp),
        ("wrapup_ns", acdr_tstamp),
        ("dispositioned", c_uint64),
        ("tagged", c_uint64),
        ("resolved", c_uint64),
        ("success", c_uint64),
        ("contact_made", c_uint64),
        ("fcr_first", c_uint64),
        ("fcr_resolved", c_uint64),
        ("fcr_repeated", c_uint64),
        ("fcr_unresolved", c_uint64),
        ("fcr_pending", c_uint64),
        ("repeat_contacts", c_uint64),
        ("logged_in_ns", acdr_tstamp),
        ("idle_ns", acdr_tstamp),
        ("away_ns", acdr_tstamp),
        ("ringing_ns", acdr_tstamp),
        ("on_contact_ns", acdr_tstamp),
        ("wrapup_time_ns", acdr_tstamp),
        ("service_level", c_double),
        ("asa_ms", c_double),
        ("abandon_rate", c_double),
        ("aht_ms", c_double),
        ("aht_talk_ms", c_double),
        ("aht_hold_ms", c_double),
        ("aht_wrapup_ms", c_double),
        ("occupancy", c_double),
        ("transfer_rate", c_double),
        ("resolution_rate", c_double),
        ("fcr_rate", c_double),
        ("dropped", c_uint64),
    ]


# -- policy.h

ACDR_HOURS_V1 = 1
ACDR_HOURS_MAX_INTERVALS = 96
ACDR_HOURS_MAX_HOLIDAYS = 4096


class acdr_interval(Structure):
    _fields_ = [("open_min", c_int32), ("close_min", c_int32)]


class acdr_day_hours(Structure):
    _fields_ = [("intervals", POINTER(acdr_interval)), ("nintervals", c_size_t)]


class acdr_holiday(Structure):
    _fields_ = [
        ("date", c_char_p),
        ("intervals", POINTER(acdr_interval)),
        ("nintervals", c_size_t),
    ]


class acdr_hours(Structure):
    _fields_ = [
        ("week", acdr_day_hours * 7),
        ("holidays", POINTER(acdr_holiday)),
        ("nholidays", c_size_t),
        ("closed_text", c_char_p),
        ("closed_kind", c_int32),
        ("at_closing", c_int32),
        ("closed_target", c_char_p),
    ]


# -- sys/strategy.h (strategy plug-ins; see acdroute.strategy)

ACDR_STRATEGY_V1 = 1
ACDR_STRATEGY_F_FLAT = 0x1
ACDR_STRATEGY_F_MULTI = 0x2
ACDR_STRATEGY_F_LOOKAHEAD = 0x4
ACDR_STRATEGY_F_PINNED = 0x8


class acdr_strategy_ctx(Structure):
    _fields_ = [
        ("queue_id", c_char_p),
        ("channel", c_int32),
        ("tier_penalty", c_int32),
        ("host", c_void_p),
    ]


# The hooks take opaque pointers (state, member, contact view) as void *.
#: int (*create)(state **, const ctx *, const acdr_kv *, size_t, void *ud)
acdr_strategy_create_fn = CFUNCTYPE(
    c_int, POINTER(c_void_p), POINTER(acdr_strategy_ctx), POINTER(acdr_kv),
    c_size_t, c_void_p,
)
acdr_strategy_destroy_fn = CFUNCTYPE(None, c_void_p, c_void_p)
acdr_strategy_member_int_fn = CFUNCTYPE(c_int, c_void_p, c_void_p)
acdr_strategy_member_void_fn = CFUNCTYPE(None, c_void_p, c_void_p)
#: int (*select)(state *, contact_view *, now, member **out, size_t max,
#:               size_t *nout, acdr_tstamp *recheck_at)
acdr_strategy_select_fn = CFUNCTYPE(
    c_int, c_void_p, c_void_p, acdr_tstamp, POINTER(c_void_p), c_size_t,
    POINTER(c_size_t), POINTER(acdr_tstamp),
)
acdr_strategy_offered_fn = CFUNCTYPE(None, c_void_p, c_void_p, c_void_p)
acdr_strategy_save_fn = CFUNCTYPE(c_int, c_void_p, POINTER(c_void_p))
acdr_strategy_load_fn = CFUNCTYPE(c_int, c_void_p, c_char_p)


class acdr_strategy(Structure):
    _fields_ = [
        ("name", c_char_p),
        ("flags", c_uint32),
        ("user_data", c_void_p),
        ("create", acdr_strategy_create_fn),
        ("destroy", acdr_strategy_destroy_fn),
        ("member_add", acdr_strategy_member_int_fn),
        ("member_remove", acdr_strategy_member_void_fn),
        ("member_ready", acdr_strategy_member_int_fn),
        ("member_unready", acdr_strategy_member_void_fn),
        ("member_update", acdr_strategy_member_void_fn),
        ("select", acdr_strategy_select_fn),
        ("offered", acdr_strategy_offered_fn),
        ("save", acdr_strategy_save_fn),
        ("load", acdr_strategy_load_fn),
    ]


# ---------------------------------------------------------------------------
# Prototypes: name -> (restype, argtypes)

_E = c_void_p  # acdr_engine *
_S = c_char_p

_REQUIRED: Dict[str, Any] = {
    # errors.h
    "acdr_strerror": (c_char_p, [c_int]),
    "acdr_err_name": (c_char_p, [c_int]),
    # engine.h
    "acdr_version": (c_char_p, []),
    "acdr_version_num": (c_uint32, []),
    "acdr_options_default_versioned": (None, [c_int, POINTER(acdr_options)]),
    "acdr_engine_new_versioned": (
        c_int,
        [
            POINTER(c_void_p),
            c_int,
            POINTER(acdr_callbacks),
            c_int,
            POINTER(acdr_options),
            c_void_p,
        ],
    ),
    "acdr_engine_del": (None, [_E]),
    "acdr_engine_last_error": (c_char_p, [_E]),
    "acdr_engine_user_data": (c_void_p, [_E]),
    "acdr_agent_def_default_versioned": (None, [c_int, POINTER(acdr_agent_def)]),
    "acdr_agent_add_versioned": (c_int, [_E, c_int, POINTER(acdr_agent_def)]),
    "acdr_agent_update_versioned": (c_int, [_E, c_int, POINTER(acdr_agent_def)]),
    "acdr_agent_remove": (c_int, [_E, _S]),
    "acdr_agent_login": (c_int, [_E, _S, acdr_tstamp]),
    "acdr_agent_logout": (c_int, [_E, _S, acdr_tstamp]),
    "acdr_agent_set_status": (c_int, [_E, _S, c_int, _S, acdr_tstamp]),
    "acdr_agent_get_info_versioned": (
        c_int,
        [_E, _S, c_int, POINTER(acdr_agent_info)],
    ),
    "acdr_agent_reset_counts": (c_int, [_E, _S]),
    "acdr_queue_def_default_versioned": (None, [c_int, POINTER(acdr_queue_def)]),
    "acdr_queue_add_versioned": (c_int, [_E, c_int, POINTER(acdr_queue_def)]),
    "acdr_queue_update_versioned": (
        c_int,
        [_E, c_int, POINTER(acdr_queue_def), acdr_tstamp],
    ),
    "acdr_queue_remove": (c_int, [_E, _S, c_int, acdr_tstamp]),
    "acdr_queue_member_add": (
        c_int,
        [_E, _S, _S, c_int32, c_int32, acdr_tstamp],
    ),
    "acdr_queue_member_remove": (c_int, [_E, _S, _S, acdr_tstamp]),
    "acdr_queue_get_info_versioned": (
        c_int,
        [_E, _S, acdr_tstamp, c_int, POINTER(acdr_queue_info)],
    ),
    "acdr_contact_def_default_versioned": (
        None,
        [c_int, POINTER(acdr_contact_def)],
    ),
    "acdr_contact_arrive_versioned": (
        c_int,
        [_E, c_int, POINTER(acdr_contact_def), acdr_tstamp],
    ),
    "acdr_contact_accept": (c_int, [_E, _S, _S, acdr_tstamp]),
    "acdr_contact_reject": (c_int, [_E, _S, _S, c_int, acdr_tstamp]),
    "acdr_contact_hangup": (c_int, [_E, _S, acdr_tstamp]),
    "acdr_contact_hold": (c_int, [_E, _S, c_int, acdr_tstamp]),
    "acdr_contact_wrapup_done": (c_int, [_E, _S, acdr_tstamp]),
    "acdr_contact_transfer": (c_int, [_E, _S, _S, _S, acdr_tstamp]),
    "acdr_contact_request_callback": (c_int, [_E, _S, acdr_tstamp]),
    "acdr_contact_get_info_versioned": (
        c_int,
        [_E, _S, c_int, POINTER(acdr_contact_info)],
    ),
    "acdr_engine_get_expiry": (acdr_tstamp, [_E]),
    "acdr_engine_handle_expiry": (c_int, [_E, acdr_tstamp]),
    "acdr_engine_now": (acdr_tstamp, [_E]),
    "acdr_engine_check": (c_int, [_E]),
    "acdr_engine_get_counts": (c_int, [_E, POINTER(acdr_engine_counts)]),
    # sys/strategy.h (the part useful from Python)
    "acdr_engine_strategy_count": (c_size_t, [_E]),
    "acdr_engine_strategy_name": (c_char_p, [_E, c_size_t]),
    "acdr_engine_register_strategy_versioned": (
        c_int,
        [_E, c_int, POINTER(acdr_strategy)],
    ),
    # member / contact view accessors (void * = opaque pointer)
    "acdr_member_agent_id": (c_char_p, [c_void_p]),
    "acdr_member_penalty": (c_int32, [c_void_p]),
    "acdr_member_order": (c_uint64, [c_void_p]),
    "acdr_member_idle_since": (acdr_tstamp, [c_void_p]),
    "acdr_member_load": (c_uint32, [c_void_p]),
    "acdr_member_capacity": (c_uint32, [c_void_p]),
    "acdr_member_handled": (c_uint64, [c_void_p]),
    "acdr_member_talk_time": (acdr_tstamp, [c_void_p]),
    "acdr_member_skill_level": (c_int32, [c_void_p, c_char_p]),
    "acdr_member_skill_count": (c_size_t, [c_void_p]),
    "acdr_member_skill_at": (c_char_p, [c_void_p, c_size_t, POINTER(c_int32)]),
    "acdr_member_agent_status": (c_int32, [c_void_p]),
    "acdr_member_is_ready": (c_int, [c_void_p]),
    "acdr_member_get_data": (c_void_p, [c_void_p]),
    "acdr_member_set_data": (None, [c_void_p, c_void_p]),
    "acdr_member_get_index": (c_size_t, [c_void_p]),
    "acdr_member_set_index": (None, [c_void_p, c_size_t]),
    "acdr_contact_view_id": (c_char_p, [c_void_p]),
    "acdr_contact_view_priority": (c_int32, [c_void_p]),
    "acdr_contact_view_arrival": (acdr_tstamp, [c_void_p]),
    "acdr_contact_view_enqueued": (acdr_tstamp, [c_void_p]),
    "acdr_contact_view_attr": (c_char_p, [c_void_p, c_char_p]),
    "acdr_contact_view_skill_count": (c_size_t, [c_void_p]),
    "acdr_contact_view_skill_at": (
        c_char_p,
        [c_void_p, c_size_t, POINTER(c_int32)],
    ),
    "acdr_contact_view_is_offered_to": (c_int, [c_void_p, c_void_p]),
    "acdr_contact_view_offer_count": (c_size_t, [c_void_p]),
    "acdr_contact_view_offer_started": (acdr_tstamp, [c_void_p]),
    "acdr_contact_view_get_data": (c_uint64, [c_void_p]),
    "acdr_contact_view_set_data": (None, [c_void_p, c_uint64]),
    # host services
    "acdr_strategy_random": (c_uint64, [c_void_p, c_uint64]),
    "acdr_strategy_malloc": (c_void_p, [c_void_p, c_size_t]),
    "acdr_strategy_realloc": (c_void_p, [c_void_p, c_void_p, c_size_t]),
    "acdr_strategy_free": (None, [c_void_p, c_void_p]),
    "acdr_strategy_strdup": (c_void_p, [c_void_p, c_char_p]),
    "acdr_strategy_set_error": (None, [c_void_p, c_char_p]),
}

_DOC_OUT = [_E, POINTER(c_void_p), POINTER(c_size_t)]  # char **pdoc, size_t *plen

_OPTIONAL: Dict[str, Any] = {
    # engine.h (later addition)
    "acdr_free": (None, [_E, c_void_p]),
    # config.h
    "acdr_config_apply": (c_int, [_E, c_char_p, c_size_t, c_int, acdr_tstamp]),
    "acdr_config_validate": (c_int, [_E, c_char_p, c_size_t, c_int]),
    "acdr_config_export": (c_int, _DOC_OUT),
    "acdr_config_last_errors": (c_char_p, [_E]),
    "acdr_engine_snapshot": (c_int, _DOC_OUT),
    "acdr_engine_restore": (c_int, [_E, c_char_p, c_size_t]),
    "acdr_engine_apply_event_json": (c_int, [_E, c_char_p, c_size_t]),
    "acdr_action_to_json": (
        c_int,
        [c_char_p, c_size_t, POINTER(c_size_t), POINTER(acdr_action)],
    ),
    "acdr_engine_event_log_take": (c_int, _DOC_OUT),
    # disposition.h
    "acdr_dispo_code_default_versioned": (None, [c_int, POINTER(acdr_dispo_code)]),
    "acdr_dispo_code_add_versioned": (c_int, [_E, c_int, POINTER(acdr_dispo_code)]),
    "acdr_dispo_code_update_versioned": (
        c_int,
        [_E, c_int, POINTER(acdr_dispo_code)],
    ),
    "acdr_dispo_code_remove": (c_int, [_E, _S]),
    "acdr_dispo_code_get_versioned": (
        c_int,
        [_E, _S, c_int, POINTER(acdr_dispo_code)],
    ),
    "acdr_dispo_code_count": (c_size_t, [_E]),
    "acdr_dispo_code_at_versioned": (
        c_int,
        [_E, c_size_t, c_int, POINTER(acdr_dispo_code)],
    ),
    "acdr_dispo_catalog_set_versioned": (
        c_int,
        [_E, c_int, POINTER(acdr_dispo_code), c_size_t],
    ),
    "acdr_dispo_catalog_reset": (c_int, [_E]),
    "acdr_dispo_set": (c_int, [_E, _S, _S, POINTER(c_char_p), c_size_t, acdr_tstamp]),
    "acdr_dispo_correct": (
        c_int,
        [_E, _S, _S, POINTER(c_char_p), c_size_t, acdr_tstamp],
    ),
    "acdr_dispo_get_versioned": (c_int, [_E, _S, c_int, POINTER(acdr_dispo_record)]),
    "acdr_dispo_set_limits": (c_int, [_E, c_uint32, c_uint32]),
    "acdr_dispo_change_count": (c_size_t, [_E]),
    "acdr_dispo_change_at": (c_int, [_E, c_size_t, POINTER(acdr_dispo_change)]),
    "acdr_dispo_rule_default_versioned": (None, [c_int, POINTER(acdr_dispo_rule)]),
    "acdr_dispo_rule_add_versioned": (c_int, [_E, c_int, POINTER(acdr_dispo_rule)]),
    "acdr_dispo_rule_remove": (c_int, [_E, _S]),
    "acdr_dispo_rule_count": (c_size_t, [_E]),
    "acdr_dispo_rule_get_versioned": (
        c_int,
        [_E, _S, c_int, POINTER(acdr_dispo_rule)],
    ),
    "acdr_dispo_pending_count": (c_size_t, [_E]),
    "acdr_dnc_add": (c_int, [_E, _S, c_int64, acdr_tstamp]),
    "acdr_dnc_remove": (c_int, [_E, _S]),
    "acdr_dnc_check": (
        c_int,
        [_E, _S, acdr_tstamp, POINTER(c_int32), POINTER(acdr_tstamp)],
    ),
    "acdr_dnc_count": (c_int, [_E, acdr_tstamp, POINTER(c_uint64)]),
    "acdr_dnc_clear": (c_int, [_E]),
    "acdr_dispo_stats_get_versioned": (
        c_int,
        [_E, _S, _S, _S, c_int, POINTER(acdr_dispo_stats)],
    ),
    "acdr_dispo_stats_reset": (c_int, [_E]),
    # metrics.h
    "acdr_metrics_options_default_versioned": (
        None,
        [c_int, POINTER(acdr_metrics_options)],
    ),
    "acdr_engine_set_metrics_options_versioned": (
        c_int,
        [_E, c_int, POINTER(acdr_metrics_options)],
    ),
    "acdr_engine_get_metrics_options_versioned": (
        c_int,
        [_E, c_int, POINTER(acdr_metrics_options)],
    ),
    "acdr_metrics_get_engine_versioned": (
        c_int,
        [_E, acdr_tstamp, acdr_tstamp, acdr_tstamp, c_int, POINTER(acdr_metrics)],
    ),
    "acdr_metrics_get_queue_versioned": (
        c_int,
        [_E, _S, acdr_tstamp, acdr_tstamp, acdr_tstamp, c_int, POINTER(acdr_metrics)],
    ),
    "acdr_metrics_get_agent_versioned": (
        c_int,
        [_E, _S, acdr_tstamp, acdr_tstamp, acdr_tstamp, c_int, POINTER(acdr_metrics)],
    ),
    "acdr_metrics_get_channel_versioned": (
        c_int,
        [
            _E,
            c_int32,
            acdr_tstamp,
            acdr_tstamp,
            acdr_tstamp,
            c_int,
            POINTER(acdr_metrics),
        ],
    ),
    "acdr_metrics_get_code_versioned": (
        c_int,
        [_E, _S, acdr_tstamp, acdr_tstamp, acdr_tstamp, c_int, POINTER(acdr_metrics)],
    ),
    "acdr_sl_variant_name": (c_char_p, [c_int]),
    "acdr_metrics_to_json": (
        c_int,
        [_E, acdr_tstamp, POINTER(c_void_p), POINTER(c_size_t)],
    ),
    "acdr_metrics_range_to_json": (
        c_int,
        [
            _E,
            acdr_tstamp,
            acdr_tstamp,
            acdr_tstamp,
            POINTER(c_void_p),
            POINTER(c_size_t),
        ],
    ),
    # policy.h
    "acdr_hours_default_versioned": (None, [c_int, POINTER(acdr_hours)]),
    "acdr_queue_set_hours_versioned": (c_int, [_E, _S, c_int, POINTER(acdr_hours)]),
    "acdr_queue_hours_state": (
        c_int,
        [_E, _S, acdr_tstamp, POINTER(c_int32), POINTER(acdr_tstamp)],
    ),
    # erlang.h
    "acdr_erlang_b": (c_int, [POINTER(c_double), c_double, c_int32]),
    "acdr_erlang_c_pwait": (c_int, [POINTER(c_double), c_double, c_int32]),
    "acdr_erlang_c_versioned": (
        c_int,
        [c_int, POINTER(acdr_erlang_result), c_double, c_double, c_int32, c_double],
    ),
    "acdr_erlang_a_versioned": (
        c_int,
        [
            c_int,
            POINTER(acdr_erlang_result),
            c_double,
            c_double,
            c_double,
            c_int32,
            c_double,
        ],
    ),
    "acdr_erlang_c_staff": (
        c_int,
        [POINTER(c_int32), c_double, c_double, c_double, c_double, c_int32],
    ),
    "acdr_erlang_a_staff": (
        c_int,
        [
            POINTER(c_int32),
            c_double,
            c_double,
            c_double,
            c_double,
            c_double,
            c_double,
            c_int32,
        ],
    ),
}


class _Lib:
    """The loaded library: the ``CDLL`` plus typed function attributes."""

    def __init__(self, cdll: ctypes.CDLL, path: str) -> None:
        self.cdll = cdll
        self.path = path
        self.missing: List[str] = []
        for name, (res, args) in _REQUIRED.items():
            try:
                fn = getattr(cdll, name)
            except AttributeError:
                raise LibraryNotFound(
                    f"{path} lacks the symbol {name}: not an acdroute library "
                    "these bindings support"
                ) from None
            fn.restype = res
            fn.argtypes = args
            setattr(self, name, fn)
        for name, (res, args) in _OPTIONAL.items():
            self.bind_optional(name, res, args)

    def bind_optional(self, name: str, res: Any, args: List[Any]) -> Optional[Any]:
        """Bind ``name`` if the library exports it, else set it to None."""
        fn = getattr(self.cdll, name, None)
        if fn is None:
            self.missing.append(name)
        else:
            fn.restype = res
            fn.argtypes = args
        setattr(self, name, fn)
        return fn

    def has(self, name: str) -> bool:
        """True if the library exports ``name``."""
        return getattr(self, name, None) is not None

    def require(self, name: str) -> Callable[..., Any]:
        """The function ``name``, or NotImplementedError if the loaded library
        does not have it (an older build, or a module not compiled in)."""
        fn = getattr(self, name, None)
        if fn is None:
            raise NotImplementedError(
                f"{name} is not available in {self.path} "
                f"(libacdroute {self.version})"
            )
        return fn  # type: ignore[no-any-return]

    @property
    def version(self) -> str:
        v = self.acdr_version()  # type: ignore[attr-defined]
        return v.decode() if v else "?"


def _candidates() -> List[str]:
    out: List[str] = []
    env = os.environ.get("ACDROUTE_LIBRARY")
    if env:
        out.append(env)
    here = Path(__file__).resolve().parent
    names = (
        ["acdroute.dll", "libacdroute.dll"]
        if sys.platform == "win32"
        else ["libacdroute.dylib", "libacdroute.1.dylib"]
        if sys.platform == "darwin"
        else ["libacdroute.so.1", "libacdroute.so"]
    )
    for n in names:
        p = here / n
        if p.exists():
            out.append(str(p))
    found = ctypes.util.find_library("acdroute")
    if found:
        out.append(found)
    out.extend(names)  # let the dynamic loader search its own path
    return out


def load(path: Optional[str] = None) -> _Lib:
    """Load libacdroute and check its version.

    Search order unless ``path`` is given: the ``ACDROUTE_LIBRARY``
    environment variable, a library file next to this package, then the
    system's library path (``ctypes.util.find_library('acdroute')``, then
    ``libacdroute.so.1``).

    Raises :class:`LibraryNotFound` or :class:`UnsupportedVersion`.
    """
    tried: List[str] = []
    errors: List[str] = []
    cdll = None
    chosen = ""
    for cand in [path] if path else _candidates():
        if cand in tried:
            continue
        tried.append(cand)
        try:
            cdll = ctypes.CDLL(cand)
            chosen = cand
            break
        except OSError as exc:
            errors.append(f"  {cand}: {exc}")
            if path or cand == os.environ.get("ACDROUTE_LIBRARY"):
                # An explicit choice that fails is an error, not a hint.
                raise LibraryNotFound(
                    f"cannot load libacdroute from {cand!r}: {exc}"
                ) from exc
    if cdll is None:
        raise LibraryNotFound(
            "libacdroute not found.  Build it (cmake --build ... --target "
            "acdroute), then set ACDROUTE_LIBRARY=/path/to/libacdroute.so, "
            "install it on the system library path, or copy it next to the "
            "acdroute package.  Tried:\n" + "\n".join(errors)
        )
    num_fn = getattr(cdll, "acdr_version_num", None)
    if num_fn is None:
        raise LibraryNotFound(f"{chosen} is not libacdroute (no acdr_version_num)")
    num_fn.restype = c_uint32
    num_fn.argtypes = []
    num = int(num_fn())
    major = num >> 16
    if major not in SUPPORTED_MAJOR:
        raise UnsupportedVersion(
            f"{chosen} is libacdroute {major}.{(num >> 8) & 0xFF}.{num & 0xFF} "
            f"(version number 0x{num:06x}); these Python bindings support "
            f"major version(s) {', '.join(map(str, SUPPORTED_MAJOR))} only"
        )
    return _Lib(cdll, chosen)


_lib: Optional[_Lib] = None


def lib() -> _Lib:
    """The process-wide loaded library (loaded on first use)."""
    global _lib
    if _lib is None:
        _lib = load()
    return _lib
