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

/* Live bytes requested by the engine (the size header the allocator adds is
 * not counted), through acdr_options.mem. */
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
} bench_cfg;

typedef struct bench_result {
  bench_cfg cfg;
  int ok;
  char error[160];
  /* arrive -> OFFER, ns */
  double decide_p50, decide_p99;
  uint64_t decide_n;
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

/* Callgrind mode: run one scenario with few iterations so that
 * `valgrind --tool=callgrind --toggle-collect=<fn>` counts only the
 * measured calls.  Prints the number of calls of the toggled function. */
int bench_callgrind(const char *what, const char *strategy, uint32_t agents,
                    uint32_t count);

/* Strategy names of a fresh engine (registration order).  Returns the
 * count; names are copied into names[i] (caller frees with free()). */
size_t bench_list_strategies(char ***names);

/* ---- SQL baseline (sql_baseline.c) ---- */

typedef struct bench_sql_result {
  int ok;
  char error[160];
  uint32_t agents;
  double select_p50, select_p99; /* one SELECT ... JOIN ... ORDER BY */
  double decide_p50;             /* SELECT + UPDATE that reserves it */
  uint64_t n;
} bench_sql_result;

/* 1 if the baseline was compiled in (libsqlite3 found at build time). */
int bench_sql_available(void);
int bench_sql_run(uint32_t agents, uint32_t iterations, double max_seconds,
                  bench_sql_result *r);

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
  const char *strategy; /* ours, same size, 1 queue, no skills */
  double ours_p50;
  double ratio;         /* sql select p50 / ours p50 */
} bench_sql_row;

typedef struct bench_target {
  char what[64];
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
  bench_sql_row sql[4];
  size_t nsql;
  bench_target targets[64];
  size_t ntargets;
} bench_run;

void bench_report_table(const bench_run *run, FILE *out);
int bench_report_json(const bench_run *run, const char *path);
int bench_report_markdown(const bench_run *run, const char *path);

#endif
