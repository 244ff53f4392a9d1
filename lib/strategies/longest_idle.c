/* longest-idle (the default): the ready agent free for the longest time
 * gets the contact; ties go to the member order.  "Free since" is the end
 * of the agent's last handled contact (or login / return from away);
 * unanswered offers do not reset it.  Ready members sit in a keyed
 * min-heap (keyheap.c) on (idle_since, order): select O(1),
 * ready/unready/update O(log n). */
#include "strategies/common.h"

static void li_key(const acdr_member *m, acdr_strat_key *k) {
  k->a = acdr_member_idle_since(m);
  k->b = acdr_member_order(m);
  k->c = 0;
}

ACDR_STRAT_HEAP_STRATEGY(longest_idle, "longest-idle", li_key)
