/* SPDX-License-Identifier: MIT */
/* The composition root: an engine is the core plus the built-in
 * strategies plus the modules, attached here in a fixed order.  This is
 * the only file that knows every part of the library (docs/architecture.md
 * draws the layers). */
#include "core/engine_int.h"
#include "customers/customers_int.h"
#include "disposition/disposition_int.h"
#include "metrics/metrics_int.h"
#include "policies/policy_int.h"
#include "replay/replay_int.h"
#include "strategies/builtin.h"

/* Attach order = order of the observers.  Metrics first: it looks its
 * state up on every event (acdr_module_state finds it at once); the event
 * log sees every call last. */
int acdr_engine_new_versioned(acdr_engine **pengine, int callbacks_version,
                              const acdr_callbacks *callbacks,
                              int options_version,
                              const acdr_options *options, void *user_data) {
  acdr_engine *e;
  int rv = acdr_engine_core_new(pengine, callbacks_version, callbacks,
                                options_version, options, user_data);
  if (rv) return rv;
  e = *pengine;
  if ((rv = acdr_strategies_register_builtin(e)) != 0 ||
      (rv = acdr_metrics_attach(e)) != 0 ||
      (rv = acdr_policy_attach(e)) != 0 ||
      (rv = acdr_dispo_attach(e)) != 0 ||
      (rv = acdr_customers_attach(e)) != 0 ||
      (rv = acdr_eventlog_attach(e)) != 0) {
    *pengine = NULL;
    acdr_engine_del(e);
    return rv;
  }
  return 0;
}
