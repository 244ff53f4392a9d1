/* SPDX-License-Identifier: MIT */
/*
 * acdroute-sim: machine-readable output: JSON (stdout), CSV and SVG files.
 * All numbers are printed with a fixed format, so the same seed gives
 * byte-identical files.
 */
#include <math.h>
#include <string.h>

#include "json_out.h"
#include "sim.h"

/* ------------------------------------------------------------------ */
/* JSON                                                                 */

static void jnum(FILE *f, double x) {
  if (!isfinite(x))
    fputs("null", f);
  else
    fprintf(f, "%.6g", x);
}

static void jkv(FILE *f, const char *k, double x, int comma) {
  fprintf(f, "\"%s\": ", k);
  jnum(f, x);
  if (comma) fputs(", ", f);
}

static void jci(FILE *f, const char *k, sim_ci c, int comma) {
  fprintf(f, "\"%s\": {", k);
  jkv(f, "low", c.low, 1);
  jkv(f, "high", c.high, 1);
  jkv(f, "half_width", c.half, 0);
  fputc('}', f);
  if (comma) fputs(", ", f);
}

/* The headline keys shared by the top level and the "erlang" object. */
static void json_headline(FILE *f, const sim_tally *t, double occupancy,
                          const sim_scenario *s, const sim_result *r) {
  fprintf(f, "\"offered\": %llu, \"answered\": %llu, \"abandoned\": %llu, ",
          (unsigned long long)t->offered, (unsigned long long)t->answered,
          (unsigned long long)t->abandoned);
  /* M/M/N: the Erlang definitions; a scenario: the report's (the
   * library's sl_variant), the same figure as the text and the CSV */
  jkv(f, "service_level",
      s->mmn ? tally_sl(t) : tally_sl_of(t, r->sl_variant), 1);
  jkv(f, "p_wait", tally_ratio(t->waited, t->offered), 1);
  jkv(f, "asa_s", tally_asa(t), 1);
  jkv(f, "abandon_rate",
      s->mmn ? tally_abandon_rate(t) : tally_abandon_of(t, r->lib_excl_short),
      1);
  jkv(f, "occupancy", occupancy, 0);
}

/* A ratio that may have no data (NAN): null. */
static void jkv_opt(FILE *f, const char *k, double x, int comma) {
  jkv(f, k, x, comma); /* jnum prints null for NAN */
}

static void json_tally(FILE *f, const sim_tally *t, const sim_result *r) {
  fprintf(f, "\"offered\": %llu, \"answered\": %llu, \"abandoned\": %llu, "
             "\"short_abandoned\": %llu, \"handled\": %llu, "
             "\"overflow_in\": %llu, ",
          (unsigned long long)t->offered, (unsigned long long)t->answered,
          (unsigned long long)t->abandoned,
          (unsigned long long)t->short_abandoned,
          (unsigned long long)t->handled,
          (unsigned long long)t->overflow_in);
  jkv_opt(f, "service_level", tally_sl_of(t, r->sl_variant), 1);
  jkv_opt(f, "p_wait",
          t->offered ? tally_ratio(t->waited, t->offered) : NAN, 1);
  jkv_opt(f, "asa_s", t->answered ? tally_asa(t) : NAN, 1);
  jkv_opt(f, "abandon_rate", tally_abandon_of(t, r->lib_excl_short), 1);
  jkv_opt(f, "aht_s", t->handled ? tally_aht(t) : NAN, 1);
  jkv(f, "max_wait_s", t->max_wait_s, 1);
  jkv_opt(f, "resolution_rate",
          t->offered > t->closed
              ? (double)t->resolved / (double)(t->offered - t->closed)
              : NAN,
          1);
  jkv_opt(f, "fcr",
          t->first_contacts ? tally_ratio(t->fcr, t->first_contacts) : NAN,
          1);
  /* how every offered contact ended: the values add up to offered */
  fprintf(f, "\"closed\": %llu, \"unfinished\": %llu, \"outcomes\": "
             "{\"answered\": %llu, "
             "\"abandoned\": %llu, \"overflowed\": %llu, \"rejected\": %llu, "
             "\"timed_out\": %llu, \"callbacks\": %llu, \"transferred\": %llu, "
             "\"other\": %llu, \"closed\": %llu, \"unfinished\": %llu}",
          (unsigned long long)t->closed, (unsigned long long)t->unfinished,
          (unsigned long long)t->answered,
          (unsigned long long)t->abandoned, (unsigned long long)t->overflowed,
          (unsigned long long)t->rejected, (unsigned long long)t->timed_out,
          (unsigned long long)t->callbacks,
          (unsigned long long)t->transferred, (unsigned long long)t->other,
          (unsigned long long)t->closed, (unsigned long long)t->unfinished);
}

/* The library's metrics (metrics.h) of one object; null = no data. */
static void json_lib(FILE *f, const acdr_metrics *m) {
  fprintf(f, "{\"offered\": %llu, \"after_hours\": %llu, "
             "\"answered\": %llu, \"abandoned\": %llu, "
             "\"handled\": %llu, \"rejected\": %llu, \"overflowed\": %llu, "
             "\"sl_variant\": ",
          (unsigned long long)m->offered, (unsigned long long)m->after_hours,
          (unsigned long long)m->answered,
          (unsigned long long)m->abandoned, (unsigned long long)m->handled,
          (unsigned long long)m->rejected, (unsigned long long)m->overflowed);
  put_json_string(f, m->sl_variant_name ? m->sl_variant_name : "");
  fputs(", ", f);
  const struct {
    const char *k;
    double v, scale;
  } d[] = {{"service_level", m->service_level, 1},
           {"asa_s", m->asa_ms, 1000},
           {"abandon_rate", m->abandon_rate, 1},
           {"aht_s", m->aht_ms, 1000},
           {"occupancy", m->occupancy, 1},
           {"resolution_rate", m->resolution_rate, 1},
           {"fcr", m->fcr_rate, 1}};
  for (size_t i = 0; i < sizeof d / sizeof d[0]; ++i) {
    fprintf(f, "%s\"%s\": ", i ? ", " : "", d[i].k);
    if (d[i].v < 0)
      fputs("null", f);
    else
      jnum(f, d[i].v / d[i].scale);
  }
  fputs("}", f);
}

void output_json(FILE *f, const sim_scenario *s, const sim_result *r) {
  const sim_tally *t = &r->total;
  double span = r->measure_end_s - r->measure_start_s;
  double occ;
  if (s->mmn) {
    occ = r->ci_occ.mean;
  } else {
    double busy = 0, idle = 0;
    for (size_t i = 0; i < s->nagents; ++i) {
      busy += r->agent[i].busy_s;
      idle += r->agent[i].idle_s;
    }
    occ = busy + idle > 0 ? busy / (busy + idle) : 0;
  }
  fputs("{", f);
  fputs("\"scenario\": ", f);
  put_json_string(f, s->name);
  fprintf(f, ", \"seed\": %llu, \"version\": ", (unsigned long long)s->seed);
  put_json_string(f, acdr_version());
  fputs(", ", f);
  json_headline(f, t, occ, s, r);
  if (r->have_lib) {
    fputs(", \"library\": ", f);
    json_lib(f, &r->lib_total);
  }
  if (s->mmn) {
    const sim_queue_model *q = &s->queues[0];
    const acdr_erlang_result *e = &r->erlang;
    double n = (double)t->offered;
    /* the five headline figures: simulated (interval) and predicted */
    const struct {
      const char *k;
      sim_ci c;
      double x;
    } chk[] = {{"service_level", r->ci_sl, e->service_level},
               {"p_wait", r->ci_pwait, e->p_wait},
               {"asa_s", r->ci_asa, e->asa_s},
               {"abandon_rate", r->ci_abandon, e->p_abandon},
               {"occupancy", r->ci_occ, e->occupancy}};
    const size_t nchk = sizeof chk / sizeof chk[0];
    fprintf(f, ", \"model\": {\"agents\": %zu, ", s->nagents);
    jkv(f, "arrival_rate_per_hour", q->rate_per_s * 3600.0, 1);
    jkv(f, "aht_s", q->handle.mean, 1);
    jkv(f, "patience_s", q->patience.mean, 1);
    jkv(f, "threshold_s", (double)q->sl_threshold_ms / 1000.0, 1);
    jkv(f, "load_erlang", q->rate_per_s * q->handle.mean, 1);
    jkv(f, "warmup_s", s->warmup_s, 1);
    fprintf(f, "\"batches\": %d}, ", SIM_BATCHES);
    fputs("\"ci\": {", f);
    for (size_t i = 0; i < nchk; ++i) jci(f, chk[i].k, chk[i].c, i + 1 < nchk);
    fputs("}, \"erlang\": {\"model\": ", f);
    put_json_string(f, q->patience.mean > 0 ? "Erlang A" : "Erlang C");
    fprintf(f, ", \"status\": ");
    put_json_string(f, acdr_err_name(r->erlang_rv));
    fputs(", ", f);
    jkv(f, "offered", n, 1);
    jkv(f, "answered", n * (1.0 - e->p_abandon), 1);
    jkv(f, "abandoned", n * e->p_abandon, 1);
    for (size_t i = 0; i < nchk; ++i) jkv(f, chk[i].k, chk[i].x, 1);
    fputs("\"in_ci\": {", f);
    for (size_t i = 0; i < nchk; ++i)
      fprintf(f, "%s\"%s\": %s", i ? ", " : "", chk[i].k,
              chk[i].x >= chk[i].c.low - 1e-12 &&
                      chk[i].x <= chk[i].c.high + 1e-12
                  ? "true"
                  : "false");
    fputs("}}", f);
  } else {
    fprintf(f, ", \"arrivals\": %llu, \"unfinished\": %llu",
            (unsigned long long)r->arrivals,
            (unsigned long long)r->unfinished);
    fputs(", \"totals\": {", f);
    json_tally(f, t, r);
    fputs("}", f);
    fputs(", \"queues\": [", f);
    for (size_t i = 0; i < s->nqueues; ++i) {
      const sim_queue_model *q = &s->queues[i];
      fprintf(f, "%s{\"id\": ", i ? ", " : "");
      put_json_string(f, q->id);
      fprintf(f, ", \"threshold_s\": %g, ",
              (double)q->sl_threshold_ms / 1000.0);
      fprintf(f, "\"sl_target\": %g, ", s->sl_target);
      json_tally(f, &r->queue[i], r);
      if (r->have_lib) {
        fputs(", \"library\": ", f);
        json_lib(f, &r->lib_queue[i]);
      }
      fputs(", \"dispositions\": {", f);
      for (int k = 0; k < q->ncodes; ++k) {
        if (k) fputs(", ", f);
        put_json_string(f, q->codes[k].name);
        fprintf(f, ": %llu", (unsigned long long)r->queue[i].codes[k]);
      }
      fputs("}}", f);
    }
    fputs("], \"sl_variant\": ", f);
    put_json_string(f, acdr_sl_variant_name(r->sl_variant));
    fprintf(f, ", \"warmup_s\": %g, \"accounts_ok\": %s",
            s->warmup_s, accounts_check(NULL, s, r) == 0 ? "true" : "false");
    fputs(", \"agents\": [", f);
    for (size_t i = 0; i < s->nagents; ++i) {
      const sim_agent_stats *g = &r->agent[i];
      fprintf(f, "%s{\"id\": ", i ? ", " : "");
      put_json_string(f, s->agents[i].id);
      fputs(", \"name\": ", f);
      put_json_string(f, s->agents[i].name);
      {
        char team[256];
        scenario_team_name(s, s->agents[i].team, team, sizeof team);
        fputs(", \"team\": ", f);
        put_json_string(f, team);
        fprintf(f, ", \"working\": %s", s->agents[i].off ? "false" : "true");
      }
      fprintf(f, ", \"handled\": %llu, \"offers\": %llu, \"missed\": %llu, ",
              (unsigned long long)g->t.handled, (unsigned long long)g->offers,
              (unsigned long long)g->missed);
      jkv(f, "aht_s", tally_aht(&g->t), 1);
      jkv(f, "occupancy",
          g->busy_s + g->idle_s > 0 ? g->busy_s / (g->busy_s + g->idle_s) : 0,
          1);
      jkv(f, "logged_in_s", g->logged_in_s, 1);
      jkv(f, "away_s", g->away_s, 1);
      jkv(f, "resolution_rate", tally_ratio(g->t.resolved, g->t.handled), 0);
      fputs("}", f);
    }
    fputs("], \"intervals\": [", f);
    for (size_t k = 0, n = 0; k < r->niv; ++k) {
      const sim_interval *iv = &r->iv[k];
      double len = s->interval_s;
      char lbl[24];
      if (!interval_shown(s, r, k)) continue;
      interval_label(lbl, sizeof lbl, s, (double)k * len);
      fprintf(f, "%s{\"start_s\": %g, \"start\": ", n++ ? ", " : "",
              (double)k * len);
      put_json_string(f, lbl);
      fputs(", ", f);
      json_tally(f, &iv->t, r);
      fputs(", ", f);
      jkv(f, "avg_waiting", iv->waiting_area / len, 1);
      fprintf(f, "\"max_waiting\": %u, ", iv->max_waiting);
      jkv(f, "agents_staffed", iv->staffed_area / len, 1);
      jkv(f, "agents_busy", iv->busy_area / len, 1);
      /* per queue: the contacts that entered it in this interval */
      fputs("\"queues\": {", f);
      for (size_t q = 0; q < s->nqueues; ++q) {
        const sim_tally *qt = &r->qiv[k * s->nqueues + q];
        if (q) fputs(", ", f);
        put_json_string(f, s->queues[q].id);
        fprintf(f, ": {\"offered\": %llu, \"answered\": %llu, "
                   "\"abandoned\": %llu, ",
                (unsigned long long)qt->offered,
                (unsigned long long)qt->answered,
                (unsigned long long)qt->abandoned);
        jkv(f, "service_level", tally_sl_of(qt, r->sl_variant), 0);
        fputs("}", f);
      }
      fputs("}}", f);
    }
    fputs("]", f);
  }
  fprintf(f, ", \"measured_s\": ");
  jnum(f, span);
  fprintf(f, ", \"engine\": {\"arrived\": %llu, \"ended\": %llu, "
             "\"actions\": %llu}}\n",
          (unsigned long long)r->engine_arrived,
          (unsigned long long)r->engine_ended,
          (unsigned long long)r->actions);
}

/* ------------------------------------------------------------------ */
/* CSV                                                                  */

/* A ratio cell: blank when there is no data (no contacts). */
static void csv_ratio(FILE *f, double x, const char *fmt) {
  fputc(',', f);
  if (!isnan(x)) fprintf(f, fmt, x);
}

int output_csv(const char *path, const sim_scenario *s, const sim_result *r) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fprintf(f, "start,end,offered,answered,abandoned,closed,service_level,"
             "asa_s,abandon_rate,aht_s,avg_waiting,max_waiting,"
             "agents_staffed,agents_busy,occupancy\n");
  for (size_t k = 0; k < r->niv; ++k) {
    const sim_interval *iv = &r->iv[k];
    const sim_tally *t = &iv->t;
    double len = s->interval_s;
    char a[24], b[24];
    if (!interval_shown(s, r, k)) continue;
    interval_label(a, sizeof a, s, (double)k * len);
    interval_label(b, sizeof b, s, (double)(k + 1) * len);
    fprintf(f, "%s,%s,%llu,%llu,%llu,%llu", a, b,
            (unsigned long long)t->offered, (unsigned long long)t->answered,
            (unsigned long long)t->abandoned, (unsigned long long)t->closed);
    csv_ratio(f, tally_sl_of(t, r->sl_variant), "%.4f");
    csv_ratio(f, t->answered ? tally_asa(t) : NAN, "%.2f");
    csv_ratio(f, tally_abandon_of(t, r->lib_excl_short), "%.4f");
    csv_ratio(f, t->handled ? tally_aht(t) : NAN, "%.1f");
    fprintf(f, ",%.3f,%u,%.3f,%.3f", iv->waiting_area / len, iv->max_waiting,
            iv->staffed_area / len, iv->busy_area / len);
    csv_ratio(f, iv->staffed_area > 0 ? iv->busy_area / iv->staffed_area : NAN,
              "%.4f");
    fputc('\n', f);
  }
  return fclose(f) == 0 ? 0 : -1;
}
