#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""M/M/N(+M) against Erlang C/A over R independent replications.

Runs `acdroute-sim --mmn ...` R times with seeds 1..R and checks that the
Erlang prediction of occupancy, service level, ASA and abandonment lies in
the replications' 95% confidence interval (Student t) -- for the
simulator's own figures and for the library's metrics (metrics.h) as the
simulator reads them at the end of the run.  The library's figures must not
be diluted by idle time after the run (read at "now + FCR window", the
library's occupancy was 0.77 against Erlang's 0.84).

usage: check_mmn_reps.py SIM R ARGS...
"""
import json
import math
import subprocess
import sys

SIM, R, ARGS = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
# Student t 97.5% quantiles by degrees of freedom
T975 = {4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
        10: 2.228, 11: 2.201, 14: 2.145, 19: 2.093}

runs = []
for seed in range(1, R + 1):
    p = subprocess.run([SIM, *ARGS, "--seed", str(seed), "--json", "--quiet"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"seed {seed}: acdroute-sim failed ({p.returncode}):\n"
                 f"{p.stderr}")
    runs.append(json.loads(p.stdout))

erl = runs[0]["erlang"]
if erl["status"] != "ACDR_OK":
    sys.exit(f"Erlang prediction failed: {erl['status']}")
t = T975[R - 1]
bad = []
for src in ("simulator", "library"):
    for k in ("occupancy", "service_level", "asa_s", "abandon_rate"):
        xs = [(d if src == "simulator" else d["library"])[k] for d in runs]
        if any(x is None for x in xs):
            bad.append(f"{src} {k}: no value")
            continue
        mean = sum(xs) / R
        sd = math.sqrt(sum((x - mean) ** 2 for x in xs) / (R - 1))
        half = t * sd / math.sqrt(R)
        ok = mean - half <= erl[k] <= mean + half
        print(f"{src:9s} {k:13s} {mean:.5f} +- {half:.5f}  "
              f"{erl['model']} {erl[k]:.5f}  {'ok' if ok else 'OUTSIDE'}")
        if not ok:
            bad.append(f"{src} {k}")
if bad:
    sys.exit("outside the replications' 95% interval: " + ", ".join(bad))
