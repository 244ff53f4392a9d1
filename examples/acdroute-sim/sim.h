/* SPDX-License-Identifier: MIT */
/*
 * acdroute-sim - a discrete-event contact-center simulator that drives
 * acdroute through its public API only.
 *
 * Shared declarations of the simulator's parts:
 *   rng.c        random numbers and distributions
 *   heap.c       the event heap
 *   sim*.c       the event loop and the engine's action callback
 *                (sim_internal.h lists the parts)
 *   scenario.c   the built-in day scenario and the M/M/N(+M) scenario
 *   staffing.c   shifts of the built-in day sized with Erlang A
 *   config*.c    scenario files (--config): engine document + traffic
 *                (config_internal.h lists the parts)
 *   dump.c       writing a scenario as a scenario file (--write-scenario)
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
#define SIM_MAX_CURVE 288  /* intraday rates: up to 5-minute steps */
#define SIM_MAX_BREAKS 4
#define SIM_MAX_ATTRS 4     /* customer attributes per queue */
#define SIM_MAX_VALUES 8    /* values per attribute */
#define SIM_MAX_VIP 64      /* account managers per queue */
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
  double sd;    /* LOGNORMAL: standard deviation */
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

/* One value of a customer attribute, drawn with weight `share`; a value
 * may require an agent skill (e.g. lang=de needs skill "de"). */
typedef struct sim_attr_value {
  char value[32];
  double share;
  char skill[32];           /* "" = none */
  int32_t level;
} sim_attr_value;

typedef struct sim_attr {
  char key[32];
  int nvalues;
  sim_attr_value v[SIM_MAX_VALUES];
} sim_attr;

typedef struct sim_queue_model {
  char id[48];
  char name[64];
  int32_t channel;
  char strategy[32];
  int32_t weight;
  int64_t sl_threshold_ms;
  int64_t ring_timeout_ms;
  int64_t wrapup_cap_ms;    /* queue wrap-up time (engine); the host ends
                               wrap-up earlier with wrapup_done */
  int64_t known_agent_hold_ms;
  int32_t priority;
  /* traffic */
  /* arrivals, as given (scenario_rates() derives rate_per_s/rates):
   * volume > 0: `volume` contacts per day spread by the weights curve[];
   * else nrates > 0: curve[] are rates per hour; else rate_per_hour */
  double volume;
  double curve[SIM_MAX_CURVE];
  double rate_per_hour;
  double rate_per_s;        /* constant rate (when nrates == 0) */
  int nrates;               /* intraday rates: the day cut into nrates */
  double rates[SIM_MAX_CURVE]; /* equal steps, arrivals per second */
  sim_dist handle;          /* talk time */
  sim_dist wrapup;          /* wrap-up time (FIXED 0 = none) */
  sim_dist patience;        /* mean 0 = never abandons */
  int nattrs;               /* customer attributes */
  sim_attr attrs[SIM_MAX_ATTRS];
  double vip_share;         /* share of known customers with a manager */
  int32_t vip_priority_boost; /* added to their priority */
  int64_t vip_hold_ms;      /* preferred_hold_ms; -1 = the queue's */
  int nvip;                 /* account managers (agent indexes) */
  uint32_t vip_agents[SIM_MAX_VIP];
  double repeat_share;      /* unresolved: share calling again */
  double repeat_resolved_share; /* resolved: share calling again anyway */
  double retry_abandoned_share; /* abandoned: share trying again */
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
  double aht_factor;        /* personal handle-time factor (1 = average) */
  double speed_lo, speed_hi; /* the range aht_factor was spread over */
  int off;                  /* 1: never logs in (--agents N) */
  int team;                 /* scenario_teams(): agents with the same
                               queues form a team */
} sim_agent_model;

typedef struct sim_member_model {
  uint32_t queue, agent;
  int32_t penalty;
} sim_member_model;

typedef struct sim_scenario {
  char name[128];
  int mmn;                  /* 1: M/M/N(+M) validation run */
  uint64_t seed;
  int days;                 /* shifts repeat every day */
  double start_s, end_s;    /* arrivals between these times */
  double warmup_s;          /* contacts arriving earlier are not counted */
  uint64_t max_contacts;    /* 0: until end_s; else this many counted */
  double interval_s;        /* report interval */
  double open_s, close_s;   /* business hours (seconds after midnight);
                               close <= open: always open */
  int64_t unix_time_at_zero;
  double sl_target;         /* e.g. 0.80 for the chart */
  int64_t fcr_window_ms;    /* built-in scenarios: metric setting */
  char *engine_doc;         /* --config: the engine document (malloc);
                               NULL: the engine is built from the model */
  char *source;             /* --config: the file name (malloc) */
  int nplanned;             /* built-in day: agents planned per interval */
  double planned[SIM_MAX_CURVE];
  int nteams;               /* scenario_teams() */
  size_t nqueues, nagents, nmembers;
  sim_queue_model *queues;
  sim_agent_model *agents;
  sim_member_model *members;
} sim_scenario;

void scenario_free(sim_scenario *s);
/* dst = src, cut to n - 1 characters (NULL: ""). */
void str_copy(char *dst, size_t n, const char *src);
/* Derive rate_per_s / rates[] of a queue from volume, curve[], nrates and
 * rate_per_hour. */
void scenario_rates(sim_queue_model *q);
/* The handle-time factor of the i-th agent: spread over [lo, hi] in a
 * fixed order (i*7 mod 11 of 10 steps). */
double scenario_speed(double lo, double hi, size_t i);
int scenario_default(sim_scenario *s);
int scenario_mmn(sim_scenario *s, int32_t agents, double rate_per_hour,
                 double aht_s, double patience_s, double threshold_s);

/* Quick overrides (command line); < 0 = not given. */
typedef struct sim_overrides {
  const char *strategy;
  double agents, arrival_rate, aht, patience, threshold, contacts, warmup;
  double staff_scale;       /* keep this share of every team */
  double seed;
} sim_overrides;

/* config.c: load a scenario file; errors go to stderr as
 * "FILE: /json/pointer: message".  Applies the overrides. */
int scenario_load(sim_scenario *s, const char *path,
                  const sim_overrides *ov);
/* Apply the traffic overrides (patience, aht, arrival rate, agents,
 * contacts, warmup, seed) to a loaded or built-in scenario. */
int scenario_override(sim_scenario *s, const sim_overrides *ov);
/* staffing.c: the shift planner of the built-in day (docs/simulator.md,
 * "How the default day is staffed"). */
typedef struct sim_plan_load {
  const double *rate_per_s;  /* [n] arrivals per second per interval */
  double aht_s;              /* talk + wrap-up + ringing */
  double patience_s;         /* mean; 0 = Erlang C */
  double threshold_s;
  double target_sl;          /* answered within T / offered */
  double max_abandon;
  int32_t per_agent;         /* contacts an agent handles at once */
} sim_plan_load;
/* Agents needed per interval (acdr_erlang_a_staff / acdr_erlang_c_staff).
 * Returns 0 or a negative acdr_error. */
int plan_need(int32_t *need, int n, const sim_plan_load *l);
/* Shifts (start, end in seconds after midnight) such that in every
 * interval k the agents at work and not on a break cover need[k].  Where
 * cover falls short, new shifts start there: the longest of lens[] (longest
 * first) during which the requirement stays above what is covered, else
 * the shortest; no shift ends after last_out_s.  Breaks come from
 * plan_breaks().  Returns the number of shifts (<= max), or -1. */
int plan_shifts(double *starts, double *ends, int max, const int32_t *need,
                int n, double step_s, const double *lens, int nlens,
                double last_out_s);
/* The breaks of the idx-th shift starting at `start` and ending at `end`:
 * 15 min after 2 h, 30 min lunch after 4 h, 15 min after 6.5 h, staggered
 * by idx (0, 15, 30, 45 min); breaks that do not fit are left out. */
int plan_breaks(sim_break *b, double start, double end, int idx);
/* Seconds of [a, b) during which an agent working start..end with the
 * breaks br[0..nbr) is at work (not on a break). */
double plan_at_work(double a, double b, double start, double end,
                    const sim_break *br, int nbr);

/* Group the agents into teams (same set of queues) and name each team by
 * its queues ("sales+support"); name[] may be NULL. */
void scenario_teams(sim_scenario *s);
/* The name of team k: its queues joined by "+". */
void scenario_team_name(const sim_scenario *s, int k, char *buf, size_t n);

/* dump.c: write the scenario as a scenario file */
int scenario_write(FILE *f, const sim_scenario *s);

/* ------------------------------------------------------------------ */
/* Results                                                              */

typedef struct sim_tally {
  uint64_t offered, answered, abandoned, short_abandoned, waited;
  uint64_t within_t;        /* answered with wait <= T */
  uint64_t overflowed, rejected, closed, callbacks, timed_out;
  uint64_t transferred, other; /* other: any other end reason */
  uint64_t unfinished;      /* still waiting when the run ended */
  uint64_t overflow_in;     /* queues: entered by overflow from another
                               queue (counted in offered) */
  uint64_t abandoned_in_t;  /* abandoned with wait <= T */
  uint64_t closed_all;      /* closed, warm-up included (the library's
                               metrics cover the whole run) */
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
  sim_tally *qiv;           /* [niv * nqueues]: queue q's contacts that
                               entered it in interval k at [k * nqueues + q],
                               tallied as the queue rows */
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
  uint64_t arrivals;        /* measured arrivals = offered + closed +
                               unfinished */
  uint64_t unfinished;      /* measured contacts still live at the end */
  /* the library's own metrics (metrics.h): what the report shows */
  int have_lib;
  acdr_metrics lib_total;
  acdr_metrics *lib_queue;  /* [nqueues] */
  acdr_metrics *lib_agent;  /* [nagents] */
  acdr_metrics *lib_iv;     /* [niv] */
  int lib_excl_short;       /* metrics option abandon_excludes_short */
  int sl_variant;           /* metrics option sl_variant: the formula of
                               every service level shown */
  /* every contact, warm-up included: compared with the library's
   * lifetime metrics in the cross-check */
  sim_tally all_total;
  sim_tally *all_queue;     /* [nqueues] */
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
/* The one service level of a tally, by the library's sl_variant
 * (metrics.h); NAN when its denominator is 0 (no contacts: shown blank). */
double tally_sl_of(const sim_tally *t, int variant);
/* abandoned / offered, short abandons out of both when excl_short; NAN
 * when nothing was offered. */
double tally_abandon_of(const sim_tally *t, int excl_short);
/* The accounting identities (docs/simulator.md, "Cross-check"): printed
 * to f (NULL: not printed).  Returns the number of broken ones. */
/* Whether interval k is a row of the tables, CSV and charts: not wholly
 * in the warm-up, and something happened in it (contacts or staff). */
int interval_shown(const sim_scenario *s, const sim_result *r, size_t k);
/* "HH:MM" of local time t (seconds from the start), "dN HH:MM" when the
 * run has more than one day. */
void interval_label(char *buf, size_t n, const sim_scenario *s, double t);
int accounts_check(FILE *f, const sim_scenario *s, const sim_result *r);

/* report.c / output.c */
void report_text(FILE *f, const sim_scenario *s, const sim_result *r);
void output_json(FILE *f, const sim_scenario *s, const sim_result *r);
int output_csv(const char *path, const sim_scenario *s, const sim_result *r);
int output_svg(const char *path, const sim_scenario *s, const sim_result *r);

#endif
