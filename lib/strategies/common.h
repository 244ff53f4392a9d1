/* Helpers shared by the built-in strategies.  Strategies see members only
 * through the public accessors of <acdroute/sys/strategy.h>; these helpers
 * add the library's heap and the engine's allocator. */
#ifndef ACDR_STRATEGIES_COMMON_H
#define ACDR_STRATEGIES_COMMON_H

#include <acdroute/sys/strategy.h>

#include "util/heap.h"

/* heap setidx that stores the position in the member's index slot */
void acdr_strat_heap_setidx(void *item, size_t idx);
int acdr_strat_heap_reserve(acdr_strategy_host *h, acdr_heap *heap,
                            size_t total);
/* push without allocating (capacity reserved in member_add) */
int acdr_strat_heap_push(acdr_heap *heap, acdr_member *m);
void acdr_strat_heap_free(acdr_strategy_host *h, acdr_heap *heap);
/* Report the first unknown setting key. */
int acdr_strat_unknown_param(acdr_strategy_host *h, const char *strategy,
                             const acdr_kv *param);
/* Parse a non-negative integer setting (seconds, counts). */
int acdr_strat_parse_u64(acdr_strategy_host *h, const char *strategy,
                         const acdr_kv *param, uint64_t max, uint64_t *out);

#endif
