#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""kill -9 the server at random points of a day of traffic; after every
restart its state must equal a reference engine (the Python bindings) fed
exactly the events the server acknowledged, plus the one line in flight
when the server says it applied it.

Two clients share the engine: "pbx" (TCP: arrivals, accepts, hangups) and
"desk" (Unix socket: logins, status, wrap-up), as a PBX adapter and an agent
desktop would (the issue's use case).  Peers: Asterisk's app_queue.c keeps
waiting callers in memory and only dynamic members in the astdb
("persistent_members", its header notes); mod_callcenter.c keeps agents,
tiers and members in its SQL tables.  Here every acknowledged event is in
the journal.  Times come from the lines (--clock events) so the
reference can be fed the same times.

usage: crash_test.py SERVER_BINARY [--kills N] [--seed N] [--events N]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from typing import Any, Dict, List, Optional, Tuple

import acdroute as acd
from srvtest import free_port

CONFIG: Dict[str, Any] = {
    "queues": [
        {"id": "sales", "strategy": "longest-idle",
         "members": [{"agent": f"a{i}"} for i in range(0, 6)]},
        {"id": "support", "strategy": "round-robin",
         "members": [{"agent": f"a{i}"} for i in range(3, 10)]},
    ],
    "agents": [{"id": f"a{i}"} for i in range(10)],
}


class Line:
    """One JSON-lines connection; reads until an ok/error reply."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buf = b""

    def send(self, text: str) -> None:
        self.sock.sendall(text.encode() + b"\n")

    def reply(self) -> Optional[Dict[str, Any]]:
        """The next ok/error reply (action lines are skipped); None when
        the server died."""
        while True:
            while b"\n" not in self.buf:
                try:
                    chunk = self.sock.recv(65536)
                except OSError:
                    return None
                if not chunk:
                    return None
                self.buf += chunk
            raw, self.buf = self.buf.split(b"\n", 1)
            obj = json.loads(raw)
            if "ok" in obj:
                return dict(obj)

    def close(self) -> None:
        self.sock.close()


class Server:
    def __init__(self, binary: str, workdir: str) -> None:
        self.binary = binary
        self.dir = os.path.join(workdir, "state")
        os.makedirs(self.dir, exist_ok=True)
        self.cfg = os.path.join(workdir, "config.json")
        with open(self.cfg, "w") as f:
            json.dump(CONFIG, f, indent=1)
        self.sock_path = os.path.join(workdir, "s.sock")
        self.log = open(os.path.join(workdir, "server.log"), "ab")
        self.proc: Optional[subprocess.Popen[bytes]] = None
        self.tcp = self.http = 0

    def start(self, fsync: str) -> None:
        self.tcp, self.http = free_port(), free_port()
        env = dict(os.environ)
        if env.pop("ACDROUTE_SERVER_CLEAN_ENV", None):
            env.pop("LD_PRELOAD", None)
            env.pop("ASAN_OPTIONS", None)
        self.proc = subprocess.Popen(
            [self.binary, "--dir", self.dir, "--config", self.cfg,
             "--clock", "events", "--unix", self.sock_path,
             "--tcp", f"127.0.0.1:{self.tcp}", "--http", f"127.0.0.1:{self.http}",
             "--fsync", fsync, "--snapshot-every", "150"],
            stdout=subprocess.DEVNULL, stderr=self.log, env=env)
        _procs.append(self.proc)
        for _ in range(500):
            try:
                self.get("/status")
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError("server exited at start")
                time.sleep(0.01)
        raise RuntimeError("server did not come up")

    def get(self, path: str) -> Dict[str, Any]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.http}{path}",
                                    timeout=10) as r:
            return dict(json.loads(r.read()))

    def clients(self) -> Tuple[Line, Line]:
        pbx = socket.create_connection(("127.0.0.1", self.tcp))
        desk = socket.socket(socket.AF_UNIX)
        desk.connect(self.sock_path)
        return Line(pbx), Line(desk)

    def kill9(self) -> None:
        assert self.proc
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def term(self) -> int:
        assert self.proc
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=30)


class Reference:
    """The engine the server must equal, fed as the server feeds its own:
    every deadline <= the line's time at its own time, then the line."""

    def __init__(self) -> None:
        self.e = acd.Engine(seed=0)
        self.apply(json.dumps({"t_ns": 0, "ev": "config", "config": CONFIG},
                              separators=(",", ":")))

    def apply(self, line: str) -> None:
        obj = json.loads(line)
        t = obj["t_ns"] if "t_ns" in obj else obj["t_ms"] * acd.MILLISECOND
        x = self.e.get_expiry()
        if t > self.e.now() and t - self.e.now() > 3600 * acd.SECOND:
            # a jump in time: overdue deadlines fire once, at t
            if x is not None and x <= t:
                self.e.handle_expiry(t)
            self.e.config.apply_event(line)
            return
        while True:
            x = self.e.get_expiry()
            if x is None or x > t:
                break
            self.e.handle_expiry(max(x, self.e.now()))
        self.e.config.apply_event(line)

    def snapshot(self) -> Dict[str, Any]:
        return dict(json.loads(self.e.config.snapshot()))


def next_event(rng: random.Random, ref: Reference, t_ms: int,
               n: int) -> Tuple[str, str]:
    """(client, line): a plausible next event given the reference state."""
    e = ref.e
    live: List[Tuple[str, Any]] = []
    for c in ref_contacts(ref):
        try:
            live.append((c, e.contact_info(c)))
        except acd.ContactNotFound:
            pass
    offered = [(c, i) for c, i in live if i.state == acd.ContactState.OFFERED]
    connected = [(c, i) for c, i in live if i.state == acd.ContactState.CONNECTED]
    wrapup = [(c, i) for c, i in live if i.state == acd.ContactState.WRAPUP]
    waiting = [(c, i) for c, i in live if i.state == acd.ContactState.WAITING]
    r = rng.random()
    if r < 0.02:  # refused by the library: must change nothing
        return "desk", json.dumps({"t_ms": t_ms, "ev": "login", "agent": "nobody"})
    if r < 0.12:
        a = f"a{rng.randrange(10)}"
        ev = rng.choice(["login", "logout", "status"])
        obj: Dict[str, Any] = {"t_ms": t_ms, "ev": ev, "agent": a}
        if ev == "status":
            obj["status"] = rng.choice(["available", "away"])
        return "desk", json.dumps(obj)
    if offered and r < 0.40:
        c, i = rng.choice(offered)
        agent = offered_agent(ref, c)
        if agent:
            if rng.random() < 0.85:
                return "pbx", json.dumps({"t_ms": t_ms, "ev": "accept",
                                          "contact": c, "agent": agent})
            return "pbx", json.dumps({"t_ms": t_ms, "ev": "reject", "contact": c,
                                      "agent": agent, "how": "busy"})
    if connected and r < 0.55:
        c, _ = rng.choice(connected)
        return "pbx", json.dumps({"t_ms": t_ms, "ev": "hangup", "contact": c})
    if wrapup and r < 0.70:
        c, _ = rng.choice(wrapup)
        return "desk", json.dumps({"t_ms": t_ms, "ev": "wrapup_done", "contact": c})
    if waiting and r < 0.74:
        c, _ = rng.choice(waiting)
        return "pbx", json.dumps({"t_ms": t_ms, "ev": "hangup", "contact": c})
    return "pbx", json.dumps({"t_ms": t_ms, "ev": "arrive", "contact": f"c{n}",
                              "queue": rng.choice(["sales", "support"])})


_procs: List["subprocess.Popen[bytes]"] = []
_contacts: List[str] = []
_offers: Dict[str, str] = {}


def ref_contacts(ref: Reference) -> List[str]:
    return list(_contacts)


def offered_agent(ref: Reference, c: str) -> Optional[str]:
    return _offers.get(c)


def on_action(a: Any) -> None:
    name = str(a.type.name).lower() if hasattr(a.type, "name") else str(a.type)
    if name == "offer" and a.contact_id and a.agent_id:
        _offers[a.contact_id] = a.agent_id
    elif name in ("offer_cancel", "connected") and a.contact_id:
        _offers.pop(a.contact_id, None)
    if name == "queued" and a.contact_id and a.contact_id not in _contacts:
        _contacts.append(a.contact_id)
    if name == "contact_ended" and a.contact_id in _contacts:
        _contacts.remove(a.contact_id)
        _offers.pop(a.contact_id, None)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("server")
    ap.add_argument("--kills", type=int, default=24)
    ap.add_argument("--events", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="acdr-server-crash-")
    srv = Server(args.server, work)
    ref = Reference()
    ref.e.on_action = on_action
    kill_at = sorted(rng.sample(range(50, args.events), args.kills))
    day_ms = 24 * 3600 * 1000
    step = day_ms // args.events
    t_ms = 0
    acked = 1  # the configuration is event 1
    failures = 0
    restarts = 0
    corrupt_tails = 0
    srv.start("10")
    pbx, desk = srv.clients()
    for n in range(args.events):
        t_ms += rng.randrange(1, 2 * step)
        who, line = next_event(rng, ref, t_ms, n)
        conn = pbx if who == "pbx" else desk
        crash_now = bool(kill_at) and n == kill_at[0]
        conn.send(line)
        if crash_now and rng.random() < 0.5:
            # killed with the line in flight: it may or may not be applied
            kill_at.pop(0)
            srv.kill9()
            inflight: Optional[str] = line
        else:
            rep = conn.reply()
            if rep is None:
                print(f"event {n}: no reply", file=sys.stderr)
                return 1
            if rep["ok"]:
                if rep["seq"] != acked + 1:
                    print(f"event {n}: seq {rep['seq']} after {acked}", file=sys.stderr)
                    return 1
                acked += 1
                ref.apply(line)
            if not crash_now:
                continue
            kill_at.pop(0)
            srv.kill9()
            inflight = None
        pbx.close()
        desk.close()
        restarts += 1
        if restarts % 4 == 0:
            # a torn write: half a record header at the end of the journal
            with open(os.path.join(srv.dir, "journal"), "ab") as f:
                f.write(b"ACRJ\x10\x00")
            corrupt_tails += 1
        srv.start("always" if restarts % 2 else "10")
        seq = int(srv.get("/status")["seq"])
        if inflight is not None and seq == acked + 1:
            acked += 1
            ref.apply(inflight)
        if seq != acked:
            print(f"restart {restarts}: server seq {seq}, acknowledged {acked}",
                  file=sys.stderr)
            return 1
        got = srv.get("/snapshot")["snapshot"]
        if got != ref.snapshot():
            failures += 1
            print(f"restart {restarts} (event {n}): snapshot differs from the reference",
                  file=sys.stderr)
            with open(os.path.join(work, f"diff-{restarts}.json"), "w") as f:
                json.dump({"server": got, "reference": ref.snapshot()}, f, indent=1)
        pbx, desk = srv.clients()
    pbx.close()
    desk.close()
    rc = srv.term()
    log = open(os.path.join(work, "server.log")).read()
    dropped = log.count('"journal tail dropped"')
    print(f"events {args.events}, acknowledged {acked}, kill -9 restarts {restarts}, "
          f"corrupt tails {corrupt_tails} (reported {dropped}), mismatches {failures}, "
          f"SIGTERM exit {rc}")
    ok = failures == 0 and rc == 0 and dropped >= corrupt_tails and restarts >= args.kills
    if ok and not args.keep:
        shutil.rmtree(work)
    else:
        print(f"kept {work}", file=sys.stderr)
    return 0 if ok else 1


def run() -> int:
    try:
        return main()
    finally:
        for p in _procs:
            if p.poll() is None:
                p.kill()
                p.wait()


if __name__ == "__main__":
    sys.exit(run())
