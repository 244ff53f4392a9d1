/* least-busy: the ready member with the lowest load / capacity on the
 * queue's channel (open contacts relative to capacity: for chat teams),
 * ties to the longest idle, then member order.  Ready members sit in a
 * keyed min-heap (keyheap.c): select O(1), ready/unready/update
 * O(log n). */
#include "strategies/common.h"

/* load / capacity as a 40-bit fixed-point fraction: loads and capacities
 * are at most 1000, so two different fractions differ by more than 1e-6
 * and their fixed-point values stay distinct and in the same order. */
static void lb_key(const acdr_member *m, acdr_strat_key *k) {
  uint64_t l = acdr_member_load(m), c = acdr_member_capacity(m);
  if (c == 0) c = 1; /* a ready member has capacity >= 1; guard anyway */
  acdr_strat_idle_key(m, (l << 40) / c, k);
}

ACDR_STRAT_HEAP_STRATEGY(least_busy, "least-busy", lb_key)
