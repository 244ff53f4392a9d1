/* SPDX-License-Identifier: MIT */
/* round-robin (skip variant): continue after the member offered last, in
 * member order, skipping members that are not ready; after the last
 * member, wrap to the first.  The cursor is the member order of the
 * member offered last (not a position in a list), so it survives logins,
 * logouts and member-list changes: a removed member's successor is still
 * "the first order after the cursor".
 *
 * Ready members sit in an ordered set keyed by member order: select is
 * O(log n) (first key > cursor, else the smallest), ready/unready
 * O(log n), offered O(1).  save()/load() keep the cursor ("" = none, else
 * the decimal member order). */
#include "strategies/common.h"

/* The cursor is the turn (acdr_strat_turn) of the member offered last. */
static acdr_member *rr_pick(acdr_strategy_state *st, acdr_contact_view *c) {
  const acdr_strat_turn *s = (const acdr_strat_turn *)st;
  acdr_member *m = NULL;
  if (s->has) m = acdr_strat_ord_next(&s->base, &s->at, c);
  /* wrap: nobody after the cursor is ready (the last member of the list
   * being unavailable must not stop the rotation) */
  if (!m) m = acdr_strat_ord_next(&s->base, NULL, c);
  return m;
}

static void rr_offered(acdr_strategy_state *st, acdr_member *m,
                       acdr_contact_view *c) {
  acdr_strat_turn *s = (acdr_strat_turn *)st;
  (void)c;
  s->at = acdr_member_order(m);
  s->has = 1;
}

ACDR_STRAT_CREATE_FN(rr_create, "round-robin", sizeof(acdr_strat_turn), 0,
                     rr_pick, "cursor")

static const acdr_strategy round_robin = ACDR_STRAT_ORD_VTABLE(
    "round-robin", 0, rr_create, acdr_strat_select_one, rr_offered,
    acdr_strat_turn_save, acdr_strat_turn_load);

const acdr_strategy *acdr_strategy_round_robin(void) { return &round_robin; }
