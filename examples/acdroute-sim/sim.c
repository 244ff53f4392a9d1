/* SPDX-License-Identifier: MIT */
/*
 * acdroute-sim: the event loop.
 *
 * Simulated time is in nanoseconds (acdr_tstamp).  The simulator's own
 * events (arrivals, answers, hang-ups, wrap-up ends, patience running out,
 * shift changes) sit in a heap; the engine's deadlines come from
 * acdr_engine_get_expiry().  The loop always does whichever comes first:
 * it is the same loop a real host runs, with a simulated clock.
 *
 * Everything the report needs is tallied from the actions the engine
 * emits (on_action): the same information a real host gets.
 */
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sim_internal.h"

int sim_call(sim *m, int rv, const char *what) {
  m->r->engine_calls++;
  if (rv < 0 && rv != ACDR_ERR_NOT_OFFERED && rv != ACDR_ERR_CONTACT_NOT_FOUND &&
      rv != ACDR_ERR_INVALID_STATE) {
    fprintf(stderr, "acdroute-sim: %s: %s (%s)\n", what, acdr_strerror(rv),
            acdr_engine_last_error(m->e));
    m->failed = 1;
  }
  return rv;
}

static void progress(sim *m, int final) {
  if (m->o->quiet) return;
  double t = s_of(m->now);
  if (m->s->mmn)
    fprintf(stderr, "\racdroute-sim: %" PRIu64 " contacts, simulated %.0f h",
            m->counted, t / 3600.0);
  else if (m->s->days > 1)
    fprintf(stderr, "\racdroute-sim: day %d %02d:%02d, %" PRIu64 " contacts",
            (int)(t / 86400) + 1, (int)fmod(t / 3600, 24),
            (int)fmod(t / 60, 60), m->counted);
  else
    fprintf(stderr, "\racdroute-sim: %02d:%02d, %" PRIu64 " contacts",
            (int)fmod(t / 3600, 24), (int)fmod(t / 60, 60), m->counted);
  if (final) fputc('\n', stderr);
}

int sim_run(const sim_scenario *s, const sim_options *o, sim_result *r) {
  sim m;
  int rv = 0;
  clock_t c0 = clock();
  memset(&m, 0, sizeof m);
  memset(r, 0, sizeof *r);
  m.s = s;
  m.o = o;
  m.r = r;
  m.arriving = -1;
  rng_seed(&m.rng, s->seed);
  rng_seed(&m.rng_agent, s->seed ^ 0x5eed5eed5eedULL);
  r->queue = calloc(s->nqueues ? s->nqueues : 1, sizeof(*r->queue));
  r->agent = calloc(s->nagents ? s->nagents : 1, sizeof(*r->agent));
  r->all_queue = calloc(s->nqueues ? s->nqueues : 1, sizeof(*r->all_queue));
  m.ag = calloc(s->nagents ? s->nagents : 1, sizeof(*m.ag));
  if (!r->queue || !r->agent || !r->all_queue || !m.ag || map_build(&m) != 0) {
    rv = -1;
    goto out;
  }
  if ((rv = setup_engine(&m)) < 0) goto out;
  schedule_shifts(&m);
  for (uint32_t q = 0; q < s->nqueues; ++q) {
    uint64_t t0 = ns_of(s->start_s);
    uint64_t t = next_arrival(&m, q, t0);
    if (t) {
      heap_push(&m.heap, t, EV_ARRIVAL, q, 0, 0);
      m.streams_active++;
    }
  }
  if (!m.streams_active) m.arrivals_done = 1;

  uint64_t nev = 0, next_progress = 1u << 16;
  int is_tty = isatty(2);
  for (;;) {
    acdr_tstamp te = acdr_engine_get_expiry(m.e);
    uint64_t th = m.heap.n ? m.heap.v[0].t : UINT64_MAX;
    if (m.failed) break;
    if ((m.arrivals_done || !m.streams_active) && m.live == 0) {
      if (!m.arrivals_done) {
        m.arrivals_done = 1;
        if (!m.measure_end) m.measure_end = m.now;
      }
      /* keep shift events (logouts) so agent times close properly */
      if (th == UINT64_MAX && te == ACDR_TSTAMP_MAX) break;
    }
    if (te == ACDR_TSTAMP_MAX && th == UINT64_MAX) break;
    if (te <= th) {
      advance(&m, te < m.now ? m.now : te);
      sim_call(&m, acdr_engine_handle_expiry(m.e, m.now), "expiry");
    } else {
      sim_event ev;
      heap_pop(&m.heap, &ev);
      advance(&m, ev.t);
      switch (ev.type) {
      case EV_ARRIVAL:
        arrival(&m, ev.a, ev.b);
        break;
      default:
        break;
      }
      if (ev.type == EV_ABANDON || ev.type == EV_ANSWER ||
          ev.type == EV_HANGUP || ev.type == EV_WRAPUP) {
        char id[24];
        if (ev.a >= m.nc || m.c[ev.a].gen != ev.gen) goto next;
        snprintf(id, sizeof id, "c%" PRIu32, ev.a);
        if (ev.type == EV_ABANDON && m.c[ev.a].state == C_WAITING)
          sim_call(&m, acdr_contact_hangup(m.e, id, m.now), "abandon");
        else if (ev.type == EV_ANSWER && m.c[ev.a].state == C_WAITING)
          sim_call(&m, acdr_contact_accept(m.e, id, s->agents[ev.b].id,
                                           m.now), "accept");
        else if (ev.type == EV_HANGUP && m.c[ev.a].state == C_TALK)
          sim_call(&m, acdr_contact_hangup(m.e, id, m.now), "hangup");
        else if (ev.type == EV_WRAPUP && m.c[ev.a].state == C_WRAP)
          sim_call(&m, acdr_contact_wrapup_done(m.e, id, m.now), "wrapup");
      } else if (ev.type == EV_SHIFT) {
        shift_event(&m, &ev);
      }
    }
  next:
    if (++nev >= next_progress) {
      next_progress += 1u << 16;
      if (is_tty) progress(&m, 0);
      if (o->check && acdr_engine_check(m.e) != 0) {
        fprintf(stderr, "acdroute-sim: invariant: %s\n",
                acdr_engine_last_error(m.e));
        m.failed = 1;
      }
    }
  }
  if (!m.measure_end) m.measure_end = m.now;
  for (uint32_t i = 0; i < s->nagents; ++i) agent_account(&m, i);
  if (o->check && acdr_engine_check(m.e) != 0) {
    fprintf(stderr, "acdroute-sim: invariant: %s\n",
            acdr_engine_last_error(m.e));
    m.failed = 1;
  }
  /* \r lines belong on a terminal, never in a log file */
  if (is_tty) progress(&m, 1);
  r->events = nev;
  r->measure_start_s = s_of(m.measure_start);
  r->measure_end_s = s_of(m.measure_end);
  {
    acdr_engine_counts n;
    if (acdr_engine_get_counts(m.e, &n) == 0) {
      r->engine_arrived = n.contacts_arrived;
      r->engine_ended = n.contacts_ended;
    }
  }
  r->arrivals = m.counted + m.counted_closed;
  for (uint32_t i = 0; i < m.nc; ++i)
    if (m.c[i].state != C_FREE && m.c[i].counted) r->unfinished++;
  tally_unfinished(&m);
  if (m.live && !o->quiet)
    fprintf(stderr, "acdroute-sim: %" PRIu32 " contacts still live at the "
                    "end (nobody left to serve them)\n", m.live);
  fetch_metrics(&m);
  rv = m.failed ? -1 : 0;
out:
  r->cpu_s = (double)(clock() - c0) / CLOCKS_PER_SEC;
  acdr_engine_del(m.e);
  heap_free(&m.heap);
  free(m.c);
  free(m.freel);
  free(m.ag);
  free(m.amap);
  if (rv == 0) stats_finish(s, r);
  return rv;
}

void result_free(sim_result *r) {
  void *arrays[] = {r->queue, r->agent, r->iv, r->all_queue, r->qiv,
                    r->lib_queue, r->lib_agent, r->lib_iv};
  for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; ++i)
    free(arrays[i]);
  memset(r, 0, sizeof *r);
}
