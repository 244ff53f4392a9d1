"""ctypes mirrors of ``types.h``, ``engine.h`` and ``errors.h``, and
:class:`Proto`, the prototype declaration every topic module uses."""

from __future__ import annotations

from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    c_char_p,
    c_int,
    c_int32,
    c_int64,
    c_size_t,
    c_uint32,
    c_uint64,
    c_void_p,
)
from typing import (
    TYPE_CHECKING, Any, Callable, Generic, List, Optional, Tuple, Type, TypeVar, overload,
)

if TYPE_CHECKING:  # pragma: no cover
    from ctypes import _SimpleCData

__all__ = [
    "Proto", "fields", "acdr_tstamp", "ACDR_CHANNEL_COUNT", "ACDR_TSTAMP_MAX",
    "ACDR_CALLBACKS_V1", "ACDR_OPTIONS_V1", "ACDR_AGENT_DEF_V1", "ACDR_AGENT_INFO_V1",
    "ACDR_QUEUE_DEF_V1", "ACDR_QUEUE_INFO_V1", "ACDR_CONTACT_DEF_V1", "ACDR_CONTACT_INFO_V1",
    "acdr_kv", "acdr_skill", "acdr_action", "acdr_action_cb", "acdr_local_time_cb",
    "acdr_callbacks", "acdr_options", "acdr_agent_def", "acdr_agent_info", "acdr_queue_def",
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


def fields(ctype: Any, *names: str) -> List[Tuple[str, Any]]:
    """``_fields_`` entries: several consecutive fields of one C type."""
    return [(n, ctype) for n in names]


#: Struct version constants (the C macros do not exist for ctypes).
ACDR_CALLBACKS_V1 = 1
ACDR_OPTIONS_V1 = 1
ACDR_AGENT_DEF_V1 = 1
ACDR_AGENT_INFO_V1 = 1
ACDR_QUEUE_DEF_V1 = 1
ACDR_QUEUE_INFO_V1 = 1
ACDR_CONTACT_DEF_V1 = 1
ACDR_CONTACT_INFO_V1 = 1

ACDR_CHANNEL_COUNT = 3
ACDR_TSTAMP_MAX = 2**64 - 1

acdr_tstamp = c_uint64


class acdr_kv(Structure):
    _fields_ = fields(c_char_p, "key", "value")


class acdr_skill(Structure):
    _fields_ = [("name", c_char_p), ("level", c_int32)]


class acdr_action(Structure):
    _fields_ = [
        *fields(c_int32, "type", "reason", "activity", "channel"),
        ("time", acdr_tstamp),
        *fields(c_char_p, "contact_id", "agent_id", "queue_id", "customer_id", "text"),
        *fields(c_int64, "position", "value_ms"),
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
        *fields(c_uint32, "max_id_len", "max_attrs", "max_skills", "max_members"),
        ("record_events", c_int32),
    ]


class acdr_agent_def(Structure):
    _fields_ = [
        *fields(c_char_p, "id", "name"),
        ("capacity", c_uint32 * ACDR_CHANNEL_COUNT),
        ("skills", POINTER(acdr_skill)),
        ("nskills", c_size_t),
        ("wrapup_ms", c_int64),
        ("voice_blocks_other_channels", c_int32),
    ]


class acdr_agent_info(Structure):
    _fields_ = [
        *fields(c_int32, "status", "activity"),
        *fields(c_uint32 * ACDR_CHANNEL_COUNT, "load", "capacity"),
        *fields(c_uint32, "offers", "missed_in_row"),
        ("handled", c_uint64),
        *fields(acdr_tstamp, "talk_ns", "idle_since", "login_time"),
        ("away_reason", c_char_p),
        ("queues", c_uint32),
    ]


class acdr_queue_def(Structure):
    _fields_ = [
        *fields(c_char_p, "id", "strategy"),
        ("params", POINTER(acdr_kv)),
        ("nparams", c_size_t),
        *fields(c_int32, "channel", "weight"),
        *fields(c_int64, "sl_threshold_ms", "ring_timeout_ms", "wrapup_ms"),
        ("max_len", c_uint32),
        ("max_wait_ms", c_int64),
        ("overflow_kind", c_int32),
        ("overflow_target", c_char_p),
        *fields(c_int32, "join_when_empty", "leave_when_empty"),
        *fields(c_int64, "announce_interval_ms", "short_abandon_ms"),
        ("max_missed", c_uint32),
        *fields(c_int64, "no_answer_delay_ms", "reject_delay_ms", "busy_delay_ms"),
        ("require_disposition", c_int32),
        *fields(c_int64, "tier_wait_ms", "weight_aging_ms", "known_agent_hold_ms",
                "utc_offset_s"),
    ]


class acdr_queue_info(Structure):
    _fields_ = [
        *fields(c_uint32, "waiting", "offered", "connected", "members", "agents_logged_in",
                "agents_ready", "agents_busy", "agents_wrapup", "agents_away"),
        ("open", c_int32),
        ("longest_wait_ns", acdr_tstamp),
        ("estimated_wait_ms", c_int64),
        ("strategy", c_char_p),
    ]


class acdr_contact_def(Structure):
    _fields_ = [
        *fields(c_char_p, "id", "queue"),
        *fields(c_int32, "channel", "priority"),
        ("attrs", POINTER(acdr_kv)),
        ("nattrs", c_size_t),
        ("skills", POINTER(acdr_skill)),
        ("nskills", c_size_t),
        *fields(c_char_p, "customer_id", "reason", "preferred_agent"),
        ("preferred_hold_ms", c_int64),
    ]


class acdr_contact_info(Structure):
    _fields_ = [
        *fields(c_int32, "state", "channel", "priority", "is_callback"),
        *fields(acdr_tstamp, "arrival", "answered"),
        *fields(c_uint32, "position", "offers"),
        *fields(c_char_p, "queue_id", "agent_id"),
    ]


class acdr_engine_counts(Structure):
    _fields_ = fields(
        c_uint64, "agents", "queues", "contacts_live", "contacts_arrived", "contacts_ended"
    )


_E = c_void_p  # acdr_engine *
_S = c_char_p


class CoreFunctions:
    """errors.h and engine.h."""

    acdr_strerror = Proto(c_char_p, c_int)
    acdr_err_name = Proto(c_char_p, c_int)
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
    acdr_queue_add_versioned = Proto(c_int, _E, c_int, POINTER(acdr_queue_def))
    acdr_queue_update_versioned = Proto(
        c_int, _E, c_int, POINTER(acdr_queue_def), acdr_tstamp
    )
    acdr_queue_remove = Proto(c_int, _E, _S, c_int, acdr_tstamp)
    acdr_queue_member_add = Proto(c_int, _E, _S, _S, c_int32, c_int32, acdr_tstamp)
    acdr_queue_member_remove = Proto(c_int, _E, _S, _S, acdr_tstamp)
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
    acdr_contact_hold = Proto(c_int, _E, _S, c_int, acdr_tstamp)
    acdr_contact_wrapup_done = Proto(c_int, _E, _S, acdr_tstamp)
    acdr_contact_transfer = Proto(c_int, _E, _S, _S, _S, acdr_tstamp)
    acdr_contact_request_callback = Proto(c_int, _E, _S, acdr_tstamp)
    acdr_contact_get_info_versioned = Proto(c_int, _E, _S, c_int, POINTER(acdr_contact_info))
    # time and inspection
    acdr_engine_get_expiry = Proto(acdr_tstamp, _E)
    acdr_engine_handle_expiry = Proto(c_int, _E, acdr_tstamp)
    acdr_engine_now = Proto(acdr_tstamp, _E)
    acdr_engine_check = Proto(c_int, _E)
    acdr_engine_get_counts = Proto(c_int, _E, POINTER(acdr_engine_counts))

