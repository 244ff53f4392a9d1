#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""acdroute-sim compare: a scenario against itself differs by exactly 0;
more staff gives a higher service level with the whole 95% CI above 0."""
import json
import os
import subprocess
import sys

sim, scen = sys.argv[1], sys.argv[2]


def run(*args):
    p = subprocess.run([sim, "compare", *args, "--json"], capture_output=True,
                       text=True, timeout=120)
    assert p.returncode == 0, (args, p.returncode, p.stderr)
    return json.loads(p.stdout)


day = os.path.join(scen, "northwind-day.json")
ovf = os.path.join(scen, "overflow.json")
for args in ((day, day, "--replications", "3"),
             (ovf, "--replications", "3"),
             ("default", "--strategy", "skills", "skills",
              "--replications", "2")):
    out = run(*args)
    assert out["queues"], out
    for q in out["queues"]:
        for m in ("sl", "asa_s", "abandon", "occupancy"):
            v = q[m]
            if v["a"] is None:
                continue
            assert v["diff"] == 0 and v["low"] == 0 and v["high"] == 0, (
                args, q["id"], m, v)
            assert v["a"] == v["b"], (args, q["id"], m, v)

# a file name with a quote stays valid JSON
odd = os.path.join(os.environ.get("TMPDIR", "/tmp"),
                   "acdr-compare-%d-q\"uote.json" % os.getpid())
with open(ovf) as f, open(odd, "w") as g:
    g.write(f.read())
try:
    out = run(odd, "--replications", "2")
    assert out["a"] == odd, out["a"]
finally:
    os.unlink(odd)

# 80% of every team against the full staff, same traffic
out = run("default", "--staff-scale", "0.8", "1", "--replications", "5")
for q in out["queues"]:
    sl, ab = q["sl"], q["abandon"]
    assert sl["low"] > 0, (q["id"], sl)
    assert sl["b"] > sl["a"], (q["id"], sl)
    assert ab["high"] < 0, (q["id"], ab)
    assert q["asa_s"]["high"] < 0, (q["id"], q["asa_s"])

# a strategy comparison runs and pairs (different routing: CI reported)
out = run("default", "--strategy", "longest-idle", "round-robin",
          "--replications", "3")
assert all(q["sl"]["n"] == 3 for q in out["queues"]), out

# mistakes are refused with a message
p = subprocess.run([sim, "compare", day, "--staff-scale", "0.8", "1.5"],
                   capture_output=True, text=True)
assert p.returncode == 2 and "--staff-scale" in p.stderr, p.stderr
p = subprocess.run([sim, "compare"], capture_output=True, text=True)
assert p.returncode == 2 and "usage" in p.stderr, p.stderr
print("compare: ok")
