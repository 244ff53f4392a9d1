/* A whole configuration document: version, agents, queues, and the checks
 * that span objects (duplicate ids, references, strategies). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "config/config_int.h"
#include "core/internal.h"

#define CONFIG_FORMAT_VERSION 1

static const char *const doc_keys[] = {"version", "agents", "queues",
                                        "dispositions", "rules", "metrics"};

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

int acdr_cfg_find(const void *arr, size_t n, size_t size, size_t idoff,
                  const char *id) {
  const char *p = arr;
  size_t i;
  for (i = 0; i < n; i++, p += size) {
    const char *pid = *(const char *const *)(const void *)(p + idoff);
    if (pid && strcmp(pid, id) == 0) return (int)i;
  }
  return -1;
}

static int find_agent_in(const acdr_cfg *c, const char *id, size_t upto) {
  return acdr_cfg_find(c->agents, upto, sizeof(*c->agents),
                       offsetof(acdr_cfg_agent, def.id), id);
}

static int find_queue_in(const acdr_cfg *c, const char *id, size_t upto) {
  return acdr_cfg_find(c->queues, upto, sizeof(*c->queues),
                       offsetof(acdr_cfg_queue, def.id), id);
}

/* Ids of the document's agents or queues, for "did you mean". */
static const char *suggest_id(const acdr_cfg *c, int queues, const char *w) {
  const char *best = NULL;
  size_t i, n = queues ? c->nqueues : c->nagents;
  for (i = 0; i < n && !best; i++) {
    const char *id = queues ? c->queues[i].def.id : c->agents[i].def.id;
    best = id ? acdr_suggest(w, &id, 1) : NULL;
  }
  return best;
}

static void check_refs(acdr_errs *er, const acdr_cfg *c) {
  size_t i, j;
  char p[ACDR_PTR_MAX], mp[ACDR_PTR_MAX];
  for (i = 0; i < c->nagents; i++) {
    const char *id = c->agents[i].def.id;
    int k;
    if (id && (k = find_agent_in(c, id, i)) >= 0) {
      acdr_ptr_key(p, c->agents[i].ptr, "id");
      acdr_errs_add(er, ACDR_ERR_DUPLICATE_ID, p,
                    "duplicate agent id \"%s\" (also /agents/%d)", id, k);
    }
  }
  for (i = 0; i < c->nqueues; i++) {
    const acdr_cfg_queue *q = &c->queues[i];
    int k;
    if (q->def.id && (k = find_queue_in(c, q->def.id, i)) >= 0) {
      acdr_ptr_key(p, q->ptr, "id");
      acdr_errs_add(er, ACDR_ERR_DUPLICATE_ID, p,
                    "duplicate queue id \"%s\" (also /queues/%d)", q->def.id,
                    k);
    }
    if (q->def.overflow_kind == ACDR_OVERFLOW_QUEUE &&
        q->def.overflow_target && *q->def.overflow_target) {
      acdr_ptr_key(p, q->ptr, "overflow_target");
      if (q->def.id && strcmp(q->def.overflow_target, q->def.id) == 0)
        acdr_errs_add(er, ACDR_ERR_CONFIG, p,
                      "a queue cannot overflow to itself");
      else if (find_queue_in(c, q->def.overflow_target, c->nqueues) < 0) {
        const char *hint = suggest_id(c, 1, q->def.overflow_target);
        acdr_errs_add(er, ACDR_ERR_QUEUE_NOT_FOUND, p,
                      "unknown queue \"%s\"%s%s%s", q->def.overflow_target,
                      hint ? " (did you mean \"" : "", hint ? hint : "",
                      hint ? "\"?)" : "");
      }
    }
    for (j = 0; j < q->nmembers; j++) {
      const char *a = q->members[j].agent;
      if (!a || find_agent_in(c, a, c->nagents) >= 0) continue;
      acdr_ptr_key(mp, q->ptr, "members");
      acdr_ptr_idx(p, mp, j);
      acdr_ptr_key(mp, p, "agent");
      {
        const char *hint = suggest_id(c, 0, a);
        acdr_errs_add(er, ACDR_ERR_AGENT_NOT_FOUND, mp,
                      "unknown agent \"%s\"%s%s%s", a,
                      hint ? " (did you mean \"" : "", hint ? hint : "",
                      hint ? "\"?)" : "");
      }
    }
  }
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
  if (acdr_jobject(er, root, ptr, doc_keys, 6) != 0 &&
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
  acdr_cfg_read_dispositions(er, root, ptr, c);
  acdr_cfg_read_metrics(er, root, ptr, c);
  check_refs(er, c);
  acdr_cfg_check_hours_refs(er, c);
  acdr_cfg_check_strategies(er, c);
  acdr_cfg_check_dispositions(er, c);
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
      const char *names[64];
      size_t k, ns = acdr_engine_strategy_count(e);
      const char *hint;
      if (ns > 64) ns = 64;
      for (k = 0; k < ns; k++) names[k] = acdr_engine_strategy_name(e, k);
      hint = acdr_suggest(name, names, ns);
      acdr_ptr_key(p, q->ptr, "strategy");
      acdr_errs_add(er, ACDR_ERR_UNKNOWN_STRATEGY, p,
                    "unknown strategy \"%s\"%s%s%s", name,
                    hint ? " (did you mean \"" : "", hint ? hint : "",
                    hint ? "\"?)" : "");
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
