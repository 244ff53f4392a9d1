/* SPDX-License-Identifier: MIT */
/* The built-in strategies: each file exposes its vtable; builtin.c
 * registers them all through the public acdr_engine_register_strategy. */
#ifndef ACDR_STRATEGIES_BUILTIN_H
#define ACDR_STRATEGIES_BUILTIN_H

#include <acdroute/sys/strategy.h>

/* Every built-in, in registration order: X(getter suffix).  "random"'s
 * getter is acdr_strategy_random_pick (acdr_strategy_random is the plug-in
 * API's generator). */
#define ACDR_STRATEGIES_BUILTIN(X)                                           \
  X(longest_idle) X(ring_all) X(ring_progressively) X(linear) X(round_robin) \
  X(round_robin_strict) X(least_busy) X(fewest_contacts) X(least_talk_time)  \
  X(random_pick) X(weighted_random) X(skills) X(outcome)

#define ACDR_STRATEGY_DECLARE(SUFFIX) \
  const acdr_strategy *acdr_strategy_##SUFFIX(void);
ACDR_STRATEGIES_BUILTIN(ACDR_STRATEGY_DECLARE)
#undef ACDR_STRATEGY_DECLARE

/* Register every built-in through acdr_engine_register_strategy.
 * Returns 0 or its error. */
int acdr_strategies_register_builtin(acdr_engine *e);

#endif
