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
          "                      [--no-sql]\n"
          "       acdroute-bench --callgrind decide|lifecycle [--strategy S]"
          "\n                      [--agents N] [--count N]\n");
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

static int is_target_strategy(const char *s) {
  return strcmp(s, "longest-idle") == 0 || strncmp(s, "round-robin", 11) == 0 ||
         strcmp(s, "least-busy") == 0 || strstr(s, "skill") != NULL;
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
    const bench_result *r =
        find_cell(run, "longest-idle", row->sql.agents, 1, 0);
    row->strategy = "longest-idle";
    if (r && row->sql.ok && r->decide_p50 > 0) {
      row->ours_p50 = r->decide_p50;
      row->ratio = row->sql.select_p50 / r->decide_p50;
    }
  }
  /* targets, at 10,000 agents in one queue (skills on for the skills
   * strategy, off for the others); memory with 4 skills per agent */
  for (si = 0; si < nstrat; si++) {
    const char *s = strategies[si];
    int sk = strstr(s, "skill") != NULL;
    const bench_result *r = find_cell(run, s, 10000, 1, sk);
    const bench_result *r1 = find_cell(run, s, 1000, 1, sk);
    const bench_result *r100 = find_cell(run, s, 100000, 1, sk);
    const bench_result *rm = find_cell(run, s, 10000, 1, 1);
    if (!is_target_strategy(s)) continue;
    add_target(run, "decision p50 ns (10k agents)", s, r ? r->decide_p50 : 0,
               1000, 0, r != NULL);
    add_target(run, "lifecycle events/s (10k agents)", s,
               r ? r->life_events_per_s : 0, 2e6, 1, r != NULL);
    add_target(run, "decision p50 100k/1k", s,
               r1 && r100 && r1->decide_p50 > 0
                   ? r100->decide_p50 / r1->decide_p50 : 0,
               2.0, 0, r1 && r100);
    add_target(run, "bytes per agent (4 skills, 10k)", s,
               rm ? rm->bytes_per_agent : 0, 512, 0, rm != NULL);
    add_target(run, "bytes per waiting contact (10k)", s,
               rm ? rm->bytes_per_waiting_contact : 0, 256, 0, rm != NULL);
  }
  for (k = 0; k < run->nsql; k++)
    if (run->sql[k].sql.agents == 1000)
      add_target(run, "x faster than SQL baseline (1k agents)",
                 "longest-idle", run->sql[k].ratio, 100, 1,
                 run->sql[k].ratio > 0);
}

int bench_load_main(int argc, char **argv); /* load_bench.c */

int main(int argc, char **argv) {
  const char *json = NULL, *md = NULL, *strat_filter = NULL, *cg = NULL;
  const char *cg_strategy = "longest-idle";
  uint32_t sizes[8] = {100, 1000, 10000, 100000}, cg_agents = 10000,
           cg_count = 20000;
  size_t nsizes = 4, nstrat, si, zi, qi, k;
  int quick = 0, sql = 1, i, failures = 0;
  char **strategies;
  bench_run run;
  uint64_t t_start;

  if (argc > 1 && strcmp(argv[1], "--load") == 0)
    return bench_load_main(argc - 1, argv + 1);
  for (i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (strcmp(a, "--quick") == 0) quick = 1;
    else if (strcmp(a, "--no-sql") == 0) sql = 0;
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
                           cg_count ? cg_count : 1);
  }
  if (quick && nsizes == 4) nsizes = 2; /* 100 and 1,000 */

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

  for (si = 0; si < nstrat; si++) {
    if (!in_list(strat_filter, strategies[si])) continue;
    for (zi = 0; zi < nsizes; zi++)
      for (qi = 0; qi < 2; qi++)
        for (k = 0; k < 2; k++) {
          bench_cfg cfg;
          bench_result *r;
          if (!size_applies(strategies[si], sizes[zi])) continue;
          memset(&cfg, 0, sizeof(cfg));
          cfg.strategy = strategies[si];
          cfg.agents = sizes[zi];
          cfg.queues = qi ? 100 : 1;
          cfg.skills = (int)k;
          cfg.decisions = quick ? 300 : 20000;
          cfg.frees = quick ? 300 : 20000;
          cfg.waiting = quick ? 200 : 10000;
          cfg.lifecycle = quick ? 3000 : 200000;
          cfg.max_seconds = quick ? 0.2 : 1.5;
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
  if (sql && bench_sql_available()) {
    static const uint32_t sql_sizes[2] = {1000, 10000};
    for (k = 0; k < (quick ? 1u : 2u); k++) {
      bench_sql_row *row = &run.sql[run.nsql++];
      if (bench_sql_run(sql_sizes[k], quick ? 30 : (k ? 200 : 2000),
                        quick ? 0.3 : 3.0, &row->sql) != 0) {
        fprintf(stderr, "sql baseline: %s\n", row->sql.error);
        failures++;
      }
    }
  }
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
