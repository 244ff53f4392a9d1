/* SPDX-License-Identifier: MIT */
/* Per-contact policy timers (max wait, position announcements) and the
 * customer messages: position, agent assigned, over capacity. */
#include <string.h>

#include "policies/policy_int.h"

void acdr_policy_announce(acdr_engine *e, acdr_contact *c, int kind,
                          const char *text, int64_t position,
                          int64_t value_ms) {
  acdr_action a;
  a = acdr_action_of(ACDR_ACTION_ANNOUNCE, c, c->queue, c->agent);
  a.reason = kind;
  a.text = text;
  a.position = position;
  a.value_ms = value_ms;
  acdr_emit(e, &a);
}

void acdr_policy_max_wait_fire(acdr_engine *e, acdr_contact *c,
                               acdr_tstamp now) {
  if (c->state != ACDR_CONTACT_WAITING && c->state != ACDR_CONTACT_OFFERED)
    return;
  if (c->state == ACDR_CONTACT_OFFERED && c->queue->def.max_wait_rings_out &&
      !c->max_wait_due) { /* (due already: the end of the clock) */
    /* the agent ringing may still answer (FreeSWITCH; app_queue
     * timeoutpriority=conf): no new offer, and the contact leaves when
     * the ringing ends unanswered.  The deadline stays armed (popped just
     * now: no memory) so that moving it then needs none either. */
    c->max_wait_due = 1;
    acdr_ct_arm_held(e, c, ACDR_CT_MAX_WAIT, ACDR_TSTAMP_MAX);
    return;
  }
  if (acdr_actions_reserve(e, ACDR_BUDGET_EVENT + ACDR_BUDGET_PER_OFFER *
                              ((size_t)c->noffers + ACDR_MAX_HOPS)) != 0) {
    /* its heap entry was just popped: re-arming needs no memory */
    acdr_ct_arm_held(e, c, ACDR_CT_MAX_WAIT,
                     acdr_deadline(now, ACDR_POLICY_RETRY_NS /
                                            ACDR_MILLISECONDS));
    return;
  }
  /* a contact ringing at the deadline is withdrawn too: the customer was
   * promised at most max_wait_ms in this queue */
  acdr_policy_overflow(e, c, ACDR_OVERFLOW_CAUSE_MAX_WAIT);
}

void acdr_policy_announce_fire(acdr_engine *e, acdr_contact *c,
                               acdr_tstamp now) {
  int64_t every = c->queue->def.announce_interval_ms;
  /* while ringing there is no position to tell; the timer keeps its
   * rhythm so announcements resume if the offer goes unanswered */
  if (c->state == ACDR_CONTACT_WAITING && c->in_line &&
      acdr_actions_reserve(e, 1) == 0) {
    uint32_t pos = acdr_contact_position(c);
    acdr_policy_announce(e, c, ACDR_ANNOUNCE_POSITION, NULL, pos,
                         acdr_policy_estimated_wait(e, c->queue, pos));
  }
  if (every > 0) /* popped just now: needs no memory */
    acdr_ct_arm_held(e, c, ACDR_CT_ANNOUNCE, acdr_deadline(now, every));
}

void acdr_policy_arm_announce(acdr_engine *e, acdr_contact *c) {
  int64_t every = c->queue->def.announce_interval_ms;
  if (every > 0)
    acdr_ct_arm_held(e, c, ACDR_CT_ANNOUNCE, acdr_deadline(e->now, every));
}

/* Over capacity: a chat contact joins and cannot be offered at once
 * although members are logged in and available, because every available
 * member that serves chat is at its capacity.  Checked once per joining
 * (not on every dispatch) so the customer hears it once. */
static void no_agent(acdr_engine *e, acdr_contact *c) {
  acdr_queue *q = c->queue;
  size_t i, available = 0;
  int ch = c->channel;
  if (ch != ACDR_CHANNEL_CHAT) return;
  for (i = 0; i < q->ntiers; i++)
    if (q->tiers[i]->nready) return; /* someone can take it */
  for (i = 0; i < q->nmembers; i++) {
    const acdr_agent *a = q->members[i]->agent;
    if (a->status != ACDR_AGENT_AVAILABLE || a->cap[ch] == 0) continue;
    if (a->load[ch] < a->cap[ch] &&
        !(a->vbo && a->load[ACDR_CHANNEL_VOICE] > 0))
      return; /* free slot, only delayed (reject / no-answer delay) */
    available++;
  }
  if (available && c->in_line) {
    /* where it stands and how long it may wait, as POSITION tells */
    uint32_t pos = acdr_line_rank(c);
    acdr_policy_announce(e, c, ACDR_ANNOUNCE_OVER_CAPACITY, NULL, pos,
                         acdr_policy_estimated_wait(e, q, pos));
  }
}

void acdr_policy_joined(acdr_engine *e, acdr_contact *c) {
  acdr_queue *q = c->queue;
  /* a callback's customer has hung up: nobody to tell, nothing to time */
  if (c->is_callback) return;
  /* a contact joining a line has no heap entry of its own yet: arrive and
   * transfer reserved one, an overflow freed the one it had */
  if (q->def.max_wait_ms > 0)
    acdr_ct_arm_held(e, c, ACDR_CT_MAX_WAIT,
                     acdr_deadline(c->enqueued, q->def.max_wait_ms));
  acdr_policy_arm_announce(e, c);
  /* the queue's message, once per queue the customer is put in; not on
   * overflow hops (their budget has no room, and the customer hears the
   * first queue's) */
  if (q->join_message && c->overflow_hops == 0)
    acdr_policy_announce(e, c, ACDR_ANNOUNCE_MESSAGE, q->join_message, 0, 0);
  no_agent(e, c);
  acdr_policy_no_agent_joined(e, c);
  acdr_policy_leave_check_joined(e, c);
}

void acdr_policy_assigned(acdr_engine *e, acdr_contact *c, acdr_agent *a) {
  /* a caller hears the agent; chat and email customers are told */
  if (c->channel == ACDR_CHANNEL_VOICE) return;
  /* value_ms: the reply the customer can expect within (the queue's reply
   * deadline; 0: none, or already replied) */
  acdr_policy_announce(e, c, ACDR_ANNOUNCE_AGENT_ASSIGNED,
                       a->name ? a->name : a->id, 0,
                       acdr_contact_first_reply_at(c)
                           ? 0
                           : c->queue->def.reply_deadline_ms);
}

