/* least-busy: the ready member with the lowest load / capacity on the
 * queue's channel (open contacts relative to capacity: for chat teams),
 * ties to the longest idle, then member order.  Loads are compared by
 * cross-multiplication (exact, no rounding).  Ready members sit in a
 * min-heap: select O(1), ready/unready/update O(log n). */
#include "strategies/common.h"

static int lb_less(const void *a, const void *b) {
  const acdr_member *x = a, *y = b;
  uint64_t lx = acdr_member_load(x), cx = acdr_member_capacity(x);
  uint64_t ly = acdr_member_load(y), cy = acdr_member_capacity(y);
  /* a ready member has capacity >= 1; guard anyway */
  if (cx == 0) cx = 1;
  if (cy == 0) cy = 1;
  if (lx * cy != ly * cx) return lx * cy < ly * cx;
  return acdr_strat_idle_less(x, y);
}

static const acdr_strat_heapdesc desc = {"least-busy", lb_less};

static const acdr_strategy least_busy = {
    "least-busy",
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

const acdr_strategy *acdr_strategy_least_busy(void) { return &least_busy; }
