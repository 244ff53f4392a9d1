# SPDX-License-Identifier: MIT
"""mypy --strict sees the whole public API: the package itself, the example
program, and a user module that does ``from acdroute import *`` and uses
every name of ``acdroute.__all__`` (a name mypy cannot see in ``__all__``,
e.g. one added by ``__all__ += list(...)``, is "not defined" there)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import acdroute as acd

_PKG = Path(__file__).resolve().parent.parent
_ROOT = _PKG.parent.parent


def _mypy(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        import mypy  # noqa: F401
    except ImportError:
        pytest.skip("mypy is not installed (Debian: python3-mypy)")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental",
         "--cache-dir", "/dev/null", *args],
        cwd=_PKG, capture_output=True, text=True, env={"MYPYPATH": str(_PKG),
                                                          "PATH": "/usr/bin:/bin"},
    )


def test_package_and_example_pass_mypy_strict() -> None:
    r = _mypy("acdroute", str(_ROOT / "examples" / "python" / "route_contacts.py"))
    assert r.returncode == 0, r.stdout + r.stderr


def test_every_exported_name_is_visible_to_mypy(tmp_path: Path) -> None:
    names = sorted(acd.__all__)
    assert "Engine" in names and "AcdrError" in names
    user = tmp_path / "user_code.py"
    # `import *` goes by __all__ as mypy computes it: a name it cannot see
    # is "not defined" here.
    user.write_text(
        "from acdroute import *  # noqa: F403\n\nprint("
        + ", ".join(names) + ")\n"
    )
    r = _mypy(str(user))
    assert r.returncode == 0, r.stdout + r.stderr


def test_error_names_are_all_exported() -> None:
    from acdroute import errors

    missing = sorted(set(errors.__all__) - set(acd.__all__))
    assert not missing, f"in acdroute.errors.__all__, not in acdroute.__all__: {missing}"
