#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs acdroute-sim on one scenario (a file, or "default" for the built-in
day) and checks that its numbers agree with themselves:

  * every queue row and the total: offered = the sum of its outcomes;
    the queue rows add up to the total plus the contacts moved between
    queues; the intervals add up to the total;
  * the text report, the JSON and the CSV show the same offered, answered,
    abandoned, service level and ASA for every queue, the total and every
    interval (blank / null where there is no service level, never 0%);
  * a warm-up applies everywhere: the warmed-up run counts exactly the
    contacts the full run counted in the intervals after the warm-up (same
    seed, same traffic), no interval row lies in the warm-up, and the
    dispositions and agents' handled contacts add up to the queues'.

usage: check_accounts.py SIM SCENARIO|default WORKDIR WARMUP_S
"""
import csv
import json
import math
import os
import re
import subprocess
import sys

SIM, SCEN, WORK, WARMUP = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
os.makedirs(WORK, exist_ok=True)
BASE = [] if SCEN == "default" else ["--config", SCEN]
failures = []


def fail(msg):
    print(msg, flush=True)
    failures.append(msg)


def run(extra, tag):
    csv_path = os.path.join(WORK, tag + ".csv")
    js = subprocess.run([SIM, *BASE, *extra, "--quiet", "--json", "--csv",
                         csv_path], capture_output=True, text=True)
    if js.returncode != 0:
        sys.exit(f"{tag}: --json failed ({js.returncode}):\n{js.stderr}")
    txt = subprocess.run([SIM, *BASE, *extra, "--quiet"], capture_output=True,
                         text=True)
    if txt.returncode != 0:
        sys.exit(f"{tag}: text report failed ({txt.returncode}):\n"
                 f"{txt.stderr}")
    with open(csv_path, newline="") as f:
        rows = list(csv.DictReader(f))
    return json.loads(js.stdout), txt.stdout, rows


def pct(x):
    return "-" if x is None else f"{100.0 * x:.1f}%"


def outcomes_add_up(what, o):
    total = sum(o["outcomes"].values())
    if total != o["offered"]:
        fail(f"{what}: offered {o['offered']} but the outcomes add up to "
             f"{total}: {o['outcomes']}")


def text_rows(txt, section):
    """Rows of a text table: {label: [fields]}."""
    out, on = {}, False
    for line in txt.splitlines():
        if line.startswith(section):
            on = True
            continue
        if on and not line.startswith("  "):
            break
        if on:
            out[line.strip()] = line
    return out


def check_run(doc, txt, rows, tag):
    if not doc.get("accounts_ok"):
        fail(f"{tag}: accounts_ok is not true")
    if "CROSS-CHECK" not in txt or "BROKEN" in txt:
        fail(f"{tag}: the text cross-check is missing or broken")
    tot = doc["totals"]
    outcomes_add_up(f"{tag} all contacts", tot)
    rows_sum = moved = 0
    for q in doc["queues"]:
        outcomes_add_up(f"{tag} queue {q['id']}", q)
        rows_sum += q["offered"]
        moved += q.get("overflow_in", 0)
    if rows_sum != tot["offered"] + moved:
        fail(f"{tag}: queue rows {rows_sum} != total {tot['offered']} + "
             f"moved {moved}")
    ivs = doc["intervals"]
    if sum(i["offered"] for i in ivs) != tot["offered"]:
        fail(f"{tag}: intervals do not add up to the total")
    # text = JSON: the queue rows and the total
    qtext = {}
    for line in txt.splitlines():
        m = re.match(r"  (\S+)(?: \(\d+s\)| contacts)\s+(\d+)\s+(\d+)\s+(\d+)"
                     r"\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S+)",
                     line)
        if m and line.find("offered =") < 0:
            qtext.setdefault(m.group(1), m.groups())
    for q, key in [(q, q["id"]) for q in doc["queues"]] + [(tot, "all")]:
        g = qtext.get(key)
        if not g:
            fail(f"{tag}: no text row for {key}")
            continue
        want = (q["offered"], q.get("overflow_in", 0), q["answered"], q["abandoned"])
        got = tuple(int(x) for x in g[1:5])
        if got != want:
            fail(f"{tag}: {key}: text {got} vs JSON {want}")
        if g[9] != pct(q["service_level"]):
            fail(f"{tag}: {key}: text SL {g[9]} vs JSON {q['service_level']}")
        asa = "-" if q["asa_s"] is None else f"{q['asa_s']:.1f}s"
        if q["answered"] and g[10] != asa:
            fail(f"{tag}: {key}: text ASA {g[10]} vs JSON {q['asa_s']}")
        if key != "all":
            target = q.get("sl_target", 0.8)
            missed = (q["service_level"] is not None
                      and q["service_level"] < target)
            line = [ln for ln in txt.splitlines()
                    if ln.startswith(f"  {key} (")][0]
            if missed != line.endswith("MISSED"):
                fail(f"{tag}: {key}: SL {q['service_level']} vs target "
                     f"{target}, flag wrong: {line}")
    # JSON = CSV = text on every interval
    if len(rows) != len(ivs):
        fail(f"{tag}: CSV has {len(rows)} rows, JSON {len(ivs)} intervals")
    itext = text_rows(txt, "INTERVALS")
    for iv, row in zip(ivs, rows):
        lbl = iv["start"]
        if row["start"] != lbl:
            fail(f"{tag}: CSV row {row['start']} vs JSON {lbl}")
        for k in ("offered", "answered", "abandoned", "closed"):
            if int(row[k]) != iv[k]:
                fail(f"{tag}: {lbl}: CSV {k} {row[k]} vs JSON {iv[k]}")
        sl = iv["service_level"]
        if (sl is None) != (row["service_level"] == ""):
            fail(f"{tag}: {lbl}: CSV SL '{row['service_level']}' vs JSON {sl}")
        if sl is not None and abs(float(row["service_level"]) - sl) > 6e-5:
            fail(f"{tag}: {lbl}: CSV SL {row['service_level']} vs JSON {sl}")
        if iv["answered"] + iv["abandoned"] == 0 and sl is not None:
            fail(f"{tag}: {lbl}: a service level with no contacts")
        line = next((v for k, v in itext.items() if k.startswith(lbl + " ")),
                    None)
        if line is None:
            fail(f"{tag}: {lbl}: no text row")
            continue
        f = line[2:].split()
        f = f[len(lbl.split()):]
        if [int(x) for x in f[:4]] != [iv["offered"], iv["answered"],
                                       iv["abandoned"], iv["closed"]]:
            fail(f"{tag}: {lbl}: text {f[:4]} vs JSON")
        if f[4] != pct(sl):
            fail(f"{tag}: {lbl}: text SL {f[4]} vs JSON {sl}")
    # the per-queue interval figures add up to the queue rows
    for q in doc["queues"]:
        for k in ("offered", "answered", "abandoned"):
            n = sum(i.get("queues", {}).get(q["id"], {}).get(k, 0)
                    for i in ivs)
            if n != q[k]:
                fail(f"{tag}: {q['id']}: intervals' {k} {n} vs row {q[k]}")
    # dispositions and agents cover the same contacts as the queues
    for q in doc["queues"]:
        if q["dispositions"] and sum(q["dispositions"].values()) > q["handled"]:
            fail(f"{tag}: {q['id']}: more dispositions than handled")
    ah = sum(a["handled"] for a in doc["agents"])
    if ah != tot["handled"]:
        fail(f"{tag}: agents handled {ah}, total handled {tot['handled']}")


full = run(["--warmup", "0"], "full")
check_run(*full, "full")
w = float(WARMUP)
if w > 0:
    warm = run(["--warmup", WARMUP], "warm")
    check_run(*warm, "warm-up")
    d, _, _ = warm
    # the same traffic: the warmed-up run counts what the full run counted
    # in the intervals from the warm-up on (WARMUP is a whole interval)
    after = sum(i["offered"] for i in full[0]["intervals"]
                if i["start_s"] >= w)
    if d["totals"]["offered"] != after:
        fail(f"warm-up: {d['totals']['offered']} offered, the full run has "
             f"{after} from {w:.0f} s on")
    if any(i["start_s"] < w and i["offered"] for i in d["intervals"]):
        fail("warm-up: contacts counted in an interval of the warm-up")
    if d["totals"]["offered"] >= full[0]["totals"]["offered"]:
        fail("warm-up: the queue table did not change")
    if d["warmup_s"] != w:
        fail(f"warm-up: JSON warmup_s {d['warmup_s']}")

if failures:
    sys.exit(1)
print(f"{SCEN}: {full[0]['totals']['offered']} contacts, "
      f"{len(full[0]['queues'])} queues, {len(full[0]['intervals'])} "
      f"intervals: text = JSON = CSV, identities hold")
