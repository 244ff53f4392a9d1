/* app_queue settings of issue 17 (Asterisk): autopausebusy and
 * autopausedelay as missed_busy and missed_delay_ms, with max_missed = 1
 * for autopause=all (AWAY is agent-wide in acdroute).
 *
 * app_queue.c wait_for_answer(): a member whose device answers busy is
 * passed to rna() with qe->parent->autopausebusy (congestion with
 * autopauseunavail), a ring timeout with autopause on.  rna() pauses the
 * member unless autopausedelay > 0, the member's lastcall is set and
 * less than autopausedelay seconds old.
 *
 * app_queue.c queue_exec(): after try_calling() rang members for
 * `timeout` without an answer, wait_a_bit() waits `retry` seconds before
 * the next attempt; the caller keeps its place, callers behind it can be
 * served meanwhile (autofill).
 *
 * The invariant checker runs after every step (harness). */
#include "harness.h"

#include <string.h>

static void aq(harness *h, int32_t busy, int64_t delay_ms) {
  acdr_queue_def d;
  h_qdef(&d, "q", "linear");
  d.ring_timeout_ms = 15000;
  d.max_missed = 1;
  d.missed_busy = busy;
  d.missed_delay_ms = delay_ms;
  d.busy_delay_ms = 0;
  d.no_answer_delay_ms = 0;
  h_qadd(h, &d);
  h_agents(h, "a1 a2");
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_logins(h, "a1:1 a2:1");
}

/* autopausebusy=no (the default): a busy member rests busy_delay_ms and
 * stays available. */
H_TEST(busy_does_not_pause_by_default) {
  aq(h, 0, 0);
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\n");
  CALL(h, acdr_contact_reject(h->e, "c1", "a1", ACDR_REJECT_BUSY, S(11)));
  h_expect(h, "CANCEL c1 a1 rejected\nOFFER c1 a2\n");
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AVAILABLE);
  h_hangup(h, "c1", S(12));
  (void)h_take(h);
}

/* autopausebusy=yes: busy pauses as a no-answer does. */
H_TEST(busy_pauses_with_missed_busy) {
  aq(h, 1, 0);
  h_arrive(h, "c1", "q", S(10));
  h_expect(h, "OFFER c1 a1\n");
  CALL(h, acdr_contact_reject(h->e, "c1", "a1", ACDR_REJECT_BUSY, S(11)));
  h_expect(h, "CANCEL c1 a1 rejected\nOFFER c1 a2\n");
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AWAY);
  /* a decline is not a busy device: never a miss */
  CALL(h, acdr_contact_reject(h->e, "c1", "a2", ACDR_REJECT_DECLINED, S(12)));
  (void)h_take(h);
  assert_int_equal(h_status(h, "a2"), ACDR_AGENT_AVAILABLE);
  h_hangup(h, "c1", S(13));
  (void)h_take(h);
}

/* autopausedelay=30: a member who finished a call 25 s before the miss is
 * not paused; one 30 s after is; one who never took a call is at once. */
H_TEST(no_pause_within_delay_of_last_call) {
  aq(h, 0, 30000);
  h_serve(h, "x", "q", "a1", S(50), S(50)); /* a1's call ends at 100 */
  h_arrive(h, "c1", "q", S(110));
  h_expect(h, "OFFER c1 a1\n");
  h_advance(h, S(125)); /* rings out 25 s after a1's last call */
  h_expect(h, "CANCEL c1 a1 no-answer\nOFFER c1 a2\n");
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AVAILABLE);
  h_advance(h, S(140)); /* a2 never took a call: paused */
  h_expect(h, "CANCEL c1 a2 no-answer\nOFFER c1 a1\n");
  assert_int_equal(h_status(h, "a2"), ACDR_AGENT_AWAY);
  h_advance(h, S(155)); /* 55 s after a1's last call: paused */
  h_expect(h, "CANCEL c1 a1 no-answer\n");
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AWAY);
  h_hangup(h, "c1", S(156));
  (void)h_take(h);
}

static void rq(harness *h, int64_t retry_ms) {
  acdr_queue_def d;
  h_qdef(&d, "q", "linear");
  d.ring_timeout_ms = 15000;
  d.retry_ms = retry_ms;
  d.no_answer_delay_ms = 0;
  d.max_missed = 0;
  h_qadd(h, &d);
  h_agents(h, "a1 a2");
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_logins(h, "a1:1 a2:1");
}

/* retry=0 (acdroute's default): the next member rings at once. */
H_TEST(no_retry_pause_by_default) {
  rq(h, 0);
  h_arrive(h, "c1", "q", S(10));
  h_advance(h, S(25));
  h_expect(h, "OFFER c1 a1\nCANCEL c1 a1 no-answer\nOFFER c1 a2\n");
  h_hangup(h, "c1", S(26));
  (void)h_take(h);
}

/* retry=5: after the ring timeout the caller waits 5 s; a caller behind
 * it is served meanwhile; then it goes on down the list. */
H_TEST(retry_pause_after_ring_timeout) {
  rq(h, 5000);
  h_arrive(h, "c1", "q", S(10));
  h_advance(h, S(25));
  h_expect(h, "OFFER c1 a1\nCANCEL c1 a1 no-answer\n");
  h_arrive(h, "c2", "q", S(26));
  h_expect(h, "OFFER c2 a1\n");
  h_advance(h, S(30) - 1);
  h_expect(h, "");
  h_advance(h, S(30));
  h_expect(h, "OFFER c1 a2\n");
  h_hangup(h, "c1", S(31));
  h_hangup(h, "c2", S(31));
  (void)h_take(h);
}

/* A decline is not a ring timeout: no pause (app_queue rings the next
 * member within the same attempt). */
H_TEST(no_retry_pause_after_decline) {
  rq(h, 5000);
  h_arrive(h, "c1", "q", S(10));
  CALL(h, acdr_contact_reject(h->e, "c1", "a1", ACDR_REJECT_DECLINED, S(11)));
  h_expect(h, "OFFER c1 a1\nCANCEL c1 a1 rejected\nOFFER c1 a2\n");
  h_hangup(h, "c1", S(12));
  (void)h_take(h);
}

/* The pause is part of a snapshot: the restored engine waits too. */
static void retry_survives_snapshot(void **state) {
  harness a, b;
  char *snap;
  size_t len;
  (void)state;
  h_init(&a, NULL);
  rq(&a, 5000);
  h_arrive(&a, "c1", "q", S(10));
  h_advance(&a, S(25));
  (void)h_take(&a);
  CALL(&a, acdr_engine_snapshot(a.e, &snap, &len));
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, len));
  acdr_free(a.e, snap);
  h_advance(&a, S(30) - 1);
  h_advance(&b, S(30) - 1);
  h_expect(&a, "");
  h_expect(&b, "");
  h_advance(&a, S(30));
  h_advance(&b, S(30));
  h_expect(&a, "OFFER c1 a2\n");
  h_expect(&b, "OFFER c1 a2\n");
  h_free(&a);
  h_free(&b);
}

H_MAIN(T(busy_does_not_pause_by_default), T(busy_pauses_with_missed_busy),
       T(no_pause_within_delay_of_last_call), T(no_retry_pause_by_default),
       T(retry_pause_after_ring_timeout), T(no_retry_pause_after_decline),
       T(retry_survives_snapshot))
