# SPDX-License-Identifier: MIT
"""The ctypes struct mirrors match the C headers: sizeof and every offsetof,
checked by compiling a small C program (skipped without a C compiler)."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from acdroute import _lib as C

ROOT = Path(__file__).resolve().parents[3]
STRUCTS = [
    "acdr_kv", "acdr_skill", "acdr_action", "acdr_callbacks", "acdr_options",
    "acdr_agent_def", "acdr_member_def", "acdr_agent_info", "acdr_queue_def", "acdr_queue_info",
    "acdr_contact_def", "acdr_contact_info", "acdr_engine_counts",
    "acdr_erlang_result", "acdr_dispo_code", "acdr_dispo_record",
    "acdr_dispo_change", "acdr_dispo_rule", "acdr_dispo_stats",
    "acdr_metrics_options", "acdr_metrics", "acdr_interval", "acdr_day_hours",
    "acdr_holiday", "acdr_hours",
    # sys/strategy.h (Python strategies)
    "acdr_strategy_ctx", "acdr_strategy",
]


def test_struct_layout(tmp_path: Path) -> None:
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        pytest.skip("no C compiler")
    lib = Path(os.environ["ACDROUTE_LIBRARY"]).resolve()
    gen = [p for p in (lib.parent / "include", ROOT / "build" / "include") if
           (p / "acdroute" / "version.h").exists()]
    headers = sorted(p.name for p in (ROOT / "include" / "acdroute").glob("*.h"))
    src = ["#include <stddef.h>", "#include <stdio.h>"]
    src += [f"#include <acdroute/{h}>" for h in headers if h != "version.h.in"]
    sys_headers = sorted("sys/" + p.name for p in (ROOT / "include" / "acdroute" / "sys").glob("*.h"))
    src += [f"#include <acdroute/{h}>" for h in sys_headers]
    src.append("int main(void) {")
    present = []
    for name in STRUCTS:
        cls = getattr(C, name)
        hdr_text = "".join(
            (ROOT / "include" / "acdroute" / h).read_text() for h in headers + sys_headers
        )
        if f"}} {name};" not in hdr_text:
            continue  # header not there yet
        present.append(name)
        src.append(f'  printf("{name} size %zu\\n", sizeof({name}));')
        for f, _t in cls._fields_:
            src.append(f'  printf("{name} {f} %zu\\n", offsetof({name}, {f}));')
    src += ["  return 0;", "}"]
    c = tmp_path / "layout.c"
    c.write_text("\n".join(src) + "\n")
    exe = tmp_path / "layout"
    cmd = [cc, "-std=c11", "-I", str(ROOT / "include")]
    for g in gen:
        cmd += ["-I", str(g)]
    if not gen:  # version.h is generated; a stub is enough for layouts
        stub = tmp_path / "inc" / "acdroute"
        stub.mkdir(parents=True)
        (stub / "version.h").write_text("")
        cmd += ["-I", str(tmp_path / "inc")]
    r = subprocess.run(cmd + [str(c), "-o", str(exe)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    out = subprocess.run([str(exe)], capture_output=True, text=True, check=True).stdout
    seen = 0
    for line in out.splitlines():
        name, field, value = line.split()
        cls = getattr(C, name)
        want = ctypes.sizeof(cls) if field == "size" else getattr(cls, field).offset
        assert int(value) == want, f"{name}.{field}: C {value}, ctypes {want}"
        seen += 1
    assert present and seen > len(present)


def test_every_public_function_is_bound() -> None:
    """Every ACDROUTE_EXTERN function of the topic headers has a prototype
    here (the plug-in API in sys/ is bound too, for Python strategies, but
    not checked here)."""
    import re

    names = set()
    for h in (ROOT / "include" / "acdroute").glob("*.h"):
        text = h.read_text()
        names |= set(re.findall(r"ACDROUTE_EXTERN[^;(]*?\b(acdr_\w+)\s*\(", text, re.S))
    bound = set(C._REQUIRED) | set(C._OPTIONAL)
    assert names, "no declarations found"
    assert sorted(names - bound) == []
