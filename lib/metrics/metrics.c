/* SPDX-License-Identifier: MIT */
/* Recording: the hooks the core calls (lib/core/hooks.h).  Each event
 * updates a fixed set of records (engine, channel, queue, agent, code),
 * each in its lifetime counters and in the bucket of `now`: O(1).
 *
 * Outcomes are taken from ACDR_HOOK_ENDED's end_reason, which every
 * terminal path goes through (the policies end contacts with TIMED_OUT,
 * OVERFLOWED, REJECTED without other hooks). */
#include <string.h>

#include "core/internal.h"
#include "metrics/metrics_int.h"

int acdr_metrics_init(acdr_engine *e) {
  acdr_metrics_state *m;
  int ch;
  m = acdr_mem_calloc(&e->mem, 1, sizeof(*m));
  if (!m) return acdr_err(e, ACDR_ERR_NOMEM, "out of memory (metrics)");
  acdr_metrics_options_default(&m->opt);
  acdr_metrics_derive(m, e->now);
  acdr_mrec_init(&m->engine, ACDR_MREC_ENGINE);
  for (ch = 0; ch < ACDR_CHANNEL_COUNT; ch++)
    acdr_mrec_init(&m->channel[ch], ACDR_MREC_CHANNEL);
  acdr_map_init(&m->codes);
  acdr_ms_set(e, m);
  m->first_bucket = acdr_bucket_of(m, e->now);
  return 0;
}

void acdr_metrics_free(acdr_engine *e) {
  acdr_metrics_state *m = acdr_ms(e);
  size_t i;
  const char *k;
  void *v;
  int ch;
  if (!m) return;
  acdr_fcr_free_all(e);
  for (i = 0; acdr_map_next(&m->codes, &i, &k, &v);) acdr_mrec_unref(e, v);
  acdr_map_free(&m->codes, &e->mem);
  acdr_mrec_fini(e, &m->engine);
  for (ch = 0; ch < ACDR_CHANNEL_COUNT; ch++)
    acdr_mrec_fini(e, &m->channel[ch]);
  acdr_mem_free(&e->mem, m);
  acdr_ms_set(e, NULL);
}

acdr_mrec *acdr_metrics_queue_rec(acdr_engine *e, acdr_queue *q) {
  if (!q) return NULL;
  if (!q->metrics && !(q->metrics = acdr_mrec_new(e, ACDR_MREC_QUEUE)))
    acdr_ms(e)->dropped++;
  return q->metrics;
}

acdr_mrec *acdr_metrics_agent_rec(acdr_engine *e, acdr_agent *a) {
  acdr_mrec *r;
  if (!a) return NULL;
  if (a->metrics) return a->metrics;
  if (!(r = acdr_mrec_new(e, ACDR_MREC_AGENT))) {
    acdr_ms(e)->dropped++;
    return NULL;
  }
  /* created on the agent's first event: the period so far is the one
   * acdr_agent_add started (logged out) unless the core says otherwise */
  r->st = a->acct_status >= 0 ? a->acct_status : a->status;
  r->act = a->acct_activity;
  a->metrics = r;
  return r;
}

acdr_mrec *acdr_metrics_code_rec(acdr_engine *e, const char *code,
                                 int create) {
  acdr_metrics_state *m = acdr_ms(e);
  acdr_mrec *r = acdr_map_get(&m->codes, code);
  if (r || !create) return r;
  if (!(r = acdr_mrec_new(e, ACDR_MREC_CODE)) ||
      !(r->code = acdr_mem_strdup(&e->mem, code)) ||
      acdr_map_put(&m->codes, &e->mem, r->code, r) != 0) {
    acdr_mrec_unref(e, r);
    m->dropped++;
    return NULL;
  }
  return r;
}

/* Detach the record of a queue or agent being freed (*slot): it is marked
 * dead and released; what still refers to it keeps it until then. */
static void mrec_detach(acdr_engine *e, void **slot) {
  acdr_mrec *r = *slot;
  if (!r) return;
  r->dead = 1;
  *slot = NULL;
  acdr_mrec_unref(e, r);
}

void acdr_metrics_queue_free(acdr_engine *e, acdr_queue *q) {
  mrec_detach(e, &q->metrics);
}

void acdr_metrics_agent_free(acdr_engine *e, acdr_agent *a) {
  mrec_detach(e, &a->metrics);
}

/* ---- applying one change to a set of records ---- */

#define NREC 5
typedef struct recset {
  acdr_engine *e;
  acdr_mrec *r[NREC];   /* lifetime counters: r[i]->life */
  acdr_mslot *s[NREC];  /* r[i]'s current bucket, or NULL */
  size_t n;
} recset;
#define RS(e) {(e), {NULL}, {NULL}, 0}

/* The metric state m is passed down from the hook: looked up once. */
static void rs_add(acdr_engine *e, acdr_metrics_state *m, recset *s,
                   acdr_mrec *r) {
  if (!r) return;
  s->r[s->n] = r;
  s->s[s->n++] = acdr_mrec_bucket(e, m, r, acdr_bucket_now(m, e->now), 1);
}

/* off: the field's index in acdr_mcount; pos: its place in a slot, both
 * constants at the call (RS_INC, RS_MAX, INC) */
static void rs_inc(recset *s, size_t off, int pos, uint64_t v) {
  size_t i;
  for (i = 0; i < s->n; i++) {
    acdr_mc_vals(&s->r[i]->life)[off] += v;
    if (s->s[i]) acdr_mslot_add_at(s->e, s->r[i], s->s[i], pos, v);
  }
}

static void rs_max(recset *s, size_t off, int pos, uint64_t v) {
  size_t i;
  for (i = 0; i < s->n; i++) {
    uint64_t *p = &acdr_mc_vals(&s->r[i]->life)[off];
    if (v > *p) *p = v;
    if (s->s[i]) acdr_mslot_max_at(s->e, s->r[i], s->s[i], pos, v);
  }
}

#define RS_INC(s, f, v) rs_inc((s), ACDR_MC_OFF(f), ACDR_MC_POS(f), (v))
#define RS_MAX(s, f, v) rs_max((s), ACDR_MC_OFF(f), ACDR_MC_POS(f), (v))
#define INC(s, f) RS_INC(s, f, 1)

static void rs_channel_engine(acdr_engine *e, acdr_metrics_state *m,
                              recset *s, acdr_contact *c) {
  rs_add(e, m, s, &m->engine);
  if (c->channel >= 0 && c->channel < ACDR_CHANNEL_COUNT)
    rs_add(e, m, s, &m->channel[c->channel]);
}

static acdr_tstamp since(const acdr_engine *e, acdr_tstamp t) {
  return e->now > t ? e->now - t : 0;
}

/* Answered: wait measured from entering the queue (queue, agent) and from
 * arrival at the first answer (engine, channel). */
static void on_answered(acdr_engine *e, acdr_metrics_state *m,
                        acdr_contact *c, acdr_agent *a) {
  recset s = RS(e);
  acdr_queue *q = c->queue;
  acdr_tstamp t = (acdr_tstamp)q->def.sl_threshold_ms * ACDR_MILLISECONDS;
  acdr_tstamp w = since(e, c->enqueued);
  if (c->outbound) {
    /* the agent took an outbound contact: no inbound wait, no SL */
    c->metrics_flags |= ACDR_MF_ANSWERED;
    return;
  }
  rs_add(e, m, &s, acdr_metrics_queue_rec(e, q));
  rs_add(e, m, &s, acdr_metrics_agent_rec(e, a));
  INC(&s, answered);
  if (w <= t) INC(&s, answered_in_sl);
  RS_INC(&s, wait_answered_ns, w);
  RS_MAX(&s, longest_wait_ns, w);
  s.n = 0;
  rs_add(e, m, &s, acdr_metrics_agent_rec(e, a));
  INC(&s, offered); /* an agent's offered = answered + missed */
  if (c->metrics_flags & ACDR_MF_ANSWERED) return;
  c->metrics_flags |= ACDR_MF_ANSWERED;
  /* after hours: apart at the engine and channel level (an open queue it
   * was sent on to counted it above) */
  if (c->metrics_flags & ACDR_MF_AFTER_HOURS) return;
  w = since(e, c->arrival);
  s.n = 0;
  rs_channel_engine(e, m, &s, c);
  INC(&s, answered);
  if (w <= t) INC(&s, answered_in_sl);
  RS_INC(&s, wait_answered_ns, w);
  RS_MAX(&s, longest_wait_ns, w);
}

/* First reply: the first-response time from entering the queue (queue,
 * agent) and from arrival (engine, channel), as waits are measured. */
static void on_replied(acdr_engine *e, acdr_metrics_state *m,
                       acdr_contact *c, acdr_agent *a) {
  recset s = RS(e);
  acdr_tstamp t = (acdr_tstamp)c->queue->def.reply_target_ms *
                  ACDR_MILLISECONDS;
  acdr_tstamp w = since(e, c->enqueued);
  rs_add(e, m, &s, acdr_metrics_queue_rec(e, c->queue));
  rs_add(e, m, &s, acdr_metrics_agent_rec(e, a));
  INC(&s, replied);
  if (w <= t) INC(&s, replied_in_target);
  RS_INC(&s, first_reply_ns, w);
  s.n = 0;
  w = since(e, c->arrival);
  rs_channel_engine(e, m, &s, c);
  INC(&s, replied);
  if (w <= t) INC(&s, replied_in_target);
  RS_INC(&s, first_reply_ns, w);
}

/* One conversation (leg) ended: talk, hold, wrap-up. */
static void record_leg(recset *s, acdr_contact *c,
                       acdr_tstamp talk_end, acdr_tstamp wrap) {
  acdr_tstamp talk = talk_end > c->talk_start ? talk_end - c->talk_start : 0;
  talk = talk > acdr_contact_hold_ns(c) ? talk - acdr_contact_hold_ns(c) : 0;
  INC(s, handled);
  RS_INC(s, talk_ns, talk);
  RS_INC(s, hold_ns, acdr_contact_hold_ns(c));
  RS_INC(s, wrapup_ns, wrap);
}

static void on_abandoned(recset *s, acdr_contact *c, acdr_tstamp w) {
  acdr_queue *q = c->queue;
  if (q && w < (acdr_tstamp)q->def.short_abandon_ms * ACDR_MILLISECONDS)
    INC(s, abandoned_short);
  if (q && w <= (acdr_tstamp)q->def.sl_threshold_ms * ACDR_MILLISECONDS)
    INC(s, abandoned_in_sl);
  INC(s, abandoned);
}

static void on_ended(acdr_engine *e, acdr_metrics_state *m, acdr_contact *c,
                     acdr_agent *a, const acdr_disp_summary *d) {
  recset q = RS(e), ce = RS(e), all = RS(e);
  int resolved = 0;
  acdr_tstamp wq = since(e, c->enqueued), we = since(e, c->arrival);
  uint32_t f = c->metrics_flags;
  size_t i;
  /* after hours: the closed queue and the engine counted after_hours
   * only; a queue it entered since (QUEUED) counts its outcome */
  if (!(f & ACDR_MF_AFTER_HOURS) || (f & ACDR_MF_QUEUED))
    rs_add(e, m, &q, acdr_metrics_queue_rec(e, c->queue));
  if (!(f & ACDR_MF_AFTER_HOURS)) rs_channel_engine(e, m, &ce, c);
  rs_add(e, m, &all, acdr_metrics_queue_rec(e, c->queue));
  rs_add(e, m, &all, acdr_metrics_agent_rec(e, a));
  rs_channel_engine(e, m, &all, c);
  /* refused or overflowed on arrival: offered to the queue all the same */
  if (!(f & ACDR_MF_QUEUED) && !c->outbound) INC(&q, offered); /* q may
                                                  be empty: after hours */
  /* outbound: only the conversation and its dispositions count, none of
   * the inbound outcomes (abandon, timeout...) */
  switch (c->outbound && c->end_reason != ACDR_END_COMPLETED
              ? -1
              : c->end_reason) {
    case ACDR_END_COMPLETED: {
      recset h = RS(e);
      rs_add(e, m, &h, acdr_metrics_queue_rec(e, c->queue));
      rs_add(e, m, &h, acdr_metrics_agent_rec(e, a));
      rs_channel_engine(e, m, &h, c);
      if (c->talk_end) record_leg(&h, c, c->talk_end, since(e, c->talk_end));
      break;
    }
    case ACDR_END_ABANDONED:
      on_abandoned(&q, c, wq);
      RS_MAX(&q, longest_wait_ns, wq);
      if (!(f & ACDR_MF_ANSWERED)) {
        on_abandoned(&ce, c, we);
        RS_MAX(&ce, longest_wait_ns, we);
      }
      break;
    case ACDR_END_TIMED_OUT:
      INC(&q, timed_out);
      INC(&ce, timed_out);
      RS_MAX(&q, longest_wait_ns, wq);
      RS_MAX(&ce, longest_wait_ns, we);
      break;
    case ACDR_END_OVERFLOWED:
      if (!(f & ACDR_MF_OVERFLOW)) INC(&q, overflowed);
      INC(&ce, overflowed);
      RS_MAX(&q, longest_wait_ns, wq);
      RS_MAX(&ce, longest_wait_ns, we);
      break;
    case ACDR_END_TRANSFERRED:
      INC(&all, transferred);
      break;
    case ACDR_END_CALLBACK:
      if (!(f & ACDR_MF_CALLBACK)) {
        INC(&q, callbacks);
        INC(&ce, callbacks);
      }
      break;
    case ACDR_END_REJECTED:
      INC(&q, rejected);
      INC(&ce, rejected);
      break;
    default:
      break;
  }
  if (d) {
    recset cs = RS(e);
    resolved = !c->outbound && (d->attrs & ACDR_DISPO_RESOLVED) != 0;
    rs_add(e, m, &cs, acdr_metrics_code_rec(e, d->primary, 1));
    for (i = 0; i < cs.n; i++) {
      all.r[all.n + i] = cs.r[i];
      all.s[all.n + i] = cs.s[i];
    }
    all.n += cs.n;
    INC(&all, dispositioned);
    if (resolved) INC(&all, resolved);
    if (d->attrs & ACDR_DISPO_SUCCESS) INC(&all, success);
    if (d->attrs & ACDR_DISPO_CONTACT_MADE) INC(&all, contact_made);
    if (c->end_reason == ACDR_END_COMPLETED && c->talk_end)
      record_leg(&cs, c, c->talk_end, since(e, c->talk_end));
    for (i = 0; i < d->ntags; i++) {
      recset ts = RS(e);
      if (!d->tags || !d->tags[i]) continue;
      rs_add(e, m, &ts, acdr_metrics_code_rec(e, d->tags[i], 1));
      INC(&ts, tagged);
    }
  }
  if (!c->outbound) acdr_fcr_ended(e, c, resolved);
}

static void on_contact(acdr_engine *e, const acdr_contact_hook *hk) {
  recset s = RS(e);
  acdr_contact *c = hk->contact;
  acdr_agent *a = hk->agent;
  acdr_metrics_state *m = acdr_ms(e);
  if (!m || !c) return;
  acdr_fcr_expire(e, e->now);
  switch (hk->kind) {
    case ACDR_HOOK_ARRIVED:
      c->metrics_flags = 0;
      rs_channel_engine(e, m, &s, c);
      if (c->outbound) {
        rs_add(e, m, &s, acdr_metrics_queue_rec(e, c->queue));
        INC(&s, outbound_placed);
        break;
      }
      if (!acdr_hook_is_open(e, c->queue, e->now)) {
        /* a night call (sent to voicemail, a message...): counted apart,
         * outside offered and the rates built on it */
        c->metrics_flags = ACDR_MF_AFTER_HOURS;
        rs_add(e, m, &s, acdr_metrics_queue_rec(e, c->queue));
        INC(&s, after_hours);
        break;
      }
      INC(&s, offered);
      acdr_fcr_arrived(e, c);
      if (c->ext && c->ext->had_known) {
        acdr_mrec *r = acdr_metrics_queue_rec(e, c->queue);
        if (r) r->known_contacts++;
      }
      break;
    case ACDR_HOOK_QUEUED:
      c->metrics_flags |= ACDR_MF_QUEUED;
      c->metrics_flags &= ~ACDR_MF_OVERFLOW;
      rs_add(e, m, &s, acdr_metrics_queue_rec(e, c->queue));
      INC(&s, offered);
      break;
    case ACDR_HOOK_ANSWERED:
      if (a) on_answered(e, m, c, a);
      if (a && c->ext && c->ext->known_offered == a->seq &&
          !(c->metrics_flags & ACDR_MF_KNOWN)) {
        acdr_mrec *r = acdr_metrics_queue_rec(e, c->queue);
        c->metrics_flags |= ACDR_MF_KNOWN;
        if (r) r->known_answered++;
      }
      break;
    case ACDR_HOOK_MISSED:
      rs_add(e, m, &s, acdr_metrics_queue_rec(e, c->queue));
      rs_add(e, m, &s, acdr_metrics_agent_rec(e, a));
      INC(&s, missed);
      s.n = 0;
      rs_add(e, m, &s, acdr_metrics_agent_rec(e, a));
      INC(&s, offered);
      break;
    case ACDR_HOOK_CALLBACK:
      if (c->metrics_flags & ACDR_MF_CALLBACK) break;
      c->metrics_flags |= ACDR_MF_CALLBACK;
      rs_add(e, m, &s, acdr_metrics_queue_rec(e, c->queue));
      if (!(c->metrics_flags & ACDR_MF_AFTER_HOURS))
        rs_channel_engine(e, m, &s, c);
      INC(&s, callbacks);
      break;
    case ACDR_HOOK_TRANSFERRED:
      rs_add(e, m, &s, acdr_metrics_queue_rec(e, c->queue));
      if (c->state == ACDR_CONTACT_CONNECTED) {
        rs_add(e, m, &s, acdr_metrics_agent_rec(e, c->agent));
        c->metrics_flags |= ACDR_MF_XFER_LEG;
      }
      rs_channel_engine(e, m, &s, c);
      INC(&s, transferred);
      break;
    case ACDR_HOOK_REPLIED:
      if (a) on_replied(e, m, c, a);
      break;
    case ACDR_HOOK_REPLY_OVERDUE:
      rs_add(e, m, &s, acdr_metrics_queue_rec(e, c->queue));
      rs_add(e, m, &s, acdr_metrics_agent_rec(e, a));
      rs_channel_engine(e, m, &s, c);
      INC(&s, reply_overdue);
      /* taken from the agent: its leg is a conversation of its own, as a
       * transfer's first leg */
      if (c->queue->def.reply_overdue == ACDR_REPLY_OVERDUE_REASSIGN)
        record_leg(&s, c, e->now, 0);
      break;
    case ACDR_HOOK_TALK_END:
      /* a normal conversation is recorded when the contact ends (with
       * its wrap-up); a transferred one ends its leg here */
      if (!(c->metrics_flags & ACDR_MF_XFER_LEG)) break;
      c->metrics_flags &= ~ACDR_MF_XFER_LEG;
      rs_add(e, m, &s, acdr_metrics_queue_rec(e, c->queue));
      rs_add(e, m, &s, acdr_metrics_agent_rec(e, a));
      rs_channel_engine(e, m, &s, c);
      record_leg(&s, c, e->now, 0);
      break;
    case ACDR_HOOK_OVERFLOWED:
      if (c->metrics_flags & ACDR_MF_OVERFLOW) break;
      c->metrics_flags |= ACDR_MF_OVERFLOW;
      /* sent on from the closed queue it arrived at: not an overflow */
      if ((c->metrics_flags & ACDR_MF_AFTER_HOURS) &&
          !(c->metrics_flags & ACDR_MF_QUEUED))
        break;
      rs_add(e, m, &s, acdr_metrics_queue_rec(e, c->queue));
      INC(&s, overflowed);
      RS_MAX(&s, longest_wait_ns, since(e, c->enqueued));
      break;
    case ACDR_HOOK_ENDED:
      on_ended(e, m, c, a, hk->disposition);
      break;
    /* abandons are counted from ENDED's reason */
    default:
      break;
  }
}

size_t acdr_metrics_time_fields(int32_t st, int32_t act, size_t f[2]) {
  size_t n = 0;
  if (st != ACDR_AGENT_LOGGED_OUT) f[n++] = ACDR_MC_OFF(logged_in_ns);
  switch (act) {
    case ACDR_ACTIVITY_OFFERED: f[n++] = ACDR_MC_OFF(ringing_ns); break;
    case ACDR_ACTIVITY_ON_CONTACT: f[n++] = ACDR_MC_OFF(on_contact_ns); break;
    case ACDR_ACTIVITY_WRAPUP: f[n++] = ACDR_MC_OFF(wrapup_time_ns); break;
    default:
      if (st == ACDR_AGENT_AVAILABLE) f[n++] = ACDR_MC_OFF(idle_ns);
      else if (st == ACDR_AGENT_AWAY) f[n++] = ACDR_MC_OFF(away_ns);
      break;
  }
  return n;
}

/* Called before the agent's state changes: the period since
 * a->state_since belongs to the state this record remembers (the core's
 * acct_status may already be overwritten to force an action). */
static void on_agent_time(acdr_engine *e, acdr_agent *a) {
  acdr_metrics_state *m = acdr_ms(e);
  acdr_mrec *r;
  size_t f[2], n, i;
  if (!m) {
    a->state_since = e->now;
    return;
  }
  r = acdr_metrics_agent_rec(e, a);
  if (r) {
    n = acdr_metrics_time_fields(r->st, r->act, f);
    if (n && a->state_since < e->now &&
        acdr_bucket_now(m, e->now) == m->cur_b &&
        a->state_since >= m->cur_lo) {
      /* the common case: the period lies in the current bucket; the two
       * records' bucket counters are looked up once for both fields */
      acdr_tstamp d = e->now - a->state_since;
      acdr_mslot *cr = acdr_mrec_bucket(e, m, r, m->cur_b, 1);
      acdr_mslot *ce = acdr_mrec_bucket(e, m, &m->engine, m->cur_b, 1);
      for (i = 0; i < n; i++) {
        acdr_mc_vals(&r->life)[f[i]] += d;
        acdr_mc_vals(&m->engine.life)[f[i]] += d;
        if (cr) acdr_mslot_add(e, r, cr, f[i], d);
        if (ce) acdr_mslot_add(e, &m->engine, ce, f[i], d);
      }
    } else {
      for (i = 0; i < n; i++) {
        acdr_mrec_add_time(e, m, r, f[i], a->state_since, e->now);
        acdr_mrec_add_time(e, m, &m->engine, f[i], a->state_since, e->now);
      }
    }
    r->st = a->status;
    r->act = acdr_agent_activity_of(a);
  }
  a->state_since = e->now;
}

static void on_outbound_refused(acdr_engine *e, acdr_queue *q) {
  recset s = RS(e);
  acdr_metrics_state *m = acdr_ms(e);
  if (!m) return;
  rs_add(e, m, &s, &m->engine);
  if (q->def.channel >= 0 && q->def.channel < ACDR_CHANNEL_COUNT)
    rs_add(e, m, &s, &m->channel[q->def.channel]);
  rs_add(e, m, &s, acdr_metrics_queue_rec(e, q));
  INC(&s, outbound_dnc_refused);
}

static void on_free(acdr_engine *e, void *st) {
  (void)st;
  acdr_metrics_free(e);
}

const acdr_module_vt acdr_metrics_module = {
    .name = "metrics",
    .free = on_free,
    .contact = on_contact,
    .agent_time = on_agent_time,
    .agent_free = acdr_metrics_agent_free,
    .queue_free = acdr_metrics_queue_free,
    .outbound_refused = on_outbound_refused,
};

int acdr_metrics_attach(acdr_engine *e) {
  int rv = acdr_module_attach(e, &acdr_metrics_module, NULL);
  if (rv) return rv;
  return acdr_metrics_init(e);
}

int acdr_metrics_reset(acdr_engine *e) {
  acdr_metrics_state *old = acdr_ms(e), *nm;
  acdr_ms_set(e, NULL);
  if (acdr_metrics_init(e) != 0) {
    acdr_ms_set(e, old);
    return ACDR_ERR_NOMEM;
  }
  nm = acdr_ms(e);
  acdr_ms_set(e, old);
  acdr_metrics_free(e);
  acdr_ms_set(e, nm);
  return 0;
}
