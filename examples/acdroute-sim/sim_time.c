/* SPDX-License-Identifier: MIT */
/* acdroute-sim: time integration (report intervals, waiting/busy/staffed
 * areas, agents' time accounts). */
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

sim_interval *interval_at(sim *m, double t_s) {
  size_t k = (size_t)(t_s / m->s->interval_s);
  sim_result *r = m->r;
  if (k >= r->niv) {
    size_t n = r->niv ? r->niv : 64;
    while (n <= k) n *= 2;
    size_t nq = m->s->nqueues ? m->s->nqueues : 1;
    sim_interval *v = realloc(r->iv, n * sizeof(*v));
    if (!v) {
      m->failed = 1;
      return NULL;
    }
    r->iv = v;
    sim_tally *qv = realloc(r->qiv, n * nq * sizeof(*qv));
    if (!qv) {
      m->failed = 1;
      return NULL;
    }
    r->qiv = qv;
    memset(v + r->niv, 0, (n - r->niv) * sizeof(*v));
    memset(qv + r->niv * nq, 0, (n - r->niv) * nq * sizeof(*qv));
    r->niv = n;
  }
  return &r->iv[k];
}

sim_tally *queue_interval_at(sim *m, uint32_t q, double t_s) {
  if (!interval_at(m, t_s)) return NULL;
  size_t k = (size_t)(t_s / m->s->interval_s);
  return &m->r->qiv[k * m->s->nqueues + q];
}

void advance(sim *m, uint64_t t) {
  if (t <= m->now) return;
  uint64_t step = ns_of(m->s->interval_s);
  uint64_t a = m->now;
  while (a < t) {
    uint64_t bend = (a / step + 1) * step;
    uint64_t b = bend < t ? bend : t;
    double dt = s_of(b - a);
    sim_interval *iv = interval_at(m, s_of(a));
    if (!iv) return;
    iv->waiting_area += dt * m->nwaiting;
    iv->busy_area += dt * m->nbusy;
    iv->staffed_area += dt * m->nstaffed;
    if (m->measuring) {
      uint64_t x = a > m->measure_start ? a : m->measure_start;
      uint64_t y = b;
      if (m->measure_end && y > m->measure_end) y = m->measure_end;
      if (y > x) {
        double d = s_of(y - x) * m->nbusy;
        m->r->busy_area += d;
        if (m->s->mmn) m->r->batch[m->cur_batch].busy_area += d;
      }
    }
    a = b;
  }
  m->now = t;
}

void note_waiting(sim *m) {
  sim_interval *iv = interval_at(m, s_of(m->now));
  if (iv && (uint32_t)m->nwaiting > iv->max_waiting)
    iv->max_waiting = (uint32_t)m->nwaiting;
}

/* Account an agent's time since its last change to its old state. */
void agent_account(sim *m, uint32_t i) {
  sim_agent_rt *a = &m->ag[i];
  sim_agent_stats *st = &m->r->agent[i];
  /* the warm-up applies to agent time too */
  uint64_t from = a->since > ns_of(m->s->warmup_s) ? a->since
                                                    : ns_of(m->s->warmup_s);
  double dt = m->now > from ? s_of(m->now - from) : 0;
  a->since = m->now;
  if (a->status == ACDR_AGENT_LOGGED_OUT && a->activity == ACDR_ACTIVITY_IDLE)
    return;
  st->logged_in_s += dt;
  if (a->activity != ACDR_ACTIVITY_IDLE)
    st->busy_s += dt;
  else if (a->status == ACDR_AGENT_AVAILABLE)
    st->idle_s += dt;
  else
    st->away_s += dt;
}
