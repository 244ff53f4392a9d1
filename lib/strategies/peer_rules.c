/* SPDX-License-Identifier: MIT */
/* The peers' idle and count rules (longest-idle `idle`, fewest-contacts /
 * least-talk-time `counts`): values the engine keeps for them but does not
 * show in the plug-in API (built-ins only, see common.h). */
#include "strategies/common.h"

#include <string.h>

#include "core/engine_int.h"

uint64_t acdr_strat_idle_value(const acdr_member *m, int rule) {
  switch (rule) {
    case ACDR_STRAT_IDLE_TALK_END: return m->agent->last_talk_end;
    case ACDR_STRAT_IDLE_QUEUE_TALK_END: return m->last_call;
    case ACDR_STRAT_IDLE_OFFERED: return m->agent->last_offered;
    default: return m->agent->idle_since;
  }
}

int acdr_strat_idle_rule(acdr_strategy_host *h, const char *strategy,
                         const acdr_kv *param, int *out) {
  static const char *const names[] = {"free", "talk-end", "queue-talk-end",
                                      "offered"};
  int i;
  for (i = 0; i < 4; i++)
    if (strcmp(param->value, names[i]) == 0) {
      *out = i;
      return 0;
    }
  return acdr_strat_bad_param(
      h, strategy, param,
      "expected free, talk-end, queue-talk-end or offered");
}

uint64_t acdr_strat_handled(const acdr_member *m, int counts) {
  if (counts == ACDR_STRAT_COUNTS_AVAILABLE) return m->agent->handled_av;
  if (counts == ACDR_STRAT_COUNTS_QUEUE) return m->calls;
  if (counts == ACDR_STRAT_COUNTS_SHARED) return m->calls_shared;
  return m->agent->handled;
}

uint64_t acdr_strat_talk(const acdr_member *m, int counts) {
  if (counts == ACDR_STRAT_COUNTS_AVAILABLE) return m->agent->talk_av;
  return m->agent->talk_ns;
}

int acdr_strat_counts_rule(acdr_strategy_host *h, const char *strategy,
                           const acdr_kv *params, size_t nparams,
                           int allow_queue, int *out) {
  size_t i;
  *out = ACDR_STRAT_COUNTS_LOGIN;
  for (i = 0; i < nparams; i++) {
    const acdr_kv *p = &params[i];
    if (strcmp(p->key, "counts") != 0)
      return acdr_strat_unknown_param(h, strategy, p);
    if (strcmp(p->value, "login") == 0)
      *out = ACDR_STRAT_COUNTS_LOGIN;
    else if (strcmp(p->value, "available") == 0)
      *out = ACDR_STRAT_COUNTS_AVAILABLE;
    else if (allow_queue && strcmp(p->value, "queue") == 0)
      *out = ACDR_STRAT_COUNTS_QUEUE;
    else if (allow_queue && strcmp(p->value, "shared") == 0)
      *out = ACDR_STRAT_COUNTS_SHARED;
    else
      return acdr_strat_bad_param(h, strategy, p,
                                  allow_queue
                                      ? "expected login, available, queue "
                                        "or shared"
                                      : "expected login or available");
  }
  return 0;
}

int32_t acdr_strat_member_weight(const acdr_member *m) { return m->weight; }
