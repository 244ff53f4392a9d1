/* SPDX-License-Identifier: MIT */
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

double tally_sl_of(const sim_tally *t, int variant) {
  uint64_t num = t->within_t, den = t->answered + t->abandoned;
  switch (variant) {
  case ACDR_SL_ANSWERED:
    den = t->answered;
    break;
  case ACDR_SL_ABANDONED_IN_SL_OK:
    num += t->abandoned_in_t;
    break;
  case ACDR_SL_EXCLUDE_SHORT:
    den -= t->short_abandoned;
    break;
  default:
    break;
  }
  return den ? (double)num / (double)den : NAN;
}

double tally_abandon_of(const sim_tally *t, int excl_short) {
  uint64_t ab = t->abandoned, den = t->offered;
  if (excl_short) {
    ab -= t->short_abandoned;
    den -= t->short_abandoned;
  }
  return den ? (double)ab / (double)den : NAN;
}

int interval_shown(const sim_scenario *s, const sim_result *r, size_t k) {
  const sim_interval *iv = &r->iv[k];
  if ((double)(k + 1) * s->interval_s <= s->warmup_s) return 0;
  /* less than one agent-second of staff: the run's last instant */
  return iv->t.offered != 0 || iv->staffed_area >= 1.0;
}

void interval_label(char *buf, size_t n, const sim_scenario *s, double t) {
  long m = lround(t / 60.0);
  if (s->days > 1)
    snprintf(buf, n, "d%ld %02ld:%02ld", m / 1440 + 1, m / 60 % 24, m % 60);
  else
    snprintf(buf, n, "%02ld:%02ld", m / 60 % 24, m % 60);
}

/* offered minus every outcome: 0 when the row adds up */
static long long outcome_gap(const sim_tally *t) {
  unsigned long long sum = t->answered + t->abandoned + t->overflowed +
                           t->rejected + t->timed_out + t->callbacks +
                           t->transferred + t->other + t->closed +
                           t->unfinished;
  return (long long)t->offered - (long long)sum;
}

static int check_row(FILE *f, const char *what, const sim_tally *t) {
  long long gap = outcome_gap(t);
  if (f)
    fprintf(f,
            "  %-14s %llu offered = %llu answered + %llu abandoned + %llu "
            "overflowed + %llu refused + %llu timed out + %llu callbacks + "
            "%llu transferred + %llu closed + %llu waiting at the end%s: "
            "%s\n",
            what, (unsigned long long)t->offered,
            (unsigned long long)t->answered, (unsigned long long)t->abandoned,
            (unsigned long long)t->overflowed,
            (unsigned long long)t->rejected, (unsigned long long)t->timed_out,
            (unsigned long long)t->callbacks,
            (unsigned long long)t->transferred,
            (unsigned long long)t->closed, (unsigned long long)t->unfinished,
            t->other ? " + other" : "", gap == 0 ? "ok" : "BROKEN");
  return gap != 0;
}

static int check_eq(FILE *f, const char *what, unsigned long long a,
                    const char *an, unsigned long long b, const char *bn) {
  if (f)
    fprintf(f, "  %-14s %s %llu = %s %llu: %s\n", what, an, a, bn, b,
            a == b ? "ok" : "BROKEN");
  return a != b;
}

int accounts_check(FILE *f, const sim_scenario *s, const sim_result *r) {
  int bad = 0;
  unsigned long long rows = 0, moved = 0;
  char lbl[64];
  if (f) fprintf(f, "\nCROSS-CHECK (every contact accounted for)\n");
  for (size_t i = 0; i < s->nqueues; ++i) {
    bad += check_row(f, s->queues[i].id, &r->queue[i]);
    rows += r->queue[i].offered;
    moved += r->queue[i].overflow_in;
  }
  bad += check_row(f, "all contacts", &r->total);
  /* the queue rows count a customer once per queue entered */
  bad += check_eq(f, "queue rows", rows, "sum of offered", 
                  r->total.offered + moved,
                  "all contacts + moved between queues");
  {
    unsigned long long ival = 0;
    for (size_t k = 0; k < r->niv; ++k) ival += r->iv[k].t.offered;
    bad += check_eq(f, "intervals", ival, "sum of offered",
                    r->total.offered, "all contacts");
    for (size_t q = 0; q < s->nqueues; ++q) {
      unsigned long long o = 0, a = 0;
      for (size_t k = 0; k < r->niv; ++k) {
        o += r->qiv[k * s->nqueues + q].offered;
        a += r->qiv[k * s->nqueues + q].answered;
      }
      snprintf(lbl, sizeof lbl, "%s by interval", s->queues[q].id);
      bad += check_eq(f, lbl, o, "offered", r->queue[q].offered, "queue row");
      bad += check_eq(f, lbl, a, "answered", r->queue[q].answered,
                      "queue row");
    }
  }
  if (!r->have_lib) return bad;
  /* the library's lifetime metrics cover the whole run, warm-up included:
   * the warm-up-inclusive tallies must agree with them exactly.  (Its
   * overflowed/callbacks/rejected overlap -- an overflow to a callback is
   * both -- so the other outcomes are checked by the identities above.) */
  for (size_t i = 0; i <= s->nqueues; ++i) {
    const sim_tally *t = i < s->nqueues ? &r->all_queue[i] : &r->all_total;
    const acdr_metrics *lm = i < s->nqueues ? &r->lib_queue[i] : &r->lib_total;
    const char *id = i < s->nqueues ? s->queues[i].id : "all contacts";
    snprintf(lbl, sizeof lbl, "%s", id);
    /* the library counts an arrival at a closed queue apart
     * (after_hours, in the queue it arrived at), not in offered; a caller
     * sent on from one closed queue to another is an arrival of both here,
     * so per queue the identity is checked only without such chains */
    if (i == s->nqueues || (t->closed == 0 && lm->after_hours == 0) ||
        t->offered == lm->offered + lm->after_hours)
      bad += check_eq(f, lbl, t->offered, "offered",
                      lm->offered + lm->after_hours,
                      "library offered + after hours");
    else if (f)
      fprintf(f, "  %-14s offered %llu: library offered %llu + after hours "
                 "%llu (a closed-queue chain: checked in the total)\n",
              lbl, (unsigned long long)t->offered,
              (unsigned long long)lm->offered,
              (unsigned long long)lm->after_hours);
    bad += check_eq(f, lbl, t->answered, "answered", lm->answered,
                    "library answered");
    bad += check_eq(f, lbl, t->abandoned, "abandoned", lm->abandoned,
                    "library abandoned");
  }
  return bad;
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
