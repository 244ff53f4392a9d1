/* SPDX-License-Identifier: MIT */
/* Conformance with FreeSWITCH mod_callcenter: the behaviours that
 * docs/conformance.md lists as "same", pinned as scenarios on
 * the "freeswitch" profile (peer_qdef).  Facts from
 * the mod_callcenter documentation; no FreeSWITCH code. */
#include "harness.h"

#include <stdio.h>
#include <string.h>

/* A queue def from the freeswitch profile (lib/core/profile.c: the peer's
 * out-of-the-box defaults), keeping the strategy the scenario names;
 * what a scenario sets after it is the peer option it ports. */
static void peer_qdef(acdr_queue_def *d, const char *id,
                      const char *strategy) {
  h_qdef(d, id, strategy);
  assert_int_equal(acdr_queue_def_profile(d, "freeswitch"), 0);
  d->strategy = strategy;
}

/* tier-rules-apply=true, tier-rule-wait-second=10,
 * tier-rule-wait-multiply-level=true, tier-rule-no-agent-no-wait left at
 * its default (true, mod_callcenter load_queue()): level L opens after
 * L x W from the caller's entry, except the first level with an agent,
 * which opens at once: levels 1, 2, 3 at 0, 2W, 3W (agents_callback()
 * compares (level - cbt.tier) x W with the time waited). */
H_TEST(tier_wait_multiplied) {
  acdr_queue_def d;
  peer_qdef(&d, "q", "longest-idle");
  d.tier_wait_ms = 10000;
  d.tier_wait_multiply = 1;
  h_qadd(h, &d);
  h_agents(h, "t1 t2a t2b t3");
  h_members(h, "q", "t1:1:0 t2a:2:1 t2b:2:2 t3:3:3");
  h_logins(h, "t3:1 t2a:2 t2b:3 t1:4");
  /* t1 free: the first tier takes it at once although others idle longer */
  h_serve(h, "c0", "q", "t1", S(5), S(1));
  /* t1 busy: c1 opens level 2 at 2W (t2a), c2 too (t2b); with level 2
   * busy c3 gets level 3 at 3W */
  h_arrive(h, "x1", "q", S(10));
  h_expect(h, "OFFER x1 t1\n");
  h_accept(h, "x1", "t1", S(10));
  (void)h_take(h);
  h_arrive(h, "c1", "q", S(100));
  h_expect(h, "");
  h_advance(h, S(120) - 1);
  h_expect(h, "");
  h_advance(h, S(120));
  h_expect(h, "OFFER c1 t2a\n");
  h_accept(h, "c1", "t2a", S(120));
  (void)h_take(h);
  h_arrive(h, "c2", "q", S(200));
  h_advance(h, S(220));
  h_expect(h, "OFFER c2 t2b\n");
  h_accept(h, "c2", "t2b", S(220));
  (void)h_take(h);
  h_arrive(h, "c3", "q", S(300));
  h_advance(h, S(320));
  h_expect(h, ""); /* level 2 all busy */
  h_advance(h, S(330) - 1);
  h_expect(h, "");
  h_advance(h, S(330));
  h_expect(h, "OFFER c3 t3\n");
  h_accept(h, "c3", "t3", S(330));
  h_hangup(h, "x1", S(331));
  h_hangup(h, "c1", S(331));
  h_hangup(h, "c2", S(331));
  h_hangup(h, "c3", S(331));
  (void)h_take(h);
}

/* tier-rules-apply=false: tiers (levels) are still an order: a higher
 * level gets a caller only when the lower levels have nobody free. */
H_TEST(tiers_without_rules) {
  acdr_queue_def d;
  peer_qdef(&d, "q", "linear"); /* top-down / sequentially-by-agent-order */
  h_qadd(h, &d);
  h_agents(h, "l1 l2");
  h_member(h, "q", "l2", 2, 0, 0); /* first by position, but level 2 */
  h_member(h, "q", "l1", 1, 1, 0);
  h_logins(h, "l2:1 l1:1");
  h_arrive(h, "c1", "q", S(2));
  h_expect(h, "OFFER c1 l1\n");
  h_accept(h, "c1", "l1", S(2));
  h_arrive(h, "c2", "q", S(3));
  h_expect(h, "CONNECTED c1 l1\nOFFER c2 l2\n");
  h_accept(h, "c2", "l2", S(3));
  h_hangup(h, "c1", S(4));
  h_hangup(h, "c2", S(4));
  (void)h_take(h);
}

/* reject-delay-time, busy-delay-time, no-answer-delay-time: after each
 * outcome the agent is not tried again for that long (exactly). */
H_TEST(delays_exact) {
  acdr_queue_def d;
  peer_qdef(&d, "q", "longest-idle");
  d.reject_delay_ms = 3000;
  d.busy_delay_ms = 7000;
  d.no_answer_delay_ms = 4000;
  d.ring_timeout_ms = 20000;
  d.max_missed = 0;
  h_qadd(h, &d);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\n");
  CALL(h, acdr_contact_reject(h->e, "c1", "a1", ACDR_REJECT_DECLINED, S(11)));
  h_advance(h, S(14) - 1);
  h_expect(h, "CANCEL c1 a1 rejected\n");
  h_advance(h, S(14));
  h_expect(h, "OFFER c1 a1\n");
  CALL(h, acdr_contact_reject(h->e, "c1", "a1", ACDR_REJECT_BUSY, S(15)));
  h_advance(h, S(22) - 1);
  h_expect(h, "CANCEL c1 a1 rejected\n");
  h_advance(h, S(22));
  h_expect(h, "OFFER c1 a1\n");
  h_advance(h, S(42));
  h_expect(h, "CANCEL c1 a1 no-answer\n");
  h_advance(h, S(46) - 1);
  h_expect(h, "");
  h_advance(h, S(46));
  h_expect(h, "OFFER c1 a1\n");
  h_accept(h, "c1", "a1", S(47));
  h_hangup(h, "c1", S(48));
  (void)h_take(h);
}

/* max-no-answer: after that many consecutive no-answers the agent goes
 * On Break (AWAY "no-answer"); rejects do not count. */
H_TEST(max_no_answer) {
  acdr_queue_def d;
  acdr_agent_info info;
  peer_qdef(&d, "q", "longest-idle");
  d.max_missed = 2;
  d.no_answer_delay_ms = 0;
  d.reject_delay_ms = 0;
  d.ring_timeout_ms = 10000;
  h_qadd(h, &d);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(10));
  h_advance(h, S(20));
  h_expect(h, "OFFER c1 a1\nCANCEL c1 a1 no-answer\nOFFER c1 a1\n");
  CALL(h, acdr_contact_reject(h->e, "c1", "a1", ACDR_REJECT_DECLINED, S(21)));
  h_expect(h, "CANCEL c1 a1 rejected\nOFFER c1 a1\n");
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AVAILABLE);
  h_advance(h, S(31));
  h_expect(h, "CANCEL c1 a1 no-answer\n");
  CALL(h, acdr_agent_get_info(h->e, "a1", &info));
  assert_int_equal(info.status, ACDR_AGENT_AWAY);
  assert_string_equal(info.away_reason, "no-answer");
  h_hangup(h, "c1", S(32));
  h_expect(h, "ENDED c1 abandoned\n");
}

/* wrap-up-time (an agent setting in mod_callcenter): the agent's own
 * wrap-up overrides the queue's; next offer exactly at its end. */
H_TEST(agent_wrap_up_time) {
  acdr_queue_def d;
  acdr_agent_def ad;
  peer_qdef(&d, "q", "longest-idle");
  d.wrapup_ms = 30000;
  h_qadd(h, &d);
  acdr_agent_def_default(&ad);
  ad.id = "a1";
  ad.capacity[ACDR_CHANNEL_VOICE] = 1;
  ad.wrapup_ms = 7000;
  CALL(h, acdr_agent_add(h->e, &ad));
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(10));
  h_accept(h, "c1", "a1", S(10));
  h_hangup(h, "c1", S(20));
  h_arrive(h, "c2", "q", S(21));
  (void)h_take(h);
  h_advance(h, S(27) - 1);
  h_expect(h, "");
  h_advance(h, S(27));
  h_expect(h, "ENDED c1 completed\nOFFER c2 a1\n");
  h_accept(h, "c2", "a1", S(27));
  h_hangup(h, "c2", S(28));
  h_advance(h, S(35));
  (void)h_take(h);
}

/* round-robin remembers the last agent tried (offered), not the last
 * that answered: after a1 rings out, the next caller starts after the
 * agent tried last. */
H_TEST(round_robin_remembers_last_tried) {
  acdr_queue_def d;
  peer_qdef(&d, "q", "round-robin");
  d.ring_timeout_ms = 10000;
  h_qadd(h, &d);
  h_agents(h, "a1 a2 a3");
  h_members(h, "q", "a1:0:0 a2:0:1 a3:0:2");
  h_logins(h, "a1:1 a2:1 a3:1");
  h_arrive(h, "c1", "q", S(10));
  h_advance(h, S(20));
  h_expect(h, "OFFER c1 a1\nCANCEL c1 a1 no-answer\nOFFER c1 a2\n");
  h_accept(h, "c1", "a2", S(20));
  h_advance(h, S(30)); /* a1's no-answer delay ends at 25 s */
  h_arrive(h, "c2", "q", S(30));
  h_expect(h, "CONNECTED c1 a2\nOFFER c2 a3\n");
  h_accept(h, "c2", "a3", S(30));
  h_hangup(h, "c1", S(31));
  h_hangup(h, "c2", S(31));
  (void)h_take(h);
  h_advance(h, S(40));
  h_serve(h, "c3", "q", "a1", S(40), S(1)); /* wraps */
}

/* ring-progressively: one more agent every interval, earlier keep
 * ringing. */
H_TEST(ring_progressively) {
  acdr_queue_def d;
  acdr_kv kv = {"interval", "5"};
  peer_qdef(&d, "q", "ring-progressively");
  d.params = &kv;
  d.nparams = 1;
  d.ring_timeout_ms = 60000;
  h_qadd(h, &d);
  h_agents(h, "a1 a2 a3");
  h_members(h, "q", "a1:0:0 a2:0:1 a3:0:2");
  h_logins(h, "a1:1 a2:1 a3:1");
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\n");
  h_advance(h, S(15) - 1);
  h_expect(h, "");
  h_advance(h, S(15));
  h_expect(h, "OFFER c1 a2\n");
  h_advance(h, S(20));
  h_expect(h, "OFFER c1 a3\n");
  h_accept(h, "c1", "a2", S(21));
  h_hangup(h, "c1", S(22));
  (void)h_take(h);
}

/* agent-with-least-talk-time and agent-with-fewest-calls. */
H_TEST(least_talk_and_fewest_calls) {
  acdr_queue_def d;
  peer_qdef(&d, "lt", "least-talk-time");
  h_qadd(h, &d);
  peer_qdef(&d, "fc", "fewest-contacts");
  h_qadd(h, &d);
  h_agents(h, "a1 a2");
  h_members(h, "lt", "a1:0:0 a2:0:1");
  h_members(h, "fc", "a1:0:0 a2:0:1");
  h_logins(h, "a1:1 a2:2");
  h_serve(h, "c1", "lt", "a1", S(10), S(100)); /* a1: 1 call, 100 s */
  h_serve(h, "c2", "lt", "a2", S(200), S(10)); /* a2: 1 call, 10 s */
  h_serve(h, "c3", "lt", "a2", S(300), S(10)); /* a2 least talk: 2, 20 s */
  h_serve(h, "c4", "fc", "a1", S(400), S(1));  /* a1 fewest: 1 < 2 */
}

H_MAIN(T(tier_wait_multiplied), T(tiers_without_rules), T(delays_exact),
       T(max_no_answer), T(agent_wrap_up_time),
       T(round_robin_remembers_last_tried), T(ring_progressively),
       T(least_talk_and_fewest_calls))
