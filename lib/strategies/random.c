/* SPDX-License-Identifier: MIT */
/* random: a ready member drawn uniformly with the engine's seeded
 * generator (acdr_strategy_random), so a run is reproducible from the
 * engine seed.  Ready members sit in an array with swap-remove (position
 * in the member's index slot): select, ready and unready are O(1).  The
 * draw depends on the array order, i.e. on the order of readiness
 * changes: the same events give the same choices. */
#include "strategies/common.h"

/* The state is an acdr_strat_arr of ready members. */
static acdr_member **ready(const acdr_strat_arr *s) {
  return (acdr_member **)s->items;
}

static int rnd_member_ready(acdr_strategy_state *st, acdr_member *m) {
  acdr_strat_arr *s = (acdr_strat_arr *)st;
  /* see common.h */
  if (acdr_strat_arr_reserve(s, s->len + 1) != 0) return ACDR_ERR_NOMEM;
  acdr_member_set_index(m, s->len);
  ready(s)[s->len++] = m;
  return 0;
}

static void rnd_member_unready(acdr_strategy_state *st, acdr_member *m) {
  acdr_strat_arr *s = (acdr_strat_arr *)st;
  size_t i = acdr_member_get_index(m);
  acdr_member *last = ready(s)[--s->len];
  ready(s)[i] = last;
  acdr_member_set_index(last, i);
}

static acdr_member *rnd_pick(acdr_strategy_state *st, acdr_contact_view *c) {
  acdr_strat_arr *s = (acdr_strat_arr *)st;
  (void)c;
  if (!s->len) return NULL;
  return ready(s)[acdr_strategy_random(s->head.host, s->len)];
}

ACDR_STRAT_CREATE_FN(rnd_create, "random", sizeof(acdr_strat_arr),
                     sizeof(acdr_member *), rnd_pick, NULL)

static const acdr_strategy random_strategy = ACDR_STRAT_ARR_VTABLE(
    "random", NULL, rnd_create, rnd_member_ready, rnd_member_unready, NULL);

const acdr_strategy *acdr_strategy_random_pick(void) {
  return &random_strategy;
}
