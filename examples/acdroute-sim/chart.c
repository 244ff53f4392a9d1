/* SPDX-License-Identifier: MIT */
/*
 * acdroute-sim: the SVG chart (--svg).  Two panels over one time axis:
 *   staff    agents staffed (light bars), busy (dark bars), planned (step
 *            line, built-in day), service level per column with its target
 *            (right axis, 0-100%; no line across columns without contacts)
 *   contacts abandoned contacts per column (bars, left axis) and contacts
 *            waiting on average (line, its own right axis)
 *   a panel per queue (up to MAX_QPANELS): contacts that entered the queue
 *            (bars, left axis) and its service level with the target
 *            (right axis)
 * Columns are the report's intervals (warm-up and empty ones left out as
 * gaps); long runs (M/M/N) merge intervals so that at most MAX_COLS columns
 * remain.  Axis ticks are round numbers (1, 2 or 5 x 10^k) and round hours.
 * Every number comes from the same tally as the text report.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define MAX_COLS 120
#define MAX_QPANELS 8

typedef struct col {
  int shown;
  sim_tally t;
  double staffed, busy, waiting, planned; /* averages over the column */
  int have_planned;
} col;

static void tally_add(sim_tally *a, const sim_tally *b) {
  a->offered += b->offered;
  a->answered += b->answered;
  a->abandoned += b->abandoned;
  a->short_abandoned += b->short_abandoned;
  a->abandoned_in_t += b->abandoned_in_t;
  a->within_t += b->within_t;
  a->closed += b->closed;
  a->wait_sum_s += b->wait_sum_s;
}

/* A round tick step: 1, 2 or 5 x 10^k, about max / 5. */
static double nice_step(double max) {
  double raw = max / 5.0, p = pow(10.0, floor(log10(raw > 0 ? raw : 1)));
  double m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

static void put_text(FILE *f, const char *p) {
  for (; *p; ++p) {
    if (*p == '<') fputs("&lt;", f);
    else if (*p == '>') fputs("&gt;", f);
    else if (*p == '&') fputs("&amp;", f);
    else fputc(*p, f);
  }
}

/* Label of time t (seconds from the start). */
static void time_label(char *buf, size_t n, const sim_scenario *s, double t) {
  if (s->mmn)
    snprintf(buf, n, "%.0f h", t / 3600.0);
  else
    interval_label(buf, n, s, t);
}

int output_svg(const char *path, const sim_scenario *s, const sim_result *r) {
  const double W = 1000, L = 70, R = 70, T = 70;
  const double ph1 = 260, gap = 70, ph2 = 150;
  const double qph = 90, qgap = 50;
  size_t nqp = s->mmn ? 0 : s->nqueues < MAX_QPANELS ? s->nqueues
                                                      : MAX_QPANELS;
  const double pw = W - L - R, T2 = T + ph1 + gap;
  const double T3 = T2 + ph2 + 60;
  const double H = T3 + (double)nqp * (qph + qgap) + 20;
  double len = s->interval_s;
  size_t first = r->niv, last = 0;
  for (size_t k = 0; k < r->niv; ++k)
    if (interval_shown(s, r, k)) {
      if (first == r->niv) first = k;
      last = k;
    }
  if (first == r->niv) first = last = 0;
  size_t span = last - first + 1;
  size_t g = (span + MAX_COLS - 1) / MAX_COLS; /* intervals per column */
  if (g < 1) g = 1;
  size_t ncol = (span + g - 1) / g;
  col *c = calloc(ncol ? ncol : 1, sizeof *c);
  if (!c) return -1;
  int planned_ok = s->nplanned && len * (double)s->nplanned == 86400.0;
  double ymax = 1, wmax = 5, qmax = 0.5;
  for (size_t j = 0; j < ncol; ++j) {
    size_t n = 0;
    for (size_t k = first + j * g; k < first + (j + 1) * g && k <= last;
         ++k) {
      if (!interval_shown(s, r, k)) continue;
      const sim_interval *iv = &r->iv[k];
      tally_add(&c[j].t, &iv->t);
      c[j].staffed += iv->staffed_area / len;
      c[j].busy += iv->busy_area / len;
      c[j].waiting += iv->waiting_area / len;
      if (planned_ok) {
        size_t d = (size_t)((double)k * len / 86400.0);
        size_t kk = k - d * (size_t)s->nplanned;
        if (kk < (size_t)s->nplanned) {
          c[j].planned += s->planned[kk];
          c[j].have_planned = 1;
        }
      }
      n++;
    }
    c[j].shown = n > 0;
    if (!n) continue;
    c[j].staffed /= (double)n;
    c[j].busy /= (double)n;
    c[j].waiting /= (double)n;
    c[j].planned /= (double)n;
    if (c[j].staffed > ymax) ymax = c[j].staffed;
    if (c[j].planned > ymax) ymax = c[j].planned;
    if (c[j].waiting > qmax) qmax = c[j].waiting;
    if ((double)c[j].t.abandoned > wmax) wmax = (double)c[j].t.abandoned;
  }
  double ystep = nice_step(ymax), wstep = nice_step(wmax);
  double qstep = nice_step(qmax);
  ymax = ceil(ymax / ystep) * ystep;
  wmax = ceil(wmax / wstep) * wstep;
  qmax = ceil(qmax / qstep) * qstep;
  double bw = pw / (double)ncol;
#define XC(j) (L + bw * (double)(j))
#define YA(v) (T + ph1 - ph1 * (v) / ymax)
#define YS(v) (T + ph1 - ph1 * (v))
#define YW(v) (T2 + ph2 - ph2 * (v) / wmax)
#define YQ(v) (T2 + ph2 - ph2 * (v) / qmax)
  FILE *f = fopen(path, "w");
  if (!f) {
    free(c);
    return -1;
  }
  fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" "
             "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
             "font-family=\"sans-serif\" font-size=\"12\">\n",
          W, H, W, H);
  fputs("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n", f);
  fprintf(f, "<text x=\"%.0f\" y=\"28\" font-size=\"18\" "
             "text-anchor=\"middle\">acdroute-sim: ", W / 2);
  put_text(f, s->name);
  fprintf(f, " (seed %llu)", (unsigned long long)s->seed);
  if (g > 1) fprintf(f, ", %zu intervals per column", g);
  fputs("</text>\n", f);
  /* left axes with round ticks; right axis of the service level */
  for (double v = 0; v <= ymax + 1e-9; v += ystep)
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
               "stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%.1f\" "
               "text-anchor=\"end\">%g</text>\n",
            L, YA(v), L + pw, YA(v), L - 6, YA(v) + 4, v);
  for (int i = 0; i <= 5; ++i)
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">%d%%</text>\n", L + pw + 6,
            YS(i / 5.0) + 4, i * 20);
  for (double v = 0; v <= wmax + 1e-9; v += wstep)
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
               "stroke=\"#ddd\"/><text x=\"%.1f\" y=\"%.1f\" "
               "text-anchor=\"end\">%g</text>\n",
            L, YW(v), L + pw, YW(v), L - 6, YW(v) + 4, v);
  fprintf(f, "<text transform=\"translate(18 %.1f) rotate(-90)\" "
             "text-anchor=\"middle\">agents</text>\n", T + ph1 / 2);
  fprintf(f, "<text transform=\"translate(%.1f %.1f) rotate(90)\" "
             "text-anchor=\"middle\">service level</text>\n",
          W - 18, T + ph1 / 2);
  for (double v = 0; v <= qmax + 1e-9; v += qstep)
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#b06a00\">%g</text>\n",
            L + pw + 6, YQ(v) + 4, v);
  fprintf(f, "<text transform=\"translate(18 %.1f) rotate(-90)\" "
             "text-anchor=\"middle\">abandoned</text>\n", T2 + ph2 / 2);
  fprintf(f, "<text transform=\"translate(%.1f %.1f) rotate(90)\" "
             "text-anchor=\"middle\">waiting (avg)</text>\n",
          W - 18, T2 + ph2 / 2);
  /* time axis: round hours, at most about 12 labels, under both panels */
  {
    static const double steps_h[] = {0.5, 1, 2, 3, 4, 6, 12, 24, 48, 96,
                                     168, 336, 720};
    double t0 = (double)first * len, t1 = (double)(last + 1) * len;
    double step = steps_h[0] * 3600.0;
    for (size_t i = 0; i < sizeof steps_h / sizeof steps_h[0]; ++i) {
      step = steps_h[i] * 3600.0;
      if ((t1 - t0) / step <= 12) break;
    }
    for (double t = ceil(t0 / step) * step; t <= t1 + 1e-6; t += step) {
      double x = L + pw * (t - t0) / (t1 - t0);
      char lbl[32];
      time_label(lbl, sizeof lbl, s, t);
      fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                 "stroke=\"#eee\"/>\n", x, T, x, T2 + ph2);
      for (int p = 0; p < 2; ++p)
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
                   "%s</text>\n",
                x, (p ? T2 + ph2 : T + ph1) + 16, lbl);
    }
  }
  /* staff bars and planned staff */
  for (size_t j = 0; j < ncol; ++j) {
    if (!c[j].shown) continue;
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" "
               "fill=\"#cfe0f3\"><title>%.1f agents staffed</title></rect>\n",
            XC(j), YA(c[j].staffed), bw * 0.9, ph1 * c[j].staffed / ymax,
            c[j].staffed);
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" "
               "fill=\"#4a7fb5\"><title>%.1f agents busy</title></rect>\n",
            XC(j), YA(c[j].busy), bw * 0.9, ph1 * c[j].busy / ymax,
            c[j].busy);
    if (c[j].have_planned)
      fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                 "stroke=\"#222\" stroke-width=\"2\"><title>%.0f agents "
                 "planned</title></line>\n",
              XC(j), YA(c[j].planned), XC(j) + bw, YA(c[j].planned),
              c[j].planned);
  }
  /* service level target, and the line broken where there is no SL */
  fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
             "stroke=\"#2a9d3a\" stroke-dasharray=\"6 4\"/>\n",
          L, YS(s->sl_target), L + pw, YS(s->sl_target));
  for (int pass = 0; pass < 2; ++pass) { /* 0: polylines, 1: waiting */
    int open_line = 0;
    for (size_t j = 0; j <= ncol; ++j) {
      double v = NAN;
      if (j < ncol && c[j].shown)
        v = pass ? c[j].waiting : tally_sl_of(&c[j].t, r->sl_variant);
      if (isnan(v)) {
        if (open_line) fputs("\"/>\n", f);
        open_line = 0;
        continue;
      }
      if (!open_line)
        fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" "
                   "stroke-width=\"2\" points=\"",
                pass ? "#e08a00" : "#2a9d3a");
      open_line = 1;
      fprintf(f, "%.1f,%.1f ", XC(j) + bw / 2, pass ? YQ(v) : YS(v));
    }
  }
  for (size_t j = 0; j < ncol; ++j) {
    double sl = c[j].shown ? tally_sl_of(&c[j].t, r->sl_variant) : NAN;
    if (!isnan(sl) && ncol <= 60)
      fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#2a9d3a\">"
                 "<title>SL %.1f%%, %llu offered</title></circle>\n",
              XC(j) + bw / 2, YS(sl), 100.0 * sl,
              (unsigned long long)c[j].t.offered);
    if (c[j].shown && c[j].t.abandoned)
      fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" "
                 "height=\"%.1f\" fill=\"#c0392b\"><title>%llu abandoned"
                 "</title></rect>\n",
              XC(j) + bw * 0.25, YW((double)c[j].t.abandoned), bw * 0.5,
              ph2 * (double)c[j].t.abandoned / wmax,
              (unsigned long long)c[j].t.abandoned);
  }
  /* one panel per queue */
  for (size_t q = 0; q < nqp; ++q) {
    double top = T3 + (double)q * (qph + qgap), omax = 5;
    sim_tally *qt = calloc(ncol ? ncol : 1, sizeof *qt);
    if (!qt) break;
    for (size_t j = 0; j < ncol; ++j)
      for (size_t k = first + j * g; k < first + (j + 1) * g && k <= last;
           ++k)
        if (interval_shown(s, r, k)) {
          tally_add(&qt[j], &r->qiv[k * s->nqueues + q]);
          if ((double)qt[j].offered > omax) omax = (double)qt[j].offered;
        }
    double ostep = nice_step(omax);
    omax = ceil(omax / ostep) * ostep;
#define YO(v) (top + qph - qph * (v) / omax)
#define YQS(v) (top + qph - qph * (v))
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"bold\">queue ",
            L, top - 8);
    put_text(f, s->queues[q].id);
    fprintf(f, " (T = %.0f s): contacts entering (bars, left), service "
               "level (line, right)</text>\n",
            (double)s->queues[q].sl_threshold_ms / 1000.0);
    for (double v = 0; v <= omax + 1e-9; v += ostep)
      fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                 "stroke=\"#eee\"/><text x=\"%.1f\" y=\"%.1f\" "
                 "text-anchor=\"end\">%g</text>\n",
              L, YO(v), L + pw, YO(v), L - 6, YO(v) + 4, v);
    for (int i = 0; i <= 2; ++i)
      fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">%d%%</text>\n", L + pw + 6,
              YQS(i / 2.0) + 4, i * 50);
    fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
               "stroke=\"#2a9d3a\" stroke-dasharray=\"6 4\"/>\n",
            L, YQS(s->sl_target), L + pw, YQS(s->sl_target));
    for (size_t j = 0; j < ncol; ++j)
      if (qt[j].offered)
        fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" "
                   "height=\"%.1f\" fill=\"#9bb7d4\"><title>%llu "
                   "entered</title></rect>\n",
                XC(j), YO((double)qt[j].offered), bw * 0.9,
                qph * (double)qt[j].offered / omax,
                (unsigned long long)qt[j].offered);
    int open_line = 0;
    for (size_t j = 0; j <= ncol; ++j) {
      double v = j < ncol ? tally_sl_of(&qt[j], r->sl_variant) : NAN;
      if (isnan(v)) {
        if (open_line) fputs("\"/>\n", f);
        open_line = 0;
        continue;
      }
      if (!open_line)
        fputs("<polyline fill=\"none\" stroke=\"#2a9d3a\" "
              "stroke-width=\"2\" points=\"", f);
      open_line = 1;
      fprintf(f, "%.1f,%.1f ", XC(j) + bw / 2, YQS(v));
    }
#undef YO
#undef YQS
    free(qt);
  }
  /* legends */
  {
    const struct {
      const char *color, *label;
      double y;
    } leg[] = {{"#cfe0f3", "agents staffed", T - 16},
               {"#4a7fb5", "agents busy", T - 16},
               {"#222", "agents planned", T - 16},
               {"#2a9d3a", "service level (dashed: target)", T - 16},
               {"#e08a00", "contacts waiting (avg, right axis)", T2 - 16},
               {"#c0392b", "abandoned contacts", T2 - 16}};
    double x1 = L, x2 = L;
    for (size_t i = 0; i < sizeof leg / sizeof leg[0]; ++i) {
      double *x = leg[i].y == T - 16 ? &x1 : &x2;
      if (i == 2 && !planned_ok) continue;
      fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" "
                 "fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\">%s</text>\n",
              *x, leg[i].y - 10, leg[i].color, *x + 16, leg[i].y, leg[i].label);
      *x += 40 + 7.0 * (double)strlen(leg[i].label);
    }
  }
  fputs("</svg>\n", f);
#undef XC
#undef YA
#undef YS
#undef YW
#undef YQ
  free(c);
  return fclose(f) == 0 ? 0 : -1;
}
