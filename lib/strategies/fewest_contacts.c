/* fewest-contacts: the ready member who answered the fewest contacts
 * since login or the last counter reset (acdr_agent_reset_counts), ties to
 * the longest idle, then member order.  Ready members sit in a min-heap:
 * select O(1), ready/unready/update O(log n). */
#include "strategies/common.h"

static int fc_less(const void *a, const void *b) {
  const acdr_member *x = a, *y = b;
  uint64_t hx = acdr_member_handled(x), hy = acdr_member_handled(y);
  if (hx != hy) return hx < hy;
  return acdr_strat_idle_less(x, y);
}

static const acdr_strat_heapdesc desc = {"fewest-contacts", fc_less};

static const acdr_strategy fewest_contacts = {
    "fewest-contacts",
    0,
    (void *)(uintptr_t)&desc,
    acdr_strat_hp_create,
    acdr_strat_hp_destroy,
    acdr_strat_hp_member_add,
    acdr_strat_hp_member_remove,
    acdr_strat_hp_member_ready,
    acdr_strat_hp_member_unready,
    acdr_strat_hp_member_update,
    acdr_strat_hp_select,
    NULL,
    NULL,
    NULL};

const acdr_strategy *acdr_strategy_fewest_contacts(void) {
  return &fewest_contacts;
}
