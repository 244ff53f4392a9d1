#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Events/s through acdroute-server --journal nats with acknowledgements
(docs/server.md "High availability"): the same traffic as bench.py, each
line appended to a JetStream stream before its ack, on one local
nats-server (-js, file storage, stream replicas 1).

usage: bench_nats.py SERVER_BINARY [--events N] [--window W]

window 1: the client waits for each ack before sending the next line;
window W: up to W lines in flight (their appends are pipelined: one wait
for the JetStream acks of each batch the server reads).
"""
import argparse
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time

from bench import free_port, pipelined, traffic


def wait_port(port: int) -> socket.socket:
    for _ in range(500):
        try:
            return socket.create_connection(("127.0.0.1", port))
        except OSError:
            time.sleep(0.01)
    raise RuntimeError(f"nothing listens on {port}")


def run(binary: str, nats_url: str, work: str, stream: str, events: int,
        window: int) -> float:
    cfg = {"queues": [{"id": "q", "members": [{"agent": f"a{i}"} for i in range(50)]}],
           "agents": [{"id": f"a{i}"} for i in range(50)]}
    with open(os.path.join(work, "c.json"), "w") as f:
        json.dump(cfg, f)
    port = free_port()
    p = subprocess.Popen([binary, "--dir", work, "--config", os.path.join(work, "c.json"),
                          "--clock", "events", "--tcp", f"127.0.0.1:{port}",
                          "--snapshot-every", "0", "--journal", "nats", "--nats", nats_url,
                          "--replicas", "1", "--node-id", "bench", "--stream", stream],
                         stderr=subprocess.DEVNULL)
    s = wait_port(port)
    lines = traffic(events)
    f = s.makefile("rwb")
    # the server takes the lease right after it listens: wait for the lead
    while True:
        f.write(lines[0].encode() + b"\n")
        f.flush()
        r = json.loads(f.readline())
        if "ok" in r and r.get("error") != "NOT_LEADER":
            assert r["ok"], r
            break
        time.sleep(0.05)
    t0 = time.perf_counter()
    pipelined(f, lines, window, acked=1)
    dt = time.perf_counter() - t0
    s.close()
    p.terminate()
    p.wait()
    return (len(lines) - 1) / dt


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("server")
    ap.add_argument("--events", type=int, default=20000)
    ap.add_argument("--window", type=int, default=64)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="acdr-server-bench-nats-")
    nport = free_port()
    nats = subprocess.Popen(["nats-server", "-js", "-a", "127.0.0.1", "-p", str(nport),
                             "-sd", os.path.join(work, "js")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_port(nport).close()
        print("| journal | in flight | events/s |")
        print("|---|---|---|")
        for k, w in enumerate((1, a.window)):
            r = run(a.server, f"nats://127.0.0.1:{nport}", work, f"bench{k}", a.events, w)
            print(f"| JetStream, 1 node, R1 | {w} | {r:,.0f} |")
    finally:
        nats.terminate()
        nats.wait()
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
