# SPDX-License-Identifier: MIT
"""A client of acdroute-server (docs/server.md): send event lines, get
their acknowledgements, receive the actions of a subscription, and ask the
HTTP queries.  Standard library only; one client per thread."""

from __future__ import annotations

import collections
import json
import socket
import urllib.request
from typing import Any, Deque, Dict, List, Mapping, Optional, Union

from .errors import ErrorCode, error_class

__all__ = ["Client", "ServerRefused"]


class ServerRefused(Exception):
    """The server refused a line for a reason of its own (``LINE_TOO_LONG``,
    ``AUTH_FAILED``, ``BAD_SUBSCRIBE``...), not an engine error."""

    def __init__(self, error: str, message: str = "") -> None:
        super().__init__(f"{error}: {message}" if message else error)
        self.error = error
        self.message = message


class Client:
    """Connect with ``tcp=(host, port)`` or ``unix=path`` (one of them);
    ``http=(host, port)`` for the queries; ``token`` when the server has
    one.  :meth:`send` returns the event's journal sequence number once the
    server has journaled it, and raises the library's exception class
    (:class:`acdroute.AgentNotFound`...) when the engine refuses it.
    Actions of the subscriptions arrive in :attr:`actions` (a deque of
    dicts, the JSON of docs/events.md) as lines are read."""

    def __init__(self, *, tcp: Optional[tuple[str, int]] = None,
                 unix: Optional[str] = None,
                 http: Optional[tuple[str, int]] = None,
                 token: Optional[str] = None, timeout: float = 10.0) -> None:
        if (tcp is None) == (unix is None):
            raise TypeError("give exactly one of tcp=(host, port) or unix=path")
        if unix is not None:
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.settimeout(timeout)
            s.connect(unix)
        else:
            assert tcp is not None
            s = socket.create_connection(tcp, timeout=timeout)
        self._s = s
        self._buf = b""
        self._http = http
        self._timeout = timeout
        self.actions: Deque[Dict[str, Any]] = collections.deque()
        if token is not None:
            self._request({"token": token})

    # -- the socket -------------------------------------------------------
    def _line(self) -> Dict[str, Any]:
        while b"\n" not in self._buf:
            chunk = self._s.recv(65536)
            if not chunk:
                raise ConnectionError("the server closed the connection")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\n", 1)
        return dict(json.loads(raw))

    def _request(self, obj: Union[Mapping[str, Any], str]) -> Dict[str, Any]:
        line = obj if isinstance(obj, str) else json.dumps(obj)
        self._s.sendall(line.encode("utf-8") + b"\n")
        while True:
            r = self._line()
            if "ok" not in r:
                self.actions.append(r)
                continue
            if r["ok"] is True:
                return r
            err = str(r.get("error", ""))
            msg = str(r.get("message", ""))
            name = err[len("ACDR_ERR_"):] if err.startswith("ACDR_ERR_") else None
            if name is not None and name in ErrorCode.__members__:
                code = int(ErrorCode[name])
                raise error_class(code)(code, err, msg, msg, None)
            raise ServerRefused(err, msg)

    def send(self, event: Union[Mapping[str, Any], str]) -> int:
        """Send one event line (a dict or the JSON text); its sequence
        number in the server's journal."""
        return int(self._request(event)["seq"])

    def subscribe(self, *, queue: Optional[str] = None,
                  agent: Optional[str] = None) -> None:
        """Receive the actions of every queue (no argument), one queue or
        one agent (several subscriptions add up)."""
        if queue is not None and agent is not None:
            raise TypeError("give queue or agent, not both")
        what: Any = "all"
        if queue is not None:
            what = {"queue": queue}
        elif agent is not None:
            what = {"agent": agent}
        self._request({"subscribe": what})

    def poll(self, timeout: float = 0.0) -> List[Dict[str, Any]]:
        """Read the action lines that arrive within ``timeout`` seconds and
        return (and clear) every action received so far."""
        self._s.settimeout(timeout if timeout > 0 else 0.001)
        try:
            while True:
                r = self._line()
                if "ok" in r:  # no request is pending: not expected
                    continue
                self.actions.append(r)
        except (socket.timeout, BlockingIOError):
            pass
        finally:
            self._s.settimeout(self._timeout)
        out = list(self.actions)
        self.actions.clear()
        return out

    # -- the HTTP queries -------------------------------------------------
    def query(self, path: str) -> Any:
        """GET ``path`` (``/queues``, ``/agents``, ``/contacts/ID``,
        ``/metrics.json``, ``/config``); the decoded JSON."""
        if self._http is None:
            raise TypeError("this client was made without http=(host, port)")
        host, port = self._http
        with urllib.request.urlopen(f"http://{host}:{port}{path}",
                                    timeout=self._timeout) as r:
            return json.loads(r.read().decode("utf-8"))

    def queues(self) -> Any:
        return self.query("/queues")

    def agents(self) -> Any:
        return self.query("/agents")

    def close(self) -> None:
        self._s.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

