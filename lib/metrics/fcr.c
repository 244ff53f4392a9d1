/* SPDX-License-Identifier: MIT */
/* First-contact resolution.
 *
 * Key: the customer id, or customer id + reason (setting).  The first
 * contact of an issue is a contact that was answered, ended, and was not
 * itself a repeat; its end time te opens a window (te, te + W].  Another
 * contact of the same key that arrives, or ends, inside the window is a
 * repeat.  The first contact is judged:
 *   - code not counting as resolved      -> unresolved (at once)
 *   - resolved, a repeat inside window   -> repeated (when it arrives)
 *   - resolved, window passed, no repeat -> resolved (FCR)
 *   - resolved, window not passed yet    -> pending
 * Outcomes are attributed to the bucket of te.  One episode per key lives
 * until te + W; episodes are created in te order, so a FIFO expires them
 * in O(1) each: memory is bounded by the contacts ended within W. */
#include <string.h>

#include "metrics/metrics_int.h"

#define KEYBUF 600

/* The contact's key into buf (or an allocated string: *heap set), NULL if
 * the contact has no customer id. */
static char *make_key(acdr_engine *e, const acdr_contact *c, char *buf,
                      size_t cap, int *heap) {
  acdr_metrics_state *m = acdr_ms(e);
  size_t lc, lr = 0, n;
  char *k;
  *heap = 0;
  if (!acdr_contact_customer(c)) return NULL;
  lc = strlen(acdr_contact_customer(c));
  if (m->opt.fcr_key == ACDR_FCR_KEY_CUSTOMER_REASON && acdr_contact_reason(c))
    lr = strlen(acdr_contact_reason(c));
  n = lc + 1 + lr + 1;
  if (n <= cap) {
    k = buf;
  } else {
    if (!(k = acdr_mem_malloc(&e->mem, n))) {
      m->dropped++;
      return NULL;
    }
    *heap = 1;
  }
  memcpy(k, acdr_contact_customer(c), lc);
  k[lc] = '\0';
  if (m->opt.fcr_key == ACDR_FCR_KEY_CUSTOMER_REASON) {
    k[lc] = '\x1f'; /* unit separator: cannot clash with a plain id */
    memcpy(k + lc + 1, acdr_contact_reason(c) ? acdr_contact_reason(c) : "", lr);
    k[lc + 1 + lr] = '\0';
  }
  return k;
}

typedef struct targets {
  acdr_mrec *r[4];
  size_t n;
} targets;

static void ep_targets(acdr_engine *e, const acdr_episode *ep, targets *t) {
  acdr_metrics_state *m = acdr_ms(e);
  t->n = 0;
  t->r[t->n++] = &m->engine;
  if (ep->channel >= 0 && ep->channel < ACDR_CHANNEL_COUNT)
    t->r[t->n++] = &m->channel[ep->channel];
  if (ep->queue) t->r[t->n++] = ep->queue;
  if (ep->agent) t->r[t->n++] = ep->agent;
}

/* Add v (+1 / -1 as uint64 wrap) to field off of the episode's records,
 * lifetime and the bucket of te (if still kept). */
static void ep_count(acdr_engine *e, const acdr_episode *ep, size_t off,
                     uint64_t v) {
  targets t;
  size_t i;
  ep_targets(e, ep, &t);
  for (i = 0; i < t.n; i++) {
    acdr_mslot *b =
        acdr_mrec_bucket(e, acdr_ms(e), t.r[i],
                         acdr_bucket_of(acdr_ms(e), ep->te), 0);
    acdr_mc_vals(&t.r[i]->life)[off] += v;
    if (b) acdr_mslot_add(e, t.r[i], b, off, v);
  }
}

static size_t slot_of(const acdr_metrics_state *m, const char *key) {
  return (size_t)(acdr_siphash13(m->ep_k0, m->ep_k1, key, strlen(key)) &
                  (m->ep_cap - 1));
}

acdr_episode *acdr_fcr_find(const acdr_metrics_state *m, const char *key) {
  acdr_episode *ep;
  if (!m->ep_cap) return NULL;
  for (ep = m->ep_tab[slot_of(m, key)]; ep; ep = ep->hnext)
    if (strcmp(ep->key, key) == 0) return ep;
  return NULL;
}

/* Room for one more episode at load <= 1.  0 or NOMEM (table unchanged). */
static int tab_reserve(acdr_engine *e, acdr_metrics_state *m) {
  size_t cap, i;
  acdr_episode **t, *ep, *nx;
  if (m->ep_len < m->ep_cap) return 0;
  cap = m->ep_cap ? m->ep_cap * 2 : 64;
  if (!(t = acdr_mem_calloc(&e->mem, cap, sizeof(*t)))) return ACDR_ERR_NOMEM;
  if (!m->ep_cap) acdr_hash_key_new(m, t, &m->ep_k0, &m->ep_k1);
  for (i = 0; i < m->ep_cap; i++)
    for (ep = m->ep_tab[i]; ep; ep = nx) {
      size_t s = (size_t)(acdr_siphash13(m->ep_k0, m->ep_k1, ep->key,
                                         strlen(ep->key)) &
                          (cap - 1));
      nx = ep->hnext;
      ep->hnext = t[s];
      t[s] = ep;
    }
  acdr_mem_free(&e->mem, m->ep_tab);
  m->ep_tab = t;
  m->ep_cap = cap;
  return 0;
}

/* Drop the oldest episode. */
static void ep_pop(acdr_engine *e) {
  acdr_metrics_state *m = acdr_ms(e);
  acdr_episode *ep = m->ep_head, **pp;
  if (!(m->ep_head = ep->next)) m->ep_tail = NULL;
  for (pp = &m->ep_tab[slot_of(m, ep->key)]; *pp != ep; pp = &(*pp)->hnext) {
  }
  *pp = ep->hnext;
  m->ep_len--;
  acdr_mrec_unref(e, ep->queue);
  acdr_mrec_unref(e, ep->agent);
  acdr_mem_free(&e->mem, ep);
}

acdr_episode *acdr_fcr_episode_new(acdr_engine *e, const char *key,
                                   acdr_tstamp te, int32_t state,
                                   int32_t channel, acdr_mrec *q,
                                   acdr_mrec *a) {
  acdr_metrics_state *m = acdr_ms(e);
  size_t n = strlen(key) + 1, s;
  acdr_episode *ep;
  if (tab_reserve(e, m) != 0 ||
      !(ep = acdr_mem_malloc(&e->mem, sizeof(*ep) + n)))
    return NULL;
  memcpy(ep->key, key, n);
  s = slot_of(m, key);
  ep->hnext = m->ep_tab[s];
  m->ep_tab[s] = ep;
  m->ep_len++;
  ep->next = NULL;
  ep->te = te;
  ep->state = state;
  ep->channel = channel;
  ep->queue = q;
  ep->agent = a;
  if (q) q->refs++;
  if (a) a->refs++;
  if (m->ep_tail) m->ep_tail->next = ep;
  else m->ep_head = ep;
  m->ep_tail = ep;
  return ep;
}

static acdr_tstamp window_ns(const acdr_metrics_state *m) {
  return (acdr_tstamp)m->opt.fcr_window_ms * ACDR_MILLISECONDS;
}

/* Episodes whose window (te, te + W] is over by `now`. */
void acdr_fcr_expire(acdr_engine *e, acdr_tstamp now) {
  acdr_metrics_state *m = acdr_ms(e);
  acdr_tstamp w = window_ns(m);
  while (m->ep_head && m->ep_head->te + w < now) {
    acdr_episode *ep = m->ep_head;
    if (ep->state == ACDR_EP_PENDING) {
      ep_count(e, ep, ACDR_MC_OFF(fcr_pending), (uint64_t)-1);
      ep_count(e, ep, ACDR_MC_OFF(fcr_resolved), 1);
    }
    ep_pop(e);
  }
}

static void mark_repeat(acdr_engine *e, acdr_contact *c, acdr_episode *ep) {
  acdr_metrics_state *m = acdr_ms(e);
  acdr_mslot *b;
  acdr_mrec *rs[3];
  size_t i, n = 0;
  if (ep->state == ACDR_EP_PENDING) {
    ep_count(e, ep, ACDR_MC_OFF(fcr_pending), (uint64_t)-1);
    ep_count(e, ep, ACDR_MC_OFF(fcr_repeated), 1);
    ep->state = ACDR_EP_DONE;
  }
  if (c->metrics_flags & ACDR_MF_REPEAT) return;
  c->metrics_flags |= ACDR_MF_REPEAT;
  rs[n++] = &m->engine;
  if (c->channel >= 0 && c->channel < ACDR_CHANNEL_COUNT)
    rs[n++] = &m->channel[c->channel];
  if (c->queue) rs[n++] = acdr_metrics_queue_rec(e, c->queue);
  for (i = 0; i < n; i++) {
    if (!rs[i]) continue;
    rs[i]->life.repeat_contacts++;
    b = acdr_mrec_bucket(e, m, rs[i], acdr_bucket_now(m, e->now), 1);
    if (b) acdr_mslot_add(e, rs[i], b, ACDR_MC_OFF(repeat_contacts), 1);
  }
}

void acdr_fcr_arrived(acdr_engine *e, acdr_contact *c) {
  char buf[KEYBUF];
  int heap;
  char *k = make_key(e, c, buf, sizeof(buf), &heap);
  acdr_episode *ep;
  if (!k) return;
  if ((ep = acdr_fcr_find(acdr_ms(e), k)) != NULL)
    mark_repeat(e, c, ep);
  if (heap) acdr_mem_free(&e->mem, k);
}

void acdr_fcr_ended(acdr_engine *e, acdr_contact *c, int resolved) {
  acdr_metrics_state *m = acdr_ms(e);
  char buf[KEYBUF];
  int heap;
  char *k = make_key(e, c, buf, sizeof(buf), &heap);
  acdr_episode *ep;
  if (!k) return;
  ep = acdr_fcr_find(m, k);
  if (ep) {
    /* a contact live in the window of another (concurrent contacts) */
    mark_repeat(e, c, ep);
  } else if ((c->metrics_flags & ACDR_MF_ANSWERED) &&
             !(c->metrics_flags & ACDR_MF_REPEAT)) {
    ep = acdr_fcr_episode_new(
        e, k, e->now, resolved ? ACDR_EP_PENDING : ACDR_EP_DONE, c->channel,
        acdr_metrics_queue_rec(e, c->queue),
        c->agent ? acdr_metrics_agent_rec(e, c->agent) : NULL);
    if (!ep) {
      m->dropped++;
    } else {
      ep_count(e, ep, ACDR_MC_OFF(fcr_first), 1);
      ep_count(e, ep,
               resolved ? ACDR_MC_OFF(fcr_pending)
                        : ACDR_MC_OFF(fcr_unresolved),
               1);
    }
  }
  if (heap) acdr_mem_free(&e->mem, k);
}

void acdr_fcr_free_all(acdr_engine *e) {
  acdr_metrics_state *m = acdr_ms(e);
  while (m->ep_head) ep_pop(e);
  acdr_mem_free(&e->mem, m->ep_tab);
  m->ep_tab = NULL;
  m->ep_cap = 0;
}

static int ep_matches(const acdr_metrics_state *m, const acdr_episode *ep,
                      const acdr_mrec *target, int channel) {
  if (target == &m->engine) return 1;
  if (channel >= 0) return ep->channel == channel;
  return ep->queue == target || ep->agent == target;
}

void acdr_fcr_virtual(const acdr_engine *e, const acdr_mrec *target,
                      int channel, int lifetime, uint64_t blo, uint64_t bhi,
                      acdr_tstamp now, acdr_mcount *out) {
  const acdr_metrics_state *m = acdr_ms(e);
  const acdr_episode *ep;
  acdr_tstamp w = window_ns(m);
  for (ep = m->ep_head; ep && ep->te + w < now; ep = ep->next) {
    uint64_t b = acdr_bucket_of(m, ep->te);
    const acdr_mslot *s;
    if (ep->state != ACDR_EP_PENDING || !ep_matches(m, ep, target, channel))
      continue;
    if (!lifetime) {
      /* only if the bucket holding the pending count is summed */
      if (b < blo || b > bhi || b < acdr_metrics_oldest_bucket(e) ||
          !(s = acdr_mrec_slot(target, b)) || s->bucket < blo ||
          s->last > bhi || s->bucket < acdr_metrics_oldest_bucket(e))
        continue;
    }
    if (out->fcr_pending) out->fcr_pending--;
    out->fcr_resolved++;
  }
}
