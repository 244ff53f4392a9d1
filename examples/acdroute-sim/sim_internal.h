/* SPDX-License-Identifier: MIT */
/*
 * acdroute-sim: the event loop's internal state, shared by sim*.c only.
 *
 *   sim.c          the event loop (sim_run) and the engine-call wrapper
 *   sim_callers.c  contact slots, arrivals, repeat contacts, contact ends
 *   sim_actions.c  the engine's action callback, agent id -> index
 *   sim_time.c     time integration: intervals and agents' time accounts
 *   sim_setup.c    the engine built from the scenario, shift events
 *   sim_library.c  the library's metric settings, catalog, hours; readout
 */
#ifndef ACDR_SIM_INTERNAL_H
#define ACDR_SIM_INTERNAL_H

#include <math.h>

#include "sim.h"

enum { C_FREE = 0, C_WAITING = 1, C_TALK = 2, C_WRAP = 3 };

typedef struct sim_contact {
  uint32_t gen;
  uint8_t state;
  uint8_t counted;
  uint8_t first;     /* not a repeat contact */
  uint8_t vip;
  uint8_t closed;    /* heard the CLOSED announcement */
  uint32_t queue;    /* the queue it arrived in (its traffic model) */
  uint32_t inq;      /* the queue it is in now (after overflows) */
  uint8_t moved;     /* entered inq by overflow from another queue */
  int32_t agent;
  int32_t code;      /* disposition code index, -1 none */
  int32_t batch;
  uint32_t customer;
  uint64_t arrival, answered, wrap_start;
  uint64_t entered;  /* when it entered inq */
} sim_contact;

typedef struct sim_agent_rt {
  int32_t status, activity;
  uint64_t since;    /* last state change */
} sim_agent_rt;

typedef struct sim_map_ent {
  const char *key;
  uint32_t val;
} sim_map_ent;

typedef struct sim {
  const sim_scenario *s;
  const sim_options *o;
  sim_result *r;
  acdr_engine *e;
  sim_heap heap;
  sim_rng rng;       /* traffic */
  sim_rng rng_agent; /* agent behaviour */
  sim_contact *c;
  uint32_t nc, capc;
  uint32_t *freel;
  uint32_t nfree;
  uint32_t live;
  sim_agent_rt *ag;
  sim_map_ent *amap;
  uint32_t amask;
  uint64_t now;
  uint64_t counted;     /* counted arrivals so far */
  int arrivals_done;
  uint32_t streams_active;
  uint32_t next_customer;
  int32_t nwaiting, nbusy, nstaffed;
  int32_t arriving;     /* slot inside acdr_contact_arrive, else -1 */
  int arrived_closed;   /* the last arrival heard CLOSED */
  uint64_t counted_closed; /* counted arrivals that were closed: they do
                              not count toward max_contacts */
  int cur_batch;
  int measuring;
  uint64_t measure_start, measure_end;
  int failed;
} sim;

static inline uint64_t ns_of(double s) {
  return s <= 0 ? 0 : (uint64_t)llround(s * SIM_SEC);
}

static inline double s_of(uint64_t t) { return (double)t / SIM_SEC; }

/* sim.c: count an engine call; a real failure stops the run. */
int sim_call(sim *m, int rv, const char *what);

/* sim_callers.c */
/* Slot of a contact id "c<slot>" of a live contact, else -1. */
int32_t contact_slot(const sim *m, const char *id);
uint64_t next_arrival(sim *m, uint32_t q, uint64_t t);
/* Arrival on queue q: a fresh caller (customer_plus1 0) or a repeat. */
void arrival(sim *m, uint32_t q, uint32_t customer_plus1);
void handle_end(sim *m, int32_t slot, const acdr_action *a);
/* The contact moved into another queue (REQUEUED). */
void handle_requeue(sim *m, int32_t slot, const char *queue_id);
/* Count the contacts still live when the run ends. */
void tally_unfinished(sim *m);

/* sim_actions.c */
int map_build(sim *m);
int32_t agent_index(const sim *m, const char *id);
int on_action(acdr_engine *e, const acdr_action *a, void *user_data);

/* sim_time.c */
sim_interval *interval_at(sim *m, double t_s);
/* Queue q's tally of interval at t_s (NULL: out of memory). */
sim_tally *queue_interval_at(sim *m, uint32_t q, double t_s);
void advance(sim *m, uint64_t t);
void note_waiting(sim *m);
void agent_account(sim *m, uint32_t i);

/* sim_setup.c */
int setup_engine(sim *m);
void schedule_shifts(sim *m);
void shift_event(sim *m, const sim_event *ev);

/* sim_library.c */
int setup_library(sim *m);
void fetch_metrics(sim *m);

#endif
