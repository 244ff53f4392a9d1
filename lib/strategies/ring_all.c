/* ring-all (simultaneous): every ready member of the tier rings at once,
 * in member order; the first to accept wins and the engine cancels the
 * others (ANSWERED_ELSEWHERE).  If the engine asks again while the
 * contact rings (a tier opened), the ready members not ringing yet are
 * added.  Ready members sit in an ordered set keyed by member order:
 * select O(k log n) for k members returned (the output itself is O(k));
 * ready/unready O(log n). */
#include "strategies/common.h"

typedef struct ra_state {
  acdr_strat_ordered base; /* first: the shared hooks cast to it */
} ra_state;

static int ra_create(acdr_strategy_state **out, const acdr_strategy_ctx *ctx,
                     const acdr_kv *params, size_t nparams, void *ud) {
  ra_state *s;
  (void)ud;
  if (nparams) return acdr_strat_unknown_param(ctx->host, "ring-all", params);
  if (!(s = acdr_strategy_malloc(ctx->host, sizeof(*s)))) return ACDR_ERR_NOMEM;
  s->base.host = ctx->host;
  s->base.ready.root = NULL;
  s->base.ready.len = 0;
  *out = (acdr_strategy_state *)s;
  return 0;
}

static void ra_destroy(acdr_strategy_state *st, void *ud) {
  ra_state *s = (ra_state *)st;
  (void)ud;
  acdr_strategy_free(s->base.host, s);
}

static int ra_select(acdr_strategy_state *st, acdr_contact_view *c,
                     acdr_tstamp now, acdr_member **out, size_t max,
                     size_t *nout, acdr_tstamp *recheck) {
  ra_state *s = (ra_state *)st;
  acdr_member *m = acdr_strat_ord_next(&s->base, NULL, c);
  uint64_t at;
  (void)now;
  (void)recheck;
  *nout = 0;
  while (m && *nout < max) {
    out[(*nout)++] = m;
    at = acdr_member_order(m);
    m = acdr_strat_ord_next(&s->base, &at, c);
  }
  return 0;
}

static const acdr_strategy ring_all = {
    "ring-all",
    ACDR_STRATEGY_F_MULTI,
    NULL,
    ra_create,
    ra_destroy,
    acdr_strat_ord_member_add,
    acdr_strat_ord_member_remove,
    acdr_strat_ord_member_ready,
    acdr_strat_ord_member_unready,
    NULL,
    ra_select,
    NULL,
    NULL,
    NULL};

const acdr_strategy *acdr_strategy_ring_all(void) { return &ring_all; }
