/* Strategy registry: per engine, by name.  The built-ins are registered
 * by the composition root through the same public function as a host's. */
#include <string.h>

#include "core/engine_int.h"
#include "util/structlen.h"

acdr_strategy_reg *acdr_strategy_find(acdr_engine *e, const char *name) {
  return name ? acdr_map_get(&e->strategies, name) : NULL;
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
