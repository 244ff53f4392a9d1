/* The built-in strategies, registered like a host's own. */
#include <acdroute/engine.h>

#include "strategies/builtin.h"

typedef const acdr_strategy *(*builtin_fn)(void);

static const builtin_fn builtins[] = {
    acdr_strategy_longest_idle,      acdr_strategy_ring_all,
    acdr_strategy_ring_progressively, acdr_strategy_linear,
    acdr_strategy_round_robin,       acdr_strategy_round_robin_strict,
    acdr_strategy_least_busy,        acdr_strategy_fewest_contacts,
    acdr_strategy_least_talk_time,   acdr_strategy_random_pick,
    acdr_strategy_weighted_random,   acdr_strategy_skills,
};

int acdr_strategies_register_builtin(acdr_engine *e) {
  size_t i;
  int rv;
  for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
    if ((rv = acdr_engine_register_strategy(e, builtins[i]())) != 0)
      return rv;
  return 0;
}
