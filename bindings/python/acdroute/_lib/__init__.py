# SPDX-License-Identifier: MIT
"""Low-level ctypes layer: finding and loading libacdroute, struct mirrors,
function prototypes.

Everything here mirrors the C headers in ``include/acdroute/`` exactly (same
field order, same fixed-width types), one module per topic:
:mod:`~acdroute._lib.core` (``types.h``, ``engine.h``, ``errors.h``),
:mod:`~acdroute._lib.config`, :mod:`~acdroute._lib.dispositions`,
:mod:`~acdroute._lib.customers`,
:mod:`~acdroute._lib.metrics`, :mod:`~acdroute._lib.policy`,
:mod:`~acdroute._lib.erlang` and :mod:`~acdroute._lib.strategy`
(``sys/strategy.h``).  This package re-exports all of them.  The public,
Pythonic API lives in :mod:`acdroute.engine`; use this layer only for things
it does not cover.

Every function of the library is always compiled in, so every prototype is
bound when the library is loaded: a library lacking one is refused.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib
import os
import sys
from ctypes import c_uint32
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from . import config, core, customers, dispositions, erlang, metrics, policy, strategy
from .config import *  # noqa: F401,F403
from .core import *  # noqa: F401,F403
from .customers import *  # noqa: F401,F403
from .dispositions import *  # noqa: F401,F403
from .erlang import *  # noqa: F401,F403
from .metrics import *  # noqa: F401,F403
from .policy import *  # noqa: F401,F403
from .strategy import *  # noqa: F401,F403

__all__ = [
    "SUPPORTED_MAJOR",
    "LibraryNotFound",
    "UnsupportedVersion",
    "lib",
    "load",
]
__all__ += core.__all__
__all__ += config.__all__
__all__ += customers.__all__
__all__ += dispositions.__all__
__all__ += erlang.__all__
__all__ += metrics.__all__
__all__ += policy.__all__
__all__ += strategy.__all__

#: Major library versions these bindings understand (0xMMmmpp >> 16).
SUPPORTED_MAJOR = (1,)


class LibraryNotFound(ImportError):
    """libacdroute could not be found or loaded."""


class UnsupportedVersion(ImportError):
    """The loaded libacdroute has a major version these bindings do not
    support."""


class _Lib(
    CoreFunctions,
    ConfigFunctions,
    DispositionFunctions,
    CustomerFunctions,
    MetricsFunctions,
    HoursFunctions,
    ErlangFunctions,
    StrategyFunctions,
):
    """The loaded library: the ``CDLL`` plus one typed attribute per C
    function (the topic tables it inherits declare them)."""

    def __init__(self, cdll: ctypes.CDLL, path: str) -> None:
        self.cdll = cdll
        self.path = path
        for name, proto in PROTOTYPES.items():
            try:
                fn = getattr(cdll, name)
            except AttributeError:
                raise LibraryNotFound(
                    f"{path} lacks the symbol {name}: not an acdroute library "
                    "these bindings support"
                ) from None
            fn.restype = proto.restype
            fn.argtypes = proto.argtypes
            setattr(self, name, fn)

    def has(self, name: str) -> bool:
        """True if ``name`` is a function of the library (all of the C API
        is always there; kept for code written when modules were
        optional)."""
        return name in PROTOTYPES

    @property
    def version(self) -> str:
        v = self.acdr_version()
        return v.decode() if v else "?"


#: Every bound function: name -> prototype.
PROTOTYPES: Dict[str, "Proto[Any]"] = {
    name: value
    for table in reversed(_Lib.__mro__)
    for name, value in vars(table).items()
    if isinstance(value, Proto)
}

#: name -> (restype, argtypes), as before the split (read-only view).
_REQUIRED: Dict[str, Tuple[Any, List[Any]]] = {
    name: (p.restype, p.argtypes) for name, p in PROTOTYPES.items()
}
#: Deprecated: there are no optional functions any more (always empty).
_OPTIONAL: Dict[str, Tuple[Any, List[Any]]] = {}


def _candidates() -> List[str]:
    out: List[str] = []
    env = os.environ.get("ACDROUTE_LIBRARY")
    if env:
        out.append(env)
    here = Path(__file__).resolve().parent.parent
    names = (
        ["acdroute.dll", "libacdroute.dll"]
        if sys.platform == "win32"
        else ["libacdroute.dylib", "libacdroute.1.dylib"]
        if sys.platform == "darwin"
        else ["libacdroute.so.1", "libacdroute.so"]
    )
    for n in names:
        p = here / n
        if p.exists():
            out.append(str(p))
    # Installed by CMake: the library is in the install prefix's lib dir,
    # found without ldconfig or LD_LIBRARY_PATH.
    try:
        installed = importlib.import_module(__name__ + "._installed")
        rel: Optional[str] = getattr(installed, "LIBDIR_FROM_HERE", None)
    except ImportError:  # the source tree or a wheel: not installed by CMake
        rel = None
    if rel is not None:
        libdir = (Path(__file__).resolve().parent / rel).resolve()
        for n in names:
            p = libdir / n
            if p.exists():
                out.append(str(p))
    found = ctypes.util.find_library("acdroute")
    if found:
        out.append(found)
    out.extend(names)  # let the dynamic loader search its own path
    return out


def load(path: Optional[str] = None) -> _Lib:
    """Load libacdroute and check its version.

    Search order unless ``path`` is given: the ``ACDROUTE_LIBRARY``
    environment variable, a library file next to this package, the lib
    directory of the prefix CMake installed the package into, then the
    system's library path (``ctypes.util.find_library('acdroute')``, then
    ``libacdroute.so.1``).

    Raises :class:`LibraryNotFound` or :class:`UnsupportedVersion`.
    """
    tried: List[str] = []
    errors: List[str] = []
    cdll = None
    chosen = ""
    for cand in [path] if path else _candidates():
        if cand in tried:
            continue
        tried.append(cand)
        try:
            cdll = ctypes.CDLL(cand)
            chosen = cand
            break
        except OSError as exc:
            errors.append(f"  {cand}: {exc}")
            if path or cand == os.environ.get("ACDROUTE_LIBRARY"):
                # An explicit choice that fails is an error, not a hint.
                raise LibraryNotFound(
                    f"cannot load libacdroute from {cand!r}: {exc}"
                ) from exc
    if cdll is None:
        raise LibraryNotFound(
            "libacdroute not found.  Build it (cmake --build ... --target "
            "acdroute), then set ACDROUTE_LIBRARY=/path/to/libacdroute.so, "
            "install it on the system library path, or copy it next to the "
            "acdroute package.  Tried:\n" + "\n".join(errors)
        )
    num_fn = getattr(cdll, "acdr_version_num", None)
    if num_fn is None:
        raise LibraryNotFound(f"{chosen} is not libacdroute (no acdr_version_num)")
    num_fn.restype = c_uint32
    num_fn.argtypes = []
    num = int(num_fn())
    major = num >> 16
    if major not in SUPPORTED_MAJOR:
        raise UnsupportedVersion(
            f"{chosen} is libacdroute {major}.{(num >> 8) & 0xFF}.{num & 0xFF} "
            f"(version number 0x{num:06x}); these Python bindings support "
            f"major version(s) {', '.join(map(str, SUPPORTED_MAJOR))} only"
        )
    return _Lib(cdll, chosen)


_lib: Optional[_Lib] = None


def lib() -> _Lib:
    """The process-wide loaded library (loaded on first use)."""
    global _lib
    if _lib is None:
        _lib = load()
    return _lib
