/* SPDX-License-Identifier: MIT */
/* The built-in strategies, registered like a host's own. */
#include <acdroute/engine.h>

#include "strategies/builtin.h"

typedef const acdr_strategy *(*builtin_fn)(void);

#define BUILTIN_ENTRY(SUFFIX) acdr_strategy_##SUFFIX,
static const builtin_fn builtins[] = {ACDR_STRATEGIES_BUILTIN(BUILTIN_ENTRY)};
#undef BUILTIN_ENTRY

int acdr_strategies_register_builtin(acdr_engine *e) {
  size_t i;
  int rv;
  for (i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
    if ((rv = acdr_engine_register_strategy(e, builtins[i]())) != 0)
      return rv;
  return 0;
}
