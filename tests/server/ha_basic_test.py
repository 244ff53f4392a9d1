#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""acdroute-server --journal nats on a one-node JetStream: a leader and
standbys, checked against a reference engine (the Python bindings) fed
exactly the acknowledged lines in stream order.

- the leader acks with the stream sequence; a standby answers NOT_LEADER
  (naming the leader) and changes nothing; it follows the stream and its
  /snapshot equals the reference;
- kill -9 of the leader: a standby takes the lease within about the lease
  (measured), sends its subscribers a "reconcile" line and every ringing
  offer with "replay":true (the offers of the reference state), and goes
  on acking at the next sequence;
- the old leader restarted comes back as a standby; a new node starts from
  the snapshot in the KV bucket plus the stream tail;
- a leader stopped (SIGSTOP) past its lease is replaced; woken up it
  refuses events (NOT_LEADER: never an ack for a line not in the stream)
  and follows the new leader;
- SIGTERM gives the lease up: a standby takes over at once.

The heavy cases (3-node NATS cluster, random kills, partitions) are in
ha_*_test.py of the HA test suite.  Peers: FreeSWITCH mod_callcenter.c
keeps its waiting callers ("members") in an SQL table (members_sql:
CREATE TABLE members, with a "system" column naming the FreeSWITCH that
holds each caller; signalwire/freeswitch #1674: callers in queue are lost
on restart); Asterisk app_queue.c keeps callers in memory only (its
header: only dynamic members persist, in the astdb).  Neither has a
standby that takes over the callers in line.

Skipped (exit 77) when nats-server is missing and cannot be installed, or
when the server was built without NATS support.

usage: ha_basic_test.py SERVER_BINARY [--events N] [--seed N] [--keep]
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
from typing import Any, Dict, List, Optional, Set, Tuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import crash_test as ct  # noqa: E402  (the traffic model and the reference)
from srvtest import server_env as clean_env  # noqa: E402

LEASE_MS = 1500
SKIP = 77
_procs: List["subprocess.Popen[bytes]"] = []


def ensure_nats_server() -> Optional[str]:
    path = shutil.which("nats-server")
    if path:
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends",
                        "nats-server"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    return shutil.which("nats-server")


class Nats:
    def __init__(self, binary: str, work: str) -> None:
        self.binary, self.work = binary, work
        self.port = ct.free_port()
        self.url = f"nats://127.0.0.1:{self.port}"
        self.start()

    def start(self) -> None:
        log = open(os.path.join(self.work, "nats.log"), "ab")
        self.proc = subprocess.Popen(
            [self.binary, "-js", "-a", "127.0.0.1", "-p", str(self.port),
             "-sd", os.path.join(self.work, "jetstream")],
            stdout=log, stderr=log)
        _procs.append(self.proc)
        for _ in range(500):
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2) as s:
                    if s.recv(4096).startswith(b"INFO"):
                        return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError("nats-server did not come up")


class NatsClient:
    """The NATS text protocol, enough for request/reply and subscriptions
    (no client library needed)."""

    def __init__(self, port: int) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), 5)
        self.buf = b""
        self.sid = 0
        self.msgs: List[Tuple[str, bytes]] = []
        self._line()  # INFO
        self.sock.sendall(b'CONNECT {"verbose":false,"pedantic":false}\r\n')

    def _line(self) -> bytes:
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise OSError("NATS closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def _read_msg(self) -> None:
        line = self._line()
        if line == b"PING":
            self.sock.sendall(b"PONG\r\n")
        elif line.startswith(b"MSG "):
            parts = line.split()
            n = int(parts[-1])
            while len(self.buf) < n + 2:
                chunk = self.sock.recv(65536)
                if not chunk:
                    raise OSError("NATS closed")
                self.buf += chunk
            self.msgs.append((parts[1].decode(), self.buf[:n]))
            self.buf = self.buf[n + 2:]

    def sub(self, subject: str) -> None:
        self.sid += 1
        self.sock.sendall(f"SUB {subject} {self.sid}\r\n".encode())

    def request(self, subject: str, data: str, timeout: float) -> Optional[Dict[str, Any]]:
        self.sid += 1
        inbox = f"_INBOX.hatest.{self.sid}"
        self.sock.sendall(f"SUB {inbox} {self.sid}\r\n".encode())
        body = data.encode()
        self.sock.sendall(f"PUB {subject} {inbox} {len(body)}\r\n".encode() +
                          body + b"\r\n")
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for i, (subj, payload) in enumerate(self.msgs):
                if subj == inbox:
                    del self.msgs[i]
                    return dict(json.loads(payload))
            self.sock.settimeout(max(0.01, end - time.monotonic()))
            try:
                self._read_msg()
            except socket.timeout:
                break
        return None

    def drain(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.sock.settimeout(max(0.01, end - time.monotonic()))
            try:
                self._read_msg()
            except socket.timeout:
                break

    def close(self) -> None:
        self.sock.close()


class Node:
    def __init__(self, binary: str, work: str, node_id: str, nats: Nats,
                 cfg: str, clock: str = "events", stream: str = "acdroute") -> None:
        self.binary, self.id, self.nats, self.cfg = binary, node_id, nats, cfg
        self.clock, self.stream = clock, stream
        self.dir = os.path.join(work, node_id)
        os.makedirs(self.dir, exist_ok=True)
        self.logpath = os.path.join(work, f"{node_id}.log")
        self.proc: Optional[subprocess.Popen[bytes]] = None
        self.tcp = self.http = 0

    def start(self) -> None:
        self.tcp, self.http = ct.free_port(), ct.free_port()
        self.proc = subprocess.Popen(
            [self.binary, "--dir", self.dir, "--config", self.cfg,
             "--clock", self.clock, "--tcp", f"127.0.0.1:{self.tcp}",
             "--http", f"127.0.0.1:{self.http}", "--snapshot-every", "100",
             "--max-line", str(4 << 20),
             "--journal", "nats", "--nats", self.nats.url, "--replicas", "1",
             "--node-id", self.id, "--lease-ms", str(LEASE_MS),
             "--stream", self.stream],
            stdout=subprocess.DEVNULL, stderr=open(self.logpath, "ab"),
            env=clean_env())
        _procs.append(self.proc)
        for _ in range(500):
            try:
                self.status()
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.id} exited at start")
                time.sleep(0.01)
        raise RuntimeError(f"{self.id} did not come up")

    def get(self, path: str) -> Dict[str, Any]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.http}{path}",
                                    timeout=10) as r:
            return dict(json.loads(r.read()))

    def get_any(self, path: str) -> Any:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.http}{path}",
                                    timeout=10) as r:
            return json.loads(r.read())

    def status(self) -> Dict[str, Any]:
        return self.get("/status")

    def snapshot(self) -> Any:
        return self.get("/snapshot")["snapshot"]

    def line(self) -> ct.Line:
        return ct.Line(socket.create_connection(("127.0.0.1", self.tcp)))

    def log(self) -> str:
        with open(self.logpath) as f:
            return f.read()


class Check:
    def __init__(self) -> None:
        self.failed = 0

    def __call__(self, ok: bool, what: str) -> None:
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            self.failed += 1


def wait_for(pred: Any, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if pred():
                return True
        except OSError:
            pass
        time.sleep(0.01)
    return False


class Traffic:
    """The crash test's day of traffic, sent to whichever node leads."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.ref = ct.Reference()
        self.ref.e.on_action = ct.on_action
        self.t_ms = 0
        self.n = 0
        self.acked = 1  # the configuration is line 1 of the stream

    def run(self, node: Node, count: int, check: Check) -> bool:
        conn = node.line()
        seq_ok = True
        for _ in range(count):
            self.t_ms += self.rng.randrange(1, 60000)
            _, line = ct.next_event(self.rng, self.ref, self.t_ms, self.n)
            self.n += 1
            conn.send(line)
            rep = conn.reply()
            if rep is None:
                check(False, f"{node.id}: no reply")
                return False
            if rep["ok"]:
                seq_ok = seq_ok and rep["seq"] == self.acked + 1
                self.acked = int(rep["seq"])
                self.ref.apply(line)
        conn.close()
        check(seq_ok, f"{node.id}: {count} lines, acks carry the next stream "
                      f"sequence (now {self.acked})")
        return True

    def ring(self, node: Node) -> None:
        """Agents logged in and available, then a new call: an offer rings
        (the lines the library refuses change nothing)."""
        conn = node.line()
        lines = [{"ev": "login", "agent": f"a{i}"} for i in range(10)]
        lines += [{"ev": "status", "agent": f"a{i}", "status": "available"}
                  for i in range(10)]
        lines.append({"ev": "arrive", "contact": f"ring{self.n}", "queue": "sales"})
        self.n += 1
        for obj in lines:
            self.t_ms += 1
            line = json.dumps(dict(obj, t_ms=self.t_ms))
            conn.send(line)
            rep = conn.reply()
            if rep and rep["ok"]:
                self.acked = int(rep["seq"])
                self.ref.apply(line)
        conn.close()

    def offers(self) -> Set[Tuple[str, str]]:
        out: Set[Tuple[str, str]] = set()
        for c in self.ref.snapshot().get("contacts", []):
            for o in c.get("offers", []):
                out.add((c["id"], o["agent"]))
        return out


def converged(node: Node, seq: int) -> bool:
    return int(node.status()["applied_seq"]) == seq


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("server")
    ap.add_argument("--events", type=int, default=300)
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="acdr-ha-basic-")
    probe = subprocess.run(
        [args.server, "--dir", work, "--tcp", "1", "--journal", "nats",
         "--node-id", "probe", "--nats", "nats://127.0.0.1:1", "--help"],
        capture_output=True, text=True, env=clean_env())
    if "--journal" not in probe.stdout:
        print("FAIL: the server has no --journal option")
        return 1
    probe = subprocess.run(
        [args.server, "--dir", work, "--tcp", "1", "--journal", "nats",
         "--node-id", "probe", "--nats", "nats://127.0.0.1:1"],
        capture_output=True, text=True, env=clean_env(), timeout=30)
    if "built without NATS support" in probe.stderr:
        print("skipped: acdroute-server was built without NATS support "
              "(libnats-dev missing or ACDROUTE_NATS=OFF)")
        return SKIP
    nats_bin = ensure_nats_server()
    if not nats_bin:
        print("skipped: nats-server is not installed and could not be "
              "installed (apt-get install nats-server)")
        return SKIP
    check = Check()
    # a journal that leaves the machine must authenticate (exit 2 at once)
    for urls, creds, want in (("nats://10.0.0.5:4222", [], 2),
                              ("nats://127.0.0.1:1,nats://10.0.0.5:4222", [], 2)):
        r = subprocess.run(
            [args.server, "--dir", work, "--tcp", "1", "--journal", "nats",
             "--node-id", "probe", "--nats", urls] + creds,
            capture_output=True, text=True, env=clean_env(), timeout=30)
        check(r.returncode == want and "beyond loopback" in r.stderr,
              f"--nats {urls} without a token or creds: exit {r.returncode}")
    cfg = os.path.join(work, "config.json")
    with open(cfg, "w") as f:
        json.dump(ct.CONFIG, f)
    nats = Nats(nats_bin, work)
    n1 = Node(args.server, work, "n1", nats, cfg)
    n2 = Node(args.server, work, "n2", nats, cfg)
    n1.start()
    check(wait_for(lambda: n1.status()["role"] == "leader", 5),
          "n1, first on an empty stream, takes the lease")
    n2.start()
    st = n2.status()
    check(st["role"] == "standby" and st["leader"] == "n1" and st["node_id"] == "n2",
          f"n2 is a standby naming n1 as leader ({st['role']}, {st['leader']})")
    tr = Traffic(args.seed)
    tr.run(n1, args.events, check)

    # a standby refuses events and changes nothing
    check(wait_for(lambda: converged(n2, tr.acked), 10),
          f"n2 applied the stream up to {tr.acked}")
    before = n2.snapshot()
    c = n2.line()
    c.send(json.dumps({"t_ms": tr.t_ms + 1, "ev": "login", "agent": "a1"}))
    rep = c.reply() or {}
    c.close()
    check(rep.get("error") == "NOT_LEADER" and rep.get("leader") == "n1",
          f"an event sent to the standby: {rep.get('error')}, leader {rep.get('leader')}")
    check(n2.snapshot() == before and converged(n2, tr.acked),
          "the standby's state is unchanged by it")
    check(n2.snapshot() == tr.ref.snapshot(),
          "the standby's /snapshot equals the reference engine")

    # a client over NATS: events by request/reply to whichever node leads,
    # actions on acdr.<stream>.actions.queue.<q> / .agent.<a>
    nc = NatsClient(nats.port)
    nc.sub("acdr.acdroute.actions.queue.sales")
    nc.sub("acdr.acdroute.actions.agent.>")
    tr.t_ms += 1
    line = json.dumps({"t_ms": tr.t_ms, "ev": "arrive", "contact": "over-nats",
                       "queue": "sales"})
    rep = nc.request("acdr.acdroute.events", line, 5) or {}
    if rep.get("ok"):
        tr.ref.apply(line)
    check(rep.get("ok") is True and rep.get("seq") == tr.acked + 1,
          f"an event over NATS request/reply: {rep}")
    tr.acked = int(rep.get("seq", tr.acked))
    nc.drain(0.3)
    acts = [json.loads(m) for subj, m in nc.msgs
            if subj == "acdr.acdroute.actions.queue.sales"]
    check(any(a.get("contact") == "over-nats" for a in acts),
          f"its actions on acdr.acdroute.actions.queue.sales "
          f"({sorted({str(a.get('action')) for a in acts})})")
    rep = nc.request("acdr.acdroute.events", json.dumps(
        {"t_ms": tr.t_ms, "ev": "login", "agent": "nobody"}), 5) or {}
    check(rep.get("error") == "ACDR_ERR_AGENT_NOT_FOUND",
          f"a refused event over NATS: {rep.get('error')}")
    nc.msgs.clear()

    # a line NATS would not take in one message (the server's max_payload,
    # 1 MiB by default, is below --max-line here) is refused before it is
    # applied; the leader stays leader
    c = n1.line()
    big = dict(ct.CONFIG)
    big["agents"] = ct.CONFIG["agents"] + [{"id": f"extra-agent-{i:06d}"}
                                            for i in range(60000)]
    c.send(json.dumps({"t_ms": tr.t_ms + 1, "ev": "config", "config": big}))
    rep = c.reply() or {}
    c.close()
    st = n1.status()
    check(rep.get("error") == "LINE_TOO_LONG" and st["role"] == "leader" and
          st["applied_seq"] == tr.acked,
          f"a line over NATS's max_payload: {rep.get('error')}, n1 still "
          f"{st['role']} at {st['applied_seq']}")

    # kill -9 the leader; n2 takes over and reconciles
    tr.ring(n1)
    check(wait_for(lambda: converged(n2, tr.acked), 10), "n2 follows")
    sub = n2.line()
    sub.send('{"subscribe":"all"}')
    sub.reply()
    want_offers = tr.offers()
    assert n1.proc
    t0 = time.monotonic()
    n1.proc.send_signal(signal.SIGKILL)
    n1.proc.wait()
    took = wait_for(lambda: n2.status()["role"] == "leader", LEASE_MS / 1000 + 5)
    failover = time.monotonic() - t0
    check(took and failover < LEASE_MS / 1000 + 1.5,
          f"kill -9 of the leader: n2 leads after {failover * 1000:.0f} ms "
          f"(lease {LEASE_MS} ms)")
    sub.sock.settimeout(5)
    lines: List[Dict[str, Any]] = []
    buf = b""
    try:
        while not any(x.get("action") == "reconcile" for x in lines) or \
                len([x for x in lines if x.get("action") == "offer"]) < len(want_offers):
            chunk = sub.sock.recv(65536)
            if not chunk:
                break
            buf += chunk
            while b"\n" in buf:
                raw, buf = buf.split(b"\n", 1)
                lines.append(json.loads(raw))
    except OSError:
        pass
    sub.close()
    rec = [x for x in lines if x.get("action") == "reconcile"]
    got_offers = {(x["contact"], x["agent"]) for x in lines
                  if x.get("action") == "offer" and x.get("replay") is True}
    check(len(rec) == 1 and rec[0]["node"] == "n2" and rec[0]["seq"] == tr.acked,
          "the new leader sends one reconcile line (node, seq)")
    check(len(want_offers) > 0 and got_offers == want_offers,
          f"and every ringing offer with replay:true ({len(got_offers)} sent, "
          f"{len(want_offers)} in the reference state)")
    check(n2.snapshot() == tr.ref.snapshot(),
          "the new leader's /snapshot equals the reference engine")
    tr.t_ms += 1
    line = json.dumps({"t_ms": tr.t_ms, "ev": "arrive", "contact": "after-failover",
                       "queue": "support"})
    rep = nc.request("acdr.acdroute.events", line, 5) or {}
    if rep.get("ok"):
        tr.ref.apply(line)
        tr.acked = int(rep["seq"])
    check(rep.get("ok") is True,
          f"the same NATS request subject reaches the new leader: {rep}")
    nc.close()
    tr.run(n2, args.events // 2, check)

    # the old leader comes back as a standby
    n1.start()
    st = n1.status()
    check(st["role"] == "standby" and st["leader"] == "n2",
          f"n1 restarted: {st['role']}, leader {st['leader']}")
    check(wait_for(lambda: converged(n1, tr.acked), 10) and
          n1.snapshot() == tr.ref.snapshot(),
          "n1 catches up: its /snapshot equals the reference engine")

    # a new node starts from the KV snapshot plus the stream tail
    n3 = Node(args.server, work, "n3", nats, cfg)
    n3.start()
    log3 = [json.loads(x) for x in n3.log().splitlines() if x.startswith("{")]
    snap_seq = max((int(x.get("snapshot_seq", 0)) for x in log3
                    if x.get("msg") == "standby"), default=0)
    check(snap_seq >= 100, f"n3 starts from the snapshot in KV (covers {snap_seq})")
    check(wait_for(lambda: converged(n3, tr.acked), 10) and
          n3.snapshot() == tr.ref.snapshot(),
          "n3's /snapshot equals the reference engine")

    # the leader stopped past its lease is replaced and refuses when woken
    assert n2.proc
    n2.proc.send_signal(signal.SIGSTOP)
    ok = wait_for(lambda: n1.status()["role"] == "leader" or
                  n3.status()["role"] == "leader", LEASE_MS / 1000 + 5)
    check(ok, "n2 stopped (SIGSTOP): another node takes the lease")
    lead = n1 if n1.status()["role"] == "leader" else n3
    tr.run(lead, 20, check)
    c = n2.line()
    # five lines in one write: one batch (pipelined appends)
    c.sock.sendall("".join(
        json.dumps({"t_ms": tr.t_ms + 1 + k, "ev": "arrive", "contact": f"late{k}",
                    "queue": "sales"}) + "\n" for k in range(5)).encode())
    n2.proc.send_signal(signal.SIGCONT)
    reps = [c.reply() or {} for _ in range(5)]
    c.close()
    errs = sorted({str(r.get("error")) for r in reps})
    check(all(r.get("ok") is False for r in reps) and errs == ["NOT_LEADER"],
          f"n2 woken up answers the 5 events it got meanwhile with "
          f"{errs} (no ack for a line not in the stream)")
    check(wait_for(lambda: n2.status()["role"] == "standby" and
                   converged(n2, tr.acked), 10) and
          n2.snapshot() == tr.ref.snapshot(),
          "n2 steps down and follows: its /snapshot equals the reference engine")
    check('"stepped down"' in n2.log(), "n2 logs that it stepped down")

    # NATS down: nobody leads, nothing is acked; NATS back (same storage):
    # a leader again, the stream intact
    nats.proc.send_signal(signal.SIGKILL)
    nats.proc.wait()
    nodes = (n1, n2, n3)
    check(wait_for(lambda: all(n.status()["role"] == "standby" for n in nodes),
                   LEASE_MS / 1000 + 3),
          "nats-server killed: every node is a standby")
    c = n1.line()
    c.send(json.dumps({"t_ms": tr.t_ms + 1, "ev": "login", "agent": "a1"}))
    rep = c.reply() or {}
    c.close()
    check(rep.get("error") == "NOT_LEADER" and rep.get("leader") is None,
          f"an event meanwhile: {rep.get('error')}, leader {rep.get('leader')}")
    nats.start()
    t0 = time.monotonic()
    check(wait_for(lambda: any(n.status()["role"] == "leader" for n in nodes), 20),
          f"nats-server restarted: a leader again after "
          f"{(time.monotonic() - t0) * 1000:.0f} ms")
    lead = next(n for n in nodes if n.status()["role"] == "leader")
    tr.run(lead, 20, check)
    check(all(wait_for(lambda n=n: converged(n, tr.acked), 10) for n in nodes) and
          all(n.snapshot() == tr.ref.snapshot() for n in nodes),
          "all three equal the reference engine")

    # SIGTERM gives the lease up at once
    others = [n for n in nodes if n is not lead]
    assert lead.proc
    t0 = time.monotonic()
    lead.proc.send_signal(signal.SIGTERM)
    rc = lead.proc.wait(timeout=30)
    took = wait_for(lambda: any(n.status()["role"] == "leader" for n in others),
                    LEASE_MS / 1000 + 5)
    handover = time.monotonic() - t0
    check(rc == 0 and took and handover < LEASE_MS / 1000,
          f"SIGTERM of the leader: exit {rc}, a standby leads after "
          f"{handover * 1000:.0f} ms (less than the lease)")
    # --clock wall, another shard: the leader's deadlines are stream lines
    # ("expiry"), so a standby holds the leader's state without waiting for
    # the next client line (here: a 300 ms wrap-up ends with no line after)
    wcfg = os.path.join(work, "wall.json")
    with open(wcfg, "w") as f:
        json.dump({"queues": [{"id": "q", "wrapup_ms": 300,
                               "members": [{"agent": "w0"}]}],
                   "agents": [{"id": "w0"}]}, f)
    w1 = Node(args.server, work, "w1", nats, wcfg, clock="wall", stream="wall")
    w2 = Node(args.server, work, "w2", nats, wcfg, clock="wall", stream="wall")
    w1.start()
    check(wait_for(lambda: w1.status()["role"] == "leader", 5), "w1 leads shard wall")
    w2.start()
    c = w1.line()
    acks = []
    for obj in ({"ev": "login", "agent": "w0"},
                {"ev": "arrive", "contact": "wc1", "queue": "q"},
                {"ev": "accept", "contact": "wc1", "agent": "w0"},
                {"ev": "hangup", "contact": "wc1"}):
        c.send(json.dumps(obj))
        acks.append(c.reply() or {})
    c.close()
    check(all(a.get("ok") for a in acks), f"4 lines under --clock wall: {acks}")
    time.sleep(1.0)  # the wrap-up (300 ms) ends on w1's timer
    agent = dict(w1.get_any("/agents")[0])
    st1, st2 = w1.status(), w2.status()
    check(agent.get("activity") == "idle" and st1["seq"] > acks[-1].get("seq", 0),
          f"w1 ran the wrap-up deadline and logged it (stream at {st1['seq']}, "
          f"last ack {acks[-1].get('seq')})")
    check(wait_for(lambda: converged(w2, int(st1["seq"])), 5) and
          w2.snapshot() == w1.snapshot(),
          "w2's /snapshot equals w1's with no client line after the deadline")
    for n in (w1, w2):
        if n.proc and n.proc.poll() is None:
            n.proc.send_signal(signal.SIGTERM)
            n.proc.wait(timeout=30)

    print(f"failover after kill -9: {failover * 1000:.0f} ms, after SIGTERM: "
          f"{handover * 1000:.0f} ms (lease {LEASE_MS} ms); "
          f"{tr.acked} lines in the stream")
    for n in (n1, n2, n3):
        if n.proc and n.proc.poll() is None:
            n.proc.send_signal(signal.SIGTERM)
            n.proc.wait(timeout=30)
    if check.failed == 0 and not args.keep:
        shutil.rmtree(work)
    else:
        print(f"kept {work}", file=sys.stderr)
    print(f"{check.failed} failed")
    return 1 if check.failed else 0


def run() -> int:
    try:
        return main()
    finally:
        for p in _procs:
            if p.poll() is None:
                try:
                    p.send_signal(signal.SIGCONT)
                except OSError:
                    pass
                p.kill()
                p.wait()


if __name__ == "__main__":
    sys.exit(run())
