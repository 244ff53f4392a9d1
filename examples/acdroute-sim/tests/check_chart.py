#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The --svg chart, looked at as a picture: rendered to PNG with
rsvg-convert (Debian librsvg2-bin) for the built-in day, a two-day scenario
and an M/M/N run, and checked for its labelled parts: both panels' legends,
round axis ticks, day-aware time labels (never "24:00" or "48:00"), no
service-level line across closed hours, one panel per queue, planned staff on the built-in day,
and M/M/N intervals merged into at most 120 columns.

usage: check_chart.py SIM SCENARIO_DIR WORKDIR
"""
import math
import os
import re
import shutil
import struct
import subprocess
import sys

SIM, SCEN, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(WORK, exist_ok=True)
rsvg = shutil.which("rsvg-convert")
if not rsvg:
    print("rsvg-convert not found (Debian librsvg2-bin): skipped")
    sys.exit(77)
bad = []


def chart(tag, *args):
    svg = os.path.join(WORK, tag + ".svg")
    png = os.path.join(WORK, tag + ".png")
    p = subprocess.run([SIM, *args, "--quiet", "--svg", svg],
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("\n".join(bad + [f"{tag}: acdroute-sim failed: {p.stderr}"]))
    p = subprocess.run([rsvg, "-o", png, svg], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"{tag}: rsvg-convert failed: {p.stderr}")
    with open(png, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        bad.append(f"{tag}: not a PNG")
    w, h = struct.unpack(">II", head[16:24])
    if w < 800 or h < 400:
        bad.append(f"{tag}: PNG {w}x{h}")
    with open(svg) as f:
        return f.read()


def round_ticks(tag, s):
    """Each left axis (a run of tick labels starting at 0) steps by 1, 2 or
    5 x 10^k (ticks at 13/26/39 are refused)."""
    vals = [float(v) for v in
            re.findall(r'text-anchor="end">([0-9.]+)</text>', s)]
    axes, cur = [], []
    for v in vals:
        if v == 0 and cur:
            axes.append(cur)
            cur = []
        cur.append(v)
    axes.append(cur)
    for ax in axes:
        if len(ax) < 3:
            bad.append(f"{tag}: axis {ax} has too few ticks")
            continue
        step = ax[1] - ax[0]
        e = 10 ** math.floor(math.log10(step))
        if round(step / e, 6) not in (1, 2, 5):
            bad.append(f"{tag}: axis {ax}: step {step} is not round")
        if any(abs(b - a - step) > 1e-9 for a, b in zip(ax, ax[1:])):
            bad.append(f"{tag}: axis {ax}: uneven")


def times(s):
    return re.findall(r'text-anchor="middle">((?:d\d+ )?\d\d:\d\d)</text>', s)


LEGEND = ["agents staffed", "agents busy", "service level",
          "contacts waiting", "abandoned contacts"]
day = chart("day")
for k in LEGEND + ["agents planned"]:
    if k not in day:
        bad.append(f"day: no '{k}'")
round_ticks("day", day)
for q in ("sales", "support", "vip", "chat"):  # one panel per queue
    if f"queue {q} (T = " not in day:
        bad.append(f"day: no panel for queue {q}")
if not times(day) or any(int(t[-5:-3]) > 23 for t in times(day)):
    bad.append(f"day: time labels {times(day)}")

two = chart("two-days", "--config", os.path.join(SCEN, "overflow.json"))
for k in LEGEND:
    if k not in two:
        bad.append(f"two days: no '{k}'")
round_ticks("two days", two)
labels = times(two)
if not any(t.startswith("d2 ") for t in labels) or \
        any(int(t[-5:-3]) > 23 for t in labels):
    bad.append(f"two days: time labels {labels}")
if len(labels) / 2 > 13:  # the same labels under both panels
    bad.append(f"two days: {len(labels)} time labels")
sl_lines = re.findall(r'<polyline[^>]*stroke="#2a9d3a"', two)
if len(sl_lines) < 2:
    bad.append("two days: the SL line runs across the closed night")

mmn = chart("mmn", "--mmn", "--contacts", "50000")
cols = mmn.count("agents busy</title>")
if not 10 <= cols <= 120:
    bad.append(f"mmn: {cols} columns")
round_ticks("mmn", mmn)
if bad:
    sys.exit("\n".join(bad))
print(f"charts rendered: day, two days, M/M/N ({cols} columns)")
