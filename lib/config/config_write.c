/* SPDX-License-Identifier: MIT */
/* Writing configuration objects: agents, queues with members, the whole
 * engine configuration in creation order (so exports are stable). */
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "config/config_int.h"
#include "core/internal.h"
#include "policies/policy_int.h"

/* The per-agent miss settings, written only when not the default (so a
 * document without them exports unchanged). */
static void write_agent_miss(acdr_jw *w, const acdr_agent_def *m) {
  if (m->no_answer_delay_ms >= 0)
    acdr_jw_ki64(w, "no_answer_delay_ms", m->no_answer_delay_ms);
  if (m->reject_delay_ms >= 0)
    acdr_jw_ki64(w, "reject_delay_ms", m->reject_delay_ms);
  if (m->busy_delay_ms >= 0)
    acdr_jw_ki64(w, "busy_delay_ms", m->busy_delay_ms);
  if (m->max_missed >= 0) acdr_jw_ki64(w, "max_missed", m->max_missed);
  if (m->missed_status == ACDR_AGENT_LOGGED_OUT)
    acdr_jw_kstr(w, "missed_status", "logged_out");
  if (m->on_demand) acdr_jw_kbool(w, "on_demand", 1);
}

static void write_agent(acdr_jw *w, const char *id, const char *name,
                        const uint32_t *cap, const acdr_skill *skills,
                        const acdr_agent_skill *iskills, size_t nskills,
                        int64_t wrapup_ms, int32_t vbo, int64_t ring_ms,
                        const acdr_agent_def *miss) {
  size_t i;
  int ch;
  acdr_jw_obj(w);
  acdr_jw_kstr(w, "id", id);
  if (name) acdr_jw_kstr(w, "name", name);
  acdr_jw_key(w, "capacity");
  acdr_jw_obj(w);
  for (ch = 0; ch < ACDR_CHANNEL_COUNT; ch++)
    acdr_jw_ku64(w, acdr_channel_names[ch], cap[ch]);
  acdr_jw_obj_end(w);
  acdr_jw_key(w, "skills");
  acdr_jw_obj(w);
  for (i = 0; i < nskills; i++) {
    if (skills)
      acdr_jw_ki64(w, skills[i].name, skills[i].level);
    else
      acdr_jw_ki64(w, iskills[i].name, iskills[i].level);
  }
  acdr_jw_obj_end(w);
  acdr_jw_ki64(w, "wrapup_ms", wrapup_ms);
  if (vbo >= 0) acdr_jw_kbool(w, "voice_blocks_other_channels", vbo);
  if (ring_ms >= 0) acdr_jw_ki64(w, "ring_timeout_ms", ring_ms); /* 1.1 */
  write_agent_miss(w, miss);
  acdr_jw_obj_end(w);
}

void acdr_cfg_write_agent_def(acdr_jw *w, const acdr_agent_def *d) {
  write_agent(w, d->id, d->name, d->capacity, d->skills, NULL, d->nskills,
              d->wrapup_ms, d->voice_blocks_other_channels, d->ring_timeout_ms,
              d);
}

void acdr_cfg_write_member_def(acdr_jw *w, const acdr_member_def *d,
                               int all) {
  if (all || d->weight) acdr_jw_ki64(w, "weight", d->weight);
  if (all || d->paused) acdr_jw_kbool(w, "paused", d->paused != 0);
  if (all || d->wrapup_ms >= 0) acdr_jw_ki64(w, "wrapup_ms", d->wrapup_ms);
}

void acdr_cfg_write_agent(acdr_jw *w, const acdr_agent *a) {
  const acdr_agent_miss *s = acdr_agent_miss_of(a);
  acdr_agent_def m;
  acdr_agent_def_default(&m);
  m.no_answer_delay_ms = s->na_delay_ms;
  m.reject_delay_ms = s->rej_delay_ms;
  m.busy_delay_ms = s->busy_delay_ms;
  m.max_missed = s->max_missed;
  m.missed_status = s->missed_status;
  m.on_demand = s->on_demand;
  write_agent(w, a->id, a->name, a->cap, NULL, a->skills, a->nskills,
              a->wrapup_ms, a->vbo_setting, a->ring_timeout_ms, &m);
}

/* The numeric members [from, to) of acdr_cfg_queue_nums; the unsigned
 * ones as unsigned numbers. */
static void write_nums(acdr_jw *w, const acdr_queue_def *d, size_t from,
                       size_t to) {
  size_t i;
  for (i = from; i < to; i++) {
    const acdr_cfg_num *f = &acdr_cfg_queue_nums[i];
    int64_t v = acdr_cfg_num_get(f, d);
    if (f->kind == 2)
      acdr_jw_ku64(w, f->key, (uint64_t)v);
    else
      acdr_jw_ki64(w, f->key, v);
  }
}

/* app_queue's joinempty / leavewhenempty conditions as "paused,inuse"
 * ("" for none). */
static void write_empty(acdr_jw *w, const char *key, uint32_t bits) {
  char buf[128];
  size_t n = 0, k;
  buf[0] = '\0';
  for (k = 0; k < ACDR_CFG_EMPTY_NAMES; k++)
    if (bits & (1u << k))
      n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? "," : "",
                            acdr_cfg_empty_names[k]);
  acdr_jw_kstr(w, key, buf);
}

/* e: the engine, to write the hours of mq (NULL: no hours) */
static void write_queue(acdr_jw *w, acdr_engine *e, const acdr_queue_def *d,
                        const acdr_queue *mq) {
  size_t i;
  acdr_jw_obj(w);
  acdr_jw_kstr(w, "id", d->id);
  if (d->profile) acdr_jw_kstr(w, "profile", d->profile);
  acdr_jw_kstr(w, "strategy", d->strategy ? d->strategy : "longest-idle");
  acdr_jw_key(w, "settings");
  acdr_jw_obj(w);
  for (i = 0; i < d->nparams; i++)
    acdr_jw_kstr(w, d->params[i].key, d->params[i].value);
  acdr_jw_obj_end(w);
  acdr_jw_kstr(w, "channel", acdr_channel_name(d->channel));
  write_nums(w, d, 0, 6); /* weight .. max_wait_ms */
  acdr_jw_kstr(w, "overflow_kind",
               d->overflow_kind >= 0 && d->overflow_kind < 5
                   ? acdr_overflow_kind_names[d->overflow_kind]
                   : "none");
  if (d->overflow_target) acdr_jw_kstr(w, "overflow_target", d->overflow_target);
  acdr_jw_kbool(w, "join_when_empty", d->join_when_empty != 0);
  acdr_jw_kbool(w, "leave_when_empty", d->leave_when_empty != 0);
  write_nums(w, d, 6, 12); /* announce_interval_ms .. busy_delay_ms */
  acdr_jw_kbool(w, "require_disposition", d->require_disposition != 0);
  write_nums(w, d, 12, 18); /* tier_wait_ms .. reply_target_ms */
  /* since 1.1; written when set, so older documents stay as they were */
  if (d->connect_delay_ms) write_nums(w, d, 18, 19);
  /* customer memory: written only when set, so older exports stay */
  if (d->wait_for_owner) acdr_jw_kbool(w, "wait_for_owner", 1);
  /* since V2: conversations */
  acdr_jw_kstr(w, "reply_overdue",
               d->reply_overdue == ACDR_REPLY_OVERDUE_REASSIGN ? "reassign"
                                                               : "alert");
  acdr_jw_kbool(w, "inbox", d->inbox != 0);
  if (d->join_message) acdr_jw_kstr(w, "join_message", d->join_message);
  /* peer queue semantics: written when not the default, so exports of
   * queues that do not use them stay as they were; always under a
   * profile, whose values may differ from the defaults */
  if (d->profile || d->time_base == ACDR_TIME_BASE_SYSTEM)
    acdr_jw_kstr(w, "time_base",
                 d->time_base == ACDR_TIME_BASE_SYSTEM ? "system" : "queue");
  if (d->profile || d->position_counts_ringing)
    acdr_jw_kbool(w, "position_counts_ringing", d->position_counts_ringing);
  if (d->profile || d->weight_first)
    acdr_jw_kbool(w, "weight_first", d->weight_first);
  if (d->profile || d->max_wait_rings_out)
    acdr_jw_kbool(w, "max_wait_rings_out", d->max_wait_rings_out);
  if (d->profile || d->ring_timeout_restart)
    acdr_jw_kbool(w, "ring_timeout_restart", d->ring_timeout_restart);
  if (d->profile || d->abandoned_resume_ms)
    acdr_jw_ki64(w, "abandoned_resume_ms", d->abandoned_resume_ms);
  write_nums(w, d, 19, ACDR_CFG_QUEUE_NUMS); /* no_agent_wait_ms .. */
  write_empty(w, "join_empty", d->join_empty);   /* since V2 */
  write_empty(w, "leave_empty", d->leave_empty);
  for (i = 0; i < ACDR_CFG_QUEUE_FLAGS; i++)
    if (acdr_cfg_queue_flags[i].in_loop)
      acdr_jw_kbool(w, acdr_cfg_queue_flags[i].key,
                    *(const int32_t *)(const void *)(
                        (const char *)d + acdr_cfg_queue_flags[i].off) != 0);
  /* since V2: queue rules, penaltymemberslimit, autopauseunavail; written
   * when set (or under a profile), so older exports stay as they were */
  acdr_cfg_write_qrules(w, d);
  if (d->profile || d->penalty_members_limit)
    acdr_jw_ki64(w, "penalty_members_limit", d->penalty_members_limit);
  if (d->profile || d->missed_unavail)
    acdr_jw_kbool(w, "missed_unavail", d->missed_unavail != 0);
  if (d->profile || d->wrapup_scope)
    acdr_jw_kstr(w, "wrapup_scope",
                 d->wrapup_scope == ACDR_WRAPUP_SHARED  ? "shared"
                 : d->wrapup_scope == ACDR_WRAPUP_QUEUE ? "queue"
                                                        : "agent");
  if (e && mq && mq->hours) {
    acdr_hours h;
    void *buf = NULL;
    if (acdr_policy_hours_get(e, mq, &h, &buf) < 0) {
      w->oom = 1;
    } else {
      acdr_jw_key(w, "hours");
      acdr_cfg_write_hours(w, &h);
      acdr_mem_free(&e->mem, buf);
    }
  }
  if (mq) {
    acdr_jw_key(w, "members");
    acdr_jw_arr(w);
    for (i = 0; i < mq->nmembers; i++) {
      const acdr_member *m = mq->members[i];
      int pretty = w->pretty;
      w->pretty = 0; /* one member per line */
      if (pretty) {
        /* keep the line break before the member */
        w->pretty = 1;
        acdr_jw_obj(w);
        w->pretty = 0;
      } else {
        acdr_jw_obj(w);
      }
      acdr_jw_kstr(w, "agent", m->agent->id);
      acdr_jw_ki64(w, "penalty", m->penalty);
      acdr_jw_ki64(w, "position", m->position);
      {
        acdr_member_def md;
        acdr_member_def_default(&md);
        md.weight = m->weight;
        md.paused = m->paused;
        md.wrapup_ms = m->wrapup_ms;
        acdr_cfg_write_member_def(w, &md, 0);
      }
      acdr_jw_obj_end(w);
      w->pretty = pretty;
    }
    acdr_jw_arr_end(w);
  }
  acdr_jw_obj_end(w);
}

void acdr_cfg_write_queue(acdr_jw *w, const acdr_queue_def *d,
                          const acdr_queue *mq) {
  write_queue(w, NULL, d, mq);
}

static int by_agent_seq(const void *x, const void *y) {
  const acdr_agent *a = *(acdr_agent *const *)x, *b = *(acdr_agent *const *)y;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int by_queue_seq(const void *x, const void *y) {
  const acdr_queue *a = *(acdr_queue *const *)x, *b = *(acdr_queue *const *)y;
  return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static int sorted(acdr_engine *e, const acdr_map *m, void ***out, size_t *n,
                  int (*cmp)(const void *, const void *)) {
  size_t i, k = 0;
  const char *key;
  void *v;
  *out = NULL;
  *n = 0;
  if (!m->len) return 0;
  if (!(*out = acdr_mem_malloc(&e->mem, m->len * sizeof(void *))))
    return ACDR_ERR_NOMEM;
  for (i = 0; acdr_map_next(m, &i, &key, &v);) (*out)[k++] = v;
  qsort(*out, k, sizeof(void *), cmp);
  *n = k;
  return 0;
}

int acdr_agents_sorted(acdr_engine *e, acdr_agent ***out, size_t *n) {
  return sorted(e, &e->agents, (void ***)out, n, by_agent_seq);
}

int acdr_queues_sorted(acdr_engine *e, acdr_queue ***out, size_t *n) {
  return sorted(e, &e->queues, (void ***)out, n, by_queue_seq);
}

static void write_engine(acdr_jw *w, acdr_engine *e, int modules) {
  acdr_agent **as = NULL;
  acdr_queue **qs = NULL;
  size_t na = 0, nq = 0, i;
  if (acdr_agents_sorted(e, &as, &na) != 0 ||
      acdr_queues_sorted(e, &qs, &nq) != 0) {
    w->oom = 1;
    acdr_mem_free(&e->mem, as);
    return;
  }
  acdr_jw_obj(w);
  acdr_jw_ki64(w, "version", 1);
  acdr_jw_key(w, "agents");
  acdr_jw_arr(w);
  for (i = 0; i < na; i++) acdr_cfg_write_agent(w, as[i]);
  acdr_jw_arr_end(w);
  acdr_jw_key(w, "queues");
  acdr_jw_arr(w);
  for (i = 0; i < nq; i++) write_queue(w, e, &qs[i]->def, qs[i]);
  acdr_jw_arr_end(w);
  if (modules) {
    acdr_cfg_write_dispositions(w, e);
    acdr_cfg_write_metrics(w, e);
  }
  acdr_cfg_write_customers(w, e); /* the memory's contents: snapshots */
  acdr_jw_obj_end(w);
  acdr_mem_free(&e->mem, as);
  acdr_mem_free(&e->mem, qs);
}

void acdr_cfg_write_engine(acdr_jw *w, acdr_engine *e) {
  write_engine(w, e, 1);
}

void acdr_cfg_write_engine_core(acdr_jw *w, acdr_engine *e) {
  write_engine(w, e, 0);
}
