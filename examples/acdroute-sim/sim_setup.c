/* SPDX-License-Identifier: MIT */
/* acdroute-sim: the engine built from the scenario (queues, agents,
 * members), and the agents' shift events. */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

int setup_engine(sim *m) {
  const sim_scenario *s = m->s;
  acdr_callbacks cb = {on_action, NULL};
  acdr_options opt;
  acdr_options_default(&opt);
  opt.seed = s->seed;
  opt.unix_time_at_zero = s->unix_time_at_zero;
  int rv = acdr_engine_new(&m->e, &cb, &opt, m);
  if (rv < 0) {
    fprintf(stderr, "acdroute-sim: engine: %s\n", acdr_strerror(rv));
    return rv;
  }
  if (s->engine_doc) {
    /* --config: the document was validated when the file was loaded */
    rv = acdr_config_apply(m->e, s->engine_doc, strlen(s->engine_doc),
                           ACDR_RELOAD_REFUSE, 0);
    if (rv < 0) {
      fprintf(stderr, "acdroute-sim: %s: engine configuration: %s\n%s",
              s->source ? s->source : "?", acdr_strerror(rv),
              acdr_config_last_errors(m->e));
      return rv;
    }
    return setup_library(m);
  }
  for (size_t i = 0; i < s->nqueues; ++i) {
    const sim_queue_model *qm = &s->queues[i];
    acdr_queue_def q;
    acdr_queue_def_default(&q);
    q.id = qm->id;
    q.channel = qm->channel;
    q.strategy = m->o->strategy ? m->o->strategy
                                : (qm->strategy[0] ? qm->strategy : NULL);
    q.sl_threshold_ms = qm->sl_threshold_ms;
    q.ring_timeout_ms = qm->ring_timeout_ms;
    q.wrapup_ms = qm->wrapup_cap_ms;
    q.weight = qm->weight;
    if (qm->known_agent_hold_ms > 0)
      q.known_agent_hold_ms = qm->known_agent_hold_ms;
    rv = acdr_queue_add(m->e, &q);
    if (rv == ACDR_ERR_UNKNOWN_STRATEGY && !m->o->strategy) {
      /* a strategy this build lacks: fall back to the default */
      if (!m->o->quiet)
        fprintf(stderr, "acdroute-sim: queue %s: strategy \"%s\" unknown, "
                        "using the default\n", qm->id, q.strategy);
      q.strategy = NULL;
      rv = acdr_queue_add(m->e, &q);
    }
    if (rv < 0) {
      fprintf(stderr, "acdroute-sim: queue %s: %s (%s)\n", qm->id,
              acdr_strerror(rv), acdr_engine_last_error(m->e));
      return rv;
    }
  }
  if ((rv = setup_library(m)) < 0) return rv;
  for (size_t i = 0; i < s->nagents; ++i) {
    const sim_agent_model *am = &s->agents[i];
    acdr_agent_def d;
    acdr_agent_def_default(&d);
    d.id = am->id;
    d.name = am->name[0] ? am->name : NULL;
    memcpy(d.capacity, am->capacity, sizeof d.capacity);
    d.skills = am->skills;
    d.nskills = (size_t)am->nskills;
    if ((rv = acdr_agent_add(m->e, &d)) < 0) {
      fprintf(stderr, "acdroute-sim: agent %s: %s (%s)\n", am->id,
              acdr_strerror(rv), acdr_engine_last_error(m->e));
      return rv;
    }
  }
  for (size_t i = 0; i < s->nmembers; ++i) {
    const sim_member_model *mm = &s->members[i];
    rv = acdr_queue_member_add(m->e, s->queues[mm->queue].id,
                               s->agents[mm->agent].id, mm->penalty,
                               (int32_t)mm->agent, 0);
    if (rv < 0) {
      fprintf(stderr, "acdroute-sim: member: %s (%s)\n", acdr_strerror(rv),
              acdr_engine_last_error(m->e));
      return rv;
    }
  }
  return 0;
}

/* Shift events: b = 0 login, 1 logout, 2+2k break k starts, 3+2k ends. */
void schedule_shifts(sim *m) {
  int days = m->s->days > 1 ? m->s->days : 1;
  for (int day = 0; day < days; ++day) {
    double d0 = 86400.0 * day;
    for (uint32_t i = 0; i < m->s->nagents; ++i) {
      const sim_agent_model *am = &m->s->agents[i];
      if (am->off) continue;
      /* without a shift end the agent stays logged in: one login only */
      if (am->shift_end_s <= am->shift_start_s && day > 0) continue;
      heap_push(&m->heap, ns_of(d0 + am->shift_start_s), EV_SHIFT, i, 0, 0);
      if (am->shift_end_s > am->shift_start_s)
        heap_push(&m->heap, ns_of(d0 + am->shift_end_s), EV_SHIFT, i, 1, 0);
      for (int k = 0; k < am->nbreaks; ++k) {
        const sim_break *b = &am->breaks[k];
        heap_push(&m->heap, ns_of(d0 + b->start_s), EV_SHIFT, i,
                  2 + 2 * (uint32_t)k, 0);
        heap_push(&m->heap, ns_of(d0 + b->start_s + b->len_s), EV_SHIFT, i,
                  3 + 2 * (uint32_t)k, 0);
      }
    }
  }
}

void shift_event(sim *m, const sim_event *ev) {
  const sim_agent_model *am = &m->s->agents[ev->a];
  const sim_agent_rt *rt = &m->ag[ev->a];
  if (ev->b == 0) {
    sim_call(m, acdr_agent_login(m->e, am->id, m->now), "login");
  } else if (ev->b == 1) {
    if (rt->status != ACDR_AGENT_LOGGED_OUT)
      sim_call(m, acdr_agent_logout(m->e, am->id, m->now), "logout");
  } else if (rt->status != ACDR_AGENT_LOGGED_OUT) {
    uint32_t k = (ev->b - 2) / 2;
    int start = (ev->b - 2) % 2 == 0;
    sim_call(m, acdr_agent_set_status(
                    m->e, am->id,
                    start ? ACDR_AGENT_AWAY : ACDR_AGENT_AVAILABLE,
                    start ? am->breaks[k].reason : NULL, m->now),
             "status");
  }
}
