/* SPDX-License-Identifier: MIT */
/*
 * The benchmark's host: one engine with a counting allocator, contacts and
 * agents named "c<n>" / "a<n>", an action callback that records the first
 * OFFER of a timed call and either answers offers at once (re-entrantly,
 * from the callback) or keeps them for drain().
 */
#ifndef ACDROUTE_BENCH_HOST_H
#define ACDROUTE_BENCH_HOST_H

#include "bench.h"

typedef struct bench_offer {
  uint64_t contact;
  uint32_t agent;
} bench_offer;

/* FIFO of agent indexes. */
typedef struct bench_fifo {
  uint32_t *v;
  size_t cap, head, len;
} bench_fifo;

typedef struct bench_host {
  acdr_engine *e;
  bench_counter mem;
  const bench_cfg *cfg;
  acdr_tstamp now;
  uint64_t next_seq;   /* next contact number */
  uint64_t rng;
  /* OFFER bookkeeping */
  int accept_in_cb;    /* 1: accept every offer from inside the callback */
  int offered;         /* an OFFER was delivered since it was cleared */
  uint64_t t_offer;    /* clock at that first OFFER */
  bench_offer *pend;   /* offers kept for drain() */
  size_t npend, pend_head, cappend;
  uint64_t *accepted;  /* ring: contact+1 of contacts already answered */
  uint64_t accepted_mask; /* ring size - 1 (>= 4 x agents) */
  uint64_t *agent_contact; /* per agent: contact+1 it holds, or 0 */
  bench_fifo connected, wrapup; /* agents by state, oldest first */
  uint64_t events;     /* successful engine calls (events) */
  uint64_t noffers;    /* OFFERs seen */
  uint64_t offered_contacts; /* contacts that got at least one OFFER */
  uint64_t last_offer_contact;
  struct bench_floor *floor; /* cfg->floor: the floor instead of an engine */
  unsigned char *touched;    /* per agent: offered at least once */
  uint32_t ntouched;
  acdr_tstamp step_ns;       /* clock step per host call (default 1 us) */
  uint64_t customers;        /* > 0: customer ids repeat with this period */
  const char *dispo;         /* set: disposition code set before wrap-up done */
  acdr_tstamp *talk_ends;    /* shift mode: per agent, when its call ends */
  acdr_tstamp talk_ns;
  char *log;                 /* record_events: lines taken so far */
  size_t loglen, logcap;
  int failed;
  char error[160];
} bench_host;

/* What drain() does with an answered contact. */
enum { BENCH_RECYCLE = 0, /* hang up and finish wrap-up at once */
       BENCH_TO_WRAPUP = 1 /* hang up; the agent stays in wrap-up */ };

int bench_host_init(bench_host *h, const bench_cfg *cfg);
/* Define, place and log in cfg->agents agents. */
int bench_host_add_agents(bench_host *h);
void bench_host_free(bench_host *h);

/* A new contact "c<seq>" arrives (queue seq % queues, one required skill
 * when cfg->skills).  Returns the engine's result. */
int bench_host_arrive(bench_host *h, uint64_t seq);
int bench_host_hangup(bench_host *h, uint64_t seq);
int bench_host_wrapup_done(bench_host *h, uint64_t seq);
/* Answer the offers kept since the last drain. */
int bench_host_drain(bench_host *h, int mode);

/* 1 if contact `seq` was answered (recent contacts only: a ring of at
 * least 65,536 and 4 x agents). */
int bench_host_accepted(const bench_host *h, uint64_t seq);
/* record_events: move the engine's event lines to h->log. */
int bench_host_take_log(bench_host *h);

int bench_fifo_push(bench_fifo *f, uint32_t x);
uint32_t bench_fifo_pop(bench_fifo *f);

#endif
