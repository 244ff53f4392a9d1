/* SPDX-License-Identifier: MIT */
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
 * app_queue.c get_member_status(): with joinempty conditions, a caller
 * may not join when every member is left out: by device state (invalid,
 * unavailable, inuse, ringing, unknown, when listed), else paused or in
 * wrap-up (when listed); a queue without members is empty.  "no" is
 * penalty,paused,invalid; "strict" adds unavailable; "loose" is
 * penalty,invalid.
 *
 * leavewhenempty: the same test on the waiting callers; app_queue runs
 * it in the caller's wait loop (wait_our_turn(), wait_a_bit()), acdroute
 * at the instant a member's agent changes state (a deadline at that
 * instant: the next handle_expiry).
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

static void jq(harness *h, uint32_t cond) {
  acdr_queue_def d;
  h_qdef(&d, "q", "longest-idle");
  d.ring_timeout_ms = 15000;
  d.wrapup_ms = 10000;
  d.join_empty = cond;
  h_qadd(h, &d);
  h_agents(h, "a1 a2");
  h_members(h, "q", "a1:0:0 a2:0:1");
}

/* joinempty=strict: logged out and paused members do not count. */
H_TEST(joinempty_paused_and_logged_out) {
  jq(h, ACDR_EMPTY_PENALTY | ACDR_EMPTY_PAUSED | ACDR_EMPTY_INVALID |
            ACDR_EMPTY_UNAVAILABLE);
  h_arrive(h, "c1", "q", S(1)); /* no member logged in */
  h_expect(h, "ENDED c1 rejected\n");
  h_login(h, "a1", S(2));
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AWAY, "lunch", S(2)));
  (void)h_take(h);
  h_arrive(h, "c2", "q", S(3)); /* the only one logged in is paused */
  h_expect(h, "ENDED c2 rejected\n");
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AVAILABLE, NULL,
                                S(4)));
  h_arrive(h, "c3", "q", S(5));
  h_expect(h, "OFFER c3 a1\n");
  h_hangup(h, "c3", S(6));
  (void)h_take(h);
}

/* inuse / ringing / wrapup leave out a member busy that way. */
H_TEST(joinempty_inuse_ringing_wrapup) {
  jq(h, ACDR_EMPTY_RINGING | ACDR_EMPTY_UNAVAILABLE);
  h_login(h, "a1", S(1));
  h_arrive(h, "c1", "q", S(2));
  h_expect(h, "OFFER c1 a1\n");
  h_arrive(h, "c2", "q", S(3)); /* a1 rings, a2 logged out */
  h_expect(h, "ENDED c2 rejected\n");
  h_accept(h, "c1", "a1", S(4));
  (void)h_take(h);
  h_arrive(h, "c3", "q", S(5)); /* a1 in use: not listed, counts */
  h_expect(h, "");
  h_hangup(h, "c3", S(5));
  (void)h_take(h);
  /* inuse listed */
  {
    acdr_queue_def d;
    h_qdef(&d, "q", "longest-idle");
    d.ring_timeout_ms = 15000;
    d.wrapup_ms = 10000;
    d.join_empty = ACDR_EMPTY_INUSE | ACDR_EMPTY_UNAVAILABLE;
    CALL(h, acdr_queue_update(h->e, &d, S(6)));
  }
  h_arrive(h, "c4", "q", S(6));
  h_expect(h, "ENDED c4 rejected\n");
  h_hangup(h, "c1", S(7)); /* a1 in wrap-up until 17 s */
  (void)h_take(h);
  h_arrive(h, "c5", "q", S(8)); /* wrap-up not listed: a1 counts */
  h_expect(h, "");
  h_hangup(h, "c5", S(8));
  (void)h_take(h);
  {
    acdr_queue_def d;
    h_qdef(&d, "q", "longest-idle");
    d.wrapup_ms = 10000;
    d.join_empty = ACDR_EMPTY_WRAPUP | ACDR_EMPTY_UNAVAILABLE;
    CALL(h, acdr_queue_update(h->e, &d, S(9)));
  }
  h_arrive(h, "c6", "q", S(9));
  h_expect(h, "ENDED c6 rejected\n");
  h_advance(h, S(17));
  (void)h_take(h);
  h_arrive(h, "c7", "q", S(18));
  h_expect(h, "OFFER c7 a1\n");
  h_hangup(h, "c7", S(19));
  (void)h_take(h);
}

/* The configuration takes app_queue's words and writes the list back. */
H_TEST(joinempty_config_words) {
  const char *doc =
      "{\"version\": 1, \"queues\": [{\"id\": \"q\", \"join_empty\": "
      "\"no\"}, {\"id\": \"r\", \"join_empty\": \"inuse,wrapup\"}]}";
  const char *bad = "{\"version\": 1, \"queues\": [{\"id\": \"q\", "
                    "\"join_empty\": \"paused,busy\"}]}";
  char *out;
  CALL(h, acdr_config_apply(h->e, doc, strlen(doc), 0, 0));
  CALL(h, acdr_config_export(h->e, &out, NULL));
  assert_non_null(strstr(out, "\"join_empty\": \"paused,penalty,invalid\""));
  assert_non_null(strstr(out, "\"join_empty\": \"inuse,wrapup\""));
  acdr_free(h->e, out);
  assert_int_equal(acdr_config_apply(h->e, bad, strlen(bad), 0, 0),
                   ACDR_ERR_CONFIG);
  assert_non_null(strstr(acdr_config_last_errors(h->e), "\"busy\""));
}

static void lq(harness *h, uint32_t cond) {
  acdr_queue_def d;
  h_qdef(&d, "q", "longest-idle");
  d.ring_timeout_ms = 0;
  d.wrapup_ms = 10000;
  d.leave_empty = cond;
  h_qadd(h, &d);
  h_agents(h, "a1 a2");
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_login(h, "a1", S(1));
  h_arrive(h, "c0", "q", S(2));
  h_accept(h, "c0", "a1", S(2));
  h_arrive(h, "c1", "q", S(3)); /* waits: a1 on c0, a2 logged out */
  (void)h_take(h);
}

/* leavewhenempty=paused,unavailable: wrap-up keeps the caller, a pause
 * of the last member present lets it go at that instant. */
H_TEST(leavewhenempty_paused) {
  lq(h, ACDR_EMPTY_PAUSED | ACDR_EMPTY_UNAVAILABLE);
  h_hangup(h, "c0", S(20)); /* a1 in wrap-up: not listed */
  h_advance(h, S(20));
  h_expect(h, "WRAPUP c0 a1\n");
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AWAY, "lunch",
                                S(25)));
  h_advance(h, S(25));
  h_expect(h, "ENDED c1 rejected\n");
}

/* inuse listed: the caller leaves when the last member present starts a
 * call; not listed (0: off), it stays. */
H_TEST(leavewhenempty_inuse) {
  acdr_queue_def d;
  lq(h, 0);
  h_advance(h, S(10));
  h_expect(h, "");
  h_qdef(&d, "q", "longest-idle");
  d.ring_timeout_ms = 0;
  d.leave_empty = ACDR_EMPTY_INUSE | ACDR_EMPTY_UNAVAILABLE;
  CALL(h, acdr_queue_update(h->e, &d, S(11)));
  h_arrive(h, "c2", "q", S(12)); /* joins a queue empty by the list */
  h_advance(h, S(12));
  h_expect(h, "ENDED c1 rejected\nENDED c2 rejected\n");
  h_hangup(h, "c0", S(13));
  (void)h_take(h);
}

/* The check due at the instant of the change is in a snapshot. */
static void leavewhenempty_snapshot(void **state) {
  harness a, b;
  char *snap, *snap2;
  size_t len, len2;
  (void)state;
  h_init(&a, NULL);
  lq(&a, ACDR_EMPTY_PAUSED | ACDR_EMPTY_UNAVAILABLE | ACDR_EMPTY_WRAPUP);
  h_hangup(&a, "c0", S(20));
  (void)h_take(&a);
  CALL(&a, acdr_engine_snapshot(a.e, &snap, &len));
  assert_non_null(strstr(snap, "\"no_agent\"")); /* the queue deadline */
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, len));
  CALL(&b, acdr_engine_snapshot(b.e, &snap2, &len2));
  assert_string_equal(snap, snap2);
  acdr_free(a.e, snap);
  acdr_free(b.e, snap2);
  h_advance(&a, S(20));
  h_advance(&b, S(20));
  h_expect(&a, "ENDED c1 rejected\n");
  h_expect(&b, "ENDED c1 rejected\n");
  h_free(&a);
  h_free(&b);
}

H_MAIN(T(busy_does_not_pause_by_default), T(busy_pauses_with_missed_busy),
       T(no_pause_within_delay_of_last_call), T(no_retry_pause_by_default),
       T(retry_pause_after_ring_timeout), T(no_retry_pause_after_decline),
       T(retry_survives_snapshot), T(joinempty_paused_and_logged_out),
       T(joinempty_inuse_ringing_wrapup), T(joinempty_config_words),
       T(leavewhenempty_paused), T(leavewhenempty_inuse),
       T(leavewhenempty_snapshot))
