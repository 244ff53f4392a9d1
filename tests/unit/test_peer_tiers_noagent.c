/* SPDX-License-Identifier: MIT */
/* No-agent grace (issue 17): mod_callcenter's max-wait-time-with-no-agent
 * and max-wait-time-with-no-agent-time-reached as no_agent_wait_ms and
 * no_agent_grace_ms.
 *
 * mod_callcenter.c (FreeSWITCH), cc_member_thread_run(): a waiting caller
 * is cancelled (reason NO_AGENT_TIMEOUT) when max_wait_time_with_no_agent
 * > 0, the caller joined more than max_wait_time_with_no_agent_time_reached
 * ago, and queue->last_agent_exist is at least max_wait_time_with_no_agent
 * old.  members_callback() sets last_agent_exist whenever the agent query
 * returns a row: an agent of the queue whose status is Available, On Break
 * or Available (On Demand), so an agent on a break keeps callers in.
 * Here a contact leaves with overflow cause NO_AGENTS (its queue's
 * overflow target; none: it ends). */
#include "harness.h"

#include <string.h>

static void nq(harness *h, int64_t wait_ms, int64_t grace_ms) {
  acdr_queue_def d;
  h_qdef(&d, "q", "longest-idle");
  d.no_agent_wait_ms = wait_ms;
  d.no_agent_grace_ms = grace_ms;
  h_qadd(h, &d);
  h_agents(h, "a1");
  h_members(h, "q", "a1:0:0");
}

static void away(harness *h, const char *a, acdr_tstamp now) {
  CALL(h, acdr_agent_set_status(h->e, a, ACDR_AGENT_AWAY, "break", now));
}

/* The callers leave wait after the last member logged out, together. */
H_TEST(callers_leave_after_wait_without_agent) {
  nq(h, 30000, 0);
  h_login(h, "a1", S(1));
  away(h, "a1", S(2));
  h_arrive(h, "c1", "q", S(10));
  h_arrive(h, "c2", "q", S(50));
  (void)h_take(h);
  h_advance(h, S(99));
  h_expect(h, ""); /* on a break is still an agent */
  CALL(h, acdr_agent_logout(h->e, "a1", S(100)));
  (void)h_take(h);
  h_advance(h, S(130) - 1);
  h_expect(h, "");
  h_advance(h, S(130));
  h_expect(h, "ENDED c1 rejected\nENDED c2 rejected\n");
}

/* A caller joining an empty queue whose wait has passed stays the grace
 * period, then leaves; a login in between keeps it. */
H_TEST(grace_for_callers_joining_late) {
  nq(h, 30000, 5000);
  h_login(h, "a1", S(1));
  CALL(h, acdr_agent_logout(h->e, "a1", S(100)));
  h_arrive(h, "c1", "q", S(140));
  (void)h_take(h);
  h_advance(h, S(145) - 1);
  h_expect(h, "");
  h_advance(h, S(145));
  h_expect(h, "ENDED c1 rejected\n");
  h_arrive(h, "c2", "q", S(150));
  h_login(h, "a1", S(152));
  away(h, "a1", S(152));
  (void)h_take(h);
  h_advance(h, S(300));
  h_expect(h, "");
  /* emptied again at 300: c2 waited its grace long ago, leaves at 330 */
  CALL(h, acdr_agent_logout(h->e, "a1", S(300)));
  h_advance(h, S(330) - 1);
  h_expect(h, "");
  h_advance(h, S(330));
  h_expect(h, "ENDED c2 rejected\n");
}

/* Off (0, the default): callers wait without agents. */
H_TEST(off_by_default) {
  nq(h, 0, 0);
  h_arrive(h, "c1", "q", S(10));
  (void)h_take(h);
  h_advance(h, S(10000));
  h_expect(h, "");
  h_hangup(h, "c1", S(10001));
  (void)h_take(h);
}

static int last_cause;
static int record_cause(harness *h, const acdr_action *a) {
  (void)h;
  if (a->type == ACDR_ACTION_OVERFLOW) last_cause = a->activity;
  return 0;
}

/* To the queue's overflow target, with cause NO_AGENTS.  A queue that
 * never had a member counts its time without agents from the engine's
 * time 0 (mod_callcenter: last_agent_exist starts at 0). */
H_TEST(overflow_target) {
  acdr_queue_def d;
  h_qdef(&d, "q", "longest-idle");
  d.no_agent_wait_ms = 10000;
  d.no_agent_grace_ms = 3000;
  d.overflow_kind = ACDR_OVERFLOW_QUEUE;
  d.overflow_target = "backup";
  h_qadd(h, &d);
  h_queue(h, "backup", "longest-idle");
  h_agents(h, "b1");
  h_members(h, "backup", "b1:0:0");
  h_login(h, "b1", S(1));
  away(h, "b1", S(1));
  h->hook = record_cause;
  last_cause = 0;
  h_arrive(h, "c1", "q", S(20));
  (void)h_take(h);
  h_advance(h, S(23) - 1);
  h_expect(h, "");
  h_advance(h, S(23));
  h_expect(h, "OVERFLOW c1 1 backup\nREQUEUED c1 backup\n");
  assert_int_equal(last_cause, ACDR_OVERFLOW_CAUSE_NO_AGENTS);
  CALL(h, acdr_agent_set_status(h->e, "b1", ACDR_AGENT_AVAILABLE, NULL,
                                S(24)));
  h_expect(h, "OFFER c1 b1\n");
  h_hangup(h, "c1", S(25));
  (void)h_take(h);
}

/* A snapshot taken while the deadline runs restores it: both engines let
 * the caller go at the same instant. */
static void snapshot_keeps_deadline(void **state) {
  harness a, b;
  char *snap;
  size_t len;
  (void)state;
  h_init(&a, NULL);
  nq(&a, 30000, 5000);
  h_login(&a, "a1", S(1));
  h_arrive(&a, "c1", "q", S(10));
  h_accept(&a, "c1", "a1", S(10));
  h_arrive(&a, "c2", "q", S(20));
  CALL(&a, acdr_agent_logout(a.e, "a1", S(100)));
  (void)h_take(&a);
  CALL(&a, acdr_engine_snapshot(a.e, &snap, &len));
  assert_non_null(strstr(snap, "\"no_agent\""));
  h_init(&b, NULL);
  CALL(&b, acdr_engine_restore(b.e, snap, len));
  acdr_free(a.e, snap);
  h_advance(&a, S(130) - 1);
  h_advance(&b, S(130) - 1);
  h_expect(&a, "");
  h_expect(&b, "");
  h_advance(&a, S(130));
  h_advance(&b, S(130));
  h_expect(&a, "ENDED c2 rejected\n");
  h_expect(&b, "ENDED c2 rejected\n");
  h_free(&a);
  h_free(&b);
}

H_MAIN(T(callers_leave_after_wait_without_agent),
       T(grace_for_callers_joining_late), T(off_by_default),
       T(overflow_target), T(snapshot_keeps_deadline))
