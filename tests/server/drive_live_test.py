#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""acdroute-drive --live evaluates business hours at the wall clock in the
host's local time (it used to start its clock at 1970-01-01 00:00 UTC, so
a queue open now was reported closed).  The queue is open only during the
current local hour of UTC+14 (TZ=Etc/GMT-14).

usage: drive_live_test.py ACDROUTE_DRIVE
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile

drive = sys.argv[1]
now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=14)))
if not (now.hour <= 22 and now.minute < 58):
    print("skipped: too close to the end of the local day")
    sys.exit(0)
cfg = {"queues": [{"id": "q", "members": [{"agent": "a"}],
                   "hours": {now.strftime("%A").lower():
                             [f"{now.hour:02d}:00-{now.hour + 1:02d}:00"],
                             "closed_kind": "none"}}],
       "agents": [{"id": "a"}]}
with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    json.dump(cfg, f)
env = dict(os.environ, TZ="Etc/GMT-14")
env.pop("ACDROUTE_SERVER_CLEAN_ENV", None)
out = subprocess.run([drive, "--live", "--config", f.name],
                     input='{"ev": "arrive", "contact": "c1", "queue": "q"}\n',
                     capture_output=True, text=True, env=env, timeout=30).stdout
os.unlink(f.name)
acts = [json.loads(x)["action"] for x in out.splitlines() if x.strip()]
print(acts)
sys.exit(0 if "queued" in acts else 1)
