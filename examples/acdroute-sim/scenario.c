/*
 * acdroute-sim: the scenarios.
 *
 * scenario_default: one weekday of a mid-size center ("Northwind
 * Telecom"): sales, support (English and German), a VIP line with personal
 * account managers, and a chat team; three shifts with breaks; business
 * hours 08:00-20:00; a two-peak intraday arrival curve; lognormal handle
 * and wrap-up times; lognormal caller patience; a disposition mix per
 * queue and repeat contacts for unresolved issues (which is what FCR
 * measures).
 *
 * scenario_mmn: the textbook M/M/N(+M) queue used to validate the
 * simulator (and the engine) against Erlang C / Erlang A.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim.h"

void scenario_free(sim_scenario *s) {
  free(s->queues);
  free(s->agents);
  free(s->members);
  memset(s, 0, sizeof *s);
}

static void copy(char *dst, size_t n, const char *src) {
  snprintf(dst, n, "%s", src);
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
  copy(s->name, sizeof s->name, patience_s > 0 ? "M/M/N+M (Erlang A)"
                                               : "M/M/N (Erlang C)");
  s->mmn = 1;
  s->seed = 1;
  s->max_contacts = 200000;
  s->warmup_s = 20.0 * aht_s;
  s->interval_s = 3600;
  s->sl_target = 0.8;
  s->nqueues = 1;
  s->nagents = (size_t)agents;
  s->nmembers = (size_t)agents;
  sim_queue_model *q = &s->queues[0];
  copy(q->id, sizeof q->id, "q");
  copy(q->name, sizeof q->name, "M/M/N queue");
  q->channel = ACDR_CHANNEL_VOICE;
  q->sl_threshold_ms = (int64_t)(threshold_s * 1000.0 + 0.5);
  q->ring_timeout_ms = 0;
  q->wrapup_cap_ms = 0;
  q->rate_per_s = rate_per_hour / 3600.0;
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

typedef struct team {
  const char *prefix;
  int count;
  uint32_t voice, chat;
  const char *skill1;
  int32_t level1;
  const char *skill2;
  int32_t level2;
  int vip_manager;
} team;

static void code(sim_queue_model *q, const char *name, double share,
                 int resolved) {
  sim_code *c = &q->codes[q->ncodes++];
  copy(c->name, sizeof c->name, name);
  for (size_t i = 0; i < sizeof c->id - 1 && name[i]; ++i)
    c->id[i] = name[i] == ' ' ? '-'
               : (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] + 32)
                                                    : name[i];
  c->share = share;
  c->resolved = resolved;
}

static void voice_queue(sim_queue_model *q, const char *id, const char *name,
                        double volume, double aht, double patience,
                        int64_t t_ms) {
  copy(q->id, sizeof q->id, id);
  copy(q->name, sizeof q->name, name);
  q->channel = ACDR_CHANNEL_VOICE;
  q->sl_threshold_ms = t_ms;
  q->ring_timeout_ms = 15000;
  q->wrapup_cap_ms = 180000;
  q->daily_volume = volume;
  q->handle = (sim_dist){DIST_LOGNORMAL, aht, 0.75, 20, 3600};
  q->wrapup = (sim_dist){DIST_LOGNORMAL, 35, 0.5, 5, 170};
  q->patience = (sim_dist){DIST_LOGNORMAL, patience, 1.0, 3, 1800};
  q->repeat_share = 0.6;
  q->repeat_delay = (sim_dist){DIST_LOGNORMAL, 5400, 1.0, 300, 6 * 3600};
}

int scenario_default(sim_scenario *s) {
  static const team teams[] = {
      {"sales", 12, 1, 0, "en", 80, "sales", 80, 0},
      {"support", 18, 1, 0, "en", 80, "support", 70, 0},
      {"german", 8, 1, 0, "de", 90, "en", 70, 0},
      {"vip", 4, 1, 0, "en", 90, "vip", 90, 1},
      {"chat", 14, 0, 3, "en", 80, "chat", 80, 0},
  };
  /* shift starts (seconds after midnight), cycled per team member */
  static const double shifts[] = {7.75 * 3600, 9.75 * 3600, 11.75 * 3600};
  /* hourly share of the day's volume, 07:00 .. 20:59 (07:xx and 20:xx
   * arrive outside business hours and hear the closed message) */
  static const double hourly[14] = {0.3, 5, 8, 10, 9.5, 7.5, 8,
                                    9,   8.5, 7.5, 6.5, 5, 3.5, 0.5};
  size_t na = 0;
  for (size_t i = 0; i < sizeof teams / sizeof teams[0]; ++i)
    na += (size_t)teams[i].count;
  memset(s, 0, sizeof *s);
  if (alloc(s, 4, na, na * 3) != 0) return -1;
  copy(s->name, sizeof s->name, "Northwind Telecom, one weekday");
  s->seed = 1;
  s->start_s = 0;
  s->end_s = 86400;
  s->interval_s = 1800;
  s->open_s = 8 * 3600;
  s->close_s = 20 * 3600;
  s->unix_time_at_zero = 1709510400; /* Monday 2024-03-04 00:00 UTC */
  s->sl_target = 0.8;
  s->curve_step_s = 1800;
  s->ncurve = 48;
  double tot = 0;
  for (int h = 0; h < 14; ++h) tot += 2 * hourly[h];
  for (int k = 0; k < 48; ++k) {
    int h = k / 2 - 7;
    s->curve[k] = h >= 0 && h < 14 ? hourly[h] / tot : 0;
  }

  /* queues */
  s->nqueues = 4;
  sim_queue_model *q = &s->queues[0];
  voice_queue(q, "sales", "Sales", 950, 240, 120, 20000);
  code(q, "Deal closed", 14, 1);
  code(q, "Demo booked", 12, 1);
  code(q, "Meeting scheduled", 6, 1);
  code(q, "Interested", 22, 0);
  code(q, "Not interested", 28, 1);
  code(q, "Callback requested", 10, 0);
  code(q, "Do not contact", 3, 1);
  code(q, "Wrong number", 5, 1);
  q->repeat_share = 0.35;

  q = &s->queues[1];
  voice_queue(q, "support", "Support", 1500, 400, 180, 30000);
  q->lang_de_share = 0.25;
  code(q, "Resolved", 64, 1);
  code(q, "Follow-up required", 18, 0);
  code(q, "Callback requested", 9, 0);
  code(q, "Not interested", 3, 1);
  code(q, "Dropped", 4, 0);
  code(q, "Wrong number", 2, 1);

  q = &s->queues[2];
  voice_queue(q, "vip", "VIP line", 180, 360, 240, 15000);
  q->priority = 5;
  q->vip_share = 0.85;
  code(q, "Resolved", 70, 1);
  code(q, "Deal closed", 10, 1);
  code(q, "Follow-up required", 15, 0);
  code(q, "Meeting scheduled", 5, 1);

  q = &s->queues[3];
  copy(q->id, sizeof q->id, "chat");
  copy(q->name, sizeof q->name, "Web chat");
  q->channel = ACDR_CHANNEL_CHAT;
  copy(q->strategy, sizeof q->strategy, "least-busy");
  q->sl_threshold_ms = 60000;
  q->ring_timeout_ms = 30000;
  q->wrapup_cap_ms = 60000;
  q->daily_volume = 1100;
  q->handle = (sim_dist){DIST_LOGNORMAL, 720, 0.6, 60, 5400};
  q->wrapup = (sim_dist){DIST_LOGNORMAL, 15, 0.5, 2, 55};
  q->patience = (sim_dist){DIST_LOGNORMAL, 300, 1.0, 10, 3600};
  q->repeat_share = 0.5;
  q->repeat_delay = (sim_dist){DIST_LOGNORMAL, 3600, 1.0, 120, 4 * 3600};
  code(q, "Resolved", 70, 1);
  code(q, "Follow-up required", 15, 0);
  code(q, "Interested", 8, 0);
  code(q, "Demo booked", 4, 1);
  code(q, "Not interested", 3, 1);

  /* agents and memberships */
  size_t ai = 0, mi = 0;
  for (size_t t = 0; t < sizeof teams / sizeof teams[0]; ++t) {
    const team *tm = &teams[t];
    for (int k = 0; k < tm->count; ++k, ++ai) {
      sim_agent_model *a = &s->agents[ai];
      snprintf(a->id, sizeof a->id, "%s-%02d", tm->prefix, k + 1);
      snprintf(a->name, sizeof a->name, "%s %s",
               first_names[ai % (sizeof first_names / sizeof *first_names)],
               last_names[(ai * 5 + 3) % (sizeof last_names /
                                          sizeof *last_names)]);
      a->capacity[ACDR_CHANNEL_VOICE] = tm->voice;
      a->capacity[ACDR_CHANNEL_CHAT] = tm->chat;
      a->capacity[ACDR_CHANNEL_EMAIL] = 0;
      copy(a->skill_names[0], sizeof a->skill_names[0], tm->skill1);
      copy(a->skill_names[1], sizeof a->skill_names[1], tm->skill2);
      a->skills[0].name = a->skill_names[0];
      a->skills[0].level = tm->level1;
      a->skills[1].name = a->skill_names[1];
      a->skills[1].level = tm->level2;
      a->nskills = 2;
      double st = shifts[k % 3];
      a->shift_start_s = st;
      a->shift_end_s = st + 8.5 * 3600;
      a->nbreaks = 3;
      double stagger = (k / 3 % 4) * 900.0; /* not all at once */
      a->breaks[0] = (sim_break){st + 2 * 3600 + stagger, 900, "break"};
      a->breaks[1] = (sim_break){st + 4 * 3600 + stagger, 1800, "lunch"};
      a->breaks[2] = (sim_break){st + 6.5 * 3600 + stagger, 900, "break"};
      a->answer_delay_lo = 1.0;
      a->answer_delay_hi = 5.0;
      a->miss_share = 0.02;
      a->aht_factor = 0.85 + 0.3 * (double)((ai * 7) % 11) / 10.0;
      a->vip_manager = tm->vip_manager;
      /* memberships: (queue, penalty) */
      int32_t qs[3][2];
      int nq = 0;
      if (t == 0) {
        qs[nq][0] = 0; qs[nq++][1] = 0;
        qs[nq][0] = 1; qs[nq++][1] = 2;
      } else if (t == 1) {
        qs[nq][0] = 1; qs[nq++][1] = 0;
        qs[nq][0] = 0; qs[nq++][1] = 1;
      } else if (t == 2) {
        qs[nq][0] = 1; qs[nq++][1] = 0;
        qs[nq][0] = 0; qs[nq++][1] = 1;
      } else if (t == 3) {
        qs[nq][0] = 2; qs[nq++][1] = 0;
        qs[nq][0] = 0; qs[nq++][1] = 2;
        qs[nq][0] = 1; qs[nq++][1] = 2;
      } else {
        qs[nq][0] = 3; qs[nq++][1] = 0;
      }
      for (int j = 0; j < nq; ++j) {
        s->members[mi].queue = (uint32_t)qs[j][0];
        s->members[mi].agent = (uint32_t)ai;
        s->members[mi].penalty = qs[j][1];
        mi++;
      }
    }
  }
  s->nagents = ai;
  s->nmembers = mi;
  return 0;
}
