/* SPDX-License-Identifier: MIT */
/* Per-queue wrap-up (issue 17), from app_queue.c: is_member_available()
 * does not ring a member while `lastcall` (the end of its last call in
 * THIS queue; with shared_lastcall=yes, update_queue() sets it in every
 * queue of the member) is less than `wrapuptime` ago (the member's own
 * wrapuptime first, get_wrapuptime()).  Another queue whose lastcall /
 * wrapuptime allow it rings the member at once.  acdroute: queue
 * `wrapup_scope` ACDR_WRAPUP_QUEUE / ACDR_WRAPUP_SHARED; the default,
 * ACDR_WRAPUP_AGENT, keeps acdroute's agent wrap-up (every queue waits).
 * The invariant checker runs after every call (CALL / h_*). */
#include "harness.h"

#include <stdio.h>
#include <string.h>

static void queue(harness *h, const char *id, int64_t wrap_ms, int scope) {
  acdr_queue_def d;
  acdr_queue_def_default(&d);
  assert_int_equal(acdr_queue_def_profile(&d, "asterisk"), 0);
  d.id = id;
  d.strategy = "ringall";
  d.ring_timeout_ms = 0;
  d.wrapup_ms = wrap_ms;
  d.wrapup_scope = scope;
  h_qadd(h, &d);
}

/* a1 in q1 (wrap-up w1) and q2 (w2); c1 of q1 talks from 1 s to 2 s. */
static void talked_in_q1(harness *h, int64_t w1, int64_t w2, int scope) {
  h_agents(h, "a1");
  queue(h, "q1", w1, scope);
  queue(h, "q2", w2, scope);
  h_members(h, "q1", "a1:0:0");
  h_members(h, "q2", "a1:0:0");
  h_logins(h, "a1:0");
  h_arrive(h, "c1", "q1", S(1));
  h_accept(h, "c1", "a1", S(1));
  h_hangup(h, "c1", S(2));
  (void)h_take(h);
}

H_TEST(queue_wrapup_blocks_this_queue_only) {
  talked_in_q1(h, 10000, 0, ACDR_WRAPUP_QUEUE);
  h_arrive(h, "c2", "q2", S(3)); /* q2: no wrap-up, rings at once */
  h_expect(h, "OFFER c2 a1\n");
  h_accept(h, "c2", "a1", S(3));
  h_hangup(h, "c2", S(4));
  (void)h_take(h);
  h_arrive(h, "c3", "q1", S(5)); /* q1: 10 s after its own call (2 s) */
  h_expect(h, "");
  assert_int_equal(acdr_engine_get_expiry(h->e), S(12));
  h_advance(h, S(12) - 1);
  h_expect(h, "");
  h_advance(h, S(12));
  h_expect(h, "OFFER c3 a1\n");
}

/* shared_lastcall=yes: every queue counts from the last call in any
 * queue, each with its own wrapuptime: q2 (5 s) after q1's call ending at
 * 2 s, then q1 (10 s) after q2's call ending at 8 s. */
H_TEST(shared_wrapup_counts_any_queue) {
  talked_in_q1(h, 10000, 5000, ACDR_WRAPUP_SHARED);
  h_arrive(h, "c2", "q2", S(3));
  h_expect(h, "");
  h_advance(h, S(7));
  h_expect(h, "OFFER c2 a1\n");
  h_accept(h, "c2", "a1", S(7));
  h_hangup(h, "c2", S(8));
  (void)h_take(h);
  h_arrive(h, "c3", "q1", S(13)); /* 12 s would do for q1's own call */
  h_expect(h, "");
  h_advance(h, S(18));
  h_expect(h, "OFFER c3 a1\n");
}

/* acdroute's default: the agent wraps up 10 s (the contact in WRAPUP)
 * and no queue offers it anything meanwhile. */
H_TEST(agent_wrapup_blocks_every_queue) {
  talked_in_q1(h, 10000, 0, ACDR_WRAPUP_AGENT);
  h_arrive(h, "c2", "q2", S(3));
  h_expect(h, "");
  h_advance(h, S(12));
  assert_non_null(strstr(h_take(h), "OFFER c2 a1\n"));
}

/* The member's wrapuptime wins over the queue's (get_wrapuptime()). */
H_TEST(member_wrapup_first) {
  acdr_member_def md;
  talked_in_q1(h, 10000, 0, ACDR_WRAPUP_QUEUE);
  acdr_member_def_default(&md);
  md.wrapup_ms = 3000;
  CALL(h, acdr_queue_member_set(h->e, "q1", "a1", &md, S(3)));
  h_arrive(h, "c3", "q1", S(4));
  h_expect(h, "");
  h_advance(h, S(5));
  h_expect(h, "OFFER c3 a1\n");
}

/* A queue update that shortens the wrap-up frees the member sooner; one
 * that turns the scope off frees it at once. */
H_TEST(update_changes_the_wrapup) {
  acdr_queue_def d;
  talked_in_q1(h, 10000, 0, ACDR_WRAPUP_QUEUE);
  h_arrive(h, "c3", "q1", S(3));
  h_expect(h, "");
  acdr_queue_def_default(&d);
  assert_int_equal(acdr_queue_def_profile(&d, "asterisk"), 0);
  d.id = "q1";
  d.strategy = "ringall";
  d.ring_timeout_ms = 0;
  d.wrapup_ms = 4000;
  d.wrapup_scope = ACDR_WRAPUP_QUEUE;
  CALL(h, acdr_queue_update(h->e, &d, S(4)));
  h_expect(h, "");
  h_advance(h, S(6));
  h_expect(h, "OFFER c3 a1\n");
}

H_TEST(snapshot_continues_identically) {
  char *snap = NULL;
  size_t len;
  harness b;
  talked_in_q1(h, 10000, 0, ACDR_WRAPUP_QUEUE);
  h_arrive(h, "c3", "q1", S(5));
  (void)h_take(h);
  CALL(h, acdr_engine_snapshot(h->e, &snap, &len));
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, len));
  assert_int_equal(acdr_engine_get_expiry(b.e), S(12));
  h_advance(&b, S(12));
  h_expect(&b, "OFFER c3 a1\n");
  acdr_free(h->e, snap);
  h_free(&b);
}

H_TEST(config_and_refusal) {
  static const char doc[] =
      "{\"queues\": [{\"id\": \"q\", \"wrapup_scope\": \"shared\"}]}";
  static const char bad[] =
      "{\"queues\": [{\"id\": \"q\", \"wrapup_scope\": \"member\"}]}";
  char *out = NULL;
  acdr_queue_def d;
  CALL(h, acdr_config_apply(h->e, doc, strlen(doc), 0, 0));
  CALL(h, acdr_config_export(h->e, &out, NULL));
  assert_non_null(strstr(out, "\"wrapup_scope\": \"shared\""));
  acdr_free(h->e, out);
  assert_int_not_equal(acdr_config_apply(h->e, bad, strlen(bad), 0, 0), 0);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "wrapup_scope"));
  acdr_queue_def_default(&d);
  d.id = "q2";
  d.wrapup_scope = 3;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_RANGE);
  h_check(h);
}

H_MAIN(T(queue_wrapup_blocks_this_queue_only),
       T(shared_wrapup_counts_any_queue), T(agent_wrapup_blocks_every_queue),
       T(member_wrapup_first), T(update_changes_the_wrapup),
       T(snapshot_continues_identically), T(config_and_refusal))
