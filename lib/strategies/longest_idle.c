/* longest-idle: the ready agent free for the longest time gets the
 * contact; ties go to the member order.  Ready members sit in a min-heap
 * keyed by (idle_since, order): select O(1), ready/unready/update
 * O(log n). */
#include "strategies/common.h"

typedef struct li_state {
  acdr_strategy_host *host;
  acdr_heap ready;
  size_t members;
} li_state;

static int li_less(const void *a, const void *b) {
  const acdr_member *x = a, *y = b;
  acdr_tstamp ix = acdr_member_idle_since(x), iy = acdr_member_idle_since(y);
  if (ix != iy) return ix < iy;
  return acdr_member_order(x) < acdr_member_order(y);
}

static int li_create(acdr_strategy_state **out, const acdr_strategy_ctx *ctx,
                     const acdr_kv *params, size_t nparams, void *ud) {
  li_state *s;
  (void)ud;
  if (nparams)
    return acdr_strat_unknown_param(ctx->host, "longest-idle", params);
  if (!(s = acdr_strategy_malloc(ctx->host, sizeof(*s)))) return ACDR_ERR_NOMEM;
  s->host = ctx->host;
  acdr_heap_init(&s->ready, li_less, acdr_strat_heap_setidx);
  s->members = 0;
  *out = (acdr_strategy_state *)s;
  return 0;
}

static void li_destroy(acdr_strategy_state *st, void *ud) {
  li_state *s = (li_state *)st;
  (void)ud;
  acdr_strat_heap_free(s->host, &s->ready);
  acdr_strategy_free(s->host, s);
}

static int li_member_add(acdr_strategy_state *st, acdr_member *m) {
  li_state *s = (li_state *)st;
  (void)m;
  /* reserve now so that member_ready never allocates */
  if (acdr_strat_heap_reserve(s->host, &s->ready, s->members + 1) != 0)
    return ACDR_ERR_NOMEM;
  s->members++;
  return 0;
}

static void li_member_remove(acdr_strategy_state *st, acdr_member *m) {
  (void)m;
  ((li_state *)st)->members--;
}

static int li_member_ready(acdr_strategy_state *st, acdr_member *m) {
  return acdr_strat_heap_push(&((li_state *)st)->ready, m);
}

static void li_member_unready(acdr_strategy_state *st, acdr_member *m) {
  acdr_heap_remove(&((li_state *)st)->ready, acdr_member_get_index(m));
}

static void li_member_update(acdr_strategy_state *st, acdr_member *m) {
  acdr_heap_update(&((li_state *)st)->ready, acdr_member_get_index(m));
}

static int li_select(acdr_strategy_state *st, acdr_contact_view *c,
                     acdr_tstamp now, acdr_member **out, size_t max,
                     size_t *nout, acdr_tstamp *recheck) {
  li_state *s = (li_state *)st;
  (void)c;
  (void)now;
  (void)max;
  (void)recheck;
  *nout = 0;
  if (s->ready.len) {
    out[0] = acdr_heap_top(&s->ready);
    *nout = 1;
  }
  return 0;
}

static const acdr_strategy longest_idle = {
    "longest-idle",  0,
    NULL,            li_create,
    li_destroy,      li_member_add,
    li_member_remove, li_member_ready,
    li_member_unready, li_member_update,
    li_select,       NULL,
    NULL,            NULL};

const acdr_strategy *acdr_strategy_longest_idle(void) { return &longest_idle; }
