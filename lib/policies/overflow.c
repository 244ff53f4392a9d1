/* SPDX-License-Identifier: MIT */
/* Admission (max length, no agents, closed) and overflow: a contact
 * leaves its queue for another queue, voicemail, a callback or a message,
 * or ends when there is no target. */
#include <string.h>

#include "policies/policy_int.h"

static int empty_under(const acdr_queue *q, uint32_t cond,
                       const acdr_contact *c);

/* Does member m count as present under the app_queue conditions `cond`
 * (get_member_status(): a member in a listed state is left out; with
 * `penalty`, one outside the penalty window of caller c, if any)? */
static int member_present(const acdr_member *m, uint32_t cond,
                          const acdr_contact *c) {
  const acdr_agent *a = m->agent;
  if ((cond & ACDR_EMPTY_PENALTY) && c && acdr_contact_has_window(c)) {
    /* the window at the contact's entry (its rule's steps due at 0 s) and
     * the raise, as get_member_status() sees them */
    acdr_window w;
    acdr_contact_window(c, c->enqueued, &w, NULL);
    if (!acdr_window_admits(&w, m->penalty)) return 0;
  }
  if (a->status == ACDR_AGENT_LOGGED_OUT)
    return !(cond & (ACDR_EMPTY_UNAVAILABLE | ACDR_EMPTY_INVALID |
                     ACDR_EMPTY_UNKNOWN));
  if ((a->nconnected && (cond & ACDR_EMPTY_INUSE)) ||
      (a->noffers && (cond & ACDR_EMPTY_RINGING)) ||
      (a->status == ACDR_AGENT_AWAY && (cond & ACDR_EMPTY_PAUSED)) ||
      (a->nwrapup && (cond & ACDR_EMPTY_WRAPUP)))
    return 0;
  return 1;
}

/* Is q empty under `cond` for caller c (NULL: any caller)?  O(members). */
static int empty_under(const acdr_queue *q, uint32_t cond,
                       const acdr_contact *c) {
  size_t i;
  for (i = 0; i < q->nmembers; i++)
    if (member_present(q->members[i], cond, c)) return 0;
  return 1;
}

void acdr_policy_leave_fire(acdr_engine *e, acdr_queue *q) {
  if (!q->def.leave_empty || !empty_under(q, q->def.leave_empty, NULL))
    return;
  /* room: the caller reserved acdr_budget_evict(q) */
  acdr_must(acdr_policy_evict_waiting(e, q, ACDR_OVERFLOW_CAUSE_NO_AGENTS));
}

/* Check q's leave_empty at this instant, once the current call is done
 * (a deadline at `now`: the host's next handle_expiry).  Without heap
 * room the check waits for the next change (never a crash). */
static void leave_check_later(acdr_engine *e, acdr_queue *q) {
  acdr_timer *t;
  if (!q->def.leave_empty || !acdr_line_len(&q->line)) return;
  t = acdr_policy_no_agent_timer(q); /* the queue's policy deadline */
  if (!acdr_timer_armed(t) || t->when > e->now)
    (void)acdr_timer_arm(e, t, e->now);
}

void acdr_policy_agent_changed(acdr_engine *e, acdr_agent *a) {
  size_t i;
  for (i = 0; i < a->nmembers; i++) leave_check_later(e, a->members[i]->queue);
}

void acdr_policy_leave_check_joined(acdr_engine *e, acdr_contact *c) {
  if (!c->is_callback) leave_check_later(e, c->queue);
}

int acdr_policy_refusal(acdr_engine *e, acdr_queue *q,
                        const acdr_contact *c) {
  if (!acdr_policy_is_open(e, q, e->now)) return ACDR_OVERFLOW_CAUSE_CLOSED;
  if (!q->def.join_when_empty && q->logged_in == 0)
    return ACDR_OVERFLOW_CAUSE_NO_AGENTS;
  if (q->def.join_empty && empty_under(q, q->def.join_empty, c))
    return ACDR_OVERFLOW_CAUSE_NO_AGENTS;
  /* ringing contacts have not been answered yet: they still count */
  if (q->def.max_len &&
      (uint64_t)acdr_line_len(&q->line) + q->noffered >= q->def.max_len)
    return ACDR_OVERFLOW_CAUSE_QUEUE_FULL;
  return 0;
}

static void target_of(const acdr_queue *q, int cause, int32_t *kind,
                      const char **target) {
  const char *text;
  if (cause == ACDR_OVERFLOW_CAUSE_CLOSED) {
    acdr_policy_closed_action(q, kind, target, &text);
  } else {
    *kind = q->def.overflow_kind;
    *target = q->overflow_target;
  }
}

/* The queue an overflow may enter, or NULL (unknown, same queue, other
 * channel, or the contact has used up its hops). */
static acdr_queue *usable_queue(acdr_engine *e, const acdr_contact *c,
                                const char *target) {
  acdr_queue *to = target ? acdr_map_get(&e->queues, target) : NULL;
  if (!to || to == c->queue || to->def.channel != c->channel ||
      c->overflow_hops >= ACDR_MAX_HOPS)
    return NULL;
  return to;
}

static void emit_overflow(acdr_engine *e, acdr_contact *c, int32_t kind,
                          int cause, const char *target) {
  acdr_action a;
  a = acdr_action_of(ACDR_ACTION_OVERFLOW, c, c->queue, NULL);
  a.reason = kind;
  a.activity = cause;
  a.text = target;
  acdr_emit(e, &a);
  acdr_hook_contact(e, ACDR_HOOK_OVERFLOWED, c, NULL);
}

void acdr_policy_leave(acdr_engine *e, acdr_contact *c, int cause) {
  /* a loop, not recursion: a refusing target queue passes the contact on
   * to its own target; hops bound the chain */
  for (;;) {
    int32_t kind;
    const char *target;
    acdr_queue *to = NULL;
    int next;
    target_of(c->queue, cause, &kind, &target);
    if (kind == ACDR_OVERFLOW_QUEUE) to = usable_queue(e, c, target);
    if (kind == ACDR_OVERFLOW_NONE || (kind == ACDR_OVERFLOW_QUEUE && !to)) {
      acdr_contact_end(e, c, cause == ACDR_OVERFLOW_CAUSE_MAX_WAIT
                                 ? ACDR_END_TIMED_OUT
                                 : ACDR_END_REJECTED);
      return;
    }
    emit_overflow(e, c, kind, cause, target);
    if (kind != ACDR_OVERFLOW_QUEUE) {
      acdr_contact_end(e, c, kind == ACDR_OVERFLOW_CALLBACK
                                 ? ACDR_END_CALLBACK
                                 : ACDR_END_OVERFLOWED);
      return;
    }
    c->overflow_hops++;
    next = acdr_policy_refusal(e, to, c);
    if (!next) {
      acdr_contact_move(e, c, to); /* keeps the original arrival */
      return;
    }
    /* the target refuses too: the contact passes through it without
     * joining, and takes that queue's action for its refusal */
    c->queue = to;
    if (next == ACDR_OVERFLOW_CAUSE_CLOSED) {
      int32_t k;
      const char *t, *text;
      acdr_policy_closed_action(to, &k, &t, &text);
      acdr_policy_announce(e, c, ACDR_ANNOUNCE_CLOSED, text, 0, 0);
    }
    cause = next;
  }
}

/* Room: ACDR_BUDGET_OVERFLOW plus ACDR_BUDGET_PER_OFFER per ringing offer,
 * reserved by every caller (max-wait deadline, eviction, queue removal). */
void acdr_policy_overflow(acdr_engine *e, acdr_contact *c, int cause) {
  acdr_contact_pull(e, c);
  acdr_policy_leave(e, c, cause);
}

int acdr_policy_admit(acdr_engine *e, acdr_contact *c, acdr_queue *q) {
  int cause = acdr_policy_refusal(e, q, c);
  if (!cause) return 1;
  /* acdr_contact_arrive reserved ACDR_BUDGET_OVERFLOW for this */
  if (cause == ACDR_OVERFLOW_CAUSE_CLOSED) {
    int32_t k;
    const char *t, *text;
    acdr_policy_closed_action(q, &k, &t, &text);
    acdr_policy_announce(e, c, ACDR_ANNOUNCE_CLOSED, text, 0, 0);
  }
  acdr_policy_leave(e, c, cause);
  return 0;
}

int acdr_policy_evict_waiting(acdr_engine *e, acdr_queue *q, int cause) {
  acdr_contact *c, *next;
  int32_t k;
  const char *t, *text;
  int rv;
  /* the public calls that empty or close a queue reserved this already;
   * the closing-time timer may find no memory and retries */
  if ((rv = acdr_actions_reserve(e, acdr_budget_evict(q))) != 0)
    return rv;
  acdr_policy_closed_action(q, &k, &t, &text);
  for (c = acdr_line_first(&q->line); c; c = next) {
    next = acdr_line_next(c);
    /* a callback's customer is not on the line: it keeps its place */
    if (c->is_callback) continue;
    if (cause == ACDR_OVERFLOW_CAUSE_CLOSED)
      acdr_policy_announce(e, c, ACDR_ANNOUNCE_CLOSED, text, 0, 0);
    acdr_policy_overflow(e, c, cause);
  }
  return 0;
}

void acdr_policy_queue_empty(acdr_engine *e, acdr_queue *q) {
  /* room: acdr_budget_last_member, reserved by logout / member remove,
   * so the eviction cannot fail */
  if (q->def.leave_when_empty)
    acdr_must(acdr_policy_evict_waiting(e, q, ACDR_OVERFLOW_CAUSE_NO_AGENTS));
  acdr_policy_no_agent_empty(e, q);
}
