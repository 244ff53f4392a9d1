# SPDX-License-Identifier: MIT
"""Finding and version-checking the shared library."""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

import acdroute as acd
from acdroute import _lib

PKG = str(Path(__file__).resolve().parent.parent)


def _import_with(env_lib: str) -> subprocess.CompletedProcess:  # type: ignore[type-arg]
    env = dict(os.environ, ACDROUTE_LIBRARY=env_lib, PYTHONPATH=PKG)
    return subprocess.run(
        [sys.executable, "-c", "import acdroute"], env=env, capture_output=True, text=True
    )


def test_loaded_from_env() -> None:
    assert acd.lib().path == os.environ["ACDROUTE_LIBRARY"]
    assert acd.version_num() >> 16 in acd.SUPPORTED_MAJOR


def test_missing_library_is_a_clear_import_error() -> None:
    r = _import_with("/nonexistent/libacdroute.so")
    assert r.returncode != 0
    assert "LibraryNotFound" in r.stderr and "/nonexistent/libacdroute.so" in r.stderr


def test_not_acdroute() -> None:
    libc = ctypes.util.find_library("c")
    if not libc:
        pytest.skip("no libc found")
    with pytest.raises(acd.LibraryNotFound, match="not libacdroute"):
        _lib.load(libc)


def test_unsupported_major(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_lib, "SUPPORTED_MAJOR", (99,))
    with pytest.raises(acd.UnsupportedVersion, match="support major version"):
        _lib.load(os.environ["ACDROUTE_LIBRARY"])
    assert issubclass(acd.UnsupportedVersion, ImportError)
