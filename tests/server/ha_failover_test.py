#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""High availability on NATS JetStream (docs/ha.md): three acdroute-servers
on a 3-node JetStream cluster, two clients driving a day of traffic to
whichever server leads, and faults at random points (fixed seed):

- kill -9 of the leader, many times (half of them with a line sent and its
  ack not read); the killed server is restarted as a standby, either at once
  or after the failover;
- kill -9 of one NATS node for a stretch of traffic (quorum 2 of 3 holds);
- a network partition of the leader from NATS (tests/server/faultproxy.py):
  it must stop acknowledging, the others elect a leader, and after healing
  the old leader follows the log again.

Checked: every acknowledged event is in the stream at its sequence (read
with tests/server/natscluster.py's NATS client), the new leader's /snapshot
after every failover and every server's /snapshot at the end equal a
reference engine (the Python bindings) fed the acknowledged lines in
sequence order, no contact is offered twice without a cancel in the action
lines the subscribed client saw (a failover's "replay":true offers are the
complete set of current offers and must equal the reference's), nothing
acknowledged or acted on by the partitioned leader after the cut, and each
failover (kill -> first ack from the new leader) within LEASE + 2 s.

The traffic generator is crash_test.py's (server_crash).  Peers:
FreeSWITCH mod_callcenter.c keeps callers, agents and tiers in SQL tables
(members_sql / agents_sql / tiers_sql; cc_get_db_handle: the core SQLite
database, or ODBC with odbc-dsn, which several systems can share through
the tables' `system` column), but a caller's channel lives in the process
that answered it, so callers in line are lost with it
(signalwire/freeswitch #1674); Asterisk app_queue.c keeps waiting callers
in memory (the queue_ent list of struct call_queue) and has no standby.
Here a standby holds the same state and the new leader re-sends the
ringing offers.

With --shards (ctest server_ha_shards): two shards (--stream tenant-a,
--stream tenant-b) on one NATS cluster, two servers each; see shards_main.

usage: ha_failover_test.py SERVER_BINARY [--kills N] [--events N]
       [--seed N] [--lease-ms N] [--keep] [--shards]
exit 77 (skipped) when nats-server is missing or the server has no NATS.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from typing import Any, Dict, List, Optional, Set, Tuple

import acdroute as acd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import crash_test as ct  # noqa: E402  (the day-of-traffic generator)
from faultproxy import FaultProxy  # noqa: E402
from natscluster import (NatsClient, NatsCluster, NatsError,  # noqa: E402
                         find_nats_server, free_port, spawn)

STREAM = "hatest"
SUBJECT = f"acdr.{STREAM}.log"
FAILED: List[str] = []


def check(cond: bool, what: str) -> bool:
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        FAILED.append(what)
    return cond


T0 = time.monotonic()


def log(msg: str) -> None:
    print(f"{time.monotonic() - T0:4.0f}s " + msg, flush=True)


class Dead(Exception):
    """The connection closed (the server died or dropped us)."""


class Conn:
    """One JSON-lines connection to one incarnation of one server."""

    def __init__(self, srv: "HaServer", who: str) -> None:
        self.srv = srv
        self.inc = srv.incarnation
        self.who = who
        self.sock = socket.create_connection(("127.0.0.1", srv.tcp), timeout=2)
        self.buf = b""
        self.dead = False
        self.waiting = False  # a request whose reply was not read yet

    def send(self, text: str) -> None:
        try:
            self.sock.sendall(text.encode() + b"\n")
        except OSError:
            self.dead = True
            raise Dead() from None

    def next(self, timeout: float) -> Optional[Dict[str, Any]]:
        """The next line as an object; None when nothing came in time."""
        end = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = end - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return None
            except OSError:
                chunk = b""
            if not chunk:
                self.dead = True
                raise Dead()
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\n", 1)
        return dict(json.loads(raw))

    def close(self) -> None:
        self.dead = True
        self.sock.close()


class HaServer:
    def __init__(self, binary: str, work: str, idx: int, nats_upstreams: List[Tuple[str, int]],
                 lease_ms: int, stream: str = STREAM, node_id: str = "",
                 cfg: str = "config.json") -> None:
        self.binary = binary
        self.idx = idx
        self.stream = stream
        self.node_id = node_id or f"s{idx + 1}"
        self.dir = os.path.join(work, self.node_id)
        os.makedirs(self.dir, exist_ok=True)
        self.cfg = os.path.join(work, cfg)
        self.proxy = FaultProxy(nats_upstreams)
        self.lease_ms = lease_ms
        self.logf = os.path.join(work, self.node_id + ".log")
        self.proc: Optional["subprocess.Popen[bytes]"] = None
        self.tcp, self.http = free_port(), free_port()
        self.incarnation = 0
        self.cut = False

    def start(self) -> None:
        """Start; a server that exits at start (NATS not answering in time)
        is started again, as systemd's Restart=on-failure would."""
        for attempt in range(10):
            if self._start():
                return
            self.start_failures += 1
            with open(self.logf, "rb") as lf:
                tail = lf.read().splitlines()[-1:]
            log(f"{self.node_id} exited at start ({tail[0].decode() if tail else ''}); again")
            time.sleep(0.2 * (attempt + 1))
        raise RuntimeError(f"{self.node_id} does not start; see {self.logf}")

    start_failures = 0

    def _start(self) -> bool:
        env = dict(os.environ)
        if env.pop("ACDROUTE_SERVER_CLEAN_ENV", None):
            env.pop("LD_PRELOAD", None)
            env.pop("ASAN_OPTIONS", None)
        self.incarnation += 1
        with open(self.logf, "ab") as lf:
            self.proc = spawn(
                [self.binary, "--journal", "nats", "--nats", ",".join(self.proxy.urls),
                 "--stream", self.stream, "--replicas", "3", "--node-id", self.node_id,
                 "--lease-ms", str(self.lease_ms), "--dir", self.dir, "--config", self.cfg,
                 "--clock", "events", "--tcp", f"127.0.0.1:{self.tcp}",
                 "--http", f"127.0.0.1:{self.http}", "--snapshot-every", "200"],
                stdout=subprocess.DEVNULL, stderr=lf, env=env)
        for _ in range(1000):
            if self.status() is not None:
                return True
            if self.proc.poll() is not None:
                return False
            time.sleep(0.01)
        raise RuntimeError(f"{self.node_id} did not come up")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def get(self, path: str, timeout: float = 10) -> Dict[str, Any]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.http}{path}",
                                    timeout=timeout) as r:
            return dict(json.loads(r.read()))

    def status(self) -> Optional[Dict[str, Any]]:
        try:
            return self.get("/status", timeout=1)
        except (OSError, ValueError):
            return None

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()


def applied(st: Dict[str, Any]) -> int:
    return int(st.get("applied_seq", st.get("seq", 0)) or 0)


class Reference(ct.Reference):
    """crash_test's reference, fed only what the stream holds (the first
    leader journals the configuration itself)."""

    def __init__(self) -> None:  # pylint: disable=super-init-not-called
        self.e = acd.Engine(seed=0)

    def apply(self, line: str) -> None:
        obj = json.loads(line)
        if "t_ns" not in obj and "t_ms" not in obj:
            self.e.config.apply_event(line)
            return
        super().apply(line)

    def offers(self) -> Dict[str, str]:
        """contact -> agent of every contact in state OFFERED (the agent from
        the reference's own offer actions: contact_info names no agent
        before the contact is connected)."""
        out = {}
        for c in ct._contacts:
            try:
                i = self.e.contact_info(c)
            except acd.ContactNotFound:
                continue
            if i.state == acd.ContactState.OFFERED:
                out[c] = ct._offers[c]
        return out


def same_line(stored: bytes, sent: str) -> bool:
    """The stream holds the line as sent, possibly with fields the server
    adds (a time stamp): every field sent is stored with its value."""
    try:
        s = json.loads(stored)
    except ValueError:
        return False
    return all(s.get(k) == v for k, v in json.loads(sent).items())


class Harness:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.rng = random.Random(args.seed)
        self.work = tempfile.mkdtemp(prefix="acdr-ha-")
        self.nats = NatsCluster(work=os.path.join(self.work, "nats"))
        self.servers: List[HaServer] = []
        self.conns: Dict[Tuple[int, str], Conn] = {}
        self.leader: Optional[int] = None
        self.ref = Reference()
        self.ref.e.on_action = ct.on_action
        self.acked = 0
        self.lines: Dict[int, str] = {}  # seq -> the acknowledged line
        self.nc: Optional[NatsClient] = None
        self.stream: Optional[str] = None
        # the client's view of the offers (from the action lines it saw)
        self.seen_offers: Dict[str, str] = {}
        self.replay: Dict[int, List[Dict[str, Any]]] = {}
        self.expect_replay: Dict[int, Dict[str, str]] = {}
        self.deposed: Set[int] = set()  # servers that must not act
        self.fault: Optional[Tuple[float, str]] = None  # a failover under way
        self.failovers: List[Tuple[str, float]] = []
        self.inflight_ack: Optional[int] = None
        self.restart_later: List[int] = []
        self.partitioned: Optional[int] = None
        self.implicit_cancels = 0
        self.stats = {"offers": 0, "replayed": 0, "inflight_journaled": 0,
                      "inflight_resent": 0, "refused": 0, "journal_errors": 0}

    # ---- NATS side
    def js(self) -> NatsClient:
        if self.nc is None or self.nc.closed:
            self.nc = self.nats.any_client()
        return self.nc

    def stream_last(self) -> int:
        for _ in range(100):
            try:
                if self.stream is None:
                    self.stream = self.js().stream_for_subject(SUBJECT)
                if self.stream is None:
                    return 0
                return int(self.js().stream_info(self.stream)["state"]["last_seq"])
            except (NatsError, OSError):
                self.nc = None
                time.sleep(0.1)
        raise RuntimeError("stream info unavailable")

    def stream_msg(self, seq: int) -> Optional[bytes]:
        assert self.stream
        for _ in range(100):
            try:
                m = self.js().msg_get(self.stream, seq=seq)
                return m[1] if m else None
            except (NatsError, OSError):
                self.nc = None
                time.sleep(0.1)
        raise RuntimeError("stream message unavailable")

    # ---- connections
    def conn(self, i: int, who: str) -> Conn:
        srv = self.servers[i]
        c = self.conns.get((i, who))
        if c is None or c.dead or c.inc != srv.incarnation:
            if c is not None:
                c.close()
            c = Conn(srv, who)
            self.conns[(i, who)] = c
            if who == "pbx":
                # the action subscriber, on every server: a standby's
                # subscription is in place when it takes over
                c.send(json.dumps({"subscribe": "all"}))
                r = self.read_reply(c, 10)
                if not (r and r.get("ok")):
                    raise RuntimeError(f"subscribe on {srv.node_id}: {r}")
                # a server may re-send the offers ringing now to a new
                # subscription ("replay":true after the ok): those are not
                # a takeover's; read them and set them aside
                self.barrier(i)
                self.replay.pop(i, None)
        return c

    def read_reply(self, c: Conn, timeout: float) -> Optional[Dict[str, Any]]:
        """The next ok/error line on c; action lines on the way are checked."""
        end = time.monotonic() + timeout
        while True:
            o = c.next(max(0.0, end - time.monotonic()))
            if o is None:
                return None
            if "ok" in o:
                return o
            self.on_action(c, o)

    def drain(self, c: Conn, timeout: float, killed: bool = False) -> None:
        """Read what c has: action lines, and the reply to a line given up
        on: from a server killed just then it is a real ack (the client
        would have read it); from a live one it must not be an ack."""
        try:
            while True:
                o = c.next(timeout)
                if o is None:
                    return
                if "ok" not in o:
                    self.on_action(c, o)
                    continue
                if not c.waiting:
                    continue
                c.waiting = False
                if o.get("ok") and killed:
                    self.inflight_ack = int(o["seq"])
                elif o.get("ok"):
                    check(False, f"{c.srv.node_id} acknowledged a line late "
                          f"(seq {o.get('seq')}) after it was given up")
        except Dead:
            return

    def barrier(self, i: int) -> None:
        """Every line server i sent the subscriber before now is read: a
        refused subscription comes back after them."""
        c = self.conns.get((i, "pbx"))
        if c is None or c.dead:
            return
        try:
            c.send(json.dumps({"subscribe": {"nothing": 1}}))
            r = self.read_reply(c, 10)
            # a server cut from NATS may not answer in time (its loop waits
            # on NATS): silent is not acting; an ok would be wrong anyway
            if r is None and c.srv.cut:
                c.waiting = True
                return
            check(r is not None and not r.get("ok"), f"barrier on {c.srv.node_id}: {r}")
        except Dead:
            pass

    # ---- the client's view of the actions
    def on_action(self, c: Conn, a: Dict[str, Any]) -> None:
        i = c.srv.idx
        if a.get("replay"):
            self.replay.setdefault(i, []).append(a)
            return
        if i in self.deposed or i != self.leader:
            check(False, f"{c.srv.node_id}, not leading, sent {a}")
            return
        if i in self.expect_replay:
            self.reconcile(i)
        kind, contact = a.get("action"), a.get("contact")
        if kind == "offer" and contact:
            self.stats["offers"] += 1
            if contact in self.seen_offers:
                check(False, f"{contact} offered to {a.get('agent')} while offered to "
                      f"{self.seen_offers[contact]} without a cancel ({c.srv.node_id})")
            self.seen_offers[str(contact)] = str(a.get("agent"))
        elif kind in ("offer_cancel", "connected", "contact_ended") and contact:
            self.seen_offers.pop(str(contact), None)

    def reconcile(self, i: int) -> None:
        """A new leader's replayed offers must be exactly the reference's
        current offers; they replace the client's view (an offer the client
        held that is not among them was cancelled by an event whose actions
        the old leader never sent)."""
        expect = self.expect_replay.pop(i)
        rep = self.replay.pop(i, [])
        got = {str(a["contact"]): str(a.get("agent")) for a in rep
               if a.get("action") == "offer" and a.get("contact")}
        self.stats["replayed"] += len(got)
        if not check(got == expect, f"{self.servers[i].node_id} replayed the "
                     f"{len(expect)} current offers"):
            log(f"replayed {got}, reference {expect}")
        for contact, agent in self.seen_offers.items():
            if got.get(contact) != agent:
                self.implicit_cancels += 1
        self.seen_offers = dict(got)

    # ---- start
    def start(self) -> None:
        self.nats.start()
        up = [("127.0.0.1", n.port) for n in self.nats.nodes]
        with open(os.path.join(self.work, "config.json"), "w") as f:
            json.dump(ct.CONFIG, f, indent=1)
        for i in range(3):
            self.servers.append(HaServer(self.args.server, self.work, i, up,
                                         self.args.lease_ms))
        for s in self.servers:
            s.start()
        i = self.wait_leader(set(), 30.0)
        self.leader = i
        last = self.stream_last()
        check(last >= 1, f"first leader {self.servers[i].node_id} elected; "
              f"stream {self.stream} holds {last} line(s) before any client")
        for seq in range(1, last + 1):
            data = self.stream_msg(seq)
            assert data is not None
            self.ref.apply(data.decode())
            self.lines[seq] = data.decode()
        self.acked = last
        for j in range(3):
            self.conn(j, "pbx")

    def wait_leader(self, exclude: Set[int], timeout: float) -> int:
        """The one live server (not excluded) that says it leads and has
        applied the whole stream."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            leaders = []
            for s in self.servers:
                if s.idx in exclude or not s.alive():
                    continue
                st = s.status()
                if st and st.get("role") == "leader":
                    leaders.append((s.idx, st))
            if len(leaders) == 1:
                i, st = leaders[0]
                last = self.stream_last()
                if last and applied(st) >= last:
                    return i
            time.sleep(0.02)
        raise RuntimeError("no leader")

    def on_fault(self, kind: str) -> None:
        if self.fault is None:
            self.fault = (time.monotonic(), kind)

    # ---- one event
    def submit(self, who: str, line: str, crash: bool = False) -> None:
        """Send line to the leader until it is acknowledged or refused by the
        engine; faults on the way are resolved from the stream."""
        while True:
            if self.leader is None:
                self.resolve(None)
            i = self.leader
            assert i is not None
            srv = self.servers[i]
            try:
                c = self.conn(i, who)
                c.send(line)
                c.waiting = True
                if crash:  # kill -9 with the line in flight (ack not read)
                    crash = False
                    self.kill_leader(restart_now=self.rng.random() < 0.5)
                    raise Dead()
                r = self.read_reply(c, 0.5 if srv.cut else 15.0)
                if srv.cut:
                    log(f"{srv.node_id}, cut {time.monotonic() - self.cut_time:.2f} s "
                        f"ago, answers {r}")
                if r is None:
                    raise Dead()
                c.waiting = False
            except (Dead, OSError):
                self.on_fault("lost the leader")
                if self.resolve(line):
                    return
                continue
            if r.get("ok"):
                if srv.cut:
                    check(False, f"{srv.node_id} acknowledged seq {r.get('seq')} "
                          "after its partition")
                if r.get("seq") != self.acked + 1:
                    check(False, f"ack seq {r.get('seq')} after {self.acked}")
                    raise RuntimeError("sequence gap")
                self.acked += 1
                self.lines[self.acked] = line
                self.ref.apply(line)
                self.finish_failover()
                return
            err = str(r.get("error", ""))
            if err.startswith("ACDR_ERR_"):
                # not journaled; the deadlines due before its time ran on
                # the leader only (standbys run them at the next line):
                # the state is compared at the next acknowledged line
                self.stats["refused"] += 1
                return
            if err == "NOT_LEADER":
                self.on_fault("leader stepped down")
                nxt = [s.idx for s in self.servers if s.node_id == r.get("leader")]
                if nxt and nxt[0] != i and not self.servers[nxt[0]].cut:
                    self.switch(nxt[0])
                else:
                    time.sleep(0.02)
                    self.resolve(None)
                continue
            # the journal failed (NATS unavailable, fenced): not applied
            # unless the stream says so
            self.stats["journal_errors"] += 1
            log(f"{srv.node_id}: {err} {r.get('message', '')}")
            self.on_fault("journal error")
            time.sleep(0.05)
            if self.resolve(line):
                return

    def switch(self, i: int) -> None:
        """The client turns to server i as the leader."""
        old = self.leader
        if old is not None and old != i and self.servers[old].alive():
            self.barrier(old)  # what it sent while it led is read
            self.deposed.add(old)
        self.deposed.discard(i)
        self.leader = i
        self.expect_replay[i] = self.ref.offers()

    def resolve(self, line: Optional[str]) -> bool:
        """After a fault: find the leader among the reachable servers; when
        the stream holds one line more than was acknowledged, it is `line`
        (journaled, its ack lost): the reference gets it, True."""
        exclude = {s.idx for s in self.servers if s.cut}
        i = self.wait_leader(exclude, self.args.lease_ms / 1000 + 30)
        last = self.stream_last()
        journaled = False
        if last == self.acked + 1 and line is not None:
            data = self.stream_msg(last)
            check(data is not None and same_line(data, line),
                  f"the unacknowledged line journaled at {last} is the one sent")
            self.acked = last
            self.lines[last] = line
            self.ref.apply(line)
            self.stats["inflight_journaled"] += 1
            journaled = True
        elif last != self.acked:
            check(False, f"stream ends at {last}, {self.acked} acknowledged")
            raise RuntimeError("stream and acknowledgements disagree")
        elif line is not None:
            self.stats["inflight_resent"] += 1
        if self.inflight_ack is not None:
            check(journaled and self.inflight_ack == last,
                  f"the line acknowledged at {self.inflight_ack} by the killed leader "
                  "is in the stream")
            self.inflight_ack = None
        self.switch(i)
        return journaled

    def finish_failover(self) -> None:
        """The first ack from a new leader: time the failover, take its
        replayed offers, compare its state with the reference."""
        if self.fault is None:
            return
        t0, kind = self.fault
        self.fault = None
        dt = time.monotonic() - t0
        i = self.leader
        assert i is not None
        self.barrier(i)
        if i in self.expect_replay:
            self.reconcile(i)
        self.failovers.append((kind, dt))
        snap = self.servers[i].get("/snapshot")
        same = snap.get("snapshot") == self.ref.snapshot()
        check(same and int(snap.get("seq", -1)) == self.acked,
              f"{kind}: {self.servers[i].node_id} answers after {dt * 1000:.0f} ms; "
              f"its /snapshot (seq {snap.get('seq')}) equals the reference at {self.acked}")
        if not same:
            with open(os.path.join(self.work, f"diff-{self.acked}.json"), "w") as f:
                json.dump({"server": snap.get("snapshot"), "reference": self.ref.snapshot()},
                          f, indent=1)

    # ---- faults
    def kill_leader(self, restart_now: bool) -> None:
        i = self.leader
        assert i is not None
        srv = self.servers[i]
        srv.kill9()
        self.on_fault("kill -9 leader")
        for who in ("pbx", "desk"):
            c = self.conns.get((i, who))
            if c is not None:
                self.drain(c, 1.0, killed=True)  # what it sent before dying
        self.leader = None
        self.deposed.add(i)
        self.replay.pop(i, None)
        if restart_now:
            srv.start()
            self.conn(i, "pbx")
        else:
            self.restart_later.append(i)

    def restart_pending(self) -> None:
        for i in self.restart_later:
            self.servers[i].start()
            self.conn(i, "pbx")
        self.restart_later = []

    def partition(self) -> None:
        i = self.leader
        assert i is not None
        srv = self.servers[i]
        self.barrier(i)
        srv.proxy.cut()
        srv.cut = True
        self.on_fault("partition of the leader")
        self.partitioned = i
        self.cut_time = time.monotonic()
        log(f"{srv.node_id} cut from NATS")

    cut_time = 0.0

    def heal(self) -> None:
        i = self.partitioned
        assert i is not None
        srv = self.servers[i]
        # still cut: an event gets NOT_LEADER (or, while its loop waits on
        # NATS, nothing), never an ack nor an engine answer
        c = self.conn(i, "desk")
        c.send(json.dumps({"t_ms": self.ref.e.now() // acd.MILLISECOND,
                           "ev": "login", "agent": "nobody"}))
        c.waiting = True
        r = self.read_reply(c, 5.0)
        if r is not None:
            c.waiting = False
        check(r is None or r.get("error") == "NOT_LEADER",
              f"partitioned {srv.node_id} refuses an event "
              f"{time.monotonic() - self.cut_time:.1f} s after the cut: {r}")
        # its event loop waits on NATS calls while cut: give /status time
        end = time.monotonic() + self.args.lease_ms / 1000 + 20
        st = None
        while time.monotonic() < end:
            try:
                st = srv.get("/status", timeout=5)
            except (OSError, ValueError):
                st = None
            if st is not None and st.get("role") != "leader":
                break
            time.sleep(0.05)
        role = st.get("role") if st else None
        check(st is not None and role != "leader",
              f"partitioned {srv.node_id} no longer says it leads (role {role}, "
              f"{time.monotonic() - self.cut_time:.1f} s after the cut)")
        srv.proxy.heal()
        srv.cut = False
        for who in ("pbx", "desk"):
            cw = self.conns.get((i, who))
            if cw is not None:
                self.drain(cw, 0.2)
        log(f"{srv.node_id} healed")

    # ---- the end
    def final_checks(self) -> None:
        self.restart_pending()
        assert self.stream
        last = self.stream_last()
        got: Dict[int, bytes] = {}
        for _ in range(5):
            try:
                got = self.js().read_stream(self.stream, timeout=30)
                break
            except (NatsError, OSError):
                self.nc = None
        bad = [s for s in range(1, self.acked + 1)
               if s not in got or not same_line(got[s], self.lines[s])]
        check(last == self.acked and not bad,
              f"the stream holds the {self.acked} acknowledged lines at their "
              f"sequence numbers and nothing else (last {last}, {len(bad)} differ)")
        want = self.ref.snapshot()
        for s in self.servers:
            end = time.monotonic() + 30
            st = s.status()
            while (st is None or applied(st) < self.acked) and time.monotonic() < end:
                time.sleep(0.05)
                st = s.status()
            snap = s.get("/snapshot")
            if not check(snap.get("snapshot") == want and int(snap.get("seq", -1)) == self.acked,
                         f"{s.node_id} ({st.get('role') if st else None}) /snapshot at "
                         f"{snap.get('seq')} equals the reference"):
                with open(os.path.join(self.work, f"diff-end-{s.node_id}.json"), "w") as f:
                    json.dump({"server": snap.get("snapshot"), "reference": want}, f, indent=1)
        for c in list(self.conns.values()):
            if not c.dead:
                self.drain(c, 0.05)


def nats_built(binary: str) -> bool:
    """False when the server says --journal nats is not built in (it
    would otherwise fail to reach the closed port given here)."""
    d = tempfile.mkdtemp(prefix="acdr-ha-probe-")
    try:
        r = subprocess.run([binary, "--dir", d, "--tcp", f"127.0.0.1:{free_port()}",
                            "--journal", "nats", "--node-id", "probe",
                            "--nats", f"nats://127.0.0.1:{free_port()}"],
                           capture_output=True, text=True, timeout=30)
    finally:
        shutil.rmtree(d, ignore_errors=True)
    return "built without NATS support" not in r.stderr

def shards_main(args: argparse.Namespace) -> int:
    """Two shards on one NATS cluster (--stream tenant-a, --stream
    tenant-b), two servers each: each shard elects its own leader, a kill
    -9 of one shard's leader does not stop the other shard from acking, each
    stream holds only its shard's lines, and each shard's state equals its
    own reference."""
    work = tempfile.mkdtemp(prefix="acdr-ha-shards-")
    nats = NatsCluster(work=os.path.join(work, "nats"))
    shards = {"tenant-a": "x", "tenant-b": "y"}  # stream -> agent/contact prefix
    servers: Dict[str, List[HaServer]] = {}
    refs: Dict[str, Reference] = {}
    lines: Dict[str, List[str]] = {}
    conns: Dict[Tuple[str, int, int], Conn] = {}

    def leader(sh: str, timeout: float) -> HaServer:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for s in servers[sh]:
                st = s.status() if s.alive() else None
                if st and st.get("role") == "leader":
                    return s
            time.sleep(0.02)
        raise RuntimeError(f"{sh}: no leader")

    def send(sh: str, line: str, timeout: float = 30) -> Tuple[Dict[str, Any], float]:
        """Send to the shard's leader until it answers other than
        NOT_LEADER; (answer, seconds)."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            s = leader(sh, timeout)
            key = (sh, s.idx, s.incarnation)
            try:
                if key not in conns:
                    conns[key] = Conn(s, "pbx")
                c = conns[key]
                c.send(line)
                while True:
                    o = c.next(15)
                    if o is None:
                        raise Dead()
                    if "ok" in o:
                        break
            except (Dead, OSError):
                conns.pop(key, None)
                continue
            if o.get("error") == "NOT_LEADER":
                time.sleep(0.02)
                continue
            if o.get("ok"):
                refs[sh].apply(line)
                lines[sh].append(line)
            return o, time.monotonic() - t0
        raise RuntimeError(f"{sh}: no answer")

    try:
        nats.start()
        up = [("127.0.0.1", n.port) for n in nats.nodes]
        for k, (sh, px) in enumerate(shards.items()):
            cfg = {"queues": [{"id": f"q-{px}", "strategy": "longest-idle",
                               "members": [{"agent": f"{px}{i}"} for i in range(4)]}],
                   "agents": [{"id": f"{px}{i}"} for i in range(4)]}
            with open(os.path.join(work, f"{sh}.json"), "w") as f:
                json.dump(cfg, f)
            servers[sh] = [HaServer(args.server, work, 2 * k + i, up, args.lease_ms,
                                    stream=sh, node_id=f"{sh}-{i + 1}", cfg=f"{sh}.json")
                           for i in range(2)]
            refs[sh] = Reference()
            lines[sh] = []
        for sh in shards:
            for s in servers[sh]:
                s.start()
        nc = nats.any_client()
        for sh in shards:
            leader(sh, 30)
            name = nc.stream_for_subject(f"acdr.{sh}.log")
            check(name == sh, f"shard {sh}: stream {name}, leader elected")
            first = nc.msg_get(sh, seq=1)
            assert first is not None
            refs[sh].apply(first[1].decode())
            lines[sh].append(first[1].decode())
        t_ms = 0
        victim = leader("tenant-a", 5)
        b_during: List[float] = []
        for n in range(200):
            t_ms += 1000
            for sh, px in shards.items():
                if n < 4:
                    ln = {"t_ms": t_ms, "ev": "login", "agent": f"{px}{n}"}
                elif n % 2 == 0:
                    ln = {"t_ms": t_ms, "ev": "arrive", "contact": f"{px}c{n}",
                          "queue": f"q-{px}"}
                else:
                    ln = {"t_ms": t_ms, "ev": "hangup", "contact": f"{px}c{n - 1}"}
                if n == 100 and sh == "tenant-a":
                    victim.kill9()
                    t_kill = time.monotonic()
                    # shard b acks on while shard a has no leader
                    while leader_or_none(servers["tenant-a"]) is None and \
                            time.monotonic() - t_kill < args.lease_ms / 1000 + 10:
                        t_ms += 1
                        r, dt = send("tenant-b", json.dumps(
                            {"t_ms": t_ms, "ev": "arrive", "contact": f"yb{len(b_during)}",
                             "queue": "q-y"}))
                        if not r.get("ok"):
                            check(False, f"shard b acks while shard a fails over: {r}")
                        b_during.append(dt)
                    victim.start()
                r, _ = send(sh, json.dumps(ln))
                if not r.get("ok"):
                    check(False, f"{sh}: {ln} answered {r}")
        check(len(b_during) > 0 and max(b_during) < 1.0,
              f"shard b: {len(b_during)} lines acked during shard a's failover, "
              f"slowest {max(b_during, default=0) * 1000:.0f} ms")
        for sh in shards:
            got = nc.read_stream(sh)
            stored = [got[q].decode() for q in sorted(got)]
            check(len(stored) == len(lines[sh]) and
                  all(same_line(s.encode(), l) for s, l in zip(stored, lines[sh])),
                  f"stream {sh} holds exactly its {len(lines[sh])} acknowledged lines")
            ld = leader(sh, 10)
            snap = ld.get("/snapshot")
            check(snap.get("snapshot") == refs[sh].snapshot(),
                  f"shard {sh}: leader {ld.node_id} /snapshot equals its reference")
        nc.close()
    except (RuntimeError, NatsError) as e:
        check(False, f"stopped: {e}")
    finally:
        for ss in servers.values():
            for s in ss:
                if s.alive():
                    s.kill9()
                s.proxy.close()
        nats.stop()
    ok = not FAILED
    if ok and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print(f"kept {work}", file=sys.stderr)
    print(f"{len(FAILED)} failed")
    return 0 if ok else 1


def leader_or_none(servers: List[HaServer]) -> Optional[HaServer]:
    for s in servers:
        st = s.status() if s.alive() else None
        if st and st.get("role") == "leader":
            return s
    return None


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("server")
    ap.add_argument("--kills", type=int, default=16)
    ap.add_argument("--events", type=int, default=2400)
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--lease-ms", type=int, default=1000)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--shards", action="store_true",
                    help="two shards (streams) on one cluster instead of the day")
    args = ap.parse_args()
    if not find_nats_server():
        print("SKIP: nats-server not found (Debian: apt-get install nats-server)")
        return 77
    if not nats_built(args.server):
        print("SKIP: acdroute-server built without NATS support "
              "(libnats-dev, CMake option ACDROUTE_NATS)")
        return 77
    if args.shards:
        return shards_main(args)
    t_start = time.monotonic()
    h = Harness(args)
    rng = h.rng
    n_events = args.events
    nats_kill_at, nats_back_at = n_events * 30 // 100, n_events * 45 // 100
    cut_at, heal_at = n_events * 65 // 100, n_events * 75 // 100
    busy = set(range(nats_kill_at - 20, nats_back_at + 20)) | set(range(cut_at - 20, heal_at + 20))
    kill_at = sorted(rng.sample([n for n in range(60, n_events - 40) if n not in busy],
                                args.kills))
    inflight_at = set(rng.sample(kill_at, args.kills // 2))
    h.start()
    day_ms = 24 * 3600 * 1000
    step = day_ms // n_events
    t_ms = 0
    nats_victim = rng.randrange(3)
    try:
        for n in range(n_events):
            t_ms += rng.randrange(1, 2 * step)
            who, line = ct.next_event(rng, h.ref, t_ms, n)
            if n == nats_kill_at:
                h.nats.kill9(nats_victim)
                log(f"NATS node {h.nats.nodes[nats_victim].name} killed at event {n}")
            if n == nats_back_at:
                h.nats.restart(nats_victim)
                log(f"NATS node {h.nats.nodes[nats_victim].name} back at event {n}")
            if n == cut_at:
                h.partition()
            if n == heal_at:
                h.heal()
            # a kill waits for the previous failover to end (its first
            # ack), then (up to 30 events) for a moment when the client
            # holds a ringing offer, so the new leader has one to replay
            if kill_at and n >= kill_at[0] and h.fault is None and \
                    (h.seen_offers or n - kill_at[0] >= 30 or n in busy):
                if kill_at.pop(0) in inflight_at:
                    h.submit(who, line, crash=True)
                else:
                    h.kill_leader(restart_now=rng.random() < 0.5)
                    h.submit(who, line)
                h.restart_pending()
            else:
                h.submit(who, line)
        # one line the engine accepts, so every server has run the same
        # deadlines (those before a refused line ran on the leader only)
        h.submit("pbx", json.dumps({"t_ms": t_ms + 1, "ev": "arrive",
                                    "contact": "c-last", "queue": "sales"}))
        h.final_checks()
    except (RuntimeError, NatsError) as e:
        check(False, f"stopped: {e}")
    finally:
        for s in h.servers:
            if s.alive():
                s.proc.send_signal(signal.SIGTERM)  # type: ignore[union-attr]
                try:
                    s.proc.wait(timeout=20)  # type: ignore[union-attr]
                except subprocess.TimeoutExpired:
                    s.kill9()
            s.proxy.close()
        h.nats.stop()
    kills = [d for k, d in h.failovers if k == "kill -9 leader"]
    parts = [d for k, d in h.failovers if k == "partition of the leader"]
    bound = args.lease_ms / 1000 + 2.0
    worst = max(kills + parts, default=0.0)
    check(len(kills) >= args.kills, f"{len(kills)} failovers after kill -9 (of {args.kills})")
    check(len(parts) == 1, "one failover after the partition of the leader")
    check(worst < bound, f"every failover after kill -9 or partition under lease + 2 s "
          f"= {bound:.1f} s (worst {worst * 1000:.0f} ms)")
    if kills:
        log(f"failover after kill -9: median {statistics.median(kills) * 1000:.0f} ms, "
            f"max {max(kills) * 1000:.0f} ms; lease {args.lease_ms} ms")
    for k, d in h.failovers:
        if k != "kill -9 leader":
            log(f"{k}: {d * 1000:.0f} ms")
    log(f"events {n_events}, acknowledged {h.acked}, {h.stats}, offers the client held "
        f"that a failover's replay replaced: {h.implicit_cancels}, "
        f"{time.monotonic() - t_start:.0f} s")
    ok = not FAILED
    if ok and not args.keep:
        shutil.rmtree(h.work, ignore_errors=True)
    else:
        print(f"kept {h.work}", file=sys.stderr)
    print(f"{len(FAILED)} failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
