/* SPDX-License-Identifier: MIT */
/* Customer survey scores (acdr_survey_record, metrics.h): a score counts
 * for the records of where its contact ended, which the dispositions'
 * history knows (the core's closed_contact service: metrics names no
 * other module). */
#include <string.h>

#include "core/internal.h"
#include "core/event.h"
#include "metrics/metrics_int.h"

/* Field off += v in r's lifetime counters and in slot s (may be NULL). */
static void bump(acdr_engine *e, acdr_mrec *r, acdr_mslot *s, size_t off,
                 uint64_t v) {
  acdr_mc_vals(&r->life)[off] += v;
  if (s) acdr_mslot_add(e, r, s, off, v);
}

static void add(acdr_engine *e, acdr_metrics_state *m, acdr_mrec *r,
                int32_t kind, int32_t score) {
  acdr_mslot *s;
  if (!r) return;
  s = acdr_mrec_bucket(e, m, r, acdr_bucket_now(m, e->now), 1);
  if (kind == ACDR_SURVEY_CSAT) {
    bump(e, r, s, ACDR_MC_OFF(csat_responses), 1);
    bump(e, r, s, ACDR_MC_OFF(csat_sum), (uint64_t)score);
    if (score >= 4) bump(e, r, s, ACDR_MC_OFF(csat_satisfied), 1);
  } else {
    bump(e, r, s, ACDR_MC_OFF(nps_responses), 1);
    if (score >= 9) bump(e, r, s, ACDR_MC_OFF(nps_promoters), 1);
    else if (score <= 6) bump(e, r, s, ACDR_MC_OFF(nps_detractors), 1);
  }
}

int acdr_survey_record(acdr_engine *e, const char *cid, int32_t kind,
                       int32_t score, acdr_tstamp now) {
  acdr_metrics_state *m;
  acdr_closed_contact cc;
  acdr_queue *q;
  acdr_agent *a;
  int rv = acdr_enter(e, now);
  if (rv) return rv;
  m = acdr_ms(e);
  if ((rv = acdr_check_id(e, cid, "survey contact")) != 0)
    return acdr_leave(e, rv);
  if (kind != ACDR_SURVEY_CSAT && kind != ACDR_SURVEY_NPS)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                                  "survey for \"%s\": kind %d is neither "
                                  "CSAT (0) nor NPS (1)",
                                  cid, (int)kind));
  if (kind == ACDR_SURVEY_CSAT ? (score < 1 || score > 5)
                               : (score < 0 || score > 10))
    return acdr_leave(
        e, acdr_err(e, ACDR_ERR_RANGE, "survey for \"%s\": %s score %d "
                                       "outside %s",
                    cid, kind == ACDR_SURVEY_CSAT ? "CSAT" : "NPS",
                    (int)score, kind == ACDR_SURVEY_CSAT ? "1..5" : "0..10"));
  if (acdr_map_get(&e->contacts, cid))
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_STATE,
                                  "survey for \"%s\": the contact has not "
                                  "ended yet",
                                  cid));
  memset(&cc, 0, sizeof(cc));
  if (!m || !acdr_hook_closed_contact(e, cid, &cc))
    return acdr_leave(e, acdr_err(e, ACDR_ERR_CONTACT_NOT_FOUND,
                                  "survey for \"%s\": no such contact in "
                                  "the disposition history",
                                  cid));
  q = cc.queue ? acdr_map_get(&e->queues, cc.queue) : NULL;
  a = cc.agent ? acdr_map_get(&e->agents, cc.agent) : NULL;
  add(e, m, &m->engine, kind, score);
  if (q && q->def.channel >= 0 && q->def.channel < ACDR_CHANNEL_COUNT)
    add(e, m, &m->channel[q->def.channel], kind, score);
  if (q) add(e, m, acdr_metrics_queue_rec(e, q), kind, score);
  if (a) add(e, m, acdr_metrics_agent_rec(e, a), kind, score);
  if (cc.primary) add(e, m, acdr_metrics_code_rec(e, cc.primary, 1), kind, score);
  acdr_event_emit(e, &(acdr_event){.kind = kind == ACDR_SURVEY_CSAT
                                               ? ACDR_EV_CSAT
                                               : ACDR_EV_NPS,
                                   .contact = cid, .score = score});
  return acdr_leave(e, 0);
}
