/* acdroute-sim: derived figures, batch means and the Erlang comparison.
 *
 * Confidence intervals come from batch means: the counted contacts of an
 * M/M/N run are split, in arrival order, into SIM_BATCHES batches of equal
 * size; each batch gives one estimate of every figure, and the spread of
 * the batch estimates gives a Student-t 95% interval around the run's
 * overall figure.  Batches of a few thousand contacts each are long
 * compared to the queue's correlation time, so they are nearly
 * independent. */
#include <math.h>
#include <string.h>

#include "sim.h"

double tally_ratio(uint64_t num, uint64_t den) {
  return den ? (double)num / (double)den : 0.0;
}

double tally_sl(const sim_tally *t) {
  return tally_ratio(t->within_t, t->offered);
}

double tally_asa(const sim_tally *t) {
  return t->answered ? t->wait_sum_s / (double)t->answered : 0.0;
}

double tally_abandon_rate(const sim_tally *t) {
  return tally_ratio(t->abandoned, t->offered);
}

double tally_aht(const sim_tally *t) {
  return t->handled ? (t->talk_sum_s + t->wrap_sum_s) / (double)t->handled
                    : 0.0;
}

/* Student t, 97.5% quantile, for SIM_BATCHES - 1 = 19 degrees of
 * freedom. */
#define T975_19 2.093

static sim_ci ci_of(double point, const double *x, int n) {
  sim_ci c;
  double mean = 0, var = 0;
  for (int i = 0; i < n; ++i) mean += x[i];
  mean /= n;
  for (int i = 0; i < n; ++i) var += (x[i] - mean) * (x[i] - mean);
  var /= (n - 1);
  c.mean = point;
  c.half = T975_19 * sqrt(var / n);
  c.low = point - c.half;
  c.high = point + c.half;
  return c;
}

void stats_finish(const sim_scenario *s, sim_result *r) {
  if (!s->mmn || s->nqueues != 1) return;
  const sim_queue_model *q = &s->queues[0];
  double n = (double)s->nagents;
  double T = (double)q->sl_threshold_ms / 1000.0;
  double sl[SIM_BATCHES], pw[SIM_BATCHES], asa[SIM_BATCHES],
      ab[SIM_BATCHES], occ[SIM_BATCHES];
  for (int i = 0; i < SIM_BATCHES; ++i) {
    sim_batch *b = &r->batch[i];
    b->end_s = i + 1 < SIM_BATCHES ? r->batch[i + 1].start_s
                                   : r->measure_end_s;
    sl[i] = tally_ratio(b->within_t, b->offered);
    pw[i] = tally_ratio(b->waited, b->offered);
    asa[i] = b->answered ? b->wait_sum_s / (double)b->answered : 0;
    ab[i] = tally_ratio(b->abandoned, b->offered);
    occ[i] = b->end_s > b->start_s ? b->busy_area / (n * (b->end_s - b->start_s))
                                   : 0;
  }
  const sim_tally *t = &r->total;
  double span = r->measure_end_s - r->measure_start_s;
  r->ci_sl = ci_of(tally_sl(t), sl, SIM_BATCHES);
  r->ci_pwait = ci_of(tally_ratio(t->waited, t->offered), pw, SIM_BATCHES);
  r->ci_asa = ci_of(tally_asa(t), asa, SIM_BATCHES);
  r->ci_abandon = ci_of(tally_abandon_rate(t), ab, SIM_BATCHES);
  r->ci_occ = ci_of(span > 0 ? r->busy_area / (n * span) : 0, occ,
                    SIM_BATCHES);
  r->have_erlang = 1;
  memset(&r->erlang, 0, sizeof r->erlang);
  if (q->patience.mean > 0)
    r->erlang_rv = acdr_erlang_a(&r->erlang, q->rate_per_s, q->handle.mean,
                                 q->patience.mean, (int32_t)s->nagents, T);
  else
    r->erlang_rv = acdr_erlang_c(&r->erlang, q->rate_per_s, q->handle.mean,
                                 (int32_t)s->nagents, T);
}
