/* SPDX-License-Identifier: MIT */
/* Counter sets and the per-object time buckets.
 *
 * A record keeps lifetime counters plus a sorted array of slots, one per
 * bucket it recorded something in, within the window of max_buckets.  A
 * slot is allocated the first time the object records something in a
 * bucket; slots that left the window are freed when a new one is needed,
 * and a failed allocation loses that bucket's detail (counted in
 * `dropped`), never the lifetime counters.
 *
 * The event path writes the current bucket: the engine's current bucket
 * number is cached with its span (acdr_bucket_now) and each record keeps
 * a pointer to the slot written last, so an event costs no division and
 * no search while time stays in one bucket.
 *
 * Agent budget: with agent_bytes set, an agent keeps at most
 * agent_bytes / ACDR_MSLOT_UNIT slots whose bytes (ACDR_MSLOT_COST each,
 * plus ACDR_MXTRA_COST per sparse block and ACDR_MARRAY_COST for the
 * pointer array) stay within it too (an agent whose first block comes in
 * a slot made without room for it is over by that block until its next
 * slot).  A new slot that would not fit first rolls the two oldest
 * neighbouring slots of one roll-up period (a day: `rollup` buckets) into
 * one slot holding their sum and span [bucket, last], never touching the
 * current bucket's slot; when no two slots share a period the oldest slot
 * is dropped (kept_from records it: ranges reaching before it are
 * partial).  So a range that holds whole roll-up slots (a whole day, the
 * lifetime) sums exactly, and a range that cuts a roll-up slot leaves it
 * out and says partial.
 *
 * Slot storage: a slot holds the dense counters (what an agent's bucket
 * records in ordinary traffic) and a pointer to a block of the sparse
 * ones, allocated with the first non-zero sparse value (metrics_int.h
 * says which are which): an agent's slot no longer carries the queue-only
 * outcomes and the rare counters.  Under a budget an agent's bytes are
 * its slots plus its sparse blocks; a block is allocated while an event
 * is recorded, where no roll-up may run (it would free slots the event is
 * writing to), so room for it is made with the slot. */
#include <string.h>

#include "metrics/metrics_int.h"

const char *const acdr_mcount_names[] = {
#define ACDR_MC_NAME_(n, m, w) #n,
    ACDR_MCOUNT_FIELDS(ACDR_MC_NAME_)
#undef ACDR_MC_NAME_
};

const unsigned char acdr_mcount_is_max[] = {
#define ACDR_MC_MAX_(n, m, w) m,
    ACDR_MCOUNT_FIELDS(ACDR_MC_MAX_)
#undef ACDR_MC_MAX_
};

#define ACDR_MC_POS_D(n) ACDR_MD_##n,
#define ACDR_MC_POS_S(n) -1 - ACDR_MS_##n,
#define ACDR_MC_POS_(n, m, w) ACDR_MC_POS_##w(n)
const signed char acdr_mcount_pos[] = {ACDR_MCOUNT_FIELDS(ACDR_MC_POS_)};
#undef ACDR_MC_POS_
#undef ACDR_MC_POS_D
#undef ACDR_MC_POS_S

#define ACDR_MC_OF_D(n) ACDR_MC_OFF(n),
#define ACDR_MC_OF_S(n)
#define ACDR_MC_OF_(n, m, w) ACDR_MC_OF_##w(n)
const unsigned char acdr_mdense_field[] = {ACDR_MCOUNT_FIELDS(ACDR_MC_OF_)};
#undef ACDR_MC_OF_D
#undef ACDR_MC_OF_S
#define ACDR_MC_OF_D(n)
#define ACDR_MC_OF_S(n) ACDR_MC_OFF(n),
const unsigned char acdr_msparse_field[] = {ACDR_MCOUNT_FIELDS(ACDR_MC_OF_)};
#undef ACDR_MC_OF_
#undef ACDR_MC_OF_D
#undef ACDR_MC_OF_S

void acdr_mcount_add(acdr_mcount *dst, const acdr_mcount *src) {
  uint64_t *d = acdr_mc_vals(dst);
  const uint64_t *s = (const uint64_t *)(const void *)src;
  size_t i;
  for (i = 0; i < ACDR_MCOUNT_N; i++) {
    if (acdr_mcount_is_max[i])
      d[i] = d[i] > s[i] ? d[i] : s[i];
    else
      d[i] += s[i];
  }
}

void acdr_mslot_addto(acdr_mcount *out, const acdr_mslot *s) {
  uint64_t *o = acdr_mc_vals(out);
  size_t i;
  for (i = 0; i < ACDR_MDENSE_N; i++) {
    uint64_t *d = &o[acdr_mdense_field[i]];
    if (acdr_mcount_is_max[acdr_mdense_field[i]])
      *d = *d > s->d[i] ? *d : s->d[i];
    else
      *d += s->d[i];
  }
  if (!s->x) return;
  for (i = 0; i < ACDR_MSPARSE_N; i++) {
    uint64_t *d = &o[acdr_msparse_field[i]];
    if (acdr_mcount_is_max[acdr_msparse_field[i]])
      *d = *d > s->x->v[i] ? *d : s->x->v[i];
    else
      *d += s->x->v[i];
  }
}

void acdr_mslot_sparse(acdr_engine *e, acdr_mrec *r, acdr_mslot *s,
                       size_t pos, uint64_t v, int is_max) {
  uint64_t *p;
  if (!s->x) {
    if (!(s->x = acdr_mem_calloc(&e->mem, 1, sizeof(*s->x)))) {
      acdr_ms(e)->dropped++;
      return;
    }
    r->nx++;
  }
  p = &s->x->v[pos];
  if (!is_max) *p += v;
  else if (v > *p) *p = v;
}

/* a += b, the slot b is about to be freed: b's sparse block moves to a
 * when a has none. */
static void slot_merge(acdr_engine *e, acdr_mrec *r, acdr_mslot *a,
                       acdr_mslot *b) {
  size_t i;
  for (i = 0; i < ACDR_MDENSE_N; i++) {
    if (acdr_mcount_is_max[acdr_mdense_field[i]])
      a->d[i] = a->d[i] > b->d[i] ? a->d[i] : b->d[i];
    else
      a->d[i] += b->d[i];
  }
  if (!b->x) return;
  if (!a->x) {
    a->x = b->x;
    b->x = NULL;
    return;
  }
  for (i = 0; i < ACDR_MSPARSE_N; i++) {
    if (acdr_mcount_is_max[acdr_msparse_field[i]])
      a->x->v[i] = a->x->v[i] > b->x->v[i] ? a->x->v[i] : b->x->v[i];
    else
      a->x->v[i] += b->x->v[i];
  }
  acdr_mem_free(&e->mem, b->x);
  b->x = NULL;
  r->nx--;
}

static void slot_free(acdr_engine *e, acdr_mrec *r, acdr_mslot *s) {
  if (s->x) {
    acdr_mem_free(&e->mem, s->x);
    r->nx--;
  }
  acdr_mem_free(&e->mem, s);
}

/* Over the agent budget with `more` (0 or 1) more slots.  A new slot of
 * an agent that has sparse blocks is counted with one: its block comes
 * with the event that makes the slot, after this check. */
static int over_budget(const acdr_metrics_state *m, const acdr_mrec *r,
                       uint32_t more) {
  uint64_t n = (uint64_t)r->nslots + more,
           nx = (uint64_t)r->nx + (more && r->nx ? 1u : 0u);
  return n > m->agent_slots ||
         ACDR_MARRAY_COST + n * ACDR_MSLOT_COST + nx * ACDR_MXTRA_COST >
             m->agent_bytes;
}

void acdr_mrec_init(acdr_mrec *r, int32_t kind) {
  memset(r, 0, sizeof(*r));
  r->kind = kind;
  r->refs = 1;
  r->st = ACDR_AGENT_LOGGED_OUT;
  r->act = ACDR_ACTIVITY_IDLE;
}

void acdr_mrec_clear_ring(acdr_engine *e, acdr_mrec *r) {
  uint32_t i;
  r->cur = NULL;
  r->kept_from = 0;
  if (!r->slots) return;
  for (i = 0; i < r->nslots; i++) slot_free(e, r, r->slots[i]);
  acdr_mem_free(&e->mem, r->slots);
  r->slots = NULL;
  r->nslots = r->cap = 0;
}

void acdr_metrics_recache(acdr_metrics_state *m, acdr_tstamp t) {
  m->cur_b = t / m->bucket_ns;
  m->cur_lo = m->cur_b * m->bucket_ns;
  m->cur_hi = m->cur_lo > ACDR_TSTAMP_MAX - m->bucket_ns
                  ? ACDR_TSTAMP_MAX
                  : m->cur_lo + m->bucket_ns;
}

void acdr_metrics_derive(acdr_metrics_state *m, acdr_tstamp now) {
  const acdr_tstamp day = (acdr_tstamp)86400000 * ACDR_MILLISECONDS;
  m->bucket_ns = (acdr_tstamp)m->opt.bucket_ms * ACDR_MILLISECONDS;
  m->rollup = m->bucket_ns < day ? day / m->bucket_ns : 1;
  m->agent_slots =
      m->agent_bytes ? (uint32_t)(m->agent_bytes / ACDR_MSLOT_UNIT) : 0;
  acdr_metrics_recache(m, now);
}

/* Index of the first slot whose last bucket is >= b (nslots if none). */
static uint32_t find(const acdr_mrec *r, uint64_t b) {
  uint32_t lo = 0, hi = r->nslots;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (r->slots[mid]->last < b) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const acdr_mslot *acdr_mrec_slot(const acdr_mrec *r, uint64_t b) {
  uint32_t i = find(r, b);
  return i < r->nslots && r->slots[i]->bucket <= b ? r->slots[i] : NULL;
}

static void slot_remove(acdr_engine *e, acdr_mrec *r, uint32_t i) {
  if (r->cur == r->slots[i]) r->cur = NULL;
  slot_free(e, r, r->slots[i]);
  memmove(r->slots + i, r->slots + i + 1,
          (r->nslots - i - 1) * sizeof(*r->slots));
  r->nslots--;
}

/* Free the slots that left the window. */
static void prune(acdr_engine *e, acdr_mrec *r, uint64_t oldest) {
  uint32_t n = 0, i;
  while (n < r->nslots && r->slots[n]->last < oldest) n++;
  if (!n) return;
  for (i = 0; i < n; i++) {
    if (r->cur == r->slots[i]) r->cur = NULL;
    slot_free(e, r, r->slots[i]);
  }
  memmove(r->slots, r->slots + n, (r->nslots - n) * sizeof(*r->slots));
  r->nslots -= n;
}

/* One step towards the budget: merge the oldest neighbouring pair of one
 * roll-up period (not the slot of the current bucket), else drop the
 * oldest slot.  Returns 0 when nothing could be done. */
static int roll_one(acdr_engine *e, acdr_metrics_state *m, acdr_mrec *r) {
  uint32_t i;
  for (i = 0; i + 1 < r->nslots; i++) {
    acdr_mslot *a = r->slots[i], *b = r->slots[i + 1];
    if (b->last >= m->cur_b) break;
    if (a->bucket / m->rollup != b->last / m->rollup) continue;
    slot_merge(e, r, a, b);
    a->last = b->last;
    if (r->cur == a) r->cur = NULL;
    slot_remove(e, r, i + 1);
    return 1;
  }
  if (!r->nslots) return 0;
  if (r->slots[0]->last + 1 > r->kept_from)
    r->kept_from = r->slots[0]->last + 1;
  slot_remove(e, r, 0);
  return 1;
}

void acdr_mrec_enforce(acdr_engine *e, acdr_metrics_state *m, acdr_mrec *r) {
  if (r->kind != ACDR_MREC_AGENT || !m->agent_slots) return;
  (void)acdr_bucket_now(m, e->now);
  prune(e, r, acdr_oldest_bucket(m, e->now));
  while (over_budget(m, r, 0) && roll_one(e, m, r)) {
  }
  /* a budget set afterwards (or a snapshot loaded under it): the array
   * shrinks to what the budget can need (on failure it stays as it is) */
  if (r->cap > m->agent_slots && r->nslots <= m->agent_slots) {
    acdr_mslot **ns = acdr_mem_realloc(&e->mem, r->slots,
                                       m->agent_slots * sizeof(*ns));
    if (ns) {
      r->slots = ns;
      r->cap = m->agent_slots;
    }
  }
}

/* Room for one more slot pointer: the array grows by half (4, 6, 9, 13,
 * 19, 28, 42...: an 8-hour shift's 33 slots of an agent take 42
 * pointers, not 64) up to what the window or the budget can need. */
static int reserve(acdr_engine *e, acdr_metrics_state *m, acdr_mrec *r) {
  uint32_t lim = m->opt.max_buckets, cap;
  acdr_mslot **ns;
  if (r->kind == ACDR_MREC_AGENT && m->agent_slots && m->agent_slots < lim)
    lim = m->agent_slots;
  if (r->nslots < r->cap) return 0;
  cap = r->cap ? r->cap + r->cap / 2 : 4;
  if (cap > lim) cap = lim;
  if (cap <= r->nslots) cap = r->nslots + 1;
  ns = acdr_mem_realloc(&e->mem, r->slots, cap * sizeof(*ns));
  if (!ns) return ACDR_ERR_NOMEM;
  r->slots = ns;
  r->cap = cap;
  return 0;
}

static acdr_mslot *slot_new(acdr_engine *e, acdr_metrics_state *m,
                            acdr_mrec *r, uint32_t i, uint64_t b,
                            uint64_t last) {
  acdr_mslot *s;
  if (reserve(e, m, r) != 0) return NULL;
  if (!(s = acdr_mem_malloc(&e->mem, sizeof(*s)))) return NULL;
  memset(s->d, 0, sizeof(s->d));
  s->x = NULL;
  s->bucket = b;
  s->last = last;
  memmove(r->slots + i + 1, r->slots + i,
          (r->nslots - i) * sizeof(*r->slots));
  r->slots[i] = s;
  r->nslots++;
  return s;
}

int acdr_mrec_insert(acdr_engine *e, acdr_metrics_state *m, acdr_mrec *r,
                     uint64_t b, uint64_t last, const acdr_mcount *v) {
  const uint64_t *src = (const uint64_t *)(const void *)v;
  uint32_t i;
  acdr_mslot *s;
  if (last < b || b < acdr_oldest_bucket(m, e->now)) return 1;
  i = find(r, b);
  if (i < r->nslots && r->slots[i]->bucket <= last) return 1;
  if (!(s = slot_new(e, m, r, i, b, last))) return ACDR_ERR_NOMEM;
  for (i = 0; i < ACDR_MDENSE_N; i++) s->d[i] = src[acdr_mdense_field[i]];
  for (i = 0; i < ACDR_MSPARSE_N; i++) {
    if (!src[acdr_msparse_field[i]]) continue;
    if (!s->x) {
      if (!(s->x = acdr_mem_calloc(&e->mem, 1, sizeof(*s->x))))
        return ACDR_ERR_NOMEM; /* the slot stays, the load fails */
      r->nx++;
    }
    s->x->v[i] = src[acdr_msparse_field[i]];
  }
  return 0;
}

uint64_t acdr_metrics_oldest_bucket(const acdr_engine *e) {
  return acdr_oldest_bucket(acdr_ms(e), e->now);
}

acdr_mslot *acdr_mrec_bucket_slow(acdr_engine *e, acdr_metrics_state *m,
                                  acdr_mrec *r, uint64_t b, int create) {
  uint64_t oldest;
  (void)acdr_bucket_now(m, e->now); /* roll_one spares the current bucket */
  oldest = acdr_oldest_bucket(m, e->now);
  uint32_t i;
  acdr_mslot *s;
  if (b < oldest) return NULL;
  i = find(r, b);
  if (i < r->nslots && r->slots[i]->bucket <= b) {
    s = r->slots[i];
    if (s->bucket == s->last) r->cur = s;
    return s;
  }
  if (!create) return NULL;
  prune(e, r, oldest);
  if (r->kind == ACDR_MREC_AGENT && m->agent_slots) {
    if (b < r->kept_from) return NULL;
    if (over_budget(m, r, 1) && b < r->slots[0]->bucket) {
      /* older than all kept (a long period being split): join the
       * oldest slot when it is of the same period, else it is lost */
      s = r->slots[0];
      if (s->bucket / m->rollup == b / m->rollup && s->last < m->cur_b) {
        s->bucket = b;
        if (r->cur == s) r->cur = NULL;
        return s;
      }
      r->kept_from = b + 1;
      return NULL;
    }
    while (over_budget(m, r, 1) && roll_one(e, m, r)) {
    }
    /* a roll-up may now hold b, or b is older than everything kept */
    i = find(r, b);
    if (i < r->nslots && r->slots[i]->bucket <= b) return r->slots[i];
    if (b < r->kept_from) return NULL;
  }
  i = find(r, b);
  if (!(s = slot_new(e, m, r, i, b, b))) {
    m->dropped++;
    return NULL;
  }
  r->cur = s;
  return s;
}

void acdr_mrec_fini(acdr_engine *e, acdr_mrec *r) {
  acdr_mrec_clear_ring(e, r);
  acdr_mem_free(&e->mem, r->code);
  r->code = NULL;
}

acdr_mrec *acdr_mrec_new(acdr_engine *e, int32_t kind) {
  acdr_mrec *r = acdr_mem_malloc(&e->mem, sizeof(*r));
  if (r) acdr_mrec_init(r, kind);
  return r;
}

/* Records of agents and queues outlive their objects while FCR episodes
 * still point at them. */
void acdr_mrec_unref(acdr_engine *e, acdr_mrec *r) {
  if (!r || --r->refs > 0) return;
  acdr_mrec_fini(e, r);
  acdr_mem_free(&e->mem, r);
}

void acdr_mrec_sum(const acdr_engine *e, const acdr_mrec *r, uint64_t blo,
                   uint64_t bhi, acdr_mcount *out, int *cut) {
  uint64_t oldest = acdr_metrics_oldest_bucket(e);
  uint32_t i;
  /* a slot may still hold a bucket that fell out of the window (nothing
   * recorded since): it no longer counts */
  for (i = find(r, blo > oldest ? blo : oldest); i < r->nslots; i++) {
    const acdr_mslot *s = r->slots[i];
    if (s->bucket > bhi) break;
    if (s->bucket >= blo && s->last <= bhi && s->bucket >= oldest)
      acdr_mslot_addto(out, s);
    else
      *cut = 1;
  }
}

void acdr_mrec_add_time(acdr_engine *e, acdr_metrics_state *m, acdr_mrec *r,
                        size_t off, acdr_tstamp t0, acdr_tstamp t1) {
  uint64_t b, oldest, bend;
  acdr_mslot *c;
  if (t1 <= t0) return;
  acdr_mc_vals(&r->life)[off] += t1 - t0;
  /* the common case: the whole period lies in the current bucket */
  if (t0 >= m->cur_lo && t1 <= m->cur_hi) {
    if ((c = acdr_mrec_bucket(e, m, r, m->cur_b, 1)) != NULL)
      acdr_mslot_add(e, r, c, off, t1 - t0);
    return;
  }
  oldest = acdr_oldest_bucket(m, e->now);
  /* bounded by max_buckets: older parts of the period are not kept */
  b = acdr_bucket_of(m, t0);
  if (b < oldest) {
    b = oldest;
    t0 = b * m->bucket_ns;
    if (t1 <= t0) return;
  }
  /* up to the bucket holding t1 - 1: `b * bucket_ns < t1` would wrap in
   * the last bucket of the clock and never end */
  bend = (t1 - 1) / m->bucket_ns;
  for (; b <= bend; b++) {
    acdr_tstamp s = b * m->bucket_ns;
    acdr_tstamp end = s > ACDR_TSTAMP_MAX - m->bucket_ns
                          ? ACDR_TSTAMP_MAX
                          : s + m->bucket_ns;
    if (s < t0) s = t0;
    if (end > t1) end = t1;
    if ((c = acdr_mrec_bucket(e, m, r, b, 1)) != NULL)
      acdr_mslot_add(e, r, c, off, end - s);
  }
}
