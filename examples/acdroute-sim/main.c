/*
 * acdroute-sim: command line.  See docs/simulator.md, or run with --help.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

static void usage(FILE *f) {
  fputs(
      "usage: acdroute-sim [options]\n"
      "\n"
      "Without options: simulate one weekday of a mid-size contact center\n"
      "(the built-in scenario) and print a report.  Progress goes to stderr.\n"
      "\n"
      "output:\n"
      "  --json              the whole result as JSON on stdout (no report)\n"
      "  --csv FILE          per-interval table\n"
      "  --svg FILE          chart of the day (opens in a browser)\n"
      "  --quiet             no progress on stderr\n"
      "scenario:\n"
      "  --config FILE       scenario JSON (engine configuration + traffic)\n"
      "  --seed N            random seed (default 1); same seed, same output\n"
      "  --strategy NAME     routing strategy of every queue\n"
      "  --threshold SECONDS service-level threshold T of every queue\n"
      "  --patience SECONDS  mean caller patience, exponential (0 = never\n"
      "                      abandon)\n"
      "  --contacts N        stop after N measured contacts\n"
      "  --warmup SECONDS    contacts arriving earlier are not measured\n"
      "M/M/N validation (any of these switches to one queue of identical\n"
      "agents, Poisson arrivals, exponential handle times, instant answer,\n"
      "compared with Erlang C, or Erlang A when --patience is given):\n"
      "  --agents N          (default 10)\n"
      "  --arrival-rate PER_HOUR  (default 160)\n"
      "  --aht SECONDS       (default 180)\n"
      "checks:\n"
      "  --check             run the engine's invariant checker as it goes\n",
      f);
}

static int num(const char *opt, const char *v, double lo, double *out) {
  char *end;
  errno = 0;
  double x = v ? strtod(v, &end) : 0;
  if (!v || errno || *end || end == v || x < lo) {
    fprintf(stderr, "acdroute-sim: %s needs a number >= %g\n", opt, lo);
    return -1;
  }
  *out = x;
  return 0;
}

int main(int argc, char **argv) {
  const char *svg = NULL, *csv = NULL, *config = NULL;
  int json = 0, mmn = 0;
  double agents = 10, rate = 160, aht = 180, patience = -1, threshold = -1;
  double contacts = -1, warmup = -1, seed = 1;
  sim_options o;
  memset(&o, 0, sizeof o);

  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    int rv = 0, takes = 1;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return 0;
    } else if (!strcmp(a, "--json")) {
      json = 1;
      takes = 0;
    } else if (!strcmp(a, "--quiet")) {
      o.quiet = 1;
      takes = 0;
    } else if (!strcmp(a, "--check")) {
      o.check = 1;
      takes = 0;
    } else if (!strcmp(a, "--svg")) {
      svg = v;
    } else if (!strcmp(a, "--csv")) {
      csv = v;
    } else if (!strcmp(a, "--config")) {
      config = v;
    } else if (!strcmp(a, "--strategy")) {
      o.strategy = v;
    } else if (!strcmp(a, "--agents")) {
      rv = num(a, v, 1, &agents);
      mmn = 1;
    } else if (!strcmp(a, "--arrival-rate")) {
      rv = num(a, v, 1e-9, &rate);
      mmn = 1;
    } else if (!strcmp(a, "--aht")) {
      rv = num(a, v, 1e-6, &aht);
      mmn = 1;
    } else if (!strcmp(a, "--patience")) {
      rv = num(a, v, 0, &patience);
    } else if (!strcmp(a, "--threshold")) {
      rv = num(a, v, 0, &threshold);
    } else if (!strcmp(a, "--contacts")) {
      rv = num(a, v, 1, &contacts);
    } else if (!strcmp(a, "--warmup")) {
      rv = num(a, v, 0, &warmup);
    } else if (!strcmp(a, "--seed")) {
      rv = num(a, v, 0, &seed);
    } else {
      fprintf(stderr, "acdroute-sim: unknown option %s (see --help)\n", a);
      return 2;
    }
    if (takes && !v) {
      fprintf(stderr, "acdroute-sim: %s needs a value\n", a);
      return 2;
    }
    if (rv) return 2;
    i += takes;
  }
  if (config) {
    fprintf(stderr, "acdroute-sim: --config needs <acdroute/config.h>, "
                    "which this build does not have yet\n");
    return 2;
  }

  sim_scenario s;
  int rv = mmn ? scenario_mmn(&s, (int32_t)agents, rate, aht,
                              patience > 0 ? patience : 0,
                              threshold >= 0 ? threshold : 20)
               : scenario_default(&s);
  if (rv != 0) {
    fprintf(stderr, "acdroute-sim: cannot build the scenario\n");
    return 1;
  }
  s.seed = (uint64_t)seed;
  if (contacts > 0) s.max_contacts = (uint64_t)contacts;
  if (warmup >= 0) s.warmup_s = warmup;
  for (size_t i = 0; i < s.nqueues; ++i) {
    sim_queue_model *q = &s.queues[i];
    if (threshold >= 0) q->sl_threshold_ms = (int64_t)(threshold * 1000 + .5);
    if (patience >= 0) {
      q->patience.kind = DIST_EXP;
      q->patience.mean = patience;
    }
  }

  sim_result r;
  rv = sim_run(&s, &o, &r);
  if (rv == 0) {
    if (json)
      output_json(stdout, &s, &r);
    else
      report_text(stdout, &s, &r);
    if (csv && output_csv(csv, &s, &r) != 0) {
      fprintf(stderr, "acdroute-sim: cannot write %s\n", csv);
      rv = -1;
    }
    if (svg && output_svg(svg, &s, &r) != 0) {
      fprintf(stderr, "acdroute-sim: cannot write %s\n", svg);
      rv = -1;
    }
  }
  result_free(&r);
  scenario_free(&s);
  return rv == 0 ? 0 : 1;
}
