/* Helpers shared by the built-in strategies (see common.h). */
#include "strategies/common.h"

#include "core/engine_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void acdr_strat_heap_setidx(void *item, size_t idx) {
  acdr_member_set_index((acdr_member *)item, idx);
}

int acdr_strat_heap_reserve(acdr_strategy_host *h, acdr_heap *heap,
                            size_t total) {
  size_t ncap;
  void **p;
  if (total <= heap->cap) return 0;
  ncap = heap->cap ? heap->cap * 2 : 8;
  while (ncap < total) ncap *= 2;
  p = acdr_strategy_realloc(h, heap->items, ncap * sizeof(void *));
  if (!p) return ACDR_ERR_NOMEM;
  heap->items = p;
  heap->cap = ncap;
  return 0;
}

int acdr_strat_heap_push(acdr_heap *heap, acdr_member *m) {
  size_t i;
  if (heap->len >= heap->cap) return ACDR_ERR_NOMEM;
  /* sift up by hand: acdr_heap_push would need an allocator */
  heap->items[heap->len] = m;
  acdr_member_set_index(m, heap->len);
  i = heap->len++;
  acdr_heap_update(heap, i);
  return 0;
}

void acdr_strat_heap_free(acdr_strategy_host *h, acdr_heap *heap) {
  acdr_strategy_free(h, heap->items);
  heap->items = NULL;
  heap->len = heap->cap = 0;
}

int acdr_strat_unknown_param(acdr_strategy_host *h, const char *strategy,
                             const acdr_kv *param) {
  char msg[256];
  snprintf(msg, sizeof(msg), "strategy \"%s\": unknown setting \"%.64s\"",
           strategy, param->key);
  acdr_strategy_set_error(h, msg);
  return ACDR_ERR_STRATEGY;
}

int acdr_strat_parse_u64(acdr_strategy_host *h, const char *strategy,
                         const acdr_kv *param, uint64_t max, uint64_t *out) {
  char *end;
  unsigned long long v;
  char msg[256];
  errno = 0;
  if (!param->value[0] || param->value[0] == '-') goto bad;
  v = strtoull(param->value, &end, 10);
  if (errno || *end || v > max) goto bad;
  *out = (uint64_t)v;
  return 0;
bad:
  snprintf(msg, sizeof(msg),
           "strategy \"%s\": setting \"%.64s\" = \"%.64s\" is not a whole "
           "number in 0..%llu",
           strategy, param->key, param->value, (unsigned long long)max);
  acdr_strategy_set_error(h, msg);
  return ACDR_ERR_STRATEGY;
}

int acdr_strat_bad_param(acdr_strategy_host *h, const char *strategy,
                         const acdr_kv *param, const char *why) {
  char msg[256];
  snprintf(msg, sizeof(msg), "strategy \"%s\": setting \"%.64s\" = \"%.64s\": %s",
           strategy, param->key, param->value, why);
  acdr_strategy_set_error(h, msg);
  return ACDR_ERR_STRATEGY;
}

int acdr_strat_idle_less(const acdr_member *x, const acdr_member *y) {
  acdr_tstamp ix = acdr_member_idle_since(x), iy = acdr_member_idle_since(y);
  if (ix != iy) return ix < iy;
  return acdr_member_order(x) < acdr_member_order(y);
}

int acdr_strat_member_available(const acdr_member *m) {
  return acdr_member_agent_status(m) == ACDR_AGENT_AVAILABLE;
}

/* ---- heap strategies ---- */

typedef struct hp_state {
  acdr_strategy_host *host;
  const acdr_strat_heapdesc *desc;
  acdr_heap ready;
  size_t members;
} hp_state;

int acdr_strat_hp_create(acdr_strategy_state **out,
                         const acdr_strategy_ctx *ctx, const acdr_kv *params,
                         size_t nparams, void *user_data) {
  const acdr_strat_heapdesc *d = user_data;
  hp_state *s;
  if (nparams) return acdr_strat_unknown_param(ctx->host, d->name, params);
  if (!(s = acdr_strategy_malloc(ctx->host, sizeof(*s)))) return ACDR_ERR_NOMEM;
  s->host = ctx->host;
  s->desc = d;
  acdr_heap_init(&s->ready, d->less, acdr_strat_heap_setidx);
  s->members = 0;
  *out = (acdr_strategy_state *)s;
  return 0;
}

void acdr_strat_hp_destroy(acdr_strategy_state *st, void *user_data) {
  hp_state *s = (hp_state *)st;
  (void)user_data;
  acdr_strat_heap_free(s->host, &s->ready);
  acdr_strategy_free(s->host, s);
}

int acdr_strat_hp_member_add(acdr_strategy_state *st, acdr_member *m) {
  hp_state *s = (hp_state *)st;
  (void)m;
  if (acdr_strat_heap_reserve(s->host, &s->ready, s->members + 1) != 0)
    return ACDR_ERR_NOMEM;
  s->members++;
  return 0;
}

void acdr_strat_hp_member_remove(acdr_strategy_state *st, acdr_member *m) {
  hp_state *s = (hp_state *)st;
  (void)m;
  if (s->members) s->members--; /* 0 if member_add failed (see common.h) */
}

int acdr_strat_hp_member_ready(acdr_strategy_state *st, acdr_member *m) {
  hp_state *s = (hp_state *)st;
  /* only after a reconfiguration whose member_add failed */
  if (acdr_strat_heap_reserve(s->host, &s->ready, s->ready.len + 1) != 0)
    return ACDR_ERR_NOMEM;
  return acdr_strat_heap_push(&s->ready, m);
}

void acdr_strat_hp_member_unready(acdr_strategy_state *st, acdr_member *m) {
  acdr_heap_remove(&((hp_state *)st)->ready, acdr_member_get_index(m));
}

void acdr_strat_hp_member_update(acdr_strategy_state *st, acdr_member *m) {
  acdr_heap_update(&((hp_state *)st)->ready, acdr_member_get_index(m));
}

int acdr_strat_hp_select(acdr_strategy_state *st, acdr_contact_view *c,
                         acdr_tstamp now, acdr_member **out, size_t max,
                         size_t *nout, acdr_tstamp *recheck_at) {
  hp_state *s = (hp_state *)st;
  (void)now;
  (void)max;
  (void)recheck_at;
  *nout = 0;
  if (acdr_contact_view_offer_count(c) || !s->ready.len) return 0;
  out[0] = acdr_heap_top(&s->ready);
  *nout = 1;
  return 0;
}
