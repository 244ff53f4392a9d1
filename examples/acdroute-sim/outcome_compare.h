/* acdroute-sim --outcome-compare: outcome-based routing against
 * longest-idle and skills on common random numbers (outcome_compare.c). */
#ifndef ACDR_SIM_OUTCOME_COMPARE_H
#define ACDR_SIM_OUTCOME_COMPARE_H

/* argv[0] is "--outcome-compare"; returns the process exit code. */
int outcome_compare_main(int argc, char **argv);

#endif
