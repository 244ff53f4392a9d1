/* SPDX-License-Identifier: MIT */
/* acdroute-sim --outcome-compare FILE: outcome-based routing against
 * longest-idle and skills on the same seeded traffic (common random
 * numbers), over R replications.
 *
 * Model (docs/strategies.md, "outcome"): one voice queue open `hours` a
 * day for `days` days; Poisson arrivals, exponential handle time and
 * patience; each contact has a type (its reason) drawn from `type_weights`.
 * Each agent has a hidden probability of resolving each type:
 *   - specialists: their type (agent number mod types) U(0.80, 0.92),
 *     the others U(0.35, 0.55);
 *   - generalists: every type U(0.55, 0.70);
 *   - new hires: start at U(0.30, 0.45) on every type and improve towards
 *     a specialist's profile (their type U(0.80, 0.92), others
 *     U(0.50, 0.65)) as p = end - (end - start) exp(-n / tau), n = contacts
 *     they handled.
 * A contact is resolved when its own uniform draw is below the agent's
 * probability: the agent sets the code "resolved" (ACDR_DISPO_RESOLVED)
 * or "unresolved" with acdr_dispo_set, so the engine learns
 * from the dispositions as it would in production.  Every random number
 * of the traffic (arrival, type, handle time, patience, the resolution
 * draw) and the agents' hidden levels come from the replication's seed
 * alone, so all strategies see the same contacts; only routing differs.
 *
 * skills: every agent has one skill per type with the level an admin
 * would type in on day one: round(100 x the agent's starting
 * probability); a contact requires its type's skill (minimum 0).
 * outcome: the queue's settings come from the scenario's
 * "outcome_settings"; the contact's reason is its type.
 *
 * Reported: FCR (resolved / answered) and service level (answered within
 * the threshold / offered) per strategy, the differences with a 95%
 * confidence interval (Student t over replications), the strategy's own
 * counters (exploration share, estimated uplift) and, with --svg, the
 * FCR per simulated day (learning curve). */
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <acdroute/acdroute.h>
#include <acdroute/config.h>
#include <acdroute/disposition.h>
#include <acdroute/metrics.h>

#include "outcome_compare.h"
#include "sim.h"

#define NSTRAT 3
#define MAXT 8
#define MAXA 256
#define MAXSET 16

static const char *const strat_names[NSTRAT] = {"outcome", "longest-idle",
                                                "skills"};

typedef struct oc_scn {
  uint64_t seed;
  int reps, days;
  double hours, rate_h, aht_s, patience_s, threshold_s, tau;
  int ntypes;
  char types[MAXT][32];
  double weights[MAXT];
  int nspec, ngen, nnew;
  int nset;
  char set_k[MAXSET][32], set_v[MAXSET][64];
} oc_scn;

typedef struct oc_agent {
  char id[16];
  double start[MAXT], end[MAXT];
  int is_new;
  long handled;
} oc_agent;

typedef struct oc_contact {
  double arrival, handle, patience, u;
  int type;
  int state; /* 0 waiting, 1 connected, 2 done */
  int agent;
} oc_contact;

typedef struct oc_ev {
  double t;
  int kind; /* 0 arrival, 1 end of talk, 2 patience runs out */
  int idx;
} oc_ev;

typedef struct oc_run {
  const oc_scn *s;
  acdr_engine *e;
  oc_agent *agents;
  int nagents;
  oc_contact *c;
  int nc;
  oc_ev *heap;
  int nheap, capheap;
  int *pend_c, *pend_a, npend; /* offers to accept after the call */
  /* per day */
  long *offered, *in_sl, *answered, *resolved;
  double now;
} oc_run;

/* ---- scenario ---- */

static int jnum(json_object *o, const char *k, double lo, double hi,
                double *out) {
  json_object *v;
  if (!json_object_object_get_ex(o, k, &v)) return 0; /* keep default */
  if (!json_object_is_type(v, json_type_int) &&
      !json_object_is_type(v, json_type_double)) {
    fprintf(stderr, "outcome scenario: \"%s\" is not a number\n", k);
    return -1;
  }
  *out = json_object_get_double(v);
  if (*out < lo || *out > hi) {
    fprintf(stderr, "outcome scenario: \"%s\" = %g is outside %g..%g\n", k,
            *out, lo, hi);
    return -1;
  }
  return 0;
}

static int load_scn(const char *path, oc_scn *s) {
  json_object *root = json_object_from_file(path), *o, *v;
  double x;
  int rv = -1;
  memset(s, 0, sizeof(*s));
  s->seed = 1;
  s->reps = 10;
  s->days = 15;
  s->hours = 8;
  s->rate_h = 190;
  s->aht_s = 300;
  s->patience_s = 240;
  s->threshold_s = 20;
  s->tau = 150;
  s->nspec = 8;
  s->ngen = 6;
  s->nnew = 6;
  if (!root) {
    fprintf(stderr, "outcome scenario: cannot read %s as JSON\n", path);
    return -1;
  }
  if (!json_object_object_get_ex(root, "outcome", &o)) {
    fprintf(stderr, "outcome scenario: no \"outcome\" object in %s\n", path);
    goto out;
  }
#define NUM(K, LO, HI, DST)                                                  \
  x = (double)(DST);                                                         \
  if (jnum(o, K, LO, HI, &x)) goto out;                                      \
  DST = (__typeof__(DST))x
  NUM("seed", 0, 4e18, s->seed);
  NUM("replications", 2, 1000, s->reps);
  NUM("days", 1, 365, s->days);
  NUM("hours_per_day", 1, 24, s->hours);
  NUM("arrival_rate_per_hour", 1, 100000, s->rate_h);
  NUM("aht_s", 1, 86400, s->aht_s);
  NUM("patience_s", 1, 86400, s->patience_s);
  NUM("sl_threshold_s", 1, 3600, s->threshold_s);
  NUM("new_hire_tau", 1, 100000, s->tau);
  NUM("specialists", 0, MAXA, s->nspec);
  NUM("generalists", 0, MAXA, s->ngen);
  NUM("new_hires", 0, MAXA, s->nnew);
#undef NUM
  if (s->nspec + s->ngen + s->nnew < 1 ||
      s->nspec + s->ngen + s->nnew > MAXA) {
    fprintf(stderr, "outcome scenario: 1..%d agents in all\n", MAXA);
    goto out;
  }
  if (!json_object_object_get_ex(o, "types", &v) ||
      !json_object_is_type(v, json_type_array) ||
      json_object_array_length(v) < 1 || json_object_array_length(v) > MAXT) {
    fprintf(stderr, "outcome scenario: \"types\": 1..%d names\n", MAXT);
    goto out;
  }
  s->ntypes = (int)json_object_array_length(v);
  for (int i = 0; i < s->ntypes; i++) {
    json_object *t = json_object_array_get_idx(v, (size_t)i), *w;
    snprintf(s->types[i], sizeof(s->types[i]), "%s", json_object_get_string(t));
    s->weights[i] = 1.0;
    if (json_object_object_get_ex(o, "type_weights", &w) &&
        json_object_is_type(w, json_type_array) &&
        (int)json_object_array_length(w) == s->ntypes)
      s->weights[i] =
          json_object_get_double(json_object_array_get_idx(w, (size_t)i));
  }
  if (json_object_object_get_ex(o, "outcome_settings", &v)) {
    json_object_object_foreach(v, k, val) {
      if (s->nset == MAXSET) break;
      snprintf(s->set_k[s->nset], sizeof(s->set_k[0]), "%s", k);
      snprintf(s->set_v[s->nset], sizeof(s->set_v[0]), "%s",
               json_object_get_string(val));
      s->nset++;
    }
  }
  rv = 0;
out:
  json_object_put(root);
  return rv;
}

/* ---- agents and traffic of one replication (common to all strategies) */

static double unif(sim_rng *r, double lo, double hi) {
  return lo + (hi - lo) * rng_uniform(r);
}

static int make_agents(const oc_scn *s, sim_rng *r, oc_agent *a) {
  int n = 0;
  for (int i = 0; i < s->nspec; i++, n++) {
    snprintf(a[n].id, sizeof(a[n].id), "spec%d", i + 1);
    for (int t = 0; t < s->ntypes; t++)
      a[n].start[t] = t == i % s->ntypes ? unif(r, 0.80, 0.92)
                                         : unif(r, 0.35, 0.55);
  }
  for (int i = 0; i < s->ngen; i++, n++) {
    snprintf(a[n].id, sizeof(a[n].id), "gen%d", i + 1);
    for (int t = 0; t < s->ntypes; t++) a[n].start[t] = unif(r, 0.55, 0.70);
  }
  for (int i = 0; i < s->nnew; i++, n++) {
    snprintf(a[n].id, sizeof(a[n].id), "new%d", i + 1);
    a[n].is_new = 1;
    for (int t = 0; t < s->ntypes; t++) {
      a[n].start[t] = unif(r, 0.30, 0.45);
      a[n].end[t] = t == i % s->ntypes ? unif(r, 0.80, 0.92)
                                       : unif(r, 0.50, 0.65);
    }
  }
  for (int i = 0; i < n; i++) {
    a[i].handled = 0;
    if (!a[i].is_new)
      for (int t = 0; t < s->ntypes; t++) a[i].end[t] = a[i].start[t];
  }
  return n;
}

static double p_now(const oc_scn *s, const oc_agent *a, int t) {
  if (!a->is_new) return a->start[t];
  return a->end[t] -
         (a->end[t] - a->start[t]) * exp(-(double)a->handled / s->tau);
}

static int make_traffic(const oc_scn *s, sim_rng *r, oc_contact **out) {
  double wsum = 0;
  int n = 0, cap = 1024;
  oc_contact *c = malloc((size_t)cap * sizeof(*c));
  if (!c) return -1;
  for (int t = 0; t < s->ntypes; t++) wsum += s->weights[t];
  for (int d = 0; d < s->days; d++) {
    double t0 = d * 86400.0, t1 = t0 + s->hours * 3600.0, t = t0;
    for (;;) {
      double x;
      t += rng_exp(r, 3600.0 / s->rate_h);
      if (t >= t1) break;
      if (n == cap) {
        oc_contact *nc = realloc(c, (size_t)(cap *= 2) * sizeof(*c));
        if (!nc) {
          free(c);
          return -1;
        }
        c = nc;
      }
      c[n].arrival = t;
      c[n].handle = rng_exp(r, s->aht_s);
      c[n].patience = rng_exp(r, s->patience_s);
      c[n].u = rng_uniform(r);
      x = rng_uniform(r) * wsum;
      c[n].type = s->ntypes - 1;
      for (int k = 0; k < s->ntypes; k++) {
        if (x < s->weights[k]) {
          c[n].type = k;
          break;
        }
        x -= s->weights[k];
      }
      n++;
    }
  }
  *out = c;
  return n;
}

/* ---- event heap ---- */

static int ev_less(const oc_ev *a, const oc_ev *b) {
  if (a->t != b->t) return a->t < b->t;
  if (a->kind != b->kind) return a->kind > b->kind; /* ends first */
  return a->idx < b->idx;
}

static int ev_push(oc_run *r, double t, int kind, int idx) {
  int i;
  if (r->nheap == r->capheap) {
    int cap = r->capheap ? r->capheap * 2 : 1024;
    oc_ev *n = realloc(r->heap, (size_t)cap * sizeof(*n));
    if (!n) return -1;
    r->heap = n;
    r->capheap = cap;
  }
  i = r->nheap++;
  r->heap[i] = (oc_ev){t, kind, idx};
  while (i > 0 && ev_less(&r->heap[i], &r->heap[(i - 1) / 2])) {
    oc_ev x = r->heap[i];
    r->heap[i] = r->heap[(i - 1) / 2];
    r->heap[(i - 1) / 2] = x;
    i = (i - 1) / 2;
  }
  return 0;
}

static oc_ev ev_pop(oc_run *r) {
  oc_ev top = r->heap[0];
  int i = 0;
  r->heap[0] = r->heap[--r->nheap];
  for (;;) {
    int l = 2 * i + 1, m = i;
    if (l < r->nheap && ev_less(&r->heap[l], &r->heap[m])) m = l;
    if (l + 1 < r->nheap && ev_less(&r->heap[l + 1], &r->heap[m])) m = l + 1;
    if (m == i) break;
    oc_ev x = r->heap[i];
    r->heap[i] = r->heap[m];
    r->heap[m] = x;
    i = m;
  }
  return top;
}

/* ---- one run ---- */

static acdr_tstamp ts(double s) {
  return (acdr_tstamp)llround(s * 1e9);
}

static int agent_index(const oc_run *r, const char *id) {
  for (int i = 0; i < r->nagents; i++)
    if (!strcmp(r->agents[i].id, id)) return i;
  return -1;
}

static int on_action(acdr_engine *e, const acdr_action *a, void *ud) {
  oc_run *r = ud;
  (void)e;
  if (a->type == ACDR_ACTION_OFFER) {
    r->pend_c[r->npend] = atoi(a->contact_id + 1);
    r->pend_a[r->npend] = agent_index(r, a->agent_id);
    r->npend++;
  }
  return 0;
}

static int check(const oc_run *r, int rv, const char *what) {
  if (rv != 0)
    fprintf(stderr, "outcome-compare: %s: %s\n", what,
            acdr_engine_last_error(r->e));
  return rv;
}

/* Accept the offers made during the last call, at once. */
static int drain(oc_run *r) {
  while (r->npend) {
    int ci = r->pend_c[--r->npend], ai = r->pend_a[r->npend];
    oc_contact *c = &r->c[ci];
    char id[24];
    int day = (int)(c->arrival / 86400.0);
    snprintf(id, sizeof(id), "c%d", ci);
    if (check(r, acdr_contact_accept(r->e, id, r->agents[ai].id, ts(r->now)),
              "accept"))
      return -1;
    c->state = 1;
    c->agent = ai;
    r->answered[day]++;
    if (r->now - c->arrival <= r->s->threshold_s) r->in_sl[day]++;
    if (ev_push(r, r->now + c->handle, 1, ci)) return -1;
  }
  return 0;
}

static int run_one(const oc_scn *s, int strat, oc_agent *agents, int na,
                   oc_contact *c, int nc, uint64_t seed, long *stats,
                   double *counters) {
  oc_run r;
  acdr_callbacks cb;
  acdr_options o;
  acdr_queue_def q;
  acdr_kv kv[MAXSET];
  acdr_skill sk[MAXT];
  char lvlnames[MAXT][32];
  int rv = -1;
  (void)lvlnames;
  memset(&r, 0, sizeof(r));
  r.s = s;
  r.agents = agents;
  r.nagents = na;
  r.c = c;
  r.nc = nc;
  r.pend_c = calloc((size_t)na + 1, sizeof(int));
  r.pend_a = calloc((size_t)na + 1, sizeof(int));
  r.offered = stats;
  r.in_sl = stats + s->days;
  r.answered = stats + 2 * s->days;
  r.resolved = stats + 3 * s->days;
  memset(&cb, 0, sizeof(cb));
  cb.on_action = on_action;
  acdr_options_default(&o);
  o.seed = seed;
  if (!r.pend_c || !r.pend_a || acdr_engine_new(&r.e, &cb, &o, &r)) goto out;
  acdr_queue_def_default(&q);
  q.id = "q";
  q.strategy = strat_names[strat];
  q.require_disposition = 1;
  q.wrapup_ms = 0;
  q.ring_timeout_ms = 0;
  q.sl_threshold_ms = (int64_t)(s->threshold_s * 1000);
  if (strat == 0) {
    for (int i = 0; i < s->nset; i++) {
      kv[i].key = s->set_k[i];
      kv[i].value = s->set_v[i];
    }
    q.params = kv;
    q.nparams = (size_t)s->nset;
  }
  if (check(&r, acdr_queue_add(r.e, &q), "queue")) goto out;
  {
    /* two codes: the contact was resolved, or not */
    acdr_dispo_code dc;
    acdr_dispo_code_default(&dc);
    dc.id = "resolved";
    dc.attrs = ACDR_DISPO_FINAL | ACDR_DISPO_RESOLVED;
    if (check(&r, acdr_dispo_code_add(r.e, &dc), "code")) goto out;
    dc.id = "unresolved";
    dc.attrs = ACDR_DISPO_FOLLOW_UP;
    if (check(&r, acdr_dispo_code_add(r.e, &dc), "code")) goto out;
  }
  for (int i = 0; i < na; i++) {
    acdr_agent_def d;
    agents[i].handled = 0;
    acdr_agent_def_default(&d);
    d.id = agents[i].id;
    for (int t = 0; t < s->ntypes; t++) {
      sk[t].name = s->types[t];
      sk[t].level = (int32_t)lround(100 * agents[i].start[t]);
    }
    d.skills = sk;
    d.nskills = (size_t)s->ntypes;
    if (check(&r, acdr_agent_add(r.e, &d), "agent") ||
        check(&r, acdr_queue_member_add(r.e, "q", d.id, 0, i, 0), "member") ||
        check(&r, acdr_agent_login(r.e, d.id, 0), "login"))
      goto out;
  }
  for (int i = 0; i < nc; i++) {
    c[i].state = 0;
    if (ev_push(&r, c[i].arrival, 0, i) ||
        ev_push(&r, c[i].arrival + c[i].patience, 2, i))
      goto out;
  }
  while (r.nheap) {
    acdr_tstamp ex = acdr_engine_get_expiry(r.e);
    if (ex != ACDR_TSTAMP_MAX && (double)ex / 1e9 <= r.heap[0].t) {
      r.now = (double)ex / 1e9;
      if (check(&r, acdr_engine_handle_expiry(r.e, ex), "expiry") ||
          drain(&r))
        goto out;
      continue;
    }
    oc_ev ev = ev_pop(&r);
    oc_contact *x = &c[ev.idx];
    char id[24];
    int day = (int)(x->arrival / 86400.0);
    snprintf(id, sizeof(id), "c%d", ev.idx);
    r.now = ev.t;
    if (ev.kind == 0) {
      acdr_contact_def d;
      acdr_skill req = {s->types[x->type], 0};
      acdr_contact_def_default(&d);
      d.id = id;
      d.queue = "q";
      d.reason = s->types[x->type];
      if (strat == 2) {
        d.skills = &req;
        d.nskills = 1;
      }
      r.offered[day]++;
      if (check(&r, acdr_contact_arrive(r.e, &d, ts(ev.t)), "arrive"))
        goto out;
    } else if (ev.kind == 2) {
      if (x->state != 0) continue;
      x->state = 2;
      if (check(&r, acdr_contact_hangup(r.e, id, ts(ev.t)), "abandon"))
        goto out;
    } else {
      oc_agent *a = &agents[x->agent];
      int res = x->u < p_now(s, a, x->type);
      a->handled++;
      x->state = 2;
      if (res) r.resolved[day]++;
      if (check(&r, acdr_contact_hangup(r.e, id, ts(ev.t)), "hangup") ||
          check(&r,
                acdr_dispo_set(r.e, id,
                               res ? "resolved" : "unresolved",
                               NULL, 0, ts(ev.t)),
                "dispo"))
        goto out;
    }
    if (drain(&r)) goto out;
  }
  if (strat == 0 && counters) {
    /* the strategy's own figures, from the metrics report */
    char *doc = NULL;
    if (acdr_metrics_to_json(r.e, ts(r.now), &doc, NULL) == 0) {
      json_object *m = json_tokener_parse(doc), *x;
      static const char *const keys[3] = {"exploration_share",
                                          "fallback_share", "uplift_points"};
      json_object *qs, *qo, *st;
      if (m && json_object_object_get_ex(m, "queues", &qs) &&
          json_object_object_get_ex(qs, "q", &qo) &&
          json_object_object_get_ex(qo, "strategy", &st))
        for (int k = 0; k < 3; k++)
          if (json_object_object_get_ex(st, keys[k], &x))
            counters[k] += json_object_get_double(x) / (k == 2 ? 100.0 : 1.0);
      json_object_put(m);
      acdr_free(r.e, doc);
    }
  }
  rv = 0;
out:
  if (r.e) acdr_engine_del(r.e);
  free(r.heap);
  free(r.pend_c);
  free(r.pend_a);
  return rv;
}

/* ---- statistics and output ---- */

/* Student t, 0.975 quantile, by degrees of freedom. */
double t975(int df) {
  static const double tab[] = {0,     12.706, 4.303, 3.182, 2.776, 2.571,
                               2.447, 2.365,  2.306, 2.262, 2.228, 2.201,
                               2.179, 2.160,  2.145, 2.131, 2.120, 2.110,
                               2.101, 2.093,  2.086, 2.080, 2.074, 2.069,
                               2.064, 2.060,  2.056, 2.052, 2.048, 2.045,
                               2.042};
  if (df < 1) return NAN;
  if (df <= 30) return tab[df];
  return 1.96 + 2.4 / df;
}

void mean_ci(const double *x, int n, double *m, double *h) {
  double s = 0, v = 0;
  for (int i = 0; i < n; i++) s += x[i];
  *m = s / n;
  for (int i = 0; i < n; i++) v += (x[i] - *m) * (x[i] - *m);
  *h = n > 1 ? t975(n - 1) * sqrt(v / (n - 1) / n) : NAN;
}

static void write_svg(FILE *f, const oc_scn *s, const double *curve) {
  const int W = 640, H = 360, L = 60, R = 150, T = 20, B = 50;
  const char *col[NSTRAT] = {"#d62728", "#1f77b4", "#2ca02c"};
  double lo = 1, hi = 0;
  for (int k = 0; k < NSTRAT * s->days; k++) {
    if (curve[k] < lo) lo = curve[k];
    if (curve[k] > hi) hi = curve[k];
  }
  lo = floor(lo * 20) / 20;
  hi = ceil(hi * 20) / 20;
  if (hi <= lo) hi = lo + 0.05;
  fprintf(f,
          "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
          "height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">\n"
          "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n",
          W, H);
  for (double y = lo; y <= hi + 1e-9; y += 0.05) {
    double py = T + (H - T - B) * (hi - y) / (hi - lo);
    fprintf(f,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
            "stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" "
            "text-anchor=\"end\">%.0f%%</text>\n",
            L, py, W - R, py, L - 6, py + 4, y * 100);
  }
  for (int d = 0; d < s->days; d++) {
    double px = L + (W - L - R) * (s->days > 1 ? (double)d / (s->days - 1) : 0);
    if (d % 2 == 0 || s->days <= 10)
      fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n",
              px, H - B + 16, d + 1);
  }
  fprintf(f,
          "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">simulated day</text>\n"
          "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" "
          "text-anchor=\"middle\">FCR (resolved / answered)</text>\n",
          (L + W - R) / 2, H - 10, (T + H - B) / 2, (T + H - B) / 2);
  for (int k = 0; k < NSTRAT; k++) {
    fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
               "points=\"", col[k]);
    for (int d = 0; d < s->days; d++) {
      double px =
          L + (W - L - R) * (s->days > 1 ? (double)d / (s->days - 1) : 0);
      double py = T + (H - T - B) * (hi - curve[k * s->days + d]) / (hi - lo);
      fprintf(f, "%.1f,%.1f ", px, py);
    }
    fprintf(f, "\"/>\n<text x=\"%d\" y=\"%d\" fill=\"%s\">%s</text>\n",
            W - R + 10, T + 20 + 18 * k, col[k], strat_names[k]);
  }
  fprintf(f, "</svg>\n");
}

int outcome_compare_main(int argc, char **argv) {
  oc_scn s;
  const char *svg = NULL, *file = NULL;
  int reps = -1;
  double *fcr, *sl, *curve, counters[3] = {0, 0, 0};
  long *stats;
  int rc = 1;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--svg") && i + 1 < argc)
      svg = argv[++i];
    else if (!strcmp(argv[i], "--replications") && i + 1 < argc)
      reps = atoi(argv[++i]);
    else if (!file)
      file = argv[i];
    else {
      fprintf(stderr, "outcome-compare: unexpected \"%s\"\n", argv[i]);
      return 2;
    }
  }
  if (!file) {
    fprintf(stderr, "usage: acdroute-sim --outcome-compare SCENARIO.json "
                    "[--replications R] [--svg FILE]\n");
    return 2;
  }
  if (load_scn(file, &s)) return 2;
  if (reps != -1) {
    if (reps < 2 || reps > 1000) {
      fprintf(stderr, "outcome-compare: --replications must be 2..1000\n");
      return 2;
    }
    s.reps = reps;
  }
  fcr = calloc((size_t)(NSTRAT * s.reps), sizeof(double));
  sl = calloc((size_t)(NSTRAT * s.reps), sizeof(double));
  curve = calloc((size_t)(NSTRAT * s.days), sizeof(double));
  stats = calloc((size_t)(4 * s.days), sizeof(long));
  if (!fcr || !sl || !curve || !stats) goto out;
  for (int rep = 0; rep < s.reps; rep++) {
    uint64_t seed = s.seed * 1000003u + (uint64_t)rep;
    sim_rng rng;
    oc_agent agents[MAXA];
    oc_contact *c = NULL;
    int na, nc;
    rng_seed(&rng, seed);
    na = make_agents(&s, &rng, agents);
    if ((nc = make_traffic(&s, &rng, &c)) < 0) goto out;
    for (int k = 0; k < NSTRAT; k++) {
      long off = 0, in = 0, ans = 0, res = 0;
      memset(stats, 0, (size_t)(4 * s.days) * sizeof(long));
      if (run_one(&s, k, agents, na, c, nc, seed, stats,
                  k == 0 ? counters : NULL)) {
        free(c);
        goto out;
      }
      for (int d = 0; d < s.days; d++) {
        off += stats[d];
        in += stats[s.days + d];
        ans += stats[2 * s.days + d];
        res += stats[3 * s.days + d];
        curve[k * s.days + d] +=
            stats[2 * s.days + d]
                ? (double)stats[3 * s.days + d] / (double)stats[2 * s.days + d] /
                      s.reps
                : 0;
      }
      fcr[k * s.reps + rep] = ans ? (double)res / (double)ans : 0;
      sl[k * s.reps + rep] = off ? (double)in / (double)off : 0;
    }
    free(c);
  }
  printf("outcome-compare: %s, %d replications x %d days, %d agents "
         "(%d specialists, %d generalists, %d new hires), %.0f contacts/h "
         "for %.0f h a day\n\n",
         file, s.reps, s.days, s.nspec + s.ngen + s.nnew, s.nspec, s.ngen,
         s.nnew, s.rate_h, s.hours);
  printf("| strategy | FCR | service level (%.0f s) |\n|---|---|---|\n",
         s.threshold_s);
  for (int k = 0; k < NSTRAT; k++) {
    double mf, hf, ms, hs;
    mean_ci(fcr + k * s.reps, s.reps, &mf, &hf);
    mean_ci(sl + k * s.reps, s.reps, &ms, &hs);
    printf("| %s | %.2f%% +- %.2f | %.2f%% +- %.2f |\n", strat_names[k],
           100 * mf, 100 * hf, 100 * ms, 100 * hs);
  }
  printf("\n| outcome minus | FCR difference (95%% CI) | SL difference "
         "(95%% CI) |\n|---|---|---|\n");
  for (int k = 1; k < NSTRAT; k++) {
    double df[1000], ds[1000], mf, hf, ms, hs;
    for (int i = 0; i < s.reps; i++) {
      df[i] = fcr[i] - fcr[k * s.reps + i];
      ds[i] = sl[i] - sl[k * s.reps + i];
    }
    mean_ci(df, s.reps, &mf, &hf);
    mean_ci(ds, s.reps, &ms, &hs);
    printf("| %s | %+.2f points [%+.2f, %+.2f] | %+.2f points [%+.2f, "
           "%+.2f] |\n",
           strat_names[k], 100 * mf, 100 * (mf - hf), 100 * (mf + hf),
           100 * ms, 100 * (ms - hs), 100 * (ms + hs));
  }
  printf("\noutcome strategy: exploration share %.1f%%, fallback share "
         "%.1f%%, estimated uplift over its fallback %+.2f points per "
         "decision\n",
         100 * counters[0] / s.reps, 100 * counters[1] / s.reps,
         100 * counters[2] / s.reps);
  printf("\nFCR per day (learning curve):\n| day |");
  for (int k = 0; k < NSTRAT; k++) printf(" %s |", strat_names[k]);
  printf("\n|---|---|---|---|\n");
  for (int d = 0; d < s.days; d++) {
    printf("| %d |", d + 1);
    for (int k = 0; k < NSTRAT; k++)
      printf(" %.1f%% |", 100 * curve[k * s.days + d]);
    printf("\n");
  }
  if (svg) {
    FILE *f = fopen(svg, "w");
    if (!f) {
      fprintf(stderr, "outcome-compare: cannot write %s\n", svg);
      goto out;
    }
    write_svg(f, &s, curve);
    fclose(f);
  }
  rc = 0;
out:
  free(fcr);
  free(sl);
  free(curve);
  free(stats);
  return rc;
}
