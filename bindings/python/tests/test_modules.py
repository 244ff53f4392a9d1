# SPDX-License-Identifier: MIT
"""Dispositions, metrics, business hours, configuration, snapshot and event
lines through the bindings.  Each test skips when the loaded library does
not have the module yet."""

from __future__ import annotations

import json

import pytest

import acdroute as acd
from acdroute import ActionType as T
from acdroute.dispositions import DispositionCode
from acdroute.metrics import SlVariant, sl_variant_name

from conftest import MS, S, Recorder, need


def _handled(eng: acd.Engine, cid: str, agent: str, t0: int, customer: str = "cu1") -> None:
    eng.arrive(cid, "sales", t0, customer=customer, attrs={"plan": "gold"})
    eng.accept(cid, agent, t0 + 2 * S)
    eng.hangup(cid, t0 + 62 * S)


def _center(eng: acd.Engine, **queue: object) -> None:
    eng.add_queue("sales", wrapup_ms=30_000, **queue)
    eng.add_agent("alice")
    eng.add_member("sales", "alice", 0)
    eng.login("alice", 0)


def test_dispositions_rules_and_dnc(rec: Recorder) -> None:
    need("acdr_dispo_set")
    eng = rec.eng
    codes = eng.codes()
    assert len(codes) == 14 and codes[0].id == "no-answer"
    assert acd.DispositionFlag.RESOLVED in eng.code("deal-closed").attrs
    eng.add_code("vip-upsell", label="VIP upsell", category="sales",
                 attrs="contact_made|success|resolved|final", queues=["sales"])
    assert eng.code("vip-upsell").queues == ("sales",)
    eng.update_code(DispositionCode("vip-upsell", attrs=acd.DispositionFlag.SUCCESS))
    assert eng.code("vip-upsell").attrs == acd.DispositionFlag.SUCCESS
    with pytest.raises(acd.UnknownCode) as ei:
        eng.code("nope")
    assert ei.value.code == acd.ErrorCode.UNKNOWN_CODE and "nope" in ei.value.message
    with pytest.raises(acd.DuplicateId):
        eng.add_code("vip-upsell")

    eng.add_rule("demo-mail", "demo-booked", acd.FollowupKind.MESSAGE,
                 argument="demo-invite", delay_ms=60_000)
    eng.add_rule("dnc", "do-not-contact", "dnc", duration_ms=30 * 86_400_000)
    assert eng.rule_count() == 2
    assert eng.rule("demo-mail").action is acd.FollowupKind.MESSAGE
    assert eng.rule("demo-mail").argument == "demo-invite"

    _center(eng)
    _handled(eng, "c1", "alice", 1 * S)
    eng.set_disposition("c1", "demo-booked", 70 * S, tags=["interested"])
    rec_ = eng.disposition("c1")
    assert rec_.primary == "demo-booked" and rec_.tags == ["interested"]
    assert acd.DispositionFlag.SUCCESS in rec_.attrs and not rec_.closed
    eng.wrapup_done("c1", 71 * S)
    eng.check()
    closed = eng.disposition("c1")
    assert closed.closed and closed.end_reason is acd.EndReason.COMPLETED
    assert closed.agent_id == "alice" and closed.customer_id == "cu1"
    assert eng.pending_followups() == 1
    rec.take()
    eng.advance(71 * S + 60 * S)
    fu = rec.of(T.FOLLOWUP)
    assert fu and fu[0].reason is acd.FollowupKind.MESSAGE and fu[0].text == "demo-invite"
    assert fu[0].customer_id == "cu1"

    # correction: logged, stats move
    eng.correct_disposition("c1", "deal-closed", 200 * S)
    changes = eng.disposition_changes()
    assert changes and changes[-1].contact_id == "c1"
    assert "demo-booked" in changes[-1].old_codes and changes[-1].new_codes == "deal-closed"
    st = eng.disposition_stats(queue_id="sales", code="deal-closed")
    assert st.contacts == 1 and st.resolved == 1 and st.code_primary == 1
    assert st.resolution_rate == pytest.approx(1.0)

    # DNC via code + rule, and by hand
    _handled(eng, "c2", "alice", 300 * S, customer="cu2")
    eng.set_disposition("c2", "do-not-contact", 370 * S)
    eng.wrapup_done("c2", 371 * S)
    eng.advance(372 * S)
    assert not eng.dnc_check("cu2", 372 * S)
    eng.dnc_add("tel:+15550100", 400 * S, duration_ms=1000)
    st2 = eng.dnc_check("tel:+15550100", 400 * S)
    assert not st2.contactable and st2.until == 401 * S
    assert eng.dnc_check("tel:+15550100", 402 * S).contactable
    assert eng.dnc_count(402 * S) >= 1
    eng.dnc_remove("cu2")
    with pytest.raises(acd.NotFound):
        eng.dnc_remove("cu2")
    eng.dnc_clear()
    assert eng.dnc_count(403 * S) == 0

    eng.remove_rule("demo-mail")
    eng.set_disposition_limits(100, 100)
    eng.reset_disposition_stats()
    assert eng.disposition_stats().contacts == 0
    with pytest.raises(acd.InUse):
        eng.set_catalog([DispositionCode("ok", attrs="resolved")])  # rule "dnc" uses a code
    eng.remove_rule("dnc")
    eng.set_catalog([DispositionCode("ok", attrs="resolved")])
    assert [c.id for c in eng.codes()] == ["ok"]
    eng.reset_catalog()
    assert len(eng.codes()) == 14


def test_required_disposition(rec: Recorder) -> None:
    need("acdr_dispo_set")
    eng = rec.eng
    _center(eng, require_disposition=True)
    _handled(eng, "c1", "alice", 1 * S)
    with pytest.raises(acd.DispositionRequired):
        eng.wrapup_done("c1", 70 * S)
    eng.set_disposition("c1", "not-interested", 70 * S)
    eng.wrapup_done("c1", 71 * S)


def test_metrics(rec: Recorder) -> None:
    need("acdr_metrics_get_engine_versioned")
    eng = rec.eng
    _center(eng)
    eng.add_agent("bob")
    eng.add_member("sales", "bob", 0)
    opts = eng.set_metrics_options(sl_variant="answered", fcr_window_ms=86_400_000)
    assert opts.sl_variant is SlVariant.ANSWERED
    assert sl_variant_name(SlVariant.ANSWERED) == eng.queue_metrics("sales").sl_variant_name
    _handled(eng, "c1", "alice", 1 * S)
    eng.set_disposition("c1", "deal-closed", 70 * S)
    eng.wrapup_done("c1", 70 * S)
    eng.arrive("c2", "sales", 100 * S, customer="cu2")
    eng.hangup("c2", 130 * S)  # abandoned after 30 s (alice is ringing)
    eng.check()

    q = eng.queue_metrics("sales", 200 * S)
    assert isinstance(q, acd.metrics.Metrics)
    assert q.offered == 2 and q.answered == 1 and q.abandoned == 1
    assert q.answered_in_sl == 1 and q.service_level == pytest.approx(1.0)
    assert q.asa_ms == pytest.approx(2000.0)
    assert q.sl_threshold_ms == 20_000 and q.to == acd.TSTAMP_MAX
    assert q.resolved == 1 and q.dispositioned == 2  # c2 got the automatic "abandoned"
    e = eng.engine_metrics(200 * S)
    assert e.offered == 2 and e.abandon_rate == pytest.approx(0.5)
    a = eng.agent_metrics("alice", 200 * S)
    assert a.answered == 1 and a.handled == 1 and a.logged_in_ns > 0
    assert eng.agent_metrics("bob", 200 * S).aht_ms is None  # no data, not -1
    ch = eng.channel_metrics("voice", 200 * S)
    assert ch.offered == 2
    code = eng.code_metrics("deal-closed", 200 * S)
    assert code.dispositioned == 1
    with pytest.raises(acd.QueueNotFound):
        eng.queue_metrics("nope")
    ranged = eng.queue_metrics("sales", 200 * S, from_=0, to=3600 * S)
    assert ranged.offered == 2
    assert "from" in q.as_dict()


def test_metrics_json(rec: Recorder) -> None:
    need("acdr_metrics_to_json")
    eng = rec.eng
    _center(eng)
    eng.add_agent("idle-bob")  # an agent with no data: derived values are null
    _handled(eng, "c1", "alice", 1 * S)
    doc = eng.metrics_report(200 * S)
    assert isinstance(doc, dict) and "sales" in doc["queues"]
    ranged = eng.metrics_report(200 * S, from_=0, to=3600 * S)
    assert isinstance(ranged, dict)


def test_business_hours(rec: Recorder) -> None:
    need("acdr_queue_set_hours_versioned")
    eng = rec.eng
    _center(eng)
    # host time 0 = Monday 1970-01-05 00:00 UTC
    monday = 4 * 86400
    eng.close()
    rec.eng = eng = acd.Engine(on_action=rec._on_action, unix_time_at_zero=monday)
    _center(eng)
    eng.set_hours("sales", {"monday": ["09:00-17:00"], acd.policy.Weekday.TUESDAY: [(540, 1020)]},
                  holidays={"1970-01-06": []}, closed_text="Open 9-17")
    st = eng.hours_state("sales", 0)
    assert not st.open and st.next_change == 9 * 3600 * S
    assert eng.hours_state("sales", 10 * 3600 * S).open
    rec.take()
    eng.arrive("c1", "sales", 1 * S)
    ann = [a for a in rec.take() if a.type == T.ANNOUNCE]
    assert ann and ann[0].reason is acd.AnnounceKind.CLOSED and ann[0].text == "Open 9-17"
    eng.clear_hours("sales")
    assert eng.hours_state("sales").next_change is None


def test_config_roundtrip_and_errors(rec: Recorder) -> None:
    need("acdr_config_apply")
    eng = rec.eng
    cfg = {
        "version": 1,
        "agents": [{"id": "a1", "skills": {"es": 80}}, {"id": "a2"}],
        "queues": [{"id": "q", "strategy": "longest-idle",
                    "members": [{"agent": "a1"}, {"agent": "a2", "penalty": 1}]}],
    }
    assert eng.validate_config(cfg) == []
    eng.apply_config(cfg, 0)
    out = eng.export_config()
    assert [a["id"] for a in out["agents"]] == ["a1", "a2"]
    assert out["queues"][0]["members"][1]["penalty"] == 1
    # the export applies to a fresh engine unchanged
    with acd.Engine() as other:
        other.apply_config(eng.export_config_json(), 0)
        assert other.export_config() == out

    bad = {"version": 1, "queues": [{"id": "q", "strategy": "longest-idel"}]}
    errs = eng.validate_config(bad)
    assert errs and "/queues/0/strategy" in errs[0]
    with pytest.raises(acd.AcdrError) as ei:
        eng.apply_config(bad, 1)
    assert ei.value.code < 0 and "/queues/0/strategy" in ei.value.message
    assert ei.value.errors  # type: ignore[attr-defined]
    with pytest.raises(acd.ParseError):
        eng.apply_config("{not json", 1)
    eng.check()


def test_event_lines_and_action_json() -> None:
    need("acdr_engine_apply_event_json")
    got = []
    with acd.Engine(on_action=got.append, record_events=True) as eng:
        eng.add_queue("q")
        eng.add_agent("a")
        eng.add_member("q", "a", 0)
        eng.apply_event_json({"t_ms": 1500, "ev": "login", "agent": "a"})
        assert eng.now() == 1500 * MS
        assert eng.agent_info("a").status is acd.AgentStatus.AVAILABLE
        lines = eng.take_event_log()
        assert any('"login"' in ln for ln in lines)
        with pytest.raises(acd.ParseError):
            eng.apply_event_json("{garbage")
        # replay the log into a second engine
        with acd.Engine() as twin:
            for ln in lines:
                twin.apply_event_json(ln)
            assert twin.agent_info("a").status is acd.AgentStatus.AVAILABLE
    line = json.loads(acd.action_to_json(got[-1]))
    assert isinstance(line, dict)


def test_snapshot_restore() -> None:
    need("acdr_engine_snapshot")
    need("acdr_engine_restore")
    a_actions: list = []
    with acd.Engine(on_action=a_actions.append, seed=3) as a:
        a.add_queue("q", ring_timeout_ms=10_000)
        for n in ("x", "y"):
            a.add_agent(n)
            a.add_member("q", n, 0)
        a.login("x", 0)
        a.arrive("c1", "q", 1 * S)
        a.arrive("c2", "q", 2 * S)
        snap = a.snapshot()
        assert json.loads(snap)
        b_actions: list = []
        with acd.Engine(on_action=b_actions.append, seed=99) as b:
            b.restore(snap)
            b.check()
            assert b.contact_info("c2").state == a.contact_info("c2").state
            assert b.get_expiry() == a.get_expiry()
            n0a, n0b = len(a_actions), len(b_actions)
            for e in (a, b):
                e.login("y", 3 * S)
                e.advance(30 * S)
            strip = lambda xs: [(x.type, x.contact_id, x.agent_id) for x in xs]  # noqa: E731
            assert strip(a_actions[n0a:]) == strip(b_actions[n0b:])
        with acd.Engine() as c:
            c.add_agent("z")
            with pytest.raises(acd.InvalidArgument):
                c.restore(snap)  # not a new engine
