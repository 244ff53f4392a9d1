# SPDX-License-Identifier: MIT
"""Every JSON example in docs/*.md (moved from bindings/python/tests) that is a configuration document or a
set of event lines goes through the library, so a doc cannot show a key
or an event the code does not take.

- A ```json block that is one object with "version" is a configuration:
  a fresh engine must load it.
- A block whose lines are JSON objects with "ev" is event lines: each is
  applied, in order, to an engine with a small fixture configuration.  The
  call may be refused for the state it finds (an unknown contact, a time
  before the last line's): the example shows the form of a line, not a
  session.  It must never be refused as malformed (ParseError).
- A block whose lines are JSON objects with "action" is action lines: each
  is read back into an Action and written again by acdr_action_to_json,
  which must give the same text (key names, order, value names, spacing).
- Other blocks (metrics exports with placeholders) are skipped.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest

import acdroute as acd
from acdroute.records import ACTIVITY_ENUM, REASON_ENUM

DOCS = Path(__file__).resolve().parents[2] / "docs"
#: being written in parallel (test_doc_blocks.py skips it too)
SKIP_DOCS: set = set()
BLOCK = re.compile(r"^```json\n(.*?)^```", re.S | re.M)

FIXTURE: Dict[str, Any] = {
    "version": 1,
    "agents": [{"id": a} for a in ("a1", "a2", "t1", "t2")],
    "queues": [
        {"id": q, "members": ["a1", "a2"]}
        for q in ("sales", "support", "q0", "q2", "web")
    ],
}


def blocks() -> Iterator[Tuple[str, str]]:
    for md in sorted(DOCS.glob("*.md")):
        if md.name in SKIP_DOCS:
            continue
        for i, m in enumerate(BLOCK.finditer(md.read_text(encoding="utf-8"))):
            yield f"{md.name}#{i + 1}", m.group(1)


def config_docs() -> List[Tuple[str, Any]]:
    out = []
    for name, text in blocks():
        try:
            doc = json.loads(text)
        except ValueError:
            continue
        if isinstance(doc, dict) and "version" in doc:
            out.append((name, doc))
    return out


def event_blocks() -> List[Tuple[str, List[str]]]:
    out = []
    for name, text in blocks():
        lines = [ln for ln in text.splitlines() if ln.strip()]
        try:
            objs = [json.loads(ln) for ln in lines]
        except ValueError:
            continue
        if objs and all(isinstance(o, dict) and "ev" in o for o in objs):
            out.append((name, lines))
    return out


def test_the_docs_have_examples_of_both_kinds() -> None:
    # a broken extractor would make the checks below pass on nothing
    assert len(config_docs()) >= 2
    names = {json.loads(ln)["ev"] for _, ls in event_blocks() for ln in ls}
    for ev in ("arrive", "customer_memory", "customer_owner", "customer_forget",
               "member_set", "outbound", "csat", "nps", "set_priority",
               "first_reply", "assign"):
        assert ev in names, f"docs/events.md shows no {ev} line"


@pytest.mark.parametrize("name,doc", config_docs(), ids=lambda v: v if isinstance(v, str) else "")
def test_config_example_loads(name: str, doc: Any) -> None:
    with acd.Engine() as eng:
        assert eng.config.validate(doc) == [], name
        eng.config.apply(doc, 0)
        # and what it loaded exports to a document that loads again
        with acd.Engine() as again:
            again.config.apply(eng.config.export(), 0)


@pytest.mark.parametrize("name,lines", event_blocks(), ids=lambda v: v if isinstance(v, str) else "")
def test_event_example_lines_parse(name: str, lines: List[str]) -> None:
    with acd.Engine() as eng:
        eng.config.apply(FIXTURE, 0)
        for ln in lines:
            try:
                eng.config.apply_event(ln)
            except acd.ParseError as exc:
                pytest.fail(f"{name}: {ln}: {exc}")
            except acd.AcdrError:
                pass  # refused for the state (unknown contact...): fine
        eng.check()


def action_blocks() -> List[Tuple[str, List[str]]]:
    out = []
    for name, text in blocks():
        lines = [ln for ln in text.splitlines() if ln.strip()]
        try:
            objs = [json.loads(ln) for ln in lines]
        except ValueError:
            continue
        if objs and all(isinstance(o, dict) and "action" in o and "ev" not in o
                        and ("t_ms" in o or "t_ns" in o) for o in objs):
            out.append((name, lines))
    return out


_KEYS = {"contact": "contact_id", "agent": "agent_id", "queue": "queue_id",
         "customer": "customer_id", "text": "text", "position": "position",
         "value_ms": "value_ms"}


def _action(o: Dict[str, Any]) -> acd.Action:
    """The Action a line describes (names back to the enums)."""
    kind = acd.ActionType[o["action"].upper()]
    reason_enum = REASON_ENUM.get(kind)
    activity_enum = ACTIVITY_ENUM.get(kind)
    fields: Dict[str, Any] = {"position": 0, "value_ms": 0, "contact_id": None,
                              "agent_id": None, "queue_id": None, "customer_id": None,
                              "text": None}
    for k, v in o.items():
        if k in _KEYS:
            fields[_KEYS[k]] = v
        elif k not in ("t_ms", "t_ns", "action", "reason", "activity", "channel"):
            raise AssertionError(f"unknown action key {k!r}")
    return acd.Action(
        type=kind,
        reason=reason_enum[o["reason"].upper()] if "reason" in o and reason_enum else 0,
        activity=(activity_enum[o["activity"].upper()]
                  if "activity" in o and activity_enum else 0),
        channel=acd.Channel[o["channel"].upper()] if "channel" in o else None,
        time=o["t_ns"] if "t_ns" in o else o["t_ms"] * acd.MILLISECOND,
        **fields)


# lines of acdroute-server's own (docs/server.md), not library actions
SERVER_LINES = {"reconcile", "deadline"}
REPLAY = '{"replay":true,'


def test_the_docs_have_action_examples() -> None:
    assert sum(len(ls) for _, ls in action_blocks()) >= 5


@pytest.mark.parametrize("name,lines", action_blocks(),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_action_example_lines_are_what_the_library_writes(name: str, lines: List[str]) -> None:
    # each line, read back into an Action, is written again by
    # acdr_action_to_json: same keys, order, names and spacing
    for ln in lines:
        o = json.loads(ln)
        if o["action"] in SERVER_LINES:
            continue
        # a line acdroute-server re-sends: the library's line, marked first
        if ln.startswith(REPLAY):
            ln = "{" + ln[len(REPLAY):]
            del o["replay"]
        try:
            again = acd.action_to_json(_action(o))
        except (KeyError, AssertionError) as exc:
            pytest.fail(f"{name}: {ln}: {exc!r}")
        assert again == ln, name
