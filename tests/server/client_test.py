#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""acdroute.Client against a real acdroute-server (docs/server.md): events
are acknowledged with their journal sequence, the engine's refusals become
the library's exception classes, a subscription delivers the OFFER, the
HTTP queries answer, and a server refusal of its own is ServerRefused.

usage: client_test.py SERVER_BINARY
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from typing import Any, Dict, List

import acdroute
from srvtest import free_port

BIN = sys.argv[1]
WORK = tempfile.mkdtemp(prefix="acdr-client-")
FAILED: List[str] = []
CONFIG: Dict[str, Any] = {
    "queues": [{"id": "q1", "members": [{"agent": "a1"}]}],
    "agents": [{"id": "a1"}],
}


def check(cond: bool, what: str) -> None:
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILED.append(what)


def main() -> int:
    env = dict(os.environ)
    if env.pop("ACDROUTE_SERVER_CLEAN_ENV", None):
        env.pop("LD_PRELOAD", None)
        env.pop("ASAN_OPTIONS", None)
    cfg = os.path.join(WORK, "config.json")
    with open(cfg, "w") as f:
        json.dump(CONFIG, f)
    tcp, http = free_port(), free_port()
    unix = os.path.join(WORK, "sock")
    p = subprocess.Popen([BIN, "--dir", WORK, "--config", cfg, "--clock", "events",
                          "--tcp", f"127.0.0.1:{tcp}", "--unix", unix,
                          "--http", f"127.0.0.1:{http}", "--max-line", "4096"],
                         stdout=subprocess.DEVNULL,
                         stderr=open(os.path.join(WORK, "log"), "ab"), env=env)
    try:
        for _ in range(500):
            try:
                socket.create_connection(("127.0.0.1", http)).close()
                break
            except OSError:
                time.sleep(0.01)
        with acdroute.Client(tcp=("127.0.0.1", tcp), http=("127.0.0.1", http)) as pbx, \
                acdroute.Client(unix=unix) as desk:
            desk.subscribe(queue="q1")
            seq = pbx.send({"t_ms": 0, "ev": "login", "agent": "a1"})
            check(seq == 2, f"an event is acknowledged with its journal sequence (got {seq})")
            check(pbx.send('{"t_ms": 5, "ev": "arrive", "contact": "c1", "queue": "q1"}') == 3,
                  "a JSON text line is sent as it is")
            got = desk.poll(2.0)
            offers = [a for a in got if a.get("action") == "offer"]
            check(len(offers) == 1 and offers[0].get("contact") == "c1"
                  and offers[0].get("agent") == "a1",
                  f"the subscriber on the Unix socket gets OFFER c1 a1 ({got})")
            try:
                pbx.send({"t_ms": 6, "ev": "accept", "contact": "c1", "agent": "nobody"})
                check(False, "an engine refusal raises")
            except acdroute.AgentNotFound as e:
                check("nobody" in str(e) and e.code == acdroute.ErrorCode.AGENT_NOT_FOUND,
                      "an engine refusal raises the library's AgentNotFound")
            try:
                pbx.send({"t_ms": 6, "ev": "arrive", "contact": "x" * 5000, "queue": "q1"})
                check(False, "a line over --max-line raises")
            except acdroute.ServerRefused as e:
                check(e.error == "LINE_TOO_LONG", f"a line over --max-line: ServerRefused ({e})")
        with acdroute.Client(tcp=("127.0.0.1", tcp), http=("127.0.0.1", http)) as c:
            q = c.queues()
            text = json.dumps(q)
            m = [x for x in q if x.get("queue") == "q1"]
            check(bool(m) and m[0]["members"][0].get("activity") == "offered"
                  and m[0]["waiting_count"] == 0,
                  f"queues(): c1 rings a1, nobody waits in q1 ({text[:300]})")
            check("a1" in json.dumps(c.agents()), "agents() shows a1")
    finally:
        p.send_signal(signal.SIGTERM)
        p.wait(timeout=30)
        shutil.rmtree(WORK, ignore_errors=True)
    print(f"{'FAILED: ' + ', '.join(FAILED) if FAILED else 'all passed'}")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
