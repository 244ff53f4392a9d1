/* SPDX-License-Identifier: MIT */
/* weighted-random: a ready member drawn with probability proportional to
 * its weight, using the engine's seeded generator.  The weight comes from
 * the member's penalty:
 *
 *     weight = max(1, 1000 / (penalty + 1))   (integer division)
 *
 * so penalty 0 weighs 1000, 1 weighs 500, 3 weighs 250, 9 weighs 100:
 * a higher penalty is drawn less often but never starved.  A membership
 * weight set with acdr_queue_member_set (1..1000000) replaces it.  The strategy
 * is FLAT (one instance for all members; penalties are weights, not
 * tiers).
 *
 * Every member owns a slot (index slot) in a Fenwick tree of weights
 * (0 while not ready): select O(log n), ready/unready O(log n), member
 * add amortised O(1) (the tree is rebuilt in O(n) when it doubles). */
#include <string.h>

#include "strategies/common.h"

typedef struct wr_state {
  acdr_strat_head head;
  acdr_member **slot_m; /* member of each slot (NULL if free) */
  uint64_t *w;          /* weight counted in the tree (0 = not ready) */
  uint64_t *fen;        /* 1-based Fenwick tree over w, cap + 1 entries */
  size_t *freel;        /* free slots, reused last-in first-out */
  size_t nfree, used, cap;
  uint64_t total;
} wr_state;

static uint64_t wr_weight(const acdr_member *m) {
  int32_t p = acdr_member_penalty(m), mw = acdr_strat_member_weight(m);
  uint64_t w;
  /* a membership's own weight (acdr_member_def, Asterisk-style weight
   * that is not the penalty) wins */
  if (mw > 0) return (uint64_t)mw;
  w = 1000u / ((uint64_t)(p < 0 ? 0 : p) + 1u);
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

static void wr_destroy(acdr_strategy_state *st, void *ud) {
  wr_state *s = (wr_state *)st;
  acdr_strategy_free(s->head.host, s->slot_m);
  acdr_strategy_free(s->head.host, s->w);
  acdr_strategy_free(s->head.host, s->fen);
  acdr_strategy_free(s->head.host, s->freel);
  acdr_strat_destroy(st, ud);
}

/* Grow every array to ncap; all-or-nothing as far as `cap` is concerned
 * (an array that already grew is merely larger than needed). */
static int wr_grow(wr_state *s) {
  size_t ncap = s->cap ? s->cap * 2 : 8;
  void *p;
  if (!(p = acdr_strategy_realloc(s->head.host, s->slot_m,
                                  ncap * sizeof(*s->slot_m))))
    return ACDR_ERR_NOMEM;
  s->slot_m = p;
  if (!(p = acdr_strategy_realloc(s->head.host, s->w, ncap * sizeof(*s->w))))
    return ACDR_ERR_NOMEM;
  s->w = p;
  if (!(p = acdr_strategy_realloc(s->head.host, s->freel,
                                  ncap * sizeof(*s->freel))))
    return ACDR_ERR_NOMEM;
  s->freel = p;
  if (!(p = acdr_strategy_realloc(s->head.host, s->fen,
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

static acdr_member *wr_pick(acdr_strategy_state *st, acdr_contact_view *c) {
  wr_state *s = (wr_state *)st;
  uint64_t r;
  size_t idx = 0, bit = 1;
  (void)c;
  if (!s->total) return NULL;
  r = acdr_strategy_random(s->head.host, s->total);
  /* descend: the smallest slot whose prefix sum exceeds r */
  while (bit * 2 <= s->cap) bit *= 2;
  for (; bit; bit /= 2) {
    if (idx + bit <= s->cap && s->fen[idx + bit] <= r) {
      idx += bit;
      r -= s->fen[idx];
    }
  }
  if (idx >= s->used) return NULL; /* cannot happen */
  return s->slot_m[idx];
}

ACDR_STRAT_CREATE_FN(wr_create, "weighted-random", sizeof(wr_state), 0, wr_pick,
                     NULL)

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
    acdr_strat_select_one,
    NULL,
    NULL,
    NULL, NULL, NULL};

const acdr_strategy *acdr_strategy_weighted_random(void) {
  return &weighted_random;
}
