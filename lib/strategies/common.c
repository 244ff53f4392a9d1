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

void acdr_strat_idle_key(const acdr_member *m, uint64_t first,
                         acdr_strat_key *out) {
  out->a = first;
  out->b = acdr_member_idle_since(m);
  out->c = acdr_member_order(m);
}

int acdr_strat_member_available(const acdr_member *m) {
  return acdr_member_agent_status(m) == ACDR_AGENT_AVAILABLE;
}

