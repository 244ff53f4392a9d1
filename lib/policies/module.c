/* SPDX-License-Identifier: MIT */
/* The policies as a module of the engine: its hooks (core/hooks.h) are
 * the policy functions themselves.  The module has no engine-wide state
 * (its data lives in the queue: hours, average handle time). */
#include "policies/policy_int.h"

/* A contact deadline of the policies passed. */
static void deadline(acdr_engine *e, acdr_contact *c, int kind,
                     acdr_tstamp now) {
  if (kind == ACDR_CT_MAX_WAIT)
    acdr_policy_max_wait_fire(e, c, now);
  else if (kind == ACDR_CT_ANNOUNCE)
    acdr_policy_announce_fire(e, c, now);
}

const acdr_module_vt acdr_policy_module = {
    .name = "policies",
    .queue_free = acdr_policy_queue_free,
    .queue_empty = acdr_policy_queue_empty,
    .agent_time = acdr_policy_agent_changed,
    .joined = acdr_policy_joined,
    .assigned = acdr_policy_assigned,
    .handled = acdr_policy_handled,
    .admit = acdr_policy_admit,
    .estimated_wait = acdr_policy_estimated_wait,
    .is_open = acdr_policy_is_open,
    .overflow = acdr_policy_overflow,
    .deadline = deadline,
};

int acdr_policy_attach(acdr_engine *e) {
  return acdr_module_attach(e, &acdr_policy_module, NULL);
}
