/* SPDX-License-Identifier: MIT */
/* The "heap" strategies (longest-idle, least-busy, fewest-contacts,
 * least-talk-time): the decision is the ready member with the smallest
 * key.  The key is copied into the heap entry, so sifting compares keys in
 * one contiguous array instead of chasing member -> agent pointers (two
 * dependent cache misses per comparison at 100,000 agents).  The key is
 * recomputed on member_ready / member_update, which the engine calls
 * whenever an input of the key (idle time, load, counters) changes.
 * select O(1); ready / unready / update O(log n). */
#include "strategies/common.h"

/* The entries of a heap strategy's array. */
static inline acdr_strat_kentry *ent(const acdr_strat_arr *s) {
  return (acdr_strat_kentry *)s->items;
}

/* m's key, from the strategy's descriptor. */
static void key_of(const acdr_strat_arr *s, const acdr_member *m,
                   acdr_strat_key *out) {
  ((const acdr_strat_heapdesc *)s->head.desc)->key(m, out);
}

/* A 4-ary heap: half the depth of a binary one, and the four children of
 * a node are adjacent (4 x 32 bytes: two cache lines), so a sift-down at
 * 100,000 members touches ~9 levels instead of ~17. */
#define KH_D 4

static inline int key_less(const acdr_strat_key *x, const acdr_strat_key *y) {
  if (x->a != y->a) return x->a < y->a;
  if (x->b != y->b) return x->b < y->b;
  return x->c < y->c;
}

static void put(acdr_strat_arr *s, size_t i, const acdr_strat_kentry *x) {
  ent(s)[i] = *x;
  acdr_member_set_index(x->m, i);
}

static void sift_up(acdr_strat_arr *s, size_t i) {
  acdr_strat_kentry x = ent(s)[i];
  while (i > 0) {
    size_t p = (i - 1) / KH_D;
    if (!key_less(&x.key, &ent(s)[p].key)) break;
    put(s, i, &ent(s)[p]);
    i = p;
  }
  put(s, i, &x);
}

static void sift_down(acdr_strat_arr *s, size_t i) {
  acdr_strat_kentry x = ent(s)[i];
  for (;;) {
    size_t c = KH_D * i + 1, end = c + KH_D, b = i, j;
    const acdr_strat_key *bk = &x.key;
    if (c >= s->len) break;
    if (end > s->len) end = s->len;
    for (j = c; j < end; j++)
      if (key_less(&ent(s)[j].key, bk)) {
        b = j;
        bk = &ent(s)[j].key;
      }
    if (b == i) break;
    put(s, i, &ent(s)[b]);
    i = b;
  }
  put(s, i, &x);
}

static void fix(acdr_strat_arr *s, size_t i) {
  if (i > 0 && key_less(&ent(s)[i].key, &ent(s)[(i - 1) / KH_D].key))
    sift_up(s, i);
  else
    sift_down(s, i);
}

acdr_member *acdr_strat_hp_pick(acdr_strategy_state *st, acdr_contact_view *c) {
  acdr_strat_arr *s = (acdr_strat_arr *)st;
  (void)c;
  return s->len ? ent(s)[0].m : NULL;
}

int acdr_strat_hp_member_ready(acdr_strategy_state *st, acdr_member *m) {
  acdr_strat_arr *s = (acdr_strat_arr *)st;
  acdr_strat_kentry x;
  /* only allocates after a reconfiguration whose member_add failed */
  if (acdr_strat_arr_reserve(s, s->len + 1) != 0) return ACDR_ERR_NOMEM;
  key_of(s, m, &x.key);
  x.m = m;
  ent(s)[s->len] = x;
  sift_up(s, s->len++);
  return 0;
}

void acdr_strat_hp_member_unready(acdr_strategy_state *st, acdr_member *m) {
  acdr_strat_arr *s = (acdr_strat_arr *)st;
  size_t i = acdr_member_get_index(m);
  s->len--;
  if (i != s->len) {
    put(s, i, &ent(s)[s->len]);
    fix(s, i);
  }
}

void acdr_strat_hp_member_update(acdr_strategy_state *st, acdr_member *m) {
  acdr_strat_arr *s = (acdr_strat_arr *)st;
  size_t i = acdr_member_get_index(m);
  acdr_strat_key k;
  key_of(s, m, &k);
  if (k.a == ent(s)[i].key.a && k.b == ent(s)[i].key.b &&
      k.c == ent(s)[i].key.c)
    return;
  ent(s)[i].key = k;
  fix(s, i);
}
