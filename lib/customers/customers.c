/* SPDX-License-Identifier: MIT */
/* The customer memory: entries, bounds, and the hooks that feed it (an
 * answered contact names the customer's last agent, an ended one joins
 * its history) and read it (the known agents of an arriving contact). */
#include <string.h>

#include "core/event.h"
#include "core/internal.h"
#include "customers/customers_int.h"

/* What a map slot costs besides the entry (hashmap.h: key, value, hash). */
#define MAP_SLOT_BYTES 24

static size_t slen(const char *s) { return s ? strlen(s) + 1 : 0; }

static size_t entry_bytes(const acdr_cust *c) {
  size_t n = sizeof(*c) + strlen(c->id) + 1 + MAP_SLOT_BYTES + slen(c->owner);
  uint32_t i;
  for (i = 0; i < ACDR_CUST_QUEUES; i++)
    n += slen(c->last[i].queue) + slen(c->last[i].agent);
  for (i = 0; i < ACDR_CHANNEL_COUNT; i++) n += slen(c->last_ch[i]);
  n += (size_t)c->caphist * sizeof(*c->hist);
  for (i = 0; i < c->nhist; i++) n += c->hist[i]->size;
  return n;
}

static void recount(acdr_customers *st, acdr_cust *c) {
  st->bytes -= c->bytes;
  c->bytes = entry_bytes(c);
  st->bytes += c->bytes;
}

static void unlink_entry(acdr_customers *st, acdr_cust *c) {
  if (c->older) c->older->newer = c->newer;
  else st->oldest = c->newer;
  if (c->newer) c->newer->older = c->older;
  else st->newest = c->older;
  c->older = c->newer = NULL;
}

static void link_newest(acdr_customers *st, acdr_cust *c) {
  c->older = st->newest;
  c->newer = NULL;
  if (st->newest) st->newest->newer = c;
  else st->oldest = c;
  st->newest = c;
}

static void entry_free(acdr_engine *e, acdr_cust *c) {
  uint32_t i;
  acdr_mem_free(&e->mem, c->owner);
  for (i = 0; i < ACDR_CUST_QUEUES; i++) {
    acdr_mem_free(&e->mem, c->last[i].queue);
    acdr_mem_free(&e->mem, c->last[i].agent);
  }
  for (i = 0; i < ACDR_CHANNEL_COUNT; i++) acdr_mem_free(&e->mem, c->last_ch[i]);
  for (i = 0; i < c->nhist; i++) acdr_mem_free(&e->mem, c->hist[i]);
  acdr_mem_free(&e->mem, c->hist);
  acdr_mem_free(&e->mem, c);
}

void acdr_cust_drop(acdr_engine *e, acdr_cust *c, int counted) {
  acdr_customers *st = acdr_cust_of(e);
  unlink_entry(st, c);
  (void)acdr_map_del(&st->map, c->id);
  st->bytes -= c->bytes;
  if (counted) st->forgotten++;
  entry_free(e, c);
}

static void expire(acdr_engine *e) {
  acdr_customers *st = acdr_cust_of(e);
  acdr_tstamp span;
  if (!st->expiry_ms) return;
  span = (acdr_tstamp)st->expiry_ms * ACDR_MILLISECONDS;
  while (st->oldest && e->now >= st->oldest->seen &&
         e->now - st->oldest->seen >= span)
    acdr_cust_drop(e, st->oldest, 1);
}

void acdr_cust_bound(acdr_engine *e, const acdr_cust *keep) {
  acdr_customers *st = acdr_cust_of(e);
  expire(e);
  while (st->oldest && st->oldest != keep &&
         (st->map.len > st->max ||
          (st->max_bytes && st->bytes > st->max_bytes)))
    acdr_cust_drop(e, st->oldest, 1);
}

acdr_cust *acdr_cust_find(acdr_engine *e, const char *id) {
  acdr_customers *st = acdr_cust_of(e);
  if (!st || !id) return NULL;
  expire(e);
  return acdr_map_get(&st->map, id);
}

acdr_cust *acdr_cust_get(acdr_engine *e, const char *id) {
  acdr_customers *st = acdr_cust_of(e);
  acdr_cust *c;
  size_t n;
  if (!st || !st->max) return NULL;
  if ((c = acdr_cust_find(e, id))) return c;
  n = strlen(id) + 1;
  if (acdr_map_reserve(&st->map, &e->mem, 1) != 0 ||
      !(c = acdr_mem_calloc(&e->mem, 1, sizeof(*c) + n)))
    return NULL;
  memcpy(c->id, id, n);
  c->seen = e->now;
  (void)acdr_map_put(&st->map, &e->mem, c->id, c);
  link_newest(st, c);
  recount(st, c);
  return c;
}

void acdr_cust_touch(acdr_engine *e, acdr_cust *c, acdr_tstamp when) {
  acdr_customers *st = acdr_cust_of(e);
  c->seen = when;
  unlink_entry(st, c);
  link_newest(st, c);
  recount(st, c);
}

int acdr_cust_str(acdr_engine *e, char **slot, const char *s) {
  char *d = NULL;
  if (s && !(d = acdr_mem_strdup(&e->mem, s))) return ACDR_ERR_NOMEM;
  acdr_mem_free(&e->mem, *slot);
  *slot = d;
  return 0;
}

int acdr_cust_last_set(acdr_engine *e, acdr_cust *c, const char *queue,
                       int32_t channel, const char *agent) {
  acdr_cust_last x = {NULL, NULL};
  uint32_t i, at;
  if (channel >= 0 && channel < ACDR_CHANNEL_COUNT &&
      acdr_cust_str(e, &c->last_ch[channel], agent) != 0)
    return ACDR_ERR_NOMEM;
  if (!queue) return 0;
  for (at = 0; at < ACDR_CUST_QUEUES; at++)
    if (!c->last[at].queue || strcmp(c->last[at].queue, queue) == 0) break;
  if (at == ACDR_CUST_QUEUES) { /* full: the queue used longest ago goes */
    at = ACDR_CUST_QUEUES - 1;
    acdr_mem_free(&e->mem, c->last[at].queue);
    acdr_mem_free(&e->mem, c->last[at].agent);
    c->last[at].queue = c->last[at].agent = NULL;
  }
  x = c->last[at];
  if ((!x.queue && acdr_cust_str(e, &x.queue, queue) != 0) ||
      acdr_cust_str(e, &x.agent, agent) != 0) {
    if (!c->last[at].queue) acdr_mem_free(&e->mem, x.queue);
    return ACDR_ERR_NOMEM;
  }
  for (i = at; i > 0; i--) c->last[i] = c->last[i - 1];
  c->last[0] = x;
  return 0;
}

static size_t tags_len(const char *const *tags, size_t n) {
  size_t i, len = 0;
  for (i = 0; tags && i < n; i++)
    if (tags[i]) len += strlen(tags[i]) + 1;
  return len;
}

int acdr_cust_hist_add(acdr_engine *e, acdr_cust *c, const char *contact,
                       const char *queue, const char *agent,
                       const char *code, const char *tags, int32_t channel,
                       int32_t end_reason, acdr_tstamp arrival,
                       acdr_tstamp ended) {
  acdr_customers *st = acdr_cust_of(e);
  size_t n = sizeof(acdr_chist) + slen(contact) + slen(queue) + slen(agent) +
             slen(code) + slen(tags);
  acdr_chist *h;
  char *p;
  if (!st->history) return 0;
  if (c->caphist < st->history) {
    acdr_chist **nh = acdr_mem_realloc(&e->mem, c->hist,
                                       st->history * sizeof(*nh));
    if (!nh) return ACDR_ERR_NOMEM;
    c->hist = nh;
    c->caphist = st->history;
  }
  if (!(h = acdr_mem_calloc(&e->mem, 1, n))) return ACDR_ERR_NOMEM;
  h->size = n;
  h->arrival = arrival;
  h->ended = ended;
  h->channel = channel;
  h->end_reason = end_reason;
  p = h->s;
  memcpy(p, contact, slen(contact));
  p += slen(contact);
#define PUT(S, F)                                                            \
  if (S) {                                                                   \
    memcpy(p, S, slen(S));                                                   \
    F = p;                                                                   \
    p += slen(S);                                                            \
  }
  PUT(queue, h->queue);
  PUT(agent, h->agent);
  PUT(code, h->code);
  PUT(tags, h->tags);
#undef PUT
  if (c->nhist >= st->history) {
    acdr_mem_free(&e->mem, c->hist[0]);
    memmove(c->hist, c->hist + 1, (c->nhist - 1) * sizeof(*c->hist));
    c->nhist--;
  }
  c->hist[c->nhist++] = h;
  return 0;
}

/* Keep only the last `keep` contacts of c. */
static void hist_trim(acdr_engine *e, acdr_cust *c, uint32_t keep) {
  uint32_t i, drop;
  if (c->nhist <= keep) return;
  drop = c->nhist - keep;
  for (i = 0; i < drop; i++) acdr_mem_free(&e->mem, c->hist[i]);
  memmove(c->hist, c->hist + drop, keep * sizeof(*c->hist));
  c->nhist = keep;
  if (!keep) {
    acdr_mem_free(&e->mem, c->hist);
    c->hist = NULL;
    c->caphist = 0;
  }
}

int acdr_cust_set_limits(acdr_engine *e, uint32_t max, int64_t expiry_ms,
                         uint64_t max_bytes, uint32_t history) {
  acdr_customers *st = acdr_cust_of(e);
  acdr_cust *c, *next;
  if (max > ACDR_CUSTOMER_MAX)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "customer memory: max_customers %u > %u", max,
                    ACDR_CUSTOMER_MAX);
  if (expiry_ms < 0 || expiry_ms > ACDR_CUSTOMER_EXPIRY_MAX_MS)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "customer memory: expiry_ms %lld outside 0..%lld",
                    (long long)expiry_ms,
                    (long long)ACDR_CUSTOMER_EXPIRY_MAX_MS);
  if (history > ACDR_CUSTOMER_HISTORY_MAX)
    return acdr_err(e, ACDR_ERR_RANGE, "customer memory: history %u > %u",
                    history, ACDR_CUSTOMER_HISTORY_MAX);
  st->max = max;
  st->expiry_ms = expiry_ms;
  st->max_bytes = max_bytes;
  st->history = history;
  for (c = st->oldest; c; c = next) {
    next = c->newer;
    hist_trim(e, c, history);
    recount(st, c);
  }
  acdr_cust_bound(e, NULL);
  return 0;
}

/* ---- hooks ---- */

static void on_contact(acdr_engine *e, const acdr_contact_hook *hk) {
  acdr_customers *st = acdr_cust_of(e);
  acdr_contact *k = hk->contact;
  const char *cid = acdr_contact_customer(k);
  acdr_cust *c;
  if (!st || !st->max || !cid) return;
  if (hk->kind == ACDR_HOOK_ANSWERED && hk->agent) {
    /* out of memory: the customer is not remembered this time (the
     * contact goes on; a hook never fails) */
    if (!(c = acdr_cust_get(e, cid))) return;
    (void)acdr_cust_last_set(e, c, k->queue ? k->queue->id : NULL,
                             k->channel, hk->agent->id);
    acdr_cust_touch(e, c, e->now);
    acdr_cust_bound(e, c);
  } else if (hk->kind == ACDR_HOOK_ENDED) {
    const acdr_disp_summary *d = hk->disposition;
    char buf[256], *tags = NULL;
    size_t tl = d ? tags_len(d->tags, d->ntags) : 0, i, at = 0;
    if (!(c = acdr_cust_get(e, cid))) return;
    if (tl) {
      tags = tl <= sizeof buf ? buf : acdr_mem_malloc(&e->mem, tl);
      for (i = 0; tags && i < d->ntags; i++) {
        size_t n;
        if (!d->tags[i]) continue;
        if (at) tags[at - 1] = ',';
        n = strlen(d->tags[i]);
        memcpy(tags + at, d->tags[i], n + 1);
        at += n + 1;
      }
    }
    (void)acdr_cust_hist_add(
        e, c, k->id, k->queue ? k->queue->id : NULL,
        hk->agent ? hk->agent->id : (k->agent ? k->agent->id : NULL),
        d ? d->primary : NULL, at ? tags : NULL, k->channel, k->end_reason,
        k->arrival, e->now);
    if (tags && tags != buf) acdr_mem_free(&e->mem, tags);
    acdr_cust_touch(e, c, e->now);
    acdr_cust_bound(e, c);
  }
}

/* Known agents of an arriving contact: owner, then the last agent of its
 * queue (else of its channel).  The CRM hook names an owner the memory
 * does not know; it is remembered and logged as an owner change. */
static size_t known_agents(acdr_engine *e, const acdr_contact *k,
                           acdr_queue *q, const char **ids, uint8_t *kinds,
                           size_t max) {
  acdr_customers *st = acdr_cust_of(e);
  const char *cid = acdr_contact_customer(k), *last = NULL;
  acdr_cust *c;
  size_t n = 0;
  uint32_t i;
  if (!st || !st->max || !cid || !max) return 0;
  c = acdr_cust_find(e, cid);
  if ((!c || !c->owner) && st->lookup) {
    const char *own = st->lookup(st->lookup_user, cid);
    if (own && *own && strlen(own) <= e->opt.max_id_len &&
        acdr_check_utf8(e, own, "owner") == 0 &&
        (c || (c = acdr_cust_get(e, cid))) &&
        acdr_cust_str(e, &c->owner, own) == 0) {
      acdr_cust_touch(e, c, e->now);
      acdr_cust_bound(e, c);
      acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_CUSTOMER_OWNER,
                                       .key = cid, .agent = c->owner});
    }
  }
  if (!c) return 0;
  if (c->owner) {
    ids[n] = c->owner;
    kinds[n++] = ACDR_KNOWN_OWNER;
  }
  for (i = 0; i < ACDR_CUST_QUEUES && c->last[i].queue; i++)
    if (strcmp(c->last[i].queue, q->id) == 0) {
      last = c->last[i].agent;
      break;
    }
  if (!last && q->def.channel >= 0 && q->def.channel < ACDR_CHANNEL_COUNT)
    last = c->last_ch[q->def.channel];
  if (last && n < max) {
    ids[n] = last;
    kinds[n++] = ACDR_KNOWN_LAST;
  }
  return n;
}

static void state_free(acdr_engine *e, acdr_customers *st) {
  acdr_cust *c, *next;
  if (!st) return;
  for (c = st->oldest; c; c = next) {
    next = c->newer;
    entry_free(e, c);
  }
  acdr_map_free(&st->map, &e->mem);
  acdr_mem_free(&e->mem, st);
}

static void on_free(acdr_engine *e, void *st) { state_free(e, st); }

const acdr_module_vt acdr_customers_module = {
    .name = "customers",
    .free = on_free,
    .contact = on_contact,
    .known_agents = known_agents,
};

static acdr_customers *state_new(acdr_engine *e) {
  acdr_customers *st = acdr_mem_calloc(&e->mem, 1, sizeof(*st));
  if (!st) return NULL;
  acdr_map_init(&st->map);
  st->expiry_ms = ACDR_CUST_EXPIRY_DEFAULT_MS;
  st->history = ACDR_CUST_HISTORY_DEFAULT;
  return st;
}

int acdr_customers_attach(acdr_engine *e) {
  acdr_customers *st = state_new(e);
  int rv;
  if (!st) return ACDR_ERR_NOMEM;
  if ((rv = acdr_module_attach(e, &acdr_customers_module, st)) != 0)
    state_free(e, st);
  return rv;
}

void acdr_customers_reset(acdr_engine *e) {
  acdr_customers *st = acdr_cust_of(e), *fresh;
  acdr_cust *c, *next;
  if (!st) return;
  for (c = st->oldest; c; c = next) {
    next = c->newer;
    acdr_cust_drop(e, c, 0);
  }
  if ((fresh = state_new(e))) { /* settings back to the defaults */
    fresh->lookup = st->lookup;
    fresh->lookup_user = st->lookup_user;
    acdr_cust_set_state(e, fresh);
    state_free(e, st);
  }
  st = acdr_cust_of(e);
  st->forgotten = 0;
}
