/* SPDX-License-Identifier: MIT */
/*
 * acdroute-sim: scenario files (--config FILE) and the quick overrides.
 *
 * A scenario file is {"name": ..., "engine": <an engine configuration,
 * docs/config.md>, "traffic": <the traffic model>} (docs/simulator.md).
 * The engine part is applied with acdr_config_apply(), so it is checked by
 * the library itself; its errors (acdr_config_last_errors) are printed
 * under "/engine".  The traffic part is checked here.  Every error names
 * the file and the JSON pointer:
 *   day.json: /traffic/queues/sales/handle/mean_s: must be a number > 0
 * Keys starting with "_" are comments and ignored everywhere.
 */
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"
#include "util/civil.h"

static int queue_idx(const sim_scenario *s, const char *id) {
  for (size_t i = 0; i < s->nqueues; ++i)
    if (!strcmp(s->queues[i].id, id)) return (int)i;
  return -1;
}


static void load_traffic(ld *l, json_object *t) {
  static const char *const keys[] = {"date",     "days",   "interval_min",
                                     "seed",     "warmup_s", "contacts",
                                     "sl_target", "curve", "queues",
                                     "agents"};
  sim_scenario *s = l->s;
  const char *date = "2024-03-04";
  double days = 1, ivm = 30, x;
  double curve[SIM_MAX_CURVE];
  int ncurve = 0;
  json_object *qs, *ag;
  const char *P = "/traffic";
  check_keys(l, t, P, keys, NELEM(keys));
  if (get_str(l, t, P, "date", &date) >= 0) {
    int y, mo, d;
    char c;
    if (sscanf(date, "%4d-%2d-%2d%c", &y, &mo, &d, &c) != 3 ||
        strlen(date) != 10 || mo < 1 || mo > 12 || d < 1 || d > 31)
      cfg_err(l, "/traffic/date", "must be a date \"YYYY-MM-DD\"");
    else
      s->unix_time_at_zero =
          acdr_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400;
  }
  get_num(l, t, P, "days", 1, 366, &days);
  get_num(l, t, P, "interval_min", 1, 1440, &ivm);
  if (get_num(l, t, P, "seed", 0, 9007199254740992.0, &x) > 0)
    s->seed = (uint64_t)x;
  get_num(l, t, P, "warmup_s", 0, 1e9, &s->warmup_s);
  if (get_num(l, t, P, "contacts", 1, 1e12, &x) > 0)
    s->max_contacts = (uint64_t)x;
  get_num(l, t, P, "sl_target", 0, 1, &s->sl_target);
  get_curve(l, t, P, "curve", curve, &ncurve);
  s->days = (int)days;
  s->end_s = 86400.0 * s->days;
  s->interval_s = 60.0 * ivm;
  if (json_object_object_get_ex(t, "queues", &qs) &&
      is_object(l, qs, "/traffic/queues")) {
    json_object_object_foreach(qs, k, v) {
      char p[PTR];
      if (k[0] == '_') continue;
      pkey(p, "/traffic/queues", k);
      int qi = queue_idx(s, k);
      if (qi < 0) {
        cfg_err(l, p, "unknown queue \"%s\" (not in /engine/queues)", k);
        continue;
      }
      if (is_object(l, v, p))
        load_queue(l, v, p, &s->queues[qi], curve, ncurve);
    }
  } else if (!json_object_object_get_ex(t, "queues", &qs)) {
    cfg_err(l, P, "needs \"queues\": the traffic of each queue, by queue id");
  }
  if (json_object_object_get_ex(t, "agents", &ag)) {
    if (is_object(l, ag, "/traffic/agents"))
      load_agents(l, ag, "/traffic/agents");
  } else {
    load_agents(l, NULL, "/traffic/agents");
  }
  for (size_t i = 0; i < s->nqueues; ++i) scenario_rates(&s->queues[i]);
}

static char *read_file(const char *path, size_t *plen) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t n = 0, cap = 0;
  if (!f) return NULL;
  for (;;) {
    if (n + 4096 + 1 > cap) {
      cap = cap ? 2 * cap : 65536;
      char *nb = realloc(buf, cap);
      if (!nb) {
        free(buf);
        fclose(f);
        return NULL;
      }
      buf = nb;
    }
    size_t r = fread(buf + n, 1, cap - n - 1, f);
    n += r;
    if (r == 0) break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) {
    free(buf);
    return NULL;
  }
  buf[n] = 0;
  *plen = n;
  return buf;
}

int scenario_load(sim_scenario *s, const char *path,
                  const sim_overrides *ov) {
  static const char *const keys[] = {"name", "engine", "traffic"};
  ld l = {path, 0, s, NULL};
  size_t len = 0;
  char *text;
  json_object *root = NULL, *eng, *tr;
  const char *name = NULL;
  memset(s, 0, sizeof *s);
  s->seed = 1;
  s->days = 1;
  s->interval_s = 1800;
  s->sl_target = 0.8;
  s->unix_time_at_zero = 1709510400;
  if (!(text = read_file(path, &len))) {
    fprintf(stderr, "acdroute-sim: cannot read %s\n", path);
    return -1;
  }
  {
    json_tokener *tok = json_tokener_new();
    if (tok) {
      root = json_tokener_parse_ex(tok, text, (int)len);
      enum json_tokener_error je = json_tokener_get_error(tok);
      if (!root || je != json_tokener_success) {
        size_t off = json_tokener_get_parse_end(tok), line = 1, col = 1;
        for (size_t i = 0; i < off && i < len; ++i, ++col)
          if (text[i] == '\n') line++, col = 0;
        fprintf(stderr, "%s:%zu:%zu: not valid JSON: %s\n", path, line, col,
                root ? "trailing text"
                : je == json_tokener_continue
                    ? "the document ends too early"
                    : json_tokener_error_desc(je));
        json_object_put(root);
        root = NULL;
        l.nerr++;
      }
      json_tokener_free(tok);
    }
  }
  free(text);
  if (!root) goto fail;
  if (!is_object(&l, root, "")) goto fail;
  check_keys(&l, root, "", keys, NELEM(keys));
  get_str(&l, root, "", "name", &name);
  str_copy(s->name, sizeof s->name, name ? name : path);
  s->source = strdup(path);
  if (!json_object_object_get_ex(root, "engine", &eng) ||
      !json_object_is_type(eng, json_type_object)) {
    cfg_err(&l, "/engine", "needs the engine configuration (an object, as in "
                           "docs/config.md)");
    goto fail;
  }
  if (!json_object_object_get_ex(root, "traffic", &tr) ||
      !json_object_is_type(tr, json_type_object)) {
    cfg_err(&l, "/traffic", "needs the traffic model (an object)");
    goto fail;
  }
  engine_overrides(eng, ov);
  if (load_engine(&l, eng) != 0) {
    if (ov->strategy)
      fprintf(stderr, "%s: (--strategy %s replaced every queue's strategy)\n",
              path, ov->strategy);
    goto fail;
  }
  load_traffic(&l, tr);
  if (l.nerr) goto fail;
  json_object_put(root);
  acdr_engine_del(l.e);
  l.e = NULL;
  if (scenario_override(s, ov) != 0) {
    scenario_free(s);
    return -1;
  }
  return 0;
fail:
  if (l.nerr > MAX_PRINTED)
    fprintf(stderr, "%s: ... %d more errors\n", path, l.nerr - MAX_PRINTED);
  fprintf(stderr, "acdroute-sim: %s: %d error%s\n", path, l.nerr ? l.nerr : 1,
          l.nerr == 1 ? "" : "s");
  json_object_put(root);
  acdr_engine_del(l.e);
  scenario_free(s);
  return -1;
}

/* ------------------------------------------------------------------ */
/* Quick overrides                                                      */

/* The queues of agent i as a bit set (the first 64 queues). */
static uint64_t agent_queues(const sim_scenario *s, size_t i) {
  uint64_t set = 0;
  for (size_t k = 0; k < s->nmembers; ++k)
    if (s->members[k].agent == i && s->members[k].queue < 64)
      set |= 1ULL << s->members[k].queue;
  return set;
}

void scenario_teams(sim_scenario *s) {
  uint64_t sets[256];
  s->nteams = 0;
  for (size_t i = 0; i < s->nagents; ++i) {
    uint64_t q = agent_queues(s, i);
    int t = 0;
    while (t < s->nteams && sets[t] != q) ++t;
    if (t == s->nteams && t < 256) sets[s->nteams++] = q;
    s->agents[i].team = t < 256 ? t : 255;
  }
}

void scenario_team_name(const sim_scenario *s, int k, char *buf, size_t n) {
  size_t len = 0;
  buf[0] = 0;
  for (size_t i = 0; i < s->nagents; ++i) {
    if (s->agents[i].team != k) continue;
    uint64_t q = agent_queues(s, i);
    for (size_t j = 0; j < s->nqueues && j < 64; ++j)
      if (q >> j & 1) {
        int w = snprintf(buf + len, n - len, "%s%s", len ? "+" : "",
                         s->queues[j].id);
        if (w < 0 || (size_t)w >= n - len) return;
        len += (size_t)w;
      }
    if (!len) snprintf(buf, n, "(no queue)");
    return;
  }
}

/* --agents N / --staff-scale F: every team keeps the same share of its
 * agents (largest remainder, at least one per team while N allows),
 * spread evenly over the team's list so that every shift pattern stays
 * represented.  Scaling up is refused: it would need new agents. */
static int scale_staff(sim_scenario *s, const sim_overrides *ov) {
  size_t n = s->nagents, want;
  if (ov->agents > 0 && ov->staff_scale > 0) {
    fprintf(stderr, "acdroute-sim: --agents and --staff-scale: give one\n");
    return -1;
  }
  want = ov->agents > 0 ? (size_t)ov->agents
                        : (size_t)floor(ov->staff_scale * (double)n + 0.5);
  if (want > n) {
    fprintf(stderr, "acdroute-sim: %s: the scenario has %zu agents; only "
                    "scaling down is supported\n",
            ov->agents > 0 ? "--agents" : "--staff-scale", n);
    return -1;
  }
  if (want == 0) {
    fprintf(stderr, "acdroute-sim: --staff-scale %g leaves no agent\n",
            ov->staff_scale);
    return -1;
  }
  scenario_teams(s);
  int nt = s->nteams;
  size_t size[256] = {0}, keep[256] = {0}, given = 0;
  double rem[256];
  for (size_t i = 0; i < n; ++i) size[s->agents[i].team]++;
  for (int t = 0; t < nt; ++t) {
    double x = (double)size[t] * (double)want / (double)n;
    keep[t] = (size_t)floor(x);
    rem[t] = x - floor(x);
    given += keep[t];
  }
  /* a team that had agents keeps one when there are enough to go round */
  for (int t = 0; t < nt && want >= (size_t)nt; ++t)
    if (keep[t] == 0 && given < want) {
      keep[t] = 1;
      given++;
      rem[t] = -1;
    }
  while (given < want) {
    int best = -1;
    for (int t = 0; t < nt; ++t)
      if (keep[t] < size[t] && (best < 0 || rem[t] > rem[best])) best = t;
    if (best < 0) break;
    keep[best]++;
    rem[best] = -2;
    given++;
  }
  for (int t = 0; t < nt; ++t) {
    size_t j = 0; /* index within the team */
    for (size_t i = 0; i < n; ++i) {
      if (s->agents[i].team != t) continue;
      /* keep member j when an even spread of keep[t] lands on it */
      size_t lo = j * keep[t] / size[t], hi = (j + 1) * keep[t] / size[t];
      s->agents[i].off = hi == lo;
      j++;
    }
  }
  return 0;
}

int scenario_override(sim_scenario *s, const sim_overrides *ov) {
  if (ov->seed >= 0) s->seed = (uint64_t)ov->seed;
  if (ov->contacts > 0) s->max_contacts = (uint64_t)ov->contacts;
  if (ov->warmup >= 0) s->warmup_s = ov->warmup;
  if ((ov->agents > 0 || ov->staff_scale > 0) && scale_staff(s, ov) != 0)
    return -1;
  for (size_t i = 0; i < s->nqueues; ++i) {
    sim_queue_model *q = &s->queues[i];
    if (ov->threshold >= 0)
      q->sl_threshold_ms = (int64_t)(ov->threshold * 1000 + .5);
    if (ov->patience >= 0) {
      q->patience = (sim_dist){DIST_EXP, ov->patience, 0, 0, 0};
    }
    if (ov->aht > 0) q->handle.mean = ov->aht;
    if (ov->arrival_rate > 0 && (q->nrates > 0 || q->rate_per_hour > 0)) {
      q->volume = 0;
      q->nrates = 0;
      q->rate_per_hour = ov->arrival_rate;
      scenario_rates(q);
    }
  }
  return 0;
}
