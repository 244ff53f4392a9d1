/* linear (hunt, top-down): the first ready member in member order
 * (configured position, ties by order of joining) gets the contact.
 * Ready members sit in an ordered set keyed by member order:
 * select O(log n) (the leftmost node), ready/unready O(log n). */
#include "strategies/common.h"

static acdr_member *lin_pick(acdr_strategy_state *st, acdr_contact_view *c) {
  return acdr_strat_ord_next((const acdr_strat_ordered *)st, NULL, c);
}

ACDR_STRAT_CREATE_FN(lin_create, "linear", sizeof(acdr_strat_ordered), 0,
                     lin_pick, NULL)

static const acdr_strategy linear = ACDR_STRAT_ORD_VTABLE(
    "linear", 0, lin_create, acdr_strat_select_one, NULL, NULL, NULL);

const acdr_strategy *acdr_strategy_linear(void) { return &linear; }
