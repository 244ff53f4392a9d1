"""Base of the Engine mixins (internal): what they use from Engine."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any


class EngineMixin:
    """Declares the Engine plumbing the topic mixins rely on."""

    if TYPE_CHECKING:  # pragma: no cover
        _L: Any

        @property
        def handle(self) -> int: ...

        def now(self) -> int: ...

        def last_error(self) -> str: ...

        def _call(self, fname: str, *args: Any) -> int: ...

        def _check(self, rc: int, fname: str) -> int: ...
