# SPDX-License-Identifier: MIT
"""Base of the Engine's topic objects (internal)."""

from __future__ import annotations

import functools
import inspect
from typing import TYPE_CHECKING, Any, Callable, Generic, Optional, Tuple, TypeVar, cast, overload

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Engine

T = TypeVar("T")
K = TypeVar("K", bound=type)


def _locked(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def _locked_call(self: Any, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            return fn(self, *args, **kwargs)

    return _locked_call


def serialised(cls: K) -> K:
    """Class decorator: every public method of ``cls`` runs holding
    ``self._lock`` (the engine's re-entrant lock), so that one engine is
    used by one thread at a time whatever the host does, and a thread
    already inside (a callback re-entering the engine) goes on."""
    for name, val in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(val):
            setattr(cls, name, _locked(val))
    return cls


class EnginePart:
    """One topic of an :class:`~acdroute.Engine` (``engine.metrics``,
    ``engine.dispositions``...): a small object holding the engine.  Its
    methods take the engine's lock like the engine's own."""

    __slots__ = ("_e", "_lock")

    def __init__(self, engine: "Engine") -> None:
        self._e = engine
        self._lock = engine._lock

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {self._e!r}>"


class _Probe:
    """Records the attribute path a getter follows (for alias docs)."""

    def __init__(self, path: Tuple[str, ...] = ()) -> None:
        self.path = path

    def __getattr__(self, name: str) -> "_Probe":
        return _Probe(self.path + (name,))


class Deprecated(Generic[T]):
    """An old Engine method name kept for one release: ``name =
    Deprecated(lambda e: e.part.method)`` resolves to the sub-object's
    bound method (same signature, same behaviour)."""

    def __init__(self, get: Callable[["Engine"], T]) -> None:
        self._get = get
        probe: Any = _Probe()
        self.target = ".".join(cast(_Probe, get(probe)).path)
        self.name = ""
        self.__doc__ = f"Deprecated: use ``Engine.{self.target}`` (kept for one release)."

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: Any) -> "Deprecated[T]": ...

    @overload
    def __get__(self, obj: "Engine", owner: Any) -> T: ...

    def __get__(self, obj: Optional["Engine"], owner: Any) -> Any:
        if obj is None:
            return self
        return self._get(obj)
