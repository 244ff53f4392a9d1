# SPDX-License-Identifier: MIT
"""acdroute: Python bindings (ctypes) for the acdroute call/chat routing
library.

Quick start::

    import acdroute as acd
    S = acd.SECOND

    with acd.Engine(on_action=print) as eng:
        eng.add_queue("sales", strategy="longest-idle")
        eng.add_agent("alice", skills={"english": 90})
        eng.add_member("sales", "alice", now=0)
        eng.login("alice", now=0)
        eng.arrive("c1", "sales", now=1 * S, attrs={"language": "en"})

The shared library is found through ``ACDROUTE_LIBRARY``, next to this
package, or on the system library path; importing the package fails with
:class:`LibraryNotFound` / :class:`UnsupportedVersion` (both ImportError)
when it is missing or of an unsupported major version.
"""

from ._lib import SUPPORTED_MAJOR, LibraryNotFound, UnsupportedVersion, lib
from .client import Client, ServerRefused
from .clock import Clock
from .documents import action_to_json
from .engine import Engine, version, version_num
from .enums import (
    MICROSECOND,
    MILLISECOND,
    NANOSECOND,
    SECOND,
    TSTAMP_MAX,
    ActionType,
    AgentActivity,
    AgentStatus,
    AnnounceKind,
    CancelReason,
    Channel,
    ContactState,
    DispositionFlag,
    EndReason,
    FollowupKind,
    OverflowCause,
    OverflowKind,
    TimeBase,
    RejectHow,
    ReplyOverdue,
    SurveyKind,
)
from .errors import *  # noqa: F401,F403
from .erlang import (
    ErlangResult,
    erlang_a,
    erlang_a_staff,
    erlang_b,
    erlang_c,
    erlang_c_pwait,
    erlang_c_staff,
)
from .records import Action, AgentInfo, ContactInfo, EngineCounts, QueueInfo
from .strategy import PASSTHROUGH, StrategyContext, StrategyFlag

lib()  # load and version-check now: fail at import, with a clear message

from ._version import __version__ as __version__  # re-exported (mypy --strict)

__all__ = [
    "SUPPORTED_MAJOR",
    "LibraryNotFound",
    "UnsupportedVersion",
    "lib",
    "Engine",
    "Client",
    "ServerRefused",
    "Clock",
    "action_to_json",
    "version",
    "version_num",
    "NANOSECOND",
    "MICROSECOND",
    "MILLISECOND",
    "SECOND",
    "TSTAMP_MAX",
    "ActionType",
    "AgentActivity",
    "AgentStatus",
    "AnnounceKind",
    "CancelReason",
    "Channel",
    "ContactState",
    "DispositionFlag",
    "EndReason",
    "FollowupKind",
    "OverflowCause",
    "OverflowKind",
    "TimeBase",
    "RejectHow",
    "ReplyOverdue",
    "SurveyKind",
    "ErlangResult",
    "erlang_a",
    "erlang_a_staff",
    "erlang_b",
    "erlang_c",
    "erlang_c_pwait",
    "erlang_c_staff",
    "Action",
    "AgentInfo",
    "ContactInfo",
    "EngineCounts",
    "QueueInfo",
    "PASSTHROUGH",
    "StrategyContext",
    "StrategyFlag",
    # acdroute.errors (written out: mypy does not follow `+= errors.__all__`;
    # tests/test_typing.py checks the two lists agree)
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
