/* SPDX-License-Identifier: MIT */
/* Helpers shared by the built-in strategies (see common.h). */
#include "strategies/common.h"

#include "core/engine_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void acdr_strat_heap_setidx(void *item, size_t idx) {
  acdr_member_set_index((acdr_member *)item, idx);
}

/* Grow an array of `elem`-byte entries (room for *cap) to room for
 * `total`, doubling from 8; *out is the array, moved or not.  0 or
 * ACDR_ERR_NOMEM (array and *cap unchanged). */
static int grow(acdr_strategy_host *h, void *items, size_t *cap, size_t total,
                size_t elem, void **out) {
  size_t ncap;
  void *p;
  *out = items;
  if (total <= *cap) return 0;
  ncap = *cap ? *cap * 2 : 8;
  while (ncap < total) ncap *= 2;
  if (!(p = acdr_strategy_realloc(h, items, ncap * elem)))
    return ACDR_ERR_NOMEM;
  *out = p;
  *cap = ncap;
  return 0;
}

int acdr_strat_heap_reserve(acdr_strategy_host *h, acdr_heap *heap,
                            size_t total) {
  void *p;
  int rv = grow(h, heap->items, &heap->cap, total, sizeof(void *), &p);
  heap->items = p;
  return rv;
}

int acdr_strat_heap_push(acdr_heap *heap, acdr_member *m) {
  size_t i;
  if (heap->len >= heap->cap) return ACDR_ERR_NOMEM;
  /* sift up by hand: acdr_heap_push would need an allocator */
  heap->items[heap->len] = m;
  acdr_member_set_index(m, heap->len);
  i = heap->len++;
  acdr_heap_update(heap, i);
  return 0;
}

void acdr_strat_heap_free(acdr_strategy_host *h, acdr_heap *heap) {
  acdr_strategy_free(h, heap->items);
  heap->items = NULL;
  heap->len = heap->cap = 0;
}

int acdr_strat_unknown_param(acdr_strategy_host *h, const char *strategy,
                             const acdr_kv *param) {
  char msg[256];
  snprintf(msg, sizeof(msg), "strategy \"%s\": unknown setting \"%.64s\"",
           strategy, param->key);
  acdr_strategy_set_error(h, msg);
  return ACDR_ERR_STRATEGY;
}

int acdr_strat_parse_u64(acdr_strategy_host *h, const char *strategy,
                         const acdr_kv *param, uint64_t max, uint64_t *out) {
  char *end;
  unsigned long long v;
  char msg[256];
  errno = 0;
  if (!param->value[0] || param->value[0] == '-') goto bad;
  v = strtoull(param->value, &end, 10);
  if (errno || *end || v > max) goto bad;
  *out = (uint64_t)v;
  return 0;
bad:
  snprintf(msg, sizeof(msg),
           "strategy \"%s\": setting \"%.64s\" = \"%.64s\" is not a whole "
           "number in 0..%llu",
           strategy, param->key, param->value, (unsigned long long)max);
  acdr_strategy_set_error(h, msg);
  return ACDR_ERR_STRATEGY;
}

int acdr_strat_bad_param(acdr_strategy_host *h, const char *strategy,
                         const acdr_kv *param, const char *why) {
  char msg[256];
  snprintf(msg, sizeof(msg), "strategy \"%s\": setting \"%.64s\" = \"%.64s\": %s",
           strategy, param->key, param->value, why);
  acdr_strategy_set_error(h, msg);
  return ACDR_ERR_STRATEGY;
}

int acdr_strat_idle_less(const acdr_member *x, const acdr_member *y) {
  acdr_tstamp ix = acdr_member_idle_since(x), iy = acdr_member_idle_since(y);
  if (ix != iy) return ix < iy;
  return acdr_member_order(x) < acdr_member_order(y);
}

void acdr_strat_idle_key(const acdr_member *m, uint64_t first,
                         acdr_strat_key *out) {
  out->a = first;
  out->b = acdr_member_idle_since(m);
  out->c = acdr_member_order(m);
}

#define IL_PREV(n) ((acdr_strat_inode *)(void *)(n)->o.left)
#define IL_NEXT(n) ((acdr_strat_inode *)(void *)(n)->o.right)

static inline int inode_less(const acdr_strat_inode *x,
                             const acdr_strat_inode *y) {
  return x->o.key.a != y->o.key.a ? x->o.key.a < y->o.key.a
                                  : x->o.key.b < y->o.key.b;
}

static void il_link(acdr_strat_ilist *l, acdr_strat_inode *n,
                    acdr_strat_inode *prev, acdr_strat_inode *next) {
  n->o.left = prev ? &prev->o : NULL;
  n->o.right = next ? &next->o : NULL;
  if (prev)
    prev->o.right = &n->o;
  else
    l->head = n;
  if (next)
    next->o.left = &n->o;
  else
    l->tail = n;
}

void acdr_strat_il_insert(acdr_strat_ilist *l, acdr_strat_inode *n,
                          acdr_member *m) {
  acdr_strat_il_insert_at(l, n, m, acdr_member_idle_since(m));
}

void acdr_strat_il_insert_at(acdr_strat_ilist *l, acdr_strat_inode *n,
                             acdr_member *m, uint64_t idle) {
  acdr_strat_inode *f = l->head, *b = l->tail;
  int i;
  n->o.m = m;
  n->o.key.a = idle;
  n->o.key.b = acdr_member_order(m);
  n->o.key.c = 0;
  n->o.linked = 0;
  l->len++;
  if (!b || inode_less(b, n)) {
    il_link(l, n, b, NULL);
    return;
  }
  if (inode_less(n, f)) {
    il_link(l, n, NULL, f);
    return;
  }
  /* keys are distinct (member order), so f < n < b: walk both ends
   * toward each other, a bounded number of steps */
  for (i = 0; i < ACDR_STRAT_IL_WALK; i++) {
    if (inode_less(IL_PREV(b), n)) {
      il_link(l, n, IL_PREV(b), b);
      return;
    }
    b = IL_PREV(b);
    if (inode_less(n, IL_NEXT(f))) {
      il_link(l, n, f, IL_NEXT(f));
      return;
    }
    f = IL_NEXT(f);
  }
  acdr_strat_oset_insert(&l->side, &n->o); /* sets o.linked */
}

void acdr_strat_il_remove(acdr_strat_ilist *l, acdr_strat_inode *n) {
  l->len--;
  if (n->o.linked) {
    acdr_strat_oset_remove(&l->side, &n->o);
    return;
  }
  if (IL_PREV(n))
    IL_PREV(n)->o.right = n->o.right;
  else
    l->head = IL_NEXT(n);
  if (IL_NEXT(n))
    IL_NEXT(n)->o.left = n->o.left;
  else
    l->tail = IL_PREV(n);
  n->o.left = n->o.right = NULL;
}

static acdr_strat_inode *il_pick(acdr_strat_iliter *it) {
  acdr_strat_inode *t = (acdr_strat_inode *)(void *)it->tn;
  if (it->ln && (!t || inode_less(it->ln, t))) {
    it->from_list = 1;
    return it->ln;
  }
  it->from_list = 0;
  return t;
}

acdr_strat_inode *acdr_strat_il_begin(const acdr_strat_ilist *l,
                                      acdr_strat_iliter *it) {
  it->ln = l->head;
  it->tn = l->side.root ? acdr_strat_oset_first(&l->side) : NULL;
  return il_pick(it);
}

acdr_strat_inode *acdr_strat_il_next(const acdr_strat_ilist *l,
                                     acdr_strat_iliter *it) {
  if (it->from_list)
    it->ln = IL_NEXT(it->ln);
  else
    it->tn = acdr_strat_oset_after(&l->side, &it->tn->key);
  return il_pick(it);
}

acdr_member *acdr_strat_il_first(const acdr_strat_ilist *l) {
  acdr_strat_iliter it;
  acdr_strat_inode *n = acdr_strat_il_begin(l, &it);
  return n ? n->o.m : NULL;
}

int acdr_strat_member_available(const acdr_member *m) {
  return acdr_member_agent_status(m) == ACDR_AGENT_AVAILABLE;
}


int acdr_strat_new(acdr_strategy_state **out, const acdr_strategy_ctx *ctx,
                   const acdr_strat_desc *d) {
  acdr_strat_head *s = acdr_strategy_malloc(ctx->host, d->size);
  if (!s) return ACDR_ERR_NOMEM;
  memset(s, 0, d->size);
  s->host = ctx->host;
  s->desc = d;
  *out = (acdr_strategy_state *)s;
  return 0;
}

int acdr_strat_create_as(acdr_strategy_state **out,
                         const acdr_strategy_ctx *ctx, const acdr_strat_desc *d,
                         const acdr_kv *params, size_t nparams) {
  if (nparams) return acdr_strat_unknown_param(ctx->host, d->name, params);
  return acdr_strat_new(out, ctx, d);
}

int acdr_strat_create(acdr_strategy_state **out, const acdr_strategy_ctx *ctx,
                      const acdr_kv *params, size_t nparams, void *user_data) {
  return acdr_strat_create_as(out, ctx, user_data, params, nparams);
}

void acdr_strat_destroy(acdr_strategy_state *st, void *user_data) {
  acdr_strat_head *s = (acdr_strat_head *)st;
  (void)user_data;
  acdr_strategy_free(s->host, s);
}

int acdr_strat_select_one(acdr_strategy_state *st, acdr_contact_view *c,
                          acdr_tstamp now, acdr_member **out, size_t max,
                          size_t *nout, acdr_tstamp *recheck_at) {
  const acdr_strat_head *s = (const acdr_strat_head *)st;
  acdr_member *m;
  (void)now;
  (void)max;
  (void)recheck_at;
  *nout = 0;
  if (acdr_contact_view_offer_count(c)) return 0;
  if ((m = s->desc->pick(st, c)) != NULL) {
    out[0] = m;
    *nout = 1;
  }
  return 0;
}

int acdr_strat_turn_save(acdr_strategy_state *st, char **out) {
  acdr_strat_turn *s = (acdr_strat_turn *)st;
  char buf[32];
  if (!out) return ACDR_ERR_INVALID_ARGUMENT;
  if (!s->has)
    buf[0] = '\0';
  else
    snprintf(buf, sizeof(buf), "%llu", (unsigned long long)s->at);
  if (!(*out = acdr_strategy_strdup(s->base.head.host, buf)))
    return ACDR_ERR_NOMEM;
  return 0;
}

int acdr_strat_turn_load(acdr_strategy_state *st, const char *saved) {
  acdr_strat_turn *s = (acdr_strat_turn *)st;
  const acdr_strat_desc *d = s->base.head.desc;
  acdr_kv kv;
  uint64_t v = 0;
  int rv;
  if (!saved || !*saved) {
    s->has = 0;
    return 0;
  }
  kv.key = d->saved;
  kv.value = saved;
  if ((rv = acdr_strat_parse_u64(s->base.head.host, d->name, &kv, UINT64_MAX,
                                 &v)) != 0)
    return rv;
  s->at = v;
  s->has = 1;
  return 0;
}

int acdr_strat_arr_reserve(acdr_strat_arr *s, size_t total) {
  void *p;
  int rv = grow(s->head.host, s->items, &s->cap, total, s->head.desc->elem, &p);
  s->items = p;
  return rv;
}

int acdr_strat_arr_member_add(acdr_strategy_state *st, acdr_member *m) {
  acdr_strat_arr *s = (acdr_strat_arr *)st;
  (void)m;
  /* reserve now so that member_ready does not allocate */
  if (acdr_strat_arr_reserve(s, s->members + 1) != 0) return ACDR_ERR_NOMEM;
  s->members++;
  return 0;
}

void acdr_strat_arr_member_remove(acdr_strategy_state *st, acdr_member *m) {
  acdr_strat_arr *s = (acdr_strat_arr *)st;
  (void)m;
  if (s->members) s->members--; /* 0 if member_add failed (see common.h) */
}

void acdr_strat_arr_destroy(acdr_strategy_state *st, void *user_data) {
  acdr_strat_arr *s = (acdr_strat_arr *)st;
  acdr_strategy_free(s->head.host, s->items);
  acdr_strat_destroy(st, user_data);
}
