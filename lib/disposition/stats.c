/* SPDX-License-Identifier: MIT */
/* Per-code statistics of closed contacts, per scope: everything, each
 * queue, each agent.  Counts since the engine started or the last reset;
 * shares and rates are computed when asked.  (Counts over time buckets
 * live in lib/metrics.) */
#include <string.h>

#include "core/internal.h"
#include "core/event.h"
#include "disposition/disposition_int.h"
#include "util/structlen.h"

typedef acdr_dcount dcount;
typedef acdr_dscope dscope;

/* Scope keys: "" (all), "q\x1f<queue>", "a\x1f<agent>". */
static char *scope_key(acdr_engine *e, char kind, const char *id) {
  size_t n = id ? strlen(id) : 0;
  char *k = acdr_mem_malloc(&e->mem, n + 3);
  if (!k) return NULL;
  if (!id) {
    k[0] = '\0';
    return k;
  }
  k[0] = kind;
  k[1] = '\x1f';
  memcpy(k + 2, id, n + 1);
  return k;
}

static void scope_free(acdr_engine *e, dscope *s) {
  size_t i;
  for (i = 0; i < s->ncodes; i++) acdr_dispo_unintern(e, s->codes[i].code);
  acdr_mem_free(&e->mem, s->codes);
  acdr_mem_free(&e->mem, s);
}

void acdr_stats_free(acdr_engine *e, acdr_dispo *d) {
  size_t i;
  const char *k;
  void *v;
  for (i = 0; acdr_map_next(&d->scopes, &i, &k, &v);) scope_free(e, v);
  acdr_map_free(&d->scopes, &e->mem);
}

dscope *acdr_stats_scope(acdr_engine *e, const char *key, int create) {
  acdr_dispo *d = acdr_dispo_of(e);
  dscope *s = acdr_map_get(&d->scopes, key);
  size_t n;
  if (s || !create) return s;
  n = strlen(key) + 1;
  if (acdr_map_reserve(&d->scopes, &e->mem, 1) != 0 ||
      !(s = acdr_mem_calloc(&e->mem, 1, sizeof(*s) + n)))
    return NULL;
  memcpy(s->key, key, n);
  (void)acdr_map_put(&d->scopes, &e->mem, s->key, s);
  return s;
}

const dcount *acdr_stats_find(const dscope *s, const char *code) {
  size_t i;
  for (i = 0; i < s->ncodes; i++)
    if (s->codes[i].code == code) return &s->codes[i];
  for (i = 0; i < s->ncodes; i++)
    if (strcmp(s->codes[i].code, code) == 0) return &s->codes[i];
  return NULL;
}

dcount *acdr_stats_code(acdr_engine *e, dscope *s, const char *code) {
  const dcount *f = acdr_stats_find(s, code);
  dcount *a;
  int fail = 0;
  if (f) return &s->codes[f - s->codes];
  /* grows by one: codes are added rarely, and memory counts per agent */
  if (!(a = acdr_mem_realloc(&e->mem, s->codes,
                             (s->ncodes + 1) * sizeof(*a))))
    return NULL;
  s->codes = a;
  a += s->ncodes;
  if (!(a->code = acdr_dispo_intern(e, code, &fail))) return NULL;
  a->total = a->primary = 0;
  s->ncodes++;
  return a;
}

/* x += sign without going below 0 (an earlier OOM may have skipped the
 * increment). */
static void bump(uint64_t *x, int sign) {
  if (sign > 0) (*x)++;
  else if (*x) (*x)--;
}

static void count_scope(acdr_engine *e, char kind, const char *id,
                        const acdr_drec *r, int sign) {
  char *key = scope_key(e, kind, id);
  dscope *s = key ? acdr_stats_scope(e, key, sign > 0) : NULL;
  size_t i;
  acdr_mem_free(&e->mem, key);
  if (!s) {
    if (sign > 0) acdr_dispo_of(e)->dropped++;
    return;
  }
  bump(&s->contacts, sign);
  if (r->all_attrs & ACDR_DISPO_CONTACT_MADE) bump(&s->made, sign);
  if (r->all_attrs & ACDR_DISPO_SUCCESS) bump(&s->success, sign);
  if (r->all_attrs & ACDR_DISPO_RESOLVED) bump(&s->resolved, sign);
  if (r->all_attrs & ACDR_DISPO_DNC) bump(&s->dnc, sign);
  if (r->all_attrs & ACDR_DISPO_UNWORKABLE) bump(&s->unworkable, sign);
  for (i = 0; i <= r->ntags; i++) {
    dcount *c = acdr_stats_code(e, s, i == 0 ? r->primary : r->tags[i - 1]);
    if (!c) {
      acdr_dispo_of(e)->dropped++;
      continue;
    }
    bump(&c->total, sign);
    if (i == 0) bump(&c->primary, sign);
  }
}

void acdr_stats_count(acdr_engine *e, acdr_drec *r, int sign) {
  acdr_dispo *d = acdr_dispo_of(e);
  if (sign > 0) {
    if (!r->primary) return;
    r->counted = 1;
    r->stats_epoch = d->stats_epoch;
  } else {
    /* counted in an earlier period: that period is gone */
    if (!r->counted || r->stats_epoch != d->stats_epoch) return;
    r->counted = 0;
  }
  count_scope(e, 0, NULL, r, sign);
  if (r->queue_id) count_scope(e, 'q', r->queue_id, r, sign);
  if (r->agent_id) count_scope(e, 'a', r->agent_id, r, sign);
}

static double ratio(uint64_t a, uint64_t b) {
  return b ? (double)a / (double)b : 0.0;
}

int acdr_dispo_stats_get_versioned(acdr_engine *e, const char *queue_id,
                                   const char *agent_id, const char *code,
                                   int version, acdr_dispo_stats *out) {
  ACDR_GETTER_OPEN(DISPO_STATS, acdr_dispo_stats, "stats", "stats",
                   acdr_dispo_stats_get_versioned(e, queue_id, agent_id, code,
                                                  ACDR_DISPO_STATS_VERSION,
                                                  &acdr_latest_));
  const dscope *s;
  const dcount *c = NULL;
  char *key;
  if (queue_id && agent_id)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "stats: give a queue or an agent, not both");
  key = queue_id ? scope_key(e, 'q', queue_id)
                 : scope_key(e, 'a', agent_id);
  if (!key) return acdr_err(e, ACDR_ERR_NOMEM, "stats: out of memory");
  s = acdr_stats_scope(e, key, 0);
  acdr_mem_free(&e->mem, key);
  memset(out, 0, sizeof(*out));
  if (!s) return 0;
  if (code) c = acdr_stats_find(s, code);
  out->contacts = s->contacts;
  out->code_total = c ? c->total : 0;
  out->code_primary = c ? c->primary : 0;
  out->contact_made = s->made;
  out->success = s->success;
  out->resolved = s->resolved;
  out->dnc = s->dnc;
  out->unworkable = s->unworkable;
  out->code_share = ratio(out->code_total, s->contacts);
  out->contact_rate = ratio(s->made, s->contacts);
  out->success_rate = ratio(s->success, s->contacts);
  out->resolution_rate = ratio(s->resolved, s->contacts);
  return 0;
}

int acdr_dispo_stats_reset(acdr_engine *e) {
  acdr_dispo *d;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  d = acdr_dispo_of(e);
  acdr_stats_free(e, d);
  d->stats_epoch++;
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_DISPO_STATS_RESET});
  return 0;
}
