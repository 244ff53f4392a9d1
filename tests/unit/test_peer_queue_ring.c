/* SPDX-License-Identifier: MIT */
/* max-wait against ringing, and the ring timeout restart (issue 17):
 *   - Asterisk queues.conf.sample "QUEUE TIMING OPTIONS": with
 *     timeoutpriority=app (the default) the Queue() timeout cuts the ring
 *     short; with =conf the member rings its full `timeout` and the queue
 *     timeout is checked after that attempt.  FreeSWITCH mod_callcenter
 *     lets the agent being rung answer after max-wait-time ("one more
 *     chance").  acdroute: max_wait_rings_out 0 / 1.
 *   - queues.conf.sample `timeoutrestart`: the timeout for an agent to
 *     answer is reset when a BUSY is received.  acdroute:
 *     ring_timeout_restart.
 * The invariant checker runs after every call (h_* / CALL). */
#include "harness.h"

#include <string.h>

/* Queue q: max wait 20 s, ring timeout 15 s, no overflow target; agents
 * a1 (logged in at 25 s) and a2 (logged in at 45 s); caller c1 arrives at
 * 10 s, so a1 is rung from 25 s and the max wait falls at 30 s while it
 * rings. */
static void setup(harness *h, int32_t rings_out) {
  acdr_queue_def d;
  h_qdef(&d, "q", "linear");
  d.max_wait_ms = 20000;
  d.ring_timeout_ms = 15000;
  d.max_wait_rings_out = rings_out;
  d.max_missed = 0;
  d.no_answer_delay_ms = 0;
  d.reject_delay_ms = 0;
  h_qadd(h, &d);
  h_agents(h, "a1 a2");
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_arrive(h, "c1", "q", S(10));
  h_login(h, "a1", S(25));
  h_expect(h, "OFFER c1 a1\n");
}

/* timeoutpriority=app (default): the ringing stops at the max wait. */
H_TEST(max_wait_withdraws_the_ringing_offer_by_default) {
  setup(h, 0);
  h_advance(h, S(30));
  h_expect(h, "CANCEL c1 a1 withdrawn\nENDED c1 timed-out\n");
}

/* FreeSWITCH / timeoutpriority=conf: a1 may still answer after 30 s. */
H_TEST(ringing_agent_may_answer_after_max_wait) {
  setup(h, 1);
  h_advance(h, S(33));
  assert_string_equal(h_take(h), "");
  h_accept(h, "c1", "a1", S(33));
  h_expect(h, "CONNECTED c1 a1\n");
  h_hangup(h, "c1", S(40));
  h_advance(h, S(100)); /* no max-wait left behind */
  assert_null(strstr(h_take(h), "timed-out"));
}

/* ... but the attempt is the last one: when it rings out the caller
 * leaves, and a2, free by then, is not rung. */
H_TEST(max_wait_applies_when_the_last_attempt_rings_out) {
  setup(h, 1);
  h_advance(h, S(30));
  h_login(h, "a2", S(31)); /* free, yet not offered c1 */
  assert_string_equal(h_take(h), "");
  h_advance(h, S(40));
  h_expect(h, "CANCEL c1 a1 no-answer\nENDED c1 timed-out\n");
}

/* The same when the agent declines before its ring timeout. */
H_TEST(max_wait_applies_when_the_last_attempt_is_declined) {
  setup(h, 1);
  h_advance(h, S(30));
  h_login(h, "a2", S(31));
  CALL(h, acdr_contact_reject(h->e, "c1", "a1", ACDR_REJECT_DECLINED, S(32)));
  h_advance(h, S(32));
  h_expect(h, "CANCEL c1 a1 rejected\nENDED c1 timed-out\n");
}

/* A snapshot taken after the max wait passed while ringing keeps it: the
 * restored engine ends the caller as the original does. */
H_TEST(max_wait_due_survives_a_snapshot) {
  char *snap = NULL;
  size_t len;
  harness b;
  setup(h, 1);
  h_advance(h, S(31));
  CALL(h, acdr_engine_snapshot(h->e, &snap, &len));
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, len));
  h_login(h, "a2", S(32));
  h_login(&b, "a2", S(32));
  h_advance(h, S(40));
  h_advance(&b, S(40));
  h_expect(&b, "CANCEL c1 a1 no-answer\nENDED c1 timed-out\n");
  h_expect(h, "CANCEL c1 a1 no-answer\nENDED c1 timed-out\n");
  acdr_free(h->e, snap);
  h_free(&b);
}

/* timeoutrestart: ring-all rings a1 and a2 from 10 s (timeout 15 s); a1
 * answers busy at 20 s.  Without the restart a2 rings out at 25 s; with
 * it a2 gets a fresh 15 s, to 35 s. */
static void restart_scenario(int32_t restart, acdr_tstamp rings_out_at) {
  harness hh, *h = &hh;
  acdr_queue_def d;
  h_init(h, NULL);
  h_qdef(&d, "q", "ring-all");
  d.ring_timeout_ms = 15000;
  d.ring_timeout_restart = restart;
  d.busy_delay_ms = 600000; /* a1 stays out of the way */
  d.max_missed = 0;
  h_qadd(h, &d);
  h_agents(h, "a1 a2");
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_logins(h, "a1:1 a2:2");
  h_arrive(h, "c1", "q", S(10));
  (void)h_take(h);
  CALL(h, acdr_contact_reject(h->e, "c1", "a1", ACDR_REJECT_BUSY, S(20)));
  h_expect(h, "CANCEL c1 a1 rejected\n");
  h_advance(h, rings_out_at - 1);
  assert_string_equal(h_take(h), "");
  h_advance(h, rings_out_at);
  assert_non_null(strstr(h_take(h), "CANCEL c1 a2 no-answer\n"));
  h_free(h);
}

static void timeout_restart_on_busy(void **state) {
  (void)state;
  restart_scenario(0, S(25));
  restart_scenario(1, S(35));
}

/* A declined offer does not restart the others (timeoutrestart speaks of
 * BUSY or CONGESTION only). */
H_TEST(declined_does_not_restart) {
  acdr_queue_def d;
  h_qdef(&d, "q", "ring-all");
  d.ring_timeout_ms = 15000;
  d.ring_timeout_restart = 1;
  d.reject_delay_ms = 600000;
  d.max_missed = 0;
  h_qadd(h, &d);
  h_agents(h, "a1 a2");
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_logins(h, "a1:1 a2:2");
  h_arrive(h, "c1", "q", S(10));
  (void)h_take(h);
  CALL(h, acdr_contact_reject(h->e, "c1", "a1", ACDR_REJECT_DECLINED, S(20)));
  (void)h_take(h);
  h_advance(h, S(25));
  assert_non_null(strstr(h_take(h), "CANCEL c1 a2 no-answer\n"));
}

/* Both settings round-trip through the configuration and are refused
 * out of range. */
H_TEST(settings_config_and_checks) {
  static const char doc[] =
      "{\"version\": 1, \"queues\": [{\"id\": \"q\", "
      "\"max_wait_rings_out\": true, \"ring_timeout_restart\": true}]}";
  char *out = NULL;
  acdr_queue_def d;
  CALL(h, acdr_config_apply(h->e, doc, strlen(doc), 0, 0));
  CALL(h, acdr_config_export(h->e, &out, NULL));
  assert_non_null(strstr(out, "\"max_wait_rings_out\": true"));
  assert_non_null(strstr(out, "\"ring_timeout_restart\": true"));
  acdr_free(h->e, out);
  h_qdef(&d, "q2", NULL);
  d.max_wait_rings_out = 3;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "max_wait_rings_out"));
  d.max_wait_rings_out = 0;
  d.ring_timeout_restart = -1;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_RANGE);
  assert_non_null(
      strstr(acdr_engine_last_error(h->e), "ring_timeout_restart"));
}

H_MAIN(T(max_wait_withdraws_the_ringing_offer_by_default),
       T(ringing_agent_may_answer_after_max_wait),
       T(max_wait_applies_when_the_last_attempt_rings_out),
       T(max_wait_applies_when_the_last_attempt_is_declined),
       T(max_wait_due_survives_a_snapshot), T(timeout_restart_on_busy),
       T(declined_does_not_restart), T(settings_config_and_checks))
