/* SPDX-License-Identifier: MIT */
/* The floor reference of the benchmark (floor.c): the minimal data
 * structure of each indexed strategy, driven by the same host. */
#ifndef ACDROUTE_BENCH_FLOOR_H
#define ACDROUTE_BENCH_FLOOR_H

#include <stdint.h>

enum {
  BENCH_FLOOR_FIFO = 1,   /* longest-idle, round-robin */
  BENCH_FLOOR_HEAP = 2,   /* least-busy */
  BENCH_FLOOR_SKILLS = 3  /* skills */
};

/* accept of a contact not (or no longer) offered to that agent */
#define BENCH_FLOOR_NOT_OFFERED (-2)

typedef struct bench_floor bench_floor;
typedef void (*bench_floor_offer_fn)(void *ud, const char *contact_id,
                                     const char *agent_id);

/* The floor kind of a strategy, 0 when it has none. */
int bench_floor_kind(const char *strategy);
bench_floor *bench_floor_new(int kind, uint32_t agents,
                             bench_floor_offer_fn offer, void *ud);
void bench_floor_free(bench_floor *f);
/* A logged-in, ready agent (at most `agents` of them). */
int bench_floor_add_agent(bench_floor *f, const char *id,
                          const char *const *skills, const int32_t *levels,
                          int nskills, uint64_t now);
/* skill: the one required skill, or NULL.  0 or -1. */
int bench_floor_arrive(bench_floor *f, const char *cid, const char *skill,
                       uint64_t now);
int bench_floor_accept(bench_floor *f, const char *cid, const char *aid,
                       uint64_t now);
int bench_floor_hangup(bench_floor *f, const char *cid, uint64_t now);
int bench_floor_wrapup_done(bench_floor *f, const char *cid, uint64_t now);

#endif
