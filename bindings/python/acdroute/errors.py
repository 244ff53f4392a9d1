# SPDX-License-Identifier: MIT
"""Exceptions raised by the bindings: one class per common C error code.

Every failing C call raises an :class:`AcdrError` (or a subclass chosen from
the code) carrying ``code`` (the negative ``acdr_error`` value), ``name``
(``acdr_err_name``, e.g. ``"ACDR_ERR_AGENT_NOT_FOUND"``), ``message`` (the
engine's ``acdr_engine_last_error`` detail, or ``acdr_strerror`` when there
is no engine) and ``strerror``.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Dict, List, Optional, Type

__all__ = [
    "ErrorCode",
    "AcdrError",
    "InvalidArgument",
    "NoMemory",
    "NotFound",
    "AgentNotFound",
    "QueueNotFound",
    "ContactNotFound",
    "DuplicateId",
    "InvalidState",
    "TimeBackwards",
    "CallbackFailure",
    "UnknownStrategy",
    "VersionError",
    "LimitExceeded",
    "NotMember",
    "NotOffered",
    "QueueFull",
    "UnknownCode",
    "CodeNotAllowed",
    "DispositionRequired",
    "ParseError",
    "ConfigError",
    "Busy",
    "StrategyError",
    "ChannelError",
    "InUse",
    "RangeError",
    "OutOfRange",
    "DoNotContact",
    "NoAgent",
    "SkillsMissing",
    "FatalError",
    "InvariantViolation",
    "error_class",
]


class ErrorCode(IntEnum):
    """The pinned ``acdr_error`` values (errors.h)."""

    OK = 0
    INVALID_ARGUMENT = -1
    NOMEM = -2
    NOT_FOUND = -3
    AGENT_NOT_FOUND = -4
    QUEUE_NOT_FOUND = -5
    CONTACT_NOT_FOUND = -6
    DUPLICATE_ID = -7
    INVALID_STATE = -8
    TIME_BACKWARDS = -9
    CALLBACK_FAILURE = -10
    UNKNOWN_STRATEGY = -11
    VERSION = -12
    LIMIT = -13
    NOT_MEMBER = -14
    NOT_OFFERED = -15
    QUEUE_FULL = -16
    UNKNOWN_CODE = -17
    CODE_NOT_ALLOWED = -18
    DISPOSITION_REQUIRED = -19
    PARSE = -20
    CONFIG = -21
    BUSY = -22
    PASSTHROUGH = -23
    STRATEGY = -24
    CHANNEL = -25
    IN_USE = -26
    RANGE = -27
    DO_NOT_CONTACT = -28
    NO_AGENT = -29
    SKILLS = -30
    INVARIANT = -500
    FATAL = -501


#: Codes at or below this leave "delete the engine" as the only option.
FATAL_LIMIT = ErrorCode.INVARIANT


class AcdrError(Exception):
    """A C call failed.

    Attributes: ``code`` (int, negative), ``name`` (``ACDR_ERR_...``),
    ``message`` (detail from the engine), ``strerror`` (generic text),
    ``function`` (the C function that failed, if known), ``api`` (the
    Python method the caller used, e.g. ``Engine.add_queue``, if known; the
    message names it); configuration errors also have ``errors``, every
    problem one per item.
    """

    code: int
    name: str
    message: str
    strerror: str
    function: Optional[str]
    api: Optional[str] = None
    errors: List[str]

    def __init__(
        self,
        code: int,
        name: str = "",
        message: str = "",
        strerror: str = "",
        function: Optional[str] = None,
    ) -> None:
        self.code = int(code)
        self.name = name or f"ACDR_ERR({code})"
        self.message = message or strerror
        self.strerror = strerror
        self.function = function
        super().__init__(self.code, self.name, self.message)

    @property
    def fatal(self) -> bool:
        """True if the engine can no longer be trusted (close it)."""
        return self.code <= FATAL_LIMIT

    def __str__(self) -> str:
        at = self.api or self.function
        where = f"{at}: " if at else ""
        return f"{where}{self.message} [{self.name} ({self.code})]"


class InvalidArgument(AcdrError, ValueError):
    """ACDR_ERR_INVALID_ARGUMENT."""


class NoMemory(AcdrError, MemoryError):
    """ACDR_ERR_NOMEM."""


class NotFound(AcdrError, LookupError):
    """An id is unknown (ACDR_ERR_NOT_FOUND and the specific ones below)."""


class AgentNotFound(NotFound):
    """ACDR_ERR_AGENT_NOT_FOUND."""


class QueueNotFound(NotFound):
    """ACDR_ERR_QUEUE_NOT_FOUND."""


class ContactNotFound(NotFound):
    """ACDR_ERR_CONTACT_NOT_FOUND."""


class UnknownCode(NotFound):
    """ACDR_ERR_UNKNOWN_CODE (disposition code)."""


class UnknownStrategy(NotFound):
    """ACDR_ERR_UNKNOWN_STRATEGY."""


class DuplicateId(AcdrError):
    """ACDR_ERR_DUPLICATE_ID."""


class InvalidState(AcdrError):
    """ACDR_ERR_INVALID_STATE: transition not allowed now."""


class NotMember(InvalidState):
    """ACDR_ERR_NOT_MEMBER."""


class NotOffered(InvalidState):
    """ACDR_ERR_NOT_OFFERED."""


class DispositionRequired(InvalidState):
    """ACDR_ERR_DISPOSITION_REQUIRED."""


class CodeNotAllowed(InvalidState):
    """ACDR_ERR_CODE_NOT_ALLOWED."""


class InUse(InvalidState):
    """ACDR_ERR_IN_USE."""


class TimeBackwards(AcdrError, ValueError):
    """ACDR_ERR_TIME_BACKWARDS."""


class CallbackFailure(AcdrError):
    """ACDR_ERR_CALLBACK_FAILURE: a host callback failed (raised only when
    the failure was not a Python exception, which is re-raised instead)."""


class VersionError(AcdrError):
    """ACDR_ERR_VERSION."""


class LimitExceeded(AcdrError):
    """ACDR_ERR_LIMIT."""


class QueueFull(AcdrError):
    """ACDR_ERR_QUEUE_FULL."""


class ParseError(AcdrError, ValueError):
    """ACDR_ERR_PARSE: malformed document."""


class ConfigError(AcdrError, ValueError):
    """ACDR_ERR_CONFIG: invalid configuration."""


class Busy(AcdrError):
    """ACDR_ERR_BUSY: not allowed from inside a callback."""


class StrategyError(AcdrError):
    """ACDR_ERR_STRATEGY: a strategy rejected its settings or failed."""


class ChannelError(AcdrError):
    """ACDR_ERR_CHANNEL."""


class RangeError(AcdrError, ArithmeticError):
    """ACDR_ERR_RANGE (e.g. unstable Erlang C system, unreachable target)."""


class OutOfRange(RangeError, ValueError, OverflowError):
    """A number given to the bindings does not fit the C type it goes into
    (or is not an int where C takes one): refused before any C call, so
    nothing changed.  Code ACDR_ERR_RANGE; also a ``ValueError`` and an
    ``OverflowError``.  ``field`` names the argument or struct field,
    ``value`` is what was given, ``min``/``max`` the accepted range."""

    field: str
    value: int
    min: int
    max: int

    def __init__(self, field: str, value: int, lo: int, hi: int, ctype: str) -> None:
        msg = f"{field} = {value} is out of range for {ctype} [{lo}, {hi}]"
        super().__init__(ErrorCode.RANGE, "ACDR_ERR_RANGE", msg, "value out of range")
        self.field, self.value, self.min, self.max = field, value, lo, hi


class DoNotContact(AcdrError):
    """ACDR_ERR_DO_NOT_CONTACT: an outbound request for a number on the
    do-not-contact list (counted in ``outbound_dnc_refused``)."""


class NoAgent(AcdrError):
    """ACDR_ERR_NO_AGENT: no member of the queue can take an outbound
    contact now."""


class SkillsMissing(AcdrError):
    """ACDR_ERR_SKILLS: a manual assignment (or a pick) to an agent that
    lacks a skill the contact requires; ``ignore_skills=True`` overrides."""


class FatalError(AcdrError):
    """ACDR_ERR_FATAL and anything at or below ACDR_ERR_FATAL_LIMIT."""


class InvariantViolation(FatalError):
    """ACDR_ERR_INVARIANT: acdr_engine_check() found broken bookkeeping."""


_BY_CODE: Dict[int, Type[AcdrError]] = {
    ErrorCode.INVALID_ARGUMENT: InvalidArgument,
    ErrorCode.NOMEM: NoMemory,
    ErrorCode.NOT_FOUND: NotFound,
    ErrorCode.AGENT_NOT_FOUND: AgentNotFound,
    ErrorCode.QUEUE_NOT_FOUND: QueueNotFound,
    ErrorCode.CONTACT_NOT_FOUND: ContactNotFound,
    ErrorCode.DUPLICATE_ID: DuplicateId,
    ErrorCode.INVALID_STATE: InvalidState,
    ErrorCode.TIME_BACKWARDS: TimeBackwards,
    ErrorCode.CALLBACK_FAILURE: CallbackFailure,
    ErrorCode.UNKNOWN_STRATEGY: UnknownStrategy,
    ErrorCode.VERSION: VersionError,
    ErrorCode.LIMIT: LimitExceeded,
    ErrorCode.NOT_MEMBER: NotMember,
    ErrorCode.NOT_OFFERED: NotOffered,
    ErrorCode.QUEUE_FULL: QueueFull,
    ErrorCode.UNKNOWN_CODE: UnknownCode,
    ErrorCode.CODE_NOT_ALLOWED: CodeNotAllowed,
    ErrorCode.DISPOSITION_REQUIRED: DispositionRequired,
    ErrorCode.PARSE: ParseError,
    ErrorCode.CONFIG: ConfigError,
    ErrorCode.BUSY: Busy,
    ErrorCode.STRATEGY: StrategyError,
    ErrorCode.CHANNEL: ChannelError,
    ErrorCode.IN_USE: InUse,
    ErrorCode.RANGE: RangeError,
    ErrorCode.DO_NOT_CONTACT: DoNotContact,
    ErrorCode.NO_AGENT: NoAgent,
    ErrorCode.SKILLS: SkillsMissing,
    ErrorCode.INVARIANT: InvariantViolation,
    ErrorCode.FATAL: FatalError,
}


def error_class(code: int) -> Type[AcdrError]:
    """The exception class for a C error code."""
    cls = _BY_CODE.get(int(code))
    if cls is None:
        return FatalError if code <= FATAL_LIMIT else AcdrError
    return cls


def make_error(
    code: int, message: Optional[str] = None, function: Optional[str] = None
) -> AcdrError:
    """Build the exception for ``code`` (names and texts from the library)."""
    from ._lib import lib

    L = lib()
    name = (L.acdr_err_name(code) or b"").decode()
    strerror = (L.acdr_strerror(code) or b"").decode()
    return error_class(code)(code, name, message or strerror, strerror, function)
