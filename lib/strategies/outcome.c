/* SPDX-License-Identifier: MIT */
/* outcome: route each contact to the ready agent most likely to resolve
 * it, learnt from the engine's own outcomes (the `outcome` hook: a contact
 * the agent handled ended with a disposition code that counts as resolved,
 * or not).
 *
 * Per agent and per contact type (the queue, the contact's reason, its
 * first required skill or a host attribute: setting `type`) the instance
 * keeps decayed counts of resolved (s) and unresolved (f) outcomes; both
 * halve every `half_life` seconds, so old behaviour fades.  The posterior
 * of the resolution probability is Beta(1 + s, 1 + f).  A decision draws
 * one sample per eligible ready agent (Thompson sampling, with the
 * engine's seeded generator) and offers the contact to the highest draw:
 * an agent with few outcomes has a wide posterior and so gets contacts
 * until its level is known (exploration), without a tuning constant.
 *
 * Limits, in this order:
 * - fairness: an agent whose occupancy over the last `window` seconds
 *   (decayed) is at or above `occupancy` percent, or whose share of the
 *   queue's recent offers is above `max_share` percent, is not eligible
 *   while another ready agent is (fairness never leaves a contact waiting);
 * - nothing known (no eligible agent has an outcome for the type): the
 *   longest idle eligible agent (the fallback);
 * - wait cap: with `max_wait` > 0 a contact that has waited less than
 *   max_wait stays in line when a busy member's posterior mean beats the
 *   chosen agent's by at least `margin` points; at enqueued + max_wait it
 *   goes to the best ready agent whatever the gap.
 *
 * Memory: at most `memory` (agent, type) entries; a new entry beyond that
 * replaces the one updated longest ago (a scan: O(entries), only then).
 * The whole state (entries, fairness counters, uplift counters) is saved
 * with save() as text, so snapshots and reloads carry it.
 *
 * select() is O(r) for r ready members (one draw each) plus, with
 * max_wait, O(m) for the m members; outcome() O(t) for t types known for
 * the agent. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strategies/common.h"

#define NAME "outcome"
#define NOT_READY ((size_t)-1)

typedef struct oc_stat {
  char *key;
  double s, f;    /* decayed resolved / unresolved counts at t */
  acdr_tstamp t;
} oc_stat;

typedef struct oc_agent {
  char *id;
  oc_stat *stats;
  size_t nstats, capstats;
  acdr_member *m;        /* current membership, NULL if gone */
  size_t pos;            /* index in ready[], NOT_READY */
  /* fairness, decayed with time constant `window` */
  double busy;           /* busy ns at busy_t */
  acdr_tstamp busy_t;
  acdr_tstamp busy_start; /* last offer, 0 if none pending */
  acdr_tstamp first;     /* first offer */
  double offers;         /* offers at offers_t */
  acdr_tstamp offers_t;
} oc_agent;

typedef enum { TYPE_QUEUE, TYPE_REASON, TYPE_SKILL, TYPE_ATTR } oc_type;

typedef struct oc_state {
  acdr_strategy_host *host;
  /* settings */
  int type;
  char *attr;            /* TYPE_ATTR: the attribute key */
  acdr_tstamp half_life, window, max_wait;
  uint64_t memory;
  double margin, occupancy, max_share;
  /* agents (stable addresses) and ready members */
  oc_agent **agents;
  size_t nagents, capagents;
  acdr_member **ready;
  size_t nready, capready;
  size_t nentries;
  double total;          /* queue offers, decayed, at total_t */
  acdr_tstamp total_t;
  /* counters (since creation, carried by save/load) */
  uint64_t decisions, explored, fallback, dropped;
  double uplift;         /* sum over decisions: mean(chosen) - mean(fallback) */
  /* the last select()'s decision, committed by offered() */
  acdr_member *p_m;
  acdr_tstamp p_now;
  int p_explored, p_fallback;
  double p_uplift;
} oc_state;

static oc_state *ST(acdr_strategy_state *st) { return (oc_state *)(void *)st; }

/* ---- numbers ---- */

static double decay(double v, acdr_tstamp from, acdr_tstamp to,
                    acdr_tstamp half) {
  if (to <= from || v == 0.0) return v;
  return v * exp2(-(double)(to - from) / (double)half);
}

static double uniform01(oc_state *s) {
  /* (k + 0.5) / 2^53: never 0 nor 1, so log() is finite */
  return ((double)acdr_strategy_random(s->host, (uint64_t)1 << 53) + 0.5) /
         9007199254740992.0;
}

static double normal01(oc_state *s) {
  double u1 = uniform01(s), u2 = uniform01(s);
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* Gamma(a, 1), a >= 1: Marsaglia and Tsang (2000). */
static double gamma_draw(oc_state *s, double a) {
  double d = a - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
  for (;;) {
    double x = normal01(s), v = 1.0 + c * x, u;
    if (v <= 0.0) continue;
    v = v * v * v;
    u = uniform01(s);
    if (log(u) < 0.5 * x * x + d - d * v + d * log(v)) return d * v;
  }
}

static double beta_draw(oc_state *s, double a, double b) {
  double x = gamma_draw(s, a), y = gamma_draw(s, b);
  return x / (x + y);
}

/* ---- entries ---- */

static const char *type_key(const oc_state *s, const acdr_contact_view *c) {
  const char *k = NULL;
  int32_t lvl;
  switch (s->type) {
  case TYPE_REASON: k = acdr_contact_view_reason(c); break;
  case TYPE_SKILL:
    if (acdr_contact_view_skill_count(c))
      k = acdr_contact_view_skill_at(c, 0, &lvl);
    break;
  case TYPE_ATTR: k = acdr_contact_view_attr(c, s->attr); break;
  default: break;
  }
  return k ? k : "";
}

static oc_stat *stat_find(const oc_agent *a, const char *key) {
  size_t i;
  for (i = 0; i < a->nstats; i++)
    if (strcmp(a->stats[i].key, key) == 0) return &a->stats[i];
  return NULL;
}

/* Posterior mean at now; *known = 1 if the entry has outcomes. */
static double post_mean(const oc_state *s, const oc_agent *a, const char *key,
                        acdr_tstamp now, int *known, double *al,
                        double *be) {
  const oc_stat *x = a ? stat_find(a, key) : NULL;
  double ps = 0, pf = 0;
  if (x) {
    ps = decay(x->s, x->t, now, s->half_life);
    pf = decay(x->f, x->t, now, s->half_life);
  }
  *known = x && ps + pf > 1e-9;
  *al = 1.0 + ps;
  *be = 1.0 + pf;
  return *al / (*al + *be);
}

static void stat_drop(oc_state *s, oc_agent *a, size_t i) {
  acdr_strategy_free(s->host, a->stats[i].key);
  a->stats[i] = a->stats[--a->nstats];
  s->nentries--;
}

static void agent_unlist(oc_state *s, struct oc_agent *a);

/* Make room for one more entry: drop the one updated longest ago. */
static void evict_oldest(oc_state *s) {
  oc_agent *wa = NULL;
  size_t wi = 0, i, j;
  for (i = 0; i < s->nagents; i++)
    for (j = 0; j < s->agents[i]->nstats; j++)
      if (!wa || s->agents[i]->stats[j].t < wa->stats[wi].t) {
        wa = s->agents[i];
        wi = j;
      }
  if (!wa) return;
  stat_drop(s, wa, wi);
  /* an agent that left the queue and has nothing left is forgotten, so
   * the agents kept are bounded by `memory` too */
  if (!wa->nstats && !wa->m) agent_unlist(s, wa);
}

static oc_stat *stat_get(oc_state *s, oc_agent *a, const char *key) {
  oc_stat *x = stat_find(a, key);
  char *k;
  if (x) return x;
  if (a->nstats == a->capstats) {
    size_t cap = a->capstats ? a->capstats * 2 : 4;
    oc_stat *n = acdr_strategy_realloc(s->host, a->stats, cap * sizeof(*n));
    if (!n) return NULL;
    a->stats = n;
    a->capstats = cap;
  }
  if (!(k = acdr_strategy_strdup(s->host, key))) return NULL;
  if (s->nentries >= s->memory) evict_oldest(s);
  x = &a->stats[a->nstats++];
  memset(x, 0, sizeof(*x));
  x->key = k;
  s->nentries++;
  return x;
}

/* ---- agents ---- */

static oc_agent *agent_find(const oc_state *s, const char *id) {
  size_t i;
  for (i = 0; i < s->nagents; i++)
    if (strcmp(s->agents[i]->id, id) == 0) return s->agents[i];
  return NULL;
}

static void agent_free(oc_state *s, oc_agent *a) {
  size_t i;
  for (i = 0; i < a->nstats; i++) acdr_strategy_free(s->host, a->stats[i].key);
  acdr_strategy_free(s->host, a->stats);
  acdr_strategy_free(s->host, a->id);
  acdr_strategy_free(s->host, a);
}

static oc_agent *agent_new(oc_state *s, const char *id) {
  oc_agent *a;
  if (s->nagents == s->capagents) {
    size_t cap = s->capagents ? s->capagents * 2 : 8;
    oc_agent **n =
        acdr_strategy_realloc(s->host, s->agents, cap * sizeof(*n));
    if (!n) return NULL;
    s->agents = n;
    s->capagents = cap;
  }
  if (!(a = acdr_strategy_malloc(s->host, sizeof(*a)))) return NULL;
  memset(a, 0, sizeof(*a));
  a->pos = NOT_READY;
  if (!(a->id = acdr_strategy_strdup(s->host, id))) {
    acdr_strategy_free(s->host, a);
    return NULL;
  }
  s->agents[s->nagents++] = a;
  return a;
}

static void agent_unlist(oc_state *s, oc_agent *a) {
  size_t i;
  for (i = 0; i < s->nagents; i++)
    if (s->agents[i] == a) {
      s->agents[i] = s->agents[--s->nagents];
      break;
    }
  s->nentries -= a->nstats;
  agent_free(s, a);
}

static oc_agent *AG(const acdr_member *m) {
  return (oc_agent *)acdr_member_get_data(m);
}

/* ---- settings ---- */

static int parse_range(acdr_strategy_host *h, const acdr_kv *p, uint64_t lo,
                       uint64_t hi, uint64_t *out) {
  char why[96];
  if (acdr_strat_parse_u64(h, NAME, p, hi, out) != 0) return ACDR_ERR_STRATEGY;
  if (*out < lo) {
    snprintf(why, sizeof(why), "below %llu (range %llu..%llu)",
             (unsigned long long)lo, (unsigned long long)lo,
             (unsigned long long)hi);
    return acdr_strat_bad_param(h, NAME, p, why);
  }
  return 0;
}

static void oc_destroy(acdr_strategy_state *st, void *ud) {
  oc_state *s = ST(st);
  size_t i;
  (void)ud;
  for (i = 0; i < s->nagents; i++) agent_free(s, s->agents[i]);
  acdr_strategy_free(s->host, s->agents);
  acdr_strategy_free(s->host, s->ready);
  acdr_strategy_free(s->host, s->attr);
  acdr_strategy_free(s->host, s);
}

static int oc_create(acdr_strategy_state **out, const acdr_strategy_ctx *ctx,
                     const acdr_kv *params, size_t nparams, void *ud) {
  oc_state *s;
  size_t i;
  uint64_t v;
  int rv = 0;
  (void)ud;
  if (!(s = acdr_strategy_malloc(ctx->host, sizeof(*s))))
    return ACDR_ERR_NOMEM;
  memset(s, 0, sizeof(*s));
  s->host = ctx->host;
  s->type = TYPE_QUEUE;
  s->half_life = 7 * 86400 * ACDR_SECONDS;
  s->window = 3600 * ACDR_SECONDS;
  s->memory = 4096;
  s->margin = 0.10;
  s->occupancy = 1.0;
  s->max_share = 1.0;
  for (i = 0; i < nparams && rv == 0; i++) {
    const acdr_kv *p = &params[i];
    if (strcmp(p->key, "type") == 0) {
      if (strcmp(p->value, "queue") == 0)
        s->type = TYPE_QUEUE;
      else if (strcmp(p->value, "reason") == 0)
        s->type = TYPE_REASON;
      else if (strcmp(p->value, "skill") == 0)
        s->type = TYPE_SKILL;
      else if (strncmp(p->value, "attr:", 5) == 0 && p->value[5]) {
        s->type = TYPE_ATTR;
        acdr_strategy_free(s->host, s->attr);
        if (!(s->attr = acdr_strategy_strdup(s->host, p->value + 5)))
          rv = ACDR_ERR_NOMEM;
      } else
        rv = acdr_strat_bad_param(
            s->host, NAME, p, "not queue, reason, skill or attr:KEY");
    } else if (strcmp(p->key, "half_life") == 0) {
      if ((rv = parse_range(s->host, p, 60, 31536000, &v)) == 0)
        s->half_life = v * ACDR_SECONDS;
    } else if (strcmp(p->key, "window") == 0) {
      if ((rv = parse_range(s->host, p, 60, 604800, &v)) == 0)
        s->window = v * ACDR_SECONDS;
    } else if (strcmp(p->key, "max_wait") == 0) {
      if ((rv = parse_range(s->host, p, 0, 3600, &v)) == 0)
        s->max_wait = v * ACDR_SECONDS;
    } else if (strcmp(p->key, "memory") == 0) {
      if ((rv = parse_range(s->host, p, 1, 1000000, &v)) == 0) s->memory = v;
    } else if (strcmp(p->key, "margin") == 0) {
      if ((rv = parse_range(s->host, p, 1, 100, &v)) == 0)
        s->margin = (double)v / 100.0;
    } else if (strcmp(p->key, "occupancy") == 0) {
      if ((rv = parse_range(s->host, p, 1, 100, &v)) == 0)
        s->occupancy = (double)v / 100.0;
    } else if (strcmp(p->key, "max_share") == 0) {
      if ((rv = parse_range(s->host, p, 1, 100, &v)) == 0)
        s->max_share = (double)v / 100.0;
    } else {
      rv = acdr_strat_unknown_param(s->host, NAME, p);
    }
  }
  if (rv != 0) {
    oc_destroy((acdr_strategy_state *)(void *)s, NULL);
    return rv;
  }
  *out = (acdr_strategy_state *)(void *)s;
  return 0;
}

/* ---- membership ---- */

static int oc_member_add(acdr_strategy_state *st, acdr_member *m) {
  oc_state *s = ST(st);
  oc_agent *a = agent_find(s, acdr_member_agent_id(m));
  if (s->capready < s->nagents + 1) {
    size_t cap = s->capready ? s->capready * 2 : 8;
    acdr_member **n;
    while (cap < s->nagents + 1) cap *= 2;
    if (!(n = acdr_strategy_realloc(s->host, s->ready, cap * sizeof(*n))))
      return ACDR_ERR_NOMEM;
    s->ready = n;
    s->capready = cap;
  }
  if (!a && !(a = agent_new(s, acdr_member_agent_id(m))))
    return ACDR_ERR_NOMEM;
  a->m = m;
  a->pos = NOT_READY;
  acdr_member_set_data(m, a);
  return 0;
}

static void oc_member_unready(acdr_strategy_state *st, acdr_member *m);

static void oc_member_remove(acdr_strategy_state *st, acdr_member *m) {
  oc_state *s = ST(st);
  oc_agent *a = AG(m);
  if (!a) return;
  if (a->pos != NOT_READY) oc_member_unready(st, m);
  if (s->p_m == m) s->p_m = NULL;
  a->m = NULL;
  acdr_member_set_data(m, NULL);
  /* keep what was learnt (the agent may come back); forget an agent
   * without outcomes */
  if (!a->nstats) agent_unlist(s, a);
}

static int oc_member_ready(acdr_strategy_state *st, acdr_member *m) {
  oc_state *s = ST(st);
  oc_agent *a = AG(m);
  acdr_tstamp idle = acdr_member_idle_since(m);
  if (!a) return ACDR_ERR_NOMEM;
  if (a->pos != NOT_READY) return 0;
  if (s->nready == s->capready) {
    size_t cap = s->capready ? s->capready * 2 : 8;
    acdr_member **n = acdr_strategy_realloc(s->host, s->ready,
                                            cap * sizeof(*n));
    if (!n) return ACDR_ERR_NOMEM;
    s->ready = n;
    s->capready = cap;
  }
  /* the contact offered last was handled if the agent became free after
   * the offer: count [offer, free] as busy time */
  if (a->busy_start && idle > a->busy_start) {
    a->busy = decay(a->busy, a->busy_t, idle, s->window) +
              (double)(idle - a->busy_start);
    a->busy_t = idle;
  }
  a->busy_start = 0;
  a->pos = s->nready;
  s->ready[s->nready++] = m;
  return 0;
}

static void oc_member_unready(acdr_strategy_state *st, acdr_member *m) {
  oc_state *s = ST(st);
  oc_agent *a = AG(m);
  acdr_member *last;
  if (!a || a->pos == NOT_READY) return;
  last = s->ready[--s->nready];
  s->ready[a->pos] = last;
  AG(last)->pos = a->pos;
  a->pos = NOT_READY;
}

/* ---- decisions ---- */

static int idle_less(const acdr_member *x, const acdr_member *y) {
  acdr_tstamp ix = acdr_member_idle_since(x), iy = acdr_member_idle_since(y);
  if (ix != iy) return ix < iy;
  return acdr_member_order(x) < acdr_member_order(y);
}

static int eligible(const oc_state *s, const oc_agent *a, acdr_tstamp now) {
  if (s->occupancy < 1.0 && a->first && now > a->first) {
    /* busy share of the (decayed) time since the first offer */
    double span = (double)s->window *
                  (1.0 - exp2(-(double)(now - a->first) / (double)s->window));
    if (span > 0 && decay(a->busy, a->busy_t, now, s->window) / span >=
                        s->occupancy)
      return 0;
  }
  if (s->max_share < 1.0) {
    double tot = decay(s->total, s->total_t, now, s->window);
    /* a share means something only after a few offers */
    if (tot >= 10.0 &&
        decay(a->offers, a->offers_t, now, s->window) / tot > s->max_share)
      return 0;
  }
  return 1;
}

static int oc_select(acdr_strategy_state *st, acdr_contact_view *c,
                     acdr_tstamp now, acdr_member **out, size_t max,
                     size_t *nout, acdr_tstamp *recheck_at) {
  oc_state *s = ST(st);
  const char *key;
  acdr_member *li = NULL, *best = NULL, *greedy = NULL;
  double best_draw = -1, greedy_mean = -1, best_mean = 0, li_mean = 0;
  size_t i, nelig = 0;
  int any_known = 0, pass;
  (void)max;
  *nout = 0;
  if (acdr_contact_view_offer_count(c) > 0 || !s->nready) return 0;
  key = type_key(s, c);
  /* pass 0: eligible agents only; pass 1 (nobody eligible): all ready */
  for (pass = 0; pass < 2 && !nelig; pass++)
    for (i = 0; i < s->nready; i++) {
      acdr_member *m = s->ready[i];
      int known;
      double al, be, mean;
      if (pass == 0 && !eligible(s, AG(m), now)) continue;
      nelig++;
      mean = post_mean(s, AG(m), key, now, &known, &al, &be);
      any_known |= known;
      if (!li || idle_less(m, li)) li = m;
      if (!greedy || mean > greedy_mean ||
          (mean == greedy_mean &&
           acdr_member_order(m) < acdr_member_order(greedy))) {
        greedy = m;
        greedy_mean = mean;
      }
    }
  if (!any_known) {
    best = li;
    s->p_fallback = 1;
    s->p_explored = 0;
    s->p_uplift = 0;
  } else {
    /* Thompson sampling over the eligible agents, in ready[] order (a
     * function of the events only, so replays draw alike) */
    for (i = 0; i < s->nready; i++) {
      acdr_member *m = s->ready[i];
      int known;
      double al, be, mean, d;
      if (pass == 1 && !eligible(s, AG(m), now)) continue;
      mean = post_mean(s, AG(m), key, now, &known, &al, &be);
      d = beta_draw(s, al, be);
      if (!best || d > best_draw ||
          (d == best_draw && acdr_member_order(m) < acdr_member_order(best))) {
        best = m;
        best_draw = d;
        best_mean = mean;
      }
    }
    {
      int known;
      double al, be;
      li_mean = post_mean(s, AG(li), key, now, &known, &al, &be);
    }
    s->p_fallback = 0;
    s->p_explored = best != greedy;
    s->p_uplift = best_mean - li_mean;
  }
  if (s->max_wait && !s->p_fallback) {
    acdr_tstamp until = acdr_contact_view_enqueued(c) + s->max_wait;
    if (now < until) {
      /* a busy member clearly better than the choice: wait for it, up to
       * max_wait (the engine asks again when any agent becomes ready) */
      for (i = 0; i < s->nagents; i++) {
        oc_agent *a = s->agents[i];
        int known;
        double al, be, mean;
        if (!a->m || a->pos != NOT_READY ||
            acdr_member_agent_status(a->m) != ACDR_AGENT_AVAILABLE)
          continue;
        mean = post_mean(s, a, key, now, &known, &al, &be);
        if (known && mean >= best_mean + s->margin) {
          *recheck_at = until;
          return 0;
        }
      }
    }
  }
  s->p_m = best;
  s->p_now = now;
  out[0] = best;
  *nout = 1;
  return 0;
}

static void oc_offered(acdr_strategy_state *st, acdr_member *m,
                       acdr_contact_view *c) {
  oc_state *s = ST(st);
  oc_agent *a = AG(m);
  acdr_tstamp now = s->p_now;
  (void)c;
  if (!a) return;
  if (m == s->p_m) {
    s->decisions++;
    s->explored += (uint64_t)s->p_explored;
    s->fallback += (uint64_t)s->p_fallback;
    s->uplift += s->p_uplift;
    s->p_m = NULL;
  }
  a->busy_start = now ? now : 1;
  if (!a->first) a->first = a->busy_start;
  a->offers = decay(a->offers, a->offers_t, now, s->window) + 1.0;
  a->offers_t = now;
  s->total = decay(s->total, s->total_t, now, s->window) + 1.0;
  s->total_t = now;
}

static void oc_outcome(acdr_strategy_state *st, acdr_member *m,
                       acdr_contact_view *c, int resolved, acdr_tstamp now) {
  oc_state *s = ST(st);
  oc_agent *a = AG(m);
  oc_stat *x;
  if (!a || !(x = stat_get(s, a, type_key(s, c)))) {
    s->dropped++;
    return;
  }
  x->s = decay(x->s, x->t, now, s->half_life) + (resolved ? 1.0 : 0.0);
  x->f = decay(x->f, x->t, now, s->half_life) + (resolved ? 0.0 : 1.0);
  if (now > x->t) x->t = now;
}

/* Figures for the metrics report: decisions made, the share that
 * explored (not the agent with the best posterior mean), the share that
 * fell back to longest idle (nothing known), and the uplift: the mean over
 * decisions of (posterior mean of the chosen agent - that of the agent
 * longest idle would have picked), in points. */
static size_t oc_stats(acdr_strategy_state *st, const char **names,
                       double *values, size_t max) {
  oc_state *s = ST(st);
  double d = s->decisions ? (double)s->decisions : 1.0;
  const char *n[5] = {"decisions", "exploration_share", "fallback_share",
                      "uplift_points", "outcomes_dropped"};
  double v[5];
  size_t i;
  v[0] = (double)s->decisions;
  v[1] = (double)s->explored / d;
  v[2] = (double)s->fallback / d;
  v[3] = 100.0 * s->uplift / d;
  v[4] = (double)s->dropped;
  for (i = 0; i < 5 && i < max; i++) {
    names[i] = n[i];
    values[i] = v[i];
  }
  return 5;
}

/* ---- save / load ----
 * Text, one record a line, ids and keys percent-escaped:
 *   outcome 1 <decisions> <explored> <fallback> <dropped> <uplift> <total> <total_t>
 *   A <id> <busy> <busy_t> <busy_start> <first> <offers> <offers_t>
 *   S <key> <s> <f> <t>            (an entry of the A line above)
 * Doubles as %.17g, so a restored instance decides exactly alike. */

typedef struct sbuf {
  acdr_strategy_host *h;
  char *p;
  size_t len, cap;
  int err;
} sbuf;

static void sb_put(sbuf *b, const char *fmt, ...) {
  va_list ap;
  int n;
  if (b->err) return;
  for (;;) {
    va_start(ap, fmt);
    n = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt,
                  ap);
    va_end(ap);
    if (n < 0) {
      b->err = ACDR_ERR_INVALID_ARGUMENT;
      return;
    }
    if (b->p && b->len + (size_t)n < b->cap) {
      b->len += (size_t)n;
      return;
    }
    {
      size_t cap = b->cap ? b->cap : 256;
      char *np;
      while (cap <= b->len + (size_t)n) cap *= 2;
      if (!(np = acdr_strategy_realloc(b->h, b->p, cap))) {
        b->err = ACDR_ERR_NOMEM;
        return;
      }
      b->p = np;
      b->cap = cap;
    }
  }
}

static void sb_esc(sbuf *b, const char *s) {
  for (; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if (ch <= ' ' || ch == '%' || ch >= 0x7f)
      sb_put(b, "%%%02X", ch);
    else
      sb_put(b, "%c", ch);
  }
}

static int oc_save(acdr_strategy_state *st, char **out) {
  oc_state *s = ST(st);
  sbuf b = {s->host, NULL, 0, 0, 0};
  size_t i, j;
  if (!out) return ACDR_ERR_INVALID_ARGUMENT;
  sb_put(&b, "outcome 1 %llu %llu %llu %llu %.17g %.17g %llu\n",
         (unsigned long long)s->decisions, (unsigned long long)s->explored,
         (unsigned long long)s->fallback, (unsigned long long)s->dropped,
         s->uplift, s->total, (unsigned long long)s->total_t);
  for (i = 0; i < s->nagents; i++) {
    const oc_agent *a = s->agents[i];
    sb_put(&b, "A ");
    sb_esc(&b, a->id);
    sb_put(&b, " %.17g %llu %llu %llu %.17g %llu\n", a->busy,
           (unsigned long long)a->busy_t, (unsigned long long)a->busy_start,
           (unsigned long long)a->first, a->offers,
           (unsigned long long)a->offers_t);
    for (j = 0; j < a->nstats; j++) {
      sb_put(&b, "S ");
      if (!a->stats[j].key[0]) sb_put(&b, "%%");
      sb_esc(&b, a->stats[j].key);
      sb_put(&b, " %.17g %.17g %llu\n", a->stats[j].s, a->stats[j].f,
             (unsigned long long)a->stats[j].t);
    }
  }
  if (b.err) {
    acdr_strategy_free(s->host, b.p);
    return b.err;
  }
  *out = b.p;
  return 0;
}

/* Unescape token [p, end) into a new string ("%" alone: the empty key). */
static char *unesc(acdr_strategy_host *h, const char *p, size_t n, int *bad) {
  char *r = acdr_strategy_malloc(h, n + 1), *w = r;
  size_t i;
  if (!r) return NULL;
  if (n == 1 && p[0] == '%') {
    *r = '\0';
    return r;
  }
  for (i = 0; i < n; i++) {
    if (p[i] == '%') {
      unsigned v;
      char hex[3];
      if (i + 2 >= n) {
        *bad = 1;
        break;
      }
      hex[0] = p[i + 1];
      hex[1] = p[i + 2];
      hex[2] = '\0';
      if (sscanf(hex, "%2x", &v) != 1 || !v) {
        *bad = 1;
        break;
      }
      *w++ = (char)v;
      i += 2;
    } else {
      *w++ = p[i];
    }
  }
  *w = '\0';
  return r;
}

static int load_fail(oc_state *tmp, acdr_strategy_host *h, int line,
                     const char *why) {
  char msg[160];
  snprintf(msg, sizeof(msg),
           "strategy \"outcome\": saved state line %d: %s", line, why);
  oc_destroy((acdr_strategy_state *)(void *)tmp, NULL);
  acdr_strategy_set_error(h, msg);
  return ACDR_ERR_STRATEGY;
}

static int oc_load(acdr_strategy_state *st, const char *saved) {
  oc_state *s = ST(st), *t;
  const char *p = saved;
  oc_agent *cur = NULL;
  int line = 0;
  size_t i;
  if (!saved || !*saved) return 0;
  if (!(t = acdr_strategy_malloc(s->host, sizeof(*t)))) return ACDR_ERR_NOMEM;
  memset(t, 0, sizeof(*t));
  t->host = s->host;
  t->memory = (uint64_t)-1;
  while (*p) {
    const char *nl = strchr(p, '\n'), *sp;
    char buf[256];
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    int bad = 0;
    line++;
    if (line == 1) {
      unsigned long long d, e, f, g, tt;
      int used = 0;
      if (n >= sizeof(buf)) return load_fail(t, s->host, line, "too long");
      memcpy(buf, p, n);
      buf[n] = '\0';
      if (sscanf(buf, "outcome 1 %llu %llu %llu %llu %lg %lg %llu%n", &d, &e,
                 &f, &g, &t->uplift, &t->total, &tt, &used) != 7 ||
          (size_t)used != n)
        return load_fail(t, s->host, line, "not an outcome state header");
      t->decisions = d;
      t->explored = e;
      t->fallback = f;
      t->dropped = g;
      t->total_t = tt;
    } else if (n > 2 && (p[0] == 'A' || p[0] == 'S') && p[1] == ' ' &&
               (sp = memchr(p + 2, ' ', n - 2)) != NULL) {
      char *tok = unesc(s->host, p + 2, (size_t)(sp - p - 2), &bad);
      size_t rest = n - (size_t)(sp - p);
      int used = 0;
      if (!tok) {
        oc_destroy((acdr_strategy_state *)(void *)t, NULL);
        return ACDR_ERR_NOMEM;
      }
      if (bad || rest >= sizeof(buf)) {
        acdr_strategy_free(s->host, tok);
        return load_fail(t, s->host, line, "bad escape or too long");
      }
      memcpy(buf, sp, rest);
      buf[rest] = '\0';
      if (p[0] == 'A') {
        unsigned long long bt, bs, fi, ot;
        double bu, of;
        if (agent_find(t, tok) ||
            sscanf(buf, " %lg %llu %llu %llu %lg %llu%n", &bu, &bt, &bs, &fi,
                   &of, &ot, &used) != 6 ||
            (size_t)used != rest || !(cur = agent_new(t, tok))) {
          acdr_strategy_free(s->host, tok);
          return load_fail(t, s->host, line, "bad or repeated agent record");
        }
        cur->busy = bu;
        cur->busy_t = bt;
        cur->busy_start = bs;
        cur->first = fi;
        cur->offers = of;
        cur->offers_t = ot;
      } else {
        unsigned long long tt;
        double vs, vf;
        oc_stat *x;
        if (!cur || stat_find(cur, tok) ||
            sscanf(buf, " %lg %lg %llu%n", &vs, &vf, &tt, &used) != 3 ||
            (size_t)used != rest || vs < 0 || vf < 0 ||
            !(x = stat_get(t, cur, tok))) {
          acdr_strategy_free(s->host, tok);
          return load_fail(t, s->host, line, "bad or repeated entry record");
        }
        x->s = vs;
        x->f = vf;
        x->t = tt;
      }
      acdr_strategy_free(s->host, tok);
    } else {
      return load_fail(t, s->host, line, "unknown record");
    }
    p += n;
    if (*p == '\n') p++;
  }
  if (!line) return load_fail(t, s->host, 1, "empty");
  /* current members keep their place: move them to the loaded records */
  for (i = 0; i < s->nagents; i++) {
    oc_agent *o = s->agents[i], *a;
    if (!o->m) continue;
    if (!(a = agent_find(t, o->id)) && !(a = agent_new(t, o->id))) {
      oc_destroy((acdr_strategy_state *)(void *)t, NULL);
      return ACDR_ERR_NOMEM;
    }
  }
  for (i = 0; i < s->nagents; i++) {
    oc_agent *o = s->agents[i], *a;
    if (!o->m) continue;
    a = agent_find(t, o->id);
    a->m = o->m;
    a->pos = o->pos;
    acdr_member_set_data(o->m, a);
  }
  for (i = 0; i < s->nagents; i++) agent_free(s, s->agents[i]);
  acdr_strategy_free(s->host, s->agents);
  s->agents = t->agents;
  s->nagents = t->nagents;
  s->capagents = t->capagents;
  s->nentries = t->nentries;
  while (s->nentries > s->memory) evict_oldest(s);
  s->decisions = t->decisions;
  s->explored = t->explored;
  s->fallback = t->fallback;
  s->dropped = t->dropped;
  s->uplift = t->uplift;
  s->total = t->total;
  s->total_t = t->total_t;
  s->p_m = NULL;
  acdr_strategy_free(s->host, t);
  return 0;
}

static const acdr_strategy outcome_strategy = {
    .name = NAME,
    .flags = ACDR_STRATEGY_F_FLAT,
    .create = oc_create,
    .destroy = oc_destroy,
    .member_add = oc_member_add,
    .member_remove = oc_member_remove,
    .member_ready = oc_member_ready,
    .member_unready = oc_member_unready,
    .select = oc_select,
    .offered = oc_offered,
    .save = oc_save,
    .load = oc_load,
    .outcome = oc_outcome,
    .stats = oc_stats,
};

const acdr_strategy *acdr_strategy_outcome(void) { return &outcome_strategy; }
