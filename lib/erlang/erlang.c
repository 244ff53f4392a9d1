/* SPDX-License-Identifier: MIT */
/*
 * acdroute - Erlang B, C and A staffing math.  See docs/erlang.md.
 *
 * Pure functions: no allocation, no engine, no global state.
 */
#include <acdroute/erlang.h>

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "util/structlen.h"

/* The row of acdr_erlang_result (util/structlen.h). */
ACDR_STRUCT_V1(ERLANG_RESULT, acdr_erlang_result, occupancy, NULL);

/* Erlang A: give up (ACDR_ERR_RANGE) past this many queue states. */
#define ERLANG_A_MAX_STATES 10000000L
/* Relative size below which the queue distribution's tail is dropped. */
#define ERLANG_A_TAIL_EPS 1e-17
/* Adaptive Simpson: absolute tolerance per initial panel (the integrands
 * are probability densities, so this is an absolute error on a
 * probability), number of initial panels per monotone piece, depth. */
#define QUAD_TOL 1e-14
#define QUAD_PANELS 16
#define QUAD_MAX_DEPTH 50
#define QUAD_REL_FLOOR 1e-13

/* ------------------------------------------------------------------ */
/* Argument checks and result copy                                      */

static int valid_rate(double rate) { return isfinite(rate) && rate >= 0.0; }

static int valid_common(double rate, double aht_s, int32_t agents,
                        double threshold_s) {
  return valid_rate(rate) && isfinite(aht_s) && aht_s > 0.0 && agents >= 1 &&
         isfinite(threshold_s) && threshold_s >= 0.0;
}

static int valid_fraction(double x) { return x >= 0.0 && x <= 1.0; }

static int valid_version(int version) {
  return version >= ACDR_ERLANG_RESULT_V1 &&
         version <= ACDR_ERLANG_RESULT_VERSION;
}

/* Bytes of acdr_erlang_result a caller of `version` knows: the row of
 * its row above (util/structlen.h). */
static size_t result_len_version(int version) {
  return acdr_struct_len(ACDR_STRUCT(ERLANG_RESULT), version);
}

static void result_copy(int version, acdr_erlang_result *dst,
                        const acdr_erlang_result *src) {
  memcpy(dst, src, result_len_version(version));
}

static double clamp01(double x) {
  if (!(x > 0.0)) {
    return 0.0;
  }
  return x < 1.0 ? x : 1.0;
}

/* ------------------------------------------------------------------ */
/* Erlang B and C                                                       */

/* B(0) = 1, B(n) = A*B(n-1) / (n + A*B(n-1)). */
static double erlang_b_(double load, int32_t agents) {
  double b = 1.0;
  int32_t n;

  for (n = 1; n <= agents; ++n) {
    double ab = load * b;
    b = ab / ((double)n + ab);
  }
  return b;
}

/* C = N*B / (N - A*(1 - B)); requires A < N. */
static double erlang_c_from_b(double b, double load, double n) {
  return n * b / (n - load * (1.0 - b));
}

int acdr_erlang_b(double *pblock, double load, int32_t agents) {
  if (pblock == NULL || !valid_rate(load) || agents < 1) {
    return ACDR_ERR_INVALID_ARGUMENT;
  }
  *pblock = erlang_b_(load, agents);
  return 0;
}

int acdr_erlang_c_pwait(double *pwait, double load, int32_t agents) {
  double n = (double)agents;

  if (pwait == NULL || !valid_rate(load) || agents < 1) {
    return ACDR_ERR_INVALID_ARGUMENT;
  }
  if (load >= n) {
    *pwait = 1.0;
    return ACDR_ERR_RANGE;
  }
  *pwait = clamp01(erlang_c_from_b(erlang_b_(load, agents), load, n));
  return 0;
}

/* Fills *r (all fields); returns 0 or ACDR_ERR_RANGE (A >= N). */
static int erlang_c_fill(acdr_erlang_result *r, double rate, double aht_s,
                         int32_t agents, double threshold_s) {
  double n = (double)agents;
  double load = rate * aht_s;
  double pw, sl, asa;

  memset(r, 0, sizeof(*r));
  r->load = load;
  if (load >= n) {
    r->p_wait = 1.0;
    r->service_level = 0.0;
    r->service_level_answered = 0.0;
    r->p_wait_le_t = 0.0;
    r->asa_s = INFINITY;
    r->mean_wait_s = INFINITY;
    r->mean_queue_len = INFINITY;
    r->occupancy = 1.0;
    return ACDR_ERR_RANGE;
  }
  pw = clamp01(erlang_c_from_b(erlang_b_(load, agents), load, n));
  sl = clamp01(1.0 - pw * exp(-(n - load) * threshold_s / aht_s));
  asa = pw * aht_s / (n - load);
  r->p_wait = pw;
  r->p_abandon = 0.0;
  r->service_level = sl;
  r->service_level_answered = sl;
  r->p_wait_le_t = sl;
  r->asa_s = asa;
  r->mean_wait_s = asa;
  r->mean_queue_len = rate * asa;
  r->occupancy = load / n;
  return 0;
}

int acdr_erlang_c_versioned(int result_version, acdr_erlang_result *result,
                            double rate, double aht_s, int32_t agents,
                            double threshold_s) {
  acdr_erlang_result r;
  int rv;

  if (result == NULL || !valid_common(rate, aht_s, agents, threshold_s)) {
    return ACDR_ERR_INVALID_ARGUMENT;
  }
  if (!valid_version(result_version)) {
    return ACDR_ERR_VERSION;
  }
  rv = erlang_c_fill(&r, rate, aht_s, agents, threshold_s);
  result_copy(result_version, result, &r);
  return rv;
}

/* ------------------------------------------------------------------ */
/* Quadrature of f(t) = exp(c0 - coef*t + lam*(1 - exp(-gamma*t))/gamma) */

typedef struct quad_fn {
  double c0;    /* log prefactor */
  double coef;  /* linear decay rate */
  double lam;   /* arrival rate */
  double gamma; /* abandonment rate (> 0) */
} quad_fn;

static double quad_eval(const quad_fn *f, double t) {
  double em1 = -expm1(-f->gamma * t) / f->gamma; /* (1 - e^{-gt})/g */
  return exp(f->c0 - f->coef * t + f->lam * em1);
}

static double simpson_rec(const quad_fn *f, double a, double b, double fa,
                          double fm, double fb, double whole, double tol,
                          int depth) {
  double m = 0.5 * (a + b);
  double lm = 0.5 * (a + m), rm = 0.5 * (m + b);
  double flm = quad_eval(f, lm), frm = quad_eval(f, rm);
  double left = (m - a) / 6.0 * (fa + 4.0 * flm + fm);
  double right = (b - m) / 6.0 * (fm + 4.0 * frm + fb);
  double delta = left + right - whole;

  /* Converged, or at the roundoff floor (the halved absolute tolerance
   * can fall below what doubles resolve on a long interval). */
  if (depth <= 0 || fabs(delta) <= 15.0 * tol ||
      fabs(delta) <= QUAD_REL_FLOOR * (fabs(left) + fabs(right))) {
    return left + right + delta / 15.0;
  }
  return simpson_rec(f, a, m, fa, flm, fm, left, 0.5 * tol, depth - 1) +
         simpson_rec(f, m, b, fm, frm, fb, right, 0.5 * tol, depth - 1);
}

/* Integral over [lo, hi] of a monotone piece, QUAD_PANELS panels. */
static double quad_piece(const quad_fn *f, double lo, double hi) {
  double h = (hi - lo) / QUAD_PANELS;
  double sum = 0.0;
  int i;

  if (!(hi > lo)) {
    return 0.0;
  }
  for (i = 0; i < QUAD_PANELS; ++i) {
    double a = lo + h * i;
    double b = (i == QUAD_PANELS - 1) ? hi : a + h;
    double fa = quad_eval(f, a), fb = quad_eval(f, b);
    double fm = quad_eval(f, 0.5 * (a + b));
    double whole = (b - a) / 6.0 * (fa + 4.0 * fm + fb);
    sum += simpson_rec(f, a, b, fa, fm, fb, whole, QUAD_TOL, QUAD_MAX_DEPTH);
  }
  return sum;
}

/* Integral over [0, t_end].  The exponent is concave (second derivative
 * -lam*gamma*e^{-gamma t}), so the integrand is unimodal: split at its
 * peak t* = ln(lam/coef)/gamma so each piece is monotone. */
static double quad_integral(const quad_fn *f, double t_end) {
  double peak = 0.0;

  if (!(t_end > 0.0)) {
    return 0.0;
  }
  if (f->lam > f->coef) {
    peak = log(f->lam / f->coef) / f->gamma;
  }
  if (peak > 0.0 && peak < t_end) {
    return quad_piece(f, 0.0, peak) + quad_piece(f, peak, t_end);
  }
  return quad_piece(f, 0.0, t_end);
}

/* ------------------------------------------------------------------ */
/* Erlang A                                                             */

/* log(1/B(N, A)) by 1/B(n) = 1 + (n/A) / B(n-1), in log space (softplus)
 * so that it never overflows. */
static double log_inv_erlang_b(double load, int32_t agents) {
  double l = 0.0;
  int32_t n;

  for (n = 1; n <= agents; ++n) {
    double x = l + log((double)n / load);
    l = x > 0.0 ? x + log1p(exp(-x)) : log1p(exp(x));
  }
  return l;
}

static double log_add_exp(double x, double y) {
  double hi = x > y ? x : y, lo = x > y ? y : x;

  if (hi == -INFINITY) {
    return -INFINITY;
  }
  return hi + log1p(exp(lo - hi));
}

/* Fills *r; requires rate > 0, finite patience > 0.  0 or RANGE. */
static int erlang_a_fill(acdr_erlang_result *r, double rate, double aht_s,
                         double patience_s, int32_t agents,
                         double threshold_s) {
  double n = (double)agents;
  double lam = rate;
  double mu = 1.0 / aht_s;
  double gam = 1.0 / patience_s;
  double a = n * mu; /* service completion rate with all agents busy */
  double load = rate * aht_s;
  double log_inv_b, log_low;
  /* Queue part, relative to p(N) = 1, scaled by exp(-lmax):
   * s0 = sum q_k, s1 = sum k q_k, sab = sum q_k (1 - S_k),
   * sasa = sum q_k E[V_k exp(-gamma V_k)]. */
  double lq = 0.0, lmax = 0.0;
  double s0, s1, sab, sasa, hk, rk1;
  double log_z, c, pw, eq, pab, served;
  double ans_t, v_t;
  quad_fn f;
  long k;

  /* Overloaded with a long patience: the queue's mode sits near
   * (lam - a)/gamma with a spread of ~sqrt(lam/gamma); refuse up front
   * rather than walk past the state limit. */
  if (lam > a && (lam - a) / gam + 40.0 * sqrt(lam / gam) >
                     (double)ERLANG_A_MAX_STATES) {
    return ACDR_ERR_RANGE;
  }

  /* States 0..N-1 relative to p(N): 1/B - 1 = (1 - B)/B. */
  log_inv_b = log_inv_erlang_b(load, agents);
  log_low = log_inv_b + log(-expm1(-log_inv_b));

  /* k = 0 (state N): S_0 = a/(a+gamma), H_0 = 1/(a+gamma). */
  rk1 = a + gam;
  hk = 1.0 / rk1;
  s0 = 1.0;
  s1 = 0.0;
  sab = gam / rk1;
  sasa = (a / rk1) * hk;
  for (k = 1;; ++k) {
    double kd = (double)k;
    double w, rn, sk;

    if (k > ERLANG_A_MAX_STATES) {
      return ACDR_ERR_RANGE;
    }
    lq += log(lam / (a + kd * gam));
    if (lq > lmax) {
      double scale = exp(lmax - lq);
      s0 *= scale;
      s1 *= scale;
      sab *= scale;
      sasa *= scale;
      lmax = lq;
    }
    w = exp(lq - lmax);
    rk1 = a + (kd + 1.0) * gam; /* N*mu + (k+1)*gamma */
    hk += 1.0 / rk1;            /* H_k = sum_{i=1..k+1} 1/(a + i*gamma) */
    sk = a / rk1;               /* S_k = P(served | k ahead) */
    s0 += w;
    s1 += kd * w;
    sab += w * ((kd + 1.0) * gam / rk1);
    sasa += w * sk * hk;
    /* Past the mode the ratio q_{k+1}/q_k = rn keeps falling, so the
     * remaining sum of (k+1+j) q_{k+j} is below this bound. */
    rn = lam / rk1;
    if (rn < 1.0) {
      double tail = w * rn / (1.0 - rn) * (kd + 1.0 + 1.0 / (1.0 - rn));
      if (tail <= ERLANG_A_TAIL_EPS * s0) {
        break;
      }
    }
  }

  log_z = log_add_exp(log_low, lmax + log(s0));
  c = exp(lmax - log_z);
  pw = clamp01(s0 * c);
  eq = s1 * c;
  pab = clamp01(sab * c);
  served = 1.0 - pab;

  /* Answered after waiting <= T: g(t) = pi(N) a exp(-(a+gamma)t + lam*u). */
  f.c0 = log(a) - log_z;
  f.coef = a + gam;
  f.lam = lam;
  f.gamma = gam;
  ans_t = quad_integral(&f, threshold_s);
  /* P(V <= T) mass of waiting arrivals: same without the e^{-gamma t}. */
  f.coef = a;
  v_t = quad_integral(&f, threshold_s);

  memset(r, 0, sizeof(*r));
  r->load = load;
  r->p_wait = pw;
  r->p_abandon = pab;
  r->service_level = clamp01((1.0 - pw) + ans_t);
  r->service_level_answered =
      served > 0.0 ? clamp01(r->service_level / served) : 0.0;
  r->p_wait_le_t = clamp01(1.0 - exp(-gam * threshold_s) * (pw - v_t));
  r->asa_s = served > 0.0 ? sasa * c / served : 0.0;
  r->mean_wait_s = eq / lam;
  r->mean_queue_len = eq;
  r->occupancy = clamp01(load * served / n);
  return 0;
}

static int erlang_a_any(acdr_erlang_result *r, double rate, double aht_s,
                        double patience_s, int32_t agents,
                        double threshold_s) {
  if (isinf(patience_s)) {
    return erlang_c_fill(r, rate, aht_s, agents, threshold_s);
  }
  if (rate == 0.0) {
    memset(r, 0, sizeof(*r));
    r->service_level = 1.0;
    r->service_level_answered = 1.0;
    r->p_wait_le_t = 1.0;
    return 0;
  }
  return erlang_a_fill(r, rate, aht_s, patience_s, agents, threshold_s);
}

int acdr_erlang_a_versioned(int result_version, acdr_erlang_result *result,
                            double rate, double aht_s, double patience_s,
                            int32_t agents, double threshold_s) {
  acdr_erlang_result r;
  int rv;

  if (result == NULL || !valid_common(rate, aht_s, agents, threshold_s) ||
      !(patience_s > 0.0)) {
    return ACDR_ERR_INVALID_ARGUMENT;
  }
  if (!valid_version(result_version)) {
    return ACDR_ERR_VERSION;
  }
  rv = erlang_a_any(&r, rate, aht_s, patience_s, agents, threshold_s);
  if (rv == 0 || isinf(patience_s)) {
    result_copy(result_version, result, &r);
  }
  return rv;
}

/* ------------------------------------------------------------------ */
/* Staffing                                                             */

int acdr_erlang_c_staff(int32_t *pagents, double rate, double aht_s,
                        double threshold_s, double target_sl,
                        int32_t max_agents) {
  double load, b = 1.0;
  int32_t n;

  if (pagents == NULL || !valid_common(rate, aht_s, 1, threshold_s) ||
      !valid_fraction(target_sl) || max_agents < 1) {
    return ACDR_ERR_INVALID_ARGUMENT;
  }
  load = rate * aht_s;
  for (n = 1; n <= max_agents; ++n) {
    double nd = (double)n;
    double ab = load * b;

    b = ab / (nd + ab);
    if (nd > load) {
      double pw = clamp01(erlang_c_from_b(b, load, nd));
      double sl = 1.0 - pw * exp(-(nd - load) * threshold_s / aht_s);
      if (sl >= target_sl) {
        *pagents = n;
        return 0;
      }
    }
  }
  return ACDR_ERR_RANGE;
}

static int erlang_a_meets(double rate, double aht_s, double patience_s,
                          int32_t agents, double threshold_s,
                          double target_sl, double max_abandon) {
  acdr_erlang_result r;

  if (erlang_a_any(&r, rate, aht_s, patience_s, agents, threshold_s) != 0) {
    return 0;
  }
  return r.service_level >= target_sl && r.p_abandon <= max_abandon;
}

int acdr_erlang_a_staff(int32_t *pagents, double rate, double aht_s,
                        double patience_s, double threshold_s,
                        double target_sl, double max_abandon,
                        int32_t max_agents) {
  int32_t lo, hi;

  if (pagents == NULL || !valid_common(rate, aht_s, 1, threshold_s) ||
      !(patience_s > 0.0) || !valid_fraction(target_sl) ||
      !valid_fraction(max_abandon) || max_agents < 1) {
    return ACDR_ERR_INVALID_ARGUMENT;
  }
  /* Doubling search for a meeting N (cost grows with the answer, not with
   * max_agents), then bisection.  Invariant: hi meets, lo fails (0: none). */
  lo = 0;
  hi = 1;
  while (!erlang_a_meets(rate, aht_s, patience_s, hi, threshold_s, target_sl,
                         max_abandon)) {
    if (hi == max_agents) {
      return ACDR_ERR_RANGE;
    }
    lo = hi;
    hi = hi > max_agents / 2 ? max_agents : 2 * hi;
  }
  while (hi - lo > 1) {
    int32_t mid = lo + (hi - lo) / 2;
    if (erlang_a_meets(rate, aht_s, patience_s, mid, threshold_s, target_sl,
                       max_abandon)) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  *pagents = hi;
  return 0;
}
