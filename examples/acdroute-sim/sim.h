/*
 * acdroute-sim - a discrete-event contact-center simulator that drives
 * acdroute through its public API only.
 *
 * Shared declarations of the simulator's parts:
 *   rng.c        random numbers and distributions
 *   heap.c       the event heap
 *   sim.c        the event loop and the engine's action callback
 *   scenario.c   the built-in day scenario and the M/M/N(+M) scenario
 *   stats.c      batch means, confidence intervals, the Erlang comparison
 *   report.c     the text report
 *   output.c     JSON, CSV and SVG output
 *   main.c       command line
 */
#ifndef ACDR_SIM_H
#define ACDR_SIM_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <acdroute/acdroute.h>
#include <acdroute/disposition.h>
#include <acdroute/metrics.h>
#include <acdroute/policy.h>

#define SIM_SEC ((double)ACDR_SECONDS)
#define SIM_MAX_SKILLS 4
#define SIM_MAX_CODES 16
#define SIM_MAX_CURVE 96
#define SIM_MAX_BREAKS 4
#define SIM_BATCHES 20

/* ------------------------------------------------------------------ */
/* Random numbers                                                       */

typedef struct sim_rng {
  uint64_t s[4];
} sim_rng;

void rng_seed(sim_rng *r, uint64_t seed);
uint64_t rng_next(sim_rng *r);
double rng_uniform(sim_rng *r); /* (0, 1) */
double rng_exp(sim_rng *r, double mean);

typedef enum sim_dist_kind {
  DIST_FIXED = 0,
  DIST_EXP = 1,
  DIST_LOGNORMAL = 2,
  DIST_UNIFORM = 3
} sim_dist_kind;

/* A distribution of durations in seconds. */
typedef struct sim_dist {
  int kind;
  double mean;  /* FIXED, EXP, LOGNORMAL */
  double cv;    /* LOGNORMAL: coefficient of variation */
  double lo, hi;/* UNIFORM; also clamps LOGNORMAL when hi > 0 */
} sim_dist;

double dist_draw(sim_rng *r, const sim_dist *d);
const char *dist_name(int kind);

/* ------------------------------------------------------------------ */
/* Event heap                                                           */

typedef enum sim_ev_type {
  EV_ARRIVAL = 1,   /* next arrival of stream `a` */
  EV_ABANDON = 2,   /* contact slot a (gen) runs out of patience */
  EV_ANSWER = 3,    /* agent b answers contact slot a */
  EV_HANGUP = 4,    /* conversation of slot a ends */
  EV_WRAPUP = 5,    /* wrap-up of slot a done */
  EV_SHIFT = 6,     /* agent a: shift/break change (b = what) */
  EV_STOP = 7       /* end of the measured period */
} sim_ev_type;

typedef struct sim_event {
  uint64_t t;
  uint64_t seq;  /* tie-break: insertion order */
  uint32_t type;
  uint32_t a;
  uint32_t b;
  uint32_t gen;
} sim_event;

typedef struct sim_heap {
  sim_event *v;
  size_t n, cap;
  uint64_t seq;
} sim_heap;

int heap_push(sim_heap *h, uint64_t t, uint32_t type, uint32_t a, uint32_t b,
              uint32_t gen);
int heap_pop(sim_heap *h, sim_event *out);
void heap_free(sim_heap *h);

/* ------------------------------------------------------------------ */
/* Scenario (what to simulate)                                          */

typedef struct sim_code {
  char name[32];
  char id[32];      /* catalog id: the name in lower case, dashes */
  double share;     /* probability weight within the queue */
  int resolved;     /* counts as resolved (FCR, resolution rate) */
} sim_code;

typedef struct sim_queue_model {
  char id[48];
  char name[64];
  int32_t channel;
  char strategy[32];
  int64_t sl_threshold_ms;
  int64_t ring_timeout_ms;
  int64_t wrapup_cap_ms;    /* queue wrap-up time (engine); the host ends
                               wrap-up earlier with wrapup_done */
  int32_t priority;
  /* traffic */
  double daily_volume;      /* contacts per day (curve mode) */
  double rate_per_s;        /* constant rate (when no curve) */
  sim_dist handle;          /* talk time */
  sim_dist wrapup;          /* wrap-up time (FIXED 0 = none) */
  sim_dist patience;        /* mean 0 = never abandons */
  double lang_de_share;     /* share needing skill "de" */
  double vip_share;         /* share of known VIP customers */
  double repeat_share;      /* unresolved: share calling again */
  sim_dist repeat_delay;    /* delay before the repeat contact */
  int ncodes;
  sim_code codes[SIM_MAX_CODES];
} sim_queue_model;

typedef struct sim_break {
  double start_s, len_s;
  char reason[16];
} sim_break;

typedef struct sim_agent_model {
  char id[48];
  char name[64];
  uint32_t capacity[ACDR_CHANNEL_COUNT];
  int nskills;
  acdr_skill skills[SIM_MAX_SKILLS];
  char skill_names[SIM_MAX_SKILLS][16];
  double shift_start_s, shift_end_s;
  int nbreaks;
  sim_break breaks[SIM_MAX_BREAKS];
  double answer_delay_lo, answer_delay_hi; /* seconds; both 0: instant */
  double miss_share;        /* offers the agent lets ring out */
  double aht_factor;        /* personal speed (1 = average) */
  int vip_manager;          /* serves as account manager for VIPs */
} sim_agent_model;

typedef struct sim_member_model {
  uint32_t queue, agent;
  int32_t penalty;
} sim_member_model;

typedef struct sim_scenario {
  char name[64];
  int mmn;                  /* 1: M/M/N(+M) validation run */
  uint64_t seed;
  double start_s, end_s;    /* arrivals between these times */
  double warmup_s;          /* contacts arriving earlier are not counted */
  uint64_t max_contacts;    /* 0: until end_s; else this many counted */
  double interval_s;        /* report interval */
  double open_s, close_s;   /* business hours (seconds after midnight);
                               close <= open: always open */
  int64_t unix_time_at_zero;
  double curve[SIM_MAX_CURVE]; /* share of the day's volume per interval */
  int ncurve;
  double curve_step_s;
  double sl_target;         /* e.g. 0.80 for the chart */
  size_t nqueues, nagents, nmembers;
  sim_queue_model *queues;
  sim_agent_model *agents;
  sim_member_model *members;
} sim_scenario;

void scenario_free(sim_scenario *s);
int scenario_default(sim_scenario *s);
int scenario_mmn(sim_scenario *s, int32_t agents, double rate_per_hour,
                 double aht_s, double patience_s, double threshold_s);

/* ------------------------------------------------------------------ */
/* Results                                                              */

typedef struct sim_tally {
  uint64_t offered, answered, abandoned, short_abandoned, waited;
  uint64_t within_t;        /* answered with wait <= T */
  uint64_t overflowed, rejected, closed, callbacks, timed_out;
  uint64_t resolved, first_contacts, fcr, repeats;
  double wait_sum_s;        /* answered contacts */
  double abandon_wait_sum_s;
  double talk_sum_s, wrap_sum_s;
  uint64_t handled;         /* contacts whose wrap-up ended */
  double max_wait_s;
  uint64_t codes[SIM_MAX_CODES];
} sim_tally;

typedef struct sim_agent_stats {
  sim_tally t;
  double logged_in_s;
  double busy_s;            /* not idle while logged in */
  double idle_s;            /* available and idle */
  double away_s;
  uint64_t offers, missed;
} sim_agent_stats;

typedef struct sim_interval {
  sim_tally t;
  double waiting_area;      /* integral of contacts waiting, contact*s */
  double busy_area;         /* integral of agents not idle */
  double staffed_area;      /* integral of agents logged in */
  uint32_t max_waiting;
} sim_interval;

typedef struct sim_batch {
  uint64_t offered, answered, abandoned, waited, within_t;
  double wait_sum_s;
  double busy_area;         /* agent-seconds busy */
  double start_s, end_s;
} sim_batch;

typedef struct sim_ci {
  double mean, half, low, high;
} sim_ci;

typedef struct sim_result {
  sim_tally total;
  sim_tally *queue;         /* [nqueues] */
  sim_agent_stats *agent;   /* [nagents] */
  sim_interval *iv;         /* [niv] */
  size_t niv;
  sim_batch batch[SIM_BATCHES];
  double measure_start_s, measure_end_s;
  double busy_area;         /* all agents, measured period */
  uint64_t events, actions, engine_calls;
  double cpu_s;
  /* M/M/N */
  int have_erlang;
  int erlang_rv;
  acdr_erlang_result erlang;
  sim_ci ci_sl, ci_pwait, ci_asa, ci_abandon, ci_occ;
  /* engine-side cross-checks */
  uint64_t engine_arrived, engine_ended;
  /* the library's own metrics (metrics.h): what the report shows */
  int have_lib;
  acdr_metrics lib_total;
  acdr_metrics *lib_queue;  /* [nqueues] */
  acdr_metrics *lib_agent;  /* [nagents] */
  acdr_metrics *lib_iv;     /* [niv] */
} sim_result;

/* ------------------------------------------------------------------ */
/* Running                                                              */

typedef struct sim_options {
  const char *strategy;     /* override every queue's strategy */
  int quiet;                /* no progress on stderr */
  int check;                /* run acdr_engine_check() now and then */
} sim_options;

int sim_run(const sim_scenario *s, const sim_options *o, sim_result *r);
void result_free(sim_result *r);

/* stats.c */
void stats_finish(const sim_scenario *s, sim_result *r);
double tally_sl(const sim_tally *t);       /* within T / offered */
double tally_asa(const sim_tally *t);
double tally_abandon_rate(const sim_tally *t);
double tally_aht(const sim_tally *t);
double tally_ratio(uint64_t num, uint64_t den);

/* report.c / output.c */
void report_text(FILE *f, const sim_scenario *s, const sim_result *r);
void output_json(FILE *f, const sim_scenario *s, const sim_result *r);
int output_csv(const char *path, const sim_scenario *s, const sim_result *r);
int output_svg(const char *path, const sim_scenario *s, const sim_result *r);

#endif
