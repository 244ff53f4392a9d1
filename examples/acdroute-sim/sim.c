/*
 * acdroute-sim: the event loop.
 *
 * Simulated time is in nanoseconds (acdr_tstamp).  The simulator's own
 * events (arrivals, answers, hang-ups, wrap-up ends, patience running out,
 * shift changes) sit in a heap; the engine's deadlines come from
 * acdr_engine_get_expiry().  The loop always does whichever comes first:
 * it is the same loop a real host runs, with a simulated clock.
 *
 * Everything the report needs is tallied from the actions the engine
 * emits (on_action): the same information a real host gets.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"

enum { C_FREE = 0, C_WAITING = 1, C_TALK = 2, C_WRAP = 3 };

typedef struct sim_contact {
  uint32_t gen;
  uint8_t state;
  uint8_t counted;
  uint8_t first;     /* not a repeat contact */
  uint8_t vip;
  uint8_t closed;    /* heard the CLOSED announcement */
  uint32_t queue;
  int32_t agent;
  int32_t code;      /* disposition code index, -1 none */
  int32_t batch;
  uint32_t customer;
  uint64_t arrival, answered, wrap_start;
} sim_contact;

typedef struct sim_agent_rt {
  int32_t status, activity;
  uint64_t since;    /* last state change */
} sim_agent_rt;

typedef struct sim_map_ent {
  const char *key;
  uint32_t val;
} sim_map_ent;

typedef struct sim {
  const sim_scenario *s;
  const sim_options *o;
  sim_result *r;
  acdr_engine *e;
  sim_heap heap;
  sim_rng rng;       /* traffic */
  sim_rng rng_agent; /* agent behaviour */
  sim_contact *c;
  uint32_t nc, capc;
  uint32_t *freel;
  uint32_t nfree;
  uint32_t live;
  sim_agent_rt *ag;
  sim_map_ent *amap;
  uint32_t amask;
  uint64_t now;
  uint64_t counted;     /* counted arrivals so far */
  int arrivals_done;
  uint32_t streams_active;
  uint32_t next_customer;
  int32_t nwaiting, nbusy, nstaffed;
  int32_t arriving;     /* slot inside acdr_contact_arrive, else -1 */
  int arrived_closed;   /* the last arrival heard CLOSED */
  uint64_t counted_closed; /* counted arrivals that were closed: they do
                              not count toward max_contacts */
  int cur_batch;
  int measuring;
  uint64_t measure_start, measure_end;
  int failed;
} sim;

static uint64_t ns_of(double s) {
  return s <= 0 ? 0 : (uint64_t)llround(s * SIM_SEC);
}

static double s_of(uint64_t t) { return (double)t / SIM_SEC; }

/* ------------------------------------------------------------------ */
/* Agent id -> index (open addressing, FNV-1a)                         */

static uint32_t hash_str(const char *k) {
  uint32_t h = 2166136261u;
  for (; *k; ++k) h = (h ^ (uint8_t)*k) * 16777619u;
  return h;
}

static int map_build(sim *m) {
  uint32_t cap = 16;
  while (cap < 2 * m->s->nagents + 2) cap *= 2;
  m->amap = calloc(cap, sizeof(*m->amap));
  if (!m->amap) return -1;
  m->amask = cap - 1;
  for (uint32_t i = 0; i < m->s->nagents; ++i) {
    uint32_t h = hash_str(m->s->agents[i].id) & m->amask;
    while (m->amap[h].key) h = (h + 1) & m->amask;
    m->amap[h].key = m->s->agents[i].id;
    m->amap[h].val = i;
  }
  return 0;
}

static int32_t agent_index(const sim *m, const char *id) {
  if (!id) return -1;
  uint32_t h = hash_str(id) & m->amask;
  while (m->amap[h].key) {
    if (strcmp(m->amap[h].key, id) == 0) return (int32_t)m->amap[h].val;
    h = (h + 1) & m->amask;
  }
  return -1;
}

/* Contact ids are "c<slot>"; a slot is reused once its contact ended (the
 * engine wants ids unique among live contacts only). */
static int32_t contact_slot(const sim *m, const char *id) {
  if (!id || id[0] != 'c') return -1;
  char *end;
  unsigned long v = strtoul(id + 1, &end, 10);
  if (*end || v >= m->nc || m->c[v].state == C_FREE) return -1;
  return (int32_t)v;
}

/* ------------------------------------------------------------------ */
/* Time integration                                                     */

static sim_interval *interval_at(sim *m, double t_s) {
  size_t k = (size_t)(t_s / m->s->interval_s);
  sim_result *r = m->r;
  if (k >= r->niv) {
    size_t n = r->niv ? r->niv : 64;
    while (n <= k) n *= 2;
    sim_interval *v = realloc(r->iv, n * sizeof(*v));
    if (!v) {
      m->failed = 1;
      return NULL;
    }
    memset(v + r->niv, 0, (n - r->niv) * sizeof(*v));
    r->iv = v;
    r->niv = n;
  }
  return &r->iv[k];
}

static void advance(sim *m, uint64_t t) {
  if (t <= m->now) return;
  uint64_t step = ns_of(m->s->interval_s);
  uint64_t a = m->now;
  while (a < t) {
    uint64_t bend = (a / step + 1) * step;
    uint64_t b = bend < t ? bend : t;
    double dt = s_of(b - a);
    sim_interval *iv = interval_at(m, s_of(a));
    if (!iv) return;
    iv->waiting_area += dt * m->nwaiting;
    iv->busy_area += dt * m->nbusy;
    iv->staffed_area += dt * m->nstaffed;
    if (m->measuring) {
      uint64_t x = a > m->measure_start ? a : m->measure_start;
      uint64_t y = b;
      if (m->measure_end && y > m->measure_end) y = m->measure_end;
      if (y > x) {
        double d = s_of(y - x) * m->nbusy;
        m->r->busy_area += d;
        if (m->s->mmn) m->r->batch[m->cur_batch].busy_area += d;
      }
    }
    a = b;
  }
  m->now = t;
}

static void note_waiting(sim *m) {
  sim_interval *iv = interval_at(m, s_of(m->now));
  if (iv && (uint32_t)m->nwaiting > iv->max_waiting)
    iv->max_waiting = (uint32_t)m->nwaiting;
}

/* Account an agent's time since its last change to its old state. */
static void agent_account(sim *m, uint32_t i) {
  sim_agent_rt *a = &m->ag[i];
  sim_agent_stats *st = &m->r->agent[i];
  double dt = s_of(m->now - a->since);
  a->since = m->now;
  if (a->status == ACDR_AGENT_LOGGED_OUT && a->activity == ACDR_ACTIVITY_IDLE)
    return;
  st->logged_in_s += dt;
  if (a->activity != ACDR_ACTIVITY_IDLE)
    st->busy_s += dt;
  else if (a->status == ACDR_AGENT_AVAILABLE)
    st->idle_s += dt;
  else
    st->away_s += dt;
}

static int agent_counts_busy(const sim_agent_rt *a) {
  return a->activity != ACDR_ACTIVITY_IDLE;
}

static int agent_counts_staffed(const sim_agent_rt *a) {
  return a->status != ACDR_AGENT_LOGGED_OUT ||
         a->activity != ACDR_ACTIVITY_IDLE;
}

/* ------------------------------------------------------------------ */
/* Tallies                                                              */

static void tally_end(sim_tally *t, const sim_scenario *s, const sim_contact *c,
                      const acdr_action *a) {
  const sim_queue_model *q = &s->queues[c->queue];
  double wait_s = (double)a->value_ms / 1000.0;
  t->offered++;
  switch (c->answered ? ACDR_END_COMPLETED : a->reason) {
  case ACDR_END_COMPLETED:
    if (!c->answered) t->other++; /* cannot happen: completed unanswered */
    break;
  case ACDR_END_ABANDONED:
    t->abandoned++;
    t->abandon_wait_sum_s += wait_s;
    if (wait_s * 1000.0 < 5000.0) t->short_abandoned++;
    if (wait_s > 0) t->waited++;
    break;
  case ACDR_END_OVERFLOWED:
    t->overflowed++;
    break;
  case ACDR_END_REJECTED:
    t->rejected++;
    break;
  case ACDR_END_TIMED_OUT:
    t->timed_out++;
    break;
  case ACDR_END_CALLBACK:
    t->callbacks++;
    break;
  case ACDR_END_TRANSFERRED:
    t->transferred++;
    break;
  default:
    t->other++;
    break;
  }
  if (c->answered) {
    double w = s_of(c->answered - c->arrival);
    t->answered++;
    t->wait_sum_s += w;
    if (w > 0) t->waited++;
    if (c->answered - c->arrival <=
        (uint64_t)q->sl_threshold_ms * ACDR_MILLISECONDS)
      t->within_t++;
    if (w > t->max_wait_s) t->max_wait_s = w;
  } else if (wait_s > t->max_wait_s) {
    t->max_wait_s = wait_s;
  }
}

static void tally_handled(sim_tally *t, const sim_contact *c, double talk_s,
                          double wrap_s, int repeat) {
  t->handled++;
  t->talk_sum_s += talk_s;
  t->wrap_sum_s += wrap_s;
  if (c->code >= 0) t->codes[c->code]++;
  if (c->first) t->first_contacts++;
  if (repeat) t->repeats++;
}

/* ------------------------------------------------------------------ */
/* Contacts                                                             */

static int32_t slot_alloc(sim *m) {
  if (m->nfree) return (int32_t)m->freel[--m->nfree];
  if (m->nc == m->capc) {
    uint32_t cap = m->capc ? m->capc * 2 : 1024;
    sim_contact *v = realloc(m->c, cap * sizeof(*v));
    uint32_t *f = realloc(m->freel, cap * sizeof(*f));
    if (v) m->c = v;
    if (f) m->freel = f;
    if (!v || !f) return -1;
    m->capc = cap;
  }
  memset(&m->c[m->nc], 0, sizeof(m->c[0]));
  return (int32_t)m->nc++;
}

/* Next arrival time of a stream after t (intraday rates, repeated every
 * day, or a constant rate); 0 = none before end_s. */
static uint64_t next_arrival(sim *m, uint32_t q, uint64_t t) {
  const sim_scenario *s = m->s;
  const sim_queue_model *qm = &s->queues[q];
  double ts = s_of(t);
  if (qm->nrates == 0) {
    if (qm->rate_per_s <= 0) return 0;
    ts += rng_exp(&m->rng, 1.0 / qm->rate_per_s);
  } else {
    double step = 86400.0 / qm->nrates, any = 0;
    for (int k = 0; k < qm->nrates; ++k) any += qm->rates[k];
    if (any <= 0 || s->end_s <= 0) return 0;
    for (;;) {
      double day = floor(ts / 86400.0) * 86400.0;
      size_t k = (size_t)((ts - day) / step);
      if (k >= (size_t)qm->nrates) k = (size_t)qm->nrates - 1;
      if (ts >= s->end_s) return 0;
      double rate = qm->rates[k];
      double bend = k + 1 == (size_t)qm->nrates ? day + 86400.0
                                                 : day + (double)(k + 1) * step;
      if (rate > 0) {
        double dt = rng_exp(&m->rng, 1.0 / rate);
        if (ts + dt < bend) {
          ts += dt;
          break;
        }
      }
      ts = bend; /* memoryless: start over at the boundary */
    }
  }
  if (s->end_s > 0 && ts >= s->end_s) return 0;
  uint64_t n = ns_of(ts);
  return n > t ? n : t + 1;
}

static int sim_call(sim *m, int rv, const char *what) {
  m->r->engine_calls++;
  if (rv < 0 && rv != ACDR_ERR_NOT_OFFERED && rv != ACDR_ERR_CONTACT_NOT_FOUND &&
      rv != ACDR_ERR_INVALID_STATE) {
    fprintf(stderr, "acdroute-sim: %s: %s (%s)\n", what, acdr_strerror(rv),
            acdr_engine_last_error(m->e));
    m->failed = 1;
  }
  return rv;
}

static void arrival(sim *m, uint32_t q, uint32_t customer_plus1) {
  const sim_scenario *s = m->s;
  const sim_queue_model *qm = &s->queues[q];
  int fresh = customer_plus1 == 0;
  if (fresh) {
    uint64_t nt = next_arrival(m, q, m->now);
    if (nt && !m->arrivals_done)
      heap_push(&m->heap, nt, EV_ARRIVAL, q, 0, 0);
    else if (m->streams_active)
      m->streams_active--;
  }
  if (m->arrivals_done) return;
  int counted = s_of(m->now) >= s->warmup_s;
  if (counted && s->max_contacts && m->counted >= s->max_contacts) {
    m->arrivals_done = 1;
    m->measure_end = m->now;
    return;
  }
  int32_t slot = slot_alloc(m);
  if (slot < 0) {
    m->failed = 1;
    return;
  }
  sim_contact *c = &m->c[slot];
  c->state = C_WAITING;
  c->queue = q;
  c->agent = -1;
  c->code = -1;
  c->first = (uint8_t)fresh;
  c->vip = 0;
  c->closed = 0;
  c->counted = (uint8_t)counted;
  c->arrival = m->now;
  c->answered = 0;
  c->customer = fresh ? m->next_customer++ : customer_plus1 - 1;
  c->batch = 0;
  if (counted) {
    if (!m->measuring) {
      m->measuring = 1;
      m->measure_start = m->now;
    }
    if (s->mmn && s->max_contacts) {
      c->batch = (int32_t)(m->counted * SIM_BATCHES / s->max_contacts);
      if (c->batch != m->cur_batch || m->counted == 0) {
        m->cur_batch = c->batch;
        m->r->batch[c->batch].start_s = s_of(m->now);
      }
    }
    m->counted++;
  }
  m->live++;
  m->nwaiting++;
  note_waiting(m);

  char id[24], cust[24];
  acdr_contact_def d;
  acdr_kv attr[SIM_MAX_ATTRS];
  acdr_skill sk[SIM_MAX_ATTRS];
  acdr_contact_def_default(&d);
  snprintf(id, sizeof id, "c%" PRId32, slot);
  d.id = id;
  d.queue = qm->id;
  d.priority = qm->priority;
  if (!s->mmn) {
    snprintf(cust, sizeof cust, "k%" PRIu32, c->customer);
    d.customer_id = cust;
    d.reason = qm->id;
    /* customer attributes: one weighted draw per attribute */
    for (int k = 0; k < qm->nattrs; ++k) {
      const sim_attr *at = &qm->attrs[k];
      double tot = 0, u;
      int j;
      for (j = 0; j < at->nvalues; ++j) tot += at->v[j].share;
      u = rng_uniform(&m->rng) * tot;
      for (j = 0; j + 1 < at->nvalues; ++j) {
        u -= at->v[j].share;
        if (u <= 0) break;
      }
      attr[d.nattrs].key = at->key;
      attr[d.nattrs++].value = at->v[j].value;
      if (at->v[j].skill[0]) {
        sk[d.nskills].name = at->v[j].skill;
        sk[d.nskills++].level = at->v[j].level;
      }
    }
    d.attrs = d.nattrs ? attr : NULL;
    d.skills = d.nskills ? sk : NULL;
    if (qm->nvip && rng_uniform(&m->rng) < qm->vip_share) {
      /* a known customer: the account manager first (known-agent hold),
       * then the queue's strategy */
      d.preferred_agent = s->agents[qm->vip_agents[c->customer %
                                                   (uint32_t)qm->nvip]].id;
      d.preferred_hold_ms = qm->vip_hold_ms;
      d.priority = qm->priority + qm->vip_priority_boost;
      c->vip = 1;
    }
  }
  double pat = qm->patience.mean > 0 ? dist_draw(&m->rng, &qm->patience) : 0;
  uint32_t gen = c->gen;
  if (qm->patience.mean > 0)
    heap_push(&m->heap, m->now + ns_of(pat) + 1, EV_ABANDON, (uint32_t)slot,
              0, gen);
  m->arriving = slot;
  m->arrived_closed = 0;
  sim_call(m, acdr_contact_arrive(m->e, &d, m->now), "arrive");
  m->arriving = -1;
  if (counted && m->arrived_closed) {
    m->counted--; /* --contacts counts contacts offered while open */
    m->counted_closed++;
  }
}

static void handle_end(sim *m, int32_t slot, const acdr_action *a) {
  sim_contact *c = &m->c[slot];
  const sim_scenario *s = m->s;
  const sim_queue_model *qm = &s->queues[c->queue];
  sim_result *r = m->r;
  double talk_s = 0, wrap_s = 0;
  int repeat = 0;
  if (c->state == C_WAITING) m->nwaiting--;
  if (c->closed && !c->answered &&
      (a->reason == ACDR_END_REJECTED || a->reason == ACDR_END_OVERFLOWED)) {
    /* arrived after hours: the engine played the closed message and
     * refused it (or sent it to the closed target outside the engine) */
    r->total.closed_all++;
    r->queue[c->queue].closed_all++;
    if (c->counted) {
      r->total.closed++;
      r->queue[c->queue].closed++;
    }
    goto release;
  }
  if (a->reason == ACDR_END_COMPLETED) {
    wrap_s = c->wrap_start ? s_of(m->now - c->wrap_start) : 0;
    talk_s = c->wrap_start ? s_of(c->wrap_start - c->answered) : 0;
    /* the customer comes back if the issue was not resolved */
    int resolved = c->code >= 0 && qm->codes[c->code].resolved;
    double p = resolved ? qm->repeat_resolved_share : qm->repeat_share;
    repeat = !s->mmn && p > 0 && rng_uniform(&m->rng) < p;
  } else if (a->reason == ACDR_END_ABANDONED && !s->mmn &&
             qm->retry_abandoned_share > 0) {
    repeat = rng_uniform(&m->rng) < qm->retry_abandoned_share;
  }
  if (repeat && !m->arrivals_done) {
    double d = dist_draw(&m->rng, &qm->repeat_delay);
    heap_push(&m->heap, m->now + ns_of(d), EV_ARRIVAL, c->queue,
              c->customer + 1, 0);
  }
  if (c->counted) {
    sim_interval *iv = interval_at(m, s_of(c->arrival));
    tally_end(&r->total, s, c, a);
    tally_end(&r->queue[c->queue], s, c, a);
    if (iv) tally_end(&iv->t, s, c, a);
    if (c->agent >= 0) tally_end(&r->agent[c->agent].t, s, c, a);
    if (a->reason == ACDR_END_COMPLETED) {
      int resolved = c->code >= 0 && qm->codes[c->code].resolved;
      sim_tally *ts[4] = {&r->total, &r->queue[c->queue], iv ? &iv->t : NULL,
                          c->agent >= 0 ? &r->agent[c->agent].t : NULL};
      for (int i = 0; i < 4; ++i) {
        if (!ts[i]) continue;
        tally_handled(ts[i], c, talk_s, wrap_s, repeat);
        if (resolved) {
          ts[i]->resolved++;
          if (c->first && !repeat) ts[i]->fcr++;
        }
      }
    }
    if (s->mmn) {
      sim_batch *b = &r->batch[c->batch];
      b->offered++;
      if (a->reason == ACDR_END_ABANDONED) {
        b->abandoned++;
        if (a->value_ms > 0) b->waited++;
      }
      if (c->answered) {
        uint64_t w = c->answered - c->arrival;
        b->answered++;
        b->wait_sum_s += s_of(w);
        if (w > 0) b->waited++;
        if (w <= (uint64_t)qm->sl_threshold_ms * ACDR_MILLISECONDS)
          b->within_t++;
      }
    }
  }
release:
  c->state = C_FREE;
  c->gen++;
  m->freel[m->nfree++] = (uint32_t)slot;
  m->live--;
}

static int pick_code(sim *m, const sim_queue_model *qm) {
  if (qm->ncodes == 0) return -1;
  double tot = 0, u;
  for (int i = 0; i < qm->ncodes; ++i) tot += qm->codes[i].share;
  u = rng_uniform(&m->rng) * tot;
  for (int i = 0; i < qm->ncodes; ++i) {
    u -= qm->codes[i].share;
    if (u <= 0) return i;
  }
  return qm->ncodes - 1;
}

static int on_action(acdr_engine *e, const acdr_action *a, void *user_data) {
  sim *m = user_data;
  (void)e;
  m->r->actions++;
  switch (a->type) {
  case ACDR_ACTION_AGENT_STATE: {
    int32_t i = agent_index(m, a->agent_id);
    if (i < 0) break;
    sim_agent_rt *ag = &m->ag[i];
    agent_account(m, (uint32_t)i);
    m->nbusy -= agent_counts_busy(ag);
    m->nstaffed -= agent_counts_staffed(ag);
    ag->status = a->reason;
    ag->activity = a->activity;
    m->nbusy += agent_counts_busy(ag);
    m->nstaffed += agent_counts_staffed(ag);
    break;
  }
  case ACDR_ACTION_OFFER: {
    int32_t i = agent_index(m, a->agent_id), slot = contact_slot(m, a->contact_id);
    if (i < 0 || slot < 0) break;
    const sim_agent_model *am = &m->s->agents[i];
    const sim_queue_model *qm = &m->s->queues[m->c[slot].queue];
    m->r->agent[i].offers++;
    if (am->answer_delay_hi <= 0) /* answer at once, from the callback */
      return sim_call(m, acdr_contact_accept(e, a->contact_id, a->agent_id,
                                             a->time),
                      "accept") < 0 && m->failed;
    if (am->miss_share > 0 && rng_uniform(&m->rng_agent) < am->miss_share)
      break; /* lets it ring; the engine's ring timeout takes it back */
    double d = am->answer_delay_lo +
               (am->answer_delay_hi - am->answer_delay_lo) *
                   rng_uniform(&m->rng_agent);
    if (qm->ring_timeout_ms > 0 && d * 1000.0 >= (double)qm->ring_timeout_ms)
      break;
    heap_push(&m->heap, m->now + ns_of(d), EV_ANSWER, (uint32_t)slot,
              (uint32_t)i, m->c[slot].gen);
    break;
  }
  case ACDR_ACTION_OFFER_CANCEL:
    if (a->reason == ACDR_CANCEL_NO_ANSWER) {
      int32_t i = agent_index(m, a->agent_id);
      if (i >= 0) m->r->agent[i].missed++;
    }
    break;
  case ACDR_ACTION_CONNECTED: {
    int32_t slot = contact_slot(m, a->contact_id);
    if (slot < 0) break;
    sim_contact *c = &m->c[slot];
    const sim_queue_model *qm = &m->s->queues[c->queue];
    if (c->state == C_WAITING) m->nwaiting--;
    c->state = C_TALK;
    c->answered = a->time;
    c->agent = agent_index(m, a->agent_id);
    double f = c->agent >= 0 ? m->s->agents[c->agent].aht_factor : 1.0;
    double h = dist_draw(&m->rng, &qm->handle) * (f > 0 ? f : 1.0);
    heap_push(&m->heap, m->now + ns_of(h) + 1, EV_HANGUP, (uint32_t)slot, 0,
              c->gen);
    break;
  }
  case ACDR_ACTION_WRAPUP: {
    int32_t slot = contact_slot(m, a->contact_id);
    if (slot < 0) break;
    sim_contact *c = &m->c[slot];
    const sim_queue_model *qm = &m->s->queues[c->queue];
    c->state = C_WRAP;
    c->wrap_start = a->time;
    c->code = pick_code(m, qm);
    /* the agent picks the disposition (re-entrant); a code the catalog
     * does not allow for this contact (too short a conversation, another
     * queue's code) is not offered to the agent: the next one in the
     * queue's list is taken, else none */
    for (int n = 0; c->code >= 0 && n < qm->ncodes; ++n) {
      int rv = acdr_dispo_set(e, a->contact_id, qm->codes[c->code].id, NULL,
                              0, a->time);
      m->r->engine_calls++;
      if (rv != ACDR_ERR_CODE_NOT_ALLOWED) {
        sim_call(m, rv, "disposition");
        break;
      }
      c->code = n + 1 < qm->ncodes ? (c->code + 1) % qm->ncodes : -1;
    }
    if (a->value_ms > 0 && qm->wrapup.mean > 0) {
      double w = dist_draw(&m->rng, &qm->wrapup);
      if (w * 1000.0 < (double)a->value_ms)
        heap_push(&m->heap, m->now + ns_of(w), EV_WRAPUP, (uint32_t)slot, 0,
                  c->gen);
    }
    break;
  }
  case ACDR_ACTION_ANNOUNCE:
    if (a->reason == ACDR_ANNOUNCE_CLOSED) {
      /* closed on arrival (not at closing time while waiting) */
      int32_t slot = contact_slot(m, a->contact_id);
      if (slot >= 0 && slot == m->arriving) {
        m->c[slot].closed = 1;
        m->arrived_closed = 1;
      }
    }
    break;
  case ACDR_ACTION_CONTACT_ENDED: {
    int32_t slot = contact_slot(m, a->contact_id);
    if (slot >= 0) handle_end(m, slot, a);
    break;
  }
  default:
    break;
  }
  return 0;
}

/* ------------------------------------------------------------------ */
/* Setup                                                                */

/* Metric settings, the disposition catalog of the scenario and business
 * hours: the library keeps the figures the report shows. */
static int setup_library(sim *m) {
  const sim_scenario *s = m->s;
  acdr_metrics_options mo;
  int rv;
  acdr_metrics_options_default(&mo);
  mo.bucket_ms = (int64_t)(s->interval_s * 1000.0);
  mo.max_buckets = 100000;
  if (s->engine_doc) {
    /* the document's metric settings, with buckets of one interval */
    if ((rv = acdr_engine_get_metrics_options(m->e, &mo)) < 0) return rv;
    mo.bucket_ms = (int64_t)(s->interval_s * 1000.0);
    mo.max_buckets = 100000;
  } else {
    mo.fcr_window_ms = s->fcr_window_ms > 0 ? s->fcr_window_ms
                                            : 86400000; /* one day */
  }
  if ((rv = acdr_engine_set_metrics_options(m->e, &mo)) < 0) {
    fprintf(stderr, "acdroute-sim: metrics options: %s\n",
            acdr_engine_last_error(m->e));
    return rv;
  }
  if (s->engine_doc) return 0; /* catalog and hours: the document's */
  /* one catalog entry per distinct code id of the scenario */
  acdr_dispo_code codes[64];
  size_t n = 0;
  for (size_t i = 0; i < s->nqueues; ++i)
    for (int k = 0; k < s->queues[i].ncodes; ++k) {
      const sim_code *c = &s->queues[i].codes[k];
      size_t j = 0;
      while (j < n && strcmp(codes[j].id, c->id) != 0) ++j;
      if (j < n || n == sizeof codes / sizeof codes[0]) continue;
      acdr_dispo_code_default(&codes[n]);
      codes[n].id = c->id;
      codes[n].label = c->name;
      codes[n].attrs = ACDR_DISPO_CONTACT_MADE |
                       (c->resolved ? ACDR_DISPO_RESOLVED | ACDR_DISPO_FINAL
                                    : ACDR_DISPO_FOLLOW_UP);
      n++;
    }
  if (n && (rv = acdr_dispo_catalog_set(m->e, codes, n)) < 0) {
    fprintf(stderr, "acdroute-sim: disposition catalog: %s\n",
            acdr_engine_last_error(m->e));
    return rv;
  }
  if (s->close_s > s->open_s) {
    acdr_interval iv = {(int32_t)(s->open_s / 60), (int32_t)(s->close_s / 60)};
    acdr_hours h;
    acdr_hours_default(&h);
    for (int d = ACDR_MONDAY; d <= ACDR_FRIDAY; ++d) {
      h.week[d].intervals = &iv;
      h.week[d].nintervals = 1;
    }
    h.closed_text = "We are open Monday to Friday, 08:00 to 20:00.";
    for (size_t i = 0; i < s->nqueues; ++i)
      if ((rv = acdr_queue_set_hours(m->e, s->queues[i].id, &h)) < 0) {
        fprintf(stderr, "acdroute-sim: hours: %s\n",
                acdr_engine_last_error(m->e));
        return rv;
      }
  }
  return 0;
}

/* Read the library's metrics before the engine goes away. */
static void fetch_metrics(sim *m) {
  const sim_scenario *s = m->s;
  sim_result *r = m->r;
  /* now + the FCR window: every window has passed, none is pending */
  acdr_metrics_options mo;
  acdr_tstamp now = acdr_engine_now(m->e) + 86400 * ACDR_SECONDS;
  int ok = 1;
  if (acdr_engine_get_metrics_options(m->e, &mo) == 0) {
    now = acdr_engine_now(m->e) +
          (acdr_tstamp)mo.fcr_window_ms * ACDR_MILLISECONDS;
    r->lib_excl_short = mo.abandon_excludes_short != 0;
  }
  r->lib_queue = calloc(s->nqueues ? s->nqueues : 1, sizeof(*r->lib_queue));
  r->lib_agent = calloc(s->nagents ? s->nagents : 1, sizeof(*r->lib_agent));
  r->lib_iv = calloc(r->niv ? r->niv : 1, sizeof(*r->lib_iv));
  if (!r->lib_queue || !r->lib_agent || !r->lib_iv) return;
  ok &= acdr_metrics_get_engine(m->e, 0, ACDR_TSTAMP_MAX, now,
                                &r->lib_total) == 0;
  for (size_t i = 0; i < s->nqueues; ++i)
    ok &= acdr_metrics_get_queue(m->e, s->queues[i].id, 0, ACDR_TSTAMP_MAX,
                                 now, &r->lib_queue[i]) == 0;
  for (size_t i = 0; i < s->nagents; ++i)
    ok &= acdr_metrics_get_agent(m->e, s->agents[i].id, 0, ACDR_TSTAMP_MAX,
                                 now, &r->lib_agent[i]) == 0;
  uint64_t step = ns_of(s->interval_s);
  for (size_t k = 0; k < r->niv; ++k)
    ok &= acdr_metrics_get_engine(m->e, k * step, (k + 1) * step, now,
                                  &r->lib_iv[k]) == 0;
  if (!ok)
    fprintf(stderr, "acdroute-sim: metrics: %s\n",
            acdr_engine_last_error(m->e));
  r->have_lib = ok;
}

static int setup_engine(sim *m) {
  const sim_scenario *s = m->s;
  acdr_callbacks cb = {on_action, NULL};
  acdr_options opt;
  acdr_options_default(&opt);
  opt.seed = s->seed;
  opt.unix_time_at_zero = s->unix_time_at_zero;
  int rv = acdr_engine_new(&m->e, &cb, &opt, m);
  if (rv < 0) {
    fprintf(stderr, "acdroute-sim: engine: %s\n", acdr_strerror(rv));
    return rv;
  }
  if (s->engine_doc) {
    /* --config: the document was validated when the file was loaded */
    rv = acdr_config_apply(m->e, s->engine_doc, strlen(s->engine_doc),
                           ACDR_RELOAD_REFUSE, 0);
    if (rv < 0) {
      fprintf(stderr, "acdroute-sim: %s: engine configuration: %s\n%s",
              s->source ? s->source : "?", acdr_strerror(rv),
              acdr_config_last_errors(m->e));
      return rv;
    }
    return setup_library(m);
  }
  for (size_t i = 0; i < s->nqueues; ++i) {
    const sim_queue_model *qm = &s->queues[i];
    acdr_queue_def q;
    acdr_queue_def_default(&q);
    q.id = qm->id;
    q.channel = qm->channel;
    q.strategy = m->o->strategy ? m->o->strategy
                                : (qm->strategy[0] ? qm->strategy : NULL);
    q.sl_threshold_ms = qm->sl_threshold_ms;
    q.ring_timeout_ms = qm->ring_timeout_ms;
    q.wrapup_ms = qm->wrapup_cap_ms;
    q.weight = qm->weight;
    if (qm->known_agent_hold_ms > 0)
      q.known_agent_hold_ms = qm->known_agent_hold_ms;
    rv = acdr_queue_add(m->e, &q);
    if (rv == ACDR_ERR_UNKNOWN_STRATEGY && !m->o->strategy) {
      /* a strategy this build lacks: fall back to the default */
      if (!m->o->quiet)
        fprintf(stderr, "acdroute-sim: queue %s: strategy \"%s\" unknown, "
                        "using the default\n", qm->id, q.strategy);
      q.strategy = NULL;
      rv = acdr_queue_add(m->e, &q);
    }
    if (rv < 0) {
      fprintf(stderr, "acdroute-sim: queue %s: %s (%s)\n", qm->id,
              acdr_strerror(rv), acdr_engine_last_error(m->e));
      return rv;
    }
  }
  if ((rv = setup_library(m)) < 0) return rv;
  for (size_t i = 0; i < s->nagents; ++i) {
    const sim_agent_model *am = &s->agents[i];
    acdr_agent_def d;
    acdr_agent_def_default(&d);
    d.id = am->id;
    d.name = am->name[0] ? am->name : NULL;
    memcpy(d.capacity, am->capacity, sizeof d.capacity);
    d.skills = am->skills;
    d.nskills = (size_t)am->nskills;
    if ((rv = acdr_agent_add(m->e, &d)) < 0) {
      fprintf(stderr, "acdroute-sim: agent %s: %s (%s)\n", am->id,
              acdr_strerror(rv), acdr_engine_last_error(m->e));
      return rv;
    }
  }
  for (size_t i = 0; i < s->nmembers; ++i) {
    const sim_member_model *mm = &s->members[i];
    rv = acdr_queue_member_add(m->e, s->queues[mm->queue].id,
                               s->agents[mm->agent].id, mm->penalty,
                               (int32_t)mm->agent, 0);
    if (rv < 0) {
      fprintf(stderr, "acdroute-sim: member: %s (%s)\n", acdr_strerror(rv),
              acdr_engine_last_error(m->e));
      return rv;
    }
  }
  return 0;
}

/* Shift events: b = 0 login, 1 logout, 2+2k break k starts, 3+2k ends. */
static void schedule_shifts(sim *m) {
  int days = m->s->days > 1 ? m->s->days : 1;
  for (int day = 0; day < days; ++day) {
    double d0 = 86400.0 * day;
    for (uint32_t i = 0; i < m->s->nagents; ++i) {
      const sim_agent_model *am = &m->s->agents[i];
      if (am->off) continue;
      /* without a shift end the agent stays logged in: one login only */
      if (am->shift_end_s <= am->shift_start_s && day > 0) continue;
      heap_push(&m->heap, ns_of(d0 + am->shift_start_s), EV_SHIFT, i, 0, 0);
      if (am->shift_end_s > am->shift_start_s)
        heap_push(&m->heap, ns_of(d0 + am->shift_end_s), EV_SHIFT, i, 1, 0);
      for (int k = 0; k < am->nbreaks; ++k) {
        const sim_break *b = &am->breaks[k];
        heap_push(&m->heap, ns_of(d0 + b->start_s), EV_SHIFT, i,
                  2 + 2 * (uint32_t)k, 0);
        heap_push(&m->heap, ns_of(d0 + b->start_s + b->len_s), EV_SHIFT, i,
                  3 + 2 * (uint32_t)k, 0);
      }
    }
  }
}

static void shift_event(sim *m, const sim_event *ev) {
  const sim_agent_model *am = &m->s->agents[ev->a];
  const sim_agent_rt *rt = &m->ag[ev->a];
  if (ev->b == 0) {
    sim_call(m, acdr_agent_login(m->e, am->id, m->now), "login");
  } else if (ev->b == 1) {
    if (rt->status != ACDR_AGENT_LOGGED_OUT)
      sim_call(m, acdr_agent_logout(m->e, am->id, m->now), "logout");
  } else if (rt->status != ACDR_AGENT_LOGGED_OUT) {
    uint32_t k = (ev->b - 2) / 2;
    int start = (ev->b - 2) % 2 == 0;
    sim_call(m, acdr_agent_set_status(
                    m->e, am->id,
                    start ? ACDR_AGENT_AWAY : ACDR_AGENT_AVAILABLE,
                    start ? am->breaks[k].reason : NULL, m->now),
             "status");
  }
}

static void progress(sim *m, int final) {
  if (m->o->quiet) return;
  double t = s_of(m->now);
  if (m->s->mmn)
    fprintf(stderr, "\racdroute-sim: %" PRIu64 " contacts, simulated %.0f h",
            m->counted, t / 3600.0);
  else
    fprintf(stderr, "\racdroute-sim: day %d %02d:%02d, %" PRIu64 " contacts",
            (int)(t / 86400) + 1, (int)fmod(t / 3600, 24),
            (int)fmod(t / 60, 60), m->counted);
  if (final) fputc('\n', stderr);
}

int sim_run(const sim_scenario *s, const sim_options *o, sim_result *r) {
  sim m;
  int rv = 0;
  clock_t c0 = clock();
  memset(&m, 0, sizeof m);
  memset(r, 0, sizeof *r);
  m.s = s;
  m.o = o;
  m.r = r;
  m.arriving = -1;
  rng_seed(&m.rng, s->seed);
  rng_seed(&m.rng_agent, s->seed ^ 0x5eed5eed5eedULL);
  r->queue = calloc(s->nqueues ? s->nqueues : 1, sizeof(*r->queue));
  r->agent = calloc(s->nagents ? s->nagents : 1, sizeof(*r->agent));
  m.ag = calloc(s->nagents ? s->nagents : 1, sizeof(*m.ag));
  if (!r->queue || !r->agent || !m.ag || map_build(&m) != 0) {
    rv = -1;
    goto out;
  }
  if ((rv = setup_engine(&m)) < 0) goto out;
  schedule_shifts(&m);
  for (uint32_t q = 0; q < s->nqueues; ++q) {
    uint64_t t0 = ns_of(s->start_s);
    uint64_t t = next_arrival(&m, q, t0);
    if (t) {
      heap_push(&m.heap, t, EV_ARRIVAL, q, 0, 0);
      m.streams_active++;
    }
  }
  if (!m.streams_active) m.arrivals_done = 1;

  uint64_t nev = 0, next_progress = 1u << 16;
  int is_tty = isatty(2);
  for (;;) {
    acdr_tstamp te = acdr_engine_get_expiry(m.e);
    uint64_t th = m.heap.n ? m.heap.v[0].t : UINT64_MAX;
    if (m.failed) break;
    if ((m.arrivals_done || !m.streams_active) && m.live == 0) {
      if (!m.arrivals_done) {
        m.arrivals_done = 1;
        if (!m.measure_end) m.measure_end = m.now;
      }
      /* keep shift events (logouts) so agent times close properly */
      if (th == UINT64_MAX && te == ACDR_TSTAMP_MAX) break;
    }
    if (te == ACDR_TSTAMP_MAX && th == UINT64_MAX) break;
    if (te <= th) {
      advance(&m, te < m.now ? m.now : te);
      sim_call(&m, acdr_engine_handle_expiry(m.e, m.now), "expiry");
    } else {
      sim_event ev;
      heap_pop(&m.heap, &ev);
      advance(&m, ev.t);
      switch (ev.type) {
      case EV_ARRIVAL:
        arrival(&m, ev.a, ev.b);
        break;
      default:
        break;
      }
      if (ev.type == EV_ABANDON || ev.type == EV_ANSWER ||
          ev.type == EV_HANGUP || ev.type == EV_WRAPUP) {
        char id[24];
        if (ev.a >= m.nc || m.c[ev.a].gen != ev.gen) goto next;
        snprintf(id, sizeof id, "c%" PRIu32, ev.a);
        if (ev.type == EV_ABANDON && m.c[ev.a].state == C_WAITING)
          sim_call(&m, acdr_contact_hangup(m.e, id, m.now), "abandon");
        else if (ev.type == EV_ANSWER && m.c[ev.a].state == C_WAITING)
          sim_call(&m, acdr_contact_accept(m.e, id, s->agents[ev.b].id,
                                           m.now), "accept");
        else if (ev.type == EV_HANGUP && m.c[ev.a].state == C_TALK)
          sim_call(&m, acdr_contact_hangup(m.e, id, m.now), "hangup");
        else if (ev.type == EV_WRAPUP && m.c[ev.a].state == C_WRAP)
          sim_call(&m, acdr_contact_wrapup_done(m.e, id, m.now), "wrapup");
      } else if (ev.type == EV_SHIFT) {
        shift_event(&m, &ev);
      }
    }
  next:
    if (++nev >= next_progress) {
      next_progress += 1u << 16;
      if (is_tty) progress(&m, 0);
      if (o->check && acdr_engine_check(m.e) != 0) {
        fprintf(stderr, "acdroute-sim: invariant: %s\n",
                acdr_engine_last_error(m.e));
        m.failed = 1;
      }
    }
  }
  if (!m.measure_end) m.measure_end = m.now;
  for (uint32_t i = 0; i < s->nagents; ++i) agent_account(&m, i);
  if (o->check && acdr_engine_check(m.e) != 0) {
    fprintf(stderr, "acdroute-sim: invariant: %s\n",
            acdr_engine_last_error(m.e));
    m.failed = 1;
  }
  progress(&m, 1);
  r->events = nev;
  r->measure_start_s = s_of(m.measure_start);
  r->measure_end_s = s_of(m.measure_end);
  {
    acdr_engine_counts n;
    if (acdr_engine_get_counts(m.e, &n) == 0) {
      r->engine_arrived = n.contacts_arrived;
      r->engine_ended = n.contacts_ended;
    }
  }
  r->arrivals = m.counted + m.counted_closed;
  for (uint32_t i = 0; i < m.nc; ++i)
    if (m.c[i].state != C_FREE && m.c[i].counted) r->unfinished++;
  if (m.live && !o->quiet)
    fprintf(stderr, "acdroute-sim: %" PRIu32 " contacts still live at the "
                    "end (nobody left to serve them)\n", m.live);
  fetch_metrics(&m);
  rv = m.failed ? -1 : 0;
out:
  r->cpu_s = (double)(clock() - c0) / CLOCKS_PER_SEC;
  acdr_engine_del(m.e);
  heap_free(&m.heap);
  free(m.c);
  free(m.freel);
  free(m.ag);
  free(m.amap);
  if (rv == 0) stats_finish(s, r);
  return rv;
}

void result_free(sim_result *r) {
  free(r->queue);
  free(r->agent);
  free(r->iv);
  free(r->lib_queue);
  free(r->lib_agent);
  free(r->lib_iv);
  memset(r, 0, sizeof *r);
}
