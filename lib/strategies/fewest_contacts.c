/* fewest-contacts: the ready member who answered the fewest contacts
 * since login or the last counter reset (acdr_agent_reset_counts), ties to
 * the longest idle, then member order.  Ready members sit in a min-heap:
 * select O(1), ready/unready/update O(log n). */
#include "strategies/common.h"

static void fc_key(const acdr_member *m, acdr_strat_key *k) {
  acdr_strat_idle_key(m, acdr_member_handled(m), k);
}

ACDR_STRAT_HEAP_STRATEGY(fewest_contacts, "fewest-contacts", fc_key)
