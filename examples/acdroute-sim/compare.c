/* SPDX-License-Identifier: MIT */
/*
 * acdroute-sim compare: what-if on common random numbers.
 *
 *   acdroute-sim compare A.json B.json
 *   acdroute-sim compare SCENARIO --strategy X Y
 *   acdroute-sim compare SCENARIO --staff-scale F G
 *
 * Both variants run with the same seeds (replication i: seed + i): the
 * simulator draws in event order, so they see the same draws until their
 * routing first differs; a variant compared with itself gives
 * differences of exactly 0.
 * Per queue: service level (the library's sl_variant), ASA, abandonment
 * and occupancy of the queue's agents, the mean of each variant and the
 * paired difference B - A with its 95% confidence interval (Student t
 * over the replications, mean_ci() of outcome_compare.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "json_out.h"
#include "outcome_compare.h"

#define NMET 4
static const char *const k_met[NMET] = {"sl", "asa_s", "abandon",
                                        "occupancy"};

int scenario_from(sim_scenario *s, const char *src, const sim_overrides *ov) {
  if (strcmp(src, "default") != 0) {
    if (scenario_load(s, src, ov) != 0) return -1;
  } else {
    if (scenario_default(s) != 0) {
      fputs("acdroute-sim: cannot build the scenario\n", stderr);
      return -1;
    }
    if (scenario_override(s, ov) != 0) {
      scenario_free(s);
      return -1;
    }
  }
  scenario_teams(s);
  return 0;
}

double queue_occupancy(const sim_scenario *s, const sim_result *r, size_t q) {
  double busy = 0, avail = 0;
  for (size_t k = 0; k < s->nmembers; ++k) {
    const sim_member_model *mm = &s->members[k];
    if (mm->queue != q) continue;
    busy += r->agent[mm->agent].busy_s;
    avail += r->agent[mm->agent].busy_s + r->agent[mm->agent].idle_s;
  }
  return avail > 0 ? busy / avail : NAN;
}

void json_str(FILE *f, const char *s) { put_json_string(f, s); }

typedef struct cmp_side {
  const char *src, *strategy;
  double scale;
  char label[160];
} cmp_side;

/* One replication of one side: x[q * NMET + m]. */
static int run_side(const cmp_side *v, double seed, double *x, size_t *nq,
                    char (*ids)[48], size_t maxq) {
  sim_overrides ov = {NULL, -1, -1, -1, -1, -1, -1, -1, -1, -1};
  sim_options o;
  sim_scenario s;
  sim_result r;
  int rv;
  ov.strategy = v->strategy;
  ov.staff_scale = v->scale;
  ov.seed = seed;
  if (scenario_from(&s, v->src, &ov) != 0) return 2;
  if (s.mmn || s.nqueues > maxq) {
    fprintf(stderr, "acdroute-sim compare: %s: more than %zu queues\n",
            v->src, maxq);
    scenario_free(&s);
    return 2;
  }
  memset(&o, 0, sizeof o);
  o.quiet = 1;
  o.strategy = s.engine_doc ? NULL : v->strategy;
  rv = sim_run(&s, &o, &r);
  if (rv == 0 && accounts_check(NULL, &s, &r) != 0) rv = -3;
  if (rv == 0) {
    *nq = s.nqueues;
    for (size_t q = 0; q < s.nqueues; ++q) {
      const sim_tally *t = &r.queue[q];
      str_copy(ids[q], sizeof ids[q], s.queues[q].id);
      x[q * NMET + 0] = tally_sl_of(t, r.sl_variant);
      x[q * NMET + 1] = t->answered ? tally_asa(t) : NAN;
      x[q * NMET + 2] = tally_abandon_of(t, r.lib_excl_short);
      x[q * NMET + 3] = queue_occupancy(&s, &r, q);
    }
  } else {
    fprintf(stderr, "acdroute-sim compare: %s: the simulation failed\n",
            v->label);
  }
  result_free(&r);
  scenario_free(&s);
  return rv == 0 ? 0 : rv == -3 ? 3 : 1;
}

static void label(cmp_side *v) {
  int n = snprintf(v->label, sizeof v->label, "%s", v->src);
  if (n < 0) n = 0;
  if (v->strategy && (size_t)n < sizeof v->label)
    n += snprintf(v->label + n, sizeof v->label - (size_t)n,
                  " strategy %s", v->strategy);
  if (v->scale > 0 && n >= 0 && (size_t)n < sizeof v->label)
    snprintf(v->label + n, sizeof v->label - (size_t)n, " staff x%g",
             v->scale);
}

static int cmp_usage(void) {
  fputs("usage: acdroute-sim compare A.json B.json [options]\n"
        "       acdroute-sim compare SCENARIO --strategy X Y [options]\n"
        "       acdroute-sim compare SCENARIO --staff-scale F G [options]\n"
        "SCENARIO: a scenario file or \"default\" (the built-in day).\n"
        "options: --replications R (default 10, 2..1000), --seed N\n"
        "         (replication i uses seed N + i, default 1), --json\n",
        stderr);
  return 2;
}

/* mean and 95% half-width of the finite x[i * stride] (paired: a NaN in
 * either side drops the replication). */
static void stat(const double *x, int reps, size_t stride, double *m,
                 double *h, int *n) {
  double *v = malloc(sizeof(double) * (size_t)(reps > 0 ? reps : 1));
  *n = 0;
  *m = *h = NAN;
  if (!v) return;
  for (int i = 0; i < reps; ++i)
    if (isfinite(x[(size_t)i * stride])) v[(*n)++] = x[(size_t)i * stride];
  if (*n > 0) mean_ci(v, *n, m, h);
  free(v);
}

static void jnum(FILE *f, const char *k, double v, int comma) {
  if (isfinite(v))
    fprintf(f, "\"%s\": %.6g%s", k, v, comma ? ", " : "");
  else
    fprintf(f, "\"%s\": null%s", k, comma ? ", " : "");
}

#define CMP_MAXQ 64

int compare_main(int argc, char **argv) {
  cmp_side side[2] = {{NULL, NULL, -1, ""}, {NULL, NULL, -1, ""}};
  int reps = 10, json = 0, rc = 0;
  double seed = 1;
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    char *end;
    if (!strcmp(a, "--strategy") || !strcmp(a, "--staff-scale")) {
      if (i + 2 >= argc) return cmp_usage();
      if (a[2] == 's' && a[3] == 't' && a[4] == 'r') {
        side[0].strategy = argv[i + 1];
        side[1].strategy = argv[i + 2];
      } else {
        for (int k = 0; k < 2; ++k) {
          double f = strtod(argv[i + 1 + k], &end);
          if (*end || !(f > 0 && f <= 1)) {
            fprintf(stderr, "acdroute-sim compare: --staff-scale: \"%s\" "
                            "is not a number in (0, 1]\n", argv[i + 1 + k]);
            return 2;
          }
          side[k].scale = f;
        }
      }
      i += 2;
    } else if (!strcmp(a, "--replications") || !strcmp(a, "--seed")) {
      long long x;
      if (i + 1 >= argc) return cmp_usage();
      x = strtoll(argv[i + 1], &end, 10);
      if (*end || end == argv[i + 1] ||
          (a[2] == 'r' ? (x < 2 || x > 1000) : (x < 0 || x > (1LL << 52)))) {
        fprintf(stderr, "acdroute-sim compare: %s: \"%s\" is out of "
                        "range\n", a, argv[i + 1]);
        return 2;
      }
      if (a[2] == 'r') reps = (int)x;
      else seed = (double)x;
      ++i;
    } else if (!strcmp(a, "--json")) {
      json = 1;
    } else if (a[0] == '-' && a[1] == '-') {
      fprintf(stderr, "acdroute-sim compare: unknown option %s\n", a);
      return cmp_usage();
    } else if (!side[0].src) {
      side[0].src = a;
    } else if (!side[1].src) {
      side[1].src = a;
    } else {
      return cmp_usage();
    }
  }
  if (!side[0].src) return cmp_usage();
  if (!side[1].src) side[1].src = side[0].src;
  label(&side[0]);
  label(&side[1]);

  size_t nq[2] = {0, 0};
  char ids[2][CMP_MAXQ][48];
  double *x = calloc((size_t)reps * 2 * CMP_MAXQ * NMET, sizeof(double));
  if (!x) return 1;
  /* x[((i * 2 + side) * CMP_MAXQ + q) * NMET + m] */
  for (int i = 0; i < reps && rc == 0; ++i)
    for (int k = 0; k < 2 && rc == 0; ++k)
      rc = run_side(&side[k], seed + i,
                    x + ((size_t)i * 2 + (size_t)k) * CMP_MAXQ * NMET, &nq[k],
                    ids[k], CMP_MAXQ);
  if (rc == 0 && nq[0] != nq[1]) rc = -1;
  for (size_t q = 0; rc == 0 && q < nq[0]; ++q)
    if (strcmp(ids[0][q], ids[1][q]) != 0) rc = -1;
  if (rc == -1) {
    fputs("acdroute-sim compare: A and B must have the same queues in the "
          "same order\n", stderr);
    free(x);
    return 2;
  }
  if (rc != 0) {
    free(x);
    return rc;
  }
  /* the paired differences: B - A, NaN when either is */
  double *d = calloc((size_t)reps * CMP_MAXQ * NMET, sizeof(double));
  if (!d) {
    free(x);
    return 1;
  }
  for (int i = 0; i < reps; ++i)
    for (size_t j = 0; j < CMP_MAXQ * NMET; ++j)
      d[(size_t)i * CMP_MAXQ * NMET + j] =
          x[((size_t)i * 2 + 1) * CMP_MAXQ * NMET + j] -
          x[((size_t)i * 2) * CMP_MAXQ * NMET + j];

  if (json) {
    printf("{\"a\": ");
    json_str(stdout, side[0].label);
    printf(", \"b\": ");
    json_str(stdout, side[1].label);
    printf(", \"replications\": %d, \"seed\": %.0f, \"queues\": [", reps,
           seed);
  } else
    printf("What-if: A = %s, B = %s\n%d replications on common random "
           "numbers (seeds %.0f..%.0f); B - A with its paired 95%% "
           "confidence interval.\nSL by the library's sl_variant; "
           "occupancy = busy / (busy + idle) of the queue's agents.\n\n"
           "%-10s %-9s %9s %9s %10s  %-22s\n",
           side[0].label, side[1].label, reps, seed, seed + reps - 1,
           "queue", "metric", "A", "B", "B - A", "95% CI");
  for (size_t q = 0; q < nq[0]; ++q) {
    if (json) {
      printf("%s{\"id\": ", q ? ", " : "");
      json_str(stdout, ids[0][q]);
    }
    for (int m = 0; m < NMET; ++m) {
      size_t off = q * NMET + (size_t)m, st = 2 * CMP_MAXQ * NMET;
      double ma, mb, md, ha, hb, hd;
      int na, nb, nd;
      stat(x + off, reps, st, &ma, &ha, &na);
      stat(x + CMP_MAXQ * NMET + off, reps, st, &mb, &hb, &nb);
      stat(d + off, reps, CMP_MAXQ * NMET, &md, &hd, &nd);
      double sc = m == 1 ? 1 : 100; /* percentages, ASA in seconds */
      if (json) {
        printf(", \"%s\": {", k_met[m]);
        jnum(stdout, "a", ma, 1);
        jnum(stdout, "b", mb, 1);
        jnum(stdout, "diff", md, 1);
        jnum(stdout, "low", md - hd, 1);
        jnum(stdout, "high", md + hd, 1);
        printf("\"n\": %d}", nd);
      } else {
        char ci[64] = "-";
        if (isfinite(hd))
          snprintf(ci, sizeof ci, "[%+.2f, %+.2f]%s", (md - hd) * sc,
                   (md + hd) * sc,
                   md - hd > 0 ? " B higher" : md + hd < 0 ? " B lower" : "");
        printf("%-10s %-9s %8.2f%s %8.2f%s %+9.2f%s  %-22s\n",
               m ? "" : ids[0][q], k_met[m], ma * sc, m == 1 ? "s" : "%",
               mb * sc, m == 1 ? "s" : "%", md * sc, m == 1 ? "s" : "%", ci);
      }
    }
    if (json) printf("}");
  }
  if (json) printf("]}\n");
  free(d);
  free(x);
  return 0;
}
