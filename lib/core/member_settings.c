/* SPDX-License-Identifier: MIT */
/* Settings of one queue membership (acdr_member_def): a weighted-random
 * weight, pausing in one queue only, a wrap-up per queue. */
#include <string.h>

#include "core/engine_int.h"
#include "core/event.h"
#include "core/internal.h"
#include "util/structlen.h"

#define YEAR_MS (366LL * 86400 * 1000)

void acdr_member_def_default_versioned(int version, acdr_member_def *d) {
  if (version != ACDR_MEMBER_DEF_VERSION &&
      acdr_struct_default_old(ACDR_STRUCT(MEMBER_DEF), version, d))
    return;
  if (!d) return;
  memset(d, 0, sizeof(*d));
  d->wrapup_ms = -1;
}

int64_t acdr_member_wrapup_ms(const acdr_agent *a, const acdr_queue *q) {
  size_t i;
  for (i = 0; i < a->nmembers; i++)
    if (a->members[i]->queue == q && a->members[i]->wrapup_ms >= 0)
      return a->members[i]->wrapup_ms;
  return a->wrapup_ms >= 0 ? a->wrapup_ms : q->def.wrapup_ms;
}

static acdr_member *membership(acdr_agent *a, const acdr_queue *q) {
  size_t i;
  for (i = 0; i < a->nmembers; i++)
    if (a->members[i]->queue == q) return a->members[i];
  return NULL;
}

static int check_def(acdr_engine *e, const char *qid, const char *aid,
                     const acdr_member_def *d) {
  if (d->weight < 0 || d->weight > 1000000)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "member \"%s\" of queue \"%s\": weight %d outside "
                    "0..1000000",
                    aid, qid, (int)d->weight);
  if (d->paused != 0 && d->paused != 1)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "member \"%s\" of queue \"%s\": paused not 0/1", aid, qid);
  if (d->wrapup_ms < -1 || d->wrapup_ms > YEAR_MS)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "member \"%s\" of queue \"%s\": wrapup_ms outside "
                    "-1..31622400000",
                    aid, qid);
  return 0;
}

int acdr_queue_member_set_versioned(acdr_engine *e, const char *qid,
                                    const char *aid, int version,
                                    const acdr_member_def *d,
                                    acdr_tstamp now) {
  ACDR_STRUCT_IN(MEMBER_DEF, acdr_member_def, version, d);
  acdr_queue *q;
  acdr_agent *a;
  acdr_member *m;
  acdr_offer *o, *next;
  int rv;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!d) return acdr_err_null(e, "member def");
  if (version != ACDR_MEMBER_DEF_VERSION)
    return acdr_err_version(e, version, "member def");
  if ((rv = acdr_enter(e, now)) != 0) return rv;
  if ((rv = acdr_find_queue(e, qid, &q)) != 0 ||
      (rv = acdr_find_agent(e, aid, &a)) != 0)
    return acdr_leave(e, rv);
  if (!(m = membership(a, q)))
    return acdr_leave(e, acdr_err(e, ACDR_ERR_NOT_MEMBER,
                                  "agent \"%s\" is not a member of queue "
                                  "\"%s\"",
                                  aid, qid));
  if ((rv = check_def(e, qid, aid, d)) != 0) return acdr_leave(e, rv);
  if ((rv = acdr_actions_reserve(
           e, ACDR_BUDGET_STEP + ACDR_BUDGET_PER_OFFER * (size_t)a->noffers +
                  ACDR_BUDGET_PER_QUEUE * a->nmembers)) != 0)
    return acdr_leave(e, rv);
  /* the strategy reads the weight when the member becomes ready: take it
   * out and back so that its index sees the new one */
  if (m->ready && m->weight != d->weight) {
    acdr_tier *t = m->tier;
    m->ready = 0;
    t->nready--;
    if (t->strategy->vt.member_unready)
      t->strategy->vt.member_unready(t->state, m);
  }
  m->weight = d->weight;
  m->paused = (uint8_t)(d->paused != 0);
  m->wrapup_ms = d->wrapup_ms;
  if (m->paused) /* as going away, for this queue only */
    for (o = a->offers; o; o = next) {
      next = o->next_agent;
      if (o->member == m) acdr_offer_cancel(e, o, ACDR_CANCEL_AGENT_UNAVAILABLE);
    }
  acdr_agent_refresh(e, a);
  acdr_dispatch_queue(e, q);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_MEMBER_SET, .queue = qid,
                                   .agent = aid, .member_def = d});
  return acdr_leave(e, 0);
}

int acdr_queue_member_get_versioned(const acdr_engine *e, const char *qid,
                                    const char *aid, int version,
                                    acdr_member_def *d) {
  ACDR_STRUCT_OUT(MEMBER_DEF, acdr_member_def, version, d,
                  acdr_queue_member_get_versioned(
                      e, qid, aid, ACDR_MEMBER_DEF_VERSION, &acdr_latest_));
  acdr_queue *q;
  acdr_agent *a;
  const acdr_member *m;
  if (!e || !d || !qid || !aid) return ACDR_ERR_INVALID_ARGUMENT;
  if (version != ACDR_MEMBER_DEF_VERSION) return ACDR_ERR_VERSION;
  if (!(q = acdr_map_get(&e->queues, qid))) return ACDR_ERR_QUEUE_NOT_FOUND;
  if (!(a = acdr_map_get(&e->agents, aid))) return ACDR_ERR_AGENT_NOT_FOUND;
  if (!(m = membership(a, q))) return ACDR_ERR_NOT_MEMBER;
  memset(d, 0, sizeof(*d));
  d->weight = m->weight;
  d->paused = m->paused;
  d->wrapup_ms = m->wrapup_ms;
  return 0;
}
