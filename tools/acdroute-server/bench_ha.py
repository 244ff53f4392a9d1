#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""acdroute-server on NATS JetStream (docs/ha.md): events/s through the
replicated log with acknowledgements, and failover time.

usage: bench_ha.py SERVER_BINARY [--events N] [--window W] [--kills N]
                   [--lease-ms MS[,MS...]]

A 3-node nats-server cluster with JetStream on loopback
(tests/server/natscluster.py) and three acdroute-servers (--journal nats,
stream replicas 3): one leads, two follow the stream.

- throughput: as bench.py (logins of 50 agents, then "arrive"/"hangup"
  pairs on one queue) sent to the leader over TCP; window 1: the client
  waits for each ack; window W: up to W lines in flight.  An ack means the
  line is in the stream on a quorum of NATS nodes.
- failover: a client sends a line every 10 ms to the leader; the leader is
  killed with SIGKILL; the time from the kill to the first ack of the new
  leader (the client follows NOT_LEADER and polls /status); the killed
  server is restarted as a standby before the next kill.  Median and max
  over N kills, for each lease.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from typing import Any, Dict, List, Optional

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "tests", "server"))
from natscluster import NatsCluster, free_port, spawn  # noqa: E402
from bench import pipelined, traffic  # noqa: E402  (same directory)

CONFIG = {"queues": [{"id": "q", "members": [{"agent": f"a{i}"} for i in range(50)]}],
          "agents": [{"id": f"a{i}"} for i in range(50)]}


class Srv:
    def __init__(self, binary: str, work: str, i: int, urls: List[str], stream: str,
                 lease_ms: int) -> None:
        self.node_id = f"s{i + 1}"
        self.dir = os.path.join(work, self.node_id)
        os.makedirs(self.dir, exist_ok=True)
        self.argv = [binary, "--journal", "nats", "--nats", ",".join(urls),
                     "--stream", stream, "--node-id", self.node_id,
                     "--lease-ms", str(lease_ms), "--dir", self.dir,
                     "--config", os.path.join(work, "c.json"), "--clock", "events",
                     "--snapshot-every", "0"]
        self.tcp, self.http = free_port(), free_port()
        self.proc: Optional["subprocess.Popen[bytes]"] = None
        self.log = os.path.join(work, self.node_id + ".log")

    def start(self) -> None:
        for attempt in range(10):  # NATS may time out while it elects
            with open(self.log, "ab") as lf:
                p = spawn(self.argv + ["--tcp", f"127.0.0.1:{self.tcp}",
                                       "--http", f"127.0.0.1:{self.http}"],
                          stdout=subprocess.DEVNULL, stderr=lf)
            self.proc = p
            while p.poll() is None:
                if self.status() is not None:
                    return
                time.sleep(0.01)
            time.sleep(0.2 * (attempt + 1))
        raise RuntimeError(f"{self.node_id} does not start; see {self.log}")

    def status(self) -> Optional[Dict[str, Any]]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.http}/status",
                                        timeout=1) as r:
                return dict(json.loads(r.read()))
        except (OSError, ValueError):
            return None

    def kill9(self) -> None:
        assert self.proc
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill9()


class Setup:
    """A NATS cluster and three servers on one stream."""

    def __init__(self, binary: str, lease_ms: int, stream: str) -> None:
        self.work = tempfile.mkdtemp(prefix="acdr-bench-ha-")
        with open(os.path.join(self.work, "c.json"), "w") as f:
            json.dump(CONFIG, f)
        self.nats = NatsCluster(work=os.path.join(self.work, "nats")).start()
        self.srv = [Srv(binary, self.work, i, self.nats.urls, stream, lease_ms)
                    for i in range(3)]
        for s in self.srv:
            s.start()

    def leader(self, timeout: float = 60.0) -> Srv:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for s in self.srv:
                if s.proc and s.proc.poll() is None:
                    st = s.status()
                    if st and st.get("role") == "leader":
                        return s
            time.sleep(0.01)
        raise RuntimeError("no leader")

    def close(self) -> None:
        for s in self.srv:
            s.stop()
        self.nats.stop()
        shutil.rmtree(self.work, ignore_errors=True)


def throughput(binary: str, events: int, window: int) -> float:
    st = Setup(binary, 3000, "bench")
    try:
        ld = st.leader()
        lines = traffic(events)
        s = socket.create_connection(("127.0.0.1", ld.tcp))
        f = s.makefile("rwb")
        t0 = time.perf_counter()
        pipelined(f, lines, window)
        dt = time.perf_counter() - t0
        s.close()
        return len(lines) / dt
    finally:
        st.close()


def failover(binary: str, kills: int, lease_ms: int) -> List[float]:
    st = Setup(binary, lease_ms, "failover")
    out: List[float] = []
    t_ms = 0
    n = 0
    try:
        conns: Dict[str, Any] = {}

        def send(s: Srv) -> Optional[Dict[str, Any]]:
            nonlocal t_ms, n
            key = f"{s.node_id}:{s.proc.pid if s.proc else 0}"
            try:
                if key not in conns:
                    conns[key] = socket.create_connection(("127.0.0.1", s.tcp),
                                                          timeout=5).makefile("rwb")
                f = conns[key]
                t_ms += 10
                n += 1
                f.write(json.dumps({"t_ms": t_ms, "ev": "arrive", "contact": f"f{n}",
                                    "queue": "q"}).encode() + b"\n")
                f.flush()
                while True:
                    r = dict(json.loads(f.readline()))
                    if "ok" in r:
                        return r
            except (OSError, ValueError):
                conns.pop(key, None)
                return None

        for k in range(kills):
            ld = st.leader()
            for _ in range(20):  # steady traffic before the kill
                send(ld)
                time.sleep(0.01)
            ld.kill9()
            t0 = time.monotonic()
            done = False
            while not done:
                if time.monotonic() - t0 > 60:
                    raise RuntimeError("no new leader within 60 s")
                for s in st.srv:
                    if s is ld or not (s.proc and s.proc.poll() is None):
                        continue
                    r = send(s)
                    if r and r.get("ok"):
                        out.append(time.monotonic() - t0)
                        done = True
                        break
                time.sleep(0.01)
            ld.start()  # back as a standby
        return out
    finally:
        st.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("server")
    ap.add_argument("--events", type=int, default=10000)
    ap.add_argument("--window", type=int, default=64)
    ap.add_argument("--kills", type=int, default=10)
    ap.add_argument("--lease-ms", default="3000,1000")
    a = ap.parse_args()
    print("| replicated log (3 NATS nodes, R3; 3 servers) | in flight | events/s |")
    print("|---|---|---|")
    for w in (1, a.window):
        r = throughput(a.server, a.events, w)
        print(f"| acked after the JetStream append | {w} | {r:,.0f} |", flush=True)
    print()
    print("| lease | kills | failover median | max |")
    print("|---|---|---|---|")
    for lease in (int(x) for x in a.lease_ms.split(",")):
        d = failover(a.server, a.kills, lease)
        print(f"| {lease} ms | {len(d)} | {statistics.median(d) * 1000:,.0f} ms "
              f"| {max(d) * 1000:,.0f} ms |", flush=True)


if __name__ == "__main__":
    main()
