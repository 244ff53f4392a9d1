/* least-talk-time: the ready member with the least talk time since login
 * or the last counter reset, ties to the longest idle, then member order.
 * Ready members sit in a min-heap: select O(1), ready/unready/update
 * O(log n). */
#include "strategies/common.h"

static void ltt_key(const acdr_member *m, acdr_strat_key *k) {
  acdr_strat_idle_key(m, acdr_member_talk_time(m), k);
}

static const acdr_strat_heapdesc desc = {"least-talk-time", ltt_key};

static const acdr_strategy least_talk_time =
    ACDR_STRAT_HEAP_VTABLE("least-talk-time", desc);

const acdr_strategy *acdr_strategy_least_talk_time(void) {
  return &least_talk_time;
}
