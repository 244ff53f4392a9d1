/* SPDX-License-Identifier: MIT */
/* Strategy registry: per engine, by name.  The built-ins are registered
 * by the composition root through the same public function as a host's. */
#include <string.h>

#include "core/engine_int.h"
#include "util/structlen.h"
#include "util/suggest.h"

/* The peers' strategy names, so that a queue ported from Asterisk
 * (queues.conf `strategy=`) or FreeSWITCH (mod_callcenter `strategy`)
 * keeps its line.  Only names whose rule the target implements; the
 * remaining differences are listed in docs/conformance.md.  Names both
 * sides spell alike (ring-all, round-robin, random, linear,
 * ring-progressively) need no entry. */
static const struct {
  const char *alias, *target;
} aliases[] = {
    {"ringall", "ring-all"},                    /* Asterisk */
    {"leastrecent", "longest-idle"},            /* Asterisk */
    {"fewestcalls", "fewest-contacts"},         /* Asterisk */
    {"rrmemory", "round-robin"},                /* Asterisk */
    {"rrordered", "round-robin"},               /* Asterisk */
    {"wrandom", "weighted-random"},             /* Asterisk */
    {"longest-idle-agent", "longest-idle"},     /* FreeSWITCH */
    {"top-down", "linear"},                     /* FreeSWITCH */
    {"agent-with-least-talk-time", "least-talk-time"}, /* FreeSWITCH */
    {"agent-with-fewest-calls", "fewest-contacts"},    /* FreeSWITCH */
    {"sequentially-by-agent-order", "linear"},  /* FreeSWITCH */
};
#define NALIASES (sizeof(aliases) / sizeof(aliases[0]))

const char *acdr_strategy_alias_target(const char *name) {
  size_t i;
  if (!name) return NULL;
  for (i = 0; i < NALIASES; i++)
    if (strcmp(aliases[i].alias, name) == 0) return aliases[i].target;
  return NULL;
}

/* A registered name wins over an alias, so a host that registers its own
 * "wrandom" gets it. */
acdr_strategy_reg *acdr_strategy_find(acdr_engine *e, const char *name) {
  acdr_strategy_reg *r;
  const char *target;
  if (!name) return NULL;
  if ((r = acdr_map_get(&e->strategies, name)) != NULL) return r;
  target = acdr_strategy_alias_target(name);
  return target ? acdr_map_get(&e->strategies, target) : NULL;
}

const char *acdr_strategy_suggest(acdr_engine *e, const char *name,
                                  const char **target) {
  const char *cands[64 + NALIASES];
  const char *pick;
  size_t i, n = 0, ns = e->nstrategies;
  if (target) *target = NULL;
  if (!name) return NULL;
  if (ns > 64) ns = 64;
  for (i = 0; i < ns; i++) cands[n++] = e->strategy_list[i]->name;
  /* Aliases come after the registered names: on a tie the canonical
   * name is the hint.  An alias whose target is not registered (a host
   * engine without the built-ins) is no hint. */
  for (i = 0; i < NALIASES; i++)
    cands[n++] = acdr_map_get(&e->strategies, aliases[i].alias) ||
                         !acdr_map_get(&e->strategies, aliases[i].target)
                     ? NULL
                     : aliases[i].alias;
  pick = acdr_suggest(name, cands, n);
  if (pick && target && !acdr_map_get(&e->strategies, pick))
    *target = acdr_strategy_alias_target(pick);
  return pick;
}

int acdr_engine_register_strategy_versioned(acdr_engine *e, int version,
                                            const acdr_strategy *s) {
  ACDR_STRUCT_IN(STRATEGY, acdr_strategy, version, s);
  acdr_strategy_reg *r;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!s) return acdr_err_null(e, "strategy");
  if (version != ACDR_STRATEGY_VERSION)
    return acdr_err_version(e, version, "strategy vtable");
  if (!s->name || !*s->name || !s->create || !s->destroy || !s->select)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "strategy \"%s\" lacks a name, create, destroy or select",
                    s->name ? s->name : "");
  if (strlen(s->name) > 64)
    return acdr_err(e, ACDR_ERR_LIMIT, "strategy name longer than 64");
  if (acdr_map_get(&e->strategies, s->name))
    return acdr_err(e, ACDR_ERR_DUPLICATE_ID,
                    "strategy \"%s\" is already registered", s->name);
  if (acdr_map_reserve(&e->strategies, &e->mem, 1) ||
      acdr_mem_grow(&e->mem, (void **)&e->strategy_list, &e->capstrategies,
                    e->nstrategies + 1, sizeof(*e->strategy_list)) ||
      !(r = acdr_mem_calloc(&e->mem, 1, sizeof(*r))))
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  if (!(r->name = acdr_mem_strdup(&e->mem, s->name))) {
    acdr_mem_free(&e->mem, r);
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  }
  r->vt = *s;
  r->vt.name = r->name;
  (void)acdr_map_put(&e->strategies, &e->mem, r->name, r);
  e->strategy_list[e->nstrategies++] = r;
  return 0;
}

size_t acdr_engine_strategy_count(const acdr_engine *e) {
  return e ? e->nstrategies : 0;
}

const char *acdr_engine_strategy_name(const acdr_engine *e, size_t i) {
  if (!e || i >= e->nstrategies) return NULL;
  return e->strategy_list[i]->name;
}
