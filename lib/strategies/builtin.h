/* The built-in strategies: each file exposes its vtable; registry.c
 * registers them all through the public acdr_engine_register_strategy. */
#ifndef ACDR_STRATEGIES_BUILTIN_H
#define ACDR_STRATEGIES_BUILTIN_H

#include <acdroute/sys/strategy.h>

const acdr_strategy *acdr_strategy_longest_idle(void);

#endif
