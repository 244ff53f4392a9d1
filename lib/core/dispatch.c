/* SPDX-License-Identifier: MIT */
/* Matching contacts and agents: offers, ring timeouts, and the dispatch
 * loop.  Work happens only when an event arrives or a deadline passes. */
#include <string.h>

#include "core/engine_int.h"
#include "core/internal.h"
#include "core/hooks.h"

/* Contacts that got nobody and may be skipped to look at later ones. */
#define DISPATCH_MAX_SKIPS 256

/* ---- offer records (pooled: offering never fails half-way) ---- */

int acdr_offers_reserve(acdr_engine *e, size_t n) {
  while (e->nfree_offers < n) {
    acdr_offer *o = acdr_mem_malloc(&e->mem, sizeof(*o));
    if (!o) return ACDR_ERR_NOMEM;
    o->next_agent = e->free_offers;
    e->free_offers = o;
    e->nfree_offers++;
  }
  return 0;
}

void acdr_offers_free_pool(acdr_engine *e) {
  while (e->free_offers) {
    acdr_offer *o = e->free_offers;
    e->free_offers = o->next_agent;
    acdr_mem_free(&e->mem, o);
  }
  e->nfree_offers = 0;
  acdr_mem_free(&e->mem, e->scratch);
  e->scratch = NULL;
  e->capscratch = 0;
}

static void ring_timeout_fire(acdr_engine *e, acdr_timer *t, acdr_tstamp now);

void acdr_offer_unlink(acdr_engine *e, acdr_offer *o) {
  acdr_contact *c = o->contact;
  acdr_agent *a = o->agent;
  acdr_timer_disarm(e, &o->timer);
  if (o->prev_agent)
    o->prev_agent->next_agent = o->next_agent;
  else
    a->offers = o->next_agent;
  if (o->next_agent) o->next_agent->prev_agent = o->prev_agent;
  if (o->prev_contact)
    o->prev_contact->next_contact = o->next_contact;
  else
    c->offers = o->next_contact;
  if (o->next_contact) o->next_contact->prev_contact = o->prev_contact;
  a->noffers--;
  c->noffers--;
  /* back to the pool */
  o->next_agent = e->free_offers;
  e->free_offers = o;
  e->nfree_offers++;
}

void acdr_offer_emit_cancel(acdr_engine *e, acdr_contact *c, acdr_agent *a,
                            int reason) {
  acdr_action act;
  act = acdr_action_of(ACDR_ACTION_OFFER_CANCEL, c, c->queue, a);
  act.reason = reason;
  acdr_emit(e, &act);
}

/* Unlink an offer and give the agent's slot back. */
void acdr_offer_release(acdr_engine *e, acdr_offer *o) {
  acdr_agent *a = o->agent;
  int ch = o->contact->channel;
  acdr_offer_unlink(e, o);
  a->load[ch]--;
}

/* An offer ends without an answer; the agent's slot is freed and the
 * contact goes back to its place in line if nobody else rings. */
static void offer_drop(acdr_engine *e, acdr_offer *o) {
  acdr_contact *c = o->contact;
  acdr_offer_release(e, o);
  if (c->noffers == 0 && c->state == ACDR_CONTACT_OFFERED) {
    acdr_contact_to_line(e, c);
    /* its max wait passed while ringing: it leaves now (the deadline was
     * kept armed, so moving it needs no memory; failing that it simply
     * waits on) */
    if (c->max_wait_due && acdr_ct_arm(e, c, ACDR_CT_MAX_WAIT, e->now) != 0)
      c->max_wait_due = 0;
    if (!c->max_wait_due) acdr_dispatch_queue_later(e, c->queue);
  }
}

void acdr_offer_cancel(acdr_engine *e, acdr_offer *o, int reason) {
  acdr_contact *c = o->contact;
  acdr_agent *a = o->agent;
  acdr_offer_emit_cancel(e, c, a, reason);
  offer_drop(e, o);
  acdr_agent_refresh(e, a);
  acdr_dispatch_agent_later(e, a);
}

void acdr_offer_missed(acdr_engine *e, acdr_offer *o, int how, int timeout) {
  acdr_contact *c = o->contact;
  acdr_agent *a = o->agent;
  acdr_queue *q = c->queue;
  /* every offer that ends without CONNECTED gets its OFFER_CANCEL, a
   * reject too (as logout, away and hangup): one rule for the host */
  acdr_offer_emit_cancel(e, c, a,
                         timeout ? ACDR_CANCEL_NO_ANSWER : ACDR_CANCEL_REJECTED);
  c->missed_agent = a->seq;
  /* app_queue waits `retry` after an attempt that rang out */
  if (timeout && q->def.retry_ms > 0)
    c->retry_at = acdr_deadline(e->now, q->def.retry_ms);
  acdr_hook_contact(e, ACDR_HOOK_MISSED, c, a);
  offer_drop(e, o);
  if ((how == ACDR_REJECT_BUSY || how == ACDR_REJECT_UNAVAILABLE) &&
      q->def.ring_timeout_restart &&
      q->def.ring_timeout_ms > 0) {
    /* app_queue timeoutrestart: a busy (or congested: wait_for_answer()
     * AST_CONTROL_CONGESTION) member gives the others ringing
     * for this caller a fresh timeout (their timers are armed: moving
     * them needs no memory) */
    acdr_offer *x;
    for (x = c->offers; x; x = x->next_contact)
      acdr_timer_arm_held(e, &x->timer,
                          acdr_deadline(e->now, q->def.ring_timeout_ms));
  }
  acdr_agent_missed(e, a, q, how);
  acdr_dispatch_agent_later(e, a);
}

static void ring_timeout_fire(acdr_engine *e, acdr_timer *t,
                              acdr_tstamp now) {
  acdr_offer *o = (acdr_offer *)(void *)((char *)t - offsetof(acdr_offer,
                                                              timer));
  (void)now;
  if (acdr_actions_reserve(e, ACDR_BUDGET_STEP + ACDR_BUDGET_PER_QUEUE *
                                     o->agent->nmembers) != 0) {
    /* retry shortly; re-arming at `now` would spin in handle_expiry */
    acdr_timer_arm_held(e, t, acdr_deadline(now, 100)); /* just popped */
    return;
  }
  acdr_offer_missed(e, o, ACDR_REJECT_NO_ANSWER, 1);
}

/* ---- deferred dispatch ---- */

void acdr_dispatch_agent_later(acdr_engine *e, acdr_agent *a) {
  if (a->pending) return;
  a->pending = 1;
  a->next_pending = e->pending_agents;
  e->pending_agents = a;
}

void acdr_dispatch_queue_later(acdr_engine *e, acdr_queue *q) {
  if (q->pending) return;
  q->pending = 1;
  q->next_pending = e->pending_queues;
  e->pending_queues = q;
}

void acdr_dispatch_flush(acdr_engine *e) {
  while (e->pending_agents || e->pending_queues) {
    if (e->pending_queues) {
      acdr_queue *q = e->pending_queues;
      e->pending_queues = q->next_pending;
      q->pending = 0;
      acdr_dispatch_queue(e, q);
    } else {
      acdr_agent *a = e->pending_agents;
      e->pending_agents = a->next_pending;
      a->pending = 0;
      acdr_dispatch_agent(e, a);
    }
  }
}

/* ---- choosing agents for one contact ---- */

static int offered_to(const acdr_contact *c, const acdr_member *m) {
  const acdr_offer *o;
  for (o = c->offers; o; o = o->next_contact)
    if (o->agent == m->agent) return 1;
  return 0;
}

static acdr_member *agent_member_in(acdr_agent *a, acdr_queue *q) {
  size_t i;
  for (i = 0; i < a->nmembers; i++)
    if (a->members[i]->queue == q) return a->members[i];
  return NULL;
}

static int scratch_reserve(acdr_engine *e, size_t n) {
  return acdr_mem_grow(&e->mem, (void **)&e->scratch, &e->capscratch, n,
                       sizeof(*e->scratch));
}

/* Fallback for ACDR_ERR_PASSTHROUGH: longest idle by scanning the tier. */
static size_t fallback_select(acdr_queue *q, acdr_tier *t, acdr_contact *c,
                              acdr_member **out) {
  size_t i;
  acdr_member *best = NULL;
  for (i = 0; i < q->nmembers; i++) {
    acdr_member *m = q->members[i];
    if (m->tier != t || !m->ready || offered_to(c, m)) continue;
    if (!best || m->agent->idle_since < best->agent->idle_since ||
        (m->agent->idle_since == best->agent->idle_since &&
         m->order < best->order))
      best = m;
  }
  if (!best) return 0;
  out[0] = best;
  return 1;
}

/* The ring time of an offer to a: its own, else the queue's. */
static int64_t ring_ms(const acdr_agent *a, const acdr_queue *q) {
  return a->ring_timeout_ms >= 0 ? a->ring_timeout_ms : q->def.ring_timeout_ms;
}

static void commit_offers(acdr_engine *e, acdr_contact *c, acdr_member **ms,
                          size_t n) {
  acdr_queue *q = c->queue;
  size_t i;
  acdr_action act;
  if (c->state == ACDR_CONTACT_WAITING) {
    if (c->in_line) acdr_line_remove(&q->line, c);
    c->state = ACDR_CONTACT_OFFERED;
    q->noffered++;
    c->offer_round_start = e->now;
    if (c->is_callback) {
      act = acdr_action_of(ACDR_ACTION_CALLBACK, c, q, ms[0]->agent);
      acdr_emit(e, &act);
    }
  }
  for (i = 0; i < n; i++) {
    acdr_member *m = ms[i];
    acdr_agent *a = m->agent;
    acdr_offer *o = e->free_offers;
    e->free_offers = o->next_agent;
    e->nfree_offers--;
    memset(o, 0, sizeof(*o));
    o->contact = c;
    o->agent = a;
    o->member = m;
    o->started = e->now;
    acdr_timer_init(&o->timer, ring_timeout_fire);
    o->next_agent = a->offers;
    if (a->offers) a->offers->prev_agent = o;
    a->offers = o;
    o->next_contact = c->offers;
    if (c->offers) c->offers->prev_contact = o;
    c->offers = o;
    a->noffers++;
    c->noffers++;
    /* 0 means "never" (longest-idle idle=offered ranks it first) */
    a->last_offered = e->now ? e->now : 1;
    a->load[c->channel]++;
    if (ring_ms(a, q) > 0)
      acdr_timer_arm_held(e, &o->timer, /* reserved by the caller */
                          acdr_deadline(e->now, ring_ms(a, q)));
    if (m->tier->strategy->vt.offered)
      m->tier->strategy->vt.offered(m->tier->state, m,
                                    (acdr_contact_view *)c);
    act = acdr_action_of(ACDR_ACTION_OFFER, c, q, a);
    act.position = (int64_t)c->noffers;
    act.value_ms = ring_ms(a, q);
    acdr_emit(e, &act);
  }
  for (i = 0; i < n; i++) acdr_agent_refresh(e, ms[i]->agent);
}

/* A fresh mark for member.pick_gen, which keeps the low 32 bits of the
 * engine's 64-bit counter: when those wrap to 0 (every 2^32 selects) the
 * marks are cleared, so an old mark can never equal a new one. */
static uint32_t next_pick_gen(acdr_engine *e) {
  uint32_t g = (uint32_t)++e->dispatch_gen;
  if (g == 0) {
    size_t i, j;
    const char *k;
    void *v;
    for (i = 0; acdr_map_next(&e->agents, &i, &k, &v);) {
      acdr_agent *a = v;
      for (j = 0; j < a->nmembers; j++) a->members[j]->pick_gen = 0;
    }
    g = (uint32_t)++e->dispatch_gen;
  }
  return g;
}

/* out[0] is the agent who just let c ring out (or declined it) while other
 * members of the tier are ready: as app_queue within one attempt, try the
 * others first.  The agent is hidden from the strategy for one decision,
 * then indexed again; if nobody else is picked, out[0] stays. */
static void steer_from_missed(acdr_engine *e, acdr_tier *t, acdr_contact *c,
                              acdr_member **out) {
  acdr_member *x = out[0], *alt;
  size_t got = 0;
  acdr_tstamp r = ACDR_TSTAMP_MAX;
  int rv;
  x->ready = 0;
  t->nready--;
  if (t->strategy->vt.member_unready)
    t->strategy->vt.member_unready(t->state, x);
  rv = t->strategy->vt.select(t->state, (acdr_contact_view *)c, e->now,
                              out + 1, 1, &got, &r);
  if (rv == ACDR_ERR_PASSTHROUGH)
    got = fallback_select(c->queue, t, c, out + 1);
  else if (rv != 0)
    got = 0;
  alt = got ? out[1] : NULL;
  /* index the agent again (strategies reserve in member_add, so this does
   * not fail; if it did, the agent would stay unready like in
   * acdr_member_sync) */
  if (!t->strategy->vt.member_ready ||
      t->strategy->vt.member_ready(t->state, x) == 0) {
    x->ready = 1;
    t->nready++;
  }
  if (alt && alt != x && alt->tier == t && alt->ready &&
      !(c->noffers && offered_to(c, alt)))
    out[0] = alt;
}

/* c waits for its known agent (the preferred agent's hold has not run
 * out): only that agent may take it for now. */
static int held_for_known(const acdr_contact *c, acdr_tstamp now) {
  return c->ext && c->ext->preferred_agent && now < c->ext->preferred_until;
}

/* When agent a (member m of q) can next take a contact of q, into *at:
 * now if ready, else the end of its reject/no-answer delay, else its
 * first contact on q's channel to end, by wrap-up deadline or by the
 * queue's average handle time.  Returns 0 when that is not known (no
 * handle time measured yet, an offer ringing): the hold is kept then, as
 * before availability was checked. */
static int known_free_at(const acdr_engine *e, const acdr_agent *a,
                         const acdr_member *m, const acdr_queue *q,
                         acdr_tstamp *at) {
  const acdr_contact *h;
  acdr_tstamp t;
  int unknown = 0;
  *at = ACDR_TSTAMP_MAX;
  if (m->ready) {
    *at = e->now;
    return 1;
  }
  if (a->load[q->def.channel] < a->cap[q->def.channel]) {
    *at = a->ready_at;
    return a->ready_at > e->now;
  }
  if (a->noffers) return 0;
  for (h = a->held; h; h = h->next_held) {
    if (h->channel != q->def.channel) continue;
    if (h->state == ACDR_CONTACT_WRAPUP && h->slot0_kind == ACDR_CT_WRAPUP &&
        h->slot[0].seq)
      t = h->slot[0].when;
    else if (h->state == ACDR_CONTACT_CONNECTED && q->aht_samples > 0 &&
             q->aht_avg_ms >= 0 && q->aht_avg_ms <= 86400000.0)
      t = acdr_deadline(h->answered, (int64_t)q->aht_avg_ms);
    else {
      unknown = 1; /* wrap-up without a deadline, no handle time yet */
      continue;
    }
    if (t < *at) *at = t;
  }
  return !(unknown && *at == ACDR_TSTAMP_MAX);
}

/* Whether c should go on waiting for the agent of its current known step:
 * no for an unknown agent, one not in the queue, logged out or away, or
 * one that will not be free before the step's hold runs out; with the
 * queue's wait_for_owner, an owner who is logged in is waited for. */
static int known_worth_holding(const acdr_engine *e, const acdr_contact *c) {
  const acdr_queue *q = c->queue;
  acdr_agent *a = acdr_map_get(&e->agents, c->ext->preferred_agent);
  acdr_member *m = a ? agent_member_in(a, (acdr_queue *)q) : NULL;
  acdr_tstamp t;
  if (!m || a->status == ACDR_AGENT_LOGGED_OUT) return 0;
  if (q->def.wait_for_owner && c->ext->known_kind == ACDR_KNOWN_OWNER)
    return 1;
  if (a->status != ACDR_AGENT_AVAILABLE) return 0;
  return !known_free_at(e, a, m, q, &t) || t < c->ext->preferred_until;
}

/* Move c to its next known-agent step, or end the hold when there is
 * none.  Returns 1 if there was a next step. */
static int known_next_step(acdr_engine *e, acdr_contact *c) {
  acdr_contact_ext *x = c->ext;
  size_t i;
  if (!x->nknown_next) {
    if (x->preferred_until > e->now) x->preferred_until = e->now;
    return 0;
  }
  acdr_mem_free(&e->mem, x->preferred_agent);
  x->preferred_agent = x->known_next[0];
  x->known_kind = x->known_next_kind[0];
  for (i = 1; i < x->nknown_next; i++) {
    x->known_next[i - 1] = x->known_next[i];
    x->known_next_kind[i - 1] = x->known_next_kind[i];
  }
  x->nknown_next--;
  x->preferred_until = acdr_deadline(e->now, c->queue->def.known_agent_hold_ms);
  return 1;
}

/* Settle c's known-agent step at e->now: steps whose hold ran out or whose
 * agent cannot take c in time are passed, so a contact never waits for
 * an agent who is away while others are free. */
static void known_settle(acdr_engine *e, acdr_contact *c) {
  if (!c->ext || !c->ext->preferred_agent) return;
  while ((e->now >= c->ext->preferred_until ||
          !known_worth_holding(e, c)) &&
         known_next_step(e, c)) {
  }
}

/* c is still in its queue's pre-connect delay. */
static int delayed(const acdr_contact *c, acdr_tstamp now) {
  const acdr_queue *q = c->queue;
  return q->def.connect_delay_ms > 0 && !c->outbound &&
         now < acdr_deadline(c->enqueued, q->def.connect_delay_ms);
}

/* Is a member of tier t logged in (available or away)?  O(members of q),
 * looked at only with tier_by_level or tier_no_agent_no_wait. */
static int tier_logged_in(const acdr_queue *q, const acdr_tier *t) {
  size_t i, seen = 0;
  for (i = 0; i < q->nmembers && seen < t->nmembers; i++) {
    const acdr_member *m = q->members[i];
    if (m->tier != t) continue;
    if (m->agent->status != ACDR_AGENT_LOGGED_OUT) return 1;
    seen++;
  }
  return 0;
}

/* The tier rules while one contact walks the tiers in penalty order, as
 * mod_callcenter's agents_callback() walks the agents by level: `cur` is
 * the level open so far (0 at first), `avail` whether a member of the
 * tiers entered since the last opening by time is logged in. */
typedef struct tier_gate {
  int64_t cur;
  int avail;
} tier_gate;

/* May c be offered to tier ti now?  1 yes, 0 skip this tier (by level: no
 * member logged in, as mod_callcenter's query returns no row for it), -1
 * no, nor any tier after it (*recheck lowered to its opening time). */
static int tier_open(const acdr_queue *q, const acdr_contact *c, size_t ti,
                     acdr_tstamp now, tier_gate *g, acdr_tstamp *recheck) {
  const acdr_queue_def *d = &q->def;
  const acdr_tier *t = q->tiers[ti];
  int64_t lvl = (int64_t)ti, wait;
  int logged = -1;
  if (d->tier_wait_ms <= 0) return 1; /* no rules: every tier is open */
  if (d->tier_by_level) {
    if (!(logged = tier_logged_in(q, t))) return 0;
    lvl = t->penalty;
  }
  if (lvl > g->cur) {
    if (d->tier_no_agent_no_wait && !g->avail) {
      g->cur = lvl; /* nobody logged in below: no wait */
    } else {
      acdr_tstamp open_at;
      /* level <= 2^31, wait <= 1 year: saturate rather than overflow */
      if (!d->tier_wait_multiply)
        wait = d->tier_wait_ms;
      else if (lvl > INT64_MAX / d->tier_wait_ms)
        wait = INT64_MAX;
      else
        wait = lvl * d->tier_wait_ms;
      open_at = acdr_deadline(c->enqueued, wait);
      if (now < open_at) {
        if (open_at < *recheck) *recheck = open_at;
        return -1;
      }
      g->cur = lvl;
      g->avail = 0;
    }
  }
  if (d->tier_no_agent_no_wait && !g->avail)
    g->avail = logged >= 0 ? logged : tier_logged_in(q, t);
  return 1;
}

/* The penalties as c sees them now (app_queue calc_metric()): its window
 * (arrival bounds moved by its queue rule, rules.c), the raise, and
 * whether the queue ignores penalties (penalty_members_limit). */
typedef struct pen_view {
  acdr_window w;
  int flat;
} pen_view;

/* May a member of penalty pen take c?  calc_metric() skips a member above
 * QUEUE_MAX_PENALTY or below QUEUE_MIN_PENALTY (after the raise), unless
 * penalties are ignored. */
static int in_window(const pen_view *v, int32_t pen) {
  return v->flat || acdr_window_admits(&v->w, pen);
}

/* The tier a penalty counts in for c: all one with penalties ignored;
 * a penalty below the raise counts as the raise. */
static int32_t eff_penalty(const pen_view *v, int32_t pen) {
  if (v->flat) return 0;
  return v->w.raise >= 0 && pen < v->w.raise ? v->w.raise : pen;
}

/* The strategy setting `key` of q (docs/strategies.md "Peer idle and
 * count rules"), or NULL. */
static const char *q_param(const acdr_queue *q, const char *key) {
  size_t i;
  for (i = 0; i < q->nparams; i++)
    if (strcmp(q->params[i].key, key) == 0) return q->params[i].value;
  return NULL;
}

/* What longest-idle / fewest-contacts / least-talk-time rank by, under
 * the queue's `idle` / `counts` setting (0 = never: first). */
static acdr_tstamp idle_key(const acdr_member *m, const char *idle) {
  if (idle && strcmp(idle, "talk-end") == 0) return m->agent->last_talk_end;
  if (idle && strcmp(idle, "queue-talk-end") == 0) return m->last_call;
  if (idle && strcmp(idle, "offered") == 0) return m->agent->last_offered;
  return m->agent->idle_since;
}
static uint64_t count_key(const acdr_member *m, const char *counts) {
  if (counts && strcmp(counts, "available") == 0) return m->agent->handled_av;
  if (counts && strcmp(counts, "queue") == 0) return m->calls;
  if (counts && strcmp(counts, "shared") == 0) return m->calls_shared;
  return m->agent->handled;
}
static acdr_tstamp talk_key(const acdr_member *m, const char *counts) {
  if (counts && strcmp(counts, "available") == 0) return m->agent->talk_av;
  return m->agent->talk_ns;
}

/* Tiers that count as one for c (raise, penalty_members_limit) each gave
 * their own first choice in o[0..k): app_queue ranks all their members by
 * one metric; acdroute keeps the strategy's choice within each tier and
 * takes, among those, a uniform draw weighted by ready members (random),
 * the fewest contacts (fewest-contacts) or the least talk time
 * (least-talk-time) as its `counts` setting counts them, the one idle
 * longest as its `idle` setting says (longest-idle), the first in member
 * order (linear, round-robin), else the one idle longest; ties: idle
 * longest, then member order.  Returns the index chosen. */
static size_t merged_choice(acdr_queue *q, acdr_member **o, size_t k) {
  const char *sn = q->strategy->name;
  const char *idle = q_param(q, "idle"), *counts = q_param(q, "counts");
  /* linear / round-robin: calc_metric() ranks by position */
  int by_order = strcmp(sn, "linear") == 0 || strcmp(sn, "round-robin") == 0;
  int fewest = strcmp(sn, "fewest-contacts") == 0;
  int talk = strcmp(sn, "least-talk-time") == 0;
  int lidle = strcmp(sn, "longest-idle") == 0;
  size_t i, best = 0;
  if (strcmp(sn, "random") == 0) {
    uint64_t total = 0, r;
    for (i = 0; i < k; i++) total += o[i]->tier->nready;
    r = acdr_strategy_random(&o[0]->tier->host, total ? total : 1);
    for (i = 0; i + 1 < k; i++) {
      if (r < o[i]->tier->nready) break;
      r -= o[i]->tier->nready;
    }
    return i;
  }
  for (i = 1; i < k; i++) {
    const acdr_member *a = o[i], *b = o[best];
    int d = 0;
    if (fewest && count_key(a, counts) != count_key(b, counts))
      d = count_key(a, counts) < count_key(b, counts) ? -1 : 1;
    else if (talk && talk_key(a, counts) != talk_key(b, counts))
      d = talk_key(a, counts) < talk_key(b, counts) ? -1 : 1;
    else if (lidle && idle_key(a, idle) != idle_key(b, idle))
      d = idle_key(a, idle) < idle_key(b, idle) ? -1 : 1;
    if (!d && !by_order && a->agent->idle_since != b->agent->idle_since)
      d = a->agent->idle_since < b->agent->idle_since ? -1 : 1;
    if (!d) d = a->order < b->order ? -1 : 1;
    if (d < 0) best = i;
  }
  return best;
}

/* ring_all_tiers: a ring-all contact rings every open tier at once. */
static int ring_across_tiers(const acdr_queue *q) {
  return q->def.ring_all_tiers && q->ntiers &&
         strcmp(q->tiers[0]->strategy->name, "ring-all") == 0;
}

/* c waits out its queue's retry_ms after a ring timeout. */
static int in_retry(const acdr_contact *c, acdr_tstamp now) {
  return c->noffers == 0 && now < c->retry_at;
}

/* The members c's queue's strategy picks for c now, in e->scratch; their
 * number (0: nobody), or -1 when scratch room is short.  *recheck: when
 * to look again (tier openings, known-agent hold, strategy).  Nothing is
 * committed: a pick that is not followed by commit_offers changes no
 * state. */
static long pick(acdr_engine *e, acdr_contact *c, acdr_tstamp *recheck) {
  acdr_queue *q = c->queue;
  acdr_tstamp now = e->now;
  size_t ti, n = 0, i, k;
  acdr_member **out;
  uint32_t gen;
  pen_view pv;
  acdr_tstamp next_step;

  *recheck = ACDR_TSTAMP_MAX;
  if (delayed(c, now)) {
    /* the pre-connect delay: nobody before it has passed */
    *recheck = acdr_deadline(c->enqueued, q->def.connect_delay_ms);
    return 0;
  }
  if (scratch_reserve(e, q->nmembers + 1) != 0) return -1;
  out = e->scratch;

  if (in_retry(c, now)) {
    /* app_queue retry: the caller keeps its place, nobody rings it yet */
    *recheck = c->retry_at;
    return 0;
  }
  known_settle(e, c);
  acdr_contact_window(c, now, &pv.w, &next_step);
  pv.flat = acdr_queue_flat(q);
  if (held_for_known(c, now)) {
    acdr_agent *a = acdr_map_get(&e->agents, c->ext->preferred_agent);
    acdr_member *m = a ? agent_member_in(a, q) : NULL;
    *recheck = c->ext->preferred_until;
    if (next_step < *recheck) *recheck = next_step; /* the rule's step */
    if (m && m->ready && !offered_to(c, m) && in_window(&pv, m->penalty)) {
      out[0] = m;
      n = 1;
      c->ext->known_offered = a->seq;
    }
    return (long)n;
  }
  {
    tier_gate g = {0, 0};
    int across = ring_across_tiers(q), closed = 0;
    size_t group_end = 0, group_start = 0;
    /* a queue rule's next step may open members to c: look again then */
    if (next_step < *recheck) *recheck = next_step;
    for (ti = 0; ti < q->ntiers && !closed; ti++) {
      acdr_tier *t = q->tiers[ti];
      acdr_member **o = out + n;
      size_t max, got = 0;
      acdr_tstamp r = ACDR_TSTAMP_MAX;
      int rv;
      if (ti == group_end) {
        /* a new group of tiers that count as one for c: stop once an
         * earlier group found someone (unless ringing across tiers) */
        int32_t ep = eff_penalty(&pv, t->penalty);
        if (n && !across) break;
        group_start = n;
        group_end = ti + 1;
        while (group_end < q->ntiers &&
               eff_penalty(&pv, q->tiers[group_end]->penalty) == ep)
          group_end++;
      }
      rv = tier_open(q, c, ti, now, &g, recheck);
      if (rv < 0) {
        closed = 1;
      } else if (rv != 0 && t->nready && in_window(&pv, t->penalty)) {
        max = (t->strategy->vt.flags & ACDR_STRATEGY_F_MULTI) ? t->nready : 1;
        rv = t->strategy->vt.select(t->state, (acdr_contact_view *)c, now, o,
                                    max, &got, &r);
        if (rv == ACDR_ERR_PASSTHROUGH)
          got = fallback_select(q, t, c, o);
        else if (rv != 0)
          got = 0;
        if (got > max) got = max;
        if (r < *recheck) *recheck = r;
        /* keep only valid picks: ready members of this tier, not ringing,
         * each once (O(1) per pick: a generation mark, no nested loop) */
        gen = next_pick_gen(e);
        for (i = 0, k = 0; i < got; i++) {
          acdr_member *m = o[i];
          if (!m || m->tier != t || !m->ready || m->pick_gen == gen) continue;
          if (c->noffers && offered_to(c, m)) continue;
          m->pick_gen = gen;
          o[k++] = m;
        }
        if (k == 1 && max == 1 && c->missed_agent && c->noffers == 0 &&
            o[0]->agent->seq == c->missed_agent && t->nready > 1 &&
            !(t->strategy->vt.flags & ACDR_STRATEGY_F_PINNED))
          steer_from_missed(e, t, c, o);
        n += k;
      }
      if ((ti + 1 == group_end || closed) && n > group_start + 1 &&
          !(q->strategy->vt.flags & ACDR_STRATEGY_F_MULTI)) {
        /* several tiers of one group each picked: one of them rings */
        size_t w = merged_choice(q, out + group_start, n - group_start);
        out[group_start] = out[group_start + w];
        n = group_start + 1;
      }
    }
  }
  return (long)n;
}

/* Offer c to whoever its queue's strategy picks.  Returns 1 if at least
 * one offer was made. */
static int try_offer(acdr_engine *e, acdr_contact *c) {
  acdr_tstamp now = e->now, recheck;
  long got;
  size_t n;

  /* an inbox queue makes no automatic offers (acdr_contact_assign) */
  if ((c->state != ACDR_CONTACT_WAITING && c->state != ACDR_CONTACT_OFFERED) ||
      c->queue->def.inbox)
    return 0;
  if ((got = pick(e, c, &recheck)) < 0) goto oom;
  n = (size_t)got;
  if (recheck != ACDR_TSTAMP_MAX && recheck > now) {
    /* without its recheck the contact would wait for an unrelated event:
     * the dispatch retry looks at it again */
    if (acdr_ct_arm(e, c, ACDR_CT_RECHECK, recheck) != 0)
      acdr_schedule_dispatch_retry(e);
  } else
    acdr_ct_disarm(e, c, ACDR_CT_RECHECK);
  if (c->in_line) c->in_line = 2; /* looked at: recheck in place */
  if (!n) return 0;
  if (acdr_offers_reserve(e, n) != 0 || acdr_timers_reserve(e, n + 2) != 0 ||
      acdr_actions_reserve(e, ACDR_BUDGET_PER_OFFER * (n + 1)) != 0)
    goto oom;
  commit_offers(e, c, e->scratch, n);
  return 1;
oom:
  /* Leave the contact waiting; try again at the next expiry. */
  acdr_schedule_dispatch_retry(e);
  return 0;
}

int acdr_dispatch_outbound(acdr_engine *e, acdr_contact *c) {
  acdr_tstamp recheck;
  long got = pick(e, c, &recheck);
  size_t n;
  if (got < 0) return ACDR_ERR_NOMEM;
  if (got == 0) return 0;
  n = (size_t)got;
  if (acdr_offers_reserve(e, n) != 0 || acdr_timers_reserve(e, n + 2) != 0 ||
      acdr_actions_reserve(e, ACDR_BUDGET_PER_OFFER * (n + 1)) != 0)
    return ACDR_ERR_NOMEM;
  commit_offers(e, c, e->scratch, n);
  return 1;
}

static int constrained(const acdr_contact *c, acdr_tstamp now) {
  const acdr_queue *q = c->queue;
  /* a contact held back says nothing of those behind it (a higher
   * priority one that came later, in its delay, goes before them) */
  if (held_for_known(c, now) || delayed(c, now) || in_retry(c, now))
    return 1;
  /* a penalty window: those behind may take members it may not */
  if (acdr_contact_has_window(c)) return 1;
  if (q->ntiers && (q->tiers[0]->strategy->vt.flags &
                    ACDR_STRATEGY_F_LOOKAHEAD))
    return 1;
  return 0;
}

/* Any ready member in any tier?  Without one, looking further down the
 * line cannot offer anything (bench: an agent freeing up with 10,000
 * contacts waiting cost 256 failed select() calls under LOOKAHEAD). */
static int queue_has_ready(const acdr_queue *q) {
  size_t i;
  for (i = 0; i < q->ntiers; i++)
    if (q->tiers[i]->nready) return 1;
  return 0;
}

/* ---- requirement groups (ACDR_STRATEGY_F_REQUIREMENTS) ----
 *
 * Within one dispatch, a contact that got nobody stands for every contact
 * behind it with the same required skills that entered the queue no
 * earlier: they would get nobody either (the strategy promises it, the
 * tier openings depend only on the entry time, and offers made further on
 * only take agents away).  Those are passed over without a select(), so
 * contacts nobody can serve cost one select() per requirement per
 * dispatch, not one per contact, and never count towards
 * DISPATCH_MAX_SKIPS.  A contact passed over keeps the recheck it got
 * when it was last looked at (rechecks depend only on time); one that was
 * never looked at since it entered the line (in_line != 2) is always
 * tried once. */

typedef struct req_memo {
  acdr_contact **slot; /* open addressing; the contact that got nobody */
  size_t cap, len;
  acdr_contact *local[64];
} req_memo;

static int grouped(const acdr_queue *q) {
  uint32_t f = q->ntiers ? q->tiers[0]->strategy->vt.flags : 0;
  return (f & ACDR_STRATEGY_F_LOOKAHEAD) && (f & ACDR_STRATEGY_F_REQUIREMENTS);
}

/* Skill names are interned, so a requirement is its (name pointer, level)
 * list.  The pointers come from the engine's allocator, not from input. */
static size_t req_hash(const acdr_contact *c) {
  uint64_t h = c->nskills;
  uint32_t i;
  for (i = 0; i < c->nskills; i++) {
    h = (h ^ (uint64_t)(uintptr_t)c->skills[i].name) * 0x9e3779b97f4a7c15ULL;
    h = (h ^ (uint32_t)c->skills[i].level) * 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 29;
  }
  return (size_t)h;
}

static int req_same(const acdr_contact *a, const acdr_contact *b) {
  uint32_t i;
  if (a->nskills != b->nskills) return 0;
  for (i = 0; i < a->nskills; i++)
    if (a->skills[i].name != b->skills[i].name ||
        a->skills[i].level != b->skills[i].level)
      return 0;
  return 1;
}

static void memo_init(req_memo *m) {
  memset(m->local, 0, sizeof(m->local));
  m->slot = m->local;
  m->cap = sizeof(m->local) / sizeof(m->local[0]);
  m->len = 0;
}

static void memo_free(acdr_engine *e, req_memo *m) {
  if (m->slot != m->local) acdr_mem_free(&e->mem, m->slot);
}

static acdr_contact **memo_find(const req_memo *m, const acdr_contact *c) {
  size_t i = req_hash(c) & (m->cap - 1);
  while (m->slot[i] && !req_same(m->slot[i], c)) i = (i + 1) & (m->cap - 1);
  return &m->slot[i];
}

/* Remember that c got nobody.  0, or ACDR_ERR_NOMEM (then c simply is not
 * remembered: the contacts behind it are tried as before). */
static int memo_add(acdr_engine *e, req_memo *m, acdr_contact *c) {
  acdr_contact **s = memo_find(m, c);
  if (*s) {
    if (c->enqueued < (*s)->enqueued) *s = c; /* waited longer: covers more */
    return 0;
  }
  if ((m->len + 1) * 2 > m->cap) {
    size_t ncap = m->cap * 2, i;
    acdr_contact **old = m->slot, **ns;
    if (ncap > SIZE_MAX / sizeof(*ns) ||
        !(ns = acdr_mem_calloc(&e->mem, ncap, sizeof(*ns))))
      return ACDR_ERR_NOMEM;
    m->slot = ns;
    for (i = 0; i < m->cap; i++)
      if (old[i]) *memo_find(m, old[i]) = old[i];
    if (old != m->local) acdr_mem_free(&e->mem, old);
    m->cap = ncap;
    s = memo_find(m, c);
  }
  *s = c;
  m->len++;
  return 0;
}

/* May c be passed over: its recheck is in place (tried since it entered
 * the line, or armed: a restored engine has no `tried` marks but the same
 * rechecks, so it passes over the same contacts), and a contact with its
 * requirement that entered no later got nobody in this dispatch? */
static int memo_covers(const req_memo *m, const acdr_contact *c,
                       acdr_tstamp now) {
  const acdr_contact *r;
  if (!m->len || (c->in_line != 2 && !acdr_ct_get(c, ACDR_CT_RECHECK)) ||
      held_for_known(c, now) || acdr_contact_has_window(c))
    return 0;
  r = *memo_find(m, c);
  return r && r->enqueued <= c->enqueued;
}

/* ring_add_late: may a member who became ready join a ring group? */
static int adds_late(const acdr_queue *q) {
  return q->def.ring_add_late && q->noffered && q->ntiers &&
         strcmp(q->tiers[0]->strategy->name, "ring-all") == 0;
}

/* ring_add_late: the ringing contact of q first in line order (priority,
 * then time in the queue, then arrival order) is offered to the ready
 * members not ringing for it yet, as mod_callcenter's dispatch loop picks
 * up its ring-all callers again (members in state Trying).  Found through
 * the members' offers: O(members + their offers). */
static void offer_late(acdr_engine *e, acdr_queue *q) {
  acdr_contact *best = NULL;
  size_t i;
  for (i = 0; i < q->nmembers; i++) {
    const acdr_offer *o;
    for (o = q->members[i]->agent->offers; o; o = o->next_agent) {
      acdr_contact *c = o->contact;
      if (c->queue != q || c->state != ACDR_CONTACT_OFFERED) continue;
      if (!best || c->priority > best->priority ||
          (c->priority == best->priority &&
           (c->enqueued < best->enqueued ||
            (c->enqueued == best->enqueued && c->seq < best->seq))))
        best = c;
    }
  }
  if (best) (void)try_offer(e, best);
}

void acdr_dispatch_queue(acdr_engine *e, acdr_queue *q) {
  acdr_contact *c, *next;
  int skips = 0, group;
  req_memo memo;
  /* an inbox queue offers nothing: its contacts wait to be assigned */
  if (q->dispatching || q->def.inbox) return;
  q->dispatching = 1;
  if (adds_late(q) && queue_has_ready(q)) offer_late(e, q);
  group = grouped(q);
  if (group) memo_init(&memo);
  for (c = acdr_line_first(&q->line); c; c = next) {
    next = acdr_line_next(c);
    if (c->max_wait_due) continue; /* leaving: its deadline is due */
    if (group && memo_covers(&memo, c, e->now)) continue;
    if (try_offer(e, c)) continue;
    if (!constrained(c, e->now) || !queue_has_ready(q)) break;
    /* a contact held for its known agent is no requirement's stand-in */
    if (group && !held_for_known(c, e->now) && !delayed(c, e->now) &&
        !in_retry(c, e->now) && !acdr_contact_has_window(c) &&
        memo_add(e, &memo, c) == 0)
      continue;
    if (++skips >= DISPATCH_MAX_SKIPS) break;
  }
  if (group) memo_free(e, &memo);
  q->dispatching = 0;
}

/* Is the head of q a better next contact than the head of best? */
static int head_better(acdr_engine *e, acdr_queue *q, acdr_queue *best) {
  acdr_contact *a = acdr_line_first(&q->line);
  acdr_contact *b = acdr_line_first(&best->line);
  acdr_tstamp now = e->now;
  int aged, by_weight;
  aged = (now - a->enqueued >=
          (acdr_tstamp)q->def.weight_aging_ms * ACDR_MILLISECONDS) ||
         (now - b->enqueued >=
          (acdr_tstamp)best->def.weight_aging_ms * ACDR_MILLISECONDS);
  by_weight = !aged && q->def.weight != best->def.weight;
  /* app_queue's compare_weight(): a member of a heavier queue with
   * callers waiting is not offered a lighter queue's caller, whatever
   * the priorities; asked for by either queue */
  if (by_weight && (q->def.weight_first || best->def.weight_first))
    return q->def.weight > best->def.weight;
  if (a->priority != b->priority) return a->priority > b->priority;
  if (by_weight) return q->def.weight > best->def.weight;
  if (a->line_at != b->line_at) return a->line_at < b->line_at;
  return q->seq < best->seq;
}

void acdr_dispatch_agent(acdr_engine *e, acdr_agent *a) {
  uint64_t gen = ++e->dispatch_gen;
  for (;;) {
    acdr_queue *best = NULL;
    size_t i;
    for (i = 0; i < a->nmembers; i++) {
      acdr_member *m = a->members[i];
      acdr_queue *q = m->queue;
      if (!m->ready || q->dispatch_gen == gen || q->dispatching)
        continue;
      if (!acdr_line_len(&q->line)) {
        if (adds_late(q)) { /* only ringing contacts: no line to compare */
          q->dispatch_gen = gen;
          acdr_dispatch_queue(e, q);
        }
        continue;
      }
      if (!best || head_better(e, q, best)) best = q;
    }
    if (!best) break;
    best->dispatch_gen = gen;
    acdr_dispatch_queue(e, best);
  }
}

void acdr_dispatch_contact(acdr_engine *e, acdr_contact *c) {
  if (!c->max_wait_due) (void)try_offer(e, c);
}

acdr_timer_fn acdr_offer_timer_fn(void) { return ring_timeout_fire; }
