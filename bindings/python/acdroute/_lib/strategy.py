# SPDX-License-Identifier: MIT
"""ctypes mirrors of ``sys/strategy.h``: strategy plug-ins (see
:mod:`acdroute.strategy`), the member and contact views they read, and the
host services."""

from __future__ import annotations

from ctypes import CFUNCTYPE, POINTER, Structure, c_char_p, c_int, c_int32, c_size_t
from ctypes import c_double, c_uint32, c_uint64, c_void_p

from .core import _E, Proto, acdr_kv, acdr_tstamp, c_struct

__all__ = [
    "ACDR_STRATEGY_V1", "ACDR_STRATEGY_F_FLAT", "ACDR_STRATEGY_F_MULTI",
    "ACDR_STRATEGY_F_LOOKAHEAD", "ACDR_STRATEGY_F_PINNED", "acdr_strategy_ctx",
    "acdr_strategy_create_fn", "acdr_strategy_destroy_fn", "acdr_strategy_member_int_fn",
    "acdr_strategy_member_void_fn", "acdr_strategy_select_fn", "acdr_strategy_offered_fn",
    "acdr_strategy_save_fn", "acdr_strategy_load_fn", "acdr_strategy_outcome_fn", "acdr_strategy_stats_fn",
    "ACDR_STRATEGY_V2", "acdr_strategy", "StrategyFunctions",
]

ACDR_STRATEGY_V1 = 1
ACDR_STRATEGY_V2 = 2
ACDR_STRATEGY_F_FLAT = 0x1
ACDR_STRATEGY_F_MULTI = 0x2
ACDR_STRATEGY_F_LOOKAHEAD = 0x4
ACDR_STRATEGY_F_PINNED = 0x8


class acdr_strategy_ctx(Structure):
    _fields_ = c_struct(globals(), """
        const char *queue_id; int32_t channel, tier_penalty; acdr_strategy_host *host;""")


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
#: void (*outcome)(state *, member *, contact_view *, int resolved, now)
acdr_strategy_outcome_fn = CFUNCTYPE(None, c_void_p, c_void_p, c_void_p, c_int, acdr_tstamp)
#: size_t (*stats)(state *, const char **names, double *values, size_t max)
acdr_strategy_stats_fn = CFUNCTYPE(c_size_t, c_void_p, POINTER(c_char_p), POINTER(c_double),
                                   c_size_t)


class acdr_strategy(Structure):
    _fields_ = c_struct(globals(), """
        const char *name; uint32_t flags; void *user_data;
        acdr_strategy_create_fn create; acdr_strategy_destroy_fn destroy;
        acdr_strategy_member_int_fn member_add; acdr_strategy_member_void_fn member_remove;
        acdr_strategy_member_int_fn member_ready;
        acdr_strategy_member_void_fn member_unready, member_update;
        acdr_strategy_select_fn select; acdr_strategy_offered_fn offered;
        acdr_strategy_save_fn save; acdr_strategy_load_fn load;
        acdr_strategy_outcome_fn outcome; acdr_strategy_stats_fn stats;""")


_P = c_void_p  # const acdr_member * / const acdr_contact_view * / host
_SKILL_AT = (_P, c_size_t, POINTER(c_int32))


class StrategyFunctions:
    """sys/strategy.h (the part useful from Python)."""

    acdr_engine_strategy_count = Proto(c_size_t, _E)
    acdr_engine_strategy_name = Proto(c_char_p, _E, c_size_t)
    acdr_engine_register_strategy_versioned = Proto(c_int, _E, c_int, POINTER(acdr_strategy))
    # member views
    acdr_member_agent_id = Proto(c_char_p, _P)
    acdr_member_penalty = Proto(c_int32, _P)
    acdr_member_order = Proto(c_uint64, _P)
    acdr_member_idle_since = Proto(acdr_tstamp, _P)
    acdr_member_load = Proto(c_uint32, _P)
    acdr_member_capacity = Proto(c_uint32, _P)
    acdr_member_handled = Proto(c_uint64, _P)
    acdr_member_talk_time = Proto(acdr_tstamp, _P)
    acdr_member_agent_status = Proto(c_int32, _P)
    acdr_member_is_ready = Proto(c_int, _P)
    acdr_member_get_data = Proto(c_void_p, _P)
    acdr_member_set_data = Proto(None, _P, c_void_p)
    acdr_member_get_index = Proto(c_size_t, _P)
    acdr_member_set_index = Proto(None, _P, c_size_t)
    # contact views
    acdr_contact_view_id = Proto(c_char_p, _P)
    acdr_contact_view_priority = Proto(c_int32, _P)
    acdr_contact_view_arrival = Proto(acdr_tstamp, _P)
    acdr_contact_view_enqueued = Proto(acdr_tstamp, _P)
    acdr_contact_view_attr = Proto(c_char_p, _P, c_char_p)
    acdr_contact_view_is_offered_to = Proto(c_int, _P, _P)
    acdr_contact_view_offer_count = Proto(c_size_t, _P)
    acdr_contact_view_offer_started = Proto(acdr_tstamp, _P)
    acdr_contact_view_get_data = Proto(c_uint64, _P)
    acdr_contact_view_set_data = Proto(None, _P, c_uint64)
    # skills of members and contact views
    acdr_member_skill_level = Proto(c_int32, _P, c_char_p)
    acdr_member_skill_count = Proto(c_size_t, _P)
    acdr_member_skill_at = Proto(c_char_p, *_SKILL_AT)
    acdr_contact_view_skill_count = Proto(c_size_t, _P)
    acdr_contact_view_skill_at = Proto(c_char_p, *_SKILL_AT)
    # host services
    acdr_strategy_random = Proto(c_uint64, _P, c_uint64)
    acdr_strategy_malloc = Proto(c_void_p, _P, c_size_t)
    acdr_strategy_realloc = Proto(c_void_p, _P, c_void_p, c_size_t)
    acdr_strategy_free = Proto(None, _P, c_void_p)
    acdr_strategy_strdup = Proto(c_void_p, _P, c_char_p)
    acdr_strategy_set_error = Proto(None, _P, c_char_p)
