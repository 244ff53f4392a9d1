/* SPDX-License-Identifier: MIT */
/*
 * acdroute-sim: the shift planner of the built-in day.
 *
 * A workforce planner's three steps, with the library's Erlang math:
 *   1. forecast: arrivals per interval (the intraday curve x the volume,
 *      plus the repeat contacts that unresolved issues bring back);
 *   2. requirement: the fewest agents per interval meeting the service
 *      level and abandonment targets, acdr_erlang_a_staff() (Erlang A:
 *      callers abandon after an exponential patience);
 *   3. shifts: walk the day from the first interval and, wherever the
 *      agents at work and not on a break fall short of the requirement,
 *      start enough new shifts there (the classic greedy cover).
 * Breaks are part of step 3: a shift is only counted for the part of an
 * interval its agent is not on a break, so breaks never open a gap.
 */
#include <math.h>
#include <string.h>

#include "sim.h"

int plan_need(int32_t *need, int n, const sim_plan_load *l) {
  int32_t per = l->per_agent > 0 ? l->per_agent : 1;
  for (int k = 0; k < n; ++k) {
    int32_t servers = 0;
    int rv = 0;
    if (l->rate_per_s[k] > 0) {
      if (l->patience_s > 0)
        rv = acdr_erlang_a_staff(&servers, l->rate_per_s[k], l->aht_s,
                                 l->patience_s, l->threshold_s, l->target_sl,
                                 l->max_abandon, 100000);
      else
        rv = acdr_erlang_c_staff(&servers, l->rate_per_s[k], l->aht_s,
                                 l->threshold_s, l->target_sl, 100000);
    }
    if (rv < 0) return rv;
    need[k] = (servers + per - 1) / per;
  }
  return 0;
}

int plan_breaks(sim_break *b, double start, double end, int idx) {
  static const struct {
    double after, len;
    const char *reason;
  } std[3] = {{2 * 3600.0, 900, "break"},
              {4 * 3600.0, 1800, "lunch"},
              {6.5 * 3600.0, 900, "break"}};
  double stagger = (double)(idx % 4) * 900.0;
  int n = 0;
  for (int i = 0; i < 3; ++i) {
    double t = start + std[i].after + stagger;
    if (t + std[i].len > end - 1800.0) continue; /* not in the last 30 min */
    b[n].start_s = t;
    b[n].len_s = std[i].len;
    snprintf(b[n].reason, sizeof b[n].reason, "%s", std[i].reason);
    n++;
  }
  return n;
}

double plan_at_work(double a, double b, double start, double end,
                      const sim_break *br, int nbr) {
  double lo = a > start ? a : start, hi = b < end ? b : end, w;
  if (hi <= lo) return 0;
  w = hi - lo;
  for (int i = 0; i < nbr; ++i) {
    double x = a > br[i].start_s ? a : br[i].start_s;
    double y = b < br[i].start_s + br[i].len_s ? b : br[i].start_s + br[i].len_s;
    if (y > x) w -= y - x;
  }
  return w;
}

int plan_shifts(double *starts, double *ends, int max, const int32_t *need,
                int n, double step_s, const double *lens, int nlens,
                double last_out_s) {
  double cover[SIM_MAX_CURVE];
  int nshift = 0;
  if (n > SIM_MAX_CURVE || nlens < 1) return -1;
  memset(cover, 0, sizeof cover);
  for (int k = 0; k < n; ++k) {
    /* logging in 15 minutes early: at the desk when the interval starts */
    double start = (double)k * step_s - 900.0;
    while ((double)need[k] - cover[k] >= 1.0) {
      sim_break br[SIM_MAX_BREAKS];
      double end = 0;
      /* the longest shift that is needed all along (else the shortest) */
      for (int i = 0; i < nlens && end == 0; ++i) {
        double e = start + lens[i];
        int useful = 1;
        if (e > last_out_s) e = last_out_s;
        for (int j = k; j < n && (double)j * step_s < e - 900.0; ++j)
          if ((double)need[j] - cover[j] < 0.5) useful = 0;
        if (useful || i == nlens - 1) end = e;
      }
      if (nshift == max) return -1;
      int nbr = plan_breaks(br, start, end, nshift);
      starts[nshift] = start;
      ends[nshift++] = end;
      for (int j = k; j < n; ++j)
        cover[j] += plan_at_work((double)j * step_s, (double)(j + 1) * step_s,
                            start, end, br, nbr) / step_s;
    }
  }
  return nshift;
}
