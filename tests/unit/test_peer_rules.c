/* SPDX-License-Identifier: MIT */
/* The last app_queue penalty options (issue 17), each scenario written from
 * Asterisk's own text and source:
 *
 *  - queuerules.conf (configs/samples/queuerules.conf.sample):
 *    `penaltychange => T,max[,min[,raise]]`, absolute or relative (+N/-N,
 *    empty = unchanged) values applied once the caller has waited T
 *    seconds; app_queue.c update_qe_rule() changes only a bound the caller
 *    has (QUEUE_MAX_PENALTY etc. set at entry), clamps below 0 to 0 and a
 *    min or raise above the new max to the max; wait_our_turn() applies
 *    every step whose time has come (`>=`).  `defaultrule` (queues.conf)
 *    is a queue's rule; Queue()'s `rule` argument picks another.
 *  - QUEUE_RAISE_PENALTY: calc_metric() treats a member whose penalty is
 *    below the raise as having the raise, for the window and for the
 *    metric (penalty x 1000000): raised members share the raise's tier.
 *  - penaltymemberslimit: calc_metric() sets usepenalty = 0 when the queue
 *    has that many members or fewer: no window, every member one tier.
 *  - autopauseunavail: wait_for_answer() AST_CONTROL_CONGESTION calls
 *    rna() with autopauseunavail (busy: autopausebusy) and, with
 *    timeoutrestart, restarts the ring timeout.
 *
 * acdroute: acdr_queue_def.rules / default_rule / penalty_members_limit /
 * missed_unavail, acdr_contact_def.rule / raise_penalty,
 * ACDR_REJECT_UNAVAILABLE.  Every scenario starts from the asterisk
 * profile; the invariant checker runs after every call (CALL / h_*). */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An asterisk-profile queue q (strategy given) with no ring timeout. */
static void ast_queue(acdr_queue_def *d, const char *strategy) {
  acdr_queue_def_default(d);
  assert_int_equal(acdr_queue_def_profile(d, "asterisk"), 0);
  d->id = "q";
  d->strategy = strategy;
  d->ring_timeout_ms = 0;
}

/* The queuerules.conf.sample rule [myrule] plus a raise rule. */
static const acdr_penalty_change sample_rules[] = {
    {"myrule", 30000, 3, 0, 0,
     ACDR_PC_MAX_RELATIVE | ACDR_PC_MIN_RELATIVE | ACDR_PC_RAISE_RELATIVE},
    {"myrule", 60000, 10, 5, 0, ACDR_PC_RAISE_RELATIVE},
    {"myrule", 75000, 0, 7, 0, ACDR_PC_MAX_RELATIVE | ACDR_PC_RAISE_RELATIVE},
    {"raise", 0, 0, 0, 2, ACDR_PC_MAX_RELATIVE | ACDR_PC_MIN_RELATIVE},
};

static void rules_queue(harness *h, const char *strategy,
                        const char *members, const char *default_rule) {
  acdr_queue_def d;
  ast_queue(&d, strategy);
  d.rules = sample_rules;
  d.nrules = sizeof(sample_rules) / sizeof(sample_rules[0]);
  d.default_rule = default_rule;
  h_qadd(h, &d);
  h_members(h, "q", members);
}

static void arrive(harness *h, const char *id, int32_t lo, int32_t hi,
                   int32_t raise, const char *rule, acdr_tstamp now) {
  acdr_contact_def d;
  acdr_contact_def_default(&d);
  d.id = id;
  d.queue = "q";
  d.min_penalty = lo;
  d.max_penalty = hi;
  d.raise_penalty = raise;
  d.rule = rule;
  CALL(h, acdr_contact_arrive(h->e, &d, now));
}

/* "penaltychange => 30,+3": 30 s into the call the max goes from 2 to 5,
 * and the engine wakes up at exactly that time (a deadline the host sees
 * in acdr_engine_get_expiry). */
H_TEST(relative_max_step_at_30s) {
  h_agents(h, "a5");
  rules_queue(h, "ringall", "a5:5:0", NULL);
  h_logins(h, "a5:0");
  (void)h_take(h);
  arrive(h, "c", 0, 2, -1, "myrule", S(100));
  h_expect(h, ""); /* a5 outside 0..2 */
  assert_int_equal(acdr_engine_get_expiry(h->e), S(130));
  h_advance(h, S(130) - 1);
  h_expect(h, "");
  h_advance(h, S(130)); /* waited 30 s: max 5 */
  h_expect(h, "OFFER c a5\n");
}

/* "60,10,5" then "75,,7": absolute max 10 and min 5 at 60 s; at 75 s the
 * min goes to 7 and the max stays.  A member below the new min is no
 * longer offered the caller. */
H_TEST(absolute_steps_move_the_window) {
  h_agents(h, "a4 a6 a9");
  rules_queue(h, "ringall", "a4:4:0 a6:6:1 a9:9:2", NULL);
  h_logins(h, "a4:0 a6:0 a9:0");
  CALL(h, acdr_agent_set_status(h->e, "a4", ACDR_AGENT_AWAY, "x", S(1)));
  CALL(h, acdr_agent_set_status(h->e, "a6", ACDR_AGENT_AWAY, "x", S(1)));
  CALL(h, acdr_agent_set_status(h->e, "a9", ACDR_AGENT_AWAY, "x", S(1)));
  (void)h_take(h);
  arrive(h, "c", 0, 2, -1, "myrule", S(1));
  h_advance(h, S(61)); /* window 5..10: a4 no longer, a6 / a9 yes */
  CALL(h, acdr_agent_set_status(h->e, "a4", ACDR_AGENT_AVAILABLE, NULL,
                                S(62)));
  h_expect(h, "");
  h_advance(h, S(76)); /* min 7: a6 out */
  CALL(h, acdr_agent_set_status(h->e, "a6", ACDR_AGENT_AVAILABLE, NULL,
                                S(77)));
  h_expect(h, "");
  CALL(h, acdr_agent_set_status(h->e, "a9", ACDR_AGENT_AVAILABLE, NULL,
                                S(78)));
  h_expect(h, "OFFER c a9\n");
}

/* Between 60 and 75 s the window is 5..10: a6 gets the caller. */
H_TEST(steps_due_before_the_agent_frees) {
  h_agents(h, "a6");
  rules_queue(h, "ringall", "a6:6:0", NULL);
  h_logins(h, "a6:0");
  CALL(h, acdr_agent_set_status(h->e, "a6", ACDR_AGENT_AWAY, "x", S(1)));
  (void)h_take(h);
  arrive(h, "c", 0, 2, -1, "myrule", S(1));
  h_advance(h, S(70));
  CALL(h, acdr_agent_set_status(h->e, "a6", ACDR_AGENT_AVAILABLE, NULL,
                                S(70)));
  h_expect(h, "OFFER c a6\n");
}

/* update_qe_rule() changes only what the caller has: a caller without a
 * max keeps none, so "60,10,5" gives it no max of 10 (a20 is still
 * offered), while its min moves from 0 to 5. */
H_TEST(a_step_changes_only_bounds_the_caller_has) {
  h_agents(h, "a1 a20");
  rules_queue(h, "ringall", "a1:1:0 a20:20:1", NULL);
  h_logins(h, "a1:0 a20:0");
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AWAY, "x", S(1)));
  CALL(h, acdr_agent_set_status(h->e, "a20", ACDR_AGENT_AWAY, "x", S(1)));
  (void)h_take(h);
  arrive(h, "c", 0, -1, -1, "myrule", S(1));
  h_advance(h, S(80)); /* min 7 (75 s), max still none */
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AVAILABLE, NULL,
                                S(81)));
  h_expect(h, "");
  CALL(h, acdr_agent_set_status(h->e, "a20", ACDR_AGENT_AVAILABLE, NULL,
                                S(82)));
  h_expect(h, "OFFER c a20\n");
}

/* A caller with no bound at all is not touched by a rule, and has no
 * rule deadline. */
H_TEST(no_bounds_no_rule_deadline) {
  h_agents(h, "a5");
  rules_queue(h, "ringall", "a5:5:0", "myrule");
  h_logins(h, "a5:0");
  CALL(h, acdr_agent_set_status(h->e, "a5", ACDR_AGENT_AWAY, "x", S(1)));
  (void)h_take(h);
  h_arrive(h, "c", "q", S(2));
  assert_int_equal(acdr_engine_get_expiry(h->e), ACDR_TSTAMP_MAX);
}

/* A relative step below 0 stops at 0; a min above the new max becomes the
 * max (update_qe_rule()). */
H_TEST(relative_steps_clamp) {
  static const acdr_penalty_change down[] = {
      {"down", 10000, -50, 9, 0, ACDR_PC_MAX_RELATIVE}};
  acdr_queue_def d;
  h_agents(h, "a0 a1");
  ast_queue(&d, "ringall");
  d.rules = down;
  d.nrules = 1;
  d.default_rule = "down";
  h_qadd(h, &d);
  h_members(h, "q", "a0:0:0 a1:1:1");
  h_logins(h, "a0:0 a1:0");
  CALL(h, acdr_agent_set_status(h->e, "a0", ACDR_AGENT_AWAY, "x", S(1)));
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AWAY, "x", S(1)));
  (void)h_take(h);
  arrive(h, "c", 1, 3, -1, NULL, S(1)); /* the default rule */
  h_advance(h, S(11)); /* max 3-50 -> 0, min 9 -> 0 */
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AVAILABLE, NULL,
                                S(12)));
  h_expect(h, "");
  CALL(h, acdr_agent_set_status(h->e, "a0", ACDR_AGENT_AVAILABLE, NULL,
                                S(13)));
  h_expect(h, "OFFER c a0\n");
}

/* defaultrule applies to a caller that names no rule; "" names none:
 * c2, ahead in line, keeps its max of 2 and lets c1 have a5. */
H_TEST(default_rule_and_none) {
  h_agents(h, "a5");
  rules_queue(h, "ringall", "a5:5:0", "myrule");
  h_logins(h, "a5:0");
  (void)h_take(h);
  arrive(h, "c2", 0, 2, -1, "", S(0));
  arrive(h, "c1", 0, 2, -1, NULL, S(1));
  h_advance(h, S(100));
  h_expect(h, "OFFER c1 a5\n");
}

/* queuerules.conf.sample, QUEUE_RAISE_PENALTY: agent 1 has penalty 1,
 * agent 2 penalty 2; with the raise at 2 "both agents are treated
 * equally".  leastrecent: the one idle longer (a2) gets the caller; with
 * no raise, agent 1 "takes priority". */
H_TEST(raise_makes_lower_members_equal) {
  h_agents(h, "a1 a2");
  rules_queue(h, "leastrecent", "a1:1:0 a2:2:1", NULL);
  h_logins(h, "a2:0 a1:5"); /* a2 idle since 0, a1 since 5 */
  (void)h_take(h);
  arrive(h, "c1", -1, -1, -1, NULL, S(10));
  h_expect(h, "OFFER c1 a1\n");
  CALL(h, acdr_contact_hangup(h->e, "c1", S(11)));
  (void)h_take(h);
  arrive(h, "c2", -1, -1, 2, NULL, S(12));
  h_expect(h, "OFFER c2 a2\n");
}

/* leastrecent with the per-queue last call (idle: queue-talk-end, as
 * app_queue's member lastcall): with the raise, a member never called in
 * the queue goes first (metric 0) although the other one has been free
 * longer. */
H_TEST(raise_leastrecent_never_called_first) {
  acdr_queue_def d;
  acdr_kv idle = {"idle", "queue-talk-end"};
  h_agents(h, "a1 a2");
  ast_queue(&d, "leastrecent");
  d.params = &idle;
  d.nparams = 1;
  h_qadd(h, &d);
  h_members(h, "q", "a1:1:0 a2:2:1");
  h_logins(h, "a1:0");
  h_arrive(h, "x", "q", S(1));
  h_accept(h, "x", "a1", S(1));
  h_hangup(h, "x", S(2)); /* a1 free since 2 s, last call in q at 2 s */
  h_login(h, "a2", S(5)); /* a2 free since 5 s, never called */
  (void)h_take(h);
  arrive(h, "c", -1, -1, 2, NULL, S(10));
  h_expect(h, "OFFER c a2\n");
}

/* The sample's rule "penaltychange => 30,,,2" applied to a caller whose
 * raise was set at entry (0): from 0 s on (the "raise" rule steps at 0). */
H_TEST(raise_by_rule) {
  h_agents(h, "a1 a2");
  rules_queue(h, "leastrecent", "a1:1:0 a2:2:1", NULL);
  h_logins(h, "a2:0 a1:5");
  (void)h_take(h);
  arrive(h, "c", -1, -1, 0, "raise", S(10));
  h_expect(h, "OFFER c a2\n");
}

/* With a min, the raise lets a lower member back in (calc_metric()
 * raises before it checks the bounds). */
H_TEST(raise_admits_members_below_the_min) {
  h_agents(h, "a1");
  rules_queue(h, "ringall", "a1:1:0", NULL);
  h_logins(h, "a1:0");
  (void)h_take(h);
  arrive(h, "c1", 2, -1, -1, NULL, S(1));
  h_expect(h, "");
  arrive(h, "c2", 2, -1, 2, NULL, S(2));
  h_expect(h, "OFFER c2 a1\n");
}

/* ringall: raised members ring with the raise's tier at once. */
H_TEST(raise_ringall_rings_the_merged_tier) {
  h_agents(h, "a0 a3 a9");
  rules_queue(h, "ringall", "a0:0:0 a3:3:1 a9:9:2", NULL);
  h_logins(h, "a0:0 a3:0 a9:0");
  (void)h_take(h);
  arrive(h, "c", -1, -1, 3, NULL, S(1));
  h_expect(h, "OFFER c a0\nOFFER c a3\n");
}

/* penaltymemberslimit: with 2 members and a limit of 2, penalties are
 * disregarded: ringall rings both, and a caller's max penalty does not
 * hold a5 back.  With 3 members (above the limit) they apply again. */
H_TEST(penalty_members_limit_ignores_penalties) {
  acdr_queue_def d;
  h_agents(h, "a0 a5 a7");
  ast_queue(&d, "ringall");
  d.penalty_members_limit = 2;
  h_qadd(h, &d);
  h_members(h, "q", "a0:0:0 a5:5:1");
  h_logins(h, "a0:0 a5:0 a7:0");
  (void)h_take(h);
  h_arrive(h, "c1", "q", S(1));
  h_expect(h, "OFFER c1 a0\nOFFER c1 a5\n");
  CALL(h, acdr_contact_hangup(h->e, "c1", S(2)));
  (void)h_take(h);
  arrive(h, "c2", -1, 0, -1, NULL, S(3));
  h_expect(h, "OFFER c2 a0\nOFFER c2 a5\n");
  CALL(h, acdr_contact_hangup(h->e, "c2", S(4)));
  h_member(h, "q", "a7", 7, 2, S(5));
  (void)h_take(h);
  h_arrive(h, "c3", "q", S(6));
  h_expect(h, "OFFER c3 a0\n");
}

/* The same limit with a one-at-a-time strategy: the members form one
 * tier, so leastrecent picks the member idle longest whatever its
 * penalty. */
H_TEST(penalty_members_limit_one_tier_for_leastrecent) {
  acdr_queue_def d;
  h_agents(h, "a0 a5");
  ast_queue(&d, "leastrecent");
  d.penalty_members_limit = 5;
  h_qadd(h, &d);
  h_members(h, "q", "a0:0:0 a5:5:1");
  h_logins(h, "a5:0 a0:3");
  (void)h_take(h);
  h_arrive(h, "c", "q", S(10));
  h_expect(h, "OFFER c a5\n");
}

/* linear: calc_metric() ranks by position (pos + penalty x 1000000,
 * usepenalty 0): the first member in order rings, although the other one
 * was idle longer and has the lower penalty. */
H_TEST(penalty_members_limit_linear_by_position) {
  acdr_queue_def d;
  h_agents(h, "a0 a5");
  ast_queue(&d, "linear");
  d.penalty_members_limit = 2;
  h_qadd(h, &d);
  h_members(h, "q", "a5:5:0 a0:0:1");
  h_logins(h, "a0:0 a5:3");
  (void)h_take(h);
  h_arrive(h, "c", "q", S(10));
  h_expect(h, "OFFER c a5\n");
}

/* autopauseunavail: with autopause (max_missed 1) an unavailable device
 * pauses the member only when missed_unavail is set; busy is not
 * counted without missed_busy. */
static void autopause_queue(harness *h, int unavail) {
  acdr_queue_def d;
  h_agents(h, "a1 a2");
  ast_queue(&d, "ringall");
  d.max_missed = 1;
  d.missed_unavail = unavail;
  h_qadd(h, &d);
  h_members(h, "q", "a1:0:0 a2:1:1");
  h_logins(h, "a1:0 a2:0");
  (void)h_take(h);
}

H_TEST(autopauseunavail_pauses) {
  autopause_queue(h, 1);
  h_arrive(h, "c", "q", S(1));
  h_expect(h, "OFFER c a1\n");
  CALL(h, acdr_contact_reject(h->e, "c", "a1", ACDR_REJECT_UNAVAILABLE,
                              S(2)));
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AWAY);
  h_expect(h, "CANCEL c a1 rejected\nOFFER c a2\n");
}

H_TEST(unavailable_not_counted_without_the_option) {
  autopause_queue(h, 0);
  h_arrive(h, "c", "q", S(1));
  h_expect(h, "OFFER c a1\n");
  CALL(h, acdr_contact_reject(h->e, "c", "a1", ACDR_REJECT_UNAVAILABLE,
                              S(2)));
  assert_int_equal(h_status(h, "a1"), ACDR_AGENT_AVAILABLE);
  h_expect(h, "CANCEL c a1 rejected\nOFFER c a1\n");
}

/* timeoutrestart: congestion restarts the ring timeout of the caller's
 * other ringing members as busy does (wait_for_answer()). */
H_TEST(unavailable_restarts_the_ring_timeout) {
  acdr_queue_def d;
  h_agents(h, "a1 a2");
  ast_queue(&d, "ringall");
  d.ring_timeout_ms = 15000;
  d.ring_timeout_restart = 1;
  h_qadd(h, &d);
  h_members(h, "q", "a1:0:0 a2:0:1");
  h_logins(h, "a1:0 a2:0");
  (void)h_take(h);
  h_arrive(h, "c", "q", S(0));
  h_expect(h, "OFFER c a1\nOFFER c a2\n");
  CALL(h, acdr_contact_reject(h->e, "c", "a1", ACDR_REJECT_UNAVAILABLE,
                              S(10)));
  (void)h_take(h);
  h_advance(h, S(24));
  h_expect(h, ""); /* a2 would have rung out at 15 s */
  h_advance(h, S(25));
  assert_non_null(strstr(h_take(h), "CANCEL c a2 no-answer\n"));
}

H_TEST(refusals_change_nothing) {
  acdr_queue_def d;
  acdr_contact_def c;
  acdr_contact_info info;
  static const acdr_penalty_change bad_time[] = {
      {"r", -1, 0, 0, 0, 0}};
  static const acdr_penalty_change no_name[] = {{NULL, 0, 0, 0, 0, 0}};
  static const acdr_penalty_change bad_bits[] = {{"r", 0, 0, 0, 0, 8}};
  h_agents(h, "a5");
  rules_queue(h, "ringall", "a5:5:0", NULL);
  ast_queue(&d, "ringall");
  d.id = "q2";
  d.default_rule = "nope";
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_INVALID_ARGUMENT);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "default_rule"));
  d.default_rule = NULL;
  d.rules = bad_time;
  d.nrules = 1;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_RANGE);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "after_ms"));
  d.rules = no_name;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_INVALID_ARGUMENT);
  d.rules = bad_bits;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_RANGE);
  d.rules = NULL;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_INVALID_ARGUMENT);
  d.nrules = 0;
  d.penalty_members_limit = -1;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_RANGE);
  d.penalty_members_limit = 0;
  d.missed_unavail = 2;
  assert_int_equal(acdr_queue_add(h->e, &d), ACDR_ERR_RANGE);
  acdr_contact_def_default(&c);
  c.id = "c";
  c.queue = "q";
  c.rule = "unknown";
  assert_int_equal(acdr_contact_arrive(h->e, &c, S(1)),
                   ACDR_ERR_INVALID_ARGUMENT);
  assert_non_null(strstr(acdr_engine_last_error(h->e), "no rule"));
  c.rule = NULL;
  c.raise_penalty = 1000001;
  assert_int_equal(acdr_contact_arrive(h->e, &c, S(1)), ACDR_ERR_RANGE);
  assert_int_equal(acdr_contact_get_info(h->e, "c", &info),
                   ACDR_ERR_CONTACT_NOT_FOUND);
  assert_int_equal(acdr_contact_reject(h->e, "c", "a5", 4, S(1)),
                   ACDR_ERR_INVALID_ARGUMENT);
  h_expect(h, "");
  h_check(h);
}

/* ---- snapshot, event log, configuration ---- */

/* Callers waiting on their rules at 40 s: c1 (myrule, max 2 -> 5 at
 * 30 s, then 5..10 at 60 s), c2 (raise 0 -> 2 by "raise"). */
static void waiting_on_rules(harness *h) {
  h_agents(h, "a1 a2 a6");
  rules_queue(h, "ringall", "a1:1:0 a2:2:1 a6:6:2", NULL);
  h_logins(h, "a1:0 a2:0 a6:0");
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AWAY, "x", S(1)));
  CALL(h, acdr_agent_set_status(h->e, "a2", ACDR_AGENT_AWAY, "x", S(1)));
  CALL(h, acdr_agent_set_status(h->e, "a6", ACDR_AGENT_AWAY, "x", S(1)));
  arrive(h, "c1", 4, 4, -1, "myrule", S(10));
  arrive(h, "c2", 2, 2, 0, "raise", S(11));
}

static void go_on(harness *h) {
  h_advance(h, S(75));
  CALL(h, acdr_agent_set_status(h->e, "a6", ACDR_AGENT_AVAILABLE, NULL,
                                S(76)));
  CALL(h, acdr_agent_set_status(h->e, "a1", ACDR_AGENT_AVAILABLE, NULL,
                                S(77)));
}

H_TEST(snapshot_continues_identically) {
  char *snap = NULL;
  size_t len;
  harness b;
  char want[512];
  waiting_on_rules(h);
  h_advance(h, S(40));
  (void)h_take(h);
  CALL(h, acdr_engine_snapshot(h->e, &snap, &len));
  assert_non_null(strstr(snap, "\"rule\": \"myrule\""));
  assert_non_null(strstr(snap, "\"raise_penalty\": 0"));
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, len));
  assert_int_equal(acdr_engine_get_expiry(b.e),
                   acdr_engine_get_expiry(h->e));
  go_on(h);
  snprintf(want, sizeof(want), "%s", h_take(h));
  /* c1: window 5..10 at 70 s: a6; c2 (2..2, raise 2): a1 */
  assert_string_equal(want, "OFFER c1 a6\nOFFER c2 a1\n");
  go_on(&b);
  assert_string_equal(h_take(&b), want);
  acdr_free(h->e, snap);
  h_free(&b);
}

static void replay_continues_identically(void **state) {
  harness a, b;
  acdr_options opt;
  char *log = NULL, *line, *nl;
  size_t len;
  char want[512];
  (void)state;
  acdr_options_default(&opt);
  opt.record_events = 1;
  h_init(&a, &opt);
  h_init(&b, NULL);
  waiting_on_rules(&a);
  go_on(&a);
  snprintf(want, sizeof(want), "%s", h_take(&a));
  assert_non_null(strstr(want, "OFFER c1 a6\n"));
  CALL(&a, acdr_engine_event_log_take(a.e, &log, &len));
  assert_non_null(strstr(log, "\"rule\": \"raise\""));
  assert_non_null(strstr(log, "\"myrule\": [\"30,+3\", \"60,10,5\", "
                              "\"75,,7\"]"));
  for (line = log; *line; line = nl + 1) {
    nl = strchr(line, '\n');
    CALL(&b, acdr_engine_apply_event_json(b.e, line, (size_t)(nl - line)));
  }
  h_advance(&b, S(77));
  assert_string_equal(h_take(&b), want);
  acdr_free(a.e, log);
  h_free(&a);
  h_free(&b);
}

/* queues.conf / queuerules.conf written as a configuration document: the
 * penaltychange lines as written, exported and loaded back the same. */
H_TEST(config_round_trip) {
  static const char doc[] =
      "{\"agents\": [{\"id\": \"a5\"}],\n"
      " \"queues\": [{\"id\": \"q\", \"profile\": \"asterisk\",\n"
      "   \"ring_timeout_ms\": 0,\n"
      "   \"rules\": {\"myrule\": [\"60,10,5\", \"30,+3\", \"75,,7\"],\n"
      "             \"fast\": [\"1500ms,-1,,+2\"]},\n"
      "   \"default_rule\": \"myrule\", \"penalty_members_limit\": 1,\n"
      "   \"missed_unavail\": true,\n"
      "   \"members\": [{\"agent\": \"a5\", \"penalty\": 5}]}]}";
  char *out = NULL, *out2 = NULL;
  harness h2;
  CALL(h, acdr_config_apply(h->e, doc, strlen(doc), 0, 0));
  CALL(h, acdr_config_export(h->e, &out, NULL));
  /* each rule's lines in time order (pretty: one per line) */
  assert_non_null(strstr(out, "\"myrule\": [\n          \"30,+3\",\n"
                              "          \"60,10,5\",\n          "
                              "\"75,,7\"\n"));
  assert_non_null(strstr(out, "\"fast\": [\n          \"1500ms,-1,,+2\"\n"));
  assert_non_null(strstr(out, "\"default_rule\": \"myrule\""));
  assert_non_null(strstr(out, "\"penalty_members_limit\": 1"));
  assert_non_null(strstr(out, "\"missed_unavail\": true"));
  h_init(&h2, NULL);
  CALL(&h2, acdr_config_apply(h2.e, out, strlen(out), 0, 0));
  CALL(&h2, acdr_config_export(h2.e, &out2, NULL));
  assert_string_equal(out, out2);
  acdr_free(h->e, out);
  acdr_free(h2.e, out2);
  h_free(&h2);
  /* the rule works as loaded: 30 s into the call max 2 -> 5 */
  h_login(h, "a5", S(0));
  (void)h_take(h);
  {
    acdr_contact_def c;
    acdr_contact_def_default(&c);
    c.id = "c";
    c.queue = "q";
    c.max_penalty = 2;
    c.min_penalty = 0;
    CALL(h, acdr_contact_arrive(h->e, &c, S(1)));
  }
  /* one member, limit 1: penalties ignored, a5 rings at once */
  h_expect(h, "OFFER c a5\n");
}

/* queuerules.conf rules are global in app_queue: a document's top-level
 * "queue_rules" go to every queue; a queue's own rule of the same name
 * wins.  A reload that changes a rule applies it to the callers already
 * waiting (their steps count from their entry). */
H_TEST(global_queue_rules_and_reload) {
  static const char doc[] =
      "{\"agents\": [{\"id\": \"a5\"}],\n"
      " \"queue_rules\": {\"myrule\": [\"30,+3\"], \"other\": [\"5,9\"]},\n"
      " \"queues\": [{\"id\": \"q\", \"profile\": \"asterisk\",\n"
      "   \"ring_timeout_ms\": 0, \"default_rule\": \"myrule\",\n"
      "   \"members\": [{\"agent\": \"a5\", \"penalty\": 5}]},\n"
      "  {\"id\": \"q2\", \"rules\": {\"myrule\": [\"10,+3\"]}}]}";
  char *out = NULL, *d2;
  size_t n = strlen(doc);
  CALL(h, acdr_config_apply(h->e, doc, n, 0, 0));
  CALL(h, acdr_config_export(h->e, &out, NULL));
  /* q: both global rules; q2: its own myrule and the global other */
  assert_non_null(strstr(out, "\"30,+3\""));
  assert_non_null(strstr(out, "\"10,+3\""));
  assert_int_equal(strstr(strstr(out, "\"5,9\"") + 1, "\"5,9\"") != NULL, 1);
  acdr_free(h->e, out);
  h_login(h, "a5", S(0));
  CALL(h, acdr_agent_set_status(h->e, "a5", ACDR_AGENT_AWAY, "x", S(0)));
  (void)h_take(h);
  arrive(h, "c", 0, 2, -1, NULL, S(1));
  /* reload: myrule now opens at 10 s */
  d2 = strdup(doc);
  assert_non_null(d2);
  memcpy(strstr(d2, "\"30,+3\""), "\"10,+3\"", 7);
  CALL(h, acdr_config_apply(h->e, d2, n, 0, S(2)));
  free(d2);
  CALL(h, acdr_agent_set_status(h->e, "a5", ACDR_AGENT_AVAILABLE, NULL,
                                S(3)));
  h_expect(h, "");
  h_advance(h, S(11));
  h_expect(h, "OFFER c a5\n");
}

H_TEST(config_errors_name_the_line) {
  static const char *const bad[] = {
      "{\"queues\": [{\"id\": \"q\", \"rules\": {\"r\": [\"30\"]}}]}",
      "{\"queues\": [{\"id\": \"q\", \"rules\": {\"r\": [\"x,1\"]}}]}",
      "{\"queues\": [{\"id\": \"q\", \"rules\": {\"r\": [\"5,1,2,3,4\"]}}]}",
      "{\"queues\": [{\"id\": \"q\", \"rules\": {\"r\": [\"5,+a\"]}}]}",
      "{\"queues\": [{\"id\": \"q\", \"rules\": {\"r\": \"5,1\"}}]}",
      "{\"queues\": [{\"id\": \"q\", \"rules\": {\"r\": [\"5,1\"]},"
      " \"default_rule\": \"s\"}]}"};
  size_t i;
  for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    int rv = acdr_config_apply(h->e, bad[i], strlen(bad[i]), 0, 0);
    assert_int_not_equal(rv, 0);
    if (i < 5)
      assert_non_null(strstr(acdr_engine_last_error(h->e), "/rules/r"));
  }
  h_check(h);
}

H_MAIN(T(relative_max_step_at_30s), T(absolute_steps_move_the_window),
       T(steps_due_before_the_agent_frees),
       T(a_step_changes_only_bounds_the_caller_has),
       T(no_bounds_no_rule_deadline), T(relative_steps_clamp),
       T(default_rule_and_none), T(raise_makes_lower_members_equal),
       T(raise_leastrecent_never_called_first), T(raise_by_rule), T(raise_admits_members_below_the_min),
       T(raise_ringall_rings_the_merged_tier),
       T(penalty_members_limit_ignores_penalties),
       T(penalty_members_limit_one_tier_for_leastrecent),
       T(penalty_members_limit_linear_by_position),
       T(autopauseunavail_pauses),
       T(unavailable_not_counted_without_the_option),
       T(unavailable_restarts_the_ring_timeout), T(refusals_change_nothing),
       T(snapshot_continues_identically), T(replay_continues_identically),
       T(config_round_trip), T(global_queue_rules_and_reload),
       T(config_errors_name_the_line))
