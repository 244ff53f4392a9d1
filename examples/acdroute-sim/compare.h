/* SPDX-License-Identifier: MIT */
/* acdroute-sim compare / plan: what-if runs on common random numbers and
 * the staffing planner (compare.c, plan.c). */
#ifndef ACDR_SIM_COMPARE_H
#define ACDR_SIM_COMPARE_H

#include "sim.h"

/* argv[0] is "compare" / "plan"; return the process exit code. */
int compare_main(int argc, char **argv);
int plan_main(int argc, char **argv);

/* Load SRC ("default" = the built-in day, else a scenario file), apply the
 * overrides and group the teams.  Errors go to stderr; returns 0 or -1. */
int scenario_from(sim_scenario *s, const char *src, const sim_overrides *ov);

/* Occupancy of queue q's member agents: busy / (busy + idle); NAN when
 * none of them was available. */
double queue_occupancy(const sim_scenario *s, const sim_result *r, size_t q);

/* s as a JSON string, quotes included (", \\ and control characters
 * escaped). */
void json_str(FILE *f, const char *s);

#endif
