# SPDX-License-Identifier: MIT
"""Outbound requests with the do-not-contact check, survey scores and
after-hours counting, through the bindings."""

from __future__ import annotations


import pytest

import acdroute as acd
from acdroute import ActionType as T

from conftest import S, Recorder


def _team(eng: acd.Engine, require_disposition: bool = False) -> None:
    eng.add_queue("sales", wrapup_ms=0, require_disposition=require_disposition)
    for name in ("alice", "bob"):
        eng.add_agent(name)
        eng.add_member("sales", name, 0)


def test_outbound_reserves_an_agent_and_refuses_dnc(rec: Recorder) -> None:
    eng = rec.eng
    _team(eng)
    eng.login("alice", 1 * S)
    eng.login("bob", 2 * S)
    rec.take()
    eng.outbound_request("o1", "sales", "tel:+15550101", 10 * S)
    offers = [a for a in rec.take() if a.type == T.OFFER]
    assert [(a.contact_id, a.agent_id, a.customer_id) for a in offers] == [
        ("o1", "alice", "tel:+15550101")]

    eng.dnc.add("tel:+15550199", 11 * S)
    with pytest.raises(acd.DoNotContact) as ei:
        eng.outbound_request("o2", "sales", "tel:+15550199", 12 * S)
    assert ei.value.code == acd.ErrorCode.DO_NOT_CONTACT
    assert "do-not-contact" in str(ei.value)
    assert rec.take() == []
    m = eng.metrics.queue("sales", 12 * S)
    assert m.outbound_placed == 1 and m.outbound_dnc_refused == 1
    assert m.offered == 0

    # bob takes the next one; then nobody is free
    eng.outbound_request("o3", "sales", "tel:+15550103", 13 * S)
    assert [a.agent_id for a in rec.take() if a.type == T.OFFER] == ["bob"]
    with pytest.raises(acd.NoAgent):
        eng.outbound_request("o4", "sales", "tel:+15550104", 14 * S)
    with pytest.raises(acd.QueueNotFound):
        eng.outbound_request("o4", "nope", "tel:+15550104", 14 * S)
    with pytest.raises(acd.DuplicateId):
        eng.outbound_request("o1", "sales", "tel:+15550104", 14 * S)


def test_survey_scores_per_queue_agent_and_code(rec: Recorder) -> None:
    eng = rec.eng
    _team(eng, require_disposition=True)
    eng.login("alice", 1 * S)
    for i, (code, csat, nps) in enumerate([("interested", 5, 10),
                                           ("not-interested", 2, 4)]):
        cid = f"c{i}"
        t = (10 + 100 * i) * S
        eng.arrive(cid, "sales", t)
        eng.accept(cid, "alice", t)
        eng.hangup(cid, t + 60 * S)
        eng.dispositions.set(cid, code, t + 61 * S)
        eng.metrics.record_survey(cid, acd.SurveyKind.CSAT, csat, t + 70 * S)
        eng.metrics.record_survey(cid, "nps", nps, t + 70 * S)
    m = eng.metrics.queue("sales", 400 * S)
    assert (m.csat_responses, m.csat_sum, m.csat_satisfied) == (2, 7, 1)
    assert m.csat_avg == 3.5 and m.csat_rate == 0.5
    assert (m.nps_promoters, m.nps_detractors) == (1, 1) and m.nps == 0.0
    a = eng.metrics.agent("alice", 400 * S)
    assert a.csat_responses == 2
    assert eng.metrics.code("interested", 400 * S).csat_avg == 5.0
    assert eng.metrics.code("not-interested", 400 * S).nps == -100.0
    doc = eng.metrics.report(400 * S)
    assert doc["queues"]["sales"]["csat_sum"] == 7
    assert doc["queues"]["sales"]["kpi"]["nps"] == 0.0

    with pytest.raises(acd.RangeError):
        eng.metrics.record_survey("c0", acd.SurveyKind.CSAT, 6, 400 * S)
    with pytest.raises(acd.ContactNotFound):
        eng.metrics.record_survey("nobody", acd.SurveyKind.NPS, 5, 400 * S)
    assert eng.metrics.queue("sales", 400 * S).csat_responses == 2


def test_after_hours_counted_apart() -> None:
    rec = Recorder(unix_time_at_zero=4 * 86400)  # host 0 = Monday 00:00 UTC
    eng = rec.eng
    _team(eng)
    eng.set_hours("sales", {"monday": ["09:00-17:00"]}, closed_kind="voicemail",
                  closed_target="mbox")
    eng.arrive("night", "sales", 3600 * S)
    eng.login("alice", 9 * 3600 * S)
    eng.arrive("day", "sales", 9 * 3600 * S + 1 * S)
    eng.hangup("day", 9 * 3600 * S + 5 * S)
    m = eng.metrics.queue("sales", 9 * 3600 * S + 5 * S)
    assert (m.after_hours, m.offered, m.abandoned) == (1, 1, 1)
    assert m.abandon_rate == 1.0
    eng.close()


def test_do_not_contact_disposition_blocks_the_next_call(rec: Recorder) -> None:
    """The customer says "never call me again": the agent codes the call
    do-not-contact, and the campaign's next request for the number is
    refused and counted, with nobody reserved."""
    eng = rec.eng
    _team(eng, require_disposition=True)
    eng.login("alice", 1 * S)
    eng.outbound_request("o1", "sales", "tel:+15550101", 10 * S)
    eng.accept("o1", "alice", 15 * S)
    eng.hangup("o1", 75 * S)
    eng.dispositions.set("o1", "do-not-contact", 76 * S)
    assert not eng.dnc.check("tel:+15550101", 77 * S).contactable
    rec.take()
    with pytest.raises(acd.DoNotContact, match="tel:\\+15550101"):
        eng.outbound_request("o2", "sales", "tel:+15550101", 80 * S)
    assert [a for a in rec.take() if a.type == T.OFFER] == []
    m = eng.metrics.queue("sales", 80 * S)
    assert (m.outbound_placed, m.outbound_dnc_refused, m.handled) == (1, 1, 1)
    assert (m.offered, m.answered) == (0, 0)


def test_connect_delay_and_agent_ring_time(rec: Recorder) -> None:
    """A greeting plays 4 s before anyone rings; bob's phone rings 20 s
    (the queue's 15 s for others); an outbound request does not wait."""
    eng = rec.eng
    eng.add_queue("sales", strategy="linear", connect_delay_ms=4_000, ring_timeout_ms=15_000)
    eng.add_agent("alice")
    eng.add_agent("bob", ring_timeout_ms=20_000)
    eng.add_member("sales", "bob", 0, position=0)
    eng.add_member("sales", "alice", 0, position=1)
    eng.login("alice", 0)
    eng.login("bob", 0)
    rec.take()
    eng.arrive("c1", "sales", 1 * S)
    assert [a for a in rec.take() if a.type == T.OFFER] == []
    eng.advance(5 * S)
    got = [(a.agent_id, a.time // S, a.value_ms) for a in rec.take() if a.type == T.OFFER]
    assert got == [("bob", 5, 20_000)]
    eng.outbound_request("o1", "sales", "tel:+15550102", 6 * S)
    got = [(a.agent_id, a.time // S, a.value_ms) for a in rec.take() if a.type == T.OFFER]
    assert got == [("alice", 6, 15_000)]
