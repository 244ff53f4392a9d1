# SPDX-License-Identifier: MIT
"""ctypes mirrors of ``types.h``, ``engine.h`` and ``errors.h``, and
:class:`Proto`, the prototype declaration every topic module uses."""

from __future__ import annotations

import re
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
from typing import (
    TYPE_CHECKING, Any, Callable, Dict, Generic, List, Mapping, Optional, Tuple, Type, TypeVar,
    overload,
)

if TYPE_CHECKING:  # pragma: no cover
    from ctypes import _SimpleCData

__all__ = [
    "Proto", "c_struct", "acdr_tstamp", "ACDR_CHANNEL_COUNT", "ACDR_TSTAMP_MAX",
    "ACDR_CALLBACKS_V1", "ACDR_OPTIONS_V1", "ACDR_AGENT_DEF_V1", "ACDR_AGENT_DEF_V2", "ACDR_MEMBER_DEF_V1", "ACDR_AGENT_INFO_V1",
    "ACDR_QUEUE_DEF_V1", "ACDR_QUEUE_DEF_V2", "ACDR_QUEUE_INFO_V1", "ACDR_CONTACT_DEF_V1", "ACDR_CONTACT_INFO_V1", "ACDR_CONTACT_DEF_V2",
    "acdr_kv", "acdr_skill", "acdr_penalty_change", "acdr_action", "acdr_action_cb", "acdr_local_time_cb",
    "acdr_callbacks", "acdr_options", "acdr_agent_def", "acdr_member_def", "acdr_agent_info",
    "acdr_queue_def",
    "acdr_queue_info", "acdr_contact_def", "acdr_contact_info", "acdr_engine_counts",
    "CoreFunctions",
]

T = TypeVar("T")


class Proto(Generic[T]):
    """A C function prototype: ``name = Proto(restype, *argtypes)`` in a
    function table class.  The loaded library (:class:`acdroute._lib._Lib`)
    binds every prototype of its tables when it is created; the declaration
    gives type checkers the Python type of the result (``c_int`` -> int,
    ``c_char_p`` -> bytes or None, ...)."""

    __slots__ = ("restype", "argtypes", "name")

    @overload
    def __init__(self: "Proto[None]", restype: None, *argtypes: Any) -> None: ...

    @overload
    def __init__(self: "Proto[T]", restype: "Type[_SimpleCData[T]]", *argtypes: Any) -> None: ...

    def __init__(self, restype: Any, *argtypes: Any) -> None:
        self.restype = restype
        self.argtypes = list(argtypes)
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: Any) -> "Proto[T]": ...

    @overload
    def __get__(self, obj: object, owner: Any) -> Callable[..., T]: ...

    def __get__(self, obj: Optional[object], owner: Any) -> Any:
        if obj is None:
            return self
        raise AttributeError(f"{self.name} is not bound (load the library with acdroute.lib())")


_C_TYPES: Dict[str, Any] = {
    "int": c_int, "int32_t": c_int32, "uint32_t": c_uint32, "int64_t": c_int64,
    "uint64_t": c_uint64, "size_t": c_size_t, "double": c_double, "acdr_tstamp": c_uint64,
}


def c_struct(names: Mapping[str, Any], decl: str) -> List[Tuple[str, Any]]:
    """``_fields_`` from the C member declarations of a header, copied as
    they are (``const char *id, *name; uint32_t capacity[N];``).  Type and
    array-size names other than the fixed-width integers resolve in
    ``names`` (the module's globals); a pointer to a type not found there is
    opaque (``void *``).  Comments are ignored."""
    out: List[Tuple[str, Any]] = []
    text = re.sub(r"/\*.*?\*/|\bconst\b", " ", decl, flags=re.S)
    for stmt in text.split(";"):
        words = stmt.split(None, 1)
        if len(words) != 2:
            if words:
                raise ValueError(f"cannot read the C declaration {stmt.strip()!r}")
            continue
        base, declarators = words
        for d in declarators.split(","):
            stars = d.count("*")
            m = re.fullmatch(r"\s*\**\s*\**\s*(\w+)(?:\[(\w+)\])?\s*", d)
            if m is None:
                raise ValueError(f"cannot read the C declaration {stmt.strip()!r}")
            t: Any = _C_TYPES.get(base) or names.get(base)
            if t is None or base in ("char", "void"):  # C string, void * or opaque
                t, stars = (c_char_p if base == "char" else c_void_p), stars - 1
            if stars < 0:
                raise ValueError(f"unknown C type {base!r} in {stmt.strip()!r}")
            for _ in range(stars):
                t = POINTER(t)
            n = m.group(2)
            if n is not None:
                t = t * (int(n) if n.isdigit() else int(names[n]))
            out.append((m.group(1), t))
    return out


ACDR_CHANNEL_COUNT = 3
ACDR_TSTAMP_MAX = 2**64 - 1

acdr_tstamp = c_uint64


class acdr_kv(Structure):
    _fields_ = c_struct(globals(), "const char *key, *value;")


class acdr_skill(Structure):
    _fields_ = c_struct(globals(), "const char *name; int32_t level;")


class acdr_penalty_change(Structure):
    _fields_ = c_struct(globals(), """
        const char *rule; int64_t after_ms;
        int32_t max_penalty, min_penalty, raise_penalty; uint32_t relative;""")


class acdr_action(Structure):
    _fields_ = c_struct(globals(), """
        int32_t type, reason, activity, channel; acdr_tstamp time;
        const char *contact_id, *agent_id, *queue_id, *customer_id, *text;
        int64_t position, value_ms;""")


#: int (*)(acdr_engine *, const acdr_action *, void *user_data)
acdr_action_cb = CFUNCTYPE(c_int, c_void_p, POINTER(acdr_action), c_void_p)
#: int (*)(acdr_engine *, const char *queue_id, acdr_tstamp now,
#:         int64_t *local_seconds, void *user_data)
acdr_local_time_cb = CFUNCTYPE(
    c_int, c_void_p, c_char_p, acdr_tstamp, POINTER(c_int64), c_void_p
)
ACDR_CALLBACKS_V1 = 1


class acdr_callbacks(Structure):
    _fields_ = c_struct(globals(), "acdr_action_cb on_action; acdr_local_time_cb local_time;")


ACDR_OPTIONS_V1 = 1


class acdr_options(Structure):
    _fields_ = c_struct(globals(), """
        uint64_t seed;
        const acdr_mem *mem; /* always NULL from Python */
        int32_t voice_blocks_other_channels; int64_t unix_time_at_zero;
        uint32_t max_id_len, max_attrs, max_skills, max_members; int32_t record_events;""")


ACDR_AGENT_DEF_V1 = 1
ACDR_AGENT_DEF_V2 = 2


class acdr_agent_def(Structure):
    _fields_ = c_struct(globals(), """
        const char *id, *name; uint32_t capacity[ACDR_CHANNEL_COUNT];
        const acdr_skill *skills; size_t nskills;
        int64_t wrapup_ms; int32_t voice_blocks_other_channels;
        /* since V2 */
        int64_t ring_timeout_ms;

        int64_t no_answer_delay_ms, reject_delay_ms, busy_delay_ms;
        int32_t max_missed, missed_status, on_demand;""")


ACDR_MEMBER_DEF_V1 = 1


class acdr_member_def(Structure):
    _fields_ = c_struct(globals(), "int32_t weight, paused; int64_t wrapup_ms;")


ACDR_AGENT_INFO_V1 = 1


class acdr_agent_info(Structure):
    _fields_ = c_struct(globals(), """
        int32_t status, activity;
        uint32_t load[ACDR_CHANNEL_COUNT], capacity[ACDR_CHANNEL_COUNT], offers, missed_in_row;
        uint64_t handled; acdr_tstamp talk_ns, idle_since, login_time;
        const char *away_reason; uint32_t queues;""")


ACDR_QUEUE_DEF_V1 = 1
ACDR_QUEUE_DEF_V2 = 2


class acdr_queue_def(Structure):
    _fields_ = c_struct(globals(), """
        const char *id, *strategy; const acdr_kv *params; size_t nparams;
        int32_t channel, weight; int64_t sl_threshold_ms, ring_timeout_ms, wrapup_ms;
        uint32_t max_len; int64_t max_wait_ms;
        int32_t overflow_kind; const char *overflow_target;
        int32_t join_when_empty, leave_when_empty;
        int64_t announce_interval_ms, short_abandon_ms; uint32_t max_missed;
        int64_t no_answer_delay_ms, reject_delay_ms, busy_delay_ms;
        int32_t require_disposition;
        int64_t tier_wait_ms, weight_aging_ms, known_agent_hold_ms, utc_offset_s;
        int32_t wait_for_owner;
        /* since V2: conversations */
        int64_t reply_deadline_ms; int32_t reply_overdue; int64_t reply_target_ms;
        int32_t inbox; const char *join_message;
        int32_t time_base, position_counts_ringing, weight_first;
        int32_t max_wait_rings_out, ring_timeout_restart; int64_t abandoned_resume_ms;
        const char *profile;
        /* since V2 */
        int64_t connect_delay_ms;

        int32_t tier_by_level, tier_wait_multiply, tier_no_agent_no_wait;
        int32_t ring_all_tiers, ring_add_late;
        int64_t no_agent_wait_ms, no_agent_grace_ms, missed_delay_ms;
        int32_t missed_busy; int64_t retry_ms; uint32_t join_empty, leave_empty;
        int32_t missed_pause_queue;
        /* since V2: queue rules, penaltymemberslimit, autopauseunavail */
        const acdr_penalty_change *rules; size_t nrules; const char *default_rule;
        int32_t penalty_members_limit, missed_unavail, wrapup_scope;""")


ACDR_QUEUE_INFO_V1 = 1


class acdr_queue_info(Structure):
    _fields_ = c_struct(globals(), """
        uint32_t waiting, offered, connected, members;
        uint32_t agents_logged_in, agents_ready, agents_busy, agents_wrapup, agents_away;
        int32_t open; acdr_tstamp longest_wait_ns; int64_t estimated_wait_ms;
        const char *strategy;""")


ACDR_CONTACT_DEF_V1 = 1
ACDR_CONTACT_DEF_V2 = 2


class acdr_contact_def(Structure):
    _fields_ = c_struct(globals(), """
        const char *id, *queue; int32_t channel, priority;
        const acdr_kv *attrs; size_t nattrs; const acdr_skill *skills; size_t nskills;
        const char *customer_id, *reason, *preferred_agent; int64_t preferred_hold_ms;
        acdr_tstamp original_arrival; int64_t head_start_ms;
        int32_t min_penalty, max_penalty;
        /* since V2: queue rules */
        const char *rule; int32_t raise_penalty;""")


ACDR_CONTACT_INFO_V1 = 1


class acdr_contact_info(Structure):
    _fields_ = c_struct(globals(), """
        int32_t state, channel, priority, is_callback; acdr_tstamp arrival, answered;
        uint32_t position, offers; const char *queue_id, *agent_id;""")


class acdr_engine_counts(Structure):
    _fields_ = c_struct(globals(), """
        uint64_t agents, queues, contacts_live, contacts_arrived, contacts_ended;""")


_E = c_void_p  # acdr_engine *
_S = c_char_p


class CoreFunctions:
    """errors.h and engine.h."""

    acdr_strerror = Proto(c_char_p, c_int)
    acdr_err_name = Proto(c_char_p, c_int)
    # names.h (since 1.1): names of enum values, as in the JSON lines
    acdr_action_type_name = Proto(c_char_p, c_int)
    acdr_end_reason_name = Proto(c_char_p, c_int)
    acdr_cancel_reason_name = Proto(c_char_p, c_int)
    acdr_announce_kind_name = Proto(c_char_p, c_int)
    acdr_agent_status_name = Proto(c_char_p, c_int)
    acdr_agent_activity_name = Proto(c_char_p, c_int)
    acdr_contact_state_name = Proto(c_char_p, c_int)
    acdr_overflow_kind_name = Proto(c_char_p, c_int)
    acdr_overflow_cause_name = Proto(c_char_p, c_int)
    acdr_followup_kind_name = Proto(c_char_p, c_int)
    acdr_reply_overdue_name = Proto(c_char_p, c_int)
    acdr_action_reason_name = Proto(c_char_p, POINTER(acdr_action))
    acdr_action_activity_name = Proto(c_char_p, POINTER(acdr_action))
    acdr_version = Proto(c_char_p)
    acdr_version_num = Proto(c_uint32)
    acdr_options_default_versioned = Proto(None, c_int, POINTER(acdr_options))
    acdr_engine_new_versioned = Proto(
        c_int, POINTER(c_void_p), c_int, POINTER(acdr_callbacks), c_int, POINTER(acdr_options),
        c_void_p,
    )
    acdr_engine_del = Proto(None, _E)
    acdr_engine_last_error = Proto(c_char_p, _E)
    acdr_engine_user_data = Proto(c_void_p, _E)
    acdr_free = Proto(None, _E, c_void_p)
    # agents
    acdr_agent_def_default_versioned = Proto(None, c_int, POINTER(acdr_agent_def))
    acdr_agent_add_versioned = Proto(c_int, _E, c_int, POINTER(acdr_agent_def))
    acdr_agent_update_versioned = Proto(c_int, _E, c_int, POINTER(acdr_agent_def))
    acdr_agent_remove = Proto(c_int, _E, _S)
    acdr_agent_login = Proto(c_int, _E, _S, acdr_tstamp)
    acdr_agent_logout = Proto(c_int, _E, _S, acdr_tstamp)
    acdr_agent_set_status = Proto(c_int, _E, _S, c_int, _S, acdr_tstamp)
    acdr_agent_get_info_versioned = Proto(c_int, _E, _S, c_int, POINTER(acdr_agent_info))
    acdr_agent_reset_counts = Proto(c_int, _E, _S)
    # queues
    acdr_queue_def_default_versioned = Proto(None, c_int, POINTER(acdr_queue_def))
    acdr_queue_def_profile_versioned = Proto(c_int, c_int, POINTER(acdr_queue_def), _S)
    acdr_queue_add_versioned = Proto(c_int, _E, c_int, POINTER(acdr_queue_def))
    acdr_queue_update_versioned = Proto(
        c_int, _E, c_int, POINTER(acdr_queue_def), acdr_tstamp
    )
    acdr_queue_remove = Proto(c_int, _E, _S, c_int, acdr_tstamp)
    acdr_queue_member_add = Proto(c_int, _E, _S, _S, c_int32, c_int32, acdr_tstamp)
    acdr_queue_member_remove = Proto(c_int, _E, _S, _S, acdr_tstamp)
    acdr_member_def_default_versioned = Proto(None, c_int, POINTER(acdr_member_def))
    acdr_queue_member_set_versioned = Proto(
        c_int, _E, _S, _S, c_int, POINTER(acdr_member_def), acdr_tstamp
    )
    acdr_queue_member_get_versioned = Proto(c_int, _E, _S, _S, c_int, POINTER(acdr_member_def))
    acdr_queue_get_info_versioned = Proto(
        c_int, _E, _S, acdr_tstamp, c_int, POINTER(acdr_queue_info)
    )
    # contacts
    acdr_contact_def_default_versioned = Proto(None, c_int, POINTER(acdr_contact_def))
    acdr_contact_arrive_versioned = Proto(
        c_int, _E, c_int, POINTER(acdr_contact_def), acdr_tstamp
    )
    acdr_contact_accept = Proto(c_int, _E, _S, _S, acdr_tstamp)
    acdr_contact_reject = Proto(c_int, _E, _S, _S, c_int, acdr_tstamp)
    acdr_contact_hangup = Proto(c_int, _E, _S, acdr_tstamp)
    acdr_outbound_request = Proto(c_int, _E, _S, _S, _S, acdr_tstamp)
    acdr_contact_hold = Proto(c_int, _E, _S, c_int, acdr_tstamp)
    acdr_contact_wrapup_done = Proto(c_int, _E, _S, acdr_tstamp)
    acdr_contact_transfer = Proto(c_int, _E, _S, _S, _S, acdr_tstamp)
    acdr_contact_request_callback = Proto(c_int, _E, _S, acdr_tstamp)
    acdr_contact_set_priority = Proto(c_int, _E, _S, c_int32, acdr_tstamp)
    acdr_contact_first_reply = Proto(c_int, _E, _S, _S, acdr_tstamp)
    acdr_contact_assign = Proto(c_int, _E, _S, _S, c_uint32, acdr_tstamp)
    acdr_queue_pick_next = Proto(c_int, _E, _S, _S, c_uint32, acdr_tstamp,
                                 POINTER(c_char_p))
    acdr_contact_get_info_versioned = Proto(c_int, _E, _S, c_int, POINTER(acdr_contact_info))
    # time and inspection
    acdr_engine_get_expiry = Proto(acdr_tstamp, _E)
    acdr_engine_handle_expiry = Proto(c_int, _E, acdr_tstamp)
    acdr_engine_now = Proto(acdr_tstamp, _E)
    acdr_engine_check = Proto(c_int, _E)
    acdr_engine_get_counts = Proto(c_int, _E, POINTER(acdr_engine_counts))

