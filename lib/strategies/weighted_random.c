/* weighted-random: a ready member drawn with probability proportional to
 * its weight, using the engine's seeded generator.  The weight comes from
 * the member's penalty:
 *
 *     weight = max(1, 1000 / (penalty + 1))   (integer division)
 *
 * so penalty 0 weighs 1000, 1 weighs 500, 3 weighs 250, 9 weighs 100:
 * a higher penalty is drawn less often but never starved.  The strategy
 * is FLAT (one instance for all members; penalties are weights, not
 * tiers).
 *
 * Every member owns a slot (index slot) in a Fenwick tree of weights
 * (0 while not ready): select O(log n), ready/unready O(log n), member
 * add amortised O(1) (the tree is rebuilt in O(n) when it doubles). */
#include <string.h>

#include "strategies/common.h"

typedef struct wr_state {
  acdr_strategy_host *host;
  acdr_member **slot_m; /* member of each slot (NULL if free) */
  uint64_t *w;          /* weight counted in the tree (0 = not ready) */
  uint64_t *fen;        /* 1-based Fenwick tree over w, cap + 1 entries */
  size_t *freel;        /* free slots, reused last-in first-out */
  size_t nfree, used, cap;
  uint64_t total;
} wr_state;

static uint64_t wr_weight(const acdr_member *m) {
  int32_t p = acdr_member_penalty(m);
  uint64_t w = 1000u / ((uint64_t)(p < 0 ? 0 : p) + 1u);
  return w ? w : 1;
}

static void fen_add(wr_state *s, size_t slot, uint64_t delta, int neg) {
  size_t i;
  for (i = slot + 1; i <= s->cap; i += i & (~i + 1)) {
    if (neg)
      s->fen[i] -= delta;
    else
      s->fen[i] += delta;
  }
}

static void fen_rebuild(wr_state *s) {
  size_t i;
  memset(s->fen, 0, (s->cap + 1) * sizeof(*s->fen));
  for (i = 1; i <= s->cap; i++) {
    size_t parent = i + (i & (~i + 1));
    s->fen[i] += s->w[i - 1];
    if (parent <= s->cap) s->fen[parent] += s->fen[i];
  }
}

static int wr_create(acdr_strategy_state **out, const acdr_strategy_ctx *ctx,
                     const acdr_kv *params, size_t nparams, void *ud) {
  wr_state *s;
  (void)ud;
  if (nparams)
    return acdr_strat_unknown_param(ctx->host, "weighted-random", params);
  if (!(s = acdr_strategy_malloc(ctx->host, sizeof(*s)))) return ACDR_ERR_NOMEM;
  memset(s, 0, sizeof(*s));
  s->host = ctx->host;
  *out = (acdr_strategy_state *)s;
  return 0;
}

static void wr_destroy(acdr_strategy_state *st, void *ud) {
  wr_state *s = (wr_state *)st;
  (void)ud;
  acdr_strategy_free(s->host, s->slot_m);
  acdr_strategy_free(s->host, s->w);
  acdr_strategy_free(s->host, s->fen);
  acdr_strategy_free(s->host, s->freel);
  acdr_strategy_free(s->host, s);
}

/* Grow every array to ncap; all-or-nothing as far as `cap` is concerned
 * (an array that already grew is merely larger than needed). */
static int wr_grow(wr_state *s) {
  size_t ncap = s->cap ? s->cap * 2 : 8;
  void *p;
  if (!(p = acdr_strategy_realloc(s->host, s->slot_m, ncap * sizeof(*s->slot_m))))
    return ACDR_ERR_NOMEM;
  s->slot_m = p;
  if (!(p = acdr_strategy_realloc(s->host, s->w, ncap * sizeof(*s->w))))
    return ACDR_ERR_NOMEM;
  s->w = p;
  if (!(p = acdr_strategy_realloc(s->host, s->freel, ncap * sizeof(*s->freel))))
    return ACDR_ERR_NOMEM;
  s->freel = p;
  if (!(p = acdr_strategy_realloc(s->host, s->fen,
                                  (ncap + 1) * sizeof(*s->fen))))
    return ACDR_ERR_NOMEM;
  s->fen = p;
  memset(s->w + s->cap, 0, (ncap - s->cap) * sizeof(*s->w));
  memset(s->slot_m + s->cap, 0, (ncap - s->cap) * sizeof(*s->slot_m));
  s->cap = ncap;
  fen_rebuild(s);
  return 0;
}

static int wr_member_add(acdr_strategy_state *st, acdr_member *m) {
  wr_state *s = (wr_state *)st;
  size_t slot;
  if (s->nfree) {
    slot = s->freel[--s->nfree];
  } else {
    if (s->used == s->cap && wr_grow(s) != 0) return ACDR_ERR_NOMEM;
    slot = s->used++;
  }
  s->slot_m[slot] = m;
  s->w[slot] = 0;
  acdr_member_set_index(m, slot);
  return 0;
}

static void wr_member_remove(acdr_strategy_state *st, acdr_member *m) {
  wr_state *s = (wr_state *)st;
  size_t slot = acdr_member_get_index(m);
  if (slot >= s->used || s->slot_m[slot] != m) return;
  s->slot_m[slot] = NULL;
  s->freel[s->nfree++] = slot;
}

static int wr_member_ready(acdr_strategy_state *st, acdr_member *m) {
  wr_state *s = (wr_state *)st;
  size_t slot = acdr_member_get_index(m);
  uint64_t w = wr_weight(m);
  /* a reconfiguration that failed to add the member: no slot */
  if (slot >= s->used || s->slot_m[slot] != m) {
    int rv = wr_member_add(st, m);
    if (rv) return rv;
    slot = acdr_member_get_index(m);
  }
  s->w[slot] = w;
  s->total += w;
  fen_add(s, slot, w, 0);
  return 0;
}

static void wr_member_unready(acdr_strategy_state *st, acdr_member *m) {
  wr_state *s = (wr_state *)st;
  size_t slot = acdr_member_get_index(m);
  uint64_t w = s->w[slot];
  s->w[slot] = 0;
  s->total -= w;
  fen_add(s, slot, w, 1);
}

static int wr_select(acdr_strategy_state *st, acdr_contact_view *c,
                     acdr_tstamp now, acdr_member **out, size_t max,
                     size_t *nout, acdr_tstamp *recheck) {
  wr_state *s = (wr_state *)st;
  uint64_t r;
  size_t idx = 0, bit = 1;
  (void)now;
  (void)max;
  (void)recheck;
  *nout = 0;
  if (acdr_contact_view_offer_count(c) || !s->total) return 0;
  r = acdr_strategy_random(s->host, s->total);
  /* descend: the smallest slot whose prefix sum exceeds r */
  while (bit * 2 <= s->cap) bit *= 2;
  for (; bit; bit /= 2) {
    if (idx + bit <= s->cap && s->fen[idx + bit] <= r) {
      idx += bit;
      r -= s->fen[idx];
    }
  }
  if (idx >= s->used || !s->slot_m[idx]) return 0; /* cannot happen */
  out[0] = s->slot_m[idx];
  *nout = 1;
  return 0;
}

static const acdr_strategy weighted_random = {
    "weighted-random",
    ACDR_STRATEGY_F_FLAT,
    NULL,
    wr_create,
    wr_destroy,
    wr_member_add,
    wr_member_remove,
    wr_member_ready,
    wr_member_unready,
    NULL,
    wr_select,
    NULL,
    NULL,
    NULL};

const acdr_strategy *acdr_strategy_weighted_random(void) {
  return &weighted_random;
}
