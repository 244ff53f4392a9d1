/* least-talk-time: the ready member with the least talk time since login
 * or the last counter reset, ties to the longest idle, then member order.
 * Ready members sit in a min-heap: select O(1), ready/unready/update
 * O(log n). */
#include "strategies/common.h"

static void ltt_key(const acdr_member *m, acdr_strat_key *k) {
  acdr_strat_idle_key(m, acdr_member_talk_time(m), k);
}

ACDR_STRAT_HEAP_STRATEGY(least_talk_time, "least-talk-time", ltt_key)
