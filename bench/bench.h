/* SPDX-License-Identifier: MIT */
/*
 * acdroute-bench: shared declarations.
 *
 * The benchmark drives the public API only (plus its own code): a counting
 * allocator through acdr_options.mem, a host that answers offers, and an
 * optional SQLite baseline that routes the way FreeSWITCH mod_callcenter
 * does (one SELECT ... JOIN ... ORDER BY per decision on unindexed tables).
 */
#ifndef ACDROUTE_BENCH_H
#define ACDROUTE_BENCH_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include <acdroute/acdroute.h>

/* ---- clock and statistics (stats.c) ---- */

/* CLOCK_MONOTONIC in nanoseconds (the bench reads a clock; the library
 * never does). */
uint64_t bench_now_ns(void);
/* Median cost of one bench_now_ns() call, measured back to back. */
double bench_clock_overhead_ns(void);

typedef struct bench_samples {
  uint64_t *v;
  size_t n, cap;
} bench_samples;

void bench_samples_add(bench_samples *s, uint64_t x);
/* q in [0,1]; sorts in place.  0 if empty. */
double bench_samples_quantile(bench_samples *s, double q);
void bench_samples_free(bench_samples *s);

/* ---- counting allocator (stats.c) ---- */

/* Live bytes the engine holds through acdr_options.mem, counted as real
 * glibc chunks (malloc_usable_size + the 8-byte chunk header). */
typedef struct bench_counter {
  int64_t live;
  int64_t peak;
  uint64_t calls;
} bench_counter;

/* An acdr_mem whose user_data is `c`. */
acdr_mem bench_counting_mem(bench_counter *c);

/* ---- what one scenario cell measures (engine_bench.c) ---- */

typedef struct bench_cfg {
  const char *strategy;
  uint32_t agents;
  uint32_t queues;     /* 1 or 100; with 100 each agent is in 3 queues */
  int skills;          /* 1: agents have 4 skills, contacts require 1 */
  /* iteration counts */
  uint32_t decisions;  /* timed arrive -> OFFER samples */
  uint32_t frees;      /* timed wrap-up done -> OFFER samples */
  uint32_t waiting;    /* contacts waiting in the agent-freeing test */
  uint32_t lifecycle;  /* contacts through the full lifecycle */
  double max_seconds;  /* per measurement, a guard for O(n) strategies */
  int floor;           /* 1: run the floor reference (floor.c), not acdroute */
  int record_events;   /* acdr_options.record_events */
  uint32_t agent_bucket_bytes; /* config metrics.agent_bucket_bytes (0: none) */
} bench_cfg;

typedef struct bench_result {
  bench_cfg cfg;
  int ok;
  char error[160];
  /* arrive -> OFFER, ns */
  double decide_p50, decide_p99; /* per decision, from batch samples */
  uint64_t decide_n;             /* batch samples */
  uint32_t decide_batch;         /* decisions per timed batch */
  double warm_share;             /* agents offered a contact before timing */
  double decide_offer_rate; /* share of arrivals offered at once */
  /* wrap-up done -> OFFER with `waiting` contacts in line, ns */
  double free_p50, free_p99;
  uint64_t free_n;
  double free_offer_rate;
  /* full lifecycle: arrive, (offer), accept, hangup, wrap-up done */
  double life_events_per_s;
  double life_contacts_per_s;
  uint64_t life_events;
  /* memory, counted through the allocator hooks */
  double bytes_per_agent;
  double bytes_per_waiting_contact;
  /* setup time (not a measurement; for the reader's patience) */
  double setup_ms;
} bench_result;

/* Run every measurement of one cell.  Returns 0, or -1 with r->error set
 * (for example a strategy that refuses to be created without settings). */
int bench_run_cell(const bench_cfg *cfg, bench_result *r);

/* acdroute and the floor (floor.c) on one workload, batches interleaved. */
typedef struct bench_floor_row {
  const char *strategy;
  uint32_t agents;
  int skills;
  int ok;
  char error[160];
  uint32_t batch;
  double warm_share;
  double ours_decide_p50, floor_decide_p50, decide_ratio; /* ns, ours/floor */
  double ours_offer_rate, floor_offer_rate;
  double ours_life_eps, floor_life_eps, life_ratio;       /* floor/ours */
} bench_floor_row;

int bench_floor_compare(const bench_cfg *cfg, bench_floor_row *row);

/* Callgrind mode: run one scenario with few iterations so that
 * `valgrind --tool=callgrind --toggle-collect=<fn>` counts only the
 * measured calls.  Prints the number of calls of the toggled function. */
int bench_callgrind(const char *what, const char *strategy, uint32_t agents,
                    uint32_t count, int floor);

/* Strategy names of a fresh engine (registration order).  Returns the
 * count; names are copied into names[i] (caller frees with free()). */
size_t bench_list_strategies(char ***names);

/* ---- a shift, snapshots, replay (shift.c, engine_bench.c) ---- */

#define BENCH_SHIFT_HOURS 8

enum { BENCH_SHIFT_NO_DISPO = 1, BENCH_SHIFT_NO_CUSTOMERS = 2,
       BENCH_SHIFT_NO_SNAPSHOT = 4,
       BENCH_SHIFT_BUDGET = 8 /* metrics.agent_bucket_bytes 1024 */ };

typedef struct bench_shift_result {
  int ok, flags;
  char error[160];
  uint32_t agents, waiting;
  double hours;
  uint64_t contacts, events;
  double seconds;                  /* wall time of the simulated shift */
  double bytes_per_agent_start;    /* after login, before any traffic */
  double bytes_per_agent_hour[BENCH_SHIFT_HOURS]; /* live, calls running */
  double bytes_per_agent;          /* after the shift, no call left */
  double bytes_per_waiting;
  double peak_bytes, total_bytes;
  double snapshot_bytes, snapshot_ms, restore_ms;
} bench_shift_result;

int bench_shift(uint32_t agents, double hours, uint32_t waiting, int flags,
                bench_shift_result *r);

/* Customer memory (customer.h): `customers` customers, `per` contacts
 * each (answered, disposition code, ended), memory on with history 10;
 * the bytes the memory gives back when it is switched off, per customer
 * (real chunk sizes), and its own count (the max_bytes measure). */
typedef struct bench_customer_result {
  int ok;
  char error[160];
  uint32_t customers, per;
  double bytes_per_customer;         /* counting allocator */
  double counted_per_customer;       /* acdr_customer_memory_get bytes */
} bench_customer_result;

int bench_customers(uint32_t customers, uint32_t per,
                    bench_customer_result *r);

typedef struct bench_replay_result {
  int ok;
  char error[160];
  uint32_t agents;
  uint64_t lines, leader_events;
  double leader_eps;        /* no recording, median of chunks */
  double leader_rec_eps;    /* record_events on, lines taken per chunk */
  double record_cost;       /* 1 - rec / plain */
  double follower_lps;      /* lines applied per second */
  double follower_ratio;    /* follower lines/s / leader events/s */
} bench_replay_result;

int bench_replay(uint32_t agents, uint32_t contacts, bench_replay_result *r);

/* ---- SQL baseline (sql_baseline.c) ---- */

enum { BENCH_SQL_MODCC = 0, BENCH_SQL_MODCC_INDEXED = 1, BENCH_SQL_READY = 2,
       BENCH_SQL_KINDS = 3 };
extern const char *const bench_sql_kind_name[BENCH_SQL_KINDS];

typedef struct bench_sql_result {
  int ok;
  char error[160];
  int kind;
  uint32_t agents;
  double decide_p50, decide_p99; /* query to agent reserved, ns */
  uint64_t n;
} bench_sql_result;

/* 1 if the baseline was compiled in (libsqlite3 found at build time). */
int bench_sql_available(void);
int bench_sql_run(int kind, uint32_t agents, uint32_t iterations,
                  double max_seconds, bench_sql_result *r);

/* ---- one whole run and its report (main.c, report.c) ---- */

typedef struct bench_growth {
  const char *strategy;
  uint32_t queues;
  int skills;
  double decide_1k, decide_100k, decide_ratio; /* 0: not measured */
  double free_1k, free_100k, free_ratio;
} bench_growth;

typedef struct bench_sql_row {
  bench_sql_result sql;
  const char *strategy; /* ours: longest-idle, same size, 1 queue */
  double ours_p50;      /* from the floor comparison (batched, warmed) */
  double ratio;         /* sql p50 / ours p50 */
} bench_sql_row;

typedef struct bench_target {
  char what[96];
  char strategy[64];
  double value, limit;
  int higher_is_better;
  int measured;
  int met;
} bench_target;

typedef struct bench_run {
  int quick;
  char cpu[128];
  long cores;
  double clock_overhead_ns;
  double seconds;
  bench_result *cells;
  size_t ncells, capcells;
  bench_growth *growth;
  size_t ngrowth;
  bench_sql_row sql[16];
  size_t nsql;
  bench_floor_row floor[16];
  size_t nfloor;
  int have_shift, have_replay;
  bench_shift_result shift;
  bench_shift_result shift_nodispo, shift_nocust; /* attribution */
  bench_shift_result shift_budget; /* the host's per-agent bucket budget */
  bench_customer_result cust1, cust10; /* customer memory: 1, 10 contacts */
  bench_replay_result replay;
  bench_target targets[64];
  size_t ntargets;
} bench_run;

void bench_report_table(const bench_run *run, FILE *out);
int bench_report_json(const bench_run *run, const char *path);
int bench_report_markdown(const bench_run *run, const char *path);

#endif
