#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A TCP proxy that a test can cut and heal: the network partition of one
process from its upstreams (an acdroute-server from its NATS cluster).

    px = FaultProxy([("127.0.0.1", 4222), ("127.0.0.1", 4223)])
    px.urls        # ["nats://127.0.0.1:P1", ...]: give these to the process
    px.cut()       # every proxied connection closed, new ones refused
    px.heal()      # listening again on the same ports

One listening port per upstream; two threads per connection copy bytes
each way.  cut() closes the listeners (a connect gets ECONNREFUSED) and
shuts down every live connection both ways, so the process sees its NATS
connections drop and cannot reconnect until heal().
"""
from __future__ import annotations

import socket
import threading
from typing import List, Optional, Set, Tuple


class FaultProxy:
    def __init__(self, upstreams: List[Tuple[str, int]], host: str = "127.0.0.1") -> None:
        self.upstreams = list(upstreams)
        self.host = host
        self.lock = threading.Lock()
        self.conns: Set[socket.socket] = set()
        self.listeners: List[Optional[socket.socket]] = [None] * len(upstreams)
        self.ports: List[int] = [0] * len(upstreams)
        self.is_cut = False
        self.closed = False
        for i in range(len(upstreams)):
            self._listen(i)

    @property
    def urls(self) -> List[str]:
        return [f"nats://{self.host}:{p}" for p in self.ports]

    def _listen(self, i: int) -> None:
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((self.host, self.ports[i]))
        s.listen(64)
        self.ports[i] = int(s.getsockname()[1])
        self.listeners[i] = s
        threading.Thread(target=self._accept, args=(i, s), daemon=True).start()

    def _accept(self, i: int, ls: socket.socket) -> None:
        while True:
            try:
                c, _ = ls.accept()
            except OSError:
                return  # closed by cut() or close()
            try:
                u = socket.create_connection(self.upstreams[i], timeout=2)
                u.settimeout(None)
            except OSError:
                c.close()  # upstream down: as a dead node would
                continue
            with self.lock:
                if self.is_cut or self.closed:
                    c.close()
                    u.close()
                    continue
                self.conns.update((c, u))
            for a, b in ((c, u), (u, c)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        with self.lock:
            for s in (src, dst):
                if s in self.conns:
                    self.conns.discard(s)
                    s.close()

    def _drop_all(self) -> None:
        for i, ls in enumerate(self.listeners):
            if ls is not None:
                try:
                    ls.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                ls.close()
                self.listeners[i] = None
        with self.lock:
            conns = list(self.conns)
        for s in conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self) -> None:
        """Drop every connection and refuse new ones until heal()."""
        with self.lock:
            self.is_cut = True
        self._drop_all()

    def heal(self) -> None:
        with self.lock:
            self.is_cut = False
        for i in range(len(self.upstreams)):
            if self.listeners[i] is None:
                self._listen(i)

    def close(self) -> None:
        with self.lock:
            self.closed = True
        self._drop_all()
