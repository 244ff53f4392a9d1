# SPDX-License-Identifier: MIT
"""``python3 -m acdroute``: versions and where the library came from."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import acdroute as acd

PKG = Path(__file__).resolve().parents[1]


def _run(*args: str) -> "subprocess.CompletedProcess[str]":
    env = dict(os.environ, PYTHONPATH=str(PKG))
    return subprocess.run([sys.executable, "-m", "acdroute", *args], env=env,
                          capture_output=True, text=True, timeout=60)


def test_version_names_package_library_and_path() -> None:
    p = _run("--version")
    assert p.returncode == 0, p.stderr
    assert p.stdout == (f"acdroute {acd.__version__} (library {acd.version()}, "
                        f"{acd.lib().path})\n")


def test_no_option_lists_the_strategies() -> None:
    p = _run()
    assert p.returncode == 0, p.stderr
    assert "strategies: longest-idle," in p.stdout


def test_unknown_option_is_an_error() -> None:
    p = _run("--verison")
    assert p.returncode == 2
    assert "unrecognized arguments: --verison" in p.stderr
