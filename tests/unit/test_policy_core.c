/* SPDX-License-Identifier: MIT */
/* The queue policies the core state machine carries out itself: no-answer
 * counting and auto-away, reject / busy delays, place in line, wrap-up,
 * callbacks, transfer, abandon. */
#include "recorder.h"

#include <string.h>

static const rec *ended(const char *c) {
  size_t i;
  for (i = 0; i < nrecs; i++)
    if (recs[i].type == ACDR_ACTION_CONTACT_ENDED &&
        strcmp(recs[i].contact, c) == 0)
      return &recs[i];
  fail_msg("contact %s never ended", c);
  return NULL;
}

static void start(harness *h) { rec_start(h, NULL, 1024); }

static void queue(harness *h, const char *id, uint32_t max_missed,
                  int64_t wrapup_ms) {
  acdr_queue_def d;
  h_qdef(&d, id, NULL);
  d.ring_timeout_ms = 10000;
  d.no_answer_delay_ms = 2000;
  d.reject_delay_ms = 7000;
  d.busy_delay_ms = 3000;
  d.max_missed = max_missed;
  d.wrapup_ms = wrapup_ms;
  assert_int_equal(acdr_queue_add(h->e, &d), 0);
}

/* Queue q (3 misses allowed, no wrap-up) with a1 its only member. */
static void solo(harness *h) {
  start(h);
  queue(h, "q", 3, 0);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
}

H_TEST_WITH(no_answer_sets_agent_away, solo) {
  acdr_agent_info ai;
  h_login(h, "a1", S(0));
  h_arrive(h, "c1", "q", S(0));
  /* rings 0-10, pause 2 s, 12-22, pause, 24-34: third miss -> away */
  h_advance(h, S(33));
  h_expect(h, "OFFER c1 a1\nCANCEL c1 a1 no-answer\nOFFER c1 a1\n"
               "CANCEL c1 a1 no-answer\nOFFER c1 a1\n");
  assert_int_equal(acdr_agent_get_info(h->e, "a1", &ai), 0);
  assert_int_equal(ai.status, ACDR_AGENT_AVAILABLE);
  assert_int_equal(ai.missed_in_row, 2);
  h_advance(h, S(34));
  h_expect(h, "CANCEL c1 a1 no-answer\n");
  assert_int_equal(acdr_agent_get_info(h->e, "a1", &ai), 0);
  assert_int_equal(ai.status, ACDR_AGENT_AWAY);
  assert_string_equal(ai.away_reason, "no-answer");
  /* the contact waits; nothing rings any more */
  h_advance(h, S(100));
  h_expect(h, "");
  /* back to available: counter reset, offered again */
  assert_int_equal(acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AVAILABLE,
                                         NULL, S(101)), 0);
  h_check(h);
  h_expect(h, "OFFER c1 a1\n");
  assert_int_equal(acdr_agent_get_info(h->e, "a1", &ai), 0);
  assert_int_equal(ai.missed_in_row, 0);
  h_hangup(h, "c1", S(102));
  rec_conserved(h);
}

H_TEST_WITH(answering_resets_the_miss_count, start) {
  acdr_agent_info ai;
  queue(h, "q", 2, 0);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(0));
  h_arrive(h, "c1", "q", S(0));
  h_advance(h, S(12));
  h_accept(h, "c1", "a1", S(13)); /* one miss, then an answer */
  h_hangup(h, "c1", S(14));
  h_arrive(h, "c2", "q", S(15));
  h_advance(h, S(25)); /* a second miss, but not in a row */
  assert_int_equal(acdr_agent_get_info(h->e, "a1", &ai), 0);
  assert_int_equal(ai.status, ACDR_AGENT_AVAILABLE);
  assert_int_equal(ai.missed_in_row, 1);
  h_hangup(h, "c2", S(26));
  rec_conserved(h);
}

/* A declined or busy offer: the contact goes to the next agent at once
 * and keeps its place in line; the agent rests for the configured delay. */
H_TEST_WITH(reject_and_busy_delays_keep_place, solo) {
  acdr_contact_info ci;
  h_arrive(h, "c1", "q", S(0));
  h_arrive(h, "c2", "q", S(1));
  h_login(h, "a1", S(2));
  h_expect(h, "OFFER c1 a1\n");
  assert_int_equal(acdr_contact_reject(h->e, "c1", "a1", ACDR_REJECT_DECLINED,
                                       S(3)), 0);
  h_check(h);
  assert_int_equal(acdr_contact_get_info(h->e, "c1", &ci), 0);
  assert_int_equal(ci.position, 1); /* head of the line, not the tail */
  assert_int_equal(acdr_contact_get_info(h->e, "c2", &ci), 0);
  assert_int_equal(ci.position, 2);
  h_advance(h, S(10) - 1); /* reject delay 7 s */
  h_expect(h, "CANCEL c1 a1 rejected\n");
  h_advance(h, S(10));
  h_expect(h, "OFFER c1 a1\n");
  assert_int_equal(acdr_contact_reject(h->e, "c1", "a1", ACDR_REJECT_BUSY,
                                       S(11)), 0);
  h_advance(h, S(14) - 1); /* busy delay 3 s */
  h_expect(h, "CANCEL c1 a1 rejected\n");
  h_advance(h, S(14));
  h_expect(h, "OFFER c1 a1\n");
  h_hangup(h, "c1", S(15));
  h_hangup(h, "c2", S(15));
  rec_conserved(h);
}

H_TEST_WITH(wrapup_per_queue_and_per_agent, start) {
  acdr_agent_def ad;
  acdr_agent_info ai;
  queue(h, "q", 3, 20000);
  h_agent(h, "a1");
  acdr_agent_def_default(&ad);
  ad.id = "a2";
  ad.wrapup_ms = 5000; /* overrides the queue's 20 s */
  assert_int_equal(acdr_agent_add(h->e, &ad), 0);
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_login(h, "a1", S(0));
  h_arrive(h, "c1", "q", S(1));
  h_accept(h, "c1", "a1", S(1));
  h_login(h, "a2", S(2));
  h_arrive(h, "c2", "q", S(2));
  h_accept(h, "c2", "a2", S(2));
  h_hangup(h, "c1", S(10)); /* a1 wraps up until 30 */
  h_hangup(h, "c2", S(10)); /* a2 until 15 */
  h_take(h);
  assert_int_equal(acdr_agent_get_info(h->e, "a1", &ai), 0);
  assert_int_equal(ai.activity, ACDR_ACTIVITY_WRAPUP);
  h_arrive(h, "c3", "q", S(11));
  h_arrive(h, "c4", "q", S(12));
  h_expect(h, "");
  h_advance(h, S(15));
  h_expect(h, "ENDED c2 completed\nOFFER c3 a2\n");
  /* the host ends a1's wrap-up early */
  assert_int_equal(acdr_contact_wrapup_done(h->e, "c1", S(16)), 0);
  h_check(h);
  h_expect(h, "ENDED c1 completed\nOFFER c4 a1\n");
  assert_int_equal(acdr_contact_wrapup_done(h->e, "c1", S(17)),
                   ACDR_ERR_CONTACT_NOT_FOUND);
  assert_int_equal(acdr_contact_wrapup_done(h->e, "c4", S(17)),
                   ACDR_ERR_INVALID_STATE);
  h_hangup(h, "c3", S(18));
  h_hangup(h, "c4", S(18));
  assert_int_equal(acdr_engine_get_expiry(h->e), ACDR_TSTAMP_MAX);
  rec_conserved(h);
}

H_TEST_WITH(callback_keeps_place_and_rings_back, solo) {
  acdr_contact_info ci;
  h_arrive(h, "c1", "q", S(0));
  h_arrive(h, "c2", "q", S(1));
  h_arrive(h, "c3", "q", S(2));
  assert_int_equal(acdr_contact_request_callback(h->e, "c2", S(3)), 0);
  h_check(h);
  assert_int_equal(acdr_contact_request_callback(h->e, "c2", S(3)),
                   ACDR_ERR_INVALID_STATE);
  assert_int_equal(acdr_contact_get_info(h->e, "c2", &ci), 0);
  assert_int_equal(ci.position, 2);
  assert_int_equal(ci.is_callback, 1);
  h_login(h, "a1", S(4));
  h_accept(h, "c1", "a1", S(5));
  h_hangup(h, "c1", S(6));
  h_expect(h, "OFFER c1 a1\nCONNECTED c1 a1\nWRAPUP c1 a1\n"
               "ENDED c1 completed\nCALLBACK c2 a1\nOFFER c2 a1\n");
  /* unanswered: back in its place, and the callback action again next
   * time */
  h_advance(h, S(16));
  h_expect(h, "CANCEL c2 a1 no-answer\n");
  assert_int_equal(acdr_contact_get_info(h->e, "c2", &ci), 0);
  assert_int_equal(ci.position, 1);
  h_advance(h, S(18));
  h_expect(h, "CALLBACK c2 a1\nOFFER c2 a1\n");
  h_accept(h, "c2", "a1", S(19));
  h_hangup(h, "c2", S(20));
  assert_int_equal(ended("c2")->reason, ACDR_END_COMPLETED);
  h_hangup(h, "c3", S(21));
  rec_conserved(h);
}

H_TEST_WITH(transfer_keeps_original_arrival, start) {
  acdr_contact_info ci;
  queue(h, "sales", 3, 4000);
  queue(h, "support", 3, 0);
  h_agents(h, "a1 a2");
  h_member(h, "sales", "a1", 0, 0, 0);
  h_member(h, "support", "a2", 0, 0, 0);
  h_login(h, "a1", S(0));
  h_arrive(h, "c1", "sales", S(10));
  h_accept(h, "c1", "a1", S(12));
  assert_int_equal(acdr_contact_transfer(h->e, "c1", "support", NULL, S(40)),
                   0);
  h_check(h);
  h_expect(h, "OFFER c1 a1\nCONNECTED c1 a1\nREQUEUED c1 support\n");
  assert_int_equal(acdr_contact_get_info(h->e, "c1", &ci), 0);
  assert_int_equal(ci.arrival, S(10));
  assert_int_equal(ci.state, ACDR_CONTACT_WAITING);
  h_login(h, "a2", S(50));
  h_accept(h, "c1", "a2", S(52));
  h_hangup(h, "c1", S(60));
  h_expect(h, "OFFER c1 a2\nCONNECTED c1 a2\nWRAPUP c1 a2\n"
               "ENDED c1 completed\n");
  /* time to answer counts from the first arrival: 52 - 10 */
  assert_int_equal(ended("c1")->value_ms, 42000);
  rec_conserved(h);
}

/* Abandons report the wait (the host compares it with short_abandon_ms);
 * a caller hanging up while ringing stops every offer. */
H_TEST_WITH(abandon_reports_wait, solo) {
  acdr_agent_info ai;
  h_arrive(h, "c1", "q", S(0));
  h_hangup(h, "c1", S(3));
  h_login(h, "a1", S(10));
  h_arrive(h, "c2", "q", S(20));
  h_hangup(h, "c2", S(27));
  h_expect(h, "ENDED c1 abandoned\nOFFER c2 a1\n"
               "CANCEL c2 a1 caller-hangup\nENDED c2 abandoned\n");
  assert_int_equal(ended("c1")->value_ms, 3000);
  assert_int_equal(ended("c2")->value_ms, 7000);
  assert_int_equal(acdr_agent_get_info(h->e, "a1", &ai), 0);
  assert_int_equal(ai.missed_in_row, 0); /* not the agent's miss */
  assert_int_equal(ai.load[ACDR_CHANNEL_VOICE], 0);
  assert_int_equal(acdr_engine_get_expiry(h->e), ACDR_TSTAMP_MAX);
  rec_conserved(h);
}

H_MAIN(T(no_answer_sets_agent_away), T(answering_resets_the_miss_count),
       T(reject_and_busy_delays_keep_place), T(wrapup_per_queue_and_per_agent),
       T(callback_keeps_place_and_rings_back),
       T(transfer_keeps_original_arrival), T(abandon_reports_wait))
