/* SPDX-License-Identifier: MIT */
/* ring-all (simultaneous): every ready member of the tier rings at once,
 * in member order; the first to accept wins and the engine cancels the
 * others (ANSWERED_ELSEWHERE).  If the engine asks again while the
 * contact rings (a tier opened), the ready members not ringing yet are
 * added.  Ready members sit in an ordered set keyed by member order:
 * select O(k log n) for k members returned (the output itself is O(k));
 * ready/unready O(log n). */
#include "strategies/common.h"

static int ra_select(acdr_strategy_state *st, acdr_contact_view *c,
                     acdr_tstamp now, acdr_member **out, size_t max,
                     size_t *nout, acdr_tstamp *recheck) {
  const acdr_strat_ordered *s = (const acdr_strat_ordered *)st;
  acdr_member *m = acdr_strat_ord_next(s, NULL, c);
  uint64_t at;
  (void)now;
  (void)recheck;
  *nout = 0;
  while (m && *nout < max) {
    out[(*nout)++] = m;
    at = acdr_member_order(m);
    m = acdr_strat_ord_next(s, &at, c);
  }
  return 0;
}

ACDR_STRAT_CREATE_FN(ra_create, "ring-all", sizeof(acdr_strat_ordered), 0, NULL,
                     NULL)

static const acdr_strategy ring_all = ACDR_STRAT_ORD_VTABLE(
    "ring-all", ACDR_STRATEGY_F_MULTI, ra_create, ra_select, NULL, NULL, NULL);

const acdr_strategy *acdr_strategy_ring_all(void) { return &ring_all; }
