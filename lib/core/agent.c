/* SPDX-License-Identifier: MIT */
/* Agents: definition, login/logout/status, readiness. */
#include <string.h>

#include "core/engine_int.h"
#include "core/event.h"
#include "core/internal.h"
#include "core/hooks.h"
#include "util/structlen.h"

void acdr_agent_def_default_versioned(int version, acdr_agent_def *d) {
  if (version != ACDR_AGENT_DEF_VERSION &&
      acdr_struct_default_old(ACDR_STRUCT(AGENT_DEF), version, d)) return;
  if (!d) return;
  memset(d, 0, sizeof(*d));
  d->capacity[ACDR_CHANNEL_VOICE] = 1;
  d->capacity[ACDR_CHANNEL_CHAT] = 3;
  d->capacity[ACDR_CHANNEL_EMAIL] = 5;
  d->wrapup_ms = -1;
  d->ring_timeout_ms = -1;
  d->voice_blocks_other_channels = -1;
  d->no_answer_delay_ms = -1;
  d->reject_delay_ms = -1;
  d->busy_delay_ms = -1;
  d->max_missed = -1;
  d->missed_status = ACDR_AGENT_AWAY;
  d->on_demand = 0;
}

static acdr_agent *find_agent(const acdr_engine *e, const char *id) {
  return id ? acdr_map_get(&e->agents, id) : NULL;
}

int acdr_find_agent(acdr_engine *e, const char *id, acdr_agent **out) {
  int rv;
  *out = acdr_lookup(e, ACDR_OBJ_AGENT, id, &rv);
  return rv;
}

/* Skill names are interned per engine: every agent and contact that names
 * a skill points at one reference-counted copy. */
typedef struct skill_name {
  uint32_t refs;
  char name[];
} skill_name;

static skill_name *name_rec(const char *name) {
  return (skill_name *)(void *)(name - offsetof(skill_name, name));
}

static void name_release(acdr_engine *e, const char *name) {
  skill_name *k;
  if (!name) return;
  k = name_rec(name);
  if (--k->refs) return;
  acdr_map_del(&e->skill_names, k->name);
  acdr_mem_free(&e->mem, k);
}

static const char *name_intern(acdr_engine *e, const char *name) {
  skill_name *k = acdr_map_get(&e->skill_names, name);
  size_t n;
  if (k) {
    k->refs++;
    return k->name;
  }
  n = strlen(name) + 1;
  if (acdr_map_reserve(&e->skill_names, &e->mem, 1) ||
      !(k = acdr_mem_malloc(&e->mem, sizeof(*k) + n)))
    return NULL;
  k->refs = 1;
  memcpy(k->name, name, n);
  (void)acdr_map_put(&e->skill_names, &e->mem, k->name, k); /* reserved */
  return k->name;
}

static void free_skills(acdr_engine *e, acdr_agent_skill *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) name_release(e, s[i].name);
  acdr_mem_free(&e->mem, s);
}

/* Copy and validate a skill list. */
int acdr_skills_copy(acdr_engine *e, const acdr_skill *in, size_t n,
                     acdr_agent_skill **out, const char *owner) {
  size_t i, j;
  acdr_agent_skill *s;
  *out = NULL;
  if (n == 0) return 0;
  if (!in)
    return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT, "%s: skills is NULL",
                    owner);
  if (n > e->opt.max_skills)
    return acdr_err(e, ACDR_ERR_LIMIT, "%s: %zu skills > max_skills %u",
                    owner, n, e->opt.max_skills);
  for (i = 0; i < n; i++) {
    if (!in[i].name || !*in[i].name)
      return acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                      "%s: skill %zu has no name", owner, i);
    if (strlen(in[i].name) > e->opt.max_id_len)
      return acdr_err(e, ACDR_ERR_LIMIT, "%s: skill %zu name too long",
                      owner, i);
    if (acdr_check_utf8(e, in[i].name, "skill name"))
      return ACDR_ERR_INVALID_ARGUMENT;
    if (in[i].level < 0 || in[i].level > 100)
      return acdr_err(e, ACDR_ERR_RANGE,
                      "%s: skill \"%s\" level %d outside 0..100", owner,
                      in[i].name, (int)in[i].level);
    for (j = 0; j < i; j++)
      if (strcmp(in[i].name, in[j].name) == 0)
        return acdr_err(e, ACDR_ERR_DUPLICATE_ID,
                        "%s: skill \"%s\" listed twice", owner, in[i].name);
  }
  s = acdr_mem_calloc(&e->mem, n, sizeof(*s));
  if (!s) return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  for (i = 0; i < n; i++) {
    s[i].name = name_intern(e, in[i].name);
    s[i].level = in[i].level;
    if (!s[i].name) {
      free_skills(e, s, n);
      return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
    }
  }
  *out = s;
  return 0;
}

void acdr_skills_free(acdr_engine *e, acdr_agent_skill *s, size_t n) {
  free_skills(e, s, n);
}

static int validate_def(acdr_engine *e, int version,
                        const acdr_agent_def *d) {
  int rv, ch;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (!d) return acdr_err_null(e, "agent def");
  if (version != ACDR_AGENT_DEF_VERSION)
    return acdr_err_version(e, version, "agent def");
  if ((rv = acdr_check_id(e, d->id, "agent")) != 0) return rv;
  for (ch = 0; ch < ACDR_CHANNEL_COUNT; ch++)
    if (d->capacity[ch] > 1000)
      return acdr_err(e, ACDR_ERR_RANGE,
                      "agent \"%s\": capacity %u on channel %d > 1000",
                      d->id, d->capacity[ch], ch);
  /* one year at most, like the queue durations: ms -> ns cannot overflow */
  if (d->wrapup_ms < -1 || d->wrapup_ms > 366LL * 86400 * 1000)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "agent \"%s\": wrapup_ms outside -1..31622400000",
                    d->id);
  if (d->ring_timeout_ms < -1 || d->ring_timeout_ms > 366LL * 86400 * 1000)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "agent \"%s\": ring_timeout_ms %lld outside "
                    "-1..31622400000",
                    d->id, (long long)d->ring_timeout_ms);
  {
    static const char *const names[] = {"no_answer_delay_ms",
                                        "reject_delay_ms", "busy_delay_ms"};
    const int64_t v[] = {d->no_answer_delay_ms, d->reject_delay_ms,
                         d->busy_delay_ms};
    int i;
    for (i = 0; i < 3; i++)
      if (v[i] < -1 || v[i] > 366LL * 86400 * 1000)
        return acdr_err(e, ACDR_ERR_RANGE,
                        "agent \"%s\": %s outside -1..31622400000", d->id,
                        names[i]);
  }
  if (d->max_missed < -1)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "agent \"%s\": max_missed %d below -1", d->id,
                    (int)d->max_missed);
  if (d->missed_status != ACDR_AGENT_AWAY &&
      d->missed_status != ACDR_AGENT_LOGGED_OUT)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "agent \"%s\": missed_status %d is not AWAY or "
                    "LOGGED_OUT",
                    d->id, (int)d->missed_status);
  if (d->on_demand != 0 && d->on_demand != 1)
    return acdr_err(e, ACDR_ERR_RANGE, "agent \"%s\": on_demand not 0/1",
                    d->id);
  if (d->voice_blocks_other_channels < -1 ||
      d->voice_blocks_other_channels > 1)
    return acdr_err(e, ACDR_ERR_RANGE,
                    "agent \"%s\": voice_blocks_other_channels not -1/0/1",
                    d->id);
  if (d->name && strlen(d->name) > 4 * (size_t)e->opt.max_id_len)
    return acdr_err(e, ACDR_ERR_LIMIT, "agent \"%s\": name too long", d->id);
  if (acdr_check_utf8(e, d->name, "agent name"))
    return ACDR_ERR_INVALID_ARGUMENT;
  return 0;
}

/* d's miss settings as an allocation in *out, or NULL when they are all
 * the defaults.  0 or ACDR_ERR_NOMEM. */
static int miss_new(acdr_engine *e, const acdr_agent_def *d,
                    acdr_agent_miss **out) {
  acdr_agent_miss *m;
  *out = NULL;
  if (d->no_answer_delay_ms < 0 && d->reject_delay_ms < 0 &&
      d->busy_delay_ms < 0 && d->max_missed < 0 &&
      d->missed_status == ACDR_AGENT_AWAY && !d->on_demand)
    return 0;
  if (!(m = acdr_mem_malloc(&e->mem, sizeof(*m))))
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  m->na_delay_ms = d->no_answer_delay_ms;
  m->rej_delay_ms = d->reject_delay_ms;
  m->busy_delay_ms = d->busy_delay_ms;
  m->max_missed = d->max_missed;
  m->missed_status = d->missed_status;
  m->on_demand = d->on_demand;
  *out = m;
  return 0;
}

/* miss: from miss_new (owned by the agent from now on). */
static void apply_settings(acdr_engine *e, acdr_agent *a,
                           const acdr_agent_def *d, acdr_agent_miss *miss) {
  memcpy(a->cap, d->capacity, sizeof(a->cap));
  a->wrapup_ms = d->wrapup_ms;
  a->ring_timeout_ms = d->ring_timeout_ms;
  acdr_mem_free(&e->mem, a->miss);
  a->miss = miss;
  a->vbo_setting = d->voice_blocks_other_channels;
  a->vbo = (uint8_t)(d->voice_blocks_other_channels >= 0
                         ? d->voice_blocks_other_channels != 0
                         : e->opt.voice_blocks_other_channels != 0);
}

int acdr_agent_add_versioned(acdr_engine *e, int version,
                             const acdr_agent_def *d) {
  ACDR_STRUCT_IN(AGENT_DEF, acdr_agent_def, version, d);
  acdr_agent *a;
  acdr_agent_skill *skills = NULL;
  acdr_agent_miss *miss = NULL;
  int rv = validate_def(e, version, d);
  if (rv) return rv;
  if (find_agent(e, d->id))
    return acdr_err(e, ACDR_ERR_DUPLICATE_ID, "agent \"%s\" already exists",
                    d->id);
  if ((rv = acdr_skills_copy(e, d->skills, d->nskills, &skills, d->id)) != 0)
    return rv;
  if ((rv = acdr_map_reserve(&e->agents, &e->mem, 1)) != 0 ||
      miss_new(e, d, &miss) != 0 ||
      !(a = acdr_mem_calloc(&e->mem, 1, sizeof(*a)))) {
    acdr_skills_free(e, skills, d->nskills);
    acdr_mem_free(&e->mem, miss);
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  }
  a->id = acdr_mem_strdup(&e->mem, d->id);
  a->name = d->name ? acdr_mem_strdup(&e->mem, d->name) : NULL;
  if (!a->id || (d->name && !a->name)) {
    acdr_skills_free(e, skills, d->nskills);
    acdr_mem_free(&e->mem, miss);
    acdr_mem_free(&e->mem, a->id);
    acdr_mem_free(&e->mem, a->name);
    acdr_mem_free(&e->mem, a);
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  }
  a->skills = skills;
  a->nskills = (uint32_t)d->nskills;
  a->seq = ++e->seq;
  apply_settings(e, a, d, miss);
  a->status = ACDR_AGENT_LOGGED_OUT;
  a->activity = ACDR_ACTIVITY_IDLE;
  a->acct_status = ACDR_AGENT_LOGGED_OUT;
  a->acct_activity = ACDR_ACTIVITY_IDLE;
  a->state_since = e->now;
  acdr_timer_init(&a->ready_timer, NULL);
  (void)acdr_map_put(&e->agents, &e->mem, a->id, a); /* reserved */
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_AGENT_ADD, .agent_def = d});
  return 0;
}

int acdr_agent_update_versioned(acdr_engine *e, int version,
                                const acdr_agent_def *d) {
  ACDR_STRUCT_IN(AGENT_DEF, acdr_agent_def, version, d);
  acdr_agent *a;
  acdr_agent_skill *skills = NULL;
  acdr_agent_miss *miss = NULL;
  char *name = NULL;
  int rv = validate_def(e, version, d);
  if (rv) return rv;
  if (!(a = find_agent(e, d->id)))
    return acdr_err(e, ACDR_ERR_AGENT_NOT_FOUND, "unknown agent \"%s\"",
                    d->id);
  if ((rv = acdr_skills_copy(e, d->skills, d->nskills, &skills, d->id)) != 0)
    return rv;
  if ((d->name && !(name = acdr_mem_strdup(&e->mem, d->name))) ||
      miss_new(e, d, &miss) != 0) {
    acdr_skills_free(e, skills, d->nskills);
    acdr_mem_free(&e->mem, name);
    return acdr_err(e, ACDR_ERR_NOMEM, "out of memory");
  }
  if ((rv = acdr_enter(e, e->now)) != 0) {
    acdr_skills_free(e, skills, d->nskills);
    acdr_mem_free(&e->mem, name);
    acdr_mem_free(&e->mem, miss);
    return rv;
  }
  acdr_skills_free(e, a->skills, a->nskills);
  a->skills = skills;
  a->nskills = (uint32_t)d->nskills;
  acdr_defer_free(e, a->name);
  a->name = name;
  acdr_agent_slots(a, -1);
  apply_settings(e, a, d, miss);
  acdr_agent_slots(a, 1);
  /* readiness may change (capacity); re-announce and redispatch */
  acdr_agent_unready_all(e, a);
  acdr_agent_refresh(e, a);
  acdr_dispatch_agent(e, a);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_AGENT_UPDATE,
                                   .agent_def = d});
  return acdr_leave(e, 0);
}

int acdr_agent_remove(acdr_engine *e, const char *id) {
  acdr_agent *a;
  int rv;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if ((rv = acdr_find_agent(e, id, &a)) != 0) return rv;
  if (a->status != ACDR_AGENT_LOGGED_OUT || a->held || a->offers)
    return acdr_err(e, ACDR_ERR_INVALID_STATE,
                    "agent \"%s\" is logged in or holds contacts; log it "
                    "out first",
                    id);
  while (a->nmembers) {
    acdr_member *m = a->members[a->nmembers - 1];
    acdr_member_detach(e, m);
  }
  acdr_map_del(&e->agents, a->id);
  acdr_agent_free(e, a);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_AGENT_REMOVE, .agent = id});
  return 0;
}

void acdr_agent_free(acdr_engine *e, acdr_agent *a) {
  acdr_timer_disarm(e, &a->ready_timer);
  acdr_hook_agent_free(e, a);
  acdr_skills_free(e, a->skills, a->nskills);
  acdr_mem_free(&e->mem, a->miss);
  acdr_defer_free(e, a->id);
  acdr_defer_free(e, a->name);
  acdr_defer_free(e, a->away_reason);
  acdr_mem_free(&e->mem, a->members);
  acdr_mem_free(&e->mem, a);
}

int acdr_agent_activity_of(const acdr_agent *a) {
  if (a->noffers) return ACDR_ACTIVITY_OFFERED;
  if (a->nconnected) return ACDR_ACTIVITY_ON_CONTACT;
  if (a->nwrapup) return ACDR_ACTIVITY_WRAPUP;
  return ACDR_ACTIVITY_IDLE;
}

int acdr_agent_ready_for(const acdr_agent *a, int ch, acdr_tstamp now) {
  if (a->status != ACDR_AGENT_AVAILABLE) return 0;
  if (ch < 0 || ch >= ACDR_CHANNEL_COUNT) return 0;
  if (a->load[ch] >= a->cap[ch]) return 0;
  if (a->ready_at > now) return 0;
  if (a->vbo) {
    if (ch != ACDR_CHANNEL_VOICE && a->load[ACDR_CHANNEL_VOICE] > 0)
      return 0;
  }
  return 1;
}

acdr_tstamp acdr_member_wrap_until(const acdr_member *m) {
  const acdr_queue *q = m->queue;
  const acdr_agent *a = m->agent;
  acdr_tstamp last;
  int64_t w;
  if (q->def.wrapup_scope == ACDR_WRAPUP_AGENT) return 0;
  /* app_queue is_member_available(): lastcall (0: never) + wrapuptime,
   * the member's own wrapuptime first */
  last = q->def.wrapup_scope == ACDR_WRAPUP_SHARED ? a->last_talk_end
                                                   : m->last_call;
  w = m->wrapup_ms >= 0 ? m->wrapup_ms
      : a->wrapup_ms >= 0 ? a->wrapup_ms
                          : q->def.wrapup_ms;
  return last && w > 0 ? acdr_deadline(last, w) : 0;
}

int acdr_member_ready_now(const acdr_member *m, acdr_tstamp now) {
  return !m->paused &&
         acdr_agent_ready_for(m->agent, m->queue->def.channel, now) &&
         now >= acdr_member_wrap_until(m);
}

void acdr_member_sync(acdr_engine *e, acdr_member *m) {
  int r = acdr_member_ready_now(m, e->now);
  acdr_tier *t = m->tier;
  if (r == m->ready) {
    if (r && t->strategy->vt.member_update)
      t->strategy->vt.member_update(t->state, m);
    return;
  }
  if (r) {
    if (t->strategy->vt.member_ready &&
        t->strategy->vt.member_ready(t->state, m) != 0)
      return; /* the strategy could not index it: stays unready */
    m->ready = 1;
    t->nready++;
  } else {
    m->ready = 0;
    t->nready--;
    if (t->strategy->vt.member_unready)
      t->strategy->vt.member_unready(t->state, m);
  }
}

void acdr_agent_unready_all(acdr_engine *e, acdr_agent *a) {
  size_t i;
  for (i = 0; i < a->nmembers; i++) {
    acdr_member *m = a->members[i];
    if (m->ready) {
      acdr_tier *t = m->tier;
      m->ready = 0;
      t->nready--;
      if (t->strategy->vt.member_unready)
        t->strategy->vt.member_unready(t->state, m);
    }
  }
  (void)e;
}

void acdr_emit_agent_state(acdr_engine *e, acdr_agent *a) {
  acdr_action act;
  act = acdr_action_of(ACDR_ACTION_AGENT_STATE, NULL, NULL, a);
  act.reason = a->status;
  act.activity = a->activity;
  act.text = a->away_reason;
  acdr_emit(e, &act);
}

static void ready_timer_fire(acdr_engine *e, acdr_timer *t, acdr_tstamp now);

/* A per-queue wrap-up (wrapup_scope) ends at a time no event marks: the
 * agent's ready timer wakes it then (a timer armed earlier only refreshes
 * sooner).  Without heap room the queue's dispatch retry looks again. */
static acdr_tstamp next_wrap_end(const acdr_agent *a, acdr_tstamp now) {
  acdr_tstamp t = ACDR_TSTAMP_MAX;
  size_t i;
  for (i = 0; i < a->nmembers; i++) {
    acdr_tstamp u = acdr_member_wrap_until(a->members[i]);
    if (u > now && u < t) t = u;
  }
  return t;
}

void acdr_agent_wake_wrapups(acdr_engine *e, acdr_agent *a) {
  acdr_tstamp t = next_wrap_end(a, e->now);
  if (t == ACDR_TSTAMP_MAX) return; /* none pending: the timer is as it was */
  if (a->ready_at > e->now && a->ready_at < t) t = a->ready_at;
  if (acdr_timer_armed(&a->ready_timer) && a->ready_timer.when <= t) return;
  a->ready_timer.fire = ready_timer_fire;
  if (acdr_timer_arm(e, &a->ready_timer, t) != 0)
    acdr_schedule_dispatch_retry(e);
}

void acdr_agent_refresh(acdr_engine *e, acdr_agent *a) {
  size_t i;
  int32_t act = acdr_agent_activity_of(a);
  int changed = act != a->activity || a->status != a->acct_status;
  if (changed) {
    acdr_hook_agent_time(e, a);
    a->activity = (int8_t)act;
    a->acct_status = a->status;
    a->acct_activity = (int8_t)act;
    acdr_emit_agent_state(e, a);
  }
  for (i = 0; i < a->nmembers; i++) acdr_member_sync(e, a->members[i]);
  acdr_agent_wake_wrapups(e, a);
}

static void ready_timer_fire(acdr_engine *e, acdr_timer *t, acdr_tstamp now) {
  acdr_agent *a = (acdr_agent *)(void *)((char *)t -
                                        offsetof(acdr_agent, ready_timer));
  acdr_agent_refresh(e, a);
  /* woken early for a per-queue wrap-up: the delay still runs */
  if (a->ready_at > now && !acdr_timer_armed(&a->ready_timer) &&
      acdr_timer_arm(e, &a->ready_timer, a->ready_at) != 0)
    a->ready_at = now; /* as acdr_agent_delay: no delay rather than stuck */
  acdr_dispatch_agent(e, a);
}

/* Keep the agent from being offered anything until `until`. */
void acdr_agent_delay(acdr_engine *e, acdr_agent *a, acdr_tstamp until) {
  acdr_tstamp wake;
  if (until <= e->now || until <= a->ready_at) return;
  a->ready_at = until;
  a->ready_timer.fire = ready_timer_fire;
  /* a per-queue wrap-up ending sooner keeps its wake-up (then re-armed) */
  wake = next_wrap_end(a, e->now);
  if (acdr_timer_arm(e, &a->ready_timer, wake < until ? wake : until) != 0)
    a->ready_at = e->now; /* cannot schedule: no delay rather than stuck */
}

/* The agent left (logout, away): contacts that waited for it (pinned by
 * round-robin-strict, any LOOKAHEAD strategy) must be looked at again
 * even if no other agent changes state. */
static void redispatch_queues(acdr_engine *e, acdr_agent *a) {
  size_t i;
  for (i = 0; i < a->nmembers; i++)
    if (acdr_line_len(&a->members[i]->queue->line))
      acdr_dispatch_queue_later(e, a->members[i]->queue);
}

/* Cancel every offer ringing at the agent (logout, away). */
static void cancel_agent_offers(acdr_engine *e, acdr_agent *a, int reason) {
  while (a->offers) acdr_offer_cancel(e, a->offers, reason);
}

size_t acdr_budget_last_member(const acdr_agent *a, const acdr_queue *only) {
  size_t i, n = 0;
  if (a->status == ACDR_AGENT_LOGGED_OUT) return 0;
  for (i = 0; i < a->nmembers; i++) {
    const acdr_queue *q = a->members[i]->queue;
    if ((!only || q == only) && q->logged_in == 1)
      n += acdr_budget_evict(q);
  }
  return n;
}

static size_t agent_action_bound(const acdr_agent *a) {
  return ACDR_BUDGET_STEP + ACDR_BUDGET_PER_OFFER * (size_t)a->noffers +
         ACDR_BUDGET_PER_QUEUE * a->nmembers + acdr_budget_last_member(a, NULL);
}

/* Enter the engine for a login (login 1) or logout (0) of agent id: find
 * it, check it is logged out (in), reserve the actions, take its slots
 * out of the counts (acdr_agent_slots -1) and set the new status.
 * Returns 0, or an error having left the engine. */
static int enter_login_change(acdr_engine *e, const char *id, int login,
                              acdr_tstamp now, acdr_agent **out) {
  acdr_agent *a;
  int rv;
  if (!(a = acdr_enter_lookup(e, now, ACDR_OBJ_AGENT, id, &rv))) return rv;
  if ((a->status == ACDR_AGENT_LOGGED_OUT) != login)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_STATE,
                                  login ? "agent \"%s\" is already logged in"
                                        : "agent \"%s\" is not logged in",
                                  id));
  if ((rv = acdr_actions_reserve(e, agent_action_bound(a))) != 0)
    return acdr_leave(e, rv);
  acdr_agent_slots(a, -1);
  a->status = login ? ACDR_AGENT_AVAILABLE : ACDR_AGENT_LOGGED_OUT;
  *out = a;
  return 0;
}

int acdr_agent_login(acdr_engine *e, const char *id, acdr_tstamp now) {
  acdr_agent *a = NULL; /* set by enter_login_change when it returns 0 */
  size_t i;
  int rv;
  if ((rv = enter_login_change(e, id, 1, now, &a)) != 0) return rv;
  acdr_agent_slots(a, 1);
  a->login_time = now;
  a->idle_since = now;
  a->handled = 0;
  a->talk_ns = 0;
  a->handled_av = 0;
  a->talk_av = 0;
  /* last_talk_end / last_offered survive logout (mod_callcenter keeps
   * last_bridge_end and last_offered_call in the agent's row) */
  a->missed_in_row = 0;
  a->ready_at = 0;
  acdr_timer_disarm(e, &a->ready_timer);
  for (i = 0; i < a->nmembers; i++) a->members[i]->queue->logged_in++;
  acdr_agent_refresh(e, a);
  acdr_dispatch_agent(e, a);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_LOGIN, .agent = id});
  return acdr_leave(e, 0);
}

static void set_away_reason(acdr_engine *e, acdr_agent *a, char *reason) {
  acdr_defer_free(e, a->away_reason);
  a->away_reason = reason;
}

/* The rest of a logout once the status is LOGGED_OUT and the slots are
 * out of the counts (acdr_agent_logout, max_missed with missed_status
 * LOGGED_OUT). */
static void logout_rest(acdr_engine *e, acdr_agent *a) {
  size_t i;
  set_away_reason(e, a, NULL);
  acdr_timer_disarm(e, &a->ready_timer);
  a->ready_at = 0;
  acdr_agent_refresh(e, a); /* unready everywhere before offers go back */
  cancel_agent_offers(e, a, ACDR_CANCEL_AGENT_UNAVAILABLE);
  acdr_agent_refresh(e, a);
  for (i = 0; i < a->nmembers; i++) {
    acdr_queue *q = a->members[i]->queue;
    if (--q->logged_in == 0) acdr_hook_queue_empty(e, q);
  }
  redispatch_queues(e, a);
}

int acdr_agent_logout(acdr_engine *e, const char *id, acdr_tstamp now) {
  acdr_agent *a = NULL; /* set by enter_login_change when it returns 0 */
  int rv;
  if ((rv = enter_login_change(e, id, 0, now, &a)) != 0) return rv;
  logout_rest(e, a);
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_LOGOUT, .agent = id});
  return acdr_leave(e, 0);
}

int acdr_agent_set_status(acdr_engine *e, const char *id, int status,
                          const char *reason, acdr_tstamp now) {
  acdr_agent *a;
  char *r = NULL;
  int rv;
  if (!(a = acdr_enter_lookup(e, now, ACDR_OBJ_AGENT, id, &rv))) return rv;
  if (status != ACDR_AGENT_AVAILABLE && status != ACDR_AGENT_AWAY)
    return acdr_leave(
        e, acdr_err(e, ACDR_ERR_INVALID_ARGUMENT,
                    "agent \"%s\": status %d is not AVAILABLE or AWAY (use "
                    "login/logout)",
                    id, status));
  if (a->status == ACDR_AGENT_LOGGED_OUT)
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_STATE,
                                  "agent \"%s\" is logged out", id));
  if (status == ACDR_AGENT_AVAILABLE) reason = NULL;
  if (reason && strlen(reason) > e->opt.max_id_len)
    return acdr_leave(
        e, acdr_err(e, ACDR_ERR_LIMIT, "agent \"%s\": reason too long", id));
  if (acdr_check_utf8(e, reason, "away reason"))
    return acdr_leave(e, ACDR_ERR_INVALID_ARGUMENT);
  if (a->status == status &&
      ((!reason && !a->away_reason) ||
       (reason && a->away_reason && strcmp(reason, a->away_reason) == 0)))
    return acdr_leave(e, acdr_err(e, ACDR_ERR_INVALID_STATE,
                                  "agent \"%s\" is already %s", id,
                                  status == ACDR_AGENT_AWAY ? "away"
                                                            : "available"));
  if (reason && !(r = acdr_mem_strdup(&e->mem, reason)))
    return acdr_leave(e, acdr_err(e, ACDR_ERR_NOMEM, "out of memory"));
  if ((rv = acdr_actions_reserve(e, agent_action_bound(a))) != 0) {
    acdr_mem_free(&e->mem, r);
    return acdr_leave(e, rv);
  }
  /* back from a break: mod_callcenter cc_agent_update() zeroes
   * calls_answered and talk_time (counts=available reads these) */
  if (status == ACDR_AGENT_AVAILABLE && a->status == ACDR_AGENT_AWAY) {
    a->handled_av = 0;
    a->talk_av = 0;
  }
  acdr_agent_slots(a, -1);
  a->status = (int8_t)status;
  acdr_agent_slots(a, 1);
  set_away_reason(e, a, r);
  if (status == ACDR_AGENT_AVAILABLE) {
    a->missed_in_row = 0;
    if (a->activity == ACDR_ACTIVITY_IDLE) a->idle_since = now;
  }
  /* force an AGENT_STATE action even if only the reason changed */
  a->acct_status = -1;
  acdr_agent_refresh(e, a);
  if (status == ACDR_AGENT_AWAY) {
    cancel_agent_offers(e, a, ACDR_CANCEL_AGENT_UNAVAILABLE);
    acdr_agent_refresh(e, a);
    redispatch_queues(e, a);
  } else {
    acdr_dispatch_agent(e, a);
  }
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_STATUS, .agent = id,
                                   .reason = reason, .status = status});
  return acdr_leave(e, 0);
}

/* Set the agent away on the engine's own initiative (no-answer). */
void acdr_agent_force_away(acdr_engine *e, acdr_agent *a,
                           const char *reason) {
  char *r = acdr_mem_strdup(&e->mem, reason);
  acdr_agent_slots(a, -1);
  a->status = ACDR_AGENT_AWAY;
  set_away_reason(e, a, r);
  a->acct_status = -1;
  acdr_agent_refresh(e, a);
  cancel_agent_offers(e, a, ACDR_CANCEL_AGENT_UNAVAILABLE);
  acdr_agent_refresh(e, a);
  redispatch_queues(e, a);
}

/* app_queue autopause=yes: pause a's membership of q only (as
 * acdr_queue_member_set with paused), withdrawing its other offers of q. */
static void pause_membership(acdr_engine *e, acdr_agent *a,
                             const acdr_queue *q) {
  acdr_offer *o, *next;
  size_t i;
  for (i = 0; i < a->nmembers; i++) {
    acdr_member *m = a->members[i];
    if (m->queue != q) continue;
    m->paused = 1;
    for (o = a->offers; o; o = next) {
      next = o->next_agent;
      if (o->member == m) acdr_offer_cancel(e, o, ACDR_CANCEL_AGENT_UNAVAILABLE);
    }
  }
}

/* After an offer to a ended unanswered (`how`: ACDR_REJECT_*) in queue
 * q: the delay, max_missed and on-demand rules, the agent's own values
 * first (FreeSWITCH agent params), else the queue's. */
void acdr_agent_missed(acdr_engine *e, acdr_agent *a, const acdr_queue *q,
                       int how) {
  const acdr_agent_miss *s = acdr_agent_miss_of(a);
  int64_t delay_ms;
  uint32_t max;
  int counts;
  switch (how) {
    case ACDR_REJECT_BUSY:
    case ACDR_REJECT_UNAVAILABLE: /* a device that cannot ring: as busy */
      delay_ms = s->busy_delay_ms >= 0 ? s->busy_delay_ms
                                       : q->def.busy_delay_ms;
      break;
    case ACDR_REJECT_DECLINED:
      delay_ms = s->rej_delay_ms >= 0 ? s->rej_delay_ms
                                      : q->def.reject_delay_ms;
      break;
    default:
      delay_ms = s->na_delay_ms >= 0 ? s->na_delay_ms
                                     : q->def.no_answer_delay_ms;
      break;
  }
  max = s->max_missed >= 0 ? (uint32_t)s->max_missed : q->def.max_missed;
  /* app_queue rna(): a busy device counts with autopausebusy, a congested
   * or unavailable one with autopauseunavail (wait_for_answer()); no
   * pause within autopausedelay of the member's last call */
  counts = how == ACDR_REJECT_NO_ANSWER ||
           (how == ACDR_REJECT_BUSY && q->def.missed_busy) ||
           (how == ACDR_REJECT_UNAVAILABLE && q->def.missed_unavail);
  if (counts) a->missed_in_row++;
  if (counts && max && a->missed_in_row >= max &&
      a->status == ACDR_AGENT_AVAILABLE &&
      !(q->def.missed_delay_ms > 0 && a->handled > 0 &&
        e->now < acdr_deadline(a->idle_since, q->def.missed_delay_ms))) {
    if (q->def.missed_pause_queue) {
      pause_membership(e, a, q);
      acdr_agent_delay(e, a, acdr_deadline(e->now, delay_ms));
      acdr_agent_refresh(e, a);
      acdr_agent_on_demand_done(e, a);
      return;
    }
    /* a logout may end queues (leave_when_empty): its own budget; out of
     * memory for it, the agent goes away instead */
    if (s->missed_status == ACDR_AGENT_LOGGED_OUT &&
        acdr_actions_reserve(e, agent_action_bound(a)) == 0) {
      acdr_agent_slots(a, -1);
      a->status = ACDR_AGENT_LOGGED_OUT;
      logout_rest(e, a);
    } else {
      acdr_agent_force_away(e, a, "no-answer");
    }
    return;
  }
  acdr_agent_delay(e, a, acdr_deadline(e->now, delay_ms));
  acdr_agent_refresh(e, a);
  acdr_agent_on_demand_done(e, a);
}

/* "Available (On Demand)": an offer of an on-demand agent ended (talk
 * end, or missed); it takes no more until set AVAILABLE again
 * (mod_callcenter sets its state Idle at the end of the agent thread). */
void acdr_agent_on_demand_done(acdr_engine *e, acdr_agent *a) {
  if (a->miss && a->miss->on_demand && a->status == ACDR_AGENT_AVAILABLE)
    acdr_agent_force_away(e, a, "on-demand");
}

int acdr_agent_get_info_versioned(const acdr_engine *e, const char *id,
                                  int version, acdr_agent_info *info) {
  ACDR_STRUCT_OUT(AGENT_INFO, acdr_agent_info, version, info,
                  acdr_agent_get_info_versioned(e, id, ACDR_AGENT_INFO_VERSION,
                                                &acdr_latest_));
  acdr_agent *a;
  if (!e || !info || !id) return ACDR_ERR_INVALID_ARGUMENT;
  if (version != ACDR_AGENT_INFO_VERSION) return ACDR_ERR_VERSION;
  if (!(a = find_agent(e, id))) return ACDR_ERR_AGENT_NOT_FOUND;
  memset(info, 0, sizeof(*info));
  info->status = a->status;
  info->activity = acdr_agent_activity_of(a);
  memcpy(info->load, a->load, sizeof(info->load));
  memcpy(info->capacity, a->cap, sizeof(info->capacity));
  info->offers = a->noffers;
  info->missed_in_row = a->missed_in_row;
  info->handled = a->handled;
  info->talk_ns = a->talk_ns;
  info->idle_since = a->idle_since;
  info->login_time = a->login_time;
  info->away_reason = a->away_reason;
  info->queues = (uint32_t)a->nmembers;
  return 0;
}

void acdr_agent_talk_ended(acdr_agent *a, const acdr_queue *q,
                           acdr_tstamp now) {
  size_t i;
  /* 0 means "never": a talk ending at time 0 is stored as 1 */
  a->last_talk_end = now ? now : 1;
  for (i = 0; i < a->nmembers; i++) {
    a->members[i]->calls_shared++;
    if (a->members[i]->queue == q) {
      a->members[i]->last_call = a->last_talk_end;
      a->members[i]->calls++;
    }
  }
}

static void zero_counts(acdr_engine *e, acdr_agent *a) {
  size_t i;
  a->handled = 0;
  a->talk_ns = 0;
  a->handled_av = 0;
  a->talk_av = 0;
  for (i = 0; i < a->nmembers; i++)
    a->members[i]->calls = a->members[i]->calls_shared = 0;
  for (i = 0; i < a->nmembers; i++) acdr_member_sync(e, a->members[i]);
}

int acdr_agent_reset_counts(acdr_engine *e, const char *id) {
  acdr_agent *a;
  size_t i;
  const char *k;
  void *v;
  int rv;
  if (!e) return ACDR_ERR_INVALID_ARGUMENT;
  if (id) {
    if ((rv = acdr_find_agent(e, id, &a)) != 0) return rv;
    zero_counts(e, a);
    acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_RESET_COUNTS, .agent = id});
    return 0;
  }
  for (i = 0; acdr_map_next(&e->agents, &i, &k, &v);) {
    zero_counts(e, v);
  }
  acdr_event_emit(e, &(acdr_event){.kind = ACDR_EV_RESET_COUNTS});
  return 0;
}

acdr_timer_fn acdr_agent_ready_fn(void) { return ready_timer_fire; }

int acdr_agent_def_check(acdr_engine *e, const acdr_agent_def *d) {
  return validate_def(e, ACDR_AGENT_DEF_VERSION, d);
}
