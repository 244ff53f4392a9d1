/* SPDX-License-Identifier: MIT */
/* least-busy: the ready member with the lowest load / capacity on the
 * queue's channel (open contacts relative to capacity: for chat teams),
 * ties to the longest idle, then member order.
 *
 * Index: one bucket per load fraction that a ready member has, sorted by
 * fraction, each an idle list (common.h) in (idle_since, order) order.
 * Fractions take few values (every voice agent that is ready has load 0,
 * chat loads are 0..capacity), so select is the head of the first
 * bucket, O(1), and ready / unready / update find the bucket by binary
 * search, O(log B), then append / unlink as longest-idle does; a bucket
 * that appears or empties shifts the B buckets after it.  Room for one
 * bucket per member is reserved in member_add, so member_ready does not
 * allocate. */
#include <string.h>

#include "strategies/common.h"

typedef struct lb_bucket {
  uint64_t frac;
  acdr_strat_ilist ready;
} lb_bucket;

typedef struct lb_state {
  acdr_strat_head head;
  lb_bucket *b; /* nb buckets, sorted by frac, none empty */
  size_t nb, cap, members;
} lb_state;

typedef struct lb_node {
  acdr_strat_inode n;
  uint64_t frac;
  int linked;
} lb_node;

/* load / capacity as a 40-bit fixed-point fraction: loads and capacities
 * are at most 1000, so two different fractions differ by more than 1e-6
 * and their fixed-point values stay distinct and in the same order. */
static uint64_t lb_frac(const acdr_member *m) {
  uint64_t l = acdr_member_load(m), c = acdr_member_capacity(m);
  if (c == 0) c = 1; /* a ready member has capacity >= 1; guard anyway */
  return (l << 40) / c;
}

static acdr_member *lb_pick(acdr_strategy_state *st, acdr_contact_view *c) {
  lb_state *s = (lb_state *)st;
  (void)c;
  return s->nb ? acdr_strat_il_first(&s->b[0].ready) : NULL;
}

ACDR_STRAT_CREATE_FN(lb_create, "least-busy", sizeof(lb_state), 0, lb_pick,
                     NULL)

static void lb_destroy(acdr_strategy_state *st, void *ud) {
  lb_state *s = (lb_state *)st;
  acdr_strategy_free(s->head.host, s->b);
  acdr_strat_destroy(st, ud);
}

/* binary search; *at = insertion point */
static lb_bucket *find(const lb_state *s, uint64_t frac, size_t *at) {
  size_t lo = 0, hi = s->nb;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (s->b[mid].frac == frac) {
      *at = mid;
      return s->b + mid;
    }
    if (s->b[mid].frac < frac)
      lo = mid + 1;
    else
      hi = mid;
  }
  *at = lo;
  return NULL;
}

static int reserve(lb_state *s, size_t total) {
  lb_bucket *p;
  size_t ncap;
  if (total <= s->cap) return 0;
  ncap = s->cap ? s->cap * 2 : 8;
  if (ncap < total) ncap = total;
  if (!(p = acdr_strategy_realloc(s->head.host, s->b, ncap * sizeof(*p))))
    return ACDR_ERR_NOMEM;
  s->b = p;
  s->cap = ncap;
  return 0;
}

/* Link d (not linked) at its place; a bucket slot is reserved. */
static void link_node(lb_state *s, lb_node *d, acdr_member *m) {
  size_t at;
  lb_bucket *k;
  d->frac = lb_frac(m);
  if (!(k = find(s, d->frac, &at))) {
    /* moving buckets moves their lists' head, tail and side treap root
     * with them: nodes never point at the list itself */
    memmove(s->b + at + 1, s->b + at, (s->nb - at) * sizeof(*s->b));
    k = s->b + at;
    k->frac = d->frac;
    memset(&k->ready, 0, sizeof(k->ready));
    s->nb++;
  }
  acdr_strat_il_insert(&k->ready, &d->n, m);
  d->linked = 1;
}

static void unlink_node(lb_state *s, lb_node *d) {
  size_t at;
  lb_bucket *k = find(s, d->frac, &at);
  acdr_strat_il_remove(&k->ready, &d->n);
  if (!k->ready.len) {
    memmove(s->b + at, s->b + at + 1, (s->nb - at - 1) * sizeof(*s->b));
    s->nb--;
  }
  d->linked = 0;
}

static int lb_member_add(acdr_strategy_state *st, acdr_member *m) {
  lb_state *s = (lb_state *)st;
  lb_node *d;
  if (reserve(s, s->members + 1) != 0) return ACDR_ERR_NOMEM;
  if (!(d = acdr_strategy_malloc(s->head.host, sizeof(*d))))
    return ACDR_ERR_NOMEM;
  memset(d, 0, sizeof(*d));
  acdr_member_set_data(m, d);
  s->members++;
  return 0;
}

static void lb_member_remove(acdr_strategy_state *st, acdr_member *m) {
  lb_state *s = (lb_state *)st;
  lb_node *d = acdr_member_get_data(m);
  if (!d) return; /* member_add failed during a reconfiguration */
  if (d->linked) unlink_node(s, d);
  acdr_strategy_free(s->head.host, d);
  acdr_member_set_data(m, NULL);
  s->members--;
}

static int lb_member_ready(acdr_strategy_state *st, acdr_member *m) {
  lb_state *s = (lb_state *)st;
  lb_node *d = acdr_member_get_data(m);
  if (!d) { /* only after a reconfiguration whose member_add failed */
    if (lb_member_add(st, m) != 0) return ACDR_ERR_NOMEM;
    d = acdr_member_get_data(m);
  }
  if (d->linked) unlink_node(s, d);
  link_node(s, d, m);
  return 0;
}

static void lb_member_unready(acdr_strategy_state *st, acdr_member *m) {
  lb_state *s = (lb_state *)st;
  lb_node *d = acdr_member_get_data(m);
  if (d && d->linked) unlink_node(s, d);
}

static void lb_member_update(acdr_strategy_state *st, acdr_member *m) {
  lb_state *s = (lb_state *)st;
  lb_node *d = acdr_member_get_data(m);
  if (!d || !d->linked) return;
  if (d->frac == lb_frac(m) && acdr_strat_il_idle(&d->n) == acdr_member_idle_since(m))
    return;
  /* the slot freed by unlinking is the one link_node may take */
  unlink_node(s, d);
  link_node(s, d, m);
}

static const acdr_strategy least_busy = {"least-busy",
                                         0,
                                         NULL,
                                         lb_create,
                                         lb_destroy,
                                         lb_member_add,
                                         lb_member_remove,
                                         lb_member_ready,
                                         lb_member_unready,
                                         lb_member_update,
                                         acdr_strat_select_one,
                                         NULL,
                                         NULL,
                                         NULL, NULL, NULL};

const acdr_strategy *acdr_strategy_least_busy(void) { return &least_busy; }
