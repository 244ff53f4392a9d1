/* SPDX-License-Identifier: MIT */
/*
 * acdroute-sim: the text report (what a contact-center manager reads).
 *
 * Definitions used throughout (also in docs/simulator.md):
 *   service level  answered within T / offered (abandons count against)
 *   ASA            mean wait of answered contacts
 *   abandonment    abandoned / offered
 *   AHT            (talk + wrap-up) / handled
 *   occupancy      time on contacts / (time on contacts + available idle)
 *   resolution     contacts with a "resolved" disposition / offered
 *   FCR            first contacts resolved with no repeat contact the
 *                  same day / first contacts handled
 */
#include <math.h>
#include <string.h>

#include "sim.h"

static void hhmm(char *buf, size_t n, double s) {
  int m = (int)floor(s / 60.0 + 0.5);
  snprintf(buf, n, "%02d:%02d", m / 60 % 100, m % 60);
}

static double pct(double x) { return 100.0 * x; }

/* A percentage, or blank when there is nothing to take it of. */
static void put_pct(FILE *f, int width, double x) {
  if (isnan(x))
    fprintf(f, "%*s", width + 1, "-");
  else
    fprintf(f, "%*.1f%%", width, 100.0 * x);
}

/* One queue row (or the total): every figure from the simulator's one
 * tally (sim.h), the service level by the library's sl_variant. */
static void queue_row(FILE *f, const char *lbl, const sim_tally *t,
                      const sim_result *r, double target) {
  unsigned long long oth = t->rejected + t->timed_out + t->callbacks +
                           t->transferred + t->other;
  double sl = tally_sl_of(t, r->sl_variant);
  fprintf(f, "  %-16s %7llu %6llu %6llu %6llu %6llu %6llu %6llu %6llu ", lbl,
          (unsigned long long)t->offered, (unsigned long long)t->overflow_in,
          (unsigned long long)t->answered, (unsigned long long)t->abandoned,
          (unsigned long long)t->overflowed, oth,
          (unsigned long long)t->closed, (unsigned long long)t->unfinished);
  put_pct(f, 5, sl);
  fprintf(f, " %6.1fs ", tally_asa(t));
  put_pct(f, 5, tally_abandon_of(t, r->lib_excl_short));
  fprintf(f, " %5.0fs ", tally_aht(t));
  put_pct(f, 5, t->offered > t->closed
                    ? (double)t->resolved / (double)(t->offered - t->closed)
                    : NAN);
  fputc(' ', f);
  put_pct(f, 5, t->first_contacts ? tally_ratio(t->fcr, t->first_contacts)
                                  : NAN);
  fprintf(f, " %6.0fs", t->max_wait_s);
  if (target > 0 && !isnan(sl) && sl < target) fputs("  MISSED", f);
  fputc('\n', f);
}

/* busy / (busy + idle): time with at least one contact. */
static double agent_occupancy(const sim_agent_stats *g) {
  return g->busy_s + g->idle_s > 0 ? g->busy_s / (g->busy_s + g->idle_s)
                                   : NAN;
}

/* Contacts agent i can hold at once on its queues' channels (>= 1). */
static double agent_slots(const sim_scenario *s, size_t i) {
  uint32_t most = 1;
  for (size_t k = 0; k < s->nmembers; ++k) {
    const sim_member_model *mm = &s->members[k];
    if (mm->agent != i) continue;
    int32_t ch = s->queues[mm->queue].channel;
    if (ch >= 0 && ch < ACDR_CHANNEL_COUNT &&
        s->agents[i].capacity[ch] > most)
      most = s->agents[i].capacity[ch];
  }
  return most;
}

/* Time on contacts (talk + wrap-up of the contacts it handled) over its
 * slots' available time; ratio 0: the contact time itself. */
static double slot_occupancy(const sim_scenario *s, const sim_agent_stats *g,
                             size_t i, int ratio) {
  double on = g->t.talk_sum_s + g->t.wrap_sum_s;
  double cap = (g->busy_s + g->idle_s) * agent_slots(s, i);
  if (!ratio) return on;
  return cap > 0 ? on / cap : NAN;
}

static void report_mmn(FILE *f, const sim_scenario *s, const sim_result *r) {
  const sim_queue_model *q = &s->queues[0];
  const sim_tally *t = &r->total;
  fprintf(f, "%s: N = %zu agents, %.1f arrivals/hour, AHT %.1f s, ", s->name,
          s->nagents, q->rate_per_s * 3600.0, q->handle.mean);
  if (q->patience.mean > 0)
    fprintf(f, "mean patience %.1f s, ", q->patience.mean);
  fprintf(f, "T = %.1f s\n", (double)q->sl_threshold_ms / 1000.0);
  fprintf(f, "offered load A = %.3f Erlang; %llu contacts measured after a "
             "%.0f s warm-up; seed %llu\n\n",
          q->rate_per_s * q->handle.mean, (unsigned long long)t->offered,
          s->warmup_s, (unsigned long long)s->seed);
  fprintf(f, "  %-14s %12s %22s %12s\n", "figure", "simulated",
          "95% CI (batch means)", r->erlang_rv == 0 ? "Erlang" : "Erlang(!)");
  struct {
    const char *name;
    sim_ci ci;
    double erl;
  } rows[] = {
      {"service level", r->ci_sl, r->erlang.service_level},
      {"P(wait)", r->ci_pwait, r->erlang.p_wait},
      {"ASA (s)", r->ci_asa, r->erlang.asa_s},
      {"abandon rate", r->ci_abandon, r->erlang.p_abandon},
      {"occupancy", r->ci_occ, r->erlang.occupancy},
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; ++i) {
    int in = rows[i].erl >= rows[i].ci.low - 1e-12 &&
             rows[i].erl <= rows[i].ci.high + 1e-12;
    fprintf(f, "  %-14s %12.5f   [%9.5f, %9.5f] %12.5f %s\n", rows[i].name,
            rows[i].ci.mean, rows[i].ci.low, rows[i].ci.high, rows[i].erl,
            in ? "ok" : "OUTSIDE");
  }
  fprintf(f, "\n  answered %llu, abandoned %llu\n",
          (unsigned long long)t->answered, (unsigned long long)t->abandoned);
}

void report_text(FILE *f, const sim_scenario *s, const sim_result *r) {
  char a[24], b[8];
  fprintf(f, "acdroute-sim %s\n", acdr_version());
  if (s->mmn) {
    report_mmn(f, s, r);
  } else {
    const sim_tally *t = &r->total;
    hhmm(a, sizeof a, s->open_s);
    hhmm(b, sizeof b, s->close_s);
    if (s->close_s > s->open_s)
      fprintf(f, "%s (seed %llu), open %s-%s\n", s->name,
              (unsigned long long)s->seed, a, b);
    else
      fprintf(f, "%s (seed %llu)%s%s\n", s->name,
              (unsigned long long)s->seed, s->source ? ", from " : "",
              s->source ? s->source : "");
    fprintf(f, "Service level = %s (the library's sl_variant), target %.0f%% "
               "(MISSED: below it).\n",
            acdr_sl_variant_name(r->sl_variant), 100.0 * s->sl_target);
    if (s->warmup_s > 0)
      fprintf(f, "Contacts arriving in the first %.0f s (warm-up) are left "
                 "out of every table.\n", s->warmup_s);
    fprintf(f, "offered = answd + aband + ovfl (overflowed out) + other "
               "(refused, timed out,\ncallbacks, transferred) + closed "
               "(arrived after hours) + wait (still waiting\nat the end).  "
               "ovf-in = of offered, moved in by overflow from another "
               "queue;\nall contacts counts each customer once.  aband%% = "
               "abandoned / offered; resol. =\nresolved / (offered - closed); "
               "FCR = resolved first contacts with no repeat /\nfirst "
               "contacts handled.\n\n");
    fprintf(f, "QUEUES (T)         offered ovf-in  answd  aband   ovfl  other "
               "closed   wait     SL     ASA aband%%    AHT resol.    FCR "
               "max wait\n");
    for (size_t i = 0; i < s->nqueues; ++i) {
      char lbl[128];
      snprintf(lbl, sizeof lbl, "%s (%llds)", s->queues[i].id,
               (long long)(s->queues[i].sl_threshold_ms / 1000));
      queue_row(f, lbl, &r->queue[i], r, s->sl_target);
    }
    queue_row(f, "all contacts", t, r, 0);
    fprintf(f, "  abandoned within 5 s: %llu\n",
            (unsigned long long)t->short_abandoned);

    fprintf(f, "\nAGENTS                      handled     AHT  occup. "
               "per slot  logged in   away  resol.  missed\n");
    for (size_t i = 0; i < s->nagents; ++i) {
      const sim_agent_stats *g = &r->agent[i];
      char lbl[128];
      if (s->agents[i].off) continue; /* --agents / --staff-scale */
      snprintf(lbl, sizeof lbl, "%s (%s)", s->agents[i].id,
               s->agents[i].name);
      fprintf(f, "  %-26s %7llu %6.0fs ", lbl,
              (unsigned long long)g->t.handled, tally_aht(&g->t));
      put_pct(f, 6, agent_occupancy(g));
      fputc(' ', f);
      put_pct(f, 7, slot_occupancy(s, g, i, 1));
      fprintf(f, " %9.1fh %5.1fh %6.1f%% %7llu\n", g->logged_in_s / 3600.0,
              g->away_s / 3600.0,
              pct(tally_ratio(g->t.resolved, g->t.handled)),
              (unsigned long long)g->missed);
    }
    fprintf(f, "occup. = share of the available time with at least one "
               "contact (per agent); per slot =\ntime on contacts / (slots x "
               "available time): a chat agent with 3 slots and one chat\nis "
               "busy per agent but a third occupied per slot.\n");

    fprintf(f, "\nTEAMS (agents serving the same queues)\n"
               "  %-30s %6s %8s %7s  occup. per slot  logged in\n", "team",
               "agents", "handled", "AHT");
    for (int k = 0; k < s->nteams; ++k) {
      sim_agent_stats sum;
      double contact_s = 0, cap_s = 0;
      int n = 0;
      char name[256];
      memset(&sum, 0, sizeof sum);
      for (size_t i = 0; i < s->nagents; ++i) {
        const sim_agent_stats *g = &r->agent[i];
        if (s->agents[i].team != k || s->agents[i].off) continue;
        n++;
        sum.t.handled += g->t.handled;
        sum.t.talk_sum_s += g->t.talk_sum_s;
        sum.t.wrap_sum_s += g->t.wrap_sum_s;
        sum.busy_s += g->busy_s;
        sum.idle_s += g->idle_s;
        sum.logged_in_s += g->logged_in_s;
        contact_s += slot_occupancy(s, g, i, 0);
        cap_s += (g->busy_s + g->idle_s) * agent_slots(s, i);
      }
      if (!n) continue;
      scenario_team_name(s, k, name, sizeof name);
      fprintf(f, "  %-30s %6d %8llu %6.0fs ", name, n,
              (unsigned long long)sum.t.handled, tally_aht(&sum.t));
      put_pct(f, 6, agent_occupancy(&sum));
      fputc(' ', f);
      put_pct(f, 7, cap_s > 0 ? contact_s / cap_s : NAN);
      fprintf(f, " %9.1fh\n", sum.logged_in_s / 3600.0);
    }

    fprintf(f, "\nDISPOSITIONS (share of handled contacts)\n");
    for (size_t i = 0; i < s->nqueues; ++i) {
      const sim_queue_model *q = &s->queues[i];
      const sim_tally *qt = &r->queue[i];
      fprintf(f, "  %s:\n", q->id);
      for (int k = 0; k < q->ncodes; ++k)
        fprintf(f, "    %-22s %6llu %6.1f%%%s\n", q->codes[k].name,
                (unsigned long long)qt->codes[k],
                pct(tally_ratio(qt->codes[k], qt->handled)),
                q->codes[k].resolved ? "  (resolved)" : "");
    }

    fprintf(f, "\nINTERVALS    offered  answd  aband closed     SL     ASA  waiting "
               "(avg/max)  staffed  busy%s\n",
            s->nplanned ? "  planned" : "");
    for (size_t k = 0; k < r->niv; ++k) {
      const sim_interval *iv = &r->iv[k];
      double len = s->interval_s;
      if (!interval_shown(s, r, k)) continue;
      interval_label(a, sizeof a, s, (double)k * len);
      fprintf(f, "  %-9s %7llu %6llu %6llu %6llu ", a,
              (unsigned long long)iv->t.offered,
              (unsigned long long)iv->t.answered,
              (unsigned long long)iv->t.abandoned,
              (unsigned long long)iv->t.closed);
      put_pct(f, 5, tally_sl_of(&iv->t, r->sl_variant));
      if (iv->t.answered)
        fprintf(f, " %6.1fs", tally_asa(&iv->t));
      else
        fprintf(f, " %7s", "-");
      fprintf(f, " %7.1f /%4u %9.1f %5.1f", iv->waiting_area / len,
              iv->max_waiting, iv->staffed_area / len, iv->busy_area / len);
      if (s->nplanned && len * (double)s->nplanned == 86400.0 &&
          k < (size_t)s->nplanned)
        fprintf(f, " %8.0f", s->planned[k]);
      fputc('\n', f);
    }
    accounts_check(f, s, r);
  }
  fprintf(f, "\nengine: %llu contacts arrived, %llu ended; %llu simulator "
             "events, %llu actions, %.2f s CPU\n",
          (unsigned long long)r->engine_arrived,
          (unsigned long long)r->engine_ended, (unsigned long long)r->events,
          (unsigned long long)r->actions, r->cpu_s);
}
