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
static void json_headline(FILE *f, const sim_tally *t, double occupancy) {
  fprintf(f, "\"offered\": %llu, \"answered\": %llu, \"abandoned\": %llu, ",
          (unsigned long long)t->offered, (unsigned long long)t->answered,
          (unsigned long long)t->abandoned);
  jkv(f, "service_level", tally_sl(t), 1);
  jkv(f, "p_wait", tally_ratio(t->waited, t->offered), 1);
  jkv(f, "asa_s", tally_asa(t), 1);
  jkv(f, "abandon_rate", tally_abandon_rate(t), 1);
  jkv(f, "occupancy", occupancy, 0);
}

static void json_tally(FILE *f, const sim_tally *t) {
  fprintf(f, "\"offered\": %llu, \"answered\": %llu, \"abandoned\": %llu, "
             "\"short_abandoned\": %llu, \"handled\": %llu, ",
          (unsigned long long)t->offered, (unsigned long long)t->answered,
          (unsigned long long)t->abandoned,
          (unsigned long long)t->short_abandoned,
          (unsigned long long)t->handled);
  jkv(f, "service_level", tally_sl(t), 1);
  jkv(f, "p_wait", tally_ratio(t->waited, t->offered), 1);
  jkv(f, "asa_s", tally_asa(t), 1);
  jkv(f, "abandon_rate", tally_abandon_rate(t), 1);
  jkv(f, "aht_s", tally_aht(t), 1);
  jkv(f, "max_wait_s", t->max_wait_s, 1);
  jkv(f, "resolution_rate", tally_ratio(t->resolved, t->offered), 1);
  jkv(f, "fcr", tally_ratio(t->fcr, t->first_contacts), 1);
  /* how every offered contact ended: the values add up to offered */
  fprintf(f, "\"closed\": %llu, \"outcomes\": {\"answered\": %llu, "
             "\"abandoned\": %llu, \"overflowed\": %llu, \"rejected\": %llu, "
             "\"timed_out\": %llu, \"callbacks\": %llu, \"transferred\": %llu, "
             "\"other\": %llu}",
          (unsigned long long)t->closed, (unsigned long long)t->answered,
          (unsigned long long)t->abandoned, (unsigned long long)t->overflowed,
          (unsigned long long)t->rejected, (unsigned long long)t->timed_out,
          (unsigned long long)t->callbacks,
          (unsigned long long)t->transferred, (unsigned long long)t->other);
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
  json_headline(f, t, occ);
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
    json_tally(f, t);
    fputs("}", f);
    fputs(", \"queues\": [", f);
    for (size_t i = 0; i < s->nqueues; ++i) {
      const sim_queue_model *q = &s->queues[i];
      fprintf(f, "%s{\"id\": ", i ? ", " : "");
      put_json_string(f, q->id);
      fprintf(f, ", \"threshold_s\": %g, ",
              (double)q->sl_threshold_ms / 1000.0);
      json_tally(f, &r->queue[i]);
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
    fputs("], \"agents\": [", f);
    for (size_t i = 0; i < s->nagents; ++i) {
      const sim_agent_stats *g = &r->agent[i];
      fprintf(f, "%s{\"id\": ", i ? ", " : "");
      put_json_string(f, s->agents[i].id);
      fputs(", \"name\": ", f);
      put_json_string(f, s->agents[i].name);
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
    for (size_t k = 0; k < r->niv; ++k) {
      const sim_interval *iv = &r->iv[k];
      double len = s->interval_s;
      fprintf(f, "%s{\"start_s\": %g, ", k ? ", " : "", (double)k * len);
      json_tally(f, &iv->t);
      fputs(", ", f);
      jkv(f, "avg_waiting", iv->waiting_area / len, 1);
      fprintf(f, "\"max_waiting\": %u, ", iv->max_waiting);
      jkv(f, "agents_staffed", iv->staffed_area / len, 1);
      jkv(f, "agents_busy", iv->busy_area / len, 0);
      fputs("}", f);
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

int output_csv(const char *path, const sim_scenario *s, const sim_result *r) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fprintf(f, "start_s,end_s,offered,answered,abandoned,service_level,asa_s,"
             "abandon_rate,aht_s,avg_waiting,max_waiting,agents_staffed,"
             "agents_busy,occupancy\n");
  for (size_t k = 0; k < r->niv; ++k) {
    const sim_interval *iv = &r->iv[k];
    double len = s->interval_s;
    fprintf(f, "%.0f,%.0f,%llu,%llu,%llu,%.4f,%.2f,%.4f,%.1f,%.3f,%u,%.3f,"
               "%.3f,%.4f\n",
            (double)k * len, (double)(k + 1) * len,
            (unsigned long long)iv->t.offered,
            (unsigned long long)iv->t.answered,
            (unsigned long long)iv->t.abandoned, tally_sl(&iv->t),
            tally_asa(&iv->t), tally_abandon_rate(&iv->t), tally_aht(&iv->t),
            iv->waiting_area / len, iv->max_waiting, iv->staffed_area / len,
            iv->busy_area / len,
            iv->staffed_area > 0 ? iv->busy_area / iv->staffed_area : 0);
  }
  return fclose(f) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* SVG: the day at a glance                                             */

int output_svg(const char *path, const sim_scenario *s, const sim_result *r) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  const double W = 1000, H = 520, L = 70, R = 70, T = 60, B = 70;
  const double pw = W - L - R, ph = H - T - B;
  size_t first = r->niv, last = 0;
  double ymax = 1;
  for (size_t k = 0; k < r->niv; ++k) {
    const sim_interval *iv = &r->iv[k];
    if (iv->t.offered == 0 && iv->staffed_area == 0) continue;
    if (first == r->niv) first = k;
    last = k;
    double len = s->interval_s;
    double y1 = iv->staffed_area / len, y2 = iv->waiting_area / len;
    if (y1 > ymax) ymax = y1;
    if (y2 > ymax) ymax = y2;
  }
  if (first == r->niv) first = last = 0;
  size_t n = last - first + 1;
  ymax = ceil(ymax / 5.0) * 5.0;
  double bw = pw / (double)n;
#define XK(k) (L + bw * (double)((k) - first))
#define YL(v) (T + ph - ph * (v) / ymax)
#define YR(v) (T + ph - ph * (v))
  fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
             "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
             "font-family=\"sans-serif\" font-size=\"12\">\n",
          W, H, W, H);
  fprintf(f, "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n");
  fprintf(f, "<text x=\"%.0f\" y=\"28\" font-size=\"18\" "
             "text-anchor=\"middle\">",
          W / 2);
  fputs("acdroute-sim: ", f);
  for (const char *p = s->name; *p; ++p) {
    if (*p == '<') fputs("&lt;", f);
    else if (*p == '&') fputs("&amp;", f);
    else fputc(*p, f);
  }
  fprintf(f, " (seed %llu)</text>\n", (unsigned long long)s->seed);
  /* grid and axes */
  for (int i = 0; i <= 5; ++i) {
    double v = ymax * i / 5.0, y = YL(v);
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
               "stroke=\"#ddd\"/>\n", L, y, L + pw, y);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>\n",
            L - 6, y + 4, v);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">%d%%</text>\n", L + pw + 6,
            YR(i / 5.0) + 4, i * 20);
  }
  fprintf(f, "<text transform=\"translate(18 %.1f) rotate(-90)\" "
             "text-anchor=\"middle\">agents / contacts waiting</text>\n",
          T + ph / 2);
  fprintf(f, "<text transform=\"translate(%.1f %.1f) rotate(90)\" "
             "text-anchor=\"middle\">service level</text>\n",
          W - 18, T + ph / 2);
  for (size_t k = first; k <= last + 1; ++k) {
    double t = (double)k * s->interval_s;
    if (fmod(t, 7200.0) != 0 && n > 24) continue;
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
               "%02d:%02d</text>\n",
            XK(k), T + ph + 18, (int)(t / 3600) % 100, (int)fmod(t / 60, 60));
  }
  /* staffed (light) and busy (dark) bars */
  for (size_t k = first; k <= last; ++k) {
    const sim_interval *iv = &r->iv[k];
    double len = s->interval_s;
    double st = iv->staffed_area / len, bu = iv->busy_area / len;
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
               "fill=\"#cfe0f3\"><title>%.1f agents staffed</title></rect>\n",
            XK(k) + 1, YL(st), bw - 2, ph * st / ymax, st);
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
               "fill=\"#4a7fb5\"><title>%.1f agents busy</title></rect>\n",
            XK(k) + 1, YL(bu), bw - 2, ph * bu / ymax, bu);
  }
  /* waiting contacts */
  fputs("<polyline fill=\"none\" stroke=\"#e08a00\" stroke-width=\"2.5\" "
        "points=\"", f);
  for (size_t k = first; k <= last; ++k)
    fprintf(f, "%.1f,%.1f ", XK(k) + bw / 2,
            YL(r->iv[k].waiting_area / s->interval_s));
  fputs("\"/>\n", f);
  /* service level target and line */
  fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
             "stroke=\"#2a9d3a\" stroke-dasharray=\"6 4\"/>\n",
          L, YR(s->sl_target), L + pw, YR(s->sl_target));
  fputs("<polyline fill=\"none\" stroke=\"#2a9d3a\" stroke-width=\"2.5\" "
        "points=\"", f);
  for (size_t k = first; k <= last; ++k)
    if (r->iv[k].t.offered)
      fprintf(f, "%.1f,%.1f ", XK(k) + bw / 2, YR(tally_sl(&r->iv[k].t)));
  fputs("\"/>\n", f);
  for (size_t k = first; k <= last; ++k)
    if (r->iv[k].t.offered)
      fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#2a9d3a\">"
                 "<title>SL %.1f%%, %llu offered</title></circle>\n",
              XK(k) + bw / 2, YR(tally_sl(&r->iv[k].t)),
              100.0 * tally_sl(&r->iv[k].t),
              (unsigned long long)r->iv[k].t.offered);
  /* legend */
  const struct {
    const char *color, *label;
  } leg[] = {{"#cfe0f3", "agents staffed"},
             {"#4a7fb5", "agents busy"},
             {"#e08a00", "contacts waiting (avg)"},
             {"#2a9d3a", "service level (dashed: target)"}};
  for (int i = 0; i < 4; ++i) {
    double x = L + 10 + i * 220.0;
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"14\" "
               "fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
            x, H - 30, leg[i].color, x + 20, H - 19, leg[i].label);
  }
  fputs("</svg>\n", f);
#undef XK
#undef YL
#undef YR
  return fclose(f) == 0 ? 0 : -1;
}
