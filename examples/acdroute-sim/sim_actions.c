/* SPDX-License-Identifier: MIT */
/* acdroute-sim: the engine's action callback (agents' states, offers,
 * conversations, wrap-up, ends) and the agent id map. */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

/* ------------------------------------------------------------------ */
/* Agent id -> index (open addressing, FNV-1a)                         */

static uint32_t hash_str(const char *k) {
  uint32_t h = 2166136261u;
  for (; *k; ++k) h = (h ^ (uint8_t)*k) * 16777619u;
  return h;
}

int map_build(sim *m) {
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

int32_t agent_index(const sim *m, const char *id) {
  if (!id) return -1;
  uint32_t h = hash_str(id) & m->amask;
  while (m->amap[h].key) {
    if (strcmp(m->amap[h].key, id) == 0) return (int32_t)m->amap[h].val;
    h = (h + 1) & m->amask;
  }
  return -1;
}

static int agent_counts_busy(const sim_agent_rt *a) {
  return a->activity != ACDR_ACTIVITY_IDLE;
}

static int agent_counts_staffed(const sim_agent_rt *a) {
  return a->status != ACDR_AGENT_LOGGED_OUT ||
         a->activity != ACDR_ACTIVITY_IDLE;
}

/* The live contact an action names (its slot into *slot), else NULL. */
static sim_contact *action_contact(sim *m, const acdr_action *a,
                                   int32_t *slot) {
  *slot = contact_slot(m, a->contact_id);
  return *slot >= 0 ? &m->c[*slot] : NULL;
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

int on_action(acdr_engine *e, const acdr_action *a, void *user_data) {
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
    const sim_queue_model *qm = &m->s->queues[m->c[slot].inq];
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
    int32_t slot;
    sim_contact *c = action_contact(m, a, &slot);
    if (!c) break;
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
    int32_t slot;
    sim_contact *c = action_contact(m, a, &slot);
    if (!c) break;
    /* the queue it was answered in: its codes */
    const sim_queue_model *qm = &m->s->queues[c->inq];
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
  case ACDR_ACTION_OVERFLOW: {
    /* a contact that passes through a refusing queue (closed, full) on
     * its way gets no REQUEUED: it leaves from queue_id.  On arrival the
     * library counts it in that queue only; later, as a move. */
    int32_t slot = contact_slot(m, a->contact_id);
    if (slot < 0 || !a->queue_id) break;
    if (slot == m->arriving) {
      for (uint32_t q = 0; q < m->s->nqueues; ++q)
        if (!strcmp(m->s->queues[q].id, a->queue_id)) m->c[slot].inq = q;
    } else {
      handle_requeue(m, slot, a->queue_id);
    }
    break;
  }
  case ACDR_ACTION_REQUEUED: {
    int32_t slot = contact_slot(m, a->contact_id);
    if (slot >= 0 && a->queue_id) handle_requeue(m, slot, a->queue_id);
    break;
  }
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
