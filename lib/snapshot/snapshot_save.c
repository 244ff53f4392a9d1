/* SPDX-License-Identifier: MIT */
/* Snapshot: the complete engine state as JSON (docs/config.md).  Derived
 * bookkeeping (loads, counters of offers, tier readiness) is not written:
 * restore recomputes it from the objects. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <acdroute/config.h>

#include "snapshot/snapshot_int.h"
#include "core/internal.h"
#include "policies/policy_int.h"

/* {"when": when, "seq": seq} under key. */
static void when_seq(acdr_jw *w, const char *key, uint64_t when, uint64_t seq) {
  acdr_jw_key(w, key);
  acdr_jw_obj(w);
  acdr_jw_ku64(w, "when", when);
  acdr_jw_ku64(w, "seq", seq);
  acdr_jw_obj_end(w);
}

static void timer(acdr_jw *w, const char *key, const acdr_timer *t) {
  if (acdr_timer_armed(t)) when_seq(w, key, t->when, t->seq);
}

static void ctimer(acdr_jw *w, const char *key, const acdr_contact *c,
                   int kind) {
  const acdr_ct_slot *t = acdr_ct_get(c, kind);
  if (t) when_seq(w, key, t->when, t->seq);
}

/* A member for write_members: an unsigned ('u'), signed ('i') or boolean
 * ('b') number. */
typedef struct wmember {
  const char *k;
  char kind;
  uint64_t u;
  int64_t i;
} wmember;
#define WU(k, v) {k, 'u', v, 0}
#define WI(k, v) {k, 'i', 0, v}
#define WB(k, v) {k, 'b', 0, (v) != 0}
#define NW(m) (sizeof(m) / sizeof((m)[0]))

static void write_members(acdr_jw *w, const wmember *m, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    if (m[i].kind == 'u')
      acdr_jw_ku64(w, m[i].k, m[i].u);
    else if (m[i].kind == 'i')
      acdr_jw_ki64(w, m[i].k, m[i].i);
    else
      acdr_jw_kbool(w, m[i].k, m[i].i != 0);
  }
}

/* Whether a's memberships are still unready although its delay is over:
 * its ready timer is due but has not fired and nothing refreshed it since
 * (the invariant checker allows exactly this).  A restore must keep them
 * unready; recomputing would make them ready one expiry early. */
static int ready_stale(const acdr_engine *e, const acdr_agent *a) {
  size_t i;
  if (!acdr_timer_armed(&a->ready_timer)) return 0;
  for (i = 0; i < a->nmembers; i++)
    if (a->members[i]->ready != acdr_member_ready_now(a->members[i], e->now))
      return 1;
  return 0;
}

static void write_agent(acdr_jw *w, const acdr_engine *e,
                        const acdr_agent *a) {
  const acdr_offer *o;
  const acdr_contact *c;
  const wmember times[] = {
      WI("activity", a->activity), WU("login_time", a->login_time),
      WU("idle_since", a->idle_since), WU("ready_at", a->ready_at)};
  const wmember counts[] = {
      WU("missed_in_row", a->missed_in_row), WU("handled", a->handled),
      WU("talk_ns", a->talk_ns), WU("state_since", a->state_since),
      WI("acct_status", a->acct_status), WI("acct_activity", a->acct_activity)};
  acdr_jw_obj(w);
  acdr_jw_kstr(w, "id", a->id);
  acdr_jw_ku64(w, "seq", a->seq);
  acdr_jw_ki64(w, "status", a->status);
  if (a->away_reason) acdr_jw_kstr(w, "away_reason", a->away_reason);
  write_members(w, times, NW(times));
  timer(w, "ready_timer", &a->ready_timer);
  if (ready_stale(e, a)) acdr_jw_kbool(w, "ready_stale", 1);
  write_members(w, counts, NW(counts));
  {
    /* the peers' idle / count rules (written when set: older readers and
     * snapshots without them agree on 0) */
    const wmember peer[] = {
        WU("last_talk_end", a->last_talk_end),
        WU("last_offered", a->last_offered), WU("handled_av", a->handled_av),
        WU("talk_av", a->talk_av)};
    size_t i;
    for (i = 0; i < NW(peer); i++)
      if (peer[i].u) write_members(w, &peer[i], 1);
  }
  /* list orders matter: cancellations walk them */
  acdr_jw_key(w, "offers");
  acdr_jw_arr(w);
  for (o = a->offers; o; o = o->next_agent) acdr_jw_str(w, o->contact->id);
  acdr_jw_arr_end(w);
  acdr_jw_key(w, "held");
  acdr_jw_arr(w);
  for (c = a->held; c; c = c->next_held) acdr_jw_str(w, c->id);
  acdr_jw_arr_end(w);
  acdr_jw_obj_end(w);
}

static int write_queue(acdr_jw *w, acdr_engine *e, const acdr_queue *q) {
  size_t i;
  acdr_jw_obj(w);
  acdr_jw_kstr(w, "id", q->id);
  acdr_jw_ku64(w, "seq", q->seq);
  acdr_jw_ku64(w, "member_seq", q->member_seq);
  acdr_jw_key(w, "join_seq");
  acdr_jw_arr(w);
  for (i = 0; i < q->nmembers; i++) 
    acdr_jw_u64(w, q->members[i]->order & 0xffffffffULL);
  acdr_jw_arr_end(w);
  {
    /* per membership, in member order: [last talk end, talks ended] in
     * this queue (Asterisk lastcall / calls), then talks ended in any
     * queue (shared_lastcall; only when one is set, so older snapshots
     * read the same); only when one is set */
    int any = 0, shared = 0;
    for (i = 0; i < q->nmembers; i++) {
      any |= q->members[i]->last_call != 0 || q->members[i]->calls != 0 ||
             q->members[i]->calls_shared != 0;
      shared |= q->members[i]->calls_shared != 0;
    }
    if (any) {
      acdr_jw_key(w, "member_calls");
      acdr_jw_arr(w);
      for (i = 0; i < q->nmembers; i++) {
        acdr_jw_arr(w);
        acdr_jw_u64(w, q->members[i]->last_call);
        acdr_jw_u64(w, q->members[i]->calls);
        if (shared) acdr_jw_u64(w, q->members[i]->calls_shared);
        acdr_jw_arr_end(w);
      }
      acdr_jw_arr_end(w);
    }
  }
  {
    int *was_open = NULL;
    acdr_timer *t = acdr_policy_hours_timer((acdr_queue *)q, &was_open);
    if (t) {
      acdr_jw_key(w, "hours_state");
      acdr_jw_obj(w);
      acdr_jw_kbool(w, "was_open", *was_open);
      timer(w, "timer", t);
      acdr_jw_obj_end(w);
    }
  }
  if (acdr_resume_first(q)) { /* abandoned callers who may resume */
    const acdr_resume_rec *r;
    acdr_jw_key(w, "resume");
    acdr_jw_arr(w);
    for (r = acdr_resume_first(q); r; r = r->next) {
      acdr_jw_obj(w);
      acdr_jw_kstr(w, "key", r->key);
      acdr_jw_ku64(w, "abandoned_at", r->abandoned_at);
      acdr_jw_ku64(w, "arrival", r->arrival);
      acdr_jw_ku64(w, "line_at", r->line_at);
      acdr_jw_ki64(w, "head_start_ms", r->head_start_ms);
      acdr_jw_obj_end(w);
    }
    acdr_jw_arr_end(w);
  }
  if (q->no_agent_since || acdr_timer_armed(&q->no_agent_timer)) {
    /* no-agent grace: when the last member left, the next leave */
    acdr_jw_key(w, "no_agent");
    acdr_jw_obj(w);
    acdr_jw_ku64(w, "since", q->no_agent_since);
    timer(w, "timer", &q->no_agent_timer);
    acdr_jw_obj_end(w);
  }
  acdr_jw_key(w, "aht_avg_ms");
  acdr_jw_f64(w, q->aht_avg_ms);
  acdr_jw_ki64(w, "aht_samples", q->aht_samples);
  acdr_jw_key(w, "tiers");
  acdr_jw_arr(w);
  for (i = 0; i < q->ntiers; i++) {
    const acdr_tier *t = q->tiers[i];
    char *saved = NULL;
    acdr_jw_obj(w);
    acdr_jw_ki64(w, "penalty", t->penalty);
    if (t->strategy->vt.save) {
      int rv = t->strategy->vt.save(t->state, &saved);
      if (rv)
        return acdr_err(e, rv == ACDR_ERR_NOMEM ? rv : ACDR_ERR_STRATEGY,
                        "snapshot: strategy \"%s\" of queue \"%s\" could not "
                        "save its state",
                        t->strategy->name, q->id);
      if (saved) acdr_jw_kstr(w, "state", saved);
      acdr_mem_free(&e->mem, saved);
    }
    acdr_jw_obj_end(w);
  }
  acdr_jw_arr_end(w);
  acdr_jw_obj_end(w);
  return 0;
}

static void write_contact(acdr_jw *w, const acdr_contact *c) {
  size_t i;
  const acdr_offer *o;
  const wmember kind[] = {WI("channel", c->channel),
                          WI("priority", c->priority), WI("state", c->state)};
  const wmember state[] = {
      WU("arrival", c->arrival), WU("enqueued", c->enqueued),
      WU("answered", c->answered), WU("talk_start", c->talk_start),
      WU("hold_start", c->ext ? c->ext->hold_start : 0),
      WU("hold_ns", acdr_contact_hold_ns(c)), WU("talk_end", c->talk_end),
      WU("first_reply", acdr_contact_first_reply_at(c)),
      WU("offer_round_start", c->offer_round_start), WB("on_hold", c->on_hold),
      WB("is_callback", c->is_callback), WB("transferred", c->transferred),
      WB("outbound", c->outbound),
      WU("overflow_hops", c->overflow_hops),
      WU("metrics_flags", c->metrics_flags),
      WU("missed_agent", c->missed_agent), WU("sdata", c->sdata),
      WB("in_line", c->in_line)};
  acdr_jw_obj(w);
  acdr_jw_kstr(w, "id", c->id);
  acdr_jw_ku64(w, "seq", c->seq);
  acdr_jw_kstr(w, "queue", c->queue->id);
  write_members(w, kind, NW(kind));
  if (c->retry_at) acdr_jw_ku64(w, "retry_at", c->retry_at);
  acdr_jw_key(w, "attrs");
  acdr_jw_obj(w);
  for (i = 0; i < c->nattrs; i++)
    acdr_jw_kstr(w, c->attrs[i].key, c->attrs[i].value);
  acdr_jw_obj_end(w);
  acdr_jw_key(w, "skills");
  acdr_jw_obj(w);
  for (i = 0; i < c->nskills; i++)
    acdr_jw_ki64(w, c->skills[i].name, c->skills[i].level);
  acdr_jw_obj_end(w);
  if (acdr_contact_customer(c))
    acdr_jw_kstr(w, "customer", acdr_contact_customer(c));
  if (acdr_contact_reason(c))
    acdr_jw_kstr(w, "reason", acdr_contact_reason(c));
  if (acdr_contact_preferred(c))
    acdr_jw_kstr(w, "preferred_agent", acdr_contact_preferred(c));
  acdr_jw_ku64(w, "preferred_until", c->ext ? c->ext->preferred_until : 0);
  if (c->ext && c->ext->had_known) { /* known-agent steps (customers) */
    size_t k;
    acdr_jw_key(w, "known");
    acdr_jw_obj(w);
    acdr_jw_ki64(w, "kind", c->ext->known_kind);
    acdr_jw_ku64(w, "offered", c->ext->known_offered);
    acdr_jw_key(w, "next");
    acdr_jw_arr(w);
    for (k = 0; k < c->ext->nknown_next; k++) {
      acdr_jw_obj(w);
      acdr_jw_kstr(w, "agent", c->ext->known_next[k]);
      acdr_jw_ki64(w, "kind", c->ext->known_next_kind[k]);
      acdr_jw_obj_end(w);
    }
    acdr_jw_arr_end(w);
    acdr_jw_obj_end(w);
  }
  write_members(w, state, NW(state));
  /* the caller's place (optional keys: older snapshots have neither) */
  if (c->line_at != c->enqueued) acdr_jw_ku64(w, "line_at", c->line_at);
  if (c->max_wait_due) acdr_jw_kbool(w, "max_wait_due", 1);
  if (acdr_contact_head_start_ms(c))
    acdr_jw_ku64(w, "head_start_ms",
                 (uint64_t)acdr_contact_head_start_ms(c));
  if (acdr_contact_min_penalty(c) >= 0)
    acdr_jw_ki64(w, "min_penalty", acdr_contact_min_penalty(c));
  if (acdr_contact_max_penalty(c) >= 0)
    acdr_jw_ki64(w, "max_penalty", acdr_contact_max_penalty(c));
  /* queue rules: the name (the window follows from it and the time) */
  if (c->ext && c->ext->rule) acdr_jw_kstr(w, "rule", c->ext->rule);
  if (acdr_contact_raise_penalty(c) >= 0)
    acdr_jw_ki64(w, "raise_penalty", acdr_contact_raise_penalty(c));
  if (c->agent) acdr_jw_kstr(w, "agent", c->agent->id);
  acdr_jw_key(w, "offers");
  acdr_jw_arr(w);
  for (o = c->offers; o; o = o->next_contact) {
    acdr_jw_obj(w);
    acdr_jw_kstr(w, "agent", o->agent->id);
    acdr_jw_ku64(w, "started", o->started);
    timer(w, "timer", &o->timer);
    acdr_jw_obj_end(w);
  }
  acdr_jw_arr_end(w);
  ctimer(w, "recheck", c, ACDR_CT_RECHECK);
  ctimer(w, "max_wait", c, ACDR_CT_MAX_WAIT);
  ctimer(w, "announce", c, ACDR_CT_ANNOUNCE);
  ctimer(w, "wrapup", c, ACDR_CT_WRAPUP);
  ctimer(w, "reply", c, ACDR_CT_REPLY);
  acdr_jw_obj_end(w);
}

static int by_contact_seq(const void *x, const void *y) {
  const acdr_contact *a = *(acdr_contact *const *)x;
  const acdr_contact *b = *(acdr_contact *const *)y;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

int acdr_engine_snapshot(acdr_engine *e, char **pdoc, size_t *plen) {
  acdr_jw w;
  acdr_agent **as = NULL;
  acdr_queue **qs = NULL;
  acdr_contact **cs = NULL;
  size_t na = 0, nq = 0, nc = 0, i;
  const char *k;
  void *v;
  int rv = 0;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!pdoc) return acdr_err_null(e, "snapshot: pdoc");
  *pdoc = NULL;
  if (e->depth || e->delivering)
    return acdr_err(e, ACDR_ERR_BUSY,
                    "snapshot: not allowed from inside a callback");
  if (acdr_agents_sorted(e, &as, &na) || acdr_queues_sorted(e, &qs, &nq) ||
      (e->contacts.len &&
       !(cs = acdr_mem_malloc(&e->mem, e->contacts.len * sizeof(*cs))))) {
    rv = acdr_err(e, ACDR_ERR_NOMEM, "out of memory (snapshot)");
    goto out;
  }
  for (i = 0; acdr_map_next(&e->contacts, &i, &k, &v);) cs[nc++] = v;
  if (nc) qsort(cs, nc, sizeof(*cs), by_contact_seq);
  acdr_jw_init(&w, &e->mem, 0);
  acdr_jw_obj(&w);
  acdr_jw_kstr(&w, "format", "acdroute-snapshot");
  acdr_jw_ki64(&w, "version", ACDR_SNAPSHOT_FORMAT_VERSION);
  acdr_jw_ku64(&w, "now", e->now);
  acdr_jw_ku64(&w, "seq", e->seq);
  acdr_jw_ku64(&w, "dispatch_gen", e->dispatch_gen);
  acdr_jw_key(&w, "rng");
  acdr_jw_arr(&w);
  for (i = 0; i < 4; i++) {
    char tmp[24];
    snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)e->rng[i]);
    acdr_jw_str(&w, tmp); /* as text: beyond int64 */
  }
  acdr_jw_arr_end(&w);
  acdr_jw_ku64(&w, "contacts_arrived", e->counts.contacts_arrived);
  acdr_jw_ku64(&w, "contacts_ended", e->counts.contacts_ended);
  timer(&w, "dispatch_retry", &e->dispatch_retry);
  acdr_jw_key(&w, "config");
  acdr_cfg_write_engine_core(&w, e);
  acdr_jw_key(&w, "agents");
  acdr_jw_arr(&w);
  for (i = 0; i < na; i++) write_agent(&w, e, as[i]);
  acdr_jw_arr_end(&w);
  acdr_jw_key(&w, "queues");
  acdr_jw_arr(&w);
  for (i = 0; i < nq && !rv; i++) rv = write_queue(&w, e, qs[i]);
  acdr_jw_arr_end(&w);
  acdr_jw_key(&w, "contacts");
  acdr_jw_arr(&w);
  for (i = 0; i < nc; i++) write_contact(&w, cs[i]);
  acdr_jw_arr_end(&w);
  if (!rv) rv = acdr_snapshot_write_modules(&w, e);
  acdr_jw_obj_end(&w);
  acdr_jw_raw(&w, "\n", 1);
  if (rv) {
    acdr_jw_free(&w);
  } else if (!(*pdoc = acdr_jw_take(&w, plen))) {
    rv = acdr_err(e, ACDR_ERR_NOMEM, "out of memory (snapshot)");
  }
out:
  acdr_mem_free(&e->mem, as);
  acdr_mem_free(&e->mem, qs);
  acdr_mem_free(&e->mem, cs);
  return rv;
}
