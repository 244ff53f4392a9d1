/* SPDX-License-Identifier: MIT */
/* round-robin-strict: each new contact is pinned to the member whose turn
 * it is, in member order, and waits for that member even while the agent
 * is busy (on a contact, in wrap-up, ringing, in a reject delay): a
 * perfectly even distribution, for teams paid on commission.
 *
 * - The turn passes at pinning time: contact 1 is pinned to the first
 *   member, contact 2 to the next, and so on, wrapping after the last.
 *   Only members whose agent is logged in and AVAILABLE get a turn.
 * - A pinned contact is offered only to its member.  If that agent
 *   rejects it or lets it ring out, the contact keeps waiting for the same
 *   agent (after the queue's reject / no-answer delay).
 * - If the pinned agent logs out, goes away (also when the engine sets it
 *   away after max_missed no-answers) or leaves the queue, the contact is
 *   re-pinned to the next turn when the queue is next dispatched.
 * - FLAT: penalties are ignored, one rotation over all members (waiting
 *   for one agent and falling back to another tier contradict each other).
 * - LOOKAHEAD: a contact waiting for a busy agent does not block the
 *   contacts behind it that are pinned to free agents.
 *
 * The pin is the member order, kept in the contact's strategy data (0 =
 * not pinned).  All members sit in an ordered set keyed by member order:
 * select O(log n) when the pin holds; pinning O((s+1) log n) for s
 * members skipped because their agent is logged out or away.
 * save()/load() keep the turn ("" = none, else a decimal member order).
 * Unlike the other strategies, select() changes state (the pin and the
 * turn): pinning is the decision itself, made even when the agent cannot
 * take the contact yet. */
#include "strategies/common.h"

/* The turn (acdr_strat_turn) is the member order of the last pin; the
 * ordered set holds all members, not only ready ones. */
typedef acdr_strat_turn rrs_state;

/* every member is in the set from member_add to member_remove */
static int rrs_member_add(acdr_strategy_state *st, acdr_member *m) {
  int rv = acdr_strat_ord_member_add(st, m);
  if (rv) return rv;
  return acdr_strat_ord_member_ready(st, m);
}

static int rrs_member_ready(acdr_strategy_state *st, acdr_member *m) {
  acdr_strat_onode *n = acdr_strat_node_of(m);
  /* after a reconfiguration whose member_add failed */
  if (!n || !n->linked) return rrs_member_add(st, m);
  return 0;
}

/* The next member (after the turn, wrapping) whose agent is available. */
static acdr_strat_onode *next_turn(rrs_state *s) {
  acdr_strat_oset *set = &s->base.ready;
  acdr_strat_key k = {0, 0, 0};
  acdr_strat_onode *n, *start;
  k.a = s->at;
  n = s->has ? acdr_strat_oset_after(set, &k) : NULL;
  if (!n) n = acdr_strat_oset_first(set);
  start = n;
  while (n && !acdr_strat_member_available(n->m)) {
    n = acdr_strat_oset_after(set, &n->key);
    if (!n) n = acdr_strat_oset_first(set);
    if (n == start) return NULL; /* a full circle: nobody available */
  }
  return n;
}

/* select() runs it for a contact that rings for nobody yet */
static acdr_member *rrs_pick(acdr_strategy_state *st, acdr_contact_view *c) {
  rrs_state *s = (rrs_state *)st;
  acdr_strat_key k = {0, 0, 0};
  acdr_strat_onode *n = NULL;
  k.a = acdr_contact_view_get_data(c);
  if (k.a) n = acdr_strat_oset_find(&s->base.ready, &k);
  if (!n || !acdr_strat_member_available(n->m)) {
    if (!(n = next_turn(s))) return NULL;
    s->at = acdr_member_order(n->m);
    s->has = 1;
    acdr_contact_view_set_data(c, s->at);
  }
  return acdr_member_is_ready(n->m) ? n->m : NULL;
}

ACDR_STRAT_CREATE_FN(rrs_create, "round-robin-strict", sizeof(rrs_state), 0,
                     rrs_pick, "turn")

static const acdr_strategy round_robin_strict = {
    "round-robin-strict",
    ACDR_STRATEGY_F_FLAT | ACDR_STRATEGY_F_LOOKAHEAD | ACDR_STRATEGY_F_PINNED,
    NULL,
    rrs_create,
    acdr_strat_destroy,
    rrs_member_add,
    acdr_strat_ord_member_remove,
    rrs_member_ready,
    NULL,
    NULL,
    acdr_strat_select_one,
    NULL,
    acdr_strat_turn_save,
    acdr_strat_turn_load, NULL, NULL};

const acdr_strategy *acdr_strategy_round_robin_strict(void) {
  return &round_robin_strict;
}
