/* SPDX-License-Identifier: MIT */
/*
 * Unit tests: Erlang B, C, A and staffing (lib/erlang/erlang.c).
 */
#include "harness.h"

#include <math.h>
#include <stdio.h>

#include <acdroute/erlang.h>

/* The published example: 100 calls per 30 minutes, AHT 180 s, 14 agents,
 * T = 20 s. */
#define PUB_RATE (100.0 / 1800.0)
#define PUB_AHT 180.0
#define PUB_AGENTS 14
#define PUB_T 20.0

static void near_(double got, double want, double tol, const char *what,
                  int line) {
  if (!(fabs(got - want) <= tol)) {
    print_error("line %d: %s = %.12g, want %.12g +- %g\n", line, what, got,
                want, tol);
    fail();
  }
}
#define assert_near(GOT, WANT, TOL) near_((GOT), (WANT), (TOL), #GOT, __LINE__)

static void assert_prob(double p) {
  assert_true(!isnan(p));
  assert_true(p >= 0.0 && p <= 1.0);
}

/* ------------------------------------------------------------------ */
/* Erlang B                                                             */

static void test_erlang_b_small(void **state) {
  double b;
  (void)state;

  assert_int_equal(acdr_erlang_b(&b, 2.0, 1), 0);
  assert_near(b, 2.0 / 3.0, 1e-15);
  /* B(2, 1) = (1/2) / (1 + 1 + 1/2) = 0.2 */
  assert_int_equal(acdr_erlang_b(&b, 1.0, 2), 0);
  assert_near(b, 0.2, 1e-15);
  assert_int_equal(acdr_erlang_b(&b, 0.0, 3), 0);
  assert_near(b, 0.0, 0.0);
}

/* B = (A^N/N!) / sum_n A^n/n!, evaluated with lgamma and log-sum-exp: an
 * independent formula to compare the recursion with. */
static double erlang_b_lgamma(double a, int n) {
  double top = (double)n * log(a) - lgamma((double)n + 1.0);
  double lmax = -INFINITY, sum = 0.0;
  int i;

  for (i = 0; i <= n; ++i) {
    double l = (double)i * log(a) - lgamma((double)i + 1.0);
    if (l > lmax) {
      lmax = l;
    }
  }
  for (i = 0; i <= n; ++i) {
    sum += exp((double)i * log(a) - lgamma((double)i + 1.0) - lmax);
  }
  return exp(top - lmax - log(sum));
}

static void test_erlang_b_large_load(void **state) {
  static const struct {
    double a;
    int32_t n;
  } cases[] = {{4900.0, 5000}, {4900.0, 5200}, {9900.0, 10000},
               {5000.0, 4900}, {100.0, 5000}};
  size_t i;
  (void)state;

  for (i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    double b, ref = erlang_b_lgamma(cases[i].a, cases[i].n);
    assert_int_equal(acdr_erlang_b(&b, cases[i].a, cases[i].n), 0);
    assert_prob(b);
    assert_true(!isinf(b));
    /* relative agreement (absolute for values that underflow) */
    assert_true(fabs(b - ref) <= 1e-9 * ref + 1e-300);
  }
}

/* ------------------------------------------------------------------ */
/* Erlang C                                                             */

static void test_erlang_c_published(void **state) {
  acdr_erlang_result r;
  double pw;
  (void)state;

  assert_int_equal(acdr_erlang_c(&r, PUB_RATE, PUB_AHT, PUB_AGENTS, PUB_T), 0);
  /* 5e-4 on the printed digits; ASA is printed to 2 decimals (7.84), so
   * half a unit of its last digit. */
  assert_near(r.p_wait, 0.1741, 5e-4);
  assert_near(r.service_level, 0.8884, 5e-4);
  assert_near(r.asa_s, 7.84, 5e-3);
  assert_near(r.occupancy, 0.7143, 5e-4);
  assert_near(r.load, 10.0, 1e-12);
  /* no abandonment: every variant and mean is the same */
  assert_near(r.p_abandon, 0.0, 0.0);
  assert_near(r.service_level_answered, r.service_level, 0.0);
  assert_near(r.p_wait_le_t, r.service_level, 0.0);
  assert_near(r.mean_wait_s, r.asa_s, 0.0);
  assert_near(r.mean_queue_len, PUB_RATE * r.asa_s, 1e-15);

  assert_int_equal(acdr_erlang_c_pwait(&pw, 10.0, PUB_AGENTS), 0);
  assert_near(pw, r.p_wait, 1e-15);
}

static void test_erlang_c_large(void **state) {
  acdr_erlang_result r;
  int32_t n;
  (void)state;

  for (n = 4901; n <= 5400; n += 37) {
    assert_int_equal(acdr_erlang_c(&r, 4900.0 / 180.0, 180.0, n, 20.0), 0);
    assert_prob(r.p_wait);
    assert_prob(r.service_level);
    assert_true(isfinite(r.asa_s) && r.asa_s >= 0.0);
    assert_prob(r.occupancy);
  }
  assert_int_equal(acdr_erlang_c(&r, 4900.0 / 180.0, 180.0, 5000, 20.0), 0);
  assert_true(r.p_wait > 0.05 && r.p_wait < 0.2);
  assert_true(r.service_level > 0.99);
}

static void test_erlang_c_unstable(void **state) {
  acdr_erlang_result r;
  double pw = 0.0;
  (void)state;

  /* A = 14 = N */
  assert_int_equal(acdr_erlang_c(&r, 14.0 / 180.0, 180.0, 14, 20.0),
                   ACDR_ERR_RANGE);
  assert_near(r.p_wait, 1.0, 0.0);
  assert_near(r.service_level, 0.0, 0.0);
  assert_true(isinf(r.asa_s) && r.asa_s > 0.0);
  assert_true(isinf(r.mean_queue_len));
  assert_near(r.occupancy, 1.0, 0.0);
  assert_int_equal(acdr_erlang_c_pwait(&pw, 20.0, 14), ACDR_ERR_RANGE);
  assert_near(pw, 1.0, 0.0);
}

static void test_erlang_c_zero_rate(void **state) {
  acdr_erlang_result r;
  (void)state;

  assert_int_equal(acdr_erlang_c(&r, 0.0, 180.0, 1, 20.0), 0);
  assert_near(r.p_wait, 0.0, 0.0);
  assert_near(r.service_level, 1.0, 0.0);
  assert_near(r.asa_s, 0.0, 0.0);
  assert_near(r.occupancy, 0.0, 0.0);
}

static void test_erlang_c_staff(void **state) {
  acdr_erlang_result r;
  int32_t n, brute = -1, got = -1;
  double sl13;
  (void)state;

  /* brute force over the formula */
  for (n = 1; n <= 100 && brute < 0; ++n) {
    if (acdr_erlang_c(&r, PUB_RATE, PUB_AHT, n, PUB_T) == 0 &&
        r.service_level >= 0.80) {
      brute = n;
    }
  }
  assert_int_equal(acdr_erlang_c_staff(&got, PUB_RATE, PUB_AHT, PUB_T, 0.80,
                                       100),
                   0);
  assert_int_equal(got, brute);
  /* checked (independently, in Python): 13 agents give SL 0.7956 < 0.80,
   * 14 give 0.8884 */
  assert_int_equal(acdr_erlang_c(&r, PUB_RATE, PUB_AHT, 13, PUB_T), 0);
  sl13 = r.service_level;
  assert_true(sl13 < 0.80);
  assert_near(sl13, 0.7956, 5e-4);
  assert_int_equal(got, 14);

  /* unreachable within the bound */
  got = -1;
  assert_int_equal(acdr_erlang_c_staff(&got, PUB_RATE, PUB_AHT, PUB_T, 0.80,
                                       13),
                   ACDR_ERR_RANGE);
  assert_int_equal(got, -1);
  /* large load: brute force agrees */
  assert_int_equal(acdr_erlang_c_staff(&got, 4900.0 / 180.0, 180.0, 20.0,
                                       0.90, 10000),
                   0);
  assert_int_equal(acdr_erlang_c(&r, 4900.0 / 180.0, 180.0, got, 20.0), 0);
  assert_true(r.service_level >= 0.90);
  assert_int_equal(acdr_erlang_c(&r, 4900.0 / 180.0, 180.0, got - 1, 20.0),
                   0);
  assert_true(r.service_level < 0.90);
}

/* ------------------------------------------------------------------ */
/* Erlang A                                                             */

static void test_erlang_a_converges_to_c(void **state) {
  acdr_erlang_result c, a;
  (void)state;

  assert_int_equal(acdr_erlang_c(&c, PUB_RATE, PUB_AHT, PUB_AGENTS, PUB_T), 0);
  assert_int_equal(
      acdr_erlang_a(&a, PUB_RATE, PUB_AHT, 1e9, PUB_AGENTS, PUB_T), 0);
  assert_near(a.p_wait, c.p_wait, 1e-4);
  assert_near(a.service_level, c.service_level, 1e-4);
  assert_near(a.service_level_answered, c.service_level, 1e-4);
  assert_near(a.p_wait_le_t, c.service_level, 1e-4);
  assert_near(a.asa_s, c.asa_s, 1e-4);
  assert_near(a.mean_wait_s, c.mean_wait_s, 1e-4);
  assert_near(a.occupancy, c.occupancy, 1e-4);
  assert_near(a.p_abandon, 0.0, 1e-4);
  /* and the published figures themselves */
  assert_near(a.p_wait, 0.1741, 5e-4);
  assert_near(a.service_level, 0.8884, 5e-4);
  assert_near(a.asa_s, 7.84, 5e-3);

  /* infinite patience is Erlang C exactly */
  assert_int_equal(
      acdr_erlang_a(&a, PUB_RATE, PUB_AHT, INFINITY, PUB_AGENTS, PUB_T), 0);
  assert_near(a.service_level, c.service_level, 0.0);
  assert_int_equal(acdr_erlang_a(&a, 14.0 / 180.0, 180.0, INFINITY, 14, 20.0),
                   ACDR_ERR_RANGE);
  assert_true(isinf(a.asa_s));
}

static void test_erlang_a_abandon_monotone(void **state) {
  static const double patience[] = {1e6, 3600, 600, 180, 60, 20, 5, 1};
  acdr_erlang_result r;
  double prev = -1.0;
  size_t i;
  (void)state;

  for (i = 0; i < sizeof(patience) / sizeof(patience[0]); ++i) {
    assert_int_equal(acdr_erlang_a(&r, PUB_RATE, PUB_AHT, patience[i],
                                   PUB_AGENTS, PUB_T),
                     0);
    assert_true(r.p_abandon > prev);
    prev = r.p_abandon;
  }
}

static void test_erlang_a_many_agents(void **state) {
  acdr_erlang_result r;
  (void)state;

  assert_int_equal(acdr_erlang_a(&r, PUB_RATE, PUB_AHT, 60.0, 2000, PUB_T), 0);
  assert_true(r.p_wait < 1e-15);
  assert_true(r.p_abandon < 1e-15);
  assert_near(r.service_level, 1.0, 1e-15);
  assert_near(r.occupancy, 10.0 / 2000.0, 1e-12);
  /* 5000 agents, 4900 Erlangs, long patience: finite, close to C */
  assert_int_equal(acdr_erlang_a(&r, 4900.0 / 180.0, 180.0, 1e9, 5000, 20.0),
                   0);
  assert_prob(r.p_wait);
  assert_prob(r.service_level);
  assert_true(isfinite(r.asa_s));
  {
    acdr_erlang_result c;
    assert_int_equal(acdr_erlang_c(&c, 4900.0 / 180.0, 180.0, 5000, 20.0), 0);
    assert_near(r.p_wait, c.p_wait, 1e-4);
    assert_near(r.service_level, c.service_level, 1e-4);
    assert_near(r.asa_s, c.asa_s, 1e-4);
  }
}

static void test_erlang_a_overload(void **state) {
  acdr_erlang_result r;
  (void)state;

  /* 4900 Erlangs on 100 agents: finite answers; nearly every agent busy,
   * so carried load ~ N and p_abandon ~ 1 - N/A. */
  assert_int_equal(acdr_erlang_a(&r, 4900.0 / 180.0, 180.0, 120.0, 100, 20.0),
                   0);
  assert_near(r.p_wait, 1.0, 1e-9);
  assert_near(r.p_abandon, 1.0 - 100.0 / 4900.0, 1e-4);
  assert_prob(r.service_level);
  assert_prob(r.occupancy);
  assert_true(r.occupancy > 0.999);
  assert_true(isfinite(r.asa_s) && isfinite(r.mean_wait_s));

  /* huge patience and A > N: the queue would need too many states */
  assert_int_equal(acdr_erlang_a(&r, PUB_RATE, PUB_AHT, 1e9, 8, PUB_T),
                   ACDR_ERR_RANGE);
}

static void test_erlang_a_consistency(void **state) {
  static const struct {
    double rate, aht, patience;
    int32_t n;
  } cases[] = {{PUB_RATE, PUB_AHT, 60.0, PUB_AGENTS},
               {0.2, 180.0, 90.0, 30},
               {0.2, 180.0, 30.0, 33},
               {4900.0 / 180.0, 180.0, 300.0, 4950}};
  size_t i;
  (void)state;

  for (i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    acdr_erlang_result r, r0, rinf;
    double gam = 1.0 / cases[i].patience, load = cases[i].rate * cases[i].aht;

    assert_int_equal(acdr_erlang_a(&r, cases[i].rate, cases[i].aht,
                                   cases[i].patience, cases[i].n, 20.0),
                     0);
    /* two routes to P(abandon): chain sum and gamma * E[Q] / lambda */
    assert_near(r.p_abandon, gam * r.mean_queue_len / cases[i].rate, 1e-12);
    assert_near(r.occupancy, load * (1.0 - r.p_abandon) / cases[i].n, 1e-12);
    assert_near(r.service_level_answered,
                r.service_level / (1.0 - r.p_abandon), 1e-12);
    assert_true(r.p_wait_le_t >= r.service_level);
    assert_true(r.mean_wait_s <= r.asa_s + 1e-12 || r.p_abandon > 0.0);
    /* T = 0: answered without waiting */
    assert_int_equal(acdr_erlang_a(&r0, cases[i].rate, cases[i].aht,
                                   cases[i].patience, cases[i].n, 0.0),
                     0);
    assert_near(r0.service_level, 1.0 - r.p_wait, 1e-12);
    assert_near(r0.p_wait_le_t, 1.0 - r.p_wait, 1e-12);
    /* T -> infinity: quadrature of the answered-wait density reaches the
     * chain's answered fraction */
    assert_int_equal(acdr_erlang_a(&rinf, cases[i].rate, cases[i].aht,
                                   cases[i].patience, cases[i].n, 1e7),
                     0);
    assert_near(rinf.service_level, 1.0 - r.p_abandon, 1e-9);
    assert_near(rinf.p_wait_le_t, 1.0, 1e-9);
  }
}

/* ASA (chain sum) and mean wait (Little) against integrals over T of the
 * service-level curves (quadrature): E[W; answered] = int (1-pab - SL(t)),
 * E[time in queue] = int (1 - P(wait <= t)). */
static void test_erlang_a_means_vs_curves(void **state) {
  /* composite Simpson on [0, 2000] s, h = 1 s (the tails beyond are below
   * exp(-2000/90)) */
  const int steps = 2000;
  const double h = 1.0;
  acdr_erlang_result r, rt;
  double asa_int = 0.0, mw_int = 0.0;
  int i;
  (void)state;

  assert_int_equal(acdr_erlang_a(&r, 0.2, 180.0, 90.0, 30, 20.0), 0);
  for (i = 0; i <= steps; ++i) {
    double wt = (i == 0 || i == steps) ? 1.0 : (i % 2 ? 4.0 : 2.0);
    assert_int_equal(acdr_erlang_a(&rt, 0.2, 180.0, 90.0, 30, i * h), 0);
    asa_int += wt * ((1.0 - r.p_abandon) - rt.service_level);
    mw_int += wt * (1.0 - rt.p_wait_le_t);
  }
  asa_int *= h / 3.0;
  mw_int *= h / 3.0;
  assert_near(asa_int / (1.0 - r.p_abandon), r.asa_s, 1e-6);
  assert_near(mw_int, r.mean_wait_s, 1e-6);
}

/* Independent evaluation: plain stationary distribution, then each waiting
 * arrival's transient chain (level j = contacts ahead; rate a + j*gamma
 * down, gamma to "abandoned", a from level 0 to "served") solved by
 * uniformization.  Returns answered-within-T / offered. */
#define UNIF_K 600
static double unif_service_level(double lam, double aht, double patience,
                                 int n, double t) {
  static double p[UNIF_K + 1], x[UNIF_K + 1], y[UNIF_K + 1];
  double mu = 1.0 / aht, gam = 1.0 / patience, a = n * mu;
  double low = 0.0, term = 1.0, z, big, lt, w, served = 0.0, acc = 0.0;
  int i, j, m, steps;

  /* states 0..N-1 relative to p(N) = 1, walking down */
  for (i = n; i >= 1; --i) {
    term *= (double)i / (lam * aht);
    low += term;
  }
  p[0] = 1.0;
  for (j = 1; j <= UNIF_K; ++j) {
    p[j] = p[j - 1] * lam / (a + j * gam);
  }
  z = low;
  for (j = 0; j <= UNIF_K; ++j) {
    z += p[j];
  }
  for (j = 0; j <= UNIF_K; ++j) {
    x[j] = p[j] / z;
  }
  big = a + (UNIF_K + 1) * gam;
  lt = big * t;
  steps = (int)(lt + 12.0 * sqrt(lt) + 30.0);
  w = exp(-lt);
  for (m = 0; m <= steps; ++m) {
    acc += w * served;
    served += x[0] * a / big;
    for (j = 0; j <= UNIF_K; ++j) {
      double out = a + (j + 1) * gam;
      y[j] = x[j] * (1.0 - out / big) + (j < UNIF_K ? x[j + 1] * out / big : 0.0);
    }
    for (j = 0; j <= UNIF_K; ++j) {
      x[j] = y[j];
    }
    w *= lt / (m + 1);
  }
  return low / z + acc;
}

static void test_erlang_a_vs_uniformization(void **state) {
  static const struct {
    double rate, aht, patience;
    int n;
    double t;
  } cases[] = {{PUB_RATE, PUB_AHT, 60.0, PUB_AGENTS, 20.0},
               {PUB_RATE, PUB_AHT, 600.0, 12, 30.0},
               {0.2, 180.0, 90.0, 30, 20.0},
               {0.2, 180.0, 30.0, 33, 10.0},
               {0.2, 180.0, 90.0, 30, 0.0}};
  size_t i;
  (void)state;

  for (i = 0; i < sizeof(cases) / sizeof(cases[0]); ++i) {
    acdr_erlang_result r;
    double ref = unif_service_level(cases[i].rate, cases[i].aht,
                                    cases[i].patience, cases[i].n, cases[i].t);
    assert_int_equal(acdr_erlang_a(&r, cases[i].rate, cases[i].aht,
                                   cases[i].patience, (int32_t)cases[i].n,
                                   cases[i].t),
                     0);
    assert_near(r.service_level, ref, 1e-8);
  }
}

/* Figures from a 3-million-arrival event simulation (see docs/erlang.md);
 * pinned loosely (simulation noise ~3e-4) as a regression guard. */
static void test_erlang_a_simulation_figures(void **state) {
  acdr_erlang_result r;
  (void)state;

  assert_int_equal(acdr_erlang_a(&r, 0.2, 180.0, 90.0, 30, 20.0), 0);
  assert_near(r.p_wait, 0.7582, 3e-3);
  assert_near(r.p_abandon, 0.1892, 3e-3);
  assert_near(r.service_level, 0.5136, 3e-3);
  assert_near(r.asa_s, 16.904, 0.2);
  assert_near(r.mean_wait_s, 17.031, 0.2);
}

static void test_erlang_a_staff(void **state) {
  acdr_erlang_result r;
  int32_t n, brute = -1, got = -1;
  (void)state;

  for (n = 1; n <= 200 && brute < 0; ++n) {
    if (acdr_erlang_a(&r, PUB_RATE, PUB_AHT, 120.0, n, PUB_T) == 0 &&
        r.service_level >= 0.80 && r.p_abandon <= 0.05) {
      brute = n;
    }
  }
  assert_true(brute > 0);
  assert_int_equal(acdr_erlang_a_staff(&got, PUB_RATE, PUB_AHT, 120.0, PUB_T,
                                       0.80, 0.05, 200),
                   0);
  assert_int_equal(got, brute);

  /* abandonment cap binding: tighter cap needs at least as many agents */
  brute = -1;
  for (n = 1; n <= 200 && brute < 0; ++n) {
    if (acdr_erlang_a(&r, PUB_RATE, PUB_AHT, 120.0, n, PUB_T) == 0 &&
        r.service_level >= 0.80 && r.p_abandon <= 0.001) {
      brute = n;
    }
  }
  assert_int_equal(acdr_erlang_a_staff(&n, PUB_RATE, PUB_AHT, 120.0, PUB_T,
                                       0.80, 0.001, 200),
                   0);
  assert_int_equal(n, brute);
  assert_true(n >= got);

  /* infinite patience: same answer as Erlang C */
  assert_int_equal(acdr_erlang_a_staff(&got, PUB_RATE, PUB_AHT, INFINITY,
                                       PUB_T, 0.80, 1.0, 200),
                   0);
  assert_int_equal(acdr_erlang_c_staff(&n, PUB_RATE, PUB_AHT, PUB_T, 0.80,
                                       200),
                   0);
  assert_int_equal(got, n);
  /* long finite patience too (probes at small N hit RANGE and fail) */
  assert_int_equal(acdr_erlang_a_staff(&got, PUB_RATE, PUB_AHT, 1e9, PUB_T,
                                       0.80, 1.0, 200),
                   0);
  assert_int_equal(got, n);

  got = -1;
  assert_int_equal(acdr_erlang_a_staff(&got, PUB_RATE, PUB_AHT, 120.0, PUB_T,
                                       0.80, 0.05, 5),
                   ACDR_ERR_RANGE);
  assert_int_equal(got, -1);
}

/* ------------------------------------------------------------------ */
/* Arguments                                                            */

static void test_invalid_arguments(void **state) {
  acdr_erlang_result r;
  double d;
  int32_t n;
  const int E = ACDR_ERR_INVALID_ARGUMENT;
  (void)state;

  /* Erlang B / C pwait */
  assert_int_equal(acdr_erlang_b(NULL, 1.0, 1), E);
  assert_int_equal(acdr_erlang_b(&d, -1.0, 1), E);
  assert_int_equal(acdr_erlang_b(&d, NAN, 1), E);
  assert_int_equal(acdr_erlang_b(&d, INFINITY, 1), E);
  assert_int_equal(acdr_erlang_b(&d, 1.0, 0), E);
  assert_int_equal(acdr_erlang_c_pwait(&d, 1.0, -3), E);
  assert_int_equal(acdr_erlang_c_pwait(NULL, 1.0, 3), E);

  /* Erlang C */
  assert_int_equal(acdr_erlang_c(NULL, PUB_RATE, PUB_AHT, 14, PUB_T), E);
  assert_int_equal(acdr_erlang_c(&r, -PUB_RATE, PUB_AHT, 14, PUB_T), E);
  assert_int_equal(acdr_erlang_c(&r, NAN, PUB_AHT, 14, PUB_T), E);
  assert_int_equal(acdr_erlang_c(&r, INFINITY, PUB_AHT, 14, PUB_T), E);
  assert_int_equal(acdr_erlang_c(&r, PUB_RATE, 0.0, 14, PUB_T), E);
  assert_int_equal(acdr_erlang_c(&r, PUB_RATE, -180.0, 14, PUB_T), E);
  assert_int_equal(acdr_erlang_c(&r, PUB_RATE, NAN, 14, PUB_T), E);
  assert_int_equal(acdr_erlang_c(&r, PUB_RATE, PUB_AHT, 0, PUB_T), E);
  assert_int_equal(acdr_erlang_c(&r, PUB_RATE, PUB_AHT, -1, PUB_T), E);
  assert_int_equal(acdr_erlang_c(&r, PUB_RATE, PUB_AHT, 14, -1.0), E);
  assert_int_equal(acdr_erlang_c(&r, PUB_RATE, PUB_AHT, 14, NAN), E);
  assert_int_equal(
      acdr_erlang_c_versioned(0, &r, PUB_RATE, PUB_AHT, 14, PUB_T),
      ACDR_ERR_VERSION);
  assert_int_equal(acdr_erlang_c_versioned(ACDR_ERLANG_RESULT_VERSION + 1, &r,
                                           PUB_RATE, PUB_AHT, 14, PUB_T),
                   ACDR_ERR_VERSION);

  /* Erlang A */
  assert_int_equal(acdr_erlang_a(NULL, PUB_RATE, PUB_AHT, 60, 14, PUB_T), E);
  assert_int_equal(acdr_erlang_a(&r, -PUB_RATE, PUB_AHT, 60, 14, PUB_T), E);
  assert_int_equal(acdr_erlang_a(&r, NAN, PUB_AHT, 60, 14, PUB_T), E);
  assert_int_equal(acdr_erlang_a(&r, PUB_RATE, 0.0, 60, 14, PUB_T), E);
  assert_int_equal(acdr_erlang_a(&r, PUB_RATE, PUB_AHT, 60, 0, PUB_T), E);
  assert_int_equal(acdr_erlang_a(&r, PUB_RATE, PUB_AHT, 0.0, 14, PUB_T), E);
  assert_int_equal(acdr_erlang_a(&r, PUB_RATE, PUB_AHT, -5.0, 14, PUB_T), E);
  assert_int_equal(acdr_erlang_a(&r, PUB_RATE, PUB_AHT, NAN, 14, PUB_T), E);
  assert_int_equal(acdr_erlang_a(&r, PUB_RATE, PUB_AHT, 60, 14, NAN), E);
  assert_int_equal(
      acdr_erlang_a_versioned(7, &r, PUB_RATE, PUB_AHT, 60, 14, PUB_T),
      ACDR_ERR_VERSION);

  /* staffing */
  assert_int_equal(acdr_erlang_c_staff(NULL, PUB_RATE, PUB_AHT, PUB_T, 0.8,
                                       100),
                   E);
  assert_int_equal(acdr_erlang_c_staff(&n, -1.0, PUB_AHT, PUB_T, 0.8, 100),
                   E);
  assert_int_equal(acdr_erlang_c_staff(&n, PUB_RATE, 0.0, PUB_T, 0.8, 100),
                   E);
  assert_int_equal(acdr_erlang_c_staff(&n, PUB_RATE, PUB_AHT, PUB_T, 1.5,
                                       100),
                   E);
  assert_int_equal(acdr_erlang_c_staff(&n, PUB_RATE, PUB_AHT, PUB_T, NAN,
                                       100),
                   E);
  assert_int_equal(acdr_erlang_c_staff(&n, PUB_RATE, PUB_AHT, PUB_T, 0.8, 0),
                   E);
  assert_int_equal(acdr_erlang_a_staff(&n, PUB_RATE, PUB_AHT, 60, PUB_T, 0.8,
                                       -0.1, 100),
                   E);
  assert_int_equal(acdr_erlang_a_staff(&n, PUB_RATE, PUB_AHT, NAN, PUB_T, 0.8,
                                       0.1, 100),
                   E);
  assert_int_equal(acdr_erlang_a_staff(&n, NAN, PUB_AHT, 60, PUB_T, 0.8, 0.1,
                                       100),
                   E);
}

static void test_zero_rate(void **state) {
  acdr_erlang_result r;
  int32_t n = 0;
  (void)state;

  assert_int_equal(acdr_erlang_a(&r, 0.0, PUB_AHT, 60.0, 3, PUB_T), 0);
  assert_near(r.p_wait, 0.0, 0.0);
  assert_near(r.p_abandon, 0.0, 0.0);
  assert_near(r.service_level, 1.0, 0.0);
  assert_near(r.occupancy, 0.0, 0.0);
  assert_int_equal(acdr_erlang_c_staff(&n, 0.0, PUB_AHT, PUB_T, 0.99, 10), 0);
  assert_int_equal(n, 1);
  assert_int_equal(
      acdr_erlang_a_staff(&n, 0.0, PUB_AHT, 60.0, PUB_T, 0.99, 0.0, 10), 0);
  assert_int_equal(n, 1);
}

H_MAIN(T(test_erlang_b_small), T(test_erlang_b_large_load),
       T(test_erlang_c_published), T(test_erlang_c_large),
       T(test_erlang_c_unstable), T(test_erlang_c_zero_rate),
       T(test_erlang_c_staff), T(test_erlang_a_converges_to_c),
       T(test_erlang_a_abandon_monotone), T(test_erlang_a_many_agents),
       T(test_erlang_a_overload), T(test_erlang_a_consistency),
       T(test_erlang_a_means_vs_curves), T(test_erlang_a_vs_uniformization),
       T(test_erlang_a_simulation_figures), T(test_erlang_a_staff),
       T(test_invalid_arguments), T(test_zero_rate))
