/* SPDX-License-Identifier: MIT */
/* least-talk-time: the ready member with the least talk time since login
 * or the last counter reset, ties to the longest idle, then member order.
 * Ready members sit in a min-heap: select O(1), ready/unready/update
 * O(log n).  The `counts` setting (common.h) counts instead since the last
 * return to AVAILABLE (mod_callcenter resets talk_time then). */
#include "strategies/common.h"

#define LTT_KEY(NAME, RULE)                                       \
  static void NAME(const acdr_member *m, acdr_strat_key *k) {     \
    acdr_strat_idle_key(m, acdr_strat_talk(m, RULE), k);          \
  }
LTT_KEY(ltt_key_login, ACDR_STRAT_COUNTS_LOGIN)
LTT_KEY(ltt_key_available, ACDR_STRAT_COUNTS_AVAILABLE)

#define LTT_DESC(KEY)                                                       \
  {{"least-talk-time", sizeof(acdr_strat_arr), sizeof(acdr_strat_kentry),  \
    acdr_strat_hp_pick, NULL},                                             \
   KEY}
static const acdr_strat_heapdesc ltt_desc[] = {LTT_DESC(ltt_key_login),
                                               LTT_DESC(ltt_key_available)};

static int ltt_create(acdr_strategy_state **out, const acdr_strategy_ctx *ctx,
                      const acdr_kv *params, size_t nparams, void *ud) {
  int rule, rv;
  (void)ud;
  if ((rv = acdr_strat_counts_rule(ctx->host, "least-talk-time", params,
                                   nparams, 0, &rule)) != 0)
    return rv;
  return acdr_strat_new(out, ctx, &ltt_desc[rule].base);
}

static const acdr_strategy ltt_vtable = ACDR_STRAT_ARR_VTABLE(
    "least-talk-time", NULL, ltt_create, acdr_strat_hp_member_ready,
    acdr_strat_hp_member_unready, acdr_strat_hp_member_update);

const acdr_strategy *acdr_strategy_least_talk_time(void) {
  return &ltt_vtable;
}
