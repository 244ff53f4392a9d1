/* The built-in strategies: each file exposes its vtable; builtin.c
 * registers them all through the public acdr_engine_register_strategy. */
#ifndef ACDR_STRATEGIES_BUILTIN_H
#define ACDR_STRATEGIES_BUILTIN_H

#include <acdroute/sys/strategy.h>

const acdr_strategy *acdr_strategy_longest_idle(void);
const acdr_strategy *acdr_strategy_ring_all(void);
const acdr_strategy *acdr_strategy_ring_progressively(void);
const acdr_strategy *acdr_strategy_linear(void);
const acdr_strategy *acdr_strategy_round_robin(void);
const acdr_strategy *acdr_strategy_round_robin_strict(void);
const acdr_strategy *acdr_strategy_least_busy(void);
const acdr_strategy *acdr_strategy_fewest_contacts(void);
const acdr_strategy *acdr_strategy_least_talk_time(void);
/* "random" (acdr_strategy_random is the plug-in API's generator) */
const acdr_strategy *acdr_strategy_random_pick(void);
const acdr_strategy *acdr_strategy_weighted_random(void);
const acdr_strategy *acdr_strategy_skills(void);

/* Register every built-in through acdr_engine_register_strategy.
 * Returns 0 or its error. */
int acdr_strategies_register_builtin(acdr_engine *e);

#endif
