# SPDX-License-Identifier: MIT
"""A full contact-center scenario through the bindings."""

from __future__ import annotations

import pytest

import acdroute as acd
from acdroute import ActionType as T

from conftest import MS, S, Recorder


def setup_center(eng: acd.Engine, strategy: str = "longest-idle") -> None:
    eng.add_queue(
        "sales",
        strategy=strategy,
        ring_timeout_ms=10_000,
        wrapup_ms=5_000,
        no_answer_delay_ms=1_000,
    )
    eng.add_queue("chat", channel="chat", wrapup_ms=0)
    for i, name in enumerate(["alice", "bob", "carol"]):
        eng.add_agent(name, name=name.title(), skills={"english": 50 + 10 * i},
                      capacity={"voice": 1, acd.Channel.CHAT: 2})
        eng.add_member("sales", name, 0, position=i)
        eng.add_member("chat", name, 0)
    eng.check()


def test_version_and_strategies(rec: Recorder) -> None:
    assert acd.version().split(".")[0] == str(acd.version_num() >> 16)
    assert acd.version_num() >> 16 in acd.SUPPORTED_MAJOR
    names = rec.eng.strategies()
    assert "longest-idle" in names
    assert all(isinstance(n, str) and n for n in names)


def test_full_scenario(rec: Recorder) -> None:
    eng = rec.eng
    setup_center(eng)
    assert eng.counts().agents == 3 and eng.counts().queues == 2
    for n in ("alice", "bob", "carol"):
        eng.login(n, 0)
        eng.check()
    info = eng.agent_info("alice")
    assert info.status is acd.AgentStatus.AVAILABLE
    assert info.activity is acd.AgentActivity.IDLE
    assert info.capacity[acd.Channel.CHAT] == 2 and info.queues == 2
    rec.take()

    # a contact arrives and is offered
    eng.arrive("c1", "sales", 1 * S, attrs={"language": "en"}, customer="cust-1",
               priority=1, skills={"english": 40})
    eng.check()
    acts = rec.take()
    assert [a.type for a in acts][:2] == [T.QUEUED, T.OFFER]
    offer = acts[1]
    assert offer.contact_id == "c1" and offer.queue_id == "sales"
    assert offer.customer_id == "cust-1" and offer.channel is acd.Channel.VOICE
    assert offer.time == 1 * S
    ci = eng.contact_info("c1")
    assert ci.state is acd.ContactState.OFFERED and ci.priority == 1
    assert ci.arrival == 1 * S and ci.offers == 1

    agent = offer.agent_id
    assert agent is not None
    eng.accept("c1", agent, 2 * S)
    eng.check()
    acts = rec.take()
    assert any(a.type == T.CONNECTED and a.agent_id == agent for a in acts)
    ci = eng.contact_info("c1")
    assert ci.state is acd.ContactState.CONNECTED and ci.agent_id == agent
    assert ci.answered == 2 * S
    assert eng.agent_info(agent).activity is acd.AgentActivity.ON_CONTACT

    eng.hold("c1", 3 * S)
    eng.hold("c1", 4 * S, on=False)
    eng.hangup("c1", 10 * S)
    eng.check()
    assert eng.contact_info("c1").state is acd.ContactState.WRAPUP
    assert eng.agent_info(agent).activity is acd.AgentActivity.WRAPUP
    eng.wrapup_done("c1", 11 * S)
    acts = rec.take()
    ended = [a for a in acts if a.type == T.CONTACT_ENDED]
    assert len(ended) == 1 and ended[0].reason is acd.EndReason.COMPLETED
    with pytest.raises(acd.ContactNotFound):
        eng.contact_info("c1")

    # two more contacts; one abandons while waiting, one gets rejected first
    eng.set_status("alice", "away", 12 * S, reason="lunch")
    assert eng.agent_info("alice").away_reason == "lunch"
    eng.set_status("bob", acd.AgentStatus.AWAY, 12 * S)
    eng.logout("carol", 12 * S)
    rec.take()
    eng.arrive("c2", "sales", 13 * S)
    eng.arrive("c3", "sales", 13 * S + 1)
    q = eng.queue_info("sales")
    assert q.waiting == 2 and q.agents_ready == 0 and q.strategy == "longest-idle"
    assert eng.contact_info("c3").position == 2
    eng.hangup("c2", 14 * S)
    ended = [a for a in rec.take() if a.type == T.CONTACT_ENDED]
    assert ended[0].reason is acd.EndReason.ABANDONED
    assert eng.contact_info("c3").position == 1

    eng.set_status("bob", "available", 15 * S)
    offer = rec.of(T.OFFER)[-1]
    assert offer.contact_id == "c3" and offer.agent_id == "bob"
    eng.reject("c3", "bob", 16 * S, how=acd.RejectHow.BUSY)
    eng.check()
    cancel = rec.of(T.OFFER_CANCEL)
    assert eng.contact_info("c3").state is acd.ContactState.WAITING or cancel

    # ring timeout through the timer interface
    eng.set_status("alice", "available", 17 * S)
    assert eng.get_expiry() is not None
    offer = rec.of(T.OFFER)[-1]
    assert offer.contact_id == "c3" and offer.agent_id == "alice"
    rec.take()
    eng.advance(17 * S + 10 * S)
    eng.check()
    cancels = rec.of(T.OFFER_CANCEL)
    assert cancels and cancels[0].reason is acd.CancelReason.NO_ANSWER
    assert eng.agent_info("alice").missed_in_row == 1

    # transfer a waiting contact to the chat queue fails on channel
    with pytest.raises(acd.AcdrError):
        eng.transfer("c3", 30 * S, queue_id="chat")
    eng.check()

    # callback request keeps the place (nobody available: it waits)
    for n in ("alice", "bob"):
        eng.set_status(n, "away", 31 * S)
    assert eng.contact_info("c3").state is acd.ContactState.WAITING
    eng.request_callback("c3", 31 * S)
    eng.check()
    assert eng.contact_info("c3").is_callback

    # chat contacts: capacity 2 per agent
    eng.arrive("m1", "chat", 40 * S)
    eng.arrive("m2", "chat", 40 * S + 1)
    eng.check()
    c = eng.counts()
    assert c.contacts_arrived == 5 and c.contacts_live == c.contacts_arrived - c.contacts_ended
    assert "agents=3" in repr(eng)


def test_queue_update_remove_and_member(rec: Recorder) -> None:
    eng = rec.eng
    setup_center(eng)
    eng.update_queue("sales", 1 * S, wrapup_ms=1000, weight=3)
    eng.remove_member("sales", "carol", 2 * S)
    assert eng.queue_info("sales").members == 2
    assert eng.agent_info("carol").queues == 1
    eng.remove_queue("chat", 3 * S)
    eng.remove_agent("carol")
    assert eng.counts().agents == 2
    eng.update_agent("bob", name="Robert", capacity=(1, 0, 0), skills=[("french", 70)])
    assert eng.agent_info("bob").capacity[acd.Channel.CHAT] == 0
    eng.reset_counts()
    eng.reset_counts("bob")


@pytest.mark.parametrize("strategy", Recorder().eng.strategies())
def test_every_strategy_routes(strategy: str) -> None:
    r = Recorder(seed=7)
    eng = r.eng
    try:
        setup_center(eng, strategy)
        for n in ("alice", "bob", "carol"):
            eng.login(n, 0)
        t = 1 * S
        served = 0
        for i in range(12):
            cid = f"c{i}"
            eng.arrive(cid, "sales", t)
            eng.check()
            t += 100 * MS
            done = set()
            for a in r.take():
                # ring-all offers to several agents: the first answer wins
                if a.type == T.OFFER and a.contact_id and a.contact_id not in done:
                    done.add(a.contact_id)
                    eng.accept(a.contact_id, a.agent_id or "", t)
                    served += 1
            eng.check()
        # end everything that is connected, then let wrap-ups and offers run
        for i in range(12):
            try:
                info = eng.contact_info(f"c{i}")
            except acd.ContactNotFound:
                continue
            if info.state is acd.ContactState.CONNECTED:
                eng.hangup(f"c{i}", t)
        eng.advance(t + 60 * S)
        eng.check()
        assert served >= 3
        assert eng.queue_info("sales").strategy == strategy
    finally:
        eng.close()
