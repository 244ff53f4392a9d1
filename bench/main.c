/* SPDX-License-Identifier: MIT */
/*
 * acdroute-bench: routing cost at scale, against the way other systems
 * route.  See docs/performance.md; run it through scripts/bench.
 *
 *   acdroute-bench [--quick] [--json FILE] [--markdown FILE]
 *                  [--sizes 100,1000,...] [--strategies a,b] [--no-sql]
 *   acdroute-bench --callgrind decide|lifecycle [--strategy S]
 *                  [--agents N] [--count N]
 *   acdroute-bench --load [--sizes AGENTS[:QUEUES],...] [--reps N]
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *f) {
  fprintf(f,
          "usage: acdroute-bench [--quick] [--json FILE] [--markdown FILE]\n"
          "                      [--sizes N,N,...] [--strategies S,S,...]\n"
          "                      [--no-sql] [--sections matrix,floor,sql,"
          "shift,replay]\n"
          "                      [--shift-agents N] [--shift-hours H]\n"
          "       acdroute-bench --callgrind decide|lifecycle [--strategy S]"
          "\n                      [--agents N] [--count N] [--floor]\n");
}

static int in_list(const char *list, const char *name) {
  size_t n = strlen(name);
  const char *p = list;
  if (!list) return 1;
  while (p && *p) {
    const char *end = strchr(p, ',');
    size_t len = end ? (size_t)(end - p) : strlen(p);
    if (len == n && strncmp(p, name, n) == 0) return 1;
    p = end ? end + 1 : NULL;
  }
  return 0;
}

static size_t parse_sizes(const char *s, uint32_t *out, size_t max) {
  size_t n = 0;
  while (s && *s && n < max) {
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (end == s || v == 0 || v > 10000000ul) return 0;
    out[n++] = (uint32_t)v;
    s = *end == ',' ? end + 1 : NULL;
  }
  return n;
}

static void machine(bench_run *run) {
  FILE *f = fopen("/proc/cpuinfo", "r");
  char line[256];
  snprintf(run->cpu, sizeof(run->cpu), "unknown");
  while (f && fgets(line, sizeof(line), f)) {
    if (strncmp(line, "model name", 10) == 0) {
      char *p = strchr(line, ':');
      if (p) {
        size_t len;
        p += 2;
        len = strcspn(p, "\n");
        snprintf(run->cpu, sizeof(run->cpu), "%.*s", (int)len, p);
      }
      break;
    }
  }
  if (f) fclose(f);
  run->cores = sysconf(_SC_NPROCESSORS_ONLN);
}

/* ring-all offers to every ready agent: O(agents) per decision by design */
static int size_applies(const char *strategy, uint32_t agents) {
  if (strstr(strategy, "ring-all")) return agents <= 1000;
  return 1;
}

static const bench_result *find_cell(const bench_run *run, const char *s,
                                     uint32_t agents, uint32_t queues,
                                     int skills) {
  size_t i;
  for (i = 0; i < run->ncells; i++) {
    const bench_result *r = &run->cells[i];
    if (r->ok && r->cfg.agents == agents && r->cfg.queues == queues &&
        r->cfg.skills == skills && strcmp(r->cfg.strategy, s) == 0)
      return r;
  }
  return NULL;
}

static void add_target(bench_run *run, const char *what, const char *s,
                       double value, double limit, int higher, int measured) {
  bench_target *t;
  if (run->ntargets >= sizeof(run->targets) / sizeof(run->targets[0]))
    return;
  t = &run->targets[run->ntargets++];
  snprintf(t->what, sizeof(t->what), "%s", what);
  snprintf(t->strategy, sizeof(t->strategy), "%s", s);
  t->value = value;
  t->limit = limit;
  t->higher_is_better = higher;
  t->measured = measured;
  t->met = measured && (higher ? value >= limit : value <= limit);
}

static const bench_floor_row *find_floor(const bench_run *run,
                                         const char *s, uint32_t agents) {
  size_t i;
  for (i = 0; i < run->nfloor; i++)
    if (run->floor[i].ok && run->floor[i].agents == agents &&
        strcmp(run->floor[i].strategy, s) == 0)
      return &run->floor[i];
  return NULL;
}

static const char *const k_indexed[4] = {"longest-idle", "round-robin",
                                         "least-busy", "skills"};

/* The targets of issue 16, all from ratios measured in this run. */
static void targets(bench_run *run) {
  static const uint32_t big[2] = {10000, 100000};
  const bench_floor_row *li10 = find_floor(run, "longest-idle", 10000);
  size_t i, z;
  char what[96];
  for (i = 0; i < 4; i++)
    for (z = 0; z < 2; z++) {
      const bench_floor_row *f = find_floor(run, k_indexed[i], big[z]);
      snprintf(what, sizeof(what), "decision p50 / floor (%uk agents)",
               big[z] / 1000);
      add_target(run, what, k_indexed[i], f ? f->decide_ratio : 0, 3.0, 0,
                 f != NULL);
    }
  for (i = 1; i < 4; i++) {
    const bench_floor_row *f = find_floor(run, k_indexed[i], 10000);
    add_target(run, "lifecycle: longest-idle events/s / this (10k)",
               k_indexed[i],
               f && li10 && f->ours_life_eps > 0
                   ? li10->ours_life_eps / f->ours_life_eps : 0,
               1.3, 0, f && li10);
  }
  add_target(run, "lifecycle: floor events/s / longest-idle (10k)",
             "longest-idle", li10 ? li10->life_ratio : 0, 2.0, 0,
             li10 != NULL);
  for (i = 0; i < 4; i++) {
    const bench_floor_row *a = find_floor(run, k_indexed[i], 1000),
                          *b = find_floor(run, k_indexed[i], 100000);
    add_target(run, "decision p50 100k / 1k (all agents warmed)",
               k_indexed[i],
               a && b && a->ours_decide_p50 > 0
                   ? b->ours_decide_p50 / a->ours_decide_p50 : 0,
               1.3, 0, a && b);
  }
  if (run->have_shift) {
    const bench_shift_result *m = &run->shift;
    snprintf(what, sizeof(what), "bytes per agent after %.0f h (%u agents)",
             m->hours, m->agents);
    add_target(run, what, "longest-idle", m->bytes_per_agent, 1024, 0, m->ok);
    add_target(run, "bytes per waiting contact after the shift",
               "longest-idle", m->bytes_per_waiting, 256, 0, m->ok);
  }
  if (run->have_replay) {
    const bench_replay_result *p = &run->replay;
    /* the leader that ships a log records it: that is the pace a
     * follower must keep; the leader without recording is the stricter
     * row */
    add_target(run, "follower lines/s / leader events/s (leader recording)",
               "longest-idle",
               p->leader_rec_eps > 0 ? p->follower_lps / p->leader_rec_eps : 0,
               1.0, 1, p->ok);
    add_target(run, "follower lines/s / leader events/s (no recording)",
               "longest-idle", p->follower_ratio, 1.0, 1, p->ok);
    add_target(run, "record_events cost to the leader", "longest-idle",
               p->record_cost, 0.15, 0, p->ok);
  }
}

static void summarize(bench_run *run, char **strategies, size_t nstrat) {
  static const uint32_t qs[2] = {1, 100};
  size_t si, qi, k;
  run->growth = calloc(nstrat * 4 + 1, sizeof(*run->growth));
  for (si = 0; run->growth && si < nstrat; si++)
    for (qi = 0; qi < 2; qi++)
      for (k = 0; k < 2; k++) {
        const bench_result *a =
            find_cell(run, strategies[si], 1000, qs[qi], (int)k);
        const bench_result *b =
            find_cell(run, strategies[si], 100000, qs[qi], (int)k);
        bench_growth *g;
        if (!a || !b) continue;
        g = &run->growth[run->ngrowth++];
        g->strategy = strategies[si];
        g->queues = qs[qi];
        g->skills = (int)k;
        g->decide_1k = a->decide_p50;
        g->decide_100k = b->decide_p50;
        g->decide_ratio = a->decide_p50 > 0 ? b->decide_p50 / a->decide_p50 : 0;
        g->free_1k = a->free_p50;
        g->free_100k = b->free_p50;
        g->free_ratio = a->free_p50 > 0 ? b->free_p50 / a->free_p50 : 0;
      }
  for (k = 0; k < run->nsql; k++) {
    bench_sql_row *row = &run->sql[k];
    const bench_floor_row *fr =
        find_floor(run, "longest-idle", row->sql.agents);
    row->strategy = "longest-idle";
    if (fr && row->sql.ok && fr->ours_decide_p50 > 0) {
      row->ours_p50 = fr->ours_decide_p50;
      row->ratio = row->sql.decide_p50 / fr->ours_decide_p50;
    }
  }
  targets(run);
}

int bench_load_main(int argc, char **argv); /* load_bench.c */

int main(int argc, char **argv) {
  const char *json = NULL, *md = NULL, *strat_filter = NULL, *cg = NULL;
  const char *cg_strategy = "longest-idle";
  uint32_t sizes[8] = {1000, 10000, 100000}, cg_agents = 10000,
           cg_count = 20000;
  size_t nsizes = 3, nstrat, si, zi, qi, k;
  int quick = 0, sql = 1, i, failures = 0, cg_floor = 0;
  const char *sections = "matrix,floor,sql,shift,replay";
  uint32_t shift_agents = 0;
  double shift_hours = 0;
  char **strategies;
  bench_run run;
  uint64_t t_start;

  if (argc > 1 && strcmp(argv[1], "--load") == 0)
    return bench_load_main(argc - 1, argv + 1);
  for (i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--quick") == 0) quick = 1;
    else if (strcmp(a, "--no-sql") == 0) sql = 0;
    else if (strcmp(a, "--floor") == 0) cg_floor = 1;
    else if (strcmp(a, "--shift-agents") == 0 && v)
      shift_agents = (uint32_t)strtoul(argv[++i], NULL, 10);
    else if (strcmp(a, "--shift-hours") == 0 && v)
      shift_hours = strtod(argv[++i], NULL);
    else if (strcmp(a, "--sections") == 0 && v) sections = argv[++i];
    else if (strcmp(a, "--json") == 0 && v) json = argv[++i];
    else if (strcmp(a, "--markdown") == 0 && v) md = argv[++i];
    else if (strcmp(a, "--strategies") == 0 && v) strat_filter = argv[++i];
    else if (strcmp(a, "--callgrind") == 0 && v) cg = argv[++i];
    else if (strcmp(a, "--strategy") == 0 && v) cg_strategy = argv[++i];
    else if (strcmp(a, "--agents") == 0 && v)
      cg_agents = (uint32_t)strtoul(argv[++i], NULL, 10);
    else if (strcmp(a, "--count") == 0 && v)
      cg_count = (uint32_t)strtoul(argv[++i], NULL, 10);
    else if (strcmp(a, "--sizes") == 0 && v) {
      if (!(nsizes = parse_sizes(argv[++i], sizes, 8))) {
        usage(stderr);
        return 2;
      }
    } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
      usage(stdout);
      return 0;
    } else {
      usage(stderr);
      return 2;
    }
  }
  if (cg) {
    if (strcmp(cg, "decide") != 0 && strcmp(cg, "lifecycle") != 0) {
      usage(stderr);
      return 2;
    }
    return bench_callgrind(cg, cg_strategy, cg_agents ? cg_agents : 1,
                           cg_count ? cg_count : 1, cg_floor);
  }
  if (quick && nsizes == 3) { /* 100 and 1,000 */
    sizes[0] = 100;
    sizes[1] = 1000;
    nsizes = 2;
  }

  memset(&run, 0, sizeof(run));
  run.quick = quick;
  machine(&run);
  run.clock_overhead_ns = bench_clock_overhead_ns();
  nstrat = bench_list_strategies(&strategies);
  printf("acdroute-bench %s%s: %s, %ld cores; clock_gettime ~%.0f ns "
         "(included in timings)\n",
         acdr_version(), quick ? " --quick" : "", run.cpu, run.cores,
         run.clock_overhead_ns);
  printf("strategies:");
  for (si = 0; si < nstrat; si++) printf(" %s", strategies[si]);
  printf("\n\n");
  fflush(stdout);
  t_start = bench_now_ns();

  for (si = 0; in_list(sections, "matrix") && si < nstrat; si++) {
    if (!in_list(strat_filter, strategies[si])) continue;
    for (zi = 0; zi < nsizes; zi++)
      for (qi = 0; qi < 2; qi++)
        for (k = 0; k < 2; k++) {
          bench_cfg cfg;
          bench_result *r;
          if (!size_applies(strategies[si], sizes[zi])) continue;
          /* 100,000 agents in 100 queues: long to set up, and the floor
           * section covers 100,000 agents in one queue */
          if (qi && sizes[zi] >= 100000) continue;
          memset(&cfg, 0, sizeof(cfg));
          cfg.strategy = strategies[si];
          cfg.agents = sizes[zi];
          cfg.queues = qi ? 100 : 1;
          cfg.skills = (int)k;
          cfg.decisions = quick ? 300 : 10000;
          cfg.frees = quick ? 300 : 10000;
          cfg.waiting = quick ? 200 : 10000;
          cfg.lifecycle = quick ? 3000 : 100000;
          cfg.max_seconds = quick ? 0.2 : 0.5;
          if (run.ncells == run.capcells) {
            size_t ncap = run.capcells ? run.capcells * 2 : 64;
            bench_result *p = realloc(run.cells, ncap * sizeof(*p));
            if (!p) return 1;
            run.cells = p;
            run.capcells = ncap;
          }
          r = &run.cells[run.ncells++];
          if (bench_run_cell(&cfg, r) != 0) {
            failures++;
            fprintf(stderr, "%s agents=%u queues=%u skills=%d: %s\n",
                    cfg.strategy, cfg.agents, cfg.queues, cfg.skills,
                    r->error);
          }
          fprintf(stderr, ".");
          fflush(stderr);
        }
  }
  fprintf(stderr, "\n");
  /* acdroute against its floor: 1k, 10k, 100k agents, 1 queue */
  for (si = 0; in_list(sections, "floor") && si < 4; si++) {
    static const uint32_t fs[3] = {1000, 10000, 100000};
    if (!in_list(strat_filter, k_indexed[si])) continue;
    for (zi = 0; zi < (quick ? 1u : 3u); zi++) {
      bench_cfg cfg;
      bench_floor_row *row = &run.floor[run.nfloor];
      memset(&cfg, 0, sizeof(cfg));
      cfg.strategy = k_indexed[si];
      cfg.agents = fs[zi];
      cfg.queues = 1;
      cfg.skills = strcmp(k_indexed[si], "skills") == 0;
      cfg.decisions = quick ? 300 : 20000;
      cfg.lifecycle = quick ? 3000 : 160000;
      if (bench_floor_compare(&cfg, row) != 0) {
        failures++;
        fprintf(stderr, "floor %s %u: %s\n", cfg.strategy, cfg.agents,
                row->error);
      }
      run.nfloor++;
      fprintf(stderr, "f");
      fflush(stderr);
    }
  }
  if (sql && in_list(sections, "sql") && bench_sql_available()) {
    static const uint32_t sz[3] = {1000, 10000, 100000};
    int kind;
    for (kind = 0; kind < BENCH_SQL_KINDS; kind++)
      for (zi = 0; zi < (quick ? 1u : kind == BENCH_SQL_READY ? 3u : 2u);
           zi++) {
        bench_sql_row *row = &run.sql[run.nsql++];
        uint32_t it = kind == BENCH_SQL_READY ? 20000 : zi ? 100 : 1000;
        if (bench_sql_run(kind, sz[zi], quick ? 30 : it, quick ? 0.3 : 3.0,
                          &row->sql) != 0) {
          fprintf(stderr, "sql baseline %s: %s\n", bench_sql_kind_name[kind],
                  row->sql.error);
          failures++;
        }
        fprintf(stderr, "s");
        fflush(stderr);
      }
  }
  if (in_list(sections, "shift")) {
    run.have_shift = 1;
    uint32_t sa = shift_agents ? shift_agents : quick ? 100 : 1000;
    double sh = shift_hours > 0 && shift_hours <= 24 ? shift_hours
                : quick                              ? 1
                                                     : BENCH_SHIFT_HOURS;
    if (bench_shift(sa, sh, quick ? 500 : 10000, 0, &run.shift) != 0) {
      fprintf(stderr, "shift: %s\n", run.shift.error);
      failures++;
    }
    /* the same shift without disposition codes, without customer ids */
    if (bench_shift(sa, sh, 0, BENCH_SHIFT_NO_DISPO | BENCH_SHIFT_NO_SNAPSHOT,
                    &run.shift_nodispo) != 0 ||
        bench_shift(sa, sh, 0,
                    BENCH_SHIFT_NO_CUSTOMERS | BENCH_SHIFT_NO_SNAPSHOT,
                    &run.shift_nocust) != 0 ||
        bench_shift(sa, sh, 0, BENCH_SHIFT_BUDGET | BENCH_SHIFT_NO_SNAPSHOT,
                    &run.shift_budget) != 0 ||
        bench_customers(quick ? 2000 : 100000, 1, &run.cust1) != 0 ||
        bench_customers(quick ? 200 : 10000, 10, &run.cust10) != 0) {
      fprintf(stderr, "shift variants failed\n");
      failures++;
    }
    fprintf(stderr, "m");
  }
  if (in_list(sections, "replay")) {
    run.have_replay = 1;
    if (bench_replay(quick ? 1000 : 10000, quick ? 4000 : 200000,
                     &run.replay) != 0) {
      fprintf(stderr, "replay: %s\n", run.replay.error);
      failures++;
    }
    fprintf(stderr, "r");
  }
  fprintf(stderr, "\n");
  run.seconds = (double)(bench_now_ns() - t_start) / 1e9;
  summarize(&run, strategies, nstrat);

  bench_report_table(&run, stdout);
  if (json && bench_report_json(&run, json) != 0) {
    fprintf(stderr, "cannot write %s\n", json);
    return 1;
  }
  if (md && bench_report_markdown(&run, md) != 0) {
    fprintf(stderr, "cannot write %s\n", md);
    return 1;
  }
  for (si = 0; si < nstrat; si++) free(strategies[si]);
  free(strategies);
  free(run.cells);
  free(run.growth);
  return failures ? 1 : 0;
}
