/* SPDX-License-Identifier: MIT */
/* fewest-contacts: the ready member who answered the fewest contacts
 * since login or the last counter reset (acdr_agent_reset_counts), ties to
 * the longest idle, then member order.  Ready members sit in a min-heap:
 * select O(1), ready/unready/update O(log n).  The `counts` setting
 * (common.h) counts instead since the last return to AVAILABLE
 * (mod_callcenter), the talks ended in this queue (Asterisk member
 * calls) or in any queue since joining this one (shared_lastcall=yes):
 * one descriptor per rule, so the heap code reads the key as for
 * any heap strategy. */
#include "strategies/common.h"

#define FC_KEY(NAME, RULE)                                        \
  static void NAME(const acdr_member *m, acdr_strat_key *k) {     \
    acdr_strat_idle_key(m, acdr_strat_handled(m, RULE), k);       \
  }
FC_KEY(fc_key_login, ACDR_STRAT_COUNTS_LOGIN)
FC_KEY(fc_key_available, ACDR_STRAT_COUNTS_AVAILABLE)
FC_KEY(fc_key_queue, ACDR_STRAT_COUNTS_QUEUE)
FC_KEY(fc_key_shared, ACDR_STRAT_COUNTS_SHARED)

#define FC_DESC(KEY)                                                        \
  {{"fewest-contacts", sizeof(acdr_strat_arr), sizeof(acdr_strat_kentry),  \
    acdr_strat_hp_pick, NULL},                                             \
   KEY}
static const acdr_strat_heapdesc fc_desc[] = {
    FC_DESC(fc_key_login), FC_DESC(fc_key_available), FC_DESC(fc_key_queue),
    FC_DESC(fc_key_shared)};

static int fc_create(acdr_strategy_state **out, const acdr_strategy_ctx *ctx,
                     const acdr_kv *params, size_t nparams, void *ud) {
  int rule, rv;
  (void)ud;
  if ((rv = acdr_strat_counts_rule(ctx->host, "fewest-contacts", params,
                                   nparams, 1, &rule)) != 0)
    return rv;
  return acdr_strat_new(out, ctx, &fc_desc[rule].base);
}

static const acdr_strategy fc_vtable = ACDR_STRAT_ARR_VTABLE(
    "fewest-contacts", NULL, fc_create, acdr_strat_hp_member_ready,
    acdr_strat_hp_member_unready, acdr_strat_hp_member_update);

const acdr_strategy *acdr_strategy_fewest_contacts(void) { return &fc_vtable; }
