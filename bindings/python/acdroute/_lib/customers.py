# SPDX-License-Identifier: MIT
"""ctypes mirrors of ``customer.h``: customer memory."""

from __future__ import annotations

from ctypes import CFUNCTYPE, POINTER, Structure, c_char_p, c_int, c_int64, c_uint32, c_uint64
from ctypes import c_void_p

from .core import _E, _S, Proto, c_struct

__all__ = [
    "ACDR_CUSTOMER_CONTACT_V1", "acdr_customer_contact", "acdr_customer_owner_fn",
    "CustomerFunctions",
]

ACDR_CUSTOMER_CONTACT_V1 = 1


class acdr_customer_contact(Structure):
    _fields_ = c_struct(globals(), """
        const char *contact_id, *queue_id, *agent_id, *disposition, *tags;
        int32_t channel, end_reason; acdr_tstamp arrival, ended;""")


#: const char *(*)(void *user, const char *customer_id); a c_void_p result
#: so that the bindings can hand back a pointer they keep alive
acdr_customer_owner_fn = CFUNCTYPE(c_void_p, c_void_p, c_char_p)


class CustomerFunctions:
    """customer.h."""

    acdr_customer_memory_set = Proto(c_int, _E, c_uint32, c_int64, c_uint64, c_uint32)
    acdr_customer_memory_get = Proto(
        c_int, _E, POINTER(c_uint32), POINTER(c_int64), POINTER(c_uint64), POINTER(c_uint32),
        POINTER(c_uint64), POINTER(c_uint64), POINTER(c_uint64)
    )
    acdr_customer_set_owner = Proto(c_int, _E, _S, _S, c_uint64)
    acdr_customer_forget = Proto(c_int, _E, _S, c_uint64)
    acdr_customer_get = Proto(
        c_int, _E, _S, _S, POINTER(c_char_p), POINTER(c_char_p), POINTER(c_uint32)
    )
    acdr_customer_history_versioned = Proto(
        c_int, _E, _S, c_uint32, c_int, POINTER(acdr_customer_contact)
    )
    acdr_customer_set_owner_lookup = Proto(c_int, _E, acdr_customer_owner_fn, c_void_p)
