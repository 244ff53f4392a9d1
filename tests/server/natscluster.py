#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""A 3-node NATS cluster with JetStream on loopback for the HA tests, and a
minimal NATS client over the text protocol (PyPI is not reachable here, so
no nats-py): enough to read a JetStream stream and KV bucket, publish with
an acknowledgement and create a stream.

The fixture installs nothing: it looks for `nats-server` on PATH and in
/usr/sbin (scripts/test installs Debian's package).  Every node runs in its
own process group with PR_SET_PDEATHSIG, and an atexit hook kills what is
left, so a failing or killed test leaves no nats-server behind.

Protocol facts used (https://docs.nats.io/reference/reference-protocols/nats-protocol):
INFO/CONNECT/PING/PONG, `MSG subject sid [reply] bytes`, `HMSG subject sid
[reply] hdr_bytes total_bytes` (headers; a "NATS/1.0 503" status means no
responders), and the JetStream API subjects `$JS.API.*`
(https://docs.nats.io/reference/reference-protocols/nats_api_reference).

usage (self test): natscluster.py
"""
from __future__ import annotations

import atexit
import base64
import ctypes
import itertools
import json
import os
import queue
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request
from typing import Any, Callable, Dict, List, Optional, Tuple

_live: List["subprocess.Popen[bytes]"] = []


def _kill_all() -> None:
    for p in _live:
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except OSError:
                pass
            p.wait()


atexit.register(_kill_all)


def _die_with_parent() -> None:
    # the child gets SIGKILL when the test process dies, even by kill -9
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def spawn(argv: List[str], **kw: Any) -> "subprocess.Popen[bytes]":
    """Popen in a new process group that dies with the test (use from the
    main thread: PDEATHSIG follows the thread that forked)."""
    p = subprocess.Popen(argv, start_new_session=True,
                         preexec_fn=_die_with_parent, **kw)
    _live.append(p)
    return p


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def find_nats_server() -> Optional[str]:
    for d in os.environ.get("PATH", "").split(os.pathsep) + ["/usr/sbin", "/usr/bin"]:
        p = os.path.join(d, "nats-server")
        if d and os.access(p, os.X_OK):
            return p
    return None


class NatsError(Exception):
    pass


class NatsClient:
    """One connection, a reader thread, request/reply through one inbox."""

    def __init__(self, host: str, port: int, token: Optional[str] = None,
                 timeout: float = 5.0, name: str = "acdr-test") -> None:
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.settimeout(None)
        self.wlock = threading.Lock()
        self.subs: Dict[int, Callable[[str, Optional[str], bytes, bytes], None]] = {}
        self.sid = itertools.count(1)
        self.pongs: "queue.Queue[bool]" = queue.Queue()
        self.closed = False
        self.err: Optional[str] = None
        self.rf = self.sock.makefile("rb")
        info = self.rf.readline()
        if not info.startswith(b"INFO "):
            raise NatsError(f"not a NATS server: {info[:80]!r}")
        self.info = json.loads(info[5:])
        conn: Dict[str, Any] = {"verbose": False, "pedantic": False, "headers": True,
                                "no_responders": True, "protocol": 1, "name": name,
                                "lang": "python-test", "version": "0"}
        if token:
            conn["auth_token"] = token
        self._w(b"CONNECT " + json.dumps(conn).encode() + b"\r\n")
        self.inbox = "_INBOX." + base64.b32encode(os.urandom(10)).decode().rstrip("=")
        self.waiters: Dict[str, "queue.Queue[Tuple[bytes, bytes]]"] = {}
        self.rid = itertools.count(1)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.subscribe(self.inbox + ".*", self._on_reply)
        self.flush(timeout)

    def _w(self, data: bytes) -> None:
        with self.wlock:
            self.sock.sendall(data)

    def _read(self) -> None:
        try:
            while True:
                line = self.rf.readline()
                if not line:
                    break
                if line.startswith(b"MSG ") or line.startswith(b"HMSG "):
                    parts = line.split()
                    hdr = line.startswith(b"HMSG ")
                    subj, sid = parts[1].decode(), int(parts[2])
                    nums = parts[3:]
                    reply = None
                    if len(nums) == (3 if hdr else 2):
                        reply = nums[0].decode()
                        nums = nums[1:]
                    total = int(nums[-1])
                    hlen = int(nums[0]) if hdr else 0
                    data = self.rf.read(total + 2)[:total]
                    cb = self.subs.get(sid)
                    if cb:
                        cb(subj, reply, data[:hlen], data[hlen:])
                elif line.startswith(b"PING"):
                    self._w(b"PONG\r\n")
                elif line.startswith(b"PONG"):
                    self.pongs.put(True)
                elif line.startswith(b"-ERR"):
                    self.err = line.decode().strip()
        except (OSError, ValueError):
            pass
        self.closed = True
        self.pongs.put(False)

    def _on_reply(self, subj: str, reply: Optional[str], hdr: bytes, data: bytes) -> None:
        q = self.waiters.get(subj)
        if q is not None:
            q.put((hdr, data))

    def flush(self, timeout: float = 5.0) -> None:
        self._w(b"PING\r\n")
        try:
            if not self.pongs.get(timeout=timeout):
                raise NatsError("connection closed")
        except queue.Empty:
            raise NatsError("no PONG") from None

    def subscribe(self, subject: str,
                  cb: Callable[[str, Optional[str], bytes, bytes], None]) -> int:
        sid = next(self.sid)
        self.subs[sid] = cb
        self._w(f"SUB {subject} {sid}\r\n".encode())
        return sid

    def unsubscribe(self, sid: int) -> None:
        self.subs.pop(sid, None)
        self._w(f"UNSUB {sid}\r\n".encode())

    def publish(self, subject: str, data: bytes, reply: Optional[str] = None) -> None:
        r = f" {reply}" if reply else ""
        self._w(f"PUB {subject}{r} {len(data)}\r\n".encode() + data + b"\r\n")

    def request(self, subject: str, data: bytes, timeout: float = 5.0) -> bytes:
        """The reply's payload; NatsError on no responders or timeout."""
        rs = f"{self.inbox}.{next(self.rid)}"
        q: "queue.Queue[Tuple[bytes, bytes]]" = queue.Queue()
        self.waiters[rs] = q
        try:
            self.publish(subject, data, rs)
            try:
                hdr, payload = q.get(timeout=timeout)
            except queue.Empty:
                raise NatsError(f"request {subject}: timeout") from None
        finally:
            self.waiters.pop(rs, None)
        if hdr.startswith(b"NATS/1.0 503"):
            raise NatsError(f"request {subject}: no responders")
        return payload

    def js(self, api: str, body: Optional[Dict[str, Any]] = None,
           timeout: float = 5.0) -> Dict[str, Any]:
        """A JetStream API call ($JS.API.<api>); NatsError on an API error."""
        raw = self.request("$JS.API." + api,
                           json.dumps(body).encode() if body is not None else b"",
                           timeout)
        r = dict(json.loads(raw))
        if "error" in r:
            raise NatsError(f"{api}: {r['error']}")
        return r

    # JetStream helpers
    def stream_for_subject(self, subject: str) -> Optional[str]:
        r = self.js("STREAM.NAMES", {"subject": subject})
        names = r.get("streams") or []
        return str(names[0]) if names else None

    def stream_info(self, stream: str) -> Dict[str, Any]:
        return self.js("STREAM.INFO." + stream)

    def add_stream(self, name: str, subjects: List[str], replicas: int = 3) -> Dict[str, Any]:
        return self.js("STREAM.CREATE." + name, {
            "name": name, "subjects": subjects, "num_replicas": replicas,
            "storage": "file", "retention": "limits", "discard": "old"})

    def js_publish(self, subject: str, data: bytes, timeout: float = 5.0) -> int:
        """Publish to a stream and wait for its ack: the stream sequence."""
        r = dict(json.loads(self.request(subject, data, timeout)))
        if "error" in r:
            raise NatsError(f"publish {subject}: {r['error']}")
        return int(r["seq"])

    def msg_get(self, stream: str, seq: Optional[int] = None,
                last_by_subj: Optional[str] = None) -> Optional[Tuple[int, bytes]]:
        """(seq, data) of one stored message; None when there is none."""
        body: Dict[str, Any] = {"seq": seq} if seq is not None else {"last_by_subj": last_by_subj}
        try:
            r = self.js("STREAM.MSG.GET." + stream, body)
        except NatsError as e:
            if "10037" in str(e) or "no message found" in str(e):
                return None
            raise
        m = r["message"]
        return int(m["seq"]), base64.b64decode(m.get("data") or "")

    def read_stream(self, stream: str, timeout: float = 10.0) -> Dict[int, bytes]:
        """Every message of the stream, by sequence, through an ephemeral push
        consumer (ack none); the stream sequence comes from the reply subject
        $JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<dseq>.<ts>.<pending>."""
        last = int(self.stream_info(stream)["state"]["last_seq"])
        out: Dict[int, bytes] = {}
        if last == 0:
            return out
        done = threading.Event()
        deliver = self.inbox + ".push." + str(next(self.rid))

        def on(subj: str, reply: Optional[str], hdr: bytes, data: bytes) -> None:
            if not reply or not reply.startswith("$JS.ACK."):
                return  # idle heartbeats, flow control
            tok = reply.split(".")
            sseq = int(tok[-4])
            out[sseq] = data
            if sseq >= last:
                done.set()

        sid = self.subscribe(deliver, on)
        try:
            self.js("CONSUMER.CREATE." + stream, {"stream_name": stream, "config": {
                "deliver_subject": deliver, "deliver_policy": "all",
                "ack_policy": "none", "replay_policy": "instant",
                "inactive_threshold": 10_000_000_000, "mem_storage": True,
                "num_replicas": 1}})
            if not done.wait(timeout):
                raise NatsError(f"read_stream {stream}: {len(out)} of {last} in {timeout}s")
        finally:
            self.unsubscribe(sid)
        return out

    def close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.sock.close()


class Node:
    def __init__(self, name: str, work: str) -> None:
        self.name = name
        self.port, self.cport, self.mport = free_port(), free_port(), free_port()
        self.store = os.path.join(work, name)
        self.conf = os.path.join(work, name + ".conf")
        self.log = os.path.join(work, name + ".log")
        self.proc: Optional["subprocess.Popen[bytes]"] = None

    @property
    def url(self) -> str:
        return f"nats://127.0.0.1:{self.port}"

    def monitor(self, path: str) -> Dict[str, Any]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.mport}{path}",
                                    timeout=2) as r:
            return dict(json.loads(r.read()))


class NatsCluster:
    """Three nats-server processes with JetStream, clustered over routes on
    loopback; `with NatsCluster() as c:` tears everything down."""

    def __init__(self, size: int = 3, binary: Optional[str] = None,
                 work: Optional[str] = None) -> None:
        b = binary or find_nats_server()
        if not b:
            raise FileNotFoundError("nats-server not found (apt-get install nats-server)")
        self.binary = b
        self.own_work = work is None
        self.work = work or tempfile.mkdtemp(prefix="acdr-nats-")
        os.makedirs(self.work, exist_ok=True)
        self.nodes = [Node(f"n{i + 1}", self.work) for i in range(size)]
        self._write_configs()

    def _write_configs(self) -> None:
        for n in self.nodes:
            routes = ", ".join(f"nats-route://127.0.0.1:{m.cport}"
                               for m in self.nodes if m is not n)
            # no_advertise: clients must not learn the other nodes' URLs
            # from INFO, or a proxied client would bypass its proxy
            with open(n.conf, "w") as f:
                f.write(f"""server_name: {n.name}
listen: 127.0.0.1:{n.port}
http: 127.0.0.1:{n.mport}
jetstream {{
  store_dir: "{n.store}"
  max_memory_store: 64MB
  max_file_store: 1GB
}}
cluster {{
  name: acdr
  listen: 127.0.0.1:{n.cport}
  routes: [{routes}]
  no_advertise: true
}}
""")

    @property
    def urls(self) -> List[str]:
        return [n.url for n in self.nodes]

    def start(self, timeout: float = 30.0) -> "NatsCluster":
        """Start every node; when one exits at once (a port picked by
        free_port() was taken meanwhile by another process), all again on
        new ports."""
        for attempt in range(5):
            for n in self.nodes:
                self._start(n)
            time.sleep(0.3)
            if all(n.proc is not None and n.proc.poll() is None for n in self.nodes):
                break
            self.stop()
            for n in self.nodes:
                n.port, n.cport, n.mport = free_port(), free_port(), free_port()
                shutil.rmtree(n.store, ignore_errors=True)
            self._write_configs()
        self.wait_ready(timeout)
        return self

    def _start(self, n: Node) -> None:
        log = open(n.log, "ab")
        n.proc = spawn([self.binary, "-c", n.conf], stdout=log, stderr=log)
        log.close()

    def meta_leader(self, n: Node) -> Optional[str]:
        try:
            mc = n.monitor("/jsz").get("meta_cluster") or {}
        except (OSError, ValueError):
            return None
        return mc.get("leader") or None

    def wait_ready(self, timeout: float = 30.0) -> str:
        """Until every running node is healthy and sees the same JetStream
        meta leader; returns its name."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            up = [n for n in self.nodes if n.proc and n.proc.poll() is None]
            leaders = {self.meta_leader(n) for n in up}
            if len(leaders) == 1 and None not in leaders:
                try:
                    if all(n.monitor("/healthz").get("status") == "ok" for n in up):
                        return str(leaders.pop())
                except (OSError, ValueError):
                    pass
            time.sleep(0.1)
        raise TimeoutError("JetStream has no meta leader; logs in " + self.work)

    def kill9(self, i: int) -> None:
        n = self.nodes[i]
        assert n.proc is not None
        n.proc.send_signal(signal.SIGKILL)
        n.proc.wait()

    def restart(self, i: int, timeout: float = 30.0) -> None:
        n = self.nodes[i]
        if n.proc is not None and n.proc.poll() is None:
            self.kill9(i)
        self._start(n)
        self.wait_ready(timeout)

    def client(self, i: int = 0) -> NatsClient:
        return NatsClient("127.0.0.1", self.nodes[i].port)

    def any_client(self) -> NatsClient:
        for i, n in enumerate(self.nodes):
            if n.proc and n.proc.poll() is None:
                try:
                    return self.client(i)
                except OSError:
                    pass
        raise NatsError("no NATS node reachable")

    def stop(self) -> None:
        for n in self.nodes:
            if n.proc is not None and n.proc.poll() is None:
                try:
                    os.killpg(n.proc.pid, signal.SIGKILL)
                except OSError:
                    pass
                n.proc.wait()

    def __enter__(self) -> "NatsCluster":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
        if self.own_work and exc[0] is None:
            shutil.rmtree(self.work, ignore_errors=True)


def _selftest() -> int:
    """The fixture on its own: a replicated stream keeps accepting with one
    node killed (quorum 2 of 3), a restarted node catches up, and a
    partition through faultproxy refuses traffic until healed."""
    from faultproxy import FaultProxy
    failed: List[str] = []

    def check(cond: bool, what: str) -> None:
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            failed.append(what)

    t0 = time.monotonic()
    with NatsCluster() as c:
        leader = c.wait_ready()
        check(leader in ("n1", "n2", "n3"), f"meta leader elected ({leader}) "
              f"in {time.monotonic() - t0:.1f}s")
        nc = c.client(0)
        nc.add_stream("selftest", ["st.log"], replicas=3)
        check(nc.stream_for_subject("st.log") == "selftest", "stream found by subject")
        seqs = [nc.js_publish("st.log", f"m{i}".encode()) for i in range(50)]
        check(seqs == list(range(1, 51)), "50 publishes acked with sequences 1..50")
        # kill a node that is neither ours nor the stream's leader (a
        # publish that times out in a leader election may still be stored,
        # and this client has no message ids to retry without doubles)
        sl = nc.stream_info("selftest").get("cluster", {}).get("leader")
        victim = next(i for i in (2, 1) if c.nodes[i].name != sl)
        c.kill9(victim)
        t1 = time.monotonic()
        more = []
        for i in range(50, 100):
            for _ in range(100):
                try:
                    more.append(nc.js_publish("st.log", f"m{i}".encode(), timeout=2))
                    break
                except NatsError:
                    time.sleep(0.1)
        check(more == list(range(51, 101)),
              f"one node of 3 killed: 50 more publishes acked "
              f"({time.monotonic() - t1:.1f}s)")
        c.restart(victim)
        got = c.client(victim).read_stream("selftest")
        check([got[s] for s in sorted(got)] == [f"m{i}".encode() for i in range(100)],
              "restarted node reads the whole stream, in order")
        one = nc.msg_get("selftest", seq=7)
        check(one == (7, b"m6"), "message 7 by sequence")
        nc.close()
        px = FaultProxy([("127.0.0.1", n.port) for n in c.nodes])
        try:
            pc = NatsClient("127.0.0.1", px.ports[0])
            check(pc.js_publish("st.log", b"via proxy") == 101, "publish through the proxy")
            px.cut()
            try:
                pc.js_publish("st.log", b"cut", timeout=1)
                check(False, "publish during the cut fails")
            except (NatsError, OSError):
                check(True, "publish during the cut fails")
            try:
                NatsClient("127.0.0.1", px.ports[1], timeout=1)
                check(False, "new connection refused during the cut")
            except (OSError, NatsError):
                check(True, "new connection refused during the cut")
            px.heal()
            pc2 = NatsClient("127.0.0.1", px.ports[1])
            check(pc2.js_publish("st.log", b"healed") == 102, "healed: publish again")
            pc2.close()
        finally:
            px.close()
    print(f"{len(failed)} failed, {time.monotonic() - t0:.1f}s")
    return 1 if failed else 0


if __name__ == "__main__":
    import sys
    if not find_nats_server():
        print("SKIP: nats-server not found (Debian: apt-get install nats-server)")
        sys.exit(77)
    sys.exit(_selftest())
