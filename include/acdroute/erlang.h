/* SPDX-License-Identifier: MIT */
/*
 * acdroute - Erlang staffing math (Erlang B, Erlang C, Erlang A, staffing).
 *
 * Pure functions: no engine, no allocation, no global state; safe to call
 * from any thread at any time.  See docs/erlang.md for the derivations.
 *
 * Units, everywhere in this header:
 *   - arrival rate: contacts per SECOND (lambda).  100 calls per 30 minutes
 *     is 100.0 / 1800.0.
 *   - AHT, threshold T, patience theta: SECONDS.
 *   - offered load A = rate * AHT: Erlangs.
 *   - agents N: a count (int32_t, >= 1).
 *   - probabilities and service levels: fractions in [0, 1] (not percent).
 *
 * Errors: every function returns 0 on success or a negative acdr_error:
 *   ACDR_ERR_INVALID_ARGUMENT  a NULL output, a NaN, a negative or
 *                              infinite rate, AHT <= 0, agents < 1, ...
 *   ACDR_ERR_RANGE             the system is unstable (Erlang C with
 *                              A >= N) or a staffing target cannot be met
 *                              within max_agents (see each function)
 *   ACDR_ERR_VERSION           unknown result struct version
 * On ACDR_ERR_INVALID_ARGUMENT / ACDR_ERR_VERSION no output is written.
 */
#ifndef ACDROUTE_ERLANG_H
#define ACDROUTE_ERLANG_H

#include <acdroute/types.h>
#include <acdroute/errors.h>

#ifdef __cplusplus
extern "C" {
#endif

#define ACDR_ERLANG_RESULT_V1 1
#define ACDR_ERLANG_RESULT_VERSION ACDR_ERLANG_RESULT_V1

/**
 * acdr_erlang_result - predicted performance of one queue.
 *
 * "Offered" means every arrival; "answered" means arrivals that reached an
 * agent.  In Erlang C nobody abandons, so p_abandon is 0 and the three
 * service-level fields are equal.  Waits are in seconds.
 */
typedef struct acdr_erlang_result {
  double load;            /* A = rate * AHT, Erlangs */
  double p_wait;          /* P(an arrival finds all N agents busy) */
  double p_abandon;       /* abandoned / offered (Erlang C: 0) */
  double service_level;   /* answered with wait <= T / offered: the figure
                             staffing uses ("80/20") */
  double service_level_answered; /* answered with wait <= T / answered */
  double p_wait_le_t;     /* (answered + abandoned) with time in queue
                             <= T / offered */
  double asa_s;           /* ASA: mean wait of answered contacts */
  double mean_wait_s;     /* mean time in queue of all arrivals (abandoned
                             ones until they hang up; unqueued ones 0) */
  double mean_queue_len;  /* mean number of contacts waiting */
  double occupancy;       /* carried load / N = A * (1 - p_abandon) / N */
} acdr_erlang_result;

/**
 * acdr_erlang_b - Erlang B blocking probability B(N, A) of an M/M/N/N loss
 * system.
 *
 * Computed with the recursion B(0) = 1, B(n) = A*B(n-1) / (n + A*B(n-1)),
 * n = 1..N: O(N), no factorials, stable for loads of many thousand
 * Erlangs (the result only underflows to 0 when it is below ~1e-308).
 *
 * @pblock  out: B(N, A) in [0, 1].
 * @load    A, offered load in Erlangs, finite and >= 0.
 * @agents  N >= 1.
 * Errors: INVALID_ARGUMENT.
 */
ACDROUTE_EXTERN int acdr_erlang_b(double *pblock, double load,
                                  int32_t agents);

/**
 * acdr_erlang_c_pwait - Erlang C probability of waiting C(N, A) of an
 * M/M/N queue.
 *
 * C = N*B / (N - A*(1 - B)), B = acdr_erlang_b(A, N), for A < N.
 *
 * @pwait   out: C(N, A) in [0, 1].  When A >= N the queue grows without
 *          bound: *pwait is set to 1 and ACDR_ERR_RANGE is returned.
 * @load    A in Erlangs, finite and >= 0.
 * @agents  N >= 1.
 * Errors: INVALID_ARGUMENT, RANGE (A >= N).
 */
ACDROUTE_EXTERN int acdr_erlang_c_pwait(double *pwait, double load,
                                        int32_t agents);

/**
 * acdr_erlang_c_versioned - Erlang C (M/M/N, nobody abandons) performance.
 *
 * With A = rate*AHT, C = acdr_erlang_c_pwait(A, N):
 *   p_wait         = C
 *   service_level  = 1 - C * exp(-(N - A) * T / AHT)   (all three SL fields)
 *   asa_s          = C * AHT / (N - A)                 (= mean_wait_s)
 *   mean_queue_len = rate * asa_s                      (Little)
 *   occupancy      = A / N
 *   p_abandon      = 0
 *
 * Unstable system (A >= N): returns ACDR_ERR_RANGE and still fills
 * *result with the limits: p_wait 1, service levels 0, asa_s, mean_wait_s
 * and mean_queue_len +INFINITY, occupancy 1, p_abandon 0.
 *
 * @result_version  ACDR_ERLANG_RESULT_V1; use the acdr_erlang_c() macro.
 * @result          out; only the fields known to result_version are written.
 * @rate            arrivals per second, finite and >= 0.
 * @aht_s           average handle time in seconds, finite and > 0.
 * @agents          N >= 1.
 * @threshold_s     T in seconds, finite and >= 0.
 * Errors: INVALID_ARGUMENT, VERSION, RANGE (A >= N).
 */
ACDROUTE_EXTERN int acdr_erlang_c_versioned(int result_version,
                                            acdr_erlang_result *result,
                                            double rate, double aht_s,
                                            int32_t agents,
                                            double threshold_s);
#define acdr_erlang_c(RESULT, RATE, AHT, AGENTS, T)                          \
  acdr_erlang_c_versioned(ACDR_ERLANG_RESULT_VERSION, (RESULT), (RATE),      \
                          (AHT), (AGENTS), (T))

/**
 * acdr_erlang_a_versioned - Erlang A (M/M/N+M: exponential patience)
 * performance.
 *
 * Model: Poisson arrivals (rate lambda), exponential handle times (mean
 * AHT, mu = 1/AHT), N agents, FIFO queue, each waiting contact abandons
 * after an exponential patience with mean theta (gamma = 1/theta).  The
 * stationary birth-death chain (death rate n*mu for n <= N, N*mu + k*gamma
 * with k waiting) is summed exactly in log space; by PASTA
 *   p_wait         = P(N or more in system)
 *   p_abandon      = sum_k pi(N+k) * (k+1)*gamma / (N*mu + (k+1)*gamma)
 *                    ( = gamma * mean_queue_len / lambda )
 *   mean_wait_s    = mean_queue_len / lambda                  (Little)
 *   asa_s          = sum_k pi(N+k) E[V_k exp(-gamma V_k)] / (1 - p_abandon)
 * where V_k, the time a contact finding k waiting ahead needs to reach an
 * agent, is hypoexponential with rates N*mu + j*gamma, j = k..0.  Summing
 * the mixture gives the defective density of "answered after waiting t"
 *   g(t) = pi(N) * N*mu * exp(-(N*mu + gamma)*t
 *                              + lambda*(1 - exp(-gamma*t))/gamma)
 * which is integrated over [0, T] (adaptive Simpson, log-concave
 * integrand) for service_level; see docs/erlang.md.  Accurate to ~1e-9.
 *
 * patience_s = +INFINITY gives Erlang C (same results and errors as
 * acdr_erlang_c_versioned).  For finite patience the system is stable for
 * any load, but if the queue distribution would need more than 1e7 states
 * (enormous patience together with A >= N) ACDR_ERR_RANGE is returned and
 * *result is not written.
 *
 * @result_version  ACDR_ERLANG_RESULT_V1; use the acdr_erlang_a() macro.
 * @result          out; only the fields known to result_version are written.
 * @rate            arrivals per second, finite and >= 0.
 * @aht_s           seconds, finite and > 0.
 * @patience_s      theta, mean patience in seconds, > 0 (may be +INFINITY).
 * @agents          N >= 1.
 * @threshold_s     T in seconds, finite and >= 0.
 * Errors: INVALID_ARGUMENT, VERSION, RANGE.
 */
ACDROUTE_EXTERN int acdr_erlang_a_versioned(int result_version,
                                            acdr_erlang_result *result,
                                            double rate, double aht_s,
                                            double patience_s,
                                            int32_t agents,
                                            double threshold_s);
#define acdr_erlang_a(RESULT, RATE, AHT, PATIENCE, AGENTS, T)                \
  acdr_erlang_a_versioned(ACDR_ERLANG_RESULT_VERSION, (RESULT), (RATE),      \
                          (AHT), (PATIENCE), (AGENTS), (T))

/**
 * acdr_erlang_c_staff - fewest agents meeting a service level (Erlang C).
 *
 * The smallest N in [1, max_agents] with N > A and
 * 1 - C(N, A) * exp(-(N - A) * T / AHT) >= target_sl.  Service level rises
 * with N, so this is the first N that passes, found in O(max_agents)
 * with one running Erlang B recursion.
 *
 * @pagents     out: the agent count; untouched on error.
 * @rate        arrivals per second, finite and >= 0.
 * @aht_s       seconds, finite and > 0.
 * @threshold_s T in seconds, finite and >= 0.
 * @target_sl   fraction in [0, 1] (0.80 for "80/20").
 * @max_agents  upper bound on N, >= 1.
 * Errors: INVALID_ARGUMENT, RANGE (no N <= max_agents meets the target).
 */
ACDROUTE_EXTERN int acdr_erlang_c_staff(int32_t *pagents, double rate,
                                        double aht_s, double threshold_s,
                                        double target_sl,
                                        int32_t max_agents);

/**
 * acdr_erlang_a_staff - fewest agents meeting a service level and an
 * abandonment cap (Erlang A).
 *
 * The smallest N in [1, max_agents] whose acdr_erlang_a() result has
 * service_level (answered within T / offered) >= target_sl and
 * p_abandon <= max_abandon.  Both improve with N, so N is found by
 * doubling (1, 2, 4, ... capped at max_agents) and then bisection:
 * O(log N) evaluations of O(N) each.  An N for which
 * acdr_erlang_a() returns ACDR_ERR_RANGE counts as not meeting the target.
 *
 * @pagents     out: the agent count; untouched on error.
 * @rate, @aht_s, @patience_s, @threshold_s  as in acdr_erlang_a_versioned.
 * @target_sl   fraction in [0, 1].
 * @max_abandon fraction in [0, 1]; 1 disables the cap.
 * @max_agents  upper bound on N, >= 1.
 * Errors: INVALID_ARGUMENT, RANGE (no N <= max_agents meets both).
 */
ACDROUTE_EXTERN int acdr_erlang_a_staff(int32_t *pagents, double rate,
                                        double aht_s, double patience_s,
                                        double threshold_s, double target_sl,
                                        double max_abandon,
                                        int32_t max_agents);

#ifdef __cplusplus
}
#endif

#endif /* ACDROUTE_ERLANG_H */
