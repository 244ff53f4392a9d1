/* SPDX-License-Identifier: MIT */
/*
 * acdroute-bench --load: how long documents take to load at scale.
 *
 *   acdroute-bench --load [--sizes AGENTS:QUEUES,...] [--reps N]
 *
 * For each size: a configuration with AGENTS agents and QUEUES queues in
 * which every agent is a member of every queue (AGENTS x QUEUES members),
 * generated as text; then, timed (best of --reps runs, 1 by default):
 *   validate   acdr_config_validate on an empty engine
 *   apply      acdr_config_apply on an empty engine
 *   reload     acdr_config_apply of the same document again (no change)
 *   snapshot   acdr_engine_snapshot after every agent logged in
 *   restore    acdr_engine_restore of that snapshot into a new engine
 * with the document and snapshot sizes.  Times are process CPU time.  Every duplicate and reference
 * check of a load is a hash lookup, so each column grows linearly.
 */
#include "bench.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <acdroute/acdroute.h>

typedef struct lsize {
  uint32_t agents, queues;
} lsize;

typedef struct text {
  char *p;
  size_t len, cap;
} text;

static void put(text *t, const char *s, size_t n) {
  if (t->len + n + 1 > t->cap) {
    size_t cap = t->cap ? t->cap : 1 << 16;
    while (cap < t->len + n + 1) cap *= 2;
    if (!(t->p = realloc(t->p, cap))) {
      fprintf(stderr, "load bench: out of memory\n");
      exit(1);
    }
    t->cap = cap;
  }
  memcpy(t->p + t->len, s, n);
  t->len += n;
  t->p[t->len] = '\0';
}

static void putf(text *t, const char *fmt, unsigned a, unsigned b) {
  char buf[96];
  int n = snprintf(buf, sizeof(buf), fmt, a, b);
  put(t, buf, (size_t)n);
}

/* {"agents": [{"id": "a0"}, ...], "queues": [{"id": "q0", "members":
 * ["a0", ...]}, ...]} */
static void make_config(text *t, lsize z) {
  uint32_t i, q;
  t->len = 0;
  put(t, "{\"version\": 1, \"agents\": [", 26);
  for (i = 0; i < z.agents; i++)
    putf(t, i ? ", {\"id\": \"a%u\"}" : "{\"id\": \"a%u\"}", i, 0);
  put(t, "], \"queues\": [", 14);
  for (q = 0; q < z.queues; q++) {
    putf(t, q ? ", {\"id\": \"q%u\", \"members\": [" :
                "{\"id\": \"q%u\", \"members\": [", q, 0);
    for (i = 0; i < z.agents; i++) putf(t, i ? ", \"a%u\"" : "\"a%u\"", i, 0);
    put(t, "]}", 2);
  }
  put(t, "]}", 2);
}

static acdr_engine *engine(void) {
  acdr_engine *e = NULL;
  if (acdr_engine_new(&e, NULL, NULL, NULL) != 0) {
    fprintf(stderr, "load bench: acdr_engine_new failed\n");
    exit(1);
  }
  return e;
}

static void must(acdr_engine *e, int rv, const char *what) {
  if (rv == 0) return;
  fprintf(stderr, "load bench: %s: %s\n", what, acdr_engine_last_error(e));
  exit(1);
}

/* Process CPU time: the library is single-threaded, and on a shared
 * machine wall-clock time measures the neighbours as much as the load. */
static uint64_t cpu_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static double ms_since(uint64_t t0) { return (double)(cpu_ns() - t0) / 1e6; }

static double best(double a, double b) { return a < 0 || b < a ? b : a; }

static void run_size(lsize z, int reps) {
  text doc = {NULL, 0, 0};
  double tv = -1, ta = -1, tr = -1, ts = -1, tl = -1;
  size_t snaplen = 0;
  char id[32];
  int r;
  uint32_t i;
  make_config(&doc, z);
  for (r = 0; r < reps; r++) {
    acdr_engine *e = engine(), *e2 = engine();
    char *snap = NULL;
    uint64_t t0 = cpu_ns();
    must(e, acdr_config_validate(e, doc.p, doc.len, ACDR_RELOAD_REFUSE),
         "validate");
    tv = best(tv, ms_since(t0));
    t0 = cpu_ns();
    must(e, acdr_config_apply(e, doc.p, doc.len, ACDR_RELOAD_REFUSE, 0),
         "apply");
    ta = best(ta, ms_since(t0));
    t0 = cpu_ns();
    must(e, acdr_config_apply(e, doc.p, doc.len, ACDR_RELOAD_REFUSE, 0),
         "reload");
    tr = best(tr, ms_since(t0));
    for (i = 0; i < z.agents; i++) {
      snprintf(id, sizeof(id), "a%u", i);
      must(e, acdr_agent_login(e, id, ACDR_SECONDS), "login");
    }
    t0 = cpu_ns();
    must(e, acdr_engine_snapshot(e, &snap, &snaplen), "snapshot");
    ts = best(ts, ms_since(t0));
    t0 = cpu_ns();
    must(e2, acdr_engine_restore(e2, snap, snaplen), "restore");
    tl = best(tl, ms_since(t0));
    acdr_free(e, snap);
    acdr_engine_del(e);
    acdr_engine_del(e2);
  }
  printf("| %7u | %6u | %9llu | %8.1f | %9.1f | %9.1f | %9.1f | %11.1f | "
         "%10.1f | %10.1f |\n",
         z.agents, z.queues, (unsigned long long)z.agents * z.queues,
         (double)doc.len / 1e6, tv, ta, tr, (double)snaplen / 1e6, ts, tl);
  fflush(stdout);
  free(doc.p);
}

static size_t parse(const char *s, lsize *out, size_t max) {
  size_t n = 0;
  while (s && *s && n < max) {
    char *end;
    unsigned long a = strtoul(s, &end, 10), q = 1;
    if (end == s || a == 0 || a > 10000000ul) return 0;
    if (*end == ':') {
      const char *qs = end + 1;
      q = strtoul(qs, &end, 10);
      if (end == qs || q == 0 || q > 1000ul) return 0;
    }
    out[n].agents = (uint32_t)a;
    out[n++].queues = (uint32_t)q;
    s = *end == ',' ? end + 1 : NULL;
    if (!s && *end) return 0;
  }
  return n;
}

int bench_load_main(int argc, char **argv);

int bench_load_main(int argc, char **argv) {
  lsize sizes[16] = {{1000, 1}, {10000, 1}, {100000, 1}, {100000, 10}};
  size_t n = 4, i;
  int reps = 1, k;
  for (k = 1; k < argc; k++) {
    if (strcmp(argv[k], "--sizes") == 0 && k + 1 < argc) {
      if (!(n = parse(argv[++k], sizes, 16))) {
        fprintf(stderr, "--sizes AGENTS[:QUEUES],...\n");
        return 2;
      }
    } else if (strcmp(argv[k], "--reps") == 0 && k + 1 < argc) {
      reps = atoi(argv[++k]);
      if (reps < 1 || reps > 100) return 2;
    } else {
      fprintf(stderr, "usage: acdroute-bench --load [--sizes "
                      "AGENTS[:QUEUES],...] [--reps N]\n");
      return 2;
    }
  }
  printf("Loading documents (every agent a member of every queue; CPU "
         "time in ms, best of %d; sizes in MB)\n\n", reps);
  printf("| agents  | queues | members   | config   | validate  | apply     "
         "| reload    | snapshot MB | save       | restore    |\n");
  printf("|--------:|-------:|----------:|---------:|----------:|----------:"
         "|----------:|------------:|-----------:|-----------:|\n");
  for (i = 0; i < n; i++) run_size(sizes[i], reps);
  return 0;
}
