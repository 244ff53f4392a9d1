#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Events/s through acdroute-server's TCP socket with acknowledgements,
journal fsync "always" vs every 10 ms (docs/server.md).

usage: bench.py SERVER_BINARY [--events N] [--window W]

Each event is an "arrive" or a "hangup" on a queue of 50 logged-in agents
(so offers and cancels are computed and sent).  window 1: the client waits
for each ack before sending the next line; window W: up to W lines in flight.
"""
import argparse
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def traffic(events: int) -> list:
    """The benchmark's lines: logins of a0..a49, then "arrive"/"hangup"
    pairs on queue q (bench_nats.py and bench_ha.py send the same)."""
    lines = [json.dumps({"t_ms": 0, "ev": "login", "agent": f"a{i}"}) for i in range(50)]
    for i in range(events):
        c = f"c{i // 2}"
        lines.append(json.dumps({"t_ms": i, "ev": "arrive", "contact": c, "queue": "q"})
                     if i % 2 == 0 else json.dumps({"t_ms": i, "ev": "hangup", "contact": c}))
    return lines


def pipelined(f, lines: list, window: int, acked: int = 0) -> None:
    """Send lines[acked:] over f with up to window lines unacknowledged,
    until every one is acked (an action line is read past)."""
    sent = acked
    while acked < len(lines):
        while sent < len(lines) and sent - acked < window:
            f.write(lines[sent].encode() + b"\n")
            sent += 1
        f.flush()
        r = json.loads(f.readline())
        if "ok" in r:
            assert r["ok"], r
            acked += 1


def run(binary: str, fsync: str, events: int, window: int) -> float:
    work = tempfile.mkdtemp(prefix="acdr-server-bench-")
    cfg = {"queues": [{"id": "q", "members": [{"agent": f"a{i}"} for i in range(50)]}],
           "agents": [{"id": f"a{i}"} for i in range(50)]}
    with open(os.path.join(work, "c.json"), "w") as f:
        json.dump(cfg, f)
    port, http = free_port(), free_port()
    p = subprocess.Popen([binary, "--dir", work, "--config", os.path.join(work, "c.json"),
                          "--clock", "events", "--tcp", f"127.0.0.1:{port}",
                          "--fsync", fsync, "--snapshot-every", "0"],
                         stderr=subprocess.DEVNULL)
    for _ in range(500):
        try:
            s = socket.create_connection(("127.0.0.1", port))
            break
        except OSError:
            time.sleep(0.01)
    lines = traffic(events)
    f = s.makefile("rwb")
    t0 = time.perf_counter()
    pipelined(f, lines, window)
    dt = time.perf_counter() - t0
    s.close()
    p.terminate()
    p.wait()
    shutil.rmtree(work)
    return len(lines) / dt


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("server")
    ap.add_argument("--events", type=int, default=20000)
    ap.add_argument("--window", type=int, default=64)
    a = ap.parse_args()
    print("| fsync | in flight | events/s |")
    print("|---|---|---|")
    for fs in ("always", "10"):
        for w in (1, a.window):
            r = run(a.server, fs, a.events, w)
            print(f"| {'always' if fs == 'always' else 'every 10 ms'} | {w} | {r:,.0f} |")


if __name__ == "__main__":
    main()
