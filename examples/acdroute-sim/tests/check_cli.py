#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The command line of acdroute-sim: --version, --help with examples, an
unknown option with a did-you-mean hint, no progress lines when stderr is
not a terminal, the M/M/N model only with --mmn, and --agents /
--staff-scale scaling every team alike (with --config too).

usage: check_cli.py SIM SCENARIO_DIR
"""
import collections
import json
import os
import subprocess
import sys

SIM, SCEN = sys.argv[1], sys.argv[2]
bad = []


def run(*args):
    return subprocess.run([SIM, *args], capture_output=True, text=True)


p = run("--version")
if p.returncode != 0 or not p.stdout.startswith("acdroute-sim "):
    bad.append(f"--version: {p.returncode} {p.stdout!r}")
p = run("--help")
if p.returncode != 0 or "examples:" not in p.stdout or "--mmn" not in p.stdout:
    bad.append("--help lacks examples or --mmn")
p = run("--staff-scal", "0.5")
if p.returncode != 2 or "unknown option --staff-scal (did you mean " \
        "--staff-scale?)" not in p.stderr:
    bad.append(f"unknown option: {p.returncode} {p.stderr!r}")
# stderr is a pipe here: no progress lines
p = run("--contacts", "300")
if p.returncode != 0 or "\r" in p.stderr or "day" in p.stderr:
    bad.append(f"progress written to a pipe: {p.stderr!r}")
# --agents without --mmn scales the scenario, never switches model
p = run("--agents", "60", "--json", "--quiet")
d = json.loads(p.stdout)
if "erlang" in d or d["scenario"] != json.loads(
        run("--json", "--quiet", "--contacts", "10").stdout)["scenario"]:
    bad.append("--agents switched to another model")
p = run("--mmn", "--agents", "8", "--contacts", "2000", "--json", "--quiet")
if p.returncode != 0 or json.loads(p.stdout)["model"]["agents"] != 8:
    bad.append("--mmn --agents 8 did not give the M/M/N model")
if run("--mmn", "--config",
       os.path.join(SCEN, "overflow.json")).returncode != 2:
    bad.append("--mmn with --config accepted")


def teams(args):
    doc = json.loads(run(*args, "--json", "--quiet").stdout)
    all_, on = collections.Counter(), collections.Counter()
    for a in doc["agents"]:
        all_[a["team"]] += 1
        on[a["team"]] += a["working"]
    return all_, on, doc


for base in ([], ["--config", os.path.join(SCEN, "northwind-day.json")]):
    all_, _, _ = teams(base)
    n = sum(all_.values())
    for opt in (["--agents", str(round(n * 0.8))], ["--staff-scale", "0.8"]):
        _, on, doc = teams(base + opt)
        if sum(on.values()) != round(n * 0.8):
            bad.append(f"{base} {opt}: {sum(on.values())} agents work")
        for t, k in all_.items():
            # every team keeps its share, within one agent
            if abs(on[t] - k * 0.8) > 1:
                bad.append(f"{base} {opt}: team {t} keeps {on[t]} of {k}")
        chat = [q for q in doc["queues"] if q["id"] == "chat"]
        if chat and chat[0]["service_level"] < 0.2:
            bad.append(f"{base} {opt}: chat SL {chat[0]['service_level']}")
p = run("--staff-scale", "1.5")
if p.returncode != 2:
    bad.append("--staff-scale 1.5 accepted")
if bad:
    sys.exit("\n".join(bad))
print("command line ok")
