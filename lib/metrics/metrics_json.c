/* SPDX-License-Identifier: MIT */
/* JSON export of the metrics (public, docs/metrics.md "JSON export"). */
#include <string.h>

#include <json-c/json.h>

#include "core/internal.h"
#include "metrics/metrics_int.h"

typedef struct jctx {
  int oom;
} jctx;

/* Add val under key; a NULL val (json-c out of memory) poisons the
 * document. */
static void jadd(jctx *j, json_object *o, const char *key, json_object *val) {
  if (!val || !o || json_object_object_add(o, key, val) != 0) {
    j->oom = 1;
    json_object_put(val);
  }
}

/* -1 ("no data") is JSON null, which json-c represents as NULL. */
static void jratio(jctx *j, json_object *o, const char *key, double v) {
  if (v >= 0) {
    jadd(j, o, key, json_object_new_double(v));
  } else if (!o || json_object_object_add(o, key, NULL) != 0) {
    j->oom = 1;
  }
}

/* Known-agent routing of a queue since the engine started (not per
 * period): contacts that arrived with a known agent, those answered by
 * it, and the share. */
static json_object *known_obj(jctx *j, const acdr_mrec *r) {
  json_object *o = json_object_new_object();
  jadd(j, o, "contacts", json_object_new_uint64(r->known_contacts));
  jadd(j, o, "answered", json_object_new_uint64(r->known_answered));
  jratio(j, o, "rate",
         (double)r->known_answered / (double)r->known_contacts);
  return o;
}

static const char *const channel_names[ACDR_CHANNEL_COUNT] = {"voice", "chat",
                                                               "email"};

static json_object *metrics_obj(jctx *j, const acdr_metrics *m, int kind) {
  json_object *o = json_object_new_object(), *k;
  if (!o) {
    j->oom = 1;
    return NULL;
  }
  jadd(j, o, "partial", json_object_new_boolean(m->partial));
  jadd(j, o, "sl_variant", json_object_new_string(m->sl_variant_name));
  if (m->sl_threshold_ms >= 0)
    jadd(j, o, "sl_threshold_ms", json_object_new_int64(m->sl_threshold_ms));
#define ACDR_MJ_(n, mx, w) jadd(j, o, #n, json_object_new_uint64(m->n));
  ACDR_MCOUNT_FIELDS(ACDR_MJ_)
#undef ACDR_MJ_
  if (kind == ACDR_MREC_ENGINE)
    jadd(j, o, "dropped", json_object_new_uint64(m->dropped));
  k = json_object_new_object();
  jratio(j, k, "service_level", m->service_level);
  jratio(j, k, "asa_ms", m->asa_ms);
  jratio(j, k, "abandon_rate", m->abandon_rate);
  jratio(j, k, "aht_ms", m->aht_ms);
  jratio(j, k, "aht_talk_ms", m->aht_talk_ms);
  jratio(j, k, "aht_hold_ms", m->aht_hold_ms);
  jratio(j, k, "aht_wrapup_ms", m->aht_wrapup_ms);
  jratio(j, k, "occupancy", m->occupancy);
  jratio(j, k, "transfer_rate", m->transfer_rate);
  jratio(j, k, "resolution_rate", m->resolution_rate);
  jratio(j, k, "fcr_rate", m->fcr_rate);
  jratio(j, k, "frt_ms", m->frt_ms);
  jratio(j, k, "frt_in_target", m->frt_in_target);
  jratio(j, k, "csat_avg", m->csat_avg);
  jratio(j, k, "csat_rate", m->csat_rate);
  jratio(j, k, "promoter_rate", m->promoter_rate);
  jratio(j, k, "detractor_rate", m->detractor_rate);
  /* NPS in points (-100..100, so not through jratio): null without
   * responses */
  if (m->nps_responses)
    jadd(j, k, "nps",
         json_object_new_double(100.0 *
                                (m->promoter_rate - m->detractor_rate)));
  else
    jratio(j, k, "nps", -1.0);
  jadd(j, o, "kpi", k);
  return o;
}

static json_object *realtime_obj(jctx *j, acdr_engine *e, const char *id,
                                 acdr_tstamp now) {
  acdr_queue_info qi;
  json_object *o;
  o = json_object_new_object();
  if (acdr_queue_get_info(e, id, now, &qi) != 0) return o; /* cannot fail */
  jadd(j, o, "waiting", json_object_new_uint64(qi.waiting));
  jadd(j, o, "ringing", json_object_new_uint64(qi.offered));
  jadd(j, o, "connected", json_object_new_uint64(qi.connected));
  jadd(j, o, "longest_wait_ns", json_object_new_uint64(qi.longest_wait_ns));
  jadd(j, o, "agents_logged_in", json_object_new_uint64(qi.agents_logged_in));
  jadd(j, o, "agents_ready", json_object_new_uint64(qi.agents_ready));
  jadd(j, o, "agents_busy", json_object_new_uint64(qi.agents_busy));
  jadd(j, o, "agents_wrapup", json_object_new_uint64(qi.agents_wrapup));
  jadd(j, o, "agents_away", json_object_new_uint64(qi.agents_away));
  return o;
}

static json_object *settings_obj(jctx *j, const acdr_metrics_options *o) {
  json_object *s = json_object_new_object();
  jadd(j, s, "bucket_ms", json_object_new_int64(o->bucket_ms));
  jadd(j, s, "max_buckets", json_object_new_uint64(o->max_buckets));
  jadd(j, s, "sl_variant",
       json_object_new_string(acdr_sl_variant_name(o->sl_variant)));
  jadd(j, s, "abandon_excludes_short",
       json_object_new_boolean(o->abandon_excludes_short));
  jadd(j, s, "fcr_key",
       json_object_new_string(o->fcr_key == ACDR_FCR_KEY_CUSTOMER_REASON
                                  ? "customer+reason"
                                  : "customer"));
  jadd(j, s, "fcr_window_ms", json_object_new_int64(o->fcr_window_ms));
  return s;
}

/* The queue's strategy figures (acdr_strategy.stats), or NULL without
 * any.  The values of several tiers are added. */
static json_object *strategy_obj(jctx *j, const acdr_queue *q) {
  const char *names[16];
  double vals[16], sum[16] = {0};
  size_t n = 0, i, k;
  json_object *o;
  for (i = 0; i < q->ntiers; i++) {
    const acdr_tier *t = q->tiers[i];
    size_t m;
    if (!t->strategy->vt.stats) continue;
    m = t->strategy->vt.stats(t->state, names, vals, 16);
    if (m > 16) m = 16;
    for (k = 0; k < m; k++) sum[k] += vals[k];
    if (m > n) n = m;
  }
  if (!n) return NULL;
  o = json_object_new_object();
  for (k = 0; k < n; k++) jadd(j, o, names[k], json_object_new_double(sum[k]));
  return o;
}

static int export(acdr_engine *e, acdr_tstamp from, acdr_tstamp to,
                  acdr_tstamp now, char **out, size_t *len) {
  acdr_metrics_state *m;
  acdr_metrics s;
  jctx j = {0};
  json_object *root, *sub;
  const char *txt;
  acdr_map_slot *qs = NULL, *as = NULL, *cs = NULL;
  size_t i, n;
  int ch, rv;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!out) return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT, "metrics json: out NULL");
  *out = NULL;
  if (len) *len = 0;
  if ((rv = acdr_metrics_check_range(e, from, to, now)) != 0) return rv;
  m = acdr_ms(e);
  if (!(root = json_object_new_object()))
    return acdr_err(e, ACDR_ERR_NOMEM, "metrics json: out of memory");
  jadd(&j, root, "format", json_object_new_string("acdroute-metrics"));
  jadd(&j, root, "version", json_object_new_int(1));
  jadd(&j, root, "now_ns", json_object_new_uint64(now));
  jadd(&j, root, "lifetime",
       json_object_new_boolean(from == 0 && to == ACDR_TSTAMP_MAX));
  jadd(&j, root, "settings", settings_obj(&j, &m->opt));
  acdr_metrics_fill(e, &m->engine, ACDR_MREC_ENGINE, -1, NULL, NULL, from, to,
                    now, &s);
  jadd(&j, root, "from_ns", json_object_new_uint64(s.from));
  jadd(&j, root, "to_ns", json_object_new_uint64(s.to));
  jadd(&j, root, "engine", metrics_obj(&j, &s, ACDR_MREC_ENGINE));
  sub = json_object_new_object();
  for (ch = 0; ch < ACDR_CHANNEL_COUNT; ch++) {
    acdr_metrics_fill(e, &m->channel[ch], ACDR_MREC_CHANNEL, ch, NULL, NULL,
                      from, to, now, &s);
    jadd(&j, sub, channel_names[ch], metrics_obj(&j, &s, ACDR_MREC_CHANNEL));
  }
  jadd(&j, root, "channels", sub);
  /* objects in id order: the text must not depend on the hash tables'
   * history (a restored engine inserts in another order) */
  if (acdr_map_sorted(&e->queues, &e->mem, &qs) ||
      acdr_map_sorted(&e->agents, &e->mem, &as) ||
      acdr_map_sorted(&m->codes, &e->mem, &cs))
    j.oom = 1;
  sub = json_object_new_object();
  for (i = 0; qs && i < e->queues.len; i++) {
    acdr_queue *q = qs[i].value;
    json_object *qo;
    acdr_metrics_fill(e, q->metrics, ACDR_MREC_QUEUE, -1, q, NULL, from, to,
                      now, &s);
    qo = metrics_obj(&j, &s, ACDR_MREC_QUEUE);
    if (q->metrics && ((acdr_mrec *)q->metrics)->known_contacts)
      jadd(&j, qo, "known_agent", known_obj(&j, q->metrics));
    jadd(&j, qo, "realtime", realtime_obj(&j, e, q->id, now));
    {
      json_object *so = strategy_obj(&j, q);
      if (so) jadd(&j, qo, "strategy", so);
    }
    jadd(&j, sub, q->id, qo);
  }
  jadd(&j, root, "queues", sub);
  sub = json_object_new_object();
  for (i = 0; as && i < e->agents.len; i++) {
    acdr_agent *a = as[i].value;
    acdr_metrics_fill(e, a->metrics, ACDR_MREC_AGENT, -1, NULL, a, from, to,
                      now, &s);
    jadd(&j, sub, a->id, metrics_obj(&j, &s, ACDR_MREC_AGENT));
  }
  jadd(&j, root, "agents", sub);
  sub = json_object_new_object();
  for (i = 0; cs && i < m->codes.len; i++) {
    acdr_metrics_fill(e, cs[i].value, ACDR_MREC_CODE, -1, NULL, NULL, from,
                      to, now, &s);
    jadd(&j, sub, cs[i].key, metrics_obj(&j, &s, ACDR_MREC_CODE));
  }
  jadd(&j, root, "codes", sub);
  acdr_mem_free(&e->mem, qs);
  acdr_mem_free(&e->mem, as);
  acdr_mem_free(&e->mem, cs);
  txt = j.oom ? NULL
              : json_object_to_json_string_length(
                    root, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE,
                    &n);
  if (!txt || !(*out = acdr_mem_strndup(&e->mem, txt, n))) {
    json_object_put(root);
    return acdr_err(e, ACDR_ERR_NOMEM, "metrics json: out of memory");
  }
  json_object_put(root);
  if (len) *len = n;
  return 0;
}

int acdr_metrics_to_json(acdr_engine *e, acdr_tstamp now, char **out,
                         size_t *len) {
  return export(e, 0, ACDR_TSTAMP_MAX, now, out, len);
}

int acdr_metrics_range_to_json(acdr_engine *e, acdr_tstamp from,
                               acdr_tstamp to, acdr_tstamp now, char **out,
                               size_t *len) {
  return export(e, from, to, now, out, len);
}
