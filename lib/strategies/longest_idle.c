/* SPDX-License-Identifier: MIT */
/* longest-idle (the default): the ready agent free for the longest time
 * gets the contact; ties go to the member order.  "Free since" is the end
 * of the agent's last handled contact (or login / return from away);
 * unanswered offers do not reset it.  The `idle` setting picks a peer's
 * definition instead (common.h): the key of the list is then that time.  Ready members sit in an idle list
 * (common.h) sorted by (idle_since, order): a member becomes ready almost
 * always with idle_since = now, the largest key, so ready is an append,
 * unready an unlink and select the head, all O(1) (a heap did O(log n)
 * with a cache miss per level at 100,000 agents).  A member coming back
 * with an older key is placed by a short walk from both ends of the list,
 * or in the list's side treap: O(log n) at worst. */
#include <string.h>

#include "strategies/common.h"

typedef struct li_state {
  acdr_strat_head head;
  acdr_strat_ilist ready;
  int rule; /* ACDR_STRAT_IDLE_*: the `idle` setting */
} li_state;

typedef struct li_node {
  acdr_strat_inode n;
  int linked;
} li_node;

static acdr_member *li_pick(acdr_strategy_state *st, acdr_contact_view *c) {
  li_state *s = (li_state *)st;
  (void)c;
  return acdr_strat_il_first(&s->ready);
}

static const acdr_strat_desc li_desc = {"longest-idle", sizeof(li_state), 0,
                                        li_pick, NULL};

/* Settings: `idle` (common.h: free, talk-end, queue-talk-end, offered). */
static int li_create(acdr_strategy_state **out, const acdr_strategy_ctx *ctx,
                     const acdr_kv *params, size_t nparams, void *ud) {
  int rule = ACDR_STRAT_IDLE_FREE, rv;
  size_t i;
  (void)ud;
  for (i = 0; i < nparams; i++) {
    if (strcmp(params[i].key, "idle") != 0)
      return acdr_strat_unknown_param(ctx->host, li_desc.name, &params[i]);
    if ((rv = acdr_strat_idle_rule(ctx->host, li_desc.name, &params[i],
                                   &rule)) != 0)
      return rv;
  }
  if ((rv = acdr_strat_new(out, ctx, &li_desc)) != 0) return rv;
  ((li_state *)*out)->rule = rule;
  return 0;
}

static uint64_t li_key(const li_state *s, const acdr_member *m) {
  return acdr_strat_idle_value(m, s->rule);
}

static int li_member_add(acdr_strategy_state *st, acdr_member *m) {
  li_state *s = (li_state *)st;
  /* the node now, so that member_ready does not allocate */
  li_node *d = acdr_strategy_malloc(s->head.host, sizeof(*d));
  if (!d) return ACDR_ERR_NOMEM;
  memset(d, 0, sizeof(*d));
  acdr_member_set_data(m, d);
  return 0;
}

static void li_member_remove(acdr_strategy_state *st, acdr_member *m) {
  li_state *s = (li_state *)st;
  li_node *d = acdr_member_get_data(m);
  if (!d) return; /* member_add failed during a reconfiguration */
  if (d->linked) acdr_strat_il_remove(&s->ready, &d->n);
  acdr_strategy_free(s->head.host, d);
  acdr_member_set_data(m, NULL);
}

static int li_member_ready(acdr_strategy_state *st, acdr_member *m) {
  li_state *s = (li_state *)st;
  li_node *d = acdr_member_get_data(m);
  if (!d) { /* only after a reconfiguration whose member_add failed */
    if (li_member_add(st, m) != 0) return ACDR_ERR_NOMEM;
    d = acdr_member_get_data(m);
  }
  if (d->linked) acdr_strat_il_remove(&s->ready, &d->n);
  acdr_strat_il_insert_at(&s->ready, &d->n, m, li_key(s, m));
  d->linked = 1;
  return 0;
}

static void li_member_unready(acdr_strategy_state *st, acdr_member *m) {
  li_state *s = (li_state *)st;
  li_node *d = acdr_member_get_data(m);
  if (!d || !d->linked) return;
  acdr_strat_il_remove(&s->ready, &d->n);
  d->linked = 0;
}

static void li_member_update(acdr_strategy_state *st, acdr_member *m) {
  li_state *s = (li_state *)st;
  li_node *d = acdr_member_get_data(m);
  if (!d || !d->linked || acdr_strat_il_idle(&d->n) == li_key(s, m)) return;
  acdr_strat_il_remove(&s->ready, &d->n);
  acdr_strat_il_insert_at(&s->ready, &d->n, m, li_key(s, m));
}

static const acdr_strategy longest_idle = {"longest-idle",
                                           0,
                                           NULL,
                                           li_create,
                                           acdr_strat_destroy,
                                           li_member_add,
                                           li_member_remove,
                                           li_member_ready,
                                           li_member_unready,
                                           li_member_update,
                                           acdr_strat_select_one,
                                           NULL,
                                           NULL,
                                           NULL, NULL, NULL};

const acdr_strategy *acdr_strategy_longest_idle(void) { return &longest_idle; }
