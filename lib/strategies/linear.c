/* linear (hunt, top-down): the first ready member in member order
 * (configured position, ties by order of joining) gets the contact.
 * Ready members sit in an ordered set keyed by member order:
 * select O(log n) (the leftmost node), ready/unready O(log n). */
#include "strategies/common.h"

typedef struct lin_state {
  acdr_strat_ordered base; /* first: the shared hooks cast to it */
} lin_state;

static int lin_create(acdr_strategy_state **out, const acdr_strategy_ctx *ctx,
                      const acdr_kv *params, size_t nparams, void *ud) {
  lin_state *s;
  (void)ud;
  if (nparams) return acdr_strat_unknown_param(ctx->host, "linear", params);
  if (!(s = acdr_strategy_malloc(ctx->host, sizeof(*s)))) return ACDR_ERR_NOMEM;
  s->base.host = ctx->host;
  s->base.ready.root = NULL;
  s->base.ready.len = 0;
  *out = (acdr_strategy_state *)s;
  return 0;
}

static void lin_destroy(acdr_strategy_state *st, void *ud) {
  lin_state *s = (lin_state *)st;
  (void)ud;
  acdr_strategy_free(s->base.host, s);
}

static int lin_select(acdr_strategy_state *st, acdr_contact_view *c,
                      acdr_tstamp now, acdr_member **out, size_t max,
                      size_t *nout, acdr_tstamp *recheck) {
  lin_state *s = (lin_state *)st;
  acdr_member *m;
  (void)now;
  (void)max;
  (void)recheck;
  *nout = 0;
  if (acdr_contact_view_offer_count(c)) return 0;
  if ((m = acdr_strat_ord_next(&s->base, NULL, c)) != NULL) {
    out[0] = m;
    *nout = 1;
  }
  return 0;
}

static const acdr_strategy linear = {
    "linear",
    0,
    NULL,
    lin_create,
    lin_destroy,
    acdr_strat_ord_member_add,
    acdr_strat_ord_member_remove,
    acdr_strat_ord_member_ready,
    acdr_strat_ord_member_unready,
    NULL,
    lin_select,
    NULL,
    NULL,
    NULL};

const acdr_strategy *acdr_strategy_linear(void) { return &linear; }
