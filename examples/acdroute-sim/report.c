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

/* A derived library figure: -1 means "no data". */
static double lv(double x) { return x < 0 ? 0.0 : x; }

/* One queue (or the total) from the library's metrics: `offered` and the
 * rates built on it leave out the contacts that arrived after hours,
 * which the library counts apart (`after_hours`, shown as "closed"). */
static void lib_line(FILE *f, const char *lbl, const acdr_metrics *m,
                     int excl_short) {
  uint64_t off = m->offered, closed = m->after_hours;
  uint64_t ab = m->abandoned, den = off;
  if (excl_short) { /* as the library's abandon_rate (metrics.h) */
    ab -= m->abandoned_short;
    den = off > m->abandoned_short ? off - m->abandoned_short : 0;
  }
  fprintf(f,
          "  %-18s %7llu %6llu %7llu %6llu %6.1f%% %6.1fs %6.1f%% %6.0fs "
          "%6.1f%% %6.1f%% %7.0fs\n",
          lbl, (unsigned long long)off, (unsigned long long)closed,
          (unsigned long long)m->answered, (unsigned long long)m->abandoned,
          pct(lv(m->service_level)), lv(m->asa_ms) / 1000.0,
          pct(tally_ratio(ab, den)), lv(m->aht_ms) / 1000.0,
          pct(tally_ratio(m->resolved, off)), pct(lv(m->fcr_rate)),
          (double)m->longest_wait_ns / 1e9);
}

static void queue_line(FILE *f, const char *name, int64_t t_ms,
                       const sim_tally *t) {
  char lbl[128];
  snprintf(lbl, sizeof lbl, "%s (%llds)", name, (long long)(t_ms / 1000));
  fprintf(f,
          "  %-18s %7llu %6llu %7llu %6llu %6.1f%% %6.1fs %6.1f%% %6.0fs "
          "%6.1f%% %6.1f%% %7.0fs\n",
          lbl, (unsigned long long)t->offered, (unsigned long long)t->closed,
          (unsigned long long)t->answered, (unsigned long long)t->abandoned,
          pct(tally_sl(t)), tally_asa(t), pct(tally_abandon_rate(t)),
          tally_aht(t), pct(tally_ratio(t->resolved, t->offered)),
          pct(tally_ratio(t->fcr, t->first_contacts)), t->max_wait_s);
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
  char a[8], b[8];
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
    if (r->have_lib)
      fprintf(f, "Counters from the library's metrics (metrics.h); service "
                 "level = %s.\n", r->lib_total.sl_variant_name);
    else
      fprintf(f, "Service level = answered within T / offered (abandons "
                 "count against).\n");
    fprintf(f, "offered = contacts that arrived while their queue was open; "
               "closed = arrived after\nhours (heard the closed message), "
               "not in offered.  aband%% = abandoned / offered;\nresol. = "
               "resolved / offered; FCR = resolved first contacts with no "
               "repeat in the\nFCR window / first contacts judged.\n\n");

    fprintf(f, "QUEUES (T)            offered closed   answd  aband     SL "
               "     ASA  aband%%     AHT  resol.     FCR  max wait\n");
    for (size_t i = 0; i < s->nqueues; ++i) {
      char lbl[128];
      snprintf(lbl, sizeof lbl, "%s (%llds)", s->queues[i].id,
               (long long)(s->queues[i].sl_threshold_ms / 1000));
      if (r->have_lib)
        lib_line(f, lbl, &r->lib_queue[i], r->lib_excl_short);
      else
        queue_line(f, s->queues[i].id, s->queues[i].sl_threshold_ms,
                   &r->queue[i]);
    }
    if (r->have_lib)
      lib_line(f, "all contacts", &r->lib_total, r->lib_excl_short);
    else
      queue_line(f, "all", 0, t);
    fprintf(f, "  other outcomes: %llu overflowed, %llu refused (in hours), "
               "%llu timed out, %llu callbacks; %llu unfinished at the end\n"
               "  abandoned within 5 s: %llu\n",
            (unsigned long long)t->overflowed,
            (unsigned long long)t->rejected, (unsigned long long)t->timed_out,
            (unsigned long long)t->callbacks,
            (unsigned long long)r->unfinished,
            (unsigned long long)t->short_abandoned);

    fprintf(f, "\nAGENTS                      handled     AHT  occup.  "
               "logged in   away  resol.  missed\n");
    for (size_t i = 0; i < s->nagents; ++i) {
      const sim_agent_stats *g = &r->agent[i];
      double occ = g->busy_s + g->idle_s > 0
                       ? g->busy_s / (g->busy_s + g->idle_s)
                       : 0;
      char lbl[128];
      snprintf(lbl, sizeof lbl, "%s (%s)", s->agents[i].id,
               s->agents[i].name);
      if (r->have_lib) {
        const acdr_metrics *lm = &r->lib_agent[i];
        fprintf(f,
                "  %-26s %7llu %6.0fs %6.1f%% %8.1fh %5.1fh %6.1f%% %7llu\n",
                lbl, (unsigned long long)lm->handled, lv(lm->aht_ms) / 1000.0,
                pct(lv(lm->occupancy)), (double)lm->logged_in_ns / 3.6e12,
                (double)lm->away_ns / 3.6e12, pct(lv(lm->resolution_rate)),
                (unsigned long long)lm->missed);
        continue;
      }
      fprintf(f, "  %-26s %7llu %6.0fs %6.1f%% %8.1fh %5.1fh %6.1f%% %7llu\n",
              lbl, (unsigned long long)g->t.handled, tally_aht(&g->t),
              pct(occ), g->logged_in_s / 3600.0, g->away_s / 3600.0,
              pct(tally_ratio(g->t.resolved, g->t.handled)),
              (unsigned long long)g->missed);
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

    fprintf(f, "\nINTERVALS   offered  answd  aband     SL     ASA  waiting "
               "(avg/max)  staffed  busy%s\n",
            s->nplanned ? "  planned" : "");
    for (size_t k = 0; k < r->niv; ++k) {
      const sim_interval *iv = &r->iv[k];
      if (iv->t.offered == 0 && iv->staffed_area == 0) continue;
      double len = s->interval_s;
      hhmm(a, sizeof a, (double)k * len);
      double sl = tally_sl(&iv->t), asa = tally_asa(&iv->t);
      if (r->have_lib && k < r->niv) { /* by arrival bucket, as ours */
        sl = lv(r->lib_iv[k].service_level);
        asa = lv(r->lib_iv[k].asa_ms) / 1000.0;
      }
      fprintf(f, "  %s    %7llu %6llu %6llu %5.1f%% %6.1fs %7.1f /%4u "
                 "%9.1f %5.1f",
              a, (unsigned long long)iv->t.offered,
              (unsigned long long)iv->t.answered,
              (unsigned long long)iv->t.abandoned, pct(sl), asa,
              iv->waiting_area / len, iv->max_waiting,
              iv->staffed_area / len, iv->busy_area / len);
      if (s->nplanned && len * (double)s->nplanned == 86400.0 &&
          k < (size_t)s->nplanned)
        fprintf(f, " %8.0f", s->planned[k]);
      fputc('\n', f);
    }
    if (r->have_lib)
      fprintf(f, "\ncross-check, simulator's own tally: %llu offered (+ %llu "
                 "closed), %llu answered, %llu abandoned, SL %.1f%%, ASA "
                 "%.1fs\n",
              (unsigned long long)t->offered, (unsigned long long)t->closed,
              (unsigned long long)t->answered,
              (unsigned long long)t->abandoned, pct(tally_sl(t)),
              tally_asa(t));
  }
  fprintf(f, "\nengine: %llu contacts arrived, %llu ended; %llu simulator "
             "events, %llu actions, %.2f s CPU\n",
          (unsigned long long)r->engine_arrived,
          (unsigned long long)r->engine_ended, (unsigned long long)r->events,
          (unsigned long long)r->actions, r->cpu_s);
}
