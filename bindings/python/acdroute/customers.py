# SPDX-License-Identifier: MIT
"""Customer memory of an Engine (``engine.customers``, ``customer.h``):
the agent who last handled a customer, an owner (personal manager), the
customer's last contacts."""

from __future__ import annotations

import ctypes
from ctypes import byref, c_char_p, c_int64, c_uint32, c_uint64
from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Union

from . import _lib as C
from ._conv import StrOrNone, int_
from ._conv import b_ as _b
from ._conv import s_ as _s
from ._part import EnginePart, serialised
from .enums import Channel, EndReason, to_enum

__all__ = ["EngineCustomers", "CustomerMemory", "Customer", "CustomerContact"]


@dataclass(frozen=True)
class CustomerMemory:
    """Settings and use of the memory (:meth:`EngineCustomers.memory`).
    ``max_customers`` 0: off; ``expiry_ms`` 0: never; ``max_bytes`` 0: no
    budget.  ``forgotten``: customers dropped by a bound so far."""

    max_customers: int
    expiry_ms: int
    max_bytes: int
    history: int
    customers: int
    bytes: int
    forgotten: int


@dataclass(frozen=True)
class Customer:
    """What the memory knows of a customer (:meth:`EngineCustomers.get`)."""

    owner: Optional[str]
    last_agent: Optional[str]
    contacts: int


@dataclass(frozen=True)
class CustomerContact:
    """One past contact of a customer (:meth:`EngineCustomers.history`)."""

    contact_id: str
    queue_id: Optional[str]
    agent_id: Optional[str]
    disposition: Optional[str]
    tags: List[str]
    channel: Union[Channel, int]
    end_reason: Union[EndReason, int]
    arrival: int
    ended: int


#: The CRM hook: customer id -> owner agent id, or None.
OwnerLookup = Callable[[str], Optional[str]]


@serialised
class EngineCustomers(EnginePart):
    """The customer memory of an Engine (``engine.customers``).  Off until
    :meth:`set_memory` gives it room (or the configuration's
    ``"customers"`` section)."""

    __slots__ = ()

    def set_memory(self, max_customers: int, *, expiry_ms: int = 30 * 86400000,
                   max_bytes: int = 0, history: int = 10) -> None:
        """Size the memory (0 customers: off).  Raises :class:`RangeError`
        out of range; nothing changes then."""
        self._e._call(
            "acdr_customer_memory_set", int_(max_customers, c_uint32, "max_customers"),
            int_(expiry_ms, c_int64, "expiry_ms"), int_(max_bytes, c_uint64, "max_bytes"),
            int_(history, c_uint32, "history"),
        )

    def memory(self) -> CustomerMemory:
        """The memory's settings and what it holds now."""
        mx, hi = c_uint32(), c_uint32()
        ex = c_int64()
        mb, n, by, fo = c_uint64(), c_uint64(), c_uint64(), c_uint64()
        self._e._call("acdr_customer_memory_get", byref(mx), byref(ex), byref(mb), byref(hi),
                      byref(n), byref(by), byref(fo))
        return CustomerMemory(mx.value, ex.value, mb.value, hi.value, n.value, by.value,
                              fo.value)

    def set_owner(self, customer_id: str, agent_id: StrOrNone,
                  now: Optional[int] = None) -> None:
        """Make ``agent_id`` the customer's owner (None: no owner).
        :class:`AgentNotFound` for an unknown agent, :class:`NotFound` to
        clear the owner of a customer not remembered, :class:`LimitExceeded`
        while the memory is off."""
        self._e._call("acdr_customer_set_owner", _b(customer_id, "customer id"),
                      _b(agent_id, "agent id"), self._e._t(now))

    def forget(self, customer_id: str, now: Optional[int] = None) -> None:
        """Forget the customer (:class:`NotFound` if not remembered)."""
        self._e._call("acdr_customer_forget", _b(customer_id, "customer id"),
                      self._e._t(now))

    def get(self, customer_id: str, queue_id: StrOrNone = None) -> Customer:
        """Owner, last agent (in ``queue_id``, or anywhere) and number of
        past contacts kept (:class:`NotFound` if not remembered)."""
        owner, last = c_char_p(), c_char_p()
        n = c_uint32()
        self._e._call("acdr_customer_get", _b(customer_id, "customer id"),
                      _b(queue_id, "queue id"), byref(owner), byref(last), byref(n))
        return Customer(_s(owner.value), _s(last.value), n.value)

    def history(self, customer_id: str) -> List[CustomerContact]:
        """The customer's kept contacts, most recent first."""
        out: List[CustomerContact] = []
        n = self.get(customer_id).contacts
        for i in range(n):
            x = self._e._get(C.acdr_customer_contact(), "acdr_customer_history_versioned",
                             _b(customer_id, "customer id"), c_uint32(i),
                             C.ACDR_CUSTOMER_CONTACT_V1)
            tags = _s(x.tags)
            out.append(CustomerContact(
                _s(x.contact_id) or "", _s(x.queue_id), _s(x.agent_id), _s(x.disposition),
                tags.split(",") if tags else [], to_enum(Channel, x.channel),
                to_enum(EndReason, x.end_reason), int(x.arrival), int(x.ended),
            ))
        return out

    def set_owner_lookup(self, fn: Optional[OwnerLookup]) -> None:
        """Install the CRM hook (``fn(customer_id) -> agent id or None``,
        called when a contact arrives for a customer with no owner; it
        must not call the engine), or remove it (None)."""
        e: Any = self._e
        if fn is None:
            e._call("acdr_customer_set_owner_lookup", C.acdr_customer_owner_fn(0), None)
            e._owner_lookup = None
            return
        keep: List[Any] = []
        lookup: OwnerLookup = fn

        def call(user: Any, cid: bytes) -> Optional[int]:
            del user
            keep.clear()
            try:
                agent = lookup(cid.decode("utf-8"))
            except Exception:  # noqa: BLE001 - a hook must not raise into C
                return None
            if not agent:
                return None
            buf = ctypes.create_string_buffer(agent.encode("utf-8"))
            keep.append(buf)  # alive until the next call: C copies it
            return ctypes.addressof(buf)

        cb = C.acdr_customer_owner_fn(call)
        e._call("acdr_customer_set_owner_lookup", cb, None)
        e._owner_lookup = (cb, keep)  # keeps the CFUNCTYPE alive
