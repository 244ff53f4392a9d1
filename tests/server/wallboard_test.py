#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The wallboard in headless Chromium (Debian's chromium): the page loads,
shows the queues and agents from the server's event stream, and updates
after an event sent while it is open; the service level, ASA and
abandonment tiles (today and the last 15 minutes, from the library's
metrics) show the figures and change after an abandon.

Peer: Asterisk's queue service level (app_queue.c, set_queue_variables:
QUEUESRVLEVELPERF = calls completed within servicelevel / calls
completed) is the library's "answered_in_sl/answered" variant; the
wallboard shows the variant the engine is set to (by default
"answered_in_sl/(answered+abandoned)"), named in the tile's title.  Skipped (exit 77) without chromium.

usage: wallboard_test.py SERVER_BINARY [--save PNG]
"""
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from srvtest import free_port

BIN = sys.argv[1]
SAVE = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == "--save" else None
CHROME = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROME:
    print("skipped: no chromium")
    sys.exit(77)


work = tempfile.mkdtemp(prefix="acdr-server-wb-")
cfg = {"queues": [{"id": "sales", "members": [{"agent": "alice"}, {"agent": "bob"}]},
                  {"id": "support", "members": [{"agent": "bob"}, {"agent": "carol"}]}],
       "agents": [{"id": "alice"}, {"id": "bob"}, {"id": "carol"}]}
with open(os.path.join(work, "c.json"), "w") as f:
    json.dump(cfg, f)
tcp, http = free_port(), free_port()
env = dict(os.environ)
if env.pop("ACDROUTE_SERVER_CLEAN_ENV", None):
    env.pop("LD_PRELOAD", None)
    env.pop("ASAN_OPTIONS", None)
srv = subprocess.Popen([BIN, "--dir", work, "--config", os.path.join(work, "c.json"),
                        "--clock", "events", "--tcp", f"127.0.0.1:{tcp}",
                        "--http", f"127.0.0.1:{http}"],
                       stderr=subprocess.DEVNULL, env=env)
failed = []
try:
    for _ in range(500):
        try:
            conn = socket.create_connection(("127.0.0.1", tcp))
            break
        except OSError:
            time.sleep(0.01)
    f = conn.makefile("rw")

    def send(**kw: object) -> None:
        f.write(json.dumps(kw) + "\n")
        f.flush()
        while '"ok"' not in f.readline():
            pass

    send(t_ms=0, ev="login", agent="alice")
    send(t_ms=0, ev="login", agent="bob")
    send(t_ms=1000, ev="arrive", contact="c1", queue="sales")
    send(t_ms=2000, ev="accept", contact="c1", agent="alice")
    send(t_ms=3000, ev="arrive", contact="c2", queue="support")
    send(t_ms=4000, ev="arrive", contact="c3", queue="sales")
    send(t_ms=65000, ev="status", agent="bob", status="away")

    url = f"http://127.0.0.1:{http}/wallboard"
    flags = [CHROME, "--headless", "--no-sandbox", "--disable-gpu",
             "--hide-scrollbars", "--window-size=1280,720"]
    # chromium is not sanitized: not with the ASan runtime preloaded
    cenv = {k: v for k, v in os.environ.items()
            if k not in ("LD_PRELOAD", "ASAN_OPTIONS", "UBSAN_OPTIONS")}
    png = os.path.join(work, "wallboard.png")
    subprocess.run(flags + ["--timeout=3000", f"--screenshot={png}", url],
                   capture_output=True, timeout=60, env=cenv)
    with open(png, "rb") as p:
        data = p.read()
    ok = data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10000
    print(("ok   " if ok else "FAIL ") + f"screenshot ({len(data)} bytes)")
    if not ok:
        failed.append("screenshot")
    if SAVE:
        shutil.copy(png, SAVE)

    # the DOM once the page has rendered the stream's message; then an
    # event, and the page loaded again shows it (?once=1: the stream ends
    # after one message so that Chromium's virtual time can run out; the
    # live stream's latency is tested in protocol_test.py)
    def dump() -> str:
        return subprocess.run(flags + ["--virtual-time-budget=2000", "--dump-dom",
                                       url + "?once=1"],
                              capture_output=True, text=True, timeout=60,
                              env=cenv).stdout
    dom0 = dump()
    # c3 gives up after 66 s in sales (an abandon), c4 arrives
    send(t_ms=70000, ev="hangup", contact="c3")
    send(t_ms=70000, ev="arrive", contact="c4", queue="sales")
    dom = dump()

    def tile(d: str, key: str, value: str, text: str) -> bool:
        return re.search(f'data-{key}="{re.escape(value)}"[^>]*>{re.escape(text)}<', d) \
            is not None

    # service level, ASA and abandonment of today from the library's
    # metrics (default variant answered in T / (answered + abandoned),
    # T = 20 s): sales had c1 answered after 1 s, c3 waiting; then c3
    # abandoned and c4 arrived
    checks = {
        "the page shows the queues": "<td>sales</td>" in dom0 and "<td>support</td>" in dom0
        and 'data-waiting="1">1<' in dom0 and "event 8" in dom0,
        "SL, ASA, abandonment tiles (sales: 100%, 0:01, 0%)":
        tile(dom0, "sl", "1", "100%") and tile(dom0, "asa", "1000", "0:01")
        and tile(dom0, "ab", "0", "0%") and tile(dom0, "sl15", "1", "100%"),
        "no data yet shows a dash (support: nothing answered)":
        tile(dom0, "sl", "", "\u2013") and tile(dom0, "asa", "", "\u2013"),
        "the agents with their state": "<td>bob</td><td>away</td>" in dom,
        "the update after the event (sales waiting 1, c3 gone, c4 in)":
        'data-waiting="1">1<' in dom and "event 10" in dom,
        "the tiles update (sales SL 50%, abandoned 1 of 3 = 33%)":
        tile(dom, "sl", "0.5", "50%") and tile(dom, "ab", "0.3333333333333333", "33%"),
        "the event counter": "event 10" in dom,
    }
    for what, ok in checks.items():
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            failed.append(what)
finally:
    srv.kill()
    srv.wait()
if failed:
    print(re.findall(r'<tbody id="q">.*?</tbody>|id="st">[^<]*', dom0 + dom))
    print(f"kept {work}")
    sys.exit(1)
shutil.rmtree(work)
print("all passed")
