#include "strategies/common.h"

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
