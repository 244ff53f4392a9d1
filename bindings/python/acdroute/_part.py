"""Base of the Engine's topic objects (internal)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Generic, Optional, Tuple, TypeVar, cast, overload

if TYPE_CHECKING:  # pragma: no cover
    from .engine import Engine

T = TypeVar("T")


class EnginePart:
    """One topic of an :class:`~acdroute.Engine` (``engine.metrics``,
    ``engine.dispositions``...): a small object holding the engine."""

    __slots__ = ("_e",)

    def __init__(self, engine: "Engine") -> None:
        self._e = engine

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
