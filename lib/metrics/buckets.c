/* Counter sets and the per-object ring of time buckets.
 *
 * A record keeps lifetime counters plus a ring of max_buckets slots; slot
 * i holds bucket b with b % max_buckets == i.  Slots are allocated the
 * first time the object records something in a bucket and recycled when
 * the ring wraps, so the event path allocates only while warming up, and
 * a failed allocation loses that bucket's detail (counted in `dropped`),
 * never the lifetime counters. */
#include <string.h>

#include "metrics/metrics_int.h"

const char *const acdr_mcount_names[] = {
#define ACDR_MC_NAME_(n, m) #n,
    ACDR_MCOUNT_FIELDS(ACDR_MC_NAME_)
#undef ACDR_MC_NAME_
};

const unsigned char acdr_mcount_is_max[] = {
#define ACDR_MC_MAX_(n, m) m,
    ACDR_MCOUNT_FIELDS(ACDR_MC_MAX_)
#undef ACDR_MC_MAX_
};

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

void acdr_mrec_init(acdr_mrec *r, int32_t kind) {
  memset(r, 0, sizeof(*r));
  r->kind = kind;
  r->refs = 1;
  r->st = ACDR_AGENT_LOGGED_OUT;
  r->act = ACDR_ACTIVITY_IDLE;
}

void acdr_mrec_clear_ring(acdr_engine *e, acdr_mrec *r) {
  uint32_t i;
  if (!r->ring) return;
  for (i = 0; i < r->ringcap; i++) acdr_mem_free(&e->mem, r->ring[i]);
  acdr_mem_free(&e->mem, r->ring);
  r->ring = NULL;
  r->ringcap = 0;
}

const acdr_mslot *acdr_mrec_slot(const acdr_mrec *r, uint64_t b) {
  const acdr_mslot *s;
  if (!r->ring) return NULL;
  s = r->ring[b % r->ringcap];
  return s && s->bucket == b ? s : NULL;
}

/* Grow the ring so that every bucket still in the window, and b, have a
 * slot of their own.  The ring starts small and doubles (up to
 * max_buckets): an object active for an hour does not pay for a week of
 * empty slots.  Slots of buckets that left the window are freed. */
static int ring_grow(acdr_engine *e, acdr_mrec *r, uint64_t b,
                     uint64_t oldest, uint32_t n) {
  uint32_t cap = r->ringcap ? r->ringcap : 4, i;
  acdr_mslot **nr;
  for (;;) {
    int clash = 0;
    if (cap > n) cap = n;
    nr = acdr_mem_calloc(&e->mem, cap, sizeof(*nr));
    if (!nr) return ACDR_ERR_NOMEM;
    for (i = 0; i < r->ringcap && !clash; i++) {
      acdr_mslot *s = r->ring[i];
      if (!s || s->bucket < oldest) continue;
      if (nr[s->bucket % cap] || (s->bucket % cap == b % cap && s->bucket != b))
        clash = 1;
      else
        nr[s->bucket % cap] = s;
    }
    if (!clash || cap == n) break;
    acdr_mem_free(&e->mem, nr);
    cap *= 2;
  }
  /* free the slots that did not move (out of the window) */
  for (i = 0; i < r->ringcap; i++) {
    acdr_mslot *s = r->ring[i];
    if (s && nr[s->bucket % cap] != s) acdr_mem_free(&e->mem, s);
  }
  acdr_mem_free(&e->mem, r->ring);
  r->ring = nr;
  r->ringcap = cap;
  return 0;
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

uint64_t acdr_metrics_oldest_bucket(const acdr_engine *e) {
  return acdr_oldest_bucket(acdr_ms(e), e->now);
}

acdr_mcount *acdr_mrec_bucket(acdr_engine *e, acdr_metrics_state *m,
                              acdr_mrec *r, uint64_t b, int create) {
  uint32_t n = m->opt.max_buckets;
  acdr_mslot *s;
  size_t i;
  uint64_t oldest = acdr_oldest_bucket(m, e->now);
  if (b < oldest) return NULL;
  if (!r->ring && !create) return NULL;
  if (!r->ring ||
      (r->ringcap < n && (s = r->ring[b % r->ringcap]) != NULL &&
       s->bucket != b && s->bucket >= oldest)) {
    if (!create) return NULL;
    if (ring_grow(e, r, b, oldest, n) != 0) {
      m->dropped++;
      return NULL;
    }
  }
  i = (size_t)(b % r->ringcap);
  s = r->ring[i];
  if (s && s->bucket == b) return &s->c;
  if (!create) return NULL;
  if (!s) {
    s = acdr_mem_malloc(&e->mem, sizeof(*s));
    if (!s) {
      m->dropped++;
      return NULL;
    }
    r->ring[i] = s;
  } else if (s->bucket > b) {
    return NULL; /* the slot already holds a newer bucket */
  }
  memset(&s->c, 0, sizeof(s->c));
  s->bucket = b;
  return &s->c;
}

void acdr_mrec_sum(const acdr_engine *e, const acdr_mrec *r, uint64_t blo,
                   uint64_t bhi, acdr_mcount *out) {
  uint64_t oldest = acdr_metrics_oldest_bucket(e);
  uint32_t i;
  if (!r->ring) return;
  /* a slot may still hold a bucket that fell out of the window (nothing
   * recorded since): it no longer counts */
  for (i = 0; i < r->ringcap; i++) {
    const acdr_mslot *s = r->ring[i];
    if (s && s->bucket >= blo && s->bucket <= bhi && s->bucket >= oldest)
      acdr_mcount_add(out, &s->c);
  }
}

void acdr_mrec_add_time(acdr_engine *e, acdr_metrics_state *m, acdr_mrec *r,
                        size_t off, acdr_tstamp t0, acdr_tstamp t1) {
  uint64_t b, oldest = acdr_oldest_bucket(m, e->now);
  if (t1 <= t0) return;
  acdr_mc_vals(&r->life)[off] += t1 - t0;
  /* bounded by max_buckets: older parts of the period are not kept */
  b = acdr_bucket_of(m, t0);
  if (b < oldest) {
    b = oldest;
    t0 = b * m->bucket_ns;
    if (t1 <= t0) return;
  }
  /* up to the bucket holding t1 - 1: `b * bucket_ns < t1` would wrap in
   * the last bucket of the clock and never end */
  for (; b <= (t1 - 1) / m->bucket_ns; b++) {
    acdr_tstamp s = b * m->bucket_ns;
    acdr_tstamp end = s > ACDR_TSTAMP_MAX - m->bucket_ns
                          ? ACDR_TSTAMP_MAX
                          : s + m->bucket_ns;
    acdr_mcount *c;
    if (s < t0) s = t0;
    if (end > t1) end = t1;
    if ((c = acdr_mrec_bucket(e, m, r, b, 1)) != NULL)
      acdr_mc_vals(c)[off] += end - s;
  }
}
