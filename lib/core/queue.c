/* SPDX-License-Identifier: MIT */
/* Queues: definition, members, penalty tiers and their strategy
 * instances. */
#include <string.h>

#include "core/engine_int.h"
#include "core/event.h"
#include "core/internal.h"
#include "core/hooks.h"
#include "util/structlen.h"

static uint64_t member_slots(const acdr_member *m) {
  const acdr_agent *a = m->agent;
  return a->status == ACDR_AGENT_AVAILABLE ? a->cap[m->queue->def.channel]
                                           : 0;
}

void acdr_agent_slots(acdr_agent *a, int sign) {
  size_t i;
  for (i = 0; i < a->nmembers; i++) {
    acdr_member *m = a->members[i];
    if (sign > 0)
      m->queue->avail_slots += member_slots(m);
    else
      m->queue->avail_slots -= member_slots(m);
  }
}

static void queue_slots_recount(acdr_queue *q) {
  size_t i;
  q->avail_slots = 0;
  for (i = 0; i < q->nmembers; i++) q->avail_slots += member_slots(q->members[i]);
}

void acdr_queue_def_default_versioned(int version, acdr_queue_def *d) {
  static const acdr_queue_def defaults = {
      .channel = ACDR_CHANNEL_VOICE, .sl_threshold_ms = 20000,
      .ring_timeout_ms = 15000, .join_when_empty = 1,
      .short_abandon_ms = 5000, .max_missed = 3, .no_answer_delay_ms = 5000,
      .reject_delay_ms = 5000, .busy_delay_ms = 5000,
      .weight_aging_ms = 60000, .known_agent_hold_ms = 30000,
      .reply_target_ms = 60000, .tier_wait_multiply = 1};
  if (version != ACDR_QUEUE_DEF_VERSION &&
      acdr_struct_default_old(ACDR_STRUCT(QUEUE_DEF), version, d)) return;
  if (!d) return;
  *d = defaults;
}

int acdr_find_queue(acdr_engine *e, const char *id, acdr_queue **out) {
  int rv;
  *out = acdr_lookup(e, ACDR_OBJ_QUEUE, id, &rv);
  return rv;
}

static int check_ms(acdr_engine *e, const char *q, const char *name,
                    int64_t v) {
  /* one year: beyond that, nanosecond arithmetic could overflow */
  if (v < 0 || v > 366LL * 86400 * 1000)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "queue \"%s\": %s = %lld outside 0..31622400000 ms", q,
                    name, (long long)v);
  return 0;
}

static int check_flag(acdr_engine *e, const char *q, const char *name,
                      int32_t v) {
  if (v != 0 && v != 1)
    return acdr_err(e, ACDR_ERR_RANGE, "queue \"%s\": %s = %d is not 0 or 1",
                    q, name, (int)v);
  return 0;
}

/* The queue rules: named steps in range, a default rule that exists. */
static int check_rules(acdr_engine *e, const acdr_queue_def *d) {
  size_t i;
  if (d->nrules && !d->rules)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "queue \"%s\": rules is NULL", d->id);
  if (d->nrules > 1024)
    return acdr_err(e, ACDR_ERR_LIMIT,
                    "queue \"%s\": %zu rule steps (at most 1024)", d->id,
                    d->nrules);
  for (i = 0; i < d->nrules; i++) {
    const acdr_penalty_change *s = &d->rules[i];
    int rv;
    if (!s->rule || !*s->rule || strlen(s->rule) > e->opt.max_id_len)
      return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                      "queue \"%s\": rule step %zu has no name (or one "
                      "longer than max_id_len)", d->id, i);
    if ((rv = acdr_check_utf8(e, s->rule, "rule name")) != 0) return rv;
    if (s->after_ms < 0 || s->after_ms > 366LL * 86400 * 1000)
      return acdr_err(e, ACDR_ERR_RANGE,
                      "queue \"%s\": rule \"%s\" step %zu: after_ms %lld "
                      "outside 0..31622400000", d->id, s->rule, i,
                      (long long)s->after_ms);
    if (s->relative & ~(ACDR_PC_MAX_RELATIVE | ACDR_PC_MIN_RELATIVE |
                        ACDR_PC_RAISE_RELATIVE))
      return acdr_err(e, ACDR_ERR_RANGE,
                      "queue \"%s\": rule \"%s\" step %zu: relative 0x%x "
                      "has unknown bits (ACDR_PC_*)", d->id, s->rule, i,
                      (unsigned)s->relative);
    if (s->max_penalty < -1000000 || s->max_penalty > 1000000 ||
        s->min_penalty < -1000000 || s->min_penalty > 1000000 ||
        s->raise_penalty < -1000000 || s->raise_penalty > 1000000)
      return acdr_err(e, ACDR_ERR_RANGE,
                      "queue \"%s\": rule \"%s\" step %zu: a penalty "
                      "outside -1000000..1000000", d->id, s->rule, i);
  }
  if (d->default_rule && *d->default_rule) {
    for (i = 0; i < d->nrules; i++)
      if (strcmp(d->rules[i].rule, d->default_rule) == 0) break;
    if (i == d->nrules)
      return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                      "queue \"%s\": default_rule \"%.64s\" is not one of "
                      "its rules", d->id, d->default_rule);
  }
  return 0;
}

static int validate_def(acdr_engine *e, int version,
                        const acdr_queue_def *d) {
  int rv;
  size_t i;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!d) return acdr_err_null(e, "queue def");
  if (version != ACDR_QUEUE_DEF_VERSION)
    return acdr_err_version(e, version, "queue def");
  if ((rv = acdr_check_id(e, d->id, "queue")) != 0) return rv;
  if (d->channel < 0 || d->channel >= ACDR_CHANNEL_COUNT)
    return acdr_err(e, ACDR_ERR_RANGE, "queue \"%s\": channel %d unknown",
                    d->id, (int)d->channel);
  if ((rv = check_ms(e, d->id, "sl_threshold_ms", d->sl_threshold_ms)) ||
      (rv = check_ms(e, d->id, "ring_timeout_ms", d->ring_timeout_ms)) ||
      (rv = check_ms(e, d->id, "wrapup_ms", d->wrapup_ms)) ||
      (rv = check_ms(e, d->id, "max_wait_ms", d->max_wait_ms)) ||
      (rv = check_ms(e, d->id, "announce_interval_ms",
                     d->announce_interval_ms)) ||
      (rv = check_ms(e, d->id, "short_abandon_ms", d->short_abandon_ms)) ||
      (rv = check_ms(e, d->id, "no_answer_delay_ms", d->no_answer_delay_ms)) ||
      (rv = check_ms(e, d->id, "reject_delay_ms", d->reject_delay_ms)) ||
      (rv = check_ms(e, d->id, "busy_delay_ms", d->busy_delay_ms)) ||
      (rv = check_ms(e, d->id, "tier_wait_ms", d->tier_wait_ms)) ||
      (rv = check_ms(e, d->id, "weight_aging_ms", d->weight_aging_ms)) ||
      (rv = check_ms(e, d->id, "known_agent_hold_ms",
                     d->known_agent_hold_ms)) ||
      (rv = check_ms(e, d->id, "reply_deadline_ms", d->reply_deadline_ms)) ||
      (rv = check_ms(e, d->id, "reply_target_ms", d->reply_target_ms)) ||
      (rv = check_ms(e, d->id, "abandoned_resume_ms",
                     d->abandoned_resume_ms)) ||
      (rv = check_ms(e, d->id, "connect_delay_ms", d->connect_delay_ms)) ||
      (rv = check_ms(e, d->id, "no_agent_wait_ms", d->no_agent_wait_ms)) ||
      (rv = check_ms(e, d->id, "no_agent_grace_ms", d->no_agent_grace_ms)) ||
      (rv = check_ms(e, d->id, "missed_delay_ms", d->missed_delay_ms)) ||
      (rv = check_ms(e, d->id, "retry_ms", d->retry_ms)))
    return rv;
  if (d->reply_overdue != ACDR_REPLY_OVERDUE_ALERT &&
      d->reply_overdue != ACDR_REPLY_OVERDUE_REASSIGN)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "queue \"%s\": reply_overdue %d is neither alert (0) "
                    "nor reassign (1)",
                    d->id, (int)d->reply_overdue);
  if (d->overflow_kind < ACDR_OVERFLOW_NONE ||
      d->overflow_kind > ACDR_OVERFLOW_MESSAGE)
    return acdr_err(e, ACDR_ERR_RANGE, "queue \"%s\": overflow_kind %d",
                    d->id, (int)d->overflow_kind);
  if (d->overflow_kind == ACDR_OVERFLOW_QUEUE &&
      (!d->overflow_target || !*d->overflow_target))
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "queue \"%s\": overflow to a queue needs a target",
                    d->id);
  if (d->overflow_kind == ACDR_OVERFLOW_QUEUE && d->overflow_target &&
      strcmp(d->overflow_target, d->id) == 0)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "queue \"%s\": overflow target is the queue itself",
                    d->id);
  if (d->overflow_target &&
      strlen(d->overflow_target) > 16 * (size_t)e->opt.max_id_len)
    return acdr_err(e, ACDR_ERR_LIMIT, "queue \"%s\": overflow target too "
                    "long", d->id);
  if (acdr_check_utf8(e, d->overflow_target, "overflow target"))
    return ACDR_ERR_INVALID_ARGUMENT;
  if (d->join_message &&
      strlen(d->join_message) > 16 * (size_t)e->opt.max_id_len)
    return acdr_err(e, ACDR_ERR_LIMIT, "queue \"%s\": join message too "
                    "long", d->id);
  if (acdr_check_utf8(e, d->join_message, "join message"))
    return ACDR_ERR_INVALID_ARGUMENT;
  if (d->time_base != ACDR_TIME_BASE_QUEUE &&
      d->time_base != ACDR_TIME_BASE_SYSTEM)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "queue \"%s\": time_base %d (0 queue, 1 system)", d->id,
                    (int)d->time_base);
  if (d->profile && acdr_profile_find(d->profile) < 0)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "queue \"%s\": unknown profile \"%.64s\" (acdroute, "
                    "asterisk or freeswitch)",
                    d->id, d->profile);
  if ((rv = check_flag(e, d->id, "wait_for_owner", d->wait_for_owner)) ||
      (rv = check_flag(e, d->id, "inbox", d->inbox)) ||
      (rv = check_flag(e, d->id, "position_counts_ringing",
                       d->position_counts_ringing)) ||
      (rv = check_flag(e, d->id, "weight_first", d->weight_first)) ||
      (rv = check_flag(e, d->id, "max_wait_rings_out",
                       d->max_wait_rings_out)) ||
      (rv = check_flag(e, d->id, "ring_timeout_restart",
                       d->ring_timeout_restart)) ||
      (rv = check_flag(e, d->id, "tier_by_level", d->tier_by_level)) ||
      (rv = check_flag(e, d->id, "tier_wait_multiply",
                       d->tier_wait_multiply)) ||
      (rv = check_flag(e, d->id, "tier_no_agent_no_wait",
                       d->tier_no_agent_no_wait)) ||
      (rv = check_flag(e, d->id, "ring_all_tiers", d->ring_all_tiers)) ||
      (rv = check_flag(e, d->id, "ring_add_late", d->ring_add_late)) ||
      (rv = check_flag(e, d->id, "missed_busy", d->missed_busy)) ||
      (rv = check_flag(e, d->id, "missed_pause_queue",
                       d->missed_pause_queue)) ||
      (rv = check_flag(e, d->id, "missed_unavail", d->missed_unavail)) ||
      (rv = check_rules(e, d)))
    return rv;
  if (d->wrapup_scope < ACDR_WRAPUP_AGENT ||
      d->wrapup_scope > ACDR_WRAPUP_SHARED)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "queue \"%s\": wrapup_scope %d (0 agent, 1 queue, 2 "
                    "shared)",
                    d->id, (int)d->wrapup_scope);
  if (d->penalty_members_limit < 0 || d->penalty_members_limit > 1000000)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "queue \"%s\": penalty_members_limit %d outside "
                    "0..1000000",
                    d->id, (int)d->penalty_members_limit);
  if ((d->join_empty | d->leave_empty) & ~ACDR_EMPTY_ALL)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "queue \"%s\": %s 0x%x has unknown bits (known: "
                    "ACDR_EMPTY_*, 0xff)", d->id,
                    (d->join_empty & ~ACDR_EMPTY_ALL) ? "join_empty"
                                                      : "leave_empty",
                    (unsigned)((d->join_empty & ~ACDR_EMPTY_ALL)
                                   ? d->join_empty
                                   : d->leave_empty));
  if (d->utc_offset_s < -18 * 3600 || d->utc_offset_s > 18 * 3600)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "queue \"%s\": utc_offset_s outside +-18 h", d->id);
  if (d->nparams && !d->params)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "queue \"%s\": params is NULL", d->id);
  if (d->nparams > 64)
    return acdr_err(e, ACDR_ERR_LIMIT, "queue \"%s\": more than 64 strategy "
                    "settings", d->id);
  for (i = 0; i < d->nparams; i++)
    if (!d->params[i].key || !d->params[i].value)
      return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                      "queue \"%s\": strategy setting %zu has a NULL key or "
                      "value", d->id, i);
  if (d->strategy && !acdr_strategy_find(e, d->strategy)) {
    const char *target;
    const char *hint = acdr_strategy_suggest(e, d->strategy, &target);
    return acdr_err(e, ACDR_ERR_UNKNOWN_STRATEGY,
                    "queue \"%s\": unknown strategy \"%s\"%s%s%s%s%s",
                    d->id, d->strategy, hint ? " (did you mean \"" : "",
                    hint ? hint : "", target ? "\", an alias of \"" : "",
                    target ? target : "", hint ? "\"?)" : "");
  }
  return 0;
}

static void free_params(acdr_engine *e, acdr_kv *p, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) {
    acdr_mem_free(&e->mem, (char *)(uintptr_t)p[i].key);
    acdr_mem_free(&e->mem, (char *)(uintptr_t)p[i].value);
  }
  acdr_mem_free(&e->mem, p);
}

int acdr_kv_copy(acdr_engine *e, const acdr_kv *in, size_t n, acdr_kv **out) {
  size_t i;
  acdr_kv *p;
  *out = NULL;
  if (!n) return 0;
  if (!(p = acdr_mem_calloc(&e->mem, n, sizeof(*p))))
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  for (i = 0; i < n; i++) {
    p[i].key = acdr_mem_strdup(&e->mem, in[i].key);
    p[i].value = acdr_mem_strdup(&e->mem, in[i].value);
    if (!p[i].key || !p[i].value) {
      free_params(e, p, n);
      return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
    }
  }
  *out = p;
  return 0;
}

void acdr_kv_free(acdr_engine *e, acdr_kv *p, size_t n) {
  free_params(e, p, n);
}

/* ---- tiers: one strategy instance per penalty (or one if FLAT) ---- */

static void tier_free(acdr_engine *e, acdr_tier *t) {
  if (!t) return;
  if (t->state) t->strategy->vt.destroy(t->state, t->strategy->vt.user_data);
  acdr_mem_free(&e->mem, t);
}

static acdr_tier *tier_new(acdr_engine *e, const char *qid, int32_t channel,
                           acdr_strategy_reg *s, const acdr_kv *params,
                           size_t nparams, int32_t penalty, int *prv) {
  acdr_strategy_ctx ctx;
  acdr_tier *t = acdr_mem_calloc(&e->mem, 1, sizeof(*t));
  int rv;
  if (!t) {
    *prv = acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
    return NULL;
  }
  t->penalty = penalty;
  t->strategy = s;
  t->host.engine = e;
  ctx.queue_id = qid;
  ctx.channel = channel;
  ctx.tier_penalty = penalty;
  ctx.host = &t->host;
  e->errmsg[0] = '\0';
  rv = s->vt.create(&t->state, &ctx, params, nparams, s->vt.user_data);
  if (rv) {
    t->state = NULL;
    tier_free(e, t);
    if (rv == ACDR_ERR_NOMEM)
      *prv = acdr_err(e, rv, "out of memory");
    else {
      if (!e->errmsg[0])
        acdr_err(e, ACDR_ERR_STRATEGY,
                 "queue \"%s\": strategy \"%s\" refused its settings", qid,
                 s->name);
      *prv = ACDR_ERR_STRATEGY;
    }
    return NULL;
  }
  return t;
}

static int32_t tier_key(const acdr_strategy_reg *s, int32_t penalty) {
  return (s->vt.flags & ACDR_STRATEGY_F_FLAT) ? 0 : penalty;
}

static size_t tier_lower_bound(acdr_tier *const *tiers, size_t n,
                               int32_t pen) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (tiers[mid]->penalty < pen)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

typedef struct tierset {
  acdr_tier **tiers;
  size_t ntiers;
} tierset;

/* Add member m to the tier set (creating its tier if needed). On failure
 * nothing changed. */
static int tierset_attach(acdr_engine *e, acdr_queue *q, tierset *ts,
                          acdr_strategy_reg *s, const acdr_kv *params,
                          size_t nparams, acdr_member *m) {
  int32_t pen = tier_key(s, m->penalty);
  size_t at = tier_lower_bound(ts->tiers, ts->ntiers, pen);
  acdr_tier *t;
  int rv, created = 0;
  if (at < ts->ntiers && ts->tiers[at]->penalty == pen) {
    t = ts->tiers[at];
  } else {
    acdr_tier **arr =
        acdr_mem_realloc(&e->mem, ts->tiers, (ts->ntiers + 1) * sizeof(*arr));
    if (!arr) return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
    ts->tiers = arr;
    if (!(t = tier_new(e, q->id, q->def.channel, s, params, nparams, pen,
                       &rv)))
      return rv;
    memmove(arr + at + 1, arr + at, (ts->ntiers - at) * sizeof(*arr));
    arr[at] = t;
    ts->ntiers++;
    created = 1;
  }
  m->tier = t;
  m->ready = 0;
  m->sdata = NULL;
  m->sidx = 0;
  if (s->vt.member_add && (rv = s->vt.member_add(t->state, m)) != 0) {
    if (created) {
      tier_free(e, t);
      memmove(ts->tiers + at, ts->tiers + at + 1,
              (ts->ntiers - at - 1) * sizeof(*ts->tiers));
      ts->ntiers--;
    }
    m->tier = NULL;
    return acdr_err(e, rv == ACDR_ERR_NOMEM ? ACDR_ERR_NOMEM
                                            : ACDR_ERR_STRATEGY,
                    "queue \"%s\": strategy could not add member \"%s\"",
                    q->id, m->agent->id);
  }
  t->nmembers++;
  return 0;
}

static void tierset_detach(acdr_engine *e, tierset *ts, acdr_member *m) {
  acdr_tier *t = m->tier;
  size_t at;
  if (!t) return;
  if (m->ready) {
    m->ready = 0;
    t->nready--;
    if (t->strategy->vt.member_unready)
      t->strategy->vt.member_unready(t->state, m);
  }
  if (t->strategy->vt.member_remove)
    t->strategy->vt.member_remove(t->state, m);
  m->tier = NULL;
  if (--t->nmembers) return;
  at = tier_lower_bound(ts->tiers, ts->ntiers, t->penalty);
  memmove(ts->tiers + at, ts->tiers + at + 1,
          (ts->ntiers - at - 1) * sizeof(*ts->tiers));
  ts->ntiers--;
  tier_free(e, t);
}

static void tierset_free(acdr_engine *e, tierset *ts) {
  size_t i;
  for (i = 0; i < ts->ntiers; i++) tier_free(e, ts->tiers[i]);
  acdr_mem_free(&e->mem, ts->tiers);
  ts->tiers = NULL;
  ts->ntiers = 0;
}

/* ---- queue objects ---- */

static void queue_strings_free(acdr_engine *e, acdr_queue *q) {
  acdr_mem_free(&e->mem, q->strategy_name);
  acdr_defer_free(e, q->overflow_target);
  acdr_defer_free(e, q->join_message);
  free_params(e, q->params, q->nparams);
  acdr_qrules_free(e, q->rules, q->def.nrules);
  acdr_mem_free(&e->mem, q->default_rule);
  q->rules = NULL;
  q->default_rule = NULL;
}

void acdr_queue_free(acdr_engine *e, acdr_queue *q) {
  size_t i;
  tierset ts = {q->tiers, q->ntiers};
  for (i = 0; i < q->nmembers; i++) {
    acdr_member *m = q->members[i];
    acdr_agent *a = m->agent;
    size_t j;
    tierset_detach(e, &ts, m);
    for (j = 0; j < a->nmembers; j++)
      if (a->members[j] == m) {
        a->members[j] = a->members[--a->nmembers];
        break;
      }
    acdr_mem_free(&e->mem, m);
  }
  tierset_free(e, &ts);
  acdr_hook_queue_free(e, q);
  acdr_resume_free(e, q);
  acdr_mem_free(&e->mem, q->members);
  queue_strings_free(e, q);
  acdr_defer_free(e, q->id);
  acdr_mem_free(&e->mem, q);
}

/* Copy the def's strings into q (all-or-nothing). */
static int queue_set_def(acdr_engine *e, acdr_queue *q,
                         const acdr_queue_def *d, acdr_strategy_reg *s) {
  /* The name as written: a peer's alias (docs/strategies.md) stays in
   * exports and snapshots, so a ported document round-trips. */
  char *sn = acdr_mem_strdup(&e->mem, d->strategy ? d->strategy : s->name);
  char *ot = d->overflow_target ? acdr_mem_strdup(&e->mem, d->overflow_target)
                                : NULL;
  char *jm = d->join_message ? acdr_mem_strdup(&e->mem, d->join_message)
                             : NULL;
  acdr_kv *params = NULL;
  acdr_penalty_change *rules = NULL;
  char *dr = d->default_rule && *d->default_rule
                 ? acdr_mem_strdup(&e->mem, d->default_rule)
                 : NULL;
  if (!sn || (d->overflow_target && !ot) || (d->join_message && !jm) ||
      (d->default_rule && *d->default_rule && !dr) ||
      acdr_qrules_copy(e, d->rules, d->nrules, &rules) != 0 ||
      acdr_kv_copy(e, d->params, d->nparams, &params) != 0) {
    acdr_mem_free(&e->mem, sn);
    acdr_mem_free(&e->mem, ot);
    acdr_mem_free(&e->mem, jm);
    acdr_mem_free(&e->mem, dr);
    acdr_qrules_free(e, rules, d->nrules);
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  }
  queue_strings_free(e, q);
  q->def = *d;
  q->strategy_name = sn;
  q->overflow_target = ot;
  q->join_message = jm;
  q->params = params;
  q->nparams = d->nparams;
  q->def.id = q->id;
  q->def.strategy = sn;
  q->def.overflow_target = ot;
  q->def.join_message = jm;
  q->def.params = params;
  q->rules = rules;
  q->default_rule = dr;
  q->def.rules = rules;
  q->def.default_rule = dr;
  /* the table's own string: the caller's may not outlive the call */
  q->def.profile = acdr_profile_name(acdr_profile_find(d->profile));
  q->strategy = s;
  queue_slots_recount(q); /* the channel may have changed */
  return 0;
}

int acdr_queue_add_versioned(acdr_engine *e, int version,
                             const acdr_queue_def *d) {
  ACDR_STRUCT_IN(QUEUE_DEF, acdr_queue_def, version, d);
  acdr_queue *q;
  acdr_strategy_reg *s;
  int rv = validate_def(e, version, d);
  if (rv) return rv;
  if (acdr_map_get(&e->queues, d->id))
    return acdr_err(e, ACDR_ERR_DUPLICATE_ID, "queue \"%s\" already exists",
                    d->id);
  s = acdr_strategy_find(e, d->strategy ? d->strategy : "longest-idle");
  if (!s)
    return acdr_err(e, ACDR_ERR_UNKNOWN_STRATEGY,
                    "queue \"%s\": no default strategy", d->id);
  if (acdr_map_reserve(&e->queues, &e->mem, 1) != 0 ||
      !(q = acdr_mem_calloc(&e->mem, 1, sizeof(*q))))
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  acdr_timer_init(&q->no_agent_timer, NULL); /* lib/policies sets fire */
  if (!(q->id = acdr_mem_strdup(&e->mem, d->id))) {
    acdr_mem_free(&e->mem, q);
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  }
  if ((rv = queue_set_def(e, q, d, s)) != 0) {
    acdr_mem_free(&e->mem, q->id);
    acdr_mem_free(&e->mem, q);
    return rv;
  }
  /* Validate strategy settings now, with a throw-away instance, so a bad
   * setting fails here and not at the first member. */
  {
    acdr_tier *t = tier_new(e, q->id, q->def.channel, s, q->params,
                            q->nparams, 0, &rv);
    if (!t) {
      queue_strings_free(e, q);
      acdr_mem_free(&e->mem, q->id);
      acdr_mem_free(&e->mem, q);
      return rv;
    }
    tier_free(e, t);
  }
  q->seq = ++e->seq;
  (void)acdr_map_put(&e->queues, &e->mem, q->id, q);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_QUEUE_ADD, .queue_def = d});
  return 0;
}

int acdr_queue_update_versioned(acdr_engine *e, int version,
                                const acdr_queue_def *d, acdr_tstamp now) {
  ACDR_STRUCT_IN(QUEUE_DEF, acdr_queue_def, version, d);
  acdr_queue *q;
  acdr_strategy_reg *s, *old_s;
  tierset nts = {NULL, 0}, ots;
  size_t i;
  int rv = validate_def(e, version, d);
  if (rv) return rv;
  if ((rv = acdr_find_queue(e, d->id, &q)) != 0) return rv;
  if (d->channel != q->def.channel &&
      (acdr_line_len(&q->line) || q->noffered || q->nconnected))
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "queue \"%s\": cannot change the channel while contacts "
                    "are in it", d->id);
  if ((rv = acdr_enter(e, now)) != 0) return rv;
  s = acdr_strategy_find(e, d->strategy ? d->strategy : "longest-idle");
  /* Build every needed tier of the new strategy first: if anything
   * fails, nothing changed.  Then move the members over. */
  for (i = 0; i < q->nmembers; i++) {
    int32_t pen = tier_key(s, q->members[i]->penalty);
    size_t at = tier_lower_bound(nts.tiers, nts.ntiers, pen);
    if (at < nts.ntiers && nts.tiers[at]->penalty == pen) continue;
    {
      acdr_tier **arr = acdr_mem_realloc(&e->mem, nts.tiers,
                                         (nts.ntiers + 1) * sizeof(*arr));
      acdr_tier *t;
      if (!arr) {
        tierset_free(e, &nts);
        return acdr_leave(e, acdr_err(e, ACDR_ERR_NOMEM, "out of memory"));
      }
      nts.tiers = arr;
      if (!(t = tier_new(e, q->id, d->channel, s, d->params, d->nparams, pen,
                         &rv))) {
        tierset_free(e, &nts);
        return acdr_leave(e, rv);
      }
      memmove(arr + at + 1, arr + at, (nts.ntiers - at) * sizeof(*arr));
      arr[at] = t;
      nts.ntiers++;
    }
  }
  if (nts.ntiers == 0) {
    /* validate settings even without members */
    acdr_tier *t =
        tier_new(e, q->id, d->channel, s, d->params, d->nparams, 0, &rv);
    if (!t) return acdr_leave(e, rv);
    tier_free(e, t);
  }
  old_s = q->strategy;
  if ((rv = queue_set_def(e, q, d, s)) != 0) {
    tierset_free(e, &nts);
    return acdr_leave(e, rv);
  }
  if (old_s != s) {
    /* a contact's strategy data (linear's place, round-robin-strict's
     * pin) means nothing to another strategy: drop it, as a transfer
     * does (O(contacts), only when the strategy changes) */
    size_t it;
    const char *k;
    void *v;
    for (it = 0; acdr_map_next(&e->contacts, &it, &k, &v);)
      if (((acdr_contact *)v)->queue == q) ((acdr_contact *)v)->sdata = 0;
  }
  /* move members: detach from old tiers, attach to new (tiers exist, so
   * only member_add can fail) */
  ots.tiers = q->tiers;
  ots.ntiers = q->ntiers;
  /* keep decisions state (round-robin cursor...) across a reload: a tier
   * of the same strategy and penalty continues where the old one was */
  for (i = 0; i < ots.ntiers; i++) {
    acdr_tier *ot = ots.tiers[i];
    size_t at = tier_lower_bound(nts.tiers, nts.ntiers, ot->penalty);
    char *saved = NULL;
    if (at >= nts.ntiers || nts.tiers[at]->penalty != ot->penalty ||
        ot->strategy != s || !s->vt.save || !s->vt.load)
      continue;
    if (s->vt.save(ot->state, &saved) == 0 && saved) {
      (void)s->vt.load(nts.tiers[at]->state, saved);
      acdr_mem_free(&e->mem, saved);
    }
  }
  for (i = 0; i < q->nmembers; i++) {
    acdr_member *m = q->members[i];
    int32_t pen = tier_key(s, m->penalty);
    size_t at;
    tierset_detach(e, &ots, m);
    at = tier_lower_bound(nts.tiers, nts.ntiers, pen);
    m->tier = nts.tiers[at];
    m->ready = 0;
    m->sdata = NULL;
    m->sidx = 0;
    if (s->vt.member_add) (void)s->vt.member_add(m->tier->state, m);
    m->tier->nmembers++;
  }
  tierset_free(e, &ots);
  /* drop tiers that ended up empty (none should) */
  q->tiers = nts.tiers;
  q->ntiers = nts.ntiers;
  for (i = 0; i < q->nmembers; i++) {
    acdr_member_sync(e, q->members[i]);
    /* a new wrap-up setting may end a membership's wrap-up later */
    acdr_agent_wake_wrapups(e, q->members[i]->agent);
  }
  acdr_dispatch_queue(e, q);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_QUEUE_UPDATE,
                                   .queue_def = d});
  return acdr_leave(e, 0);
}

int acdr_queue_remove(acdr_engine *e, const char *id, int overflow_waiting,
                      acdr_tstamp now) {
  acdr_queue *q;
  int rv;
  if (!(q = acdr_enter_lookup(e, now, ACDR_OBJ_QUEUE, id, &rv))) return rv;
  if (q->nconnected)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_IN_USE,
                                  "queue \"%s\" has %u connected contacts",
                                  id, q->nconnected));
  if ((acdr_line_len(&q->line) || q->noffered) && !overflow_waiting)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_IN_USE,
                                  "queue \"%s\" has contacts waiting", id));
  {
    /* every offer withdrawn, then every contact through an overflow
     * chain (the members' offers bound those from this queue) */
    size_t i, offers = 0;
    for (i = 0; i < q->nmembers; i++) offers += q->members[i]->agent->noffers;
    if ((rv = acdr_actions_reserve(
             e, ACDR_BUDGET_STEP + ACDR_BUDGET_PER_OFFER * offers +
                    acdr_budget_evict(q) +
                    (size_t)q->noffered * (1 + ACDR_BUDGET_OVERFLOW))) != 0)
      return acdr_leave(e, rv);
  }
  /* ringing contacts of this queue: pull back, then overflow all */
  {
    size_t i;
    for (i = 0; i < q->nmembers; i++) {
      acdr_agent *a = q->members[i]->agent;
      acdr_offer *o = a->offers, *next;
      for (; o; o = next) {
        next = o->next_agent;
        if (o->contact->queue == q)
          acdr_offer_cancel(e, o, ACDR_CANCEL_WITHDRAWN);
      }
    }
  }
  q->dispatching = 1; /* no new offers from this queue */
  while (acdr_line_len(&q->line))
    acdr_hook_overflow(e, acdr_line_first(&q->line),
                         ACDR_OVERFLOW_CAUSE_QUEUE_REMOVED);
  if (q->pending) { /* withdrawn offers queued a dispatch: drop it */
    acdr_queue **pp = &e->pending_queues;
    while (*pp != q) pp = &(*pp)->next_pending;
    *pp = q->next_pending;
    q->pending = 0;
  }
  acdr_map_del(&e->queues, q->id);
  acdr_queue_free(e, q);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_QUEUE_REMOVE, .queue = id,
                                   .overflow_waiting = overflow_waiting});
  return acdr_leave(e, 0);
}

/* ---- members ---- */

static uint64_t member_order(int32_t position, uint64_t seq) {
  return ((uint64_t)((int64_t)position + 2147483648LL) << 32) |
         (seq & 0xffffffffULL);
}

/* Enter the engine and find queue qid, agent aid and the index in
 * a->members of the agent's membership of q (a->nmembers if none).
 * Returns 0, or an error having left the engine. */
static int enter_membership(acdr_engine *e, const char *qid, const char *aid,
                            acdr_tstamp now, acdr_queue **q, acdr_agent **a,
                            size_t *i) {
  int rv;
  *i = 0;
  if ((rv = acdr_enter(e, now)) != 0) return rv;
  if ((rv = acdr_find_queue(e, qid, q)) != 0 ||
      (rv = acdr_find_agent(e, aid, a)) != 0)
    return acdr_leave(e, rv);
  for (*i = 0; *i < (*a)->nmembers; (*i)++)
    if ((*a)->members[*i]->queue == *q) break;
  return 0;
}

int acdr_queue_member_add(acdr_engine *e, const char *qid, const char *aid,
                          int32_t penalty, int32_t position, acdr_tstamp now) {
  acdr_queue *q;
  acdr_agent *a;
  acdr_member *m;
  tierset ts;
  size_t i;
  int rv;
  if ((rv = enter_membership(e, qid, aid, now, &q, &a, &i)) != 0) return rv;
  if (i < a->nmembers)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_DUPLICATE_ID,
                                    "agent \"%s\" is already a member of "
                                    "queue \"%s\"",
                                    aid, qid));
  if (penalty < 0 || penalty > 1000000)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_RANGE,
                                  "penalty %d outside 0..1000000",
                                  (int)penalty));
  if (q->nmembers >= e->opt.max_members)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_LIMIT,
                                  "queue \"%s\" has max_members (%u)", qid,
                                  e->opt.max_members));
  if (acdr_mem_grow(&e->mem, (void **)&q->members, &q->capmembers,
                    q->nmembers + 1, sizeof(*q->members)) ||
      acdr_mem_grow(&e->mem, (void **)&a->members, &a->capmembers,
                    a->nmembers + 1, sizeof(*a->members)) ||
      acdr_actions_reserve(e, ACDR_BUDGET_EVENT) ||
      !(m = acdr_mem_calloc(&e->mem, 1, sizeof(*m))))
    return acdr_leave(e, acdr_err(e, ACDR_ERR_NOMEM, "out of memory"));
  m->agent = a;
  m->queue = q;
  m->penalty = penalty;
  m->position = position;
  m->wrapup_ms = -1; /* acdr_member_def defaults (weight 0, not paused) */
  m->order = member_order(position, ++q->member_seq);
  ts.tiers = q->tiers;
  ts.ntiers = q->ntiers;
  rv = tierset_attach(e, q, &ts, q->strategy, q->params, q->nparams, m);
  /* the tier array may have moved even when attaching failed */
  q->tiers = ts.tiers;
  q->ntiers = ts.ntiers;
  if (rv) {
    q->member_seq--; /* a refused call leaves the order counter too */
    acdr_mem_free(&e->mem, m);
    return acdr_leave(e, rv);
  }
  q->members[q->nmembers++] = m;
  a->members[a->nmembers++] = m;
  if (a->status != ACDR_AGENT_LOGGED_OUT) q->logged_in++;
  q->avail_slots += member_slots(m);
  acdr_member_sync(e, m);
  acdr_agent_wake_wrapups(e, a); /* shared wrap-up: may start blocked */
  acdr_dispatch_queue(e, q);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_MEMBER_ADD, .queue = qid,
                                   .agent = aid, .penalty = penalty,
                                   .position = position});
  return acdr_leave(e, 0);
}

/* Remove m from the n members of arr, keeping their order (no-op if
 * absent). */
static void members_drop(acdr_member **arr, size_t *n, const acdr_member *m) {
  size_t i;
  for (i = 0; i < *n; i++)
    if (arr[i] == m) {
      memmove(arr + i, arr + i + 1, (*n - i - 1) * sizeof(*arr));
      (*n)--;
      break;
    }
}

/* Unlink a member from its queue and agent and free it.  Offers from the
 * member's queue ringing at the agent are withdrawn. */
void acdr_member_detach(acdr_engine *e, acdr_member *m) {
  acdr_queue *q = m->queue;
  acdr_agent *a = m->agent;
  tierset ts;
  acdr_offer *o, *next;
  for (o = a->offers; o; o = next) {
    next = o->next_agent;
    if (o->member == m) acdr_offer_cancel(e, o, ACDR_CANCEL_WITHDRAWN);
  }
  ts.tiers = q->tiers;
  ts.ntiers = q->ntiers;
  tierset_detach(e, &ts, m);
  q->tiers = ts.tiers;
  q->ntiers = ts.ntiers;
  members_drop(q->members, &q->nmembers, m);
  members_drop(a->members, &a->nmembers, m);
  q->avail_slots -= member_slots(m);
  if (a->status != ACDR_AGENT_LOGGED_OUT && --q->logged_in == 0)
    acdr_hook_queue_empty(e, q);
  acdr_mem_free(&e->mem, m);
}

int acdr_queue_member_remove(acdr_engine *e, const char *qid, const char *aid,
                             acdr_tstamp now) {
  acdr_queue *q;
  acdr_agent *a;
  size_t i;
  int rv;
  if ((rv = enter_membership(e, qid, aid, now, &q, &a, &i)) != 0) return rv;
  if (i == a->nmembers)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_NOT_MEMBER,
                                  "agent \"%s\" is not a member of queue "
                                  "\"%s\"",
                                  aid, qid));
  if ((rv = acdr_actions_reserve(
           e, ACDR_BUDGET_STEP + ACDR_BUDGET_PER_OFFER * (size_t)a->noffers +
                  ACDR_BUDGET_PER_WAITING * acdr_line_len(&q->line) +
                  acdr_budget_last_member(a, q))) != 0)
    return acdr_leave(e, rv);
  acdr_member_detach(e, a->members[i]);
  acdr_agent_refresh(e, a);
  /* a contact held for this agent as its known agent (or pinned to it by
   * the strategy) moves on now, not when its hold runs out */
  if (acdr_line_len(&q->line)) acdr_dispatch_queue_later(e, q);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_MEMBER_REMOVE, .queue = qid,
                                   .agent = aid});
  return acdr_leave(e, 0);
}

int acdr_queue_get_info_versioned(const acdr_engine *e, const char *id,
                                  acdr_tstamp now, int version,
                                  acdr_queue_info *info) {
  ACDR_STRUCT_OUT(QUEUE_INFO, acdr_queue_info, version, info,
                  acdr_queue_get_info_versioned(e, id, now, ACDR_QUEUE_INFO_VERSION,
                                                &acdr_latest_));
  acdr_queue *q;
  acdr_contact *first;
  size_t i;
  if (!e || !id || !info) return ACDR_ERR_INVALID_ARGUMENT;
  if (version != ACDR_QUEUE_INFO_VERSION) return ACDR_ERR_VERSION;
  if (!(q = acdr_map_get(&e->queues, id))) return ACDR_ERR_QUEUE_NOT_FOUND;
  memset(info, 0, sizeof(*info));
  info->waiting = acdr_line_len(&q->line);
  info->offered = q->noffered;
  info->connected = q->nconnected;
  info->members = (uint32_t)q->nmembers;
  info->strategy = q->strategy_name;
  for (i = 0; i < q->nmembers; i++) {
    acdr_member *m = q->members[i];
    acdr_agent *a = m->agent;
    if (a->status == ACDR_AGENT_LOGGED_OUT) continue;
    info->agents_logged_in++;
    if (a->status == ACDR_AGENT_AWAY) info->agents_away++;
    if (m->ready) info->agents_ready++;
    if (a->noffers || a->nconnected)
      info->agents_busy++;
    else if (a->nwrapup)
      info->agents_wrapup++;
  }
  first = acdr_line_first(&q->line);
  if (first && now > first->enqueued) info->longest_wait_ns = now - first->enqueued;
  {
    acdr_contact *c;
    /* the longest waiter is the earliest enqueued, not necessarily the
     * first in line (priorities): look at the few highest priorities */
    for (c = first; c; c = acdr_line_next(c))
      if (now > c->enqueued && now - c->enqueued > info->longest_wait_ns)
        info->longest_wait_ns = now - c->enqueued;
  }
  info->open = acdr_hook_is_open((acdr_engine *)(uintptr_t)e, q, now);
  info->estimated_wait_ms = acdr_hook_estimated_wait(
      (acdr_engine *)(uintptr_t)e, q, info->waiting + 1);
  return 0;
}

int acdr_queue_def_check(acdr_engine *e, const acdr_queue_def *d) {
  return validate_def(e, ACDR_QUEUE_DEF_VERSION, d);
}
