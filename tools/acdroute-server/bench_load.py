#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""acdroute-server under load (docs/server.md, "Load"): many agents, many
concurrent clients, each sending events and subscribed to actions.

usage: bench_load.py SERVER_BINARY [--agents N] [--clients N] [--cycles N]
                     [--hold N] [--fsync always|MS] [--wallboards N]
                     [--check] [--server-nofile N]

Configuration: N agents in queues of 100 (q0, q1, ...), plus a queue
"hold" without members.  Client i owns agents/clients agents of one queue
(all its agents in the same queue); even clients subscribe to their
agents, odd clients to their queue.  Each client logs its agents in, then
runs --cycles times "arrive" + "hangup" of a contact of its own in its
queue (an offer to an idle agent, then its cancel), then leaves --hold
contacts waiting in "hold" (so that /queues lists clients x hold waiting
contacts).  Every client keeps one line in flight (sends the next line
when the ack of the previous one is in): all clients at once.

Prints events/s with acks, ack latency p50 / p99, the server's RSS after
the traffic, and the time and size of /queues, /agents, /metrics and the
first message of /events at that size.

--wallboards N: N /events streams (the wallboard's) open during the
traffic; each refresh (at most every 100 ms) costs the server a /queues.

--check (the test tests/server/load_test.py): an extra client subscribed
to "all" records every action; at the end each client sends
{"unsubscribe":"all"} and reads up to its {"ok":true}, so it has read
every action sent to it.  Checked: every line got an ack (no error), the
acks' sequence numbers are all different and the server's seq is the
total, and each client received exactly the actions of the "all" stream
that its subscriptions select, in the same order.  Exit status 1 on a
mismatch.  No timing is checked.

--server-nofile N: start the server with a soft RLIMIT_NOFILE of N (as on
a host whose default is 1024): the server raises its own soft limit up to
the hard one to hold --max-clients clients.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import selectors
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from typing import Any, Dict, List, Optional, Tuple


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env() -> Dict[str, str]:
    env = dict(os.environ)
    if env.pop("ACDROUTE_SERVER_CLEAN_ENV", None):
        env.pop("LD_PRELOAD", None)
        env.pop("ASAN_OPTIONS", None)
    return env


class Client:
    def __init__(self, i: int, sock: socket.socket, lines: List[bytes],
                 subs: List[Dict[str, Any]], check: bool) -> None:
        self.i = i
        self.sock = sock
        self.lines = lines
        self.subs = subs
        self.check = check
        self.next = 0        # next line to send
        self.acked = 0
        self.errors: List[bytes] = []
        self.seqs: List[int] = []
        self.actions: List[bytes] = []
        self.nactions = 0
        self.inbuf = b""
        self.out = b""
        self.sent_at = 0.0
        self.lat: List[float] = []
        self.phase = "traffic"  # "traffic" -> "drain" -> "done"

    def queue_next(self) -> None:
        if self.next < len(self.lines):
            self.out += self.lines[self.next] + b"\n"
            self.next += 1
            self.sent_at = time.perf_counter()


def pct(xs: List[float], p: float) -> float:
    if not xs:
        return float("nan")
    s = sorted(xs)
    return s[min(len(s) - 1, int(p * len(s)))]


def http_get(port: int, path: str) -> Tuple[bytes, float]:
    t0 = time.perf_counter()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=120) as r:
        body = r.read()
    return body, time.perf_counter() - t0


def rss_kib(pid: int) -> Dict[str, int]:
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for ln in f:
            k, _, v = ln.partition(":")
            if k in ("VmRSS", "VmHWM"):
                out[k] = int(v.split()[0])
    return out


def run(a: argparse.Namespace) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = a.clients + 64
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, want), hard))
    work = tempfile.mkdtemp(prefix="acdr-server-load-")
    per = max(1, a.agents // a.clients)  # agents per client
    qsize = 100
    agents = [f"a{i}" for i in range(a.agents)]
    queues = [{"id": f"q{k}", "ring_timeout_ms": 3600000,
               "members": [{"agent": x} for x in agents[k * qsize:(k + 1) * qsize]]}
              for k in range((a.agents + qsize - 1) // qsize)]
    queues.append({"id": "hold", "members": []})
    cfg = {"queues": queues, "agents": [{"id": x} for x in agents]}
    with open(os.path.join(work, "c.json"), "w") as f:
        json.dump(cfg, f)
    tcp, http = free_port(), free_port()

    def limit() -> None:
        if a.server_nofile:
            resource.setrlimit(resource.RLIMIT_NOFILE, (a.server_nofile, hard))

    log = open(os.path.join(work, "log"), "wb")
    p = subprocess.Popen([a.server, "--dir", work, "--config", os.path.join(work, "c.json"),
                          "--tcp", f"127.0.0.1:{tcp}", "--http", f"127.0.0.1:{http}",
                          "--fsync", a.fsync, "--snapshot-every", "0"],
                         stderr=log, env=server_env(), preexec_fn=limit)
    failed: List[str] = []

    def check(cond: bool, what: str) -> None:
        if a.check:
            print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            failed.append(what)

    try:
        for _ in range(1000):
            try:
                socket.create_connection(("127.0.0.1", http)).close()
                break
            except OSError:
                time.sleep(0.01)
        sel = selectors.DefaultSelector()
        clients: List[Client] = []
        for i in range(a.clients):
            mine = agents[i * per:(i + 1) * per]
            q = f"q{(i * per) // qsize}"
            subs: List[Dict[str, Any]] = ([{"agent": x} for x in mine] if i % 2 == 0
                                          else [{"queue": q}])
            lines = [json.dumps({"subscribe": s}).encode() for s in subs]
            lines += [json.dumps({"ev": "login", "agent": x}).encode() for x in mine]
            for k in range(a.cycles):
                cid = f"c{i}-{k}"
                lines.append(json.dumps({"ev": "arrive", "contact": cid, "queue": q}).encode())
                lines.append(json.dumps({"ev": "hangup", "contact": cid}).encode())
            for k in range(a.hold):
                lines.append(json.dumps({"ev": "arrive", "contact": f"h{i}-{k}",
                                         "queue": "hold"}).encode())
            s = socket.create_connection(("127.0.0.1", tcp))
            clients.append(Client(i, s, lines, subs, a.check))
        observer: Optional[Client] = None
        if a.check:
            s = socket.create_connection(("127.0.0.1", tcp))
            observer = Client(-1, s, [b'{"subscribe":"all"}'], [], True)
            observer.queue_next()
            s.sendall(observer.out)
            observer.out = b""
            fr = s.makefile("rb")
            check(json.loads(fr.readline()) == {"ok": True}, "observer subscribed to all")
            observer.inbuf = b""
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ, observer)
        # wallboards: /events streams open during the traffic (read and
        # dropped): each refresh costs the server a /queues
        walls: List[socket.socket] = []
        for _ in range(a.wallboards):
            w = socket.create_connection(("127.0.0.1", http))
            w.sendall(b"GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
            w.setblocking(False)
            sel.register(w, selectors.EVENT_READ, None)
            walls.append(w)
        sse_bytes = 0
        st = json.loads(http_get(http, "/status")[0])
        check(st["clients"] == a.clients + (1 if a.check else 0),
              f"the server holds {st['clients']} clients")
        for c in clients:
            c.sock.setblocking(False)
            c.queue_next()
            sel.register(c.sock, selectors.EVENT_READ | selectors.EVENT_WRITE, c)
        events = sum(len(c.lines) - len(c.subs) for c in clients)
        t0 = time.perf_counter()
        t_end = t0
        traffic = len(clients)  # clients still sending
        active = len(clients)   # clients not done
        draining = False
        while active:
            for key, mask in sel.select(timeout=60):
                c = key.data
                if c is None:  # a wallboard stream
                    sse_bytes += len(key.fileobj.recv(1 << 20))
                    continue
                if mask & selectors.EVENT_WRITE and c.out:
                    n = c.sock.send(c.out)
                    c.out = c.out[n:]
                if not mask & selectors.EVENT_READ:
                    if not c.out:
                        sel.modify(c.sock, selectors.EVENT_READ, c)
                    continue
                data = c.sock.recv(1 << 20)
                if not data:
                    raise RuntimeError(f"client {c.i}: server closed the connection")
                c.inbuf += data
                *full, c.inbuf = c.inbuf.split(b"\n")
                for ln in full:
                    if not ln.startswith(b'{"ok"'):
                        c.nactions += 1
                        if c.check:
                            c.actions.append(ln)
                        continue
                    if c.phase == "drain":  # the ack of {"unsubscribe":"all"}
                        c.phase = "done"
                        active -= 1
                        continue
                    if ln.startswith(b'{"ok":true'):
                        if ln != b'{"ok":true}':
                            c.seqs.append(int(json.loads(ln)["seq"]))
                    else:
                        c.errors.append(ln)
                    c.acked += 1
                    c.lat.append(time.perf_counter() - c.sent_at)
                    if c.next < len(c.lines):
                        c.queue_next()
                        continue
                    c.phase = "sent"
                    traffic -= 1
                    t_end = time.perf_counter()
                    if not a.check:
                        c.phase = "done"
                        active -= 1
                if c.out:
                    try:
                        n = c.sock.send(c.out)
                        c.out = c.out[n:]
                    except BlockingIOError:
                        pass
                    if c.out:
                        sel.modify(c.sock, selectors.EVENT_READ | selectors.EVENT_WRITE, c)
            if a.check and traffic == 0 and not draining:
                # every line acked: each client (and the observer) asks to
                # unsubscribe; its {"ok":true} comes after every action
                # sent to it
                draining = True
                assert observer is not None
                active += 1
                for c in clients + [observer]:
                    c.phase = "drain"
                    c.out += b'{"unsubscribe":"all"}\n'
                    sel.modify(c.sock, selectors.EVENT_READ | selectors.EVENT_WRITE, c)
        dt = t_end - t0
        for w in walls:
            sel.unregister(w)
            w.close()
        lat = [x for c in clients for x in c.lat]
        mem = rss_kib(p.pid)
        # the queries at this size (median of 5)
        costs = {}
        for path in ("/queues", "/agents", "/metrics", "/events?once=1", "/status"):
            ts = []
            body = b""
            for _ in range(5):
                body, t = http_get(http, path)
                ts.append(t)
            costs[path] = (sorted(ts)[2], len(body))
        mem_q = rss_kib(p.pid)
        st = json.loads(http_get(http, "/status")[0])
        queues_doc = json.loads(http_get(http, "/queues")[0])
        hold = [q for q in queues_doc if q["queue"] == "hold"][0]
        if a.check:
            assert observer is not None
            allv = [json.loads(x) for x in observer.actions]
            seqs = sorted(s for c in clients for s in c.seqs)
            check(all(not c.errors for c in clients),
                  f"no error lines ({sum(len(c.errors) for c in clients)})")
            check(all(c.acked == len(c.lines) for c in clients),
                  "every client got an ack for every line it sent")
            check(seqs == list(range(2, 2 + events)) and st["seq"] == 1 + events,
                  f"{events} events acknowledged, each with its own sequence number")
            bad = 0
            for c in clients:
                qs = {s["queue"] for s in c.subs if "queue" in s}
                ags = {s["agent"] for s in c.subs if "agent" in s}
                want = [x for x in allv if x.get("queue") in qs or x.get("agent") in ags]
                got = [json.loads(x) for x in c.actions]
                if got != want:
                    bad += 1
            check(bad == 0 and len(allv) > 0,
                  f"each client got exactly its subscribed actions, in order "
                  f"({len(allv)} actions in all; {bad} clients differ)")
            check(hold["waiting_count"] == a.clients * a.hold and
                  [w["position"] for w in hold["waiting"]] ==
                  list(range(1, a.clients * a.hold + 1)),
                  f"/queues lists the {a.clients * a.hold} waiting contacts in order")
        else:
            print(f"agents {a.agents}, clients {a.clients}, fsync {a.fsync}, "
                  f"wallboards {a.wallboards} ({sse_bytes:,} bytes of /events): "
                  f"{events} events in {dt:.2f} s = {events / dt:,.0f} events/s; "
                  f"ack latency p50 {pct(lat, .5) * 1000:.2f} ms, "
                  f"p99 {pct(lat, .99) * 1000:.2f} ms; "
                  f"actions received {sum(c.nactions for c in clients):,}")
            print(f"server RSS after the traffic {mem['VmRSS'] / 1024:.1f} MiB "
                  f"(peak {mem['VmHWM'] / 1024:.1f} MiB; after the queries "
                  f"{mem_q['VmRSS'] / 1024:.1f} MiB, peak {mem_q['VmHWM'] / 1024:.1f} MiB); "
                  f"{hold['waiting_count']} contacts waiting")
            print("| query | time (median of 5) | bytes |")
            print("|---|---|---|")
            for path, (t, n) in costs.items():
                print(f"| `{path}` | {t * 1000:.1f} ms | {n:,} |")
        for c in clients:
            c.sock.close()
        if observer:
            observer.sock.close()
    finally:
        p.terminate()
        p.wait()
        log.close()
    if failed:
        print(f"{len(failed)} failed; kept {work}")
        return 1
    shutil.rmtree(work)
    return 0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("server")
    ap.add_argument("--agents", type=int, default=10000)
    ap.add_argument("--clients", type=int, default=1000)
    ap.add_argument("--cycles", type=int, default=10)
    ap.add_argument("--hold", type=int, default=5)
    ap.add_argument("--fsync", default="always")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--wallboards", type=int, default=0)
    ap.add_argument("--server-nofile", type=int, default=0)
    sys.exit(run(ap.parse_args()))


if __name__ == "__main__":
    main()
