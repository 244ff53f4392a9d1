/* SPDX-License-Identifier: MIT */
/* What a member of several queues shares (issue 17), from app_queue.c:
 *
 *  - ringinuse: is_member_available() / can_ring_entry() do not ring a
 *    member whose device is in use when the queue (or member) has
 *    ringinuse=no, whichever queue the call came from; with ringinuse=yes
 *    (Asterisk's default) they do.  acdroute: the agent's voice capacity
 *    (1: no; more: yes), counted over all its queues.
 *  - shared_lastcall ([general]): update_queue() sets lastcall and
 *    increments calls in every queue the member is in (yes), or only in
 *    the queue of the call (no); fewestcalls ranks by that `calls`.
 *    acdroute: fewest-contacts `counts: "shared"` (yes) / `"queue"` (no).
 *
 * The invariant checker runs after every call (CALL / h_*). */
#include "harness.h"

#include <stdio.h>
#include <string.h>

static void ast_queue(harness *h, const char *id, const char *strategy,
                      const char *counts) {
  acdr_queue_def d;
  acdr_kv kv = {"counts", counts};
  acdr_queue_def_default(&d);
  assert_int_equal(acdr_queue_def_profile(&d, "asterisk"), 0);
  d.id = id;
  d.strategy = strategy;
  d.ring_timeout_ms = 0;
  if (counts) {
    d.params = &kv;
    d.nparams = 1;
  }
  h_qadd(h, &d);
}

/* ringinuse=no: a1, on a call from q1, is not rung for q2's caller; the
 * caller rings a2. */
H_TEST(ringinuse_no_across_queues) {
  h_agents(h, "a1 a2");
  ast_queue(h, "q1", "ringall", NULL);
  ast_queue(h, "q2", "linear", NULL);
  h_members(h, "q1", "a1:0:0");
  h_members(h, "q2", "a1:0:0 a2:0:1");
  h_logins(h, "a1:0 a2:0");
  h_arrive(h, "c1", "q1", S(1));
  h_accept(h, "c1", "a1", S(2));
  (void)h_take(h);
  h_arrive(h, "c2", "q2", S(3));
  h_expect(h, "OFFER c2 a2\n");
}

/* ringinuse=yes: a voice capacity of 2 lets a1 ring for q2's caller while
 * on q1's call (the first member of the linear list). */
H_TEST(ringinuse_yes_is_capacity_two) {
  h_agent_caps(h, "a1", 2, 0, 0);
  h_agents(h, "a2");
  ast_queue(h, "q1", "ringall", NULL);
  ast_queue(h, "q2", "linear", NULL);
  h_members(h, "q1", "a1:0:0");
  h_members(h, "q2", "a1:0:0 a2:0:1");
  h_logins(h, "a1:0 a2:0");
  h_arrive(h, "c1", "q1", S(1));
  h_accept(h, "c1", "a1", S(2));
  (void)h_take(h);
  h_arrive(h, "c2", "q2", S(3));
  h_expect(h, "OFFER c2 a1\n");
}

/* a1 answers a call of q2 (ends at 5 s), logs out and in at 6 s; a2 logs
 * in at 10 s.  Then a caller of q1 (fewestcalls, counts `counts`):
 * a1 has 1 call in any queue since joining q1, 0 in q1 and 0 since its
 * login; a2 has none; a1 has been idle longer (6 s < 10 s), so only the
 * shared count sends the caller to a2. */
static const char *fewest_after_other_queue(harness *h, const char *counts) {
  h_agents(h, "a1 a2");
  ast_queue(h, "q1", "fewestcalls", counts);
  ast_queue(h, "q2", "ringall", NULL);
  h_members(h, "q1", "a1:0:0 a2:0:1");
  h_members(h, "q2", "a1:0:0");
  h_login(h, "a1", S(0));
  h_arrive(h, "x", "q2", S(1));
  h_accept(h, "x", "a1", S(2));
  h_hangup(h, "x", S(5)); /* wrap-up 0 (asterisk profile) */
  CALL(h, acdr_agent_logout(h->e, "a1", S(6)));
  h_login(h, "a1", S(6));
  h_login(h, "a2", S(10));
  (void)h_take(h);
  h_arrive(h, "c", "q1", S(20));
  return h_take(h);
}

H_TEST(shared_counts_calls_of_every_queue) {
  assert_string_equal(fewest_after_other_queue(h, "shared"), "OFFER c a2\n");
}

H_TEST(queue_counts_only_this_queue) {
  assert_string_equal(fewest_after_other_queue(h, "queue"), "OFFER c a1\n");
}

H_TEST(login_counts_reset_at_login) {
  assert_string_equal(fewest_after_other_queue(h, NULL), "OFFER c a1\n");
}

/* The shared counts survive a snapshot: the restored engine makes the
 * same choice; a reset zeroes them. */
H_TEST(shared_counts_snapshot_and_reset) {
  char *snap = NULL;
  size_t len;
  harness b;
  h_agents(h, "a1 a2");
  ast_queue(h, "q1", "fewestcalls", "shared");
  ast_queue(h, "q2", "ringall", NULL);
  h_members(h, "q1", "a1:0:0 a2:0:1");
  h_members(h, "q2", "a1:0:0");
  h_login(h, "a1", S(0));
  h_arrive(h, "x", "q2", S(1));
  h_accept(h, "x", "a1", S(2));
  h_hangup(h, "x", S(5));
  h_login(h, "a2", S(10));
  (void)h_take(h);
  CALL(h, acdr_engine_snapshot(h->e, &snap, &len));
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, len));
  h_arrive(&b, "c", "q1", S(20));
  h_expect(&b, "OFFER c a2\n");
  CALL(h, acdr_agent_reset_counts(h->e, "a1"));
  h_arrive(h, "c", "q1", S(20));
  h_expect(h, "OFFER c a1\n"); /* 0 and 0: a1 idle longer */
  acdr_free(h->e, snap);
  h_free(&b);
}

H_TEST(shared_is_for_fewest_contacts_only) {
  acdr_queue_def d;
  acdr_kv kv = {"counts", "shared"};
  acdr_queue_def_default(&d);
  d.id = "q";
  d.strategy = "least-talk-time";
  d.params = &kv;
  d.nparams = 1;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_STRATEGY);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "login or available"));
  d.strategy = "fewest-contacts";
  kv.value = "sharde";
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_STRATEGY);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "or shared"));
  h_check(h);
}

H_MAIN(T(ringinuse_no_across_queues), T(ringinuse_yes_is_capacity_two),
       T(shared_counts_calls_of_every_queue), T(queue_counts_only_this_queue),
       T(login_counts_reset_at_login), T(shared_counts_snapshot_and_reset),
       T(shared_is_for_fewest_contacts_only))
