/* least-talk-time: the ready member with the least talk time since login
 * or the last counter reset, ties to the longest idle, then member order.
 * Ready members sit in a min-heap: select O(1), ready/unready/update
 * O(log n). */
#include "strategies/common.h"

static void ltt_key(const acdr_member *m, acdr_strat_key *k) {
  acdr_strat_idle_key(m, acdr_member_talk_time(m), k);
}

static const acdr_strat_heapdesc desc = {"least-talk-time", ltt_key};

static const acdr_strategy least_talk_time = {
    "least-talk-time",
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

const acdr_strategy *acdr_strategy_least_talk_time(void) {
  return &least_talk_time;
}
