#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""acdroute-server's protocol and queries, end to end (docs/server.md):
acks and error lines (engine unchanged), subscriptions per queue / agent,
refusals (long lines, too many clients, token), HTTP queries, the
Prometheus text format (parsed with python3-prometheus-client), SIGHUP
reload (journaled, so it survives kill -9), business hours in the host's
local time under --clock wall.

Peers: Asterisk's "queue show" (app_queue.c, __queues_show) prints each
queue's callers with position and wait and its members with state;
FreeSWITCH's "callcenter_config agent list" and "callcenter_config queue
list members" (mod_callcenter.c) list agents and callers with state:
/queues and /agents answer the same questions.

usage: protocol_test.py SERVER_BINARY
"""
from __future__ import annotations

import datetime
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zlib
from typing import Any, Dict, List, Optional

from prometheus_client.parser import text_string_to_metric_families
from srvtest import free_port, server_env

BIN = sys.argv[1]
WORK = tempfile.mkdtemp(prefix="acdr-server-proto-")
PROCS: List["subprocess.Popen[bytes]"] = []
FAILED: List[str] = []

CONFIG: Dict[str, Any] = {
    "queues": [{"id": "q1", "members": [{"agent": "a1"}, {"agent": "a2"}]},
               {"id": "q2", "members": [{"agent": "a2"}]}],
    "agents": [{"id": "a1"}, {"id": "a2"}],
}


def check(cond: bool, what: str) -> None:
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILED.append(what)


class Srv:
    def __init__(self, name: str, config: Dict[str, Any], *extra: str,
                 env: Optional[Dict[str, str]] = None) -> None:
        self.dir = os.path.join(WORK, name)
        os.makedirs(self.dir, exist_ok=True)
        self.cfg = os.path.join(self.dir, "config.json")
        with open(self.cfg, "w") as f:
            json.dump(config, f)
        self.extra = extra
        self.env = env or server_env()
        self.start()

    def start(self) -> None:
        self.tcp, self.http = free_port(), free_port()
        self.log = os.path.join(self.dir, "log")
        self.p = subprocess.Popen(
            [BIN, "--dir", self.dir, "--config", self.cfg,
             "--tcp", f"127.0.0.1:{self.tcp}", "--http", f"127.0.0.1:{self.http}",
             *self.extra], stdout=subprocess.DEVNULL,
            stderr=open(self.log, "ab"), env=self.env)
        PROCS.append(self.p)
        for _ in range(500):
            try:
                socket.create_connection(("127.0.0.1", self.http)).close()
                return
            except OSError:
                time.sleep(0.01)
        raise RuntimeError("server did not start")

    def get(self, path: str, headers: Optional[Dict[str, str]] = None) -> Any:
        req = urllib.request.Request(f"http://127.0.0.1:{self.http}{path}",
                                     headers=headers or {})
        with urllib.request.urlopen(req, timeout=10) as r:
            body = r.read().decode()
            return json.loads(body) if path != "/metrics" else body

    def status(self, path: str, headers: Optional[Dict[str, str]] = None) -> int:
        try:
            self.get(path, headers)
            return 200
        except urllib.error.HTTPError as e:
            return int(e.code)

    def conn(self) -> "Conn":
        return Conn(socket.create_connection(("127.0.0.1", self.tcp)))

    def stop(self, sig: int = signal.SIGTERM) -> int:
        self.p.send_signal(sig)
        return self.p.wait(timeout=30)


class Conn:
    def __init__(self, s: socket.socket) -> None:
        self.s = s
        self.s.settimeout(10)
        self.buf = b""

    def send(self, line: str) -> None:
        self.s.sendall(line.encode() + b"\n")

    def line(self) -> Optional[Dict[str, Any]]:
        while b"\n" not in self.buf:
            try:
                chunk = self.s.recv(65536)
            except (socket.timeout, OSError):
                return None
            if not chunk:
                return None
            self.buf += chunk
        raw, self.buf = self.buf.split(b"\n", 1)
        return dict(json.loads(raw))

    def call(self, line: str) -> List[Dict[str, Any]]:
        """send a line; every line up to and including the reply"""
        self.send(line)
        out = []
        while True:
            r = self.line()
            if r is None:
                return out
            out.append(r)
            if "ok" in r:
                return out

    def closed(self) -> bool:
        try:
            return self.s.recv(1) == b""
        except OSError:
            return True


def ev(t: int, e: str, **kw: Any) -> str:
    return json.dumps({"t_ms": t, "ev": e, **kw})


def main() -> None:
    s = Srv("events", CONFIG, "--clock", "events", "--max-line", "4096",
            "--max-clients", "4")
    pbx, sup_q2, sup_a1 = s.conn(), s.conn(), s.conn()
    check(sup_q2.call('{"subscribe": {"queue": "q2"}}')[-1] == {"ok": True},
          "subscribe to a queue is acknowledged")
    check(sup_a1.call('{"subscribe": {"agent": "a1"}}')[-1] == {"ok": True},
          "subscribe to an agent is acknowledged")
    r = sup_a1.call('{"subscribe": {"queue": 5}}')[-1]
    check(r.get("error") == "BAD_SUBSCRIBE", "a bad subscription is refused")

    check(pbx.call(ev(0, "login", agent="a1"))[-1] == {"ok": True, "seq": 2},
          "an event is acknowledged with its sequence number (config is 1)")
    pbx.call(ev(0, "status", agent="a1", status="away", reason="lunch"))
    pbx.call(ev(5, "arrive", contact="c1", queue="q1"))
    pbx.call(ev(6, "arrive", contact="c2", queue="q1"))
    pbx.call(ev(7, "arrive", contact="c3", queue="q2"))

    # refused: the error goes to that client only and nothing changes
    before = s.get("/snapshot")
    r = pbx.call(ev(8, "accept", contact="c1", agent="nobody"))[-1]
    check(r.get("ok") is False and r.get("error") == "ACDR_ERR_AGENT_NOT_FOUND"
          and "nobody" in r.get("message", ""), "refused event: library error code and message")
    r = pbx.call('{"t_ms": 9, "ev": "arrive", "contact": "c9"}')[-1]
    check(r.get("error") == "ACDR_ERR_PARSE", "a line missing a key: ACDR_ERR_PARSE")
    r = pbx.call(ev(1, "login", agent="a2"))[-1]
    check(r.get("error") == "ACDR_ERR_TIME_BACKWARDS", "time going back is refused")
    check(s.get("/snapshot") == before, "refused events leave the engine unchanged")

    # subscriptions: q2 sees c3 only, a1 sees its own state changes only
    q2_lines = []
    while True:
        ln = sup_q2.line() if b"\n" in sup_q2.buf else None
        if ln is None:
            sup_q2.s.settimeout(0.3)
            ln = sup_q2.line()
            sup_q2.s.settimeout(10)
        if ln is None:
            break
        q2_lines.append(ln)
    check(len(q2_lines) > 0 and all(x.get("queue") == "q2" for x in q2_lines),
          f"queue subscriber gets only q2 actions ({len(q2_lines)})")
    sup_a1.s.settimeout(0.3)
    a1_lines = []
    while (ln := sup_a1.line()) is not None:
        a1_lines.append(ln)
    check(len(a1_lines) >= 2 and all(x.get("agent") == "a1" for x in a1_lines),
          f"agent subscriber gets only a1 actions ({len(a1_lines)})")

    # queries
    qs = {q["queue"]: q for q in s.get("/queues")}
    w = qs["q1"]["waiting"]
    check([c["contact"] for c in w] == ["c1", "c2"] and [c["position"] for c in w] == [1, 2],
          "/queues: waiting contacts in line order with positions")
    now_ms = s.get("/status")["now_ns"] // 1000000
    check(w[0]["wait_ms"] == now_ms - 5 and w[1]["wait_ms"] == now_ms - 6,
          "/queues: waits on the engine clock (arrivals at 5 and 6 ms)")
    mem = {m["agent"]: m for m in qs["q1"]["members"]}
    check(mem["a1"]["status"] == "away" and mem["a1"].get("away_reason") == "lunch"
          and mem["a2"]["status"] == "logged_out", "/queues: members with state")
    ag = {a["agent"]: a for a in s.get("/agents")}
    check(set(ag) == {"a1", "a2"}, "/agents lists every agent")
    c = s.get("/contacts/c2")
    check(c["state"] == "waiting" and c["position"] == 2 and c["queue"] == "q1",
          "/contacts/ID")
    check(s.status("/contacts/zz") == 404, "/contacts of an unknown contact: 404")
    check(s.status("/nope") == 404, "unknown query: 404")
    m = s.get("/metrics.json")
    check("metrics" in m and m["seq"] == 6, "/metrics.json")
    check([q["id"] for q in s.get("/config")["config"]["queues"]] == ["q1", "q2"], "/config")

    text = s.get("/metrics")
    fams = {f.name: f for f in text_string_to_metric_families(text)}
    waiting = {smp.labels["queue"]: smp.value for smp in fams["acdroute_queue_waiting"].samples}
    check(waiting == {"q1": 2.0, "q2": 1.0}, "Prometheus /metrics parses; waiting per queue")
    check(fams["acdroute_events"].type == "counter", "acdroute_events_total is a counter")
    # service level, ASA, abandonment from the library's metrics: ratios
    # per period (today, 15m), lifetime counters; nothing answered or
    # abandoned yet: the ratios are NaN (the library's "no data")
    entered = {smp.labels["queue"]: smp.value for smp in fams["acdroute_queue_entered"].samples}
    check(fams["acdroute_queue_entered"].type == "counter" and entered == {"q1": 2.0, "q2": 1.0}
          and all(fams[f"acdroute_queue_{n}"].type == "counter"
                  and len(fams[f"acdroute_queue_{n}"].samples) == 2
                  for n in ("answered", "answered_in_sl", "abandoned")),
          "Prometheus: acdroute_queue_{entered,answered,answered_in_sl,abandoned}_total counters")
    kp = [(n, smp.labels["queue"], smp.labels["period"], smp.value)
          for n in ("service_level_ratio", "asa_seconds", "abandon_ratio")
          for smp in fams[f"acdroute_queue_{n}"].samples]
    check(len(kp) == 12 and all(fams[f"acdroute_queue_{n}"].type == "gauge" for n in
                                ("service_level_ratio", "asa_seconds", "abandon_ratio"))
          and {p for _, _, p, _ in kp} == {"today", "15m"}
          and all(v != v for n, _, _, v in kp if n != "abandon_ratio")
          and all(v == 0.0 for n, _, _, v in kp if n == "abandon_ratio"),
          "Prometheus: service_level_ratio / asa_seconds / abandon_ratio per queue and period")
    t1 = qs["q1"].get("today", {})
    check(t1.get("offered") == 2 and t1.get("answered") == 0 and t1.get("service_level") is None
          and t1.get("abandon_rate") == 0.0 and "15m" in qs["q1"],
          "/queues: today's and the last 15 minutes' metrics per queue")

    # the queries keep the parsed configuration between events: an event
    # that changes members or agents must show at once
    ag0 = s.get("/agents")
    pbx.call(ev(9, "status", agent="a1", status="away", reason="lunch"))
    pbx.call(ev(9, "member_add", queue="q2", agent="a1"))
    pbx.call(ev(9, "agent_add", **{"def": {"id": "a3"}}))
    q2m = [m["agent"] for q in s.get("/queues") if q["queue"] == "q2" for m in q["members"]]
    check(len(ag0) == 2 and sorted(q2m) == ["a1", "a2"]
          and sorted(a["agent"] for a in s.get("/agents")) == ["a1", "a2", "a3"],
          "/queues and /agents follow member_add and agent_add at once")

    # wallboard: the page, and its server-sent events within a second
    page = urllib.request.urlopen(f"http://127.0.0.1:{s.http}/wallboard").read()
    check(b"EventSource" in page and b"<table" in page, "/wallboard serves the page")
    sse = socket.create_connection(("127.0.0.1", s.http))
    sse.settimeout(5)
    sse.sendall(b"GET /events HTTP/1.1\r\nHost: x\r\n\r\n")
    sbuf = b""

    def next_data() -> Optional[Dict[str, Any]]:
        nonlocal sbuf
        while True:
            i = sbuf.find(b"data: ")
            j = sbuf.find(b"\n\n", i) if i >= 0 else -1
            if i >= 0 and j >= 0:
                msg = json.loads(sbuf[i + 6:j])
                sbuf = sbuf[j + 2:]
                return dict(msg)
            try:
                chunk = sse.recv(65536)
            except OSError:
                return None
            if not chunk:
                return None
            sbuf += chunk

    first = next_data()
    check(first is not None and first["queues"][0]["waiting_count"] == 2,
          "SSE: the current state at once")
    t0 = time.monotonic()
    pbx.call(ev(10, "arrive", contact="c4", queue="q1"))
    upd = next_data()
    dt = time.monotonic() - t0
    check(upd is not None and upd["queues"][0]["waiting_count"] == 3 and dt < 1.0,
          f"SSE: an event shows within a second ({dt * 1000:.0f} ms)")
    sse.close()

    # refusals
    r = pbx.call(ev(10, "login", agent="a" * 5000))
    check(r and r[-1].get("error") == "LINE_TOO_LONG" and pbx.closed(),
          "a line over --max-line is refused and the client closed")
    extra = [s.conn() for _ in range(3)]  # 2 + 3 > 4 (pbx is gone)
    r2 = extra[2].line()
    check(r2 is not None and r2.get("error") == "TOO_MANY_CLIENTS",
          "a client over --max-clients is refused")

    # SIGHUP reload: journaled like an event; kept across kill -9
    cfg2 = json.loads(json.dumps(CONFIG))
    cfg2["queues"].append({"id": "q3", "members": []})
    with open(s.cfg, "w") as f:
        json.dump(cfg2, f)
    s.p.send_signal(signal.SIGHUP)
    for _ in range(200):
        if len(s.get("/config")["config"]["queues"]) == 3:
            break
        time.sleep(0.01)
    check(len(s.get("/config")["config"]["queues"]) == 3, "SIGHUP reloads the config")
    snap = s.get("/snapshot")
    s.stop(signal.SIGKILL)
    s.start()
    check(s.get("/snapshot") == snap, "after kill -9: same state, reload included")
    check(s.stop() == 0, "SIGTERM: clean exit")
    with open(s.log) as f:
        logs = [json.loads(x) for x in f if x.strip()]
    check(all("level" in x and "msg" in x for x in logs) and
          any(x["msg"] == "snapshot written" for x in logs),
          "stderr is JSON lines; SIGTERM writes a snapshot")

    # systemd Type=notify: READY=1 once it listens, STOPPING=1 on SIGTERM
    nsock = os.path.join(WORK, "notify.sock")
    ns = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    ns.bind(nsock)
    ns.settimeout(10)
    env = server_env()
    env["NOTIFY_SOCKET"] = nsock
    n = Srv("notify", CONFIG, "--clock", "events", env=env)
    check(ns.recv(100) == b"READY=1", "systemd notify: READY=1")
    n.stop()
    check(ns.recv(100) == b"STOPPING=1", "systemd notify: STOPPING=1 on SIGTERM")
    ns.close()

    # journal damage: a flipped byte (CRC) and a missing record (sequence
    # gap) end the journal there; what follows is reported, cut, not applied
    def rec(seq: int, line: str) -> bytes:
        b = line.encode()
        lenseq = struct.pack("<IQ", len(b), seq)
        return struct.pack("<I", 0x4A524341) + lenseq + struct.pack(
            "<I", zlib.crc32(lenseq + b)) + b

    cfg_line = json.dumps({"t_ns": 0, "ev": "config", "config": CONFIG})
    good = rec(1, cfg_line) + rec(2, ev(1, "login", agent="a1"))
    for name, tail, reason in (
            ("crc", bytearray(rec(3, ev(2, "login", agent="a2"))), "record CRC mismatch"),
            ("gap", bytearray(rec(4, ev(2, "login", agent="a2"))), "sequence gap")):
        if name == "crc":
            tail[-3] ^= 0x20
        d = os.path.join(WORK, "j-" + name)
        os.makedirs(d)
        with open(os.path.join(d, "journal"), "wb") as f:
            f.write(good + bytes(tail) + rec(5, ev(3, "logout", agent="a1")))
        j = Srv("j-" + name, CONFIG, "--clock", "events")
        st = j.get("/status")
        agents = {a["agent"]: a["status"] for a in j.get("/agents")}
        j.stop()
        with open(j.log) as f:
            drop = [json.loads(x) for x in f if "tail dropped" in x]
        check(st["seq"] == 2 and agents == {"a1": "available", "a2": "logged_out"}
              and len(drop) == 1 and drop[0]["reason"] == reason
              and drop[0]["offset"] == str(len(good)),
              f"journal {name}: records before it applied, it and after cut ({reason})")

    # beyond loopback needs a token
    p = subprocess.run([BIN, "--dir", WORK, "--tcp", "0.0.0.0:0"], env=server_env(),
                       stderr=subprocess.PIPE)
    check(p.returncode == 2 and b"--token" in p.stderr,
          "binding beyond loopback without --token is refused")
    t = Srv("token", CONFIG, "--clock", "events", "--token", "sekret")
    c1 = t.conn()
    r = c1.call(ev(0, "login", agent="a1"))
    check(r and r[-1].get("error") == "AUTH_REQUIRED" and c1.closed(),
          "without the token: AUTH_REQUIRED, closed")
    c2 = t.conn()
    check(c2.call('{"token": "sekret"}')[-1] == {"ok": True}
          and c2.call(ev(0, "login", agent="a1"))[-1].get("ok") is True,
          "with the token: events accepted")
    check(t.status("/status") == 401 and
          t.status("/status", {"Authorization": "Bearer sekret"}) == 200,
          "HTTP needs Authorization: Bearer <token>")
    t.stop()

    # after a restart (kill -9), a subscriber hears again what needs action
    # now, marked "replay":true (server_resend_current): the offer still
    # ringing, rebuilt from the journal (snapshot-every 0) or from the
    # snapshot (snapshot-every 1: the journal is empty at the crash)
    cfg4 = {"queues": [{"id": "q1", "ring_timeout_ms": 600000, "members": [{"agent": "a1"}]},
                       {"id": "q2", "members": []}], "agents": [{"id": "a1"}]}
    for every in ("0", "1"):
        r4 = Srv("resend-" + every, cfg4, "--snapshot-every", every)
        sub = r4.conn()
        sub.call('{"subscribe": {"agent": "a1"}}')
        pbx4 = r4.conn()
        pbx4.call('{"ev": "login", "agent": "a1"}')
        offer = [x for x in pbx4.call('{"ev": "arrive", "contact": "c1", "queue": "q1"}') +
                 [sub.line(), sub.line()] if x and x.get("action") == "offer"]
        pbx4.call('{"ev": "arrive", "contact": "c2", "queue": "q2"}')
        r4.stop(signal.SIGKILL)
        r4.start()
        q2 = [q for q in r4.get("/queues") if q["queue"] == "q2"][0]
        check([w["contact"] for w in q2["waiting"]] == ["c2"],
              f"restart ({'snapshot' if every == '1' else 'journal'}): /queues lists "
              f"the contact waiting before it")
        again = r4.conn()
        ok = again.call('{"subscribe": {"agent": "a1"}}')
        again.s.settimeout(0.5)
        replayed = [x for x in iter(again.line, None)]
        other = r4.conn()
        other.call('{"subscribe": {"queue": "q2"}}')
        other.s.settimeout(0.3)
        check(len(offer) == 1 and ok == [{"ok": True}] and
              replayed == [dict(offer[0], replay=True)] and other.line() is None,
              f"restart ({'snapshot' if every == '1' else 'journal'}): the ringing offer "
              f"is sent again with replay:true to its subscriber only")
        # a second subscription of the same client does not repeat it
        check(again.call('{"subscribe": {"queue": "q1"}}') == [{"ok": True}]
              and again.line() is None, "a later subscription does not repeat it")
        r4.stop()
    # a ring timeout that fell due while the server was down: its actions
    # are computed at the start and re-sent to the first subscribers
    cfg5 = {"queues": [{"id": "q1", "ring_timeout_ms": 1000, "members": [{"agent": "a1"}]}],
            "agents": [{"id": "a1"}]}
    r5 = Srv("resend-down", cfg5)
    pbx5 = r5.conn()
    pbx5.call('{"ev": "login", "agent": "a1"}')
    pbx5.call('{"ev": "arrive", "contact": "c1", "queue": "q1"}')
    r5.stop(signal.SIGKILL)
    time.sleep(1.5)
    r5.start()
    sub5 = r5.conn()
    sub5.call('{"subscribe": "all"}')
    sub5.s.settimeout(0.5)
    got5 = [x for x in iter(sub5.line, None)]
    cancel = [x for x in got5 if x.get("action") == "offer_cancel"]
    check(len(cancel) == 1 and cancel[0].get("reason") == "no_answer"
          and cancel[0].get("contact") == "c1" and all(x.get("replay") for x in got5),
          f"restart: a ring timeout that fell due while down is sent with replay:true "
          f"({[x.get('action') for x in got5]})")
    r5.stop()

    # wall clock: business hours in the host's local time (TZ).  The queue
    # is open only during the current local hour of UTC+14; under UTC
    # time it would be closed (14 hours off).
    env = server_env()
    env["TZ"] = "Etc/GMT-14"
    now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=14)))
    if 1 <= now.hour <= 21 and now.minute < 55:
        day = now.strftime("%A").lower()
        h = now.hour
        cfg3 = {"queues": [{"id": "hq", "members": [],
                            "hours": {day: [f"{h:02d}:00-{h + 1:02d}:00"]}}],
                "agents": []}
        w3 = Srv("wall", cfg3, env=env)
        check(s_open(w3), "wall clock: queue open in the host's local time")
        w3.stop()
    else:
        print("skip wall-clock hours check (near a day boundary in UTC+14)")


def s_open(srv: Srv) -> bool:
    return bool(srv.get("/queues")[0]["open"])


if __name__ == "__main__":
    try:
        main()
    finally:
        for p in PROCS:
            if p.poll() is None:
                p.kill()
                p.wait()
    if FAILED:
        print(f"{len(FAILED)} failed; kept {WORK}")
        sys.exit(1)
    shutil.rmtree(WORK)
    print("all passed")
