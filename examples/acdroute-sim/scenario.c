/* SPDX-License-Identifier: MIT */
/*
 * acdroute-sim: the scenarios.
 *
 * scenario_default: one weekday of a mid-size center ("Northwind
 * Telecom"): sales, support (English and German), a VIP line with personal
 * account managers, and a chat team; business hours 08:00-20:00; a
 * two-peak intraday arrival curve; lognormal handle and wrap-up times;
 * lognormal caller patience; a disposition mix per queue and repeat
 * contacts for unresolved issues (which is what FCR measures).  Each
 * team's shifts are planned per interval with the library's Erlang A
 * staffing (staffing.c), breaks included.
 *
 * scenario_mmn: the textbook M/M/N(+M) queue used to validate the
 * simulator (and the engine) against Erlang C / Erlang A.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

void scenario_free(sim_scenario *s) {
  free(s->queues);
  free(s->agents);
  free(s->members);
  free(s->engine_doc);
  free(s->source);
  memset(s, 0, sizeof *s);
}

void scenario_rates(sim_queue_model *q) {
  double sum = 0;
  if (q->volume > 0 && q->nrates > 0)
    for (int k = 0; k < q->nrates; ++k) sum += q->curve[k];
  for (int k = 0; k < q->nrates; ++k)
    q->rates[k] = q->volume > 0 ? (sum > 0 ? q->volume * q->curve[k] / sum /
                                                 (86400.0 / q->nrates)
                                           : 0)
                                : q->curve[k] / 3600.0;
  if (q->nrates == 0) q->rate_per_s = q->rate_per_hour / 3600.0;
}

double scenario_speed(double lo, double hi, size_t i) {
  return lo + (hi - lo) * (double)((i * 7) % 11) / 10.0;
}

void str_copy(char *dst, size_t n, const char *src) {
  snprintf(dst, n, "%s", src ? src : "");
}

static int alloc(sim_scenario *s, size_t nq, size_t na, size_t nm) {
  s->queues = calloc(nq, sizeof(*s->queues));
  s->agents = calloc(na, sizeof(*s->agents));
  s->members = calloc(nm ? nm : 1, sizeof(*s->members));
  if (!s->queues || !s->agents || !s->members) {
    scenario_free(s);
    return -1;
  }
  return 0;
}

int scenario_mmn(sim_scenario *s, int32_t agents, double rate_per_hour,
                 double aht_s, double patience_s, double threshold_s) {
  memset(s, 0, sizeof *s);
  if (agents < 1 || rate_per_hour <= 0 || aht_s <= 0) return -1;
  if (alloc(s, 1, (size_t)agents, (size_t)agents) != 0) return -1;
  str_copy(s->name, sizeof s->name, patience_s > 0 ? "M/M/N+M (Erlang A)"
                                                   : "M/M/N (Erlang C)");
  s->mmn = 1;
  s->seed = 1;
  s->days = 1;
  s->max_contacts = 200000;
  s->warmup_s = 20.0 * aht_s;
  s->interval_s = 3600;
  s->sl_target = 0.8;
  s->nqueues = 1;
  s->nagents = (size_t)agents;
  s->nmembers = (size_t)agents;
  sim_queue_model *q = &s->queues[0];
  str_copy(q->id, sizeof q->id, "q");
  str_copy(q->name, sizeof q->name, "M/M/N queue");
  q->channel = ACDR_CHANNEL_VOICE;
  q->sl_threshold_ms = (int64_t)(threshold_s * 1000.0 + 0.5);
  q->ring_timeout_ms = 0;
  q->wrapup_cap_ms = 0;
  q->rate_per_hour = rate_per_hour;
  scenario_rates(q);
  q->handle.kind = DIST_EXP;
  q->handle.mean = aht_s;
  q->patience.kind = DIST_EXP;
  q->patience.mean = patience_s > 0 ? patience_s : 0;
  for (int32_t i = 0; i < agents; ++i) {
    sim_agent_model *a = &s->agents[i];
    snprintf(a->id, sizeof a->id, "a%d", (int)i);
    a->capacity[ACDR_CHANNEL_VOICE] = 1;
    a->shift_start_s = 0;
    a->shift_end_s = 0; /* never logs out */
    a->aht_factor = 1.0;
    a->speed_lo = a->speed_hi = 1.0;
    s->members[i].queue = 0;
    s->members[i].agent = (uint32_t)i;
  }
  return 0;
}

/* ------------------------------------------------------------------ */
/* The default day                                                      */

static const char *const first_names[] = {
    "Anna",  "Ben",    "Chloe", "David", "Emma",   "Felix", "Grace", "Hugo",
    "Ines",  "Jonas",  "Kara",  "Liam",  "Maya",   "Noah",  "Olga",  "Paul",
    "Quinn", "Rosa",   "Sam",   "Tara",  "Umar",   "Vera",  "Will",  "Xenia",
    "Yusuf", "Zoe",    "Arjun", "Bea",   "Carlos", "Dana",  "Eli",   "Fay"};
static const char *const last_names[] = {
    "Adler", "Brooks", "Costa", "Dietz", "Evans", "Fischer", "Garcia",
    "Hahn",  "Ito",    "Jones", "Klein", "Lopez", "Meyer",   "Novak"};

/* A team: its agents' skills and queues, and the load its shifts are
 * planned for (a share of one queue's traffic). */
typedef struct team {
  const char *prefix;
  uint32_t voice, chat;
  const char *skill1;
  int32_t level1;
  const char *skill2;
  int32_t level2;
  int32_t queues[3][2];      /* (queue, penalty), queue -1 = none */
  int plan_queue;            /* the load it is sized for */
  double plan_share;
} team;

static void code(sim_queue_model *q, const char *name, double share,
                 int resolved) {
  sim_code *c = &q->codes[q->ncodes++];
  str_copy(c->name, sizeof c->name, name);
  memset(c->id, 0, sizeof c->id);
  for (size_t i = 0; i < sizeof c->id - 1 && name[i]; ++i)
    c->id[i] = name[i] == ' ' ? '-'
               : (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] + 32)
                                                    : name[i];
  c->share = share;
  c->resolved = resolved;
}

/* Disposition codes of a queue: name, share (a weight), resolved. */
typedef struct code_def {
  const char *name;
  double share;
  int resolved;
} code_def;

static void codes(sim_queue_model *q, const code_def *d, size_t n) {
  for (size_t i = 0; i < n; ++i) code(q, d[i].name, d[i].share, d[i].resolved);
}

/* What a channel's contacts are like in the built-in day: handle time and
 * patience are lognormal around a queue's means, sd = handle_sd * mean
 * (handle) or the mean (patience), clamped to [min, max]. */
typedef struct channel_profile {
  int32_t channel;
  const char *strategy;
  int64_t ring_ms, wrapup_cap_ms;
  double handle_sd, handle_min, handle_max, patience_min, patience_max;
  sim_dist wrapup, repeat_delay;
  double repeat_share;
} channel_profile;

static const channel_profile voice = {
    ACDR_CHANNEL_VOICE, "", 15000, 180000, 0.75, 20, 3600, 3, 1800,
    {DIST_LOGNORMAL, 35, 17.5, 5, 170},
    {DIST_LOGNORMAL, 5400, 5400, 300, 6 * 3600}, 0.6};
static const channel_profile chat = {
    ACDR_CHANNEL_CHAT, "least-busy", 30000, 60000, 0.6, 60, 5400, 10, 3600,
    {DIST_LOGNORMAL, 15, 7.5, 2, 55},
    {DIST_LOGNORMAL, 3600, 3600, 120, 4 * 3600}, 0.5};

static void queue_of(sim_queue_model *q, const channel_profile *p,
                     const char *id, const char *name, double aht,
                     double patience, int64_t t_ms) {
  str_copy(q->id, sizeof q->id, id);
  str_copy(q->name, sizeof q->name, name);
  q->channel = p->channel;
  str_copy(q->strategy, sizeof q->strategy, p->strategy);
  q->sl_threshold_ms = t_ms;
  q->ring_timeout_ms = p->ring_ms;
  q->wrapup_cap_ms = p->wrapup_cap_ms;
  q->known_agent_hold_ms = 30000;
  q->vip_hold_ms = -1;
  q->handle = (sim_dist){DIST_LOGNORMAL, aht, aht * p->handle_sd,
                         p->handle_min, p->handle_max};
  q->wrapup = p->wrapup;
  q->patience = (sim_dist){DIST_LOGNORMAL, patience, patience,
                           p->patience_min, p->patience_max};
  q->repeat_share = p->repeat_share;
  q->retry_abandoned_share = 0.35;
  q->repeat_delay = p->repeat_delay;
}

static void attr_value(sim_attr *a, const char *value, double share,
                       const char *skill) {
  sim_attr_value *v = &a->v[a->nvalues++];
  str_copy(v->value, sizeof v->value, value);
  v->share = share;
  str_copy(v->skill, sizeof v->skill, skill ? skill : "");
  v->level = skill ? 1 : 0;
}

/* Arrivals per day of each queue, and the intraday curve: share of the
 * day's volume per hour, 07:00 .. 20:59 (07:xx and 20:xx arrive outside
 * business hours and hear the closed message). */
static const double volume[4] = {950, 1500, 180, 1100};
static const double hourly[14] = {0.3, 5, 8, 10, 9.5, 7.5, 8,
                                  9,   8.5, 7.5, 6.5, 5, 3.5, 0.5};

/* Expected contacts per first contact, with the repeats unresolved (and
 * some resolved) issues bring back: 1 / (1 - p(repeat)). */
static double repeat_factor(const sim_queue_model *q) {
  double tot = 0, res = 0;
  for (int i = 0; i < q->ncodes; ++i) {
    tot += q->codes[i].share;
    if (q->codes[i].resolved) res += q->codes[i].share;
  }
  double pr = tot > 0 ? res / tot : 0;
  double r = (1 - pr) * q->repeat_share + pr * q->repeat_resolved_share;
  return r < 0.9 ? 1.0 / (1.0 - r) : 10.0;
}

#define DAY_STEPS 48 /* 30-minute intervals */
#define TARGET_SL 0.80
#define MAX_ABANDON 0.05

int scenario_default(sim_scenario *s) {
  static const team teams[] = {
      {"sales", 1, 0, "en", 80, "sales", 80, {{0, 0}, {1, 2}, {-1, 0}}, 0, 1},
      {"support", 1, 0, "en", 80, "support", 70, {{1, 0}, {0, 1}, {2, 1}},
       1, 0.75},
      {"german", 1, 0, "de", 90, "en", 70, {{1, 0}, {0, 1}, {-1, 0}}, 1,
       0.25},
      {"vip", 1, 0, "en", 90, "vip", 90, {{2, 0}, {0, 2}, {1, 2}}, 2, 1},
      {"chat", 0, 3, "en", 80, "chat", 80, {{3, 0}, {-1, 0}, {-1, 0}}, 3, 1},
  };
  enum { NTEAMS = sizeof teams / sizeof teams[0], MAXSHIFTS = 64 };
  double starts[NTEAMS][MAXSHIFTS], ends[NTEAMS][MAXSHIFTS];
  /* full time 8.5 h (with a 30 min lunch), 6 h, 4 h part time */
  static const double lens[3] = {8.5 * 3600, 6 * 3600, 4 * 3600};
  int nstarts[NTEAMS];
  memset(s, 0, sizeof *s);
  if (alloc(s, 4, NTEAMS * MAXSHIFTS, NTEAMS * MAXSHIFTS * 3) != 0) return -1;
  str_copy(s->name, sizeof s->name, "Northwind Telecom, one weekday");
  s->seed = 1;
  s->days = 1;
  s->start_s = 0;
  s->end_s = 86400;
  s->interval_s = 1800;
  s->open_s = 8 * 3600;
  s->close_s = 20 * 3600;
  s->unix_time_at_zero = 1709510400; /* Monday 2024-03-04 00:00 UTC */
  s->sl_target = 0.8;
  s->fcr_window_ms = 86400000; /* a repeat within a day spoils FCR */

  /* queues */
  s->nqueues = 4;
  sim_queue_model *q = &s->queues[0];
  queue_of(q, &voice, "sales", "Sales", 240, 120, 20000);
  static const code_def sales_codes[] = {
      {"Deal closed", 14, 1},      {"Demo booked", 12, 1},
      {"Meeting scheduled", 6, 1}, {"Interested", 22, 0},
      {"Not interested", 28, 1},   {"Callback requested", 10, 0},
      {"Do not contact", 3, 1},    {"Wrong number", 5, 1}};
  codes(q, sales_codes, NELEM(sales_codes));
  q->repeat_share = 0.35;

  q = &s->queues[1];
  queue_of(q, &voice, "support", "Support", 400, 180, 30000);
  q->nattrs = 1;
  str_copy(q->attrs[0].key, sizeof q->attrs[0].key, "lang");
  attr_value(&q->attrs[0], "en", 75, NULL);
  attr_value(&q->attrs[0], "de", 25, "de"); /* needs a German speaker */
  static const code_def support_codes[] = {
      {"Resolved", 64, 1},           {"Follow-up required", 18, 0},
      {"Callback requested", 9, 0},  {"Not interested", 3, 1},
      {"Dropped", 4, 0},             {"Wrong number", 2, 1}};
  codes(q, support_codes, NELEM(support_codes));

  q = &s->queues[2];
  queue_of(q, &voice, "vip", "VIP line", 360, 240, 15000);
  q->priority = 5;
  q->weight = 10;
  /* 85% are known customers with an account manager: held 10 s for
   * their manager (known agent), then any VIP manager, then support */
  q->vip_share = 0.85;
  q->vip_priority_boost = 10;
  q->known_agent_hold_ms = 10000;
  static const code_def vip_codes[] = {
      {"Resolved", 70, 1},           {"Deal closed", 10, 1},
      {"Follow-up required", 15, 0}, {"Meeting scheduled", 5, 1}};
  codes(q, vip_codes, NELEM(vip_codes));

  q = &s->queues[3];
  queue_of(q, &chat, "chat", "Web chat", 720, 300, 60000);
  static const code_def chat_codes[] = {
      {"Resolved", 70, 1},    {"Follow-up required", 15, 0},
      {"Interested", 8, 0},   {"Demo booked", 4, 1},
      {"Not interested", 3, 1}};
  codes(q, chat_codes, NELEM(chat_codes));

  /* arrival rates per 30-minute interval */
  for (size_t i = 0; i < s->nqueues; ++i) {
    q = &s->queues[i];
    q->repeat_resolved_share = q->repeat_share * 0.15;
    q->volume = volume[i];
    q->nrates = DAY_STEPS;
    for (int k = 0; k < DAY_STEPS; ++k) {
      int h = k / 2 - 7;
      q->curve[k] = h >= 0 && h < 14 ? hourly[h] : 0;
    }
    scenario_rates(q);
  }

  /* shifts: the voice teams are planned as one pool (they back each
   * other up: support and German speakers take sales and VIP calls,
   * sales takes support calls), chat on its own.  Per interval: Erlang A
   * for the pool's arrivals (with repeats), rate-weighted AHT, patience
   * and T; the pool's agents are split among its teams by offered load;
   * then each team's shifts cover its share. */
  double rate[NTEAMS][DAY_STEPS], load[NTEAMS][DAY_STEPS];
  int32_t need[NTEAMS][DAY_STEPS];
  memset(need, 0, sizeof need);
  for (size_t t = 0; t < NTEAMS; ++t) {
    const sim_queue_model *pq = &s->queues[teams[t].plan_queue];
    double f = repeat_factor(pq);
    for (int k = 0; k < DAY_STEPS; ++k) {
      double mid = (k + 0.5) * 1800.0; /* only while open */
      rate[t][k] = mid > s->open_s && mid < s->close_s
                       ? pq->rates[k] * teams[t].plan_share * f
                       : 0;
      load[t][k] = rate[t][k] * (pq->handle.mean + pq->wrapup.mean + 3.0);
    }
  }
  for (int pool = 0; pool < 2; ++pool) { /* 0: voice, 1: chat */
    double prate[DAY_STEPS], aht = 0, pat = 0, thr = 0, w = 0;
    int32_t pneed[DAY_STEPS];
    int per = pool ? 3 : 1;
    for (int k = 0; k < DAY_STEPS; ++k) prate[k] = 0;
    for (size_t t = 0; t < NTEAMS; ++t) {
      const sim_queue_model *pq = &s->queues[teams[t].plan_queue];
      if ((teams[t].chat > 0) != pool) continue;
      for (int k = 0; k < DAY_STEPS; ++k) {
        prate[k] += rate[t][k];
        w += rate[t][k];
        aht += load[t][k];
        pat += rate[t][k] * pq->patience.mean;
        thr += rate[t][k] * (double)pq->sl_threshold_ms / 1000.0;
      }
    }
    if (w <= 0) continue;
    sim_plan_load l = {prate, aht / w, pat / w, thr / w, TARGET_SL,
                       MAX_ABANDON, per};
    if (plan_need(pneed, DAY_STEPS, &l) != 0) return -1;
    for (int k = 0; k < DAY_STEPS; ++k) {
      /* split by load, largest remainder; a team with load gets >= 1 */
      double tot = 0, rem[NTEAMS];
      int32_t given = 0;
      s->planned[k] += pneed[k];
      for (size_t t = 0; t < NTEAMS; ++t)
        if ((teams[t].chat > 0) == pool) tot += load[t][k];
      if (tot <= 0) continue;
      for (size_t t = 0; t < NTEAMS; ++t) {
        rem[t] = -1;
        if ((teams[t].chat > 0) != pool || load[t][k] <= 0) continue;
        double x = pneed[k] * load[t][k] / tot;
        need[t][k] = (int32_t)floor(x);
        if (need[t][k] < 1) need[t][k] = 1;
        rem[t] = x - floor(x);
        given += need[t][k];
      }
      while (given < pneed[k]) {
        size_t best = NTEAMS;
        for (size_t t = 0; t < NTEAMS; ++t)
          if (rem[t] >= 0 && (best == NTEAMS || rem[t] > rem[best])) best = t;
        if (best == NTEAMS) break;
        need[best][k]++;
        rem[best] = -1;
        given++;
      }
    }
  }
  s->nplanned = DAY_STEPS;
  for (size_t t = 0; t < NTEAMS; ++t) {
    nstarts[t] = plan_shifts(starts[t], ends[t], MAXSHIFTS, need[t],
                             DAY_STEPS, 1800.0, lens, 3, s->close_s + 900.0);
    if (nstarts[t] < 0) return -1;
  }

  /* agents and memberships */
  size_t ai = 0, mi = 0;
  for (size_t t = 0; t < NTEAMS; ++t) {
    const team *tm = &teams[t];
    for (int k = 0; k < nstarts[t]; ++k, ++ai) {
      sim_agent_model *a = &s->agents[ai];
      snprintf(a->id, sizeof a->id, "%s-%02d", tm->prefix, k + 1);
      snprintf(a->name, sizeof a->name, "%s %s",
               first_names[ai % (sizeof first_names / sizeof *first_names)],
               last_names[(ai * 5 + 3) % (sizeof last_names /
                                          sizeof *last_names)]);
      a->capacity[ACDR_CHANNEL_VOICE] = tm->voice;
      a->capacity[ACDR_CHANNEL_CHAT] = tm->chat;
      a->capacity[ACDR_CHANNEL_EMAIL] = 0;
      str_copy(a->skill_names[0], sizeof a->skill_names[0], tm->skill1);
      str_copy(a->skill_names[1], sizeof a->skill_names[1], tm->skill2);
      a->skills[0].name = a->skill_names[0];
      a->skills[0].level = tm->level1;
      a->skills[1].name = a->skill_names[1];
      a->skills[1].level = tm->level2;
      a->nskills = 2;
      a->shift_start_s = starts[t][k];
      a->shift_end_s = ends[t][k];
      a->nbreaks = plan_breaks(a->breaks, a->shift_start_s, a->shift_end_s,
                               k);
      a->answer_delay_lo = 1.0;
      a->answer_delay_hi = 5.0;
      a->miss_share = 0.02;
      a->speed_lo = 0.85;
      a->speed_hi = 1.15;
      a->aht_factor = scenario_speed(a->speed_lo, a->speed_hi, ai);
      if (tm->plan_queue == 2 && s->queues[2].nvip < SIM_MAX_VIP)
        s->queues[2].vip_agents[s->queues[2].nvip++] = (uint32_t)ai;
      for (int j = 0; j < 3; ++j) {
        if (tm->queues[j][0] < 0) continue;
        s->members[mi].queue = (uint32_t)tm->queues[j][0];
        s->members[mi].agent = (uint32_t)ai;
        s->members[mi].penalty = tm->queues[j][1];
        mi++;
      }
    }
  }
  s->nagents = ai;
  s->nmembers = mi;
  return 0;
}
