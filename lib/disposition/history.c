/* SPDX-License-Identifier: MIT */
/* Records of closed contacts (a bounded history keyed by contact id, the
 * oldest dropped first) and the log of corrections (a bounded ring). */
#include <string.h>

#include "core/internal.h"
#include "disposition/disposition_int.h"

static size_t istr_at(size_t len) { return (len + 1 + 7) & ~(size_t)7; }

static acdr_istr *istr_of(const char *s) {
  return (acdr_istr *)(void *)(s + istr_at(strlen(s)));
}

char *acdr_dispo_intern(acdr_engine *e, const char *s, int *fail) {
  acdr_dispo *d = acdr_dispo_of(e);
  char *p;
  acdr_istr *v;
  size_t n;
  if (!s) return NULL;
  if ((p = acdr_map_get(&d->strs, s)) != NULL) {
    istr_of(p)->refs++;
    return p;
  }
  n = strlen(s);
  if (acdr_map_reserve(&d->strs, &e->mem, 1) != 0 ||
      !(p = acdr_mem_malloc(&e->mem, istr_at(n) + sizeof(acdr_istr)))) {
    *fail = 1;
    return NULL;
  }
  memcpy(p, s, n + 1);
  v = istr_of(p);
  v->pool = &d->strs;
  v->refs = 1;
  (void)acdr_map_put(&d->strs, &e->mem, p, p);
  return p;
}

void acdr_dispo_unintern(acdr_engine *e, const char *s) {
  acdr_istr *v;
  if (!s) return;
  v = istr_of(s);
  if (--v->refs) return;
  if (v->pool) acdr_map_del(v->pool, s);
  /* actions waiting for delivery may point at the string */
  acdr_defer_free(e, (char *)s);
}

void acdr_history_free_codes(acdr_engine *e, char *primary, char **tags,
                             size_t ntags) {
  size_t i;
  acdr_dispo_unintern(e, primary);
  for (i = 0; i < ntags; i++) acdr_dispo_unintern(e, tags[i]);
  acdr_mem_free(&e->mem, tags);
}

void acdr_history_free_record(acdr_engine *e, acdr_drec *r) {
  if (!r) return;
  acdr_rules_detach_all(r);
  acdr_history_free_codes(e, r->primary, r->tags, r->ntags);
  acdr_kv_free(e, r->cattrs, r->ncattrs);
  acdr_defer_free(e, r->contact_id); /* agent_id with it */
  acdr_dispo_unintern(e, r->queue_id);
  acdr_defer_free(e, r->customer_id);
  acdr_mem_free(&e->mem, r);
}

int acdr_history_set_ids(acdr_engine *e, acdr_drec *r, const char *contact_id,
                         const char *agent_id) {
  size_t lc = strlen(contact_id) + 1, la = agent_id ? strlen(agent_id) + 1 : 0;
  char *p = acdr_mem_malloc(&e->mem, lc + la);
  if (!p) return ACDR_ERR_NOMEM;
  memcpy(p, contact_id, lc);
  if (agent_id) memcpy(p + lc, agent_id, la);
  acdr_defer_free(e, r->contact_id);
  r->contact_id = p;
  r->agent_id = agent_id ? p + lc : NULL;
  return 0;
}

int acdr_history_copy_codes(acdr_engine *e, const char *primary,
                            const char *const *tags, size_t ntags,
                            char **pprimary, char ***ptags) {
  char *p = NULL, **t = NULL;
  int fail = 0;
  size_t i;
  p = acdr_dispo_intern(e, primary, &fail);
  if (ntags && !fail) {
    if (!(t = acdr_mem_calloc(&e->mem, ntags, sizeof(*t))))
      fail = 1;
    else
      for (i = 0; i < ntags && !fail; i++)
        t[i] = acdr_dispo_intern(e, tags[i], &fail);
  }
  if (fail) {
    acdr_history_free_codes(e, p, t, t ? ntags : 0);
    return ACDR_ERR_NOMEM;
  }
  *pprimary = p;
  *ptags = t;
  return 0;
}

int acdr_history_codes_contain(const char *primary, char *const *tags, size_t ntags,
                               const char *code) {
  size_t i;
  if (primary && strcmp(primary, code) == 0) return 1;
  for (i = 0; i < ntags; i++)
    if (strcmp(tags[i], code) == 0) return 1;
  return 0;
}

char *acdr_history_join(acdr_engine *e, const char *primary, char *const *tags,
                        size_t ntags) {
  size_t n = 1, i;
  char *s, *p;
  if (primary) n += strlen(primary);
  for (i = 0; primary && i < ntags; i++) n += 1 + strlen(tags[i]);
  if (!(s = acdr_mem_malloc(&e->mem, n))) return NULL;
  p = s;
  if (primary) {
    memcpy(p, primary, strlen(primary));
    p += strlen(primary);
    for (i = 0; i < ntags; i++) {
      *p++ = ' ';
      memcpy(p, tags[i], strlen(tags[i]));
      p += strlen(tags[i]);
    }
  }
  *p = '\0';
  return s;
}

acdr_drec *acdr_history_find(const acdr_dispo *d, const char *contact_id) {
  return acdr_map_get(&d->history, contact_id);
}

static void unlink_entry(acdr_dispo *d, acdr_drec *r) {
  if (r->older) r->older->newer = r->newer;
  else d->oldest = r->newer;
  if (r->newer) r->newer->older = r->older;
  else d->newest = r->older;
  r->older = r->newer = NULL;
  r->in_history = 0;
  d->nhistory--;
}

/* Drop an entry from the history; a record whose contact struct still
 * exists (closed during this call) is freed with the contact. */
static void evict(acdr_engine *e, acdr_dispo *d, acdr_drec *r) {
  acdr_map_del(&d->history, r->contact_id);
  unlink_entry(d, r);
  if (!r->contact) acdr_history_free_record(e, r);
}

void acdr_history_push(acdr_engine *e, acdr_drec *r) {
  acdr_dispo *d = acdr_dispo_of(e);
  acdr_drec *old;
  if (!r->contact_id) return;
  if (acdr_map_reserve(&d->history, &e->mem, 1) != 0) {
    d->dropped++;
    return;
  }
  /* contact ids are unique among live contacts only: a newer contact of
   * the same id replaces the older record */
  if ((old = acdr_map_get(&d->history, r->contact_id)) != NULL)
    evict(e, d, old);
  (void)acdr_map_put(&d->history, &e->mem, r->contact_id, r);
  r->older = d->newest;
  r->newer = NULL;
  if (d->newest) d->newest->newer = r;
  else d->oldest = r;
  d->newest = r;
  r->in_history = 1;
  d->nhistory++;
  acdr_history_trim(e);
}

void acdr_history_trim(acdr_engine *e) {
  acdr_dispo *d = acdr_dispo_of(e);
  while (d->nhistory > d->history_limit) evict(e, d, d->oldest);
}

void acdr_history_free(acdr_engine *e, acdr_dispo *d) {
  while (d->oldest) {
    acdr_drec *r = d->oldest;
    unlink_entry(d, r);
    if (r->contact) r->contact->disposition = NULL;
    acdr_history_free_record(e, r);
  }
  acdr_map_free(&d->history, &e->mem);
  /* strings still held (live contacts' records) outlive the pool */
  {
    size_t i;
    const char *k;
    void *v;
    for (i = 0; acdr_map_next(&d->strs, &i, &k, &v);)
      istr_of(k)->pool = NULL;
    acdr_map_free(&d->strs, &e->mem);
  }
}

/* --- change log: a ring of change_limit entries --- */

static void change_free(acdr_engine *e, acdr_dchange *c) {
  acdr_mem_free(&e->mem, c->contact_id);
  acdr_mem_free(&e->mem, c->old_codes);
  acdr_mem_free(&e->mem, c->new_codes);
}

void acdr_history_changes_log(acdr_engine *e, char *contact_id, char *old_codes,
                              char *new_codes, acdr_tstamp time) {
  acdr_dispo *d = acdr_dispo_of(e);
  acdr_dchange c;
  c.contact_id = contact_id;
  c.old_codes = old_codes;
  c.new_codes = new_codes;
  c.time = time;
  if (!d->change_limit || !contact_id || !old_codes || !new_codes) {
    if (d->change_limit) d->dropped++;
    change_free(e, &c);
    return;
  }
  if (!d->changes) {
    d->changes = acdr_mem_calloc(&e->mem, d->change_limit, sizeof(c));
    if (!d->changes) {
      d->dropped++;
      change_free(e, &c);
      return;
    }
    d->capchanges = d->change_limit;
  }
  if (d->nchanges >= d->change_limit || d->nchanges == d->capchanges) {
    change_free(e, &d->changes[d->change_head]); /* the oldest goes */
    d->change_head = (d->change_head + 1) % d->capchanges;
    d->nchanges--;
  }
  d->changes[(d->change_head + d->nchanges) % d->capchanges] = c;
  d->nchanges++;
}

/* After a limit change: keep the newest entries in a ring of the new
 * size (allocated lazily by the next log). */
void acdr_history_changes_trim(acdr_engine *e) {
  acdr_dispo *d = acdr_dispo_of(e);
  acdr_dchange *nc = NULL;
  size_t keep, i;
  if (!d->changes) return;
  keep = d->nchanges < d->change_limit ? d->nchanges : d->change_limit;
  if (keep && !(nc = acdr_mem_calloc(&e->mem, d->change_limit, sizeof(*nc)))) {
    /* cannot reallocate: keep the old ring, dropping the oldest entries
     * down to the limit */
    while (d->nchanges > keep) {
      change_free(e, &d->changes[d->change_head]);
      d->change_head = (d->change_head + 1) % d->capchanges;
      d->nchanges--;
    }
    return;
  }
  for (i = 0; i < d->nchanges; i++) {
    acdr_dchange *c = &d->changes[(d->change_head + i) % d->capchanges];
    if (i < d->nchanges - keep) change_free(e, c);
    else nc[i - (d->nchanges - keep)] = *c;
  }
  acdr_mem_free(&e->mem, d->changes);
  d->changes = nc;
  d->capchanges = nc ? d->change_limit : 0;
  d->nchanges = keep;
  d->change_head = 0;
}

void acdr_history_changes_free(acdr_engine *e, acdr_dispo *d) {
  size_t i;
  for (i = 0; i < d->nchanges; i++)
    change_free(e, &d->changes[(d->change_head + i) % d->capchanges]);
  acdr_mem_free(&e->mem, d->changes);
  d->changes = NULL;
  d->nchanges = d->change_head = d->capchanges = 0;
}

size_t acdr_dispo_change_count(const acdr_engine *e) {
  return e ? acdr_dispo_of(e)->nchanges : 0;
}

int acdr_dispo_change_at(const acdr_engine *e, size_t index,
                         acdr_dispo_change *out) {
  const acdr_dispo *d;
  const acdr_dchange *c;
  if (!e || !out) return ACDR_ERR_INVALID_ARGUMENT;
  d = acdr_dispo_of(e);
  if (index >= d->nchanges) return ACDR_ERR_RANGE;
  c = &d->changes[(d->change_head + index) % d->capchanges];
  out->contact_id = c->contact_id;
  out->old_codes = c->old_codes;
  out->new_codes = c->new_codes;
  out->time = c->time;
  return 0;
}
