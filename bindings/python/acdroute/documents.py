# SPDX-License-Identifier: MIT
"""JSON configuration, snapshot/restore and event lines (``config.h``):
:attr:`Engine.config <acdroute.Engine.config>`.

The library does no file I/O: documents go in and come out as strings.
"""

from __future__ import annotations

import ctypes
import json
from ctypes import byref, c_size_t
from typing import Any, Dict, List, Optional

from . import _lib as C
from ._conv import Document
from ._conv import b_ as _b
from ._conv import doc_bytes
from ._conv import s_ as _s
from ._conv import flag_, int_
from ._part import EnginePart, serialised
from ._conv import time_ as _time
from .errors import AcdrError, ErrorCode, make_error
from .records import Action

__all__ = ["EngineConfig", "action_to_json"]


@serialised
class EngineConfig(EnginePart):
    """Configuration documents, snapshots and event lines of an Engine
    (``engine.config``)."""

    __slots__ = ()

    def errors(self) -> List[str]:
        """Every error of the last failed configuration call, one per
        item."""
        txt = _s(self._e._L.acdr_config_last_errors(self._e.handle)) or ""
        return [line for line in txt.splitlines() if line]

    def _load(self, fname: str, doc: Document, *args: int) -> int:
        """``fname(engine, doc, len, *args)``, raising with ``.errors``."""
        b = doc_bytes(doc)
        rc: int = getattr(self._e._L, fname)(self._e.handle, b, len(b), *args)
        try:
            return self._e._check(rc, fname)
        except AcdrError as exc:
            if rc < 0:
                exc.errors = self.errors()
            raise

    def apply(self, doc: Document, now: Optional[int] = None, *,
              overflow_removed: bool = False) -> None:
        """Load (or reload) a JSON configuration: a str/bytes document or a
        dict.  A queue that disappears while contacts wait in it fails the
        reload unless ``overflow_removed``.  On a document error the raised
        :class:`ConfigError`/:class:`ParseError` has ``.errors``: every
        problem, one per item."""
        self._load("acdr_config_apply", doc, flag_(overflow_removed, "overflow_removed"),
                   self._e._t(now))

    def validate(self, doc: Document, *, overflow_removed: bool = False) -> List[str]:
        """Check a configuration without applying it.  Returns [] if it would
        be accepted, else the list of errors (one string per problem, each
        starting with its JSON pointer); raises only for misuse (bad
        argument, out of memory, called from a callback)."""
        e = self._e
        b = doc_bytes(doc)
        rc = e._L.acdr_config_validate(e.handle, b, len(b),
                                       flag_(overflow_removed, "overflow_removed"))
        if rc < 0 and rc not in (ErrorCode.INVALID_ARGUMENT, ErrorCode.NOMEM, ErrorCode.BUSY):
            # a Python strategy that refused its settings raised; its
            # message is in the list, the exception is not re-raised
            if not e._in_callback:
                e._pending = []
            return self.errors() or [e.last_error()]
        e._check(rc, "acdr_config_validate")
        return []

    def export(self) -> Dict[str, Any]:
        """The current configuration as a dict (JSON-decoded)."""
        doc: Dict[str, Any] = json.loads(self.export_json())
        return doc

    def export_json(self) -> str:
        """The current configuration as a JSON document."""
        return self._e._take_doc("acdr_config_export")

    def snapshot(self) -> str:
        """The complete engine state as a JSON document (for
        :meth:`restore` on a new engine)."""
        return self._e._take_doc("acdr_engine_snapshot")

    def restore(self, doc: Document) -> None:
        """Load a snapshot into this engine, which must be new (empty)."""
        self._load("acdr_engine_restore", doc)

    def apply_event(self, line: Document) -> None:
        """Apply one event line (docs/events.md), e.g.
        ``{"t_ms": 1500, "ev": "login", "agent": "a1"}``."""
        b = doc_bytes(line)
        e = self._e
        e._check(e._L.acdr_engine_apply_event_json(e.handle, b, len(b)),
                 "acdr_engine_apply_event_json")

    def take_event_log(self) -> List[str]:
        """The event lines recorded since the last take (needs
        ``record_events=True``)."""
        return self._e._take_doc("acdr_engine_event_log_take").splitlines()


def action_to_json(action: Action) -> str:
    """One JSON line for an :class:`Action` (``acdr_action_to_json``; the
    format of docs/events.md)."""
    fn = C.lib().acdr_action_to_json
    a = C.acdr_action()
    keep = []
    for f, t in C.acdr_action._fields_:
        v = getattr(action, f)
        if f in ("contact_id", "agent_id", "queue_id", "customer_id", "text"):
            v = _b(v, f)
            keep.append(v)
        elif f == "channel" and v is None:
            v = -1
        elif f == "time":
            v = _time(v, "action time")
        elif not isinstance(v, (bytes, type(None))):
            v = int_(v, t, f"action {f}")
        setattr(a, f, v)
    need = c_size_t()
    buf = ctypes.create_string_buffer(256)
    rc = fn(buf, len(buf), byref(need), byref(a))
    if rc == ErrorCode.LIMIT:
        buf = ctypes.create_string_buffer(need.value + 1)
        rc = fn(buf, len(buf), byref(need), byref(a))
    if rc < 0:
        raise make_error(rc, function="acdr_action_to_json")
    return buf.value.decode("utf-8")
