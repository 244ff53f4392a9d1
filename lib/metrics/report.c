/* SPDX-License-Identifier: MIT */
/* Reading metrics: settings, snapshots over a range, derived KPIs. */
#include <string.h>

#include "core/internal.h"
#include "core/event.h"
#include "core/hooks.h"
#include "metrics/metrics_int.h"
#include "util/structlen.h"

#define DAY_MS INT64_C(86400000)

static const char *const sl_names[ACDR_SL_VARIANT_COUNT] = {
    "answered_in_sl/answered",
    "answered_in_sl/(answered+abandoned)",
    "(answered_in_sl+abandoned_in_sl)/(answered+abandoned)",
    "answered_in_sl/(answered+abandoned-abandoned_short)",
};

const char *acdr_sl_variant_name(int v) {
  return v >= 0 && v < ACDR_SL_VARIANT_COUNT ? sl_names[v] : "unknown";
}

void acdr_metrics_options_default_versioned(int version,
                                            acdr_metrics_options *o) {
  if (version != ACDR_METRICS_OPTIONS_VERSION &&
      acdr_struct_default_old(ACDR_STRUCT(METRICS_OPTIONS), version, o))
    return;
  if (!o) return;
  memset(o, 0, sizeof(*o));
  o->bucket_ms = 15 * 60 * 1000;
  o->max_buckets = 768;
  o->sl_variant = ACDR_SL_OFFERED;
  o->abandon_excludes_short = 0;
  o->fcr_key = ACDR_FCR_KEY_CUSTOMER;
  o->fcr_window_ms = 7 * DAY_MS;
}

int acdr_metrics_validate_options(acdr_engine *e,
                                  const acdr_metrics_options *o) {
  if (o->bucket_ms < 1000 || o->bucket_ms > 31 * DAY_MS)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "metrics options: bucket_ms %lld outside 1000..%lld",
                    (long long)o->bucket_ms, (long long)(31 * DAY_MS));
  if (o->max_buckets < 1 || o->max_buckets > 100000)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "metrics options: max_buckets %u outside 1..100000",
                    o->max_buckets);
  if (o->sl_variant < 0 || o->sl_variant >= ACDR_SL_VARIANT_COUNT)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "metrics options: sl_variant %d unknown",
                    (int)o->sl_variant);
  if (o->abandon_excludes_short != 0 && o->abandon_excludes_short != 1)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "metrics options: abandon_excludes_short must be 0 or 1");
  if (o->fcr_key != ACDR_FCR_KEY_CUSTOMER &&
      o->fcr_key != ACDR_FCR_KEY_CUSTOMER_REASON)
    return acdr_err(e, ACDR_ERR_RANGE, "metrics options: fcr_key %d unknown",
                    (int)o->fcr_key);
  if (o->fcr_window_ms < 1 || o->fcr_window_ms > 366 * DAY_MS)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "metrics options: fcr_window_ms %lld outside 1..%lld",
                    (long long)o->fcr_window_ms, (long long)(366 * DAY_MS));
  return 0;
}

int acdr_engine_set_metrics_options_versioned(acdr_engine *e, int version,
                                              const acdr_metrics_options *o) {
  ACDR_STRUCT_IN(METRICS_OPTIONS, acdr_metrics_options, version, o);
  acdr_metrics_state *m;
  int rv;
  size_t i;
  const char *k;
  void *v;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!o)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT, "metrics options: NULL");
  if (version != ACDR_METRICS_OPTIONS_VERSION)
    return acdr_err_version(e, version, "metrics options: struct");
  if ((rv = acdr_metrics_validate_options(e, o)) != 0) return rv;
  m = acdr_ms(e);
  if (o->bucket_ms != m->opt.bucket_ms ||
      o->max_buckets != m->opt.max_buckets) {
    /* rings are laid out by the old settings: drop them first */
    int ch;
    acdr_mrec_clear_ring(e, &m->engine);
    for (ch = 0; ch < ACDR_CHANNEL_COUNT; ch++)
      acdr_mrec_clear_ring(e, &m->channel[ch]);
    for (i = 0; acdr_map_next(&e->queues, &i, &k, &v);)
      if (((acdr_queue *)v)->metrics)
        acdr_mrec_clear_ring(e, ((acdr_queue *)v)->metrics);
    for (i = 0; acdr_map_next(&e->agents, &i, &k, &v);)
      if (((acdr_agent *)v)->metrics)
        acdr_mrec_clear_ring(e, ((acdr_agent *)v)->metrics);
    for (i = 0; acdr_map_next(&m->codes, &i, &k, &v);)
      acdr_mrec_clear_ring(e, v);
    /* records of removed objects kept alive by FCR episodes */
    {
      acdr_episode *ep;
      for (ep = m->ep_head; ep; ep = ep->next) {
        if (ep->queue && ep->queue->dead) acdr_mrec_clear_ring(e, ep->queue);
        if (ep->agent && ep->agent->dead) acdr_mrec_clear_ring(e, ep->agent);
      }
    }
    m->opt = *o;
    acdr_metrics_derive(m, e->now);
    m->first_bucket = acdr_bucket_of(m, e->now);
  }
  m->opt = *o;
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_METRICS_OPTIONS});
  return 0;
}

int acdr_metrics_set_agent_bytes(acdr_engine *e, uint32_t bytes) {
  acdr_metrics_state *m = acdr_ms(e);
  size_t i;
  const char *k;
  void *v;
  acdr_episode *ep;
  if (bytes != 0 &&
      (bytes < ACDR_AGENT_BYTES_MIN || bytes > ACDR_AGENT_BYTES_MAX))
    return acdr_err(e, ACDR_ERR_RANGE,
                    "metrics options: agent_bucket_bytes %u outside 0 or "
                    "%u..%u",
                    bytes, ACDR_AGENT_BYTES_MIN, ACDR_AGENT_BYTES_MAX);
  m->agent_bytes = bytes;
  acdr_metrics_derive(m, e->now);
  /* a smaller budget applies at once (rolling up frees memory only) */
  for (i = 0; acdr_map_next(&e->agents, &i, &k, &v);)
    if (((acdr_agent *)v)->metrics)
      acdr_mrec_enforce(e, m, ((acdr_agent *)v)->metrics);
  for (ep = m->ep_head; ep; ep = ep->next)
    if (ep->agent && ep->agent->dead) acdr_mrec_enforce(e, m, ep->agent);
  return 0;
}

uint32_t acdr_metrics_agent_bytes(const acdr_engine *e) {
  return acdr_ms(e)->agent_bytes;
}

int acdr_engine_get_metrics_options_versioned(acdr_engine *e, int version,
                                              acdr_metrics_options *o) {
  ACDR_STRUCT_OUT(METRICS_OPTIONS, acdr_metrics_options, version, o,
                  acdr_engine_get_metrics_options_versioned(
                      e, ACDR_METRICS_OPTIONS_VERSION, &acdr_latest_));
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!o)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT, "metrics options: NULL");
  if (version != ACDR_METRICS_OPTIONS_VERSION)
    return acdr_err_version(e, version, "metrics options: struct");
  *o = acdr_ms(e)->opt;
  return 0;
}

int acdr_metrics_check_range(acdr_engine *e, acdr_tstamp from,
                             acdr_tstamp to, acdr_tstamp now) {
  if (from > to)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "metrics range: from %llu > to %llu",
                    (unsigned long long)from, (unsigned long long)to);
  if (now < e->now)
    return acdr_err(e, ACDR_ERR_TIME_BACKWARDS,
                    "metrics: now=%llu is before the engine's time %llu",
                    (unsigned long long)now, (unsigned long long)e->now);
  return 0;
}

static double ratio(uint64_t num, uint64_t den) {
  return den ? (double)num / (double)den : -1.0;
}

static double ms_avg(uint64_t ns, uint64_t n) {
  return n ? (double)ns / (double)n / 1e6 : -1.0;
}

static void derive(const acdr_metrics_state *m, int kind, acdr_metrics *o) {
  uint64_t den, busy, recv;
  switch (o->sl_variant) {
    case ACDR_SL_ANSWERED:
      o->service_level = ratio(o->answered_in_sl, o->answered);
      break;
    case ACDR_SL_ABANDONED_IN_SL_OK:
      o->service_level = ratio(o->answered_in_sl + o->abandoned_in_sl,
                               o->answered + o->abandoned);
      break;
    case ACDR_SL_EXCLUDE_SHORT:
      o->service_level = ratio(o->answered_in_sl, o->answered + o->abandoned -
                                                      o->abandoned_short);
      break;
    default:
      o->service_level = ratio(o->answered_in_sl, o->answered + o->abandoned);
      break;
  }
  o->asa_ms = ms_avg(o->wait_answered_ns, o->answered);
  if (m->opt.abandon_excludes_short)
    o->abandon_rate = ratio(o->abandoned - o->abandoned_short,
                            o->offered - o->abandoned_short);
  else
    o->abandon_rate = ratio(o->abandoned, o->offered);
  o->aht_ms = ms_avg(o->talk_ns + o->hold_ns + o->wrapup_ns, o->handled);
  o->aht_talk_ms = ms_avg(o->talk_ns, o->handled);
  o->aht_hold_ms = ms_avg(o->hold_ns, o->handled);
  o->aht_wrapup_ms = ms_avg(o->wrapup_ns, o->handled);
  busy = o->ringing_ns + o->on_contact_ns + o->wrapup_time_ns;
  o->occupancy = ratio(busy, busy + o->idle_ns);
  o->transfer_rate = ratio(o->transferred, o->handled);
  recv = kind == ACDR_MREC_AGENT  ? o->answered
         : kind == ACDR_MREC_CODE ? o->dispositioned
                                  : o->offered;
  o->resolution_rate = ratio(o->resolved, recv);
  den = o->fcr_first - o->fcr_pending;
  o->fcr_rate = ratio(o->fcr_resolved, den);
  o->frt_ms = ms_avg(o->first_reply_ns, o->replied);
  o->frt_in_target = ratio(o->replied_in_target, o->replied);
  o->csat_avg = o->csat_responses
                    ? (double)o->csat_sum / (double)o->csat_responses
                    : -1.0;
  o->csat_rate = ratio(o->csat_satisfied, o->csat_responses);
  o->promoter_rate = ratio(o->nps_promoters, o->nps_responses);
  o->detractor_rate = ratio(o->nps_detractors, o->nps_responses);
}

/* Overlap of [a0, a1) and [b0, b1). */
static acdr_tstamp overlap(acdr_tstamp a0, acdr_tstamp a1, acdr_tstamp b0,
                           acdr_tstamp b1) {
  acdr_tstamp s = a0 > b0 ? a0 : b0, t = a1 < b1 ? a1 : b1;
  return t > s ? t - s : 0;
}

/* The period an agent is in right now counts up to the query's `now`. */
static void open_period(const acdr_agent *a, acdr_tstamp r0, acdr_tstamp r1,
                        acdr_tstamp now, acdr_mcount *c) {
  const acdr_mrec *r = a->metrics;
  size_t f[2], n, i;
  acdr_tstamp d;
  if (!r) return;
  d = overlap(a->state_since, now, r0, r1);
  n = acdr_metrics_time_fields(r->st, r->act, f);
  for (i = 0; i < n; i++) acdr_mc_vals(c)[f[i]] += d;
}

int acdr_metrics_fill(acdr_engine *e, const acdr_mrec *r, int kind,
                      int channel, const acdr_queue *q, const acdr_agent *a,
                      acdr_tstamp from, acdr_tstamp to, acdr_tstamp now,
                      acdr_metrics *out) {
  acdr_metrics_state *m = acdr_ms(e);
  acdr_mcount c;
  int lifetime = from == 0 && to == ACDR_TSTAMP_MAX, cut = 0;
  uint64_t blo = 0, bhi = 0;
  acdr_tstamp r0 = 0, r1 = ACDR_TSTAMP_MAX;
  memset(&c, 0, sizeof(c));
  memset(out, 0, sizeof(*out));
  if (!lifetime) {
    blo = from / m->bucket_ns + (from % m->bucket_ns != 0);
    bhi = to ? (to - 1) / m->bucket_ns : 0;
    if (!to) blo = 1; /* empty: no bucket starts before 0 */
  }
  if (r) {
    if (lifetime) c = r->life;
    else if (blo <= bhi) acdr_mrec_sum(e, r, blo, bhi, &c, &cut);
  }
  if (!lifetime) {
    uint64_t oldest = acdr_metrics_oldest_bucket(e);
    int empty = !to || blo > bhi;
    r0 = blo > ACDR_TSTAMP_MAX / m->bucket_ns ? ACDR_TSTAMP_MAX
                                              : blo * m->bucket_ns;
    if (empty) r0 = r1 = from;
    else if (bhi + 1 > ACDR_TSTAMP_MAX / m->bucket_ns) r1 = ACDR_TSTAMP_MAX;
    else r1 = (bhi + 1) * m->bucket_ns;
    out->partial = !empty && ((blo < oldest && oldest > m->first_bucket) ||
                              cut || (r && blo < r->kept_from));
  }
  if (kind == ACDR_MREC_AGENT && a) {
    open_period(a, r0, r1, now, &c);
  } else if (kind == ACDR_MREC_ENGINE) {
    size_t i;
    const char *k;
    void *v;
    for (i = 0; acdr_map_next(&e->agents, &i, &k, &v);)
      open_period(v, r0, r1, now, &c);
  }
  if (r) acdr_fcr_virtual(e, r, channel, lifetime, blo, bhi, now, &c);
#define ACDR_MC_COPY_(n, mx, w) out->n = c.n;
  ACDR_MCOUNT_FIELDS(ACDR_MC_COPY_)
#undef ACDR_MC_COPY_
  out->from = r0;
  out->to = r1;
  out->now = now;
  out->sl_variant = m->opt.sl_variant;
  out->sl_variant_name = acdr_sl_variant_name(m->opt.sl_variant);
  out->sl_threshold_ms = q ? q->def.sl_threshold_ms : -1;
  if (kind == ACDR_MREC_ENGINE) out->dropped = m->dropped;
  derive(m, kind, out);
  return 0;
}

static int enter_query(acdr_engine *e, int version, acdr_metrics *out,
                       acdr_tstamp from, acdr_tstamp to, acdr_tstamp now) {
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!out) return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT, "metrics: out NULL");
  if (version != ACDR_METRICS_VERSION)
    return acdr_err_version(e, version, "metrics: snapshot");
  return acdr_metrics_check_range(e, from, to, now);
}

/* The five getters in one: old struct versions through the latest, the
 * common checks, then the record of `kind` (id names the queue, agent or
 * code; ch the channel). */
static int query(acdr_engine *e, int kind, const char *id, int32_t ch,
                 acdr_tstamp from, acdr_tstamp to, acdr_tstamp now,
                 int version, acdr_metrics *out) {
  ACDR_STRUCT_OUT(METRICS, acdr_metrics, version, out,
                  query(e, kind, id, ch, from, to, now, ACDR_METRICS_VERSION,
                        &acdr_latest_));
  acdr_queue *q = NULL;
  acdr_agent *a = NULL;
  acdr_mrec *r;
  int rv = enter_query(e, version, out, from, to, now);
  if (rv) return rv;
  switch (kind) {
    case ACDR_MREC_ENGINE: r = &acdr_ms(e)->engine; break;
    case ACDR_MREC_QUEUE:
      if ((rv = acdr_find_queue(e, id, &q)) != 0) return rv;
      r = q->metrics;
      break;
    case ACDR_MREC_AGENT:
      if ((rv = acdr_find_agent(e, id, &a)) != 0) return rv;
      r = a->metrics;
      break;
    case ACDR_MREC_CHANNEL:
      if (ch < 0 || ch >= ACDR_CHANNEL_COUNT)
        return acdr_err(e, ACDR_ERR_CHANNEL, "metrics: channel %d unknown",
                        (int)ch);
      r = &acdr_ms(e)->channel[ch];
      break;
    default: /* ACDR_MREC_CODE */
      if ((rv = acdr_check_id(e, id, "disposition code")) != 0) return rv;
      if (!(r = acdr_metrics_code_rec(e, id, 0)))
        return acdr_err(e, ACDR_ERR_UNKNOWN_CODE,
                        "metrics: no contact has carried code \"%s\"", id);
      break;
  }
  return acdr_metrics_fill(e, r, kind, kind == ACDR_MREC_CHANNEL ? ch : -1,
                           q, a, from, to, now, out);
}

int acdr_metrics_get_engine_versioned(acdr_engine *e, acdr_tstamp from,
                                      acdr_tstamp to, acdr_tstamp now,
                                      int version, acdr_metrics *out) {
  return query(e, ACDR_MREC_ENGINE, NULL, -1, from, to, now, version, out);
}

int acdr_metrics_get_queue_versioned(acdr_engine *e, const char *id,
                                     acdr_tstamp from, acdr_tstamp to,
                                     acdr_tstamp now, int version,
                                     acdr_metrics *out) {
  return query(e, ACDR_MREC_QUEUE, id, -1, from, to, now, version, out);
}

int acdr_metrics_get_agent_versioned(acdr_engine *e, const char *id,
                                     acdr_tstamp from, acdr_tstamp to,
                                     acdr_tstamp now, int version,
                                     acdr_metrics *out) {
  return query(e, ACDR_MREC_AGENT, id, -1, from, to, now, version, out);
}

int acdr_metrics_get_channel_versioned(acdr_engine *e, int32_t ch,
                                       acdr_tstamp from, acdr_tstamp to,
                                       acdr_tstamp now, int version,
                                       acdr_metrics *out) {
  return query(e, ACDR_MREC_CHANNEL, NULL, ch, from, to, now, version, out);
}

int acdr_metrics_get_code_versioned(acdr_engine *e, const char *id,
                                    acdr_tstamp from, acdr_tstamp to,
                                    acdr_tstamp now, int version,
                                    acdr_metrics *out) {
  return query(e, ACDR_MREC_CODE, id, -1, from, to, now, version, out);
}
