/* SPDX-License-Identifier: MIT */
/* acdroute-sim --outcome-compare: outcome-based routing against
 * longest-idle and skills on common random numbers (outcome_compare.c). */
#ifndef ACDR_SIM_OUTCOME_COMPARE_H
#define ACDR_SIM_OUTCOME_COMPARE_H

/* argv[0] is "--outcome-compare"; returns the process exit code. */
int outcome_compare_main(int argc, char **argv);

/* Student t, 0.975 quantile, for df degrees of freedom (NAN below 1). */
double t975(int df);
/* Mean of x[0..n) and the half-width of its 95% confidence interval
 * (Student t; NAN when n < 2).  Also used by compare.c on paired
 * differences. */
void mean_ci(const double *x, int n, double *m, double *h);

#endif
