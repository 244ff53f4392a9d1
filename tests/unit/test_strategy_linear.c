/* SPDX-License-Identifier: MIT */
/* linear: always the first ready member in member order; rejects, ring
 * timeouts, logouts while ringing, and the last member being away. */
#include "harness.h"

#include <stdio.h>

static void setup(harness *h) {
  h_init(h, NULL);
  /* positions out of join order: the member order is by position */
  /* a4 idle longest, a1 shortest: longest idle would pick the reverse */
  h_team(h, "q", "linear", "a1 a2 a3 a4",
         "a3:0:2 a1:0:0 a4:0:3 a2:0:1", "a4:1 a3:2 a2:3 a1:4");
}

H_TEST_WITH(top_down, setup) {
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\n");
  h_arrive(h, "c2", "q", S(10));
  h_expect(h, "OFFER c2 a2\n");
  /* a1 declines: c1 goes to the first ready member, a3 */
  CALL(h, acdr_contact_reject(h->e, "c1", "a1", ACDR_REJECT_DECLINED, S(11)));
  h_expect(h, "CANCEL c1 a1 rejected\nOFFER c1 a3\n");
  h_accept(h, "c2", "a2", S(12));
  h_expect(h, "CONNECTED c2 a2\n");
  /* the last member of the list is away; a1 is in its reject delay
   * (5 s): nobody for c3 until a1 is back at 16 s */
  CALL(h, acdr_agent_set_status(h->e, "a4", ACDR_AGENT_AWAY, "lunch", S(13)));
  h_arrive(h, "c3", "q", S(13));
  h_expect(h, "");
  h_advance(h, S(16));
  h_expect(h, "OFFER c3 a1\n");
  /* a3 logs out while c1 rings there: c1 waits (a1, a2 busy, a4 away) */
  CALL(h, acdr_agent_logout(h->e, "a3", S(17)));
  h_expect(h, "CANCEL c1 a3 agent-unavailable\n");
  CALL(h, acdr_agent_set_status(h->e, "a4", ACDR_AGENT_AVAILABLE, NULL,
                                 S(18)));
  h_expect(h, "OFFER c1 a4\n");
  h_accept(h, "c1", "a4", S(19));
  h_expect(h, "CONNECTED c1 a4\n");
  /* c3 rings out at a1 (16 s + 15 s); nobody else is free, so it waits
   * for a1's no-answer delay (5 s) and goes to a1 again */
  h_advance(h, S(31));
  h_expect(h, "CANCEL c3 a1 no-answer\n");
  h_advance(h, S(36));
  h_expect(h, "OFFER c3 a1\n");
  /* a4 then a2 free up: the next contact goes to a2, above a4 in the
   * list although a4 has been idle longer */
  h_hangup(h, "c1", S(37));
  h_hangup(h, "c2", S(37));
  h_expect(h, "WRAPUP c1 a4\nENDED c1 completed\nWRAPUP c2 a2\n"
               "ENDED c2 completed\n");
  h_arrive(h, "c4", "q", S(38));
  h_expect(h, "OFFER c4 a2\n");
}

/* n voice agents a1..an, members of q at positions 0..n-1, logged in at
 * 1 s apart; q is linear with a 15 s ring timeout and the given no-answer
 * delay (no autopause, so a member who rings out stays in the rotation). */
static void ring_team(harness *h, int n, int64_t no_answer_delay_ms) {
  acdr_queue_def d;
  char id[16];
  int i;
  h_qdef(&d, "q", "linear");
  d.ring_timeout_ms = 15000;
  d.no_answer_delay_ms = no_answer_delay_ms;
  d.max_missed = 0;
  h_qadd(h, &d);
  for (i = 1; i <= n; i++) {
    snprintf(id, sizeof(id), "a%d", i);
    h_agent(h, id);
    h_member(h, "q", id, 0, i - 1, 0);
  }
  for (i = 1; i <= n; i++) {
    snprintf(id, sizeof(id), "a%d", i);
    h_login(h, id, S(i));
  }
}

/* One caller, every member lets it ring out: a1, a2, a3, then a1 again.
 * Asterisk app_queue strategy=linear keeps the place per caller
 * (qe->linpos, qe->linwrapped; store_next_lin() moves it on after each
 * attempt), so every member is tried once before starting over. */
H_TEST(retries_go_down_the_list_3) {
  ring_team(h, 3, 0);
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\n");
  h_advance(h, S(25));
  h_expect(h, "CANCEL c1 a1 no-answer\nOFFER c1 a2\n");
  h_advance(h, S(40));
  h_expect(h, "CANCEL c1 a2 no-answer\nOFFER c1 a3\n");
  h_advance(h, S(55));
  h_expect(h, "CANCEL c1 a3 no-answer\nOFFER c1 a1\n");
  h_advance(h, S(70));
  h_expect(h, "CANCEL c1 a1 no-answer\nOFFER c1 a2\n");
  h_accept(h, "c1", "a2", S(71));
  h_expect(h, "CONNECTED c1 a2\n");
  h_hangup(h, "c1", S(72));
  (void)h_take(h);
}

/* The same with the default 5 s no-answer rest: a1 is ready again when
 * a2 rings out, yet the caller goes on to a3 (the bug: a1, a2, a1, a2). */
H_TEST(retries_with_rest_reach_the_third_member) {
  ring_team(h, 3, 5000);
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\n");
  h_advance(h, S(25));
  h_expect(h, "CANCEL c1 a1 no-answer\nOFFER c1 a2\n");
  h_advance(h, S(40));
  h_expect(h, "CANCEL c1 a2 no-answer\nOFFER c1 a3\n");
  h_advance(h, S(55));
  h_expect(h, "CANCEL c1 a3 no-answer\nOFFER c1 a1\n");
  h_hangup(h, "c1", S(56));
  h_expect(h, "CANCEL c1 a1 caller-hangup\nENDED c1 abandoned\n");
}

/* Five members, rejects and ring timeouts mixed; a member busy with
 * another caller is skipped and the round goes on after it; a new caller
 * starts at the top.  FreeSWITCH mod_callcenter top-down does the same:
 * agents_callback() stores cc_last_agent_tier_position on the member's
 * channel and the next attempt starts after that position. */
H_TEST(retries_go_down_the_list_5) {
  ring_team(h, 5, 0);
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\n");
  CALL(h, acdr_contact_reject(h->e, "c1", "a1", ACDR_REJECT_DECLINED, S(11)));
  h_expect(h, "CANCEL c1 a1 rejected\nOFFER c1 a2\n");
  /* c2 arrives while a2 rings for c1: it starts at the top, a1 (free
   * again after its 5 s reject delay) */
  h_advance(h, S(16));
  h_arrive(h, "c2", "q", S(16));
  h_expect(h, "OFFER c2 a1\n");
  h_accept(h, "c2", "a1", S(16));
  h_expect(h, "CONNECTED c2 a1\n");
  h_advance(h, S(26));
  h_expect(h, "CANCEL c1 a2 no-answer\nOFFER c1 a3\n");
  /* a4 takes a call from c3 meanwhile: c1 skips it */
  h_arrive(h, "c3", "q", S(27));
  h_expect(h, "OFFER c3 a2\n");
  CALL(h, acdr_contact_reject(h->e, "c3", "a2", ACDR_REJECT_BUSY, S(27)));
  h_expect(h, "CANCEL c3 a2 rejected\nOFFER c3 a4\n");
  h_accept(h, "c3", "a4", S(28));
  h_expect(h, "CONNECTED c3 a4\n");
  CALL(h, acdr_contact_reject(h->e, "c1", "a3", ACDR_REJECT_DECLINED, S(29)));
  h_expect(h, "CANCEL c1 a3 rejected\nOFFER c1 a5\n");
  /* after the last member, the top again: a1 and a4 are busy, a2 is
   * free (its 5 s busy delay ended at 32 s): a2, then a3 */
  h_advance(h, S(44));
  h_expect(h, "CANCEL c1 a5 no-answer\nOFFER c1 a2\n");
  /* a1 is free again before a2 rings out: the round goes on after a2,
   * to a3, and does not jump back to the top */
  h_hangup(h, "c2", S(45));
  h_advance(h, S(58));
  h_expect(h, "WRAPUP c2 a1\nENDED c2 completed\n");
  h_advance(h, S(59));
  h_expect(h, "CANCEL c1 a2 no-answer\nOFFER c1 a3\n");
  h_accept(h, "c1", "a3", S(60));
  h_expect(h, "CONNECTED c1 a3\n");
  h_hangup(h, "c1", S(61));
  h_hangup(h, "c3", S(61));
  (void)h_take(h);
}

/* The caller's place is part of the engine's state: a snapshot taken
 * after a2 rang out restores to an engine that goes on with a3, then a4,
 * exactly as the original does. */
static void place_survives_snapshot(void **state) {
  harness a, b;
  char *snap, *snap_b;
  size_t len, len_b;
  (void)state;
  h_init(&a, NULL);
  ring_team(&a, 4, 0);
  h_arrive(&a, "c1", "q", S(10));
  h_advance(&a, S(40));
  h_expect(&a, "OFFER c1 a1\nCANCEL c1 a1 no-answer\nOFFER c1 a2\n"
               "CANCEL c1 a2 no-answer\nOFFER c1 a3\n");
  CALL(&a, acdr_engine_snapshot(a.e, &snap, &len));
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, len));
  CALL(&b, acdr_engine_snapshot(b.e, &snap_b, &len_b));
  assert_string_equal(snap, snap_b);
  h_advance(&a, S(70));
  h_advance(&b, S(70));
  h_expect(&a, "CANCEL c1 a3 no-answer\nOFFER c1 a4\n"
               "CANCEL c1 a4 no-answer\nOFFER c1 a1\n");
  h_expect(&b, "CANCEL c1 a3 no-answer\nOFFER c1 a4\n"
               "CANCEL c1 a4 no-answer\nOFFER c1 a1\n");
  acdr_free(a.e, snap);
  acdr_free(b.e, snap_b);
  h_free(&a);
  h_free(&b);
}

/* The place belongs to linear: when the queue's strategy changes while a
 * caller rings, the new strategy starts that caller afresh.  Members at
 * one position have consecutive member orders, so a place left behind
 * (the order after a2's, which is a3's) would read as a pin to a3 for
 * round-robin-strict; its turn starts at a1. */
H_TEST(place_dropped_when_strategy_changes) {
  acdr_queue_def d;
  h_qdef(&d, "q", "linear");
  d.ring_timeout_ms = 15000;
  d.no_answer_delay_ms = 0;
  d.max_missed = 0;
  h_qadd(h, &d);
  h_agents(h, "a1 a2 a3");
  h_members(h, "q", "a1:0:0 a2:0:0 a3:0:0");
  h_logins(h, "a1:1 a2:2 a3:3");
  h_arrive(h, "c1", "q", S(10));
  h_advance(h, S(25));
  h_expect(h, "OFFER c1 a1\nCANCEL c1 a1 no-answer\nOFFER c1 a2\n");
  d.strategy = "round-robin-strict";
  CALL(h, acdr_queue_update(h->e, &d, S(26)));
  h_expect(h, "");
  h_advance(h, S(40));
  h_expect(h, "CANCEL c1 a2 no-answer\nOFFER c1 a1\n");
  h_hangup(h, "c1", S(41));
  (void)h_take(h);
}

H_MAIN(T(top_down), T(retries_go_down_the_list_3),
       T(retries_with_rest_reach_the_third_member),
       T(retries_go_down_the_list_5), T(place_survives_snapshot),
       T(place_dropped_when_strategy_changes))
