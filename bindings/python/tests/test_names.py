# SPDX-License-Identifier: MIT
"""The C names of enum values (names.h) agree with the Python enums."""

from __future__ import annotations

from enum import IntEnum
from typing import Callable, Type

import pytest

import acdroute as acd

L = acd.lib()

CASES = [
    (acd.ActionType, L.acdr_action_type_name),
    (acd.EndReason, L.acdr_end_reason_name),
    (acd.CancelReason, L.acdr_cancel_reason_name),
    (acd.AnnounceKind, L.acdr_announce_kind_name),
    (acd.AgentStatus, L.acdr_agent_status_name),
    (acd.AgentActivity, L.acdr_agent_activity_name),
    (acd.ContactState, L.acdr_contact_state_name),
    (acd.OverflowKind, L.acdr_overflow_kind_name),
    (acd.OverflowCause, L.acdr_overflow_cause_name),
    (acd.FollowupKind, L.acdr_followup_kind_name),
    (acd.ReplyOverdue, L.acdr_reply_overdue_name),
]


@pytest.mark.parametrize("enum, fn", CASES, ids=[c[0].__name__ for c in CASES])
def test_c_names_are_the_python_member_names(enum: Type[IntEnum],
                                             fn: Callable[[int], bytes]) -> None:
    for member in enum:
        assert fn(int(member)).decode() == member.name.lower(), member
    assert fn(max(int(m) for m in enum) + 1) == b"unknown"
