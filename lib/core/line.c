/* SPDX-License-Identifier: MIT */
/* The waiting line of a queue: a treap with subtree sizes.  Order: higher
 * priority first, then the earlier `line_at` (entry into the queue, or
 * the original arrival with time base "system", less any head start),
 * then arrival order (seq).  Insert, remove, rank and first are
 * O(log n); next is O(1) amortised.  Treap priorities come from a hash of the contact's seq, so
 * the shape (and so every result) is deterministic. */
#include <stddef.h>

#include "core/engine_int.h"

#define NODE_TO_C(n) \
  ((acdr_contact *)(void *)((char *)(n) - offsetof(acdr_contact, line)))

static uint32_t sz(const acdr_line_node *n) { return n ? n->size : 0; }

static void fix(acdr_line_node *n) {
  n->size = 1 + sz(n->left) + sz(n->right);
}

int acdr_line_before(const acdr_contact *a, const acdr_contact *b) {
  if (a->priority != b->priority) return a->priority > b->priority;
  if (a->line_at != b->line_at) return a->line_at < b->line_at;
  return a->seq < b->seq;
}

static void set_child(acdr_line *l, acdr_line_node *parent,
                      acdr_line_node *old, acdr_line_node *n) {
  if (!parent)
    l->root = n;
  else if (parent->left == old)
    parent->left = n;
  else
    parent->right = n;
  if (n) n->parent = parent;
}

static void rotate_up(acdr_line *l, acdr_line_node *n) {
  acdr_line_node *p = n->parent, *g = p->parent;
  if (p->left == n) {
    p->left = n->right;
    if (n->right) n->right->parent = p;
    n->right = p;
  } else {
    p->right = n->left;
    if (n->left) n->left->parent = p;
    n->left = p;
  }
  p->parent = n;
  set_child(l, g, p, n);
  fix(p);
  fix(n);
}

static uint32_t treap_prio(uint64_t seq) {
  uint64_t z = seq * 0x9e3779b97f4a7c15ULL;
  z ^= z >> 29;
  z *= 0xbf58476d1ce4e5b9ULL;
  return (uint32_t)(z >> 32);
}

void acdr_line_insert(acdr_line *l, acdr_contact *c) {
  acdr_line_node *n = &c->line, *p = NULL, **link = &l->root;
  n->left = n->right = NULL;
  n->size = 1;
  n->prio = treap_prio(c->seq);
  while (*link) {
    p = *link;
    p->size++;
    link = acdr_line_before(c, NODE_TO_C(p)) ? &p->left : &p->right;
  }
  *link = n;
  n->parent = p;
  while (n->parent && n->parent->prio < n->prio) rotate_up(l, n);
  c->in_line = 1;
}

void acdr_line_remove(acdr_line *l, acdr_contact *c) {
  acdr_line_node *n = &c->line, *p;
  /* rotate down until n has at most one child */
  while (n->left && n->right) {
    acdr_line_node *ch =
        n->left->prio > n->right->prio ? n->left : n->right;
    rotate_up(l, ch);
  }
  {
    acdr_line_node *ch = n->left ? n->left : n->right;
    p = n->parent;
    set_child(l, p, n, ch);
  }
  for (; p; p = p->parent) p->size--;
  n->left = n->right = n->parent = NULL;
  c->in_line = 0;
}

acdr_contact *acdr_line_first(const acdr_line *l) {
  acdr_line_node *n = l->root;
  if (!n) return NULL;
  while (n->left) n = n->left;
  return NODE_TO_C(n);
}

acdr_contact *acdr_line_next(acdr_contact *c) {
  acdr_line_node *n = &c->line;
  if (n->right) {
    n = n->right;
    while (n->left) n = n->left;
    return NODE_TO_C(n);
  }
  while (n->parent && n->parent->right == n) n = n->parent;
  return n->parent ? NODE_TO_C(n->parent) : NULL;
}

uint32_t acdr_line_rank(const acdr_contact *c) {
  const acdr_line_node *n = &c->line;
  uint32_t r = sz(n->left) + 1;
  while (n->parent) {
    if (n->parent->right == n) r += sz(n->parent->left) + 1;
    n = n->parent;
  }
  return r;
}
