#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""acdroute-sim plan: the staffing planner.

- M/M/N+M (one queue, identical agents, exponential talk time and
  patience; the curve from a CSV of two days of history): the simulated
  staffing is Erlang A's within one agent in every interval, and the
  plan meets the targets in every interval.
- The built-in day (multi-skill teams, chat capacity): the plan meets
  every target in every interval, its shifts cover every interval, and
  the whole day re-simulated with the planned shifts on other seeds meets
  every queue's SL target and abandonment cap.
- The chart carries its labelled parts and renders (rsvg-convert).
- A bad history row is refused with the file and line.
"""
import json
import os
import shutil
import subprocess
import sys

sim, tests, work = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(work, exist_ok=True)


def plan(*args):
    p = subprocess.run([sim, "plan", *args, "--json"], capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0, (args, p.returncode, p.stderr)
    return json.loads(p.stdout)


# 1. M/M/N+M against Erlang A
hist = os.path.join(tests, "plan-mmn-history.csv")
out = plan("mmn", "--history", hist, "--interval", "60", "--replications",
           "8", "--aht", "180", "--patience", "120", "--threshold", "20",
           "--verify", "0")
rows = out["intervals"]
assert [r["start"] for r in rows] == ["08:00", "09:00", "10:00", "11:00",
                                       "12:00", "13:00"], rows
# two days averaged: 62 contacts in the 08:00 hour
assert abs(rows[0]["offered_per_h"] - 62) < 1e-9, rows[0]
for r in rows:
    assert abs(r["simulated"] - r["erlang_a"]) <= 1, r
    assert r["met"] and r["sl"] >= 0.8 and r["abandon"] <= 0.05, r
# more traffic, more agents: 11:00 (260/h) needs more than 08:00 (62/h)
assert rows[3]["simulated"] > rows[0]["simulated"] + 5, rows

# 2. the built-in day, re-simulated with the plan
svg = os.path.join(work, "plan.svg")
out = plan("default", "--replications", "2", "--verify", "2", "--svg", svg)
assert len(out["intervals"]) >= 4 * 20, len(out["intervals"])
for r in out["intervals"]:
    assert r["met"], r
assert {v["queue"] for v in out["verify"]} == {"sales", "support", "vip",
                                               "chat"}, out["verify"]
for v in out["verify"]:
    assert v["offered"] > 100, v
    assert v["met"] and v["sl"] >= 0.8 and v["abandon"] <= 0.05, v
for t in out["teams"]:
    # no team needs more agents at once than it has
    assert max(t["per_interval"]) <= t["agents"], t
    # every shift is 8 h or cut at the end of the day (20:00)
    for a, b in t["shifts"]:
        assert a < b and (b == "20:00" or int(b[:2]) - int(a[:2]) == 8), t
# the shifts cover every interval's requirement (breaks counted out)
for t in out["teams"]:
    for need, at in zip(t["per_interval"], t["at_work"]):
        assert at >= need - 1e-6, t
# where simulation and Erlang A differ, the reason is given
why = " ".join(r["why"] for r in out["intervals"])
assert "multi-skill" in why and "chat capacity" in why, why
assert all(r["why"] for r in out["intervals"]
           if abs(r["simulated"] - r["erlang_a"]) >= 1), out["intervals"]

doc = open(svg).read()
for part in ("Staffing plan", "required (simulation)", "Erlang A",
             "at work (shift plan)", "local time", "agents", "12:00"):
    assert part in doc, part
rsvg = shutil.which("rsvg-convert")
if rsvg:
    png = os.path.join(work, "plan.png")
    r = subprocess.run([rsvg, "-o", png, svg], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert os.path.getsize(png) > 5000, os.path.getsize(png)
else:
    print("rsvg-convert not found: the chart was not rendered")

# a scenario name with quotes and a backslash stays valid JSON
src = json.load(open(os.path.join(os.path.dirname(tests.rstrip("/")),
                                  "..", "scenarios", "chat-team.json")))
src["name"] = 'Team "A" \\ chat'
odd = os.path.join(work, "odd.json")
with open(odd, "w") as f:
    json.dump(src, f)
out = plan(odd, "--replications", "1", "--verify", "1")
assert out["scenario"] == 'Team "A" \\ chat', out["scenario"]

# 3. mistakes
bad = os.path.join(work, "bad.csv")
with open(bad, "w") as f:
    f.write("08:00,sales,10\n08:00,nosuch,3\n")
p = subprocess.run([sim, "plan", "default", "--history", bad],
                   capture_output=True, text=True)
assert p.returncode == 2 and "bad.csv:2" in p.stderr and "nosuch" in \
    p.stderr, p.stderr
p = subprocess.run([sim, "plan", "default", "--replications", "0"],
                   capture_output=True, text=True)
assert p.returncode == 2 and "--replications" in p.stderr, p.stderr
print("plan: ok")
