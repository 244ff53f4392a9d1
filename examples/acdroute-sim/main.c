/* SPDX-License-Identifier: MIT */
/*
 * acdroute-sim: command line.  See docs/simulator.md, or run with --help.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "outcome_compare.h"
#include "sim.h"
#include "util/suggest.h"

static void usage(FILE *f) {
  fputs(
      "usage: acdroute-sim [options]\n"
      "       acdroute-sim --mmn [--agents N] [--arrival-rate PER_HOUR]\n"
      "                    [--aht SECONDS] [--patience SECONDS] [options]\n"
      "\n"
      "Without options: simulate one weekday of a mid-size contact center\n"
      "(the built-in scenario) and print a report.  Progress goes to stderr\n"
      "when it is a terminal.\n"
      "\n"
      "examples:\n"
      "  acdroute-sim                          the built-in day\n"
      "  acdroute-sim --staff-scale 0.9        the same day, 10% fewer agents\n"
      "                                        in every team\n"
      "  acdroute-sim --config examples/scenarios/overflow.json --csv day.csv\n"
      "  acdroute-sim --warmup 36000 --svg day.svg   leave out 00:00-10:00\n"
      "  acdroute-sim --mmn --agents 10 --arrival-rate 190 --patience 120\n"
      "                                        M/M/N+M against Erlang A\n"
      "  acdroute-sim compare default --staff-scale 0.9 1\n"
      "                                        10% fewer agents: the change\n"
      "                                        with 95% confidence intervals\n"
      "  acdroute-sim plan default --svg plan.svg  staffing and shifts\n"
      "\n"
      "output:\n"
      "  --json              the whole result as JSON on stdout (no report)\n"
      "  --csv FILE          per-interval table (local HH:MM times)\n"
      "  --svg FILE          chart of the day (opens in a browser)\n"
      "  --quiet             no progress on stderr\n"
      "  --write-scenario FILE  write the scenario (after the overrides) as\n"
      "                      a scenario file for --config, and exit\n"
      "  --version           print the version and exit\n"
      "scenario:\n"
      "  --config FILE       scenario file: {\"engine\": <configuration, as\n"
      "                      docs/config.md>, \"traffic\": <traffic model>}\n"
      "                      (docs/simulator.md; examples/scenarios/)\n"
      "  --seed N            random seed (default 1); same seed, same output\n"
      "  --strategy NAME     routing strategy of every queue\n"
      "  --threshold SECONDS service-level threshold T of every queue\n"
      "  --patience SECONDS  mean caller patience, exponential (0 = never\n"
      "                      abandon)\n"
      "  --contacts N        stop after N measured contacts\n"
      "  --warmup SECONDS    contacts arriving earlier are not measured (in\n"
      "                      every table, chart, CSV and JSON)\n"
      "  --agents N          keep N agents, every team scaled alike\n"
      "                      (teams: agents serving the same queues)\n"
      "  --staff-scale F     keep the share F (0..1] of every team\n"
      "  --arrival-rate PER_HOUR  every queue that has traffic gets this\n"
      "                      constant rate\n"
      "  --aht SECONDS       mean talk time of every queue\n"
      "subcommands (first argument; docs/simulator.md):\n"
      "  compare A.json B.json | SCENARIO --strategy X Y | SCENARIO\n"
      "    --staff-scale F G [--replications R] [--json]\n"
      "                      what-if on common random numbers\n"
      "  plan SCENARIO [--history CSV] [--svg FILE] [--json]\n"
      "                      staffing per interval by simulation, Erlang A,\n"
      "                      shift plan, the day re-simulated with it\n"
      "--outcome-compare FILE [--replications R] [--svg FILE]  (first\n"
      "                      argument) outcome vs longest-idle vs skills on\n"
      "                      common random numbers (docs/strategies.md)\n"
      "M/M/N validation:\n"
      "  --mmn               one queue of identical agents, Poisson arrivals,\n"
      "                      exponential handle times, instant answer,\n"
      "                      compared with Erlang C, or Erlang A when\n"
      "                      --patience is given; --agents, --arrival-rate,\n"
      "                      --aht set N, the rate and the mean (defaults 10,\n"
      "                      160/h, 180 s)\n"
      "checks:\n"
      "  --check             run the engine's invariant checker as it goes\n"
      "\n"
      "Exit status: 0 done, 1 failed, 2 bad arguments or scenario, 3 the\n"
      "accounting identities do not hold (a bug; the report says which).\n",
      f);
}

static const char *const k_options[] = {
    "--help", "--version", "--json", "--quiet", "--check", "--mmn", "--svg",
    "--csv", "--config", "--write-scenario", "--strategy", "--agents",
    "--staff-scale", "--arrival-rate", "--aht", "--patience", "--threshold",
    "--contacts", "--warmup", "--seed"};

/* A finite decimal number in lo..hi (no NaN, no infinity, nothing after
 * it), or a message naming the option and the range. */
static int num(const char *opt, const char *v, double lo, double hi,
               double *out) {
  char *end;
  if (!v) return -1; /* the caller says a value is missing */
  errno = 0;
  double x = strtod(v, &end);
  if (errno || *end || end == v || !(x >= lo && x <= hi)) {
    fprintf(stderr, "acdroute-sim: %s: \"%s\" is not a number in %g..%g\n",
            opt, v, lo, hi);
    return -1;
  }
  *out = x;
  return 0;
}

/* A whole decimal integer in lo..hi (hi <= 2^53, so the double that
 * carries it is exact). */
static int whole(const char *opt, const char *v, long long lo, long long hi,
                 double *out) {
  char *end;
  long long x;
  if (!v) return -1; /* the caller says a value is missing */
  errno = 0;
  x = strtoll(v, &end, 10);
  if (errno || *end || end == v || x < lo || x > hi) {
    fprintf(stderr,
            "acdroute-sim: %s: \"%s\" is not an integer in %lld..%lld\n",
            opt, v, lo, hi);
    return -1;
  }
  *out = (double)x;
  return 0;
}

#define DAY_S 86400.0

int main(int argc, char **argv) {
  const char *svg = NULL, *csv = NULL, *config = NULL, *write = NULL;
  int json = 0, mmn = 0;
  sim_overrides ov = {NULL, -1, -1, -1, -1, -1, -1, -1, -1, -1};
  sim_options o;
  memset(&o, 0, sizeof o);
  if (argc > 1 && !strcmp(argv[1], "--outcome-compare"))
    return outcome_compare_main(argc - 1, argv + 1);
  if (argc > 1 && !strcmp(argv[1], "compare"))
    return compare_main(argc - 1, argv + 1);
  if (argc > 1 && !strcmp(argv[1], "plan"))
    return plan_main(argc - 1, argv + 1);

  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    int rv = 0, takes = 1;
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      return 0;
    } else if (!strcmp(a, "--version")) {
      printf("acdroute-sim %s\n", acdr_version());
      return 0;
    } else if (!strcmp(a, "--mmn")) {
      mmn = 1;
      takes = 0;
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
    } else if (!strcmp(a, "--write-scenario")) {
      write = v;
    } else if (!strcmp(a, "--strategy")) {
      ov.strategy = v;
    } else if (!strcmp(a, "--agents")) {
      rv = whole(a, v, 1, 1000000, &ov.agents);
    } else if (!strcmp(a, "--staff-scale")) {
      rv = num(a, v, 1e-9, 1, &ov.staff_scale);
    } else if (!strcmp(a, "--arrival-rate")) {
      rv = num(a, v, 1e-9, 1e7, &ov.arrival_rate);
    } else if (!strcmp(a, "--aht")) {
      rv = num(a, v, 1e-6, DAY_S, &ov.aht);
    } else if (!strcmp(a, "--patience")) {
      rv = num(a, v, 0, DAY_S, &ov.patience);
    } else if (!strcmp(a, "--threshold")) {
      rv = num(a, v, 0, DAY_S, &ov.threshold);
    } else if (!strcmp(a, "--contacts")) {
      rv = whole(a, v, 1, 1000000000000LL, &ov.contacts);
    } else if (!strcmp(a, "--warmup")) {
      rv = num(a, v, 0, 365 * DAY_S, &ov.warmup);
    } else if (!strcmp(a, "--seed")) {
      rv = whole(a, v, 0, 1LL << 53, &ov.seed);
    } else {
      const char *hint = acdr_suggest(
          a, k_options, sizeof k_options / sizeof k_options[0]);
      if (hint)
        fprintf(stderr, "acdroute-sim: unknown option %s (did you mean "
                        "%s?)\n", a, hint);
      else
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

  sim_scenario s;
  int rv;
  if (mmn && config) {
    fputs("acdroute-sim: --mmn and --config: the M/M/N model is its own "
          "scenario; give one\n", stderr);
    return 2;
  }
  if (mmn && ov.staff_scale > 0) {
    fputs("acdroute-sim: --staff-scale: not with --mmn (use --agents)\n",
          stderr);
    return 2;
  }
  if (config) {
    /* the file's errors are printed by the loader */
    if (scenario_load(&s, config, &ov) != 0) return 2;
  } else {
    if (mmn)
      rv = scenario_mmn(&s, ov.agents > 0 ? (int32_t)ov.agents : 10,
                        ov.arrival_rate > 0 ? ov.arrival_rate : 160,
                        ov.aht > 0 ? ov.aht : 180,
                        ov.patience > 0 ? ov.patience : 0,
                        ov.threshold >= 0 ? ov.threshold : 20);
    else
      rv = scenario_default(&s);
    if (rv != 0) {
      fprintf(stderr, "acdroute-sim: cannot build the scenario\n");
      return 1;
    }
    if (mmn) /* the M/M/N model took them already */
      ov.agents = ov.arrival_rate = ov.aht = -1;
    if (scenario_override(&s, &ov) != 0) {
      scenario_free(&s);
      return 2;
    }
  }
  scenario_teams(&s);
  o.strategy = s.engine_doc ? NULL : ov.strategy; /* else in the document */

  if (write) {
    FILE *f = strcmp(write, "-") ? fopen(write, "w") : stdout;
    rv = f ? scenario_write(f, &s) : -1;
    if (f && f != stdout && fclose(f) != 0) rv = -1;
    if (rv != 0)
      fprintf(stderr, "acdroute-sim: cannot write %s\n", write);
    scenario_free(&s);
    return rv == 0 ? 0 : 1;
  }

  sim_result r;
  rv = sim_run(&s, &o, &r);
  if (rv == 0 && !s.mmn && accounts_check(NULL, &s, &r) != 0) {
    /* a figure that does not add up is a bug: say so loudly */
    fputs("acdroute-sim: the accounting identities do not hold:\n", stderr);
    accounts_check(stderr, &s, &r);
    rv = -3;
  }
  if (rv == 0 || rv == -3) {
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
  return rv == 0 ? 0 : rv == -3 ? 3 : 1;
}
