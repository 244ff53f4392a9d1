/* SPDX-License-Identifier: MIT */
/* No-agent grace (no_agent_wait_ms, no_agent_grace_ms): mod_callcenter's
 * max-wait-time-with-no-agent and max-wait-time-with-no-agent-time-reached.
 * mod_callcenter.c cc_member_thread_run() drops a caller when the queue
 * has had no agent (Available, On Break or On Demand) for the first, once
 * the caller has waited longer than the second.  Here "no agent" is "no
 * member logged in" (away counts as logged in, as On Break does) and the
 * time counts from the moment the last one logged out.
 *
 * One timer per queue, armed only while the queue has nobody and contacts
 * wait: at the later of (emptied + wait) and (the earliest waiting
 * contact's entry + grace).  Its deadline is part of snapshots.  The
 * same timer carries the leave_empty checks (overflow.c), due at the
 * instant a member changed: one deadline per queue for the policies. */
#include <stddef.h>

#include "policies/policy_int.h"

static void no_agent_fire(acdr_engine *e, acdr_timer *t, acdr_tstamp now);

acdr_timer *acdr_policy_no_agent_timer(acdr_queue *q) {
  q->no_agent_timer.fire = no_agent_fire;
  return &q->no_agent_timer;
}

static int applies(const acdr_queue *q) {
  return q->def.no_agent_wait_ms > 0 && q->logged_in == 0;
}

/* Arm at `when` (the earlier of the armed deadline and `when` if keep).
 * Without heap room the deadline is lost until the next join or emptying
 * (never a crash); acdr_timers_reserve keeps room on the usual paths. */
static void arm(acdr_engine *e, acdr_queue *q, acdr_tstamp when) {
  acdr_timer *t = acdr_policy_no_agent_timer(q);
  if (acdr_timer_armed(t) && t->when <= when) return;
  (void)acdr_timer_arm(e, t, when);
}

/* The deadline for a contact that entered at `enq`. */
static acdr_tstamp leave_at(const acdr_queue *q, acdr_tstamp enq) {
  acdr_tstamp a = acdr_deadline(q->no_agent_since, q->def.no_agent_wait_ms);
  acdr_tstamp b = acdr_deadline(enq, q->def.no_agent_grace_ms);
  return a > b ? a : b;
}

/* Arm for the waiting contacts of q (O(contacts waiting)), or disarm. */
static void rearm(acdr_engine *e, acdr_queue *q, acdr_tstamp now) {
  acdr_contact *c;
  acdr_tstamp first = ACDR_TSTAMP_MAX;
  acdr_timer_disarm(e, &q->no_agent_timer);
  if (!applies(q)) return;
  for (c = acdr_line_first(&q->line); c; c = acdr_line_next(c))
    if (!c->is_callback && c->enqueued < first) first = c->enqueued;
  if (first == ACDR_TSTAMP_MAX) return;
  first = leave_at(q, first);
  arm(e, q, first > now ? first : now);
}

void acdr_policy_no_agent_empty(acdr_engine *e, acdr_queue *q) {
  const acdr_timer *t = &q->no_agent_timer;
  /* a leave_empty check due now stays due */
  int due = acdr_timer_armed(t) && t->when <= e->now;
  q->no_agent_since = e->now;
  rearm(e, q, e->now);
  if (due) arm(e, q, e->now);
}

void acdr_policy_no_agent_joined(acdr_engine *e, acdr_contact *c) {
  acdr_queue *q = c->queue;
  acdr_tstamp at;
  if (!applies(q) || c->is_callback) return;
  at = leave_at(q, c->enqueued);
  arm(e, q, at > e->now ? at : e->now);
}

static void no_agent_fire(acdr_engine *e, acdr_timer *t, acdr_tstamp now) {
  acdr_queue *q =
      (acdr_queue *)(void *)((char *)t - offsetof(acdr_queue, no_agent_timer));
  acdr_contact *c, *next;
  if (!applies(q) && !q->def.leave_empty) return;
  if (acdr_actions_reserve(e, acdr_budget_evict(q)) != 0) {
    /* just popped: re-arming needs no memory */
    acdr_timer_arm_held(e, t, now + ACDR_POLICY_RETRY_NS);
    return;
  }
  /* the same deadline carries leave_empty checks (overflow.c) */
  acdr_policy_leave_fire(e, q);
  if (!applies(q)) return; /* a member logged in since: nothing to do */
  for (c = acdr_line_first(&q->line); c; c = next) {
    next = acdr_line_next(c);
    if (!c->is_callback && now >= leave_at(q, c->enqueued))
      acdr_policy_overflow(e, c, ACDR_OVERFLOW_CAUSE_NO_AGENTS);
  }
  /* an overflow to a queue never comes back to this one (a loop is
   * refused), so the rest waits for its own time */
  rearm(e, q, now);
}
