/* round-robin (skip variant): continue after the member offered last, in
 * member order, skipping members that are not ready; after the last
 * member, wrap to the first.  The cursor is the member order of the
 * member offered last (not a position in a list), so it survives logins,
 * logouts and member-list changes: a removed member's successor is still
 * "the first order after the cursor".
 *
 * Ready members sit in an ordered set keyed by member order: select is
 * O(log n) (first key > cursor, else the smallest), ready/unready
 * O(log n), offered O(1).  save()/load() keep the cursor ("" = none, else
 * the decimal member order). */
#include <stdio.h>
#include <string.h>

#include "strategies/common.h"

typedef struct rr_state {
  acdr_strat_ordered base; /* first: the shared hooks cast to it */
  uint64_t cursor;
  int has_cursor;
} rr_state;

static int rr_create(acdr_strategy_state **out, const acdr_strategy_ctx *ctx,
                     const acdr_kv *params, size_t nparams, void *ud) {
  rr_state *s;
  (void)ud;
  if (nparams)
    return acdr_strat_unknown_param(ctx->host, "round-robin", params);
  if (!(s = acdr_strategy_malloc(ctx->host, sizeof(*s)))) return ACDR_ERR_NOMEM;
  memset(s, 0, sizeof(*s));
  s->base.host = ctx->host;
  *out = (acdr_strategy_state *)s;
  return 0;
}

static void rr_destroy(acdr_strategy_state *st, void *ud) {
  rr_state *s = (rr_state *)st;
  (void)ud;
  acdr_strategy_free(s->base.host, s);
}

static int rr_select(acdr_strategy_state *st, acdr_contact_view *c,
                     acdr_tstamp now, acdr_member **out, size_t max,
                     size_t *nout, acdr_tstamp *recheck) {
  rr_state *s = (rr_state *)st;
  acdr_member *m = NULL;
  (void)now;
  (void)max;
  (void)recheck;
  *nout = 0;
  if (acdr_contact_view_offer_count(c)) return 0;
  if (s->has_cursor) m = acdr_strat_ord_next(&s->base, &s->cursor, c);
  /* wrap: nobody after the cursor is ready (the last member of the list
   * being unavailable must not stop the rotation) */
  if (!m) m = acdr_strat_ord_next(&s->base, NULL, c);
  if (m) {
    out[0] = m;
    *nout = 1;
  }
  return 0;
}

static void rr_offered(acdr_strategy_state *st, acdr_member *m,
                       acdr_contact_view *c) {
  rr_state *s = (rr_state *)st;
  (void)c;
  s->cursor = acdr_member_order(m);
  s->has_cursor = 1;
}

static int rr_save(acdr_strategy_state *st, char **out) {
  rr_state *s = (rr_state *)st;
  char buf[32];
  if (!out) return ACDR_ERR_INVALID_ARGUMENT;
  if (!s->has_cursor)
    buf[0] = '\0';
  else
    snprintf(buf, sizeof(buf), "%llu", (unsigned long long)s->cursor);
  if (!(*out = acdr_strategy_strdup(s->base.host, buf))) return ACDR_ERR_NOMEM;
  return 0;
}

static int rr_load(acdr_strategy_state *st, const char *saved) {
  rr_state *s = (rr_state *)st;
  acdr_kv kv;
  uint64_t v;
  int rv;
  if (!saved || !*saved) {
    s->has_cursor = 0;
    return 0;
  }
  kv.key = "cursor";
  kv.value = saved;
  if ((rv = acdr_strat_parse_u64(s->base.host, "round-robin", &kv, UINT64_MAX,
                                 &v)) != 0)
    return rv;
  s->cursor = v;
  s->has_cursor = 1;
  return 0;
}

static const acdr_strategy round_robin = {
    "round-robin",
    0,
    NULL,
    rr_create,
    rr_destroy,
    acdr_strat_ord_member_add,
    acdr_strat_ord_member_remove,
    acdr_strat_ord_member_ready,
    acdr_strat_ord_member_unready,
    NULL,
    rr_select,
    rr_offered,
    rr_save,
    rr_load};

const acdr_strategy *acdr_strategy_round_robin(void) { return &round_robin; }
