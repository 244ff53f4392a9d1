/* SPDX-License-Identifier: MIT */
/*
 * acdroute-sim plan: staffing per interval per queue by simulation.
 *
 *   acdroute-sim plan SCENARIO [--history CSV] [--replications R]
 *                    [--max-abandon F] [--verify R] [--svg FILE] [--json]
 *
 * 1. Load: the arrivals per interval per queue come from the scenario's
 *    curve, or from a CSV of history (HH:MM,queue,contacts; several days
 *    are averaged).
 * 2. Erlang A: acdr_erlang_a_staff() (plan_need() of staffing.c) per
 *    queue alone, with AHT = talk + wrap-up means; a chat queue's slots
 *    are divided by its agents' capacity.
 * 3. Simulation: the scenario's own engine (skills, overflow, chat
 *    capacity, repeat contacts) on the day's curve, from three hours
 *    before the interval (the warm-up, staffed as already planned), the
 *    contacts arriving in the interval measured, R replications
 *    pooled (the same seeds for every candidate: common random numbers).
 *    Staff is counted per team (agents serving the same queues): start
 *    from Erlang A shared out over the teams of each queue, add one agent
 *    to the most dedicated team of the queue that misses most until every
 *    queue meets its SL target and abandonment cap, then take agents away
 *    while every queue still does: the fewest found by this descent.
 * 4. Shifts: plan_shifts() (staffing.c) covers each team's requirement
 *    with 8-hour shifts (breaks included), and the whole day is simulated
 *    again with those shifts on other seeds (--verify).
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

#define PL_MAXQ 16
#define PL_MAXT 32
#define PL_MAXS 512 /* shifts per team */
#define PL_WARM_S (3 * 3600.0) /* most repeat delays are shorter */
#define PL_MAXEVAL 120

typedef struct pl_tally {
  uint64_t offered, answered, abandoned, short_abandoned, within_t,
      abandoned_in_t, overflowed, overflow_in, closed;
} pl_tally;

typedef struct plan_ctx {
  sim_scenario s;       /* changed for the interval runs */
  const char *src;
  int reps, verify;
  double seed, max_ab, target;
  int n;                /* intervals per day */
  double step;
  int nq, nt;
  double rate[SIM_MAX_CURVE][PL_MAXQ]; /* per second */
  int per_agent[PL_MAXQ];
  int team_size[PL_MAXT], team_nq[PL_MAXT], serves[PL_MAXT][PL_MAXQ];
  int *rank;            /* [nagents]: index of the agent in its team */
  int erl[SIM_MAX_CURVE][PL_MAXQ];
  int cnt[SIM_MAX_CURVE][PL_MAXT];
  int capped[SIM_MAX_CURVE];
  int qclosed[SIM_MAX_CURVE][PL_MAXQ]; /* the engine's hours: closed */
  pl_tally got[SIM_MAX_CURVE][PL_MAXQ];
  int sl_variant, excl_short;
  /* shifts */
  int nshift[PL_MAXT];
  double sh_start[PL_MAXT][PL_MAXS], sh_end[PL_MAXT][PL_MAXS];
  /* verification */
  pl_tally day[PL_MAXQ];
  int short_team;
} plan_ctx;

static void pl_add(pl_tally *a, const sim_tally *t) {
  a->offered += t->offered;
  a->answered += t->answered;
  a->abandoned += t->abandoned;
  a->short_abandoned += t->short_abandoned;
  a->within_t += t->within_t;
  a->abandoned_in_t += t->abandoned_in_t;
  a->overflowed += t->overflowed;
  a->overflow_in += t->overflow_in;
  a->closed += t->closed;
}

static sim_tally pl_tally_of(const pl_tally *a) {
  sim_tally t;
  memset(&t, 0, sizeof t);
  t.offered = a->offered;
  t.answered = a->answered;
  t.abandoned = a->abandoned;
  t.short_abandoned = a->short_abandoned;
  t.within_t = a->within_t;
  t.abandoned_in_t = a->abandoned_in_t;
  return t;
}

static double pl_sl(const plan_ctx *c, const pl_tally *a) {
  sim_tally t = pl_tally_of(a);
  return tally_sl_of(&t, c->sl_variant);
}

static double pl_ab(const plan_ctx *c, const pl_tally *a) {
  sim_tally t = pl_tally_of(a);
  return tally_abandon_of(&t, c->excl_short);
}

/* Met: no contacts, or SL >= target and abandonment <= the cap. */
static int pl_met(const plan_ctx *c, const pl_tally *a) {
  if (!a->offered) return 1;
  double sl = pl_sl(c, a), ab = pl_ab(c, a);
  return (isnan(sl) || sl >= c->target) && (isnan(ab) || ab <= c->max_ab);
}

static void hhmm(char *b, size_t n, double t) {
  long m = lround(t / 60.0);
  snprintf(b, n, "%02ld:%02ld", m / 60 % 24, m % 60);
}

/* ---- the load ---- */

static void load_from_scenario(plan_ctx *c) {
  for (int q = 0; q < c->nq; ++q) {
    const sim_queue_model *qm = &c->s.queues[q];
    for (int k = 0; k < c->n; ++k) {
      double a = k * c->step, b = a + c->step, sum = 0;
      if (qm->nrates == 0) {
        c->rate[k][q] = qm->rate_per_s;
        continue;
      }
      double w = 86400.0 / qm->nrates;
      for (int j = 0; j < qm->nrates; ++j) {
        double lo = j * w > a ? j * w : a, hi = (j + 1) * w < b ? (j + 1) * w : b;
        if (hi > lo) sum += qm->rates[j] * (hi - lo);
      }
      c->rate[k][q] = sum / c->step;
    }
  }
}

/* HH:MM,queue,contacts per line; lines not starting with a digit (a
 * header, blank lines) are skipped; the same interval and queue on
 * several lines (days) are averaged over the most repeated one. */
static int load_history(plan_ctx *c, const char *path) {
  FILE *f = fopen(path, "r");
  char line[256];
  int lineno = 0, days = 0;
  static int seen[SIM_MAX_CURVE][PL_MAXQ];
  if (!f) {
    fprintf(stderr, "acdroute-sim plan: cannot read %s\n", path);
    return -1;
  }
  memset(seen, 0, sizeof seen);
  memset(c->rate, 0, sizeof c->rate);
  while (fgets(line, sizeof line, f)) {
    int hh, mm, q = -1;
    char qn[64];
    double x;
    ++lineno;
    if (!isdigit((unsigned char)line[0])) continue;
    if (sscanf(line, "%d:%d,%63[^,],%lf", &hh, &mm, qn, &x) != 4 || hh < 0 ||
        hh > 23 || mm < 0 || mm > 59 || !(x >= 0 && x < 1e9)) {
      fprintf(stderr, "acdroute-sim plan: %s:%d: expected HH:MM,queue,"
                      "contacts\n", path, lineno);
      fclose(f);
      return -1;
    }
    for (int i = 0; i < c->nq; ++i)
      if (!strcmp(c->s.queues[i].id, qn)) q = i;
    double t = hh * 3600.0 + mm * 60.0;
    int k = (int)(t / c->step);
    if (q < 0 || fmod(t, c->step) != 0) {
      fprintf(stderr, q < 0 ? "acdroute-sim plan: %s:%d: no queue \"%s\" in "
                              "the scenario\n"
                            : "acdroute-sim plan: %s:%d: %s: the time is not "
                              "the start of an interval\n",
              path, lineno, qn);
      fclose(f);
      return -1;
    }
    c->rate[k][q] += x;
    if (++seen[k][q] > days) days = seen[k][q];
  }
  fclose(f);
  if (!days) {
    fprintf(stderr, "acdroute-sim plan: %s: no rows\n", path);
    return -1;
  }
  for (int k = 0; k < c->n; ++k)
    for (int q = 0; q < c->nq; ++q) c->rate[k][q] /= days * c->step;
  return 0;
}

/* ---- teams and the interval runs ---- */

static int setup_teams(plan_ctx *c) {
  sim_scenario *s = &c->s;
  c->nt = s->nteams;
  if (c->nt > PL_MAXT || c->nq > PL_MAXQ) {
    fprintf(stderr, "acdroute-sim plan: at most %d teams and %d queues\n",
            PL_MAXT, PL_MAXQ);
    return -1;
  }
  c->rank = calloc(s->nagents ? s->nagents : 1, sizeof *c->rank);
  if (!c->rank) return -1;
  for (size_t i = 0; i < s->nagents; ++i) {
    int t = s->agents[i].team;
    if (t < 0 || t >= c->nt) continue;
    c->rank[i] = c->team_size[t]++;
  }
  for (size_t k = 0; k < s->nmembers; ++k) {
    const sim_member_model *mm = &s->members[k];
    int t = s->agents[mm->agent].team;
    int32_t ch = s->queues[mm->queue].channel;
    if (t < 0 || t >= c->nt) continue;
    if (!c->serves[t][mm->queue]++ && c->rank[mm->agent] == 0)
      c->team_nq[t]++;
    if (ch >= 0 && ch < ACDR_CHANNEL_COUNT &&
        (int)s->agents[mm->agent].capacity[ch] > c->per_agent[mm->queue])
      c->per_agent[mm->queue] = (int)s->agents[mm->agent].capacity[ch];
  }
  for (int t = 0; t < c->nt; ++t)
    if (!c->team_nq[t]) c->team_nq[t] = 1;
  return 0;
}

/* Who works in intervals j0..k: the planned staff of the earlier
 * intervals, cnt[] in interval k (and on, to serve who still waits).
 * Agent r of team t works in interval j when r < its count; gaps become
 * breaks (the first SIM_MAX_BREAKS; later gaps are worked). */
static void staff_window(plan_ctx *c, int k, const int *cnt, int j0) {
  sim_scenario *s = &c->s;
  for (size_t i = 0; i < s->nagents; ++i) {
    sim_agent_model *a = &s->agents[i];
    int t = a->team, r = c->rank[i], first = -1, last = -1;
    a->nbreaks = 0;
    a->off = 1;
    if (t < 0 || t >= c->nt) continue;
    for (int j = j0; j <= k; ++j) {
      int on = r < (j == k ? cnt[t] : c->cnt[j][t]);
      if (!on) continue;
      if (first < 0) first = j;
      else if (j > last + 1 && a->nbreaks < SIM_MAX_BREAKS) {
        sim_break *b = &a->breaks[a->nbreaks++];
        b->start_s = (last + 1) * c->step;
        b->len_s = (j - last - 1) * c->step;
        str_copy(b->reason, sizeof b->reason, "off");
      }
      last = j;
    }
    if (first < 0) continue;
    a->off = 0;
    a->shift_start_s = first * c->step;
    /* on in interval k: stays (an end before the start = no logout) */
    a->shift_end_s = last == k ? 0 : (last + 1) * c->step;
  }
}

/* Interval k with cnt[t] agents per team: the pooled tallies of the
 * contacts arriving in it, R replications. */
static int evaluate(plan_ctx *c, int k, const int *cnt, pl_tally *out) {
  sim_scenario *s = &c->s;
  sim_options o;
  memset(&o, 0, sizeof o);
  o.quiet = 1;
  memset(out, 0, sizeof(*out) * PL_MAXQ);
  s->start_s = k * c->step > PL_WARM_S ? k * c->step - PL_WARM_S : 0;
  staff_window(c, k, cnt, (int)floor(s->start_s / c->step));
  /* the day's own curve: the warm-up brings the repeat contacts of the
   * earlier traffic into the interval, as on the day */
  for (int q = 0; q < c->nq; ++q) {
    s->queues[q].nrates = c->n;
    for (int j = 0; j < c->n; ++j) s->queues[q].rates[j] = c->rate[j][q];
  }
  s->warmup_s = k * c->step;
  s->end_s = (k + 1) * c->step;
  for (int r = 0; r < c->reps; ++r) {
    sim_result res;
    s->seed = (uint64_t)(c->seed + r);
    int rv = sim_run(s, &o, &res);
    if (rv == 0) {
      c->sl_variant = res.sl_variant;
      c->excl_short = res.lib_excl_short;
      for (int q = 0; q < c->nq; ++q) pl_add(&out[q], &res.queue[q]);
    }
    result_free(&res);
    if (rv != 0) {
      fprintf(stderr, "acdroute-sim plan: the simulation failed\n");
      return -1;
    }
  }
  return 0;
}

static int all_met(const plan_ctx *c, const pl_tally *g) {
  for (int q = 0; q < c->nq; ++q)
    if (!pl_met(c, &g[q])) return 0;
  return 1;
}

/* How far queue q misses: SL shortfall plus abandonment excess. */
static double miss_of(const plan_ctx *c, const pl_tally *a) {
  double sl = pl_sl(c, a), ab = pl_ab(c, a), m = 0;
  if (!a->offered) return 0;
  if (!isnan(sl) && sl < c->target) m += c->target - sl;
  if (!isnan(ab) && ab > c->max_ab) m += ab - c->max_ab;
  return m;
}

static int plan_interval(plan_ctx *c, int k) {
  const sim_scenario *s = &c->s;
  int *cnt = c->cnt[k], evals = 0;
  pl_tally g[PL_MAXQ];
  /* a second pass when the first run finds a queue closed at this hour
   * (its contacts all turned away by the engine's hours) */
  for (int pass = 0; pass < 2; ++pass) {
    double share[PL_MAXT];
    int any = 0, newly = 0;
    memset(share, 0, sizeof share);
    for (int q = 0; q < c->nq; ++q) {
      const sim_queue_model *qm = &s->queues[q];
      sim_plan_load l;
      int members = 0;
      c->erl[k][q] = 0;
      if (c->rate[k][q] <= 0 || c->qclosed[k][q]) continue;
      any = 1;
      l.rate_per_s = &c->rate[k][q];
      l.aht_s = qm->handle.mean + qm->wrapup.mean;
      l.patience_s = qm->patience.mean;
      l.threshold_s = (double)qm->sl_threshold_ms / 1000.0;
      l.target_sl = c->target;
      l.max_abandon = c->max_ab;
      l.per_agent = c->per_agent[q];
      if (plan_need(&c->erl[k][q], 1, &l) != 0) c->erl[k][q] = 0;
      /* Erlang's agents shared over the queue's teams by their size */
      for (int t = 0; t < c->nt; ++t)
        if (c->serves[t][q]) members += c->team_size[t];
      for (int t = 0; t < c->nt; ++t)
        if (c->serves[t][q] && members)
          share[t] += c->erl[k][q] * (double)c->team_size[t] / members;
    }
    for (int t = 0; t < c->nt; ++t) {
      cnt[t] = any ? (int)ceil(share[t] - 1e-9) : 0;
      if (cnt[t] > c->team_size[t]) cnt[t] = c->team_size[t];
    }
    if (!any) {
      memset(c->got[k], 0, sizeof c->got[k]);
      return 0;
    }
    if (evaluate(c, k, cnt, g) != 0) return -1;
    for (int q = 0; q < c->nq; ++q)
      if (c->rate[k][q] > 0 && g[q].closed && g[q].closed == g[q].offered)
        newly = c->qclosed[k][q] = 1;
    if (!newly) break;
  }
  /* up: one agent to the most dedicated team of the queue missing most */
  while (!all_met(c, g) && evals < PL_MAXEVAL) {
    int worst = -1, best = -1;
    double wm = 0;
    for (int q = 0; q < c->nq; ++q)
      if (miss_of(c, &g[q]) > wm) {
        wm = miss_of(c, &g[q]);
        worst = q;
      }
    for (int t = 0; worst >= 0 && t < c->nt; ++t)
      if (c->serves[t][worst] && cnt[t] < c->team_size[t] &&
          (best < 0 || c->team_nq[t] < c->team_nq[best] ||
           (c->team_nq[t] == c->team_nq[best] &&
            c->team_size[t] - cnt[t] > c->team_size[best] - cnt[best])))
        best = t;
    if (best < 0) {
      c->capped[k] = 1; /* the scenario has no more agents for it */
      break;
    }
    cnt[best]++;
    evals++;
    if (evaluate(c, k, cnt, g) != 0) return -1;
  }
  /* down: take agents away while every queue still meets its targets */
  for (int changed = 1; changed && !c->capped[k] && evals < PL_MAXEVAL;) {
    changed = 0;
    for (int t = 0; t < c->nt && evals < PL_MAXEVAL; ++t) {
      pl_tally h[PL_MAXQ];
      if (cnt[t] == 0) continue;
      cnt[t]--;
      evals++;
      if (evaluate(c, k, cnt, h) != 0) return -1;
      if (all_met(c, h)) {
        memcpy(g, h, sizeof g);
        changed = 1;
      } else {
        cnt[t]++;
      }
    }
  }
  memcpy(c->got[k], g, sizeof g);
  return 0;
}

/* Agents attributed to queue q in interval k: a team's agents split
 * evenly over the queues they serve. */
static double sim_agents(const plan_ctx *c, int k, int q) {
  double x = 0;
  for (int t = 0; t < c->nt; ++t)
    if (c->serves[t][q]) x += (double)c->cnt[k][t] / c->team_nq[t];
  return x;
}

/* Why simulation and Erlang A differ for queue q: what the simulation
 * has and the formula does not; the model's details only when nothing
 * structural applies. */
static void reasons(const plan_ctx *c, int k, int q, char *b, size_t n) {
  const sim_queue_model *qm = &c->s.queues[q];
  int multi = 0, ring = 0;
  size_t used = 0;
  b[0] = 0;
  for (int t = 0; t < c->nt; ++t)
    if (c->serves[t][q] && c->team_nq[t] > 1) multi = 1;
  for (size_t i = 0; i < c->s.nagents; ++i)
    if (c->s.agents[i].answer_delay_hi > 0) ring = 1;
#define WHY(cond, text)                                                     \
  if ((cond) && used < n)                                                   \
    used += (size_t)snprintf(b + used, n - used, "%s" text, used ? ", " : "")
  WHY(c->capped[k], "scenario short of agents");
  WHY(multi, "multi-skill (pooled teams)");
  WHY(c->per_agent[q] > 1, "chat capacity");
  WHY(c->got[k][q].overflowed || c->got[k][q].overflow_in, "overflow");
  if (!used) {
    WHY(qm->repeat_share > 0 || qm->retry_abandoned_share > 0,
        "repeat contacts");
    WHY(qm->handle.kind != DIST_EXP || qm->patience.kind != DIST_EXP,
        "non-exponential times");
    WHY(ring, "ringing");
  }
  WHY(!used, "sampling error (replications)");
#undef WHY
}

/* ---- shifts and the re-simulated day ---- */

/* Agents of team t at work in [a, b), on average: the shifts' time at
 * work there (breaks out, as plan_shifts() counts it) over b - a. */
static double on_shift(const plan_ctx *c, int t, double a, double b) {
  double x = 0;
  for (int i = 0; i < c->nshift[t]; ++i) {
    sim_break br[SIM_MAX_BREAKS];
    int nbr = plan_breaks(br, c->sh_start[t][i], c->sh_end[t][i], i);
    x += plan_at_work(a, b, c->sh_start[t][i], c->sh_end[t][i], br, nbr);
  }
  return x / (b - a);
}

static int make_shifts(plan_ctx *c) {
  static const double lens[1] = {8 * 3600.0};
  double last_out = c->step;
  /* nobody stays after the last interval that needs staff */
  for (int k = 0; k < c->n; ++k)
    for (int t = 0; t < c->nt; ++t)
      if (c->cnt[k][t] > 0) last_out = (k + 1) * c->step;
  for (int t = 0; t < c->nt; ++t) {
    int32_t need[SIM_MAX_CURVE];
    for (int k = 0; k < c->n; ++k) need[k] = c->cnt[k][t];
    c->nshift[t] = plan_shifts(c->sh_start[t], c->sh_end[t], PL_MAXS, need,
                               c->n, c->step, lens, 1, last_out);
    if (c->nshift[t] < 0) {
      fprintf(stderr, "acdroute-sim plan: more than %d shifts\n", PL_MAXS);
      return -1;
    }
    /* plan_shifts() leaves up to one agent short where the cover is
     * fractional (breaks, the early start): here the plan must cover
     * every interval, so add shifts where it does not */
    for (int k = 0; k < c->n; ++k)
      while (on_shift(c, t, k * c->step, (k + 1) * c->step) <
             need[k] - 1e-9) {
        double st = k * c->step - 900.0;
        if (c->nshift[t] == PL_MAXS) return -1;
        c->sh_start[t][c->nshift[t]] = st;
        c->sh_end[t][c->nshift[t]++] =
            st + lens[0] < last_out ? st + lens[0] : last_out;
      }
  }
  return 0;
}

static int verify_day(plan_ctx *c, sim_scenario *p) {
  sim_options o;
  memset(&o, 0, sizeof o);
  o.quiet = 1;
  memset(c->day, 0, sizeof c->day);
  for (size_t i = 0; i < p->nagents; ++i) {
    int t = p->agents[i].team, j = c->rank[i];
    sim_agent_model *a = &p->agents[i];
    a->off = t < 0 || t >= c->nt || j >= c->nshift[t];
    if (a->off) continue;
    a->shift_start_s = c->sh_start[t][j];
    a->shift_end_s = c->sh_end[t][j];
    a->nbreaks = plan_breaks(a->breaks, a->shift_start_s, a->shift_end_s, j);
  }
  for (int t = 0; t < c->nt; ++t)
    if (c->nshift[t] > c->team_size[t]) c->short_team = 1;
  for (int q = 0; q < c->nq; ++q) {
    p->queues[q].nrates = c->n;
    for (int k = 0; k < c->n; ++k) p->queues[q].rates[k] = c->rate[k][q];
  }
  for (int r = 0; r < c->verify; ++r) {
    sim_result res;
    p->seed = (uint64_t)(c->seed + 1000 + r);
    int rv = sim_run(p, &o, &res);
    if (rv == 0)
      for (int q = 0; q < c->nq; ++q) pl_add(&c->day[q], &res.queue[q]);
    result_free(&res);
    if (rv != 0) return -1;
  }
  return 0;
}

/* ---- output ---- */

static void team_name(const plan_ctx *c, int t, char *b, size_t n) {
  scenario_team_name(&c->s, t, b, n);
}

static int shown(const plan_ctx *c, int k) {
  for (int q = 0; q < c->nq; ++q)
    if (c->rate[k][q] > 0 && !c->qclosed[k][q]) return 1;
  return 0;
}

static void print_text(const plan_ctx *c) {
  char tb[16], nm[96];
  printf("Staffing plan: %s\nSL target %.0f%% (the library's sl_variant), "
         "abandonment cap %.1f%%; every check pools %d replications (seeds "
         "%.0f..%.0f).\nIntervals with no traffic or closed by the engine's hours "
         "are left out.\nErlang A: each queue alone (acdr_erlang_a_staff, "
         "AHT = talk + wrap-up, chat slots / capacity).\nsimulated: the "
         "fewest agents per team meeting every queue's targets with the "
         "scenario's routing;\na team's agents are split evenly over its "
         "queues.  * = differs from Erlang A by 1 or more.\n\n",
         c->s.name, c->target * 100, c->max_ab * 100, c->reps, c->seed,
         c->seed + c->reps - 1);
  printf("%-8s %-10s %9s %8s %9s %7s %7s  %s\n", "interval", "queue",
         "offered/h", "Erlang A", "simulated", "SL", "aband", "why");
  for (int k = 0; k < c->n; ++k) {
    if (!shown(c, k)) continue;
    hhmm(tb, sizeof tb, k * c->step);
    for (int q = 0; q < c->nq; ++q) {
      char why[128] = "";
      double sa = sim_agents(c, k, q), sl = pl_sl(c, &c->got[k][q]),
             ab = pl_ab(c, &c->got[k][q]);
      int differs = fabs(sa - c->erl[k][q]) >= 1;
      if (c->rate[k][q] <= 0 || c->qclosed[k][q]) continue;
      if (differs || c->capped[k]) reasons(c, k, q, why, sizeof why);
      printf("%-8s %-10s %9.1f %8d %8.1f%s", tb, c->s.queues[q].id,
             c->rate[k][q] * 3600, c->erl[k][q], sa, differs ? "*" : " ");
      if (isnan(sl)) printf(" %7s", "");
      else printf(" %6.1f%%", sl * 100);
      if (isnan(ab)) printf(" %7s", "");
      else printf(" %6.1f%%", ab * 100);
      printf("  %s%s\n", why, pl_met(c, &c->got[k][q]) ? "" : " MISSED");
    }
  }
  printf("\nAGENTS PER TEAM\n%-8s", "interval");
  for (int t = 0; t < c->nt; ++t) {
    team_name(c, t, nm, sizeof nm);
    printf(" %20.20s", nm);
  }
  printf(" %7s %9s\n", "total", "at work");
  for (int k = 0; k < c->n; ++k) {
    int tot = 0;
    double on = 0;
    if (!shown(c, k)) continue;
    hhmm(tb, sizeof tb, k * c->step);
    printf("%-8s", tb);
    for (int t = 0; t < c->nt; ++t) {
      printf(" %20d", c->cnt[k][t]);
      tot += c->cnt[k][t];
      on += on_shift(c, t, k * c->step, (k + 1) * c->step);
    }
    printf(" %7d %9.1f%s\n", tot, on, on < tot - 1e-6 ? " SHORT" : "");
  }
  printf("\nSHIFTS (8 h, from 15 min before an interval; breaks as the "
         "built-in day: the cover counts agents on a break out)\n");
  for (int t = 0; t < c->nt; ++t) {
    team_name(c, t, nm, sizeof nm);
    printf("  %-16s %3d shifts (%d agents in the scenario%s):", nm,
           c->nshift[t], c->team_size[t],
           c->nshift[t] > c->team_size[t] ? ", SHORT" : "");
    /* each distinct shift once, by start time, with how many */
    double prev = -1e300;
    for (;;) {
      int best = -1, x = 0;
      char a[16], b[16];
      for (int i = 0; i < c->nshift[t]; ++i)
        if (c->sh_start[t][i] > prev &&
            (best < 0 || c->sh_start[t][i] < c->sh_start[t][best]))
          best = i;
      if (best < 0) break;
      prev = c->sh_start[t][best];
      for (int i = 0; i < c->nshift[t]; ++i)
        if (c->sh_start[t][i] == prev) x++;
      hhmm(a, sizeof a, prev);
      hhmm(b, sizeof b, c->sh_end[t][best]);
      printf(" %s-%s x%d", a, b, x);
    }
    printf("\n");
  }
  if (c->verify) {
    printf("\nRE-SIMULATED DAY with these shifts (%d replications, seeds "
           "%.0f..%.0f)%s\n%-10s %8s %7s %7s  %s\n", c->verify,
           c->seed + 1000, c->seed + 1000 + c->verify - 1,
           c->short_team ? "; the teams marked SHORT have fewer agents "
                           "than shifts: their last shifts stay empty"
                         : "",
           "queue", "offered", "SL", "aband", "targets");
    for (int q = 0; q < c->nq; ++q) {
      double sl = pl_sl(c, &c->day[q]), ab = pl_ab(c, &c->day[q]);
      printf("%-10s %8llu %6.1f%% %6.1f%%  %s\n", c->s.queues[q].id,
             (unsigned long long)c->day[q].offered,
             isnan(sl) ? 0 : sl * 100, isnan(ab) ? 0 : ab * 100,
             pl_met(c, &c->day[q]) ? "met" : "MISSED");
    }
  }
}

static void jnum(double v, const char *after) {
  if (isfinite(v)) printf("%.6g%s", v, after);
  else printf("null%s", after);
}

static void print_json(const plan_ctx *c) {
  char tb[16], nm[96], why[128];
  int first = 1;
  printf("{\"scenario\": ");
  json_str(stdout, c->s.name);
  printf(", \"sl_target\": %g, \"max_abandon\": %g, \"replications\": %d, "
         "\"intervals\": [", c->target, c->max_ab, c->reps);
  for (int k = 0; k < c->n; ++k)
    for (int q = 0; q < c->nq; ++q) {
      if (c->rate[k][q] <= 0 || c->qclosed[k][q]) continue;
      hhmm(tb, sizeof tb, k * c->step);
      printf("%s{\"start\": \"%s\", \"queue\": ", first ? "" : ", ", tb);
      json_str(stdout, c->s.queues[q].id);
      printf(", \"offered_per_h\": ");
      first = 0;
      jnum(c->rate[k][q] * 3600, ", \"erlang_a\": ");
      printf("%d, \"simulated\": ", c->erl[k][q]);
      jnum(sim_agents(c, k, q), ", \"sl\": ");
      jnum(pl_sl(c, &c->got[k][q]), ", \"abandon\": ");
      jnum(pl_ab(c, &c->got[k][q]), ", \"met\": ");
      why[0] = 0;
      if (fabs(sim_agents(c, k, q) - c->erl[k][q]) >= 1 || c->capped[k])
        reasons(c, k, q, why, sizeof why);
      printf("%s, \"why\": \"%s\"}",
             pl_met(c, &c->got[k][q]) ? "true" : "false", why);
    }
  printf("], \"teams\": [");
  for (int t = 0; t < c->nt; ++t) {
    team_name(c, t, nm, sizeof nm);
    printf("%s{\"team\": ", t ? ", " : "");
    json_str(stdout, nm);
    printf(", \"agents\": %d, \"per_interval\": [", c->team_size[t]);
    for (int k = 0; k < c->n; ++k) printf("%s%d", k ? ", " : "", c->cnt[k][t]);
    printf("], \"at_work\": [");
    for (int k = 0; k < c->n; ++k)
      printf("%s%.4g", k ? ", " : "",
             on_shift(c, t, k * c->step, (k + 1) * c->step));
    printf("], \"shifts\": [");
    for (int i = 0; i < c->nshift[t]; ++i) {
      char a[16], b[16];
      hhmm(a, sizeof a, c->sh_start[t][i]);
      hhmm(b, sizeof b, c->sh_end[t][i]);
      printf("%s[\"%s\", \"%s\"]", i ? ", " : "", a, b);
    }
    printf("]}");
  }
  printf("], \"verify_short_of_agents\": %s, \"verify\": [",
         c->short_team ? "true" : "false");
  for (int q = 0; c->verify && q < c->nq; ++q) {
    printf("%s{\"queue\": ", q ? ", " : "");
    json_str(stdout, c->s.queues[q].id);
    printf(", \"offered\": %llu, \"sl\": ",
           (unsigned long long)c->day[q].offered);
    jnum(pl_sl(c, &c->day[q]), ", \"abandon\": ");
    jnum(pl_ab(c, &c->day[q]), ", \"met\": ");
    printf("%s}", pl_met(c, &c->day[q]) ? "true" : "false");
  }
  printf("]}\n");
}

/* Required (simulation) and Erlang A agents per interval, and the agents
 * on shift: the chart of the plan. */
static int write_svg(const plan_ctx *c, const char *path) {
  const double W = 800, H = 380, L = 60, R = 210, T = 40, B = 50;
  FILE *f = fopen(path, "w");
  int k0 = -1, k1 = -1;
  double ymax = 1;
  if (!f) return -1;
  for (int k = 0; k < c->n; ++k) {
    int tot = 0, erl = 0;
    double on = 0;
    if (!shown(c, k)) continue;
    if (k0 < 0) k0 = k;
    k1 = k;
    for (int t = 0; t < c->nt; ++t) {
      tot += c->cnt[k][t];
      on += on_shift(c, t, k * c->step, (k + 1) * c->step);
    }
    for (int q = 0; q < c->nq; ++q) erl += c->erl[k][q];
    if (tot > ymax) ymax = tot;
    if (erl > ymax) ymax = erl;
    if (on > ymax) ymax = on;
  }
  if (k0 < 0) k0 = k1 = 0;
  double ystep = ymax > 50 ? 20 : ymax > 20 ? 10 : ymax > 8 ? 5 : 1;
  ymax = ceil(ymax / ystep) * ystep;
  double pw = W - L - R, ph = H - T - B, bw = pw / (k1 - k0 + 1);
#define X(k) (L + ((k) - k0) * bw)
#define Y(v) (T + ph - (v) / ymax * ph)
  fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
             "height=\"%.0f\" font-family=\"sans-serif\" font-size=\"12\">\n"
             "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
             "<text x=\"%.0f\" y=\"22\" font-size=\"15\">Staffing plan: "
             "agents per interval</text>\n", W, H, L);
  for (double v = 0; v <= ymax + 1e-9; v += ystep)
    fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
               "stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%.1f\" "
               "text-anchor=\"end\">%.0f</text>\n",
            L, L + pw, Y(v), Y(v), L - 6, Y(v) + 4, v);
  fprintf(f, "<text x=\"14\" y=\"%.1f\" transform=\"rotate(-90 14 %.1f)\" "
             "text-anchor=\"middle\">agents</text>\n",
          T + ph / 2, T + ph / 2);
  for (int k = k0; k <= k1 + 1; ++k) {
    double t = k * c->step;
    char tb[16];
    if (fmod(t, 7200.0) != 0) continue;
    hhmm(tb, sizeof tb, t);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s"
               "</text>\n", X(k), T + ph + 18, tb);
  }
  fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">local "
             "time</text>\n", L + pw / 2, H - 10);
  for (int k = k0; k <= k1; ++k) {
    int tot = 0;
    for (int t = 0; t < c->nt; ++t) tot += c->cnt[k][t];
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
               "fill=\"#9ecae1\"/>\n",
            X(k) + 1, Y(tot), bw - 2, Y(0) - Y(tot));
  }
  /* Erlang A (sum of the queues alone) and the agents on shift: steps */
  for (int line = 0; line < 2; ++line) {
    fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
               "%spoints=\"", line ? "#2ca02c" : "#d62728",
            line ? "stroke-dasharray=\"5 3\" " : "");
    for (int k = k0; k <= k1; ++k) {
      double v = 0;
      for (int i = 0; i < (line ? c->nt : c->nq); ++i)
        v += line ? on_shift(c, i, k * c->step, (k + 1) * c->step)
                  : c->erl[k][i];
      fprintf(f, "%.1f,%.1f %.1f,%.1f ", X(k), Y(v), X(k) + bw, Y(v));
    }
    fprintf(f, "\"/>\n");
  }
  const char *lab[3] = {"required (simulation)", "Erlang A (queues alone)",
                        "at work (shift plan)"};
  const char *col[3] = {"#9ecae1", "#d62728", "#2ca02c"};
  for (int i = 0; i < 3; ++i)
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"10\" "
               "fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
            L + pw + 10, T + 10 + i * 20.0, col[i], L + pw + 28,
            T + 19 + i * 20.0, lab[i]);
  fprintf(f, "</svg>\n");
#undef X
#undef Y
  return fclose(f) == 0 ? 0 : -1;
}

/* ---- command line ---- */

static int pl_usage(void) {
  fputs("usage: acdroute-sim plan SCENARIO [--history CSV] [options]\n"
        "SCENARIO: a scenario file, \"default\" (the built-in day) or\n"
        "\"mmn\" (one queue of identical agents, exponential times; set it\n"
        "with --aht, --patience, --threshold; its curve from --history).\n"
        "options: --replications R (per check, default 10), --seed N,\n"
        "  --max-abandon F (cap, default 0.05), --verify R (replications\n"
        "  of the re-simulated day, default 3, 0 = none), --interval MIN,\n"
        "  --svg FILE, --json, --aht S, --patience S, --threshold S\n",
        stderr);
  return 2;
}

static int build(plan_ctx *c, sim_scenario *s, const sim_overrides *ov,
                 double interval_min) {
  if (!strcmp(c->src, "mmn")) {
    if (scenario_mmn(s, 400, 100, ov->aht > 0 ? ov->aht : 180,
                     ov->patience >= 0 ? ov->patience : 120,
                     ov->threshold >= 0 ? ov->threshold : 20) != 0)
      return -1;
    s->mmn = 0; /* a normal run of the day: no batches, no contact cap */
    s->max_contacts = 0;
    s->warmup_s = 0;
    s->start_s = 0;
    s->end_s = 86400;
    s->interval_s = 1800;
    scenario_teams(s);
  } else if (scenario_from(s, c->src, ov) != 0) {
    return -1;
  }
  if (interval_min > 0) s->interval_s = interval_min * 60;
  return 0;
}

int plan_main(int argc, char **argv) {
  sim_overrides ov = {NULL, -1, -1, -1, -1, -1, -1, -1, -1, -1};
  const char *hist = NULL, *svg = NULL;
  double interval_min = 0;
  int json = 0, rc = 1;
  plan_ctx *c = calloc(1, sizeof *c);
  sim_scenario p;
  if (!c) return 1;
  c->reps = 10;
  c->verify = 3;
  c->seed = 1;
  c->max_ab = 0.05;
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    char *end = NULL;
    double x = 0;
    if (!strcmp(a, "--json")) {
      json = 1;
      continue;
    }
    if (a[0] != '-') {
      if (c->src) {
        free(c);
        return pl_usage();
      }
      c->src = a;
      continue;
    }
    if (!v) {
      fprintf(stderr, "acdroute-sim plan: %s needs a value\n", a);
      free(c);
      return 2;
    }
    if (strcmp(a, "--history") && strcmp(a, "--svg")) x = strtod(v, &end);
    if (!strcmp(a, "--history")) hist = v;
    else if (!strcmp(a, "--svg")) svg = v;
    else if (*end || end == v) x = -1e300; /* not a number: refused below */
    int ok = 1;
    if (!strcmp(a, "--replications")) ok = x >= 1 && x <= 1000, c->reps = (int)x;
    else if (!strcmp(a, "--verify")) ok = x >= 0 && x <= 1000, c->verify = (int)x;
    else if (!strcmp(a, "--seed")) ok = x >= 0 && x <= 1e15, c->seed = floor(x);
    else if (!strcmp(a, "--max-abandon")) ok = x > 0 && x <= 1, c->max_ab = x;
    else if (!strcmp(a, "--interval"))
      ok = x >= 5 && x <= 1440 && fmod(1440, x) == 0, interval_min = x;
    else if (!strcmp(a, "--aht")) ok = x > 0 && x <= 86400, ov.aht = x;
    else if (!strcmp(a, "--patience")) ok = x >= 0 && x <= 86400, ov.patience = x;
    else if (!strcmp(a, "--threshold")) ok = x >= 0 && x <= 86400, ov.threshold = x;
    else if (strcmp(a, "--history") && strcmp(a, "--svg")) {
      fprintf(stderr, "acdroute-sim plan: unknown option %s\n", a);
      free(c);
      return pl_usage();
    }
    if (!ok) {
      fprintf(stderr, "acdroute-sim plan: %s: \"%s\" is out of range\n", a, v);
      free(c);
      return 2;
    }
    ++i;
  }
  if (!c->src) {
    free(c);
    return pl_usage();
  }
  if (build(c, &c->s, &ov, interval_min) != 0) {
    free(c);
    return 2;
  }
  if (build(c, &p, &ov, interval_min) != 0) {
    scenario_free(&c->s);
    free(c);
    return 2;
  }
  c->step = c->s.interval_s;
  c->n = (int)lround(86400.0 / c->step);
  c->nq = (int)c->s.nqueues;
  c->target = c->s.sl_target;
  if (c->n < 1 || c->n > SIM_MAX_CURVE || fmod(86400.0, c->step) != 0) {
    fprintf(stderr, "acdroute-sim plan: the interval must divide the day "
                    "into at most %d parts\n", SIM_MAX_CURVE);
    rc = 2;
    goto out;
  }
  if (setup_teams(c) != 0) goto out;
  if (hist ? load_history(c, hist) != 0 : (load_from_scenario(c), 0)) {
    rc = 2;
    goto out;
  }
  /* one day per run; staff_window() sets each agent's hours */
  c->s.days = 1;
  c->s.max_contacts = 0;
  for (int k = 0; k < c->n; ++k)
    if (plan_interval(c, k) != 0) goto out;
  if (make_shifts(c) != 0) goto out;
  if (c->verify && verify_day(c, &p) != 0) {
    fprintf(stderr, "acdroute-sim plan: the re-simulated day failed\n");
    goto out;
  }
  if (json) print_json(c);
  else print_text(c);
  rc = 0;
  if (svg && write_svg(c, svg) != 0) {
    fprintf(stderr, "acdroute-sim plan: cannot write %s\n", svg);
    rc = 1;
  }
out:
  free(c->rank);
  scenario_free(&p);
  scenario_free(&c->s);
  free(c);
  return rc;
}
