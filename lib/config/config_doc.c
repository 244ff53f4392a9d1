/* SPDX-License-Identifier: MIT */
/* A whole configuration document: version, agents, queues, and the checks
 * that span objects (duplicate ids, references, strategies). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "config/config_int.h"
#include "core/internal.h"

#define CONFIG_FORMAT_VERSION 1

static const char *const doc_keys[] = {"version", "agents", "queues",
                                        "dispositions", "rules", "metrics",
                                        "customers", "queue_rules"};

static json_object *array_at(acdr_errs *er, json_object *root,
                             const char *ptr, const char *key, size_t *n) {
  json_object *a;
  char p[ACDR_PTR_MAX];
  *n = 0;
  if (!json_object_object_get_ex(root, key, &a)) return NULL;
  acdr_ptr_key(p, ptr, key);
  if (!json_object_is_type(a, json_type_array)) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, p, "expected an array");
    return NULL;
  }
  *n = json_object_array_length(a);
  return a;
}

const acdr_cfg_agent *acdr_cfg_agent_of(const acdr_cfg *c, const char *id) {
  return id ? acdr_map_get(&c->agent_ix, id) : NULL;
}

const acdr_cfg_queue *acdr_cfg_queue_of(const acdr_cfg *c, const char *id) {
  return id ? acdr_map_get(&c->queue_ix, id) : NULL;
}

const acdr_cfg_member *acdr_cfg_member_of(const acdr_cfg_queue *q,
                                          const char *agent) {
  return agent ? acdr_map_get(&q->member_ix, agent) : NULL;
}

const char *acdr_cfg_hint(const acdr_errs *er, const acdr_cfg *c, int queues,
                          const char *id, char *buf, size_t len) {
  const char *best = NULL;
  size_t i, n = queues ? c->nqueues : c->nagents;
  if (er->count >= ACDR_ERRS_MAX) return "";
  if (n > ACDR_CFG_HINT_IDS) n = ACDR_CFG_HINT_IDS;
  for (i = 0; i < n && !best; i++) {
    const char *cand = queues ? c->queues[i].def.id : c->agents[i].def.id;
    best = cand ? acdr_suggest(id, &cand, 1) : NULL;
  }
  if (!best) return "";
  snprintf(buf, len, " (did you mean \"%s\"?)", best);
  return buf;
}

/* Index the document's agents and queues by id (the first of a duplicated
 * id), reporting duplicates.  Returns -1 out of memory (reported). */
static int index_ids(acdr_errs *er, acdr_cfg *c) {
  acdr_engine *e = er->e;
  char p[ACDR_PTR_MAX];
  size_t i;
  if (acdr_map_reserve(&c->agent_ix, &e->mem, c->nagents) ||
      acdr_map_reserve(&c->queue_ix, &e->mem, c->nqueues)) {
    acdr_errs_add(er, ACDR_ERR_NOMEM, c->ptr, "out of memory");
    return -1;
  }
  for (i = 0; i < c->nagents; i++) {
    const acdr_cfg_agent *a = &c->agents[i], *k;
    if (!a->def.id) continue;
    if ((k = acdr_map_get(&c->agent_ix, a->def.id)) != NULL) {
      acdr_ptr_key(p, a->ptr, "id");
      acdr_errs_add(er, ACDR_ERR_DUPLICATE_ID, p,
                    "duplicate agent id \"%s\" (also /agents/%zu)",
                    a->def.id, (size_t)(k - c->agents));
    } else {
      (void)acdr_map_put(&c->agent_ix, &e->mem, a->def.id, (void *)a);
    }
  }
  for (i = 0; i < c->nqueues; i++) {
    const acdr_cfg_queue *q = &c->queues[i], *k;
    if (!q->def.id) continue;
    if ((k = acdr_map_get(&c->queue_ix, q->def.id)) != NULL) {
      acdr_ptr_key(p, q->ptr, "id");
      acdr_errs_add(er, ACDR_ERR_DUPLICATE_ID, p,
                    "duplicate queue id \"%s\" (also /queues/%zu)",
                    q->def.id, (size_t)(k - c->queues));
    } else {
      (void)acdr_map_put(&c->queue_ix, &e->mem, q->def.id, (void *)q);
    }
  }
  return 0;
}

static void check_refs(acdr_errs *er, const acdr_cfg *c) {
  size_t i, j;
  char p[ACDR_PTR_MAX], mp[ACDR_PTR_MAX], hint[ACDR_PTR_MAX + 32];
  for (i = 0; i < c->nqueues; i++) {
    const acdr_cfg_queue *q = &c->queues[i];
    if (q->def.overflow_kind == ACDR_OVERFLOW_QUEUE &&
        q->def.overflow_target && *q->def.overflow_target) {
      acdr_ptr_key(p, q->ptr, "overflow_target");
      if (q->def.id && strcmp(q->def.overflow_target, q->def.id) == 0)
        acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                      "a queue cannot overflow to itself");
      else if (!acdr_cfg_queue_of(c, q->def.overflow_target))
        acdr_errs_add(er, ACDR_ERR_QUEUE_NOT_FOUND, p, "unknown queue \"%s\"%s",
                      q->def.overflow_target,
                      acdr_cfg_hint(er, c, 1, q->def.overflow_target, hint,
                                    sizeof(hint)));
    }
    for (j = 0; j < q->nmembers; j++) {
      const char *a = q->members[j].agent;
      if (!a || acdr_cfg_agent_of(c, a)) continue;
      acdr_ptr_key(mp, q->ptr, "members");
      acdr_ptr_idx(p, mp, j);
      acdr_ptr_key(mp, p, "agent");
      acdr_errs_add(er, ACDR_ERR_AGENT_NOT_FOUND, mp, "unknown agent \"%s\"%s",
                    a, acdr_cfg_hint(er, c, 0, a, hint, sizeof(hint)));
    }
  }
}

/* What acdr_agent_add / acdr_queue_add would refuse that the readers let
 * through: the core checks each definition itself, so validation refuses
 * exactly what applying would.  Run on an otherwise clean document. */
static void check_defs(acdr_errs *er, const acdr_cfg *c) {
  acdr_engine *e = er->e;
  char saved[sizeof(e->errmsg)];
  size_t i;
  memcpy(saved, e->errmsg, sizeof(saved));
  for (i = 0; i < c->nagents; i++) {
    int rv = acdr_agent_def_check(e, &c->agents[i].def);
    if (rv) acdr_errs_add(er, rv, c->agents[i].ptr, "%s", e->errmsg);
  }
  for (i = 0; i < c->nqueues; i++) {
    int rv = acdr_queue_def_check(e, &c->queues[i].def);
    if (rv) acdr_errs_add(er, rv, c->queues[i].ptr, "%s", e->errmsg);
  }
  memcpy(e->errmsg, saved, sizeof(saved));
}

void *acdr_cfg_read_list(acdr_errs *er, json_object *a, const char *ptr,
                         const char *base, const acdr_cfg_list *l, size_t *n,
                         int *oom) {
  char *arr;
  size_t i, len;
  *n = 0;
  if (!json_object_is_type(a, json_type_array)) {
    acdr_errs_add(er, ACDR_ERR_CONFIG, base, "expected an array of %s",
                  l->what);
    return NULL;
  }
  if ((len = json_object_array_length(a)) == 0) return NULL;
  if (!(arr = acdr_mem_calloc(&er->e->mem, len, l->size))) {
    acdr_errs_add(er, ACDR_ERR_NOMEM, ptr, "out of memory");
    *oom = 1;
    return NULL;
  }
  *n = len;
  for (i = 0; i < len; i++) {
    char p[ACDR_PTR_MAX];
    acdr_ptr_idx(p, base, i);
    l->item(er, json_object_array_get_idx(a, i), base, p, arr, i);
  }
  return arr;
}

static void agent_item(acdr_errs *er, json_object *o, const char *base,
                       const char *ptr, void *arr, size_t i) {
  (void)base;
  (void)acdr_cfg_read_agent(er, o, ptr, (acdr_cfg_agent *)arr + i);
}

static void queue_item(acdr_errs *er, json_object *o, const char *base,
                       const char *ptr, void *arr, size_t i) {
  (void)base;
  (void)acdr_cfg_read_queue(er, o, ptr, 1, (acdr_cfg_queue *)arr + i);
}

static const acdr_cfg_list agent_list = {"agents", sizeof(acdr_cfg_agent),
                                         agent_item};
static const acdr_cfg_list queue_list = {"queues", sizeof(acdr_cfg_queue),
                                         queue_item};

int acdr_cfg_read(acdr_errs *er, json_object *root, const char *ptr,
                  acdr_cfg *c) {
  json_object *arr;
  char p[ACDR_PTR_MAX];
  int oom = 0;
  size_t n, before = er->count;
  int64_t version = CONFIG_FORMAT_VERSION;
  memset(c, 0, sizeof(*c));
  c->root = root;
  snprintf(c->ptr, sizeof(c->ptr), "%s", ptr);
  if (acdr_jobject(er, root, ptr, doc_keys, sizeof(doc_keys) / sizeof(doc_keys[0])) != 0 &&
      !json_object_is_type(root, json_type_object))
    return -1;
  if (acdr_jint(er, root, ptr, "version", 0, 1, INT32_MAX, &version) == 0 &&
      version > CONFIG_FORMAT_VERSION) {
    acdr_ptr_key(p, ptr, "version");
    acdr_errs_add(er, ACDR_ERR_VERSION, p,
                  "configuration format %lld is newer than this library "
                  "(reads up to %d)",
                  (long long)version, CONFIG_FORMAT_VERSION);
    return -1;
  }
  if ((arr = array_at(er, root, ptr, "agents", &n)) && n) {
    acdr_ptr_key(p, ptr, "agents");
    c->agents = acdr_cfg_read_list(er, arr, ptr, p, &agent_list, &c->nagents,
                                   &oom);
    if (oom) return -1;
  }
  if ((arr = array_at(er, root, ptr, "queues", &n)) && n) {
    acdr_ptr_key(p, ptr, "queues");
    c->queues = acdr_cfg_read_list(er, arr, ptr, p, &queue_list, &c->nqueues,
                                   &oom);
    if (oom) return -1;
  }
  (void)acdr_cfg_read_global_qrules(er, root, ptr, c);
  acdr_cfg_read_dispositions(er, root, ptr, c);
  acdr_cfg_read_metrics(er, root, ptr, c);
  acdr_cfg_read_customers(er, root, ptr, &c->customers);
  if (index_ids(er, c) != 0) return -1;
  check_refs(er, c);
  acdr_cfg_check_hours_refs(er, c);
  acdr_cfg_check_strategies(er, c);
  acdr_cfg_check_dispositions(er, c);
  if (er->count == before) check_defs(er, c);
  return er->count > before ? -1 : 0;
}

/* Strategy names and settings: ask the strategy itself with a throw-away
 * instance, exactly as acdr_queue_add would. */
void acdr_cfg_check_strategies(acdr_errs *er, const acdr_cfg *c) {
  acdr_engine *e = er->e;
  size_t i;
  for (i = 0; i < c->nqueues; i++) {
    const acdr_cfg_queue *q = &c->queues[i];
    const char *name = q->def.strategy ? q->def.strategy : "longest-idle";
    acdr_strategy_reg *s = acdr_strategy_find(e, name);
    char p[ACDR_PTR_MAX];
    if (!q->def.id) continue;
    if (!s) {
      const char *target;
      const char *hint = acdr_strategy_suggest(e, name, &target);
      acdr_ptr_key(p, q->ptr, "strategy");
      /* An alias hint names its strategy too: "wrandom" is
       * weighted-random, not random. */
      acdr_errs_add(er, ACDR_ERR_UNKNOWN_STRATEGY, p,
                    "unknown strategy \"%s\"%s%s%s%s%s", name,
                    hint ? " (did you mean \"" : "", hint ? hint : "",
                    target ? "\", an alias of \"" : "",
                    target ? target : "", hint ? "\"?)" : "");
      continue;
    }
    {
      acdr_strategy_ctx ctx;
      acdr_strategy_host host;
      acdr_strategy_state *st = NULL;
      char saved[sizeof(e->errmsg)];
      int rv;
      memcpy(saved, e->errmsg, sizeof(saved));
      e->errmsg[0] = '\0';
      host.engine = e;
      ctx.queue_id = q->def.id;
      ctx.channel = q->def.channel;
      ctx.tier_penalty = 0;
      ctx.host = &host;
      rv = s->vt.create(&st, &ctx, q->def.params, q->def.nparams,
                        s->vt.user_data);
      if (rv == 0) {
        if (st) s->vt.destroy(st, s->vt.user_data);
      } else {
        acdr_ptr_key(p, q->ptr, "settings");
        if (rv == ACDR_ERR_NOMEM)
          acdr_errs_add(er, ACDR_ERR_NOMEM, p, "out of memory");
        else
          acdr_errs_add(er, ACDR_ERR_STRATEGY, p, "%s",
                        e->errmsg[0] ? e->errmsg
                                     : "the strategy refused its settings");
      }
      memcpy(e->errmsg, saved, sizeof(saved));
    }
  }
}
