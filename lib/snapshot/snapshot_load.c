/* SPDX-License-Identifier: MIT */
/* Restore: rebuild an engine from a snapshot.  The configuration goes in
 * through the public API; then the live state (agents, contacts, offers,
 * timers with their tie-break seq, strategy state, random generator) is
 * written into the internal structures, derived counters are recomputed,
 * strategies are told who is ready, and the invariant checker has the last
 * word. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <acdroute/config.h>

#include "snapshot/snapshot_int.h"
#include "core/event.h"
#include "metrics/metrics_int.h"
#include "core/internal.h"
#include "policies/policy_int.h"
#include "disposition/disposition_int.h"
#include "customers/customers_int.h"

#define I64MAX INT64_MAX
/* The largest average handle time in ms: the whole clock (2^64 ns). */
#define AHT_MAX_MS 18446744073709.0

typedef struct rs {
  acdr_engine *e;
  acdr_errs *er;
  /* agents saved with "ready_stale": their memberships stay unready */
  acdr_agent **stale;
  size_t nstale, capstale;
  /* agents and queues already restored: one listed twice is refused */
  acdr_map seen_agents, seen_queues;
} rs;

/* Refuse an object listed twice in the snapshot's "agents" / "queues"
 * (restoring it twice would overwrite, and leak, its first state). */
static int listed_twice(rs *r, acdr_map *seen, const char *id,
                        const char *ptr, const char *what) {
  if (acdr_map_get(seen, id)) {
    acdr_errs_add(r->er, ACDR_ERR_DUPLICATE_ID, ptr, "%s \"%s\" listed twice",
                  what, id);
    return 1;
  }
  if (acdr_map_put(seen, &r->e->mem, id, (void *)(uintptr_t)1) != 0) {
    acdr_errs_add(r->er, ACDR_ERR_NOMEM, ptr, "out of memory");
    return 1;
  }
  return 0;
}

static int is_stale(const rs *r, const acdr_agent *a) {
  size_t i;
  for (i = 0; i < r->nstale; i++)
    if (r->stale[i] == a) return 1;
  return 0;
}

/* An unsigned 64-bit member (times in ns, sequence numbers): the whole
 * range the snapshot writer uses, negative refused. */
static uint64_t u64(rs *r, json_object *o, const char *ptr, const char *key,
                    int required) {
  json_object *v;
  char p[ACDR_PTR_MAX];
  if (!json_object_object_get_ex(o, key, &v)) {
    if (required)
      acdr_errs_add(r->er, ACDR_ERR_CONFIG, ptr,
                    "missing required key \"%s\"", key);
    return 0;
  }
  acdr_ptr_key(p, ptr, key);
  if (!json_object_is_type(v, json_type_int)) {
    acdr_errs_add(r->er, ACDR_ERR_CONFIG, p, "expected an integer");
    return 0;
  }
  if (json_object_get_int64(v) < 0) {
    acdr_errs_add(r->er, ACDR_ERR_RANGE, p,
                  "%lld outside 0..18446744073709551615",
                  (long long)json_object_get_int64(v));
    return 0;
  }
  return json_object_get_uint64(v);
}

static int64_t i64(rs *r, json_object *o, const char *ptr, const char *key,
                   int64_t lo, int64_t hi) {
  int64_t v = 0;
  (void)acdr_jint(r->er, o, ptr, key, 1, lo, hi, &v);
  return v;
}

/* An optional integer in 0..hi (0 when absent). */
static int64_t i64_opt(rs *r, json_object *o, const char *ptr,
                       const char *key, int64_t hi) {
  int64_t v = 0;
  (void)acdr_jint(r->er, o, ptr, key, 0, 0, hi, &v);
  return v;
}

static int flag(rs *r, json_object *o, const char *ptr, const char *key) {
  int b = 0;
  (void)acdr_jbool(r->er, o, ptr, key, &b);
  return b;
}

static json_object *arr(rs *r, json_object *o, const char *ptr,
                        const char *key, size_t *n) {
  json_object *a = NULL;
  *n = 0;
  if (!json_object_object_get_ex(o, key, &a) ||
      !json_object_is_type(a, json_type_array)) {
    char p[ACDR_PTR_MAX];
    acdr_ptr_key(p, ptr, key);
    acdr_errs_add(r->er, ACDR_ERR_CONFIG, p, "expected an array");
    return NULL;
  }
  *n = json_object_array_length(a);
  return a;
}

/* Arm t with a saved deadline and seq (keeps equal deadlines in their
 * original order). */
static void timer(rs *r, json_object *o, const char *ptr, const char *key,
                  acdr_timer *t, acdr_timer_fn fn) {
  json_object *v;
  char p[ACDR_PTR_MAX];
  if (!json_object_object_get_ex(o, key, &v)) return;
  acdr_ptr_key(p, ptr, key);
  if (!json_object_is_type(v, json_type_object)) {
    acdr_errs_add(r->er, ACDR_ERR_CONFIG, p, "expected {\"when\", \"seq\"}");
    return;
  }
  if (!fn) {
    acdr_errs_add(r->er, ACDR_ERR_CONFIG, p, "no handler for this timer");
    return;
  }
  /* a timer given twice (the same object listed twice) must not enter
   * the heap twice: it would dangle there once the object is freed */
  acdr_timer_disarm(r->e, t);
  t->fire = fn;
  t->when = u64(r, v, p, "when", 1);
  t->seq = u64(r, v, p, "seq", 1);
  if (acdr_heap_push(&r->e->timers, &r->e->mem, t) != 0)
    acdr_errs_add(r->er, ACDR_ERR_NOMEM, p, "out of memory");
}

/* Arm a contact deadline with its saved (when, seq).  Recheck, wrap-up
 * and reply share a slot: a contact never has two of them. */
static void ctimer(rs *r, json_object *o, const char *ptr, const char *key,
                   acdr_contact *c, int kind) {
  json_object *v;
  char p[ACDR_PTR_MAX];
  acdr_tstamp when;
  uint64_t seq;
  if (!json_object_object_get_ex(o, key, &v)) return;
  acdr_ptr_key(p, ptr, key);
  if (!json_object_is_type(v, json_type_object)) {
    acdr_errs_add(r->er, ACDR_ERR_CONFIG, p, "expected {\"when\", \"seq\"}");
    return;
  }
  /* recheck, wrap-up and reply share a slot: at most one of them */
  if ((kind == ACDR_CT_WRAPUP || kind == ACDR_CT_RECHECK ||
       kind == ACDR_CT_REPLY) &&
      (acdr_ct_armed(c, ACDR_CT_RECHECK) || acdr_ct_armed(c, ACDR_CT_WRAPUP) ||
       acdr_ct_armed(c, ACDR_CT_REPLY))) {
    acdr_errs_add(r->er, ACDR_ERR_CONFIG, p,
                  "a contact has at most one of the recheck, wrap-up and "
                  "reply deadlines");
    return;
  }
  when = u64(r, v, p, "when", 1);
  seq = u64(r, v, p, "seq", 1);
  if (acdr_ct_restore(r->e, c, kind, when, seq) != 0)
    acdr_errs_add(r->er, ACDR_ERR_NOMEM, p, "out of memory");
}

static acdr_agent *agent_ref(rs *r, json_object *o, const char *ptr,
                             const char *key) {
  const char *id = NULL;
  acdr_agent *a;
  char p[ACDR_PTR_MAX];
  if (acdr_jstr(r->er, o, ptr, key, 1, &id)) return NULL;
  if (!(a = acdr_map_get(&r->e->agents, id))) {
    acdr_ptr_key(p, ptr, key);
    acdr_errs_add(r->er, ACDR_ERR_AGENT_NOT_FOUND, p, "unknown agent \"%s\"",
                  id);
  }
  return a;
}

static acdr_member *member_in(acdr_agent *a, acdr_queue *q) {
  size_t i;
  for (i = 0; i < a->nmembers; i++)
    if (a->members[i]->queue == q) return a->members[i];
  return NULL;
}

static void restore_agent(rs *r, json_object *o, const char *ptr) {
  acdr_engine *e = r->e;
  acdr_agent *a = agent_ref(r, o, ptr, "id");
  const char *reason = NULL;
  size_t i;
  if (!a || listed_twice(r, &r->seen_agents, a->id, ptr, "agent")) return;
  a->seq = u64(r, o, ptr, "seq", 1);
  a->status = (int8_t)i64(r, o, ptr, "status", 0, 2);
  a->activity = (int8_t)i64(r, o, ptr, "activity", 0, 3);
  (void)acdr_jstr(r->er, o, ptr, "away_reason", 0, &reason);
  if (reason && strlen(reason) > e->opt.max_id_len) {
    char p[ACDR_PTR_MAX];
    acdr_ptr_key(p, ptr, "away_reason");
    acdr_errs_add(r->er, ACDR_ERR_LIMIT, p, "longer than max_id_len (%u "
                  "bytes)", e->opt.max_id_len);
    reason = NULL;
  }
  if (reason && !(a->away_reason = acdr_mem_strdup(&e->mem, reason)))
    acdr_errs_add(r->er, ACDR_ERR_NOMEM, ptr, "out of memory");
  a->login_time = u64(r, o, ptr, "login_time", 1);
  a->idle_since = u64(r, o, ptr, "idle_since", 1);
  a->ready_at = u64(r, o, ptr, "ready_at", 1);
  a->missed_in_row = (uint32_t)i64(r, o, ptr, "missed_in_row", 0, UINT32_MAX);
  a->handled = u64(r, o, ptr, "handled", 1);
  a->talk_ns = u64(r, o, ptr, "talk_ns", 1);
  a->last_talk_end = u64(r, o, ptr, "last_talk_end", 0);
  a->last_offered = u64(r, o, ptr, "last_offered", 0);
  a->handled_av = (uint32_t)i64_opt(r, o, ptr, "handled_av", UINT32_MAX);
  a->talk_av = u64(r, o, ptr, "talk_av", 0);
  a->state_since = u64(r, o, ptr, "state_since", 1);
  a->acct_status = (int8_t)i64(r, o, ptr, "acct_status", -1, 2);
  a->acct_activity = (int8_t)i64(r, o, ptr, "acct_activity", 0, 3);
  timer(r, o, ptr, "ready_timer", &a->ready_timer, acdr_agent_ready_fn());
  if (flag(r, o, ptr, "ready_stale")) {
    if (acdr_mem_grow(&e->mem, (void **)&r->stale, &r->capstale,
                      r->nstale + 1, sizeof(*r->stale)) != 0)
      acdr_errs_add(r->er, ACDR_ERR_NOMEM, ptr, "out of memory");
    else
      r->stale[r->nstale++] = a;
  }
  if (a->status != ACDR_AGENT_LOGGED_OUT)
    for (i = 0; i < a->nmembers; i++) a->members[i]->queue->logged_in++;
  acdr_agent_slots(a, 1); /* was logged out (slots 0) until now */
}

static int by_u64(const void *x, const void *y) {
  uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
  return a < b ? -1 : a > b;
}

/* "join_seq": the order key of each member (its join sequence number,
 * 32 bits), in member order.  Two members with the same order would make
 * "linear" and tie-breaks depend on memory layout: refused. */
static int restore_join_seq(rs *r, acdr_queue *q, json_object *js,
                            const char *ptr) {
  size_t i, n = q->nmembers;
  char p[ACDR_PTR_MAX], ip[ACDR_PTR_MAX];
  uint64_t *keys;
  acdr_ptr_key(p, ptr, "join_seq");
  if (!n) return 0;
  if (!(keys = acdr_mem_malloc(&r->e->mem, n * sizeof(*keys)))) {
    acdr_errs_add(r->er, ACDR_ERR_NOMEM, p, "out of memory");
    return -1;
  }
  for (i = 0; i < n; i++) {
    json_object *v = json_object_array_get_idx(js, i);
    acdr_ptr_idx(ip, p, i);
    if (!json_object_is_type(v, json_type_int) ||
        json_object_get_int64(v) < 0 ||
        json_object_get_int64(v) > (int64_t)UINT32_MAX) {
      acdr_errs_add(r->er, ACDR_ERR_RANGE, ip,
                    "expected an integer in 0..4294967295");
      acdr_mem_free(&r->e->mem, keys);
      return -1;
    }
    /* same packing as queue.c member_order() */
    keys[i] = ((uint64_t)((int64_t)q->members[i]->position + 2147483648LL)
               << 32) |
              (uint64_t)json_object_get_int64(v);
  }
  for (i = 0; i < n; i++) q->members[i]->order = keys[i];
  qsort(keys, n, sizeof(*keys), by_u64);
  for (i = 1; i < n; i++)
    if (keys[i] == keys[i - 1]) {
      acdr_errs_add(r->er, ACDR_ERR_DUPLICATE_ID, p,
                    "two members with the same position and join sequence "
                    "%llu",
                    (unsigned long long)(keys[i] & 0xffffffffULL));
      break;
    }
  acdr_mem_free(&r->e->mem, keys);
  return r->er->count ? -1 : 0;
}

/* "member_calls": [last talk end, talks ended] of each member in this
 * queue, in member order (absent: all 0). */
static int restore_member_calls(rs *r, acdr_queue *q, json_object *o,
                                const char *ptr) {
  json_object *js;
  size_t i, n;
  char p[ACDR_PTR_MAX], ip[ACDR_PTR_MAX];
  if (!(js = arr(r, o, ptr, "member_calls", &n))) return -1;
  acdr_ptr_key(p, ptr, "member_calls");
  if (n != q->nmembers) {
    acdr_errs_add(r->er, ACDR_ERR_CONFIG, p, "%zu entries for %zu members",
                  n, q->nmembers);
    return -1;
  }
  for (i = 0; i < n; i++) {
    json_object *v = json_object_array_get_idx(js, i), *t, *k, *sh = NULL;
    acdr_ptr_idx(ip, p, i);
    if (json_object_is_type(v, json_type_array) &&
        json_object_array_length(v) == 3)
      sh = json_object_array_get_idx(v, 2);
    if (!json_object_is_type(v, json_type_array) ||
        (json_object_array_length(v) != 2 &&
         (!sh || !json_object_is_type(sh, json_type_int) ||
          json_object_get_int64(sh) < 0 ||
          json_object_get_int64(sh) > (int64_t)UINT32_MAX)) ||
        !json_object_is_type(t = json_object_array_get_idx(v, 0),
                             json_type_int) ||
        !json_object_is_type(k = json_object_array_get_idx(v, 1),
                             json_type_int) ||
        json_object_get_int64(t) < 0 || json_object_get_int64(k) < 0 ||
        json_object_get_int64(k) > (int64_t)UINT32_MAX) {
      acdr_errs_add(r->er, ACDR_ERR_RANGE, ip,
                    "expected [last talk end, calls(, calls in any "
                    "queue)]: integers >= 0, calls <= 4294967295");
      return -1;
    }
    q->members[i]->last_call = (acdr_tstamp)json_object_get_int64(t);
    q->members[i]->calls = (uint32_t)json_object_get_int64(k);
    q->members[i]->calls_shared =
        sh ? (uint32_t)json_object_get_int64(sh) : 0;
  }
  return 0;
}

static void restore_queue(rs *r, json_object *o, const char *ptr) {
  const char *id = NULL;
  acdr_queue *q;
  json_object *js, *tiers, *d;
  size_t n, i;
  char p[ACDR_PTR_MAX];
  if (acdr_jstr(r->er, o, ptr, "id", 1, &id)) return;
  if (!(q = acdr_map_get(&r->e->queues, id))) {
    acdr_errs_add(r->er, ACDR_ERR_QUEUE_NOT_FOUND, ptr,
                  "unknown queue \"%s\"", id);
    return;
  }
  if (listed_twice(r, &r->seen_queues, q->id, ptr, "queue")) return;
  q->seq = u64(r, o, ptr, "seq", 1);
  q->member_seq = u64(r, o, ptr, "member_seq", 1);
  q->aht_samples = (int)i64(r, o, ptr, "aht_samples", 0, INT32_MAX);
  if (json_object_object_get_ex(o, "aht_avg_ms", &d)) {
    double x = json_object_get_double(d);
    acdr_ptr_key(p, ptr, "aht_avg_ms");
    /* a handle time in ms: at most the whole clock (2^64 ns) */
    if (!json_object_is_type(d, json_type_double) &&
        !json_object_is_type(d, json_type_int))
      acdr_errs_add(r->er, ACDR_ERR_CONFIG, p, "expected a number");
    else if (!isfinite(x) || x < 0 || x > AHT_MAX_MS)
      acdr_errs_add(r->er, ACDR_ERR_RANGE, p, "%g outside 0..%.0f", x,
                    AHT_MAX_MS);
    else
      q->aht_avg_ms = x;
  }
  if (json_object_object_get_ex(o, "hours_state", &d)) {
    int *was_open = NULL;
    acdr_timer *t = acdr_policy_hours_timer(q, &was_open);
    acdr_ptr_key(p, ptr, "hours_state");
    if (!t || !json_object_is_type(d, json_type_object)) {
      acdr_errs_add(r->er, ACDR_ERR_CONFIG, p,
                    "the queue has no hours in the configuration");
    } else {
      /* as the original armed it, not as the configuration just did */
      *was_open = flag(r, d, p, "was_open");
      acdr_timer_disarm(r->e, t);
      timer(r, d, p, "timer", t, t->fire);
    }
  }
  if (json_object_object_get_ex(o, "resume", NULL) &&
      (js = arr(r, o, ptr, "resume", &n))) {
    for (i = 0; i < n; i++) {
      json_object *x = json_object_array_get_idx(js, i);
      const char *key = NULL;
      acdr_resume_rec *rec;
      char xp[ACDR_PTR_MAX];
      acdr_ptr_key(p, ptr, "resume");
      acdr_ptr_idx(xp, p, i);
      if (acdr_jstr(r->er, x, xp, "key", 1, &key)) return;
      if (!(rec = acdr_resume_new(r->e, q, key))) {
        acdr_errs_add(r->er, ACDR_ERR_NOMEM, xp, "out of memory");
        return;
      }
      rec->abandoned_at = u64(r, x, xp, "abandoned_at", 1);
      rec->arrival = u64(r, x, xp, "arrival", 1);
      rec->line_at = u64(r, x, xp, "line_at", 1);
      rec->head_start_ms = i64(r, x, xp, "head_start_ms", 0, 366LL * 86400 * 1000);
      acdr_resume_append(r->e, q, rec); /* oldest first, as saved */
    }
  }
  if (json_object_object_get_ex(o, "no_agent", &d)) {
    acdr_ptr_key(p, ptr, "no_agent");
    if (!json_object_is_type(d, json_type_object)) {
      acdr_errs_add(r->er, ACDR_ERR_CONFIG, p, "expected an object");
    } else {
      acdr_timer *t = acdr_policy_no_agent_timer(q);
      q->no_agent_since = u64(r, d, p, "since", 1);
      acdr_timer_disarm(r->e, t);
      timer(r, d, p, "timer", t, t->fire);
    }
  }
  if ((js = arr(r, o, ptr, "join_seq", &n))) {
    if (n != q->nmembers) {
      acdr_errs_add(r->er, ACDR_ERR_CONFIG, ptr,
                    "join_seq has %zu entries for %zu members", n,
                    q->nmembers);
      return;
    }
    if (restore_join_seq(r, q, js, ptr) != 0) return;
  }
  if (json_object_object_get_ex(o, "member_calls", NULL) &&
      restore_member_calls(r, q, o, ptr) != 0)
    return;
  if ((tiers = arr(r, o, ptr, "tiers", &n))) {
    for (i = 0; i < n; i++) {
      json_object *t = json_object_array_get_idx(tiers, i);
      const char *saved = NULL;
      int64_t pen = 0;
      size_t k;
      acdr_ptr_key(p, ptr, "tiers");
      acdr_ptr_idx(p, p, i);
      (void)acdr_jint(r->er, t, p, "penalty", 1, INT32_MIN, INT32_MAX, &pen);
      (void)acdr_jstr(r->er, t, p, "state", 0, &saved);
      if (!saved) continue;
      for (k = 0; k < q->ntiers; k++)
        if (q->tiers[k]->penalty == pen) break;
      if (k == q->ntiers || !q->tiers[k]->strategy->vt.load) {
        acdr_errs_add(r->er, ACDR_ERR_CONFIG, p,
                      "no tier with penalty %lld that can load a state",
                      (long long)pen);
        continue;
      }
      if (q->tiers[k]->strategy->vt.load(q->tiers[k]->state, saved) != 0)
        acdr_errs_add(r->er, ACDR_ERR_STRATEGY, p,
                      "strategy \"%s\" refused its saved state: %s",
                      q->tiers[k]->strategy->name, r->e->errmsg);
    }
  }
}

static char *dup_str(rs *r, json_object *o, const char *ptr,
                     const char *key) {
  const char *s = NULL;
  char *d;
  if (acdr_jstr(r->er, o, ptr, key, 0, &s) || !s) return NULL;
  if (!(d = acdr_mem_strdup(&r->e->mem, s)))
    acdr_errs_add(r->er, ACDR_ERR_NOMEM, ptr, "out of memory");
  return d;
}

static void restore_offers(rs *r, acdr_contact *c, json_object *o,
                           const char *ptr) {
  json_object *os;
  size_t n, i;
  acdr_offer *tail = NULL;
  if (!(os = arr(r, o, ptr, "offers", &n))) return;
  for (i = 0; i < n; i++) {
    json_object *jo = json_object_array_get_idx(os, i);
    char p[ACDR_PTR_MAX], op[ACDR_PTR_MAX];
    acdr_agent *a;
    acdr_member *m;
    acdr_offer *of;
    acdr_ptr_key(op, ptr, "offers");
    acdr_ptr_idx(p, op, i);
    if (!(a = agent_ref(r, jo, p, "agent"))) return;
    if (!(m = member_in(a, c->queue))) {
      acdr_errs_add(r->er, ACDR_ERR_NOT_MEMBER, p,
                    "agent \"%s\" is not a member of queue \"%s\"", a->id,
                    c->queue->id);
      return;
    }
    if (acdr_offers_reserve(r->e, 1) != 0) {
      acdr_errs_add(r->er, ACDR_ERR_NOMEM, p, "out of memory");
      return;
    }
    of = r->e->free_offers;
    r->e->free_offers = of->next_agent;
    r->e->nfree_offers--;
    memset(of, 0, sizeof(*of));
    of->contact = c;
    of->agent = a;
    of->member = m;
    of->started = u64(r, jo, p, "started", 1);
    acdr_timer_init(&of->timer, acdr_offer_timer_fn());
    /* contact list in saved order; the agent lists are linked later */
    of->prev_contact = tail;
    if (tail)
      tail->next_contact = of;
    else
      c->offers = of;
    tail = of;
    of->next_agent = a->offers; /* provisional: relinked in saved order */
    if (a->offers) a->offers->prev_agent = of;
    a->offers = of;
    a->noffers++;
    c->noffers++;
    a->load[c->channel]++;
    timer(r, jo, p, "timer", &of->timer, acdr_offer_timer_fn());
  }
}

/* The limits acdr_contact_arrive applies (id, attributes, customer,
 * reason, preferred agent, priority), checked by the core itself on the
 * saved contact before anything is allocated for it. */
static int check_contact(rs *r, json_object *o, const char *ptr,
                         const char *id, const char *qid, const char *cust,
                         const char *why) {
  acdr_engine *e = r->e;
  acdr_contact_def d;
  acdr_queue *q = NULL;
  acdr_kv *kv = NULL;
  json_object *attrs = NULL, *v;
  char saved[sizeof(e->errmsg)], p[ACDR_PTR_MAX];
  size_t n = 0;
  int rv;
  acdr_contact_def_default(&d);
  d.id = id;
  d.queue = qid;
  d.customer_id = cust;
  d.reason = why;
  (void)acdr_jstr(r->er, o, ptr, "preferred_agent", 0, &d.preferred_agent);
  if (json_object_object_get_ex(o, "priority", &v) &&
      json_object_is_type(v, json_type_int) &&
      json_object_get_int64(v) >= INT32_MIN &&
      json_object_get_int64(v) <= INT32_MAX)
    d.priority = (int32_t)json_object_get_int64(v);
  if (json_object_object_get_ex(o, "attrs", &attrs)) {
    acdr_ptr_key(p, ptr, "attrs");
    if (!json_object_is_type(attrs, json_type_object)) {
      acdr_errs_add(r->er, ACDR_ERR_CONFIG, p, "expected an object");
      return -1;
    }
    n = (size_t)json_object_object_length(attrs);
    /* the count first: no allocation for an oversized list */
    if (n > e->opt.max_attrs) {
      acdr_errs_add(r->er, ACDR_ERR_LIMIT, p,
                    "contact \"%s\": %zu attributes > max_attrs %u", id, n,
                    e->opt.max_attrs);
      return -1;
    }
    if (n && !(kv = acdr_mem_calloc(&e->mem, n, sizeof(*kv)))) {
      acdr_errs_add(r->er, ACDR_ERR_NOMEM, p, "out of memory");
      return -1;
    }
    n = 0;
    {
      json_object_object_foreach(attrs, key, val) {
        kv[n].key = key;
        kv[n++].value = json_object_is_type(val, json_type_string)
                            ? json_object_get_string(val)
                            : "";
      }
    }
  }
  d.attrs = kv;
  d.nattrs = n;
  memcpy(saved, e->errmsg, sizeof(saved));
  rv = r->er->count ? 0 : acdr_contact_def_check(e, &d, &q);
  if (rv)
    acdr_errs_add(r->er, rv, ptr, "%s",
                  e->errmsg);
  memcpy(e->errmsg, saved, sizeof(saved));
  acdr_mem_free(&e->mem, kv);
  return r->er->count ? -1 : 0;
}

/* The known-agent steps of a contact (customer memory), if saved. */
static void restore_known(rs *r, acdr_contact *c, json_object *o,
                          const char *ptr) {
  json_object *k, *nx, *it;
  int64_t kind = 0, offered = 0;
  size_t i, n;
  char p[64];
  if (!json_object_object_get_ex(o, "known", &k)) return;
  if (!c->ext || !c->ext->preferred_agent) {
    acdr_errs_add(r->er, ACDR_ERR_CONFIG, ptr,
                  "known steps without a preferred_agent");
    return;
  }
  if (acdr_jint(r->er, k, ptr, "kind", 1, 0, ACDR_KNOWN_MAX - 1, &kind) ||
      acdr_jint(r->er, k, ptr, "offered", 0, 0, INT64_MAX, &offered))
    return;
  c->ext->had_known = 1;
  c->ext->known_kind = (uint8_t)kind;
  c->ext->known_offered = (uint64_t)offered;
  if (!json_object_object_get_ex(k, "next", &nx)) return;
  if (!json_object_is_type(nx, json_type_array) ||
      (n = json_object_array_length(nx)) > ACDR_KNOWN_MAX - 1) {
    acdr_errs_add(r->er, ACDR_ERR_CONFIG, ptr,
                  "known.next: an array of at most %d steps",
                  ACDR_KNOWN_MAX - 1);
    return;
  }
  for (i = 0; i < n; i++) {
    char *id;
    snprintf(p, sizeof p, "%.40s/known/next/%zu", ptr, i);
    it = json_object_array_get_idx(nx, i);
    kind = 0;
    if (acdr_jint(r->er, it, p, "kind", 1, 0, ACDR_KNOWN_MAX - 1, &kind))
      return;
    if (!(id = dup_str(r, it, p, "agent"))) {
      if (!r->er->count)
        acdr_errs_add(r->er, ACDR_ERR_CONFIG, p, "agent missing");
      return;
    }
    c->ext->known_next[i] = id;
    c->ext->known_next_kind[i] = (uint8_t)kind;
    c->ext->nknown_next = (uint8_t)(i + 1);
  }
}

static void restore_contact(rs *r, json_object *o, const char *ptr) {
  acdr_engine *e = r->e;
  acdr_contact *c;
  const char *id = NULL, *qid = NULL, *cust = NULL, *why = NULL, *pref;
  acdr_tstamp until, hstart, hns, replied;
  int64_t hsms = 0, pmin = -1, pmax = -1, praise = -1;
  int has_rule;
  acdr_skill *skills = NULL;
  size_t nskills = 0;
  json_object *attrs;
  if (acdr_jstr(r->er, o, ptr, "id", 1, &id) ||
      acdr_jstr(r->er, o, ptr, "queue", 1, &qid))
    return;
  if (acdr_map_get(&e->contacts, id)) {
    acdr_errs_add(r->er, ACDR_ERR_DUPLICATE_ID, ptr, "contact \"%s\" twice",
                  id);
    return;
  }
  (void)acdr_jstr(r->er, o, ptr, "customer", 0, &cust);
  (void)acdr_jstr(r->er, o, ptr, "reason", 0, &why);
  if (check_contact(r, o, ptr, id, qid, cust, why) != 0) return;
  if (acdr_map_reserve(&e->contacts, &e->mem, 1) ||
      !(c = acdr_contact_alloc(e, id, cust, why))) {
    acdr_errs_add(r->er, ACDR_ERR_NOMEM, ptr, "out of memory");
    return;
  }
  (void)acdr_map_put(&e->contacts, &e->mem, c->id, c); /* reserved */
  if (!(c->queue = acdr_map_get(&e->queues, qid))) {
    acdr_errs_add(r->er, ACDR_ERR_QUEUE_NOT_FOUND, ptr,
                  "unknown queue \"%s\"", qid);
    return;
  }
  c->seq = u64(r, o, ptr, "seq", 1);
  c->channel = (int8_t)i64(r, o, ptr, "channel", 0, ACDR_CHANNEL_COUNT - 1);
  c->priority = (int32_t)i64(r, o, ptr, "priority", -1000000, 1000000);
  c->state = (int8_t)i64(r, o, ptr, "state", 0, ACDR_CONTACT_WRAPUP);
  if (c->channel != c->queue->def.channel)
    acdr_errs_add(r->er, ACDR_ERR_CHANNEL, ptr,
                  "channel differs from queue \"%s\"", qid);
  if (json_object_object_get_ex(o, "attrs", &attrs) &&
      json_object_is_type(attrs, json_type_object) &&
      json_object_object_length(attrs)) {
    size_t n = (size_t)json_object_object_length(attrs), i = 0;
    if (!(c->attrs = acdr_mem_calloc(&e->mem, n, sizeof(*c->attrs)))) {
      acdr_errs_add(r->er, ACDR_ERR_NOMEM, ptr, "out of memory");
      return;
    }
    c->nattrs = (uint32_t)n;
    {
      json_object_object_foreach(attrs, key, val) {
        c->attrs[i].key = acdr_mem_strdup(&e->mem, key);
        c->attrs[i].value = json_object_is_type(val, json_type_string)
                                ? acdr_mem_strdup(&e->mem,
                                                  json_object_get_string(val))
                                : NULL;
        if (!json_object_is_type(val, json_type_string))
          acdr_errs_add(r->er, ACDR_ERR_CONFIG, ptr, "bad attribute");
        else if (!c->attrs[i].key || !c->attrs[i].value)
          acdr_errs_add(r->er, ACDR_ERR_NOMEM, ptr, "out of memory");
        i++;
      }
    }
  }
  if (acdr_cfg_read_skills(r->er, o, ptr, &skills, &nskills) == 0 &&
      acdr_skills_copy(e, skills, nskills, &c->skills, c->id) == 0)
    c->nskills = (uint32_t)nskills;
  else if (!r->er->count)
    acdr_errs_add(r->er, ACDR_ERR_CONFIG, ptr, "bad skills: %s", e->errmsg);
  acdr_mem_free(&e->mem, skills);
  pref = NULL;
  (void)acdr_jstr(r->er, o, ptr, "preferred_agent", 0, &pref);
  until = u64(r, o, ptr, "preferred_until", 1);
  hstart = u64(r, o, ptr, "hold_start", 1);
  hns = u64(r, o, ptr, "hold_ns", 1);
  replied = u64(r, o, ptr, "first_reply", 0); /* optional (since 1.1) */
  (void)acdr_jint(r->er, o, ptr, "head_start_ms", 0, 0, 366LL * 86400 * 1000,
                  &hsms); /* optional */
  /* the penalty window (optional keys, since V2 contact defs) */
  (void)acdr_jint(r->er, o, ptr, "min_penalty", 0, -1, 1000000, &pmin);
  (void)acdr_jint(r->er, o, ptr, "max_penalty", 0, -1, 1000000, &pmax);
  /* queue rules (optional keys) */
  (void)acdr_jint(r->er, o, ptr, "raise_penalty", 0, -1, 1000000, &praise);
  has_rule = json_object_object_get_ex(o, "rule", NULL);
  if (pref || until || hstart || hns || hsms || replied || pmin >= 0 ||
      pmax >= 0 || praise >= 0 || has_rule) {
    if (!acdr_contact_ext_get(e, c)) {
      acdr_errs_add(r->er, ACDR_ERR_NOMEM, ptr, "out of memory");
      return;
    }
    c->ext->preferred_agent = dup_str(r, o, ptr, "preferred_agent");
    c->ext->preferred_until = until;
    c->ext->hold_start = hstart;
    c->ext->hold_ns = hns;
    c->ext->first_reply = replied;
    c->ext->head_start_ms = hsms;
    acdr_contact_set_window(c, (int32_t)pmin, (int32_t)pmax);
    c->ext->raise_penalty1 = praise < 0 ? 0 : (int32_t)praise + 1;
    if (has_rule) {
      const char *rn = NULL;
      if (acdr_jstr(r->er, o, ptr, "rule", 1, &rn) == 0 &&
          !(c->ext->rule = acdr_mem_strdup(&e->mem, rn))) {
        acdr_errs_add(r->er, ACDR_ERR_NOMEM, ptr, "out of memory");
        return;
      }
    }
  }
  restore_known(r, c, o, ptr);
  c->arrival = u64(r, o, ptr, "arrival", 1);
  c->enqueued = u64(r, o, ptr, "enqueued", 1);
  c->line_at = json_object_object_get_ex(o, "line_at", NULL)
                   ? u64(r, o, ptr, "line_at", 1)
                   : c->enqueued;
  c->answered = u64(r, o, ptr, "answered", 1);
  c->talk_start = u64(r, o, ptr, "talk_start", 1);
  c->talk_end = u64(r, o, ptr, "talk_end", 1);
  c->offer_round_start = u64(r, o, ptr, "offer_round_start", 1);
  c->on_hold = (uint8_t)flag(r, o, ptr, "on_hold");
  c->is_callback = (uint8_t)flag(r, o, ptr, "is_callback");
  c->transferred = (uint8_t)flag(r, o, ptr, "transferred");
  if (json_object_object_get_ex(o, "max_wait_due", NULL)) /* optional */
    c->max_wait_due = (uint8_t)flag(r, o, ptr, "max_wait_due");
  c->outbound = (uint8_t)flag(r, o, ptr, "outbound"); /* absent before 1.1 */
  if (c->on_hold && !acdr_contact_ext_get(e, c)) {
    acdr_errs_add(r->er, ACDR_ERR_NOMEM, ptr, "out of memory");
    return;
  }
  c->overflow_hops = (uint32_t)i64(r, o, ptr, "overflow_hops", 0, UINT32_MAX);
  c->metrics_flags = (uint32_t)i64(r, o, ptr, "metrics_flags", 0, UINT32_MAX);
  c->missed_agent = u64(r, o, ptr, "missed_agent", 0); /* optional */
  c->retry_at = u64(r, o, ptr, "retry_at", 0);         /* optional */
  c->sdata = u64(r, o, ptr, "sdata", 1);
  if (r->er->count) return;
  switch (c->state) {
    case ACDR_CONTACT_WAITING:
      if (flag(r, o, ptr, "in_line")) acdr_line_insert(&c->queue->line, c);
      break;
    case ACDR_CONTACT_OFFERED:
      c->queue->noffered++;
      restore_offers(r, c, o, ptr);
      break;
    default: {
      acdr_agent *a = agent_ref(r, o, ptr, "agent");
      if (!a) return;
      c->agent = a;
      a->load[c->channel]++;
      if (c->state == ACDR_CONTACT_CONNECTED) {
        a->nconnected++;
        c->queue->nconnected++;
      } else {
        a->nwrapup++;
      }
    }
  }
  ctimer(r, o, ptr, "recheck", c, ACDR_CT_RECHECK);
  ctimer(r, o, ptr, "max_wait", c, ACDR_CT_MAX_WAIT);
  ctimer(r, o, ptr, "announce", c, ACDR_CT_ANNOUNCE);
  ctimer(r, o, ptr, "wrapup", c, ACDR_CT_WRAPUP);
  ctimer(r, o, ptr, "reply", c, ACDR_CT_REPLY);
}

/* Relink each agent's offer and held lists in the saved order. */
static void relink_agent(rs *r, json_object *o, const char *ptr) {
  acdr_agent *a = agent_ref(r, o, ptr, "id");
  json_object *ls;
  size_t n, i;
  acdr_offer *otail = NULL;
  acdr_contact *htail = NULL;
  if (!a) return;
  if ((ls = arr(r, o, ptr, "offers", &n))) {
    acdr_offer *pool = a->offers;
    if (n != a->noffers) {
      acdr_errs_add(r->er, ACDR_ERR_CONFIG, ptr,
                    "lists %zu offers, contacts ring %u times", n,
                    a->noffers);
      return;
    }
    a->offers = NULL;
    for (i = 0; i < n; i++) {
      const char *cid = json_object_get_string(json_object_array_get_idx(ls, i));
      acdr_offer *of, *prev = NULL;
      for (of = pool; of; prev = of, of = of->next_agent)
        if (cid && strcmp(of->contact->id, cid) == 0) break;
      if (!of) {
        acdr_errs_add(r->er, ACDR_ERR_CONFIG, ptr,
                      "offer of \"%s\" not found", cid ? cid : "?");
        return;
      }
      if (prev)
        prev->next_agent = of->next_agent;
      else
        pool = of->next_agent;
      of->prev_agent = otail;
      of->next_agent = NULL;
      if (otail)
        otail->next_agent = of;
      else
        a->offers = of;
      otail = of;
    }
  }
  if ((ls = arr(r, o, ptr, "held", &n))) {
    if (n != a->nconnected + a->nwrapup) {
      acdr_errs_add(r->er, ACDR_ERR_CONFIG, ptr,
                    "lists %zu held contacts, has %u", n,
                    a->nconnected + a->nwrapup);
      return;
    }
    for (i = 0; i < n; i++) {
      const char *cid = json_object_get_string(json_object_array_get_idx(ls, i));
      acdr_contact *c = cid ? acdr_map_get(&r->e->contacts, cid) : NULL;
      if (!c || c->agent != a) {
        acdr_errs_add(r->er, ACDR_ERR_CONFIG, ptr,
                      "held contact \"%s\" is not with this agent",
                      cid ? cid : "?");
        return;
      }
      c->prev_held = htail;
      c->next_held = NULL;
      if (htail)
        htail->next_held = c;
      else
        a->held = c;
      htail = c;
    }
  }
}

/* Remove everything (failed restore): the engine is empty again. */
static void clear_engine(acdr_engine *e) {
  size_t i;
  const char *k;
  void *v;
  for (i = 0; acdr_map_next(&e->contacts, &i, &k, &v);) {
    acdr_contact *c = v;
    while (c->offers) acdr_offer_unlink(e, c->offers);
    acdr_contact_free(e, c);
  }
  acdr_map_free(&e->contacts, &e->mem);
  acdr_map_init(&e->contacts);
  for (i = 0; acdr_map_next(&e->queues, &i, &k, &v);) acdr_queue_free(e, v);
  acdr_map_free(&e->queues, &e->mem);
  acdr_map_init(&e->queues);
  for (i = 0; acdr_map_next(&e->agents, &i, &k, &v);) acdr_agent_free(e, v);
  acdr_map_free(&e->agents, &e->mem);
  acdr_map_init(&e->agents);
  acdr_timer_disarm(e, &e->dispatch_retry);
  /* fresh metric and disposition states (kept as they are if even that
   * memory is missing) */
  (void)acdr_dispo_reset(e);
  (void)acdr_metrics_reset(e);
  acdr_customers_reset(e);
  for (i = 0; i < e->ndead_strings; i++)
    acdr_mem_free(&e->mem, e->dead_strings[i]);
  e->ndead_strings = 0;
}

static void each(rs *r, json_object *root, const char *key,
                 void (*fn)(rs *, json_object *, const char *)) {
  size_t n, i;
  json_object *a = arr(r, root, "", key, &n);
  for (i = 0; a && i < n && !r->er->count; i++) {
    char p[ACDR_PTR_MAX];
    acdr_ptr_idx(p, key[0] == 'a' ? "/agents" : key[0] == 'q' ? "/queues"
                                                              : "/contacts",
                 i);
    fn(r, json_object_array_get_idx(a, i), p);
  }
}

static void restore(rs *r, json_object *root) {
  acdr_engine *e = r->e;
  json_object *cfg, *rng;
  size_t i;
  const char *k;
  void *v;
  int crv;
  e->now = u64(r, root, "", "now", 1);
  if (r->er->count) return;
  if (!json_object_object_get_ex(root, "config", &cfg)) {
    acdr_errs_add(r->er, ACDR_ERR_CONFIG, "", "missing \"config\"");
    return;
  }
  if ((crv = acdr_cfg_apply_json(e, cfg, "/config", ACDR_RELOAD_REFUSE,
                                 e->now, 1)) != 0) {
    /* keep the configuration's own messages; out of memory stays NOMEM */
    acdr_errs_add(r->er, crv == ACDR_ERR_NOMEM ? crv : ACDR_ERR_CONFIG,
                  "/config", "%s", e->errmsg);
    return;
  }
  each(r, root, "agents", restore_agent);
  each(r, root, "queues", restore_queue);
  each(r, root, "contacts", restore_contact);
  each(r, root, "agents", relink_agent);
  if (r->er->count) return;
  /* metrics and dispositions: after the contacts, whose records they
   * attach to */
  acdr_snapshot_restore_modules(e, r->er, root);
  if (r->er->count) return;
  e->seq = u64(r, root, "", "seq", 1);
  e->dispatch_gen = u64(r, root, "", "dispatch_gen", 1);
  e->counts.contacts_arrived = u64(r, root, "", "contacts_arrived", 1);
  e->counts.contacts_ended = u64(r, root, "", "contacts_ended", 1);
  timer(r, root, "", "dispatch_retry", &e->dispatch_retry,
        e->dispatch_retry.fire);
  if (json_object_object_get_ex(root, "rng", &rng) &&
      json_object_is_type(rng, json_type_array) &&
      json_object_array_length(rng) == 4) {
    for (i = 0; i < 4; i++) {
      const char *s = json_object_get_string(json_object_array_get_idx(rng, i));
      char *end = NULL;
      errno = 0;
      e->rng[i] = s ? strtoull(s, &end, 10) : 0;
      /* strtoull takes "-1" and clamps overflow: digits only, in range */
      if (!s || *s < '0' || *s > '9' || *end || errno == ERANGE)
        acdr_errs_add(r->er, ACDR_ERR_CONFIG, "/rng", "expected 4 decimal "
                      "strings");
    }
  } else {
    acdr_errs_add(r->er, ACDR_ERR_CONFIG, "/rng", "expected 4 decimal "
                  "strings");
  }
  if (r->er->count) return;
  /* tell the strategies who is ready, as the original engine had */
  {
    acdr_agent **as = NULL;
    size_t n = 0;
    if (acdr_agents_sorted(e, &as, &n) != 0) {
      acdr_errs_add(r->er, ACDR_ERR_NOMEM, "", "out of memory");
      return;
    }
    for (i = 0; i < n; i++) {
      size_t j;
      if (is_stale(r, as[i])) continue; /* unready, as in the original */
      for (j = 0; j < as[i]->nmembers; j++)
        acdr_member_sync(e, as[i]->members[j]);
    }
    acdr_mem_free(&e->mem, as);
  }
  for (i = 0; acdr_map_next(&e->agents, &i, &k, &v);) {
    acdr_agent *a = v;
    if (a->activity != acdr_agent_activity_of(a))
      acdr_errs_add(r->er, ACDR_ERR_CONFIG, "/agents",
                    "agent \"%s\": activity does not match its contacts",
                    a->id);
  }
}

/* Restore doc into the empty engine e; refused, e is left empty with
 * fresh module states. */
static int restore_doc(acdr_engine *e, const char *doc, size_t len) {
  acdr_errs er;
  json_object *root;
  acdr_action_cb cb;
  const char *fmt = NULL;
  int64_t version = 0;
  rs r;
  int rv;
  acdr_tstamp now0;
  uint64_t seq0, gen0, rng0[4];
  acdr_engine_counts counts0;
  acdr_errs_init(&er, e);
  if (!(root = acdr_json_parse(&er, doc, len))) return acdr_errs_finish(&er);
  if (!json_object_is_type(root, json_type_object) ||
      acdr_jstr(&er, root, "", "format", 1, &fmt) ||
      strcmp(fmt, "acdroute-snapshot") != 0) {
    if (!er.count)
      acdr_errs_add(&er, ACDR_ERR_CONFIG, "/format",
                    "not an acdroute snapshot");
    else if (!json_object_is_type(root, json_type_object))
      acdr_errs_add(&er, ACDR_ERR_CONFIG, "", "not an acdroute snapshot");
    json_object_put(root);
    return acdr_errs_finish(&er);
  }
  if (acdr_jint(&er, root, "", "version", 1, 1, INT32_MAX, &version) == 0 &&
      version > ACDR_SNAPSHOT_FORMAT_VERSION)
    acdr_errs_add(&er, ACDR_ERR_VERSION, "/version",
                  "snapshot format %lld is newer than this library (reads up "
                  "to %d)",
                  (long long)version, ACDR_SNAPSHOT_FORMAT_VERSION);
  if (er.count) {
    json_object_put(root);
    return acdr_errs_finish(&er);
  }
  acdr_events_suspend(e);
  cb = e->cb.on_action;
  e->cb.on_action = NULL; /* nothing happens during a restore */
  /* the scalars restore() sets: put back on failure ("left empty" means
   * as new, counters and clock included) */
  now0 = e->now;
  seq0 = e->seq;
  gen0 = e->dispatch_gen;
  memcpy(rng0, e->rng, sizeof(rng0));
  counts0 = e->counts;
  memset(&r, 0, sizeof(r));
  r.e = e;
  r.er = &er;
  restore(&r, root);
  acdr_mem_free(&e->mem, r.stale);
  acdr_map_free(&r.seen_agents, &e->mem);
  acdr_map_free(&r.seen_queues, &e->mem);
  if (!er.count && acdr_engine_check(e) != 0)
    acdr_errs_add(&er, ACDR_ERR_CONFIG, "", "inconsistent snapshot: %s",
                  e->errmsg);
  e->cb.on_action = cb;
  acdr_events_resume(e);
  json_object_put(root);
  if ((rv = acdr_errs_finish(&er)) != 0) {
    clear_engine(e);
    e->now = now0;
    e->seq = seq0;
    e->dispatch_gen = gen0;
    memcpy(e->rng, rng0, sizeof(e->rng));
    e->counts = counts0;
  }
  return rv;
}

int acdr_engine_restore(acdr_engine *e, const char *doc, size_t len) {
  char *pre = NULL, *report, msg[sizeof(e->errmsg)];
  size_t prelen = 0;
  int rv;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!doc) return acdr_err_null(e, "restore: doc");
  if (e->depth || e->delivering)
    return acdr_err(e, ACDR_ERR_BUSY, "restore: not from a callback");
  if (e->agents.len || e->queues.len || e->contacts.len)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "restore: the engine is not empty (restore into a new "
                    "engine)");
  /* The engine as it is (clock, counters, random state, deadlines, the
   * catalog, rules, metric settings and counts): put back exactly if the
   * snapshot is refused.  Small: the engine has no agents, queues or
   * contacts. */
  if ((rv = acdr_engine_snapshot(e, &pre, &prelen)) != 0) return rv;
  if ((rv = restore_doc(e, doc, len)) != 0) {
    /* keep the refusal's messages across the putting back */
    report = e->err_report;
    e->err_report = NULL;
    memcpy(msg, e->errmsg, sizeof(msg));
    if (restore_doc(e, pre, prelen) != 0) {
      /* only out of memory: the engine stays empty, with fresh module
       * states (restore_doc cleared it) */
      rv = ACDR_ERR_NOMEM;
      acdr_mem_free(&e->mem, report);
      report = NULL;
      snprintf(msg, sizeof(msg), "restore: refused, and out of memory "
               "putting the engine's state back (it is empty, with default "
               "settings)");
    }
    acdr_err_report_set(e, report);
    memcpy(e->errmsg, msg, sizeof(msg));
  }
  acdr_mem_free(&e->mem, pre);
  return rv;
}
