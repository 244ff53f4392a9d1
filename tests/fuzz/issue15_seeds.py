#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes the reproducers of issue 15 as fuzz seeds: OUTDIR/<target>/i15-*.

    python3 tests/fuzz/issue15_seeds.py OUTDIR

Each seed is one bug of the issue, in the form its target reads: event
lines for fuzz_eventline (on its fixed configuration: agents a1 a2 a3,
queues sales support chat), documents for fuzz_config, snapshots for
fuzz_snapshot (mutations of corpus/fuzz_snapshot/i15-base.json, a current-format
snapshot: alice and bob talking, c3 and c4 waiting in "main").
The seeds that pass on the current library live in tests/fuzz/corpus/
(replayed by ctest), the ones that still fail in tests/fuzz/pending/
(tests/fuzz/README.md says which and why)."""
import copy
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1]


def write(target, name, data):
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    with open(os.path.join(d, "i15-" + name), "wb") as f:
        f.write(data)


def lines(*ls):
    return "".join(l + "\n" for l in ls)


# ---- fuzz_eventline ---------------------------------------------------
START = ['{"t_ms": 1000, "ev": "login", "agent": "a1"}',
         '{"t_ms": 2000, "ev": "arrive", "contact": "c1", "queue": "support"}']
AFTER = ['{"t_ms": 3000, "ev": "login", "agent": "a2"}',
         '{"t_ms": 4000, "ev": "accept", "contact": "c1", "agent": "a1"}',
         '{"t_ms": 90000, "ev": "expiry"}']


def refused_then_more(name, *bad):
    write("fuzz_eventline", name, lines(*START, *bad, *AFTER))


refused_then_more("far-t_ms", '{"t_ms": 9223372036855, "ev": "expiry"}')
refused_then_more("far-t_ms-login",
                  '{"t_ms": 9223372036855, "ev": "login", "agent": "a3"}')
refused_then_more("far-t_ns", '{"t_ns": 18446744073709551615, "ev": "expiry"}')
refused_then_more("far-t_ns-hangup", '{"t_ns": 18446744073709551615, '
                  '"ev": "hangup", "contact": "c1"}')
refused_then_more("refused-dnc_remove",
                  '{"t_ms": 60000, "ev": "dnc_remove", "key": "nobody"}')
refused_then_more("refused-hours", '{"t_ms": 60000, "ev": "hours", '
                  '"queue": "nope", "hours": {"monday": ["08:00-18:00"]}}')
refused_then_more("refused-code_remove",
                  '{"t_ms": 60000, "ev": "code_remove", "code": "nope"}')
refused_then_more("refused-rule_remove",
                  '{"t_ms": 60000, "ev": "rule_remove", "rule": "nope"}')
refused_then_more("refused-login",
                  '{"t_ms": 60000, "ev": "login", "agent": "nope"}')
refused_then_more("utf8-contact", '{"t_ms": 2500, "ev": "arrive", '
                  '"contact": "c\udcff\udcfe", "queue": "sales"}')
refused_then_more("utf8-agent", '{"t_ms": 2500, "ev": "agent_add", '
                  '"def": {"id": "\udcc3("}}',
                  '{"t_ms": 2600, "ev": "login", "agent": "\udcc3("}')
refused_then_more("nul-agent",
                  '{"t_ms": 2500, "ev": "login", "agent": "a3\\u0000evil"}')
refused_then_more("nul-contact", '{"t_ms": 2500, "ev": "arrive", '
                  '"contact": "c9\\u0000evil", "queue": "sales"}')
refused_then_more("trailing-comma",
                  '{"t_ms": 2500, "ev": "login", "agent": "a3",}')
refused_then_more("comment",
                  '{"t_ms": 2500, /* hi */ "ev": "login", "agent": "a3"}')
refused_then_more("single-quotes", "{'t_ms': 2500, 'ev': 'login', "
                  "'agent': 'a3'}")
refused_then_more("True", '{"t_ms": 2500, "ev": "hold", "contact": "c1", '
                  '"on": True}')
refused_then_more("control-char",
                  '{"t_ms": 2500, "ev": "login", "agent": "a\x013"}')
refused_then_more("duplicate-key", '{"t_ms": 2500, "ev": "login", '
                  '"agent": 5, "agent": "a3"}')
refused_then_more("duplicate-t_ms", '{"t_ms": -5, "t_ms": 2500, '
                  '"ev": "login", "agent": "a3"}')
refused_then_more("long-name", '{"t_ms": 2500, "ev": "agent_add", "def": '
                  '{"id": "a9", "name": "%s"}}' % ("n" * 1100))
refused_then_more("long-overflow-target", '{"t_ms": 2500, "ev": "queue_add",'
                  ' "def": {"id": "q9", "overflow_kind": "voicemail", '
                  '"overflow_target": "%s"}}' % ("t" * 5000))
refused_then_more("long-contact-id", '{"t_ms": 2500, "ev": "arrive", '
                  '"contact": "%s", "queue": "sales"}' % ("c" * 5000))

# ---- fuzz_config -------------------------------------------------------


def cfg(queue_extra="", agents='{"id": "a1"}, {"id": "a2"}',
        members='["a1", "a2"]'):
    return ('{"version": 1, "agents": [%s], "queues": [{"id": "q", '
            '"members": %s%s}]}' % (agents, members, queue_extra))


write("fuzz_config", "hours-no-holidays",
      cfg(', "hours": {"monday": ["09:00-17:00"]}'))
write("fuzz_config", "hours-empty-day", cfg(', "hours": {"monday": []}'))
write("fuzz_config", "holiday-twice", cfg(
    ', "hours": {"holidays": [{"date": "2026-12-25"}, '
    '{"date": "2026-12-25"}]}'))
write("fuzz_config", "holiday-twice-open", cfg(
    ', "hours": {"monday": ["09:00-17:00"], "holidays": [{"date": '
    '"2026-12-25", "open": ["10:00-12:00"]}, {"date": "2026-12-25"}]}'))
write("fuzz_config", "holiday-no-open",
      cfg(', "hours": {"holidays": [{"date": "2026-12-25", "open": []}]}'))
write("fuzz_config", "trailing-comma", cfg(agents='{"id": "a1"}, {"id": "a2"},'))
write("fuzz_config", "comment", "/* c */" + cfg() + "// end\n")
write("fuzz_config", "single-quotes", cfg().replace('"', "'"))
write("fuzz_config", "True", cfg(', "join_when_empty": True'))
write("fuzz_config", "control-char", cfg(agents='{"id": "a\x01"}, {"id": "a2"}',
                                         members='["a\x01", "a2"]'))
write("fuzz_config", "duplicate-key", cfg(
    agents='{"id": "a1", "wrapup_ms": "x", "wrapup_ms": 5}, {"id": "a2"}'))
write("fuzz_config", "duplicate-key-id", cfg(
    agents='{"id": 7, "id": "a1"}, {"id": "a2"}'))
write("fuzz_config", "duplicate-bare-member", cfg(members='["a1", "a2", "a1"]'))
write("fuzz_config", "duplicate-object-then-bare", cfg(
    members='[{"agent": "a1", "penalty": 3}, "a1"]'))
write("fuzz_config", "long-name", cfg(
    agents='{"id": "a1", "name": "%s"}, {"id": "a2"}' % ("n" * 1100)))
write("fuzz_config", "long-overflow-target", cfg(
    ', "overflow_kind": "voicemail", "overflow_target": "%s"' % ("t" * 5000)))
write("fuzz_config", "utf8-id", cfg(agents='{"id": "a\udcff"}, {"id": "a2"}',
                                    members='["a\udcff", "a2"]'))
write("fuzz_config", "nul-member", cfg(
    agents='{"id": "alice"}, {"id": "a2"}', members='["alice\\u0000evil"]'))

# ---- fuzz_snapshot -----------------------------------------------------
with open(os.path.join(HERE, "corpus", "fuzz_snapshot",
                       "i15-base.json")) as f:
    BASE = json.load(f)


def snap(name, mutate, raw=None):
    d = copy.deepcopy(BASE)
    mutate(d)
    s = json.dumps(d)
    if raw:
        s = raw(s)
    write("fuzz_snapshot", name, s)


def attrs200(d):
    d["contacts"][0]["attrs"] = {"k%d" % i: "v" for i in range(200)}


def long_contact(d):
    s = json.dumps(d).replace('"c1"', '"%s"' % ("c" * 5000))
    d.clear()
    d.update(json.loads(s))


def join_seq_bad(d):
    d["queues"][0]["join_seq"] = ["x", {}, None]


def join_seq_dup(d):
    d["queues"][0]["join_seq"] = [1, 1, 3]


def aht(v):
    def m(d):
        d["queues"][0]["aht_avg_ms"] = v
        d["queues"][0]["aht_samples"] = 5
    return m


def agent_twice(d):
    # carol (logged out): the slot counts still add up, so the load reaches
    # the second copy, whose away_reason replaces the first one's
    carol = [a for a in d["agents"] if a["id"] == "carol"][0]
    carol["away_reason"] = "lunch"
    d["agents"].append(copy.deepcopy(carol))


def hours(h):
    def m(d):
        d["config"]["queues"][0]["hours"] = h
    return m


snap("attrs-200", attrs200)
snap("contact-id-5000", long_contact)
snap("join_seq-bad", join_seq_bad)
snap("join_seq-duplicate", join_seq_dup)
snap("aht-nan", aht(0.0), raw=lambda s: s.replace('"aht_avg_ms": 0.0',
                                                   '"aht_avg_ms": NaN'))
snap("aht-1e300", aht(1e300))
snap("agent-twice", agent_twice)
snap("hours-no-holidays", hours({"monday": ["09:00-17:00"]}))
snap("holiday-twice", hours({"holidays": [{"date": "2026-12-25"},
                                          {"date": "2026-12-25"}]}))
snap("utf8-contact", lambda d: None,
     raw=lambda s: s.replace('"c2"', '"c\udcff"'))
