/* SPDX-License-Identifier: MIT */
/* The do-not-contact list: a hash map from key (customer id or phone
 * number) to entry, plus a min-heap of the entries that expire, so an
 * expired entry is found without scanning.  Expired entries go lazily: the
 * key checked, plus a few of the oldest on every call (bounded sweep). */
#include <string.h>

#include "core/internal.h"
#include "core/event.h"
#include "disposition/disposition_int.h"

#define SWEEP_PER_CALL 16

typedef acdr_dnc_entry dnc_entry;

static int entry_less(const void *a, const void *b) {
  const dnc_entry *x = a, *y = b;
  if (x->until != y->until) return x->until < y->until;
  return strcmp(x->key, y->key) < 0; /* keys are unique: a total order */
}

static void entry_setidx(void *it, size_t idx) {
  ((dnc_entry *)it)->heap_idx = idx;
}

void acdr_dnc_init_state(acdr_dispo *d) {
  acdr_map_init(&d->dnc);
  acdr_heap_init(&d->dnc_heap, entry_less, entry_setidx);
}

static void free_entries(acdr_engine *e, acdr_dispo *d) {
  size_t i;
  const char *k;
  void *v;
  for (i = 0; acdr_map_next(&d->dnc, &i, &k, &v);) acdr_mem_free(&e->mem, v);
}

void acdr_dnc_free_state(acdr_engine *e, acdr_dispo *d) {
  free_entries(e, d);
  acdr_map_free(&d->dnc, &e->mem);
  acdr_heap_free(&d->dnc_heap, &e->mem);
}

static void drop(acdr_engine *e, acdr_dispo *d, dnc_entry *x) {
  if (x->heap_idx != ACDR_HEAP_NONE) acdr_heap_remove(&d->dnc_heap, x->heap_idx);
  acdr_map_del(&d->dnc, x->key);
  acdr_mem_free(&e->mem, x);
}

void acdr_dnc_sweep(acdr_engine *e, acdr_tstamp now, size_t max) {
  acdr_dispo *d = acdr_dispo_of(e);
  size_t n = 0;
  dnc_entry *x;
  while ((x = acdr_heap_top(&d->dnc_heap)) != NULL && x->until <= now &&
         (max == 0 || n++ < max))
    drop(e, d, x);
}

int acdr_dnc_put(acdr_engine *e, const char *key, acdr_tstamp until) {
  acdr_dispo *d = acdr_dispo_of(e);
  dnc_entry *x = acdr_map_get(&d->dnc, key);
  size_t n;
  if (x && x->until <= e->now) { /* expired: as if absent */
    drop(e, d, x);
    x = NULL;
  }
  if (x) {
    if (until <= x->until) return 0; /* the later expiry wins */
    if (until == ACDR_TSTAMP_MAX) {
      acdr_heap_remove(&d->dnc_heap, x->heap_idx);
      x->until = until;
    } else {
      x->until = until;
      acdr_heap_update(&d->dnc_heap, x->heap_idx);
    }
    return 0;
  }
  n = strlen(key) + 1;
  if (acdr_map_reserve(&d->dnc, &e->mem, 1) != 0 ||
      (until != ACDR_TSTAMP_MAX &&
       acdr_heap_reserve(&d->dnc_heap, &e->mem, 1) != 0) ||
      !(x = acdr_mem_malloc(&e->mem, sizeof(*x) + n)))
    return ACDR_ERR_NOMEM;
  memcpy(x->key, key, n);
  x->until = until;
  x->heap_idx = ACDR_HEAP_NONE;
  (void)acdr_map_put(&d->dnc, &e->mem, x->key, x);
  if (until != ACDR_TSTAMP_MAX) (void)acdr_heap_push(&d->dnc_heap, &e->mem, x);
  return 0;
}

static int check_key(acdr_engine *e, const char *key) {
  return acdr_check_id(e, key, "do-not-contact key");
}

int acdr_dnc_add(acdr_engine *e, const char *key, int64_t duration_ms,
                 acdr_tstamp now) {
  int rv = acdr_enter(e, now);
  if (rv) return rv;
  if ((rv = check_key(e, key)) != 0) return acdr_leave(e, rv);
  if (duration_ms < 0 || duration_ms > ACDR_DISPO_MAX_MS)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                                  "do-not-contact \"%s\": duration %lld ms "
                                  "outside 0..%lld",
                                  key, (long long)duration_ms,
                                  (long long)ACDR_DISPO_MAX_MS));
  if (acdr_dnc_put(e, key,
                   duration_ms ? acdr_dispo_after(now, duration_ms)
                               : ACDR_TSTAMP_MAX) != 0) {
    rv = acdr_err(e, ACDR_ERR_NOMEM, "do-not-contact \"%s\": out of memory",
                  key);
  } else {
    /* expired entries go only once the call succeeded: a refused call
     * leaves the list as it was */
    acdr_dnc_sweep(e, now, SWEEP_PER_CALL);
    acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_DNC_ADD, .key = key,
                                     .duration_ms = duration_ms});
  }
  return acdr_leave(e, rv);
}

int acdr_dnc_remove(acdr_engine *e, const char *key) {
  acdr_dispo *d;
  dnc_entry *x;
  int rv;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  d = acdr_dispo_of(e);
  if ((rv = check_key(e, key)) != 0) return rv;
  if (!(x = acdr_map_get(&d->dnc, key)) || x->until <= e->now)
    return acdr_err(e, ACDR_ERR_NOT_FOUND,
                    "\"%s\" is not on the do-not-contact list", key);
  drop(e, d, x);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_DNC_REMOVE, .key = key});
  return 0;
}

int acdr_dnc_check(acdr_engine *e, const char *key, acdr_tstamp now,
                   int32_t *contactable, acdr_tstamp *until) {
  acdr_dispo *d;
  dnc_entry *x;
  int rv = acdr_enter(e, now);
  if (rv) return rv;
  d = acdr_dispo_of(e);
  if ((rv = check_key(e, key)) != 0) return acdr_leave(e, rv);
  if (!contactable)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                                  "do-not-contact check: contactable is "
                                  "NULL"));
  if ((x = acdr_map_get(&d->dnc, key)) != NULL && x->until <= now) {
    drop(e, d, x);
    x = NULL;
  }
  *contactable = x ? 0 : 1;
  if (until) *until = x ? x->until : 0;
  acdr_dnc_sweep(e, now, SWEEP_PER_CALL);
  return acdr_leave(e, 0);
}

/* The core's may_contact service (outbound requests): an expired entry
 * counts as absent and goes. */
int acdr_dnc_may_contact(acdr_engine *e, const char *key, acdr_tstamp *until) {
  acdr_dispo *d = acdr_dispo_of(e);
  dnc_entry *x;
  if (!d || !(x = acdr_map_get(&d->dnc, key))) return 1;
  if (x->until <= e->now) {
    drop(e, d, x);
    return 1;
  }
  *until = x->until;
  return 0;
}

int acdr_dnc_count(acdr_engine *e, acdr_tstamp now, uint64_t *count) {
  int rv = acdr_enter(e, now);
  if (rv) return rv;
  if (!count)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                                  "do-not-contact count: count is NULL"));
  acdr_dnc_sweep(e, now, 0); /* each entry is swept once: amortised O(1) */
  *count = acdr_dispo_of(e)->dnc.len;
  return acdr_leave(e, 0);
}

int acdr_dnc_clear(acdr_engine *e) {
  acdr_dispo *d;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  d = acdr_dispo_of(e);
  free_entries(e, d);
  acdr_map_free(&d->dnc, &e->mem);
  d->dnc_heap.len = 0;
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_DNC_CLEAR});
  return 0;
}
