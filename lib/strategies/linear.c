/* SPDX-License-Identifier: MIT */
/* linear (hunt, top-down): members are tried in member order (configured
 * position, ties by order of joining), each contact keeping its own place
 * in that order.  A new contact starts at the first ready member; after a
 * member missed it (ring timeout, reject) it goes to the next ready member
 * after the one it rang last, and starts over at the top only once it has
 * passed the last one.  Without the place, a contact whose first member
 * rang out would alternate between the first two members and never reach
 * a third (Asterisk's app_queue keeps qe->linpos per caller for this,
 * store_next_lin(); mod_callcenter's top-down goes down the tier list).
 *
 * The place is the member order of the last offer plus one, kept in the
 * contact's strategy data (0 = none yet), so a snapshot carries it and a
 * restored engine continues the same round.  Ready members sit in an
 * ordered set keyed by member order: select O(log n) (the first node after
 * the place, else the leftmost), ready/unready O(log n). */
#include "strategies/common.h"

static acdr_member *lin_pick(acdr_strategy_state *st, acdr_contact_view *c) {
  const acdr_strat_ordered *s = (const acdr_strat_ordered *)st;
  uint64_t place = acdr_contact_view_get_data(c);
  acdr_member *m = NULL;
  if (place) {
    uint64_t last = place - 1;
    m = acdr_strat_ord_next(s, &last, c);
  }
  /* no place yet, or nobody ready after it: from the top */
  return m ? m : acdr_strat_ord_next(s, NULL, c);
}

static void lin_offered(acdr_strategy_state *st, acdr_member *m,
                        acdr_contact_view *c) {
  uint64_t order = acdr_member_order(m);
  (void)st;
  /* order UINT64_MAX cannot be stored as order + 1: start over instead */
  acdr_contact_view_set_data(c, order == UINT64_MAX ? 0 : order + 1);
}

ACDR_STRAT_CREATE_FN(lin_create, "linear", sizeof(acdr_strat_ordered), 0,
                     lin_pick, NULL)

static const acdr_strategy linear =
    ACDR_STRAT_ORD_VTABLE("linear", 0, lin_create, acdr_strat_select_one,
                          lin_offered, NULL, NULL);

const acdr_strategy *acdr_strategy_linear(void) { return &linear; }
