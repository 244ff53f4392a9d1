/* SPDX-License-Identifier: MIT */
/* Engine lifetime, options, error messages, action delivery, randomness. */
#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <acdroute/version.h>

#include "core/engine_int.h"
#include "core/internal.h"
#include "core/hooks.h"
#include "util/structlen.h"
#include "util/utf8.h"

const char *acdr_version(void) { return ACDROUTE_VERSION; }
uint32_t acdr_version_num(void) { return (uint32_t)ACDROUTE_VERSION_NUM; }

void acdr_options_default_versioned(int version, acdr_options *opt) {
  if (version != ACDR_OPTIONS_VERSION &&
      acdr_struct_default_old(ACDR_STRUCT(OPTIONS), version, opt)) return;
  if (!opt) return;
  memset(opt, 0, sizeof(*opt));
  opt->seed = 0x5eed;
  opt->voice_blocks_other_channels = 1;
  opt->max_id_len = 256;
  opt->max_attrs = 64;
  opt->max_skills = 64;
  opt->max_members = 1000000;
}

int acdr_err(acdr_engine *e, int code, const char *fmt, ...) {
  va_list ap;
  if (!e) return code;
  va_start(ap, fmt);
  vsnprintf(e->errmsg, sizeof(e->errmsg), fmt, ap);
  va_end(ap);
  return code;
}

void acdr_err_report_set(acdr_engine *e, char *text) {
  acdr_mem_free(&e->mem, e->err_report);
  e->err_report = text;
}

const char *acdr_err_report(const acdr_engine *e) {
  return e->err_report ? e->err_report : "";
}

const char *acdr_engine_last_error(const acdr_engine *e) {
  return e ? e->errmsg : "engine is NULL";
}

void acdr_free(acdr_engine *e, void *p) {
  if (e && p) acdr_mem_free(&e->mem, p);
}

void *acdr_engine_user_data(const acdr_engine *e) {
  return e ? e->user_data : NULL;
}

acdr_tstamp acdr_engine_now(const acdr_engine *e) { return e ? e->now : 0; }

static uint64_t splitmix(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t acdr_rng_next(acdr_engine *e) {
  uint64_t *s = e->rng;
  uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

uint64_t acdr_rng_bounded(acdr_engine *e, uint64_t bound) {
  /* rejection sampling: unbiased */
  uint64_t x, limit;
  if (bound <= 1) return 0;
  limit = UINT64_MAX - (UINT64_MAX % bound);
  do {
    x = acdr_rng_next(e);
  } while (x >= limit);
  return x % bound;
}

static void dispatch_retry_fire(acdr_engine *e, acdr_timer *t,
                                acdr_tstamp now);

int acdr_engine_core_new(acdr_engine **pengine, int callbacks_version,
                         const acdr_callbacks *callbacks, int options_version,
                         const acdr_options *options, void *user_data) {
  ACDR_STRUCT_IN(CALLBACKS, acdr_callbacks, callbacks_version, callbacks);
  ACDR_STRUCT_IN(OPTIONS, acdr_options, options_version, options);
  acdr_options opt;
  const acdr_mem *mem;
  acdr_engine *e;
  uint64_t seedx;

  if (!pengine) return ACDR_ERR_INVALID_ARGUMENT;
  *pengine = NULL;
  if ((callbacks && callbacks_version != ACDR_CALLBACKS_VERSION) ||
      (options && options_version != ACDR_OPTIONS_VERSION))
    return ACDR_ERR_VERSION;
  acdr_options_default(&opt);
  if (options) opt = *options;
  if (opt.max_id_len == 0) opt.max_id_len = 256;
  if (opt.max_attrs == 0) opt.max_attrs = 64;
  if (opt.max_skills == 0) opt.max_skills = 64;
  if (opt.max_members == 0) opt.max_members = 1000000;
  mem = opt.mem ? opt.mem : acdr_mem_default();
  if (!mem->malloc || !mem->free || !mem->calloc || !mem->realloc)
    return ACDR_ERR_INVALID_ARGUMENT;

  e = acdr_mem_calloc(mem, 1, sizeof(*e));
  if (!e) return ACDR_ERR_NOMEM;
  e->mem = *mem;
  opt.mem = NULL; /* the copy above is what we use */
  e->opt = opt;
  if (callbacks) e->cb = *callbacks;
  e->user_data = user_data;
  seedx = opt.seed;
  e->rng[0] = splitmix(&seedx);
  e->rng[1] = splitmix(&seedx);
  e->rng[2] = splitmix(&seedx);
  e->rng[3] = splitmix(&seedx);
  acdr_map_init(&e->agents);
  acdr_map_init(&e->queues);
  acdr_map_init(&e->contacts);
  acdr_map_init(&e->strategies);
  acdr_map_init(&e->skill_names);
  acdr_heap_init(&e->timers, NULL, NULL);
  acdr_timers_setup(&e->timers);
  acdr_timer_init(&e->dispatch_retry, dispatch_retry_fire);
  if (acdr_timers_reserve(e, 0) != 0) { /* the dispatch retry's slot */
    acdr_engine_del(e);
    return ACDR_ERR_NOMEM;
  }
  *pengine = e;
  return 0;
}

void acdr_engine_del(acdr_engine *e) {
  size_t i;
  const char *k;
  void *v;
  if (!e) return;
  /* contacts first: they reference queues and agents */
  for (i = 0; acdr_map_next(&e->contacts, &i, &k, &v);) {
    acdr_contact *c = v;
    while (c->offers) acdr_offer_unlink(e, c->offers);
    acdr_contact_free(e, c);
  }
  acdr_map_free(&e->contacts, &e->mem);
  while (e->graveyard) {
    acdr_contact *c = e->graveyard;
    e->graveyard = c->next_dead;
    acdr_contact_free(e, c);
  }
  for (i = 0; acdr_map_next(&e->queues, &i, &k, &v);) acdr_queue_free(e, v);
  acdr_map_free(&e->queues, &e->mem);
  for (i = 0; acdr_map_next(&e->agents, &i, &k, &v);) acdr_agent_free(e, v);
  acdr_map_free(&e->agents, &e->mem);
  for (i = 0; i < e->nstrategies; i++) {
    acdr_mem_free(&e->mem, e->strategy_list[i]->name);
    acdr_mem_free(&e->mem, e->strategy_list[i]);
  }
  acdr_mem_free(&e->mem, e->strategy_list);
  acdr_map_free(&e->strategies, &e->mem);
  acdr_map_free(&e->skill_names, &e->mem);
  acdr_modules_free(e);
  acdr_mem_free(&e->mem, e->err_report);
  acdr_offers_free_pool(e);
  for (i = 0; i < e->ndead_strings; i++)
    acdr_mem_free(&e->mem, e->dead_strings[i]);
  acdr_mem_free(&e->mem, e->dead_strings);
  acdr_heap_free(&e->timers, &e->mem);
  acdr_mem_free(&e->mem, e->actions);
  {
    acdr_mem mem = e->mem;
    acdr_mem_free(&mem, e);
  }
}

int acdr_check_id(acdr_engine *e, const char *id, const char *what) {
  size_t bad = 0;
  int r;
  if (!id || !*id)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT, "%s id is missing", what);
  r = acdr_utf8_check_str(id, e->opt.max_id_len, &bad);
  if (r == 1)
    return acdr_err(e, ACDR_ERR_LIMIT,
                    "%s id is longer than max_id_len (%u bytes)", what,
                    e->opt.max_id_len);
  /* ids are echoed in actions and documents, which must stay text */
  if (r == 2)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "%s id is not valid UTF-8 (byte %zu)", what, bad);
  return 0;
}

int acdr_check_utf8(acdr_engine *e, const char *s, const char *what) {
  size_t n, ok;
  if (!s) return 0;
  n = strlen(s);
  if ((ok = acdr_utf8_valid_prefix(s, n)) == n) return 0;
  return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                  "%s is not valid UTF-8 (byte %zu)", what, ok);
}

int acdr_err_version(acdr_engine *e, int version, const char *what) {
  return acdr_err(e, ACDR_ERR_VERSION, "%s version %d unknown", what,
                  version);
}

int acdr_err_null(acdr_engine *e, const char *what) {
  return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT, "%s is NULL", what);
}

int acdr_check_out(acdr_engine *e, const void *out, const char *call,
                   int version, int latest, const char *what) {
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!out)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT, "%s: out is NULL", call);
  if (version != latest) return acdr_err_version(e, version, what);
  return 0;
}

int acdr_enter(acdr_engine *e, acdr_tstamp now) {
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (now < e->now)
    return acdr_err(e, ACDR_ERR_TIME_BACKWARDS,
                    "time went backwards: now=%llu < last=%llu",
                    (unsigned long long)now, (unsigned long long)e->now);
  e->errmsg[0] = '\0';
  /* a refused call must not move the clock: remember where it was.  A
   * call from an action callback is outermost too (depth 0), while the
   * actions of the call that emitted them are still pending. */
  if (e->depth == 0) {
    e->entry_now = e->now;
    e->entry_nactions = e->nactions;
  }
  e->now = now;
  e->depth++;
  return 0;
}

int acdr_actions_reserve(acdr_engine *e, size_t extra) {
  size_t need = e->nactions + extra, ncap, i;
  acdr_action *na;
  if (need <= e->capactions) return 0;
  ncap = e->capactions ? e->capactions * 2 : 64;
  while (ncap < need) ncap *= 2;
  na = acdr_mem_malloc(&e->mem, ncap * sizeof(*na));
  if (!na) return acdr_err(e, ACDR_ERR_NOMEM, "out of memory (actions)");
  for (i = 0; i < e->nactions; i++)
    na[i] = e->actions[(e->action_head + i) % e->capactions];
  acdr_mem_free(&e->mem, e->actions);
  e->actions = na;
  e->capactions = ncap;
  e->action_head = 0;
  return 0;
}

void acdr_emit(acdr_engine *e, const acdr_action *a) {
  acdr_action *r;
  /* every step reserves its budget first (ACDR_BUDGET_*): debug builds
   * prove it on every path the tests take, failing allocator included */
  assert(e->nactions < e->capactions);
  if (e->nactions == e->capactions && acdr_actions_reserve(e, 1) != 0) {
    e->actions_lost++; /* release builds: counted, never silent in debug */
    return;
  }
  r = &e->actions[(e->action_head + e->nactions) % e->capactions];
  *r = *a;
  r->time = e->now;
  e->nactions++;
}

/* A string about to be freed must not stay visible to the host: blank
 * every pointer to it in the actions not yet delivered (and in the one
 * being delivered).  Only on the out-of-memory path of acdr_defer_free. */
static void blank_action(acdr_action *a, const char *s) {
  if (a->contact_id == s) a->contact_id = "";
  if (a->agent_id == s) a->agent_id = "";
  if (a->queue_id == s) a->queue_id = "";
  if (a->customer_id == s) a->customer_id = "";
  if (a->text == s) a->text = "";
}

void acdr_defer_free(acdr_engine *e, char *s) {
  size_t i;
  if (!s) return;
  if (e->delivering || e->nactions) {
    if (acdr_mem_grow(&e->mem, (void **)&e->dead_strings,
                      &e->capdead_strings, e->ndead_strings + 1,
                      sizeof(char *)) == 0) {
      e->dead_strings[e->ndead_strings++] = s;
      return;
    }
    /* cannot keep it until delivery: no action may point at it after the
     * free (the ids read "" instead) */
    for (i = 0; i < e->nactions; i++)
      blank_action(&e->actions[(e->action_head + i) % e->capactions], s);
    if (e->delivering) blank_action(&e->delivered, s);
  }
  acdr_mem_free(&e->mem, s);
}

static void cleanup(acdr_engine *e) {
  size_t i;
  while (e->graveyard) {
    acdr_contact *c = e->graveyard;
    e->graveyard = c->next_dead;
    acdr_contact_free(e, c);
  }
  for (i = 0; i < e->ndead_strings; i++)
    acdr_mem_free(&e->mem, e->dead_strings[i]);
  e->ndead_strings = 0;
}

int acdr_leave(acdr_engine *e, int rv) {
  acdr_dispatch_flush(e);
  e->depth--;
  /* refused (not applied, nothing emitted): the engine is exactly as
   * before, clock too */
  if (rv < 0 && rv != ACDR_ERR_CALLBACK_FAILURE && e->depth == 0 &&
      e->nactions == e->entry_nactions)
    e->now = e->entry_now;
  if (e->delivering) return rv; /* outer call delivers */
  e->delivering = 1;
  while (e->nactions) {
    e->delivered = e->actions[e->action_head];
    e->action_head = (e->action_head + 1) % e->capactions;
    e->nactions--;
    if (e->cb.on_action && e->cb.on_action(e, &e->delivered, e->user_data))
      e->callback_failed = 1;
  }
  e->delivering = 0;
  cleanup(e);
  if (e->callback_failed) {
    e->callback_failed = 0;
    if (rv == 0)
      rv = acdr_err(e, ACDR_ERR_CALLBACK_FAILURE,
                    "an action callback returned an error");
  }
  return rv;
}

static void dispatch_retry_fire(acdr_engine *e, acdr_timer *t,
                                acdr_tstamp now) {
  size_t i;
  const char *k;
  void *v;
  (void)t;
  (void)now;
  for (i = 0; acdr_map_next(&e->queues, &i, &k, &v);)
    acdr_dispatch_queue(e, v);
}

void acdr_schedule_dispatch_retry(acdr_engine *e) {
  if (!acdr_timer_armed(&e->dispatch_retry))
    /* the slot every timer reservation keeps spare (acdr_timers_reserve) */
    acdr_timer_arm_held(e, &e->dispatch_retry, e->now);
}

int acdr_engine_get_counts(const acdr_engine *e, acdr_engine_counts *c) {
  if (!e || !c) return ACDR_ERR_INVALID_ARGUMENT;
  *c = e->counts;
  c->agents = e->agents.len;
  c->queues = e->queues.len;
  c->contacts_live = e->contacts.len;
  return 0;
}
