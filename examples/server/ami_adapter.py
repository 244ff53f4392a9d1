#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A PBX adapter for acdroute-server (docs/server.md, "Talking to a PBX"):
Asterisk AMI events in, server event lines out; the server's actions back
as AMI actions (printed: this example sends nothing to a PBX).

Python standard library only.  It reads AMI event blocks ("Key: Value"
lines, a blank line after each event) from a file or stdin: a transcript
recorded from a manager session (for example with
`socat - TCP:pbx:5038 | tee transcript.txt` after a Login), so no PBX is
needed to run it.

usage: ami_adapter.py (--tcp HOST:PORT | --unix PATH) [--token T]
                      [--clock events|wall] [TRANSCRIPT]

AMI event (fields used)                       server line
QueueCallerJoin (Uniqueid, Queue, CallerIDNum) arrive  contact=Uniqueid queue customer
AgentConnect (Uniqueid, MemberName)            accept  contact agent=MemberName
AgentRingNoAnswer (Uniqueid, MemberName)       reject  how=no-answer
QueueCallerAbandon (Uniqueid)                  hangup  (left while waiting / ringing)
AgentComplete (Uniqueid)                       hangup  (the talk ended: wrap-up)
Hangup (Uniqueid) of a caller still in play    hangup
AgentLogin / AgentLogoff (Agent)               login / logout
QueueMemberPause (MemberName, Paused, PausedReason)  status away / available

server action   AMI action printed
offer           Originate Local/<agent>@agents, bridged to the caller's channel
offer_cancel    Hangup of that Local/<agent>@agents channel
announce        Redirect the caller to acdr-announce,<position>
overflow        Redirect the caller to acdr-overflow,<target>
(others)        a comment line

--clock events: the AMI "Timestamp" field (timestampevents=yes in
manager.conf) becomes the line's t_ms (the server runs with --clock
events); --clock wall (default): the server stamps the lines.
"""
from __future__ import annotations

import argparse
import json
import socket
import sys
from typing import Any, Dict, Iterator, List, Optional, TextIO


def ami_events(f: TextIO) -> Iterator[Dict[str, str]]:
    """AMI event blocks: "Key: Value" lines, a blank line ends an event."""
    ev: Dict[str, str] = {}
    for raw in f:
        line = raw.rstrip("\r\n")
        if not line.strip():
            if ev:
                yield ev
            ev = {}
            continue
        key, sep, value = line.partition(":")
        if sep:
            ev[key.strip()] = value.strip()
    if ev:
        yield ev


class Adapter:
    def __init__(self, sock: socket.socket, clock_events: bool, out: TextIO) -> None:
        self.sock = sock
        self.buf = b""
        self.clock_events = clock_events
        self.out = out
        self.channel: Dict[str, str] = {}   # contact (Uniqueid) -> caller channel
        self.done: set[str] = set()        # contacts that have left
        self.errors = 0

    # --- the socket: one JSON line each way ------------------------------
    def _line(self) -> Dict[str, Any]:
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("the server closed the connection")
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\n", 1)
        return dict(json.loads(raw))

    def call(self, obj: Dict[str, Any]) -> Dict[str, Any]:
        """send a line; print the actions that come before its reply"""
        self.sock.sendall(json.dumps(obj, separators=(",", ":")).encode() + b"\n")
        while True:
            r = self._line()
            if "ok" in r:
                return r
            self.action(r)

    # --- AMI event -> server line -----------------------------------------
    def to_event(self, ev: Dict[str, str]) -> Optional[Dict[str, Any]]:
        name = ev.get("Event", "")
        uid = ev.get("Uniqueid", "")
        out: Optional[Dict[str, Any]] = None
        if name == "QueueCallerJoin":
            self.channel[uid] = ev.get("Channel", "")
            out = {"ev": "arrive", "contact": uid, "queue": ev["Queue"]}
            if ev.get("CallerIDNum", "") not in ("", "<unknown>"):
                out["customer"] = ev["CallerIDNum"]
        elif name == "AgentConnect":
            out = {"ev": "accept", "contact": uid, "agent": ev["MemberName"]}
        elif name == "AgentRingNoAnswer":
            out = {"ev": "reject", "contact": uid, "agent": ev["MemberName"],
                   "how": "no-answer"}
        elif name in ("QueueCallerAbandon", "AgentComplete") or (
                name == "Hangup" and uid in self.channel and uid not in self.done):
            self.done.add(uid)
            out = {"ev": "hangup", "contact": uid}
        elif name == "AgentLogin":
            out = {"ev": "login", "agent": ev["Agent"]}
        elif name == "AgentLogoff":
            out = {"ev": "logout", "agent": ev["Agent"]}
        elif name == "QueueMemberPause":
            paused = ev.get("Paused") == "1"
            out = {"ev": "status", "agent": ev["MemberName"],
                   "status": "away" if paused else "available"}
            reason = ev.get("PausedReason") or ev.get("Reason")
            if paused and reason:
                out["reason"] = reason
        if out is not None and self.clock_events and "Timestamp" in ev:
            out = {"t_ms": int(round(float(ev["Timestamp"]) * 1000)), **out}
        return out

    # --- server action -> AMI action --------------------------------------
    def action(self, a: Dict[str, Any]) -> None:
        kind = a.get("action")
        contact = a.get("contact", "")
        chan = self.channel.get(contact, "")
        replay = " (re-sent after a server restart)" if a.get("replay") else ""
        lines: List[str]
        if kind == "offer":
            lines = ["Action: Originate", f"Channel: Local/{a['agent']}@agents",
                     "Application: Bridge", f"Data: {chan}",
                     f"ActionID: offer-{contact}-{a['agent']}"]
        elif kind == "offer_cancel":
            lines = ["Action: Hangup", f"Channel: /^Local\\/{a['agent']}@agents-.*/",
                     f"ActionID: cancel-{contact}-{a['agent']}-{a.get('reason', '')}"]
        elif kind == "announce":
            lines = ["Action: Redirect", f"Channel: {chan}", "Context: acdr-announce",
                     f"Exten: {a.get('position', 0)}", "Priority: 1"]
        elif kind == "overflow":
            lines = ["Action: Redirect", f"Channel: {chan}", "Context: acdr-overflow",
                     f"Exten: {a.get('text', '')}", "Priority: 1"]
        else:
            self.out.write(f"; {json.dumps(a, separators=(',', ':'))}\n")
            return
        self.out.write(f"; {kind}{replay}\n" + "\n".join(lines) + "\n\n")

    def feed(self, ev: Dict[str, str]) -> None:
        line = self.to_event(ev)
        if line is None:
            return
        self.out.write(f"; {ev.get('Event')} -> {json.dumps(line, separators=(',', ':'))}\n")
        r = self.call(line)
        if r.get("ok"):
            self.out.write(f"; ok seq {r['seq']}\n")
        else:
            self.errors += 1
            self.out.write(f"; refused {r.get('error')}: {r.get('message')}\n")


def connect(a: argparse.Namespace) -> socket.socket:
    if a.unix:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(a.unix)
        return s
    host, _, port = a.tcp.rpartition(":")
    return socket.create_connection((host or "127.0.0.1", int(port)))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--tcp")
    g.add_argument("--unix")
    ap.add_argument("--token")
    ap.add_argument("--clock", choices=("events", "wall"), default="wall")
    ap.add_argument("transcript", nargs="?")
    a = ap.parse_args()
    sock = connect(a)
    ad = Adapter(sock, a.clock == "events", sys.stdout)
    if a.token:
        ad.call({"token": a.token})
    ad.call({"subscribe": "all"})
    f = open(a.transcript) if a.transcript else sys.stdin
    with f:
        for ev in ami_events(f):
            ad.feed(ev)
    sock.close()
    return 1 if ad.errors else 0


if __name__ == "__main__":
    sys.exit(main())
