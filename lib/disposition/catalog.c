/* SPDX-License-Identifier: MIT */
/* The catalog of disposition codes: built-in defaults, add / update /
 * remove / replace, lookups, and the queue / duration limits of a code. */
#include <stdio.h>
#include <string.h>

#include "core/internal.h"
#include "core/event.h"
#include "disposition/disposition_int.h"
#include "util/structlen.h"

#define A_MADE ACDR_DISPO_CONTACT_MADE
#define A_SUCC ACDR_DISPO_SUCCESS
#define A_FIN ACDR_DISPO_FINAL
#define A_RES ACDR_DISPO_RESOLVED
#define A_FUP ACDR_DISPO_FOLLOW_UP
#define A_CB ACDR_DISPO_CALLBACK
#define A_DNC ACDR_DISPO_DNC
#define A_UNW ACDR_DISPO_UNWORKABLE

/* The 14 common codes (docs/dispositions.md explains the choices).  A
 * closed deal needs a real conversation: 10 s at least. */
static const acdr_dispo_code builtin[] = {
    {"no-answer", "No answer", "not-reached", 0, NULL, 0, 0, 0, 0, 0},
    {"busy", "Busy", "not-reached", 0, NULL, 0, 0, 0, 0, 0},
    {"abandoned", "Abandoned in queue", "not-reached", 0, NULL, 0, 0, 0,
     ACDR_END_ABANDONED, 0},
    {"dropped", "Dropped", "not-reached", 0, NULL, 0, 0, 0, 0, 0},
    {"callback-requested", "Callback requested", "follow-up",
     A_MADE | A_FUP | A_CB, NULL, 0, 0, 0, 0, 0},
    {"voicemail-left", "Voicemail left", "not-reached", 0, NULL, 0, 0, 0, 0,
     0},
    {"interested", "Interested", "follow-up", A_MADE | A_FUP, NULL, 0, 0, 0,
     0, 0},
    {"not-interested", "Not interested", "closed", A_MADE | A_FIN | A_RES,
     NULL, 0, 0, 0, 0, 0},
    {"demo-booked", "Demo booked", "success", A_MADE | A_SUCC | A_FUP, NULL,
     0, 0, 0, 0, 0},
    {"meeting-scheduled", "Meeting scheduled", "success",
     A_MADE | A_SUCC | A_FUP, NULL, 0, 0, 0, 0, 0},
    {"deal-closed", "Deal closed", "success", A_MADE | A_SUCC | A_FIN | A_RES,
     NULL, 0, 10000, 0, 0, 0},
    {"follow-up-required", "Follow-up required", "follow-up", A_MADE | A_FUP,
     NULL, 0, 0, 0, 0, 0},
    {"do-not-contact", "Do not contact", "closed", A_MADE | A_FIN | A_DNC,
     NULL, 0, 0, 0, 0, 0},
    {"wrong-number", "Wrong number", "unworkable", A_FIN | A_UNW, NULL, 0, 0,
     0, 0, 0},
};
#define NBUILTIN (sizeof(builtin) / sizeof(builtin[0]))

void acdr_dispo_code_default_versioned(int version, acdr_dispo_code *c) {
  if (version != ACDR_DISPO_CODE_VERSION &&
      acdr_struct_default_old(ACDR_STRUCT(DISPO_CODE), version, c)) return;
  if (c) memset(c, 0, sizeof(*c));
}

static void code_free(acdr_engine *e, acdr_dcode *k) {
  size_t i;
  if (!k) return;
  for (i = 0; i < k->nqueues; i++) acdr_mem_free(&e->mem, k->queues[i]);
  acdr_mem_free(&e->mem, k->queues);
  acdr_mem_free(&e->mem, k->id);
  acdr_mem_free(&e->mem, k->label);
  acdr_mem_free(&e->mem, k->category);
  acdr_mem_free(&e->mem, k);
}

static int validate(acdr_engine *e, const acdr_dispo_code *c,
                    const char *where) {
  size_t i, j;
  int rv;
  if (!c)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT, "%s: code is NULL", where);
  if ((rv = acdr_dispo_check_code_id(e, c->id, "disposition code")) != 0)
    return rv;
  if (c->attrs & ~ACDR_DISPO_ALL_ATTRS)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "%s: code \"%s\": unknown attribute bits 0x%x", where,
                    c->id, (unsigned)(c->attrs & ~ACDR_DISPO_ALL_ATTRS));
  if (c->min_duration_ms < 0 || c->max_duration_ms < 0 ||
      (c->max_duration_ms && c->min_duration_ms > c->max_duration_ms))
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "%s: code \"%s\": duration range %lld..%lld ms is "
                    "invalid",
                    where, c->id, (long long)c->min_duration_ms,
                    (long long)c->max_duration_ms);
  if (c->auto_end_reason < 0 || c->auto_end_reason >= ACDR_DISPO_END_REASONS)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "%s: code \"%s\": auto_end_reason %d unknown", where,
                    c->id, (int)c->auto_end_reason);
  if (c->dnc_ms < 0)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "%s: code \"%s\": dnc_ms is negative", where, c->id);
  if (c->nqueues && !c->queues)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "%s: code \"%s\": queues is NULL", where, c->id);
  if (c->nqueues > e->opt.max_members)
    return acdr_err(e, ACDR_ERR_LIMIT, "%s: code \"%s\": too many queues",
                    where, c->id);
  for (i = 0; i < c->nqueues; i++) {
    if ((rv = acdr_check_id(e, c->queues[i], "queue")) != 0) return rv;
    for (j = 0; j < i; j++)
      if (strcmp(c->queues[i], c->queues[j]) == 0)
        return acdr_err(e, ACDR_ERR_DUPLICATE_ID,
                        "%s: code \"%s\": queue \"%s\" listed twice", where,
                        c->id, c->queues[i]);
  }
  if ((c->label && strlen(c->label) > 16 * (size_t)e->opt.max_id_len) ||
      (c->category && strlen(c->category) > e->opt.max_id_len))
    return acdr_err(e, ACDR_ERR_LIMIT,
                    "%s: code \"%s\": label or category too long", where,
                    c->id);
  if ((rv = acdr_check_utf8(e, c->label, "code label")) ||
      (rv = acdr_check_utf8(e, c->category, "code category")))
    return rv;
  return 0;
}

static acdr_dcode *code_new(acdr_engine *e, const acdr_dispo_code *c) {
  acdr_dcode *k = acdr_mem_calloc(&e->mem, 1, sizeof(*k));
  int fail = 0;
  size_t i;
  if (!k) return NULL;
  k->id = acdr_dispo_strdup0(e, c->id, &fail);
  k->label = acdr_dispo_strdup0(e, c->label ? c->label : c->id, &fail);
  k->category = acdr_dispo_strdup0(e, c->category ? c->category : "", &fail);
  if (c->nqueues) {
    k->queues = acdr_mem_calloc(&e->mem, c->nqueues, sizeof(char *));
    if (!k->queues) fail = 1;
    else
      for (k->nqueues = c->nqueues, i = 0; i < c->nqueues; i++)
        k->queues[i] = acdr_dispo_strdup0(e, c->queues[i], &fail);
  }
  if (fail) {
    code_free(e, k);
    return NULL;
  }
  k->attrs = c->attrs;
  k->min_ms = c->min_duration_ms;
  k->max_ms = c->max_duration_ms;
  k->auto_end = c->auto_end_reason;
  k->dnc_ms = c->dnc_ms;
  return k;
}

/* The first code (catalog order) attached to each end reason. */
static void refresh_auto(acdr_dispo *d) {
  size_t i;
  memset(d->auto_for, 0, sizeof(d->auto_for));
  for (i = d->ncodes; i-- > 0;)
    if (d->codes[i]->auto_end) d->auto_for[d->codes[i]->auto_end] = d->codes[i];
}

const acdr_dcode *acdr_catalog_find(const acdr_dispo *d, const char *id) {
  return acdr_map_get(&d->code_map, id);
}

static void free_codes(acdr_engine *e, acdr_dcode **codes, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) code_free(e, codes[i]);
  acdr_mem_free(&e->mem, codes);
}

void acdr_catalog_free(acdr_engine *e, acdr_dispo *d) {
  free_codes(e, d->codes, d->ncodes);
  d->codes = NULL;
  d->ncodes = d->capcodes = 0;
  acdr_map_free(&d->code_map, &e->mem);
}

/* Replace the catalog by n codes.  All or nothing. */
static int catalog_replace(acdr_engine *e, const acdr_dispo_code *codes,
                           size_t n) {
  acdr_dispo *d = acdr_dispo_of(e);
  acdr_dcode **nc = NULL;
  acdr_map nm;
  size_t i;
  int rv = 0;
  char where[64];
  if (n && !codes) return acdr_err_null(e, "catalog: codes");
  for (i = 0; i < n; i++) {
    snprintf(where, sizeof(where), "catalog[%zu]", i);
    if ((rv = validate(e, &codes[i], where)) != 0) return rv;
  }
  /* rules must keep their codes */
  for (i = 0; i < d->nrules; i++) {
    size_t j;
    for (j = 0; j < n; j++)
      if (strcmp(codes[j].id, d->rules[i]->code) == 0) break;
    if (j == n)
      return acdr_err(e, ACDR_ERR_IN_USE,
                      "catalog: rule \"%s\" uses code \"%s\", which the new "
                      "catalog lacks",
                      d->rules[i]->id, d->rules[i]->code);
  }
  acdr_map_init(&nm);
  if (acdr_map_reserve(&nm, &e->mem, n) != 0 ||
      !(nc = acdr_mem_calloc(&e->mem, n, sizeof(*nc)))) {
    acdr_map_free(&nm, &e->mem);
    return acdr_err(e, ACDR_ERR_NOMEM, "catalog: out of memory");
  }
  for (i = 0; i < n; i++) {
    if (acdr_map_get(&nm, codes[i].id)) {
      rv = acdr_err(e, ACDR_ERR_DUPLICATE_ID,
                    "catalog[%zu]: code \"%s\" appears twice", i,
                    codes[i].id);
      break;
    }
    if (!(nc[i] = code_new(e, &codes[i]))) {
      rv = acdr_err(e, ACDR_ERR_NOMEM, "catalog: out of memory");
      break;
    }
    (void)acdr_map_put(&nm, &e->mem, nc[i]->id, nc[i]);
  }
  if (rv) {
    free_codes(e, nc, n);
    acdr_map_free(&nm, &e->mem);
    return rv;
  }
  /* commit: rule chains move to the new code of the same id */
  for (i = 0; i < d->ncodes; i++) {
    acdr_dcode *k = acdr_map_get(&nm, d->codes[i]->id);
    if (k) k->rules = d->codes[i]->rules;
  }
  acdr_catalog_free(e, d);
  d->codes = nc;
  d->ncodes = d->capcodes = n;
  d->code_map = nm;
  refresh_auto(d);
  return 0;
}

int acdr_catalog_init(acdr_engine *e, acdr_dispo *d) {
  (void)d;
  return catalog_replace(e, builtin, NBUILTIN);
}

/* acdr_dispo_catalog_set_versioned with an array of old-layout codes:
 * the only versioned entry point that takes an array, so the caller's
 * element size (the stride of its version) differs from the latest one
 * and the array is converted as a whole (util/structlen.h). */
int acdr_catalog_set_old(acdr_engine *e, int version,
                         const acdr_dispo_code *codes, size_t n) {
  acdr_dispo_code *latest;
  int rv;
  if (!codes || !n) /* nothing to convert; NULL with n > 0 is reported */
    return acdr_dispo_catalog_set_versioned(e, ACDR_DISPO_CODE_VERSION,
                                            codes, n);
  if (!(latest = acdr_struct_array_to_latest(ACDR_STRUCT(DISPO_CODE), &e->mem,
                                             &version, codes, n)))
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  rv = acdr_dispo_catalog_set_versioned(e, version, latest, n);
  acdr_mem_free(&e->mem, latest);
  return rv;
}

int acdr_dispo_catalog_set_versioned(acdr_engine *e, int version,
                                     const acdr_dispo_code *codes, size_t n) {
  if (e && acdr_struct_is_old(ACDR_STRUCT(DISPO_CODE), version))
    return acdr_catalog_set_old(e, version, codes, n);
  int rv;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (version != ACDR_DISPO_CODE_VERSION)
    return acdr_err_version(e, version, "catalog: code");
  if ((rv = catalog_replace(e, codes, n)) == 0)
    acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_CATALOG_SET, .ncodes = n,
                                     .codes = codes});
  return rv;
}

int acdr_dispo_catalog_reset(acdr_engine *e) {
  int rv;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if ((rv = catalog_replace(e, builtin, NBUILTIN)) == 0)
    acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_CATALOG_RESET});
  return rv;
}

/* A code given to code add / update: its struct version, then validate. */
static int validate_one(acdr_engine *e, int version, const acdr_dispo_code *c,
                        const char *where) {
  if (version != ACDR_DISPO_CODE_VERSION)
    return acdr_err_version(e, version, "code");
  return validate(e, c, where);
}

int acdr_dispo_code_add_versioned(acdr_engine *e, int version,
                                  const acdr_dispo_code *c) {
  ACDR_STRUCT_IN(DISPO_CODE, acdr_dispo_code, version, c);
  acdr_dispo *d;
  acdr_dcode *k;
  int rv;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  d = acdr_dispo_of(e);
  if ((rv = validate_one(e, version, c, "code add")) != 0) return rv;
  if (acdr_map_get(&d->code_map, c->id))
    return acdr_err(e, ACDR_ERR_DUPLICATE_ID,
                    "code add: code \"%s\" is already in the catalog", c->id);
  if (acdr_map_reserve(&d->code_map, &e->mem, 1) ||
      acdr_mem_grow(&e->mem, (void **)&d->codes, &d->capcodes, d->ncodes + 1,
                    sizeof(*d->codes)) ||
      !(k = code_new(e, c)))
    return acdr_err(e, ACDR_ERR_NOMEM, "code add: out of memory");
  d->codes[d->ncodes++] = k;
  (void)acdr_map_put(&d->code_map, &e->mem, k->id, k);
  refresh_auto(d);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_CODE_ADD, .code = c});
  return 0;
}

static size_t index_of(const acdr_dispo *d, const acdr_dcode *k) {
  size_t i;
  for (i = 0; i < d->ncodes; i++)
    if (d->codes[i] == k) break;
  return i;
}

int acdr_dispo_code_update_versioned(acdr_engine *e, int version,
                                     const acdr_dispo_code *c) {
  ACDR_STRUCT_IN(DISPO_CODE, acdr_dispo_code, version, c);
  acdr_dispo *d;
  acdr_dcode *old, *k;
  int rv;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  d = acdr_dispo_of(e);
  if ((rv = validate_one(e, version, c, "code update")) != 0) return rv;
  if (!(old = acdr_map_get(&d->code_map, c->id)))
    return acdr_err(e, ACDR_ERR_UNKNOWN_CODE,
                    "code update: no code \"%s\" in the catalog", c->id);
  if (!(k = code_new(e, c)))
    return acdr_err(e, ACDR_ERR_NOMEM, "code update: out of memory");
  k->rules = old->rules;
  d->codes[index_of(d, old)] = k;
  (void)acdr_map_put(&d->code_map, &e->mem, k->id, k);
  code_free(e, old);
  refresh_auto(d);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_CODE_UPDATE, .code = c});
  return 0;
}

int acdr_dispo_code_remove(acdr_engine *e, const char *id) {
  acdr_dispo *d;
  acdr_dcode *k;
  size_t i;
  int rv;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  d = acdr_dispo_of(e);
  if ((rv = acdr_check_id(e, id, "disposition code")) != 0) return rv;
  if (!(k = acdr_map_get(&d->code_map, id)))
    return acdr_err(e, ACDR_ERR_UNKNOWN_CODE,
                    "code remove: no code \"%s\" in the catalog", id);
  if (k->rules)
    return acdr_err(e, ACDR_ERR_IN_USE,
                    "code remove: rule \"%s\" uses code \"%s\"",
                    k->rules->id, id);
  i = index_of(d, k);
  memmove(&d->codes[i], &d->codes[i + 1],
          (d->ncodes - i - 1) * sizeof(*d->codes));
  d->ncodes--;
  acdr_map_del(&d->code_map, k->id);
  /* recorded before the free: id may be the engine's own string */
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_CODE_REMOVE, .code_id = id});
  code_free(e, k);
  refresh_auto(d);
  return 0;
}

void acdr_catalog_fill(const acdr_dcode *k, acdr_dispo_code *out) {
  memset(out, 0, sizeof(*out));
  out->id = k->id;
  out->label = k->label;
  out->category = k->category;
  out->attrs = k->attrs;
  out->queues = (const char *const *)k->queues;
  out->nqueues = k->nqueues;
  out->min_duration_ms = k->min_ms;
  out->max_duration_ms = k->max_ms;
  out->auto_end_reason = k->auto_end;
  out->dnc_ms = k->dnc_ms;
}

int acdr_dispo_code_get_versioned(acdr_engine *e, const char *id,
                                  int version, acdr_dispo_code *out) {
  ACDR_GETTER_OPEN(DISPO_CODE, acdr_dispo_code, "code get", "code",
                   acdr_dispo_code_get_versioned(e, id,
                                                 ACDR_DISPO_CODE_VERSION,
                                                 &acdr_latest_));
  const acdr_dcode *k;
  if ((rv = acdr_check_id(e, id, "disposition code")) != 0) return rv;
  if (!(k = acdr_catalog_find(acdr_dispo_of(e), id)))
    return acdr_err(e, ACDR_ERR_UNKNOWN_CODE,
                    "no code \"%s\" in the catalog", id);
  acdr_catalog_fill(k, out);
  return 0;
}

size_t acdr_dispo_code_count(const acdr_engine *e) {
  return e ? acdr_dispo_of(e)->ncodes : 0;
}

int acdr_dispo_code_at_versioned(acdr_engine *e, size_t index, int version,
                                 acdr_dispo_code *out) {
  ACDR_GETTER_OPEN(DISPO_CODE, acdr_dispo_code, "code at", "code",
                   acdr_dispo_code_at_versioned(e, index,
                                                ACDR_DISPO_CODE_VERSION,
                                                &acdr_latest_));
  acdr_dispo *d;
  d = acdr_dispo_of(e);
  if (index >= d->ncodes)
    return acdr_err(e, ACDR_ERR_RANGE, "code at: index %zu >= %zu codes",
                    index, d->ncodes);
  acdr_catalog_fill(d->codes[index], out);
  return 0;
}

int acdr_catalog_allowed(acdr_engine *e, const char *code,
                         const char *queue_id, int64_t duration_ms,
                         const char *contact_id) {
  const acdr_dcode *k = acdr_catalog_find(acdr_dispo_of(e), code);
  size_t i;
  if (!k)
    return acdr_err(e, ACDR_ERR_UNKNOWN_CODE,
                    "contact \"%s\": no code \"%s\" in the catalog",
                    contact_id, code);
  if (k->nqueues) {
    for (i = 0; i < k->nqueues; i++)
      if (queue_id && strcmp(k->queues[i], queue_id) == 0) break;
    if (i == k->nqueues)
      return acdr_err(e, ACDR_ERR_CODE_NOT_ALLOWED,
                      "contact \"%s\": code \"%s\" is not allowed on queue "
                      "\"%s\"",
                      contact_id, code, queue_id ? queue_id : "");
  }
  if ((k->min_ms && duration_ms < k->min_ms) ||
      (k->max_ms && duration_ms > k->max_ms))
    return acdr_err(e, ACDR_ERR_CODE_NOT_ALLOWED,
                    "contact \"%s\": code \"%s\" needs a conversation of "
                    "%lld..%lld ms, this one lasted %lld ms",
                    contact_id, code, (long long)k->min_ms,
                    (long long)k->max_ms, (long long)duration_ms);
  return 0;
}
