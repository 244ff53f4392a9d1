#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""examples/server/ami_adapter.py against a real acdroute-server: a recorded
Asterisk AMI transcript (examples/server/ami-transcript.txt: two agents,
one caller answered, one who gives up after a missed ring) becomes server
lines, and the server's actions come back as AMI actions.

Field names of the AMI events are those of Asterisk's manager documentation
(docs.asterisk.org, API_Documentation/AMI_Events: QueueCallerJoin,
AgentConnect, AgentRingNoAnswer, QueueCallerAbandon, AgentComplete,
Hangup, AgentLogin, AgentLogoff, QueueMemberPause), raised by app_queue.c
and chan_agent / app_agent_pool.

usage: adapter_test.py SERVER_BINARY
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from typing import Any, List, Tuple
from srvtest import free_port, server_env

BIN = sys.argv[1]
HERE = os.path.dirname(os.path.abspath(__file__))
EX = os.path.join(HERE, "..", "..", "examples", "server")
WORK = tempfile.mkdtemp(prefix="acdr-adapter-")
FAILED: List[str] = []
CONFIG = {"queues": [{"id": "support", "members": [{"agent": "1001"}, {"agent": "1002"}]}],
          "agents": [{"id": "1001"}, {"id": "1002"}]}


def check(cond: bool, what: str) -> None:
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILED.append(what)


def run(name: str, transcript: str) -> Tuple[int, str, Any]:
    d = os.path.join(WORK, name)
    os.makedirs(d)
    with open(os.path.join(d, "c.json"), "w") as f:
        json.dump(CONFIG, f)
    tcp, http = free_port(), free_port()
    p = subprocess.Popen([BIN, "--dir", d, "--config", os.path.join(d, "c.json"),
                          "--clock", "events", "--tcp", f"127.0.0.1:{tcp}",
                          "--http", f"127.0.0.1:{http}"],
                         stderr=subprocess.DEVNULL, env=server_env())
    try:
        for _ in range(500):
            try:
                socket.create_connection(("127.0.0.1", http)).close()
                break
            except OSError:
                time.sleep(0.01)
        env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
        r = subprocess.run([sys.executable, os.path.join(EX, "ami_adapter.py"),
                            "--tcp", f"127.0.0.1:{tcp}", "--clock", "events", transcript],
                           capture_output=True, text=True, timeout=60, env=env)
        with urllib.request.urlopen(f"http://127.0.0.1:{http}/queues") as q:
            queues = json.loads(q.read())
    finally:
        p.kill()
        p.wait()
    return r.returncode, r.stdout, queues


def main() -> None:
    src = os.path.join(EX, "ami-transcript.txt")
    rc, out, queues = run("lf", src)
    sent = [json.loads(ln.split(" -> ", 1)[1]) for ln in out.splitlines()
            if " -> " in ln and ln.startswith("; ")]
    check(rc == 0 and "refused" not in out, "every mapped line was accepted")
    check([x["ev"] for x in sent] ==
          ["login", "arrive", "accept", "arrive", "login", "reject", "hangup", "hangup",
           "status", "logout"],
          "AMI events map to server lines (FullyBooted, Newchannel and a Hangup after "
          "QueueCallerAbandon / AgentComplete send nothing)")
    check(sent[1] == {"t_ms": 1700000100500, "ev": "arrive", "contact": "1700000100.2",
                      "queue": "support", "customer": "5551234"}
          and sent[5].get("how") == "no-answer" and sent[8].get("reason") == "lunch",
          "fields: Uniqueid, Queue, CallerIDNum, Timestamp, MemberName, PausedReason")
    check("Action: Originate\nChannel: Local/1001@agents\nApplication: Bridge\n"
          "Data: PJSIP/trunk-00000002\n" in out,
          "the server's offer comes back as an Originate bridged to the caller's channel")
    check("Action: Hangup\nChannel: /^Local\\/1002@agents-.*/\n"
          "ActionID: cancel-1700000105.4-1002-rejected" in out,
          "a cancelled offer comes back as a Hangup of the agent's ringing channel")
    q = queues[0]
    members = {m["agent"]: (m["status"], m.get("away_reason")) for m in q["members"]}
    check(q["today"]["offered"] == 2 and q["today"]["answered"] == 1
          and q["today"]["abandoned"] == 1
          and members == {"1001": ("logged_out", None), "1002": ("away", "lunch")},
          "the engine's state after the transcript (2 offered, 1 answered, 1 abandoned; "
          "1001 logged out, 1002 away for lunch)")
    crlf = os.path.join(WORK, "crlf.txt")
    with open(src) as f, open(crlf, "w", newline="") as g:
        g.write(f.read().replace("\n", "\r\n"))
    rc2, out2, _ = run("crlf", crlf)
    check(rc2 == 0 and out2 == out, "the same transcript with CRLF line ends (as AMI sends)")


if __name__ == "__main__":
    main()
    if FAILED:
        print(f"{len(FAILED)} failed; kept {WORK}")
        sys.exit(1)
    shutil.rmtree(WORK)
    print("all passed")
