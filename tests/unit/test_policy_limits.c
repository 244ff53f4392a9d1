/* SPDX-License-Identifier: MIT */
/* Queue limits and overflow: maximum length, joining / leaving when no
 * agent is logged in, maximum wait, overflow targets and chains. */
#include "recorder.h"

#include <string.h>

static void start(harness *h) { rec_start(h, NULL, 4096); }

/* Conservation: every contact that arrived ended exactly once and the
 * host was told (one CONTACT_ENDED each, no duplicates). */
static void assert_conserved(harness *h) {
  size_t i, j;
  rec_conserved(h);
  for (i = 0; i < nrecs; i++)
    for (j = i + 1; j < nrecs; j++)
      if (recs[i].type == ACDR_ACTION_CONTACT_ENDED &&
          recs[j].type == ACDR_ACTION_CONTACT_ENDED)
        assert_string_not_equal(recs[i].contact, recs[j].contact);
}

/* ---- maximum length ---- */

H_TEST_WITH(max_len_refuses_without_target, start) {
  acdr_queue_def d;
  const rec *r;
  h_qdef(&d, "q", NULL);
  d.max_len = 2;
  h_qadd(h, &d);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(2)); /* ringing: still counts */
  h_arrive(h, "c2", "q", S(3));
  h_expect(h, "OFFER c1 a1\n");
  h_arrive(h, "c3", "q", S(4));
  h_expect(h, "ENDED c3 rejected\n");
  assert_int_equal(rec_count(ACDR_ACTION_OVERFLOW), 0);
  r = rec_last(ACDR_ACTION_CONTACT_ENDED);
  assert_int_equal(r->value_ms, 0);
  /* once c1 is answered the line has room again */
  h_accept(h, "c1", "a1", S(5));
  h_arrive(h, "c4", "q", S(6));
  h_expect(h, "CONNECTED c1 a1\n");
  h_hangup(h, "c1", S(7));
  h_hangup(h, "c4", S(7));
  h_hangup(h, "c2", S(8));
  assert_conserved(h);
}

H_TEST_WITH(max_len_overflows_to_queue_or_voicemail, start) {
  acdr_queue_def d;
  acdr_contact_info ci;
  const rec *r;
  h_qdef(&d, "q2", NULL);
  h_qadd(h, &d);
  d.id = "q1";
  d.max_len = 1;
  d.overflow_kind = ACDR_OVERFLOW_QUEUE;
  d.overflow_target = "q2";
  h_qadd(h, &d);
  d.id = "q3";
  d.overflow_kind = ACDR_OVERFLOW_VOICEMAIL;
  d.overflow_target = "box7";
  h_qadd(h, &d);
  h_arrive(h, "c1", "q1", S(1));
  h_arrive(h, "c2", "q1", S(2));
  h_expect(h, "OVERFLOW c2 1 q2\nREQUEUED c2 q2\n");
  r = rec_last(ACDR_ACTION_OVERFLOW);
  assert_int_equal(r->activity, ACDR_OVERFLOW_CAUSE_QUEUE_FULL);
  assert_string_equal(r->queue, "q1");
  assert_int_equal(acdr_contact_get_info(h->e, "c2", &ci), 0);
  assert_string_equal(ci.queue_id, "q2");
  assert_int_equal(ci.arrival, S(2));
  assert_int_equal(ci.position, 1);
  h_arrive(h, "c3", "q3", S(3));
  h_arrive(h, "c4", "q3", S(4));
  h_expect(h, "OVERFLOW c4 2 box7\nENDED c4 overflowed\n");
  h_hangup(h, "c1", S(5));
  h_hangup(h, "c2", S(5));
  h_hangup(h, "c3", S(5));
  assert_conserved(h);
}

/* ---- no agents ---- */

H_TEST_WITH(join_when_empty_off_refuses, start) {
  acdr_queue_def d;
  h_qdef(&d, "q", NULL);
  d.join_when_empty = 0;
  h_qadd(h, &d);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_arrive(h, "c1", "q", S(1));
  h_expect(h, "ENDED c1 rejected\n");
  /* an agent logged in but away still counts: it may come back */
  h_login(h, "a1", S(2));
  assert_int_equal(acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AWAY, "lunch",
                                         S(3)),
                   0);
  h_arrive(h, "c2", "q", S(4));
  h_expect(h, "");
  h_hangup(h, "c2", S(5));
  h_expect(h, "ENDED c2 abandoned\n");
  assert_conserved(h);
}

H_TEST_WITH(leave_when_empty_overflows_waiting, start) {
  acdr_queue_def d;
  acdr_contact_info ci;
  h_qdef(&d, "q", NULL);
  d.leave_when_empty = 1;
  h_qadd(h, &d);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(2));
  h_accept(h, "c1", "a1", S(3));
  h_arrive(h, "c2", "q", S(4));
  h_arrive(h, "c3", "q", S(5));
  h_arrive(h, "c4", "q", S(6));
  assert_int_equal(acdr_contact_request_callback(h->e, "c3", S(7)), 0);
  h_take(h);
  /* the last agent leaves while talking: waiting callers go (no target:
   * rejected), the callback keeps its place, the call in progress stays */
  assert_int_equal(acdr_agent_logout(h->e, "a1", S(8)), 0);
  h_check(h);
  h_expect(h, "ENDED c2 rejected\nENDED c4 rejected\n");
  assert_int_equal(acdr_contact_get_info(h->e, "c3", &ci), 0);
  assert_int_equal(ci.position, 1);
  assert_int_equal(acdr_contact_get_info(h->e, "c1", &ci), 0);
  assert_int_equal(ci.state, ACDR_CONTACT_CONNECTED);
  h_hangup(h, "c1", S(9));
  h_hangup(h, "c3", S(9));
  h_expect(h, "WRAPUP c1 a1\nENDED c1 completed\nENDED c3 callback\n");
  assert_conserved(h);
}

H_TEST_WITH(leave_when_empty_off_keeps_waiting, start) {
  h_queue(h, "q", NULL);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(2));
  assert_int_equal(acdr_agent_logout(h->e, "a1", S(3)), 0);
  h_check(h);
  h_expect(h, "OFFER c1 a1\nCANCEL c1 a1 agent-unavailable\n");
  h_login(h, "a1", S(4));
  h_expect(h, "OFFER c1 a1\n");
  h_hangup(h, "c1", S(5));
  assert_conserved(h);
}

/* ---- maximum wait ---- */

H_TEST_WITH(max_wait_times_out_at_the_deadline, start) {
  acdr_queue_def d;
  const rec *r;
  h_qdef(&d, "q", NULL);
  d.max_wait_ms = 30000;
  h_qadd(h, &d);
  h_arrive(h, "c1", "q", S(10));
  assert_int_equal(acdr_engine_get_expiry(h->e), S(40));
  h_advance(h, S(40) - 1);
  h_expect(h, "");
  h_advance(h, S(40));
  h_expect(h, "ENDED c1 timed-out\n");
  r = rec_last(ACDR_ACTION_CONTACT_ENDED);
  assert_int_equal(r->value_ms, 30000);
  assert_conserved(h);
}

H_TEST_WITH(max_wait_to_callback_and_message, start) {
  acdr_queue_def d;
  const rec *r;
  h_qdef(&d, "cbq", NULL);
  d.max_wait_ms = 5000;
  d.overflow_kind = ACDR_OVERFLOW_CALLBACK;
  h_qadd(h, &d);
  d.id = "msgq";
  d.overflow_kind = ACDR_OVERFLOW_MESSAGE;
  d.overflow_target = "sorry-busy";
  h_qadd(h, &d);
  h_arrive(h, "c1", "cbq", S(0));
  h_arrive(h, "c2", "msgq", S(1));
  h_advance(h, S(6));
  h_expect(h, "OVERFLOW c1 3 -\nENDED c1 callback\n"
               "OVERFLOW c2 4 sorry-busy\nENDED c2 overflowed\n");
  r = rec_last(ACDR_ACTION_OVERFLOW);
  assert_int_equal(r->activity, ACDR_OVERFLOW_CAUSE_MAX_WAIT);
  assert_conserved(h);
}

H_TEST_WITH(max_wait_to_queue_keeps_arrival_and_restarts, start) {
  acdr_queue_def d;
  acdr_contact_info ci;
  const rec *r;
  h_qdef(&d, "q2", NULL);
  d.max_wait_ms = 20000;
  h_qadd(h, &d);
  d.id = "q1";
  d.max_wait_ms = 10000;
  d.overflow_kind = ACDR_OVERFLOW_QUEUE;
  d.overflow_target = "q2";
  h_qadd(h, &d);
  h_agent(h, "a2");
  h_member(h, "q2", "a2", 0, 0, 0);
  h_arrive(h, "c1", "q1", S(5));
  h_advance(h, S(15));
  h_expect(h, "OVERFLOW c1 1 q2\nREQUEUED c1 q2\n");
  /* q2's own max wait counts from entering q2 */
  assert_int_equal(acdr_engine_get_expiry(h->e), S(35));
  h_login(h, "a2", S(20));
  h_accept(h, "c1", "a2", S(21));
  h_expect(h, "OFFER c1 a2\nCONNECTED c1 a2\n");
  assert_int_equal(acdr_contact_get_info(h->e, "c1", &ci), 0);
  assert_int_equal(ci.arrival, S(5));
  assert_int_equal(acdr_engine_get_expiry(h->e), ACDR_TSTAMP_MAX);
  h_hangup(h, "c1", S(30));
  r = rec_last(ACDR_ACTION_CONTACT_ENDED);
  assert_int_equal(r->value_ms, 16000); /* answered - original arrival */
  assert_conserved(h);
}

H_TEST_WITH(max_wait_withdraws_a_ringing_contact, start) {
  acdr_queue_def d;
  acdr_agent_info ai;
  h_qdef(&d, "q", NULL);
  d.max_wait_ms = 20000;
  d.ring_timeout_ms = 30000;
  h_qadd(h, &d);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_arrive(h, "c1", "q", S(0));
  h_login(h, "a1", S(10));
  h_advance(h, S(20));
  h_expect(h, "OFFER c1 a1\nCANCEL c1 a1 withdrawn\nENDED c1 timed-out\n");
  /* the agent did not miss anything */
  assert_int_equal(acdr_agent_get_info(h->e, "a1", &ai), 0);
  assert_int_equal(ai.missed_in_row, 0);
  assert_int_equal(ai.load[ACDR_CHANNEL_VOICE], 0);
  assert_conserved(h);
}

/* The deadline stays where it was when an unanswered offer sends the
 * contact back to the line (it is not restarted). */
H_TEST_WITH(max_wait_survives_unanswered_offer, start) {
  acdr_queue_def d;
  h_qdef(&d, "q", NULL);
  d.max_wait_ms = 25000;
  d.ring_timeout_ms = 10000;
  d.no_answer_delay_ms = 20000;
  h_qadd(h, &d);
  h_agent(h, "a1");
  h_member(h, "q", "a1", 0, 0, 0);
  h_login(h, "a1", S(0));
  h_arrive(h, "c1", "q", S(0));
  h_advance(h, S(10));
  h_expect(h, "OFFER c1 a1\nCANCEL c1 a1 no-answer\n");
  h_advance(h, S(25) - 1);
  h_expect(h, "");
  h_advance(h, S(25));
  h_expect(h, "ENDED c1 timed-out\n");
  assert_conserved(h);
}

H_TEST_WITH(callback_is_not_timed_out, start) {
  acdr_queue_def d;
  h_qdef(&d, "q", NULL);
  d.max_wait_ms = 10000;
  d.announce_interval_ms = 3000;
  h_qadd(h, &d);
  h_arrive(h, "c1", "q", S(0));
  assert_int_equal(acdr_contact_request_callback(h->e, "c1", S(1)), 0);
  h_check(h);
  assert_int_equal(acdr_engine_get_expiry(h->e), ACDR_TSTAMP_MAX);
  h_advance(h, S(60));
  h_expect(h, "");
  h_hangup(h, "c1", S(61));
  h_expect(h, "ENDED c1 callback\n");
  assert_conserved(h);
}

/* ---- chains ---- */

H_TEST_WITH(overflow_chain_is_bounded, start) {
  acdr_queue_def d;
  acdr_queue_def_default(&d);
  d.max_wait_ms = 10000;
  d.overflow_kind = ACDR_OVERFLOW_QUEUE;
  d.id = "q1";
  d.overflow_target = "q2";
  h_qadd(h, &d);
  d.id = "q2";
  d.overflow_target = "q1";
  h_qadd(h, &d);
  h_arrive(h, "c1", "q1", S(0));
  h_advance(h, S(300));
  /* 8 hops (q1->q2->q1...), then the 9th deadline has no usable target */
  assert_int_equal(rec_count(ACDR_ACTION_REQUEUED), 8);
  assert_int_equal(rec_count(ACDR_ACTION_OVERFLOW), 8);
  assert_int_equal(rec_last(ACDR_ACTION_CONTACT_ENDED)->reason,
                   ACDR_END_TIMED_OUT);
  assert_int_equal(rec_last(ACDR_ACTION_CONTACT_ENDED)->value_ms, 90000);
  assert_conserved(h);
}

H_TEST_WITH(refusal_cascades_through_target, start) {
  acdr_queue_def d;
  const rec *r;
  h_qdef(&d, "q2", NULL);
  d.join_when_empty = 0;
  d.overflow_kind = ACDR_OVERFLOW_VOICEMAIL;
  d.overflow_target = "box2";
  h_qadd(h, &d);
  h_qdef(&d, "q1", NULL);
  d.max_len = 1;
  d.overflow_kind = ACDR_OVERFLOW_QUEUE;
  d.overflow_target = "q2";
  h_qadd(h, &d);
  h_arrive(h, "c1", "q1", S(0));
  h_arrive(h, "c2", "q1", S(1));
  h_expect(h, "OVERFLOW c2 1 q2\nOVERFLOW c2 2 box2\nENDED c2 overflowed\n");
  r = rec_last(ACDR_ACTION_OVERFLOW);
  assert_int_equal(r->activity, ACDR_OVERFLOW_CAUSE_NO_AGENTS);
  assert_string_equal(r->queue, "q2");
  assert_string_equal(rec_last(ACDR_ACTION_CONTACT_ENDED)->queue, "q2");
  /* an unknown or other-channel target counts as no target */
  h_qdef(&d, "q3", NULL);
  d.max_len = 1;
  d.overflow_kind = ACDR_OVERFLOW_QUEUE;
  d.overflow_target = "nowhere";
  h_qadd(h, &d);
  h_arrive(h, "c3", "q3", S(2));
  h_arrive(h, "c4", "q3", S(3));
  h_expect(h, "ENDED c4 rejected\n");
  h_hangup(h, "c1", S(4));
  h_hangup(h, "c3", S(4));
  assert_conserved(h);
}

H_TEST_WITH(queue_remove_uses_overflow_target, start) {
  acdr_queue_def d;
  h_qdef(&d, "q2", NULL);
  h_qadd(h, &d);
  d.id = "q1";
  d.overflow_kind = ACDR_OVERFLOW_QUEUE;
  d.overflow_target = "q2";
  h_qadd(h, &d);
  h_arrive(h, "c1", "q1", S(0));
  h_arrive(h, "c2", "q1", S(1));
  assert_int_equal(acdr_queue_remove(h->e, "q1", 1, S(2)), 0);
  h_check(h);
  h_expect(h, "OVERFLOW c1 1 q2\nREQUEUED c1 q2\n"
               "OVERFLOW c2 1 q2\nREQUEUED c2 q2\n");
  assert_int_equal(rec_last(ACDR_ACTION_OVERFLOW)->activity,
                   ACDR_OVERFLOW_CAUSE_QUEUE_REMOVED);
  h_hangup(h, "c1", S(3));
  h_hangup(h, "c2", S(3));
  assert_conserved(h);
}

H_MAIN(T(max_len_refuses_without_target),
       T(max_len_overflows_to_queue_or_voicemail),
       T(join_when_empty_off_refuses), T(leave_when_empty_overflows_waiting),
       T(leave_when_empty_off_keeps_waiting),
       T(max_wait_times_out_at_the_deadline),
       T(max_wait_to_callback_and_message),
       T(max_wait_to_queue_keeps_arrival_and_restarts),
       T(max_wait_withdraws_a_ringing_contact),
       T(max_wait_survives_unanswered_offer), T(callback_is_not_timed_out),
       T(overflow_chain_is_bounded), T(refusal_cascades_through_target),
       T(queue_remove_uses_overflow_target))
