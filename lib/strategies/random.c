/* random: a ready member drawn uniformly with the engine's seeded
 * generator (acdr_strategy_random), so a run is reproducible from the
 * engine seed.  Ready members sit in an array with swap-remove (position
 * in the member's index slot): select, ready and unready are O(1).  The
 * draw depends on the array order, i.e. on the order of readiness
 * changes: the same events give the same choices. */
#include "strategies/common.h"

typedef struct rnd_state {
  acdr_strategy_host *host;
  acdr_member **ready;
  size_t len, cap, members;
} rnd_state;

static int rnd_create(acdr_strategy_state **out, const acdr_strategy_ctx *ctx,
                      const acdr_kv *params, size_t nparams, void *ud) {
  rnd_state *s;
  (void)ud;
  if (nparams) return acdr_strat_unknown_param(ctx->host, "random", params);
  if (!(s = acdr_strategy_malloc(ctx->host, sizeof(*s)))) return ACDR_ERR_NOMEM;
  s->host = ctx->host;
  s->ready = NULL;
  s->len = s->cap = s->members = 0;
  *out = (acdr_strategy_state *)s;
  return 0;
}

static void rnd_destroy(acdr_strategy_state *st, void *ud) {
  rnd_state *s = (rnd_state *)st;
  (void)ud;
  acdr_strategy_free(s->host, s->ready);
  acdr_strategy_free(s->host, s);
}

static int reserve(rnd_state *s, size_t total) {
  size_t ncap;
  acdr_member **p;
  if (total <= s->cap) return 0;
  ncap = s->cap ? s->cap * 2 : 8;
  while (ncap < total) ncap *= 2;
  if (!(p = acdr_strategy_realloc(s->host, s->ready, ncap * sizeof(*p))))
    return ACDR_ERR_NOMEM;
  s->ready = p;
  s->cap = ncap;
  return 0;
}

static int rnd_member_add(acdr_strategy_state *st, acdr_member *m) {
  rnd_state *s = (rnd_state *)st;
  (void)m;
  if (reserve(s, s->members + 1) != 0) return ACDR_ERR_NOMEM;
  s->members++;
  return 0;
}

static void rnd_member_remove(acdr_strategy_state *st, acdr_member *m) {
  rnd_state *s = (rnd_state *)st;
  (void)m;
  if (s->members) s->members--;
}

static int rnd_member_ready(acdr_strategy_state *st, acdr_member *m) {
  rnd_state *s = (rnd_state *)st;
  if (reserve(s, s->len + 1) != 0) return ACDR_ERR_NOMEM; /* see common.h */
  acdr_member_set_index(m, s->len);
  s->ready[s->len++] = m;
  return 0;
}

static void rnd_member_unready(acdr_strategy_state *st, acdr_member *m) {
  rnd_state *s = (rnd_state *)st;
  size_t i = acdr_member_get_index(m);
  acdr_member *last = s->ready[--s->len];
  s->ready[i] = last;
  acdr_member_set_index(last, i);
}

static int rnd_select(acdr_strategy_state *st, acdr_contact_view *c,
                      acdr_tstamp now, acdr_member **out, size_t max,
                      size_t *nout, acdr_tstamp *recheck) {
  rnd_state *s = (rnd_state *)st;
  (void)now;
  (void)max;
  (void)recheck;
  *nout = 0;
  if (acdr_contact_view_offer_count(c) || !s->len) return 0;
  out[0] = s->ready[acdr_strategy_random(s->host, s->len)];
  *nout = 1;
  return 0;
}

static const acdr_strategy random_strategy = {
    "random",
    0,
    NULL,
    rnd_create,
    rnd_destroy,
    rnd_member_add,
    rnd_member_remove,
    rnd_member_ready,
    rnd_member_unready,
    NULL,
    rnd_select,
    NULL,
    NULL,
    NULL};

const acdr_strategy *acdr_strategy_random_pick(void) {
  return &random_strategy;
}
