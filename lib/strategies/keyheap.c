/* The "heap" strategies (longest-idle, least-busy, fewest-contacts,
 * least-talk-time): the decision is the ready member with the smallest
 * key.  The key is copied into the heap entry, so sifting compares keys in
 * one contiguous array instead of chasing member -> agent pointers (two
 * dependent cache misses per comparison at 100,000 agents).  The key is
 * recomputed on member_ready / member_update, which the engine calls
 * whenever an input of the key (idle time, load, counters) changes.
 * select O(1); ready / unready / update O(log n). */
#include "strategies/common.h"

typedef struct kh_entry {
  acdr_strat_key key;
  acdr_member *m;
} kh_entry;

typedef struct kh_state {
  acdr_strategy_host *host;
  const acdr_strat_heapdesc *desc;
  kh_entry *e;
  size_t len, cap;
  size_t members;
} kh_state;

/* A 4-ary heap: half the depth of a binary one, and the four children of
 * a node are adjacent (4 x 32 bytes: two cache lines), so a sift-down at
 * 100,000 members touches ~9 levels instead of ~17. */
#define KH_D 4

static inline int key_less(const acdr_strat_key *x, const acdr_strat_key *y) {
  if (x->a != y->a) return x->a < y->a;
  if (x->b != y->b) return x->b < y->b;
  return x->c < y->c;
}

static void put(kh_state *s, size_t i, const kh_entry *x) {
  s->e[i] = *x;
  acdr_member_set_index(x->m, i);
}

static void sift_up(kh_state *s, size_t i) {
  kh_entry x = s->e[i];
  while (i > 0) {
    size_t p = (i - 1) / KH_D;
    if (!key_less(&x.key, &s->e[p].key)) break;
    put(s, i, &s->e[p]);
    i = p;
  }
  put(s, i, &x);
}

static void sift_down(kh_state *s, size_t i) {
  kh_entry x = s->e[i];
  for (;;) {
    size_t c = KH_D * i + 1, end = c + KH_D, b = i, j;
    const acdr_strat_key *bk = &x.key;
    if (c >= s->len) break;
    if (end > s->len) end = s->len;
    for (j = c; j < end; j++)
      if (key_less(&s->e[j].key, bk)) {
        b = j;
        bk = &s->e[j].key;
      }
    if (b == i) break;
    put(s, i, &s->e[b]);
    i = b;
  }
  put(s, i, &x);
}

static void fix(kh_state *s, size_t i) {
  if (i > 0 && key_less(&s->e[i].key, &s->e[(i - 1) / KH_D].key))
    sift_up(s, i);
  else
    sift_down(s, i);
}

static int reserve(kh_state *s, size_t total) {
  size_t ncap;
  kh_entry *p;
  if (total <= s->cap) return 0;
  ncap = s->cap ? s->cap * 2 : 8;
  while (ncap < total) ncap *= 2;
  p = acdr_strategy_realloc(s->host, s->e, ncap * sizeof(*p));
  if (!p) return ACDR_ERR_NOMEM;
  s->e = p;
  s->cap = ncap;
  return 0;
}

int acdr_strat_hp_create(acdr_strategy_state **out,
                         const acdr_strategy_ctx *ctx, const acdr_kv *params,
                         size_t nparams, void *user_data) {
  const acdr_strat_heapdesc *d = user_data;
  kh_state *s;
  if (nparams) return acdr_strat_unknown_param(ctx->host, d->name, params);
  if (!(s = acdr_strategy_malloc(ctx->host, sizeof(*s)))) return ACDR_ERR_NOMEM;
  s->host = ctx->host;
  s->desc = d;
  s->e = NULL;
  s->len = s->cap = s->members = 0;
  *out = (acdr_strategy_state *)s;
  return 0;
}

void acdr_strat_hp_destroy(acdr_strategy_state *st, void *user_data) {
  kh_state *s = (kh_state *)st;
  (void)user_data;
  acdr_strategy_free(s->host, s->e);
  acdr_strategy_free(s->host, s);
}

int acdr_strat_hp_member_add(acdr_strategy_state *st, acdr_member *m) {
  kh_state *s = (kh_state *)st;
  (void)m;
  /* reserve now so that member_ready does not allocate */
  if (reserve(s, s->members + 1) != 0) return ACDR_ERR_NOMEM;
  s->members++;
  return 0;
}

void acdr_strat_hp_member_remove(acdr_strategy_state *st, acdr_member *m) {
  kh_state *s = (kh_state *)st;
  (void)m;
  if (s->members) s->members--; /* 0 if member_add failed (see common.h) */
}

int acdr_strat_hp_member_ready(acdr_strategy_state *st, acdr_member *m) {
  kh_state *s = (kh_state *)st;
  kh_entry x;
  /* only allocates after a reconfiguration whose member_add failed */
  if (reserve(s, s->len + 1) != 0) return ACDR_ERR_NOMEM;
  s->desc->key(m, &x.key);
  x.m = m;
  s->e[s->len] = x;
  sift_up(s, s->len++);
  return 0;
}

void acdr_strat_hp_member_unready(acdr_strategy_state *st, acdr_member *m) {
  kh_state *s = (kh_state *)st;
  size_t i = acdr_member_get_index(m);
  s->len--;
  if (i != s->len) {
    put(s, i, &s->e[s->len]);
    fix(s, i);
  }
}

void acdr_strat_hp_member_update(acdr_strategy_state *st, acdr_member *m) {
  kh_state *s = (kh_state *)st;
  size_t i = acdr_member_get_index(m);
  acdr_strat_key k;
  s->desc->key(m, &k);
  if (k.a == s->e[i].key.a && k.b == s->e[i].key.b && k.c == s->e[i].key.c)
    return;
  s->e[i].key = k;
  fix(s, i);
}

int acdr_strat_hp_select(acdr_strategy_state *st, acdr_contact_view *c,
                         acdr_tstamp now, acdr_member **out, size_t max,
                         size_t *nout, acdr_tstamp *recheck_at) {
  kh_state *s = (kh_state *)st;
  (void)now;
  (void)max;
  (void)recheck_at;
  *nout = 0;
  if (acdr_contact_view_offer_count(c) || !s->len) return 0;
  out[0] = s->e[0].m;
  *nout = 1;
  return 0;
}
