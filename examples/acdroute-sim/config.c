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
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "sim.h"

#define PTR 512
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_PRINTED 50

typedef struct ld {
  const char *file;
  int nerr;
  sim_scenario *s;
  acdr_engine *e;        /* the engine part, applied (catalog lookups) */
} ld;

static void err(ld *l, const char *ptr, const char *fmt, ...) {
  va_list ap;
  if (l->nerr++ >= MAX_PRINTED) return;
  fprintf(stderr, "%s: %s: ", l->file, ptr[0] ? ptr : "/");
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

/* JSON pointer of a member (RFC 6901: "~" -> "~0", "/" -> "~1"). */
static void pkey(char *dst, const char *base, const char *key) {
  size_t n = (size_t)snprintf(dst, PTR, "%s/", base);
  for (; *key && n + 3 < PTR; ++key) {
    if (*key == '~' || *key == '/') {
      dst[n++] = '~';
      dst[n++] = *key == '~' ? '0' : '1';
    } else {
      dst[n++] = *key;
    }
  }
  dst[n < PTR ? n : PTR - 1] = 0;
}

static void pidx(char *dst, const char *base, size_t i) {
  char num[24];
  snprintf(num, sizeof num, "%zu", i);
  pkey(dst, base, num);
}

static int is_num(json_object *v) {
  return json_object_is_type(v, json_type_int) ||
         json_object_is_type(v, json_type_double);
}

/* Unknown keys are errors (with a hint when one is close). */
static int is_object(ld *l, json_object *o, const char *ptr) {
  if (json_object_is_type(o, json_type_object)) return 1;
  err(l, ptr, "must be an object");
  return 0;
}

/* Edit distance (for "did you mean"); keys are short. */
static size_t dist_edit(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b), row[64], i, j;
  if (la >= 63 || lb >= 63) return 99;
  for (j = 0; j <= lb; ++j) row[j] = j;
  for (i = 1; i <= la; ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (j = 1; j <= lb; ++j) {
      size_t up = row[j];
      size_t best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best) best = up + 1;
      if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[lb];
}

static void check_keys(ld *l, json_object *o, const char *ptr,
                       const char *const *keys, size_t n) {
  json_object_object_foreach(o, k, v) {
    size_t i;
    const char *hint = NULL;
    (void)v;
    if (k[0] == '_') continue;
    for (i = 0; i < n; ++i)
      if (!strcmp(k, keys[i])) break;
    if (i < n) continue;
    size_t best = 3; /* at most two edits away */
    for (i = 0; i < n; ++i) {
      size_t d = dist_edit(k, keys[i]);
      if (d < best) best = d, hint = keys[i];
    }
    char p[PTR];
    pkey(p, ptr, k);
    if (hint)
      err(l, p, "unknown key \"%s\" (did you mean \"%s\"?)", k, hint);
    else
      err(l, p, "unknown key \"%s\"", k);
  }
}

/* A number in [lo, hi]: 1 if present and valid, 0 if absent, -1 bad. */
static int get_num(ld *l, json_object *o, const char *ptr, const char *key,
                   double lo, double hi, double *out) {
  json_object *v;
  char p[PTR];
  if (!json_object_object_get_ex(o, key, &v)) return 0;
  pkey(p, ptr, key);
  double x = is_num(v) ? json_object_get_double(v) : NAN;
  if (!is_num(v) || !isfinite(x) || x < lo || x > hi) {
    err(l, p, "must be a number in [%g, %g]", lo, hi);
    return -1;
  }
  *out = x;
  return 1;
}

static int get_str(ld *l, json_object *o, const char *ptr, const char *key,
                   const char **out) {
  json_object *v;
  char p[PTR];
  if (!json_object_object_get_ex(o, key, &v)) return 0;
  pkey(p, ptr, key);
  if (!json_object_is_type(v, json_type_string)) {
    err(l, p, "must be a string");
    return -1;
  }
  *out = json_object_get_string(v);
  return 1;
}

/* A time of day: "HH:MM", "HH:MM:SS" (up to 48:00, for shifts past
 * midnight) or seconds after midnight. */
static int time_of(ld *l, json_object *v, const char *p, double *out) {
  if (is_num(v)) {
    double x = json_object_get_double(v);
    if (x >= 0 && x <= 2 * 86400) {
      *out = x;
      return 1;
    }
  } else if (json_object_is_type(v, json_type_string)) {
    const char *t = json_object_get_string(v);
    unsigned h, m, sec = 0;
    char c;
    int n = sscanf(t, "%2u:%2u:%2u%c", &h, &m, &sec, &c);
    if ((n == 2 || n == 3) && strlen(t) == (n == 2 ? 5u : 8u) && m < 60 &&
        sec < 60 && h * 3600 + m * 60 + sec <= 2 * 86400) {
      *out = h * 3600.0 + m * 60.0 + sec;
      return 1;
    }
  }
  err(l, p, "must be a time of day \"HH:MM\" (or seconds after midnight)");
  return -1;
}

static int get_time(ld *l, json_object *o, const char *ptr, const char *key,
                    double *out) {
  json_object *v;
  char p[PTR];
  if (!json_object_object_get_ex(o, key, &v)) return 0;
  pkey(p, ptr, key);
  return time_of(l, v, p, out);
}

/* A duration distribution in seconds.  A number is an exponential mean
 * (0: none, when allowed); an object names the distribution:
 *   {"dist": "exponential", "mean_s": 180}
 *   {"dist": "lognormal", "mean_s": 240, "sd_s": 180, "min_s": 20,
 *    "max_s": 3600}
 *   {"dist": "fixed", "mean_s": 30}
 *   {"dist": "uniform", "min_s": 1, "max_s": 5} */
static int get_dist(ld *l, json_object *o, const char *ptr, const char *key,
                    int allow_zero, sim_dist *d) {
  static const char *const keys[] = {"dist", "mean_s", "sd_s", "min_s",
                                     "max_s"};
  json_object *v;
  char p[PTR];
  const char *kind = "exponential";
  double mean = 0, sd = 0, lo = 0, hi = 0;
  if (!json_object_object_get_ex(o, key, &v)) return 0;
  pkey(p, ptr, key);
  memset(d, 0, sizeof *d);
  if (is_num(v)) {
    mean = json_object_get_double(v);
    if (!isfinite(mean) || mean < 0 || (mean == 0 && !allow_zero)) {
      err(l, p, allow_zero ? "must be a number >= 0 (seconds; 0 = none)"
                           : "must be a number > 0 (seconds)");
      return -1;
    }
    d->kind = mean > 0 ? DIST_EXP : DIST_FIXED;
    d->mean = mean;
    return 1;
  }
  if (!is_object(l, v, p)) return -1;
  check_keys(l, v, p, keys, NELEM(keys));
  int bad = get_str(l, v, p, "dist", &kind) < 0;
  bad |= get_num(l, v, p, "mean_s", 0, 1e7, &mean) < 0;
  bad |= get_num(l, v, p, "sd_s", 0, 1e7, &sd) < 0;
  bad |= get_num(l, v, p, "min_s", 0, 1e7, &lo) < 0;
  bad |= get_num(l, v, p, "max_s", 0, 1e7, &hi) < 0;
  if (bad) return -1;
  char dp[PTR];
  pkey(dp, p, "dist");
  if (!strcmp(kind, "exponential")) {
    d->kind = DIST_EXP;
  } else if (!strcmp(kind, "lognormal")) {
    d->kind = DIST_LOGNORMAL;
    d->sd = sd;
    d->lo = lo;
    d->hi = hi;
    if (hi > 0 && hi < lo) {
      err(l, p, "max_s is below min_s");
      return -1;
    }
  } else if (!strcmp(kind, "fixed")) {
    d->kind = DIST_FIXED;
  } else if (!strcmp(kind, "uniform")) {
    d->kind = DIST_UNIFORM;
    d->lo = lo;
    d->hi = hi;
    if (hi < lo) {
      err(l, p, "max_s is below min_s");
      return -1;
    }
    mean = (lo + hi) / 2;
  } else {
    err(l, dp, "unknown distribution \"%s\" (exponential, lognormal, fixed, "
               "uniform)", kind);
    return -1;
  }
  d->mean = mean;
  if (mean <= 0 && !allow_zero) {
    err(l, p, "needs \"mean_s\" > 0");
    return -1;
  }
  return 1;
}

/* A number or a [low, high] pair. */
static int get_range(ld *l, json_object *o, const char *ptr, const char *key,
                     double lo, double hi, double *a, double *b) {
  json_object *v;
  char p[PTR];
  if (!json_object_object_get_ex(o, key, &v)) return 0;
  pkey(p, ptr, key);
  if (is_num(v)) {
    *a = *b = json_object_get_double(v);
    if (*a >= lo && *a <= hi) return 1;
  } else if (json_object_is_type(v, json_type_array) &&
             json_object_array_length(v) == 2 &&
             is_num(json_object_array_get_idx(v, 0)) &&
             is_num(json_object_array_get_idx(v, 1))) {
    *a = json_object_get_double(json_object_array_get_idx(v, 0));
    *b = json_object_get_double(json_object_array_get_idx(v, 1));
    if (*a >= lo && *b <= hi && *a <= *b) return 1;
  }
  err(l, p, "must be a number or [low, high] within [%g, %g]", lo, hi);
  return -1;
}

static int agent_idx(const sim_scenario *s, const char *id) {
  for (size_t i = 0; i < s->nagents; ++i)
    if (!strcmp(s->agents[i].id, id)) return (int)i;
  return -1;
}

static int queue_idx(const sim_scenario *s, const char *id) {
  for (size_t i = 0; i < s->nqueues; ++i)
    if (!strcmp(s->queues[i].id, id)) return (int)i;
  return -1;
}

/* An agent id at p; -1 (reported) if unknown. */
static int agent_ref(ld *l, json_object *v, const char *p) {
  int i;
  if (!json_object_is_type(v, json_type_string)) {
    err(l, p, "must be an agent id (a string)");
    return -1;
  }
  i = agent_idx(l->s, json_object_get_string(v));
  if (i < 0)
    err(l, p, "unknown agent \"%s\" (not in /engine/agents)",
        json_object_get_string(v));
  return i;
}

/* ------------------------------------------------------------------ */
/* The engine part                                                      */

static int noop_action(acdr_engine *e, const acdr_action *a, void *u) {
  (void)e, (void)a, (void)u;
  return 0;
}

static void copy(char *dst, size_t n, const char *src) {
  snprintf(dst, n, "%s", src ? src : "");
}

/* Apply the command-line overrides that belong to the engine document. */
static void engine_overrides(json_object *eng, const sim_overrides *ov) {
  json_object *qs;
  if (!json_object_object_get_ex(eng, "queues", &qs) ||
      !json_object_is_type(qs, json_type_array))
    return;
  for (size_t i = 0; i < json_object_array_length(qs); ++i) {
    json_object *q = json_object_array_get_idx(qs, i);
    if (!json_object_is_type(q, json_type_object)) continue;
    if (ov->strategy) {
      json_object_object_add(q, "strategy",
                             json_object_new_string(ov->strategy));
      json_object_object_del(q, "settings"); /* the old strategy's */
    }
    if (ov->threshold >= 0)
      json_object_object_add(
          q, "sl_threshold_ms",
          json_object_new_int64((int64_t)(ov->threshold * 1000 + .5)));
  }
}

static int64_t jint(json_object *o, const char *k, int64_t dflt) {
  json_object *v;
  return json_object_object_get_ex(o, k, &v) ? json_object_get_int64(v)
                                             : dflt;
}

static const char *jstr(json_object *o, const char *k) {
  json_object *v;
  return json_object_object_get_ex(o, k, &v) &&
                 json_object_is_type(v, json_type_string)
             ? json_object_get_string(v)
             : NULL;
}

static int32_t channel_of(const char *name) {
  if (name && !strcmp(name, "chat")) return ACDR_CHANNEL_CHAT;
  if (name && !strcmp(name, "email")) return ACDR_CHANNEL_EMAIL;
  return ACDR_CHANNEL_VOICE;
}

/* Apply the engine document to a scratch engine (the library checks it)
 * and take the queues and agents from its export, every setting spelled
 * out. */
static int load_engine(ld *l, json_object *eng) {
  sim_scenario *s = l->s;
  acdr_callbacks cb = {noop_action, NULL};
  acdr_options opt;
  const char *doc = json_object_to_json_string_ext(eng, JSON_C_TO_STRING_PLAIN);
  char *out = NULL;
  json_object *x = NULL, *qs, *as;
  int rv;
  acdr_options_default(&opt);
  if (acdr_engine_new(&l->e, &cb, &opt, NULL) < 0) return -1;
  rv = acdr_config_apply(l->e, doc, strlen(doc), ACDR_RELOAD_REFUSE, 0);
  if (rv < 0) {
    const char *p = acdr_config_last_errors(l->e);
    if (!*p) p = acdr_engine_last_error(l->e);
    while (*p) {
      const char *nl = strchr(p, '\n');
      int n = nl ? (int)(nl - p) : (int)strlen(p);
      if (l->nerr++ < MAX_PRINTED)
        fprintf(stderr, "%s: /engine%s%.*s\n", l->file, *p == '/' ? "" : ": ",
                n, p);
      p += n + (nl ? 1 : 0);
    }
    if (!l->nerr) err(l, "/engine", "%s", acdr_strerror(rv));
    return -1;
  }
  s->engine_doc = strdup(doc);
  if (!s->engine_doc || acdr_config_export(l->e, &out, NULL) < 0 ||
      !(x = json_tokener_parse(out))) {
    acdr_free(l->e, out);
    return -1;
  }
  acdr_free(l->e, out);
  if (!json_object_object_get_ex(x, "queues", &qs)) qs = NULL;
  if (!json_object_object_get_ex(x, "agents", &as)) as = NULL;
  size_t nq = qs ? json_object_array_length(qs) : 0;
  size_t na = as ? json_object_array_length(as) : 0;
  s->queues = calloc(nq ? nq : 1, sizeof(*s->queues));
  s->agents = calloc(na ? na : 1, sizeof(*s->agents));
  s->members = calloc(1, sizeof(*s->members));
  if (!s->queues || !s->agents || !s->members) {
    json_object_put(x);
    return -1;
  }
  for (size_t i = 0; i < nq; ++i) {
    json_object *q = json_object_array_get_idx(qs, i);
    sim_queue_model *m = &s->queues[i];
    const char *id = jstr(q, "id");
    char p[PTR];
    pidx(p, "/engine/queues", i);
    if (!id || strlen(id) >= sizeof m->id) {
      err(l, p, "queue id longer than %zu characters (the simulator's limit)",
          sizeof m->id - 1);
      continue;
    }
    copy(m->id, sizeof m->id, id);
    copy(m->name, sizeof m->name, id);
    copy(m->strategy, sizeof m->strategy, jstr(q, "strategy"));
    m->channel = channel_of(jstr(q, "channel"));
    m->weight = (int32_t)jint(q, "weight", 0);
    m->sl_threshold_ms = jint(q, "sl_threshold_ms", 20000);
    m->ring_timeout_ms = jint(q, "ring_timeout_ms", 15000);
    m->wrapup_cap_ms = jint(q, "wrapup_ms", 0);
    m->known_agent_hold_ms = jint(q, "known_agent_hold_ms", 30000);
    m->vip_hold_ms = -1;
    m->handle = (sim_dist){DIST_EXP, 180, 0, 0, 0};
  }
  s->nqueues = nq;
  for (size_t i = 0; i < na; ++i) {
    json_object *a = json_object_array_get_idx(as, i), *cap;
    sim_agent_model *m = &s->agents[i];
    const char *id = jstr(a, "id");
    char p[PTR];
    pidx(p, "/engine/agents", i);
    if (!id || strlen(id) >= sizeof m->id) {
      err(l, p, "agent id longer than %zu characters (the simulator's limit)",
          sizeof m->id - 1);
      continue;
    }
    copy(m->id, sizeof m->id, id);
    copy(m->name, sizeof m->name, jstr(a, "name"));
    if (json_object_object_get_ex(a, "capacity", &cap)) {
      m->capacity[ACDR_CHANNEL_VOICE] = (uint32_t)jint(cap, "voice", 1);
      m->capacity[ACDR_CHANNEL_CHAT] = (uint32_t)jint(cap, "chat", 3);
      m->capacity[ACDR_CHANNEL_EMAIL] = (uint32_t)jint(cap, "email", 5);
    }
    m->answer_delay_lo = 1;
    m->answer_delay_hi = 5;
    m->aht_factor = 1;
  }
  s->nagents = na;
  json_object_put(x);
  return l->nerr ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* The traffic part                                                     */

static int get_curve(ld *l, json_object *o, const char *ptr, const char *key,
                     double *c, int *n) {
  json_object *v;
  char p[PTR];
  if (!json_object_object_get_ex(o, key, &v)) return 0;
  pkey(p, ptr, key);
  size_t len = json_object_is_type(v, json_type_array)
                   ? json_object_array_length(v)
                   : 0;
  if (len < 1 || len > SIM_MAX_CURVE) {
    err(l, p, "must be a list of 1 to %d numbers >= 0 (the day in equal "
              "steps: 24 = hours, 48 = half hours, 96 = quarters)",
        SIM_MAX_CURVE);
    return -1;
  }
  for (size_t i = 0; i < len; ++i) {
    json_object *x = json_object_array_get_idx(v, i);
    double d = is_num(x) ? json_object_get_double(x) : -1;
    if (!(d >= 0) || !isfinite(d)) {
      char ip[PTR];
      pidx(ip, p, i);
      err(l, ip, "must be a number >= 0");
      return -1;
    }
    c[i] = d;
  }
  *n = (int)len;
  return 1;
}

static void load_attrs(ld *l, json_object *o, const char *ptr,
                       sim_queue_model *q) {
  static const char *const keys[] = {"value", "share", "skill", "level"};
  json_object_object_foreach(o, k, v) {
    char p[PTR];
    if (k[0] == '_') continue;
    pkey(p, ptr, k);
    if (q->nattrs == SIM_MAX_ATTRS) {
      err(l, p, "at most %d attributes", SIM_MAX_ATTRS);
      return;
    }
    sim_attr *a = &q->attrs[q->nattrs++];
    size_t n = json_object_is_type(v, json_type_array)
                   ? json_object_array_length(v)
                   : 0;
    if (strlen(k) >= sizeof a->key || n < 1 || n > SIM_MAX_VALUES) {
      err(l, p, "must be a list of 1 to %d {\"value\", \"share\"} objects "
                "(key up to %zu characters)", SIM_MAX_VALUES,
          sizeof a->key - 1);
      continue;
    }
    copy(a->key, sizeof a->key, k);
    for (size_t i = 0; i < n; ++i) {
      json_object *x = json_object_array_get_idx(v, i);
      sim_attr_value *av = &a->v[a->nvalues++];
      const char *val = NULL, *skill = NULL;
      double share = 1, level = 1;
      char ip[PTR];
      pidx(ip, p, i);
      if (!is_object(l, x, ip)) continue;
      check_keys(l, x, ip, keys, NELEM(keys));
      if (get_str(l, x, ip, "value", &val) == 0) err(l, ip, "needs \"value\"");
      get_num(l, x, ip, "share", 0, 1e9, &share);
      get_str(l, x, ip, "skill", &skill);
      get_num(l, x, ip, "level", 0, 100, &level);
      if ((val && strlen(val) >= sizeof av->value) ||
          (skill && strlen(skill) >= sizeof av->skill))
        err(l, ip, "value or skill longer than %zu characters",
            sizeof av->value - 1);
      copy(av->value, sizeof av->value, val);
      av->share = share;
      copy(av->skill, sizeof av->skill, skill);
      av->level = (int32_t)level;
    }
  }
}

static void load_codes(ld *l, json_object *o, const char *ptr,
                       sim_queue_model *q) {
  json_object_object_foreach(o, k, v) {
    char p[PTR];
    acdr_dispo_code dc;
    if (k[0] == '_') continue;
    pkey(p, ptr, k);
    if (q->ncodes == SIM_MAX_CODES) {
      err(l, p, "at most %d codes per queue", SIM_MAX_CODES);
      return;
    }
    if (!is_num(v) || !(json_object_get_double(v) >= 0)) {
      err(l, p, "must be a share (a number >= 0)");
      continue;
    }
    if (acdr_dispo_code_get(l->e, k, &dc) < 0) {
      err(l, p, "unknown disposition code \"%s\" (not in the engine's "
                "catalog: /engine/dispositions or the built-in codes)", k);
      continue;
    }
    if (strlen(k) >= sizeof q->codes[0].id) {
      err(l, p, "code id longer than %zu characters",
          sizeof q->codes[0].id - 1);
      continue;
    }
    sim_code *c = &q->codes[q->ncodes++];
    copy(c->id, sizeof c->id, k);
    copy(c->name, sizeof c->name, dc.label ? dc.label : k);
    c->share = json_object_get_double(v);
    c->resolved = (dc.attrs & ACDR_DISPO_RESOLVED) != 0;
  }
}

static void load_queue(ld *l, json_object *o, const char *ptr,
                       sim_queue_model *q, const double *curve, int ncurve) {
  static const char *const keys[] = {
      "volume",   "curve",      "rate_per_hour", "rates_per_hour",
      "handle",   "wrapup",     "patience",      "priority",
      "attributes", "vip",      "repeat",        "dispositions"};
  static const char *const vip_keys[] = {"share", "agents", "priority_boost",
                                         "hold_s"};
  static const char *const rep_keys[] = {"unresolved", "resolved",
                                         "abandoned", "delay"};
  json_object *v;
  char p[PTR];
  double x;
  int forms = 0;
  check_keys(l, o, ptr, keys, NELEM(keys));
  /* arrivals */
  if (get_num(l, o, ptr, "volume", 0, 1e9, &q->volume) != 0) {
    forms++;
    if (get_curve(l, o, ptr, "curve", q->curve, &q->nrates) == 0) {
      if (ncurve) {
        memcpy(q->curve, curve, (size_t)ncurve * sizeof *curve);
        q->nrates = ncurve;
      } else { /* flat */
        q->curve[0] = 1;
        q->nrates = 1;
      }
    }
    if (q->volume == 0) q->nrates = 0; /* no traffic */
  } else if (json_object_object_get_ex(o, "curve", &v)) {
    pkey(p, ptr, "curve");
    err(l, p, "a curve needs \"volume\" (contacts per day)");
  }
  if (get_num(l, o, ptr, "rate_per_hour", 0, 1e9, &q->rate_per_hour) != 0)
    forms++;
  if (get_curve(l, o, ptr, "rates_per_hour", q->curve, &q->nrates) != 0)
    forms++;
  if (forms != 1)
    err(l, ptr, "needs exactly one of \"volume\" (per day, with a curve), "
                "\"rate_per_hour\", \"rates_per_hour\"");
  /* durations */
  if (get_dist(l, o, ptr, "handle", 0, &q->handle) == 0)
    err(l, ptr, "needs \"handle\" (talk time: seconds, or a distribution)");
  if (get_dist(l, o, ptr, "wrapup", 1, &q->wrapup) > 0 &&
      q->wrapup.mean > 0 && q->wrapup_cap_ms == 0) {
    pkey(p, ptr, "wrapup");
    err(l, p, "the queue has no wrap-up (set \"wrapup_ms\" in "
              "/engine/queues: the most an agent may take)");
  }
  get_dist(l, o, ptr, "patience", 1, &q->patience);
  if (get_num(l, o, ptr, "priority", -1e6, 1e6, &x) > 0)
    q->priority = (int32_t)x;
  if (json_object_object_get_ex(o, "attributes", &v)) {
    pkey(p, ptr, "attributes");
    if (is_object(l, v, p)) load_attrs(l, v, p, q);
  }
  if (json_object_object_get_ex(o, "vip", &v)) {
    json_object *ag;
    pkey(p, ptr, "vip");
    if (is_object(l, v, p)) {
      check_keys(l, v, p, vip_keys, NELEM(vip_keys));
      get_num(l, v, p, "share", 0, 1, &q->vip_share);
      if (get_num(l, v, p, "priority_boost", -1e6, 1e6, &x) > 0)
        q->vip_priority_boost = (int32_t)x;
      if (get_num(l, v, p, "hold_s", 0, 86400, &x) > 0)
        q->vip_hold_ms = (int64_t)(x * 1000 + .5);
      char ap[PTR];
      pkey(ap, p, "agents");
      if (!json_object_object_get_ex(v, "agents", &ag) ||
          !json_object_is_type(ag, json_type_array) ||
          json_object_array_length(ag) < 1 ||
          json_object_array_length(ag) > SIM_MAX_VIP) {
        err(l, ap, "needs a list of 1 to %d account managers (agent ids)",
            SIM_MAX_VIP);
      } else {
        for (size_t i = 0; i < json_object_array_length(ag); ++i) {
          char ip[PTR];
          pidx(ip, ap, i);
          int a = agent_ref(l, json_object_array_get_idx(ag, i), ip);
          if (a >= 0) q->vip_agents[q->nvip++] = (uint32_t)a;
        }
      }
    }
  }
  q->repeat_delay = (sim_dist){DIST_EXP, 3600, 0, 0, 0};
  if (json_object_object_get_ex(o, "repeat", &v)) {
    pkey(p, ptr, "repeat");
    if (is_object(l, v, p)) {
      check_keys(l, v, p, rep_keys, NELEM(rep_keys));
      get_num(l, v, p, "unresolved", 0, 1, &q->repeat_share);
      get_num(l, v, p, "resolved", 0, 1, &q->repeat_resolved_share);
      get_num(l, v, p, "abandoned", 0, 1, &q->retry_abandoned_share);
      get_dist(l, v, p, "delay", 0, &q->repeat_delay);
    }
  }
  if (json_object_object_get_ex(o, "dispositions", &v)) {
    pkey(p, ptr, "dispositions");
    if (is_object(l, v, p)) load_codes(l, v, p, q);
  }
}

static void load_shift(ld *l, json_object *o, const char *ptr, int *seen,
                       double dlo, double dhi, double miss, double slo,
                       double shi) {
  static const char *const keys[] = {"agents",       "login",
                                     "logout",       "breaks",
                                     "answer_delay_s", "miss_share",
                                     "speed"};
  static const char *const bkeys[] = {"start", "minutes", "reason"};
  sim_scenario *s = l->s;
  json_object *ag, *br;
  double login = 0, logout = 0;
  sim_break b[SIM_MAX_BREAKS];
  int nb = 0;
  char p[PTR];
  if (!is_object(l, o, ptr)) return;
  check_keys(l, o, ptr, keys, NELEM(keys));
  if (get_time(l, o, ptr, "login", &login) == 0)
    err(l, ptr, "needs \"login\" (\"HH:MM\")");
  if (get_time(l, o, ptr, "logout", &logout) == 0)
    err(l, ptr, "needs \"logout\" (\"HH:MM\")");
  else if (logout <= login) {
    pkey(p, ptr, "logout");
    err(l, p, "must be after login (past midnight: \"26:00\")");
  }
  get_range(l, o, ptr, "answer_delay_s", 0, 3600, &dlo, &dhi);
  get_num(l, o, ptr, "miss_share", 0, 1, &miss);
  get_range(l, o, ptr, "speed", 0.01, 100, &slo, &shi);
  if (json_object_object_get_ex(o, "breaks", &br)) {
    pkey(p, ptr, "breaks");
    size_t n = json_object_is_type(br, json_type_array)
                   ? json_object_array_length(br)
                   : (size_t)-1;
    if (n > SIM_MAX_BREAKS) {
      err(l, p, "must be a list of at most %d breaks", SIM_MAX_BREAKS);
      n = 0;
    }
    for (size_t i = 0; i < n; ++i) {
      json_object *x = json_object_array_get_idx(br, i);
      const char *reason = "break";
      double st = 0, min = 15;
      char ip[PTR];
      pidx(ip, p, i);
      if (!is_object(l, x, ip)) continue;
      check_keys(l, x, ip, bkeys, NELEM(bkeys));
      if (get_time(l, x, ip, "start", &st) == 0)
        err(l, ip, "needs \"start\" (\"HH:MM\")");
      get_num(l, x, ip, "minutes", 1, 1440, &min);
      get_str(l, x, ip, "reason", &reason);
      if (st < login || st + min * 60 > logout)
        err(l, ip, "the break is not within the shift");
      b[nb].start_s = st;
      b[nb].len_s = min * 60;
      copy(b[nb].reason, sizeof b[nb].reason, reason);
      nb++;
    }
  }
  pkey(p, ptr, "agents");
  if (!json_object_object_get_ex(o, "agents", &ag) ||
      !json_object_is_type(ag, json_type_array) ||
      json_object_array_length(ag) < 1) {
    err(l, p, "needs a list of agent ids");
    return;
  }
  for (size_t i = 0; i < json_object_array_length(ag); ++i) {
    char ip[PTR];
    pidx(ip, p, i);
    int a = agent_ref(l, json_object_array_get_idx(ag, i), ip);
    if (a < 0) continue;
    if (seen[a]) {
      err(l, ip, "agent \"%s\" already has a shift", s->agents[a].id);
      continue;
    }
    seen[a] = 1;
    sim_agent_model *m = &s->agents[a];
    m->shift_start_s = login;
    m->shift_end_s = logout;
    m->nbreaks = nb;
    memcpy(m->breaks, b, sizeof b);
    m->answer_delay_lo = dlo;
    m->answer_delay_hi = dhi;
    m->miss_share = miss;
    m->aht_factor = scenario_speed(slo, shi, (size_t)a);
    m->speed_lo = slo;
    m->speed_hi = shi;
  }
}

static void load_agents(ld *l, json_object *o, const char *ptr) {
  static const char *const keys[] = {"answer_delay_s", "miss_share", "speed",
                                     "shifts"};
  sim_scenario *s = l->s;
  double dlo = 1, dhi = 5, miss = 0, slo = 1, shi = 1;
  json_object *sh;
  int *seen = calloc(s->nagents ? s->nagents : 1, sizeof *seen);
  if (!seen) {
    err(l, ptr, "out of memory");
    return;
  }
  if (o) {
    check_keys(l, o, ptr, keys, NELEM(keys));
    get_range(l, o, ptr, "answer_delay_s", 0, 3600, &dlo, &dhi);
    get_num(l, o, ptr, "miss_share", 0, 1, &miss);
    get_range(l, o, ptr, "speed", 0.01, 100, &slo, &shi);
  }
  /* agents without a shift: logged in for the whole run */
  for (size_t i = 0; i < s->nagents; ++i) {
    sim_agent_model *m = &s->agents[i];
    m->answer_delay_lo = dlo;
    m->answer_delay_hi = dhi;
    m->miss_share = miss;
    m->aht_factor = scenario_speed(slo, shi, i);
    m->speed_lo = slo;
    m->speed_hi = shi;
  }
  if (o && json_object_object_get_ex(o, "shifts", &sh)) {
    char p[PTR];
    pkey(p, ptr, "shifts");
    if (!json_object_is_type(sh, json_type_array)) {
      err(l, p, "must be a list of shifts");
    } else {
      for (size_t i = 0; i < json_object_array_length(sh); ++i) {
        char ip[PTR];
        pidx(ip, p, i);
        load_shift(l, json_object_array_get_idx(sh, i), ip, seen, dlo, dhi,
                   miss, slo, shi);
      }
    }
  }
  free(seen);
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int m, int d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
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
      err(l, "/traffic/date", "must be a date \"YYYY-MM-DD\"");
    else
      s->unix_time_at_zero = days_from_civil(y, mo, d) * 86400;
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
        err(l, p, "unknown queue \"%s\" (not in /engine/queues)", k);
        continue;
      }
      if (is_object(l, v, p))
        load_queue(l, v, p, &s->queues[qi], curve, ncurve);
    }
  } else if (!json_object_object_get_ex(t, "queues", &qs)) {
    err(l, P, "needs \"queues\": the traffic of each queue, by queue id");
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
  copy(s->name, sizeof s->name, name ? name : path);
  s->source = strdup(path);
  if (!json_object_object_get_ex(root, "engine", &eng) ||
      !json_object_is_type(eng, json_type_object)) {
    err(&l, "/engine", "needs the engine configuration (an object, as in "
                       "docs/config.md)");
    goto fail;
  }
  if (!json_object_object_get_ex(root, "traffic", &tr) ||
      !json_object_is_type(tr, json_type_object)) {
    err(&l, "/traffic", "needs the traffic model (an object)");
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

int scenario_override(sim_scenario *s, const sim_overrides *ov) {
  if (ov->seed >= 0) s->seed = (uint64_t)ov->seed;
  if (ov->contacts > 0) s->max_contacts = (uint64_t)ov->contacts;
  if (ov->warmup >= 0) s->warmup_s = ov->warmup;
  if (ov->agents > 0) {
    if ((size_t)ov->agents > s->nagents) {
      fprintf(stderr, "acdroute-sim: --agents %.0f: the scenario has %zu "
                      "agents\n", ov->agents, s->nagents);
      return -1;
    }
    for (size_t i = (size_t)ov->agents; i < s->nagents; ++i)
      s->agents[i].off = 1;
  }
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
