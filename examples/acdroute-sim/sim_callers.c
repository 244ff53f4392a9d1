/* SPDX-License-Identifier: MIT */
/* acdroute-sim: callers: contact slots, arrivals, repeat contacts, the end
 * of a contact and its tallies. */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* Contact ids are "c<slot>"; a slot is reused once its contact ended (the
 * engine wants ids unique among live contacts only). */
int32_t contact_slot(const sim *m, const char *id) {
  if (!id || id[0] != 'c') return -1;
  char *end;
  unsigned long v = strtoul(id + 1, &end, 10);
  if (*end || v >= m->nc || m->c[v].state == C_FREE) return -1;
  return (int32_t)v;
}

/* ------------------------------------------------------------------ */
/* Tallies                                                              */

/* One ended (reason) or unfinished (reason ACDR_END_NONE) contact into a
 * tally.  Waits count from t0: its arrival for the total, intervals and
 * agents; its entry into the queue for a queue row (as the library's
 * queue metrics).  T is the threshold of the queue it is in. */
static void tally_end(sim_tally *t, const sim_contact *c, int reason,
                      uint64_t t0, uint64_t now, int64_t t_ms) {
  uint64_t tns = (uint64_t)t_ms * ACDR_MILLISECONDS;
  t->offered++;
  if (c->answered) {
    uint64_t w = c->answered > t0 ? c->answered - t0 : 0;
    t->answered++;
    t->wait_sum_s += s_of(w);
    if (w > 0) t->waited++;
    if (w <= tns) t->within_t++;
    if (s_of(w) > t->max_wait_s) t->max_wait_s = s_of(w);
    return;
  }
  uint64_t w = now > t0 ? now - t0 : 0;
  double wait_s = s_of(w);
  if (wait_s > t->max_wait_s) t->max_wait_s = wait_s;
  switch (reason) {
  case ACDR_END_NONE:
    t->unfinished++;
    break;
  case ACDR_END_ABANDONED:
    t->abandoned++;
    t->abandon_wait_sum_s += wait_s;
    if (wait_s < 5.0) t->short_abandoned++; /* the library's default */
    if (w <= tns) t->abandoned_in_t++;
    if (w > 0) t->waited++;
    break;
  default: {
    /* the other end reasons: one counter each */
    uint64_t *n = reason == ACDR_END_OVERFLOWED    ? &t->overflowed
                  : reason == ACDR_END_REJECTED    ? &t->rejected
                  : reason == ACDR_END_TIMED_OUT   ? &t->timed_out
                  : reason == ACDR_END_CALLBACK    ? &t->callbacks
                  : reason == ACDR_END_TRANSFERRED ? &t->transferred
                                                   : &t->other;
    (*n)++;
    break;
  }
  }
}

/* A contact's end (or the end of the run) into every tally it belongs
 * to: the queue it is in, the total, its arrival interval, its agent;
 * the warm-up-inclusive tallies always. */
static void tally_contact(sim *m, const sim_contact *c, int reason) {
  const sim_scenario *s = m->s;
  sim_result *r = m->r;
  int64_t t_ms = s->queues[c->inq].sl_threshold_ms;
  sim_tally *q = &r->queue[c->inq], *qa = &r->all_queue[c->inq];
  tally_end(qa, c, reason, c->entered, m->now, t_ms);
  tally_end(&r->all_total, c, reason, c->arrival, m->now, t_ms);
  if (c->moved) qa->overflow_in++;
  if (!c->counted) return;
  /* (the queue's interval first: it may grow the arrays) */
  sim_tally *qi = queue_interval_at(m, c->inq, s_of(c->entered));
  sim_interval *iv = interval_at(m, s_of(c->arrival));
  tally_end(q, c, reason, c->entered, m->now, t_ms);
  if (c->moved) q->overflow_in++;
  if (qi) {
    tally_end(qi, c, reason, c->entered, m->now, t_ms);
    if (c->moved) qi->overflow_in++;
  }
  tally_end(&r->total, c, reason, c->arrival, m->now, t_ms);
  if (iv) tally_end(&iv->t, c, reason, c->arrival, m->now, t_ms);
  if (c->agent >= 0)
    tally_end(&r->agent[c->agent].t, c, reason, c->arrival, m->now, t_ms);
}

void handle_requeue(sim *m, int32_t slot, const char *queue_id) {
  sim_contact *c = &m->c[slot];
  const sim_scenario *s = m->s;
  uint32_t to = 0;
  while (to < s->nqueues && strcmp(s->queues[to].id, queue_id) != 0) ++to;
  if (to == s->nqueues || to == c->inq) return;
  /* an outcome of the queue it leaves: overflowed out (the total does
   * not see it: the customer is still in line) */
  int64_t t_ms = s->queues[c->inq].sl_threshold_ms;
  tally_end(&m->r->all_queue[c->inq], c, ACDR_END_OVERFLOWED, c->entered,
            m->now, t_ms);
  if (c->moved) m->r->all_queue[c->inq].overflow_in++;
  if (c->counted) {
    sim_tally *q = &m->r->queue[c->inq];
    sim_tally *qi = queue_interval_at(m, c->inq, s_of(c->entered));
    tally_end(q, c, ACDR_END_OVERFLOWED, c->entered, m->now, t_ms);
    if (c->moved) q->overflow_in++;
    if (qi) {
      tally_end(qi, c, ACDR_END_OVERFLOWED, c->entered, m->now, t_ms);
      if (c->moved) qi->overflow_in++;
    }
  }
  c->inq = to;
  c->entered = m->now;
  c->moved = 1;
}

void tally_unfinished(sim *m) {
  for (uint32_t i = 0; i < m->nc; ++i)
    if (m->c[i].state != C_FREE) tally_contact(m, &m->c[i], ACDR_END_NONE);
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
uint64_t next_arrival(sim *m, uint32_t q, uint64_t t) {
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

void arrival(sim *m, uint32_t q, uint32_t customer_plus1) {
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
  c->inq = q;
  c->moved = 0;
  c->agent = -1;
  c->code = -1;
  c->first = (uint8_t)fresh;
  c->vip = 0;
  c->closed = 0;
  c->counted = (uint8_t)counted;
  c->arrival = m->now;
  c->entered = m->now;
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

void handle_end(sim *m, int32_t slot, const acdr_action *a) {
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
    sim_tally *ts[4] = {&r->all_total, &r->all_queue[c->inq],
                        c->counted ? &r->total : NULL,
                        c->counted ? &r->queue[c->inq] : NULL};
    for (int i = 0; i < 4; ++i)
      if (ts[i]) {
        ts[i]->offered++; /* closed is one of the outcomes of offered */
        ts[i]->closed++;
      }
    r->total.closed_all++;
    r->queue[c->inq].closed_all++;
    if (c->counted) {
      sim_tally *qi = queue_interval_at(m, c->inq, s_of(c->entered));
      sim_interval *iv = interval_at(m, s_of(c->arrival));
      if (iv) {
        iv->t.offered++;
        iv->t.closed++;
      }
      if (qi) {
        qi->offered++;
        qi->closed++;
      }
    }
    goto release;
  }
  if (a->reason == ACDR_END_COMPLETED) {
    wrap_s = c->wrap_start ? s_of(m->now - c->wrap_start) : 0;
    talk_s = c->wrap_start ? s_of(c->wrap_start - c->answered) : 0;
    /* the customer comes back if the issue was not resolved */
    int resolved = c->code >= 0 && s->queues[c->inq].codes[c->code].resolved;
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
  tally_contact(m, c, a->reason);
  if (c->counted) {
    sim_interval *iv = interval_at(m, s_of(c->arrival));
    if (a->reason == ACDR_END_COMPLETED) {
      int resolved = c->code >= 0 && s->queues[c->inq].codes[c->code].resolved;
      sim_tally *ts[4] = {&r->total, &r->queue[c->inq], iv ? &iv->t : NULL,
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
