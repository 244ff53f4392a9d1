/* SPDX-License-Identifier: MIT */
/* Availability-aware known-agent routing: a contact held for its known
 * agent (acdr_contact_def.preferred_agent; customer memory's owner and
 * last agent in test_customers.c) waits only when that agent can take it
 * within the hold.
 *
 * Peers: Asterisk app_queue.c has no hold for a named member (a caller
 * for a specific agent is sent to that agent's own queue, where he waits
 * however long that agent is away); FreeSWITCH mod_callcenter.c offers a
 * member to agents by tier and has no known-agent hold either.  The
 * behaviour here is what Chatwoot users ask for (chatwoot #4158, #7204):
 * the last agent if he is online, else anyone at once. */
#include "harness.h"

#include <string.h>

/* Queue q (linear: a1 before a2), both logged in; known-agent hold 30 s. */
static void team(harness *h) {
  acdr_queue_def d;
  h_agents(h, "a1 a2");
  h_qdef(&d, "q", "linear");
  d.known_agent_hold_ms = 30000;
  h_qadd(h, &d);
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_logins(h, "a1:1 a2:1");
}

static void arrive_for(harness *h, const char *c, const char *agent,
                       acdr_tstamp now) {
  acdr_contact_def d;
  acdr_contact_def_default(&d);
  d.id = c;
  d.queue = "q";
  d.preferred_agent = agent;
  CALL(h, acdr_contact_arrive(h->e, &d, now));
}

/* The known agent is away: a1 is free, the contact goes to a1 at once
 * (before: it waited the whole 30 s hold). */
H_TEST(known_agent_away_costs_no_hold) {
  team(h);
  CALL(h, acdr_agent_set_status(h->e, "a2", ACDR_AGENT_AWAY, "lunch", S(2)));
  h_take(h);
  arrive_for(h, "c1", "a2", S(10));
  h_expect(h, "OFFER c1 a1\n");
}

H_TEST(known_agent_logged_out_costs_no_hold) {
  team(h);
  CALL(h, acdr_agent_logout(h->e, "a2", S(2)));
  h_take(h);
  arrive_for(h, "c1", "a2", S(10));
  h_expect(h, "OFFER c1 a1\n");
}

/* Not a member of the queue, or no such agent at all. */
H_TEST(known_agent_not_member_costs_no_hold) {
  team(h);
  h_agent(h, "x");
  h_login(h, "x", S(1));
  h_take(h);
  arrive_for(h, "c1", "x", S(10));
  h_expect(h, "OFFER c1 a1\n");
  arrive_for(h, "c2", "nobody", S(11));
  h_expect(h, "OFFER c2 a2\n");
}

/* a2 answers contact `c` at t (after a1 and a2 each handled one 60 s
 * contact, so the queue's average handle time is 60 s); a1 is free. */
static void a2_busy_from(harness *h, const char *c, acdr_tstamp t) {
  h_serve(h, "w1", "q", "a1", S(2), S(60));
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AWAY, NULL, S(63)));
  h_serve(h, "w2", "q", "a2", S(64), S(60));
  arrive_for(h, c, NULL, t);
  h_accept(h, c, "a2", t);
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AVAILABLE, NULL, t));
  h_take(h);
}

/* a2 is on a contact he answered at 200 s; by the average handle time
 * he is free at 260 s.  A contact for him at 201 s (hold to 231 s) goes
 * to a1 at once; one at 240 s (hold to 270 s) waits and gets a2 when he
 * hangs up. */
H_TEST(known_agent_busy_past_hold_costs_no_hold) {
  team(h);
  a2_busy_from(h, "b", S(200));
  arrive_for(h, "c1", "a2", S(201));
  h_expect(h, "OFFER c1 a1\n");
}

H_TEST(known_agent_busy_within_hold_is_waited_for) {
  team(h);
  a2_busy_from(h, "b", S(200));
  arrive_for(h, "c1", "a2", S(240));
  h_expect(h, "");
  h_hangup(h, "b", S(250));
  h_expect(h, "WRAPUP b a2\nENDED b completed\nOFFER c1 a2\n");
}

/* The known agent leaves (away) while a contact waits for him: it goes
 * to the free agent at that moment, not when the hold runs out. */
H_TEST(known_agent_leaves_during_hold) {
  team(h);
  a2_busy_from(h, "b", S(200));
  arrive_for(h, "c1", "a2", S(240));
  h_expect(h, "");
  CALL(h, acdr_agent_set_status(h->e, "a2", ACDR_AGENT_AWAY, NULL, S(245)));
  h_expect(h, "OFFER c1 a1\n");
}

/* The known agent is taken out of the queue while a contact waits for
 * him: it goes to the free agent at the removal, not at the end of the
 * hold (270 s) or at the next event that dispatches the queue. */
H_TEST(known_agent_removed_during_hold) {
  team(h);
  a2_busy_from(h, "b", S(200));
  arrive_for(h, "c1", "a2", S(240));
  h_expect(h, "");
  CALL(h, acdr_queue_member_remove(h->e, "q", "a2", S(245)));
  h_expect(h, "OFFER c1 a1\n");
}

/* Before any handle time is measured, a busy known agent is waited for
 * (nothing says he will not be free in time): the hold as before. */
H_TEST(known_agent_busy_unknown_free_up_keeps_hold) {
  team(h);
  arrive_for(h, "b", NULL, S(5));
  h_accept(h, "b", "a1", S(5));
  h_take(h);
  arrive_for(h, "c1", "a1", S(6));
  h_expect(h, "");
  h_advance(h, S(36));
  h_expect(h, "OFFER c1 a2\n");
}

H_MAIN(T(known_agent_away_costs_no_hold),
       T(known_agent_logged_out_costs_no_hold),
       T(known_agent_not_member_costs_no_hold),
       T(known_agent_busy_past_hold_costs_no_hold),
       T(known_agent_busy_within_hold_is_waited_for),
       T(known_agent_leaves_during_hold),
       T(known_agent_removed_during_hold),
       T(known_agent_busy_unknown_free_up_keeps_hold))
