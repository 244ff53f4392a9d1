/* SPDX-License-Identifier: MIT */
/* An ordered set of members (treap) and the hooks of the strategies that
 * keep their ready members in member order.  Expected O(log n) per
 * insert/remove/first/after; no allocation: nodes come from member_add. */
#include "strategies/common.h"

int acdr_strat_key_less(const acdr_strat_key *x, const acdr_strat_key *y) {
  if (x->a != y->a) return x->a < y->a;
  if (x->b != y->b) return x->b < y->b;
  return x->c < y->c;
}

static int key_eq(const acdr_strat_key *x, const acdr_strat_key *y) {
  return x->a == y->a && x->b == y->b && x->c == y->c;
}

/* splitmix64 of the key: the treap's shape depends only on the keys. */
static uint64_t key_hash(const acdr_strat_key *k) {
  uint64_t z = k->a * 0x9e3779b97f4a7c15ULL ^ k->b * 0xbf58476d1ce4e5b9ULL ^
               (k->c + 0x94d049bb133111ebULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* Split t into keys < k (l) and keys >= k (r). */
static void split(acdr_strat_onode *t, const acdr_strat_key *k,
                  acdr_strat_onode **l, acdr_strat_onode **r) {
  if (!t) {
    *l = *r = NULL;
  } else if (acdr_strat_key_less(&t->key, k)) {
    split(t->right, k, &t->right, r);
    *l = t;
  } else {
    split(t->left, k, l, &t->left);
    *r = t;
  }
}

/* Every key of a is below every key of b. */
static acdr_strat_onode *merge(acdr_strat_onode *a, acdr_strat_onode *b) {
  if (!a) return b;
  if (!b) return a;
  if (a->prio > b->prio) {
    a->right = merge(a->right, b);
    return a;
  }
  b->left = merge(a, b->left);
  return b;
}

static acdr_strat_onode *insert(acdr_strat_onode *t, acdr_strat_onode *n) {
  if (!t) return n;
  if (n->prio > t->prio) {
    split(t, &n->key, &n->left, &n->right);
    return n;
  }
  if (acdr_strat_key_less(&n->key, &t->key))
    t->left = insert(t->left, n);
  else
    t->right = insert(t->right, n);
  return t;
}

static acdr_strat_onode *erase(acdr_strat_onode *t, acdr_strat_onode *n) {
  if (!t) return NULL; /* not found: cannot happen for a linked node */
  if (t == n) return merge(t->left, t->right);
  if (acdr_strat_key_less(&n->key, &t->key))
    t->left = erase(t->left, n);
  else
    t->right = erase(t->right, n);
  return t;
}

void acdr_strat_oset_insert(acdr_strat_oset *s, acdr_strat_onode *n) {
  n->left = n->right = NULL;
  n->prio = key_hash(&n->key);
  n->linked = 1;
  s->root = insert(s->root, n);
  s->len++;
}

void acdr_strat_oset_remove(acdr_strat_oset *s, acdr_strat_onode *n) {
  s->root = erase(s->root, n);
  n->left = n->right = NULL;
  n->linked = 0;
  s->len--;
}

acdr_strat_onode *acdr_strat_oset_first(const acdr_strat_oset *s) {
  acdr_strat_onode *t = s->root;
  while (t && t->left) t = t->left;
  return t;
}

acdr_strat_onode *acdr_strat_oset_after(const acdr_strat_oset *s,
                                        const acdr_strat_key *k) {
  acdr_strat_onode *t = s->root, *best = NULL;
  while (t) {
    if (acdr_strat_key_less(k, &t->key)) {
      best = t;
      t = t->left;
    } else {
      t = t->right;
    }
  }
  return best;
}

acdr_strat_onode *acdr_strat_oset_find(const acdr_strat_oset *s,
                                       const acdr_strat_key *k) {
  acdr_strat_onode *t = s->root;
  while (t && !key_eq(k, &t->key))
    t = acdr_strat_key_less(k, &t->key) ? t->left : t->right;
  return t;
}

/* ---- strategies with ready members in member order ---- */

acdr_strat_onode *acdr_strat_node_of(acdr_member *m) {
  return (acdr_strat_onode *)acdr_member_get_data(m);
}

static acdr_strat_onode *node_new(acdr_strategy_host *h, acdr_member *m) {
  acdr_strat_onode *n = acdr_strategy_malloc(h, sizeof(*n));
  if (!n) return NULL;
  n->left = n->right = NULL;
  n->m = m;
  n->linked = 0;
  acdr_member_set_data(m, n);
  return n;
}

int acdr_strat_ord_member_add(acdr_strategy_state *st, acdr_member *m) {
  acdr_strat_ordered *s = (acdr_strat_ordered *)st;
  return node_new(s->head.host, m) ? 0 : ACDR_ERR_NOMEM;
}

void acdr_strat_ord_member_remove(acdr_strategy_state *st, acdr_member *m) {
  acdr_strat_ordered *s = (acdr_strat_ordered *)st;
  acdr_strat_onode *n = acdr_strat_node_of(m);
  if (!n) return;
  if (n->linked) acdr_strat_oset_remove(&s->ready, n);
  acdr_strategy_free(s->head.host, n);
  acdr_member_set_data(m, NULL);
}

int acdr_strat_ord_member_ready(acdr_strategy_state *st, acdr_member *m) {
  acdr_strat_ordered *s = (acdr_strat_ordered *)st;
  acdr_strat_onode *n = acdr_strat_node_of(m);
  /* only after a reconfiguration whose member_add failed */
  if (!n && !(n = node_new(s->head.host, m))) return ACDR_ERR_NOMEM;
  n->key.a = acdr_member_order(m);
  n->key.b = n->key.c = 0;
  acdr_strat_oset_insert(&s->ready, n);
  return 0;
}

void acdr_strat_ord_member_unready(acdr_strategy_state *st, acdr_member *m) {
  acdr_strat_ordered *s = (acdr_strat_ordered *)st;
  acdr_strat_onode *n = acdr_strat_node_of(m);
  if (n && n->linked) acdr_strat_oset_remove(&s->ready, n);
}

acdr_member *acdr_strat_ord_next(const acdr_strat_ordered *s,
                                 const uint64_t *after,
                                 const acdr_contact_view *c) {
  acdr_strat_onode *n;
  acdr_strat_key k = {0, 0, 0};
  if (after) {
    k.a = *after;
    n = acdr_strat_oset_after(&s->ready, &k);
  } else {
    n = acdr_strat_oset_first(&s->ready);
  }
  /* skipping members already ringing costs O(log n) each; only
   * ring-progressively on a multi-slot channel meets any */
  while (n && acdr_contact_view_offer_count(c) &&
         acdr_contact_view_is_offered_to(c, n->m))
    n = acdr_strat_oset_after(&s->ready, &n->key);
  return n ? n->m : NULL;
}
