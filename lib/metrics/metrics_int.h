/* SPDX-License-Identifier: MIT */
/* Internals of lib/metrics: counter sets, per-object records with their
 * bucket rings, first-contact-resolution episodes, and the functions the
 * files of lib/metrics (and lib/config's snapshot) share. */
#ifndef ACDR_METRICS_METRICS_INT_H
#define ACDR_METRICS_METRICS_INT_H

#include <acdroute/disposition.h>
#include <acdroute/metrics.h>

#include "core/engine_int.h"
#include "core/hooks.h"

struct json_object;

/* ---- counter sets ----
 * X(name, is_max, where): one list feeds the struct, summing, JSON and
 * snapshots (their order is the snapshots' "fields" order).  Every field
 * is a uint64; is_max fields combine with max(), the others with +.
 * `where` says how a bucket slot stores it: D (dense: in every slot) for
 * what an agent's bucket records in ordinary traffic, S (sparse: in a
 * block allocated with the first non-zero value) for the outcomes only a
 * queue, channel or the engine records (abandons, time-outs, overflows,
 * callbacks, refusals, repeats, outbound, after hours), the code-only
 * tags, and the rare ones (first replies of chats, surveys).  An agent's
 * slot is then 26 counters, not 48. */
#define ACDR_MCOUNT_FIELDS(X)                                                \
  X(offered, 0, D) X(answered, 0, D) X(answered_in_sl, 0, D)                \
  X(abandoned, 0, S) X(abandoned_short, 0, S) X(abandoned_in_sl, 0, S)      \
  X(timed_out, 0, S) X(overflowed, 0, S) X(transferred, 0, D)               \
  X(callbacks, 0, S) X(rejected, 0, S) X(missed, 0, D) X(handled, 0, D)     \
  X(wait_answered_ns, 0, D) X(longest_wait_ns, 1, D) X(talk_ns, 0, D)       \
  X(hold_ns, 0, D) X(wrapup_ns, 0, D) X(dispositioned, 0, D)                \
  X(tagged, 0, S) X(resolved, 0, D) X(success, 0, D)                        \
  X(contact_made, 0, D) X(fcr_first, 0, D) X(fcr_resolved, 0, D)            \
  X(fcr_repeated, 0, D) X(fcr_unresolved, 0, D) X(fcr_pending, 0, D)        \
  X(repeat_contacts, 0, S) X(logged_in_ns, 0, D) X(idle_ns, 0, D)           \
  X(away_ns, 0, D) X(ringing_ns, 0, D) X(on_contact_ns, 0, D)               \
  X(wrapup_time_ns, 0, D)                                                   \
  /* since V2: conversations */                                             \
  X(replied, 0, S) X(replied_in_target, 0, S) X(first_reply_ns, 0, S)       \
  X(reply_overdue, 0, S)                                                    \
  /* since V2: outbound, after hours, surveys */                            \
  X(outbound_placed, 0, S) X(outbound_dnc_refused, 0, S)                    \
  X(after_hours, 0, S) X(csat_responses, 0, S) X(csat_sum, 0, S)            \
  X(csat_satisfied, 0, S) X(nps_responses, 0, S) X(nps_promoters, 0, S)     \
  X(nps_detractors, 0, S)

typedef struct acdr_mcount {
#define ACDR_MC_FIELD_(n, m, w) uint64_t n;
  ACDR_MCOUNT_FIELDS(ACDR_MC_FIELD_)
#undef ACDR_MC_FIELD_
} acdr_mcount;

#define ACDR_MCOUNT_N (sizeof(acdr_mcount) / sizeof(uint64_t))
extern const char *const acdr_mcount_names[];
extern const unsigned char acdr_mcount_is_max[];

static inline uint64_t *acdr_mc_vals(acdr_mcount *c) {
  return (uint64_t *)(void *)c;
}
/* dst += src (max for is_max fields). */
void acdr_mcount_add(acdr_mcount *dst, const acdr_mcount *src);

/* Slot storage: the dense fields' and the sparse fields' positions. */
#define ACDR_MC_ENUM_D(n) ACDR_MD_##n,
#define ACDR_MC_ENUM_S(n)
#define ACDR_MC_ENUM_(n, m, w) ACDR_MC_ENUM_##w(n)
enum { ACDR_MCOUNT_FIELDS(ACDR_MC_ENUM_) ACDR_MDENSE_N };
#undef ACDR_MC_ENUM_
#undef ACDR_MC_ENUM_D
#undef ACDR_MC_ENUM_S
#define ACDR_MC_ENUM_D(n)
#define ACDR_MC_ENUM_S(n) ACDR_MS_##n,
#define ACDR_MC_ENUM_(n, m, w) ACDR_MC_ENUM_##w(n)
enum { ACDR_MCOUNT_FIELDS(ACDR_MC_ENUM_) ACDR_MSPARSE_N };
#undef ACDR_MC_ENUM_
#undef ACDR_MC_ENUM_D
#undef ACDR_MC_ENUM_S
/* ACDR_MC_POS(f): field f's position in a slot as a constant, for the
 * event path (acdr_mslot_add_at); the same as acdr_mcount_pos[]. */
#define ACDR_MC_PE_D(n) ACDR_MP_##n = ACDR_MD_##n,
#define ACDR_MC_PE_S(n) ACDR_MP_##n = -1 - ACDR_MS_##n,
#define ACDR_MC_PE_(n, m, w) ACDR_MC_PE_##w(n)
enum { ACDR_MCOUNT_FIELDS(ACDR_MC_PE_) };
#undef ACDR_MC_PE_
#undef ACDR_MC_PE_D
#undef ACDR_MC_PE_S
#define ACDR_MC_POS(f) ACDR_MP_##f
/* Field i of acdr_mcount in a slot: dense position p >= 0, or sparse
 * position -1 - p. */
extern const signed char acdr_mcount_pos[];
/* The acdr_mcount index of each dense / sparse position. */
extern const unsigned char acdr_mdense_field[], acdr_msparse_field[];

/* ---- per-object records ---- */
/* The counters of buckets [bucket, last]: one bucket (last == bucket), or
 * a roll-up of several buckets of one roll-up period (agents under a
 * byte budget, buckets.c). */
/* The sparse counters of a slot: allocated on the first non-zero one. */
typedef struct acdr_mxtra {
  uint64_t v[ACDR_MSPARSE_N];
} acdr_mxtra;

typedef struct acdr_mslot {
  uint64_t bucket; /* first bucket held in this slot */
  uint64_t last;   /* last bucket held */
  acdr_mxtra *x;   /* sparse counters; NULL while all are 0 */
  uint64_t d[ACDR_MDENSE_N]; /* dense counters */
} acdr_mslot;

typedef enum acdr_mkind {
  ACDR_MREC_ENGINE,
  ACDR_MREC_CHANNEL,
  ACDR_MREC_QUEUE,
  ACDR_MREC_AGENT,
  ACDR_MREC_CODE
} acdr_mkind;

typedef struct acdr_mrec {
  acdr_mcount life;
  acdr_mslot **slots;  /* nslots slots, sorted by bucket, disjoint; each
                          allocated on first use */
  acdr_mslot *cur;     /* the one-bucket slot written last: the event path
                          finds the current bucket without a search */
  uint32_t nslots, cap; /* cap: grows by half up to what the window (or
                          the budget) needs */
  uint64_t kept_from;  /* budget: some buckets before this were dropped */
  int32_t kind;        /* acdr_mkind */
  uint32_t refs;       /* owner + FCR episodes; freed at 0 */
  int dead;            /* the agent / queue is gone */
  /* agents: the (status, activity) of the period since a->state_since */
  int32_t st, act;
  uint32_t nx;         /* slots holding a sparse block (agent budget) */
  char *code;          /* codes: owned id (also the map key) */
  /* queues: contacts that arrived with a known agent (preferred, owner,
   * last agent) and those of them answered by that known agent */
  uint64_t known_contacts, known_answered;
} acdr_mrec;

/* ---- FCR episodes: one per key with an open window ---- */
enum { ACDR_EP_PENDING = 1, ACDR_EP_DONE = 2 };

/* One allocation with its key; a FIFO by te, only ever taken from the
 * head (expiry, free), so singly linked. */
typedef struct acdr_episode {
  struct acdr_episode *next;      /* FIFO by te */
  struct acdr_episode *hnext;     /* chain of its hash bucket */
  acdr_mrec *queue, *agent;       /* referenced (may be NULL) */
  acdr_tstamp te;                 /* the first contact's end */
  int32_t state;                  /* ACDR_EP_* */
  int32_t channel;
  char key[];                     /* map key */
} acdr_episode;

/* ---- engine-wide state (e->metrics) ---- */
typedef struct acdr_metrics_state {
  acdr_metrics_options opt;
  acdr_tstamp bucket_ns;
  acdr_mrec engine;
  acdr_mrec channel[ACDR_CHANNEL_COUNT];
  acdr_map codes;                 /* code id -> acdr_mrec */
  /* key -> episode: a chained table (a bucket pointer per episode or
   * fewer, not a 24-byte map slot at load 3/4: FCR keeps an episode per
   * customer for W, the largest per-agent memory in a shift) */
  acdr_episode **ep_tab;
  size_t ep_cap, ep_len;          /* ep_cap: 0 or a power of two */
  uint64_t ep_k0, ep_k1;          /* keyed: customer ids come from outside */
  acdr_episode *ep_head, *ep_tail;
  uint64_t first_bucket;          /* bucket of the engine's start */
  uint64_t dropped;
  /* the bucket of the engine's time, cached: [cur_lo, cur_hi) is its
   * span, so the event path needs no division while time stays in it */
  uint64_t cur_b;
  acdr_tstamp cur_lo, cur_hi;
  /* per-agent byte budget for buckets (0: none) and what it allows */
  uint32_t agent_bytes;
  uint32_t agent_slots;           /* slots per agent; 0: no limit */
  uint64_t rollup;                /* buckets per roll-up period (a day) */
} acdr_metrics_state;

/* contact flags (c->metrics_flags) */
#define ACDR_MF_QUEUED 0x01u    /* entered its current queue's line */
#define ACDR_MF_ANSWERED 0x02u  /* answered at least once */
#define ACDR_MF_XFER_LEG 0x04u  /* connected transfer: leg ends next */
#define ACDR_MF_CALLBACK 0x08u  /* callback already counted */
#define ACDR_MF_REPEAT 0x10u    /* an FCR repeat contact */
#define ACDR_MF_OVERFLOW 0x20u  /* overflow counted for current queue */
#define ACDR_MF_KNOWN 0x40u     /* answered by its known agent, counted */
#define ACDR_MF_AFTER_HOURS 0x80u /* arrived while its queue was closed */

/* The module's hooks (metrics.c); its state is the engine's
 * acdr_metrics_state, acdr_ms(e); acdr_ms_set installs another one. */
extern const acdr_module_vt acdr_metrics_module;
ACDR_MODULE_STATE(acdr_metrics_state, acdr_metrics_module, acdr_ms,
                  acdr_ms_set)
/* Attach the module to a new engine (composition root).  0 or NOMEM. */
int acdr_metrics_attach(acdr_engine *e);
/* A fresh state replaces the current one (snapshot restore); on NOMEM
 * the current one stays. */
int acdr_metrics_reset(acdr_engine *e);
/* Create a fresh state and install it; 0 or NOMEM (nothing installed). */
int acdr_metrics_init(acdr_engine *e);
/* Free the installed state (and install NULL). */
void acdr_metrics_free(acdr_engine *e);
void acdr_metrics_queue_free(acdr_engine *e, acdr_queue *q);
void acdr_metrics_agent_free(acdr_engine *e, acdr_agent *a);

/* ---- buckets.c ---- */
/* Bucket of time t (one division). */
static inline uint64_t acdr_bucket_of(const acdr_metrics_state *m,
                                      acdr_tstamp t) {
  return t / m->bucket_ns;
}
/* Recompute the cached current bucket for time t. */
void acdr_metrics_recache(acdr_metrics_state *m, acdr_tstamp t);
/* Bucket of t, from the cache when t lies in the cached bucket (the
 * engine's time only moves forward: the common case). */
static inline uint64_t acdr_bucket_now(acdr_metrics_state *m,
                                       acdr_tstamp t) {
  if (t >= m->cur_lo && t < m->cur_hi) return m->cur_b;
  acdr_metrics_recache(m, t);
  return m->cur_b;
}
/* The agent budget: at most agent_bytes / ACDR_MSLOT_UNIT slots, the
 * unit being what a slot cost when it held all 48 counters, so that a
 * budget keeps the buckets it kept then (the reports stay the same); and
 * the slots' bytes within agent_bytes: each slot with its pointer and
 * the allocator's header and rounding, each sparse block, the pointer
 * array's header. */
#define ACDR_MSLOT_UNIT 424u
#define ACDR_MSLOT_COST (sizeof(acdr_mslot) + sizeof(acdr_mslot *) + 16u)
#define ACDR_MXTRA_COST (sizeof(acdr_mxtra) + 16u)
#define ACDR_MARRAY_COST 16u
/* Budget limits (bytes): 0 = none, else ACDR_AGENT_BYTES_MIN.. MAX. */
#define ACDR_AGENT_BYTES_MIN 1024u
#define ACDR_AGENT_BYTES_MAX (64u * 1024u * 1024u)
/* Set the per-agent bucket budget (0 = none; else MIN..MAX), rolling up
 * what is over it at once.  0 or ACDR_ERR_RANGE with a message. */
int acdr_metrics_set_agent_bytes(acdr_engine *e, uint32_t bytes);
uint32_t acdr_metrics_agent_bytes(const acdr_engine *e);
/* Derived settings (bucket_ns, rollup, agent_slots, the cache) from
 * m->opt and m->agent_bytes. */
void acdr_metrics_derive(acdr_metrics_state *m, acdr_tstamp now);
void acdr_mrec_init(acdr_mrec *r, int32_t kind);
void acdr_mrec_clear_ring(acdr_engine *e, acdr_mrec *r);
/* Free the record's memory (not the struct). */
void acdr_mrec_fini(acdr_engine *e, acdr_mrec *r);
acdr_mrec *acdr_mrec_new(acdr_engine *e, int32_t kind);
void acdr_mrec_unref(acdr_engine *e, acdr_mrec *r);
acdr_mslot *acdr_mrec_bucket_slow(acdr_engine *e, acdr_metrics_state *m,
                                  acdr_mrec *r, uint64_t b, int create);
/* The slot of bucket b (must be among the kept buckets), created when
 * `create`; a roll-up slot holding b when there is one; NULL when absent
 * (or on OOM, counted). */
static inline acdr_mslot *acdr_mrec_bucket(acdr_engine *e,
                                           acdr_metrics_state *m,
                                           acdr_mrec *r, uint64_t b,
                                           int create) {
  acdr_mslot *s = r->cur;
  if (s && s->bucket == b && s->last == b) return s;
  return acdr_mrec_bucket_slow(e, m, r, b, create);
}
/* Field `off` (an acdr_mcount index) of slot s of record r: add v, or
 * raise it to v.  A sparse field's block is allocated with its first
 * non-zero value; when that fails the bucket loses the value (counted in
 * `dropped`), never the lifetime counters. */
void acdr_mslot_sparse(acdr_engine *e, acdr_mrec *r, acdr_mslot *s,
                       size_t pos, uint64_t v, int is_max);
static inline void acdr_mslot_add_at(acdr_engine *e, acdr_mrec *r,
                                     acdr_mslot *s, int p, uint64_t v) {
  if (p >= 0) s->d[p] += v;
  else if (v) acdr_mslot_sparse(e, r, s, (size_t)(-1 - p), v, 0);
}
static inline void acdr_mslot_add(acdr_engine *e, acdr_mrec *r,
                                  acdr_mslot *s, size_t off, uint64_t v) {
  acdr_mslot_add_at(e, r, s, acdr_mcount_pos[off], v);
}
static inline void acdr_mslot_max_at(acdr_engine *e, acdr_mrec *r,
                                     acdr_mslot *s, int p, uint64_t v) {
  if (p >= 0) {
    if (v > s->d[p]) s->d[p] = v;
  } else if (v) {
    acdr_mslot_sparse(e, r, s, (size_t)(-1 - p), v, 1);
  }
}
/* *out += the slot's counters (max for is_max fields). */
void acdr_mslot_addto(acdr_mcount *out, const acdr_mslot *s);
/* Insert a slot [b, last] holding *v, as saved (snapshot load; no budget
 * applied, see acdr_mrec_enforce).  0, 1 when out of the window or
 * overlapping a slot (nothing inserted), or ACDR_ERR_NOMEM. */
int acdr_mrec_insert(acdr_engine *e, acdr_metrics_state *m, acdr_mrec *r,
                     uint64_t b, uint64_t last, const acdr_mcount *v);
/* Roll up an agent record until it fits the budget. */
void acdr_mrec_enforce(acdr_engine *e, acdr_metrics_state *m, acdr_mrec *r);
/* Sum the slots of r lying wholly in [blo, bhi] into *out; *cut set when a
 * roll-up slot straddles the range (its counts are left out). */
void acdr_mrec_sum(const acdr_engine *e, const acdr_mrec *r, uint64_t blo,
                   uint64_t bhi, acdr_mcount *out, int *cut);
/* Add dt of field `off` (a uint64 index into acdr_mcount) over the period
 * [t0, t1), split across the buckets it spans. */
void acdr_mrec_add_time(acdr_engine *e, acdr_metrics_state *m, acdr_mrec *r,
                        size_t off,
                        acdr_tstamp t0, acdr_tstamp t1);
/* Oldest bucket number still kept at time `now`. */
static inline uint64_t acdr_oldest_bucket(const acdr_metrics_state *m,
                                          acdr_tstamp now) {
  uint64_t cur = now >= m->cur_lo && now < m->cur_hi
                     ? m->cur_b
                     : acdr_bucket_of(m, now);
  return cur >= m->opt.max_buckets ? cur - m->opt.max_buckets + 1 : 0;
}
/* The same at the engine's time. */
uint64_t acdr_metrics_oldest_bucket(const acdr_engine *e);

/* ---- metrics.c (recording) ---- */
acdr_mrec *acdr_metrics_queue_rec(acdr_engine *e, acdr_queue *q);
acdr_mrec *acdr_metrics_agent_rec(acdr_engine *e, acdr_agent *a);
acdr_mrec *acdr_metrics_code_rec(acdr_engine *e, const char *code,
                                 int create);
/* Index of a field in acdr_mcount. */
#define ACDR_MC_OFF(f) (offsetof(acdr_mcount, f) / sizeof(uint64_t))
/* The agent-time fields (indexes into acdr_mcount) that a period in
 * (status, activity) counts towards; returns how many (0..2). */
size_t acdr_metrics_time_fields(int32_t st, int32_t act, size_t f[2]);

/* ---- fcr.c ---- */
void acdr_fcr_expire(acdr_engine *e, acdr_tstamp now);
void acdr_fcr_arrived(acdr_engine *e, acdr_contact *c);
void acdr_fcr_ended(acdr_engine *e, acdr_contact *c, int resolved);
void acdr_fcr_free_all(acdr_engine *e);
/* Adjust *out for episodes whose window has passed by `now` but that the
 * engine has not judged yet (queries must not change state). */
void acdr_fcr_virtual(const acdr_engine *e, const acdr_mrec *target,
                      int channel, int lifetime, uint64_t blo, uint64_t bhi,
                      acdr_tstamp now, acdr_mcount *out);
/* The episode of key, or NULL. */
acdr_episode *acdr_fcr_find(const acdr_metrics_state *m, const char *key);
/* Create an episode (used by load_json too). */
acdr_episode *acdr_fcr_episode_new(acdr_engine *e, const char *key,
                                   acdr_tstamp te, int32_t state,
                                   int32_t channel, acdr_mrec *q,
                                   acdr_mrec *a);

/* ---- report.c ---- */
/* 0 or ACDR_ERR_RANGE with a message naming the field. */
int acdr_metrics_validate_options(acdr_engine *e,
                                  const acdr_metrics_options *o);
/* Fill *out for record r (channel >= 0 for channel records; a for the
 * agent whose open period counts, or NULL; all_agents for the engine). */
int acdr_metrics_fill(acdr_engine *e, const acdr_mrec *r, int kind,
                      int channel, const acdr_queue *q, const acdr_agent *a,
                      acdr_tstamp from, acdr_tstamp to, acdr_tstamp now,
                      acdr_metrics *out);
int acdr_metrics_check_range(acdr_engine *e, acdr_tstamp from,
                             acdr_tstamp to, acdr_tstamp now);

/* ---- metrics_json.c: for lib/config snapshot / restore ----
 * save: add every counter, bucket and FCR episode to the JSON object
 * `out` (keys "settings", "engine", "channels", "queues", "agents",
 * "codes", "fcr"). load: replace the metric state with the one in `in`
 * (queues and agents must already exist; records of unknown ids are
 * skipped).  Both return 0 or a negative acdr_error with a message. */
int acdr_metrics_save_json(acdr_engine *e, struct json_object *out);
int acdr_metrics_load_json(acdr_engine *e, struct json_object *in);
/* The module's part of a snapshot: the "metrics" member, written
 * canonically (0 or an error with a message), and read back from m
 * (errors to er, at "/metrics"). */
struct acdr_jw;
struct acdr_errs;
int acdr_snapshot_write_metrics(acdr_engine *e, struct acdr_jw *w);
void acdr_snapshot_read_metrics(acdr_engine *e, struct acdr_errs *er,
                                struct json_object *m);

/* The slot holding bucket b (one bucket or a roll-up), or NULL. */
const acdr_mslot *acdr_mrec_slot(const acdr_mrec *r, uint64_t b);

#endif
